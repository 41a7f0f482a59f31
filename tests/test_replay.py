"""The replay cache stays bounded and forgets ids after its window."""

from __future__ import annotations

import asyncio

import pytest

from kagari.server.replay import ReplayCache


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


async def test_begin_and_finish_make_futures_only_for_repeats() -> None:
    cache: ReplayCache[str] = ReplayCache()
    assert cache.begin("1") is None  # the first request: no future needed
    waiting = cache.begin("1")  # a repeat while the first is still running
    assert waiting is not None and not waiting.done()
    cache.finish("1", "answer")
    assert await waiting == "answer"
    later = cache.begin("1")
    assert later is not None and later.done() and later.result() == "answer"
    assert cache.begin("2") is None
    cache.finish("2", "second")
    repeat = cache.begin("2")
    assert repeat is not None and repeat.result() == "second"


async def test_finish_after_the_entry_was_dropped_does_nothing() -> None:
    clock = Clock()
    cache: ReplayCache[str] = ReplayCache(ttl=1, max_entries=2, clock=clock)
    assert cache.begin("a") is None
    cache.begin("b")
    cache.begin("c")  # pushes "a" out
    cache.finish("a", "late")
    assert cache.begin("a") is None  # claimed afresh: the late answer was not stored
    clock.now = 5
    assert cache.begin("b") is None  # expired while unanswered
