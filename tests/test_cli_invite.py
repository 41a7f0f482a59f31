"""``kagari invite``: the install URL, its scopes and integration types (FakeDiscord)."""

from __future__ import annotations

import pathlib
import urllib.parse
from collections.abc import AsyncIterator

import pytest

from kagari.cli.invite import GUILD_INSTALL, USER_INSTALL, install_url
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec
from tests.cli_bots.runner import Result, kagari

USER_INSTALL_BOT = '''
import kagari

bot = kagari.Bot(logs=None, banner=None)


@bot.command(integration_types=[0, 1])
async def hello(ctx: kagari.Context) -> str:
    """Say hello."""
    return "hi"
'''


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(spec_path=openapi) as server:
        yield server


async def invite(fake: FakeDiscord, *args: str) -> Result:
    env = {"DISCORD_TOKEN": fake.token, "KAGARI_REST_URL": fake.url}
    return await kagari("--no-env-file", "invite", *args, env=env)


def query(url: str) -> dict[str, list[str]]:
    parts = urllib.parse.urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://discord.com/oauth2/authorize"
    return urllib.parse.parse_qs(parts.query)


def test_a_commands_only_guild_install() -> None:
    assert install_url("123", GUILD_INSTALL) == (
        "https://discord.com/oauth2/authorize?client_id=123"
        "&scope=applications.commands&integration_type=0"
    )


def test_bot_scope_permissions_and_a_preselected_guild() -> None:
    url = install_url("123", GUILD_INSTALL, bot=True, permissions="2048", guild_id="77")
    assert "scope=bot%20applications.commands" in url
    assert query(url) == {
        "client_id": ["123"],
        "scope": ["bot applications.commands"],
        "permissions": ["2048"],
        "integration_type": ["0"],
        "guild_id": ["77"],
        "disable_guild_select": ["true"],
    }


def test_a_user_install_never_asks_for_the_bot_scope() -> None:
    url = install_url("123", USER_INSTALL, bot=True, permissions="8", guild_id="77")
    assert query(url) == {
        "client_id": ["123"],
        "scope": ["applications.commands"],
        "integration_type": ["1"],
    }


async def test_the_application_id_is_fetched_with_the_token(fake: FakeDiscord) -> None:
    result = await invite(fake)
    assert result.code == 0, result.err
    (url,) = result.out.splitlines()
    assert query(url)["client_id"] == [fake.application_id]
    assert query(url)["integration_type"] == ["0"]  # FakeDiscord's app enables guild only
    assert "guild install (add to a server)" in result.err
    assert [f"{r.method} {r.path}" for r in fake.requests] == ["GET /applications/@me"]


async def test_the_commands_integration_types_give_one_url_each(
    fake: FakeDiscord, tmp_path: pathlib.Path
) -> None:
    bot_file = tmp_path / "user_bot.py"
    bot_file.write_text(USER_INSTALL_BOT)
    result = await invite(fake, str(bot_file), "--bot")
    assert result.code == 0, result.err
    guild, user = result.out.splitlines()
    assert query(guild)["integration_type"] == ["0"]
    assert query(guild)["scope"] == ["bot applications.commands"]
    assert query(user)["integration_type"] == ["1"]
    assert query(user)["scope"] == ["applications.commands"]
    # The fake application enables only guild installs: the user URL would be refused.
    assert "does not enable user install" in result.err
    assert "Installation Contexts" in result.err


async def test_offline_with_an_application_id(fake: FakeDiscord) -> None:
    result = await kagari("--no-env-file", "invite", "--application-id", "42", "--install", "user")
    assert result.code == 0, result.err
    assert query(result.out.strip()) == {
        "client_id": ["42"],
        "scope": ["applications.commands"],
        "integration_type": ["1"],
    }
    assert fake.requests == []


async def test_permission_names_are_turned_into_bits() -> None:
    result = await kagari(
        "--no-env-file",
        "invite",
        "--application-id",
        "42",
        "--bot",
        "--permissions",
        "send_messages,embed_links",
    )
    assert result.code == 0, result.err
    assert query(result.out.strip())["permissions"] == [str(2048 | 16384)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--application-id", "42", "--permissions", "8"], "--permissions applies to the bot"),
        (["--application-id", "4x2"], "is not an id"),
        (["--application-id", "42", "--bot", "--permissions", "no_such"], "no permission named"),
    ],
)
async def test_usage_errors(args: list[str], message: str) -> None:
    result = await kagari("--no-env-file", "invite", *args)
    assert result.code == 2
    assert message in result.err


async def test_without_a_token_or_an_id_the_command_says_what_to_set() -> None:
    result = await kagari("--no-env-file", "invite")
    assert result.code == 1
    assert "DISCORD_TOKEN is not set" in result.err
