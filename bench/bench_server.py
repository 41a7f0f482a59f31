"""Load harness: signed interactions against three servers, measured in one run.

Targets, each started as its own process with the same listener (answer "pong"):
  * ``floor``  - a hand-written aiohttp + PyNaCl handler: the floor of this stack;
  * ``kagari`` - ``kagari.RESTBot`` on asyncio's loop (its own HTTP engine);
  * ``kagari-uvloop`` - the same on uvloop, as ``run()`` does with ``kagari[speedups]``;
  * ``kagari-aiohttp`` - the same bot served by aiohttp's web stack
    (``KAGARI_HTTP_ENGINE=aiohttp``), to show what the engine itself is worth;
  * ``hikari`` - ``hikari.RESTBot`` (hikari 2.7; installed for the benchmark only:
    ``pip install 'hikari[server]==2.7.0'``), skipped with a note when not installed.

And the decorator API users write, ``kagari.Bot`` on asyncio's loop:
  * ``bot`` - one ``@bot.command`` returning a str;
  * ``bot-options`` - a command with three typed options (str, int, ``kagari.User``)
    returning a Message with an embed (its interactions carry those options);
  * ``bot-route`` - the component route ``"vote:{poll_id:int}:{choice}"`` returning an
    Update (button clicks with distinct custom_ids);
  * ``bot-defer`` - an async-generator command that yields a Defer, then its answer
    (an edit of the deferred response, through a REST client that answers at once
    in-process, so the count is the Bot layer's and not a network round trip's).

The load comes from ``wrk`` (Debian package ``wrk``) when it is installed, else from an
aiohttp client in this process (which saturates first on a small machine, compressing
the ratios; the report says which was used). Every request is a distinct interaction
(ids differ, so kagari's de-duplication never short-circuits), pre-signed so that
signing costs the load generator nothing during the run.

    python bench/bench_server.py --requests 60000 --concurrency 64
    python bench/bench_server.py --targets kagari,bot,bot-options,bot-route,bot-defer,hikari

Prints requests per second, p50 and p99 per target, and ratios against the floor and
against hikari, all from the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "src"))

import kagari
from kagari.server.devkeys import DevKeyPair

HERE = pathlib.Path(__file__).resolve()
_EPOCH_MS = 1420070400000


def _payload(index: int) -> dict[str, Any]:
    snowflake = str(((int(time.time() * 1000) - _EPOCH_MS) << 22) | index)
    return {
        "id": snowflake,
        "application_id": "775799577604522054",
        "type": 2,
        "token": "interaction-token-" + snowflake,
        "version": 1,
        "guild_id": "290926798626357999",
        "channel_id": "645027906669510667",
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "442368",
        "entitlements": [],
        "authorizing_integration_owners": {"0": "290926798626357999"},
        "context": 0,
        "attachment_size_limit": 10485760,
        "channel": {
            "id": "645027906669510667",
            "type": 0,
            "name": "general",
            "guild_id": "290926798626357999",
        },
        "member": {
            "user": {
                "id": "53908232506183680",
                "username": "mason",
                "discriminator": "0",
                "global_name": "Mason",
                "avatar": None,
                "public_flags": 0,
            },
            "roles": ["539082325061836999"],
            "premium_since": None,
            "permissions": "2147483647",
            "pending": False,
            "nick": None,
            "mute": False,
            "joined_at": "2017-03-13T19:19:14.040000+00:00",
            "is_pending": False,
            "deaf": False,
            "flags": 0,
        },
        "data": {
            "id": "771825006014889984",
            "name": "blep",
            "type": 1,
            "options": [{"type": 3, "name": "animal", "value": "animal_dog"}],
        },
    }


_USER = {
    "id": "80351110224678912",
    "username": "nelly",
    "discriminator": "0",
    "global_name": "Nelly",
    "avatar": None,
    "public_flags": 0,
}


def _payload_options(index: int) -> dict[str, Any]:
    """A command interaction with a str, an int and a user option (the user resolved)."""
    payload = _payload(index)
    payload["data"]["options"] = [
        {"type": 3, "name": "animal", "value": "animal_dog"},
        {"type": 4, "name": "count", "value": 3},
        {"type": 6, "name": "user", "value": _USER["id"]},
    ]
    payload["data"]["resolved"] = {"users": {_USER["id"]: _USER}}
    return payload


def _payload_component(index: int) -> dict[str, Any]:
    """A button click on ``vote:{index}:yes``, with the message the button sits on."""
    payload = _payload(index)
    payload["type"] = 3
    payload["data"] = {"custom_id": f"vote:{index}:yes", "component_type": 2}
    payload["message"] = {
        "id": "1100000000000000001",
        "channel_id": "645027906669510667",
        "type": 0,
        "content": "Vote!",
        "author": {**_USER, "id": "775799577604522054", "username": "bot", "bot": True},
        "timestamp": "2025-01-01T00:00:00.000000+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "flags": 0,
        "components": [
            {
                "type": 1,
                "components": [{"type": 2, "style": 1, "label": "Yes", "custom_id": "vote:1:yes"}],
            }
        ],
    }
    return payload


PAYLOADS = {"bot-options": _payload_options, "bot-route": _payload_component}
"""The interactions a target is driven with, when not the plain command of ``_payload``."""


# -- the servers -------------------------------------------------------------------


def serve_floor(port: int, public_key: str) -> None:
    import nacl.signing
    from aiohttp import web

    key = nacl.signing.VerifyKey(bytes.fromhex(public_key))

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        signature = request.headers["X-Signature-Ed25519"]
        timestamp = request.headers["X-Signature-Timestamp"]
        try:
            key.verify(timestamp.encode() + body, bytes.fromhex(signature))
        except Exception:
            return web.Response(status=401)
        payload = json.loads(body)
        if payload["type"] == 1:
            return web.json_response({"type": 1})
        return web.Response(
            body=json.dumps({"type": 4, "data": {"content": "pong"}}).encode(),
            content_type="application/json",
        )

    app = web.Application()
    app.router.add_post("/", handle)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def serve_kagari(port: int, public_key: str) -> None:
    from kagari.models import CommandInteraction

    bot = kagari.RESTBot(None, public_key=public_key, logs="WARNING", banner=None)

    async def on_command(interaction: CommandInteraction) -> kagari.Message:
        return kagari.Message("pong")

    bot.set_listener(CommandInteraction, on_command)
    bot.run(host="127.0.0.1", port=port, check_for_updates=False)


def _new_bot(public_key: str) -> kagari.Bot:
    return kagari.Bot(None, public_key=public_key, logs="WARNING", banner=None)


def serve_bot(port: int, public_key: str) -> None:
    bot = _new_bot(public_key)

    @bot.command
    async def blep(ctx: kagari.Context) -> str:
        """Answer pong."""
        return "pong"

    bot.run(host="127.0.0.1", port=port, check_for_updates=False)


def serve_bot_options(port: int, public_key: str) -> None:
    bot = _new_bot(public_key)

    @bot.command
    async def blep(
        ctx: kagari.Context, animal: str, count: int, user: kagari.User
    ) -> kagari.Message:
        """Answer with an embed built from three typed options."""
        embed = kagari.Embed(title=animal, description=f"{count} for {user.username}")
        return kagari.Message(embeds=[embed])

    bot.run(host="127.0.0.1", port=port, check_for_updates=False)


def serve_bot_route(port: int, public_key: str) -> None:
    bot = _new_bot(public_key)

    @bot.component("vote:{poll_id:int}:{choice}")
    async def vote(ctx: kagari.Context, poll_id: int, choice: str) -> kagari.Update:
        """Record a vote by updating the message."""
        return kagari.Update(f"poll {poll_id}: {choice}")

    bot.run(host="127.0.0.1", port=port, check_for_updates=False)


def serve_bot_defer(port: int, public_key: str) -> None:
    bot = _new_bot(public_key)
    original = {
        "id": "1100000000000000002",
        "channel_id": "645027906669510667",
        "type": 0,
        "content": "done",
        "timestamp": "2025-01-01T00:00:00.000000+00:00",
    }

    async def edit_original_response(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return original  # Discord's answer, without the network

    bot.rest.edit_original_response = edit_original_response  # type: ignore[method-assign]

    @bot.command
    async def blep(ctx: kagari.Context) -> Any:
        """Defer, then answer (the answer fills the deferred message)."""
        yield kagari.Defer()
        yield "done"

    bot.run(host="127.0.0.1", port=port, check_for_updates=False)


def serve_hikari(port: int, public_key: str) -> None:
    import hikari

    bot = hikari.RESTBot("MTIz.abc.def", "Bot", public_key=public_key, logs="WARNING", banner=None)

    async def on_command(interaction: hikari.CommandInteraction) -> Any:
        return interaction.build_response().set_content("pong")

    bot.set_listener(hikari.CommandInteraction, on_command)
    bot.run(host="127.0.0.1", port=port, check_for_updates=False)


SERVERS = {
    "floor": serve_floor,
    "kagari": serve_kagari,
    "kagari-uvloop": serve_kagari,
    "kagari-aiohttp": serve_kagari,
    "hikari": serve_hikari,
    "bot": serve_bot,
    "bot-options": serve_bot_options,
    "bot-route": serve_bot_route,
    "bot-defer": serve_bot_defer,
}
# kagari's run() uses uvloop when it is installed (kagari[speedups]); plain "kagari" is
# measured on asyncio's own loop, like the other targets.
ENVIRONMENTS = {
    "kagari": {"KAGARI_UVLOOP": "0"},
    "kagari-uvloop": {"KAGARI_UVLOOP": "1"},
    "kagari-aiohttp": {"KAGARI_UVLOOP": "0", "KAGARI_HTTP_ENGINE": "aiohttp"},
    **{name: {"KAGARI_UVLOOP": "0"} for name in ("bot", "bot-options", "bot-route", "bot-defer")},
}


# -- the load generator ------------------------------------------------------------------


def _collector_setup(setting: str) -> None:
    """In a target: tune the garbage collector and count its work, as ``setting`` says.

    ``setting`` is a comma-separated list: ``freeze`` (``gc.freeze()`` now, after the
    imports), ``gen0=N`` (the first generation's threshold), ``stats=PATH`` (write the
    collections per generation and their total pause to PATH, as JSON, at exit).
    """
    import atexit
    import gc

    options = dict(part.partition("=")[::2] for part in setting.split(",") if part)
    if "gen0" in options:
        _, second, third = gc.get_threshold()
        gc.set_threshold(int(options["gen0"]), second, third)
    if "freeze" in options:
        gc.collect()
        gc.freeze()
    path = options.get("stats")
    if not path:
        return
    counts = [0, 0, 0]
    pauses = [0.0, 0.0, 0.0]
    longest = [0.0]
    started: list[float] = []

    def measure(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[:] = [time.perf_counter()]
            return
        took = time.perf_counter() - started[0]
        generation = info["generation"]
        counts[generation] += 1
        pauses[generation] += took
        longest[0] = max(longest[0], took)

    def write() -> None:
        report = {"collections": counts, "pause_s": pauses, "longest_s": longest[0]}
        pathlib.Path(path).write_text(json.dumps(report))

    gc.callbacks.append(measure)
    atexit.register(write)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait_ready(url: str, keys: DevKeyPair, timeout: float = 30.0) -> None:
    body = b'{"type":1}'
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                headers = {"Content-Type": "application/json", **keys.sign(body)}
                async with session.post(url, data=body, headers=headers) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


async def _load(
    url: str, requests: list[tuple[bytes, dict[str, str]]], concurrency: int
) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    failures = 0
    queue = iter(requests)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal failures
            for body, headers in queue:
                started = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        failures += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return elapsed, latencies, failures


WRK_SCRIPT = """
local requests, n, i = {}, 0, 0
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
end
request = function()
  i = i + 1
  if i > n then i = 1 end
  return requests[i]
