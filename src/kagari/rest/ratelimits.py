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
* A 429 is read into a :class:`RateLimited`; :meth:`BucketManager.release_limited`
  decides what it holds: the bucket, the route (when Discord names no bucket), or
  nothing but the request itself (a ``shared`` scope or a sublimit).
* The :class:`InvalidRequestGuard` counts 401, 403 and 429 answers, which Discord bans
  an IP for when there are too many.
* The :class:`PendingLimit` caps the requests the client holds at once (waiting for a
  limit or a connection, or in flight): past it a new one fails fast.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import math
import time
from collections.abc import Mapping
from typing import Any, Final

from kagari.rest.errors import (
    InvalidRequestLimitError,
    RateLimitTooLongError,
    RESTQueueFullError,
)
from kagari.rest.routes import CompiledRoute

__all__ = [
    "DEFAULT_INVALID_REQUEST_LIMIT",
    "DEFAULT_MAX_PENDING_REQUESTS",
    "INVALID_REQUEST_WINDOW",
    "Bucket",
    "BucketManager",
    "GlobalLimiter",
    "InvalidRequestGuard",
    "PendingLimit",
    "RateLimitHeaders",
    "RateLimited",
    "Ticket",
]

DEFAULT_INVALID_REQUEST_LIMIT: Final = 5000
"""The client's default cap on 401/403/429 answers per window: half of Discord's 10,000."""

INVALID_REQUEST_WINDOW: Final = 600.0
"""Discord's window for counting invalid requests: 10 minutes."""

DEFAULT_MAX_PENDING_REQUESTS: Final = 10_000
"""The client's default cap on requests pending at once (ten per interaction in flight
at the server's default of 1,000)."""

_REFUSAL_LOG_EVERY = 10.0

_LOGGER = logging.getLogger("kagari.rest")
_UNLIMITED: Final = "<unlimited>"
_SWEEP_EVERY = 256
_SWEEP_HOLDS_ABOVE = 64


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


class RateLimited:
    """A 429 answer, read.

    Args:
        retry_after: Seconds to wait before trying again.
        is_global: Whether it is the global limit: the body's ``global``, the
            ``X-RateLimit-Global: true`` header or the ``global`` scope says so.
        scope: ``X-RateLimit-Scope`` (``user``, ``global`` or ``shared``), if sent.
        headers: The bucket headers of the answer, if it named a bucket.
    """

    __slots__ = ("headers", "is_global", "retry_after", "scope")

    def __init__(
        self,
        retry_after: float,
        is_global: bool,
        scope: str | None,
        headers: RateLimitHeaders | None,
    ) -> None:
        self.retry_after = retry_after
        self.is_global = is_global
        self.scope = scope
        self.headers = headers

    @classmethod
    def parse(cls, body: Any, headers: Mapping[str, str]) -> RateLimited:
        """Read a 429's decoded body (JSON, text or ``None``) and headers."""
        scope = headers.get("X-RateLimit-Scope")
        is_global = (
            (isinstance(body, Mapping) and bool(body.get("global")))
            or headers.get("X-RateLimit-Global", "").strip().lower() == "true"
            or scope == "global"
        )
        return cls(_retry_after(body, headers), is_global, scope, RateLimitHeaders.parse(headers))

    @property
    def is_sublimit(self) -> bool:
        """A route 429 whose headers still show requests left in the bucket's window."""
        headers = self.headers
        return not self.is_global and headers is not None and headers.remaining > 0

    @property
    def kind(self) -> str:
        """``global``, ``shared``, ``sublimit``, ``bucket`` or ``unknown bucket``, for logs."""
        if self.is_global:
            return "global"
        if self.scope == "shared":
            return "shared"
        if self.is_sublimit:
            return "sublimit"
        return "bucket" if self.headers is not None else "unknown bucket"

    @property
    def is_invalid(self) -> bool:
        """Whether Discord counts it as an invalid request (every 429 but ``shared`` ones)."""
        return self.scope != "shared"


