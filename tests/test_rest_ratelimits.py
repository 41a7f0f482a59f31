"""Rate limits, counted at the fake Discord: buckets, the global pace, 429s."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from kagari.rest import ClientHTTPError, RateLimitTooLongError, RESTClient
from kagari.rest.ratelimits import Bucket, BucketManager, GlobalLimiter, RateLimitHeaders
from kagari.rest.routes import Route
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec

FOLLOWUP = "POST /webhooks/{webhook_id}/{webhook_token}"
EDIT_FOLLOWUP = "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
GET_COMMAND = "GET /applications/{application_id}/commands/{command_id}"
LIST_COMMANDS = "GET /applications/{application_id}/commands"


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(openapi) as server:
        yield server


def client_for(fake: FakeDiscord, **options: float) -> RESTClient:
    return RESTClient(fake.token, "Bot", rest_url=fake.url, retry_backoff=0.001, **options)  # type: ignore[arg-type]


async def test_concurrent_followups_never_exceed_the_bucket(fake: FakeDiscord) -> None:
    fake.set_bucket(FOLLOWUP, limit=25, reset_after=0.05)
    async with client_for(fake) as rest:
        await asyncio.gather(
            *(
                rest.create_followup(fake.application_id, "tok", {"content": str(n)})
                for n in range(200)
            )
        )
        assert rest.buckets.bucket_hash(FOLLOWUP) is not None
    assert fake.overflows == []
    assert all(r.status == 200 for r in fake.requests)
    assert sorted(int(r.json["content"]) for r in fake.followups) == list(range(200))


async def test_buckets_are_learnt_and_shared_between_routes(fake: FakeDiscord) -> None:
    shared = fake.set_bucket(FOLLOWUP, limit=3, reset_after=0.05, bucket="webhook")
    assert fake.set_bucket(EDIT_FOLLOWUP, limit=3, reset_after=0.05, bucket="webhook") == shared
    async with client_for(fake) as rest:
        first = await rest.create_followup(fake.application_id, "tok", {"content": "seed"})
        await rest.edit_followup(fake.application_id, "tok", first["id"], {"content": "seed"})
        assert rest.buckets.bucket_hash(FOLLOWUP) == shared
        assert rest.buckets.bucket_hash(EDIT_FOLLOWUP) == shared
        calls = []
        for n in range(15):
            calls.append(rest.create_followup(fake.application_id, "tok", {"content": str(n)}))
            calls.append(
                rest.edit_followup(fake.application_id, "tok", first["id"], {"content": str(n)})
            )
        await asyncio.gather(*calls)
    assert fake.overflows == []
    assert len(fake.followups) == 16
    assert len(fake.edits) == 16


async def test_major_parameters_get_their_own_windows(fake: FakeDiscord) -> None:
    fake.set_bucket(FOLLOWUP, limit=2, reset_after=0.05)
    async with client_for(fake) as rest:
        await asyncio.gather(
            *(
                rest.create_followup(fake.application_id, f"token-{n % 3}", {"content": str(n)})
                for n in range(18)
            )
        )
        bucket_hash = rest.buckets.bucket_hash(FOLLOWUP)
        assert bucket_hash is not None
        assert len(rest.buckets) == 3  # one window per webhook id + token
    assert fake.overflows == []
    assert len(fake.followups) == 18


async def test_global_pace_holds_before_discord_complains(fake: FakeDiscord) -> None:
    fake.set_global_limit(40)
    async with client_for(fake, global_rate_limit=40) as rest:
        created = await rest.create_command(fake.application_id, {"name": "a", "description": "b"})
        await asyncio.gather(
            *(rest.fetch_command(fake.application_id, created["id"]) for _ in range(59))
        )
    assert fake.overflows == []
    assert all(r.ok for r in fake.requests)
    assert len(fake.requests) == 60
    assert fake.max_rate(1.0) <= 40


async def test_fake_counts_an_unpaced_burst(fake: FakeDiscord) -> None:
    # The control for the two tests above: without kagari's limiters, the fake does see
    # too many requests, so "no overflows" is a real observation.
    fake.set_global_limit(10)
    fake.set_bucket(FOLLOWUP, limit=3, reset_after=5)
    headers = {"Authorization": f"Bot {fake.token}", "Content-Type": "application/json"}
    async with aiohttp.ClientSession(headers=headers) as session:

        async def post(path: str, body: bytes) -> int:
            async with session.post(fake.url + path, data=body) as response:
                return response.status

        followup = f"/webhooks/{fake.application_id}/tok"
        command = f"/applications/{fake.application_id}/commands"
        statuses = await asyncio.gather(
            *(post(followup, b'{"content":"x"}') for _ in range(6)),
            *(post(command, b'{"name":"x","description":"y"}') for _ in range(12)),
        )
    assert statuses.count(429) == 3 + 2
    assert len(fake.overflows) == 5
    assert fake.max_rate(1.0) == 12


async def test_interaction_routes_are_exempt_from_the_global_limit(fake: FakeDiscord) -> None:
    async with client_for(fake, max_rate_limit=10) as rest:
        rest.global_limiter.block(1000)  # as after a global 429 asking for 1000 s
        for n in range(5):
            await rest.create_followup(fake.application_id, "tok", {"content": str(n)})
        with pytest.raises(RateLimitTooLongError) as caught:
            await asyncio.wait_for(rest.fetch_application(), 10)
    assert caught.value.is_global
    assert len(fake.followups) == 5
    assert not any(r.route == "GET /applications/@me" for r in fake.requests)


async def test_429_storm_delivers_every_request_exactly_once(fake: FakeDiscord) -> None:
    fake.set_bucket(FOLLOWUP, limit=5, reset_after=0.05)
    fake.rate_limit(FOLLOWUP, retry_after=0.02, count=25)
    fake.rate_limit(LIST_COMMANDS, retry_after=0.02, is_global=True, count=5)
    async with client_for(fake, max_429_retries=50) as rest:
        await asyncio.gather(
            *(
                rest.create_followup(fake.application_id, "tok", {"content": str(n)})
                for n in range(30)
            ),
            *(rest.fetch_commands(fake.application_id) for _ in range(5)),
        )
    rate_limited = [r for r in fake.requests if r.status == 429]
    assert len(rate_limited) == 30
    contents = [r.json["content"] for r in fake.followups]
    assert sorted(contents, key=int) == [str(n) for n in range(30)]
    assert len([r for r in fake.requests if r.route == LIST_COMMANDS and r.ok]) == 5


async def test_retry_after_above_max_rate_limit_raises_at_once(fake: FakeDiscord) -> None:
    fake.rate_limit(FOLLOWUP, retry_after=1000)
    async with client_for(fake, max_rate_limit=2) as rest:
        with pytest.raises(RateLimitTooLongError) as caught:
            # Waiting 1000 s would trip wait_for: the error must come without sleeping.
            await asyncio.wait_for(
                rest.create_followup(fake.application_id, "tok", {"content": "x"}), 10
            )
    error = caught.value
    assert error.retry_after == 1000
    assert error.max_rate_limit == 2
    assert not error.is_global
    assert error.route == FOLLOWUP
    assert len(fake.requests) == 1


async def test_bucket_wait_above_max_rate_limit_raises_before_sending(fake: FakeDiscord) -> None:
    fake.set_bucket(LIST_COMMANDS, limit=1, reset_after=1000)
    async with client_for(fake, max_rate_limit=2) as rest:
        await rest.fetch_commands(fake.application_id)
        with pytest.raises(RateLimitTooLongError) as caught:
            await asyncio.wait_for(rest.fetch_commands(fake.application_id), 10)
    assert caught.value.retry_after > 900
    assert len(fake.requests) == 1


async def test_429_retries_are_bounded(fake: FakeDiscord) -> None:
    fake.rate_limit(FOLLOWUP, retry_after=0.01, count=100)
    async with client_for(fake, max_429_retries=2) as rest:
        with pytest.raises(ClientHTTPError) as caught:
            await rest.create_followup(fake.application_id, "tok", {"content": "x"})
    assert caught.value.status == 429
    assert len(fake.requests) == 3


# -- the limiters on their own -----------------------------------------------------------------


def test_rate_limit_headers_parse() -> None:
    parsed = RateLimitHeaders.parse(
        {
            "X-RateLimit-Bucket": "abc",
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "4",
            "X-RateLimit-Reset-After": "0.250",
            "X-RateLimit-Scope": "user",
        }
    )
    assert parsed is not None
    assert (parsed.bucket, parsed.limit, parsed.remaining, parsed.reset_after, parsed.scope) == (
        "abc",
        5,
        4,
        0.25,
        "user",
    )
    assert RateLimitHeaders.parse({}) is None
    assert RateLimitHeaders.parse({"X-RateLimit-Bucket": "a", "X-RateLimit-Limit": "x"}) is None


async def test_bucket_counts_requests_in_flight_at_reset() -> None:
    bucket = Bucket(limit=2, remaining=0, reset_at=0.0)  # the window has already reset
    bucket.in_flight = 1  # one request of the old window is still on its way
    epoch = await bucket.acquire("R", 10)
    assert epoch == 1
    assert bucket.remaining == 0  # 2 allowed, minus the one in flight, minus this one


async def test_stale_answers_do_not_move_the_window() -> None:
    bucket = Bucket(limit=5, remaining=5, reset_at=None)
    old = await bucket.acquire("R", 10)
    bucket.reset_at = 0.0
    new = await bucket.acquire("R", 10)
    assert new == old + 1
    stale = RateLimitHeaders("h", 5, 0, 100.0, None)
    bucket.release(old, stale)
    assert bucket.reset_at is None  # an answer from the previous window is ignored
    bucket.release(new, RateLimitHeaders("h", 5, 3, 0.5, None))
    assert bucket.reset_at is not None
    assert bucket.remaining == 3


def test_global_limiter_rejects_bad_rates() -> None:
    for rate in (0, -1, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="global_rate_limit"):
            GlobalLimiter(rate)
    slow = GlobalLimiter(0.5)
    assert (slow.limit, slow.period) == (1, 2.0)


async def test_idle_buckets_are_forgotten() -> None:
    manager = BucketManager()
    route = Route("POST", "/webhooks/{webhook_id}/{webhook_token}")
    headers = RateLimitHeaders("hash", 5, 4, 0.0, None)
    for n in range(600):
        ticket = await manager.acquire(route.compile(webhook_id=1, webhook_token=f"t{n}"), 10)
        manager.release(ticket, headers)
    assert manager.bucket_hash(route.key) == "hash"
    assert len(manager) < 300  # one window per interaction token would otherwise pile up
