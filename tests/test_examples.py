"""Every script in examples/ driven through the TestClient: signed HTTP in, REST out."""

from __future__ import annotations

import pathlib
import runpy
from typing import Any

import pytest

import kagari
from kagari.testing import (
    InvalidInteraction,
    TestClient,
    make_member,
    make_message,
    make_role,
    make_user,
)

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"


def load(name: str, monkeypatch: pytest.MonkeyPatch) -> kagari.Bot:
    """Import examples/<name>.py as a user would run it, without serving it."""
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DISCORD_PUBLIC_KEY", raising=False)
    namespace: dict[str, Any] = runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="example")
    bot = namespace["bot"]
    assert isinstance(bot, kagari.Bot)
    return bot


def test_every_example_has_a_test() -> None:
    tested = {
        "ping", "options", "groups", "context_menus", "poll", "modal_form",
        "autocomplete", "long_task", "files_embeds",
    }  # fmt: skip
    assert {path.stem for path in EXAMPLES.glob("*.py")} == tested


async def test_ping(monkeypatch: pytest.MonkeyPatch) -> None:
    async with TestClient(load("ping", monkeypatch)) as client:
        result = await client.command("ping")
    assert result.content == "pong"
    assert not result.ephemeral


async def test_options_and_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = load("options", monkeypatch)
    ayu = make_user(username="ayu")
    async with TestClient(bot) as client:
        result = await client.command("greet", who=ayu, style="long", times=2)
        assert result.content == " ".join([f"Hello there, and welcome {ayu.mention}!"] * 2)
        assert (await client.command("greet", who=ayu)).content == f"Hi {ayu.mention}!"
        with pytest.raises(InvalidInteraction, match="times"):
            await client.command("greet", who=ayu, times=6)
        coffee = await client.command("coffee", size="large", shots=2.5, note="oat milk")
        assert coffee.content == "one large coffee with 2.5 shot(s) (oat milk)"
        assert coffee.ephemeral
        with pytest.raises(InvalidInteraction, match="size"):
            await client.command("coffee", size="huge")
    greet = {c["name"]: c for c in bot.command_payloads()[None]}["greet"]
    options = {o["name"]: o for o in greet["options"]}
    assert options["who"]["description"] == "The person to greet."
    assert [c["value"] for c in options["style"]["choices"]] == ["short", "long"]
    assert options["times"]["min_value"] == 1 and options["times"]["max_value"] == 5


async def test_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = load("groups", monkeypatch)
    member, role = make_member(username="kiri"), make_role(name="helpers")
    async with TestClient(bot) as client:
        purged = await client.command("admin purge", count=3)
        added = await client.command("admin role add", member=member, role=role)
        removed = await client.command("admin role remove", member=member, role=role)
    assert purged.content == "purged 3 messages" and purged.ephemeral
    assert added.content == f"gave {role.mention} to {member.mention}"
    assert removed.content == f"took {role.mention} from {member.mention}"


async def test_context_menus(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = load("context_menus", monkeypatch)
    user = make_user(username="mio", avatar="a1b2c3")
    message = make_message(content="remember this")
    async with TestClient(bot) as client:
        avatar = await client.user_command("Show avatar", user)
        saved = await client.message_command("Bookmark", message)
    assert avatar.content == user.avatar_url
    assert "a1b2c3" in (avatar.content or "")
    assert saved.content == f"saved message {message.id}" and saved.ephemeral


async def test_poll_buttons_route_to_the_vote(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = load("poll", monkeypatch)
    async with TestClient(bot) as client:
        asked = await client.command("poll", question="Tea?")
        assert asked.content == "Tea?"
        buttons = asked.components[0]["components"]
        yes = buttons[0]["custom_id"]
        assert yes.startswith("vote:") and yes.endswith(":yes")
        voted = await client.component(yes, message=asked)
    poll_id = int(yes.split(":")[1])
    assert voted.type == 7  # the message the button sits on is updated
    assert voted.content == f"tester voted yes on poll {poll_id}"


async def test_modal_form(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = load("modal_form", monkeypatch)
    async with TestClient(bot) as client:
        opened = await client.command("feedback")
        assert opened.modal is not None
        assert opened.type == 9
        full = await client.modal("feedback:general", title="Docs", body="more examples")
        short = await client.modal("feedback:general", title="Typo")
    assert full.content == "thanks for 'Docs' (general): 13 characters of details"
    assert short.content == "thanks for 'Typo' (general)"
    assert full.ephemeral


async def test_autocomplete(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = load("autocomplete", monkeypatch)
    async with TestClient(bot) as client:
        suggested = await client.autocomplete("search", "query", "ap")
        picked = await client.command("search", query="apricot")
    assert [choice["value"] for choice in suggested.choices] == ["apple", "apricot"]
    assert picked.content == "you picked apricot"


async def test_long_task_defers_then_edits_and_follows_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = load("long_task", monkeypatch)
    async with TestClient(bot) as client:
        first = await client.command("report", days=2)
        assert first.deferred and first.ephemeral
        edit = await client.wait_edit()
        followup = await client.wait_followup()
    assert edit.content == "report for the last 2 day(s): all good"
    assert followup.content == "done"
    assert followup.flags & 64  # ephemeral


async def test_files_and_embeds(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = load("files_embeds", monkeypatch)
    async with TestClient(bot) as client:
        result = await client.command("stats")
    assert [file.filename for file in result.files] == ["stats.csv"]
    assert result.files[0].data.startswith(b"hour,interactions")
    (embed,) = result.embeds
    assert embed.title == "Today's stats"
    assert [field["name"] for field in embed.fields] == ["Peak hour", "Total"]
    assert embed.raw["timestamp"].startswith("2026-01-01T00:00:00")
