"""Overload: deferred commands as fast as they can be sent, with and without admission.

A ``kagari.RESTBot`` runs in its own process on 127.0.0.1; its listener answers each
command with a deferral ("thinking...") and then works for ``--work`` seconds (a
stand-in for the slow REST calls that follow). This process sends distinct signed
commands over ``--connections`` connections as fast as the server answers, for
``--seconds``, and prints per second: answered (200), refused (503), other errors,
and the server's resident memory, then the totals and p99 latency.

Run it with the default limit (``max_in_flight=1000``) and then without one to see
the difference admission control makes:

    python bench/bench_overload.py --seconds 20
    python bench/bench_overload.py --seconds 20 --max-in-flight 0   # 0: no limit

The load stops by itself; only loopback is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import subprocess
import sys
import time

import aiohttp

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from bench_soak import free_port, payload, rss_kib, wait_listening

from kagari.server.devkeys import DevKeyPair


def serve(port: int, public_key: str, work: float, max_in_flight: int | None) -> None:
    """The server process: every command deferred, then ``work`` seconds of work."""
    from collections.abc import AsyncIterator

    from kagari import RESTBot
    from kagari.builders.responses import Defer, ResponseBuilder
    from kagari.models import CommandInteraction

    bot = RESTBot(
        None,
        public_key=public_key,
        logs="WARNING",
        banner=None,
        max_in_flight=max_in_flight,
        rest_url="http://127.0.0.1:9/api/v10",  # loopback: shutdown's last words go nowhere
    )

    async def deferred(interaction: CommandInteraction) -> AsyncIterator[ResponseBuilder]:
        yield Defer()
        await asyncio.sleep(work)  # the slow part, after "thinking..."

    bot.set_listener(CommandInteraction, deferred)
    bot.run(host="127.0.0.1", port=port, check_for_updates=False, shutdown_timeout=1.0)


async def overload(args: argparse.Namespace, url: str, keys: DevKeyPair, pid: int) -> None:
    """Flood the server and print one line per second, then the totals."""
    await wait_listening(url)
    counts: dict[str, int] = {"200": 0, "503": 0, "other": 0}
    latencies: list[float] = []
    index = 0
    stop_at = time.perf_counter() + args.seconds
    peak_rss = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal index
        while time.perf_counter() < stop_at:
            index += 1
            body = json.dumps(payload(index)).encode()
            headers = {"Content-Type": "application/json", **keys.sign(body)}
            started = time.perf_counter()
            try:
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    key = str(response.status) if response.status in (200, 503) else "other"
            except (aiohttp.ClientError, asyncio.TimeoutError):
                key = "other"
            counts[key] += 1
            latencies.append(time.perf_counter() - started)

    async def reporter() -> None:
        nonlocal peak_rss
        last = dict(counts)
        second = 0
        print(f"{'s':>3} {'200/s':>7} {'503/s':>7} {'errors':>6} {'RSS MiB':>8}")
        while time.perf_counter() < stop_at:
            await asyncio.sleep(1.0)
            second += 1
            rss = rss_kib(pid) / 1024
            peak_rss = max(peak_rss, rss)
            now = dict(counts)
            print(
                f"{second:>3} {now['200'] - last['200']:>7} {now['503'] - last['503']:>7} "
                f"{now['other'] - last['other']:>6} {rss:>8.1f}",
                flush=True,
            )
            last = now

    connector = aiohttp.TCPConnector(limit=args.connections)
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(reporter(), *(worker(session) for _ in range(args.connections)))
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if len(latencies) >= 100 else 0.0
    limit = args.max_in_flight or "none"
    print(
        f"max_in_flight={limit} work={args.work:g}s: answered {counts['200']}, refused "
        f"{counts['503']}, errors {counts['other']}, p99 {p99:.1f} ms, peak RSS {peak_rss:.1f} MiB"
    )


def main() -> None:
    """Parse the arguments and run the overload (or, internally, the server)."""
    if len(sys.argv) == 6 and sys.argv[1] == "--serve":
        limit = int(sys.argv[5]) or None
        serve(int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), limit)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--work", type=float, default=30.0, help="seconds after deferring")
    parser.add_argument("--max-in-flight", type=int, default=1000, help="0: no limit")
    parser.add_argument("--uvloop", action="store_true", help="serve on uvloop")
    args = parser.parse_args()
    keys = DevKeyPair()
    port = free_port()
    command = [sys.executable, __file__, "--serve", str(port), keys.public_key]
    process = subprocess.Popen(
        [*command, str(args.work), str(args.max_in_flight)],
        env={**os.environ, "KAGARI_UVLOOP": "1" if args.uvloop else "0"},
    )
    try:
        asyncio.run(overload(args, f"http://127.0.0.1:{port}/", keys, process.pid))
    finally:
        process.terminate()
        process.wait(timeout=40)


if __name__ == "__main__":
    main()
