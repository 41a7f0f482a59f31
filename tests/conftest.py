"""Fixtures shared by the whole suite: Discord's material (tests/data and the bundled spec),
and the fake Discord, key pair and bots the ``kagari.app`` tests serve with ``TestClient``."""

from __future__ import annotations

import asyncio
import pathlib
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import pytest

import kagari.testing.openapi
from kagari.app import Bot
from kagari.server.devkeys import DevKeyPair
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec
from kagari.testing.payloads import DEFAULT_APPLICATION_ID

DATA = pathlib.Path(__file__).resolve().parent / "data"
PAYLOADS = DATA / "discord-payloads"
# The spec bundled with kagari (gzip), as a file, for what wants a path (kagari doctor --spec).
OPENAPI_PATH = pathlib.Path(kagari.testing.openapi.__file__).parent / "data" / "openapi.json.gz"


# The HTTP tests run on asyncio's own loop and on uvloop (which RESTBot.run() uses when
# it is installed; the test and speedups extras install it).
_LOOPS: dict[str, Callable[[], asyncio.AbstractEventLoop]] = {"asyncio": asyncio.new_event_loop}
try:
    import uvloop
except ImportError:  # pragma: no cover - uvloop does not build on Windows
    _BOTH_LOOPS = _LOOPS
else:
    _BOTH_LOOPS = {**_LOOPS, "uvloop": uvloop.new_event_loop}
_ON_BOTH_LOOPS = {"test_server.py", "test_http_protocol.py"}


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], asyncio.AbstractEventLoop]]:
    """Which event loops a test runs on (pytest-asyncio's hook)."""
    return _BOTH_LOOPS if item.path.name in _ON_BOTH_LOOPS else _LOOPS


@pytest.fixture(scope="session")
def openapi() -> OpenAPISpec:
    """Discord's OpenAPI spec (the bundled copy), loaded once per process."""
    return OpenAPISpec.bundled()


@pytest.fixture(scope="session")
def payloads_dir() -> pathlib.Path:
    """The folder of Discord's documented example payloads."""
    return PAYLOADS


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord REST API that validates every body against the spec.

    Its application id is the one ``kagari.testing.payloads`` puts in every payload, so
    the bot's follow-ups and edits to those interactions reach it.
    """
    async with FakeDiscord(application_id=DEFAULT_APPLICATION_ID) as server:
        yield server


@pytest.fixture
def keys() -> DevKeyPair:
    """A fresh development key pair."""
    return DevKeyPair()


@pytest.fixture
def make_bot(fake: FakeDiscord, keys: DevKeyPair) -> Callable[..., Bot]:
    """Makes Bots verifying with ``keys`` and talking to ``fake`` (keyword arguments go to
    ``Bot``; the deadline is 0.3 s unless given)."""

    def make(**options: Any) -> Bot:
        options.setdefault("deadline", 0.3)
        return Bot(fake.token, public_key=keys.public_key, rest_url=fake.url, logs=None, **options)

    return make


@pytest.fixture
def bot(make_bot: Callable[..., Bot]) -> Bot:
    """A Bot verifying with ``keys`` and talking to ``fake``, deferring after 0.3 s."""
    return make_bot()
