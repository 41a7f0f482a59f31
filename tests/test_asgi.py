"""``bot.asgi`` driven in-process by hand-made ASGI messages: lifespan, routes, refusals."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncGenerator, Sequence
from typing import Any

import pytest

import kagari
from kagari.builders.responses import Defer, Message
from kagari.models import CommandInteraction
from kagari.restbot import RESTBot
from kagari.server.asgi import ASGIApp
from kagari.server.devkeys import DevKeyPair
from kagari.testing import command_payload
from kagari.testing.events import ping_event_payload


class Reply:
    """What the app sent for one request, and every message in order."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def __call__(self, message: Any) -> None:
        self.messages.append(dict(message))

    @property
    def status(self) -> int:
        (start,) = [m for m in self.messages if m["type"] == "http.response.start"]
        return int(start["status"])

    @property
    def headers(self) -> dict[str, str]:
        (start,) = [m for m in self.messages if m["type"] == "http.response.start"]
        return {bytes(k).decode(): bytes(v).decode() for k, v in start["headers"]}

    @property
    def body(self) -> bytes:
        return b"".join(m["body"] for m in self.messages if m["type"] == "http.response.body")

    def json(self) -> Any:
        return json.loads(self.body)


async def call(
    app: ASGIApp,
    body: bytes = b"",
    *,
    method: str = "POST",
    path: str = "/",
    root_path: str = "",
    headers: Sequence[tuple[str, str]] = (("content-type", "application/json"),),
    chunks: Sequence[bytes] | None = None,
    keys: DevKeyPair | None = None,
    disconnect: bool = False,
) -> Reply:
    """Send one HTTP request through ``app`` (signed with ``keys`` when given)."""
    sent = list(headers)
    if keys is not None:
        sent += [(name.lower(), value) for name, value in keys.sign(body).items()]
    if chunks is None:
        sent.append(("content-length", str(len(body))))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "path": path,
        "root_path": root_path,
        "query_string": b"",
        "headers": [(k.encode(), v.encode()) for k, v in sent],
    }
    parts = [body] if chunks is None else list(chunks)
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": part, "more_body": i < len(parts) - 1}
        for i, part in enumerate(parts)
    ]
    if disconnect:
        messages = [{"type": "http.request", "body": parts[0], "more_body": True}]
        messages.append({"type": "http.disconnect"})

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await asyncio.Event().wait()  # nothing more: as a server would, wait
        raise AssertionError("unreachable")

    reply = Reply()
    await app(scope, receive, reply)
    return reply


