"""The request path with no HTTP server attached: verify, decode, dispatch, encode.

:class:`InteractionServer` turns raw request bytes into a :class:`Response`. The aiohttp
front end in :mod:`kagari.server.front` uses it, and so can any other front end (ASGI,
serverless): call :meth:`InteractionServer.on_interaction`, send the response, then call
:meth:`Response.sent`.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from concurrent.futures import Executor
from typing import Any, cast

from kagari import _json
from kagari.builders.files import File
from kagari.builders.multipart import encode_multipart, read_files
from kagari.builders.responses import ResponseBuilder
from kagari.console import TRACE
from kagari.models import (
    INTERACTION_CLASSES,
    InteractionType,
    PartialInteraction,
    decode_interaction,
)
from kagari.server.replay import ReplayCache
from kagari.server.tasks import TaskTracker
from kagari.server.verify import InvalidSignature, Verifier

__all__ = [
    "DEFAULT_MAX_BODY_SIZE",
    "LISTENER_CLASSES",
    "InteractionServer",
    "ListenerT",
    "Response",
    "error_response",
]

_LOGGER = logging.getLogger("kagari.server.pipeline")

DEFAULT_MAX_BODY_SIZE = 1024 * 1024
"""Largest request body accepted by default (1 MiB); larger bodies get 413."""

LISTENER_CLASSES: tuple[type[PartialInteraction], ...] = tuple(
    cls for kind, cls in INTERACTION_CLASSES.items() if kind != InteractionType.PING
)
"""The classes a listener can be registered under: every interaction model but PING's,
which the server answers itself (from :data:`kagari.models.INTERACTION_CLASSES`)."""

ListenerT = Callable[
    [Any], Awaitable[ResponseBuilder | None] | AsyncGenerator[ResponseBuilder, None]
]
"""A listener: a coroutine function returning a builder (or ``None``), or an async
generator function whose first yield is the HTTP response."""

_JSON = "application/json"
_PONG = _json.dumps({"type": 1})
_CONTINUATION_GRACE = 5.0


def error_response(status: int, message: str) -> Response:
    """A refusal: ``status`` with the JSON body ``{"error": message}``."""
    return Response(status, _json.dumps({"error": message}))


class Response:
    """What the HTTP front end should send back for one request.

    Attributes:
        status: The HTTP status code.
        headers: Headers to send (``Content-Type`` included when there is a body).
        body: The exact body bytes (JSON, or multipart when there are files), or ``None``.
        files: The files encoded in a multipart body, for inspection.
    """

    __slots__ = ("_after", "_sent", "body", "files", "headers", "status")

    def __init__(
        self,
        status: int,
        body: bytes | None = None,
        *,
        content_type: str | None = _JSON,
        files: Sequence[File] = (),
    ) -> None:
        self.status = status
        self.body = body
        self.headers: dict[str, str] = {}
        if body is not None and content_type is not None:
            self.headers["Content-Type"] = content_type
        self.files = tuple(files)
        self._sent: asyncio.Event | None = None
        self._after: Callable[[], None] | None = None

    def __repr__(self) -> str:
        return f"Response(status={self.status}, body={self.body[:80] if self.body else None!r})"

    @property
    def has_continuation(self) -> bool:
        """Whether work waits for :meth:`sent` (the rest of an async generator listener)."""
        return self._sent is not None

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` of the body, if there is one."""
        return self.headers.get("Content-Type")

    def sent(self) -> None:
        """Tell kagari the response has been written; post-response work may now start.

        Front ends call this after the last byte is flushed. If nobody calls it, the
        work starts anyway a few seconds later, so it is never lost.
        """
        if self._sent is not None:
            self._sent.set()


