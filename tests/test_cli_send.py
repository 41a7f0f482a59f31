"""``kagari send`` and ``kagari doctor`` against a served bot (and the fake Discord)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator

import pytest

from kagari.app import Bot
from kagari.models import Permissions
from kagari.server.devkeys import DevKeyPair
from kagari.testing.factories import DEFAULT_MEMBER_PERMISSIONS
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec
from tests.cli_bots.demo_factory import create_bot
from tests.cli_bots.runner import DEMO, ROOT, Result, cli_env, kagari
from tests.conftest import OPENAPI_PATH

KEYS = DevKeyPair()


@pytest.fixture
async def served() -> AsyncIterator[Bot]:
    """The demo bot on a free loopback port, verifying with ``KEYS``."""
    bot = create_bot(token=None, public_key=KEYS.public_key, logs=None)
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False, shutdown_timeout=5)
    try:
        yield bot
    finally:
        await bot.close()


async def send(bot: Bot, *argv: str, key: str = KEYS.signing_key) -> Result:
    return await kagari("send", bot.url, "--signing-key", key, *argv)


def answer(result: Result) -> dict[str, object]:
    status, _, body = result.out.partition("\n")
    assert status == "HTTP 200 OK", result.out + result.err
    parsed = json.loads(body)
    assert isinstance(parsed, dict)
    return parsed


# -- send ---------------------------------------------------------------------------------------


async def test_send_command_prints_status_and_pretty_json(served: Bot) -> None:
    result = await send(served, "command", "ping")
    assert result.code == 0, result.err
    assert result.out.startswith('HTTP 200 OK\n{\n  "type": 4,')
    assert answer(result)["data"] == {"content": "pong", "allowed_mentions": {"parse": []}}


@pytest.mark.parametrize(
    ("argv", "content"),
    [
        (["command", "echo", "text=hi", "times=3"], "hi hi hi"),
        (["command", "echo", "text:str=42"], "42"),
        (["command", "admin purge", "count=5"], "purged 5"),
        (
            ["command", "greet", "who:user=123456789012345678", "style=long"],
            "hello 123456789012345678 (long)",
        ),
        (["command", "Wave at", "--type", "user", "--target", "4242424242"], "waved at 4242424242"),
        (
            ["modal", "feedback:general", "title=Hi", "body=More text"],
            "thanks for 'Hi' (general): More text",
        ),
    ],
)
async def test_send_builds_what_handlers_need(served: Bot, argv: list[str], content: str) -> None:
    result = await send(served, *argv)
    assert result.code == 0, result.err
    data = answer(result)["data"]
    assert isinstance(data, dict) and data["content"] == content


async def test_send_component_autocomplete_and_ping(served: Bot) -> None:
    update = answer(await send(served, "component", "vote:42:yes"))
    assert update == {"type": 7, "data": {"content": "voted yes on 42"}}
    choices = answer(await send(served, "autocomplete", "search", "query", "b"))
    assert choices == {"type": 8, "data": {"choices": [{"name": "banana", "value": "banana"}]}}
    assert answer(await send(served, "ping")) == {"type": 1}


async def test_send_options_after_the_kind_and_key_from_env(served: Bot) -> None:
    result = await kagari(
        "send",
        served.url,
        "command",
        "ping",
        "--context",
        "bot_dm",
        env={"KAGARI_SIGNING_KEY": KEYS.signing_key},
    )
    assert result.code == 0, result.err
    assert answer(result)["type"] == 4


async def test_send_show_request_prints_the_payload(served: Bot) -> None:
    result = await send(served, "--show-request", "command", "echo", "text=hi")
    assert result.code == 0
    payload = json.loads(result.err)
    assert payload["type"] == 2 and payload["data"]["name"] == "echo"
    assert payload["data"]["options"] == [{"type": 3, "name": "text", "value": "hi"}]
    assert payload["member"]["user"]["id"] and payload["context"] == 0


async def test_send_with_a_foreign_key_gets_401_and_a_hint(served: Bot) -> None:
    result = await send(served, "command", "ping", key=DevKeyPair().signing_key)
    assert result.code == 1
    assert result.out.startswith("HTTP 401")
    assert "the bot rejected the signature (401)" in result.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--signing-key", "abc", "ping"], "--signing-key must be 64 hex characters, got 3"),
        (["ping"], "--signing-key is required"),
        (
            ["--signing-key", KEYS.signing_key, "--public-key", DevKeyPair().public_key, "ping"],
            "the signing key does not belong to --public-key",
        ),
        (
            ["--signing-key", KEYS.public_key, "--public-key", KEYS.public_key, "ping"],
            "--signing-key is the public key",
        ),
        (
            ["--signing-key", KEYS.signing_key, "command", "echo", "novalue"],
            "option 'novalue': expected name=value",
        ),
        (
            ["--signing-key", KEYS.signing_key, "command", "echo", "n:int=x"],
            "option 'n:int=x': invalid literal",
        ),
        (
            ["--signing-key", KEYS.signing_key, "command", "echo", "who:person=1"],
            "unknown type 'person'",
        ),
        (["--signing-key", KEYS.signing_key, "command", "a b c d"], "at most 'command group"),
    ],
)
async def test_send_usage_errors(argv: list[str], message: str) -> None:
    result = await kagari("send", "http://127.0.0.1:9/", *argv)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


async def test_send_to_nothing_says_so() -> None:
    result = await kagari("send", "http://127.0.0.1:9/", "--signing-key", KEYS.signing_key, "ping")
    assert result.code == 1
    assert "cannot connect to http://127.0.0.1:9/" in result.err
    assert "is the bot running?" in result.err


async def test_send_members_are_ordinary_unless_told(served: Bot) -> None:
    async def permissions(*extra: str) -> int:
        result = await send(served, "--show-request", *extra, "command", "ping")
        assert result.code == 0, result.err
        member = json.loads(result.err)["member"]
        assert member["permissions"] == json.loads(result.err)["channel"]["permissions"]
        return int(member["permissions"])

    ordinary = await permissions()
    assert ordinary == int(DEFAULT_MEMBER_PERMISSIONS)  # what TestClient's member has
    assert not ordinary & Permissions.ADMINISTRATOR
    named = await permissions("--permissions", "manage_guild, KICK_MEMBERS")
    assert named == Permissions.MANAGE_GUILD | Permissions.KICK_MEMBERS
    assert await permissions("--permissions", "8") == Permissions.ADMINISTRATOR
    everything = await permissions("--permissions", "all")
    assert everything & Permissions.ADMINISTRATOR and everything & Permissions.MANAGE_GUILD


async def test_send_with_an_unknown_permission_is_a_usage_error() -> None:
    result = await kagari(
        "send",
        "http://127.0.0.1:9/",
        "--signing-key",
        KEYS.signing_key,
        "--permissions",
        "send_messages,fly",
        "ping",
    )
    assert result.code == 2
    assert "--permissions: no permission named 'FLY'" in result.err
    assert "hint: use Discord's names" in result.err
    assert "Traceback" not in result.err


async def test_send_into_a_closed_pipe_exits_quietly(served: Bot) -> None:
    """``kagari send ... | head -1``: the reader leaves before the answer is printed."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE, as after `head -1` has exited
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kagari",
            "send",
            served.url,
            "--signing-key",
            KEYS.signing_key,
            "command",
            "ping",
            cwd=ROOT,
            env=cli_env(),
            stdout=write_end,
            stderr=asyncio.subprocess.PIPE,
        )
    finally:
        os.close(write_end)
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 141, err.decode()
    assert err.decode() == ""  # no traceback, no "Exception ignored"


