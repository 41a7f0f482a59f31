"""Serverless mode through Mangum with Lambda-shaped events: all work done before returning.

Mangum runs the ASGI app the way AWS Lambda does: one invocation, a fresh lifespan, and
nothing of the process runs after the handler returns. Each invocation runs in a thread
with its own event loop (as a Lambda worker would), while FakeDiscord serves from the
test's loop; everything the bot sends must be recorded before the invocation returns.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import pathlib
import re
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from mangum import Mangum

import kagari
from kagari.models import EntitlementCreateEvent
from kagari.rest import RESTClient
from kagari.server.devkeys import DevKeyPair
from kagari.testing import DEFAULT_APPLICATION_ID, FakeDiscord, command_payload
from kagari.testing.events import event_payload

API_MD = pathlib.Path(__file__).resolve().parent / "data" / "design" / "api.md"


class LambdaContext:
    """The few attributes of AWS's context object an adapter may read."""

    function_name = "kagari-bot"
    aws_request_id = "c6af9ac6-7b61-11e6-9a41-93e812345678"
    memory_limit_in_mb = 128

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def lambda_event(
    body: bytes, keys: DevKeyPair | None, path: str = "/", binary: bool = False
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload version 2.0) event for a POST to ``path``."""
    headers = {"content-type": "application/json", "user-agent": "Discord-Interactions/1.0"}
    if keys is not None:
        headers.update({name.lower(): value for name, value in keys.sign(body).items()})
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api-id",
            "domainName": "id.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "id",
            "http": {
                "method": "POST",
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "192.0.2.1",
                "userAgent": "Discord-Interactions/1.0",
            },
            "requestId": "id",
            "routeKey": "$default",
            "stage": "$default",
            "time": "12/Mar/2020:19:03:58 +0000",
            "timeEpoch": 1583348638390,
        },
        "body": base64.b64encode(body).decode() if binary else body.decode(),
        "isBase64Encoded": binary,
    }


class LambdaWorker:
    """One warm Lambda execution environment: a thread, and the event loop Mangum uses.

    Between invocations the loop stands still, as a frozen Lambda process does.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = concurrent.futures.ThreadPoolExecutor(1)

    def _run(self, handler: Mangum, event: dict[str, Any]) -> tuple[dict[str, Any], float]:
        asyncio.set_event_loop(self.loop)
        return handler(event, LambdaContext()), time.monotonic()

    async def invoke(self, handler: Mangum, event: dict[str, Any]) -> tuple[dict[str, Any], float]:
        """One invocation; its result, and when it returned (monotonic)."""
        return await asyncio.get_running_loop().run_in_executor(
            self._thread, self._run, handler, event
        )

    async def close(self, bot: kagari.Bot) -> None:
        """Close the bot (if an invocation left it warm) in its loop, then the loop."""

        def finish() -> None:
            self.loop.run_until_complete(bot.close())
            self.loop.close()
            asyncio.set_event_loop(None)

        await asyncio.get_running_loop().run_in_executor(self._thread, finish)
        self._thread.shutdown()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(application_id=DEFAULT_APPLICATION_ID) as server:
        yield server


@pytest.fixture
def keys() -> DevKeyPair:
    return DevKeyPair()


@pytest.fixture
def bot(fake: FakeDiscord, keys: DevKeyPair, monkeypatch: pytest.MonkeyPatch) -> kagari.Bot:
    """The api.md contract bot, its REST client on the fake, its report quick."""
    monkeypatch.setenv("DISCORD_TOKEN", fake.token)
    monkeypatch.setenv("DISCORD_PUBLIC_KEY", keys.public_key)
    namespace: dict[str, Any] = {"__name__": "api_md_example"}
    script = re.findall(r"```python\n(.*?)```", API_MD.read_text("utf-8"), re.DOTALL)[0]
    exec(compile(script, str(API_MD), "exec"), namespace)
    bot: kagari.Bot = namespace["bot"]
    bot.rest = RESTClient(fake.token, "Bot", rest_url=fake.url)

    async def build_slow_report() -> str:
        await asyncio.sleep(0.3)
        return "report ready"

    namespace["build_slow_report"] = build_slow_report
    return bot