end
"""


def _unit_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"cannot read wrk's latency {text!r}")
    number, unit = match.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _load_wrk(
    url: str, requests: list[tuple[bytes, dict[str, str]]], concurrency: int, seconds: float
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        data = pathlib.Path(folder, "requests.tsv")
        with data.open("wb") as out:
            for body, headers in requests:
                out.write(headers["X-Signature-Ed25519"].encode() + b"\t")
                out.write(headers["X-Signature-Timestamp"].encode() + b"\t" + body + b"\n")
        script = pathlib.Path(folder, "signed.lua")
        script.write_text(WRK_SCRIPT)
        run = subprocess.run(
            [
                *_pin(0),
                "wrk",
                "-t1",
                f"-c{concurrency}",
                f"-d{seconds:g}s",
                "--latency",
                "-s",
                str(script),
                url,
                "--",
                str(data),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    out = run.stdout
    if "Non-2xx" in out:
        raise RuntimeError("some requests did not get 200:\n" + out)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    if total > len(requests):
        raise RuntimeError(
            f"wrk sent {total} requests but only {len(requests)} distinct ones were signed: "
            "raise --requests so that no interaction repeats"
        )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _unit_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _unit_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50": p50, "p99": p99, "requests": float(total)}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (Linux /proc), in seconds."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _pin(cpu: int) -> list[str]:
    """Pin a process to one core (server on one, load generator on the other)."""
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(cpu)]
    return []


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def start_server(
    name: str, port: int, keys: DevKeyPair, prefix: list[str], **popen: Any
) -> subprocess.Popen[bytes]:
    """Start target ``name`` on ``port`` as its own process, behind ``prefix`` (taskset...)."""
    paths = [str(HERE.parent.parent / "src"), os.environ.get("PYTHONPATH", "")]
    pythonpath = os.pathsep.join(path for path in paths if path)
    env = dict(os.environ, PYTHONPATH=pythonpath, **ENVIRONMENTS.get(name, {}))
    command = [sys.executable, str(HERE), "--serve", name, "--port", str(port)]
    return subprocess.Popen([*prefix, *command, "--public-key", keys.public_key], env=env, **popen)


def stop_server(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Stop a target: SIGTERM, then SIGKILL if it has not exited within ``timeout``."""
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()


