"""Handlers answered through signed HTTP to the real server, FakeDiscord behind it."""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, Literal

import pytest

import kagari
from kagari.app import Bot, Context, Option
from kagari.testing import (
    FakeDiscord,
    TestClient,
    TypedOption,
    command_payload,
    component_payload,
    make_user,
    message_command_payload,
    user_command_payload,
)

MakeBot = Callable[..., Bot]
USER_ID = "53908232506183680"


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


async def test_str_return_is_a_channel_message(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command
    async def ping(ctx: Context) -> str:
        """Check that the bot is alive."""
        return "pong"

    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(command_payload("ping"))
    assert reply.status == 200
    assert reply.json() == {
        "type": 4,
        "data": {"content": "pong", "allowed_mentions": {"parse": []}},
    }


async def test_builders_and_embeds(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command
    async def secret(ctx: Context) -> kagari.Message:
        return kagari.Message("psst", ephemeral=True)

    @bot.command
    async def card(ctx: Context) -> kagari.Embed:
        return kagari.Embed(title="Card")

    @bot.command
    async def later(ctx: Context) -> kagari.Defer:
        return kagari.Defer(ephemeral=True)

    async with TestClient(bot, fake=fake) as client:
        assert (await client.post(command_payload("secret"))).json()["data"]["flags"] == 64
        assert (await client.post(command_payload("card"))).json()["data"]["embeds"] == [
            {"title": "Card"}
        ]
        assert (await client.post(command_payload("later"))).json() == {
            "type": 5,
            "data": {"flags": 64},
        }


async def test_options_are_converted(bot: Bot, fake: FakeDiscord) -> None:
    seen: dict[str, Any] = {}

    @bot.command
    async def show(
        ctx: Context,
        who: kagari.User,
        member: kagari.Member,
        role: kagari.Role,
        where: kagari.GuildTextChannel,
        file: kagari.Attachment,
        target: kagari.Mentionable,
        color: Color,
        size: Literal[1, 2],
        ratio: float,
        flag: bool,
        note: str | None = None,
        times: Annotated[int, Option("How often", min_value=1)] = 1,
    ) -> str:
        seen.update(locals())
        return "ok"

    target = make_user(80351110224678912, username="nelly", global_name="Nelly").raw
    resolved = {
        "users": {target["id"]: target},
        "members": {
            target["id"]: {"roles": [], "nick": "Nel", "joined_at": "2020-01-01T00:00:00+00:00"}
        },
        "roles": {
            "41771983423143936": {
                "id": "41771983423143936",
                "name": "mods",
                "color": 0,
                "permissions": "0",
                "position": 1,
            }
        },
        "channels": {
            "645027906669510667": {
                "id": "645027906669510667",
                "type": 0,
                "name": "general",
                "permissions": "0",
            }
        },
        "attachments": {
            "1111": {
                "id": "1111",
                "filename": "a.png",
                "size": 3,
                "url": "https://cdn/a.png",
                "proxy_url": "https://p/a.png",
            }
        },
    }
    options = {
        "who": TypedOption(6, target["id"]),
        "member": TypedOption(6, target["id"]),
        "role": TypedOption(8, "41771983423143936"),
        "where": TypedOption(7, "645027906669510667"),
        "file": TypedOption(11, "1111"),
        "target": TypedOption(9, "41771983423143936"),
        "color": "blue",
        "size": 2,
        "ratio": TypedOption(10, 3),
        "flag": True,
    }
    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(command_payload("show", options, resolved=resolved))
    assert reply.json()["data"]["content"] == "ok"
    assert isinstance(seen["who"], kagari.User) and seen["who"].username == "nelly"
    assert isinstance(seen["member"], kagari.Member) and seen["member"].nick == "Nel"
    assert isinstance(seen["role"], kagari.Role) and seen["role"].name == "mods"
    assert isinstance(seen["where"], kagari.GuildTextChannel)
    assert isinstance(seen["file"], kagari.Attachment) and seen["file"].filename == "a.png"
    assert isinstance(seen["target"], kagari.Role)
    assert seen["color"] is Color.BLUE
    assert seen["size"] == 2 and seen["ratio"] == 3.0 and isinstance(seen["ratio"], float)
    assert seen["flag"] is True and seen["note"] is None and seen["times"] == 1


async def test_subcommands_dispatch(bot: Bot, fake: FakeDiscord) -> None:
    admin = bot.group("admin", "Admin tools")
    users = admin.group("users", "Users")

    @admin.command
    async def purge(ctx: Context, count: int) -> kagari.Message:
        return kagari.Message(f"purged {count}", ephemeral=True)

    @users.command
    async def ban(ctx: Context, who: kagari.User) -> str:
        return f"banned {who.id}"

    target = make_user(80351110224678912, username="nelly", global_name="Nelly").raw
    async with TestClient(bot, fake=fake) as client:
        first = await client.post(command_payload("admin purge", {"count": 5}))
        second = await client.post(
            command_payload(
                "admin users ban",
                {"who": TypedOption(6, target["id"])},
                resolved={"users": {target["id"]: target}},
            )
        )
    assert first.json()["data"] == {
        "content": "purged 5",
        "flags": 64,
        "allowed_mentions": {"parse": []},
    }
    assert second.json()["data"]["content"] == f"banned {target['id']}"


async def test_context_menu_commands(bot: Bot, fake: FakeDiscord) -> None:
    @bot.user_command("Show avatar")
    async def avatar(ctx: Context, user: kagari.User) -> str:
        return user.avatar_url

    @bot.user_command("Nickname")
    async def nickname(ctx: Context, member: kagari.Member) -> str:
        return str(member.nick)

    @bot.message_command("Bookmark")
    async def bookmark(ctx: Context, message: kagari.PartialMessage) -> str:
        return f"saved {message.id}"

    target = make_user(80351110224678912, username="nelly", global_name="Nelly").raw
    resolved = {
        "users": {target["id"]: target},
        "members": {
            target["id"]: {"roles": [], "nick": "Target", "joined_at": "2020-01-01T00:00:00+00:00"}
        },
    }
    async with TestClient(bot, fake=fake) as client:
        first = await client.post(
            user_command_payload("Show avatar", target["id"], resolved=resolved)
        )
        second = await client.post(
            user_command_payload("Nickname", target["id"], resolved=resolved)
        )
        third = await client.post(message_command_payload("Bookmark", "12345"))
    assert first.json()["data"]["content"].startswith("https://cdn.discordapp.com/")
    assert second.json()["data"]["content"] == "Target"
    assert third.json()["data"]["content"] == "saved 12345"


async def test_components_route_and_update(bot: Bot, fake: FakeDiscord) -> None:
    @bot.component("vote:{poll_id:int}:{choice}")
    async def vote(ctx: Context, poll_id: int, choice: str) -> kagari.Update:
        return kagari.Update(content=f"{ctx.user.username} voted {choice} on {poll_id + 1}")

    @bot.component("pick")
    async def pick(ctx: Context, values: list[str]) -> kagari.Update:
        return kagari.Update(content=",".join(values))

    @bot.component("users")
    async def users(ctx: Context, picked: list[kagari.User], first: kagari.Member) -> str:
        return f"{[u.username for u in picked]} {first.nick}"

    target = make_user(80351110224678912, username="nelly", global_name="Nelly").raw
    async with TestClient(bot, fake=fake) as client:
        voted = await client.post(component_payload("vote:42:yes", username="mason"))
        picked = await client.post(component_payload("pick", ["a", "b"], component_type=3))
        chosen = await client.post(
            component_payload(
                "users",
                [target["id"]],
                component_type=5,
                resolved={
                    "users": {target["id"]: target},
                    "members": {
                        target["id"]: {
                            "roles": [],
                            "nick": "N",
                            "joined_at": "2020-01-01T00:00:00+00:00",
                        }
                    },
                },
            )
        )
    assert voted.json() == {"type": 7, "data": {"content": "mason voted yes on 43"}}
    assert picked.json()["data"]["content"] == "a,b"
    assert chosen.json() == {
        "type": 4,
        "data": {"content": "['nelly'] N", "allowed_mentions": {"parse": []}},
    }


async def test_respond_then_followups(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command
    async def chat(ctx: Context) -> None:
        assert await ctx.respond("first") is None
        assert ctx.responded
        message = await ctx.respond("second", ephemeral=True)
        assert message is not None and message.content == "second"
        await ctx.followup(kagari.Message("third"))

    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(command_payload("chat"))
        assert reply.json()["data"]["content"] == "first"
        await fake.wait_for(lambda r: r.json and r.json.get("content") == "third")
    bodies = [r.json for r in fake.followups]
    assert [b["content"] for b in bodies] == ["second", "third"]
    assert bodies[0]["flags"] == 64


async def test_generator_yields_then_edits_and_follows_up(bot: Bot, fake: FakeDiscord) -> None:
    order: list[str] = []

    @bot.command
    async def report(ctx: Context) -> AsyncIterator[kagari.Defer]:
        yield kagari.Defer(ephemeral=True)
        order.append("after-yield")
        await ctx.edit("report ready")
        await ctx.followup("done", ephemeral=True)

    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(command_payload("report"))
        order.append("http-answered")
        assert reply.json() == {"type": 5, "data": {"flags": 64}}
        await fake.wait_for(lambda r: r.json and r.json.get("content") == "done")
    assert fake.edits[0].json["content"] == "report ready"
    assert fake.followups[0].json == {
        "content": "done",
        "flags": 64,
        "allowed_mentions": {"parse": []},
    }
    assert "after-yield" in order


async def test_late_handler_is_deferred_then_edited(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command
    async def slow(ctx: Context) -> str:
        await asyncio.sleep(0.6)
        assert ctx.deferred
        return "finally"

    @bot.component("slow-button")
    async def slow_button(ctx: Context) -> kagari.Update:
        await asyncio.sleep(0.6)
        return kagari.Update(content="clicked")

    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(command_payload("slow"))
        assert reply.json() == {"type": 5}
        edit = await fake.wait_for(lambda r: r.method == "PATCH")
        assert edit.json["content"] == "finally"
        reply = await client.post(component_payload("slow-button"))
        assert reply.json() == {"type": 6}
        edit = await fake.wait_for(lambda r: r.method == "PATCH", after=len(fake.requests))
        assert edit.json == {"content": "clicked"}


async def test_auto_defer_settings(
    fake: FakeDiscord, make_bot: MakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = make_bot(auto_defer="ephemeral")
    quiet = bot.group("quiet", "Never deferred", auto_defer=False)

    @bot.command
    async def hidden(ctx: Context) -> str:
        await asyncio.sleep(0.5)
        return "late"

    @quiet.command
    async def loud(ctx: Context) -> str:
        await asyncio.sleep(0.5)
        return "late but not deferred"

    @bot.command
    async def form(ctx: Context) -> kagari.Modal:
        await asyncio.sleep(0.5)
        return kagari.Modal(
            "Form", custom_id="form", components=[kagari.TextInput("Name", custom_id="name")]
        )

    caplog.set_level(logging.WARNING, "kagari.app")
    async with TestClient(bot, fake=fake) as client:
        assert (await client.post(command_payload("hidden"))).json() == {
            "type": 5,
            "data": {"flags": 64},
        }
        reply = await client.post(command_payload("quiet loud"))
        assert reply.json()["type"] == 4
        reply = await client.post(command_payload("form"))
        assert reply.json()["type"] == 9
    messages = [r.getMessage() for r in caplog.records]
    assert any("auto_defer is off" in m for m in messages)
    assert any("it may answer with a modal" in m for m in messages)


async def test_modal_after_auto_defer_is_reported(bot: Bot, fake: FakeDiscord) -> None:
    errors: list[BaseException] = []

    @bot.command
    async def sneaky(ctx: Context) -> None:
        await asyncio.sleep(0.5)
        await ctx.respond(
            kagari.Modal(
                "Late", custom_id="late", components=[kagari.TextInput("X", custom_id="x")]
            )
        )

    @sneaky.error_handler(kagari.app.InteractionResponseError)
    async def on_late(ctx: Context, error: Exception) -> str:
        errors.append(error)
        return "could not open the form in time"

    async with TestClient(bot, fake=fake) as client:
        assert (await client.post(command_payload("sneaky"))).json() == {"type": 5}
        edit = await fake.wait_for(lambda r: r.method == "PATCH")
    assert edit.json["content"] == "could not open the form in time"
    assert "already answered (deferred automatically at t=0.3s)" in str(errors[0])


async def test_no_answer_is_acknowledged(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command
    async def silent(ctx: Context) -> None:
        return None

    @bot.component("noop")
    async def noop(ctx: Context) -> None:
        return None

    async with TestClient(bot, fake=fake) as client:
        assert (await client.post(component_payload("noop"))).json() == {"type": 6}
        assert (await client.post(command_payload("silent"))).json() == {
            "type": 5,
            "data": {"flags": 64},
        }
        await fake.wait_for(lambda r: r.method == "DELETE")


async def test_unknown_interactions(bot: Bot, fake: FakeDiscord, make_bot: MakeBot) -> None:
    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(command_payload("ghost"))
        assert reply.json()["data"] == {
            "content": "This is not available anymore.",
            "flags": 64,
            "allowed_mentions": {"parse": []},
        }
        assert (await client.post(component_payload("ghost:1"))).json()["type"] == 4

    other = make_bot()

    @other.error_handler(kagari.app.UnhandledInteraction)
    async def unknown(ctx: Context, error: Exception) -> str:
        return f"unknown: {error}"

    async with TestClient(other, fake=fake) as client:
        reply = await client.post(command_payload("ghost"))
    assert reply.json()["data"]["content"] == "unknown: no command 'ghost' is registered"


async def test_dm_context_has_no_member(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command
    async def where(ctx: Context) -> str:
        return f"{ctx.guild_id} {ctx.member} {ctx.user.id} {ctx.channel_id}"

    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(
            command_payload(
                "where", context="bot_dm", user_id=USER_ID, channel_id="111111111111111111"
            )
        )
    assert reply.json()["data"]["content"] == f"None None {USER_ID} 111111111111111111"
