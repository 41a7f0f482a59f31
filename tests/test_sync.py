"""``sync_commands`` against the fake Discord: plans, idempotence, scopes, dry runs, 400s."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

import kagari
from kagari.app import Bot, Context
from kagari.rest import RESTClient
from kagari.sync import CommandSyncError, SyncPlan, sync_commands
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec

GUILD = 900000000000000001
OTHER_GUILD = 900000000000000002
WRITES = {"PUT", "POST", "PATCH", "DELETE"}


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(spec_path=openapi) as server:
        yield server


def make_bot(fake: FakeDiscord, *, variant: int = 1) -> Bot:
    """A bot with global, grouped, context-menu and guild commands; variant 2 differs."""
    bot = Bot(fake.token, public_key="00" * 32, rest_url=fake.url, logs=None)

    @bot.command
    async def ping(ctx: Context) -> str:
        """Check that the bot is alive."""
        return "pong"

    if variant == 1:

        @bot.command
        async def echo(ctx: Context, text: str) -> str:
            """Repeat some text."""
            return text

        @bot.user_command("Wave at")
        async def wave(ctx: Context, user: kagari.User) -> str:
            return "hi"

    else:

        @bot.command
        async def echo(ctx: Context, text: str, loud: bool = False) -> str:
            """Repeat some text, maybe loudly."""
            return text

        @bot.message_command("Bookmark")
        async def bookmark(ctx: Context, message: kagari.PartialMessage) -> str:
            return "saved"

    @bot.command(guild_ids=[GUILD])
    async def greet(ctx: Context, who: kagari.User) -> str:
        """Greet someone."""
        return "hello"

    admin = bot.group("admin", "Admin tools")

    @admin.command
    async def purge(ctx: Context, count: int) -> str:
        """Delete some messages."""
        return str(count)

    return bot


def writes(fake: FakeDiscord, since: int = 0) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests[since:] if r.method in WRITES]


async def run_sync(bot: Bot, **kwargs: Any) -> SyncPlan:
    try:
        return await sync_commands(bot, **kwargs)
    finally:
        await bot.rest.close()


async def test_first_sync_creates_everything_with_one_put_per_scope(fake: FakeDiscord) -> None:
    plan = await run_sync(make_bot(fake))
    assert plan.has_changes
    assert [scope.guild_id for scope in plan] == [None, GUILD]
    assert [change.label for change in plan[None].created] == [
        "/ping",
        "/echo",
        "user 'Wave at'",
        "/admin",
    ]
    assert [change.name for change in plan[GUILD].created] == ["greet"]
    assert all(scope.applied for scope in plan)
    assert writes(fake) == [
        f"PUT /applications/{fake.application_id}/commands",
        f"PUT /applications/{fake.application_id}/guilds/{GUILD}/commands",
    ]
    assert sorted(c["name"] for c in fake.commands()) == ["Wave at", "admin", "echo", "ping"]
    assert [c["name"] for c in fake.commands(GUILD)] == ["greet"]


async def test_second_sync_sends_no_write(fake: FakeDiscord) -> None:
    await run_sync(make_bot(fake))
    before = len(fake.requests)
    plan = await run_sync(make_bot(fake))
    assert writes(fake, before) == []
    assert not plan.has_changes
    assert not any(scope.applied for scope in plan)
    assert sorted(c.name for c in plan[None].unchanged) == ["Wave at", "admin", "echo", "ping"]
    assert "No changes" in str(plan)


async def test_changes_are_planned_as_create_update_delete_with_fields(fake: FakeDiscord) -> None:
    await run_sync(make_bot(fake))
    before = len(fake.requests)
    plan = await run_sync(make_bot(fake, variant=2))
    scope = plan[None]
    assert [c.label for c in scope.created] == ["message 'Bookmark'"]
    assert [c.label for c in scope.deleted] == ["user 'Wave at'"]
    assert [c.label for c in scope.updated] == ["/echo"]
    fields = {field.path: (field.old, field.new) for field in scope.updated[0].fields}
    assert fields["description"] == ("Repeat some text.", "Repeat some text, maybe loudly.")
    assert fields["options.loud"][0] is None and fields["options.loud"][1]["type"] == 5
    assert sorted(c.name for c in scope.unchanged) == ["admin", "ping"]
    assert not plan[GUILD].has_changes
    # Only the scope that changed is written.
    assert writes(fake, before) == [f"PUT /applications/{fake.application_id}/commands"]
    assert sorted(c["name"] for c in fake.commands()) == ["Bookmark", "admin", "echo", "ping"]
    # And it converged: a third run writes nothing.
    before = len(fake.requests)
    assert not (await run_sync(make_bot(fake, variant=2))).has_changes
    assert writes(fake, before) == []


async def test_plan_text_and_json(fake: FakeDiscord) -> None:
    await run_sync(make_bot(fake))
    plan = await run_sync(make_bot(fake, variant=2), dry_run=True)
    text = str(plan)
    assert "global: 1 to create, 1 to update, 1 to delete, 2 unchanged" in text
    assert "  + create message 'Bookmark'" in text
    assert "  ~ update /echo" in text
    assert '      description: "Repeat some text." -> "Repeat some text, maybe loudly."' in text
    assert "  - delete user 'Wave at'" in text
    assert f"guild {GUILD}: 0 to create, 0 to update, 0 to delete, 1 unchanged" in text
    assert "Dry run: nothing was sent." in text
    data = json.loads(json.dumps(plan.to_json()))
    assert data["dry_run"] is True and data["has_changes"] is True
    assert data["application_id"] == fake.application_id
    global_scope = data["scopes"][0]
    assert global_scope["guild_id"] is None and global_scope["applied"] is False
    assert [c["name"] for c in global_scope["deleted"]] == ["Wave at"]
    assert global_scope["deleted"][0]["id"] is not None
    assert {"path": "options.loud", "old": None}.items() <= global_scope["updated"][0]["fields"][
        1
    ].items()


async def test_dry_run_writes_nothing(fake: FakeDiscord) -> None:
    plan = await run_sync(make_bot(fake), dry_run=True)
    assert plan.has_changes and plan.dry_run
    assert len(plan[None].created) == 4
    assert writes(fake) == []
    assert fake.commands() == []


async def test_guild_ids_restrict_the_scopes_and_empty_stale_guilds(fake: FakeDiscord) -> None:
    async with RESTClient(fake.token, "Bot", rest_url=fake.url) as rest:
        await rest.overwrite_commands(
            fake.application_id,
            [{"name": "old", "description": "Stale", "type": 1}],
            OTHER_GUILD,
        )
    before = len(fake.requests)
    plan = await run_sync(make_bot(fake), guild_ids=[OTHER_GUILD, str(GUILD)])
    assert [scope.guild_id for scope in plan] == [GUILD, OTHER_GUILD]
    assert [c.name for c in plan[OTHER_GUILD].deleted] == ["old"]
    assert [c.name for c in plan[GUILD].created] == ["greet"]
    with pytest.raises(KeyError):
        plan[None]
    assert fake.commands() == []  # the global scope was left alone
    assert fake.commands(OTHER_GUILD) == []
    assert writes(fake, before) == [
        f"PUT /applications/{fake.application_id}/guilds/{GUILD}/commands",
        f"PUT /applications/{fake.application_id}/guilds/{OTHER_GUILD}/commands",
    ]


async def test_include_global_with_guild_ids(fake: FakeDiscord) -> None:
    plan = await run_sync(make_bot(fake), guild_ids=[GUILD], include_global=True)
    assert [scope.guild_id for scope in plan] == [None, GUILD]


async def test_bad_guild_id_is_refused(fake: FakeDiscord) -> None:
    with pytest.raises(ValueError, match="guild_ids: 'abc' is not a guild id"):
        await run_sync(make_bot(fake), guild_ids=["abc"])


async def test_commands_stored_with_discords_defaults_are_unchanged(fake: FakeDiscord) -> None:
    """Discord's echo (nulls, localized names, dm_permission, no 'required') is no change."""
    stored: dict[str, Any] = {
        "id": "1300000000000000001",
        "application_id": fake.application_id,
        "version": "1300000000000000002",
        "type": 1,
        "name": "echo",
        "name_localized": "echo",
        "description": "Repeat some text.",
        "description_localized": "Repeat some text.",
        "name_localizations": None,
        "description_localizations": None,
        "default_member_permissions": None,
        "dm_permission": True,
        "nsfw": False,
        "integration_types": [0],
        "contexts": None,
        "options": [{"type": 3, "name": "text", "description": "No description", "required": True}],
    }
    fake.state.commands[None] = {stored["id"]: stored}
    bot = Bot(fake.token, public_key="00" * 32, rest_url=fake.url, logs=None)

    @bot.command
    async def echo(ctx: Context, text: str) -> str:
        """Repeat some text."""
        return text

    plan = await run_sync(bot)
    assert [c.name for c in plan[None].unchanged] == ["echo"]
    assert plan[None].unchanged[0].command_id == stored["id"]
    assert writes(fake) == []


