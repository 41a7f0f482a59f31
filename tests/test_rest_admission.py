"""Queued REST work is bounded, and no interaction's follow-ups wait for another's."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator

import pytest

from kagari.rest import RESTClient, RESTQueueFullError
from kagari.testing.fake_discord import FakeDiscord, RecordedRequest
from kagari.testing.openapi import OpenAPISpec

FOLLOWUP = "POST /webhooks/{webhook_id}/{webhook_token}"
APPLICATION = "GET /applications/@me"


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(openapi) as server:
        yield server


async def arrived(fake: FakeDiscord, count: int, timeout: float = 5.0) -> None:
    """Wait until the fake has received ``count`` requests (answered or not)."""
    deadline = time.monotonic() + timeout
    while len(fake.requests) < count:
        assert time.monotonic() < deadline, f"only {len(fake.requests)} of {count} arrived"
        await asyncio.sleep(0.005)


# -- the pending-request limit ------------------------------------------------------------------


def test_the_limit_is_checked() -> None:
    assert RESTClient().pending.limit == 10_000
    assert RESTClient(max_pending_requests=None).pending.limit is None
    for wrong in (0, -1, True):
        with pytest.raises(ValueError, match="max_pending_requests"):
            RESTClient(max_pending_requests=wrong)


async def test_past_the_limit_a_request_fails_fast_and_is_logged(
    fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="kagari.rest")
    fake.delay(FOLLOWUP, 0.5)
    async with RESTClient(rest_url=fake.url, max_pending_requests=3) as rest:
        app = fake.application_id
        slow = [
            asyncio.ensure_future(rest.create_followup(app, f"t{n}", {"content": "x"}))
            for n in range(3)
        ]
        await arrived(fake, 3)
        assert rest.pending.pending == 3
        started = time.monotonic()
        for _ in range(5):
            with pytest.raises(RESTQueueFullError) as caught:
                await rest.create_followup(app, "late", {"content": "refused"})
        assert time.monotonic() - started < 0.2  # failed at once, did not queue
        assert (caught.value.route, caught.value.pending, caught.value.limit) == (FOLLOWUP, 3, 3)
        assert "max_pending_requests=3" in str(caught.value)
        await asyncio.gather(*slow)
        assert rest.pending.pending == 0
        fake.clear_faults()
        await rest.create_followup(app, "late", {"content": "now"})  # room again
    assert rest.pending.refused == 5
    assert [r.json["content"] for r in fake.followups].count("refused") == 0
    warnings = [r for r in caplog.records if r.name == "kagari.rest"]
    assert len(warnings) == 1  # a summary per interval, not one line per refusal
    assert "RESTQueueFullError" in warnings[0].getMessage()
    assert "max_pending_requests=3" in warnings[0].getMessage()


async def test_requests_waiting_for_a_bucket_count_as_pending(fake: FakeDiscord) -> None:
    fake.set_bucket(APPLICATION, limit=1, reset_after=0.5)
    async with RESTClient(fake.token, "Bot", rest_url=fake.url, max_pending_requests=2) as rest:
        await rest.fetch_application()  # learns the bucket: nothing left in this window
        waiting = [asyncio.ensure_future(rest.fetch_application()) for _ in range(2)]
        await asyncio.sleep(0.05)
        assert len(fake.requests) == 1  # both wait in the client, not at Discord
        with pytest.raises(RESTQueueFullError):
            await rest.fetch_application()
        await asyncio.gather(*waiting)
    assert fake.overflows == []
    assert len(fake.requests) == 3


async def test_a_failing_request_leaves_the_count(fake: FakeDiscord) -> None:
    fake.fail(APPLICATION, status=400, count=3)
    async with RESTClient(fake.token, "Bot", rest_url=fake.url, max_pending_requests=1) as rest:
        for _ in range(3):
            with pytest.raises(Exception, match="400"):
                await rest.fetch_application()
        assert rest.pending.pending == 0
        await rest.fetch_application()


# -- bucket learning never makes one interaction wait for another's --------------------------


async def test_one_slow_first_followup_holds_no_other_interaction(fake: FakeDiscord) -> None:
    fake.set_bucket(FOLLOWUP, limit=5, reset_after=5.0)

    def is_slow(recorded: RecordedRequest) -> bool:
        return recorded.route == FOLLOWUP and recorded.params["webhook_token"] == "slow"

    fake.delay(is_slow, 1.5, count=1)
    async with RESTClient(rest_url=fake.url) as rest:  # cold: no bucket known yet
        app = fake.application_id
        slow = asyncio.ensure_future(rest.create_followup(app, "slow", {"content": "slow"}))
        await arrived(fake, 1)
        started = time.monotonic()

        async def two_followups(token: str) -> float:
            await rest.create_followup(app, token, {"content": "first"})
            await rest.create_followup(app, token, {"content": "second"})
            return time.monotonic() - started

        took = await asyncio.gather(*(two_followups(f"tok{n}") for n in range(19)))
        assert not slow.done()  # all 38 were answered while the slow one still waits
        assert max(took) < 1.0
        await slow
    assert len(fake.followups) == 39
    assert fake.overflows == []
