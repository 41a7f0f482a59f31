"""The replay cache stays bounded and forgets ids after its window."""

from __future__ import annotations

import asyncio

import pytest

from kagari.replay import ReplayCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_first_claim_wins_and_repeats_share_the_answer() -> None:
    cache: ReplayCache[str] = ReplayCache()
    first, future = cache.claim("1")
    again, same = cache.claim("1")
    assert first and not again and same is future
    future.set_result("answer")
    assert await same == "answer"


async def test_memory_is_bounded_under_any_traffic() -> None:
    cache: ReplayCache[int] = ReplayCache(ttl=300, max_entries=100)
    for index in range(10_000):
        _, future = cache.claim(str(index))
        future.set_result(index)
        assert len(cache) <= 100
    assert len(cache) == 100
    # the oldest ids were dropped; the newest are remembered
    assert cache.claim("0")[0]
    assert not cache.claim("9999")[0]


async def test_ids_are_forgotten_after_the_window() -> None:
    clock = Clock()
    cache: ReplayCache[int] = ReplayCache(ttl=10, clock=clock)
    for index in range(50):
        cache.claim(str(index))[1].set_result(index)
    clock.now = 5
    assert not cache.claim("3")[0]
    clock.now = 10.5
    assert cache.claim("49")[0]  # expired, so claimed afresh
    assert len(cache) == 1


async def test_dropping_an_unanswered_entry_cancels_waiters() -> None:
    cache: ReplayCache[int] = ReplayCache(max_entries=1)
    _, pending = cache.claim("a")
    cache.claim("b")
    with pytest.raises(asyncio.CancelledError):
        await pending


def test_needs_room_for_one() -> None:
    with pytest.raises(ValueError):
        ReplayCache(max_entries=0)