def _retry_after(body: Any, headers: Mapping[str, str]) -> float:
    """The wait a 429 asks for: the body's ``retry_after``, then ``Retry-After``, then the
    bucket's ``X-RateLimit-Reset-After``; one second when none is readable."""
    candidates: list[Any] = []
    if isinstance(body, Mapping):
        candidates.append(body.get("retry_after"))
    candidates += [headers.get("Retry-After"), headers.get("X-RateLimit-Reset-After")]
    for value in candidates:
        if value is None or isinstance(value, bool):
            continue
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            continue
        if math.isfinite(seconds):
            return max(seconds, 0.0)
    return 1.0


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
        probe: The probe this request holds while it discovers an unknown route's
            bucket: the route key, with the major parameter on interaction routes.
        is_global: Whether the request took a slot of the global limiter.
    """

    __slots__ = ("bucket", "epoch", "is_global", "major", "probe", "route_key")

    def __init__(
        self,
        route_key: str,
        major: str,
        bucket: Bucket | None = None,
        epoch: int = 0,
        probe: tuple[str, str] | None = None,
    ) -> None:
        self.route_key = route_key
        self.major = major
        self.bucket = bucket
        self.epoch = epoch
        self.probe = probe
        self.is_global = False


class _Probe:
    """The lock held while one request discovers a route's bucket, and who uses it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class BucketManager:
    """Maps routes to bucket hashes as Discord reveals them and keeps each bucket's window.

    The first request on a route Discord has not described yet goes alone; the others
    on that route wait for its answer, which names the bucket (shared by every route
    answering with the same ``X-RateLimit-Bucket``) and its window. On an
    interaction-token route "alone" means per interaction: each token is its own
    bucket, so first requests to different interactions never wait for one another.

    A 429 on a route with no known bucket *holds* the route (for that major parameter
    value) for ``retry_after`` seconds, so the next request does not run into the same
    limit.
    """

    def __init__(self) -> None:
        self._route_hashes: dict[str, str] = {}
        self._limits: dict[str, int] = {}
        self._buckets: dict[tuple[str, str], Bucket] = {}
        self._probes: dict[tuple[str, str], _Probe] = {}
        self._holds: dict[tuple[str, str], float] = {}
        self._created = 0

    def bucket_hash(self, route_key: str) -> str | None:
        """The bucket hash learnt for ``route_key`` (``None`` when unknown or unlimited)."""
        found = self._route_hashes.get(route_key)
        return None if found == _UNLIMITED else found

    def bucket_for(self, compiled: CompiledRoute) -> Bucket | None:
        """The bucket ``compiled`` currently counts against, if known."""
        return self._known_bucket(compiled.route.key, compiled.major_value)

    def held_for(self, compiled: CompiledRoute) -> float:
        """Seconds left on a hold of ``compiled``'s route (after a 429 naming no bucket)."""
        until = self._holds.get((compiled.route.key, compiled.major_value))
        return 0.0 if until is None else max(until - time.monotonic(), 0.0)

    async def acquire(self, compiled: CompiledRoute, max_wait: float) -> Ticket:
        """Wait until ``compiled`` may be sent and return its ticket.

        Raises:
            RateLimitTooLongError: When the bucket resets, or a hold of the route ends,
                later than ``max_wait`` seconds from now.
        """
        key = compiled.route.key
        major = compiled.major_value
        await self._wait_hold(key, major, max_wait)
        found = self._route_hashes.get(key)
        if found is None:
            probe_key = (key, major if compiled.route.is_interaction else "")
            probe = self._probes.get(probe_key)
            if probe is None:
                probe = self._probes[probe_key] = _Probe()
            probe.users += 1
            try:
                await probe.lock.acquire()
            except BaseException:
                self._leave_probe(probe_key, probe, held=False)
                raise
            try:
                await self._wait_hold(key, major, max_wait)  # set by the answer just before
            except BaseException:
                self._leave_probe(probe_key, probe, held=True)
                raise
            found = self._route_hashes.get(key)
            if found is None:
                return Ticket(key, major, probe=probe_key)
            self._leave_probe(probe_key, probe, held=True)
        if found == _UNLIMITED:
            return Ticket(key, major)
        bucket = self._get_bucket(found, major)
        epoch = await bucket.acquire(key, max_wait)
        return Ticket(key, major, bucket, epoch)

    def release(self, ticket: Ticket, headers: RateLimitHeaders | None) -> None:
        """Return ``ticket`` with the answer's rate-limit headers (``None`` if it had none)."""
        try:
            if ticket.bucket is not None:
                ticket.bucket.release(ticket.epoch, headers)
            if headers is not None:
                self._learn_route(ticket, headers)
            elif ticket.probe is not None and ticket.route_key not in self._route_hashes:
                self._route_hashes[ticket.route_key] = _UNLIMITED
        finally:
            self._release_probe(ticket)

    def release_limited(self, ticket: Ticket, limited: RateLimited) -> bool:
        """Return ``ticket`` after a 429 and close what it limits.

        * ``shared`` scope: a limit on the resource, not on this bot's bucket; the
          bucket is left alone.
        * global: nothing here (the client holds the global limiter).
        * a sublimit (the headers show requests left): the bucket stays open.
        * otherwise the bucket closes for ``retry_after`` seconds, or, when Discord
          named no bucket, the route is held that long.

        Returns:
            Whether the next request on this route will wait for the 429 in
            :meth:`acquire` (so the limited request need not sleep on its own).
        """
        headers = limited.headers
        try:
            if limited.scope == "shared" and not limited.is_global:
                if ticket.bucket is not None:
                    ticket.bucket.release(ticket.epoch, None)
                return False
            if ticket.bucket is not None:
                ticket.bucket.release(ticket.epoch, headers)
            if headers is not None:
                self._learn_route(ticket, headers)
            if limited.is_global or limited.is_sublimit:
                return False
            bucket = self._known_bucket(ticket.route_key, ticket.major)
            if bucket is not None:
                bucket.block(limited.retry_after)
            else:
                self._hold(ticket.route_key, ticket.major, limited.retry_after)
            return True
        finally:
            self._release_probe(ticket)

    def release_failed(self, ticket: Ticket) -> None:
        """Return ``ticket`` for a request that got no answer at all."""
        if ticket.bucket is not None:
            ticket.bucket.release(ticket.epoch, None)
        self._release_probe(ticket)

    def block(self, compiled: CompiledRoute, retry_after: float) -> bool:
        """Close the bucket of ``compiled`` for ``retry_after`` seconds; False if it has none."""
        bucket = self.bucket_for(compiled)
        if bucket is None:
            return False
        bucket.block(retry_after)
        return True

    def _known_bucket(self, route_key: str, major: str) -> Bucket | None:
        found = self._route_hashes.get(route_key)
        if found is None or found == _UNLIMITED:
            return None
        return self._buckets.get((found, major))

    def _hold(self, route_key: str, major: str, retry_after: float) -> None:
        now = time.monotonic()
        key = (route_key, major)
        self._holds[key] = max(self._holds.get(key, 0.0), now + retry_after)
        if len(self._holds) > _SWEEP_HOLDS_ABOVE:
            for stale in [k for k, until in self._holds.items() if until <= now]:
                del self._holds[stale]

    async def _wait_hold(self, route_key: str, major: str, max_wait: float) -> None:
        key = (route_key, major)
        while True:
            until = self._holds.get(key)
            if until is None:
                return
            wait = until - time.monotonic()
            if wait <= 0:
                del self._holds[key]
                return
            if wait > max_wait:
                raise RateLimitTooLongError(route_key, wait, max_wait)
            await asyncio.sleep(wait)

    def _release_probe(self, ticket: Ticket) -> None:
        probe_key, ticket.probe = ticket.probe, None
        if probe_key is None:
            return
        probe = self._probes.get(probe_key)
        if probe is not None:
            self._leave_probe(probe_key, probe, held=True)

    def _leave_probe(self, probe_key: tuple[str, str], probe: _Probe, *, held: bool) -> None:
        if held:
            probe.lock.release()
        probe.users -= 1
        if probe.users <= 0:
            del self._probes[probe_key]

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


