"""Sync and Discord's Entry Point command (type 4), which a bulk overwrite must carry.

Enabling Activities makes Discord create a ``PRIMARY_ENTRY_POINT`` command for the
app. Discord rejects a whole bulk overwrite that leaves it out (error 50240), so a
sync must carry it through untouched even though the bot never declares it.
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from kagari.app import Bot, Context
from kagari.rest import RESTClient
from kagari.sync import CommandDefaults, SyncPlan, plan_scope, sync_commands
from kagari.sync.normalize import carried_payload
from kagari.testing.fake_discord import FakeDiscord, RecordedRequest
from kagari.testing.openapi import OpenAPISpec

COMMANDS = pathlib.Path(__file__).parent / "data" / "discord-payloads" / "outgoing" / "commands"
GUILD = 900000000000000001


def entry_point_body() -> dict[str, Any]:
    """Discord's documented Entry Point command (launched by Discord, handler 2)."""
    body: dict[str, Any] = json.loads((COMMANDS / "command_entry_point.json").read_text())
    return body


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(spec_path=openapi) as server:
        yield server


async def seed(fake: FakeDiscord, commands: list[dict[str, Any]], guild: int | None = None) -> None:
    """Put commands on the fake through its HTTP API, as Discord's dashboard would."""
    async with RESTClient(fake.token, "Bot", rest_url=fake.url) as rest:
        await rest.overwrite_commands(fake.application_id, commands, guild)


def make_bot(fake: FakeDiscord) -> Bot:
    bot = Bot(fake.token, public_key="00" * 32, rest_url=fake.url, logs=None)

    @bot.command
    async def ping(ctx: Context) -> str:
        """Check that the bot is alive."""
        return "pong"

    @bot.command
    async def echo(ctx: Context, text: str) -> str:
        """Repeat some text."""
        return text

    return bot


async def run_sync(bot: Bot, **kwargs: Any) -> SyncPlan:
    try:
        return await sync_commands(bot, **kwargs)
    finally:
        await bot.rest.close()


def puts(fake: FakeDiscord, since: int = 0) -> list[RecordedRequest]:
    return [r for r in fake.requests[since:] if r.method in {"PUT", "POST", "PATCH", "DELETE"}]


def by_name(fake: FakeDiscord, guild: int | None = None) -> dict[str, dict[str, Any]]:
    return {command["name"]: command for command in fake.commands(guild)}


async def test_the_remote_entry_point_survives_a_sync(fake: FakeDiscord) -> None:
    await seed(fake, [entry_point_body()])
    [launch] = fake.commands()
    before = len(fake.requests)

    plan = await run_sync(make_bot(fake))

    scope = plan[None]
    assert [c.label for c in scope.created] == ["/ping", "/echo"]
    assert scope.deleted == []
    assert [(c.label, c.command_id) for c in scope.kept] == [("entry point 'launch'", launch["id"])]
    assert scope.applied
    # The overwrite named the Entry Point by its id, so Discord would accept it.
    [put] = puts(fake, before)
    [carried] = [body for body in put.json if body.get("type") == 4]
    assert {key: carried[key] for key in ("id", "name", "description", "handler")} == {
        "id": launch["id"],
        "name": "launch",
        "description": "Launch Racing with Friends",
        "handler": 2,
    }
    assert not {"version", "application_id", "guild_id"} & carried.keys()
    # Discord still has it: same id, same handler, same description.
    stored = by_name(fake)
    assert sorted(stored) == ["echo", "launch", "ping"]
    assert stored["launch"]["id"] == launch["id"]
    assert stored["launch"]["handler"] == 2
    assert stored["launch"]["description"] == "Launch Racing with Friends"


async def test_a_second_run_writes_nothing(fake: FakeDiscord) -> None:
    await seed(fake, [entry_point_body()])
    await run_sync(make_bot(fake))
    before = len(fake.requests)

    plan = await run_sync(make_bot(fake))

    assert puts(fake, before) == []
    assert not plan.has_changes
    assert [c.name for c in plan[None].kept] == ["launch"]
    assert sorted(c.name for c in plan[None].unchanged) == ["echo", "ping"]
    assert "No changes" in str(plan)


async def test_stale_commands_go_but_the_entry_point_stays(fake: FakeDiscord) -> None:
    stale = {"type": 1, "name": "old", "description": "Stale"}
    await seed(fake, [stale, entry_point_body()])
    launch_id = by_name(fake)["launch"]["id"]
    bot = Bot(fake.token, public_key="00" * 32, rest_url=fake.url, logs=None)

    @bot.command(guild_ids=[GUILD])
    async def greet(ctx: Context) -> str:
        """Greet the guild."""
        return "hello"

    before = len(fake.requests)
    plan = await run_sync(bot)

    assert [c.name for c in plan[None].deleted] == ["old"]
    assert [c.name for c in plan[None].kept] == ["launch"]
    put = puts(fake, before)[0]
    assert put.path == f"/applications/{fake.application_id}/commands"
    assert [(body["name"], body["id"]) for body in put.json] == [("launch", launch_id)]
    assert sorted(by_name(fake)) == ["launch"]
    assert sorted(by_name(fake, GUILD)) == ["greet"]


