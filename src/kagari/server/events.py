"""Discord's webhook events, with no HTTP server attached: verify, acknowledge, dispatch.

Discord POSTs webhook events (``APPLICATION_AUTHORIZED``, ``ENTITLEMENT_CREATE`` ...)
to an app's event webhooks URL, signed like interactions. That URL must not be the
interactions endpoint: there ``type: 1`` is a PING, here it is an event. The answers:

* a bad signature, or none: 401 (Discord sends invalid signatures on purpose, and
  removes URLs that accept them);
* a PING (``type: 0``): 204 with an empty body and a ``Content-Type``;
* an event: 204 at once; its handlers run after the answer is sent, as tracked
  background work, each failure logged on its own;
* a repeat of a body already received (Discord retries for ten minutes, and the
  payload has no event id) within ``dedupe_window`` seconds: 204, handlers not run again.

:class:`EventServer` shares the interactions path's public key, body limit and refusal
log, and answers with the same :class:`~kagari.server.pipeline.Response` objects, so
every front end serves it the way it serves interactions.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from kagari import _json
from kagari.models.events import WebhookEvent, decode_webhook_event
from kagari.server.logs import RejectionLog, escape
from kagari.server.pipeline import InteractionServer, Response, error_response
from kagari.server.replay import ReplayCache
from kagari.server.tasks import TaskTracker
from kagari.server.verify import InvalidSignature, Verifier

__all__ = [
    "DEFAULT_EVENTS_DEDUPE_WINDOW",
    "DEFAULT_EVENTS_PATH",
    "EventHandler",
    "EventServer",
    "check_events_path",
]

_LOGGER = logging.getLogger("kagari.server.events")

DEFAULT_EVENTS_PATH = "/events"
"""Where webhook events are served by default."""

DEFAULT_EVENTS_DEDUPE_WINDOW = 600.0
"""Seconds a received event body is remembered by default: Discord retries a delivery
for up to ten minutes."""

_DEDUPE_BYTES = 16 * 1024 * 1024
_CONTINUATION_GRACE = 5.0

EventHandler = Callable[[Any], Awaitable[None]]
"""A webhook event handler: ``async def handler(event) -> None``, given a
:class:`~kagari.models.events.WebhookEvent` (or the typed subclass of its type)."""


def check_events_path(events_path: str | None, path: str, health_path: str | None) -> None:
    """Check that the webhook events path can be served beside the others.

    Raises:
        ValueError: If it does not start with ``/``, or is the interactions or health path.
    """
    if events_path is None:
        return
    if not events_path.startswith("/"):
        raise ValueError("the events path must start with '/'")
    if events_path == path:
        raise ValueError(
            f"the events path must differ from the interactions endpoint path ({path!r}): "
            "there 'type: 1' is a PING, on the events path it is an event"
        )
    if events_path == health_path:
        raise ValueError("the events path must differ from the health path")


def _is_async(handler: object) -> bool:
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(
        getattr(handler, "__call__", None)  # noqa: B004 - an async __call__ counts too
    )


class EventServer:
    """Verifies, acknowledges and dispatches webhook events to handlers per event type.

    Args:
        interactions: The interactions path whose public key, body limit and refusal
            log the events share (one application, one key).
        tasks: Where handlers run after the answer; drained on shutdown.
        dedupe_window: Seconds a received body is remembered, so that a repeated
            delivery does not run its handlers again; ``None`` turns this off.
        dedupe_bytes: The memory budget, in bytes, of the remembered bodies (their
            hashes are kept, not the bodies).
    """

    def __init__(
        self,
        interactions: InteractionServer,
        *,
        tasks: TaskTracker,
        dedupe_window: float | None = DEFAULT_EVENTS_DEDUPE_WINDOW,
        dedupe_bytes: int = _DEDUPE_BYTES,
    ) -> None:
        if dedupe_window is not None and dedupe_window <= 0:
            raise ValueError("dedupe_window must be positive (or None to turn it off)")
        self._interactions = interactions
        self._tasks = tasks
        self._handlers: dict[str, list[EventHandler]] = {}
        self._verifier: Verifier | None = None
        self.dedupe_window = dedupe_window
        self._seen: ReplayCache[bool] | None = None
        if dedupe_window is not None:
            self._seen = ReplayCache(dedupe_window, None, max_bytes=dedupe_bytes)

    # -- configuration ---------------------------------------------------------------

    @property
    def max_body_size(self) -> int:
        """The largest body accepted (the interactions path's limit)."""
        return self._interactions.max_body_size

    @property
    def rejections(self) -> RejectionLog:
        """The rate-limited log of rejected requests (shared with interactions)."""
        return self._interactions.rejections

    def add_handler(self, event_type: str, handler: EventHandler) -> None:
        """Run ``await handler(event)`` for every event of ``event_type``.

        Several handlers may share a type; they run in the order they were added.

        Raises:
            TypeError: If ``handler`` is not an async function.
            ValueError: If ``event_type`` is empty.
        """
        if not isinstance(event_type, str) or not event_type:
            raise ValueError(
                "the event type must be a non-empty string such as 'ENTITLEMENT_CREATE'"
            )
        if not _is_async(handler):
            raise TypeError(f"an event handler must be an async function, not {handler!r}")
        self._handlers.setdefault(str(event_type), []).append(handler)

    def remove_handler(self, event_type: str, handler: EventHandler) -> None:
        """Stop running ``handler`` for ``event_type``.

        Raises:
            ValueError: If it was not added for that type.
        """
        handlers = self._handlers.get(str(event_type), [])
        if handler not in handlers:
            raise ValueError(f"{handler!r} is not a handler of {event_type!r}")
        handlers.remove(handler)
        if not handlers:
            del self._handlers[str(event_type)]

    def handlers(self, event_type: str) -> tuple[EventHandler, ...]:
        """The handlers of ``event_type``, in the order they run."""
        return tuple(self._handlers.get(str(event_type), ()))

    # -- the request path ------------------------------------------------------------

    def check_request(
        self,
        method: str,
        content_type: str,
        signature: bytes,
        timestamp: bytes,
        content_length: int | None,
    ) -> Response | None:
        """The refusals decided before the body is read, exactly as for interactions.

        See :meth:`kagari.server.pipeline.InteractionServer.check_request`.
        """
        return self._interactions.check_request(
            method, content_type, signature, timestamp, content_length
        )

    async def on_event(self, body: bytes, signature: bytes, timestamp: bytes) -> Response:
        """Handle one webhook event request's body and signature headers; never raises.

        Returns:
            The response to send: 401 bad signature, 413 too large, 400 not a webhook
            event, else 204. Call its :meth:`~kagari.server.pipeline.Response.sent`
            once it is sent: the handlers start then.
        """
        if not self._interactions.check_headers(signature, timestamp):
            return error_response(401, "invalid request signature")
        return await self.on_verified_headers(body, signature, timestamp)

    async def on_verified_headers(
        self, body: bytes, signature: bytes, timestamp: bytes
    ) -> Response:
        """:meth:`on_event` for a front end that already ran :meth:`check_request`."""
        interactions = self._interactions
        if len(body) > interactions.max_body_size:
            return interactions.reject(413, "request body too large")
        verifier = self._current_verifier()
        if verifier is None:
            self.rejections.reject(401, "no public key is set yet")
            return error_response(401, "invalid request signature")
        try:
            verifier.verify_checked(body, signature, timestamp)
        except InvalidSignature as error:
            self.rejections.reject(401, str(error))
            return error_response(401, "invalid request signature")
        try:
            payload = _json.loads(body)
        except ValueError as error:
            return interactions.reject(400, "body is not valid JSON", str(error))
        kind = payload.get("type") if isinstance(payload, dict) else None
        if kind == 0 and not isinstance(kind, bool):
            _LOGGER.debug("answered a webhook events PING")
            return _acknowledgement()
        event = payload.get("event") if kind == 1 and not isinstance(kind, bool) else None
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return interactions.reject(400, "body is not a webhook event")
        decoded = decode_webhook_event(payload)
        event_type = str(event["type"])
        if self._is_repeat(body, event_type):
            return _acknowledgement()
        handlers = self.handlers(event_type)
        if not handlers:
            _LOGGER.debug("no handler for webhook event %s", escape(event_type))
            return _acknowledgement()
        return self._run_after(decoded, event_type, handlers)

    # -- internals -------------------------------------------------------------------

    def _current_verifier(self) -> Verifier | None:
        key = self._interactions.public_key
        if key is None:
            return None
        verifier = self._verifier
        window = self._interactions.replay_window
        if verifier is None or verifier.public_key != key or verifier.max_age != window:
            verifier = self._verifier = Verifier(key, max_age=window)
        return verifier

    def _is_repeat(self, body: bytes, event_type: str) -> bool:
        seen = self._seen
        if seen is None:
            return False
        key = hashlib.sha256(body).hexdigest()
        repeat = seen.begin(key)
        if repeat is None:
            seen.finish(key, True)
            return False
        if repeat.done() and not repeat.cancelled():
            repeat.exception()  # retrieved: an unawaited failed future would be logged
        _LOGGER.info(
            "webhook event %s was already received; its handlers do not run again",
            escape(event_type),
        )
        return True

    def _run_after(
        self,
        event: WebhookEvent,
        event_type: str,
        handlers: tuple[EventHandler, ...],
    ) -> Response:
        answer = _AcknowledgedFirst()
        shown = escape(event_type)

        async def run() -> None:
            # If the front end never says it sent the answer, run anyway rather than lose it.
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(answer.flushed.wait(), _CONTINUATION_GRACE)
            for handler in handlers:
                try:
                    await handler(event)
                except Exception:
                    _LOGGER.exception("handler %r failed for webhook event %s", handler, shown)

        self._tasks.create(run(), name=f"kagari-event-{shown}")
        return answer


class _AcknowledgedFirst(Response):
    """A 204 whose handlers wait for :meth:`sent` (the front end flushed the answer)."""

    __slots__ = ("flushed",)

    def __init__(self) -> None:
        super().__init__(204, b"")
        self.flushed = asyncio.Event()

    @property
    def has_continuation(self) -> bool:
        """Always: the event's handlers run once the answer is sent."""
        return True

    def sent(self) -> None:
        """The answer is sent: the handlers may start."""
        self.flushed.set()


def _acknowledgement() -> Response:
    """204, an empty body, and a ``Content-Type`` (Discord asks for one on a PING's answer)."""
    return Response(204, b"")
