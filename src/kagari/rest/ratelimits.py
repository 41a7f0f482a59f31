"""Client-side rate limiting: per-route buckets learnt from headers, and the global pace.

Both limiters are conservative: they would rather wait a little too long than let
Discord see one request too many.

* A :class:`Bucket` counts requests in the current window. Its reset time is taken
  from ``X-RateLimit-Reset-After`` *when the response arrives*, which is never earlier
  than the server's own reset. Requests still in flight when a window resets are
  counted against the new window, in case they land there.
* The :class:`GlobalLimiter` lets at most ``limit`` requests be in flight or finished
  within the last ``period`` seconds, counting a request from when it is sent until
  ``period`` after its answer arrives. However the network delays requests, no
  ``period``-long window at the server can then see more than ``limit`` of them.
"""

from __future__ import annotations

import asyncio
import collections
import math
import time
from collections.abc import Mapping
from typing import Final

from kagari.rest.errors import RateLimitTooLongError
from kagari.rest.routes import CompiledRoute

__all__ = ["Bucket", "BucketManager", "GlobalLimiter", "RateLimitHeaders", "Ticket"]

_UNLIMITED: Final = "<unlimited>"
_SWEEP_EVERY = 256


class RateLimitHeaders:
    """The ``X-RateLimit-*`` headers of one response, parsed.

    Attributes:
        bucket: The bucket hash (``X-RateLimit-Bucket``).
        limit: Requests allowed per window.
        remaining: Requests left in the window.
        reset_after: Seconds until the window resets.
        scope: ``X-RateLimit-Scope`` (``user``, ``global`` or ``shared``), if sent.
    """

    __slots__ = ("bucket", "limit", "remaining", "reset_after", "scope")

    def __init__(
        self, bucket: str, limit: int, remaining: int, reset_after: float, scope: str | None
    ) -> None:
        self.bucket = bucket
        self.limit = limit
        self.remaining = remaining
        self.reset_after = reset_after
        self.scope = scope

    @classmethod
    def parse(cls, headers: Mapping[str, str]) -> RateLimitHeaders | None:
        """Read the headers, or return ``None`` when the response carries no bucket."""
        bucket = headers.get("X-RateLimit-Bucket")
        if bucket is None:
            return None
        try:
            limit = int(headers.get("X-RateLimit-Limit", "1"))
            remaining = int(headers.get("X-RateLimit-Remaining", "0"))
            reset_after = float(headers.get("X-RateLimit-Reset-After", "0"))
        except ValueError:
            return None
        return cls(
            bucket, max(limit, 1), max(remaining, 0), reset_after, headers.get("X-RateLimit-Scope")
        )


class Bucket:
    """The window of one bucket hash for one major parameter value.

    Args:
        limit: Requests allowed per window.
        remaining: Requests left in the current window.
        reset_at: When the window resets (``time.monotonic()``), or ``None`` if unknown.
    """

    __slots__ = ("_changed", "_lock", "epoch", "in_flight", "limit", "remaining", "reset_at")

    def __init__(self, limit: int, remaining: int, reset_at: float | None) -> None:
        self.limit = limit
        self.remaining = remaining
        self.reset_at = reset_at
        self.epoch = 0
        self.in_flight = 0
        self._lock = asyncio.Lock()
        self._changed = asyncio.Event()

    @property
    def idle(self) -> bool:
        """Whether nothing is in flight or waiting and the window has run out."""
        if self.in_flight or self._lock.locked():
            return False
        return self.reset_at is None or self.reset_at <= time.monotonic()

    async def acquire(self, route: str, max_wait: float) -> int:
        """Wait for room in the window, take it and return the window's epoch.

        Raises:
            RateLimitTooLongError: When the wait would exceed ``max_wait``.
        """
        async with self._lock:
            while True:
                now = time.monotonic()
                if self.reset_at is not None and now >= self.reset_at:
                    self.epoch += 1
                    self.reset_at = None
                    self.remaining = max(self.limit - self.in_flight, 0)
                if self.remaining > 0:
                    self.remaining -= 1
                    self.in_flight += 1
                    return self.epoch
                if self.reset_at is not None:
                    wait = self.reset_at - now
                    if wait > max_wait:
                        raise RateLimitTooLongError(route, wait, max_wait)
                    await asyncio.sleep(wait)
                elif self.in_flight:
                    self._changed.clear()
                    await self._changed.wait()
                else:
                    # Nothing in flight will tell us when the window resets: let one through.
                    self.remaining = 1

    def release(self, epoch: int, headers: RateLimitHeaders | None) -> None:
        """Account for an answered (or failed) request sent in window ``epoch``."""
        self.in_flight -= 1
        if headers is not None:
            self.limit = headers.limit
            if epoch == self.epoch:
                self._learn(headers)
        self._changed.set()

    def _learn(self, headers: RateLimitHeaders) -> None:
        candidate = time.monotonic() + headers.reset_after
        if self.reset_at is None or candidate > self.reset_at:
            self.reset_at = candidate
        self.remaining = min(self.remaining, headers.remaining)

    def block(self, retry_after: float) -> None:
        """Empty the window until ``retry_after`` seconds from now (after a 429)."""
        until = time.monotonic() + retry_after
        self.remaining = 0
        if self.reset_at is None or until > self.reset_at:
            self.reset_at = until
        self._changed.set()


