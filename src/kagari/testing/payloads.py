"""Realistic interaction payloads, shaped like the ones Discord POSTs to a bot.

``kagari send``, ``kagari doctor`` and the test client build what they sign with these
functions. Every payload carries the fields a current Discord request has: ``member`` or
``user``, ``guild_id``, a partial ``channel``, ``locale``, ``app_permissions``,
``entitlements``, ``authorizing_integration_owners``, ``context`` and
``attachment_size_limit``::

    body = json.dumps(command_payload("greet", {"who": TypedOption(6, "123"), "times": 2}))
    headers = DevKeyPair(signing_key).sign(body.encode())
"""

from __future__ import annotations

import dataclasses
import itertools
import secrets
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias

from typing_extensions import TypedDict, Unpack

__all__ = [
    "DEFAULT_APPLICATION_ID",
    "DEFAULT_CHANNEL_ID",
    "DEFAULT_GUILD_ID",
    "DEFAULT_USER_ID",
    "ContextName",
    "Envelope",
    "FieldValue",
    "OptionValue",
    "Resolved",
    "TypedOption",
    "autocomplete_payload",
    "command_payload",
    "component_payload",
    "interaction_payload",
    "message_command_payload",
    "modal_payload",
    "ping_payload",
    "snowflake",
    "user_command_payload",
]

DEFAULT_APPLICATION_ID = "1100000000000000001"
"""The application id payloads carry unless told otherwise."""
DEFAULT_GUILD_ID = "1100000000000000002"
"""The guild a guild-context payload comes from."""
DEFAULT_CHANNEL_ID = "1100000000000000003"
"""The channel a payload comes from."""
DEFAULT_USER_ID = "1100000000000000004"
"""The user who triggers the interaction."""

_DISCORD_EPOCH_MS = 1_420_070_400_000
_ALL_PERMISSIONS = "2251799813685247"
_APP_PERMISSIONS = "2248473465835073"
_ATTACHMENT_LIMIT = 10 * 1024 * 1024
_counter = itertools.count()

ContextName: TypeAlias = Literal["guild", "bot_dm", "private_channel"]
"""Where the interaction happens: a guild channel, the bot's DM, or another DM or group DM."""
_CONTEXTS: dict[str, int] = {"guild": 0, "bot_dm": 1, "private_channel": 2}


@dataclasses.dataclass(frozen=True)
class TypedOption:
    """An option value whose type is spelled out: users, channels, roles, attachments...

    Plain ``str``/``int``/``float``/``bool`` values become STRING/INTEGER/NUMBER/BOOLEAN
    options; anything else needs its type. Users, channels, roles, mentionables and
    attachments get matching ``resolved`` entries.

    Attributes:
        type: The option type (:class:`kagari.OptionType` or its number, e.g. 6 for USER).
        value: The value; for users, channels, roles and attachments, the id.
    """

    type: int
    value: str | int | float | bool


OptionValue: TypeAlias = str | int | float | bool | TypedOption
"""What an option may be given as (see :class:`TypedOption`)."""

FieldValue: TypeAlias = str | bool | Sequence[str] | Mapping[str, Any]
"""What a modal field may be given as (see :func:`modal_payload`)."""

Resolved: TypeAlias = Mapping[str, Mapping[str, Any]]
"""A ``data.resolved`` object: ``users``, ``members``, ``roles``... each by id."""


class Envelope(TypedDict, total=False):
    """Keyword arguments every payload function takes, for the fields around ``data``.

    Attributes:
        application_id: The application's id.
        context: ``"guild"`` (default), ``"bot_dm"`` or ``"private_channel"``.
        guild_id: The guild (guild context only).
        channel_id: The channel.
        user_id: The invoking user's id.
        username: The invoking user's username.
        locale: The user's locale (``"en-US"``).
        guild_locale: The guild's locale.
        permissions: The member's permissions in the channel (a decimal string).
        app_permissions: The app's permissions in the channel (a decimal string).
        entitlements: Entitlement objects of the user or guild.
        token: The interaction token (random when omitted).
        interaction_id: The interaction id (a fresh snowflake when omitted).
    """

    application_id: str
    context: ContextName
    guild_id: str
    channel_id: str
    user_id: str
    username: str
    locale: str
    guild_locale: str
    permissions: str
    app_permissions: str
    entitlements: Sequence[Mapping[str, Any]]
    token: str
    interaction_id: str


