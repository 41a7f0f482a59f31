"""What the ``"aiohttp"`` engine adds to aiohttp's server to behave like kagari's own.

aiohttp's web server has a keep-alive timeout but no limit on how long a request may
take to arrive (a client that trickles its headers in holds the connection forever),
and it logs a full traceback for every malformed request and every client that leaves
before its answer. Here:

* :class:`DeadlineProtocol` wraps each connection's protocol and closes a connection
  whose request (headers and body) has not arrived whole within the request timeout,
  counted from its first byte, or from the connection's start if it sends nothing;
* :class:`QuietLogger` is the logger handed to aiohttp's request handler: refusals of
  malformed requests and clients that left become rate-limited one-line warnings
  (through the server's :class:`~kagari.server.logs.RejectionLog`), while anything
  else keeps its traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiohttp.http_exceptions import HttpProcessingError

from kagari.server.fdlimit import ConnectionWatch
from kagari.server.logs import RejectionLog

__all__ = ["DeadlineProtocol", "DeadlineRegistry", "QuietLogger"]

_LOGGER = logging.getLogger("kagari.server")


class QuietLogger(logging.Logger):
    """A logger for aiohttp's request handler that keeps client faults to one line.

    Args:
        rejections: Where refused requests are counted and logged.
    """

    def __init__(self, rejections: RejectionLog) -> None:
        super().__init__("kagari.server.aiohttp")
        self.parent = _LOGGER
        self._rejections = rejections

    def exception(self, msg: object, *args: object, **kwargs: Any) -> None:
        """Log ``msg``: one rate-limited line for a client's fault, else a traceback."""
        error = kwargs.get("exc_info")
        if isinstance(error, HttpProcessingError):
            first_line = str(error.message).strip().split("\n", 1)[0].rstrip(":")
            self._rejections.reject(400, "not valid HTTP/1.1", first_line)
            return
        if isinstance(error, ConnectionError):
            self._rejections.reject(499, "the client left before its answer", repr(error))
            return
        super().exception(msg, *args, **kwargs)

    def debug(self, msg: object, *args: object, **kwargs: Any) -> None:
        """Log at DEBUG, without the traceback aiohttp attaches to some refusals."""
        if self.isEnabledFor(logging.DEBUG):
            kwargs.pop("exc_info", None)
            super().debug(msg, *args, **kwargs)


class DeadlineRegistry:
    """The open connections of one aiohttp-served front, by transport.

    Args:
        request_timeout: Seconds a request may take to arrive whole.
        rejections: Where closed connections are logged.
    """

    def __init__(self, request_timeout: float, rejections: RejectionLog) -> None:
        self.request_timeout = request_timeout
        self.rejections = rejections
        self.connections: dict[asyncio.BaseTransport, DeadlineProtocol] = {}
        self.watch: ConnectionWatch | None = None
        """Warns when connections near the open-file limit (set by the front)."""

    def wrap(self, factory: Callable[[], asyncio.BaseProtocol]) -> Callable[[], DeadlineProtocol]:
        """A protocol factory giving each of ``factory``'s protocols a request deadline."""
        return lambda: DeadlineProtocol(factory(), self)

    def arrived(self, transport: asyncio.BaseTransport | None) -> None:
        """The current request on ``transport`` has arrived whole: stop its clock."""
        connection = None if transport is None else self.connections.get(transport)
        if connection is not None:
            connection.arrived()

    def answered(self, transport: asyncio.BaseTransport | None) -> None:
        """The current request on ``transport`` is answered: the next one gets a clock."""
        connection = None if transport is None else self.connections.get(transport)
        if connection is not None:
            connection.answered()


class DeadlineProtocol(asyncio.Protocol):
    """Passes everything to aiohttp's protocol, and closes requests that arrive too slowly.

    Args:
        inner: aiohttp's protocol for this connection.
        registry: The front's registry of connections and its timeout.
    """

    def __init__(self, inner: asyncio.BaseProtocol, registry: DeadlineRegistry) -> None:
        self._inner: Any = inner
        self._registry = registry
        self._transport: asyncio.BaseTransport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._listening = False
        self._fresh = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Register, start the clock for a first byte, and hand over to aiohttp."""
        self._transport = transport
        registry = self._registry
        registry.connections[transport] = self
        if registry.watch is not None:
            registry.watch.opened(len(registry.connections))
        self._arm()
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        """Start the clock at a request's first byte; hand the bytes to aiohttp."""
        if self._fresh:
            self._fresh = False
            self._arm()  # the clock restarts at the first byte, as in kagari's engine
        elif self._timer is None and not self._listening:
            self._arm()
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        """Hand the half-close to aiohttp."""
        return self._inner.eof_received()  # type: ignore[no-any-return]

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock, unregister, and tell aiohttp."""
        self._disarm()
        if self._transport is not None:
            self._registry.connections.pop(self._transport, None)
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        """Hand write back-pressure to aiohttp."""
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        """Hand write back-pressure to aiohttp."""
        self._inner.resume_writing()

    def arrived(self) -> None:
        """The request has arrived whole (headers and body)."""
        self._listening = True
        self._disarm()

    def answered(self) -> None:
        """The request has its answer; the next byte starts the next request's clock."""
        self._listening = False

    def _arm(self) -> None:
        self._disarm()
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self._registry.request_timeout, self._expire)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self._timer = None
        transport = self._transport
        if transport is None or transport.is_closing():
            return
        timeout = self._registry.request_timeout
        if self._fresh:
            reason = f"closing a connection that sent nothing in {timeout:g} s"
        else:
            reason = f"closing a connection whose request took over {timeout:g} s to arrive"
        self._registry.rejections.reject(408, reason)
        transport.close()