class Ticket:
    """Permission to send one request, handed back with the answer's headers.

    Attributes:
        bucket: The bucket the request counted against, if the route has one.
        epoch: The bucket window the request was sent in.
        probe: The lock held while this request discovers an unknown route's bucket.
        is_global: Whether the request took a slot of the global limiter.
    """

    __slots__ = ("bucket", "epoch", "is_global", "major", "probe", "route_key")

    def __init__(
        self,
        route_key: str,
        major: str,
        bucket: Bucket | None = None,
        epoch: int = 0,
        probe: asyncio.Lock | None = None,
    ) -> None:
        self.route_key = route_key
        self.major = major
        self.bucket = bucket
        self.epoch = epoch
        self.probe = probe
        self.is_global = False


class BucketManager:
    """Maps routes to bucket hashes as Discord reveals them and keeps each bucket's window.

    The first request on a route Discord has not described yet goes alone; the others
    on that route wait for its answer, which names the bucket (shared by every route
    answering with the same ``X-RateLimit-Bucket``) and its window.
    """

    def __init__(self) -> None:
        self._route_hashes: dict[str, str] = {}
        self._limits: dict[str, int] = {}
        self._buckets: dict[tuple[str, str], Bucket] = {}
        self._probes: dict[str, asyncio.Lock] = {}
        self._created = 0

    def bucket_hash(self, route_key: str) -> str | None:
        """The bucket hash learnt for ``route_key`` (``None`` when unknown or unlimited)."""
        found = self._route_hashes.get(route_key)
        return None if found == _UNLIMITED else found

    def bucket_for(self, compiled: CompiledRoute) -> Bucket | None:
        """The bucket ``compiled`` currently counts against, if known."""
        found = self._route_hashes.get(compiled.route.key)
        if found is None or found == _UNLIMITED:
            return None
        return self._buckets.get((found, compiled.major_value))

    async def acquire(self, compiled: CompiledRoute, max_wait: float) -> Ticket:
        """Wait until ``compiled`` may be sent and return its ticket.

        Raises:
            RateLimitTooLongError: When the bucket resets later than ``max_wait`` seconds.
        """
        key = compiled.route.key
        major = compiled.major_value
        found = self._route_hashes.get(key)
        if found is None:
            probe = self._probes.get(key)
            if probe is None:
                probe = self._probes[key] = asyncio.Lock()
            await probe.acquire()
            found = self._route_hashes.get(key)
            if found is None:
                return Ticket(key, major, probe=probe)
            probe.release()
        if found == _UNLIMITED:
            return Ticket(key, major)
        bucket = self._get_bucket(found, major)
        epoch = await bucket.acquire(key, max_wait)
        return Ticket(key, major, bucket, epoch)

    def release(self, ticket: Ticket, headers: RateLimitHeaders | None) -> None:
        """Return ``ticket`` with the answer's rate-limit headers (``None`` if no answer)."""
        try:
            if ticket.bucket is not None:
                ticket.bucket.release(ticket.epoch, headers)
            if headers is not None:
                self._learn_route(ticket, headers)
            elif ticket.probe is not None and ticket.route_key not in self._route_hashes:
                self._route_hashes[ticket.route_key] = _UNLIMITED
        finally:
            if ticket.probe is not None:
                ticket.probe.release()

    def release_failed(self, ticket: Ticket) -> None:
        """Return ``ticket`` for a request that got no answer at all."""
        if ticket.bucket is not None:
            ticket.bucket.release(ticket.epoch, None)
        if ticket.probe is not None:
            ticket.probe.release()

    def block(self, compiled: CompiledRoute, retry_after: float) -> bool:
        """Close the bucket of ``compiled`` for ``retry_after`` seconds; False if it has none."""
        bucket = self.bucket_for(compiled)
        if bucket is None:
            return False
        bucket.block(retry_after)
        return True

    def _learn_route(self, ticket: Ticket, headers: RateLimitHeaders) -> None:
        self._limits[headers.bucket] = headers.limit
        self._route_hashes[ticket.route_key] = headers.bucket
        if ticket.bucket is not None:
            return  # Bucket.release already learnt the window.
        # A probe, or a route that had no bucket until now: this request is not counted yet.
        key = (headers.bucket, ticket.major)
        bucket = self._buckets.get(key)
        if bucket is None:
            reset_at = time.monotonic() + headers.reset_after
            self._buckets[key] = Bucket(headers.limit, headers.remaining, reset_at)
            self._created += 1
            return
        bucket.remaining = max(min(bucket.remaining - 1, headers.remaining), 0)
        if bucket.reset_at is None:
            bucket.reset_at = time.monotonic() + headers.reset_after

    def _get_bucket(self, bucket_hash: str, major: str) -> Bucket:
        key = (bucket_hash, major)
        bucket = self._buckets.get(key)
        if bucket is None:
            limit = self._limits.get(bucket_hash, 1)
            bucket = self._buckets[key] = Bucket(limit, limit, None)
            self._created += 1
            if self._created % _SWEEP_EVERY == 0:
                self._sweep(keep=key)
        return bucket

    def _sweep(self, keep: tuple[str, str]) -> None:
        # One bucket per interaction token adds up: forget windows that have run out.
        stale = [k for k, b in self._buckets.items() if k != keep and b.idle]
        for k in stale:
            del self._buckets[k]

    def __len__(self) -> int:
        return len(self._buckets)


