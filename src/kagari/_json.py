"""The one place kagari encodes and decodes JSON (compact output).

With the ``speedups`` extra installed (``pip install 'kagari[speedups]'``), orjson does
the work; otherwise the standard library does. Both produce the same compact JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

__all__ = ["BACKEND", "dumps", "loads"]

_encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _std_dumps(value: Any) -> bytes:
    return _encoder.encode(value).encode("utf-8")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_STRING = re.compile(r'"(?:[^"\\\\]|\\\\.)*"', re.DOTALL)
_MAX_DEPTH = 1024
"""orjson's nesting limit, kept by the stdlib back end too: whatever the recursion
limit, a document nested deeper is refused, never parsed (or overflowing the stack)."""


def _too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= _MAX_DEPTH:  # the usual case: one cheap pass
        return False
    depth = 0
    for char in _STRING.sub("", text):
        if char in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _std_loads(data: bytes | str) -> Any:
    # Refuse what orjson refuses, so both back ends accept the same documents: bytes
    # that are not UTF-8 (the stdlib would guess UTF-16/32 and let surrogates pass),
    # NaN/Infinity, unpaired surrogates, and nesting too deep (the stdlib parser
    # recurses once per level and would raise RecursionError).
    if isinstance(data, str):
        data.encode("utf-8")  # UnicodeEncodeError (a ValueError) on a lone surrogate
        text = data
    else:
        text = data.decode("utf-8")  # UnicodeDecodeError (a ValueError) if not UTF-8
    if _too_deep(text):
        raise ValueError(f"JSON document is nested deeper than {_MAX_DEPTH} levels")
    try:
        value = json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        raise ValueError("JSON document is nested too deeply") from None
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        try:
            _encoder.encode(value).encode("utf-8")  # fails on an unpaired surrogate
        except UnicodeEncodeError:
            raise ValueError("JSON string has an unpaired surrogate") from None
    return value


dumps: Callable[[Any], bytes]
"""Encode a value as compact UTF-8 JSON."""
loads: Callable[[bytes | str], Any]
"""Decode JSON text or UTF-8 bytes; raises ``ValueError`` on any invalid input (nesting
too deep for the parser included), never ``RecursionError``."""

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the extra being installed
    BACKEND = "json"
    dumps = _std_dumps
    loads = _std_loads
else:
    BACKEND = "orjson"
    dumps = orjson.dumps
    loads = orjson.loads
