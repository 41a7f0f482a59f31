"""Error handlers (most specific scope first), checks and cooldowns, over signed HTTP."""

from __future__ import annotations

import logging

import pytest

import kagari
from kagari.app import (
    Blueprint,
    Bot,
    CheckFailure,
    Context,
    CooldownError,
    MemoryCooldownStore,
    check,
    cooldown,
    dm_only,
    guild_only,
    has_permissions,
)
from kagari.testing import FakeDiscord, TestClient, command_payload


class AppError(Exception):
    pass


class SpecificError(AppError):
    pass


def _content(reply: object) -> str:
    return reply.json()["data"]["content"]  # type: ignore[attr-defined, no-any-return]


async def test_default_error_message_and_log(
    bot: Bot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    @bot.command
    async def boom(ctx: Context) -> str:
        raise RuntimeError("kaput")

    payload = command_payload("boom")
    caplog.set_level(logging.ERROR, "kagari.app")
    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(payload)
    assert reply.json()["data"] == {
        "content": "Something went wrong.",
        "flags": 64,
        "allowed_mentions": {"parse": []},
    }
    (record,) = [r for r in caplog.records if r.name == "kagari.app"]
    assert payload["id"] in record.getMessage() and "RuntimeError" in record.getMessage()
    assert record.exc_info is not None and "kaput" in str(record.exc_info[1])


async def test_scope_precedence(bot: Bot, fake: FakeDiscord) -> None:
    bp = Blueprint("tools")
    group = bp.group("grp", "A group")

    @group.command
    async def inner(ctx: Context, kind: str) -> str:
        raise {"specific": SpecificError, "app": AppError, "key": KeyError}[kind]("x")

    @inner.error_handler(SpecificError)
    async def on_command(ctx: Context, error: SpecificError) -> str:
        return "command handled specific"

    @group.error_handler(AppError)
    async def on_group(ctx: Context, error: AppError) -> str:
        return "group handled app"

    @bp.error_handler(Exception)
    async def on_blueprint(ctx: Context, error: Exception) -> str:
        return f"blueprint handled {type(error).__name__}"

    @bot.error_handler(KeyError)
    async def on_bot(ctx: Context, error: KeyError) -> str:
        return "bot handled key"

    bot.register(bp)

    def call(kind: str) -> dict[str, object]:
        return command_payload("grp inner", {"kind": kind})

    async with TestClient(bot, fake=fake) as client:
        assert _content(await client.post(call("specific"))) == "command handled specific"
        assert _content(await client.post(call("app"))) == "group handled app"
        # the blueprint's Exception handler is closer than the bot's KeyError handler
        assert _content(await client.post(call("key"))) == "blueprint handled KeyError"


async def test_most_specific_class_within_a_scope(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command
    async def fail(ctx: Context) -> str:
        raise SpecificError("x")

    @bot.error_handler(Exception)
    async def anything(ctx: Context, error: Exception) -> str:
        return "anything"

    @bot.error_handler(AppError)
    async def app_errors(ctx: Context, error: Exception) -> str:
        return "app error"

    async with TestClient(bot, fake=fake) as client:
        assert _content(await client.post(command_payload("fail"))) == "app error"


async def test_reraise_passes_outward(bot: Bot, fake: FakeDiscord) -> None:
    seen: list[str] = []

    @bot.command
    async def fail(ctx: Context) -> str:
        raise PermissionError("no")

    @fail.error_handler(PermissionError)
    async def first(ctx: Context, error: PermissionError) -> str:
        seen.append("command")
        raise error

    @bot.error_handler(PermissionError)
    async def denied(ctx: Context, error: PermissionError) -> kagari.Message:
        seen.append("bot")
        return kagari.Message("not allowed", ephemeral=True)

    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(command_payload("fail"))
    assert reply.json()["data"]["content"] == "not allowed"
    assert seen == ["command", "bot"]


async def test_failing_error_handler_falls_back(
    bot: Bot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    @bot.command
    async def fail(ctx: Context) -> str:
        raise ValueError("first")

    @bot.error_handler(ValueError)
    async def broken(ctx: Context, error: ValueError) -> str:
        raise RuntimeError("handler bug")

    caplog.set_level(logging.ERROR, "kagari.app")
    async with TestClient(bot, fake=fake) as client:
        assert _content(await client.post(command_payload("fail"))) == "Something went wrong."
    assert any("error handler of bot failed" in r.getMessage() for r in caplog.records)


async def test_error_after_response_becomes_followup(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command
    async def halfway(ctx: Context) -> None:
        await ctx.respond("started")
        raise RuntimeError("then broke")

    async with TestClient(bot, fake=fake) as client:
        assert _content(await client.post(command_payload("halfway"))) == "started"
        followup = await fake.wait_for(
            lambda r: r.method == "POST" and r.json is not None and "webhooks" in r.path
        )
    assert followup.json["content"] == "Something went wrong."
    assert followup.json["flags"] == 64


async def test_builtin_checks(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command(checks=[guild_only])
    async def server(ctx: Context) -> str:
        return "in a server"

    @bot.command
    @dm_only
    async def private(ctx: Context) -> str:
        return "in a DM"

    @bot.command(checks=[has_permissions(kagari.Permissions.BAN_MEMBERS)])
    async def ban(ctx: Context) -> str:
        return "banned"

    @bot.command(checks=[has_permissions(manage_guild=True)])
    async def manage(ctx: Context) -> str:
        return "managed"

    weak = command_payload("ban", permissions=str(int(kagari.Permissions.SEND_MESSAGES)))
    weak_manage = command_payload("manage", permissions="0")
    async with TestClient(bot, fake=fake) as client:
        assert _content(await client.post(command_payload("server"))) == "in a server"
        assert _content(await client.post(command_payload("server", context="bot_dm"))) == (
            "This can only be used in a server."
        )
        assert (
            _content(await client.post(command_payload("private", context="bot_dm"))) == "in a DM"
        )
        assert _content(await client.post(command_payload("private"))) == (
            "This can only be used in direct messages."
        )
        # the builders' member has every permission
        assert _content(await client.post(command_payload("ban"))) == "banned"
        reply = await client.post(weak)
        assert reply.json()["data"]["content"] == "You need these permissions: ban_members."
        assert reply.json()["data"]["flags"] == 64
        assert _content(await client.post(weak_manage)) == (
            "You need these permissions: manage_guild."
        )


async def test_custom_checks_and_override(bot: Bot, fake: FakeDiscord) -> None:
    async def never(ctx: Context) -> bool:
        return False

    @bot.command
    @check(never, message="Nope.")
    async def locked(ctx: Context) -> str:
        return "open"

    @bot.command(checks=[lambda ctx: False])
    async def plain(ctx: Context) -> str:
        return "open"

    @bot.error_handler(CheckFailure)
    async def refused(ctx: Context, error: CheckFailure) -> str:
        return f"refused: {error.message}"

    async with TestClient(bot, fake=fake) as client:
        assert _content(await client.post(command_payload("locked"))) == "refused: Nope."
        assert _content(await client.post(command_payload("plain"))).startswith(
            "refused: You cannot use this (check '<lambda>')"
        )


async def test_group_and_blueprint_checks_apply(bot: Bot, fake: FakeDiscord) -> None:
    calls: list[str] = []

    def record(name: str, result: bool) -> object:
        def predicate(ctx: Context) -> bool:
            calls.append(name)
            return result

        predicate.__name__ = name
        return predicate

    bp = Blueprint("bp", checks=[record("blueprint", True)])  # type: ignore[list-item]
    group = bp.group("grp", "G", checks=[record("group", False)])  # type: ignore[list-item]

    @group.command(checks=[record("command", True)])  # type: ignore[list-item]
    async def leaf(ctx: Context) -> str:
        return "ran"

    bot.add_check(record("bot", True))  # type: ignore[arg-type]
    bot.register(bp)
    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(command_payload("grp leaf"))
    assert _content(reply) == "You cannot use this (check 'group')."
    assert calls == ["bot", "blueprint", "group"]


async def test_cooldowns(bot: Bot, fake: FakeDiscord) -> None:
    clock = [100.0]
    store = MemoryCooldownStore(clock=lambda: clock[0])
    retries: list[float] = []

    @bot.command(checks=[cooldown(2, 10.0, store=store)])
    async def daily(ctx: Context) -> str:
        return "reward"

    @bot.command(checks=[cooldown(1, 10.0, key="guild", store=store, bucket="shared")])
    async def one(ctx: Context) -> str:
        return "one"

    @bot.command(checks=[cooldown(1, 10.0, key="guild", store=store, bucket="shared")])
    async def two(ctx: Context) -> str:
        return "two"

    @two.error_handler(CooldownError)
    async def wait(ctx: Context, error: CooldownError) -> str:
        retries.append(error.retry_after)
        return "wait"

    async with TestClient(bot, fake=fake) as client:
        assert _content(await client.post(command_payload("daily"))) == "reward"
        assert _content(await client.post(command_payload("daily"))) == "reward"
        assert (
            _content(await client.post(command_payload("daily")))
            == "Slow down! Try again in 10.0s."
        )
        clock[0] += 10.5
        assert _content(await client.post(command_payload("daily"))) == "reward"
        assert _content(await client.post(command_payload("one"))) == "one"
        assert _content(await client.post(command_payload("two"))) == "wait"
    assert retries == [pytest.approx(10.0)]


async def test_memory_store_window() -> None:
    clock = [0.0]
    store = MemoryCooldownStore(clock=lambda: clock[0], max_keys=2)
    assert await store.hit("a", 1, 5.0) == 0.0
    assert await store.hit("a", 1, 5.0) == pytest.approx(5.0)
    clock[0] = 2.0
    assert await store.hit("a", 1, 5.0) == pytest.approx(3.0)
    await store.reset("a")
    assert await store.hit("a", 1, 5.0) == 0.0
    await store.hit("b", 1, 5.0)
    await store.hit("c", 1, 5.0)  # evicts "a", the oldest key
    assert await store.hit("a", 1, 5.0) == 0.0


def test_cooldown_arguments_are_checked() -> None:
    with pytest.raises(TypeError, match="rate must be a positive int"):
        cooldown(0, 1.0)
    with pytest.raises(TypeError, match="per must be positive"):
        cooldown(1, 0)
    with pytest.raises(TypeError, match="key must be"):
        cooldown(1, 1.0, key="planet")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unknown permission 'fly'"):
        has_permissions(fly=True)
