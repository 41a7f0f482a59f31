"""The one place kagari encodes and decodes JSON (compact output).

With the ``speedups`` extra installed (``pip install 'kagari[speedups]'``), orjson does
the work; otherwise the standard library does. Both produce the same compact JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["BACKEND", "dumps", "loads"]

_encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _std_dumps(value: Any) -> bytes:
    return _encoder.encode(value).encode("utf-8")


dumps: Callable[[Any], bytes]
"""Encode a value as compact UTF-8 JSON."""
loads: Callable[[bytes | str], Any]
"""Decode JSON text or UTF-8 bytes; raises ``ValueError`` on invalid input."""

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the extra being installed
    BACKEND = "json"
    dumps = _std_dumps
    loads = json.loads
else:
    BACKEND = "orjson"
    dumps = orjson.dumps
    loads = orjson.loads
