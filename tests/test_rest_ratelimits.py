"""Rate limits, counted at the fake Discord: buckets, the global pace, 429s."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from kagari.rest import (
    ClientHTTPError,
    ForbiddenError,
    InvalidRequestLimitError,
    RateLimitTooLongError,
    RESTClient,
)
from kagari.rest.ratelimits import (
    Bucket,
    BucketManager,
    GlobalLimiter,
    InvalidRequestGuard,
    RateLimited,
    RateLimitHeaders,
)
from kagari.rest.routes import Route
from kagari.testing.fake_discord import FakeDiscord, RecordedRequest
from kagari.testing.openapi import OpenAPISpec

FOLLOWUP = "POST /webhooks/{webhook_id}/{webhook_token}"
EDIT_FOLLOWUP = "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
GET_COMMAND = "GET /applications/{application_id}/commands/{command_id}"
LIST_COMMANDS = "GET /applications/{application_id}/commands"
APPLICATION = "GET /applications/@me"
CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(openapi) as server:
        yield server


def client_for(fake: FakeDiscord, **options: object) -> RESTClient:
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


# -- the kinds of 429 Discord sends ----------------------------------------------------------------
# Timings: the waits asked for are a few tenths of a second and the bounds are loose (a
# request held by a 429 comes at least ~90% of retry_after later; one that is not held
# comes well before), so a loaded machine does not make them flaky.


def is_429(request: RecordedRequest) -> bool:
    return request.status == 429


async def read_by_client() -> None:
    """Give the client a moment to read an answer the fake has just recorded."""
    await asyncio.sleep(0.05)


async def test_a_429_global_only_by_its_header_holds_other_routes(fake: FakeDiscord) -> None:
    fake.rate_limit(LIST_COMMANDS, retry_after=0.4, is_global="header")
    async with client_for(fake) as rest:
        limited = asyncio.ensure_future(rest.fetch_commands(fake.application_id))
        first = await fake.wait_for(is_429)
        assert first.response == {
            "message": "You are being rate limited.",
            "retry_after": 0.4,
            "global": False,
        }
        await read_by_client()
        await rest.fetch_application()
        await limited
    other = next(r for r in fake.requests if r.route == APPLICATION)
    assert other.time - first.time >= 0.35
    assert [r.status for r in fake.requests] == [429, 200, 200]


async def test_a_shared_scope_429_waits_retry_after_and_leaves_the_bucket(
    fake: FakeDiscord,
) -> None:
    fake.set_bucket(LIST_COMMANDS, limit=5, reset_after=3.0)
    async with client_for(fake) as rest:
        await rest.fetch_commands(fake.application_id)  # the bucket: 4 left for 3 s
        fake.rate_limit(LIST_COMMANDS, retry_after=0.1, scope="shared")
        started = time.monotonic()
        await rest.fetch_commands(fake.application_id)
        await rest.fetch_commands(fake.application_id)  # the bucket still has room
        elapsed = time.monotonic() - started
        assert 0.09 <= elapsed < 1.5  # retry_after, not the 3 s left of the window
        assert rest.invalid_requests.count == 0  # Discord does not count shared 429s
    assert [r.status for r in fake.requests] == [200, 429, 200, 200]
    assert fake.overflows == []


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
async def test_a_429_naming_no_bucket_holds_the_route(fake: FakeDiscord, warm: bool) -> None:
    async with client_for(fake) as rest:
        if warm:
            await rest.fetch_application()  # answered without bucket headers
        fake.rate_limit(APPLICATION, retry_after=0.4)
        limited = asyncio.ensure_future(rest.fetch_application())
        first = await fake.wait_for(is_429)
        assert not any(h.startswith("X-RateLimit-B") for h in first.response_headers)
        await read_by_client()
        await asyncio.gather(rest.fetch_application(), limited)
        # Another route is not held by it.
        started = time.monotonic()
        await rest.fetch_commands(fake.application_id)
        assert time.monotonic() - started < 0.3
    after = [r for r in fake.requests if r.route == APPLICATION and r.time > first.time]
    assert len(after) == 2
    assert all(r.time - first.time >= 0.35 for r in after)


async def test_a_429_naming_no_bucket_holds_only_its_interaction(fake: FakeDiscord) -> None:
    fake.rate_limit(lambda r: r.route == FOLLOWUP and r.params["webhook_token"] == "a", 0.5)
    async with client_for(fake) as rest:
        limited = asyncio.ensure_future(
            rest.create_followup(fake.application_id, "a", {"content": "a"})
        )
        first = await fake.wait_for(is_429)
        await read_by_client()
        await rest.create_followup(fake.application_id, "b", {"content": "b"})
        other = fake.requests[-1]
        await limited
    assert other.params["webhook_token"] == "b"
    assert other.time - first.time < 0.4
    assert fake.requests[-1].time - first.time >= 0.45


async def test_a_sublimit_does_not_close_the_bucket(fake: FakeDiscord) -> None:
    fake.set_bucket(LIST_COMMANDS, limit=5, reset_after=2.0)
    async with client_for(fake) as rest:
        await rest.fetch_commands(fake.application_id)
        fake.rate_limit(LIST_COMMANDS, retry_after=0.4)  # while the headers show 4 left
        limited = asyncio.ensure_future(rest.fetch_commands(fake.application_id))
        first = await fake.wait_for(is_429)
        assert first.response_headers["X-RateLimit-Remaining"] == "4"
        await read_by_client()
        await rest.fetch_commands(fake.application_id)
        neighbour = fake.requests[-1]
        await limited
    retry = fake.requests[-1]
    assert [r.status for r in fake.requests] == [200, 429, 200, 200]
    assert neighbour.time - first.time < 0.3  # not held until the window resets (2 s)
    assert 0.35 <= retry.time - first.time < 1.5  # the limited request waited retry_after
    assert fake.overflows == []


async def test_a_429_with_nothing_left_closes_the_bucket(fake: FakeDiscord) -> None:
    fake.set_bucket(LIST_COMMANDS, limit=5, reset_after=2.0)
    async with client_for(fake) as rest:
        await rest.fetch_commands(fake.application_id)
        fake.rate_limit(LIST_COMMANDS, retry_after=0.4, headers={"X-RateLimit-Remaining": "0"})
        limited = asyncio.ensure_future(rest.fetch_commands(fake.application_id))
        first = await fake.wait_for(is_429)
        await read_by_client()
        await asyncio.gather(rest.fetch_commands(fake.application_id), limited)
    after = [r for r in fake.requests if r.time > first.time]
    assert len(after) == 2
    assert all(r.time - first.time >= 0.35 for r in after)


@pytest.mark.parametrize("with_bucket", [False, True], ids=["no-headers", "bucket"])
async def test_first_callbacks_to_different_interactions_do_not_queue(
    fake: FakeDiscord, with_bucket: bool
) -> None:
    if with_bucket:
        fake.set_bucket(CALLBACK, limit=1, reset_after=5.0)
    fake.delay(CALLBACK, 0.4)
    async with client_for(fake) as rest:
        await asyncio.gather(
            *(
                rest.create_interaction_response(n, f"token-{n}", {"type": 4, "data": {}})
                for n in range(1, 6)
            )
        )
    arrivals = [r.time for r in fake.requests]
    assert len(arrivals) == 5
    assert max(arrivals) - min(arrivals) < 0.3  # not one after another (0.4 s each)
    assert len(fake.callbacks) == 5


async def test_proxy_mode_leaves_limits_to_the_proxy_and_retries_429s(fake: FakeDiscord) -> None:
    fake.set_bucket(FOLLOWUP, limit=2, reset_after=0.1)
    async with client_for(fake, rate_limits="proxy", max_429_retries=100) as rest:
        assert rest.rate_limits == "proxy"
        await asyncio.gather(
            *(
                rest.create_followup(fake.application_id, "tok", {"content": str(n)})
                for n in range(6)
            )
        )
        assert len(rest.buckets) == 0
        assert rest.buckets.bucket_hash(FOLLOWUP) is None
    assert fake.overflows  # nothing held the requests back on this side
    assert sorted(int(r.json["content"]) for r in fake.followups) == list(range(6))


async def test_proxy_mode_ignores_the_local_global_limiter(fake: FakeDiscord) -> None:
    async with client_for(fake, rate_limits="proxy", max_rate_limit=1) as rest:
        rest.global_limiter.block(1000)
        await asyncio.wait_for(rest.fetch_application(), 5)
    assert fake.requests[0].ok


# -- the invalid-request guard ------------------------------------------------------------------


async def test_invalid_request_guard_warns_at_half_and_refuses_at_the_limit(
    fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail(APPLICATION, status=403, count=100)
    caplog.set_level(logging.WARNING, logger="kagari.rest")
    async with client_for(fake, invalid_request_limit=4) as rest:
        for expected_warnings in (0, 1, 1):
            with pytest.raises(ForbiddenError):
                await rest.fetch_application()
            assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == (
                expected_warnings
            )
        with pytest.raises(ForbiddenError):
            await rest.fetch_application()  # the 4th: the limit is reached
        assert any(r.levelno == logging.ERROR for r in caplog.records)
        with pytest.raises(InvalidRequestLimitError) as caught:
            await rest.fetch_application()
        with pytest.raises(InvalidRequestLimitError):  # interaction routes too: one IP
            await rest.create_followup(fake.application_id, "tok", {"content": "x"})
    assert len(fake.requests) == 4
    assert fake.invalid_requests() == 4
    error = caught.value
    assert (error.count, error.limit, error.window) == (4, 4, 600.0)
    assert 0 < error.retry_after <= 600
    assert error.route == APPLICATION
    warning = next(r for r in caplog.records if r.levelno == logging.WARNING)
    assert "half of invalid_request_limit=4" in warning.getMessage()


async def test_invalid_requests_leave_the_rolling_window(fake: FakeDiscord) -> None:
    fake.fail(APPLICATION, status=403, count=2)
    async with client_for(fake, invalid_request_limit=2, invalid_request_window=0.3) as rest:
        for _ in range(2):
            with pytest.raises(ForbiddenError):
                await rest.fetch_application()
        with pytest.raises(InvalidRequestLimitError) as caught:
            await rest.fetch_application()
        assert 0 < caught.value.retry_after <= 0.3
        await asyncio.sleep(0.35)
        await rest.fetch_application()
        assert rest.invalid_requests.count == 0
    assert [r.status for r in fake.requests] == [403, 403, 200]


async def test_429_retries_stop_at_the_invalid_request_limit(fake: FakeDiscord) -> None:
    fake.rate_limit(FOLLOWUP, retry_after=0.01, count=100)
    async with client_for(fake, invalid_request_limit=3, max_429_retries=50) as rest:
        with pytest.raises(InvalidRequestLimitError):
            await rest.create_followup(fake.application_id, "tok", {"content": "x"})
    assert [r.status for r in fake.requests] == [429, 429, 429]


async def test_shared_429s_do_not_count_as_invalid(fake: FakeDiscord) -> None:
    fake.rate_limit(APPLICATION, retry_after=0.01, scope="shared", count=3)
    fake.rate_limit(APPLICATION, retry_after=0.01, count=1)
    async with client_for(fake, invalid_request_limit=2) as rest:
        await rest.fetch_application()
        assert rest.invalid_requests.count == 1
    assert [r.status for r in fake.requests] == [429, 429, 429, 429, 200]
    assert fake.invalid_requests() == 1


def test_the_guard_can_be_turned_off_and_checks_its_settings() -> None:
    off = InvalidRequestGuard(None)
    for _ in range(20):
        off.record("R", 403)
    off.check("R")
    assert off.count == 0
    for limit in (0, -1, True):
        with pytest.raises(ValueError, match="invalid_request_limit"):
            InvalidRequestGuard(limit)
    for window in (0, -1.0, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="invalid_request_window"):
            InvalidRequestGuard(5, window)
    with pytest.raises(ValueError, match="rate_limits"):
        RESTClient(rate_limits="off")  # type: ignore[arg-type]


def test_429s_are_read_like_discord_means_them() -> None:
    bucket = {"X-RateLimit-Bucket": "b", "X-RateLimit-Remaining": "2"}
    cases = [
        ({"retry_after": 0.5, "global": True}, {}, "global"),
        ({"retry_after": 0.5, "global": False}, {"X-RateLimit-Global": "true"}, "global"),
        ({"retry_after": 0.5}, {"X-RateLimit-Scope": "global"}, "global"),
        ({"retry_after": 0.5}, {**bucket, "X-RateLimit-Scope": "shared"}, "shared"),
        ({"retry_after": 0.5}, {**bucket, "X-RateLimit-Scope": "user"}, "sublimit"),
        ({"retry_after": 0.5}, {**bucket, "X-RateLimit-Remaining": "0"}, "bucket"),
        ({"retry_after": 0.5}, {"X-RateLimit-Scope": "user"}, "unknown bucket"),
    ]
    for body, headers, kind in cases:
        assert RateLimited.parse(body, headers).kind == kind, (body, headers)
    # retry_after: the body, then Retry-After, then the bucket's reset; one second at worst.
    reset = {"X-RateLimit-Reset-After": "3.5"}
    assert RateLimited.parse({"retry_after": 0.25}, {"Retry-After": "9"}).retry_after == 0.25
    assert RateLimited.parse("<html>", {"Retry-After": "2", **reset}).retry_after == 2.0
    assert RateLimited.parse(None, reset).retry_after == 3.5
    assert RateLimited.parse({"retry_after": "x"}, {}).retry_after == 1.0
    assert RateLimited.parse({"retry_after": -4}, {}).retry_after == 0.0
    assert not RateLimited.parse({}, {"X-RateLimit-Scope": "shared"}).is_invalid


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


async def test_a_cancelled_wait_on_a_probe_leaves_the_probe_held() -> None:
    manager = BucketManager()
    compiled = Route("GET", "/applications/@me").compile()
    first = await manager.acquire(compiled, 10)  # discovers the route's bucket
    waiting = asyncio.ensure_future(manager.acquire(compiled, 10))
    await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    later = asyncio.ensure_future(manager.acquire(compiled, 10))
    await asyncio.sleep(0.01)
    assert not later.done()  # the probe is still the first request's
    manager.release(first, RateLimitHeaders("h", 2, 1, 5.0, None))
    ticket = await asyncio.wait_for(later, 1)
    assert ticket.bucket is manager.bucket_for(compiled)
    assert manager.bucket_hash(compiled.route.key) == "h"


async def test_a_hold_longer_than_max_wait_raises() -> None:
    manager = BucketManager()
    compiled = Route("GET", "/applications/@me").compile()
    ticket = await manager.acquire(compiled, 10)
    assert manager.release_limited(ticket, RateLimited(1000.0, False, "user", None))
    assert manager.held_for(compiled) > 900
    with pytest.raises(RateLimitTooLongError) as caught:
        await asyncio.wait_for(manager.acquire(compiled, 10), 5)
    assert caught.value.retry_after > 900
