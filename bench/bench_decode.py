"""How much decoding an interaction costs, next to parsing its JSON.

Run it from the repository root::

    python bench/bench_decode.py            # or: --number 20000 --repeat 7

It times, per payload:

(a) ``json.loads`` alone;
(b) ``json.loads`` + ``decode_interaction`` + reading ``type``, ``id`` and ``token``
    (what the server does for every request);
(c) the same + reading what a handler typically reads (user, member, options...);
(d) if ``hikari`` is importable: ``json.loads`` + hikari's entity factory
    deserializing the same payload (hikari decodes everything up front).

Each is printed as microseconds per call and as a ratio to (a). The payloads are
written here from Discord's documented interaction fields.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import timeit
from collections.abc import Callable
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "src"))

from kagari.models import (
    CommandInteraction,
    ComponentInteraction,
    decode_interaction,
)

GUILD_ID = "1180000000000000002"
CHANNEL_ID = "1180000000000000003"
USER = {
    "id": "1180000000000000004",
    "username": "kagari_user",
    "global_name": "Kagari",
    "discriminator": "0",
    "avatar": "a_0123456789abcdef0123456789abcdef",
    "public_flags": 64,
    "avatar_decoration_data": None,
    "collectibles": None,
    "primary_guild": None,
}
ENVELOPE: dict[str, Any] = {
    "id": "1260000000000000000",
    "application_id": "1180000000000000001",
    "token": "aW50ZXJhY3Rpb24tdG9rZW4" * 8,
    "version": 1,
    "guild": {"id": GUILD_ID, "locale": "en-US", "features": ["COMMUNITY", "NEWS"]},
    "guild_id": GUILD_ID,
    "channel": {
        "id": CHANNEL_ID,
        "type": 0,
        "guild_id": GUILD_ID,
        "name": "general",
        "parent_id": "1180000000000000020",
        "nsfw": False,
        "position": 3,
        "topic": "Talk here",
        "rate_limit_per_user": 0,
        "permissions": "2251799813685247",
        "flags": 0,
        "last_message_id": "1180000000000000009",
    },
    "channel_id": CHANNEL_ID,
    "member": {
        "user": USER,
        "nick": "Kaga",
        "roles": ["1180000000000000006", "1180000000000000016"],
        "joined_at": "2023-01-02T03:04:05.678000+00:00",
        "premium_since": None,
        "permissions": "2251799813685247",
        "pending": False,
        "flags": 0,
        "avatar": None,
        "banner": None,
        "communication_disabled_until": None,
        "deaf": False,
        "mute": False,
    },
    "locale": "en-US",
    "guild_locale": "en-US",
    "app_permissions": "562949953421311",
    "entitlements": [],
    "authorizing_integration_owners": {"0": GUILD_ID},
    "context": 0,
    "attachment_size_limit": 10485760,
}

COMMAND: dict[str, Any] = {
    **ENVELOPE,
    "type": 2,
    "data": {
        "id": "1180000000000000100",
        "name": "mod",
        "type": 1,
        "options": [
            {
                "name": "purge",
                "type": 1,
                "options": [
                    {"name": "count", "type": 4, "value": 50},
                    {"name": "reason", "type": 3, "value": "spam"},
                    {"name": "user", "type": 6, "value": "1180000000000000005"},
                ],
            }
        ],
        "resolved": {
            "users": {"1180000000000000005": {**USER, "id": "1180000000000000005"}},
            "members": {
                "1180000000000000005": {
                    "nick": None,
                    "roles": [],
                    "joined_at": "2024-05-06T07:08:09.100000+00:00",
                    "permissions": "1024",
                    "flags": 0,
                    "pending": False,
                    "avatar": None,
                    "communication_disabled_until": None,
                    "premium_since": None,
                    "deaf": False,
                    "mute": False,
                }
            },
        },
    },
}

BUTTON: dict[str, Any] = {
    **ENVELOPE,
    "type": 3,
    "data": {"component_type": 2, "id": 3, "custom_id": "vote:42:yes"},
    "message": {
        "id": "1180000000000000009",
        "channel_id": CHANNEL_ID,
        "type": 20,
        "content": "Do you like kagari?",
        "author": {**USER, "id": "1180000000000000001", "bot": True},
        "attachments": [],
        "embeds": [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "flags": 0,
        "timestamp": "2024-06-01T12:00:00.000000+00:00",
        "edited_timestamp": None,
        "webhook_id": "1180000000000000001",
        "application_id": "1180000000000000001",
        "components": [
            {
                "type": 1,
                "id": 1,
                "components": [
                    {"type": 2, "id": 2, "style": 1, "label": "No", "custom_id": "vote:42:no"},
                    {"type": 2, "id": 3, "style": 1, "label": "Yes", "custom_id": "vote:42:yes"},
                ],
            }
        ],
    },
}


def hot_path(body: bytes) -> object:
    """(b) What the server reads for every request."""
    interaction = decode_interaction(json.loads(body))
    return (interaction.type, interaction.id, interaction.token)


def handler_command(body: bytes) -> object:
    """(c) A command handler: who, where, which subcommand, which values."""
    interaction = decode_interaction(json.loads(body))
    assert isinstance(interaction, CommandInteraction)
    user = interaction.user
    member = interaction.member
    values = {option.name: option.value for option in interaction.leaf_options}
    resolved = interaction.resolved
    target = resolved.users if resolved is not None else {}
    return (
        interaction.type,
        interaction.id,
        interaction.token,
        user.id,
        user.display_name,
        user.mention,
        member.nick if member else None,
        member.roles if member else None,
        member.permissions if member else None,
        interaction.subcommand_path,
        values,
        target,
        interaction.guild_id,
        interaction.channel_id,
        interaction.locale,
    )


def handler_component(body: bytes) -> object:
    """(c) A component handler: who clicked what, on which message."""
    interaction = decode_interaction(json.loads(body))
    assert isinstance(interaction, ComponentInteraction)
    user = interaction.user
    member = interaction.member
    return (
        interaction.type,
        interaction.id,
        interaction.token,
        user.id,
        user.display_name,
        member.nick if member else None,
        member.permissions if member else None,
        interaction.custom_id,
        interaction.values,
        interaction.message.id if interaction.message else None,
        interaction.guild_id,
        interaction.channel_id,
    )


def hikari_factory() -> Callable[[bytes], object] | None:
    """(d) hikari's entity factory, when hikari is installed (with a mock app)."""
    try:
        from unittest import mock

        from hikari.impl.entity_factory import EntityFactoryImpl
    except ImportError:
        return None
    factory = EntityFactoryImpl(app=mock.Mock())

    def run(body: bytes) -> object:
        return factory.deserialize_interaction(json.loads(body))

    return run