def snowflake(when: float | None = None) -> str:
    """A fresh snowflake for ``when`` (seconds since the epoch; now when omitted).

    The interaction id's timestamp is what the deadline is measured from, so payloads
    get ids dated now.
    """
    stamp = time.time() if when is None else when
    ms = int(stamp * 1000) - _DISCORD_EPOCH_MS
    return str((ms << 22) | (next(_counter) & 0x3FFFFF))


def _user(user_id: str, username: str, *, bot: bool = False) -> dict[str, Any]:
    user: dict[str, Any] = {
        "id": user_id,
        "username": username,
        "global_name": None if bot else username.title(),
        "discriminator": "0",
        "avatar": None,
        "public_flags": 0,
        "primary_guild": None,
    }
    if bot:
        user["bot"] = True
    return user


def _member(permissions: str, user: Mapping[str, Any] | None = None) -> dict[str, Any]:
    member: dict[str, Any] = {
        "roles": [],
        "nick": None,
        "avatar": None,
        "banner": None,
        "premium_since": None,
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "communication_disabled_until": None,
        "pending": False,
        "flags": 0,
        "deaf": False,
        "mute": False,
        "permissions": permissions,
    }
    if user is not None:
        member["user"] = dict(user)
    return member


def interaction_payload(
    interaction_type: int, data: Mapping[str, Any] | None = None, **envelope: Unpack[Envelope]
) -> dict[str, Any]:
    """Any interaction: ``data`` wrapped in the fields Discord sends with every request.

    Args:
        interaction_type: 1 ping, 2 command, 3 component, 4 autocomplete, 5 modal submit.
        data: The ``data`` object (omitted for a ping).
        **envelope: See :class:`Envelope`.

    Raises:
        ValueError: ``context`` is not one of ``guild``, ``bot_dm``, ``private_channel``.
    """
    context = envelope.get("context", "guild")
    if context not in _CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(_CONTEXTS)}, got {context!r}")
    application_id = envelope.get("application_id", DEFAULT_APPLICATION_ID)
    user_id = envelope.get("user_id", DEFAULT_USER_ID)
    user = _user(user_id, envelope.get("username", "tester"))
    channel_id = envelope.get("channel_id", DEFAULT_CHANNEL_ID)
    guild_id = envelope.get("guild_id", DEFAULT_GUILD_ID)
    payload: dict[str, Any] = {
        "id": envelope.get("interaction_id") or snowflake(),
        "application_id": application_id,
        "type": interaction_type,
        "token": envelope.get("token") or "dev-" + secrets.token_urlsafe(48),
        "version": 1,
        "locale": envelope.get("locale", "en-US"),
        "app_permissions": envelope.get("app_permissions", _APP_PERMISSIONS),
        "entitlements": [dict(item) for item in envelope.get("entitlements", ())],
        "context": _CONTEXTS[context],
        "attachment_size_limit": _ATTACHMENT_LIMIT,
        "channel_id": channel_id,
    }
    if context == "guild":
        payload["guild_id"] = guild_id
        payload["guild"] = {
            "id": guild_id,
            "locale": envelope.get("guild_locale", "en-US"),
            "features": [],
        }
        payload["guild_locale"] = envelope.get("guild_locale", "en-US")
        payload["member"] = _member(envelope.get("permissions", _ALL_PERMISSIONS), user)
        payload["channel"] = {
            "id": channel_id,
            "type": 0,
            "guild_id": guild_id,
            "name": "general",
            "position": 0,
            "flags": 0,
            "parent_id": None,
            "topic": None,
            "nsfw": False,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "permissions": envelope.get("permissions", _ALL_PERMISSIONS),
        }
        payload["authorizing_integration_owners"] = {"0": guild_id}
    else:
        payload["user"] = user
        channel_type = 1 if context == "bot_dm" else 3
        payload["channel"] = {
            "id": channel_id,
            "type": channel_type,
            "flags": 0,
            "last_message_id": None,
            "recipients": [user],
        }
        owners = {"0": "0"} if context == "bot_dm" else {"1": user_id}
        payload["authorizing_integration_owners"] = owners
    if data is not None:
        payload["data"] = dict(data)
    return payload


