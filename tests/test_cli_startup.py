"""``kagari run`` says what it was doing when a bot cannot start, without a traceback."""

from __future__ import annotations

import pathlib
import socket

from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec
from tests.cli_bots.runner import kagari

BOT = '''
import os
import kagari

bot = kagari.Bot(rest_url=os.environ.get("TEST_REST_URL"), max_retries=0, banner=None)


@bot.command
async def ping(ctx: kagari.Context) -> str:
    """Check that the bot is alive."""
    return "pong"
'''


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_file(tmp_path: pathlib.Path) -> str:
    path = tmp_path / "start_bot.py"
    path.write_text(BOT)
    return str(path)


async def test_a_rejected_token_names_the_public_key_fetch(
    openapi: OpenAPISpec, tmp_path: pathlib.Path
) -> None:
    async with FakeDiscord(spec_path=openapi) as fake:
        env = {"DISCORD_TOKEN": "not-the-token", "TEST_REST_URL": fake.url}
        result = await kagari(
            "--no-env-file",
            "run",
            bot_file(tmp_path),
            "--port",
            "0",
            "--no-update-check",
            env=env,
        )
    assert result.code == 1
    assert "fetching the application's public key from Discord" in result.err
    assert "because DISCORD_PUBLIC_KEY is not set: Discord rejected the token (401)" in result.err
    assert "hint: check DISCORD_TOKEN" in result.err
    assert "Traceback" not in result.err


async def test_an_unreachable_discord_says_what_to_set(tmp_path: pathlib.Path) -> None:
    env = {
        "DISCORD_TOKEN": "some-token",
        "TEST_REST_URL": f"http://127.0.0.1:{closed_port()}/api/v10",
    }
    result = await kagari(
        "--no-env-file", "run", bot_file(tmp_path), "--port", "0", "--no-update-check", env=env
    )
    assert result.code == 1
    assert "fetching the application's public key" in result.err
    assert "cannot reach Discord's API" in result.err
    assert "hint: set DISCORD_PUBLIC_KEY" in result.err
    assert "Traceback" not in result.err


async def test_a_port_in_use_is_one_line(tmp_path: pathlib.Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = await kagari(
            "--no-env-file",
            "run",
            bot_file(tmp_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-update-check",
            env={"DISCORD_PUBLIC_KEY": "ab" * 32},
        )
    assert result.code == 1
    assert f"cannot listen on 127.0.0.1:{port}: the address is already in use" in result.err
    assert "--port" in result.err
    assert "Traceback" not in result.err