async def lifespan(app: ASGIApp, *kinds: str) -> list[dict[str, Any]]:
    """Run a lifespan conversation of ``kinds`` events; return what the app sent."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for kind in kinds:
        inbox.put_nowait({"type": f"lifespan.{kind}"})
    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(dict(message))

    await asyncio.wait_for(app({"type": "lifespan"}, inbox.get, send), 10)
    return sent


@pytest.fixture
def keys() -> DevKeyPair:
    return DevKeyPair()


@pytest.fixture
def bot(keys: DevKeyPair) -> RESTBot:
    bot = RESTBot(None, public_key=keys.public_key, logs=None, banner=None)

    async def on_command(interaction: CommandInteraction) -> Message:
        return Message(f"pong from /{interaction.command_name}")

    bot.set_listener(CommandInteraction, on_command)
    return bot


async def test_lifespan_starts_and_closes_the_bot_without_a_port(bot: RESTBot) -> None:
    app = bot.asgi
    assert app is bot.asgi
    started = asyncio.Event()

    async def on_start(_: RESTBot) -> None:
        started.set()

    bot.add_startup_callback(on_start)
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    sent: list[dict[str, Any]] = []
    answered = asyncio.Event()

    async def send(message: Any) -> None:
        sent.append(dict(message))
        answered.set()

    task = asyncio.ensure_future(app({"type": "lifespan"}, inbox.get, send))
    await inbox.put({"type": "lifespan.startup"})
    await asyncio.wait_for(answered.wait(), 10)
    assert sent == [{"type": "lifespan.startup.complete"}]
    assert started.is_set() and bot.is_alive
    assert bot.urls == []  # nothing bound: the ASGI server owns the socket
    await inbox.put({"type": "lifespan.shutdown"})
    await asyncio.wait_for(task, 10)
    assert sent[-1] == {"type": "lifespan.shutdown.complete"}
    assert not bot.is_alive


async def test_a_failing_start_is_reported_to_the_server(
    bot: RESTBot, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(_: RESTBot) -> None:
        raise RuntimeError("no database")

    bot.add_startup_callback(broken)
    with caplog.at_level(logging.ERROR, "kagari"):
        sent = await lifespan(bot.asgi, "startup")
    assert sent[0]["type"] == "lifespan.startup.failed"
    assert "no database" in sent[0]["message"]
    assert not bot.is_alive


async def test_without_lifespan_the_bot_starts_on_the_first_request(
    bot: RESTBot, keys: DevKeyPair
) -> None:
    app = bot.asgi_app()
    assert not bot.is_alive
    reply = await call(app, json.dumps(command_payload("hello")).encode(), keys=keys)
    assert reply.status == 200
    assert reply.json()["data"]["content"] == "pong from /hello"
    assert bot.is_alive
    await app.close()
    assert not bot.is_alive


async def test_a_bot_with_neither_key_nor_token_gets_development_keys(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot = RESTBot(None, logs=None, banner=None)
    with caplog.at_level(logging.WARNING, "kagari"):
        await bot.asgi.start()
    try:
        assert bot.dev_keys is not None
        reply = await call(bot.asgi, b'{"type": 1}', keys=DevKeyPair(bot.dev_keys.signing_key))
        assert reply.json() == {"type": 1}
    finally:
        await bot.close()


@pytest.fixture
async def app(bot: RESTBot) -> Any:
    app = bot.asgi
    await app.start()
    yield app
    await app.close()


async def test_refusals_come_in_the_built_in_order(app: ASGIApp, keys: DevKeyPair) -> None:
    ping = b'{"type": 1}'
    reply = await call(app, ping, method="GET", keys=keys)
    assert (reply.status, reply.headers["allow"]) == (405, "POST")
    reply = await call(app, ping, headers=[("content-type", "text/plain")], keys=keys)
    assert reply.status == 415
    assert (await call(app, ping)).status == 401  # unsigned
    assert (await call(app, ping, keys=DevKeyPair())).status == 401
    big = b"x" * (app.interactions.max_body_size + 1)
    assert (await call(app, big, keys=keys)).status == 413
    streamed = await call(app, b"", chunks=[big[:1000], big[1000:]], keys=keys)
    assert streamed.status == 413
    bad_length = await call(
        app, ping, headers=[("content-type", "application/json"), ("content-length", "x")]
    )
    assert bad_length.status == 400
    assert (await call(app, b"", keys=keys)).status == 400
    assert (await call(app, b"{not json", keys=keys)).status == 400
    assert (await call(app, b'{"type": 99}', keys=keys)).status == 501
    reply = await call(app, ping, keys=keys)
    assert (reply.status, reply.json()) == (200, {"type": 1})
    assert reply.headers["content-length"] == str(len(reply.body))
    assert reply.headers["content-type"] == "application/json"


async def test_health_events_and_other_paths(app: ASGIApp, keys: DevKeyPair) -> None:
    health = await call(app, method="GET", path="/health")
    assert (health.status, health.json()) == (200, {"status": "ok"})
    head = await call(app, method="HEAD", path="/health")
    assert (head.status, head.body) == (200, b"")
    wrong = await call(app, path="/health")
    assert (wrong.status, wrong.headers["allow"]) == (405, "GET, HEAD")
    assert (await call(app, b"{}", path="/nowhere", keys=keys)).status == 404
    ping = json.dumps(ping_event_payload()).encode()
    events = await call(app, ping, path="/events", keys=keys)
    assert (events.status, events.body) == (204, b"")
    assert events.headers["content-type"] == "application/json"
    assert "content-length" not in events.headers


async def test_mounted_paths_are_matched_below_the_mount_point(
    app: ASGIApp, keys: DevKeyPair
) -> None:
    ping = b'{"type": 1}'
    full = await call(app, ping, path="/discord/", root_path="/discord", keys=keys)
    assert full.json() == {"type": 1}
    bare = await call(app, ping, path="/discord", root_path="/discord", keys=keys)
    assert bare.json() == {"type": 1}
    stripped = await call(app, ping, path="/", root_path="/discord", keys=keys)  # older servers
    assert stripped.json() == {"type": 1}
    health = await call(app, method="GET", path="/discord/health", root_path="/discord")
    assert health.status == 200


async def test_the_endpoint_path_follows_the_bot(bot: RESTBot, keys: DevKeyPair) -> None:
    app = bot.asgi
    bot.endpoint_path = "/interactions"
    try:
        await app.start()
        assert (await call(app, b'{"type": 1}', keys=keys)).status == 404
        reply = await call(app, b'{"type": 1}', path="/interactions", keys=keys)
        assert reply.status == 200
    finally:
        await app.close()


async def test_post_response_work_starts_after_the_body_is_sent(
    bot: RESTBot, app: ASGIApp, keys: DevKeyPair
) -> None:
    order: list[str] = []
    done = asyncio.Event()

    async def deferred(interaction: CommandInteraction) -> AsyncGenerator[Defer, None]:
        order.append("listener")
        yield Defer()
        order.append("after the response")
        done.set()

    bot.set_listener(CommandInteraction, deferred, replace=True)
    reply = Reply()
    real = reply.__call__

    async def spy(message: Any) -> None:
        await real(message)
        if message["type"] == "http.response.body":
            order.append("body sent")

    body = json.dumps(command_payload("report")).encode()
    headers = [("content-type", "application/json")]
    headers += [(k.lower(), v) for k, v in keys.sign(body).items()]
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(k.encode(), v.encode()) for k, v in headers],
    }
    queue = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Any:
        return queue.pop(0)

    await app(scope, receive, spy)
    await asyncio.wait_for(done.wait(), 5)
    assert reply.json() == {"type": 5}
    assert order == ["listener", "body sent", "after the response"]


async def test_an_internal_failure_is_a_generic_500(
    app: ASGIApp,
    keys: DevKeyPair,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def explode(*args: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(app.interactions, "on_verified_headers", explode)
    with caplog.at_level(logging.ERROR, "kagari"):
        reply = await call(app, b'{"type": 1}', keys=keys)
    assert reply.status == 500
    assert reply.json() == {"error": "internal server error"}
    assert b"secret" not in reply.body
    assert any("secret detail" in (r.exc_text or "") for r in caplog.records)


async def test_a_client_that_leaves_mid_body_gets_nothing(app: ASGIApp, keys: DevKeyPair) -> None:
    reply = await call(app, b'{"type": 1}', keys=keys, disconnect=True)
    assert reply.messages == []


async def test_websockets_are_refused(app: ASGIApp) -> None:
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "websocket.connect"}

    await app({"type": "websocket", "path": "/"}, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1008}]


def test_bad_paths_are_refused_when_the_app_is_built() -> None:
    bot = kagari.RESTBot(None, logs=None)
    with pytest.raises(ValueError, match="must start with '/'"):
        ASGIApp(
            bot.interaction_server,
            startup=bot.close,
            shutdown=bot.close,
            is_alive=lambda: False,
            path="nowhere",
        )
    with pytest.raises(ValueError, match="differ from the interactions endpoint path"):
        ASGIApp(
            bot.interaction_server,
            startup=bot.close,
            shutdown=bot.close,
            is_alive=lambda: False,
            events=bot.event_server,
            events_path="/",
        )
