"""Fault injection and rate limits for the fake Discord: scripts, buckets, the global counter."""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from kagari.testing.fake_discord import RecordedRequest

__all__ = [
    "BucketSpec",
    "BucketWindows",
    "Fault",
    "FaultScripts",
    "GlobalCounter",
    "RouteSelector",
    "bucket_hash",
    "is_invalid_answer",
    "matcher",
    "max_in_window",
    "rate_limit_headers",
    "scripted_429",
    "too_many",
]

_BUCKET_HEADERS = (
    "X-RateLimit-Bucket",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-RateLimit-Reset-After",
)

RouteSelector = Union[str, Callable[["RecordedRequest"], bool]]  # noqa: UP007 - runtime alias
"""A spec route such as ``"POST /webhooks/{webhook_id}/{webhook_token}"``, or a predicate."""

Matcher = Callable[["RecordedRequest"], bool]


def matcher(route: RouteSelector, known: Iterable[str]) -> Matcher:
    """Turn a route selector into a predicate, checking that a route string exists.

    Raises:
        ValueError: When ``route`` is a string naming no route the fake serves.
    """
    if callable(route):
        return route
    method, _, template = route.strip().partition(" ")
    key = f"{method.upper()} {template.strip()}"
    if key not in set(known):
        raise ValueError(
            f"route {route!r} is not served by FakeDiscord; use 'METHOD /template' as in "
            "Discord's spec, e.g. 'POST /webhooks/{webhook_id}/{webhook_token}'"
        )
    return lambda recorded: recorded.route == key


@dataclasses.dataclass
class Fault:
    """One scripted fault: what to do to the next ``remaining`` matching requests.

    Attributes:
        kind: ``"drop"``, ``"fail"``, ``"rate_limit"`` or ``"delay"``.
        match: The predicate choosing requests.
        remaining: How many more requests it applies to (``None``: all of them).
        status: The status of a ``fail``.
        seconds: The wait of a ``rate_limit`` (``retry_after``) or a ``delay``.
        is_global: Whether a ``rate_limit`` is the global one (``X-RateLimit-Global``).
        body_global: What a ``rate_limit``'s body says in ``global``.
        scope: A ``rate_limit``'s ``X-RateLimit-Scope`` (``None``: not sent).
        bucket_headers: Whether a ``rate_limit`` carries the route's bucket headers.
        headers: Headers of a ``rate_limit`` set last (``None`` removes one).
        after_processing: Whether a ``drop`` lets the request act first (Discord did
            the work, and the answer is lost on the way back).
    """

    kind: str
    match: Matcher
    remaining: int | None
    status: int = 500
    seconds: float = 0.0
    is_global: bool = False
    body_global: bool = False
    scope: str | None = None
    bucket_headers: bool = True
    headers: Mapping[str, str | None] = dataclasses.field(default_factory=dict)
    after_processing: bool = False


