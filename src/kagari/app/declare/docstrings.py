"""Read a handler's docstring: the summary line and the ``Args:`` section (Google style)."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field

__all__ = ["ParsedDocstring", "parse_docstring"]

_SECTION = re.compile(r"^(Args|Arguments|Parameters|Params)\s*:\s*$", re.IGNORECASE)
_OTHER_SECTION = re.compile(
    r"^(Returns|Return|Yields|Yield|Raises|Examples?|Notes?|Attributes|See Also|Warnings?|"
    r"Todo|References)\s*:\s*$",
    re.IGNORECASE,
)
_ENTRY = re.compile(r"^(\*{0,2}[A-Za-z_][A-Za-z0-9_]*)\s*(?:\([^)]*\))?\s*:\s*(.*)$")


@dataclass(frozen=True)
class ParsedDocstring:
    """What a docstring says about a command.

    Attributes:
        summary: The first non-empty line, stripped (``""`` when there is none).
        params: Parameter name to its description from the ``Args:`` section, with
            continuation lines joined by single spaces.
    """

    summary: str = ""
    params: dict[str, str] = field(default_factory=dict)


def parse_docstring(doc: str | None) -> ParsedDocstring:
    """Parse ``doc`` (as found on ``func.__doc__``).

    Args:
        doc: The raw docstring, or ``None``.
    """
    if not doc:
        return ParsedDocstring()
    lines = inspect.cleandoc(doc).splitlines()
    summary = next((line.strip() for line in lines if line.strip()), "")
    params: dict[str, str] = {}
    in_args = False
    args_indent = 0
    entry_indent: int | None = None
    current: str | None = None
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not in_args:
            if _SECTION.match(stripped):
                in_args, args_indent, entry_indent, current = True, indent, None, None
            continue
        if not stripped:
            continue
        if indent <= args_indent:
            in_args = False
            if _SECTION.match(stripped):
                in_args, args_indent, entry_indent, current = True, indent, None, None
            continue
        if _OTHER_SECTION.match(stripped) and indent <= args_indent:
            in_args = False
            continue
        if entry_indent is None:
            entry_indent = indent
        found = _ENTRY.match(stripped) if indent == entry_indent else None
        if found is not None:
            current = found.group(1).lstrip("*")
            params[current] = found.group(2).strip()
        elif current is not None:
            params[current] = f"{params[current]} {stripped}".strip()
    return ParsedDocstring(summary, params)
