"""kagari.models never breaks on surprising payloads (hypothesis).

Starting from every documented example and every hand-written payload, random
mutations are applied at any depth: unknown fields added, enum values replaced by
unknown ones, fields removed, values replaced by JSON of the wrong type. Decoding
and then reading every public property (recursively) must never raise.
"""

from __future__ import annotations

import copy
import datetime
import enum
import functools
import inspect
import json
import pathlib
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kagari.models import Model, decode_interaction
from kagari.models._lazy import cached_property

from . import test_models_data as data

INCOMING = pathlib.Path(__file__).resolve().parent / "data" / "discord-payloads" / "incoming"


def _base_payloads() -> dict[str, dict[str, Any]]:
    payloads = {name: build() for name, build in data.HAND_WRITTEN.items()}
    for path in sorted(INCOMING.glob("*.json")):
        payloads[path.name] = json.loads(path.read_text("utf-8"))
    return payloads


BASE = _base_payloads()
NAMES = sorted(BASE)

ENUM_KEYS = frozenset(
    {
        "type",
        "component_type",
        "context",
        "locale",
        "guild_locale",
        "permissions",
        "app_permissions",
        "flags",
        "public_flags",
    }
)

# Methods worth calling while reading "every public property", with their arguments.
METHOD_CALLS: dict[str, tuple[Any, ...]] = {
    "walk": (),
    "is_active": (),
    "is_timed_out": (),
    "get_option": ("count",),
    "get_mentionable": ("1",),
}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(
        # Ids, hashes, timestamps, and digit strings that are not plain ASCII ids.
        ["0", "1", "123456789012345678", "a_b", "2024-01-01T00:00:00Z", "²", "١٢", "9" * 30]
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


def _dict_nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside ``value``, ``value`` included."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _dict_nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from _dict_nodes(child)


def _public_members(cls: type) -> list[str]:
    names: list[str] = []
    for name in dir(cls):
        if name.startswith("_"):
            continue
        attr = inspect.getattr_static(cls, name)
        lazy = isinstance(attr, (property, cached_property, functools.cached_property))
        if lazy or name in METHOD_CALLS:
            names.append(name)
    return names


def read_everything(root: Any) -> dict[str, Any]:
    """Read every public property below ``root``; return the primitive values by path.

    Raw JSON (``raw``, ``data``, raw component trees) is not part of the snapshot.
    """
    snapshot: dict[str, Any] = {}
    seen: set[int] = set()
    alive: list[Any] = []  # keeps visited models alive so their ids stay unique

    def visit(value: Any, path: str, depth: int) -> None:
        if depth > 12:
            return
        if isinstance(value, Model):
            if id(value) in seen:
                return
            seen.add(id(value))
            alive.append(value)
            repr(value)
            for name in _public_members(type(value)):
                if name == "raw":
                    continue
                result = getattr(value, name)
                if name in METHOD_CALLS:
                    result = result(*METHOD_CALLS[name])
                visit(result, f"{path}.{name}", depth + 1)
        elif isinstance(value, (list, tuple)):
            if all(not isinstance(item, (dict, list, Model)) for item in value):
                snapshot[path] = tuple(value)
            for index, item in enumerate(value):
                if isinstance(item, Model):
                    visit(item, f"{path}[{index}]", depth + 1)
        elif isinstance(value, dict):
            if value and all(isinstance(item, Model) for item in value.values()):
                for key, item in value.items():
                    visit(item, f"{path}[{key}]", depth + 1)
            elif all(not isinstance(key, str) for key in value):
                snapshot[path] = tuple(sorted(value.items()))
        elif value is None or isinstance(
            value, (bool, int, float, str, datetime.datetime, enum.Enum)
        ):
            snapshot[path] = value

    visit(root, "interaction", 0)
    return snapshot


def decode_and_read(payload: dict[str, Any]) -> dict[str, Any]:
    """Decode ``payload`` and read everything; any exception fails the test."""
    interaction = decode_interaction(payload)
    assert interaction.raw is payload
    return read_everything(interaction)


@pytest.mark.parametrize("name", NAMES)
def test_every_base_payload_reads_completely(name: str) -> None:
    snapshot = decode_and_read(copy.deepcopy(BASE[name]))
    assert "interaction.id" in snapshot
    assert "interaction.type" in snapshot


PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY_SETTINGS
@given(
    name=st.sampled_from(NAMES),
    additions=st.lists(
        st.tuples(st.integers(min_value=0), st.text(max_size=6), json_values),
        min_size=1,
        max_size=6,
    ),
)
def test_unknown_fields_anywhere_change_nothing(
    name: str, additions: list[tuple[int, str, Any]]
) -> None:
    expected = decode_and_read(copy.deepcopy(BASE[name]))
    payload = copy.deepcopy(BASE[name])
    nodes = list(_dict_nodes(payload))
    for index, key, value in additions:
        node = nodes[index % len(nodes)]
        node[f"zz_unknown_{key}"] = value
    assert decode_and_read(payload) == expected
    assert any(key.startswith("zz_unknown_") for node in _dict_nodes(payload) for key in node)


@PROPERTY_SETTINGS
@given(
    name=st.sampled_from(NAMES),
    picks=st.lists(st.integers(min_value=0), min_size=1, max_size=6),
    values=st.lists(
        st.integers(min_value=-(2**66), max_value=2**66) | st.text(max_size=6),
        min_size=6,
        max_size=6,
    ),
)
def test_unknown_enum_values_never_break_decoding(
    name: str, picks: list[int], values: list[Any]
) -> None:
    payload = copy.deepcopy(BASE[name])
    slots = [(node, key) for node in _dict_nodes(payload) for key in node if key in ENUM_KEYS]
    for pick, value in zip(picks, values, strict=False):
        node, key = slots[pick % len(slots)]
        node[key] = value
    snapshot = decode_and_read(payload)
    top = payload.get("type")
    if isinstance(top, int) and not isinstance(top, bool):
        assert snapshot["interaction.type"] == top


@PROPERTY_SETTINGS
@given(
    name=st.sampled_from(NAMES),
    owners=st.dictionaries(
        st.integers(min_value=-5, max_value=99).map(str) | st.sampled_from(["x", "", "1.5"]),
        st.sampled_from(["0", "42", "x", ""]),
        max_size=4,
    ),
)
def test_unknown_integration_types_are_kept(name: str, owners: dict[str, str]) -> None:
    payload = copy.deepcopy(BASE[name])
    payload["authorizing_integration_owners"] = owners
    interaction = decode_interaction(payload)
    decoded = {
        int(key): int(value) for key, value in interaction.authorizing_integration_owners.items()
    }
    expected = {
        int(key): int(value)
        for key, value in owners.items()
        if key.lstrip("-").isdigit() and value.isdigit()
    }
    assert decoded == expected


@PROPERTY_SETTINGS
@given(
    name=st.sampled_from(NAMES),
    removals=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0)), max_size=8),
)
def test_removing_any_field_never_breaks_decoding(
    name: str, removals: list[tuple[int, int]]
) -> None:
    payload = copy.deepcopy(BASE[name])
    for node_pick, key_pick in removals:
        nodes = [node for node in _dict_nodes(payload) if node]
        if not nodes:
            break
        node = nodes[node_pick % len(nodes)]
        del node[sorted(node)[key_pick % len(node)]]
    decode_and_read(payload)


@PROPERTY_SETTINGS
@given(
    name=st.sampled_from(NAMES),
    replacements=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0), json_values),
        min_size=1,
        max_size=5,
    ),
)
def test_values_of_the_wrong_type_never_break_decoding(
    name: str, replacements: list[tuple[int, int, Any]]
) -> None:
    payload = copy.deepcopy(BASE[name])
    for node_pick, key_pick, value in replacements:
        nodes = [node for node in _dict_nodes(payload) if node]
        if not nodes:
            break
        node = nodes[node_pick % len(nodes)]
        node[sorted(node)[key_pick % len(node)]] = value
    decode_and_read(payload)


@settings(max_examples=100, deadline=None)
@given(payload=st.dictionaries(st.sampled_from(["type", "id", "data", "token", "x"]), json_values))
def test_arbitrary_objects_decode(payload: dict[str, Any]) -> None:
    decode_and_read(payload)
