"""Memory under sustained load: the server's resident size after 100,000 and after
1,000,000 distinct interactions.

A target of ``bench_server.py`` (``bot`` by default) runs in its own process; batches of
distinct, freshly signed interactions are sent to it by ``wrk`` (64 connections), each
batch for about as long as its interactions take at the last batch's rate (a batch that
runs out sends health checks, never an interaction twice), and the process's resident
memory (``VmRSS``) is read after each batch. Every interaction has its own id, so the
duplicate-id cache grows with every request until its byte budget (64 MiB by default)
holds it, as in production.

    python bench/bench_memory.py --target bot --batches 10 --batch 100000

Prints requests so far and RSS per batch, then the last RSS against the first.
"""

from __future__ import annotations

import argparse
import asyncio
import pathlib
import re
import shutil
import subprocess
import tempfile

import bench_server as servers

from kagari.server.devkeys import DevKeyPair

_WRK_SCRIPT = """
local requests, n, i = {}, 0, 0
local health
init = function(args)
  for line in io.lines(args[1]) do
    local sig, ts, body = line:match("([^\t]*)\t([^\t]*)\t(.*)")
    n = n + 1
    requests[n] = wrk.format("POST", "/", {
      ["Content-Type"] = "application/json",
      ["X-Signature-Ed25519"] = sig,
      ["X-Signature-Timestamp"] = ts,
    }, body)
  end
  health = wrk.format("GET", "/health")
end
request = function()
  i = i + 1
  if i > n then
    wrk.thread:stop()
    return health  -- never an interaction twice
  end
  return requests[i]
end
"""


def _rss_kib(pid: int) -> int:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _send_batch(
    url: str, keys: DevKeyPair, target: str, count: int, offset: int, seconds: float
) -> tuple[int, float]:
    """Send up to ``count`` interactions in ``seconds``; how many were sent, and the rate."""
    requests = servers._signed(keys, count, offset, target=target)
    with tempfile.TemporaryDirectory() as folder:
        data = pathlib.Path(folder, "requests.tsv")
        with data.open("wb") as out:
            for body, headers in requests:
                out.write(headers["X-Signature-Ed25519"].encode() + b"\t")
                out.write(headers["X-Signature-Timestamp"].encode() + b"\t" + body + b"\n")
        script = pathlib.Path(folder, "batch.lua")
        script.write_text(_WRK_SCRIPT)
        wrk = ["wrk", "-t1", "-c64", f"-d{seconds:.0f}s", "-s", str(script), url, "--", str(data)]
        run = subprocess.run(
            [*servers._pin(0), *wrk],
            capture_output=True,
            text=True,
            check=True,
        )
    if "Non-2xx" in run.stdout:
        raise RuntimeError("some requests did not get 200:\n" + run.stdout)
    total = int(re.search(r"(\d+) requests in", run.stdout).group(1))  # type: ignore[union-attr]
    sent = min(total, count)
    return sent, sent / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="bot")
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--batch", type=int, default=100000, help="interactions per batch")
    parser.add_argument("--rate", type=float, default=3000.0, help="first guess, req/s")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed")
    keys = DevKeyPair()
    port = servers._free_port()
    process = servers.start_server(args.target, port, keys, prefix=servers._pin(1))
    url = f"http://127.0.0.1:{port}/"
    rss: list[int] = []
    sent = 0
    rate = args.rate
    try:
        asyncio.run(servers._wait_ready(url, keys))
        print(f"{args.target}: RSS at start {_rss_kib(process.pid) / 1024:.1f} MiB", flush=True)
        for batch in range(args.batches):
            seconds = max(2.0, args.batch / rate * 1.1)
            done, batch_rate = _send_batch(
                url, keys, args.target, args.batch, batch * args.batch, seconds
            )
            if done == args.batch:  # it ran out: the rate was higher than estimated
                batch_rate = max(batch_rate, rate * 1.1)
            rate = batch_rate
            sent += done
            rss.append(_rss_kib(process.pid))
            print(f"{sent:>9,} interactions: RSS {rss[-1] / 1024:7.1f} MiB", flush=True)
    finally:
        servers.stop_server(process, 30)
    if len(rss) > 1:
        print(f"RSS after the last batch / after the first: {rss[-1] / rss[0]:.3f}")


if __name__ == "__main__":
    main()
