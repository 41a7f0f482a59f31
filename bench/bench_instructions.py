"""Instructions per request: the interaction servers' work, counted instead of timed.

Requests per second on a shared machine move with whatever else the machine is doing.
Instruction counts do not: each target of ``bench_server.py`` is started under
valgrind's callgrind, warmed up, its counters zeroed, then driven by ``wrk`` with the
same distinct, pre-signed interactions; the user-space instructions it executed are
divided by the requests it answered. Kernel work (the socket calls) is not counted, so
this measures what the Python stack costs, which is what differs between the targets.

    python bench/bench_instructions.py --seconds 20

Needs valgrind (Debian package ``valgrind``) and wrk; hikari as for ``bench_server.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

import bench_server as servers

from kagari.server.devkeys import DevKeyPair


def _total_instructions(dump_folder: pathlib.Path) -> int:
    """The ``summary`` of the newest callgrind dump in ``dump_folder``."""
    dumps = sorted(dump_folder.glob("callgrind.out.*"), key=lambda path: path.stat().st_mtime)
    if not dumps:
        raise RuntimeError("callgrind wrote no dump")
    match = re.search(r"^(?:summary|totals):\s+(\d+)", dumps[-1].read_text(), re.M)
    if match is None:
        raise RuntimeError(f"no instruction total in {dumps[-1]}")
    return int(match.group(1))


def measure(name: str, args: argparse.Namespace, keys: DevKeyPair) -> dict[str, float]:
    """Instructions per request for one target."""
    port = servers._free_port()
    with tempfile.TemporaryDirectory() as folder:
        dumps = pathlib.Path(folder)
        callgrind = ["valgrind", "--tool=callgrind", "--quiet"]
        callgrind.append(f"--callgrind-out-file={dumps}/callgrind.out.%p")
        process = servers.start_server(
            name, port, keys, prefix=callgrind, stderr=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            asyncio.run(servers._wait_ready(url, keys, timeout=300))
            warmup = servers._signed(keys, args.warmup, offset=0, target=name)
            asyncio.run(servers._load(url, warmup, 4))
            subprocess.run(
                ["callgrind_control", "--zero", str(process.pid)], check=True, capture_output=True
            )
            requests = servers._signed(keys, args.requests, offset=args.warmup, target=name)
            result = servers._load_wrk(url, requests, args.concurrency, args.seconds)
            time.sleep(0.5)  # let the last answers finish
            for old in dumps.glob("callgrind.out.*"):
                old.unlink()
            subprocess.run(
                ["callgrind_control", "--dump", str(process.pid)], check=True, capture_output=True
            )
            instructions = _total_instructions(dumps)
        finally:
            servers.stop_server(process, 30)
    return {"requests": result["requests"], "per_request": instructions / result["requests"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="wrk run per target")
    parser.add_argument("--requests", type=int, default=20000, help="distinct signed requests")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--targets", default="floor,kagari,kagari-aiohttp,hikari")
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_control", "wrk"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")
    keys = DevKeyPair()
    results: dict[str, dict[str, float]] = {}
    for name in args.targets.split(","):
        if name == "hikari":
            try:
                import hikari
            except ImportError:
                print("hikari: not installed (pip install 'hikari[server]==2.7.0'); skipped")
                continue
        results[name] = measure(name, args, keys)
        print(
            f"{name}: {results[name]['per_request']:,.0f} instructions/request "
            f"over {results[name]['requests']:.0f} requests",
            flush=True,
        )
    print(f"\nuser-space instructions per request (callgrind), Python {sys.version.split()[0]}")
    print(f"{'target':<16} {'instr/req':>12}   vs floor   vs hikari")
    floor = results.get("floor", {}).get("per_request")
    hikari = results.get("hikari", {}).get("per_request")
    for name, result in results.items():
        value = result["per_request"]
        vs_floor = f"{value / floor:8.2f}x" if floor else "        -"
        vs_hikari = f"{value / hikari:8.2f}x" if hikari else "        -"
        print(f"{name:<16} {value:12,.0f}   {vs_floor}   {vs_hikari}")


if __name__ == "__main__":
    main()
