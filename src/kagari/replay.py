"""Answer a repeated interaction the way it was answered the first time."""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["ReplayCache"]

_T = TypeVar("_T")


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

    __slots__ = ("_clock", "_entries", "max_entries", "ttl")

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
        self._entries: collections.OrderedDict[str, tuple[float, asyncio.Future[_T]]] = (
            collections.OrderedDict()
        )

    def __len__(self) -> int:
        return len(self._entries)

    def claim(self, key: str) -> tuple[bool, asyncio.Future[_T]]:
        """Claim ``key``.

        Returns:
            ``(True, future)`` for the first request: the caller must set the future's
            result. ``(False, future)`` for a repeat: await the future for the answer.
        """
        now = self._clock()
        self._expire(now)
        entry = self._entries.get(key)
        if entry is not None:
            return False, entry[1]
        future: asyncio.Future[_T] = asyncio.get_running_loop().create_future()
        self._entries[key] = (now, future)
        while len(self._entries) > self.max_entries:
            _, (_, dropped) = self._entries.popitem(last=False)
            if not dropped.done():
                dropped.cancel()
        return True, future

    def forget(self, key: str) -> None:
        """Drop ``key`` (used when the first attempt could not be answered at all)."""
        entry = self._entries.pop(key, None)
        if entry is not None and not entry[1].done():
            entry[1].cancel()

    def _expire(self, now: float) -> None:
        entries = self._entries
        while entries:
            stamp, _ = next(iter(entries.values()))
            if now - stamp <= self.ttl:
                break
            entries.popitem(last=False)
