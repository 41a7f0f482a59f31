"""Retries of 5xx answers and dropped connections; timeouts; all counted at the fake Discord."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from kagari.rest import (
    BadRequestError,
    InternalServerError,
    RESTClient,
    RESTConnectionError,
    RESTTimeoutError,
)
from kagari.rest.settings import HTTPSettings, HTTPTimeoutSettings
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec

FOLLOWUP = "POST /webhooks/{webhook_id}/{webhook_token}"
APPLICATION = "GET /applications/@me"
ORIGINAL = "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original"


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


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("max_retries", [0, 2])
async def test_5xx_is_retried_exactly_max_retries_times(
    fake: FakeDiscord, status: int, max_retries: int
) -> None:
    fake.fail(FOLLOWUP, status=status, count=100)
    async with client_for(fake, max_retries) as rest:
        with pytest.raises(InternalServerError) as caught:
            await rest.create_followup(fake.application_id, "tok", {"content": "x"})
    assert caught.value.status == status
    assert len(fake.requests) == max_retries + 1


async def test_a_transient_5xx_recovers_and_delivers_once(fake: FakeDiscord) -> None:
    fake.fail(FOLLOWUP, status=503, count=2)
    async with client_for(fake, 3) as rest:
        message = await rest.create_followup(fake.application_id, "tok", {"content": "once"})
    assert [r.status for r in fake.requests] == [503, 503, 200]
    assert [r.response["id"] for r in fake.followups] == [message["id"]]


async def test_other_statuses_are_not_retried(fake: FakeDiscord) -> None:
    fake.fail(FOLLOWUP, status=400, count=5)
    async with client_for(fake, 3) as rest:
        with pytest.raises(BadRequestError):
            await rest.create_followup(fake.application_id, "tok", {"content": "x"})
    assert len(fake.requests) == 1


async def test_a_slow_answer_times_out(fake: FakeDiscord) -> None:
    fake.delay(APPLICATION, 5.0)
    settings = HTTPSettings(timeouts=HTTPTimeoutSettings(total=0.2))
    async with client_for(fake, 3, http_settings=settings) as rest:
        with pytest.raises(RESTTimeoutError) as caught:
            await rest.fetch_application()
    assert caught.value.timeout == 0.2
    assert caught.value.route == APPLICATION
    assert len(fake.requests) == 1  # timeouts are not retried


async def test_delay_holds_only_the_matching_requests(fake: FakeDiscord) -> None:
    async with client_for(fake) as rest:
        await rest.fetch_application()  # the route's first answer tells the client its bucket
        fake.delay(APPLICATION, 5.0, count=1)
        slow = asyncio.ensure_future(rest.fetch_application())
        await fake.wait_for(APPLICATION, after=1)
        await rest.fetch_application()  # count=1: the second one is answered at once
        assert not slow.done()
        slow.cancel()
    assert [r.status for r in fake.requests] == [200, 200, 200]


# A POST that may have reached Discord is not sent again: see test_rest_delivery.py.


async def test_dropped_connections_are_retried_then_typed(fake: FakeDiscord) -> None:
    fake.drop(ORIGINAL, count=100)
    async with client_for(fake, 2) as rest:
        with pytest.raises(RESTConnectionError) as caught:
            await rest.edit_original_response(fake.application_id, "tok", {"content": "x"})
    assert type(caught.value) is RESTConnectionError  # a PATCH is safe to repeat
    assert caught.value.attempts == 3
    assert [r.status for r in fake.requests] == [0, 0, 0]


async def test_one_dropped_connection_recovers(fake: FakeDiscord) -> None:
    fake.drop(ORIGINAL)
    async with client_for(fake, 1) as rest:
        await rest.edit_original_response(fake.application_id, "tok", {"content": "x"})
    assert [r.status for r in fake.requests] == [0, 200]
    assert len(fake.edits) == 1


async def test_retries_back_off(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    fake.fail(FOLLOWUP, status=500, count=3)
    async with client_for(fake, 3) as rest:
        rest.retry_backoff = 0.01

        async def record(retry: int, why: str) -> None:
            waits.append(retry)

        monkeypatch.setattr(rest, "_backoff", record)
        await rest.create_followup(fake.application_id, "tok", {"content": "x"})
    assert waits == [1, 2, 3]


async def test_backoff_grows_exponentially_with_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []

    async def fake_sleep(delay: float) -> None:
        slept.append(delay)

    rest = RESTClient(retry_backoff=0.1)
    monkeypatch.setattr("kagari.rest.client.asyncio.sleep", fake_sleep)
    for retry in (1, 2, 3, 4):
        await rest._backoff(retry, "test")
    for retry, delay in zip((1, 2, 3, 4), slept, strict=True):
        base = 0.1 * 2 ** (retry - 1)
        assert 0.5 * base <= delay <= 1.5 * base
