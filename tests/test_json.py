"""Both JSON back ends produce the same compact bytes and refuse the same bad input."""

from __future__ import annotations

import json

import pytest

from kagari import _json

SAMPLES = [
    {"type": 4, "data": {"content": "héllo ✨", "flags": 64, "embeds": []}},
    {"nested": [1, 2.5, None, True, {"a": "b"}], "empty": {}},
]


@pytest.mark.parametrize("value", SAMPLES)
def test_backends_agree(value: object) -> None:
    std = _json._std_dumps(value)
    assert std == _json.dumps(value)
    assert b" " not in std.replace("héllo ✨".encode(), b"")
    assert json.loads(std) == value == _json.loads(std)


@pytest.mark.parametrize("bad", [b"{", b"\xff", b"[1,]", b""])
def test_bad_input_is_a_value_error(bad: bytes) -> None:
    with pytest.raises(ValueError):
        _json.loads(bad)
    with pytest.raises(ValueError):
        json.loads(bad)


def test_backend_is_reported() -> None:
    assert _json.BACKEND in {"json", "orjson"}
