"""Comparing local command payloads with Discord's copies: defaults, fields, options."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kagari.sync import CommandDefaults, FieldChange, diff_command

GLOBAL = CommandDefaults.for_scope(None)
GUILD = CommandDefaults.for_scope(123)

LOCAL: dict[str, Any] = {
    "type": 1,
    "name": "greet",
    "description": "Greet someone",
    "options": [
        {"type": 6, "name": "who", "description": "Who", "required": True},
        {
            "type": 3,
            "name": "style",
            "description": "How",
            "required": False,
            "choices": [{"name": "short", "value": "short"}, {"name": "long", "value": "long"}],
        },
        {"type": 4, "name": "times", "description": "How often", "min_value": 1, "max_value": 5},
    ],
}


def discord_copy(local: dict[str, Any], guild_id: str | None = None) -> dict[str, Any]:
    """The command the way Discord returns it: ids, defaults, nulls, localized names."""
    remote = copy.deepcopy(local)
    defaults = {
        "default_member_permissions": None,
        "nsfw": False,
        "dm_permission": True,
        "integration_types": [0],
        "contexts": None if guild_id else [2, 1, 0],
        "name_localizations": None,
        "description_localizations": None,
    }
    remote.update({key: value for key, value in defaults.items() if key not in local})
    if remote["contexts"]:
        remote["contexts"] = list(reversed(remote["contexts"]))
    remote.update(
        {
            "id": "1300000000000000001",
            "application_id": "1300000000000000000",
            "version": "1300000000000000002",
            "name_localized": local["name"],
            "description_localized": local.get("description", ""),
        }
    )
    if guild_id:
        remote["guild_id"] = guild_id
    for option in remote.get("options", []):
        if option.get("required") is False:
            del option["required"]
        option["name_localized"] = option["name"]
        for choice in option.get("choices", []):
            choice["name_localizations"] = None
    return remote


def paths(changes: list[FieldChange]) -> list[str]:
    return [change.path for change in changes]


def test_discords_defaults_compare_equal() -> None:
    assert diff_command(LOCAL, discord_copy(LOCAL), GLOBAL) == []
    assert diff_command(LOCAL, discord_copy(LOCAL, "123"), GUILD) == []


@pytest.mark.parametrize(
    ("field", "local_value", "remote_value"),
    [
        ("name_localizations", {}, None),
        ("description_localizations", None, {}),
        ("options", [], None),
        ("nsfw", None, False),
        ("default_member_permissions", None, None),
        ("integration_types", None, None),
    ],
)
def test_empty_values_are_the_same_as_absent(
    field: str, local_value: Any, remote_value: Any
) -> None:
    local = {"type": 1, "name": "ping", "description": "Ping", field: local_value}
    remote = {
        **discord_copy({"type": 1, "name": "ping", "description": "Ping"}),
        field: remote_value,
    }
    assert diff_command(local, remote, GLOBAL) == []
    del local[field]
    assert diff_command(local, remote, GLOBAL) == []


def test_empty_option_fields_are_the_same_as_absent() -> None:
    local = {
        **LOCAL,
        "options": [
            {
                "type": 3,
                "name": "q",
                "description": "Q",
                "choices": [],
                "name_localizations": {},
                "autocomplete": False,
            }
        ],
    }
    remote = discord_copy({**LOCAL, "options": [{"type": 3, "name": "q", "description": "Q"}]})
    remote["options"][0].update({"description_localizations": None, "channel_types": None})
    assert diff_command(local, remote, GLOBAL) == []


def test_context_menu_with_empty_description_and_no_options_is_unchanged() -> None:
    local = {"type": 2, "name": "Show avatar"}
    remote = {**discord_copy({"type": 2, "name": "Show avatar"}), "description": "", "options": []}
    assert diff_command(local, remote, GLOBAL) == []


@pytest.mark.parametrize(
    ("field", "local_value", "remote_value"),
    [
        ("description", "New text", "Greet someone"),
        ("nsfw", True, False),
        ("default_member_permissions", "8", None),
        ("integration_types", [0, 1], [0]),
        ("contexts", [0], [0, 1, 2]),
        ("name_localizations", {"fr": "saluer"}, None),
        ("description_localizations", {"de": "Gruß"}, {}),
    ],
)
def test_a_changed_top_level_field_is_named(
    field: str, local_value: Any, remote_value: Any
) -> None:
    local = {**LOCAL, field: local_value}
    remote = {**discord_copy(LOCAL), field: remote_value}
    changes = diff_command(local, remote, GLOBAL)
    assert paths(changes) == [field]
    assert changes[0].new != changes[0].old


def test_permissions_given_as_int_equal_the_string_discord_returns() -> None:
    local = {**LOCAL, "default_member_permissions": 8}
    remote = {**discord_copy(LOCAL), "default_member_permissions": "8"}
    assert diff_command(local, remote, GLOBAL) == []


def test_integration_types_default_follows_the_application_config() -> None:
    user_installable = CommandDefaults.for_scope(
        None, {"integration_types_config": {"0": {}, "1": {}}}
    )
    remote = {**discord_copy(LOCAL), "integration_types": [1, 0]}
    assert diff_command(LOCAL, remote, user_installable) == []
    assert paths(diff_command(LOCAL, remote, GLOBAL)) == ["integration_types"]


def test_guild_contexts_are_compared_only_when_set_locally() -> None:
    remote = {**discord_copy(LOCAL, "123"), "contexts": [0, 1, 2]}
    assert diff_command(LOCAL, remote, GUILD) == []
    assert paths(diff_command({**LOCAL, "contexts": [0]}, remote, GUILD)) == ["contexts"]


def test_deprecated_dm_permission_counts_only_when_set_locally() -> None:
    remote = {**discord_copy(LOCAL), "dm_permission": False}
    assert diff_command(LOCAL, remote, GLOBAL) == []
    assert paths(diff_command({**LOCAL, "dm_permission": True}, remote, GLOBAL)) == [
        "dm_permission"
    ]


def test_option_changes_are_named_by_option_name() -> None:
    local = copy.deepcopy(LOCAL)
    local["options"][0]["required"] = False
    local["options"][1]["choices"].append({"name": "poem", "value": "poem"})
    local["options"][2]["max_value"] = 10
    changes = diff_command(local, discord_copy(LOCAL), GLOBAL)
    assert paths(changes) == [
        "options.who.required",
        "options.style.choices",
        "options.times.max_value",
    ]
    assert (changes[0].old, changes[0].new) == (True, False)


def test_added_removed_and_reordered_options() -> None:
    local = copy.deepcopy(LOCAL)
    removed = local["options"].pop(2)
    local["options"].append({"type": 5, "name": "loud", "description": "Shout"})
    changes = diff_command(local, discord_copy(LOCAL), GLOBAL)
    assert paths(changes) == ["options.loud", "options.times"]
    assert changes[0].old is None and changes[0].new["type"] == 5
    assert changes[1].new is None and changes[1].old["name"] == removed["name"]

    swapped = copy.deepcopy(LOCAL)
    swapped["options"][1], swapped["options"][2] = swapped["options"][2], swapped["options"][1]
    changes = diff_command(swapped, discord_copy(LOCAL), GLOBAL)
    assert paths(changes) == ["options (order)"]
    assert changes[0].new == ["who", "times", "style"]


def test_subcommand_options_are_compared_recursively() -> None:
    local = {
        "type": 1,
        "name": "admin",
        "description": "Admin tools",
        "options": [
            {
                "type": 1,
                "name": "purge",
                "description": "Purge",
                "options": [
                    {"type": 4, "name": "count", "description": "How many", "required": True}
                ],
            }
        ],
    }
    remote = discord_copy(local)
    assert diff_command(local, remote, GLOBAL) == []
    remote["options"][0]["options"][0]["description"] = "Old"
    assert paths(diff_command(local, remote, GLOBAL)) == ["options.purge.options.count.description"]


def test_channel_types_compare_as_sets() -> None:
    local = {
        **LOCAL,
        "options": [{"type": 7, "name": "where", "description": "Where", "channel_types": [0, 5]}],
    }
    remote = discord_copy(local)
    remote["options"][0]["channel_types"] = [5, 0]
    assert diff_command(local, remote, GLOBAL) == []


def test_unknown_local_fields_are_compared_as_given() -> None:
    local = {**LOCAL, "future_field": {"x": 1}}
    assert paths(diff_command(local, discord_copy(LOCAL), GLOBAL)) == ["future_field"]
    assert diff_command(local, {**discord_copy(LOCAL), "future_field": {"x": 1}}, GLOBAL) == []


_names = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
_option = st.fixed_dictionaries(
    {
        "type": st.sampled_from([3, 4, 5, 6, 10]),
        "name": _names,
        "description": st.text(min_size=1, max_size=20),
        "required": st.booleans(),
    }
)
_command = st.fixed_dictionaries(
    {
        "type": st.just(1),
        "name": _names,
        "description": st.text(min_size=1, max_size=40),
        "options": st.lists(_option, max_size=5, unique_by=lambda option: option["name"]),
    },
    optional={
        "nsfw": st.booleans(),
        "default_member_permissions": st.sampled_from(["0", "8", "32"]),
        "contexts": st.lists(st.sampled_from([0, 1, 2]), min_size=1, unique=True),
    },
)


@settings(max_examples=60, deadline=None)
@given(_command)
def test_property_discords_echo_is_never_a_change(local: dict[str, Any]) -> None:
    assert diff_command(local, discord_copy(local), GLOBAL) == []


@settings(max_examples=60, deadline=None)
@given(_command, st.text(min_size=1, max_size=40))
def test_property_a_changed_description_is_always_seen(local: dict[str, Any], text: str) -> None:
    remote = discord_copy(local)
    remote["description"] = text
    changes = diff_command(local, remote, GLOBAL)
    assert (paths(changes) == ["description"]) == (text != local["description"])
