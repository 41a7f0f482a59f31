"""``Bot(sync=...)`` and ``bot.sync_commands()`` against the fake Discord."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from kagari import Bot, Context
from kagari.server.devkeys import DevKeyPair
from kagari.testing.fake_discord import FakeDiscord

MakeBot = Callable[..., Bot]
WRITES = {"PUT", "POST", "PATCH", "DELETE"}


def _declare(bot: Bot) -> None:
    @bot.command
    async def ping(ctx: Context) -> str:
        """Check that the bot is alive."""
        return "pong"

    @bot.command(guild_ids=[123456789012345678])
    async def admin(ctx: Context) -> str:
        """Guild-only tools."""
        return "ok"


def _command_writes(fake: FakeDiscord) -> list[str]:
    return [
        f"{r.method} {r.path}"
        for r in fake.requests
        if r.method in WRITES and "/commands" in r.path
    ]


async def test_sync_commands_writes_once_then_nothing(fake: FakeDiscord, make_bot: MakeBot) -> None:
    bot = make_bot()
    _declare(bot)
    plan = await bot.sync_commands()
    assert plan.has_changes
    assert [c["name"] for c in fake.commands()] == ["ping"]
    assert [c["name"] for c in fake.commands(123456789012345678)] == ["admin"]
    writes = _command_writes(fake)
    assert len(writes) == 2  # one bulk overwrite per scope
    again = await bot.sync_commands()
    assert not again.has_changes
    assert _command_writes(fake) == writes  # the second run wrote nothing
    await bot.rest.close()


async def test_dry_run_writes_nothing(fake: FakeDiscord, make_bot: MakeBot) -> None:
    bot = make_bot()
    _declare(bot)
    plan = await bot.sync_commands(dry_run=True)
    assert plan.has_changes
    assert "ping" in str(plan)
    assert _command_writes(fake) == []
    assert fake.commands() == []
    await bot.rest.close()


async def test_sync_on_start_logs_the_plan(
    fake: FakeDiscord, make_bot: MakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = make_bot(sync="on-start")
    _declare(bot)
    with caplog.at_level(logging.INFO, "kagari"):
        await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
        await bot.close()
    assert [c["name"] for c in fake.commands()] == ["ping"]
    assert "command sync" in caplog.text and "ping" in caplog.text


async def test_dry_run_on_start_only_logs(
    fake: FakeDiscord, make_bot: MakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = make_bot(sync="dry-run")
    _declare(bot)
    with caplog.at_level(logging.INFO, "kagari"):
        await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
        await bot.close()
    assert fake.commands() == []
    assert "dry run" in caplog.text and "ping" in caplog.text


async def test_sync_is_never_implicit(fake: FakeDiscord, make_bot: MakeBot) -> None:
    bot = make_bot()
    _declare(bot)
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    await bot.close()
    assert [r for r in fake.requests if "/commands" in r.path] == []


def test_sync_modes_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    with pytest.raises(ValueError, match="needs a bot token"):
        Bot(public_key=DevKeyPair().public_key, sync="on-start", logs=None)
    with pytest.raises(ValueError, match="sync must be"):
        Bot("token", public_key=DevKeyPair().public_key, sync="always", logs=None)  # type: ignore[arg-type]
