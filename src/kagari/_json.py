"""The one place kagari encodes and decodes JSON (compact output)."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["JSONDecodeError", "dumps", "loads"]

JSONDecodeError = ValueError
"""What :func:`loads` raises on bad input (``json.JSONDecodeError`` is a ``ValueError``)."""

_encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def dumps(value: Any) -> bytes:
    """Encode ``value`` as compact UTF-8 JSON."""
    return _encoder.encode(value).encode("utf-8")


def loads(data: bytes | str) -> Any:
    """Decode JSON text or UTF-8 bytes.

    Raises:
        ValueError: On invalid JSON or invalid UTF-8.
    """
    return json.loads(data)
