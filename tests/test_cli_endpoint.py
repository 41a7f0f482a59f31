"""``kagari endpoint show|set`` against a local Discord that checks URLs with a signed PING.

FakeDiscord stores ``PATCH /applications/@me`` bodies without checking the URLs, so this
file plays Discord for that one route: like Discord, it POSTs the new interactions URL a
PING signed with the application's key (must get ``{"type": 1}``) and a badly signed one
(must get 401), POSTs a new event webhooks URL a signed ``type: 0`` PING (must get 204),
and answers 400 with the field error when a check fails.
"""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import nacl.exceptions
import nacl.signing
import pytest
from aiohttp import web

import kagari
from kagari.server.devkeys import DevKeyPair
from tests.cli_bots.runner import Result
from tests.cli_bots.runner import kagari as run_kagari

TOKEN = "endpoint-test-token"
APPLICATION_ID = "1100000000000000001"


class LocalDiscord:
    """``GET``/``PATCH /api/v10/applications/@me`` with Discord's URL checks, and an
    event webhooks receiver at ``/events`` that verifies signatures like a bot would."""

    def __init__(self) -> None:
        self.keys = DevKeyPair()
        self.application: dict[str, Any] = {
            "id": APPLICATION_ID,
            "name": "endpoint-test",
            "verify_key": self.keys.public_key,
            "interactions_endpoint_url": None,
            "event_webhooks_url": None,
            "event_webhooks_status": 1,
            "event_webhooks_types": [],
        }
        self.patches: list[dict[str, Any]] = []
        self.checks: list[tuple[str, int]] = []
        self.events_received = 0
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/v10/applications/@me", self.get_application)
        app.router.add_patch("/api/v10/applications/@me", self.patch_application)
        app.router.add_post("/events", self.receive_event)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    def authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {TOKEN}"

    async def get_application(self, request: web.Request) -> web.Response:
        if not self.authorized(request):
            return web.json_response({"code": 0, "message": "401: Unauthorized"}, status=401)
        return web.json_response(self.application)

    async def patch_application(self, request: web.Request) -> web.Response:
        if not self.authorized(request):
            return web.json_response({"code": 0, "message": "401: Unauthorized"}, status=401)
        body = await request.json()
        self.patches.append(body)
        url = body.get("interactions_endpoint_url")
        if url and not await self.interactions_url_passes(url):
            return invalid_form("interactions_endpoint_url", "interactions endpoint url")
        events_url = body.get("event_webhooks_url")
        if events_url and not await self.events_url_passes(events_url):
            return invalid_form("event_webhooks_url", "event webhooks url")
        self.application.update(body)
        return web.json_response(self.application)

    async def post(self, url: str, payload: dict[str, Any], keys: DevKeyPair) -> int | None:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", **keys.sign(body)}
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session,
                session.post(url, data=body, headers=headers) as response,
            ):
                answer = await response.read()
                if payload["type"] == 1 and response.status == 200:
                    return 200 if json.loads(answer) == {"type": 1} else -1
                return response.status
        except aiohttp.ClientError:
            return None

    async def interactions_url_passes(self, url: str) -> bool:
        ping = {"type": 1, "id": "1", "application_id": APPLICATION_ID, "version": 1}
        signed = await self.post(url, ping, self.keys)
        forged = await self.post(url, ping, DevKeyPair())
        self.checks.append((url, signed or 0))
        return signed == 200 and forged == 401

    async def events_url_passes(self, url: str) -> bool:
        ping = {"version": 1, "application_id": APPLICATION_ID, "type": 0}
        signed = await self.post(url, ping, self.keys)
        forged = await self.post(url, ping, DevKeyPair())
        return signed == 204 and forged == 401

    async def receive_event(self, request: web.Request) -> web.Response:
        body = await request.read()
        verify_key = nacl.signing.VerifyKey(bytes.fromhex(self.keys.public_key))
        signed = request.headers.get("X-Signature-Timestamp", "").encode() + body
        try:
            verify_key.verify(signed, bytes.fromhex(request.headers["X-Signature-Ed25519"]))
        except (KeyError, ValueError, nacl.exceptions.BadSignatureError):
            return web.Response(status=401)
        self.events_received += 1
        return web.Response(status=204)


def invalid_form(field: str, what: str) -> web.Response:
    error = {
        "code": "APPLICATION_URL_INVALID",
        "message": f"The specified {what} could not be verified.",
    }
    body = {"code": 50035, "message": "Invalid Form Body", "errors": {field: {"_errors": [error]}}}
    return web.json_response(body, status=400)


@pytest.fixture
async def discord() -> AsyncIterator[LocalDiscord]:
    server = LocalDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


async def serve(public_key: str) -> kagari.RESTBot:
    bot = kagari.RESTBot(None, public_key=public_key, banner=None, logs=None)
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    return bot


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/"


