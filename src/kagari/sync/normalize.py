"""Compare a local command payload with what Discord stores, after filling Discord's defaults.

Discord echoes commands back with defaults filled in and response-only fields added
(``id``, ``version``, ``name_localized``...), and omits or nulls what was never set
(``options`` absent or ``[]``, ``name_localizations`` absent or ``null``, ``required``
absent meaning ``false``...). A naive comparison would see a change on every run and
re-upload the commands each time, burning the daily command-create budget. Here both
sides are brought to one canonical form before they are compared field by field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = [
    "ENTRY_POINT",
    "GLOBAL_CONTEXTS",
    "CommandDefaults",
    "FieldChange",
    "carried_payload",
    "command_key",
    "command_label",
    "diff_command",
]

GLOBAL_CONTEXTS = (0, 1, 2)
"""The ``contexts`` Discord gives a new global command: guild, bot DM, private channel."""

ENTRY_POINT = 4
"""The command type of an Entry Point (``PRIMARY_ENTRY_POINT``), an Activity's launcher."""

# What a bulk overwrite may say about a command, so a carried command stays as it is.
_CARRIED_FIELDS = (
    "id",
    "type",
    "name",
    "name_localizations",
    "description",
    "description_localizations",
    "default_member_permissions",
    "contexts",
    "integration_types",
    "handler",
    "nsfw",
)

# Fields Discord adds to what it returns; never part of what an app sends.
_RESPONSE_ONLY = frozenset(
    {
        "id",
        "application_id",
        "version",
        "guild_id",
        "name_localized",
        "description_localized",
    }
)

# Deprecated fields: compared only when the local payload sets them, since Discord fills
# them in on its own from newer fields (``contexts``) and would otherwise always differ.
_LOCAL_ONLY = frozenset({"dm_permission", "default_permission"})

