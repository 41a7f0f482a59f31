"""The result of a sync: per scope, which commands are created, updated, deleted or unchanged.

One kind of remote command is never deleted: Discord's Entry Point command (type 4,
``PRIMARY_ENTRY_POINT``), which Discord creates itself when a developer enables
Activities. A bulk overwrite that leaves it out is rejected whole (error 50240), so an
Entry Point the bot does not declare is *kept*: carried through the overwrite as
Discord has it, id included.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kagari.sync.normalize import (
    ENTRY_POINT,
    CommandDefaults,
    FieldChange,
    carried_payload,
    command_key,
    command_label,
    diff_command,
)

__all__ = ["CommandChange", "ScopePlan", "SyncPlan", "plan_scope"]


@dataclasses.dataclass(frozen=True)
class CommandChange:
    """One command's fate in a sync.

    Attributes:
        name: The command's name.
        type: The command type (1 slash, 2 user, 3 message, 4 entry point).
        fields: For an update, every field that differs (empty otherwise).
        command_id: Discord's id of the command, when Discord already has it.
    """

    name: str
    type: int
    fields: tuple[FieldChange, ...] = ()
    command_id: str | None = None

    @property
    def label(self) -> str:
        """The command as people name it: ``/ping``, ``user 'Show avatar'``..."""
        return command_label({"type": self.type, "name": self.name})

    def to_json(self) -> dict[str, Any]:
        """The change as a JSON-ready dict."""
        data: dict[str, Any] = {"name": self.name, "type": self.type, "id": self.command_id}
        if self.fields:
            data["fields"] = [change.to_json() for change in self.fields]
        return data


@dataclasses.dataclass
class ScopePlan:
    """What a sync does to one scope: the global commands, or one guild's.

    Attributes:
        guild_id: The guild, or ``None`` for the global scope.
        created: Commands Discord does not have yet.
        updated: Commands that differ, each naming the differing fields.
        deleted: Commands Discord has that the bot no longer declares.
        unchanged: Commands that already match.
        payloads: The full list uploaded for this scope (the bulk-overwrite body), the
            kept commands included.
        applied: Whether the overwrite was sent (``False`` for a dry run or no change).
        kept: Commands Discord has that the bot does not declare but that are carried
            through the overwrite untouched: Entry Point commands (type 4) Discord
            created for the app's Activity. They are never a change.
    """

    guild_id: int | None
    created: list[CommandChange] = dataclasses.field(default_factory=list)
    updated: list[CommandChange] = dataclasses.field(default_factory=list)
    deleted: list[CommandChange] = dataclasses.field(default_factory=list)
    unchanged: list[CommandChange] = dataclasses.field(default_factory=list)
    payloads: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    applied: bool = False
    kept: list[CommandChange] = dataclasses.field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        """Whether anything must be created, updated or deleted in this scope."""
        return bool(self.created or self.updated or self.deleted)

    @property
    def scope_name(self) -> str:
        """``"global"`` or ``"guild <id>"``."""
        return "global" if self.guild_id is None else f"guild {self.guild_id}"

    def summary(self) -> str:
        """A one-line count, such as ``"1 to create, 0 to update, 0 to delete, 3 unchanged"``.

        Kept commands are counted at the end (``", 1 kept"``) when there are any.
        """
        text = (
            f"{len(self.created)} to create, {len(self.updated)} to update, "
            f"{len(self.deleted)} to delete, {len(self.unchanged)} unchanged"
        )
        return f"{text}, {len(self.kept)} kept" if self.kept else text

    def to_json(self) -> dict[str, Any]:
        """The scope's plan as a JSON-ready dict."""
        return {
            "guild_id": None if self.guild_id is None else str(self.guild_id),
            "has_changes": self.has_changes,
            "applied": self.applied,
            "created": [change.to_json() for change in self.created],
            "updated": [change.to_json() for change in self.updated],
            "deleted": [change.to_json() for change in self.deleted],
            "unchanged": [change.to_json() for change in self.unchanged],
            "kept": [change.to_json() for change in self.kept],
        }

    def render(self) -> list[str]:
        """The scope's plan as text lines, terraform style (``+`` create, ``~`` update...)."""
        lines = [f"{self.scope_name}: {self.summary()}"]
        for change in self.created:
            lines.append(f"  + create {change.label}")
        for change in self.updated:
            lines.append(f"  ~ update {change.label}")
            for field in change.fields:
                lines.append(f"      {field.path}: {_show(field.old)} -> {_show(field.new)}")
        for change in self.deleted:
            lines.append(f"  - delete {change.label}")
        if self.unchanged:
            names = ", ".join(change.label for change in self.unchanged)
            lines.append(f"    unchanged: {names}")
        for change in self.kept:
            lines.append(f"    kept: {change.label} (Discord's Entry Point, not declared here)")
        return lines


