"""``kagari.testing.payloads``: what ``send``/``doctor`` sign is shaped like Discord's requests."""

from __future__ import annotations

import json
import pathlib
import time
from typing import Any

import pytest

from kagari.models import (
    AutocompleteInteraction,
    CommandInteraction,
    ComponentInteraction,
    ModalInteraction,
    PingInteraction,
    decode_interaction,
)
from kagari.testing.payloads import (
    DEFAULT_GUILD_ID,
    DEFAULT_USER_ID,
    TypedOption,
    autocomplete_payload,
    command_payload,
    component_payload,
    modal_payload,
    ping_payload,
    snowflake,
)

# Fields of a current interaction request (Discord's interaction object docs).
ENVELOPE = {
    "id",
    "application_id",
    "type",
    "token",
    "version",
    "locale",
    "app_permissions",
    "entitlements",
    "authorizing_integration_owners",
    "context",
    "attachment_size_limit",
    "channel",
    "channel_id",
}


def documented(payloads_dir: pathlib.Path, name: str) -> dict[str, Any]:
    data = json.loads((payloads_dir / "incoming" / name).read_text())
    assert isinstance(data, dict)
    return data


def test_command_payload_has_every_field_of_a_documented_guild_command(
    payloads_dir: pathlib.Path,
) -> None:
    doc = documented(payloads_dir, "application_command_chat_input.json")
    ours = command_payload("cardsearch", {"cardname": "The Gitrog Monster"})
    assert set(doc) <= set(ours)
    assert ENVELOPE | {"guild_id", "guild", "guild_locale", "member", "data"} <= set(ours)
    assert set(doc["member"]) - {"is_pending"} <= set(ours["member"])
    assert set(doc["member"]["user"]) <= set(ours["member"]["user"])
    assert ours["data"]["options"] == doc["data"]["options"]
    assert ours["authorizing_integration_owners"] == {"0": DEFAULT_GUILD_ID}
    assert ours["context"] == 0


def test_component_and_modal_payloads_match_the_documented_full_examples(
    payloads_dir: pathlib.Path,
) -> None:
    button = documented(payloads_dir, "message_component_button_full_legacy.json")
    ours = component_payload("click_one")
    assert set(button) <= set(ours)
    assert set(button["message"]) <= set(ours["message"])
    assert ours["data"] == {"custom_id": "click_one", "component_type": 2, "id": 2}
    modal = documented(payloads_dir, "modal_submit_action_row_text_input_full_legacy.json")
    assert set(modal) <= set(modal_payload("cool_modal", {"name": "John"}))


def test_ids_are_fresh_snowflakes_dated_now() -> None:
    first, second = command_payload("a"), command_payload("a")
    assert first["id"] != second["id"] and first["token"] != second["token"]
    created_ms = (int(first["id"]) >> 22) + 1_420_070_400_000
    assert abs(created_ms / 1000 - time.time()) < 60
    assert int(snowflake(1_700_000_000.0)) >> 22 == 1_700_000_000_000 - 1_420_070_400_000


def test_option_types_and_resolved_entries() -> None:
    payload = command_payload(
        "greet",
        {
            "text": "hi",
            "count": 3,
            "ratio": 0.5,
            "loud": True,
            "who": TypedOption(6, "123"),
            "where": TypedOption(7, "456"),
            "role": TypedOption(8, "789"),
            "file": TypedOption(11, "1011"),
        },
    )
    interaction = decode_interaction(payload)
    assert isinstance(interaction, CommandInteraction)
    types = {option.name: int(option.type) for option in interaction.options}
    assert types == {
        "text": 3,
        "count": 4,
        "ratio": 10,
        "loud": 5,
        "who": 6,
        "where": 7,
        "role": 8,
        "file": 11,
    }
    resolved = interaction.resolved
    assert resolved is not None
    assert [int(key) for key in resolved.users] == [123]
    assert [int(key) for key in resolved.members] == [123]
    assert [int(key) for key in resolved.channels] == [456]
    assert [int(key) for key in resolved.roles] == [789]
    assert [int(key) for key in resolved.attachments] == [1011]


def test_subcommands_nest_their_options() -> None:
    payload = command_payload("admin users ban", {"who": TypedOption(6, "1")})
    interaction = decode_interaction(payload)
    assert isinstance(interaction, CommandInteraction)
    assert interaction.full_command_name == "admin users ban"
    assert [option.name for option in interaction.leaf_options] == ["who"]
    assert payload["data"]["options"][0]["type"] == 2
    assert payload["data"]["options"][0]["options"][0]["type"] == 1


def test_context_menu_targets() -> None:
    user = decode_interaction(command_payload("Wave at", command_type=2, target_id="77"))
    assert isinstance(user, CommandInteraction) and int(user.target_id or 0) == 77
    assert user.target is not None
    message = decode_interaction(command_payload("Bookmark", command_type=3))
    assert isinstance(message, CommandInteraction) and message.target is not None


@pytest.mark.parametrize(
    ("context", "owners", "channel_type"),
    [("bot_dm", {"0": "0"}, 1), ("private_channel", {"1": DEFAULT_USER_ID}, 3)],
)
def test_dm_contexts_carry_a_user_not_a_member(
    context: Any, owners: dict[str, str], channel_type: int
) -> None:
    payload = command_payload("ping", context=context)
    assert "member" not in payload and "guild_id" not in payload
    assert payload["user"]["id"] == DEFAULT_USER_ID
    assert payload["authorizing_integration_owners"] == owners
    assert payload["channel"]["type"] == channel_type


def test_component_selects_autocomplete_modal_and_ping_decode() -> None:
    select = decode_interaction(component_payload("pick", ["a", "b"]))
    assert isinstance(select, ComponentInteraction)
    assert select.values == ["a", "b"] and int(select.component_type) == 3
    users = decode_interaction(component_payload("who", ["5", "6"], component_type=5))
    assert isinstance(users, ComponentInteraction) and users.resolved is not None
    assert sorted(int(key) for key in users.resolved.users) == [5, 6]
    typed = decode_interaction(autocomplete_payload("search", "query", "ba", options={"n": 2}))
    assert isinstance(typed, AutocompleteInteraction)
    assert typed.focused_option is not None and typed.focused_option.value == "ba"
    modal = decode_interaction(modal_payload("form", {"title": "Hi", "pick": ["x"]}))
    assert isinstance(modal, ModalInteraction)
    assert modal.fields["title"].value == "Hi"
    assert isinstance(decode_interaction(ping_payload()), PingInteraction)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: command_payload(""), "must not be empty"),
        (lambda: command_payload("a b c d"), "at most 'command group subcommand'"),
        (lambda: command_payload("Wave", {"x": 1}, command_type=2), "take no options"),
        (lambda: component_payload("b", ["x"], component_type=2), "carries no values"),
        (lambda: component_payload("b", component_type=4), "component_type must be"),
        (lambda: command_payload("a", context="guild_dm"), "context must be one of"),  # type: ignore[arg-type]
        (lambda: command_payload("a", {"x": object()}), "option values are"),  # type: ignore[dict-item]
    ],
)
def test_bad_arguments_are_named(call: Any, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        call()