class FaultScripts:
    """The scripted faults, consumed in the order they were added."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Script ``fault``.

        Raises:
            ValueError: When its count is not positive.
        """
        if fault.remaining is not None and fault.remaining < 1:
            raise ValueError(f"count must be at least 1, got {fault.remaining}")
        self._faults.append(fault)

    def take(self, kind: str, recorded: RecordedRequest) -> Fault | None:
        """Use up one application of the first ``kind`` fault matching ``recorded``."""
        for fault in self._faults:
            if fault.kind == kind and fault.match(recorded):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Forget every scripted fault."""
        self._faults.clear()


@dataclasses.dataclass
class BucketSpec:
    """A rate-limit bucket the fake enforces, like Discord's per-route limits.

    Attributes:
        name: The bucket hash sent in ``X-RateLimit-Bucket``.
        limit: Requests allowed per window and major parameter.
        reset_after: The window's length, in seconds.
        match: The requests that count against it.
    """

    name: str
    limit: int
    reset_after: float
    match: Matcher


@dataclasses.dataclass
class _Window:
    count: int
    reset_at: float


class BucketWindows:
    """Fixed windows per (bucket, major parameter), opened by the first request after a reset."""

    def __init__(self) -> None:
        self.specs: list[BucketSpec] = []
        self._windows: dict[tuple[str, str], _Window] = {}

    def add(self, spec: BucketSpec) -> None:
        """Enforce ``spec`` (later specs take precedence for routes matched twice)."""
        self.specs.insert(0, spec)

    def spec_for(self, recorded: RecordedRequest) -> BucketSpec | None:
        """The bucket ``recorded`` counts against, if any."""
        return next((spec for spec in self.specs if spec.match(recorded)), None)

    def hit(self, spec: BucketSpec, major: str, now: float) -> tuple[bool, int, float]:
        """Count one request; return (allowed, remaining, seconds until reset)."""
        key = (spec.name, major)
        window = self._windows.get(key)
        if window is None or now >= window.reset_at:
            window = self._windows[key] = _Window(0, now + spec.reset_after)
        if window.count >= spec.limit:
            return False, 0, window.reset_at - now
        window.count += 1
        return True, spec.limit - window.count, window.reset_at - now

    def peek(self, spec: BucketSpec, major: str, now: float) -> tuple[int, float]:
        """(remaining, seconds until reset) without counting a request."""
        window = self._windows.get((spec.name, major))
        if window is None or now >= window.reset_at:
            return spec.limit, spec.reset_after
        return max(spec.limit - window.count, 0), window.reset_at - now


class GlobalCounter:
    """Counts authenticated requests per sliding second, optionally refusing the excess."""

    def __init__(self) -> None:
        self.limit: int | None = None
        self.window = 1.0
        self._recent: collections.deque[float] = collections.deque()

    def hit(self, now: float) -> float | None:
        """Count a request; return the wait before the next allowed one if over the limit."""
        recent = self._recent
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if self.limit is not None and len(recent) >= self.limit:
            return recent[0] + self.window - now
        recent.append(now)
        return None


def max_in_window(times: Iterable[float], window: float) -> int:
    """The largest number of ``times`` inside any half-open interval of length ``window``."""
    ordered = sorted(times)
    best = 0
    start = 0
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def bucket_hash(name: str) -> str:
    """A Discord-looking bucket hash for a bucket name."""
    return hashlib.sha1(name.encode()).hexdigest()[:32]


def rate_limit_headers(
    spec: BucketSpec, remaining: int, reset_after: float, scope: str | None = None
) -> dict[str, str]:
    """The ``X-RateLimit-*`` headers Discord sends, rounding the reset up to milliseconds."""
    reset_after = math.ceil(max(reset_after, 0.0) * 1000) / 1000
    headers = {
        "X-RateLimit-Bucket": spec.name,
        "X-RateLimit-Limit": str(spec.limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
    }
    if scope is not None:
        headers["X-RateLimit-Scope"] = scope
    return headers


def too_many(retry_after: float, is_global: bool) -> dict[str, Any]:
    """Discord's 429 body."""
    return {
        "message": "You are being rate limited.",
        "retry_after": round(max(retry_after, 0.0), 3),
        "global": is_global,
    }


def scripted_429(fault: Fault, bucket: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The body and headers of a scripted 429.

    Args:
        fault: The ``rate_limit`` fault.
        bucket: The route's bucket headers as they stand (empty when it has no bucket).
    """
    headers: dict[str, str] = {}
    if fault.bucket_headers and not fault.is_global:
        headers.update({k: v for k, v in bucket.items() if k in _BUCKET_HEADERS})
    if fault.is_global:
        headers["X-RateLimit-Global"] = "true"
    if fault.scope is not None:
        headers["X-RateLimit-Scope"] = fault.scope
    headers["Retry-After"] = str(max(1, math.ceil(fault.seconds)))
    for name, value in fault.headers.items():
        if value is None:
            headers.pop(name, None)
        else:
            headers[name] = value
    return too_many(fault.seconds, fault.body_global), headers


def is_invalid_answer(status: int | None, headers: Mapping[str, str]) -> bool:
    """Whether Discord counts an answer towards its ban: 401, 403, or a non-shared 429."""
    if status == 429:
        return headers.get("X-RateLimit-Scope") != "shared"
    return status in (401, 403)
