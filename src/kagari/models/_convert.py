"""Forgiving converters from raw JSON values to typed Python values.

Every helper here accepts *anything* (Discord may send a field with an unexpected
type, or not at all) and returns a value of the advertised type or a default. None
of them raises.
"""

from __future__ import annotations

import datetime
import enum
import re
from typing import Any, TypeVar

from kagari.models.snowflake import Snowflake

__all__ = [
    "as_bool",
    "as_dict",
    "as_int",
    "as_list",
    "as_opt_bool",
    "as_opt_int",
    "as_opt_str",
    "as_str",
    "as_str_list",
    "opt_datetime",
    "opt_snowflake",
    "snowflake",
    "snowflake_list",
    "try_enum",
]

E = TypeVar("E", bound=enum.Enum)

_ISO_RE = re.compile(
    r"^(?P<base>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})"
    r"(?:\.(?P<frac>\d+))?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)


def try_enum(cls: type[E], value: Any) -> E | Any:
    """Return the member of ``cls`` with the value ``value``, or ``value`` itself.

    Unknown values (a newer Discord than this kagari) are passed through unchanged.
    """
    try:
        # The lookup table Enum itself uses; much cheaper than calling the class.
        member: E | None = cls._value2member_map_.get(value)  # type: ignore[assignment]
    except TypeError:  # an unhashable value
        return value
    return value if member is None else member


def as_dict(value: Any) -> dict[str, Any]:
    """Return ``value`` when it is a dict, else an empty dict."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """Return ``value`` when it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def as_str(value: Any, default: str = "") -> str:
    """Return ``value`` when it is a str, else ``default``."""
    return value if isinstance(value, str) else default


def as_opt_str(value: Any) -> str | None:
    """Return ``value`` when it is a str, else ``None``."""
    return value if isinstance(value, str) else None


def as_str_list(value: Any) -> list[str]:
    """Return the str items of ``value`` when it is a list (numbers become strings)."""
    out: list[str] = []
    for item in as_list(value):
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            out.append(str(item))
    return out


def as_opt_int(value: Any) -> int | None:
    """Return ``value`` as an int (accepting decimal strings), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def as_int(value: Any, default: int = 0) -> int:
    """Return ``value`` as an int (accepting decimal strings), else ``default``."""
    result = as_opt_int(value)
    return default if result is None else result


def as_opt_bool(value: Any) -> bool | None:
    """Return ``value`` when it is a bool, else ``None``."""
    return value if isinstance(value, bool) else None


def as_bool(value: Any, default: bool = False) -> bool:
    """Return ``value`` when it is a bool, else ``default``."""
    return value if isinstance(value, bool) else default


def opt_snowflake(value: Any) -> Snowflake | None:
    """Return ``value`` as a :class:`Snowflake` (from a decimal string or int), else ``None``.

    Any non-negative integer is an id, and so is a string of ASCII digits of any length:
    Discord's own examples use ids wider than 64 bits (the 21-digit attachment id of
    its file-upload example). Anything else (signs, spaces, other digits, or more
    digits than Python converts to an int) gives ``None``.
    """
    if type(value) is str:
        if not (value.isdigit() and value.isascii()):
            return None
        try:
            return Snowflake(value)
        except ValueError:  # beyond sys.get_int_max_str_digits()
            return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return Snowflake(value)
    return None


def snowflake(value: Any) -> Snowflake:
    """Return ``value`` as a :class:`Snowflake`, or ``Snowflake(0)`` when it is not one."""
    result = opt_snowflake(value)
    return Snowflake(0) if result is None else result


def snowflake_list(value: Any) -> list[Snowflake]:
    """Return the snowflakes found in the list ``value`` (invalid items are skipped)."""
    out: list[Snowflake] = []
    for item in as_list(value):
        parsed = opt_snowflake(item)
        if parsed is not None:
            out.append(parsed)
    return out


def opt_datetime(value: Any) -> datetime.datetime | None:
    """Parse an ISO 8601 timestamp as Discord sends it; ``None`` when absent or invalid.

    Naive timestamps are taken as UTC. Fractions of any length are accepted (Python
    3.10's ``fromisoformat`` only takes 3 or 6 digits).
    """
    if not isinstance(value, str):
        return None
    match = _ISO_RE.match(value.strip())
    if match is None:
        return None
    frac = (match.group("frac") or "0")[:6].ljust(6, "0")
    tz = match.group("tz") or "+00:00"
    if tz == "Z":
        tz = "+00:00"
    elif ":" not in tz:
        tz = f"{tz[:3]}:{tz[3:]}"
    try:
        return datetime.datetime.fromisoformat(f"{match.group('base')}.{frac}{tz}")
    except ValueError:
        return None