@pytest.fixture
async def worker(bot: kagari.Bot) -> AsyncIterator[LambdaWorker]:
    lambda_worker = LambdaWorker()
    yield lambda_worker
    await lambda_worker.close(bot)


async def test_a_deferral_its_edit_and_followup_all_happen_before_the_return(
    bot: kagari.Bot, fake: FakeDiscord, keys: DevKeyPair, worker: LambdaWorker
) -> None:
    handler = Mangum(bot.asgi_app(serverless=True))
    payload = command_payload("report")
    result, returned = await worker.invoke(
        handler, lambda_event(json.dumps(payload).encode(), keys)
    )
    assert result["statusCode"] == 202
    assert result["body"] == ""
    token = payload["token"]
    mine = [request for request in fake.requests if token in request.path]
    assert [request.method for request in mine] == ["POST", "PATCH", "POST"]
    callback, edit, followup = mine
    assert callback.route == "POST /interactions/{interaction_id}/{interaction_token}/callback"
    assert callback.json == {"type": 5, "data": {"flags": 64}}
    assert edit.json["content"] == "report ready"
    assert followup.json["content"] == "done"
    assert callback.time < edit.time < followup.time < returned
    assert not bot.is_alive  # Mangum's lifespan closed the bot at the end of the invocation


async def test_a_plain_answer_goes_through_the_callback_endpoint(
    bot: kagari.Bot, fake: FakeDiscord, keys: DevKeyPair, worker: LambdaWorker
) -> None:
    handler = Mangum(bot.asgi_app(serverless=True), lifespan="off")
    payload = command_payload("ping")
    result, _ = await worker.invoke(handler, lambda_event(json.dumps(payload).encode(), keys))
    assert result["statusCode"] == 202
    (callback,) = [r for r in fake.callbacks if payload["token"] in r.path]
    assert callback.json["type"] == 4
    assert callback.json["data"]["content"] == "pong"
    # Without a lifespan the first request started the bot, and it stays warm.
    assert bot.is_alive
    second, _ = await worker.invoke(
        handler, lambda_event(json.dumps(command_payload("ping")).encode(), keys, binary=True)
    )
    assert second["statusCode"] == 202
    assert len(fake.callbacks) == 2


async def test_a_ping_and_refusals_are_answered_in_the_http_response(
    bot: kagari.Bot, fake: FakeDiscord, keys: DevKeyPair, worker: LambdaWorker
) -> None:
    handler = Mangum(bot.asgi_app(serverless=True))
    result, _ = await worker.invoke(handler, lambda_event(b'{"type": 1}', keys))
    assert (result["statusCode"], json.loads(result["body"])) == (200, {"type": 1})
    result, _ = await worker.invoke(handler, lambda_event(b'{"type": 1}', DevKeyPair()))
    assert result["statusCode"] == 401
    result, _ = await worker.invoke(handler, lambda_event(b'{"type": 1}', None))
    assert result["statusCode"] == 401
    assert fake.callbacks == []


async def test_a_refused_callback_is_a_502(
    bot: kagari.Bot, fake: FakeDiscord, keys: DevKeyPair, worker: LambdaWorker
) -> None:
    fake.fail("POST /interactions/{interaction_id}/{interaction_token}/callback", 403, count=5)
    handler = Mangum(bot.asgi_app(serverless=True))
    payload = json.dumps(command_payload("ping")).encode()
    result, _ = await worker.invoke(handler, lambda_event(payload, keys))
    assert result["statusCode"] == 502
    assert json.loads(result["body"]) == {"error": "the interaction callback could not be sent"}


async def test_webhook_event_handlers_finish_before_the_204(
    bot: kagari.Bot, keys: DevKeyPair, worker: LambdaWorker
) -> None:
    seen: list[str] = []

    @bot.event("ENTITLEMENT_CREATE")
    async def on_purchase(event: EntitlementCreateEvent) -> None:
        await asyncio.sleep(0.2)
        seen.append(str(event.entitlement.sku_id))

    handler = Mangum(bot.asgi_app(serverless=True))
    body = json.dumps(event_payload("ENTITLEMENT_CREATE", {"id": "1", "sku_id": "77"})).encode()
    result, _ = await worker.invoke(handler, lambda_event(body, keys, path="/events"))
    assert result["statusCode"] == 204
    assert seen == ["77"]
