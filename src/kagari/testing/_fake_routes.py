"""The fake Discord's endpoints: one small function per route, answering like Discord."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import secrets
import time
from collections.abc import Callable, Mapping
from typing import Any

from kagari.testing._fake_state import DiscordState, UploadedFile

__all__ = ["ROUTES", "Answer", "Call", "discord_error"]

Answer = tuple[int, Any]
"""An HTTP status and the JSON to answer with (``None`` for an empty body)."""


@dataclasses.dataclass
class Call:
    """What a route function gets to see of a request.

    Attributes:
        params: The path parameters, by the spec's names.
        query: The query parameters.
        json: The JSON body (or ``payload_json`` of a multipart body).
        uploads: The file parts of a multipart body.
        form: The fields of a form body.
        headers: The request headers.
    """

    params: dict[str, str]
    query: Mapping[str, str]
    json: Any
    uploads: list[UploadedFile]
    form: dict[str, str]
    headers: Mapping[str, str]


Handler = Callable[[DiscordState, Call], Answer]


def discord_error(status: int, code: int, message: str) -> Answer:
    """An error answer in Discord's JSON shape."""
    return status, {"code": code, "message": message}


def _unknown_message() -> Answer:
    return discord_error(404, 10008, "Unknown Message")


def _webhook_error(state: DiscordState, call: Call) -> Answer | None:
    if call.params["webhook_id"] != state.application_id:
        return discord_error(404, 10015, "Unknown Webhook")
    return None


def _application_error(state: DiscordState, call: Call) -> Answer | None:
    if call.params["application_id"] != state.application_id:
        return discord_error(403, 50001, "Missing Access")
    return None


def _body(call: Call) -> dict[str, Any]:
    return call.json if isinstance(call.json, dict) else {}


def _flag(call: Call, name: str) -> bool:
    return call.query.get(name, "").lower() == "true"


# -- interactions -----------------------------------------------------------------------------


def _callback(state: DiscordState, call: Call) -> Answer:
    interaction_id = call.params["interaction_id"]
    token = call.params["interaction_token"]
    body = _body(call)
    callback_type = int(body.get("type", 0))
    if interaction_id in state.acknowledged:
        return discord_error(400, 40060, "Interaction has already been acknowledged.")
    state.acknowledged[interaction_id] = callback_type
    raw_data = body.get("data")
    data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
    message: dict[str, Any] | None = None
    if callback_type in (4, 5):
        message = state.originals[token] = state.callback_message(callback_type, data, call.uploads)
    elif callback_type == 7:
        message = state.originals.get(token)
        if message is None:
            message = state.originals[token] = state.message(data, call.uploads)
        else:
            state.apply_edit(message, data, call.uploads)
    if not _flag(call, "with_response"):
        return 204, None
    interaction_type = {6: 3, 7: 3, 8: 4}.get(callback_type, 2)
    result: dict[str, Any] = {"interaction": {"id": interaction_id, "type": interaction_type}}
    if message is not None:
        result["interaction"].update(
            response_message_id=message["id"],
            response_message_loading=callback_type == 5,
            response_message_ephemeral=bool(int(message["flags"]) & 64),
        )
        if callback_type in (4, 7):
            result["resource"] = {"type": callback_type, "message": message}
    return 200, result


def _get_original(state: DiscordState, call: Call) -> Answer:
    message = state.originals.get(call.params["webhook_token"])
    return _webhook_error(state, call) or (
        _unknown_message() if message is None else (200, message)
    )


def _edit_original(state: DiscordState, call: Call) -> Answer:
    error = _webhook_error(state, call)
    if error is not None:
        return error
    token = call.params["webhook_token"]
    message = state.originals.get(token)
    if message is None:
        # The fake never saw the message a component sits on: the edit creates it.
        message = state.originals[token] = state.message({}, (), message_type=20)
    state.apply_edit(message, _body(call), call.uploads)
    return 200, message


def _delete_original(state: DiscordState, call: Call) -> Answer:
    error = _webhook_error(state, call)
    if error is not None:
        return error
    if state.originals.pop(call.params["webhook_token"], None) is None:
        return _unknown_message()
    return 204, None


def _create_followup(state: DiscordState, call: Call) -> Answer:
    error = _webhook_error(state, call)
    if error is not None:
        return error
    message = state.message(_body(call), call.uploads)
    state.followups.setdefault(call.params["webhook_token"], {})[message["id"]] = message
    return 200, message


def _find_message(state: DiscordState, call: Call) -> dict[str, Any] | None:
    token = call.params["webhook_token"]
    message_id = call.params["message_id"]
    original = state.originals.get(token)
    if original is not None and original["id"] == message_id:
        return original
    return state.followups.get(token, {}).get(message_id)


def _get_followup(state: DiscordState, call: Call) -> Answer:
    message = _find_message(state, call)
    return _webhook_error(state, call) or (
        _unknown_message() if message is None else (200, message)
    )