def ping_payload(**envelope: Unpack[Envelope]) -> dict[str, Any]:
    """The PING Discord sends to check an endpoint (answered with ``{"type": 1}``)."""
    payload: dict[str, Any] = {
        "id": envelope.get("interaction_id") or snowflake(),
        "application_id": envelope.get("application_id", DEFAULT_APPLICATION_ID),
        "type": 1,
        "token": envelope.get("token") or "dev-" + secrets.token_urlsafe(48),
        "version": 1,
        "user": _user(envelope.get("user_id", DEFAULT_USER_ID), "discord"),
        "entitlements": [],
    }
    return payload


# -- commands --------------------------------------------------------------------------------


def _option_type(value: OptionValue) -> tuple[int, str | int | float | bool]:
    if isinstance(value, TypedOption):
        return int(value.type), value.value
    if isinstance(value, bool):
        return 5, value
    if isinstance(value, int):
        return 4, value
    if isinstance(value, float):
        return 10, value
    if isinstance(value, str):
        return 3, value
    raise TypeError(
        f"option values are str, int, float, bool or TypedOption, got {type(value).__name__}"
    )


def _resolve(kind: int, value: Any, resolved: dict[str, dict[str, Any]], guild: bool) -> Any:
    """Add the ``resolved`` entry an id option needs; return the option's value."""
    key = str(value)
    if kind in (6, 9):  # user, mentionable (taken as a user)
        resolved.setdefault("users", {})[key] = _user(key, f"user{key[-4:]}")
        if guild:
            resolved.setdefault("members", {})[key] = _member(_ALL_PERMISSIONS)
    elif kind == 7:
        resolved.setdefault("channels", {})[key] = {
            "id": key,
            "name": f"channel-{key[-4:]}",
            "type": 0,
            "permissions": _ALL_PERMISSIONS,
            "parent_id": None,
            "flags": 0,
        }
    elif kind == 8:
        resolved.setdefault("roles", {})[key] = {
            "id": key,
            "name": f"role-{key[-4:]}",
            "color": 0,
            "colors": {"primary_color": 0},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": 1,
            "permissions": "0",
            "managed": False,
            "mentionable": True,
            "flags": 0,
        }
    elif kind == 11:
        resolved.setdefault("attachments", {})[key] = {
            "id": key,
            "filename": "file.txt",
            "size": 5,
            "content_type": "text/plain",
            "url": f"https://cdn.discordapp.com/ephemeral-attachments/{key}/file.txt",
            "proxy_url": f"https://media.discordapp.net/ephemeral-attachments/{key}/file.txt",
            "ephemeral": True,
        }
    return key if kind in (6, 7, 8, 9, 11) else value


def _options(
    options: Mapping[str, OptionValue] | None,
    resolved: dict[str, dict[str, Any]],
    guild: bool,
) -> list[dict[str, Any]]:
    built: list[dict[str, Any]] = []
    for name, raw in (options or {}).items():
        kind, value = _option_type(raw)
        built.append({"type": kind, "name": name, "value": _resolve(kind, value, resolved, guild)})
    return built


