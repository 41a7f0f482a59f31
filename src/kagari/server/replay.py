"""Answer a repeated interaction the way it was answered the first time."""

from __future__ import annotations

import asyncio
import collections
import math
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["ReplayCache"]

_T = TypeVar("_T")

# (claimed at, future handed to repeats or None, answered, answer). The future is only
# made when someone needs one (a repeat arrives, or claim() is used), so a first request
# costs one dict entry.
_Entry = tuple[float, "asyncio.Future[_T] | None", bool, "_T | None"]


class ReplayCache(Generic[_T]):
    """A bounded, time-limited map from interaction id to the future of its answer.

    The first request with an id claims it and later fills in the answer; a repeat
    within ``ttl`` seconds awaits that same answer instead of running the handler again.
    Entries older than ``ttl`` are dropped, and at most ``max_entries`` are kept (the
    oldest go first), so memory stays flat under any traffic.

    Args:
        ttl: How long, in seconds, an id is remembered.
        max_entries: The most ids kept at once.
        clock: Monotonic clock; replace it in tests.
    """

    __slots__ = ("_clock", "_deadline", "_entries", "max_entries", "ttl")

    def __init__(
        self,
        ttl: float = 300.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: collections.OrderedDict[str, _Entry[_T]] = collections.OrderedDict()
        # No entry expires before this time (kept at or before the oldest one's expiry),
        # so most calls skip looking at the oldest entry.
        self._deadline = math.inf

    def __len__(self) -> int:
        return len(self._entries)

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
        self._entries[key] = (self._entries[key][0], future, False, None)
        return True, future

    def begin(self, key: str) -> asyncio.Future[_T] | None:
        """Claim ``key`` without making a future for it (the fast form of :meth:`claim`).

        Returns:
            ``None`` for the first request: the caller must then call :meth:`finish`
            with the answer (or :meth:`forget`). For a repeat, a future of the first
            request's answer to await.
        """
        now = self._clock()
        if now > self._deadline:
            self._expire(now)
        entries = self._entries
        entry = entries.get(key)
        if entry is not None:
            stamp, future, answered, answer = entry
            if future is None:
                future = asyncio.get_running_loop().create_future()
                if answered:
                    future.set_result(answer)  # type: ignore[arg-type]
                entries[key] = (stamp, future, answered, answer)
            return future
        if not entries:
            self._deadline = now + self.ttl
        entries[key] = (now, None, False, None)
        if len(entries) > self.max_entries:
            self._drop_oldest()
        return None

    def finish(self, key: str, answer: _T) -> None:
        """Record the answer to ``key`` after :meth:`begin` returned ``None`` for it.

        Repeats waiting for it get it now; later repeats get it at once. Does nothing
        if the entry was already dropped (expired or pushed out by newer ones).
        """
        entry = self._entries.get(key)
        if entry is None:
            return
        stamp, future, _, _ = entry
        if future is None:
            self._entries[key] = (stamp, None, True, answer)
        elif not future.done():
            future.set_result(answer)

    def forget(self, key: str) -> None:
        """Drop ``key`` (used when the first attempt could not be answered at all)."""
        entry = self._entries.pop(key, None)
        if entry is not None:
            _cancel(entry[1])

    def _drop_oldest(self) -> None:
        entries = self._entries
        while len(entries) > self.max_entries:
            _cancel(entries.popitem(last=False)[1][1])

    def _expire(self, now: float) -> None:
        entries = self._entries
        while entries:
            stamp = next(iter(entries.values()))[0]
            if now - stamp <= self.ttl:
                self._deadline = stamp + self.ttl
                return
            entries.popitem(last=False)
        self._deadline = math.inf


def _cancel(future: asyncio.Future[Any] | None) -> None:
    if future is not None and not future.done():
        future.cancel()