class GlobalLimiter:
    """Paces requests under Discord's global limit before Discord has to say so.

    Args:
        rate: Requests per second allowed (50 by default in the client). Rates below
            one become one request per ``1 / rate`` seconds.
    """

    def __init__(self, rate: float) -> None:
        if not rate > 0 or math.isinf(rate) or math.isnan(rate):
            raise ValueError(f"global_rate_limit must be a positive number, got {rate!r}")
        self.limit = max(int(rate), 1)
        self.period = self.limit / rate
        self.in_flight = 0
        self._done: collections.deque[float] = collections.deque()
        self._blocked_until = 0.0
        self._lock = asyncio.Lock()
        self._released = asyncio.Event()

    async def acquire(self, route: str, max_wait: float) -> None:
        """Wait for a slot under the global limit.

        Raises:
            RateLimitTooLongError: When a global 429 blocks for longer than ``max_wait``.
        """
        async with self._lock:
            while True:
                now = time.monotonic()
                if now < self._blocked_until:
                    wait = self._blocked_until - now
                    if wait > max_wait:
                        raise RateLimitTooLongError(route, wait, max_wait, is_global=True)
                    await asyncio.sleep(wait)
                    continue
                done = self._done
                while done and done[0] + self.period <= now:
                    done.popleft()
                if self.in_flight + len(done) < self.limit:
                    self.in_flight += 1
                    return
                if done:
                    await asyncio.sleep(done[0] + self.period - now)
                else:
                    self._released.clear()
                    await self._released.wait()

    def release(self) -> None:
        """Mark one request as answered (its slot frees ``period`` seconds from now)."""
        self.in_flight -= 1
        self._done.append(time.monotonic())
        self._released.set()

    def block(self, retry_after: float) -> None:
        """Hold every paced request for ``retry_after`` seconds (after a global 429)."""
        self._blocked_until = max(self._blocked_until, time.monotonic() + retry_after)