def best_times(
    funcs: list[Callable[[bytes], object]], body: bytes, number: int, repeat: int
) -> list[float]:
    """The best of ``repeat`` runs of each function, in seconds per call.

    Runs are interleaved (a, b, c, d, a, b, ...) so that a burst of load on the
    machine hits every variant alike instead of skewing one ratio.
    """
    timers = []
    for func in funcs:
        func(body)  # warm up, and fail early if the payload does not decode
        timers.append(timeit.Timer(lambda func=func: func(body)))  # type: ignore[misc]
    best = [float("inf")] * len(funcs)
    for _ in range(repeat):
        for index, timer in enumerate(timers):
            best[index] = min(best[index], timer.timeit(number) / number)
    return best


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one table per payload."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--number", type=int, default=5000, help="calls per timing run")
    parser.add_argument("--repeat", type=int, default=7, help="timing runs (best is kept)")
    args = parser.parse_args(argv)

    hikari = hikari_factory()
    print(f"Python {sys.version.split()[0]}; best of {args.repeat} x {args.number} calls")
    if hikari is None:
        print("hikari is not installed: (d) skipped")
    for label, payload, handler in (
        ("slash command (subcommand, 3 options, resolved user)", COMMAND, handler_command),
        ("button click (with its message)", BUTTON, handler_component),
    ):
        body = json.dumps(payload).encode()
        rows: list[tuple[str, Callable[[bytes], object]]] = [
            ("(a) json.loads", json.loads),
            ("(b) + decode + type/id/token", hot_path),
            ("(c) + handler fields", handler),
        ]
        if hikari is not None:
            rows.append(("(d) json.loads + hikari", hikari))
        print(f"\n{label}: {len(body)} bytes")
        times = best_times([func for _, func in rows], body, args.number, args.repeat)
        for (name, _), seconds in zip(rows, times, strict=True):
            print(f"  {name:<32} {seconds * 1e6:8.2f} us   {seconds / times[0]:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