def _nest(path: list[str], leaf: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Wrap options in subcommand (and group) options: ``["grp", "sub"]`` -> group > sub."""
    if not path:
        return leaf
    kind = 1 if len(path) == 1 else 2
    return [{"type": kind, "name": path[0], "options": _nest(path[1:], leaf)}]


def _command_data(
    name: str,
    command_type: int,
    leaf: list[dict[str, Any]],
    resolved: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    parts = name.split() if command_type == 1 else [name]
    if not parts:
        raise ValueError("the command name must not be empty")
    if len(parts) > 3:
        raise ValueError(
            f"command name {name!r}: at most 'command group subcommand' (3 words), got {len(parts)}"
        )
    data: dict[str, Any] = {"id": snowflake(), "name": parts[0], "type": command_type}
    options = _nest(parts[1:], leaf)
    if options:
        data["options"] = options
    if resolved:
        data["resolved"] = resolved
    return data


def command_payload(
    name: str,
    options: Mapping[str, OptionValue] | None = None,
    *,
    command_type: int = 1,
    target_id: str | None = None,
    resolved: Resolved | None = None,
    **envelope: Unpack[Envelope],
) -> dict[str, Any]:
    """A command invocation (interaction type 2).

    Args:
        name: The command; ``"admin purge"`` invokes subcommand ``purge`` of group
            ``admin`` (slash commands only: context-menu names may hold spaces).
        options: Option values by name (see :class:`TypedOption` for users, channels...).
        command_type: 1 slash, 2 user (context menu), 3 message (context menu).
        target_id: The user or message a context-menu command targets (the invoking
            user, or a fresh message, when omitted).
        resolved: The ``data.resolved`` object to send instead of the one built from
            the options and the target (to give a user, member or role exact fields).
        **envelope: See :class:`Envelope`.

    Raises:
        ValueError: An empty name, more than three words, or options on a context menu.
        TypeError: An option value of an unsupported type.
    """
    guild = envelope.get("context", "guild") == "guild"
    built: dict[str, dict[str, Any]] = {}
    if command_type in (2, 3) and options:
        raise ValueError("context-menu commands (user, message) take no options")
    leaf = _options(options, built, guild)
    data = _command_data(name, command_type, leaf, built)
    if command_type == 2:
        target = target_id or envelope.get("user_id", DEFAULT_USER_ID)
        _resolve(6, target, built, guild)
        data["target_id"] = target
        data["resolved"] = built
    elif command_type == 3:
        target = target_id or snowflake()
        message = _message(envelope, target, components=[])
        message["author"] = _user(envelope.get("user_id", DEFAULT_USER_ID), "tester")
        built.setdefault("messages", {})[target] = message
        data["target_id"] = target
        data["resolved"] = built
    _override_resolved(data, resolved)
    return interaction_payload(2, data, **envelope)


def user_command_payload(
    name: str,
    target_id: str | None = None,
    *,
    resolved: Resolved | None = None,
    **envelope: Unpack[Envelope],
) -> dict[str, Any]:
    """A user context-menu command used on a user (type 2 command of command type 2).

    The target is in ``data.resolved``: as a user, and in a guild as a member too.

    Args:
        name: The command's name, such as ``"Show avatar"`` (spaces allowed).
        target_id: The user right-clicked (the invoking user when omitted).
        resolved: The ``data.resolved`` object to send instead (a target with a
            nickname, a bot flag...).
        **envelope: See :class:`Envelope`.
    """
    return command_payload(name, command_type=2, target_id=target_id, resolved=resolved, **envelope)


def message_command_payload(
    name: str,
    target_id: str | None = None,
    *,
    resolved: Resolved | None = None,
    **envelope: Unpack[Envelope],
) -> dict[str, Any]:
    """A message context-menu command used on a message (command type 3).

    The target message (written by the invoking user) is in ``data.resolved.messages``.

    Args:
        name: The command's name, such as ``"Bookmark"`` (spaces allowed).
        target_id: The message's id (a fresh snowflake when omitted).
        resolved: The ``data.resolved`` object to send instead (a message with content,
            attachments...).
        **envelope: See :class:`Envelope`.
    """
    return command_payload(name, command_type=3, target_id=target_id, resolved=resolved, **envelope)


def _override_resolved(data: dict[str, Any], resolved: Resolved | None) -> None:
    """Put the caller's ``resolved`` in ``data`` instead of the built one."""
    if resolved is None:
        return
    data["resolved"] = {kind: dict(entries) for kind, entries in resolved.items()}


def autocomplete_payload(
    name: str,
    option: str,
    value: str,
    *,
    options: Mapping[str, OptionValue] | None = None,
    option_type: int = 3,
    **envelope: Unpack[Envelope],
) -> dict[str, Any]:
    """A user typing into an autocomplete option (interaction type 4).

    Args:
        name: The command (``"admin purge"`` for a subcommand).
        option: The option being typed into (sent with ``"focused": true``).
        value: What the user typed so far (always a string, even for numbers).
        options: Other options already filled in.
        option_type: The focused option's type (3 string, 4 integer, 10 number).
        **envelope: See :class:`Envelope`.
    """
    guild = envelope.get("context", "guild") == "guild"
    resolved: dict[str, dict[str, Any]] = {}
    leaf = _options(options, resolved, guild)
    leaf.append({"type": option_type, "name": option, "value": value, "focused": True})
    data = _command_data(name, 1, leaf, resolved)
    data["version"] = snowflake()
    return interaction_payload(4, data, **envelope)


# -- components and modals ---------------------------------------------------------------------

_SELECT_RESOLVES = {5: 6, 6: 8, 7: 9, 8: 7}


def _message(
    envelope: Envelope, message_id: str, components: list[dict[str, Any]]
) -> dict[str, Any]:
    application_id = envelope.get("application_id", DEFAULT_APPLICATION_ID)
    return {
        "id": message_id,
        "channel_id": envelope.get("channel_id", DEFAULT_CHANNEL_ID),
        "type": 0,
        "content": "A message with components.",
        "author": _user(application_id, "kagari-bot", bot=True),
        "application_id": application_id,
        "timestamp": "2024-01-01T00:00:00.000000+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": components,
        "pinned": False,
        "flags": 0,
    }


def component_payload(
    custom_id: str,
    values: Sequence[str] | None = None,
    *,
    component_type: int | None = None,
    message_id: str | None = None,
    resolved: Resolved | None = None,
    **envelope: Unpack[Envelope],
) -> dict[str, Any]:
    """A click on a button or a choice in a select menu (interaction type 3).

    Args:
        custom_id: The component's ``custom_id``.
        values: The chosen values of a select (ids for user, role, mentionable and
            channel selects; those get ``resolved`` entries).
        component_type: 2 button (default without ``values``), 3 string select (default
            with ``values``), 5 user, 6 role, 7 mentionable, 8 channel select.
        message_id: The id of the message the component sits on.
        resolved: The ``data.resolved`` object to send instead of the one built from
            the chosen ids (users with names, members with nicknames...).
        **envelope: See :class:`Envelope`.

    Raises:
        ValueError: ``values`` given for a button, or an unknown component type.
    """
    kind = component_type if component_type is not None else (2 if values is None else 3)
    if kind not in (2, 3, 5, 6, 7, 8):
        raise ValueError(f"component_type must be 2 (button) or a select (3, 5-8), got {kind}")
    if kind == 2 and values:
        raise ValueError("a button click carries no values; pass component_type for a select")
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": kind, "id": 2}
    component: dict[str, Any] = {"type": kind, "id": 2, "custom_id": custom_id}
    if kind == 2:
        component.update({"style": 1, "label": custom_id[:80]})
    else:
        chosen = list(values or ())
        data["values"] = chosen
        component["min_values"] = 1
        component["max_values"] = max(1, len(chosen))
        if kind == 3:
            component["options"] = [{"label": value, "value": value} for value in chosen]
        if kind in _SELECT_RESOLVES and chosen:
            built: dict[str, dict[str, Any]] = {}
            guild = envelope.get("context", "guild") == "guild"
            for value in chosen:
                _resolve(_SELECT_RESOLVES[kind], value, built, guild)
            data["resolved"] = built
    _override_resolved(data, resolved)
    row = {"type": 1, "id": 1, "components": [component]}
    payload = interaction_payload(3, data, **envelope)
    payload["message"] = _message(envelope, message_id or snowflake(), [row])
    return payload


_FIELD_RESOLVES = {**_SELECT_RESOLVES, 19: 11}  # selects, and file uploads (attachments)
ModalLayout: TypeAlias = Literal["label", "action_row"]
"""How a modal's inputs are laid out: in labels (current) or in action rows (legacy)."""


def _modal_field(field_id: str, value: FieldValue, field_number: int) -> dict[str, Any]:
    inner: dict[str, Any] = {"id": field_number}
    if isinstance(value, bool):
        inner["type"] = 23
        inner["value"] = value
    elif isinstance(value, str):
        inner.update({"type": 4, "value": value})
    elif isinstance(value, Mapping):
        if not isinstance(value.get("type"), int):
            raise ValueError(
                f"modal field {field_id!r}: a submitted component needs its int 'type', "
                f"got {dict(value)!r}"
            )
        inner.update(value)
    else:
        inner.update({"type": 3, "values": [str(item) for item in value]})
    inner["custom_id"] = field_id
    return inner


def modal_payload(
    custom_id: str,
    fields: Mapping[str, FieldValue] | None = None,
    *,
    resolved: Resolved | None = None,
    layout: ModalLayout = "label",
    message_id: str | None = None,
    **envelope: Unpack[Envelope],
) -> dict[str, Any]:
    """A submitted modal (interaction type 5), in Discord's current label layout.

    Args:
        custom_id: The modal's ``custom_id``.
        fields: Submitted values by input ``custom_id``: a string is a text input, a
            bool a checkbox, a list of strings a string select's chosen values, and a
            mapping the submitted component itself, such as ``{"type": 21, "value":
            "red"}`` for a radio group or ``{"type": 5, "values": [user_id]}`` for a
            user select (its ``custom_id`` is filled in). User, role, mentionable and
            channel selects and file uploads get ``resolved`` entries for their ids.
        resolved: The ``data.resolved`` object to send instead of the built one.
        layout: ``"label"`` wraps each input in a label (type 18), as Discord sends
            current modals; ``"action_row"`` in an action row (type 1), as it sends
            modals built the legacy way.
        message_id: For a modal opened from a message's component: the message's id;
            the payload then carries that message, as Discord's does.
        **envelope: See :class:`Envelope`.

    Raises:
        ValueError: An unknown ``layout``, or a mapping field without an int ``type``.
    """
    if layout not in ("label", "action_row"):
        raise ValueError(f"layout must be 'label' or 'action_row', got {layout!r}")
    guild = envelope.get("context", "guild") == "guild"
    components: list[dict[str, Any]] = []
    built: dict[str, dict[str, Any]] = {}
    next_id = itertools.count(1)
    for field_id, value in (fields or {}).items():
        wrapper_id = next(next_id)
        inner = _modal_field(field_id, value, next(next_id))
        kind = _FIELD_RESOLVES.get(int(inner["type"]))
        if kind is not None:
            for chosen in inner.get("values") or ():
                _resolve(kind, chosen, built, guild)
        if layout == "label":
            components.append({"type": 18, "id": wrapper_id, "component": inner})
        else:
            components.append({"type": 1, "id": wrapper_id, "components": [inner]})
    data: dict[str, Any] = {"custom_id": custom_id, "components": components}
    if built:
        data["resolved"] = built
    _override_resolved(data, resolved)
    payload = interaction_payload(5, data, **envelope)
    if message_id is not None:
        payload["message"] = _message(envelope, message_id, [])
    return payload
