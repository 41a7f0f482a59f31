"""Command lookup and option checking for the test client, the way Discord's client does it.

Discord only sends an interaction for a command it knows, in a scope where it is
registered, with option values of the declared types inside their limits. The test
client checks the same things against the bot's own command schema
(``bot.command_payloads()``) before sending, so a test cannot pass with a request
Discord would never make.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from kagari.builders import limits
from kagari.models import (
    Attachment,
    ChannelType,
    Member,
    Message,
    OptionType,
    PartialChannel,
    Role,
    User,
)
from kagari.testing.factories import (
    make_attachment,
    make_channel,
    make_message,
    make_role,
    make_user,
    raw_of,
)

__all__ = [
    "CommandMatch",
    "InvalidInteraction",
    "Resolved",
    "build_options",
    "find_command",
]

_MAX_SAFE = 2**53
_GROUPING = (int(OptionType.SUB_COMMAND), int(OptionType.SUB_COMMAND_GROUP))
_TYPE_NAMES = {int(kind): kind.name for kind in OptionType}
_KIND_NAMES = {1: "slash command", 2: "user command", 3: "message command"}
_CONTEXT_NAMES = {0: "a guild", 1: "the bot's DM", 2: "a private channel"}


class InvalidInteraction(AssertionError):
    """The test asked for an interaction Discord would never send.

    An unknown command or option, a value of the wrong type or out of range, a missing
    required option, a disabled button, a value a select does not offer...
    """


@dataclasses.dataclass
class CommandMatch:
    """Where a command was found in the bot's schema.

    Attributes:
        top: The top-level command JSON (``None`` when the bot has no schema).
        leaf: The JSON whose ``options`` are the values (the subcommand, or ``top``).
        path: The subcommand group/subcommand names below the top-level name.
        scope: The guild id of a guild command, ``None`` for a global one.
    """

    top: dict[str, Any] | None
    leaf: dict[str, Any] | None
    path: list[str]
    scope: int | None


class Resolved:
    """The ``resolved`` object built up while encoding option or select values."""

    def __init__(self, in_guild: bool, member_permissions: str | None = None) -> None:
        self.in_guild = in_guild
        self.member_permissions = member_permissions
        self.sections: dict[str, dict[str, dict[str, Any]]] = {}

    def add(self, section: str, raw: dict[str, Any]) -> str:
        """Add ``raw`` under its id to ``section``; return the id."""
        key = str(raw.get("id"))
        self.sections.setdefault(section, {})[key] = raw
        return key

    def user(self, value: Any, label: str) -> str:
        """Resolve a User, a Member or an id; return the id."""
        if isinstance(value, Member):
            member = raw_of(value)
            user = member.pop("user", None) or raw_of(value.user)
            key = self.add("users", user)
            if self.in_guild:
                self.sections.setdefault("members", {})[key] = member
            return key
        if isinstance(value, User):
            return self.add("users", raw_of(value))
        return self.add("users", raw_of(make_user(_snowflake(value, label))))

    def role(self, value: Any, label: str) -> str:
        """Resolve a Role or an id; return the id."""
        if isinstance(value, Role):
            return self.add("roles", raw_of(value))
        return self.add("roles", raw_of(make_role(_snowflake(value, label))))

    def channel(self, value: Any, label: str, allowed: Sequence[int] | None) -> str:
        """Resolve a channel or an id, checking ``channel_types``; return the id."""
        if isinstance(value, PartialChannel):
            raw = raw_of(value)
        else:
            kind = allowed[0] if allowed else int(ChannelType.GUILD_TEXT)
            raw = raw_of(make_channel(_snowflake(value, label), type=kind))
        actual = raw.get("type")
        if allowed and actual not in allowed:
            names = ", ".join(_channel_type_name(item) for item in allowed)
            raise InvalidInteraction(
                f"{label}: a {_channel_type_name(actual)} channel is not allowed here; "
                f"the option accepts {names}"
            )
        if self.member_permissions is not None:
            raw.setdefault("permissions", self.member_permissions)
        return self.add("channels", raw)

    def attachment(self, value: Any, label: str) -> str:
        """Resolve an Attachment or an id; return the id."""
        if isinstance(value, Attachment):
            return self.add("attachments", raw_of(value))
        return self.add("attachments", raw_of(make_attachment(_snowflake(value, label))))

    def message(self, value: Any, label: str) -> str:
        """Resolve a Message or an id; return the id."""
        if isinstance(value, Message):
            return self.add("messages", raw_of(value))
        return self.add("messages", raw_of(make_message(_snowflake(value, label))))

    def to_json(self) -> dict[str, Any] | None:
        """The ``resolved`` object, or ``None`` when nothing was resolved."""
        return {name: dict(items) for name, items in self.sections.items()} or None


def _snowflake(value: Any, label: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise InvalidInteraction(
            f"{label}: expected a kagari model (from the factories) or an id, got {value!r}"
        )
    return str(value)


def _channel_type_name(kind: Any) -> str:
    try:
        return ChannelType(kind).name
    except ValueError:
        return str(kind)


def _type_name(kind: Any) -> str:
    return _TYPE_NAMES.get(kind, str(kind)) if isinstance(kind, int) else str(kind)


# -- finding the command --------------------------------------------------------------------


def find_command(
    scopes: Mapping[int | None, Sequence[Mapping[str, Any]]] | None,
    command_type: int,
    name_path: str,
    guild_id: int | None,
    context: int,
) -> CommandMatch:
    """Find the command Discord would show the user for ``name_path``.

    Args:
        scopes: ``bot.command_payloads()``; ``None`` when the bot has no schema (then
            nothing is checked and the path is split on spaces).
        command_type: 1 slash, 2 user, 3 message.
        name_path: ``"admin purge"`` for subcommands; a context-menu name as it is.
        guild_id: The guild the interaction comes from (``None``: a DM).
        context: The interaction context (0 guild, 1 bot DM, 2 private channel).

    Raises:
        InvalidInteraction: Discord would not offer this command here.
    """
    words = [name_path] if command_type != 1 else name_path.split()
    if not words or not words[0]:
        raise InvalidInteraction("the command name must not be empty")
    if scopes is None:
        return CommandMatch(None, None, words[1:], None)
    kind = _KIND_NAMES.get(command_type, f"type {command_type} command")
    candidates: list[tuple[int | None, dict[str, Any]]] = []
    for scope, payloads in scopes.items():
        for payload in payloads:
            if payload.get("name") == words[0] and int(payload.get("type", 1)) == command_type:
                candidates.append((scope, dict(payload)))
    if not candidates:
        known = sorted(
            {
                str(payload.get("name"))
                for payloads in scopes.values()
                for payload in payloads
                if int(payload.get("type", 1)) == command_type
            }
        )
        raise InvalidInteraction(
            f"the bot has no {kind} named {words[0]!r}; its {kind}s are: "
            f"{', '.join(known) or 'none'}"
        )
    usable = [item for item in candidates if item[0] is None or item[0] == guild_id]
    if not usable:
        guilds = ", ".join(str(scope) for scope, _ in candidates)
        where = "a DM" if guild_id is None else f"guild {guild_id}"
        raise InvalidInteraction(
            f"{kind} {words[0]!r} is registered only in guild(s) {guilds}, but the client "
            f"sends from {where}; use TestClient(bot, guild_id=...) or "
            f"client.using(guild_id=...)"
        )
    usable.sort(key=lambda item: item[0] is None)  # a guild command shadows a global one
    scope, top = usable[0]
    _check_context(top, kind, context)
    leaf, path = _walk(top, words)
    return CommandMatch(top, leaf, path, scope)


def _check_context(top: Mapping[str, Any], kind: str, context: int) -> None:
    contexts = top.get("contexts")
    if isinstance(contexts, list) and contexts and context not in contexts:
        allowed = ", ".join(_CONTEXT_NAMES.get(item, str(item)) for item in contexts)
        raise InvalidInteraction(
            f"{kind} {top.get('name')!r} cannot be used in "
            f"{_CONTEXT_NAMES.get(context, str(context))}; it allows: {allowed}"
        )
    if top.get("dm_permission") is False and context != 0:
        raise InvalidInteraction(f"{kind} {top.get('name')!r} is disabled in DMs")


def _walk(top: dict[str, Any], words: list[str]) -> tuple[dict[str, Any], list[str]]:
    node = top
    path: list[str] = []
    label = str(top.get("name"))
    for word in words[1:]:
        children = [
            option for option in node.get("options") or [] if option.get("type") in _GROUPING
        ]
        found = next((option for option in children if option.get("name") == word), None)
        if found is None:
            names = ", ".join(f"{label} {option.get('name')}" for option in children)
            if not children:
                raise InvalidInteraction(f"/{label} has no subcommands (asked for {word!r})")
            raise InvalidInteraction(f"/{label} has no subcommand {word!r}; it has: {names}")
        node = found
        path.append(word)
        label = f"{label} {word}"
    groups = [option for option in node.get("options") or [] if option.get("type") in _GROUPING]
    if groups:
        names = ", ".join(f"{label} {option.get('name')}" for option in groups)
        raise InvalidInteraction(
            f"/{label} is a group and cannot be invoked itself; name a subcommand: {names}"
        )
    return node, path


# -- option values --------------------------------------------------------------------------


def build_options(
    match: CommandMatch,
    name_path: str,
    values: Mapping[str, Any],
    resolved: Resolved,
    *,
    focused: str | None = None,
) -> list[dict[str, Any]]:
    """The ``data.options`` list for a slash command (or an autocomplete request).

    Args:
        match: Where the command was found.
        name_path: The command path, for messages.
        values: Option values by name; ``None`` values are left out (not given).
        resolved: Collects the objects USER/ROLE/CHANNEL/... values refer to.
        focused: For autocomplete: the option being typed in (its value is sent as the
            partial text; required options need not be filled yet).

    Raises:
        InvalidInteraction: An option is unknown, of the wrong type, out of range, not
            one of its choices, or a required one is missing.
    """
    given = {name: value for name, value in values.items() if value is not None}
    if match.leaf is None:
        leaf = [
            _untyped(name, value, name_path, resolved, focused) for name, value in given.items()
        ]
    else:
        leaf = _typed(match.leaf, name_path, given, resolved, focused)
    options = leaf
    for depth in range(len(match.path) - 1, -1, -1):
        kind = (
            OptionType.SUB_COMMAND
            if depth == len(match.path) - 1
            else (OptionType.SUB_COMMAND_GROUP)
        )
        options = [{"name": match.path[depth], "type": int(kind), "options": options}]
    return options


def _typed(
    leaf: Mapping[str, Any],
    name_path: str,
    given: Mapping[str, Any],
    resolved: Resolved,
    focused: str | None,
) -> list[dict[str, Any]]:
    declared = {str(option.get("name")): option for option in leaf.get("options") or []}
    for name in given:
        if name not in declared:
            listed = ", ".join(declared) or "none"
            raise InvalidInteraction(
                f"/{name_path} has no option {name!r}; its options are: {listed}"
            )
    if focused is not None:
        option = declared.get(focused)
        if option is None:
            listed = ", ".join(declared) or "none"
            raise InvalidInteraction(
                f"/{name_path} has no option {focused!r} to autocomplete; its options are: {listed}"
            )
        if not option.get("autocomplete"):
            raise InvalidInteraction(
                f"/{name_path} option {focused!r} has no autocomplete, so Discord never "
                f"sends autocomplete requests for it"
            )
    else:
        missing = [
            name
            for name, option in declared.items()
            if option.get("required") and name not in given
        ]
        if missing:
            raise InvalidInteraction(
                f"/{name_path} is missing required option(s): {', '.join(missing)}"
            )
    out: list[dict[str, Any]] = []
    for name, option in declared.items():  # Discord sends options in declaration order
        if name not in given:
            continue
        label = f"/{name_path} option {name!r}"
        kind = int(option.get("type", 3))
        if name == focused:
            out.append({"name": name, "type": kind, "value": str(given[name]), "focused": True})
            continue
        value = _encode(option, kind, given[name], label, resolved)
        out.append({"name": name, "type": kind, "value": value})
    return out


def _encode(
    option: Mapping[str, Any], kind: int, value: Any, label: str, resolved: Resolved
) -> Any:
    if kind == OptionType.STRING:
        if not isinstance(value, str):
            raise _wrong_type(label, "STRING (str)", value)
        minimum = int(option.get("min_length", 0))
        maximum = int(option.get("max_length", limits.OPTION_STRING_LENGTH_MAX))
        if not minimum <= len(value) <= maximum:
            raise InvalidInteraction(
                f"{label}: {len(value)} characters, but the length must be between "
                f"{minimum} and {maximum}"
            )
    elif kind == OptionType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong_type(label, "INTEGER (int)", value)
        _check_range(option, value, label)
    elif kind == OptionType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _wrong_type(label, "NUMBER (int or float)", value)
        _check_range(option, value, label)
    elif kind == OptionType.BOOLEAN:
        if not isinstance(value, bool):
            raise _wrong_type(label, "BOOLEAN (bool)", value)
    elif kind == OptionType.USER:
        if isinstance(value, (Role, PartialChannel, Attachment)):
            raise _wrong_type(label, "USER (make_user/make_member or an id)", value)
        return resolved.user(value, label)
    elif kind == OptionType.ROLE:
        if isinstance(value, (User, Member, PartialChannel, Attachment)):
            raise _wrong_type(label, "ROLE (make_role or an id)", value)
        return resolved.role(value, label)
    elif kind == OptionType.MENTIONABLE:
        if isinstance(value, Role):
            return resolved.role(value, label)
        if isinstance(value, (PartialChannel, Attachment)):
            raise _wrong_type(label, "MENTIONABLE (a user, member, role or an id)", value)
        return resolved.user(value, label)
    elif kind == OptionType.CHANNEL:
        if isinstance(value, (User, Member, Role, Attachment)):
            raise _wrong_type(label, "CHANNEL (make_channel or an id)", value)
        allowed = option.get("channel_types")
        return resolved.channel(value, label, list(allowed) if allowed else None)
    elif kind == OptionType.ATTACHMENT:
        if isinstance(value, (User, Member, Role, PartialChannel)):
            raise _wrong_type(label, "ATTACHMENT (make_attachment or an id)", value)
        return resolved.attachment(value, label)
    choices = option.get("choices")
    if choices:
        allowed_values = [choice.get("value") for choice in choices]
        if value not in allowed_values:
            listed = ", ".join(repr(item) for item in allowed_values)
            raise InvalidInteraction(f"{label}: {value!r} is not one of the choices: {listed}")
    return value


def _check_range(option: Mapping[str, Any], value: float, label: str) -> None:
    if not -_MAX_SAFE < value < _MAX_SAFE:
        raise InvalidInteraction(f"{label}: {value!r} is outside Discord's range (±2^53)")
    minimum = option.get("min_value")
    maximum = option.get("max_value")
    if minimum is not None and value < minimum:
        raise InvalidInteraction(f"{label}: {value!r} is below the minimum {minimum!r}")
    if maximum is not None and value > maximum:
        raise InvalidInteraction(f"{label}: {value!r} is above the maximum {maximum!r}")


def _wrong_type(label: str, expected: str, value: Any) -> InvalidInteraction:
    return InvalidInteraction(f"{label}: expected {expected}, got {type(value).__name__} {value!r}")


def _untyped(
    name: str, value: Any, name_path: str, resolved: Resolved, focused: str | None
) -> dict[str, Any]:
    """An option of a bot without a schema: its type follows from the Python value."""
    label = f"/{name_path} option {name!r}"
    if name == focused:
        return {"name": name, "type": int(OptionType.STRING), "value": str(value), "focused": True}
    kind: OptionType
    if isinstance(value, bool):
        kind = OptionType.BOOLEAN
    elif isinstance(value, int):
        kind = OptionType.INTEGER
    elif isinstance(value, float):
        kind = OptionType.NUMBER
    elif isinstance(value, str):
        kind = OptionType.STRING
    elif isinstance(value, (User, Member)):
        kind = OptionType.USER
    elif isinstance(value, Role):
        kind = OptionType.ROLE
    elif isinstance(value, PartialChannel):
        kind = OptionType.CHANNEL
    elif isinstance(value, Attachment):
        kind = OptionType.ATTACHMENT
    else:
        raise InvalidInteraction(
            f"{label}: cannot send a {type(value).__name__}; use str, int, float, bool or a "
            f"factory object (make_user, make_role, make_channel, make_attachment)"
        )
    encoded = _encode({}, int(kind), value, label, resolved)
    return {"name": name, "type": int(kind), "value": encoded}