class StandIn:
    """Something syncable that is not a Bot: payloads as given, plus a REST client."""

    def __init__(self, fake: FakeDiscord, payloads: dict[int | None, list[dict[str, Any]]]):
        self.rest = RESTClient(fake.token, "Bot", rest_url=fake.url)
        self._payloads = payloads

    def command_payloads(self) -> dict[int | None, list[dict[str, Any]]]:
        return self._payloads


async def test_a_400_names_the_command_and_field(openapi: OpenAPISpec) -> None:
    bad_option = {"type": 3, "name": "x" * 40, "description": "Too long a name"}
    payloads: dict[int | None, list[dict[str, Any]]] = {
        None: [
            {"type": 1, "name": "ping", "description": "Fine"},
            {
                "type": 1,
                "name": "greet",
                "description": "Greet",
                "options": [{"type": 6, "name": "who", "description": "Who"}, bad_option],
            },
        ]
    }
    async with FakeDiscord(spec_path=openapi, strict=False) as fake:
        stand_in = StandIn(fake, payloads)
        try:
            with pytest.raises(CommandSyncError) as caught:
                await sync_commands(stand_in)
        finally:
            await stand_in.rest.close()
    error = caught.value
    assert error.scope == "global"
    assert error.cause.status == 400
    assert "1.options.1.name" in error.cause.errors
    [mapped] = [e for e in error.errors if e.command is not None]
    assert mapped.command == "/greet"
    assert mapped.field == f"options.{'x' * 40}.name"
    assert f"/greet: options.{'x' * 40}.name:" in str(error)
    assert error.plan is not None and not error.plan[None].applied
    assert fake.commands() == []


async def test_a_400_points_at_the_handler_source(openapi: OpenAPISpec) -> None:
    async with FakeDiscord(spec_path=openapi, strict=False) as fake:
        bot = Bot(fake.token, public_key="00" * 32, rest_url=fake.url, logs=None)

        @bot.command
        async def ping(ctx: Context) -> str:
            """Check that the bot is alive."""
            return "pong"

        original = bot.command_payloads

        def broken() -> dict[int | None, list[dict[str, Any]]]:
            payloads = original()
            payloads[None][0]["description"] = "d" * 150  # beyond Discord's 100
            return payloads

        bot.command_payloads = broken  # type: ignore[method-assign]
        with pytest.raises(CommandSyncError) as caught:
            await run_sync(bot)
    [mapped] = caught.value.errors
    assert mapped.command == "/ping" and mapped.field == "description"
    assert mapped.source is not None and mapped.source.startswith(__file__)
    assert f"/ping ({mapped.source}): description:" in str(caught.value)
