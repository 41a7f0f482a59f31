"""The garbage collector under load: how often it runs, how long it pauses, and whether
tuning it (``gc.freeze()`` after start-up, a larger first-generation threshold) pays.

Each target of ``bench_server.py`` is driven by ``wrk`` (distinct signed interactions,
64 connections by default) once per collector setting; the target process counts its
collections per generation and their pauses (``gc.callbacks``) and reports them at
exit. Settings, comma-separated, as ``KAGARI_BENCH_GC`` takes them: ``default``,
``freeze``, ``gen0=N``, ``freeze+gen0=N``.

    python bench/bench_gc.py --targets kagari,bot --settings default,freeze,gen0=10000

Prints, per target and setting: req/s, p99, collections per 1,000 requests per
generation, and the collector's share of the server's CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import tempfile
from typing import Any

import bench_server as servers

from kagari.server.devkeys import DevKeyPair


def measure(name: str, setting: str, args: argparse.Namespace, keys: DevKeyPair) -> dict[str, Any]:
    """One wrk run of target ``name`` with collector ``setting``."""
    with tempfile.TemporaryDirectory() as folder:
        stats = pathlib.Path(folder, "gc.json")
        parts = [] if setting == "default" else setting.split("+")
        os.environ["KAGARI_BENCH_GC"] = ",".join([*parts, f"stats={stats}"])
        try:
            result = servers.run_target(name, args, keys)
        finally:
            del os.environ["KAGARI_BENCH_GC"]
        if result is None:
            raise SystemExit(f"{name} could not run")
        report = json.loads(stats.read_text())
    answered = result["requests"] + args.warmup
    per_thousand = [count / answered * 1000 for count in report["collections"]]
    cpu_s = result["cpu_us"] * result["requests"] / 1e6
    return {
        **result,
        "per_thousand": per_thousand,
        "gc_share": sum(report["pause_s"]) / cpu_s if cpu_s else float("nan"),
        "longest_ms": report["longest_s"] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default="kagari,bot")
    parser.add_argument("--settings", default="default,freeze,gen0=10000,freeze+gen0=10000")
    parser.add_argument("--requests", type=int, default=60000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=1, help="interleaved; medians shown")
    args = parser.parse_args()
    args.load = "wrk"
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed")
    keys = DevKeyPair()
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for _ in range(args.rounds):
        for name in args.targets.split(","):
            for setting in args.settings.split(","):
                runs.setdefault((name, setting), []).append(measure(name, setting, args, keys))
    print(f"\nconcurrency {args.concurrency}, wrk, median of {args.rounds} round(s)")
    print(
        f"{'target':<12} {'setting':<20} {'req/s':>7} {'p99 ms':>7} "
        f"{'gen0/1k':>8} {'gen1/1k':>8} {'gen2/1k':>8} {'GC CPU':>7} {'longest':>8}"
    )
    for (name, setting), results in runs.items():

        def median(key: str, results: list[dict[str, Any]] = results) -> float:
            return statistics.median(result[key] for result in results)

        gens = [statistics.median(r["per_thousand"][g] for r in results) for g in range(3)]
        print(
            f"{name:<12} {setting:<20} {median('rps'):7.0f} {median('p99'):7.1f} "
            f"{gens[0]:8.2f} {gens[1]:8.2f} {gens[2]:8.3f} {median('gc_share'):7.1%} "
            f"{median('longest_ms'):6.1f}ms"
        )


if __name__ == "__main__":
    main()