class InvalidRequestGuard:
    """Counts 401, 403 and 429 answers in a rolling window; refuses to send at a limit.

    Discord (through Cloudflare) bans an IP address for an hour after 10,000 such
    answers (429s of ``shared`` scope excepted) within 10 minutes. The guard logs a
    warning on the ``kagari.rest`` logger once half of ``limit`` is reached, and from
    ``limit`` on :meth:`check` raises until old answers leave the window.

    Args:
        limit: Answers allowed per window; ``None`` turns the guard off.
        window: The window's length in seconds (Discord's is 600).

    Raises:
        ValueError: When ``limit`` is below 1 or ``window`` is not positive.
    """

    def __init__(self, limit: int | None, window: float = INVALID_REQUEST_WINDOW) -> None:
        if limit is not None and (isinstance(limit, bool) or limit < 1):
            raise ValueError(f"invalid_request_limit must be at least 1 or None, got {limit!r}")
        if not window > 0 or math.isinf(window):
            raise ValueError(f"invalid_request_window must be a positive number, got {window!r}")
        self.limit = limit
        self.window = window
        self._times: collections.deque[float] = collections.deque()
        self._warned = False
        self._refused = False

    @property
    def count(self) -> int:
        """The invalid answers counted within the last ``window`` seconds."""
        self._forget(time.monotonic())
        return len(self._times)

    def check(self, route: str) -> None:
        """Raise if sending one more request could reach Discord's ban.

        Raises:
            InvalidRequestLimitError: When ``limit`` answers are already in the window.
        """
        limit = self.limit
        if limit is None or not self._times:
            return
        now = time.monotonic()
        self._forget(now)
        count = len(self._times)
        if count >= limit:
            retry_after = self._times[0] + self.window - now
            raise InvalidRequestLimitError(route, count, limit, self.window, retry_after)

    def record(self, route: str, status: int) -> None:
        """Count one invalid answer (``status`` 401, 403 or a non-shared 429) on ``route``."""
        limit = self.limit
        if limit is None:
            return
        now = time.monotonic()
        self._forget(now)
        self._times.append(now)
        count = len(self._times)
        if count >= limit:
            if not self._refused:
                self._refused = True
                _LOGGER.error(
                    "%d answers were 401, 403 or 429 in the last %gs (the last: %d on %s): "
                    "invalid_request_limit=%d is reached, requests are refused "
                    "(InvalidRequestLimitError) until older ones leave the window",
                    count,
                    self.window,
                    status,
                    route,
                    limit,
                )
        elif count * 2 >= limit and not self._warned:
            self._warned = True
            _LOGGER.warning(
                "%d answers were 401, 403 or 429 in the last %gs (the last: %d on %s), half "
                "of invalid_request_limit=%d; Discord bans the IP for an hour at 10,000 in "
                "10 minutes",
                count,
                self.window,
                status,
                route,
                limit,
            )

    def _forget(self, now: float) -> None:
        times = self._times
        horizon = now - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if self.limit is not None and len(times) * 2 < self.limit:
            self._warned = self._refused = False
        elif self.limit is not None and len(times) < self.limit:
            self._refused = False


