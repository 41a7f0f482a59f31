"""Discord's webhook events on their own path, through real HTTP on both built-in engines."""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import pathlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

import kagari
from kagari.models import (
    ApplicationAuthorizedEvent,
    ApplicationDeauthorizedEvent,
    ApplicationIntegrationType,
    EntitlementCreateEvent,
    EntitlementDeleteEvent,
    EntitlementType,
    EntitlementUpdateEvent,
    WebhookEvent,
    WebhookEventType,
    decode_webhook_event,
)
from kagari.restbot import RESTBot
from kagari.server.devkeys import DevKeyPair
from kagari.server.events import EventServer
from kagari.server.front import ENGINES
from kagari.server.pipeline import InteractionServer
from kagari.server.tasks import TaskTracker
from kagari.testing import TestClient, make_guild, make_user
from kagari.testing.events import event_payload, ping_event_payload, send_event

EVENTS = (
    pathlib.Path(__file__).resolve().parent / "data" / "discord-payloads" / "incoming" / "events"
)


def _example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / name).read_text("utf-8"))
    return loaded


@pytest.fixture(autouse=True, params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs against both HTTP engines."""
    monkeypatch.setenv("KAGARI_HTTP_ENGINE", request.param)
    return str(request.param)


@pytest.fixture
def keys() -> DevKeyPair:
    return DevKeyPair()


@pytest.fixture
def bot(keys: DevKeyPair) -> RESTBot:
    return RESTBot(None, public_key=keys.public_key, logs=None, banner=None)


@pytest.fixture
async def client(bot: RESTBot, keys: DevKeyPair) -> AsyncIterator[TestClient]:
    async with TestClient(bot, keys=keys) as client:
        yield client


class Recorder:
    """An event handler that keeps what it got and says when it got enough."""

    def __init__(self) -> None:
        self.events: list[WebhookEvent] = []
        self._arrived = asyncio.Event()

    async def __call__(self, event: WebhookEvent) -> None:
        self.events.append(event)
        self._arrived.set()

    async def next(self) -> WebhookEvent:
        await asyncio.wait_for(self._arrived.wait(), 5)
        self._arrived.clear()
        return self.events[-1]


# -- PING and refusals ---------------------------------------------------------------


async def test_ping_is_204_with_an_empty_body_and_a_content_type(client: TestClient) -> None:
    reply = await send_event(client, ping_event_payload())
    assert reply.status == 204
    assert reply.body == b""
    assert reply.headers["Content-Type"] == "application/json"
    assert "Content-Length" not in reply.headers


async def test_a_bad_signature_is_401_and_runs_nothing(bot: RESTBot, client: TestClient) -> None:
    recorder = Recorder()
    bot.add_event_handler("APPLICATION_DEAUTHORIZED", recorder)
    payload = _example("application_deauthorized.derived.json")
    assert (await send_event(client, payload, keys=DevKeyPair())).status == 401
    assert (await send_event(client, payload, sign=False)).status == 401
    forged = {"X-Signature-Ed25519": "00" * 64}
    assert (await send_event(client, payload, headers=forged)).status == 401
    assert (await send_event(client, ping_event_payload(), keys=DevKeyPair())).status == 401
    await asyncio.sleep(0.05)
    assert recorder.events == []


async def test_a_stale_timestamp_is_401(client: TestClient) -> None:
    reply = await send_event(client, ping_event_payload(), timestamp="1000000000")
    assert reply.status == 401


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"{not json", "body is not valid JSON"),
        (b"[]", "body is not a webhook event"),
        (b'{"type": 1}', "body is not a webhook event"),  # no event object
        (b'{"type": 1, "event": {"timestamp": "x"}}', "body is not a webhook event"),
        (b'{"type": 5}', "body is not a webhook event"),
        (b'{"type": true}', "body is not a webhook event"),
    ],
)
async def test_what_is_not_a_webhook_event_is_400(
    client: TestClient, body: bytes, error: str
) -> None:
    reply = await client.post(body=body, path="/events")
    assert reply.status == 400
    assert reply.json() == {"error": error}


async def test_the_events_path_refuses_in_the_interactions_order(client: TestClient) -> None:
    reply = await client.open(ping_event_payload(), method="GET", path="/events")
    assert reply.status == 405
    assert reply.headers["Allow"] == "POST"
    reply = await client.post(ping_event_payload(), content_type="text/plain", path="/events")
    assert reply.status == 415


async def test_on_the_interactions_path_type_1_is_still_a_ping(client: TestClient) -> None:
    reply = await client.post({"type": 1})
    assert reply.status == 200
    assert reply.json() == {"type": 1}


# -- events are answered first, then handled -----------------------------------------


async def test_each_documented_event_decodes_to_its_class(bot: RESTBot, client: TestClient) -> None:
    recorder = Recorder()
    for name in ("APPLICATION_AUTHORIZED", "APPLICATION_DEAUTHORIZED", "LOBBY_MESSAGE_DELETE"):
        bot.add_event_handler(name, recorder)
    for kind in WebhookEventType.ENTITLEMENT_CREATE, "ENTITLEMENT_UPDATE", "ENTITLEMENT_DELETE":
        bot.add_event_handler(kind, recorder)

    reply = await send_event(client, _example("application_authorized.derived.json"))
    assert reply.status == 204
    authorized = await recorder.next()
    assert isinstance(authorized, ApplicationAuthorizedEvent)
    assert authorized.type is WebhookEventType.APPLICATION_AUTHORIZED
    assert authorized.integration_type is ApplicationIntegrationType.USER_INSTALL
    assert authorized.scopes == ["applications.commands"]
    assert authorized.guild is None
    assert authorized.application_id == 1234560123453231555
    assert authorized.version == 1
    assert authorized.timestamp == datetime.datetime(
        2024, 10, 18, 14, 42, 53, 64834, tzinfo=datetime.timezone.utc
    )

    await send_event(client, _example("application_deauthorized.derived.json"))
    assert isinstance(await recorder.next(), ApplicationDeauthorizedEvent)

    classes = {
        "entitlement_create.json": EntitlementCreateEvent,
        "entitlement_update.json": EntitlementUpdateEvent,
        "entitlement_delete.json": EntitlementDeleteEvent,
    }
    for name, cls in classes.items():
        assert (await send_event(client, _example(name))).status == 204
        event = await recorder.next()
        assert type(event) is cls
        assert isinstance(
            event, EntitlementCreateEvent | EntitlementUpdateEvent | EntitlementDeleteEvent
        )
        entitlement = event.entitlement
        assert entitlement.sku_id == 123489045643835123
        assert entitlement.user_id == 111178765189277770
        assert entitlement.type is EntitlementType.TEST_MODE_PURCHASE
        assert entitlement.deleted is (name == "entitlement_delete.json")

    await send_event(client, _example("lobby_message_delete.json"))
    raw = await recorder.next()
    assert type(raw) is WebhookEvent
    assert raw.type is WebhookEventType.LOBBY_MESSAGE_DELETE
    assert raw.data == {"id": "1402406637632884857", "lobby_id": "1402399883394285659"}


async def test_a_user_and_guild_are_typed(bot: RESTBot, client: TestClient) -> None:
    recorder = Recorder()
    bot.add_event_handler("APPLICATION_AUTHORIZED", recorder)
    user = make_user(80351110224678912, username="nelly", global_name="Nelly").raw
    guild = make_guild(197038439483310086).raw
    data = {"integration_type": 0, "scopes": ["bot"], "user": user, "guild": guild}
    await send_event(client, "APPLICATION_AUTHORIZED", data)
    event = await recorder.next()
    assert isinstance(event, ApplicationAuthorizedEvent)
    assert event.user.username == "nelly"
    assert event.user.id == 80351110224678912
    assert event.guild is not None and event.guild.id == 197038439483310086
    assert event.integration_type is ApplicationIntegrationType.GUILD_INSTALL


async def test_an_unknown_event_type_is_handled_raw(bot: RESTBot, client: TestClient) -> None:
    recorder = Recorder()
    bot.add_event_handler("SOMETHING_NEW", recorder)
    assert (await send_event(client, "SOMETHING_NEW", {"answer": 42})).status == 204
    event = await recorder.next()
    assert type(event) is WebhookEvent
    assert event.type == "SOMETHING_NEW"
    assert event.data == {"answer": 42}


async def test_the_answer_comes_before_the_handler_runs(bot: RESTBot, client: TestClient) -> None:
    gate = asyncio.Event()
    finished = asyncio.Event()

    @bot.event("ENTITLEMENT_CREATE")
    async def slow(event: EntitlementCreateEvent) -> None:
        await gate.wait()
        finished.set()

    reply = await send_event(client, _example("entitlement_create.json"))
    assert reply.status == 204
    assert not finished.is_set()  # answered while the handler still waits
    gate.set()
    await asyncio.wait_for(finished.wait(), 5)


async def test_an_event_with_no_handler_is_acknowledged(client: TestClient) -> None:
    assert (await send_event(client, "ENTITLEMENT_CREATE", {"id": "1"})).status == 204


async def test_a_failing_handler_is_logged_and_the_next_one_runs(
    bot: RESTBot, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()

    @bot.event(WebhookEventType.APPLICATION_DEAUTHORIZED)
    async def broken(event: ApplicationDeauthorizedEvent) -> None:
        raise RuntimeError("database down")

    bot.add_event_handler("APPLICATION_DEAUTHORIZED", recorder)
    with caplog.at_level(logging.ERROR, "kagari"):
        reply = await send_event(client, _example("application_deauthorized.derived.json"))
        assert reply.status == 204
        await recorder.next()
    failures = [r for r in caplog.records if "failed for webhook event" in r.getMessage()]
    assert len(failures) == 1
    assert "APPLICATION_DEAUTHORIZED" in failures[0].getMessage()
    assert failures[0].exc_info is not None


# -- repeats ---------------------------------------------------------------------------


async def test_a_repeated_delivery_runs_its_handler_once(bot: RESTBot, client: TestClient) -> None:
    recorder = Recorder()
    bot.add_event_handler("ENTITLEMENT_CREATE", recorder)
    payload = _example("entitlement_create.json")
    first = await send_event(client, payload)
    await recorder.next()
    # Discord's retry: the same body, signed again with a later timestamp.
    later = str(int(datetime.datetime.now().timestamp()) + 2)
    again = await send_event(client, payload, timestamp=later)
    assert first.status == again.status == 204
    other = dict(payload, event=dict(payload["event"], timestamp="2024-10-18T18:41:22.000000"))
    await send_event(client, other)
    await recorder.next()
    assert len(recorder.events) == 2  # the repeat ran nothing; the new body ran


async def test_repeats_run_again_with_dedupe_off(keys: DevKeyPair) -> None:
    bot = RESTBot(
        None, public_key=keys.public_key, logs=None, banner=None, events_dedupe_window=None
    )
    recorder = Recorder()
    bot.add_event_handler("ENTITLEMENT_CREATE", recorder)
    async with TestClient(bot, keys=keys) as client:
        payload = _example("entitlement_create.json")
        await send_event(client, payload)
        await recorder.next()
        await send_event(client, payload)
        await recorder.next()
    assert len(recorder.events) == 2


async def test_the_dedupe_window_ends(keys: DevKeyPair) -> None:
    interactions = InteractionServer(keys.public_key, tasks=TaskTracker())
    tasks = TaskTracker()
    events = EventServer(interactions, tasks=tasks, dedupe_window=0.2)
    recorder = Recorder()
    events.add_handler("ENTITLEMENT_CREATE", recorder)
    body = json.dumps(_example("entitlement_create.json")).encode()

    async def deliver() -> int:
        headers = keys.sign(body)
        response = await events.on_event(
            body,
            headers["X-Signature-Ed25519"].encode(),
            headers["X-Signature-Timestamp"].encode(),
        )
        response.sent()
        return response.status

    assert await deliver() == 204
    await recorder.next()
    assert await deliver() == 204
    await tasks.drain(1.0)
    assert len(recorder.events) == 1
    await asyncio.sleep(0.3)
    assert await deliver() == 204
    await recorder.next()
    assert len(recorder.events) == 2


# -- configuration ---------------------------------------------------------------------


def test_the_events_path_must_differ_from_the_endpoint_and_health_paths() -> None:
    with pytest.raises(ValueError, match="differ from the interactions endpoint path"):
        RESTBot(None, logs=None, events_path="/")
    with pytest.raises(ValueError, match="differ from the interactions endpoint path"):
        RESTBot(None, logs=None, endpoint_path="/interactions", events_path="/interactions")
    with pytest.raises(ValueError, match="health path"):
        RESTBot(None, logs=None, events_path="/health")
    with pytest.raises(ValueError, match="must start with '/'"):
        RESTBot(None, logs=None, events_path="events")
    bot = RESTBot(None, logs=None)
    with pytest.raises(ValueError, match="differ from the interactions endpoint path"):
        bot.endpoint_path = "/events"
    assert bot.endpoint_path == "/"


async def test_a_custom_events_path_and_none(keys: DevKeyPair) -> None:
    bot = RESTBot(None, public_key=keys.public_key, logs=None, events_path="/discord/events")
    async with TestClient(bot, keys=keys) as client:
        assert bot.events_path == "/discord/events"
        assert (await send_event(client, ping_event_payload())).status == 204
        assert (await client.post(ping_event_payload(), path="/events")).status == 404
    off = RESTBot(None, public_key=keys.public_key, logs=None, events_path=None)
    async with TestClient(off, keys=keys) as client:
        assert off.events_path is None
        assert (await client.post(ping_event_payload(), path="/events")).status == 404
        with pytest.raises(ValueError, match="serves no webhook events"):
            await send_event(client, ping_event_payload())


def test_handlers_must_be_async_and_types_named() -> None:
    bot = kagari.Bot(None, logs=None)  # the Bot inherits the decorator

    def not_async(event: WebhookEvent) -> None:
        return None

    with pytest.raises(TypeError, match="must be an async function"):
        bot.event("APPLICATION_AUTHORIZED")(not_async)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty string"):
        bot.event("")

    async def handler(event: WebhookEvent) -> None:
        return None

    assert bot.event("APPLICATION_AUTHORIZED")(handler) is handler
    assert bot.event_server.handlers("APPLICATION_AUTHORIZED") == (handler,)
    bot.remove_event_handler(WebhookEventType.APPLICATION_AUTHORIZED, handler)
    assert bot.event_server.handlers("APPLICATION_AUTHORIZED") == ()
    with pytest.raises(ValueError, match="is not a handler"):
        bot.remove_event_handler("APPLICATION_AUTHORIZED", handler)


def test_decoding_tolerates_missing_fields() -> None:
    event = decode_webhook_event({"type": 1, "event": {"type": "APPLICATION_AUTHORIZED"}})
    assert isinstance(event, ApplicationAuthorizedEvent)
    assert event.timestamp is None
    assert event.scopes == []
    assert event.user.id == 0
    assert event.integration_type is None
    assert type(decode_webhook_event("nonsense")) is WebhookEvent
    assert repr(event).startswith("ApplicationAuthorizedEvent(")


def test_event_payload_is_shaped_like_discords() -> None:
    when = datetime.datetime(2024, 10, 18, 14, 42, 53, 64834, tzinfo=datetime.timezone.utc)
    payload = event_payload("APPLICATION_DEAUTHORIZED", {"user": {}}, timestamp=when)
    example = _example("application_deauthorized.derived.json")
    assert payload == dict(example, application_id=payload["application_id"])
