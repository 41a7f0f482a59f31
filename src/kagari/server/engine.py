"""kagari's HTTP/1.1 server: aiohttp's request parser feeding the one interactions route.

aiohttp's full web stack (application, router, request and response objects, a
streaming writer) is built for every kind of web app; an interactions endpoint needs
one route, small JSON bodies and one write per answer. :class:`InteractionProtocol`
keeps what matters from aiohttp (its HTTP parser, llhttp in C, and its flow-controlled
body reader) and answers with a single write per request, which measured well ahead of
the full stack (``bench/bench_server.py``, ``docs/performance.md``).

What it does per connection: keep-alive (HTTP/1.1 by default, HTTP/1.0 on request),
pipelined requests answered in order, ``Expect: 100-continue``, chunked bodies, a 400
and a closed connection for anything the parser refuses, an idle timeout, and
back-pressure both ways (reading pauses while answers queue up or the client stops
reading them).
"""

from __future__ import annotations

import asyncio
import collections
import email.utils
import logging
import time
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, Protocol

from aiohttp.base_protocol import BaseProtocol
from aiohttp.http import HttpRequestParser, HttpVersion10, RawRequestMessage
from aiohttp.streams import StreamReader

from kagari.server.events import EventServer
from kagari.server.fdlimit import ConnectionWatch
from kagari.server.logs import RejectionLog, escape
from kagari.server.pipeline import InteractionServer, Response, error_response

__all__ = [
    "DEFAULT_HEALTH_PATH",
    "Endpoint",
    "IncompleteBody",
    "InteractionProtocol",
    "SignedRoute",
    "health_response",
    "read_body",
    "signature_headers",
]

_LOGGER = logging.getLogger("kagari.server")

_READ_LIMIT = 2**16
"""Buffer size of the body reader before it pauses the socket (as aiohttp's server)."""
_MAX_QUEUED = 16
"""Pipelined requests held per connection before reading pauses."""
_REASONS = {status.value: status.phrase.encode("ascii") for status in HTTPStatus}
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_JOIN_BELOW = 64 * 1024
_HEALTHY = b'{"status":"ok"}'

DEFAULT_HEALTH_PATH = "/health"
"""Where ``GET`` answers 200 with ``{"status":"ok"}`` for load balancers by default."""


class SignedRoute(Protocol):
    """A route for signed POSTs: the interactions path, or the webhook events path."""

    @property
    def max_body_size(self) -> int:
        """The largest body accepted."""
        ...

    @property
    def rejections(self) -> RejectionLog:
        """Where refusals are logged."""
        ...

    def check_request(
        self,
        method: str,
        content_type: str,
        signature: bytes,
        timestamp: bytes,
        content_length: int | None,
    ) -> Response | None:
        """The refusals decided before the body is read."""
        ...

    async def on_verified_headers(
        self, body: bytes, signature: bytes, timestamp: bytes
    ) -> Response:
        """The answer to a request whose headers passed :meth:`check_request`."""
        ...


def health_response() -> Response:
    """The answer to a health check: 200 with a tiny JSON body, never cached."""
    response = Response(200, _HEALTHY)
    response.headers["Cache-Control"] = "no-store"
    return response


class IncompleteBody(Exception):
    """The client stopped before sending the whole body it announced."""


def signature_headers(headers: Mapping[str, str]) -> tuple[bytes, bytes]:
    """``X-Signature-Ed25519`` and ``X-Signature-Timestamp`` as bytes (empty if missing)."""
    return (
        headers.get("X-Signature-Ed25519", "").encode("ascii", "replace"),
        headers.get("X-Signature-Timestamp", "").encode("ascii", "replace"),
    )


