"""Start, run, close: callbacks, signals, sockets and the public key."""

from __future__ import annotations

import asyncio
import os
import pathlib
import signal
import socket
import subprocess
import sys
import textwrap
import urllib.request

import aiohttp
import pytest

from kagari.restbot import RESTBot
from kagari.server.devkeys import DevKeyPair
from kagari.testing import TestClient

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"


def test_token_type_rules() -> None:
    with pytest.raises(ValueError):
        RESTBot("abc", logs=None)  # a string token needs a token type
    with pytest.raises(ValueError):
        RESTBot("abc", "Basic", logs=None)
    with pytest.raises(ValueError):
        RESTBot(None, "Bot", logs=None)
    RESTBot("abc", "Bot", logs=None)
    RESTBot("abc", "bearer", logs=None)


def test_token_strategy_rules() -> None:
    from kagari.rest import ClientCredentialsStrategy, TokenStrategy

    strategy = ClientCredentialsStrategy("123456789012345678", "secret")
    assert isinstance(strategy, TokenStrategy)
    with pytest.raises(ValueError, match="TokenStrategy"):
        RESTBot(strategy, "Bearer", logs=None)
    bot = RESTBot(strategy, logs=None)
    assert bot.rest is not None


def test_malformed_public_key_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="public key"):
        RESTBot(None, public_key="MTIz.not-a-key", logs=None)


async def test_startup_and_shutdown_callbacks_run_in_order() -> None:
    keys = DevKeyPair()
    bot = RESTBot(None, public_key=keys.public_key, logs=None)
    seen: list[str] = []

    async def startup(b: RESTBot) -> None:
        assert b is bot
        assert not b.urls, "startup callbacks run before the server listens"
        seen.append("startup")

    async def shutdown(b: RESTBot) -> None:
        seen.append("shutdown")

    bot.add_startup_callback(startup)
    bot.add_shutdown_callback(shutdown)
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    assert bot.is_alive
    assert seen == ["startup"]
    with pytest.raises(RuntimeError, match="already running"):
        await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    await bot.close()
    await bot.close()  # a second close is harmless
    assert seen == ["startup", "shutdown"]
    assert not bot.is_alive
    await bot.join()  # returns at once once closed


async def test_failing_startup_callback_surfaces_its_own_exception() -> None:
    bot = RESTBot(None, public_key=DevKeyPair().public_key, logs=None)

    class DatabaseDown(Exception):
        pass

    async def broken(b: RESTBot) -> None:
        raise DatabaseDown("no database")

    bot.add_startup_callback(broken)
    with pytest.raises(DatabaseDown, match="no database"):
        await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    assert not bot.is_alive
    assert bot.urls == []
    bot.remove_startup_callback(broken)
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)  # can start again
    await bot.close()


async def test_join_waits_for_close() -> None:
    bot = RESTBot(None, public_key=DevKeyPair().public_key, logs=None)
    with pytest.raises(RuntimeError):
        await bot.join()
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    joiner = asyncio.create_task(bot.join())
    await asyncio.sleep(0.05)
    assert not joiner.done()
    await bot.close()
    await asyncio.wait_for(joiner, 5)


async def test_dev_keys_when_nothing_is_configured(caplog: pytest.LogCaptureFixture) -> None:
    bot = RESTBot(None, logs=None)
    with caplog.at_level("WARNING", "kagari"):
        await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    try:
        assert bot.dev_keys is not None
        assert bot.public_key == bytes.fromhex(bot.dev_keys.public_key)
        assert bot.dev_keys.signing_key in caplog.text
        assert "kagari send" in caplog.text and bot.url in caplog.text
        async with TestClient(bot, keys=bot.dev_keys) as client:
            assert (await client.post({"type": 1})).status == 200
    finally:
        await bot.close()


async def test_listens_on_several_hosts_a_unix_socket_and_a_given_socket(
    tmp_path: pathlib.Path,
) -> None:
    keys = DevKeyPair()
    bot = RESTBot(None, public_key=keys.public_key, logs=None)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    unix_path = str(tmp_path / "kagari.sock")
    await bot.start(
        host=["127.0.0.1", "127.0.0.2"],
        port=0,
        path=unix_path,
        socket=sock,
        check_for_updates=False,
    )
    try:
        urls = bot.urls
        assert any(url.startswith("http://127.0.0.1:") for url in urls)
        assert any(url.startswith("http://127.0.0.2:") for url in urls)
        assert f"unix:{unix_path}" in urls
        tcp_urls = [url for url in urls if url.startswith("http")]
        assert len(tcp_urls) == 3  # two hosts plus the given socket
        async with aiohttp.ClientSession() as session:
            for url in tcp_urls:
                assert await _ping_via(session, url, keys) == 200
        connector = aiohttp.UnixConnector(path=unix_path)
        async with aiohttp.ClientSession(connector=connector) as session:
            assert await _ping_via(session, "http://localhost/", keys) == 200
    finally:
        await bot.close()


async def _ping_via(session: aiohttp.ClientSession, url: str, keys: DevKeyPair) -> int:
    """POST a PING signed by ``keys`` to ``url`` (any of the bot's sockets); the status.

    ``TestClient`` talks to the bot's main URL only; this reaches the others.
    """
    body = b'{"type":1}'
    headers = {"Content-Type": "application/json", **keys.sign(body)}
    async with session.post(url, data=body, headers=headers) as response:
        return response.status


def _script(body: str) -> str:
    return textwrap.dedent(
        """
        import sys
        import kagari
        from kagari.restbot import RESTBot
        from kagari.errors import KagariInterrupt
        """
    ) + textwrap.dedent(body)