Normalizer = Callable[[Any], Any]


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One field that differs between Discord's copy of a command and the local one.

    Attributes:
        path: Where the field is, such as ``"description"`` or
            ``"options.who.required"`` (options are named, not numbered).
        old: Discord's value, normalised (``None`` when the field or option is absent).
        new: The local value, normalised (``None`` when the field or option is removed).
    """

    path: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        """The change as a JSON-ready dict."""
        return {"path": self.path, "old": self.old, "new": self.new}


@dataclasses.dataclass(frozen=True)
class CommandDefaults:
    """The defaults Discord applies to a command of one scope.

    Attributes:
        integration_types: What an absent ``integration_types`` means: the installation
            types the application is configured for (guild install, ``[0]``, by default).
        contexts: What an absent ``contexts`` means: every context for a global command;
            ``None`` for a guild command, where the field is compared only when set locally.
    """

    integration_types: tuple[int, ...] = (0,)
    contexts: tuple[int, ...] | None = GLOBAL_CONTEXTS

    @classmethod
    def for_scope(
        cls, guild_id: int | None, application: Mapping[str, Any] | None = None
    ) -> CommandDefaults:
        """The defaults of the global scope (``None``) or of a guild.

        Args:
            guild_id: The guild, or ``None`` for global commands.
            application: The application object (``GET /applications/@me``); its
                ``integration_types_config`` decides the default ``integration_types``.
        """
        configured = (application or {}).get("integration_types_config")
        integration_types: tuple[int, ...] = (0,)
        if isinstance(configured, Mapping) and configured:
            integration_types = tuple(sorted(int(key) for key in configured))
        return cls(integration_types, GLOBAL_CONTEXTS if guild_id is None else None)


def command_key(payload: Mapping[str, Any]) -> tuple[int, str]:
    """What identifies a command inside its scope: ``(type, name)``."""
    return int(payload.get("type") or 1), str(payload.get("name", ""))


def command_label(payload: Mapping[str, Any]) -> str:
    """How a command is named to people: ``/ping``, ``user 'Show avatar'``, ``message ...``."""
    kind, name = command_key(payload)
    if kind == 1:
        return f"/{name}"
    label = {2: "user", 3: "message", 4: "entry point"}.get(kind, f"type {kind}")
    return f"{label} {name!r}"


def carried_payload(remote: Mapping[str, Any]) -> dict[str, Any]:
    """The bulk-overwrite entry that leaves a remote command exactly as Discord has it.

    It names the command by its ``id`` and repeats every field a create request can
    set (response-only fields such as ``version`` are dropped). Discord returns
    ``default_member_permissions`` as a string; it is sent back as the integer the
    request schema asks for.

    Args:
        remote: The command as Discord returned it (fetched with localizations).
    """
    payload = {key: remote[key] for key in _CARRIED_FIELDS if key in remote}
    permissions = payload.get("default_member_permissions")
    if isinstance(permissions, str) and permissions.isdigit():
        payload["default_member_permissions"] = int(permissions)
    if payload.get("id") is not None:
        payload["id"] = str(payload["id"])
    return payload


# -- value normalisers -------------------------------------------------------------------------


def _mapping(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def _id_set(value: Any) -> list[int] | None:
    if value is None:
        return None
    return sorted({int(item) for item in value})


def _permissions(value: Any) -> str | None:
    return None if value is None else str(value)


def _flag(value: Any) -> bool:
    return bool(value)


def _choices(value: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": choice.get("name"),
            "name_localizations": _mapping(choice.get("name_localizations")),
            "value": choice.get("value"),
        }
        for choice in (value or ())
        if isinstance(choice, Mapping)
    ]


def _same(value: Any) -> Any:
    return value


def _with_default(default: Any, normalizer: Normalizer = _same) -> Normalizer:
    def normalize(value: Any) -> Any:
        return default if value is None else normalizer(value)

    return normalize


_COMMAND_FIELDS: dict[str, Normalizer] = {
    "type": _with_default(1, int),
    "name": _same,
    "name_localizations": _mapping,
    "description": _with_default(""),
    "description_localizations": _mapping,
    "default_member_permissions": _permissions,
    "nsfw": _flag,
}

_OPTION_FIELDS: dict[str, Normalizer] = {
    "type": _with_default(1, int),
    "name": _same,
    "name_localizations": _mapping,
    "description": _with_default(""),
    "description_localizations": _mapping,
    "required": _flag,
    "autocomplete": _flag,
    "choices": _choices,
    "channel_types": lambda value: _id_set(value) or [],
    "min_value": _same,
    "max_value": _same,
    "min_length": _same,
    "max_length": _same,
}


# -- diffing -------------------------------------------------------------------------------------


def diff_command(
    local: Mapping[str, Any], remote: Mapping[str, Any], defaults: CommandDefaults
) -> list[FieldChange]:
    """Every field in which Discord's copy of a command differs from the local payload.

    Args:
        local: The payload the bot would send.
        remote: The command as Discord returned it (fetched with localizations).
        defaults: The scope's defaults for ``integration_types`` and ``contexts``.

    Returns:
        The differences, empty when uploading ``local`` would change nothing.
    """
    fields = dict(_COMMAND_FIELDS)
    fields["integration_types"] = _with_default(list(defaults.integration_types), _id_set)
    if defaults.contexts is not None:
        fields["contexts"] = _with_default(list(defaults.contexts), _id_set)
    elif local.get("contexts") is not None:
        fields["contexts"] = _id_set
    if command_key(local)[0] == ENTRY_POINT:
        fields["handler"] = _with_default(1, int)
    changes = _diff_fields(local, remote, fields, "")
    changes.extend(_diff_options(local.get("options"), remote.get("options"), ""))
    return changes


def _diff_fields(
    local: Mapping[str, Any],
    remote: Mapping[str, Any],
    fields: Mapping[str, Normalizer],
    prefix: str,
) -> list[FieldChange]:
    changes: list[FieldChange] = []
    extra = [
        key for key in local if key not in fields and key != "options" and key not in _RESPONSE_ONLY
    ]
    for key in [*fields, *extra]:
        if key in _LOCAL_ONLY and local.get(key) is None:
            continue
        normalize = fields.get(key, _same)
        old = normalize(remote.get(key))
        new = normalize(local.get(key))
        if old != new:
            changes.append(FieldChange(prefix + key, old, new))
    return changes


def _diff_options(local: Any, remote: Any, prefix: str) -> list[FieldChange]:
    local_options = _option_list(local)
    remote_options = _option_list(remote)
    local_by_name = {str(option.get("name")): option for option in local_options}
    remote_by_name = {str(option.get("name")): option for option in remote_options}
    changes: list[FieldChange] = []
    for name, option in local_by_name.items():
        path = f"{prefix}options.{name}"
        found = remote_by_name.get(name)
        if found is None:
            changes.append(FieldChange(path, None, _canonical_option(option)))
            continue
        changes.extend(_diff_fields(option, found, _OPTION_FIELDS, path + "."))
        changes.extend(_diff_options(option.get("options"), found.get("options"), path + "."))
    for name, option in remote_by_name.items():
        if name not in local_by_name:
            changes.append(FieldChange(f"{prefix}options.{name}", _canonical_option(option), None))
    shared_local = [name for name in local_by_name if name in remote_by_name]
    shared_remote = [name for name in remote_by_name if name in local_by_name]
    if shared_local != shared_remote:
        changes.append(FieldChange(f"{prefix}options (order)", shared_remote, shared_local))
    return changes


def _option_list(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
        return []
    return [option for option in value if isinstance(option, Mapping)]


def _canonical_option(option: Mapping[str, Any]) -> dict[str, Any]:
    """An option with defaults filled and response-only fields dropped (for display)."""
    canonical: dict[str, Any] = {}
    for key, normalize in _OPTION_FIELDS.items():
        value = normalize(option.get(key))
        if value not in (None, [], {}, False):
            canonical[key] = value
    nested = _option_list(option.get("options"))
    if nested:
        canonical["options"] = [_canonical_option(item) for item in nested]
    return canonical
