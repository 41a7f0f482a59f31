"""The ``kagari`` command: help, targets, errors, ``schema`` and ``sync`` (against FakeDiscord)."""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import AsyncIterator

import pytest

from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec
from tests.cli_bots.runner import DEMO, kagari

GUILD = "900000000000000001"
WRITES = {"PUT", "POST", "PATCH", "DELETE"}


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(spec_path=openapi) as server:
        yield server


def discord_env(fake: FakeDiscord, **extra: str) -> dict[str, str]:
    return {"DISCORD_TOKEN": fake.token, "KAGARI_REST_URL": fake.url, **extra}


def writes(fake: FakeDiscord, since: int = 0) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests[since:] if r.method in WRITES]


# -- help and usage ----------------------------------------------------------------------------


async def test_help_lists_every_subcommand() -> None:
    result = await kagari("--help")
    assert result.code == 0
    for name in ("run", "sync", "schema", "send", "doctor"):
        assert f"    {name}" in result.out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["run", "--help"], ["--host", "--port", "--path", "--reload"]),
        (["sync", "--help"], ["--guild", "--dry-run", "--json", "--check"]),
        (["schema", "--help"], ["target"]),
        (["send", "--help"], ["--signing-key", "command", "component", "modal", "autocomplete"]),
        (["send", "URL", "command", "--help"], ["opt=value", "--type", "--target"]),
        (["doctor", "--help"], ["--url", "--signing-key", "--spec"]),
    ],
)
async def test_subcommand_help(argv: list[str], expected: list[str]) -> None:
    result = await kagari(*argv)
    assert result.code == 0, result.err
    for text in expected:
        assert text in result.out


async def test_usage_errors_exit_2() -> None:
    result = await kagari()
    assert result.code == 2
    assert "usage: kagari" in result.err
    result = await kagari("sync", DEMO, "--guild", "abc")
    assert result.code == 2
    assert "'abc' is not a guild id" in result.err


# -- targets and errors -----------------------------------------------------------------------


async def test_schema_prints_the_command_json() -> None:
    result = await kagari("schema", DEMO)
    assert result.code == 0, result.err
    document = json.loads(result.out)
    names = [command["name"] for command in document["global"]]
    assert names == ["ping", "echo", "Wave at", "admin", "search"]
    assert [command["name"] for command in document["guilds"][GUILD]] == ["greet"]
    echo = document["global"][1]
    assert echo["options"][0] == {
        "type": 3,
        "name": "text",
        "description": "No description",
        "required": True,
    }


async def test_module_colon_attribute_target() -> None:
    result = await kagari("schema", "tests.cli_bots.demo_factory:create_bot", "--indent", "0")
    assert result.code == 0, result.err
    assert len(result.out.strip().splitlines()) == 1
    assert json.loads(result.out)["global"][0]["name"] == "ping"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("tests/cli_bots/missing.py", "file not found: tests/cli_bots/missing.py"),
        ("no_such_module_here", "no module named 'no_such_module_here'"),
        ("tests/cli_bots/demo_bot.py:nope", "has no attribute 'nope'"),
        ("tests/cli_bots/demo_factory.py:GUILD_ID", "is not a kagari bot (got int)"),
        ("json", "no kagari bot found in 'json'"),
        ("not a target!", "neither a module name nor a .py file"),
    ],
)
async def test_bad_targets_are_explained_without_traceback(target: str, message: str) -> None:
    result = await kagari("schema", target)
    assert result.code == 1
    assert message in result.err
    assert "Traceback" not in result.err


