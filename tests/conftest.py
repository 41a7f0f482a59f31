"""Fixtures shared by the whole suite: Discord's material (tests/data and the bundled spec)."""

from __future__ import annotations

import asyncio
import pathlib
from collections.abc import AsyncIterator, Callable, Mapping

import pytest

import kagari.testing.openapi
from kagari.app import Bot
from kagari.server.devkeys import DevKeyPair
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec
from tests._app_payloads import Payloads, make_bot

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
    """A fake Discord REST API that validates every body against the spec."""
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def keys() -> DevKeyPair:
    """A fresh development key pair."""
    return DevKeyPair()


@pytest.fixture
def bot(fake: FakeDiscord, keys: DevKeyPair) -> Bot:
    """A Bot verifying with ``keys`` and talking to ``fake``."""
    return make_bot(fake, keys)


@pytest.fixture
def p(fake: FakeDiscord) -> Payloads:
    """Interaction payloads for ``fake``'s application."""
    return Payloads(fake.application_id)
