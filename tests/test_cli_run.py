"""``kagari run``: serving a bot file, graceful shutdown, and ``--reload`` on source changes."""

from __future__ import annotations

import asyncio
import pathlib
import re
import shutil
import signal
import sys
from collections.abc import AsyncIterator

import pytest

from kagari.cli.reload import changed_files, scan
from kagari.cli.send import post_signed
from kagari.server.devkeys import DevKeyPair
from kagari.testing.payloads import command_payload
from tests.cli_bots.runner import BOTS, ROOT, cli_env

_LISTENING = re.compile(r"listening for interactions on (http://\S+)")
_SIGNING_KEY = re.compile(r"signing key: ([0-9a-f]{64})")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")


class Served:
    """A ``kagari run`` subprocess whose stderr is read line by line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []

    async def wait_for(self, pattern: re.Pattern[str], timeout: float = 30.0) -> str:
        """Read stderr until a line matches; return the first group."""
        assert self.process.stderr is not None

        async def read() -> str:
            assert self.process.stderr is not None
            while True:
                raw = await self.process.stderr.readline()
                if not raw:
                    raise AssertionError("process ended:\n" + "".join(self.lines))
                line = raw.decode()
                self.lines.append(line)
                found = pattern.search(line)
                if found:
                    return found.group(1)

        return await asyncio.wait_for(read(), timeout)

    async def serving(self) -> tuple[str, DevKeyPair]:
        """The URL and dev key pair of the bot once it listens."""
        url = await self.wait_for(_LISTENING)
        key = await self.wait_for(_SIGNING_KEY)
        return url, DevKeyPair(key)


async def start(*argv: str) -> Served:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kagari",
        "run",
        *argv,
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--no-update-check",
        cwd=ROOT,
        env=cli_env(),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    return Served(process)


@pytest.fixture
async def stop_later() -> AsyncIterator[list[Served]]:
    started: list[Served] = []
    yield started
    for served in started:
        if served.process.returncode is None:
            served.process.terminate()
            try:
                await asyncio.wait_for(served.process.wait(), 15)
            except asyncio.TimeoutError:
                served.process.kill()
                await served.process.wait()


async def content_of(url: str, keys: DevKeyPair, name: str = "ping") -> object:
    reply = await post_signed(url, command_payload(name), keys)
    assert reply.status == 200, reply.body
    assert isinstance(reply.body, dict)
    return reply.body["data"]["content"]


async def test_run_serves_and_closes_gracefully_on_sigterm(stop_later: list[Served]) -> None:
    served = await start("tests/cli_bots/demo_bot.py")
    stop_later.append(served)
    url, keys = await served.serving()
    assert await content_of(url, keys) == "pong"
    served.process.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(served.process.wait(), 30) == 0
    rest = await served.process.stderr.read() if served.process.stderr else b""
    assert "closed" in "".join(served.lines) + rest.decode()


async def test_run_and_send_with_a_shipped_example(stop_later: list[Served]) -> None:
    """The README's main command, driven the way its printed instructions say."""
    served = await start("examples/ping.py")
    stop_later.append(served)
    url, keys = await served.serving()
    sent = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "kagari", "send", url, "--signing-key", keys.signing_key,
        "command", "ping",
        cwd=ROOT, env=cli_env(), stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(sent.communicate(), 60)
    assert sent.returncode == 0, err.decode()
    assert '"content": "pong"' in out.decode()


async def test_run_serves_on_a_chosen_endpoint_path(stop_later: list[Served]) -> None:
    served = await start("tests/cli_bots/demo_bot.py", "--endpoint-path", "/discord/interactions")
    stop_later.append(served)
    url, keys = await served.serving()
    assert url.endswith("/discord/interactions")
    assert await content_of(url, keys) == "pong"


async def test_reload_restarts_on_change(tmp_path: pathlib.Path, stop_later: list[Served]) -> None:
    for name in ("demo_bot.py", "demo_factory.py"):
        shutil.copy(BOTS / name, tmp_path / name)
    served = await start(str(tmp_path / "demo_bot.py"), "--reload", "--reload-interval", "0.2")
    stop_later.append(served)
    url, keys = await served.serving()
    assert await content_of(url, keys) == "pong"

    factory = tmp_path / "demo_factory.py"
    factory.write_text(factory.read_text().replace('return "pong"', 'return "pong, reloaded"'))
    await served.wait_for(re.compile(r"(change detected in \S*demo_factory\.py)"))
    new_url, new_keys = await served.serving()
    assert await content_of(new_url, new_keys) == "pong, reloaded"

    # A broken edit: the child dies, the supervisor waits, the next fix brings it back.
    factory.write_text(factory.read_text() + "\nthis is not python\n")
    await served.wait_for(re.compile(r"(the bot exited with code 1)"))
    factory.write_text(factory.read_text().replace("\nthis is not python\n", ""))
    url, keys = await served.serving()
    assert await content_of(url, keys) == "pong, reloaded"

    served.process.terminate()
    assert await asyncio.wait_for(served.process.wait(), 30) == 0
    with pytest.raises(Exception, match="cannot connect"):
        await content_of(url, keys)


def test_scan_sees_added_changed_and_removed_sources(tmp_path: pathlib.Path) -> None:
    (tmp_path / "a.py").write_text("a = 1\n")
    (tmp_path / "notes.txt").write_text("ignored\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython.py").write_text("ignored\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "lib.py").write_text("ignored\n")
    first = scan([tmp_path])
    assert list(first) == [str(tmp_path / "a.py")]
    (tmp_path / "b.py").write_text("b = 2\n")
    second = scan([tmp_path])
    assert changed_files(first, second) == [str(tmp_path / "b.py")]
    (tmp_path / "a.py").unlink()
    assert changed_files(second, scan([tmp_path])) == [str(tmp_path / "a.py")]