async def test_import_errors_show_a_traceback_only_with_debug(tmp_path: pathlib.Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("import os\nTOKEN = os.environ['MY_BOT_TOKEN']\n")
    result = await kagari("schema", str(broken))
    assert result.code == 1
    assert "importing" in result.err and "KeyError: 'MY_BOT_TOKEN'" in result.err
    assert "set the environment variable MY_BOT_TOKEN" in result.err
    assert "Traceback" not in result.err
    result = await kagari("--debug", "schema", str(broken))
    assert result.code == 1
    assert "Traceback" in result.err


async def test_a_plain_restbot_has_no_schema(tmp_path: pathlib.Path) -> None:
    plain = tmp_path / "plain.py"
    plain.write_text("import kagari.restbot\nbot = kagari.restbot.RESTBot(None, logs=None)\n")
    result = await kagari("schema", str(plain))
    assert result.code == 1
    assert "RESTBot without declared commands" in result.err


# -- sync -------------------------------------------------------------------------------------


async def test_sync_applies_then_finds_nothing_to_do(fake: FakeDiscord) -> None:
    result = await kagari("sync", DEMO, env=discord_env(fake))
    assert result.code == 0, result.err
    assert "global: 5 to create, 0 to update, 0 to delete, 0 unchanged" in result.out
    assert "  + create /ping" in result.out
    assert f"guild {GUILD}: 1 to create" in result.out
    assert "Applied to: global, guild" in result.out
    assert len(writes(fake)) == 2
    assert sorted(c["name"] for c in fake.commands()) == [
        "Wave at",
        "admin",
        "echo",
        "ping",
        "search",
    ]

    before = len(fake.requests)
    result = await kagari("sync", DEMO, env=discord_env(fake))
    assert result.code == 0, result.err
    assert "No changes" in result.out
    assert writes(fake, before) == []


async def test_sync_dry_run_check_and_json(fake: FakeDiscord) -> None:
    assert (await kagari("sync", DEMO, env=discord_env(fake))).code == 0
    changed = discord_env(fake, KAGARI_TEST_VARIANT="2")
    before = len(fake.requests)

    result = await kagari("sync", DEMO, "--dry-run", env=changed)
    assert result.code == 0, result.err
    assert "  ~ update /echo" in result.out
    assert '      description: "Repeat some text." -> "Repeat some text, maybe loudly."' in (
        result.out
    )
    assert "      options.loud: (none) -> " in result.out
    assert "  - delete user 'Wave at'" in result.out
    assert "Dry run: nothing was sent." in result.out

    result = await kagari("sync", DEMO, "--check", "--json", env=changed)
    assert result.code == 2
    plan = json.loads(result.out)
    assert plan["dry_run"] is True and plan["has_changes"] is True
    assert [c["name"] for c in plan["scopes"][0]["deleted"]] == ["Wave at"]
    assert writes(fake, before) == []

    result = await kagari("sync", DEMO, "--check", env=discord_env(fake))
    assert result.code == 0


async def test_sync_one_guild(fake: FakeDiscord) -> None:
    result = await kagari("sync", DEMO, "--guild", GUILD, env=discord_env(fake))
    assert result.code == 0, result.err
    assert "global" not in result.out
    assert f"guild {GUILD}: 1 to create" in result.out
    assert writes(fake) == [f"PUT /applications/{fake.application_id}/guilds/{GUILD}/commands"]
    assert fake.commands() == []


async def test_sync_400_names_the_command_and_field(openapi: OpenAPISpec) -> None:
    async with FakeDiscord(spec_path=openapi, strict=False) as fake:
        result = await kagari("sync", "tests/cli_bots/bad_bot.py", env=discord_env(fake))
        assert fake.commands() == []
    assert result.code == 1
    assert "Discord rejected the global commands: Invalid Form Body" in result.err
    pattern = rf"/echo \(\S*demo_factory\.py:\d+\): options\.{'t' * 40}\.name: "
    assert re.search(pattern, result.err), result.err
    assert "Traceback" not in result.err


async def test_sync_needs_a_valid_token(fake: FakeDiscord) -> None:
    result = await kagari("sync", DEMO, env={"KAGARI_REST_URL": fake.url})
    assert result.code == 1
    assert "has no token" in result.err and "DISCORD_TOKEN" in result.err
    result = await kagari("sync", DEMO, env=discord_env(fake, DISCORD_TOKEN="wrong"))
    assert result.code == 1
    assert "Discord rejected the token (401 Unauthorized)" in result.err
    assert "Traceback" not in result.err