async def read_body(
    payload: StreamReader,
    length: int | None,
    limit: int,
    rejections: RejectionLog | None = None,
) -> bytes | None:
    """Read a request body from aiohttp's body reader (either engine's).

    Args:
        payload: The body as aiohttp's parser streams it.
        length: The announced ``Content-Length``, or ``None`` (chunked, or decompressed
            by the parser, so the length on the wire says nothing of what arrives).
        limit: The most bytes accepted when no length was announced.
        rejections: Where a refused body is logged (rate-limited); else this
            module's logger, escaped.

    Returns:
        The body, or ``None`` once it grows past ``limit``.

    Raises:
        IncompleteBody: If the client stopped early or broke the chunked framing.
    """
    try:
        if payload.is_eof():
            return payload.read_nowait(-1)  # the whole body came with the headers
        if length is not None:
            return await payload.readexactly(length)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = await payload.readany()
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    except (asyncio.IncompleteReadError, ConnectionError, IncompleteBody):
        raise IncompleteBody from None
    except Exception as error:  # the parser's own body errors (bad chunking)
        if rejections is not None:
            rejections.reject(400, "the request body is not valid HTTP/1.1", str(error))
        else:
            _LOGGER.warning("rejected request body: %s", escape(error, 200))
        raise IncompleteBody from None


class _Clock:
    """The ``Date`` header, formatted at most once a second."""

    __slots__ = ("_second", "_value")

    def __init__(self) -> None:
        self._second = -1
        self._value = b""

    def date(self) -> bytes:
        second = int(time.time())
        if second != self._second:
            self._second = second
            self._value = email.utils.formatdate(second, usegmt=True).encode("ascii")
        return self._value


def _head(response: Response, body_length: int, date: bytes, connection: bytes) -> bytes:
    status = response.status
    lines = [b"HTTP/1.1 %d %s\r\n" % (status, _REASONS.get(status, b"Unknown"))]
    for name, value in response.headers.items():
        lines.append(f"{name}: {value}\r\n".encode("latin-1"))
    if status != 204:  # a 204 carries no Content-Length (RFC 9110, 8.6)
        lines.append(b"Content-Length: %d\r\n" % body_length)
    lines.append(b"Date: %s\r\n%s\r\n" % (date, connection))
    return b"".join(lines)


def _first_line(text: str, limit: int = 120) -> str:
    """The first line of a parser's message, without its trailing colon, kept short."""
    line = text.strip().split("\n", 1)[0].strip().rstrip(":")
    return line if len(line) <= limit else line[: limit - 3] + "..."


class Endpoint:
    """What every connection of one server shares: the route, the limits, shutdown.

    Args:
        server: The request path to serve.
        path: The URL path of the interactions endpoint.
        idle_timeout: Seconds a connection may wait for the client (between requests,
            or mid-request) before it is closed.
        request_timeout: Seconds a request may take to arrive whole, from its first
            byte to its last; a client that trickles it in slower is disconnected.
            Discord sends a request at once and stops waiting for the answer after 3 s,
            so only a misbehaving client ever gets near the default. A new connection
            that sends nothing at all is closed after this long too.
        health_path: The URL path where ``GET`` (or ``HEAD``) answers 200 with
            ``{"status":"ok"}`` while the server serves; ``None`` turns it off.
        events: The webhook events path, served at ``events_path``; ``None``: none.
        events_path: The URL path of webhook events (used with ``events``).
    """

    def __init__(
        self,
        server: InteractionServer,
        path: str,
        idle_timeout: float = 75.0,
        request_timeout: float = 10.0,
        health_path: str | None = DEFAULT_HEALTH_PATH,
        events: EventServer | None = None,
        events_path: str | None = None,
    ) -> None:
        self.server = server
        self.path = path
        self.health_path = health_path
        self.events = events
        self.events_path = events_path if events is not None else None
        self.watch: ConnectionWatch | None = None
        """Warns when connections near the open-file limit (set by the front)."""
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        self.closing = False
        self.clock = _Clock()
        self.connections: set[InteractionProtocol] = set()
        self.requests: set[asyncio.Task[None]] = set()

    def protocol(self) -> InteractionProtocol:
        """A protocol for one new connection (the factory for ``loop.create_server``)."""
        return InteractionProtocol(self)

    async def shutdown(self, timeout: float) -> None:
        """Close idle connections, let busy ones finish (up to ``timeout``), then abort."""
        self.closing = True
        for connection in list(self.connections):
            connection.close_when_idle()
        if self.requests:
            await asyncio.wait(set(self.requests), timeout=timeout)
        late = list(self.requests)
        for task in late:
            task.cancel()
        for connection in list(self.connections):
            if connection.busy:
                connection.abort()
        if late:
            await asyncio.gather(*late, return_exceptions=True)


