"""Modal submissions bound to handler parameters by custom_id, over signed HTTP."""

from __future__ import annotations

from typing import Annotated, Any

import kagari
from kagari.app import Bot, Context, Option
from kagari.server.devkeys import DevKeyPair
from tests._app_payloads import Payloads, serving, text_input, user


async def test_every_field_kind(bot: Bot, keys: DevKeyPair, p: Payloads) -> None:
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

    friend = user("80351110224678912")
    fields = [
        text_input("name", "Ann"),
        text_input("age", "31"),
        text_input("height", "1.7"),
        {"type": 21, "custom_id": "color", "value": "blue"},
        {"type": 22, "custom_id": "tags", "values": ["a", "b"]},
        {"type": 23, "custom_id": "agree", "value": True},
        {"type": 19, "custom_id": "photos", "values": ["555"]},
        {"type": 5, "custom_id": "friend", "values": [friend["id"]]},
        {"type": 6, "custom_id": "roles", "values": ["41771983423143936"]},
        text_input("nickname", ""),
    ]
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
    async with serving(bot, keys) as client:
        reply = await client.post(p.modal("profile:1234", fields, resolved=resolved))
    assert reply.json()["data"]["content"] == "saved"
    assert seen["user_id"] == 1234 and isinstance(seen["user_id"], kagari.Snowflake)
    assert (seen["name"], seen["age"], seen["height"]) == ("Ann", 31, 1.7)
    assert seen["color"] == "blue" and seen["tags"] == ["a", "b"] and seen["agree"] is True
    assert [a.filename for a in seen["photos"]] == ["me.png"]
    assert seen["friend"].username == "nelly"
    assert [r.name for r in seen["roles"]] == ["mods"]
    assert seen["bio"] == "none"  # missing optional field -> default
    assert seen["nickname"] is None  # empty optional text -> default


async def test_api_md_feedback_modal(bot: Bot, keys: DevKeyPair, p: Payloads) -> None:
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

    async with serving(bot, keys) as client:
        opened = await client.post(p.slash("feedback"))
        assert opened.json()["type"] == 9
        assert opened.json()["data"]["custom_id"] == "feedback:general"
        label_form = await client.post(p.modal("feedback:general", [text_input("title", "Hi")]))
        legacy_form = await client.post(
            p.modal(
                "feedback:bugs",
                [text_input("title", "Crash"), text_input("body", "trace")],
                legacy=True,
            )
        )
    assert label_form.json()["data"]["content"] == "thanks for 'Hi' (general)"
    assert legacy_form.json()["data"]["content"] == "thanks for 'Crash' (bugs)"


async def test_missing_or_bad_fields_go_to_error_handlers(
    bot: Bot, keys: DevKeyPair, p: Payloads
) -> None:
    @bot.modal("survey")
    async def survey(ctx: Context, score: int) -> str:
        return f"score {score}"

    @survey.error_handler(kagari.app.ModalBindingError)
    async def bad_form(ctx: Context, error: Exception) -> kagari.Message:
        return kagari.Message(str(error), ephemeral=True)

    async with serving(bot, keys) as client:
        missing = await client.post(p.modal("survey", [text_input("other", "x")]))
        bad = await client.post(p.modal("survey", [text_input("score", "lots")]))
        good = await client.post(p.modal("survey", [text_input("score", "7")]))
    assert missing.json()["data"]["content"] == (
        "the submitted modal has no field 'score' for parameter 'score' (its fields: 'other')"
    )
    assert bad.json()["data"]["content"] == "field 'score': 'lots' is not a whole number"
    assert good.json()["data"]["content"] == "score 7"


async def test_modal_from_component_can_update(bot: Bot, keys: DevKeyPair, p: Payloads) -> None:
    @bot.modal("rename")
    async def rename(ctx: Context, title: str) -> kagari.Update:
        return kagari.Update(content=title)

    @bot.modal("quiet")
    async def quiet(ctx: Context, title: str) -> None:
        return None

    async with serving(bot, keys) as client:
        updated = await client.post(
            p.modal("rename", [text_input("title", "New")], from_message=True)
        )
        acknowledged = await client.post(
            p.modal("quiet", [text_input("title", "x")], from_message=True)
        )
    assert updated.json() == {"type": 7, "data": {"content": "New"}}
    assert acknowledged.json() == {"type": 6}
