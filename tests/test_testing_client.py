"""TestClient round trips through real signed HTTP: commands, context menus, components,
modals, autocomplete, PING, deferral with edits and follow-ups, files, timeouts."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import pytest

import kagari
from kagari.app import Bot, Context
from kagari.models import CommandInteraction, ComponentInteraction, ModalInteraction
from kagari.server.devkeys import DevKeyPair
from kagari.testing import RawResponse, command_payload, component_payload
from kagari.testing.client import DEFAULT_GUILD_ID, BadResponse, TestClient, WaitTimeout
from kagari.testing.factories import (
    make_attachment,
    make_channel,
    make_entitlement,
    make_member,
    make_message,
    make_role,
    make_user,
)


def build_bot() -> Bot:
    bot = Bot(logs=None)

    @bot.command
    async def ping(ctx: Context) -> str:
        """Check that the bot is alive."""
        return "pong"

    @bot.command
    async def whoami(ctx: Context) -> str:
        """Describe the invoker."""
        member = ctx.member
        return (
            f"{ctx.user.username}|{ctx.guild_id}|{ctx.channel_id}|{ctx.locale}|"
            f"{member.nick if member else 'no-member'}"
        )

    admin = bot.group("admin", "Admin tools")

    @admin.command
    async def purge(ctx: Context, count: int) -> kagari.Message:
        """Delete messages."""
        return kagari.Message(f"purged {count}", ephemeral=True)

    users = admin.group("users", "Users")

    @users.command
    async def ban(ctx: Context, who: kagari.User, reason: str = "none") -> str:
        """Ban someone."""
        return f"banned {who.username} ({reason})"

    @bot.user_command("Show name")
    async def show_name(ctx: Context, user: kagari.User) -> str:
        return f"name:{user.username}"

    @bot.message_command("Quote")
    async def quote(ctx: Context, message: kagari.PartialMessage) -> str:
        return f"quoted {message.id}"

    @bot.command
    async def poll(ctx: Context, question: str) -> kagari.Message:
        """Start a poll."""
        return kagari.Message(
            question,
            components=[
                kagari.ActionRow(
                    kagari.Button("Yes", custom_id="vote:42:yes"),
                    kagari.Button("No", custom_id="vote:42:no"),
                    kagari.Button("Closed", custom_id="vote:42:closed", disabled=True),
                )
            ],
        )

    @bot.component("vote:{poll_id:int}:{choice}")
    async def vote(ctx: Context, poll_id: int, choice: str) -> kagari.Update:
        source = ctx.message.id if ctx.message else None
        return kagari.Update(content=f"{ctx.user.username} voted {choice} on {poll_id} @{source}")

    @bot.command
    async def feedback(ctx: Context) -> kagari.Modal:
        """Open the feedback form."""
        return kagari.Modal(
            "Feedback",
            custom_id="feedback:general",
            components=[
                kagari.TextInput("Title", custom_id="title", max_length=20),
                kagari.TextInput("Details", custom_id="body", style="paragraph", required=False),
            ],
        )

    @bot.modal("feedback:{topic}")
    async def on_feedback(ctx: Context, topic: str, title: str, body: str = "") -> kagari.Message:
        return kagari.Message(f"thanks for '{title}' ({topic}) [{body}]", ephemeral=True)

    @bot.command
    async def search(ctx: Context, query: str) -> str:
        """Search fruit."""
        return f"you picked {query}"

    @search.autocomplete("query")
    async def search_query(ctx: Context, value: str) -> list[str]:
        return [w for w in ("apple", "banana", "blueberry") if w.startswith(value)]

    @bot.command
    async def report(ctx: Context) -> Any:
        """A slow report."""
        yield kagari.Defer(ephemeral=True)
        await ctx.edit("report ready")
        await ctx.followup("done", ephemeral=True)
        await ctx.followup("and one more")

    @bot.command
    async def upload(ctx: Context) -> kagari.Message:
        """Send a file and an embed."""
        return kagari.Message(
            "here",
            files=[kagari.File(b"hello file", "hello.txt")],
            embeds=[kagari.Embed(title="Report", description="all good")],
        )

    @bot.command
    async def silent(ctx: Context) -> Any:
        """Defers and never edits."""
        yield kagari.Defer()

    return bot


@pytest.fixture
def bot() -> Bot:
    return build_bot()


async def test_command_round_trip(bot: Bot) -> None:
    async with TestClient(bot) as client:
        result = await client.command("ping")
    assert result.status == 200
    assert result.type == 4
    assert result.content == "pong"
    assert not result.ephemeral and not result.deferred
    assert result.json["type"] == 4 and result.json["data"]["content"] == "pong"


async def test_payload_is_shaped_like_discords(bot: Bot) -> None:
    seen: list[dict[str, Any]] = []

    async def capture(interaction: CommandInteraction) -> kagari.Message:
        seen.append(interaction.raw)
        return kagari.Message("ok")

    raw_bot = kagari.RESTBot(None, logs=None)
    raw_bot.set_listener(CommandInteraction, capture)
    async with TestClient(raw_bot, locale="fr") as client:
        await client.command("anything")
        fake = client.fake
    payload = seen[0]
    fields = (
        "id application_id token version guild_id guild channel channel_id member locale "
        "guild_locale app_permissions entitlements authorizing_integration_owners context "
        "attachment_size_limit"
    )
    for field in fields.split():
        assert field in payload, field
    assert payload["type"] == 2
    assert payload["application_id"] == fake.application_id
    assert payload["guild_id"] == str(DEFAULT_GUILD_ID)
    assert payload["locale"] == "fr"
    assert payload["member"]["user"]["username"] == "tester"
    assert payload["channel_id"] == payload["channel"]["id"] == fake.state.channel_id
    assert payload["data"] == {"id": payload["data"]["id"], "name": "anything", "type": 1}


async def test_requests_carry_real_signatures(bot: Bot) -> None:
    async with TestClient(bot) as client:
        assert bot.public_key is not None
        assert bot.public_key.hex() == client.keys.public_key
        async with aiohttp.ClientSession() as session:
            unsigned = await session.post(client.url, json={"type": 1})
            assert unsigned.status == 401


async def test_bot_is_restored_after_the_client(bot: Bot) -> None:
    original_rest = bot.rest
    async with TestClient(bot) as client:
        assert bot.rest is not original_rest
        assert bot.rest.rest_url == client.fake.url
        assert bot.is_alive
    assert bot.rest is original_rest
    assert not bot.is_alive
    async with TestClient(bot) as again:  # the same bot serves the next test too
        assert (await again.command("ping")).content == "pong"


async def test_who_and_where(bot: Bot) -> None:
    async with TestClient(bot, user=make_user(username="ayu")) as client:
        result = await client.command("whoami")
        assert result.content.startswith(f"ayu|{DEFAULT_GUILD_ID}|")
        nick = make_member(username="bo", nick="Bobby")
        assert (await client.using(member=nick).command("whoami")).content.endswith("|Bobby")
        in_dm = await client.using(guild_id=None, locale="de").command("whoami")
        assert in_dm.content.split("|")[1] == "None"
        assert in_dm.content.endswith("|de|no-member")
        channel = make_channel(name="random")
        there = await client.using(channel=channel).command("whoami")
        assert there.content.split("|")[2] == str(channel.id)


async def test_subcommands_and_groups(bot: Bot) -> None:
    async with TestClient(bot) as client:
        purged = await client.command("admin purge", count=3)
        assert purged.content == "purged 3"
        assert purged.ephemeral
        banned = await client.command("admin users ban", who=make_user(username="eve"))
        assert banned.content == "banned eve (none)"
        sent = banned.interaction["data"]
        assert sent["options"][0]["name"] == "users" and sent["options"][0]["type"] == 2
        assert sent["options"][0]["options"][0]["name"] == "ban"


async def test_context_menus(bot: Bot) -> None:
    async with TestClient(bot) as client:
        target = make_member(username="zoe")
        shown = await client.user_command("Show name", target)
        assert shown.content == "name:zoe"
        resolved = shown.interaction["data"]["resolved"]
        assert str(target.id) in resolved["users"] and str(target.id) in resolved["members"]
        message = make_message(content="remember this")
        quoted = await client.message_command("Quote", message)
        assert quoted.content == f"quoted {message.id}"
        by_id = await client.message_command("Quote", 123456789012345678)
        assert by_id.content == "quoted 123456789012345678"


async def test_component_on_a_message_the_bot_sent(bot: Bot) -> None:
    async with TestClient(bot) as client:
        poll = await client.command("poll", question="Lunch?")
        assert poll.custom_ids == ["vote:42:yes", "vote:42:no", "vote:42:closed"]
        stored = client.fake.original(poll.interaction["token"])
        assert stored is not None and stored["content"] == "Lunch?"
        voted = await client.component("vote:42:yes")
        assert voted.updated
        assert voted.content == f"tester voted yes on 42 @{stored['id']}"
        assert voted.interaction["message"]["id"] == stored["id"]
        assert stored["content"].startswith("tester voted yes")  # the update landed on it
        again = await client.component("vote:42:no", message=poll)
        assert again.content.endswith(f"@{stored['id']}")


async def test_component_without_a_message_is_made_up(bot: Bot) -> None:
    async with TestClient(bot) as client:
        voted = await client.component("vote:7:maybe")
        assert voted.content.startswith("tester voted maybe on 7")
        assert voted.interaction["data"] == {"custom_id": "vote:7:maybe", "component_type": 2}


async def test_disabled_button_cannot_be_clicked(bot: Bot) -> None:
    async with TestClient(bot) as client:
        await client.command("poll", question="Lunch?")
        with pytest.raises(AssertionError, match="'vote:42:closed' is disabled"):
            await client.component("vote:42:closed")
        with pytest.raises(AssertionError, match="buttons send no values"):
            await client.component("vote:42:yes", values=["a"])


async def test_modal_opened_by_the_bot_is_followed(bot: Bot) -> None:
    async with TestClient(bot) as client:
        opened = await client.command("feedback")
        assert opened.modal is not None
        assert opened.modal.field_ids == ["title", "body"]
        thanks = await client.modal("feedback:general", title="Nice", body="very")
        assert thanks.content == "thanks for 'Nice' (general) [very]"
        submitted = thanks.interaction["data"]["components"]
        assert [item["type"] for item in submitted] == [18, 18]
        assert submitted[0]["component"] == {"type": 4, "custom_id": "title", "value": "Nice"}
        with pytest.raises(AssertionError, match="'title' is required"):
            await client.modal("feedback:general", body="no title")
        with pytest.raises(AssertionError, match="no field 'titel'; its fields are: title, body"):
            await client.modal("feedback:general", titel="typo")
        with pytest.raises(AssertionError, match="between 0 and 20"):
            await client.modal("feedback:general", title="x" * 21)


async def test_modal_never_opened_is_guessed(bot: Bot) -> None:
    async with TestClient(bot) as client:
        thanks = await client.modal("feedback:bugs", fields={"title": "Crash"})
        assert thanks.content == "thanks for 'Crash' (bugs) []"
        assert thanks.ephemeral


async def test_autocomplete(bot: Bot) -> None:
    async with TestClient(bot) as client:
        result = await client.autocomplete("search", "query", "b")
        assert result.type == 8
        assert result.choice_names == ["banana", "blueberry"]
        assert result.choices[0] == {"name": "banana", "value": "banana"}
        focused = result.interaction["data"]["options"][0]
        assert focused == {"name": "query", "type": 3, "value": "b", "focused": True}
        with pytest.raises(AssertionError, match="has no autocomplete"):
            await client.autocomplete("admin purge", "count", "1")


async def test_ping() -> None:
    async with TestClient(kagari.RESTBot(None, logs=None)) as client:
        result = await client.ping()
    assert result.pong and result.json == {"type": 1}


async def test_deferred_then_edit_and_followups(bot: Bot) -> None:
    async with TestClient(bot) as client:
        result = await client.command("report")
        assert result.deferred and result.ephemeral and result.content == ""
        edit = await client.wait_edit()
        assert edit.content == "report ready"
        assert edit.ephemeral  # the deferred message was ephemeral
        first = await client.wait_followup()
        second = await client.wait_followup()
        assert (first.content, first.ephemeral) == ("done", True)
        assert (second.content, second.ephemeral) == ("and one more", False)
        assert [f.content for f in client.followups] == ["done", "and one more"]
        assert [e.content for e in client.edits] == ["report ready"]
        stored = client.fake.original(result.interaction["token"])
        assert stored is not None and stored["content"] == "report ready"


async def test_wait_edit_times_out_with_a_clear_message(bot: Bot) -> None:
    async with TestClient(bot) as client:
        await client.command("silent")
        with pytest.raises(WaitTimeout, match=r"did not edit an original response within 0.2s"):
            await client.wait_edit(timeout=0.2)
        with pytest.raises(TimeoutError, match="did not send a follow-up"):
            await client.wait_followup(timeout=0.2)


async def test_slow_answer_times_out() -> None:
    release = asyncio.Event()

    async def slow(interaction: CommandInteraction) -> kagari.Message:
        await release.wait()
        return kagari.Message("late")

    raw_bot = kagari.RESTBot(None, logs=None)
    raw_bot.set_listener(CommandInteraction, slow)
    async with TestClient(raw_bot, timeout=0.2) as client:
        with pytest.raises(WaitTimeout, match=r"did not answer /slow within 0.2s"):
            await client.command("slow")
        release.set()


async def test_error_status_raises_or_is_returned() -> None:
    async def broken(interaction: CommandInteraction) -> kagari.Message:
        raise RuntimeError("boom")

    raw_bot = kagari.RESTBot(None, logs=None)
    raw_bot.set_listener(CommandInteraction, broken)
    async with TestClient(raw_bot) as client:
        with pytest.raises(BadResponse, match="answered /x with HTTP 500"):
            await client.command("x")
    async with TestClient(raw_bot, raise_for_status=False) as client:
        result = await client.command("x")
        assert result.status == 500 and not result.ok and result.type is None
        unhandled = await client.component("nobody-listens")
        assert unhandled.status == 501


async def test_files_and_embeds(bot: Bot) -> None:
    async with TestClient(bot) as client:
        result = await client.command("upload")
    assert result.content == "here"
    assert [(f.filename, f.data) for f in result.files] == [("hello.txt", b"hello file")]
    assert result.embeds[0].title == "Report"
    assert result.embeds[0].description == "all good"


async def test_answer_through_the_rest_callback() -> None:
    raw_bot = kagari.RESTBot(None, logs=None)

    async def through_rest(interaction: ComponentInteraction) -> None:
        await raw_bot.rest.create_interaction_response(
            interaction.id, interaction.token, {"type": 4, "data": {"content": "via rest"}}
        )

    raw_bot.set_listener(ComponentInteraction, through_rest)
    async with TestClient(raw_bot) as client:
        result = await client.component("go")
    assert result.status == 202
    assert result.via_rest
    assert result.content == "via rest"


async def test_options_fill_resolved(bot: Bot) -> None:
    seen: list[CommandInteraction] = []

    async def capture(interaction: CommandInteraction) -> kagari.Message:
        seen.append(interaction)
        return kagari.Message("ok")

    raw_bot = kagari.RESTBot(None, logs=None)
    raw_bot.set_listener(CommandInteraction, capture)
    member, role = make_member(username="m"), make_role(name="mods")
    channel, attachment = make_channel(name="logs"), make_attachment(filename="a.png")
    async with TestClient(raw_bot) as client:
        await client.command(
            "inspect", who=member, role=role, where=channel, file=attachment, n=2, ok=True
        )
    interaction = seen[0]
    resolved = interaction.resolved
    assert resolved is not None
    assert resolved.members[member.id].user.username == "m"
    assert resolved.roles[role.id].name == "mods"
    assert resolved.channels[channel.id].id == channel.id
    assert resolved.attachments[attachment.id].content_type == "image/png"
    types = {option.name: int(option.type) for option in interaction.options}
    assert types == {"who": 6, "role": 8, "where": 7, "file": 11, "n": 4, "ok": 5}


async def test_select_values_and_modal_from_a_component() -> None:
    raw_bot = kagari.RESTBot(None, logs=None)
    picked: list[ComponentInteraction] = []
    submitted: list[ModalInteraction] = []

    async def on_command(interaction: CommandInteraction) -> kagari.Message:
        select = kagari.StringSelect("fruit", ["apple", "pear", "plum"], max_values=2)
        users = kagari.UserSelect("people")
        return kagari.Message(
            "pick", components=[kagari.ActionRow(select), kagari.ActionRow(users)]
        )

    async def on_component(interaction: ComponentInteraction) -> Any:
        picked.append(interaction)
        if interaction.custom_id == "people":
            return kagari.Modal(
                "Why?",
                custom_id="why",
                components=[
                    kagari.TextInput("Reason", custom_id="reason"),
                ],
            )
        return kagari.Update(content=",".join(interaction.values))

    async def on_modal(interaction: ModalInteraction) -> kagari.Update:
        submitted.append(interaction)
        return kagari.Update(content="reason: " + str(interaction.fields["reason"].value))

    raw_bot.set_listener(CommandInteraction, on_command)
    raw_bot.set_listener(ComponentInteraction, on_component)
    raw_bot.set_listener(ModalInteraction, on_modal)
    async with TestClient(raw_bot) as client:
        sent = await client.command("menu")
        result = await client.component("fruit", ["apple", "plum"])
        assert result.content == "apple,plum"
        with pytest.raises(AssertionError, match="'kiwi' is not one of its options"):
            await client.component("fruit", ["kiwi"])
        with pytest.raises(AssertionError, match="3 value"):
            await client.component("fruit", ["apple", "pear", "plum"])
        with pytest.raises(AssertionError, match="pass values"):
            await client.component("fruit")
        friend = make_user(username="friend")
        opened = await client.component("people", [friend])
        assert opened.modal is not None
        assert picked[-1].selected_users[0].username == "friend"
        done = await client.modal("why", reason="because")
        assert done.content == "reason: because"
        assert submitted[0].message is not None  # opened from a message: it comes along
        stored = client.fake.original(sent.interaction["token"])
        assert stored is not None and stored["content"] == "reason: because"


async def test_rest_bodies_match_discords_spec(bot: Bot, openapi: Any) -> None:
    async with TestClient(bot, spec_path=openapi) as client:
        await client.command("report")
        await client.wait_followup()
        await client.wait_followup()
        assert client.fake.spec_errors == []


async def test_dm_payload_and_installation_fields() -> None:
    seen: list[dict[str, Any]] = []

    async def capture(interaction: CommandInteraction) -> kagari.Message:
        seen.append(interaction.raw)
        return kagari.Message("ok")

    raw_bot = kagari.RESTBot(None, logs=None)
    raw_bot.set_listener(CommandInteraction, capture)
    premium = make_entitlement(77, user_id=5)
    async with TestClient(
        raw_bot, app_permissions=kagari.Permissions.SEND_MESSAGES, entitlements=[premium]
    ) as client:
        await client.command("x")
        await client.using(guild_id=None).command("x")
        await client.using(guild_id=None, context=2).command("x")
        application_id = client.fake.application_id
    in_guild, in_dm, private = seen
    assert in_guild["app_permissions"] == str(int(kagari.Permissions.SEND_MESSAGES))
    assert in_guild["entitlements"][0]["sku_id"] == "77"
    assert in_guild["entitlements"][0]["application_id"] == application_id
    assert in_guild["authorizing_integration_owners"] == {"0": str(DEFAULT_GUILD_ID)}
    assert "member" not in in_dm and in_dm["user"]["username"] == "tester"
    assert "guild_id" not in in_dm and in_dm["context"] == 1
    assert in_dm["channel"]["type"] == 1
    assert private["context"] == 2
    assert private["authorizing_integration_owners"] == {"1": private["user"]["id"]}


async def test_components_on_followups_and_message_commands_on_results() -> None:
    raw_bot = kagari.RESTBot(None, logs=None)
    clicked: list[ComponentInteraction] = []

    async def on_command(interaction: CommandInteraction) -> Any:
        if interaction.command_name == "Quote":
            target = interaction.target
            yield kagari.Message(f"quoted {target.id if target else None}")
            return
        yield kagari.Defer()
        await raw_bot.rest.create_followup(
            interaction.application_id,
            interaction.token,
            {
                "content": "later",
                "components": [kagari.ActionRow(kagari.Button("Go", custom_id="go")).to_dict()],
            },
        )

    async def on_component(interaction: ComponentInteraction) -> kagari.Update:
        clicked.append(interaction)
        return kagari.Update(content="went")

    raw_bot.set_listener(CommandInteraction, on_command)
    raw_bot.set_listener(ComponentInteraction, on_component)
    async with TestClient(raw_bot) as client:
        await client.command("start")
        followup = await client.wait_followup()
        assert followup.custom_ids == ["go"]
        await client.component("go")
        assert clicked[0].message is not None
        assert str(clicked[0].message.id) == followup.id
        quoted = await client.message_command("Quote", followup)
        assert quoted.content == f"quoted {followup.id}"
        with pytest.raises(AssertionError, match="the message has no component 'stop'"):
            await client.component("stop", message=followup)


async def test_a_given_fake_is_left_running_and_a_stopped_one_is_stopped(bot: Bot) -> None:
    from kagari.testing import FakeDiscord

    async with FakeDiscord() as running:
        async with TestClient(bot, fake=running) as client:
            assert client.fake is running
            await client.command("ping")
        assert running.url  # still serving
    stopped = FakeDiscord()
    async with TestClient(bot, fake=stopped) as client:
        assert (await client.command("ping")).content == "pong"
    with pytest.raises(RuntimeError):
        stopped.url  # noqa: B018 - closed again by the client that started it


async def test_deferred_update_edits_the_message_the_component_sits_on() -> None:
    bot = Bot(logs=None)

    @bot.command
    async def panel(ctx: Context) -> kagari.Message:
        """A panel."""
        return kagari.Message(
            "open", components=[kagari.ActionRow(kagari.Button("Close", custom_id="close"))]
        )

    @bot.component("close")
    async def close(ctx: Context) -> Any:
        yield kagari.Defer()
        await ctx.edit("closed", components=[])

    async with TestClient(bot) as client:
        sent = await client.command("panel")
        clicked = await client.component("close")
        assert clicked.type == 6 and clicked.deferred and clicked.updated
        edit = await client.wait_edit()
        assert edit.content == "closed"
        panel_message = client.fake.original(sent.interaction["token"])
        assert panel_message is not None
        assert edit.id == panel_message["id"]
        assert (panel_message["content"], panel_message["components"]) == ("closed", [])


def test_bad_client_arguments_are_named(bot: Bot) -> None:
    with pytest.raises(ValueError, match="member= needs a guild"):
        TestClient(bot, guild_id=None, member=make_member())
    with pytest.raises(ValueError, match="user= and member= name different users"):
        TestClient(bot, user=make_user(), member=make_member())
    with pytest.raises(TypeError, match="user: expected a User"):
        TestClient(bot, user=make_member())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="either fake= or spec_path="):
        TestClient(bot, fake=object(), spec_path="x")  # type: ignore[arg-type]


async def test_using_shares_history_and_is_not_started_separately(bot: Bot) -> None:
    async with TestClient(bot) as client:
        other = client.using(user=make_user(username="second"))
        with pytest.raises(RuntimeError, match="shares its parent's lifecycle"):
            await other.start()
        await other.command("report")
        assert (await client.wait_edit()).content == "report ready"
        assert other.user.username == "second" and client.user.username == "tester"
    with pytest.raises(RuntimeError, match="not started"):
        await client.command("ping")


async def test_client_leaves_a_keyless_bot_keyless() -> None:
    from kagari.restbot import RESTBot
    from kagari.testing import TestClient

    bot = RESTBot(None, logs=None)
    assert bot.public_key is None
    async with TestClient(bot) as client:
        assert bot.public_key is not None
        assert (await client.ping()).status == 200
    assert bot.public_key is None


# -- the raw door: post / open -------------------------------------------------------------


async def test_raw_door_refuses_bad_signatures(bot: Bot) -> None:
    async with TestClient(bot) as client:
        assert (await client.post({"type": 1})).status == 200
        unsigned = await client.post({"type": 1}, sign=False)
        assert unsigned.status == 401 and not unsigned.ok
        assert b"Traceback" not in unsigned.body
        assert (await client.post({"type": 1}, keys=DevKeyPair())).status == 401
        forged = await client.post({"type": 1}, headers={"X-Signature-Ed25519": "ab" * 64})
        assert forged.status == 401
        stale = str(int(time.time()) - 301)
        assert (await client.post({"type": 1}, timestamp=stale)).status == 401
        # signed over other bytes than those sent
        headers = client.keys.sign(b'{"type":1}')
        tampered = await client.post(body=b'{"type": 1}', headers=headers, sign=False)
        assert tampered.status == 401


async def test_raw_door_sends_bytes_headers_methods_and_paths_as_given(bot: Bot) -> None:
    async with TestClient(bot) as client:
        broken = await client.post(body=b"{not json")
        assert broken.status == 400 and b"not valid JSON" in broken.body
        assert "not valid JSON" in broken.text
        assert broken.json() == {"error": "body is not valid JSON"}
        assert (await client.post(body=b"")).status == 400
        assert (await client.post()).status == 400  # nothing at all: an empty body
        as_text = await client.post({"type": 1}, headers={"Content-Type": "text/plain"})
        assert as_text.status == 415
        assert (await client.post({"type": 1}, content_type=None)).status == 415
        charset = await client.post({"type": 1}, content_type="application/json; charset=utf-8")
        assert charset.status == 200 and charset.json() == {"type": 1}
        assert charset.content_type == "application/json"
        assert charset.headers["content-type"] == charset.headers["Content-Type"]
        got = await client.open({"type": 1}, method="GET")
        assert got.status == 405 and got.headers["Allow"] == "POST"
        assert (await client.post({"type": 1}, path="/elsewhere")).status == 404
        assert "RawResponse(status=200" in repr(charset) and charset.elapsed > 0


def test_raw_response_reads_its_body() -> None:
    reply = RawResponse(502, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>Bad \xff</h1>")
    assert reply.content_type == "text/html" and not reply.ok
    assert reply.text == "<h1>Bad \ufffd</h1>"
    with pytest.raises(ValueError, match="the HTTP 502 answer is not JSON: b'<h1>Bad"):
        reply.json()
    assert RawResponse(204, {}, b"").content_type == ""


async def test_raw_door_arguments_are_checked(bot: Bot) -> None:
    client = TestClient(bot)
    with pytest.raises(RuntimeError, match="not started"):
        await client.post({"type": 1})
    async with client:
        with pytest.raises(ValueError, match="the payload or the raw body, not both"):
            await client.post({"type": 1}, body=b"{}")
        with pytest.raises(ValueError, match="path must start with '/'"):
            await client.post({"type": 1}, path="elsewhere")


async def test_raw_door_payloads_reach_the_bot_and_its_rest_calls_are_followed(bot: Bot) -> None:
    async with TestClient(bot) as client:
        pong = await client.post(command_payload("ping"))
        assert pong.status == 200
        assert pong.json()["data"]["content"] == "pong"
        deferred = await client.post(command_payload("report"))
        assert deferred.json() == {"type": 5, "data": {"flags": 64}}
        # the builders' application id is the one of the client's own fake Discord
        assert (await client.wait_edit()).content == "report ready"
        assert (await client.wait_followup()).content == "done"
        clicked = await client.post(component_payload("vote:42:yes", username="ayu"))
        assert clicked.json()["data"]["content"].startswith("ayu voted yes on 42")


async def test_client_signs_with_given_keys_and_restores_the_bot(bot: Bot) -> None:
    keys = DevKeyPair()
    async with TestClient(bot, keys=keys) as client:
        assert client.keys is keys
        assert bot.public_key == bytes.fromhex(keys.public_key)
        assert (await client.ping()).pong
    assert bot.public_key is None


async def test_shutdown_timeout_bounds_the_close_of_a_started_bot() -> None:
    bot = kagari.RESTBot(None, logs=None)
    cancelled = asyncio.Event()

    async def endless(interaction: CommandInteraction) -> Any:
        yield kagari.Defer()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    bot.set_listener(CommandInteraction, endless)
    started = time.perf_counter()
    async with TestClient(bot, shutdown_timeout=0.2) as client:
        assert (await client.post(command_payload("slow"))).json() == {"type": 5}
    assert cancelled.is_set() and not bot.is_alive
    assert time.perf_counter() - started < 5
