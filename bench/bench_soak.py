"""Soak: many connections of distinct signed interactions, round after round.

A ``kagari.RESTBot`` (kagari's engine, asyncio's loop unless ``--uvloop``) runs in its
own process on 127.0.0.1 and answers each command with a message. This process keeps
``--connections`` keep-alive connections busy for ``--rounds`` rounds of
``--seconds`` each; every request is a distinct interaction (its own id, so the
duplicate-id cache grows all the time, as in production). Bodies are signed before
each round so signing costs the load nothing while it runs.

Per round it prints requests answered, errors (anything but 200, and connection
failures), p50/p99 latency, and the server's resident memory, so a leak or a slow
creep shows as a trend across rounds:

    python bench/bench_soak.py --connections 256 --rounds 5 --seconds 10

The load stops by itself after ``rounds x seconds``; only loopback is ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import time
from typing import Any

import aiohttp

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "src"))

from kagari.server.devkeys import DevKeyPair

_EPOCH_MS = 1420070400000


def payload(index: int) -> dict[str, Any]:
    """A slash command interaction with a distinct snowflake id."""
    snowflake = str(((int(time.time() * 1000) - _EPOCH_MS) << 22) | (index & 0x3FFFFF))
    return {
        "id": snowflake,
        "application_id": "775799577604522054",
        "type": 2,
        "token": "interaction-token-" + snowflake,
        "version": 1,
        "channel_id": "645027906669510667",
        "guild_id": "290926798626357999",
        "member": {
            "user": {"id": "53908232506183680", "username": "soak", "discriminator": "0"},
            "roles": [],
            "permissions": "2147483647",
        },
        "data": {"id": "771825006014889984", "name": "ping", "type": 1},
        "locale": "en-US",
        "app_permissions": "2147483647",
        "entitlements": [],
        "authorizing_integration_owners": {"0": "290926798626357999"},
        "context": 0,
    }


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` in KiB (Linux ``/proc``), or 0 where unknown."""
    try:
        status = pathlib.Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def serve(port: int, public_key: str, options: dict[str, Any]) -> None:
    """The server process: a RESTBot answering every command with "pong"."""
    from kagari import RESTBot
    from kagari.builders.responses import Message
    from kagari.models import CommandInteraction

    bot = RESTBot(
        None,
        public_key=public_key,
        logs="WARNING",
        banner=None,
        rest_url="http://127.0.0.1:9/api/v10",  # never Discord: this is a benchmark
        **options,
    )

    async def pong(interaction: CommandInteraction) -> Message:
        return Message(content="pong")

    bot.set_listener(CommandInteraction, pong)
    bot.run(host="127.0.0.1", port=port, check_for_updates=False)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_listening(url: str, timeout: float = 20.0) -> None:
    """Poll the health endpoint until the server answers."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(url.rstrip("/") + "/health") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            await asyncio.sleep(0.1)


async def one_round(
    url: str, keys: DevKeyPair, connections: int, seconds: float, first: int, batch: int
) -> dict[str, float]:
    """Keep ``connections`` workers posting distinct interactions for ``seconds``."""
    bodies = [json.dumps(payload(first + index)).encode() for index in range(batch)]
    signed = [(body, keys.sign(body)) for body in bodies]
    latencies: list[float] = []
    errors = 0
    cursor = 0
    stop_at = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=connections, force_close=False)

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal errors, cursor
        while time.perf_counter() < stop_at and cursor < len(signed):
            body, signature = signed[cursor]
            cursor += 1
            headers = {"Content-Type": "application/json", **signature}
            started = time.perf_counter()
            try:
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
            except (aiohttp.ClientError, asyncio.TimeoutError):
                errors += 1
            latencies.append(time.perf_counter() - started)

    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(worker(session) for _ in range(connections)))
    latencies.sort()
    count = len(latencies)
    return {
        "requests": count,
        "errors": errors,
        "rps": count / seconds,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99_ms": latencies[int(count * 0.99) - 1] * 1000 if count >= 100 else 0.0,
        "used": cursor,
    }


async def soak(args: argparse.Namespace, url: str, keys: DevKeyPair, pid: int) -> None:
    """Run the rounds against the started server, printing one line per round."""
    await wait_listening(url)
    print(f"soak: {args.connections} connections, {args.rounds} x {args.seconds:g} s")
    print(
        f"{'round':>5} {'requests':>9} {'errors':>6} {'req/s':>8} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'RSS MiB':>8}"
    )
    print(f"{'start':>5} {'':>9} {'':>6} {'':>8} {'':>7} {'':>7} {rss_kib(pid) / 1024:>8.1f}")
    first = 0
    for number in range(1, args.rounds + 1):
        result = await one_round(url, keys, args.connections, args.seconds, first, args.batch)
        first += int(result["used"])
        print(
            f"{number:>5} {int(result['requests']):>9} {int(result['errors']):>6} "
            f"{result['rps']:>8.0f} {result['p50_ms']:>7.1f} {result['p99_ms']:>7.1f} "
            f"{rss_kib(pid) / 1024:>8.1f}",
            flush=True,
        )


def main() -> None:
    """Parse the arguments and run the soak (or, internally, the server)."""
    if len(sys.argv) == 5 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--batch", type=int, default=60_000, help="signed bodies prepared per round (the cap)"
    )
    parser.add_argument("--uvloop", action="store_true", help="serve on uvloop")
    args = parser.parse_args()
    keys = DevKeyPair()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), keys.public_key, "{}"],
        env={**os.environ, "KAGARI_UVLOOP": "1" if args.uvloop else "0"},
    )
    try:
        asyncio.run(soak(args, f"http://127.0.0.1:{port}/", keys, process.pid))
    finally:
        process.terminate()
        process.wait(timeout=40)


if __name__ == "__main__":
    main()
