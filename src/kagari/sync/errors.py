"""Discord's 400 on a command upload, mapped back to the command and field it is about."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kagari.rest import BadRequestError
from kagari.sync.normalize import command_label

if TYPE_CHECKING:
    from kagari.sync.plan import SyncPlan

__all__ = ["CommandError", "CommandSyncError", "map_bad_request"]


@dataclasses.dataclass(frozen=True)
class CommandError:
    """One complaint of Discord about one uploaded command.

    Attributes:
        command: The command as people name it (``/greet``), or ``None`` when the error
            is about the whole upload.
        field: The field inside the command, with options named: ``options.who.name``.
        message: Discord's message, such as ``"Must be 32 or fewer in length."``.
        source: ``file:line`` of the handler that declared the command, when known.
    """

    command: str | None
    field: str
    message: str
    source: str | None = None

    def __str__(self) -> str:
        where = self.command or "(upload)"
        if self.source:
            where += f" ({self.source})"
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {field}{self.message}"


class CommandSyncError(Exception):
    """Discord refused the commands of one scope (HTTP 400).

    Args:
        scope: ``"global"`` or ``"guild <id>"``.
        errors: Discord's complaints, mapped to commands and fields.
        cause: The REST error Discord's answer raised.
        plan: The plan computed before the upload (earlier scopes may be applied).

    Attributes:
        scope: The scope whose upload failed.
        errors: Each complaint with the command and field it is about.
        cause: The original :class:`~kagari.rest.BadRequestError`.
        plan: The plan, with ``applied`` set on the scopes that were written.
    """

    def __init__(
        self,
        scope: str,
        errors: Sequence[CommandError],
        cause: BadRequestError,
        plan: SyncPlan | None = None,
    ) -> None:
        self.scope = scope
        self.errors = list(errors)
        self.cause = cause
        self.plan = plan
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"Discord rejected the {self.scope} commands: {self.cause.message}"
        if self.cause.code:
            head += f" (code {self.cause.code})"
        return "\n".join([head, *(f"  {error}" for error in self.errors)])


def map_bad_request(
    error: BadRequestError, payloads: Sequence[Mapping[str, Any]], bot: object = None
) -> list[CommandError]:
    """Turn the flattened paths of a bulk-upload 400 into command names and option names.

    A path such as ``"0.options.1.name"`` refers to the upload's list index and option
    indexes; it becomes command ``/greet``, field ``options.who.name``.

    Args:
        error: The 400 raised by the REST client (``errors`` already flattened).
        payloads: The list that was uploaded, in order.
        bot: The bot, to find the handler's source line (through ``find_command``).
    """
    mapped: list[CommandError] = []
    entries = error.errors or {"": [error.message]}
    for path, messages in entries.items():
        parts = path.split(".") if path else []
        command: Mapping[str, Any] | None = None
        if parts and parts[0].isdigit() and int(parts[0]) < len(payloads):
            command = payloads[int(parts[0])]
            parts = parts[1:]
        field, names = _name_path(command, parts) if command is not None else (path, [])
        label = command_label(command) if command is not None else None
        source = _source(bot, command, names) if command is not None else None
        mapped.extend(CommandError(label, field, message, source) for message in messages)
    return mapped


def _name_path(command: Mapping[str, Any], parts: list[str]) -> tuple[str, list[str]]:
    """Replace option indexes by option names; also return the subcommand names passed."""
    shown: list[str] = []
    subcommands: list[str] = []
    node: Any = command
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        if part in ("options", "choices") and following is not None and following.isdigit():
            items = node.get(part) if isinstance(node, Mapping) else None
            position = int(following)
            if isinstance(items, Sequence) and position < len(items):
                node = items[position]
                name = node.get("name") if isinstance(node, Mapping) else None
                shown.append(f"{part}.{name if name is not None else following}")
                if part == "options" and isinstance(node, Mapping) and node.get("type") in (1, 2):
                    subcommands.append(str(name))
            else:
                node = None
                shown.append(f"{part}.{following}")
            index += 2
            continue
        shown.append(part)
        node = node.get(part) if isinstance(node, Mapping) else None
        index += 1
    return ".".join(shown), subcommands


def _source(bot: object, command: Mapping[str, Any], subcommands: list[str]) -> str | None:
    """``file:line`` of the handler behind a command, best effort (``None`` when unknown)."""
    find = getattr(bot, "find_command", None)
    if not callable(find):
        return None
    name = str(command.get("name", ""))
    for path in (" ".join([name, *subcommands]), name):
        try:
            found = find(path)
        except Exception:
            return None
        callback = getattr(found, "callback", None)
        if callback is None:
            continue
        try:
            function = inspect.unwrap(callback)
            filename = inspect.getsourcefile(function)
            line = inspect.getsourcelines(function)[1]
        except (OSError, TypeError):
            return None
        return f"{filename}:{line}" if filename else None
    return None
