"""Modal submissions bound to handler parameters by custom_id, over signed HTTP."""

from __future__ import annotations

from typing import Annotated, Any

import kagari
from kagari.app import Bot, Context, Option
from kagari.testing import (
    FakeDiscord,
    TestClient,
    command_payload,
    make_user,
    modal_payload,
    snowflake,
)


async def test_every_field_kind(bot: Bot, fake: FakeDiscord) -> None:
    seen: dict[str, Any] = {}

    @bot.modal("profile:{user_id:snowflake}")
    async def profile(
        ctx: Context,
        user_id: kagari.Snowflake,
        name: str,
        age: int,
        height: float,
        color: str,
        tags: list[str],
        agree: bool,
        photos: list[kagari.Attachment],
        friend: kagari.User,
        roles: list[kagari.Role],
        bio: Annotated[str, Option(name="about-me")] = "none",
        nickname: str | None = None,
    ) -> kagari.Message:
        seen.update(locals())
        return kagari.Message("saved", ephemeral=True)

    friend = make_user(80351110224678912, username="nelly", global_name="Nelly").raw
    fields = {
        "name": "Ann",
        "age": "31",
        "height": "1.7",
        "color": {"type": 21, "value": "blue"},
        "tags": {"type": 22, "values": ["a", "b"]},
        "agree": True,
        "photos": {"type": 19, "values": ["555"]},
        "friend": {"type": 5, "values": [friend["id"]]},
        "roles": {"type": 6, "values": ["41771983423143936"]},
        "nickname": "",
    }
    resolved = {
        "users": {friend["id"]: friend},
        "roles": {
            "41771983423143936": {
                "id": "41771983423143936",
                "name": "mods",
                "color": 0,
                "permissions": "0",
                "position": 1,
            }
        },
        "attachments": {
            "555": {
                "id": "555",
                "filename": "me.png",
                "size": 10,
                "url": "https://cdn/me.png",
                "proxy_url": "https://p/me.png",
            }
        },
    }
    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(modal_payload("profile:1234", fields, resolved=resolved))
    assert reply.json()["data"]["content"] == "saved"
    assert seen["user_id"] == 1234 and isinstance(seen["user_id"], kagari.Snowflake)
    assert (seen["name"], seen["age"], seen["height"]) == ("Ann", 31, 1.7)
    assert seen["color"] == "blue" and seen["tags"] == ["a", "b"] and seen["agree"] is True
    assert [a.filename for a in seen["photos"]] == ["me.png"]
    assert seen["friend"].username == "nelly"
    assert [r.name for r in seen["roles"]] == ["mods"]
    assert seen["bio"] == "none"  # missing optional field -> default
    assert seen["nickname"] is None  # empty optional text -> default


async def test_api_md_feedback_modal(bot: Bot, fake: FakeDiscord) -> None:
    @bot.command
    async def feedback(ctx: Context) -> kagari.Modal:
        return kagari.Modal(
            "Feedback",
            custom_id="feedback:general",
            components=[
                kagari.TextInput("Title", custom_id="title"),
                kagari.TextInput("Details", custom_id="body", style="paragraph", required=False),
            ],
        )

    @bot.modal("feedback:{topic}")
    async def on_feedback(ctx: Context, topic: str, title: str, body: str = "") -> kagari.Message:
        return kagari.Message(f"thanks for '{title}' ({topic})", ephemeral=True)

    async with TestClient(bot, fake=fake) as client:
        opened = await client.post(command_payload("feedback"))
        assert opened.json()["type"] == 9
        assert opened.json()["data"]["custom_id"] == "feedback:general"
        label_form = await client.post(modal_payload("feedback:general", {"title": "Hi"}))
        legacy_form = await client.post(
            modal_payload("feedback:bugs", {"title": "Crash", "body": "trace"}, layout="action_row")
        )
    assert label_form.json()["data"]["content"] == "thanks for 'Hi' (general)"
    assert legacy_form.json()["data"]["content"] == "thanks for 'Crash' (bugs)"


async def test_missing_or_bad_fields_go_to_error_handlers(bot: Bot, fake: FakeDiscord) -> None:
    @bot.modal("survey")
    async def survey(ctx: Context, score: int) -> str:
        return f"score {score}"

    @survey.error_handler(kagari.app.ModalBindingError)
    async def bad_form(ctx: Context, error: Exception) -> kagari.Message:
        return kagari.Message(str(error), ephemeral=True)

    async with TestClient(bot, fake=fake) as client:
        missing = await client.post(modal_payload("survey", {"other": "x"}))
        bad = await client.post(modal_payload("survey", {"score": "lots"}))
        good = await client.post(modal_payload("survey", {"score": "7"}))
    assert missing.json()["data"]["content"] == (
        "the submitted modal has no field 'score' for parameter 'score' (its fields: 'other')"
    )
    assert bad.json()["data"]["content"] == "field 'score': 'lots' is not a whole number"
    assert good.json()["data"]["content"] == "score 7"


async def test_modal_from_component_can_update(bot: Bot, fake: FakeDiscord) -> None:
    @bot.modal("rename")
    async def rename(ctx: Context, title: str) -> kagari.Update:
        return kagari.Update(content=title)

    @bot.modal("quiet")
    async def quiet(ctx: Context, title: str) -> None:
        return None

    async with TestClient(bot, fake=fake) as client:
        updated = await client.post(
            modal_payload("rename", {"title": "New"}, message_id=snowflake())
        )
        acknowledged = await client.post(
            modal_payload("quiet", {"title": "x"}, message_id=snowflake())
        )
    assert updated.json() == {"type": 7, "data": {"content": "New"}}
    assert acknowledged.json() == {"type": 6}