@dataclasses.dataclass
class SyncPlan:
    """Everything a sync found and did, scope by scope.

    ``str(plan)`` is a readable diff; :meth:`to_json` is the same for machines.

    Attributes:
        application_id: The application the commands belong to.
        scopes: The plan of every scope looked at, global first.
        dry_run: Whether writing was skipped on purpose.
    """

    application_id: str
    scopes: list[ScopePlan] = dataclasses.field(default_factory=list)
    dry_run: bool = False

    @property
    def has_changes(self) -> bool:
        """Whether any scope needs (or needed) a write."""
        return any(scope.has_changes for scope in self.scopes)

    def __getitem__(self, guild_id: int | None) -> ScopePlan:
        """The plan of one scope: ``plan[None]`` is global, ``plan[guild_id]`` a guild's.

        Raises:
            KeyError: If that scope was not part of the sync.
        """
        for scope in self.scopes:
            if scope.guild_id == guild_id:
                return scope
        raise KeyError(guild_id)

    def __iter__(self) -> Iterator[ScopePlan]:
        return iter(self.scopes)

    def to_json(self) -> dict[str, Any]:
        """The plan as a JSON-ready dict (``json.dumps(plan.to_json())``)."""
        return {
            "application_id": self.application_id,
            "dry_run": self.dry_run,
            "has_changes": self.has_changes,
            "scopes": [scope.to_json() for scope in self.scopes],
        }

    def __str__(self) -> str:
        lines: list[str] = []
        for scope in self.scopes:
            lines.extend(scope.render())
        counts = [
            sum(len(getattr(scope, kind)) for scope in self.scopes)
            for kind in ("created", "updated", "deleted")
        ]
        total = f"Plan: {counts[0]} to create, {counts[1]} to update, {counts[2]} to delete."
        if not self.has_changes:
            total = "No changes: Discord already has these commands."
        elif self.dry_run:
            total += " Dry run: nothing was sent."
        else:
            written = [scope.scope_name for scope in self.scopes if scope.applied]
            if written:
                total += " Applied to: " + ", ".join(written) + "."
        lines.append(total)
        return "\n".join(lines)


def plan_scope(
    guild_id: int | None,
    local: list[dict[str, Any]],
    remote: Sequence[Mapping[str, Any]],
    defaults: CommandDefaults,
) -> ScopePlan:
    """Compare one scope's local payloads with what Discord has there.

    Commands are matched by ``(type, name)``. A scope has at most one Entry Point
    command, so a declared Entry Point whose name differs from Discord's replaces it
    in place (an update carrying Discord's id, the name among the changed fields).
    Remote Entry Points the bot does not declare are kept, never deleted.

    Args:
        guild_id: The guild, or ``None`` for global.
        local: The payloads the bot declares for this scope (never modified).
        remote: The commands Discord returned for this scope.
        defaults: The scope's defaults (see :class:`CommandDefaults`).
    """
    plan = ScopePlan(guild_id)
    remaining = {command_key(command): command for command in remote}
    payloads = list(local)
    for index, payload in enumerate(local):
        kind, name = command_key(payload)
        found = remaining.pop((kind, name), None)
        if found is None and kind == ENTRY_POINT:
            found = _pop_entry_point(remaining)
            if found is not None and found.get("id") is not None:
                payloads[index] = {**payload, "id": str(found["id"])}
        if found is None:
            plan.created.append(CommandChange(name, kind))
            continue
        fields = tuple(diff_command(payload, found, defaults))
        target = plan.updated if fields else plan.unchanged
        target.append(CommandChange(name, kind, fields, _id_of(found)))
    for (kind, name), command in remaining.items():
        if kind == ENTRY_POINT:
            plan.kept.append(CommandChange(name, kind, command_id=_id_of(command)))
            payloads.append(carried_payload(command))
        else:
            plan.deleted.append(CommandChange(name, kind, command_id=_id_of(command)))
    plan.payloads = payloads
    return plan


def _pop_entry_point(
    remaining: dict[tuple[int, str], Mapping[str, Any]],
) -> Mapping[str, Any] | None:
    """Take the scope's remote Entry Point out of ``remaining``, if it has one."""
    for key in remaining:
        if key[0] == ENTRY_POINT:
            return remaining.pop(key)
    return None


def _id_of(command: Mapping[str, Any]) -> str | None:
    return None if command.get("id") is None else str(command["id"])


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "..."