def _spawn(code: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(SRC), PYTHONUNBUFFERED="1")
    env.pop("CLICOLOR_FORCE", None)
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_url(process: subprocess.Popen[str]) -> tuple[str, list[str]]:
    lines: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if "listening for interactions on " in line:
            return line.split("listening for interactions on ")[1].strip(), lines
    raise AssertionError("bot never started:\n" + "".join(lines))


def _ping(url: str, keys: DevKeyPair) -> int:
    body = b'{"type":1}'
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **keys.sign(body)}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_run_closes_gracefully_on_signals(signum: int) -> None:
    keys = DevKeyPair()
    code = _script(
        f"""
        bot = RESTBot(None, public_key="{keys.public_key}", logs="INFO")
        async def bye(bot):
            print("shutdown callback ran", flush=True)
        bot.add_shutdown_callback(bye)
        bot.run(host="127.0.0.1", port=0, check_for_updates=False)
        print("run returned", flush=True)
        """
    )
    process = _spawn(code)
    try:
        url, lines = _wait_for_url(process)
        assert _ping(url, keys) == 200
        process.send_signal(signum)
        out, _ = process.communicate(timeout=30)
    finally:
        process.kill()
    text = "".join(lines) + out
    assert process.returncode == 0, text
    assert "shutdown callback ran" in text
    assert "run returned" in text
    assert "kagari 0.1.0" in text  # the banner


def test_run_propagates_interrupts_when_asked() -> None:
    keys = DevKeyPair()
    code = _script(
        f"""
        bot = RESTBot(None, public_key="{keys.public_key}", logs="INFO", banner=None)
        try:
            bot.run(host="127.0.0.1", port=0, check_for_updates=False,
                    propagate_interrupts=True)
        except KagariInterrupt as error:
            print("interrupted by", error.signame, flush=True)
            sys.exit(3)
        """
    )
    process = _spawn(code)
    try:
        _wait_for_url(process)
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 3, out
    assert "interrupted by SIGTERM" in out


def test_run_refuses_inside_a_running_loop() -> None:
    bot = RESTBot(None, public_key=DevKeyPair().public_key, logs=None)

    async def inside() -> None:
        bot.run(port=0)

    with pytest.raises(RuntimeError, match="running event loop"):
        asyncio.run(inside())


def test_run_with_no_signal_handlers_in_a_thread() -> None:
    """run() in a non-main thread skips signal handlers and can be closed from its loop."""
    import threading

    keys = DevKeyPair()
    bot = RESTBot(None, public_key=keys.public_key, logs=None, banner=None)
    holder: dict[str, object] = {}

    async def stop_soon(b: RESTBot) -> None:
        loop = asyncio.get_running_loop()
        holder["loop"] = loop
        loop.call_later(0.2, lambda: loop.create_task(b.close()))

    bot.add_startup_callback(stop_soon)
    thread = threading.Thread(
        target=bot.run, kwargs={"host": "127.0.0.1", "port": 0, "check_for_updates": False}
    )
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert not bot.is_alive
    loop = holder["loop"]
    assert isinstance(loop, asyncio.AbstractEventLoop) and loop.is_closed()


async def test_public_key_is_fetched_from_discord_when_not_given() -> None:
    from kagari.testing import FakeDiscord

    keys = DevKeyPair()
    async with FakeDiscord() as fake:
        fake.verify_key = keys.public_key
        bot = RESTBot(fake.token, "Bot", rest_url=fake.url, logs=None)
        assert bot.public_key is None
        await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
        try:
            assert bot.public_key == bytes.fromhex(keys.public_key)
            assert bot.dev_keys is None
            assert any(r.path.endswith("/applications/@me") for r in fake.requests)
            async with TestClient(bot, fake=fake, keys=keys) as client:
                assert (await client.post({"type": 1})).status == 200
                assert (await client.post({"type": 1}, keys=DevKeyPair())).status == 401
        finally:
            await bot.close()


async def test_failed_key_fetch_stops_start_up() -> None:
    from kagari.rest import UnauthorizedError
    from kagari.testing import FakeDiscord

    async with FakeDiscord() as fake:
        bot = RESTBot("not-the-token", "Bot", rest_url=fake.url, logs=None)
        with pytest.raises(UnauthorizedError):
            await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
        assert not bot.is_alive


def test_run_uses_uvloop_when_installed_unless_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    from kagari.restbot import new_event_loop

    monkeypatch.setenv("KAGARI_UVLOOP", "0")
    loop = new_event_loop()
    try:
        assert type(loop).__module__.startswith("asyncio")
    finally:
        loop.close()
    monkeypatch.delenv("KAGARI_UVLOOP")
    import uvloop  # installed by the test extra (and the speedups extra)

    loop = new_event_loop()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()


async def test_endpoint_path_is_settable_until_serving() -> None:
    keys = DevKeyPair()
    bot = RESTBot(None, public_key=keys.public_key, logs=None)
    assert bot.endpoint_path == "/"
    bot.endpoint_path = "/hooks/discord"
    with pytest.raises(ValueError, match="start with '/'"):
        bot.endpoint_path = "hooks"
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    try:
        assert bot.url.endswith("/hooks/discord")
        with pytest.raises(RuntimeError, match="while the bot is serving"):
            bot.endpoint_path = "/other"
        async with TestClient(bot, keys=keys) as client:
            assert client.url == bot.url
            assert (await client.post({"type": 1})).status == 200
    finally:
        await bot.close()
