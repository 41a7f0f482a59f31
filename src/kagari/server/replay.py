"""Answer a repeated interaction the way it was answered the first time.

The store is sized by time, not by count: an id is remembered for the whole window
(``ttl``) however fast interactions arrive, and memory is bounded by a byte budget.
When the budget is reached, the oldest *answers* are let go first (their ids stay, and
a repeat of one learns that its answer is gone: :class:`AnswerDropped`); only when the
ids alone fill the budget are the oldest ids dropped, and :attr:`ReplayCache.overflows`
counts them so the owner can say so.
"""

from __future__ import annotations

import asyncio
import collections
import math
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["ENTRY_COST", "AnswerDropped", "ReplayCache"]

_T = TypeVar("_T")

ENTRY_COST = 400
"""Bytes one remembered id is counted as, besides its key's length and its answer's
size (measured with tracemalloc for 19-digit snowflake keys, then rounded up)."""

_PENDING, _ANSWERED, _DROPPED = 0, 1, 2


class AnswerDropped(Exception):
    """The id was seen, but its answer was let go to stay within the byte budget."""


class _Entry(Generic[_T]):
    __slots__ = ("answer", "future", "size", "stamp", "state")

    def __init__(self, stamp: float) -> None:
        self.stamp = stamp
        self.future: asyncio.Future[_T] | None = None
        self.state = _PENDING
        self.answer: _T | None = None
        self.size = 0


class ReplayCache(Generic[_T]):
    """A time-limited map from interaction id to the future of its answer, bounded in bytes.

    The first request with an id claims it and later fills in the answer; a repeat
    within ``ttl`` seconds awaits that same answer instead of running the handler again.
    Entries older than ``ttl`` are dropped.

    Args:
        ttl: How long, in seconds, an id is remembered.
        max_entries: The most ids kept at once (the oldest go first), or ``None`` for
            no count limit (then ``max_bytes`` alone bounds the store).
        clock: Monotonic clock; replace it in tests.
        max_bytes: The byte budget: :data:`ENTRY_COST` plus the key's length per id,
            plus the ``size`` given to :meth:`finish` for each answer kept; ``None``
            for no budget.

    Raises:
        ValueError: If ``max_entries`` is below 1 or ``max_bytes`` below one entry.
    """

    __slots__ = (
        "_answers",
        "_bytes",
        "_clock",
        "_deadline",
        "_entries",
        "max_bytes",
        "max_entries",
        "overflows",
        "ttl",
    )

    def __init__(
        self,
        ttl: float = 300.0,
        max_entries: int | None = 10_000,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_bytes: int | None = None,
    ) -> None:
        if max_entries is not None and max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        if max_bytes is not None and max_bytes < ENTRY_COST:
            raise ValueError(f"max_bytes must be at least {ENTRY_COST}")
        self.ttl = ttl
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.overflows = 0
        """Ids dropped before the end of their window, because of ``max_entries`` or
        because ids alone filled ``max_bytes``."""
        self._clock = clock
        self._entries: collections.OrderedDict[str, _Entry[_T]] = collections.OrderedDict()
        self._answers: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._bytes = 0
        # No entry expires before this time (kept at or before the oldest one's expiry),
        # so most calls skip looking at the oldest entry.
        self._deadline = math.inf

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Bytes counted against ``max_bytes`` now."""
        return self._bytes

    def claim(self, key: str) -> tuple[bool, asyncio.Future[_T]]:
        """Claim ``key``.

        Returns:
            ``(True, future)`` for the first request: the caller must set the future's
            result. ``(False, future)`` for a repeat: await the future for the answer.
        """
        repeat = self.begin(key)
        if repeat is not None:
            return False, repeat
        future: asyncio.Future[_T] = asyncio.get_running_loop().create_future()
        self._entries[key].future = future
        return True, future

    def begin(self, key: str) -> asyncio.Future[_T] | None:
        """Claim ``key`` without making a future for it (the fast form of :meth:`claim`).

        Returns:
            ``None`` for the first request: the caller must then call :meth:`finish`
            with the answer (or :meth:`forget`). For a repeat, a future of the first
            request's answer to await; it raises :class:`AnswerDropped` if the answer
            was let go, and is cancelled if the id is dropped while still unanswered.
        """
        now = self._clock()
        if now > self._deadline:
            self._expire(now)
        entries = self._entries
        entry = entries.get(key)
        if entry is not None:
            future = entry.future
            if future is None:
                future = entry.future = asyncio.get_running_loop().create_future()
                if entry.state == _ANSWERED:
                    future.set_result(entry.answer)  # type: ignore[arg-type]
                elif entry.state == _DROPPED:
                    future.set_exception(AnswerDropped(key))
            return future
        if not entries:
            self._deadline = now + self.ttl
        entries[key] = _Entry(now)
        self._bytes += ENTRY_COST + len(key)
        if self.max_entries is not None and len(entries) > self.max_entries:
            self._drop_oldest(lambda: len(entries) > (self.max_entries or 0))
        self._within_budget()
        return None

    def finish(self, key: str, answer: _T, size: int = 0) -> None:
        """Record the answer to ``key`` after :meth:`begin` returned ``None`` for it.

        Repeats waiting for it get it now; later repeats get it at once, as long as it
        is kept. Does nothing if the entry was already dropped (expired or pushed out).

        Args:
            key: The id.
            answer: The answer to hand to repeats.
            size: Bytes the answer is counted as against ``max_bytes``.
        """
        entry = self._entries.get(key)
        if entry is None or entry.state != _PENDING:
            return
        future = entry.future
        if future is not None:
            if not future.done():
                future.set_result(answer)
            entry.future = None  # a later repeat gets a fresh, already-done future
        entry.state = _ANSWERED
        entry.answer = answer
        entry.size = size
        self._bytes += size
        self._answers[key] = None
        self._within_budget()

    def forget(self, key: str) -> None:
        """Drop ``key`` (used when the first attempt could not be answered at all)."""
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._release(key, entry)

    # -- internals ---------------------------------------------------------------------

    def _release(self, key: str, entry: _Entry[_T]) -> None:
        self._bytes -= ENTRY_COST + len(key) + entry.size
        if entry.state == _ANSWERED:
            self._answers.pop(key, None)
        _cancel(entry.future)

    def _within_budget(self) -> None:
        budget = self.max_bytes
        if budget is None or self._bytes <= budget:
            return
        answers = self._answers
        entries = self._entries
        while self._bytes > budget and answers:
            key, _ = answers.popitem(last=False)
            entry = entries[key]
            self._bytes -= entry.size
            entry.state, entry.answer, entry.size = _DROPPED, None, 0
            entry.future = None
        if self._bytes > budget:
            self._drop_oldest(lambda: self._bytes > budget)

    def _drop_oldest(self, over: Callable[[], bool]) -> None:
        entries = self._entries
        while entries and over():
            key, entry = entries.popitem(last=False)
            self._release(key, entry)
            self.overflows += 1

    def _expire(self, now: float) -> None:
        entries = self._entries
        while entries:
            key, entry = next(iter(entries.items()))
            if now - entry.stamp <= self.ttl:
                self._deadline = entry.stamp + self.ttl
                return
            entries.popitem(last=False)
            self._release(key, entry)
        self._deadline = math.inf


def _cancel(future: asyncio.Future[Any] | None) -> None:
    if future is not None and not future.done():
        future.cancel()