async def endpoint(discord: LocalDiscord, *args: str, token: str = TOKEN) -> Result:
    env = {"DISCORD_TOKEN": token, "KAGARI_REST_URL": f"{discord.url}/api/v10"}
    return await run_kagari("--no-env-file", "endpoint", *args, env=env)


async def test_set_reports_that_discords_ping_check_passed(discord: LocalDiscord) -> None:
    bot = await serve(discord.keys.public_key)
    url = bot.url
    try:
        result = await endpoint(discord, "set", url)
    finally:
        await bot.close()
    assert result.code == 0, result.err
    assert f"Discord's PING check passed: interactions now go to {url}" in result.out
    assert discord.patches == [{"interactions_endpoint_url": url}]
    assert discord.checks == [(url, 200)]
    assert discord.application["interactions_endpoint_url"] == url
    # Discord's servers cannot reach a loopback address: the command says so up front.
    assert "not reachable from Discord's servers" in result.err
    assert "cloudflared" in result.err


async def test_a_bot_with_another_key_fails_the_check_and_says_why(
    discord: LocalDiscord,
) -> None:
    bot = await serve(DevKeyPair().public_key)
    url = bot.url
    try:
        result = await endpoint(discord, "set", url)
    finally:
        await bot.close()
    assert result.code == 1
    assert result.out == ""
    assert f"Discord's check of {url} failed, nothing was changed" in result.err
    assert "could not be verified" in result.err
    assert "the bot's public key is not this application's" in result.err
    assert discord.keys.public_key[:8] in result.err
    assert "Traceback" not in result.err
    assert discord.application["interactions_endpoint_url"] is None


async def test_an_unreachable_url_is_reported_as_such(discord: LocalDiscord) -> None:
    unreachable = closed_port_url()
    result = await endpoint(discord, "set", unreachable)
    assert result.code == 1
    assert f"cannot connect to {unreachable}" in result.err
    assert "start the bot" in result.err


async def test_a_url_that_accepts_bad_signatures_is_named(discord: LocalDiscord) -> None:
    async def accept_anything(request: web.Request) -> web.Response:
        return web.json_response({"type": 1})

    app = web.Application()
    app.router.add_post("/", accept_anything)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        result = await endpoint(discord, "set", f"http://127.0.0.1:{port}/")
    finally:
        await runner.cleanup()
    assert result.code == 1
    assert "answered 200 to a badly signed PING" in result.err
    assert "401" in result.err


async def test_set_with_event_webhooks(discord: LocalDiscord) -> None:
    bot = await serve(discord.keys.public_key)
    url = bot.url
    events_url = f"{discord.url}/events"
    try:
        result = await endpoint(
            discord,
            "set",
            url,
            "--events-url",
            events_url,
            "--event",
            "APPLICATION_AUTHORIZED",
            "--event",
            "ENTITLEMENT_CREATE",
        )
    finally:
        await bot.close()
    assert result.code == 0, result.err
    assert f"webhook events now go to {events_url}" in result.out
    assert discord.patches[-1] == {
        "interactions_endpoint_url": url,
        "event_webhooks_url": events_url,
        "event_webhooks_status": 2,
        "event_webhooks_types": ["APPLICATION_AUTHORIZED", "ENTITLEMENT_CREATE"],
    }
    assert discord.events_received == 1
    assert "types: APPLICATION_AUTHORIZED, ENTITLEMENT_CREATE" in result.err


async def test_show_prints_where_interactions_and_events_go(discord: LocalDiscord) -> None:
    discord.application["interactions_endpoint_url"] = "https://bot.example.com/"
    result = await endpoint(discord, "show")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"application: endpoint-test (id {APPLICATION_ID})",
        "interactions endpoint: https://bot.example.com/",
        "webhook events: no URL, disabled; types: none",
    ]


async def test_a_rejected_token_is_explained(discord: LocalDiscord) -> None:
    result = await endpoint(discord, "show", token="wrong")
    assert result.code == 1
    assert "Discord rejected the token (401 Unauthorized)" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", "ftp://bot.example.com/"], "is not an absolute http(s) URL"),
        (["set", "bot.example.com"], "is not an absolute http(s) URL"),
        (
            ["set", "https://bot.example.com/", "--events-off", "--event", "ENTITLEMENT_CREATE"],
            "--events-off cannot be combined",
        ),
        (["set", "https://bot.example.com/", "--event", "lowercase"], "is not an event type"),
    ],
)
async def test_bad_arguments_are_usage_errors(
    discord: LocalDiscord, args: list[str], message: str
) -> None:
    result = await endpoint(discord, *args)
    assert result.code == 2
    assert message in result.err
    assert discord.patches == []


async def test_without_a_token_nothing_is_sent(discord: LocalDiscord) -> None:
    result = await run_kagari("--no-env-file", "endpoint", "set", "https://bot.example.com/")
    assert result.code == 1
    assert "DISCORD_TOKEN is not set" in result.err
    assert discord.patches == []
