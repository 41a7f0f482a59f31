"""``.env`` loading by the ``kagari`` command (python-dotenv), and without python-dotenv."""

from __future__ import annotations

import asyncio
import os
import pathlib
import sys
import urllib.parse
from collections.abc import AsyncIterator

import pytest

from kagari.cli.common import CLIError
from kagari.cli.envfile import load_env_file
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec
from tests.cli_bots.runner import Result, cli_env


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(spec_path=openapi) as server:
        yield server


async def kagari_in(directory: pathlib.Path, *args: str, **env: str) -> Result:
    """Run ``python -m kagari ARGS`` with ``directory`` as the current directory."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kagari",
        *args,
        cwd=directory,
        env=cli_env(env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return Result(process.returncode, out.decode(), err.decode())


def client_id(result: Result) -> str:
    assert result.code == 0, result.err
    return urllib.parse.parse_qs(urllib.parse.urlsplit(result.out.strip()).query)["client_id"][0]


async def test_dot_env_in_the_current_directory_is_loaded(
    fake: FakeDiscord, tmp_path: pathlib.Path
) -> None:
    (tmp_path / ".env").write_text(
        f"# the bot's secrets\nDISCORD_TOKEN={fake.token}\nKAGARI_REST_URL='{fake.url}'\n"
    )
    result = await kagari_in(tmp_path, "invite")
    assert client_id(result) == fake.application_id
    assert "loaded .env: DISCORD_TOKEN, KAGARI_REST_URL" in result.err
    assert fake.token not in result.err  # names only, never values


async def test_the_environment_wins_over_the_file(
    fake: FakeDiscord, tmp_path: pathlib.Path
) -> None:
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN=stale-token\nKAGARI_REST_URL={fake.url}\n")
    result = await kagari_in(tmp_path, "invite", DISCORD_TOKEN=fake.token)
    assert client_id(result) == fake.application_id
    assert "already set, kept: DISCORD_TOKEN" in result.err


async def test_env_file_and_no_env_file(fake: FakeDiscord, tmp_path: pathlib.Path) -> None:
    (tmp_path / "secrets.env").write_text(
        f"DISCORD_TOKEN={fake.token}\nKAGARI_REST_URL={fake.url}\n"
    )
    result = await kagari_in(tmp_path, "--env-file", "secrets.env", "invite")
    assert client_id(result) == fake.application_id
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={fake.token}\n")
    result = await kagari_in(tmp_path, "--no-env-file", "invite")
    assert result.code == 1
    assert "DISCORD_TOKEN is not set" in result.err
    result = await kagari_in(tmp_path, "--env-file", "missing.env", "invite")
    assert result.code == 2
    assert "--env-file missing.env: no such file" in result.err


async def test_a_bot_file_reads_what_dot_env_set(tmp_path: pathlib.Path) -> None:
    (tmp_path / "bot.py").write_text(
        "import os\nimport kagari\n\n"
        "bot = kagari.Bot(logs=None)\n"
        "print(os.environ['BOT_GREETING'], bot.public_key.hex()[:4])\n"
    )
    (tmp_path / ".env").write_text("BOT_GREETING=hello\nDISCORD_PUBLIC_KEY=" + "ab" * 32 + "\n")
    result = await kagari_in(tmp_path, "schema", "bot.py")
    assert result.code == 0, result.err
    assert result.out.startswith("hello abab\n")


def test_without_python_dotenv_a_found_file_is_reported(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "dotenv", None)  # import dotenv -> ImportError
    monkeypatch.delenv("KAGARI_DOTENV_PROBE", raising=False)
    (tmp_path / ".env").write_text("KAGARI_DOTENV_PROBE=1\n")
    assert load_env_file(None) == []
    warning = capsys.readouterr().err
    assert "found .env but python-dotenv is not installed, so it was NOT loaded" in warning
    assert "pip install 'kagari[dotenv]'" in warning
    assert "KAGARI_DOTENV_PROBE" not in os.environ
    with pytest.raises(CLIError, match="needs python-dotenv") as raised:
        load_env_file(pathlib.Path(".env"))
    assert raised.value.hint is not None and "kagari[dotenv]" in raised.value.hint


def test_no_file_no_message(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_env_file(None) == []
    (tmp_path / ".env").write_text("KAGARI_DOTENV_PROBE=1\n")
    assert load_env_file(None, enabled=False) == []
    assert capsys.readouterr().err == ""
    assert "KAGARI_DOTENV_PROBE" not in os.environ