class PendingLimit:
    """Counts the requests a client holds, from the call until the answer; caps them.

    A request is pending while it waits for a bucket, the global limit, a 429's
    ``retry_after``, a retry's backoff or a pooled connection, and while it is in
    flight. From ``limit`` on, :meth:`enter` raises
    :class:`~kagari.rest.RESTQueueFullError` at once. Refusals are logged as a warning
    on ``kagari.rest``: the first one, then a count at most every ten seconds.

    Args:
        limit: Requests allowed to be pending; ``None`` means no limit.

    Raises:
        ValueError: When ``limit`` is below 1.
    """

    def __init__(self, limit: int | None) -> None:
        if limit is not None and (isinstance(limit, bool) or limit < 1):
            raise ValueError(f"max_pending_requests must be at least 1 or None, got {limit!r}")
        self.limit = limit
        self.pending = 0
        self.refused = 0
        self._unlogged = 0
        self._logged_at = -math.inf

    def enter(self, route: str) -> None:
        """Count one more pending request on ``route``.

        Raises:
            RESTQueueFullError: When ``limit`` requests are already pending.
        """
        limit = self.limit
        if limit is not None and self.pending >= limit:
            self.refused += 1
            self._unlogged += 1
            now = time.monotonic()
            if now - self._logged_at >= _REFUSAL_LOG_EVERY:
                _LOGGER.warning(
                    "%d request(s) refused with RESTQueueFullError since the last report "
                    "(the last: %s): %d are pending, max_pending_requests=%d",
                    self._unlogged,
                    route,
                    self.pending,
                    limit,
                )
                self._unlogged = 0
                self._logged_at = now
            raise RESTQueueFullError(route, self.pending, limit)
        self.pending += 1

    def leave(self) -> None:
        """Count one pending request as answered (or failed)."""
        self.pending -= 1
