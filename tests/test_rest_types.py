"""The REST endpoints' TypedDicts: every answer of the fake Discord carries their required keys.

Each endpoint's expected shape is read from its own return annotation, so an annotation and
the fake's answers are checked against each other (nested objects included).
"""

from __future__ import annotations

import base64
import inspect
import types
from collections.abc import AsyncIterator
from typing import Any, Union, get_args, get_origin

import pytest
from typing_extensions import get_type_hints, is_typeddict

from kagari import File
from kagari.rest import RESTClient
from kagari.rest import types as rest_types
from kagari.rest.endpoints import RESTEndpoints
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec

GUILD_ID = "1200000000000000001"
USER_ID = "1200000000000000002"
SKU_ID = "1200000000000000003"

MESSAGE_BODY: dict[str, Any] = {
    "content": "hello",
    "embeds": [{"title": "an embed", "description": "with text"}],
    "components": [
        {"type": 1, "components": [{"type": 2, "style": 1, "label": "Go", "custom_id": "go"}]}
    ],
}
COMMAND_BODY: dict[str, Any] = {
    "name": "greet",
    "description": "Say hello",
    "options": [
        {
            "type": 3,
            "name": "style",
            "description": "How",
            "choices": [{"name": "short", "value": "short"}],
        }
    ],
    "name_localizations": {"fr": "saluer"},
}


def missing_keys(value: Any, hint: Any, path: str = "") -> list[str]:
    """The paths of required keys ``value`` lacks for ``hint`` (a TypedDict, list, union...)."""
    where = path or "(answer)"
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {type(value).__name__}"]
        problems = [f"{path}{key}" for key in sorted(hint.__required_keys__ - value.keys())]
        hints = get_type_hints(hint)
        for key, item in value.items():
            if key in hints:
                problems += missing_keys(item, hints[key], f"{path}{key}.")
        return problems
    origin = get_origin(hint)
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {type(value).__name__}"]
        (item_hint,) = get_args(hint)
        problems = []
        for index, item in enumerate(value):
            problems += missing_keys(item, item_hint, f"{path}{index}.")
        return problems
    if origin is dict and isinstance(value, dict):
        _, item_hint = get_args(hint)
        problems = []
        for key, item in value.items():
            problems += missing_keys(item, item_hint, f"{path}{key}.")
        return problems
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        if value is None:
            return [] if len(options) < len(get_args(hint)) else [f"{where}: unexpected null"]
        if len(options) == 1:
            return missing_keys(value, options[0], path)
    return []


def names_a_typeddict(hint: Any) -> bool:
    """Whether ``hint`` is, or contains, a TypedDict."""
    return is_typeddict(hint) or any(names_a_typeddict(arg) for arg in get_args(hint))


def typed_endpoints() -> dict[str, Any]:
    """Every hand-written endpoint method whose return annotation contains a TypedDict.

    The methods generated from the spec (``kagari.rest.api``, inherited) are checked in
    tests/test_rest_api_generated.py.
    """
    found: dict[str, Any] = {}
    for name, function in vars(RESTEndpoints).items():
        if not inspect.isfunction(function):
            continue
        returns = get_type_hints(function).get("return")
        if not name.startswith("_") and names_a_typeddict(returns):
            found[name] = returns
    return found


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(openapi) as server:
        yield server


async def every_answer(fake: FakeDiscord) -> dict[str, list[Any]]:
    """Call every typed endpoint against ``fake``; answers by method name."""
    answers: dict[str, list[Any]] = {}

    def keep(name: str, answer: Any) -> Any:
        answers.setdefault(name, []).append(answer)
        return answer

    app_id = fake.application_id
    async with RESTClient(fake.token, "Bot", rest_url=fake.url) as rest:
        picture = File(b"\x89PNG fake", "picture.png")
        callback = {"type": 4, "data": MESSAGE_BODY}
        keep(
            "create_interaction_response",
            await rest.create_interaction_response(
                "900", "tok", callback, [picture], with_response=True
            ),
        )
        keep(
            "create_interaction_response",
            await rest.create_interaction_response("901", "tok5", {"type": 5}, with_response=True),
        )
        keep("fetch_original_response", await rest.fetch_original_response(app_id, "tok"))
        keep(
            "edit_original_response",
            await rest.edit_original_response(app_id, "tok", {"content": "edited"}),
        )
        followup = keep(
            "create_followup",
            await rest.create_followup(app_id, "tok", {**MESSAGE_BODY, "flags": 64}, [picture]),
        )
        keep("fetch_followup", await rest.fetch_followup(app_id, "tok", followup["id"]))
        keep(
            "edit_followup",
            await rest.edit_followup(app_id, "tok", followup["id"], {"content": "again"}),
        )
        keep("fetch_application", await rest.fetch_application())
        keep(
            "edit_application",
            await rest.edit_application(interactions_endpoint_url="https://example.com/i"),
        )
        for guild_id in (None, GUILD_ID):
            command = keep(
                "create_command", await rest.create_command(app_id, COMMAND_BODY, guild_id)
            )
            keep("fetch_command", await rest.fetch_command(app_id, command["id"], guild_id))
            keep(
                "edit_command",
                await rest.edit_command(app_id, command["id"], {"nsfw": True}, guild_id),
            )
            keep("fetch_commands", await rest.fetch_commands(app_id, guild_id))
            keep(
                "fetch_commands",
                await rest.fetch_commands(app_id, guild_id, with_localizations=True),
            )
            keep(
                "overwrite_commands",
                await rest.overwrite_commands(app_id, [COMMAND_BODY], guild_id),
            )
        fake.set_command_permissions(
            GUILD_ID, command["id"], [{"id": USER_ID, "type": 2, "permission": True}]
        )
        keep(
            "fetch_command_permissions",
            await rest.fetch_command_permissions(app_id, GUILD_ID, command["id"]),
        )
        keep(
            "fetch_guild_command_permissions",
            await rest.fetch_guild_command_permissions(app_id, GUILD_ID),
        )
        fake.add_entitlement(SKU_ID, user_id=USER_ID)
        fake.add_entitlement(SKU_ID, guild_id=GUILD_ID, entitlement_type=4, consumed=True)
        keep("fetch_entitlements", await rest.fetch_entitlements(app_id))
        basic = base64.b64encode(f"{app_id}:{fake.client_secret}".encode()).decode()
        keep(
            "oauth2_token",
            await rest.request(
                "POST",
                "/oauth2/token",
                form={"grant_type": "client_credentials", "scope": "identify"},
                auth=False,
                headers={"Authorization": f"Basic {basic}"},
            ),
        )
    return answers


