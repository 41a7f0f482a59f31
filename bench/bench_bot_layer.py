"""Where the Bot layer's cost goes, function by function.

The same distinct, pre-signed interactions go through ``await bot.on_interaction(...)``
in this process, first for a ``kagari.RESTBot`` with a raw listener answering "pong",
then for a ``kagari.Bot`` with one ``@bot.command`` returning "pong" (or another Bot
target of ``bench_server.py``), each under ``cProfile``. Per function, the own time per
request of the RESTBot run is subtracted from the Bot run's; what is left, largest
first, is what the Bot layer adds. ``cProfile`` slows every call by about the same
amount, so read the shares, not the microseconds.

    python bench/bench_bot_layer.py --target bot --requests 6000
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pathlib
import pstats
from collections.abc import Callable
from typing import Any

import bench_server as servers

import kagari
from kagari.models import CommandInteraction
from kagari.server.devkeys import DevKeyPair

Requests = list[tuple[bytes, bytes, bytes]]


def _restbot(public_key: str) -> kagari.RESTBot:
    bot = kagari.RESTBot(None, public_key=public_key, logs="WARNING", banner=None)

    async def on_command(interaction: CommandInteraction) -> kagari.Message:
        return kagari.Message("pong")

    bot.set_listener(CommandInteraction, on_command)
    return bot


def _bot(target: str, public_key: str) -> kagari.Bot:
    bot = servers._new_bot(public_key)
    if target == "bot-options":

        @bot.command
        async def blep(
            ctx: kagari.Context, animal: str, count: int, user: kagari.User
        ) -> kagari.Message:
            """Answer with an embed built from three typed options."""
            embed = kagari.Embed(title=animal, description=f"{count} for {user.username}")
            return kagari.Message(embeds=[embed])

    elif target == "bot-route":

        @bot.component("vote:{poll_id:int}:{choice}")
        async def vote(ctx: kagari.Context, poll_id: int, choice: str) -> kagari.Update:
            """Record a vote by updating the message."""
            return kagari.Update(f"poll {poll_id}: {choice}")

    else:

        @bot.command
        async def blep(ctx: kagari.Context) -> str:  # type: ignore[no-redef]
            """Answer pong."""
            return "pong"

    return bot


def _requests(keys: DevKeyPair, count: int, offset: int, target: str) -> Requests:
    signed = servers._signed(keys, count, offset, target=target)
    return [
        (body, h["X-Signature-Ed25519"].encode(), h["X-Signature-Timestamp"].encode())
        for body, h in signed
    ]


async def _drive(bot: kagari.RESTBot, requests: Requests, profile: cProfile.Profile | None) -> None:
    for body, signature, timestamp in requests:
        if profile is not None:
            profile.enable()
        response = await bot.on_interaction(body, signature, timestamp)
        await asyncio.sleep(0)  # a loop turn between requests, as a served bot has
        if profile is not None:
            profile.disable()
        if response.status != 200:
            raise RuntimeError(f"got {response.status}")


def _own_time(
    make: Callable[[], kagari.RESTBot], warmup: Requests, measured: Requests
) -> dict[str, float]:
    """Seconds of own time per request, per function."""
    bot = make()
    asyncio.run(_drive(bot, warmup, None))
    profile = cProfile.Profile()
    asyncio.run(_drive(bot, measured, profile))
    stats: Any = pstats.Stats(profile)
    own: dict[str, float] = {}
    for (filename, line, function), row in stats.stats.items():
        name = f"{pathlib.Path(filename).name}:{line}({function})"
        own[name] = own.get(name, 0.0) + row[2] / len(measured)
    return own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="bot", choices=("bot", "bot-options", "bot-route"))
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    keys = DevKeyPair()
    count = args.warmup + args.requests
    base_requests = _requests(keys, count, 0, "kagari")
    bot_requests = _requests(keys, count, count, args.target)
    base = _own_time(
        lambda: _restbot(keys.public_key),
        base_requests[: args.warmup],
        base_requests[args.warmup :],
    )
    bot = _own_time(
        lambda: _bot(args.target, keys.public_key),
        bot_requests[: args.warmup],
        bot_requests[args.warmup :],
    )
    delta = {name: bot.get(name, 0.0) - base.get(name, 0.0) for name in bot.keys() | base.keys()}
    added = sum(delta.values())
    print(
        f"{args.target}: {sum(bot.values()) * 1e6:.1f} us/request under cProfile, RESTBot "
        f"{sum(base.values()) * 1e6:.1f}; the Bot layer adds {added * 1e6:.1f}"
    )
    print(f"{'us/req':>7} {'share':>6}  function")
    for name, value in sorted(delta.items(), key=lambda item: -item[1])[: args.top]:
        print(f"{value * 1e6:7.2f} {value / added:6.1%}  {name}")


if __name__ == "__main__":
    main()
