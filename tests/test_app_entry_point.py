"""``bot.entry_point(...)``: the app's Entry Point command (type 4), declared, run and synced."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import pytest

import kagari
from kagari.app import Blueprint, Bot, Context, DeclarationError, EntryPointCommand
from kagari.models import CommandInteraction
from kagari.rest import RESTClient
from kagari.sync import SyncPlan, sync_commands
from kagari.testing import TestClient
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec
from kagari.testing.payloads import command_payload

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"


def make_bot() -> Bot:
    return Bot("not-a-real-token", public_key="00" * 32, logs=None)


def entry_payloads(bot: Bot) -> list[dict[str, Any]]:
    return [payload for payload in bot.command_payloads()[None] if payload["type"] == 4]


# -- declaring ---------------------------------------------------------------------------------


def test_an_app_handled_entry_point_is_a_type_4_command_with_handler_1(
    openapi: OpenAPISpec,
) -> None:
    bot = make_bot()

    @bot.entry_point(name="Launch", description="Start the game", contexts=[0, 1, 2])
    async def launch(ctx: Context) -> kagari.LaunchActivity:
        return kagari.LaunchActivity()

    assert isinstance(launch, EntryPointCommand)
    assert launch.handler == "app"
    [payload] = entry_payloads(bot)
    assert payload == {
        "type": 4,
        "name": "Launch",
        "description": "Start the game",
        "handler": 1,
        "contexts": [0, 1, 2],
    }
    openapi.validate_schema("ApplicationCommandCreateRequest", payload)
    assert bot.get_command(4, "Launch") is launch


def test_bare_decorator_takes_the_name_and_docstring() -> None:
    bot = make_bot()

    @bot.entry_point
    async def play(ctx: Context) -> kagari.LaunchActivity:
        """Open the board."""
        return kagari.LaunchActivity()

    assert entry_payloads(bot) == [
        {"type": 4, "name": "play", "description": "Open the board.", "handler": 1}
    ]


def test_a_discord_handled_entry_point_needs_no_function(openapi: OpenAPISpec) -> None:
    bot = make_bot()

    command = bot.entry_point(handler="discord")

    assert isinstance(command, EntryPointCommand)
    assert command.handler == "discord"
    [payload] = entry_payloads(bot)
    assert payload == {
        "type": 4,
        "name": "launch",
        "description": "Launch the Activity",
        "handler": 2,
    }
    openapi.validate_schema("ApplicationCommandCreateRequest", payload)


def test_a_discord_handled_entry_point_is_not_a_decorator() -> None:
    bot = make_bot()
    command = bot.entry_point(name="Launch", description="Start", handler="discord")

    async def launch(ctx: Context) -> None:
        return None

    with pytest.raises(DeclarationError, match=r"handler='discord'.*not a decorator"):
        command(launch)
    with pytest.raises(DeclarationError, match="takes no function"):
        bot.entry_point(launch, handler="discord")  # type: ignore[call-overload]


def test_only_one_entry_point_per_app() -> None:
    bot = make_bot()
    bot.entry_point(name="Launch", description="Start", handler="discord")

    with pytest.raises(DeclarationError, match="one Entry Point command"):

        @bot.entry_point(name="Play", description="Play")
        async def play(ctx: Context) -> kagari.LaunchActivity:
            return kagari.LaunchActivity()

    assert [payload["name"] for payload in entry_payloads(bot)] == ["Launch"]


def test_a_blueprint_entry_point_clashes_with_the_bots() -> None:
    bot = make_bot()
    bot.entry_point(name="Launch", description="Start", handler="discord")
    games = Blueprint("games")
    games.entry_point(name="Play", description="Play", handler="discord")

    with pytest.raises(DeclarationError, match="one Entry Point command"):
        bot.register(games)
    assert games.bot is None

    later = Blueprint("later")
    bot2 = make_bot()
    bot2.register(later)
    bot2.entry_point(name="Launch", description="Start", handler="discord")
    with pytest.raises(DeclarationError, match="one Entry Point command"):
        later.entry_point(name="Play", description="Play", handler="discord")
    assert later.commands == []


def test_an_entry_point_takes_no_options() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError, match=r"takes no options.*'level'"):

        @bot.entry_point(name="Launch", description="Start")
        async def launch(ctx: Context, level: int) -> kagari.LaunchActivity:
            return kagari.LaunchActivity()


def test_unknown_handler_and_missing_function() -> None:
    with pytest.raises(DeclarationError, match=r"handler must be 'app'.*or 'discord'"):
        EntryPointCommand(None, handler="activity")  # type: ignore[arg-type]
    with pytest.raises(DeclarationError, match="needs a handler function"):
        EntryPointCommand(None)


def test_names_follow_the_context_menu_rules() -> None:
    bot = make_bot()
    bot.entry_point(name="Start Race", description="Go", handler="discord")
    with pytest.raises(DeclarationError, match="must be 1-32 characters"):
        make_bot().entry_point(name="x" * 33, description="Go", handler="discord")


def test_an_entry_point_cannot_be_a_subcommand() -> None:
    bot = make_bot()
    group = bot.group("games", "Games")
    command: EntryPointCommand[[Any], Any] = EntryPointCommand(None, handler="discord")
    with pytest.raises(DeclarationError, match="not a slash command"):
        group.add_command(command)
    with pytest.raises(DeclarationError, match="top-level command"):
        command.to_option_payload()


# -- answering ---------------------------------------------------------------------------------


async def test_the_handler_answers_with_launch_activity() -> None:
    bot = make_bot()
    seen: list[str] = []

    @bot.entry_point(name="Launch", description="Start")
    async def launch(ctx: Context) -> kagari.LaunchActivity:
        assert isinstance(ctx.interaction, CommandInteraction)
        seen.append(ctx.interaction.command_name)
        return kagari.LaunchActivity()

    async with TestClient(bot) as client:
        result = await client.send(command_payload("Launch", command_type=4))

    assert result.status == 200
    assert result.json == {"type": 12}
    assert seen == ["Launch"]


async def test_checks_and_error_handlers_apply() -> None:
    bot = make_bot()

    @bot.entry_point(name="Launch", description="Start", checks=[kagari.guild_only])
    async def launch(ctx: Context) -> kagari.LaunchActivity:
        return kagari.LaunchActivity()

    async with TestClient(bot) as client:
        refused = await client.send(command_payload("Launch", command_type=4, context="bot_dm"))

    assert refused.json["type"] == 4
    assert refused.json["data"]["content"] == "This can only be used in a server."
    assert refused.json["data"]["flags"] & 64


async def test_a_discord_handled_entry_point_launches_if_asked_anyway() -> None:
    bot = make_bot()
    bot.entry_point(name="Launch", description="Start", handler="discord")

    async with TestClient(bot) as client:
        result = await client.send(command_payload("Launch", command_type=4))

    assert result.json == {"type": 12}


async def test_the_documented_examples_run() -> None:
    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.DOTALL) if "entry_point" in b]
    assert len(blocks) == 2
    app_block, discord_block = blocks
    namespace: dict[str, Any] = {"__name__": "docs_entry_point"}
    exec(compile(app_block, "docs/commands.md", "exec"), namespace)
    bot: Bot = namespace["bot"]
    async with TestClient(bot) as client:
        launched = await client.send(command_payload("Launch", command_type=4))
        refused = await client.send(command_payload("Launch", command_type=4, context="bot_dm"))
    assert launched.json == {"type": 12}
    assert refused.json["data"]["content"] == "Races need a server."

    other: dict[str, Any] = {"__name__": "docs_entry_point_discord"}
    exec(compile(discord_block, "docs/commands.md", "exec"), other)
    assert entry_payloads(other["bot"])[0]["handler"] == 2


# -- syncing -----------------------------------------------------------------------------------


async def run_sync(bot: Bot) -> SyncPlan:
    try:
        return await sync_commands(bot)
    finally:
        await bot.rest.close()


def synced_bot(fake: FakeDiscord, name: str = "Launch") -> Bot:
    bot = Bot(fake.token, public_key="00" * 32, rest_url=fake.url, logs=None)

    @bot.command
    async def ping(ctx: Context) -> str:
        """Check that the bot is alive."""
        return "pong"

    bot.entry_point(name=name, description="Start the game", handler="discord")
    return bot


async def test_sync_uploads_the_entry_point_and_a_second_run_writes_nothing(
    fake: FakeDiscord,
) -> None:
    first = await run_sync(synced_bot(fake))
    assert sorted(change.label for change in first[None].created) == [
        "/ping",
        "entry point 'Launch'",
    ]
    stored = {command["name"]: command for command in fake.commands()}
    assert stored["Launch"]["type"] == 4
    assert stored["Launch"]["handler"] == 2

    second = await run_sync(synced_bot(fake))
    assert not second.has_changes
    assert second[None].kept == []


async def test_sync_replaces_discords_default_entry_point_in_place(fake: FakeDiscord) -> None:
    default = {"type": 4, "name": "Launch", "description": "Launch", "handler": 2}
    async with RESTClient(fake.token, "Bot", rest_url=fake.url) as rest:
        await rest.overwrite_commands(fake.application_id, [default])
    [remote] = fake.commands()

    plan = await run_sync(synced_bot(fake, name="Race"))

    [updated] = plan[None].updated
    assert updated.command_id == remote["id"]
    assert "name" in [change.path for change in updated.fields]
    [stored] = [command for command in fake.commands() if command["type"] == 4]
    assert (stored["id"], stored["name"]) == (remote["id"], "Race")