async def test_dry_run_text_and_json_show_the_kept_command(fake: FakeDiscord) -> None:
    await seed(fake, [entry_point_body()])
    before = len(fake.requests)

    plan = await run_sync(make_bot(fake), dry_run=True)

    assert puts(fake, before) == []
    text = str(plan)
    assert "global: 2 to create, 0 to update, 0 to delete, 0 unchanged, 1 kept" in text
    assert "    kept: entry point 'launch' (Discord's Entry Point, not declared here)" in text
    assert "- delete" not in text
    data = json.loads(json.dumps(plan.to_json()))
    [scope] = data["scopes"]
    assert scope["deleted"] == []
    assert [(c["name"], c["type"]) for c in scope["kept"]] == [("launch", 4)]
    assert scope["kept"][0]["id"] == by_name(fake)["launch"]["id"]


async def test_a_scope_without_an_entry_point_reports_none_kept(fake: FakeDiscord) -> None:
    plan = await run_sync(make_bot(fake))
    assert plan[None].kept == []
    assert plan.to_json()["scopes"][0]["kept"] == []
    assert "kept" not in plan[None].summary()


# -- the plan on its own ---------------------------------------------------------------------

REMOTE_LAUNCH: dict[str, Any] = {
    "id": "1300000000000000004",
    "application_id": "1300000000000000001",
    "version": "1300000000000000005",
    "type": 4,
    "name": "launch",
    "name_localized": "launch",
    "description": "Launch the game",
    "description_localized": "Launch the game",
    "name_localizations": {"fr": "lancer"},
    "description_localizations": None,
    "default_member_permissions": "32",
    "dm_permission": True,
    "contexts": [0, 1],
    "integration_types": [0, 1],
    "nsfw": False,
    "handler": 2,
}
DEFAULTS = CommandDefaults.for_scope(None)


def test_carried_payload_keeps_what_a_request_can_set(openapi: OpenAPISpec) -> None:
    payload = carried_payload(REMOTE_LAUNCH)
    assert payload == {
        "id": "1300000000000000004",
        "type": 4,
        "name": "launch",
        "name_localizations": {"fr": "lancer"},
        "description": "Launch the game",
        "description_localizations": None,
        "default_member_permissions": 32,
        "contexts": [0, 1],
        "integration_types": [0, 1],
        "handler": 2,
        "nsfw": False,
    }
    # Raises SpecMismatch unless the body is one Discord's spec accepts.
    openapi.validate_request("PUT", "/applications/1300000000000000001/commands", [payload])


def test_an_undeclared_entry_point_is_kept_not_deleted() -> None:
    local = [{"type": 1, "name": "ping", "description": "Pong"}]
    plan = plan_scope(None, local, [REMOTE_LAUNCH], DEFAULTS)
    assert plan.deleted == []
    assert [c.name for c in plan.created] == ["ping"]
    assert [(c.name, c.type, c.command_id) for c in plan.kept] == [
        ("launch", 4, "1300000000000000004")
    ]
    assert plan.payloads == [*local, carried_payload(REMOTE_LAUNCH)]
    assert local == [{"type": 1, "name": "ping", "description": "Pong"}]  # not modified


def test_only_an_entry_point_remote_and_nothing_local_is_no_change() -> None:
    plan = plan_scope(None, [], [REMOTE_LAUNCH], DEFAULTS)
    assert not plan.has_changes
    assert [c.name for c in plan.kept] == ["launch"]


def test_a_declared_entry_point_of_the_same_name_is_diffed_like_any_command() -> None:
    declared = {**carried_payload(REMOTE_LAUNCH), "handler": 1}
    del declared["id"]
    plan = plan_scope(None, [declared], [REMOTE_LAUNCH], DEFAULTS)
    assert plan.kept == []
    [update] = plan.updated
    assert update.command_id == "1300000000000000004"
    assert [(f.path, f.old, f.new) for f in update.fields] == [("handler", 2, 1)]
    assert plan.payloads == [declared]


def test_a_declared_entry_point_of_another_name_replaces_discords_in_place() -> None:
    declared = {"type": 4, "name": "play", "description": "Launch the game", "handler": 2}
    plan = plan_scope(None, [declared], [REMOTE_LAUNCH], DEFAULTS)
    assert plan.kept == [] and plan.deleted == [] and plan.created == []
    [update] = plan.updated
    assert (update.name, update.command_id) == ("play", "1300000000000000004")
    assert ("name", "launch", "play") in [(f.path, f.old, f.new) for f in update.fields]
    assert plan.payloads == [{**declared, "id": "1300000000000000004"}]
    assert "id" not in declared  # the bot's payload is left alone


def test_other_remote_commands_are_still_deleted() -> None:
    stale = {"id": "1300000000000000009", "type": 2, "name": "Wave at", "description": ""}
    plan = plan_scope(None, [], [stale, REMOTE_LAUNCH], DEFAULTS)
    assert [(c.label, c.command_id) for c in plan.deleted] == [
        ("user 'Wave at'", "1300000000000000009")
    ]
    assert [c.name for c in plan.kept] == ["launch"]
    assert plan.payloads == [carried_payload(REMOTE_LAUNCH)]
