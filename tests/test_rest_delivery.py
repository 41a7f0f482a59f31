"""Exactly once or a typed error: what the client sends again after a connection fails.

A request that may have reached Discord and is not safe to repeat (a ``POST`` without
Discord's ``nonce`` + ``enforce_nonce``) raises ``DeliveryUnknownError`` instead of being
sent again; one that provably never left is retried; message creation carries a nonce,
so Discord (and the fake) answers a repeat with the first message.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator

import pytest

import kagari
from kagari.rest import (
    DeliveryUnknownError,
    RESTClient,
    RESTConnectionError,
    RESTTimeoutError,
    Route,
)
from kagari.rest.api._base import with_nonce
from kagari.rest.settings import HTTPSettings, HTTPTimeoutSettings
from kagari.testing.fake_discord import FakeDiscord, RecordedRequest
from kagari.testing.openapi import OpenAPISpec

FOLLOWUP = "POST /webhooks/{webhook_id}/{webhook_token}"
MESSAGE = "POST /channels/{channel_id}/messages"
APPLICATION = "GET /applications/@me"
ORIGINAL = "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original"
CHANNEL = 4242


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(openapi) as server:
        yield server


def client_for(fake: FakeDiscord, max_retries: int = 3, **options: object) -> RESTClient:
    return RESTClient(
        fake.token,
        "Bot",
        rest_url=fake.url,
        max_retries=max_retries,
        retry_backoff=0.001,
        **options,  # type: ignore[arg-type]
    )


def on(fake: FakeDiscord, route: str) -> list[RecordedRequest]:
    return [r for r in fake.requests if r.route == route]


# -- which requests are safe to repeat --------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "idempotent"),
    [("GET", True), ("PUT", True), ("DELETE", True), ("PATCH", True), ("POST", False)],
)
def test_routes_know_whether_their_method_is_idempotent(method: str, idempotent: bool) -> None:
    assert Route(method, "/channels/{channel_id}").idempotent is idempotent


def test_with_nonce_adds_a_nonce_and_enforces_it_unless_given() -> None:
    body = {"content": "hi"}
    added = with_nonce(body)
    assert body == {"content": "hi"}  # the caller's dict is left alone
    assert isinstance(added["nonce"], str) and 1 <= len(added["nonce"]) <= 25
    assert added["enforce_nonce"] is True
    assert with_nonce({"content": "hi"})["nonce"] != added["nonce"]
    kept = with_nonce({"nonce": 12345, "enforce_nonce": False})
    assert kept == {"nonce": 12345, "enforce_nonce": False}


# -- a follow-up is sent once, or raises DeliveryUnknownError ------------------------------------


async def test_a_followup_dropped_after_processing_is_posted_once_and_raises(
    fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="kagari.rest")
    fake.drop(FOLLOWUP, after_processing=True)
    async with client_for(fake) as rest:
        with pytest.raises(DeliveryUnknownError) as caught:
            await rest.create_followup(fake.application_id, "secret-tok", {"content": "once"})
        assert rest.pending.pending == 0
    error = caught.value
    assert isinstance(error, RESTConnectionError)  # code catching that one still does
    assert error.route == FOLLOWUP
    assert error.attempts == 1
    assert error.timed_out is False
    assert "may or may not have acted" in str(error)
    [sent] = on(fake, FOLLOWUP)  # not sent again
    assert sent.status == 0 and sent.response["content"] == "once"
    assert len(fake.state.followups["secret-tok"]) == 1  # Discord did create it
    [record] = [r for r in caplog.records if r.name == "kagari.rest"]
    assert record.levelname == "WARNING"
    assert FOLLOWUP in record.getMessage()
    assert "DeliveryUnknownError" in record.getMessage()
    assert "secret-tok" not in record.getMessage()


async def test_thirty_dropped_followups_make_no_duplicate(fake: FakeDiscord) -> None:
    fake.drop(FOLLOWUP, count=30, after_processing=True)
    async with client_for(fake) as rest:
        results = await asyncio.gather(
            *(
                rest.create_followup(fake.application_id, f"tok{n}", {"content": str(n)})
                for n in range(30)
            ),
            return_exceptions=True,
        )
    assert all(isinstance(result, DeliveryUnknownError) for result in results)
    assert len(on(fake, FOLLOWUP)) == 30
    created = [m["content"] for ms in fake.state.followups.values() for m in ms.values()]
    assert sorted(created, key=int) == [str(n) for n in range(30)]


async def test_a_drop_before_processing_looks_the_same_to_the_client(fake: FakeDiscord) -> None:
    # The client cannot tell whether Discord acted: the request was written either way.
    fake.drop(FOLLOWUP)
    async with client_for(fake) as rest:
        with pytest.raises(DeliveryUnknownError):
            await rest.create_followup(fake.application_id, "tok", {"content": "x"})
    assert [r.status for r in on(fake, FOLLOWUP)] == [0]
    assert fake.state.followups == {}


async def test_a_timeout_after_sending_a_post_is_delivery_unknown(fake: FakeDiscord) -> None:
    fake.delay(FOLLOWUP, 2.0)
    fake.delay(APPLICATION, 2.0)
    settings = HTTPSettings(timeouts=HTTPTimeoutSettings(total=0.3))
    async with client_for(fake, http_settings=settings) as rest:
        with pytest.raises(DeliveryUnknownError) as caught:
            await rest.create_followup(fake.application_id, "tok", {"content": "x"})
        assert caught.value.timed_out is True
        assert "the answer timed out" in str(caught.value)
        with pytest.raises(RESTTimeoutError) as timed_out:  # a GET: a plain timeout
            await rest.fetch_application()
    assert not isinstance(timed_out.value, DeliveryUnknownError)
    assert len(on(fake, FOLLOWUP)) == 1
    assert len(fake.followups) == 1  # it did arrive: exactly what "unknown" means


async def test_a_followup_whose_connection_was_refused_is_retried_and_delivered(
    openapi: OpenAPISpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:  # a free port where nothing listens yet
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    fake = FakeDiscord(openapi, port=port)
    url = f"http://127.0.0.1:{port}/api/v10"
    why: list[str] = []
    try:
        async with RESTClient(rest_url=url, max_retries=2) as rest:

            async def start_discord(retry: int, reason: str) -> None:
                why.append(reason)
                await fake.start()  # Discord comes up before the retry

            monkeypatch.setattr(rest, "_backoff", start_discord)
            message = await rest.create_followup(fake.application_id, "tok", {"content": "x"})
    finally:
        await fake.close()
    assert len(why) == 1 and "Connect" in why[0]  # refused: it never left
    assert [r.response["id"] for r in fake.followups] == [message["id"]]


async def test_idempotent_overrides_the_method(fake: FakeDiscord) -> None:
    fake.drop(FOLLOWUP, after_processing=True)
    fake.drop(ORIGINAL, after_processing=True)
    async with client_for(fake) as rest:
        await rest.request(
            "POST",
            "/webhooks/{webhook_id}/{webhook_token}",
            json={"content": "x"},
            idempotent=True,
            webhook_id=fake.application_id,
            webhook_token="tok",
        )
        with pytest.raises(DeliveryUnknownError):
            await rest.request(
                "PATCH",
                "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
                json={"content": "y"},
                idempotent=False,
                webhook_id=fake.application_id,
                webhook_token="tok",
            )
    assert [r.status for r in on(fake, FOLLOWUP)] == [0, 200]  # told so: sent again
    assert [r.status for r in on(fake, ORIGINAL)] == [0]


# -- create_message carries a nonce, so it is retried and made once -------------------------------


async def test_a_create_message_with_nonce_retried_after_a_drop_makes_one_message(
    fake: FakeDiscord,
) -> None:
    fake.drop(MESSAGE, after_processing=True)
    async with client_for(fake) as rest:
        message = await rest.create_message(CHANNEL, kagari.Message("hello"))
    first, second = on(fake, MESSAGE)
    assert (first.status, second.status) == (0, 200)
    assert first.json["nonce"] == second.json["nonce"]
    assert second.json["enforce_nonce"] is True
    assert [m["id"] for m in fake.messages(CHANNEL)] == [message["id"]]
    assert first.response["id"] == message["id"]  # Discord answered with the first message
    assert message["nonce"] == first.json["nonce"]


async def test_a_message_with_files_is_made_once_too(fake: FakeDiscord) -> None:
    fake.drop(MESSAGE, count=2, after_processing=True)
    async with client_for(fake) as rest:
        body = kagari.Message("report", files=[kagari.File(b"a,b\n", "r.csv")])
        message = await rest.create_message(CHANNEL, body)
    assert [r.status for r in on(fake, MESSAGE)] == [0, 0, 200]
    [stored] = fake.messages(CHANNEL)
    assert stored["id"] == message["id"]
    assert [a["filename"] for a in stored["attachments"]] == ["r.csv"]


async def test_a_nonce_given_is_kept_and_enforce_nonce_false_is_not_retried(
    fake: FakeDiscord,
) -> None:
    async with client_for(fake) as rest:
        mine = await rest.create_message(CHANNEL, {"content": "a", "nonce": "my-nonce-1"})
        assert mine["nonce"] == "my-nonce-1"
        assert on(fake, MESSAGE)[0].json["enforce_nonce"] is True
        fake.drop(MESSAGE, after_processing=True)
        with pytest.raises(DeliveryUnknownError):
            await rest.create_message(
                CHANNEL, {"content": "b", "nonce": "my-nonce-2", "enforce_nonce": False}
            )
    assert len(on(fake, MESSAGE)) == 2
    assert [m["content"] for m in fake.messages(CHANNEL)] == ["a", "b"]


async def test_the_fake_answers_a_repeated_nonce_with_the_first_message(
    fake: FakeDiscord,
) -> None:
    async with client_for(fake) as rest:
        body = {"content": "one", "nonce": "n1", "enforce_nonce": True}
        first = await rest.request(
            "POST", "/channels/{channel_id}/messages", json=body, channel_id=1
        )
        again = await rest.request(
            "POST", "/channels/{channel_id}/messages", json={**body, "content": "two"}, channel_id=1
        )
        other_channel = await rest.request(
            "POST", "/channels/{channel_id}/messages", json=body, channel_id=2
        )
        unenforced = await rest.request(
            "POST",
            "/channels/{channel_id}/messages",
            json={"content": "three", "nonce": "n1"},
            channel_id=1,
        )
        fake.nonce_window = 0.0
        await asyncio.sleep(0.01)
        expired = await rest.request(
            "POST", "/channels/{channel_id}/messages", json=body, channel_id=1
        )
    assert again["id"] == first["id"] and again["content"] == "one"
    assert other_channel["id"] != first["id"]
    assert unenforced["id"] != first["id"]
    assert expired["id"] != first["id"]
    assert [m["content"] for m in fake.messages(1)] == ["one", "three", "one"]
    assert first["channel_id"] == "1" and "webhook_id" not in first