class InteractionProtocol(BaseProtocol):
    """One HTTP/1.1 connection to the interactions endpoint."""

    __slots__ = (
        "_broken",
        "_endpoint",
        "_fresh",
        "_last_activity",
        "_listening",
        "_parser",  # newer aiohttp BaseProtocols declare it too; older ones do not
        "_queue",
        "_queue_paused",
        "_reading",
        "_receiving_since",
        "_stop_after",
        "_task",
        "_timer",
        "_tls",
    )

    def __init__(self, endpoint: Endpoint) -> None:
        super().__init__(asyncio.get_running_loop())
        self._endpoint = endpoint
        self._queue: collections.deque[tuple[RawRequestMessage | None, Any]] = collections.deque()
        self._task: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._reading: StreamReader | None = None
        self._listening = False
        self._stop_after = False
        self._broken = False
        self._tls = False
        self._queue_paused = False
        self._last_activity = 0.0
        self._receiving_since: float | None = None
        self._fresh = True  # no byte received yet

    # -- asyncio.Protocol ----------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start parsing, register with the endpoint, start the idle timer."""
        super().connection_made(transport)
        self._parser = HttpRequestParser(self, self._loop, _READ_LIMIT)
        self._tls = transport.get_extra_info("sslcontext") is not None
        endpoint = self._endpoint
        endpoint.connections.add(self)
        if endpoint.watch is not None:
            endpoint.watch.opened(len(endpoint.connections))
        # A connection that never sends a byte gets the request timeout, not the idle
        # one: holding sockets open for nothing is how descriptors run out.
        self._last_activity = self._receiving_since = self._loop.time()
        first_check = min(endpoint.idle_timeout, endpoint.request_timeout)
        self._timer = self._loop.call_later(first_check, self._check_idle)

    def data_received(self, data: bytes) -> None:
        """Parse what arrived; queue whole requests (bodies may still be streaming)."""
        now = self._last_activity = self._loop.time()
        if self._fresh:
            self._fresh = False
            self._receiving_since = now
        elif self._receiving_since is None:
            self._receiving_since = now
        if self._broken:
            return
        parser = self._parser
        assert parser is not None
        try:
            messages, upgraded, tail = parser.feed_data(data)
        except Exception as error:  # the parser's refusals: bad syntax, lines too long
            self._endpoint.server.rejections.reject(400, "not valid HTTP/1.1", str(error))
            self._broken = self._stop_after = True
            self._queue.append((None, error))
            messages, upgraded, tail = [], False, b""
        queue = self._queue
        for message, payload in messages:
            queue.append((message, payload))
        if upgraded:  # no protocol switch here: answer, then close
            self._broken = self._stop_after = True
            if tail and messages:
                self._body_from_tail(tail)
        if self._task is None and queue:
            task = self._task = self._loop.create_task(self._serve_queue())
            self._endpoint.requests.add(task)
        elif len(queue) > _MAX_QUEUED and not self._queue_paused:
            self._queue_paused = True
            self._pause_transport()

    def _body_from_tail(self, tail: bytes) -> None:
        # Older aiohttp parsers (3.9 and 3.10 among them) leave the body of a request
        # asking for an upgrade in the tail; answer it like any other request.
        message, payload = self._queue[-1]
        length = None if message is None else message.headers.get("Content-Length", "")
        if length and length.isdigit() and payload.is_eof() and len(tail) >= int(length):
            self._queue[-1] = (message, tail[: int(length)])

    def eof_received(self) -> bool:
        """The client half-closed: fail unfinished bodies, answer what can be answered."""
        self._fail_bodies()
        self._stop_after = True
        # Keep the socket open to write the answer (TLS cannot half-close).
        return self._task is not None and not self._tls

    def connection_lost(self, exc: BaseException | None) -> None:
        """Wake whatever waits on this connection; a running listener finishes unseen."""
        super().connection_lost(exc)
        self._fail_bodies()
        self._queue.clear()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._endpoint.connections.discard(self)

    # -- shutdown ------------------------------------------------------------------

    def close_when_idle(self) -> None:
        """Close now if nothing is in flight, else right after the current answer."""
        self._stop_after = True
        if self._task is None and self.transport is not None:
            self.transport.close()

    @property
    def busy(self) -> bool:
        """Whether a request on this connection is still being answered."""
        return self._task is not None

    def abort(self) -> None:
        """Drop the connection at once."""
        if self.transport is not None:
            self.transport.abort()

    # -- internals -----------------------------------------------------------------

    def _pause_transport(self) -> None:
        if self.transport is not None:
            self.transport.pause_reading()

    def _check_idle(self) -> None:
        if self.transport is None:
            return
        endpoint = self._endpoint
        now = self._loop.time()
        waited = now - self._last_activity
        since = self._receiving_since
        receiving = 0.0 if since is None else now - since
        # Checked at least every request_timeout, so a trickling client is cut off
        # between one and two request_timeouts after its first byte.
        if self._listening:  # a listener is running: neither clock applies
            left = min(endpoint.idle_timeout, endpoint.request_timeout)
        elif waited >= endpoint.idle_timeout:
            _LOGGER.debug("closing a connection idle for %.0f s", waited)
            left = 0.0
        elif self._fresh and receiving >= endpoint.request_timeout:
            endpoint.server.rejections.reject(
                408, f"closing a connection that sent nothing in {endpoint.request_timeout:g} s"
            )
            left = 0.0
        elif since is not None and receiving >= endpoint.request_timeout:
            endpoint.server.rejections.reject(
                408,
                f"closing a connection whose request took over {endpoint.request_timeout:g} s "
                "to arrive",
            )
            left = 0.0
        else:
            left = min(endpoint.idle_timeout - waited, endpoint.request_timeout - receiving)
        if left > 0:
            self._timer = self._loop.call_later(max(left, 0.05), self._check_idle)
            return
        self._timer = None
        self._fail_bodies()
        self.transport.close()

    def _fail_bodies(self) -> None:
        waiting = [payload for _, payload in self._queue if isinstance(payload, StreamReader)]
        if self._reading is not None:
            waiting.append(self._reading)
        for payload in waiting:
            if not payload.is_eof():
                payload.set_exception(IncompleteBody())

    async def _serve_queue(self) -> None:
        endpoint = self._endpoint
        queue = self._queue
        try:
            while queue:
                message, payload = queue.popleft()
                if self._queue_paused and len(queue) < _MAX_QUEUED // 2:
                    self._queue_paused = False
                    if not self._reading_paused and self.transport is not None:
                        self.transport.resume_reading()
                if message is None:  # the parser refused the bytes: say what it said
                    reason = _first_line(getattr(payload, "message", None) or str(payload))
                    self._write(error_response(400, f"bad request: {reason}"), close=True)
                    return
                keep_alive = await self._serve_one(message, payload)
                if not keep_alive:
                    return
                if self._paused:  # the client is not reading its answers: wait
                    await self._drain_helper()
        except ConnectionError:
            pass  # the client went away; nothing left to answer
        except Exception:
            # A fault in the engine itself: log it, and drop the connection rather than
            # leave the client waiting on an answer that will not come.
            _LOGGER.exception("the HTTP engine failed on a connection; closing it")
            self._stop_after = True
            queue.clear()
        finally:
            if self._task is not None:
                endpoint.requests.discard(self._task)
            self._task = None
            if self._stop_after and self.transport is not None:
                self.transport.close()

    async def _serve_one(self, message: RawRequestMessage, payload: StreamReader) -> bool:
        """Answer one request; whether the connection stays open for the next one."""
        try:
            response = await self._answer(message, payload)
        except IncompleteBody:
            self._endpoint.server.rejections.reject(
                400, "incomplete body", "the client stopped before the whole body"
            )
            response = error_response(400, "incomplete body")
        except Exception:
            _LOGGER.exception("the HTTP front end failed on a request")
            response = error_response(500, "internal server error")
        finally:
            self._listening = False
            if not self._queue:  # this request is over; the next one starts its own clock
                self._receiving_since = None
        keep_alive = not (
            message.should_close
            or self._stop_after
            or self._endpoint.closing
            or (not isinstance(payload, bytes) and not payload.is_eof())  # body still arriving
        )
        self._write(
            response,
            close=not keep_alive,
            head_only=message.method == "HEAD",
            keep_alive_10=keep_alive and message.version == HttpVersion10,
        )
        if response.has_continuation:
            try:
                if self._paused:  # flushed means handed to the kernel
                    await self._drain_helper()
            finally:
                response.sent()
        return keep_alive

    async def _answer(self, message: RawRequestMessage, payload: StreamReader) -> Response:
        endpoint = self._endpoint
        server: SignedRoute = endpoint.server
        target = message.path
        if target != endpoint.path and target.partition("?")[0] != endpoint.path:
            route = target.partition("?")[0]
            health = endpoint.health_path
            if endpoint.events is not None and route == endpoint.events_path:
                server = endpoint.events
            elif health is not None and route == health:
                if message.method in ("GET", "HEAD"):
                    return health_response()
                wrong = error_response(405, "method not allowed")
                wrong.headers["Allow"] = "GET, HEAD"
                return wrong
            else:
                return endpoint.server.reject(404, "not found", target)
        headers = message.headers
        signature, timestamp = signature_headers(headers)
        length_header = headers.get("Content-Length")
        length = None if length_header is None or message.chunked else int(length_header)
        refusal = server.check_request(
            message.method, headers.get("Content-Type", ""), signature, timestamp, length
        )
        if refusal is not None:
            return refusal
        expect = headers.get("Expect")
        if expect is not None and expect.lower() != "100-continue":
            return error_response(417, "only 'Expect: 100-continue' is understood")
        if isinstance(payload, bytes):  # a body already taken from the parser's tail
            return await server.on_verified_headers(payload, signature, timestamp)
        if expect is not None and not payload.is_eof() and self.transport is not None:
            self.transport.write(_CONTINUE)
        self._reading = payload
        try:
            body = await read_body(
                payload,
                None if message.compression else length,
                server.max_body_size,
                server.rejections,
            )
        finally:
            self._reading = None
        if body is None:
            return error_response(413, "request body too large")
        self._listening = True  # the client has said everything: no timeouts from here
        self._receiving_since = None
        return await server.on_verified_headers(body, signature, timestamp)

    def _write(
        self,
        response: Response,
        *,
        close: bool,
        head_only: bool = False,
        keep_alive_10: bool = False,
    ) -> None:
        transport = self.transport
        if transport is None or transport.is_closing():
            return
        body = response.body or b""
        if close:
            connection = b"Connection: close\r\n"
        elif keep_alive_10:
            connection = b"Connection: keep-alive\r\n"
        else:
            connection = b""
        head = _head(response, len(body), self._endpoint.clock.date(), connection)
        if head_only:
            transport.write(head)
        elif len(body) < _JOIN_BELOW:
            transport.write(head + body)  # one send for the usual small answer
        else:
            transport.write(head)
            transport.write(body)  # no copy of a large (multipart) body
        if close:
            self._stop_after = True
