"""The kagari pytest plugin: ``fake_discord`` and ``kagari_client`` fixtures.

Installed with kagari, it is loaded automatically (entry point ``kagari`` in the
``pytest11`` group; disable it with ``-p no:kagari``). The fixtures are async and need
pytest-asyncio; they work in its ``auto`` and ``strict`` modes alike.

* ``fake_discord``: a started :class:`~kagari.testing.FakeDiscord` (application id
  :data:`~kagari.testing.payloads.DEFAULT_APPLICATION_ID`) that checks every
  REST body against Discord's OpenAPI spec (the copy bundled with kagari; needs
  ``jsonschema``, from ``pip install 'kagari[testing]'``). The ini option
  ``kagari_openapi`` names another ``openapi.json`` to check against, or is ``off`` to
  turn the check off.
* ``kagari_client``: a started :class:`~kagari.testing.TestClient` for the bot your
  own ``bot`` fixture returns, talking to ``fake_discord``. Override the
  ``kagari_client_options`` fixture to pass it arguments (``guild_id``, ``user``...).

::

    @pytest.fixture
    def bot():
        return my_app.bot

    async def test_ping(kagari_client):
        assert (await kagari_client.command("ping")).content == "pong"
"""

from __future__ import annotations

import pathlib
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pytest

if TYPE_CHECKING:
    from kagari.restbot import RESTBot
    from kagari.testing.client import TestClient
    from kagari.testing.fake_discord import FakeDiscord
    from kagari.testing.openapi import Bundled

__all__ = [
    "fake_discord",
    "kagari_client",
    "kagari_client_options",
    "pytest_addoption",
]

_F = TypeVar("_F", bound=Callable[..., Any])
_NEEDS_ASYNCIO = "the kagari fixtures are async and need pytest-asyncio: pip install pytest-asyncio"
_OFF = frozenset({"off", "none", "false", "no"})


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``kagari_openapi`` ini option."""
    parser.addini(
        "kagari_openapi",
        "Path of the openapi.json the fake_discord fixture checks every REST request "
        "body against (relative paths start at the rootdir); empty for the spec bundled "
        "with kagari, 'off' for no checks.",
        default="",
    )


def _spec_path(config: pytest.Config) -> pathlib.Path | Bundled | None:
    # Imported here, not at the top: loading the plugin must not import kagari.
    from kagari.testing.openapi import BUNDLED

    value = str(config.getini("kagari_openapi") or "").strip()
    if not value:
        return BUNDLED
    if value.lower() in _OFF:
        return None
    path = pathlib.Path(value)
    if not path.is_absolute():
        path = config.rootpath / path
    if not path.is_file():
        raise pytest.UsageError(f"kagari_openapi: no file at {path}")
    return path


@pytest.fixture
def kagari_client_options() -> dict[str, Any]:
    """Keyword arguments for the ``kagari_client`` fixture's TestClient (none by default).

    Override it in a test module or conftest::

        @pytest.fixture
        def kagari_client_options():
            return {"guild_id": 123456789012345678}
    """
    return {}


def _missing_asyncio(function: Callable[..., Any]) -> Any:
    """A fixture standing in for ``function`` that fails with an install hint."""

    def fail() -> None:
        pytest.fail(_NEEDS_ASYNCIO)

    fail.__doc__ = function.__doc__
    return pytest.fixture(name=function.__name__)(fail)


def _async_fixture(function: _F) -> _F:
    """``pytest_asyncio.fixture`` (which works in auto and strict mode), if installed."""
    try:
        import pytest_asyncio
    except ImportError:  # pragma: no cover - exercised only without pytest-asyncio
        return cast(_F, _missing_asyncio(function))
    return cast(_F, pytest_asyncio.fixture(function))


@_async_fixture
async def fake_discord(request: pytest.FixtureRequest) -> AsyncIterator[FakeDiscord]:
    """A started fake Discord REST API on loopback, closed after the test.

    Its application id is :data:`~kagari.testing.payloads.DEFAULT_APPLICATION_ID`, the
    one the payload builders use, so edits and follow-ups to their payloads land.

    Closing raises if a REST body did not match Discord's OpenAPI spec (the bundled
    one, or the ini option ``kagari_openapi``'s; ``kagari_openapi = off`` skips it).
    """
    from kagari.testing.fake_discord import FakeDiscord
    from kagari.testing.payloads import DEFAULT_APPLICATION_ID

    spec_path = _spec_path(request.config)
    async with FakeDiscord(spec_path=spec_path, application_id=DEFAULT_APPLICATION_ID) as fake:
        yield fake


@_async_fixture
async def kagari_client(
    bot: RESTBot,
    fake_discord: FakeDiscord,
    kagari_client_options: dict[str, Any],
) -> AsyncIterator[TestClient]:
    """A started :class:`~kagari.testing.TestClient` for your ``bot`` fixture.

    It serves the bot on loopback with its REST client pointed at ``fake_discord``;
    define a ``bot`` fixture returning your :class:`kagari.Bot`.
    """
    from kagari.testing.client import TestClient

    async with TestClient(bot, fake=fake_discord, **kagari_client_options) as client:
        yield client