async def test_every_answer_has_its_typeddicts_required_keys(fake: FakeDiscord) -> None:
    got = await every_answer(fake)
    expected = typed_endpoints()
    assert set(expected) <= set(got), f"endpoints not exercised: {set(expected) - set(got)}"
    for name, hint in expected.items():
        for index, answer in enumerate(got[name]):
            assert answer is not None, f"{name} #{index} answered nothing"
            assert missing_keys(answer, hint) == [], f"{name} #{index}"
    assert missing_keys(got["oauth2_token"][0], rest_types.OAuth2TokenObject) == []
    # The nested objects were there to be checked, not empty lists.
    first_followup = got["create_followup"][0]
    assert first_followup["attachments"] and first_followup["embeds"]
    assert got["create_interaction_response"][0]["resource"]["message"]["attachments"]
    assert got["fetch_commands"][1][0]["options"][0]["choices"]
    assert len(got["fetch_entitlements"][0]) == 2


def test_the_endpoint_annotations_name_the_typeddicts() -> None:
    message = rest_types.MessageObject
    command = rest_types.ApplicationCommandObject
    permissions = rest_types.GuildCommandPermissionsObject
    assert typed_endpoints() == {
        "create_interaction_response": rest_types.InteractionCallbackResponseObject | None,
        "fetch_original_response": message,
        "edit_original_response": message,
        "create_followup": message,
        "fetch_followup": message,
        "edit_followup": message,
        "fetch_application": rest_types.ApplicationObject,
        "edit_application": rest_types.ApplicationObject,
        "fetch_commands": list[command],
        "fetch_command": command,
        "create_command": command,
        "edit_command": command,
        "overwrite_commands": list[command],
        "fetch_guild_command_permissions": list[permissions],
        "fetch_command_permissions": permissions,
        "fetch_entitlements": list[rest_types.EntitlementObject],
    }


def test_missing_keys_are_reported_with_their_path() -> None:
    message = {
        "id": "1",
        "author": {"id": "2"},
        "attachments": [{"id": "3", "filename": "a.png"}],
        "interaction_metadata": {"id": "4", "type": 2},
    }
    problems = missing_keys(message, rest_types.MessageObject)
    assert "channel_id" in problems
    assert "author.username" in problems
    assert "attachments.0.url" in problems
    assert "interaction_metadata.authorizing_integration_owners" in problems
    assert "id" not in problems
    assert missing_keys(None, rest_types.MessageObject) == [
        "(answer): expected an object, got NoneType"
    ]
    assert missing_keys([{}], list[rest_types.CommandPermissionObject]) == [
        "0.id",
        "0.permission",
        "0.type",
    ]


def test_required_keys_follow_the_openapi_spec(openapi: OpenAPISpec) -> None:
    pairs = {
        "MessageResponse": rest_types.MessageObject,
        "PrivateApplicationResponse": rest_types.ApplicationObject,
        "ApplicationCommandResponse": rest_types.ApplicationCommandObject,
        "CommandPermissionsResponse": rest_types.GuildCommandPermissionsObject,
        "CommandPermissionResponse": rest_types.CommandPermissionObject,
        "InteractionCallbackResponse": rest_types.InteractionCallbackResponseObject,
        "InteractionResponse": rest_types.InteractionCallbackObject,
        "MessageAttachmentResponse": rest_types.AttachmentObject,
        "UserResponse": rest_types.UserObject,
    }
    schemas = openapi.document["components"]["schemas"]
    for schema_name, typed in pairs.items():
        schema = schemas[schema_name]
        assert typed.__required_keys__ == frozenset(schema.get("required", ())), schema_name
        assert set(get_type_hints(typed)) <= set(schema["properties"]), schema_name