def run_target(name: str, args: argparse.Namespace, keys: DevKeyPair) -> dict[str, float] | None:
    if name == "hikari":
        try:
            import hikari  # noqa: F401
        except ImportError:
            print("hikari: not installed (pip install 'hikari[server]==2.7.0'); skipped")
            return None
    if name == "kagari-uvloop":
        try:
            import uvloop  # noqa: F401
        except ImportError:
            print("kagari-uvloop: uvloop not installed (pip install 'kagari[speedups]'); skipped")
            return None
    port = _free_port()
    process = start_server(name, port, keys, prefix=_pin(1))
    url = f"http://127.0.0.1:{port}/"
    try:
        asyncio.run(_wait_ready(url, keys))
        warmup = _signed(keys, args.warmup, offset=0, target=name)
        asyncio.run(_load(url, warmup, args.concurrency))
        requests = _signed(keys, args.requests, offset=args.warmup, target=name)
        if args.load == "wrk":
            cpu_before = _cpu_seconds(process.pid)
            result = _load_wrk(url, requests, args.concurrency, args.seconds)
            cpu = _cpu_seconds(process.pid) - cpu_before
            result["cpu_us"] = cpu / result["requests"] * 1e6
            return result
        elapsed, latencies, failures = asyncio.run(_load(url, requests, args.concurrency))
    finally:
        stop_server(process, 10)
    if failures:
        raise RuntimeError(f"{name}: {failures} requests did not get 200")
    return {
        "rps": len(latencies) / elapsed,
        "p50": _percentile(latencies, 0.50) * 1000,
        "p99": _percentile(latencies, 0.99) * 1000,
        "mean": statistics.fmean(latencies) * 1000,
    }