def _edit_followup(state: DiscordState, call: Call) -> Answer:
    error = _webhook_error(state, call)
    message = _find_message(state, call)
    if error is not None or message is None:
        return error or _unknown_message()
    state.apply_edit(message, _body(call), call.uploads)
    return 200, message


def _delete_followup(state: DiscordState, call: Call) -> Answer:
    error = _webhook_error(state, call)
    message = _find_message(state, call)
    if error is not None or message is None:
        return error or _unknown_message()
    token = call.params["webhook_token"]
    if state.originals.get(token) is message:
        del state.originals[token]
    else:
        del state.followups[token][message["id"]]
    return 204, None


# -- channel messages ----------------------------------------------------------------------------


def _create_message(state: DiscordState, call: Call) -> Answer:
    message, _ = state.channel_message(call.params["channel_id"], _body(call), call.uploads)
    return 200, message


# -- the application ---------------------------------------------------------------------------


def _get_application(state: DiscordState, call: Call) -> Answer:
    return 200, state.application


def _edit_application(state: DiscordState, call: Call) -> Answer:
    for key, value in _body(call).items():
        if key not in ("id", "verify_key", "bot", "owner"):
            state.application[key] = value
    return 200, state.application


# -- commands ----------------------------------------------------------------------------------


def _list_commands(state: DiscordState, call: Call) -> Answer:
    error = _application_error(state, call)
    if error is not None:
        return error
    localized = _flag(call, "with_localizations")
    commands = state.scope(call.params.get("guild_id")).values()
    return 200, [state.present_command(command, localized) for command in commands]


def _create_command(state: DiscordState, call: Call) -> Answer:
    error = _application_error(state, call)
    if error is not None:
        return error
    body = _body(call)
    guild_id = call.params.get("guild_id")
    scope = state.scope(guild_id)
    found = state.find_command(guild_id, str(body.get("name")), int(body.get("type", 1)))
    existing = scope.get(found) if found is not None else None
    command = state.build_command(body, guild_id, {"id": found} if existing else None)
    scope[command["id"]] = command
    return (200 if existing else 201), state.present_command(command, False)


def _command_or_error(state: DiscordState, call: Call) -> Answer | dict[str, Any]:
    error = _application_error(state, call)
    if error is not None:
        return error
    command = state.scope(call.params.get("guild_id")).get(call.params["command_id"])
    if command is None:
        return discord_error(404, 10063, "Unknown application command")
    return command


def _get_command(state: DiscordState, call: Call) -> Answer:
    found = _command_or_error(state, call)
    return found if isinstance(found, tuple) else (200, state.present_command(found, False))


def _edit_command(state: DiscordState, call: Call) -> Answer:
    found = _command_or_error(state, call)
    if isinstance(found, tuple):
        return found
    guild_id = call.params.get("guild_id")
    command = state.build_command(_body(call), guild_id, found)
    state.scope(guild_id)[command["id"]] = command
    return 200, state.present_command(command, False)


def _delete_command(state: DiscordState, call: Call) -> Answer:
    found = _command_or_error(state, call)
    if isinstance(found, tuple):
        return found
    del state.scope(call.params.get("guild_id"))[found["id"]]
    return 204, None


_ENTRY_POINT_REMOVED = (
    "You cannot remove this app's Entry Point command in a bulk update operation. Please "
    "include the Entry Point command in your update request or delete it separately."
)


def _drops_entry_point(old: Mapping[str, dict[str, Any]], bodies: list[Any]) -> bool:
    """Whether a bulk overwrite leaves out a stored Entry Point (type 4) command.

    Discord keeps it when the list names its id, or has a type-4 command of its name.
    """
    sent_ids = {str(b["id"]) for b in bodies if isinstance(b, dict) and b.get("id") is not None}
    sent_names = {
        str(b.get("name"))
        for b in bodies
        if isinstance(b, dict) and int(b.get("type", 1)) == 4 and b.get("id") is None
    }
    return any(
        command["type"] == 4 and command_id not in sent_ids and command["name"] not in sent_names
        for command_id, command in old.items()
    )


def _overwrite_commands(state: DiscordState, call: Call) -> Answer:
    error = _application_error(state, call)
    if error is not None:
        return error
    bodies = call.json if isinstance(call.json, list) else []
    guild_id = call.params.get("guild_id")
    old = state.scope(guild_id)
    if _drops_entry_point(old, bodies):
        return discord_error(400, 50240, _ENTRY_POINT_REMOVED)
    new: dict[str, dict[str, Any]] = {}
    for body in bodies:
        command_id = body.get("id")
        if command_id is None or str(command_id) not in old:
            command_id = state.find_command(
                guild_id, str(body.get("name")), int(body.get("type", 1))
            )
        existing = {"id": str(command_id)} if command_id is not None else None
        command = state.build_command(body, guild_id, existing)
        new[command["id"]] = command
    state.commands[guild_id] = new
    return 200, [state.present_command(command, False) for command in new.values()]


