"""The contract bot of api.md under real ASGI servers, in subprocesses, driven by signed HTTP.

Each server (uvicorn, granian, hypercorn; and uvicorn serving a Starlette app that mounts
the bot beside an ordinary route) runs ``bot.asgi`` from the api.md script, with its REST
client pointed at a FakeDiscord in this process. Every request gets the same status,
content type and body as from the built-in engine serving the same script in-process,
and the deferred report's edit and follow-up reach FakeDiscord after the HTTP answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from kagari.rest import RESTClient
from kagari.server.devkeys import DevKeyPair
from kagari.testing import (
    DEFAULT_APPLICATION_ID,
    FakeDiscord,
    TypedOption,
    autocomplete_payload,
    command_payload,
    component_payload,
    make_user,
    message_command_payload,
    modal_payload,
    user_command_payload,
)
from kagari.testing.events import ping_event_payload

pytestmark = pytest.mark.slow

API_MD = pathlib.Path(__file__).resolve().parent / "data" / "design" / "api.md"

# The api.md script as an importable module for the servers: its REST client goes to
# the fake, and the five-second report takes half a second.
CONTRACT_APP = textwrap.dedent(
    """
    import asyncio, contextlib, os, pathlib, re

    from kagari.rest import RESTClient

    API_MD = pathlib.Path(os.environ["KAGARI_API_MD"])
    SOURCE = re.findall(r"```python\\n(.*?)```", API_MD.read_text("utf-8"), re.DOTALL)[0]
    namespace = {"__name__": "api_md_example"}
    exec(compile(SOURCE, str(API_MD), "exec"), namespace)
    bot = namespace["bot"]
    bot.rest = RESTClient(
        os.environ["DISCORD_TOKEN"], "Bot", rest_url=os.environ["KAGARI_FAKE_URL"]
    )


    async def build_slow_report():
        await asyncio.sleep(0.5)
        return "report ready"


    namespace["build_slow_report"] = build_slow_report
    app = bot.asgi
    """
)

MOUNTED_APP = textwrap.dedent(
    """
    import contextlib

    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Mount, Route

    from contract_app import bot


    async def dashboard(request):
        return PlainTextResponse("dashboard")


    @contextlib.asynccontextmanager
    async def lifespan(app):
        async with bot.asgi.lifespan():
            yield


    app = Starlette(
        routes=[Route("/", dashboard), Mount("/discord", app=bot.asgi)], lifespan=lifespan
    )
    """
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _command(server: str, target: str, port: int) -> list[str]:
    if server == "uvicorn":
        return [
            *(sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1"),
            *("--port", str(port), "--lifespan", "on", "--no-access-log"),
        ]
    if server == "granian":
        return [
            *(sys.executable, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1"),
            *("--port", str(port), "--workers", "1", target),
        ]
    return [sys.executable, "-m", "hypercorn", "--bind", f"127.0.0.1:{port}", target]


@dataclass
class Served:
    """A server subprocess: its base URL and what it logged."""

    base: str
    process: subprocess.Popen[bytes]
    log: pathlib.Path

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")


@contextlib.contextmanager
def _serve(
    server: str, target: str, tmp_path: pathlib.Path, env: dict[str, str], prefix: str = ""
) -> Iterator[Served]:
    port = _free_port()
    log = tmp_path / f"{server}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            _command(server, target, port),
            cwd=tmp_path,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    served = Served(f"http://127.0.0.1:{port}{prefix}", process, log)
    try:
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


async def _wait_ready(served: Served, session: aiohttp.ClientSession) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            pytest.fail(f"the server exited early:\n{served.output()}")
        with contextlib.suppress(aiohttp.ClientError, OSError):
            async with session.get(served.base + "/health") as reply:
                if reply.status == 200:
                    return
        await asyncio.sleep(0.1)
    pytest.fail(f"the server never became ready:\n{served.output()}")


@dataclass(frozen=True)
class Case:
    """One request: what to send, and how."""

    name: str
    body: bytes
    method: str = "POST"
    path: str = "/"
    sign: str = "good"  # "good", "none" or "other"
    content_type: str = "application/json"


def _cases() -> list[Case]:
    target = make_user(80351110224678912, username="nelly", global_name="Nelly").raw
    member = {"roles": [], "nick": "Target", "joined_at": "2020-01-01T00:00:00+00:00"}
    payloads: dict[str, Any] = {
        "ping": {"type": 1},
        "command": command_payload("ping"),
        "options": command_payload(
            "greet",
            {"who": TypedOption(6, target["id"]), "times": 2},
            resolved={"users": {target["id"]: target}},
        ),
        "group": command_payload("admin purge", {"count": 3}),
        "user command": user_command_payload(
            "Show avatar",
            target["id"],
            resolved={"users": {target["id"]: target}, "members": {target["id"]: member}},
        ),
        "message command": message_command_payload("Bookmark", "999"),
        "components": command_payload("poll", {"question": "Tea?"}),
        "component": component_payload("vote:42:yes", username="mason"),
        "modal": command_payload("feedback"),
        "modal submit": modal_payload(
            "feedback:general", {"title": {"type": 4, "value": "Great bot"}}
        ),
        "autocomplete": autocomplete_payload("search", "query", "b"),
        "unknown type": {"type": 99, "id": "1"},
    }
    cases = [Case(name, json.dumps(payload).encode()) for name, payload in payloads.items()]
    ping = json.dumps({"type": 1}).encode()
    cases += [
        Case("wrong method", ping, method="GET"),
        Case("wrong content type", ping, content_type="text/plain"),
        Case("unsigned", ping, sign="none"),
        Case("bad signature", ping, sign="other"),
        Case("empty body", b""),
        Case("not JSON", b"{not json"),
        Case("not found", ping, path="/nowhere"),
        Case("health", b"", method="GET", path="/health"),
        Case("events ping", json.dumps(ping_event_payload()).encode(), path="/events"),
        Case("events bad signature", b'{"type": 0}', path="/events", sign="other"),
    ]
    return cases


async def _exchange(
    session: aiohttp.ClientSession, base: str, case: Case, keys: DevKeyPair
) -> tuple[Any, ...]:
    headers = {"Content-Type": case.content_type}
    if case.sign == "good":
        headers.update(keys.sign(case.body))
    elif case.sign == "other":
        headers.update(DevKeyPair().sign(case.body))
    url = base + case.path
    async with session.request(case.method, url, data=case.body, headers=headers) as reply:
        raw = await reply.read()
        body: Any = raw
        if raw and reply.content_type == "application/json":
            body = json.loads(raw)
        return (reply.status, reply.headers.get("Content-Type"), reply.headers.get("Allow"), body)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(application_id=DEFAULT_APPLICATION_ID) as server:
        yield server


@pytest.fixture
def keys() -> DevKeyPair:
    return DevKeyPair()


@pytest.fixture
def app_dir(tmp_path: pathlib.Path) -> pathlib.Path:
    (tmp_path / "contract_app.py").write_text(CONTRACT_APP, "utf-8")
    (tmp_path / "mounted_app.py").write_text(MOUNTED_APP, "utf-8")
    return tmp_path


def _env(app_dir: pathlib.Path, fake: FakeDiscord, keys: DevKeyPair) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join([str(app_dir), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        KAGARI_API_MD=str(API_MD),
        KAGARI_FAKE_URL=fake.url,
        DISCORD_TOKEN=fake.token,
        DISCORD_PUBLIC_KEY=keys.public_key,
    )
    return env


async def _built_in_answers(
    fake: FakeDiscord, keys: DevKeyPair, monkeypatch: pytest.MonkeyPatch, cases: list[Case]
) -> dict[str, tuple[Any, ...]]:
    """The same script served by kagari's own engine, in this process."""
    monkeypatch.setenv("DISCORD_TOKEN", fake.token)
    monkeypatch.setenv("DISCORD_PUBLIC_KEY", keys.public_key)
    source = API_MD.read_text("utf-8").split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {"__name__": "api_md_example"}
    exec(compile(source, str(API_MD), "exec"), namespace)
    bot = namespace["bot"]
    bot.rest = RESTClient(fake.token, "Bot", rest_url=fake.url)
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    try:
        base = bot.url.rstrip("/")
        async with aiohttp.ClientSession() as session:
            return {case.name: await _exchange(session, base, case, keys) for case in cases}
    finally:
        await bot.close()


