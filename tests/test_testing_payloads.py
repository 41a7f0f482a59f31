"""The payload builders of ``kagari.testing`` shaped like Discord's documented examples, and
accepted by a served bot through the raw door (``TestClient.post``)."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

import kagari
from kagari.app import Bot, Context
from kagari.models import CommandInteraction, ModalInteraction, decode_interaction
from kagari.testing import (
    DEFAULT_APPLICATION_ID,
    TestClient,
    make_user,
    message_command_payload,
    modal_payload,
    user_command_payload,
)
from kagari.testing.payloads import DEFAULT_USER_ID


def documented(payloads_dir: pathlib.Path, name: str) -> dict[str, Any]:
    data = json.loads((payloads_dir / "incoming" / name).read_text())
    assert isinstance(data, dict)
    return data


def without_ids(value: Any) -> Any:
    """``value`` with the ``id`` of every component dropped (older examples have none)."""
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: without_ids(item) for key, item in value.items() if key != "id"}
    return value


# -- context-menu commands -----------------------------------------------------------------


def test_user_command_payload_is_shaped_like_the_documented_one(
    payloads_dir: pathlib.Path,
) -> None:
    doc = documented(payloads_dir, "application_command_user.json")
    ours = user_command_payload("context-menu-user-2", "809850198683418695")
    assert set(doc) <= set(ours)
    assert set(doc["data"]) == set(ours["data"])
    assert ours["type"] == 2 and ours["data"]["type"] == 2
    assert ours["data"]["name"] == "context-menu-user-2"
    assert ours["data"]["target_id"] == "809850198683418695"
    resolved = ours["data"]["resolved"]
    assert set(resolved) == set(doc["data"]["resolved"]) == {"users", "members"}
    assert set(resolved["users"]) == set(resolved["members"]) == {"809850198683418695"}
    documented_member = doc["data"]["resolved"]["members"]["809850198683418695"]
    assert set(documented_member) - {"is_pending"} <= set(resolved["members"]["809850198683418695"])
    decoded = decode_interaction(ours)
    assert isinstance(decoded, CommandInteraction)


def test_user_command_payload_targets_the_invoker_by_default_and_takes_a_resolved() -> None:
    assert user_command_payload("Wave")["data"]["target_id"] == DEFAULT_USER_ID
    in_dm = user_command_payload("Wave", context="bot_dm")
    assert "member" not in in_dm and "members" not in in_dm["data"]["resolved"]
    target = make_user(80351110224678912, username="nelly").raw
    given = {"users": {target["id"]: target}}
    ours = user_command_payload("Wave", target["id"], resolved=given)
    assert ours["data"]["resolved"] == given


def test_message_command_payload_carries_the_target_message() -> None:
    ours = message_command_payload("Bookmark", "1234567890")
    assert ours["type"] == 2
    data = ours["data"]
    assert set(data) == {"id", "name", "type", "target_id", "resolved"}
    assert (data["name"], data["type"], data["target_id"]) == ("Bookmark", 3, "1234567890")
    message = data["resolved"]["messages"]["1234567890"]
    assert message["id"] == "1234567890" and message["channel_id"] == ours["channel_id"]
    assert message["author"]["id"] == ours["member"]["user"]["id"]
    fresh = message_command_payload("Bookmark")["data"]
    assert list(fresh["resolved"]["messages"]) == [fresh["target_id"]]


async def test_context_menu_payloads_are_accepted_by_a_served_bot() -> None:
    bot = Bot(logs=None)

    @bot.user_command("Show name")
    async def show_name(ctx: Context, member: kagari.Member) -> str:
        return f"{member.user.username}|{member.nick}"

    @bot.message_command("Quote")
    async def quote(ctx: Context, message: kagari.PartialMessage) -> str:
        return f"quoted {message.id}"

    target = make_user(80351110224678912, username="nelly").raw
    resolved = {
        "users": {target["id"]: target},
        "members": {
            target["id"]: {"roles": [], "nick": "Nel", "joined_at": "2020-01-01T00:00:00Z"}
        },
    }
    async with TestClient(bot) as client:
        shown = await client.post(
            user_command_payload("Show name", target["id"], resolved=resolved)
        )
        quoted = await client.post(message_command_payload("Quote", "1234567890"))
    assert shown.status == 200 and shown.json()["data"]["content"] == "nelly|Nel"
    assert quoted.json()["data"]["content"] == "quoted 1234567890"


# -- modals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("example", "fields"),
    [
        (
            "modal_submit_label_text_input.derived.json",
            {
                "game_feedback": "The recent changes to acceleration feel much better, "
                "but shadows still need help"
            },
        ),
        ("modal_submit_label_string_select.derived.json", {"favorite_bug": ["butterfly"]}),
        (
            "modal_submit_label_user_select.derived.json",
            {"user_selected": {"type": 5, "values": ["11111111111111111"]}},
        ),
        (
            "modal_submit_label_role_select.derived.json",
            {
                "roles_selected": {
                    "type": 6,
                    "values": ["1362213912946147499", "1357409927680889032"],
                }
            },
        ),
    ],
)
def test_modal_payload_components_match_the_documented_ones(
    payloads_dir: pathlib.Path, example: str, fields: dict[str, Any]
) -> None:
    doc = documented(payloads_dir, example)
    modal_id = doc["data"]["custom_id"]
    ours = modal_payload(modal_id, fields)
    assert ours["type"] == 5
    assert ours["data"]["components"] == doc["data"]["components"]
    documented_kinds = set(doc["data"].get("resolved", {}))
    assert set(ours["data"].get("resolved", {})) == documented_kinds
    for kind in documented_kinds:
        assert set(ours["data"]["resolved"][kind]) == set(doc["data"]["resolved"][kind])


def test_modal_payload_in_action_rows_matches_the_legacy_example(
    payloads_dir: pathlib.Path,
) -> None:
    doc = documented(payloads_dir, "modal_submit_action_row_text_input_full_legacy.json")
    ours = modal_payload("cool_modal", {"name": "John"}, layout="action_row")
    assert without_ids(ours["data"]) == doc["data"]
    assert set(doc) <= set(ours)


def test_modal_payload_field_kinds_message_and_resolved() -> None:
    fields: dict[str, Any] = {
        "agree": True,
        "color": {"type": 21, "value": "red"},
        "tags": {"type": 22, "values": ["a"]},
        "photo": {"type": 19, "values": ["555"]},
    }
    ours = modal_payload("form", fields, message_id="999")
    inner = [label["component"] for label in ours["data"]["components"]]
    assert inner == [
        {"id": 2, "type": 23, "value": True, "custom_id": "agree"},
        {"id": 4, "type": 21, "value": "red", "custom_id": "color"},
        {"id": 6, "type": 22, "values": ["a"], "custom_id": "tags"},
        {"id": 8, "type": 19, "values": ["555"], "custom_id": "photo"},
    ]
    assert set(ours["data"]["resolved"]) == {"attachments"}
    assert ours["data"]["resolved"]["attachments"]["555"]["id"] == "555"
    assert ours["message"]["id"] == "999"
    assert "message" not in modal_payload("form", {"x": "y"})
    given = {"attachments": {"555": {"id": "555", "filename": "me.png"}}}
    assert modal_payload("form", fields, resolved=given)["data"]["resolved"] == given


def test_modal_payload_refuses_what_it_cannot_build() -> None:
    with pytest.raises(ValueError, match="layout must be 'label' or 'action_row'"):
        modal_payload("form", {"x": "y"}, layout="grid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="field 'x': a submitted component needs its int 'type'"):
        modal_payload("form", {"x": {"value": "y"}})


async def test_modal_payloads_are_accepted_by_a_served_bot() -> None:
    bot = Bot(logs=None)
    seen: list[ModalInteraction] = []

    @bot.modal("profile")
    async def profile(
        ctx: Context, agree: bool, color: str, tags: list[str], photo: list[kagari.Attachment]
    ) -> kagari.Update:
        assert isinstance(ctx.interaction, ModalInteraction)
        seen.append(ctx.interaction)
        return kagari.Update(content=f"{agree} {color} {tags} {photo[0].filename}")

    fields: dict[str, Any] = {
        "agree": True,
        "color": {"type": 21, "value": "red"},
        "tags": {"type": 22, "values": ["a", "b"]},
        "photo": {"type": 19, "values": ["555"]},
    }
    async with TestClient(bot) as client:
        assert client.fake.application_id == DEFAULT_APPLICATION_ID
        reply = await client.post(modal_payload("profile", fields, message_id="999"))
        legacy = await client.post(
            modal_payload("profile", fields, layout="action_row", message_id="999")
        )
    assert reply.json() == {"type": 7, "data": {"content": "True red ['a', 'b'] file.txt"}}
    assert legacy.json() == reply.json()
    assert len(seen) == 2