def _signed(
    keys: DevKeyPair, count: int, offset: int, target: str = "kagari"
) -> list[tuple[bytes, dict[str, str]]]:
    """``count`` distinct signed interactions for ``target`` (ids from ``offset`` on)."""
    make = PAYLOADS.get(target, _payload)
    out = []
    for index in range(offset, offset + count):
        body = json.dumps(make(index), separators=(",", ":")).encode()
        out.append((body, {"Content-Type": "application/json", **keys.sign(body)}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests", type=int, default=80000, help="distinct signed requests to prepare"
    )
    parser.add_argument("--seconds", type=float, default=8.0, help="wrk run length")
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds; medians are reported"
    )
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--targets", default="floor,kagari,kagari-uvloop,kagari-aiohttp,hikari")
    parser.add_argument(
        "--load",
        choices=("wrk", "aiohttp"),
        default="wrk" if shutil.which("wrk") else "aiohttp",
        help="load generator (default: wrk when installed)",
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--public-key", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _collector_setup(os.environ.get("KAGARI_BENCH_GC", ""))
        SERVERS[args.serve](args.port, args.public_key)
        return
    keys = DevKeyPair()
    rounds: dict[str, list[dict[str, float]]] = {}
    for _ in range(args.rounds):  # interleaved, so drift on the machine hits every target
        for name in args.targets.split(","):
            result = run_target(name, args, keys)
            if result is not None:
                rounds.setdefault(name, []).append(result)
    results = {
        name: {
            key: statistics.median(r.get(key, float("nan")) for r in runs)
            for key in ("rps", "p50", "p99", "cpu_us")
        }
        for name, runs in rounds.items()
    }
    print(
        f"\nsigned command interactions, concurrency {args.concurrency}, load from "
        f"{args.load}, median of {args.rounds} interleaved rounds, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print(
        f"{'target':<14} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU us/req':>10}"
        "   req/s vs floor / vs hikari   CPU/req vs hikari"
    )
    hikari = results.get("hikari", {})
    for name, result in results.items():
        floor_rps = results.get("floor", {}).get("rps")
        vs_floor = f"{result['rps'] / floor_rps:5.2f}x" if floor_rps else "    -"
        vs_hikari = f"{result['rps'] / hikari['rps']:5.2f}x" if hikari else "    -"
        cpu_vs = f"{result['cpu_us'] / hikari['cpu_us']:5.2f}x" if hikari else "    -"
        print(
            f"{name:<14} {result['rps']:7.0f} {result['p50']:7.2f} {result['p99']:7.2f} "
            f"{result['cpu_us']:10.0f}   {vs_floor:>14} / {vs_hikari}   {cpu_vs:>17}"
        )
    if "hikari" in rounds and args.rounds > 1:
        print("\nreq/s vs hikari round by round (each round runs every target back to back):")
        for name, runs in rounds.items():
            pairs = zip(runs, rounds["hikari"], strict=True)
            ratios = [run["rps"] / base["rps"] for run, base in pairs]
            listed = " ".join(f"{ratio:.2f}" for ratio in ratios)
            print(
                f"{name:<14} median {statistics.median(ratios):.2f}x  min {min(ratios):.2f}x  "
                f"max {max(ratios):.2f}x   ({listed})"
            )


if __name__ == "__main__":
    main()
