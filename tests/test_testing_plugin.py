"""The pytest plugin's fixtures, run by a real pytest on a tiny project, in pytest-asyncio's
auto and strict modes."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap
from importlib.metadata import entry_points

import pytest

from kagari.testing.openapi import OpenAPISpec

SRC = pathlib.Path(__file__).resolve().parents[1] / "src"

BOT_MODULE = '''
import kagari
from kagari.app import Bot, Context

def build():
    bot = Bot(logs=None)

    @bot.command
    async def ping(ctx: Context) -> str:
        """Check that the bot is alive."""
        return "pong"

    @bot.command
    async def report(ctx: Context):
        """Slow."""
        yield kagari.Defer()
        await ctx.edit("ready")

    return bot
'''


def plugin_args() -> list[str]:
    """``-p`` for the plugin unless kagari is installed with its entry point."""
    installed = any(
        point.value == "kagari.testing.plugin" for point in entry_points(group="pytest11")
    )
    return [] if installed else ["-p", "kagari.testing.plugin"]


def run_pytest(
    root: pathlib.Path, mode: str, tests: str, ini: str = ""
) -> subprocess.CompletedProcess[str]:
    (root / "mybot.py").write_text(BOT_MODULE)
    (root / "test_project.py").write_text(textwrap.dedent(tests))
    (root / "pytest.ini").write_text(
        f"[pytest]\nasyncio_mode = {mode}\nasyncio_default_fixture_loop_scope = function\n" + ini
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), str(root)]))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugin_args()]
    return subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False
    )


AUTO_TESTS = """
import pytest
import mybot

@pytest.fixture
def bot():
    return mybot.build()

async def test_client(kagari_client):
    assert (await kagari_client.command("ping")).content == "pong"
    result = await kagari_client.command("report")
    assert result.deferred
    assert (await kagari_client.wait_edit()).content == "ready"

async def test_fake(fake_discord):
    assert fake_discord.url.startswith("http://127.0.0.1:")

async def test_client_uses_the_fake_fixture(kagari_client, fake_discord):
    assert kagari_client.fake is fake_discord
"""

STRICT_TESTS = """
import pytest
import mybot

@pytest.fixture
def bot():
    return mybot.build()

@pytest.fixture
def kagari_client_options():
    return {"guild_id": None, "locale": "ja"}

@pytest.mark.asyncio
async def test_client(kagari_client):
    result = await kagari_client.command("ping")
    assert result.content == "pong"
    assert result.interaction["locale"] == "ja"
    assert "guild_id" not in result.interaction

@pytest.mark.asyncio
async def test_fake(fake_discord):
    assert fake_discord.requests == []
"""


@pytest.mark.parametrize(
    ("mode", "tests", "count"), [("auto", AUTO_TESTS, 3), ("strict", STRICT_TESTS, 2)]
)
def test_fixtures_in_both_asyncio_modes(
    tmp_path: pathlib.Path, mode: str, tests: str, count: int
) -> None:
    run = run_pytest(tmp_path, mode, tests)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{count} passed" in run.stdout


def test_missing_bot_fixture_is_named(tmp_path: pathlib.Path) -> None:
    run = run_pytest(
        tmp_path,
        "auto",
        """
        async def test_needs_bot(kagari_client):
            pass
        """,
    )
    assert run.returncode != 0
    assert "fixture 'bot' not found" in run.stdout


def test_a_failing_assertion_fails_the_test(tmp_path: pathlib.Path) -> None:
    run = run_pytest(
        tmp_path,
        "auto",
        """
        import pytest, mybot

        @pytest.fixture
        def bot():
            return mybot.build()

        async def test_wrong(kagari_client):
            assert (await kagari_client.command("ping")).content == "pang"
        """,
    )
    assert run.returncode == 1
    assert "1 failed" in run.stdout


# A body that breaks Discord's spec (content must be a string), posted through the fixtures.
SPEC_TESTS = """
import aiohttp
import pytest
import mybot

EXPECTED = {expected}

@pytest.fixture
def bot():
    return mybot.build()

async def post_bad_followup(fake):
    url = f"{{fake.url}}/webhooks/{{fake.application_id}}/tok"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={{"content": 5}}) as answer:
            return answer.status

async def test_fake(fake_discord):
    assert await post_bad_followup(fake_discord) == EXPECTED
    fake_discord.strict = False  # seen; do not fail the teardown

async def test_client(kagari_client):
    assert await post_bad_followup(kagari_client.fake) == EXPECTED
    kagari_client.fake.strict = False
"""


def test_fixtures_check_bodies_against_the_bundled_spec_by_default(
    tmp_path: pathlib.Path,
) -> None:
    run = run_pytest(tmp_path, "auto", SPEC_TESTS.format(expected=400))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout


def test_openapi_ini_option_off_turns_the_check_off(tmp_path: pathlib.Path) -> None:
    run = run_pytest(tmp_path, "auto", SPEC_TESTS.format(expected=200), "kagari_openapi = off\n")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout


def test_openapi_ini_option(tmp_path: pathlib.Path) -> None:
    document = OpenAPISpec.bundled().document
    (tmp_path / "specs").mkdir()
    full = tmp_path / "specs" / "openapi.json"
    full.write_text(json.dumps(document), encoding="utf-8")
    good = run_pytest(
        tmp_path, "auto", SPEC_TESTS.format(expected=400), "kagari_openapi = specs/openapi.json\n"
    )
    assert good.returncode == 0, good.stdout + good.stderr
    # A spec without routes checks nothing: the fixture used the file named, not the bundled one.
    routeless = tmp_path / "specs" / "routeless.json"
    routeless.write_text(json.dumps({**document, "paths": {}}), encoding="utf-8")
    other = run_pytest(
        tmp_path, "auto", SPEC_TESTS.format(expected=200), f"kagari_openapi = {routeless}\n"
    )
    assert other.returncode == 0, other.stdout + other.stderr
    missing = run_pytest(
        tmp_path, "auto", SPEC_TESTS.format(expected=400), "kagari_openapi = nowhere.json\n"
    )
    assert missing.returncode != 0
    assert "kagari_openapi: no file at" in missing.stdout + missing.stderr