class InteractionServer:
    """Verifies, decodes and dispatches interactions to one listener per type.

    Args:
        public_key: The application's public key; may be set later with
            :meth:`set_public_key` (requests before that get 401).
        tasks: Where post-response work runs; it is drained on shutdown.
        executor: Where file reads for multipart responses run.
        max_body_size: Bodies larger than this get 413.
        replay_window: Seconds a signed timestamp may differ from this server's clock
            (401 outside), and how long an interaction id is remembered. ``None``
            disables both checks.
        dedupe: Answer a repeated interaction id with the first answer instead of
            running the listener again.
        replay_cache_size: The most interaction ids remembered at once.
    """

    def __init__(
        self,
        public_key: str | bytes | None,
        *,
        tasks: TaskTracker,
        executor: Executor | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        replay_window: float | None = 300.0,
        dedupe: bool = True,
        replay_cache_size: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.max_body_size = max_body_size
        self.replay_window = replay_window
        self.executor = executor
        self._clock = clock
        self._tasks = tasks
        self._verifier: Verifier | None = None
        self._listeners: dict[type[PartialInteraction], ListenerT] = {}
        self._replays: ReplayCache[Response] | None = None
        if dedupe:
            self._replays = ReplayCache(replay_window or 300.0, replay_cache_size)
        if public_key is not None:
            self.set_public_key(public_key)

    # -- configuration ---------------------------------------------------------------

    @property
    def public_key(self) -> bytes | None:
        """The raw public key in use, or ``None`` while none is set."""
        return None if self._verifier is None else self._verifier.public_key

    def set_public_key(self, public_key: str | bytes | None) -> None:
        """Use ``public_key`` (hex or raw bytes) to verify requests from now on.

        ``None`` removes the key: every request gets 401 until a key is set again (a bot
        started without a key then fetches or generates one at its next start).

        Raises:
            ValueError: If the key is not 32 bytes / 64 hex characters.
        """
        if public_key is None:
            self._verifier = None
            return
        self._verifier = Verifier(public_key, max_age=self.replay_window, clock=self._clock)

    def set_listener(
        self,
        interaction_type: type[PartialInteraction],
        listener: ListenerT | None,
        /,
        *,
        replace: bool = False,
    ) -> None:
        """Register (or with ``None`` remove) the listener for one interaction class.

        Raises:
            TypeError: If a listener is already set and ``replace`` is false, or the
                class is not one of the four listenable interaction classes.
        """
        if interaction_type not in LISTENER_CLASSES:
            names = ", ".join(cls.__name__ for cls in LISTENER_CLASSES)
            raise TypeError(f"listeners can be set for {names}; not {interaction_type!r}")
        if listener is None:
            self._listeners.pop(interaction_type, None)
            return
        if not replace and interaction_type in self._listeners:
            raise TypeError(
                f"a listener for {interaction_type.__name__} is already set; "
                "pass replace=True to replace it"
            )
        self._listeners[interaction_type] = listener

    def get_listener(self, interaction_type: type[PartialInteraction], /) -> ListenerT | None:
        """The listener registered for ``interaction_type``, or ``None``."""
        return self._listeners.get(interaction_type)

    # -- the request path ------------------------------------------------------------

    def check_request(
        self,
        method: str,
        content_type: str,
        signature: bytes,
        timestamp: bytes,
        content_length: int | None,
    ) -> Response | None:
        """The refusals a front end decides before reading the body, in contract order.

        405 for a method other than POST, 415 for a body that is not JSON (charset
        parameters allowed), 401 for missing or malformed signature headers, 413 for an
        announced length over :attr:`max_body_size`. ``None`` when the body may be read
        and passed to :meth:`on_verified_headers`.
        """
        if method != "POST":
            refusal = error_response(405, "method not allowed")
            refusal.headers["Allow"] = "POST"
            return refusal
        if content_type != _JSON and content_type.partition(";")[0].strip().lower() != _JSON:
            return error_response(415, "content type must be application/json")
        if not self.check_headers(signature, timestamp):
            return error_response(401, "invalid request signature")
        if content_length is not None and content_length > self.max_body_size:
            return error_response(413, "request body too large")
        return None

    def check_headers(self, signature: bytes | str | None, timestamp: bytes | str | None) -> bool:
        """Whether the signature headers are present and well formed (logs when not)."""
        try:
            Verifier.check_headers(signature, timestamp)
        except InvalidSignature as error:
            _LOGGER.warning("rejected request (401): %s", error)
            return False
        return True

    async def on_interaction(self, body: bytes, signature: bytes, timestamp: bytes) -> Response:
        """Handle one request's body and signature headers; never raises.

        Args:
            body: The raw request body.
            signature: The ``X-Signature-Ed25519`` header value.
            timestamp: The ``X-Signature-Timestamp`` header value.

        Returns:
            The response to send: 401 bad signature, 413 too large, 400 not an
            interaction, 200 PONG, 501 no listener, 500 listener failure, 202 the
            listener answered through REST, else 200 with the listener's answer.
        """
        if not self.check_headers(signature, timestamp):
            return error_response(401, "invalid request signature")
        return await self.on_verified_headers(body, signature, timestamp)

    async def on_verified_headers(
        self, body: bytes, signature: bytes, timestamp: bytes
    ) -> Response:
        """:meth:`on_interaction` for a front end that already ran :meth:`check_request`."""
        if len(body) > self.max_body_size:
            return error_response(413, "request body too large")
        verifier = self._verifier
        if verifier is None:
            _LOGGER.warning("rejected request (401): no public key is set yet")
            return error_response(401, "invalid request signature")
        try:
            verifier.verify_checked(body, signature, timestamp)
        except InvalidSignature as error:
            _LOGGER.warning("rejected request (401): %s", error)
            return error_response(401, "invalid request signature")
        # Decoding and dispatch follow inline: one coroutine fewer per request.
        if not body:
            return error_response(400, "empty body")
        try:
            payload = _json.loads(body)
        except ValueError:
            _LOGGER.warning("rejected request (400): body is not valid JSON")
            return error_response(400, "body is not valid JSON")
        if not isinstance(payload, dict):
            return error_response(400, "body is not a JSON object")
        kind = payload.get("type")
        if not isinstance(kind, int) or isinstance(kind, bool):
            return error_response(400, "body has no interaction type")
        if kind == 1:
            _LOGGER.debug("answered PING")
            return Response(200, _PONG)
        cls = INTERACTION_CLASSES.get(kind)
        listener = None if cls is None else self._listeners.get(cls)
        if listener is None:
            _LOGGER.warning("no listener for interaction type %s (501)", kind)
            return error_response(501, "interaction type not implemented")
        interaction_id = str(payload.get("id", ""))
        replays = self._replays
        if replays is None or not interaction_id:
            return await self._run_listener(listener, payload, interaction_id)
        repeat = replays.begin(interaction_id)
        if repeat is not None:
            _LOGGER.info(
                "interaction %s was already received; replaying its answer", interaction_id
            )
            return await asyncio.shield(repeat)
        try:
            response = await self._run_listener(listener, payload, interaction_id)
        except BaseException:
            replays.forget(interaction_id)
            raise
        replays.finish(interaction_id, response)
        return response

    async def _run_listener(
        self, listener: ListenerT, payload: dict[str, Any], interaction_id: str
    ) -> Response:
        interaction = decode_interaction(payload)
        # Timing is only for the TRACE line; skip the clock reads when nobody logs it.
        traced = _LOGGER.isEnabledFor(TRACE)
        started = time.perf_counter() if traced else 0.0
        generator: AsyncGenerator[ResponseBuilder, None] | None = None
        try:
            result = listener(interaction)
            if inspect.isasyncgen(result):
                generator = cast("AsyncGenerator[ResponseBuilder, None]", result)
                try:
                    answer: object = await generator.__anext__()
                except StopAsyncIteration:
                    generator = None
                    answer = None
            else:
                answer = await result  # type: ignore[misc]
            encoded = self._encode(answer, payload["type"])
            response = encoded if isinstance(encoded, Response) else await encoded
        except Exception:
            _LOGGER.exception("listener failed for interaction %s", interaction_id)
            if generator is not None:
                await self._close_quietly(generator, interaction_id)
            return error_response(500, "internal server error")
        if traced:
            _LOGGER.log(
                TRACE,
                "interaction %s answered %d in %.2f ms",
                interaction_id,
                response.status,
                (time.perf_counter() - started) * 1000,
            )
        if generator is not None:
            self._continue_after_send(response, generator, interaction_id)
        return response

    def _encode(self, answer: object, interaction_type: int) -> Response | Awaitable[Response]:
        """The response for a listener's answer; awaitable only for a multipart body."""
        if answer is None:
            return Response(202)
        if not isinstance(answer, ResponseBuilder):
            raise TypeError(
                f"a listener must return a response builder or None, not {type(answer).__name__}"
            )
        data, files = answer.build(interaction_type)
        if files:
            return self._encode_multipart(data, files)
        return Response(200, _json.dumps(data))

    async def _encode_multipart(self, data: dict[str, Any], files: Sequence[File]) -> Response:
        body, content_type = encode_multipart(data, await read_files(files, self.executor))
        return Response(200, body, content_type=content_type, files=files)

    def _continue_after_send(
        self,
        response: Response,
        generator: AsyncGenerator[ResponseBuilder, None],
        interaction_id: str,
    ) -> None:
        sent = response._sent = asyncio.Event()

        async def resume() -> None:
            # If the front end never says it sent the answer, run the rest anyway
            # rather than lose it.
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(sent.wait(), _CONTINUATION_GRACE)
            try:
                await generator.__anext__()
            except StopAsyncIteration:
                return
            except Exception:
                _LOGGER.exception(
                    "listener failed after responding to interaction %s", interaction_id
                )
                return
            _LOGGER.error(
                "listener for interaction %s yielded more than once; only the first yield "
                "is sent, the generator was closed",
                interaction_id,
            )
            await self._close_quietly(generator, interaction_id)

        self._tasks.create(resume(), name=f"kagari-continuation-{interaction_id}")

    @staticmethod
    async def _close_quietly(
        generator: AsyncGenerator[ResponseBuilder, None], interaction_id: str
    ) -> None:
        try:
            await generator.aclose()
        except Exception:
            _LOGGER.exception("closing the listener of interaction %s failed", interaction_id)
