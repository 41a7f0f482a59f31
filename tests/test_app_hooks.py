"""``before_invoke`` hooks: run after the checks, outermost scope first, errors routed."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import pytest

import kagari
from kagari.app import Blueprint, Bot, Context, DeclarationError
from kagari.testing import TestClient, make_user

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "errors.md"


def make_bot() -> Bot:
    return Bot("not-a-real-token", public_key="00" * 32, logs=None)


async def test_hooks_run_outermost_first_after_the_checks() -> None:
    bot = make_bot()
    order: list[str] = []

    def record_check(ctx: Context) -> bool:
        order.append("check")
        return True

    bot.add_check(record_check)
    tools = Blueprint("tools")
    admin = tools.group("admin", "Admin tools")

    @bot.before_invoke
    async def on_bot(ctx: Context) -> None:
        order.append("bot")

    @tools.before_invoke
    async def on_blueprint(ctx: Context) -> None:
        order.append("blueprint")

    @admin.before_invoke
    async def on_group(ctx: Context) -> None:
        order.append("group")

    @admin.command
    async def purge(ctx: Context) -> str:
        order.append("handler")
        return "purged"

    @purge.before_invoke
    async def on_command(ctx: Context) -> None:
        order.append("command")

    bot.register(tools)
    async with TestClient(bot) as client:
        result = await client.command("admin purge")

    assert result.content == "purged"
    assert order == ["check", "bot", "blueprint", "group", "command", "handler"]
    assert on_bot.__name__ == "on_bot"  # returned unchanged


async def test_a_refused_check_skips_the_hooks() -> None:
    bot = make_bot()
    ran: list[str] = []

    @bot.before_invoke
    async def hook(ctx: Context) -> None:
        ran.append("hook")

    @bot.command(checks=[kagari.guild_only])
    async def server(ctx: Context) -> str:
        return "ok"

    async with TestClient(bot) as client:
        result = await client.using(guild_id=None).command("server")

    assert result.content == "This can only be used in a server."
    assert ran == []


async def test_a_hook_that_raises_stops_the_handler_and_reaches_error_handlers() -> None:
    bot = make_bot()
    ran: list[str] = []

    class Maintenance(Exception):
        pass

    @bot.before_invoke
    async def closed(ctx: Context) -> None:
        raise Maintenance

    @bot.error_handler(Maintenance)
    async def on_maintenance(ctx: Context, error: Exception) -> kagari.Message:
        return kagari.Message("Back soon.", ephemeral=True)

    @bot.command
    async def ping(ctx: Context) -> str:
        ran.append("handler")
        return "pong"

    @bot.component("press")
    async def press(ctx: Context) -> kagari.Update:
        ran.append("component")
        return kagari.Update(content="pressed")

    async with TestClient(bot) as client:
        command = await client.command("ping")
        component = await client.component("press")

    assert command.content == "Back soon." and command.ephemeral
    assert component.content == "Back soon."
    assert ran == []


def test_a_hook_must_be_an_async_def_taking_the_context() -> None:
    bot = make_bot()

    def sync_hook(ctx: Context) -> None:
        return None

    async def two(ctx: Context, other: int) -> None:
        return None

    with pytest.raises(DeclarationError, match="before_invoke takes an 'async def hook"):
        bot.before_invoke(sync_hook)  # type: ignore[type-var]
    with pytest.raises(DeclarationError, match="takes only the context"):
        bot.before_invoke(two)  # type: ignore[type-var]
    assert bot.before_hooks == []


def test_without_hooks_the_checks_are_unchanged() -> None:
    bot = make_bot()

    @bot.command(checks=[kagari.guild_only])
    async def server(ctx: Context) -> str:
        return "ok"

    assert server.effective_checks() == [kagari.guild_only]


async def test_the_documented_example_runs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    [block] = [
        b for b in re.findall(r"```python\n(.*?)```", text, re.DOTALL) if "before_invoke" in b
    ]
    namespace: dict[str, Any] = {"__name__": "docs_hooks"}
    exec(compile(block, "docs/errors.md", "exec"), namespace)
    bot: Bot = namespace["bot"]
    async with TestClient(bot) as client:
        allowed = await client.command("ping")
        refused = await client.using(user=make_user(id=80351110224678912)).command("ping")
    assert allowed.content == "pong"
    assert refused.content == "You are banned from this bot." and refused.ephemeral
    assert namespace["seen"] == ["ping"]