# -- doctor -------------------------------------------------------------------------------------


def doctor_env(fake: FakeDiscord, public_key: str) -> dict[str, str]:
    return {
        "DISCORD_TOKEN": fake.token,
        "DISCORD_PUBLIC_KEY": public_key,
        "KAGARI_REST_URL": fake.url,
    }


async def test_doctor_on_a_healthy_setup(openapi: OpenAPISpec, served: Bot) -> None:
    async with FakeDiscord(spec_path=openapi, verify_key=KEYS.public_key) as fake:
        env = doctor_env(fake, KEYS.public_key)
        result = await kagari(
            "doctor",
            DEMO,
            "--url",
            served.url,
            "--signing-key",
            KEYS.signing_key,
            "--spec",
            str(OPENAPI_PATH),
            env=env,
        )
        assert result.code == 0, result.out + result.err
        lines = result.out.splitlines()
        assert "[ ok ] commands: 5 global, 1 in guild 900000000000000001; valid against" in (
            result.out
        )
        assert "[ ok ] token: valid for application 'kagari-fake'" in result.out
        assert "[ ok ] public key: matches the application's public key" in lines
        assert "[warn] sync: changes pending (global: 5 to create" in result.out
        assert f"[ ok ] endpoint: {served.url} refuses badly signed requests (401)" in lines
        assert any(line.startswith("[ ok ] ping: answered a signed PING in ") for line in lines)
        assert lines[-1] == "0 problem(s), 1 warning(s)"
        assert [r for r in fake.requests if r.method != "GET"] == []  # a doctor never writes

        assert (await kagari("sync", DEMO, env=env)).code == 0
        result = await kagari("doctor", DEMO, "--url", served.url, env=env)
        assert "[ ok ] sync: Discord already has these commands" in result.out


async def test_doctor_names_what_to_fix(openapi: OpenAPISpec, served: Bot) -> None:
    async with FakeDiscord(spec_path=openapi) as fake:
        wrong_key = DevKeyPair().public_key
        result = await kagari(
            "doctor", DEMO, "--url", served.url, "--json", env=doctor_env(fake, wrong_key)
        )
    assert result.code == 1
    checks = {check["name"]: check for check in json.loads(result.out)}
    assert checks["public key"]["status"] == "fail"
    assert "DISCORD_PUBLIC_KEY" in checks["public key"]["fix"]
    assert checks["token"]["status"] == "ok"


async def test_doctor_with_a_bad_token_and_no_endpoint(fake_url: str) -> None:
    result = await kagari(
        "doctor",
        DEMO,
        "--url",
        "http://127.0.0.1:9/",
        env={"DISCORD_TOKEN": "wrong", "KAGARI_REST_URL": fake_url},
    )
    assert result.code == 1
    assert "[FAIL] token: Discord rejected the token (401)" in result.out
    assert "[skip] public key: cannot compare without a valid token" in result.out
    assert "[FAIL] endpoint: cannot connect to http://127.0.0.1:9/" in result.out
    assert "Traceback" not in result.out + result.err


@pytest.fixture
async def fake_url(openapi: OpenAPISpec) -> AsyncIterator[str]:
    async with FakeDiscord(spec_path=openapi) as fake:
        yield fake.url