def _guild_permissions(state: DiscordState, call: Call) -> Answer:
    error = _application_error(state, call)
    if error is not None:
        return error
    guild_id = call.params["guild_id"]
    return 200, [perm for (guild, _), perm in state.permissions.items() if guild == guild_id]


def _command_permissions(state: DiscordState, call: Call) -> Answer:
    error = _application_error(state, call)
    if error is not None:
        return error
    found = state.permissions.get((call.params["guild_id"], call.params["command_id"]))
    if found is None:
        return discord_error(404, 10066, "Unknown application command permissions")
    return 200, found


# -- entitlements -------------------------------------------------------------------------------


def _list_entitlements(state: DiscordState, call: Call) -> Answer:
    error = _application_error(state, call)
    if error is not None:
        return error
    query = call.query
    skus = set(filter(None, query.get("sku_ids", "").split(",")))
    result = []
    for entitlement in sorted(state.entitlements.values(), key=lambda e: int(e["id"])):
        if "user_id" in query and entitlement["user_id"] != query["user_id"]:
            continue
        if "guild_id" in query and entitlement["guild_id"] != query["guild_id"]:
            continue
        if skus and entitlement["sku_id"] not in skus:
            continue
        if "after" in query and int(entitlement["id"]) <= int(query["after"]):
            continue
        if "before" in query and int(entitlement["id"]) >= int(query["before"]):
            continue
        if _flag(call, "exclude_deleted") and entitlement["deleted"]:
            continue
        if _flag(call, "exclude_ended") and entitlement["ends_at"] is not None:
            continue
        result.append(entitlement)
    return 200, result[: int(query.get("limit", "100"))]


def _consume_entitlement(state: DiscordState, call: Call) -> Answer:
    error = _application_error(state, call)
    if error is not None:
        return error
    entitlement = state.entitlements.get(call.params["entitlement_id"])
    if entitlement is None:
        return discord_error(404, 10029, "Unknown Entitlement")
    entitlement["consumed"] = True
    return 204, None


# -- OAuth2 ---------------------------------------------------------------------------------------


def _oauth_token(state: DiscordState, call: Call) -> Answer:
    header = call.headers.get("Authorization", "")
    try:
        decoded = base64.b64decode(header.removeprefix("Basic ")).decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    client_id, _, secret = decoded.partition(":")
    if client_id != state.application_id or secret != state.client_secret:
        return 401, {"error": "invalid_client"}
    if call.form.get("grant_type") != "client_credentials":
        return 400, {"error": "unsupported_grant_type"}
    token = secrets.token_urlsafe(24)
    state.bearer_tokens[token] = time.monotonic() + state.oauth_expires_in
    return 200, {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": state.oauth_expires_in,
        "scope": call.form.get("scope", ""),
    }


_WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"
_COMMANDS = "/applications/{application_id}/commands"
_GUILD = "/applications/{application_id}/guilds/{guild_id}/commands"

ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback", _callback),
    ("GET", _WEBHOOK + "/messages/@original", _get_original),
    ("PATCH", _WEBHOOK + "/messages/@original", _edit_original),
    ("DELETE", _WEBHOOK + "/messages/@original", _delete_original),
    ("POST", _WEBHOOK, _create_followup),
    ("GET", _WEBHOOK + "/messages/{message_id}", _get_followup),
    ("PATCH", _WEBHOOK + "/messages/{message_id}", _edit_followup),
    ("DELETE", _WEBHOOK + "/messages/{message_id}", _delete_followup),
    ("POST", "/channels/{channel_id}/messages", _create_message),
    ("GET", "/applications/@me", _get_application),
    ("PATCH", "/applications/@me", _edit_application),
    ("GET", _COMMANDS, _list_commands),
    ("POST", _COMMANDS, _create_command),
    ("PUT", _COMMANDS, _overwrite_commands),
    ("GET", _COMMANDS + "/{command_id}", _get_command),
    ("PATCH", _COMMANDS + "/{command_id}", _edit_command),
    ("DELETE", _COMMANDS + "/{command_id}", _delete_command),
    ("GET", _GUILD, _list_commands),
    ("POST", _GUILD, _create_command),
    ("PUT", _GUILD, _overwrite_commands),
    ("GET", _GUILD + "/permissions", _guild_permissions),
    ("GET", _GUILD + "/{command_id}", _get_command),
    ("PATCH", _GUILD + "/{command_id}", _edit_command),
    ("DELETE", _GUILD + "/{command_id}", _delete_command),
    ("GET", _GUILD + "/{command_id}/permissions", _command_permissions),
    ("GET", "/applications/{application_id}/entitlements", _list_entitlements),
    (
        "POST",
        "/applications/{application_id}/entitlements/{entitlement_id}/consume",
        _consume_entitlement,
    ),
    ("POST", "/oauth2/token", _oauth_token),
]
"""Every route the fake serves, matched in this order (literal segments before ``{id}``)."""