async def _check_report(
    session: aiohttp.ClientSession, base: str, fake: FakeDiscord, keys: DevKeyPair
) -> None:
    """The deferral is the HTTP answer; the edit and the follow-up arrive after it."""
    payload = command_payload("report")
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json", **keys.sign(body)}
    async with session.post(base + "/", data=body, headers=headers) as reply:
        assert reply.status == 200
        assert await reply.json() == {"type": 5, "data": {"flags": 64}}
    token = payload["token"]

    def mine(request: Any) -> bool:
        return token in request.path

    assert not [request for request in fake.requests if mine(request)]
    edit = await fake.wait_for(lambda r: mine(r) and r.method == "PATCH", timeout=10)
    followup = await fake.wait_for(lambda r: mine(r) and r.method == "POST", timeout=10)
    assert edit.json["content"] == "report ready"
    assert followup.json["content"] == "done"
    assert followup.json["flags"] == 64
    assert edit.time <= followup.time


SERVERS = ["uvicorn", "granian", "hypercorn"]


@pytest.mark.parametrize("server", SERVERS)
async def test_the_contract_bot_answers_alike_under(
    server: str,
    fake: FakeDiscord,
    keys: DevKeyPair,
    app_dir: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases = _cases()
    expected = await _built_in_answers(fake, keys, monkeypatch, cases)
    # Not a comparison of two empty answers: spot-check what the contract says.
    assert expected["command"][3]["data"]["content"] == "pong"
    assert expected["ping"][:2] == (200, "application/json")
    assert expected["events ping"][:2] == (204, "application/json")
    assert expected["wrong method"][0] == 405
    assert expected["bad signature"][0] == 401
    assert expected["unknown type"][0] == 501
    with _serve(server, "contract_app:app", app_dir, _env(app_dir, fake, keys)) as served:
        async with aiohttp.ClientSession() as session:
            await _wait_ready(served, session)
            for case in cases:
                got = await _exchange(session, served.base, case, keys)
                assert got == expected[case.name], case.name
            await _check_report(session, served.base, fake, keys)
    assert served.process.returncode is not None
    assert "closed" in served.output()  # the lifespan's shutdown closed the bot


async def test_mounted_in_starlette_beside_an_ordinary_route(
    fake: FakeDiscord, keys: DevKeyPair, app_dir: pathlib.Path
) -> None:
    env = _env(app_dir, fake, keys)
    with _serve("uvicorn", "mounted_app:app", app_dir, env, prefix="/discord") as served:
        async with aiohttp.ClientSession() as session:
            await _wait_ready(served, session)
            root = served.base.removesuffix("/discord")
            async with session.get(root + "/") as reply:
                assert reply.status == 200
                assert await reply.text() == "dashboard"
            ping = await _exchange(session, served.base, Case("ping", b'{"type": 1}'), keys)
            assert ping[0] == 200 and ping[3] == {"type": 1}
            command = Case("command", json.dumps(command_payload("ping")).encode())
            reply_data = await _exchange(session, served.base, command, keys)
            assert reply_data[3]["data"]["content"] == "pong"
            events = Case("events", json.dumps(ping_event_payload()).encode(), path="/events")
            assert (await _exchange(session, served.base, events, keys))[0] == 204
            unsigned = Case("unsigned", b'{"type": 1}', sign="none")
            assert (await _exchange(session, served.base, unsigned, keys))[0] == 401
            await _check_report(session, served.base, fake, keys)
    assert "closed" in served.output()
