"""The request path with no HTTP server attached: verify, decode, dispatch, encode.

:class:`InteractionServer` turns raw request bytes into a :class:`Response`. The aiohttp
front end in :mod:`kagari.server.front` uses it, and so can any other front end (ASGI,
serverless): call :meth:`InteractionServer.on_interaction`, send the response, then call
:meth:`Response.sent`.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import inspect
import logging
import math
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
from kagari.server.logs import DEFAULT_LOG_INTERVAL, RejectionLog, escape
from kagari.server.replay import AnswerDropped, ReplayCache
from kagari.server.tasks import CutOff, TaskTracker
from kagari.server.verify import InvalidSignature, Verifier

__all__ = [
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_MAX_IN_FLIGHT",
    "DEFAULT_REPLAY_CACHE_BYTES",
    "LISTENER_CLASSES",
    "Continued",
    "DirectListener",
    "InteractionServer",
    "ListenerT",
    "Response",
    "error_response",
]

_LOGGER = logging.getLogger("kagari.server.pipeline")

DEFAULT_MAX_BODY_SIZE = 1024 * 1024
"""Largest request body accepted by default (1 MiB); larger bodies get 413."""

DEFAULT_MAX_IN_FLIGHT = 1000
"""Interactions handled at once by default (listeners running plus the post-response
work of async generator listeners); past it new interactions get 503."""

DEFAULT_REPLAY_CACHE_BYTES = 64 * 1024 * 1024
"""Byte budget of the duplicate-id cache by default (64 MiB: some 110,000 interactions
with small answers kept, about 380 a second for a whole 300 s window; past that the
oldest answers go, and ids alone fit about 160,000, 530 a second)."""

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


class Continued(ResponseBuilder):
    """An answer whose work goes on after the HTTP response: a listener's way to say so.

    The server sends ``answer``, calls ``on_sent`` once the response is written (or a
    few seconds later if the front end never says), keeps ``work`` counted against
    ``max_in_flight`` until it ends, and drains it on shutdown like the rest of an
    async generator listener.

    Args:
        answer: The HTTP answer.
        work: What still runs (the handler's task).
        on_sent: Called once, when the answer is sent.
    """

    __slots__ = ("answer", "on_sent", "work")

    def __init__(
        self, answer: ResponseBuilder, work: asyncio.Task[Any], on_sent: Callable[[], None]
    ) -> None:
        self.answer = answer
        self.work = work
        self.on_sent = on_sent

    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """The answer's callback body and files."""
        return self.answer.build(interaction_type)

    def __repr__(self) -> str:
        return f"Continued({self.answer!r})"


class DirectListener(abc.ABC):
    """A listener that also answers with a plain coroutine: the server's fast path.

    Called, it is an async generator listener like any other (its first yield is the
    answer); the server calls :meth:`answer` instead, which resolves to the answer, a
    :class:`Continued` when work goes on after it. :class:`kagari.app.Bot`'s listeners
    are such objects.
    """

    __slots__ = ()

    @abc.abstractmethod
    def __call__(self, interaction: Any) -> AsyncGenerator[ResponseBuilder, None]:
        """The listener as an async generator: the answer, then the rest of the work."""

    @abc.abstractmethod
    def answer(self, interaction: Any) -> Awaitable[ResponseBuilder | None]:
        """The answer to ``interaction`` (a :class:`Continued` when work goes on)."""


_JSON = "application/json"
_PONG = _json.dumps({"type": 1})
_CONTINUATION_GRACE = 5.0


class _Stored:
    """A kept answer for repeats: status, body and type, never files or continuations."""

    __slots__ = ("body", "content_type", "had_files", "status")

    def __init__(self, response: Response) -> None:
        self.status = response.status
        self.had_files = bool(response.files)
        body = None if self.had_files else response.body
        # A copy of exactly the body's size: an encoder's output may sit in a larger
        # buffer (orjson's is 4 KiB for any small answer), which would be kept whole.
        self.body = None if body is None else bytes(memoryview(body))
        self.content_type = response.content_type

    @property
    def size(self) -> int:
        return 100 + (len(self.body) if self.body else 0)  # this object and the bytes one

    def response(self) -> Response:
        return Response(self.status, self.body, content_type=self.content_type)


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

    __slots__ = ("_on_sent", "body", "files", "headers", "status")

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
        self._on_sent: Callable[[], None] | None = None

    def __repr__(self) -> str:
        return f"Response(status={self.status}, body={self.body[:80] if self.body else None!r})"

    @property
    def has_continuation(self) -> bool:
        """Whether work waits for :meth:`sent` (the rest of an async generator listener)."""
        return self._on_sent is not None

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` of the body, if there is one."""
        return self.headers.get("Content-Type")

    def sent(self) -> None:
        """Tell kagari the response has been written; post-response work may now start.

        Front ends call this after the last byte is flushed. If nobody calls it, the
        work starts anyway a few seconds later, so it is never lost.
        """
        callback = self._on_sent
        if callback is not None:
            callback()


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
            running the listener again. A repeat of an answer that carried files gets
            409 (file bytes are never kept), as does one whose answer was let go to stay
            within ``replay_cache_bytes``.
        replay_cache_size: The most interaction ids remembered at once; ``None`` (the
            default) remembers every id for the whole window, within
            ``replay_cache_bytes``.
        replay_cache_bytes: The byte budget of the duplicate-id cache (see
            :data:`DEFAULT_REPLAY_CACHE_BYTES`); the oldest answers go first, then
            the oldest ids (logged).
        max_in_flight: The most interactions handled at once, from arrival until the
            listener (and the rest of an async generator listener) is done; past it
            new interactions get a fast 503 (logged, rate-limited). ``None``: no limit.
        log_interval: Seconds between two warnings for the same kind of rejected
            request (the ones in between are counted in the next line).
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
        replay_cache_size: int | None = None,
        clock: Callable[[], float] = time.time,
        replay_cache_bytes: int = DEFAULT_REPLAY_CACHE_BYTES,
        max_in_flight: int | None = DEFAULT_MAX_IN_FLIGHT,
        log_interval: float = DEFAULT_LOG_INTERVAL,
    ) -> None:
        if max_in_flight is not None and max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1 (or None for no limit)")
        self.max_body_size = max_body_size
        self.replay_window = replay_window
        self.executor = executor
        self._clock = clock
        self._tasks = tasks
        self._verifier: Verifier | None = None
        self._listeners: dict[type[PartialInteraction], ListenerT] = {}
        self._direct: dict[type[PartialInteraction], Callable[[Any], Awaitable[Any]]] = {}
        self.max_in_flight = max_in_flight
        self.rejections = RejectionLog(_LOGGER, log_interval)
        """The rate-limited log of rejected requests (front ends report theirs here)."""
        self._in_flight = 0
        self._replays: ReplayCache[_Stored] | None = None
        self._replay_overflows = 0
        self._overflow_logged_at = -math.inf
        if dedupe:
            self._replays = ReplayCache(
                replay_window or 300.0, replay_cache_size, max_bytes=replay_cache_bytes
            )
        if public_key is not None:
            self.set_public_key(public_key)

    # -- configuration ---------------------------------------------------------------

    @property
    def in_flight(self) -> int:
        """Interactions being handled now (counted against :attr:`max_in_flight`)."""
        return self._in_flight

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
            self._direct.pop(interaction_type, None)
            return
        if not replace and interaction_type in self._listeners:
            raise TypeError(
                f"a listener for {interaction_type.__name__} is already set; "
                "pass replace=True to replace it"
            )
        self._listeners[interaction_type] = listener
        if isinstance(listener, DirectListener):
            self._direct[interaction_type] = listener.answer
        else:
            self._direct.pop(interaction_type, None)

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
            refusal = self.reject(405, "method not allowed", method)
            refusal.headers["Allow"] = "POST"
            return refusal
        if content_type != _JSON and content_type.partition(";")[0].strip().lower() != _JSON:
            return self.reject(415, "content type must be application/json", content_type)
        if not self.check_headers(signature, timestamp):
            return error_response(401, "invalid request signature")
        if content_length is not None and content_length > self.max_body_size:
            return self.reject(413, "request body too large")
        return None

    def reject(self, status: int, reason: str, detail: str = "") -> Response:
        """A refusal with ``status`` and ``reason``, logged through :attr:`rejections`.

        Args:
            status: The HTTP status.
            reason: A fixed text, the body's ``error`` and the key the log is
                rate-limited on.
            detail: Text about this request for the log only (escaped there).
        """
        self.rejections.reject(status, reason, detail)
        return error_response(status, reason)

    def check_headers(self, signature: bytes | str | None, timestamp: bytes | str | None) -> bool:
        """Whether the signature headers are present and well formed (logs when not)."""
        try:
            Verifier.check_headers(signature, timestamp)
        except InvalidSignature as error:
            self.rejections.reject(401, str(error))
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
            return self.reject(413, "request body too large")
        verifier = self._verifier
        if verifier is None:
            self.rejections.reject(401, "no public key is set yet")
            return error_response(401, "invalid request signature")
        try:
            verifier.verify_checked(body, signature, timestamp)
        except InvalidSignature as error:
            self.rejections.reject(401, str(error))
            return error_response(401, "invalid request signature")
        # Decoding and dispatch follow inline: one coroutine fewer per request.
        if not body:
            return self.reject(400, "empty body")
        try:
            payload = _json.loads(body)
        except ValueError as error:
            return self.reject(400, "body is not valid JSON", str(error))
        if not isinstance(payload, dict):
            return self.reject(400, "body is not a JSON object")
        kind = payload.get("type")
        if not isinstance(kind, int) or isinstance(kind, bool):
            return self.reject(400, "body has no interaction type")
        if kind == 1:
            _LOGGER.debug("answered PING")
            return Response(200, _PONG)
        cls = INTERACTION_CLASSES.get(kind)
        listener = None if cls is None else self._listeners.get(cls)
        if listener is None:
            return self.reject(501, "interaction type not implemented", str(kind))
        interaction_id = payload.get("id", "")
        if not isinstance(interaction_id, str | int) or isinstance(interaction_id, bool):
            return self.reject(400, "body has no valid interaction id")
        interaction_id = str(interaction_id)
        try:
            interaction = decode_interaction(payload)
        except Exception as error:  # any shape the models cannot read is the client's fault
            return self.reject(400, "body is not a valid interaction", repr(error))
        if cls in self._direct:
            listener = self._direct[cls]  # its answer() coroutine: no async generator
            direct = True
        else:
            direct = False
        replays = self._replays
        if replays is None or not interaction_id:
            return await self._admit(listener, direct, interaction, payload, interaction_id)
        repeat = replays.begin(interaction_id)
        if replays.overflows != self._replay_overflows:
            self._log_overflow(replays.overflows)
        if repeat is not None:
            return await self._replay(repeat, interaction_id)
        try:
            response = await self._admit(listener, direct, interaction, payload, interaction_id)
        except BaseException:
            replays.forget(interaction_id)
            raise
        if response.status == 503:  # refused, not answered: a retry may run it
            replays.forget(interaction_id)
        else:
            stored = _Stored(response)
            replays.finish(interaction_id, stored, stored.size)
        return response

    async def _replay(self, repeat: asyncio.Future[_Stored], interaction_id: str) -> Response:
        shown = escape(interaction_id)
        try:
            stored = await asyncio.shield(repeat)
        except asyncio.CancelledError:
            if not repeat.cancelled():
                raise  # this request itself is being cancelled
            return self.reject(
                409, "interaction already received; its first attempt was not answered", shown
            )
        except AnswerDropped:
            return self.reject(
                409, "interaction already received; its answer is no longer kept", shown
            )
        if stored.had_files:
            return self.reject(
                409, "interaction already received; an answer with files is not replayed", shown
            )
        _LOGGER.info("interaction %s was already received; replaying its answer", shown)
        return stored.response()

    async def _admit(
        self,
        listener: ListenerT,
        direct: bool,
        interaction: PartialInteraction,
        payload: dict[str, Any],
        interaction_id: str,
    ) -> Response:
        limit = self.max_in_flight
        if limit is not None and self._in_flight >= limit:
            return self.reject(503, "too many interactions in flight", f"limit {limit}")
        self._in_flight += 1
        continued = False
        try:
            response = await self._run_listener(
                listener, direct, interaction, payload, interaction_id
            )
            continued = response.has_continuation
        except asyncio.CancelledError:
            _LOGGER.warning(
                "interaction %s was cut off before it was answered", escape(interaction_id)
            )
            raise
        finally:
            if not continued:
                self._in_flight -= 1
        return response

    def _log_overflow(self, overflows: int) -> None:
        now = time.monotonic()
        if now < self._overflow_logged_at + self.rejections.interval:
            return
        self._overflow_logged_at = now
        _LOGGER.warning(
            "the duplicate-id cache is full: %d id(s) dropped before their replay window "
            "ended, so repeats of them would run again; raise replay_cache_bytes",
            overflows - self._replay_overflows,
        )
        self._replay_overflows = overflows

    def _done(self, _: object = None) -> None:
        self._in_flight -= 1

    async def _run_listener(
        self,
        listener: ListenerT,
        direct: bool,
        interaction: PartialInteraction,
        payload: dict[str, Any],
        interaction_id: str,
    ) -> Response:
        # Timing is only for the TRACE line; skip the clock reads when nobody logs it.
        traced = _LOGGER.isEnabledFor(TRACE)
        started = time.perf_counter() if traced else 0.0
        generator: AsyncGenerator[ResponseBuilder, None] | None = None
        continued: Continued | None = None
        answer: object
        try:
            result = listener(interaction)
            if direct:
                answer = await result  # type: ignore[misc]
                if type(answer) is Continued:
                    continued = answer
            elif inspect.isasyncgen(result):
                generator = cast("AsyncGenerator[ResponseBuilder, None]", result)
                try:
                    answer = await generator.__anext__()
                except StopAsyncIteration:
                    generator = None
                    answer = None
            else:
                answer = await result  # type: ignore[misc]
            encoded = self._encode(answer, payload["type"])
            response = encoded if isinstance(encoded, Response) else await encoded
        except Exception:
            _LOGGER.exception("listener failed for interaction %s", escape(interaction_id))
            if generator is not None:
                await self._close_quietly(generator, interaction_id)
            if continued is not None:
                continued.work.cancel()
            return error_response(500, "internal server error")
        except BaseException:  # cut off (while a multipart body was read, say)
            if continued is not None:
                continued.work.cancel()
            raise
        if traced:
            _LOGGER.log(
                TRACE,
                "interaction %s answered %d in %.2f ms",
                escape(interaction_id),
                response.status,
                (time.perf_counter() - started) * 1000,
            )
        if generator is not None:
            self._continue_after_send(response, generator, payload, interaction_id)
        elif continued is not None and not continued.work.done():
            self._adopt(response, continued, payload, interaction_id)
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

    def _adopt(
        self,
        response: Response,
        continued: Continued,
        payload: dict[str, Any],
        interaction_id: str,
    ) -> None:
        """Track work that goes on after ``response``, and tell it once it is sent."""
        work = continued.work
        response._on_sent = _SentSignal(continued.on_sent)
        self._tasks.adopt(work, interaction=_cut_off_record(payload, interaction_id, response))
        work.add_done_callback(self._done)

    def _continue_after_send(
        self,
        response: Response,
        generator: AsyncGenerator[ResponseBuilder, None],
        payload: dict[str, Any],
        interaction_id: str,
    ) -> None:
        sent = asyncio.Event()
        response._on_sent = sent.set
        shown = escape(interaction_id)

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
                _LOGGER.exception("listener failed after responding to interaction %s", shown)
                return
            _LOGGER.error(
                "listener for interaction %s yielded more than once; only the first yield "
                "is sent, the generator was closed",
                shown,
            )
            await self._close_quietly(generator, interaction_id)

        task = self._tasks.create(
            resume(),
            name=f"kagari-continuation-{shown}",
            interaction=_cut_off_record(payload, interaction_id, response),
        )
        task.add_done_callback(self._done)

    @staticmethod
    async def _close_quietly(
        generator: AsyncGenerator[ResponseBuilder, None], interaction_id: str
    ) -> None:
        try:
            await generator.aclose()
        except Exception:
            _LOGGER.exception(
                "closing the listener of interaction %s failed", escape(interaction_id)
            )


class _SentSignal:
    """Calls ``on_sent`` once: when the front end says so, or after the grace period."""

    __slots__ = ("_on_sent", "_timer")

    def __init__(self, on_sent: Callable[[], None]) -> None:
        self._on_sent: Callable[[], None] | None = on_sent
        # If the front end never says it sent the answer, go on anyway rather than
        # leave the work waiting.
        self._timer = asyncio.get_running_loop().call_later(_CONTINUATION_GRACE, self)

    def __call__(self) -> None:
        on_sent = self._on_sent
        if on_sent is None:
            return
        self._on_sent = None
        self._timer.cancel()
        on_sent()


def _cut_off_record(payload: dict[str, Any], interaction_id: str, response: Response) -> CutOff:
    """What shutdown needs to tell the user of an interaction whose work it cancels."""
    response_type = 0
    if response.body and response.content_type == _JSON:
        with contextlib.suppress(ValueError):
            answer = _json.loads(response.body)
            if isinstance(answer, dict) and isinstance(answer.get("type"), int):
                response_type = answer["type"]
    application_id = payload.get("application_id")
    token = payload.get("token")
    return CutOff(
        interaction_id=interaction_id,
        application_id=application_id if isinstance(application_id, str) else "",
        token=token if isinstance(token, str) else "",
        response_type=response_type,
        received_at=asyncio.get_running_loop().time(),
    )
