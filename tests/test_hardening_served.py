"""Issue 18, item 12 (health endpoint), and the served front the hardening tests share.

:func:`serve` starts an :class:`InteractionServer` behind an :class:`HTTPFront` on a free
loopback port with the chosen engine; :func:`post` sends it a request signed the way
Discord signs (:class:`~kagari.server.devkeys.DevKeyPair`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from kagari.server.devkeys import DevKeyPair
from kagari.server.front import ENGINES, HTTPFront
from kagari.server.pipeline import InteractionServer
from kagari.server.tasks import TaskTracker


class Served:
    """A started front: its URL, keys, pipeline, tracker and a client session."""

    def __init__(
        self,
        front: HTTPFront,
        keys: DevKeyPair,
        server: InteractionServer,
        tasks: TaskTracker,
        session: aiohttp.ClientSession,
    ) -> None:
        self.front = front
        self.keys = keys
        self.server = server
        self.tasks = tasks
        self.session = session
        self.url = front.addresses[0]
        self.base = self.url.rsplit("/", 1)[0]
        hostport = self.url.split("//")[1].split("/")[0]
        self.host, port = hostport.rsplit(":", 1)
        self.port = int(port)

    async def post(
        self, payload: Any = None, *, body: bytes | None = None, sign: bool = True
    ) -> tuple[int, bytes]:
        """POST ``payload`` (or raw ``body``) signed; the status and body of the answer."""
        if body is None:
            body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if sign:
            headers.update(self.keys.sign(body))
        async with self.session.post(self.url, data=body, headers=headers) as response:
            return response.status, await response.read()


@contextlib.asynccontextmanager
async def serve(
    engine: str = "kagari",
    *,
    front_options: dict[str, Any] | None = None,
    **server_options: Any,
) -> AsyncIterator[Served]:
    """Serve a fresh pipeline on 127.0.0.1 with ``engine``; always shut down."""
    keys = DevKeyPair()
    tasks = TaskTracker()
    server = InteractionServer(keys.public_key, tasks=tasks, **server_options)
    front = HTTPFront(server, "/", engine, **(front_options or {}))  # type: ignore[arg-type]
    await front.start(host="127.0.0.1", port=0, shutdown_timeout=2.0)
    try:
        async with aiohttp.ClientSession() as session:
            yield Served(front, keys, server, tasks, session)
    finally:
        await front.close()
        await tasks.drain(1.0)


@pytest.mark.parametrize("engine", ENGINES)
async def test_health_endpoint_answers_get_with_200(engine: str) -> None:
    async with serve(engine) as served:
        async with served.session.get(served.base + "/health") as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok"}
        async with served.session.head(served.base + "/health") as response:
            assert response.status == 200
        # the interactions route is unchanged: GET there is still 405
        async with served.session.get(served.url) as response:
            assert response.status == 405


@pytest.mark.parametrize("engine", ENGINES)
async def test_health_path_is_configurable_and_can_be_turned_off(engine: str) -> None:
    async with serve(engine, front_options={"health_path": "/livez"}) as served:
        async with served.session.get(served.base + "/livez") as response:
            assert response.status == 200
        async with served.session.get(served.base + "/health") as response:
            assert response.status == 404
    async with (
        serve(engine, front_options={"health_path": None}) as served,
        served.session.get(served.base + "/health") as response,
    ):
        assert response.status == 404


def test_health_path_must_differ_from_the_endpoint() -> None:
    server = InteractionServer(None, tasks=TaskTracker())
    with pytest.raises(ValueError, match="health path"):
        HTTPFront(server, "/", health_path="/")
    with pytest.raises(ValueError, match="health path"):
        HTTPFront(server, "/", health_path="health")


async def test_restbot_serves_health_at_its_configured_path() -> None:
    from kagari import RESTBot

    keys = DevKeyPair()
    bot = RESTBot(None, public_key=keys.public_key, logs=None, health_path="/healthz")
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    try:
        base = bot.url.rsplit("/", 1)[0]
        async with (
            aiohttp.ClientSession() as session,
            session.get(base + "/healthz") as response,
        ):
            assert response.status == 200
            assert await response.read() == b'{"status":"ok"}'
    finally:
        await bot.close()
