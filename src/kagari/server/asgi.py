"""An ASGI application over the request path, for uvicorn, granian, hypercorn and friends.

:class:`ASGIApp` serves the same routes, with the same checks in the same order and the
same status codes, as kagari's built-in engines: the interactions endpoint, Discord's
webhook events and the health check. It does not bind a port; the ASGI server does.

* **Lifespan**: ``lifespan.startup`` runs the owner's start-up without listening (the
  REST session, the public key, startup callbacks such as a command sync) and
  ``lifespan.shutdown`` its close. A server that sends no lifespan events (or a parent
  app that does not pass them on to a mounted one) gets the start-up on the first
  request instead; :meth:`ASGIApp.lifespan` gives a parent app's lifespan the context
  manager to run it at the right time.
* **After the response**: post-response work (the rest of an async generator listener,
  webhook event handlers) starts once the body is handed to the server; ASGI servers
  keep the event loop, and so that work, running.
* **Mounted at a path**: inside Starlette or FastAPI (``Mount("/discord", app=...)``),
  paths are matched below the mount point (``root_path``).
* **Serverless** (:mod:`kagari.server.serverless`): with a
  :class:`~kagari.server.serverless.ServerlessAnswer`, all work finishes before the
  HTTP answer.

An error inside kagari is logged and answered ``500`` with a generic body: no
traceback ever reaches the client.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any

from kagari.server.engine import DEFAULT_HEALTH_PATH, SignedRoute, health_response
from kagari.server.events import DEFAULT_EVENTS_PATH, EventServer, check_events_path
from kagari.server.pipeline import InteractionServer, Response, error_response
from kagari.server.serverless import ServerlessAnswer

__all__ = ["ASGIApp", "Message", "Receive", "Scope", "Send"]

_LOGGER = logging.getLogger("kagari.server.asgi")

Scope = MutableMapping[str, Any]
"""An ASGI connection scope."""
Message = MutableMapping[str, Any]
"""An ASGI event message."""
Receive = Callable[[], Awaitable[Message]]
"""The ASGI ``receive`` callable."""
Send = Callable[[Message], Awaitable[None]]
"""The ASGI ``send`` callable."""


class _ClientLeft(Exception):
    """The client disconnected before its request arrived whole."""


class ASGIApp:
    """An ASGI 3 application serving one bot's interactions and webhook events.

    Build it with :attr:`kagari.RESTBot.asgi` or :meth:`kagari.RESTBot.asgi_app`
    rather than by hand.

    Args:
        interactions: The request path of interactions.
        startup: Starts the owner without listening (REST session, key, callbacks).
        shutdown: Closes the owner (drains post-response work, closes REST).
        is_alive: Whether the owner is started and not closed.
        path: The interactions endpoint path, below any mount point.
        health_path: Where ``GET``/``HEAD`` answer 200 ``{"status":"ok"}``; ``None``:
            nowhere.
        events: The webhook events path, served at ``events_path``; ``None``: none.
        events_path: The URL path of webhook events.
        serverless: Finish every request's work before its HTTP answer (see
            :mod:`kagari.server.serverless`); ``None`` for an ordinary server.

    Raises:
        ValueError: If a path does not start with ``/`` or two paths are the same.
    """

    def __init__(
        self,
        interactions: InteractionServer,
        *,
        startup: Callable[[], Awaitable[None]],
        shutdown: Callable[[], Awaitable[None]],
        is_alive: Callable[[], bool],
        path: str = "/",
        health_path: str | None = DEFAULT_HEALTH_PATH,
        events: EventServer | None = None,
        events_path: str | None = DEFAULT_EVENTS_PATH,
        serverless: ServerlessAnswer | None = None,
    ) -> None:
        if not path.startswith("/"):
            raise ValueError("the endpoint path must start with '/'")
        if health_path is not None and (not health_path.startswith("/") or health_path == path):
            raise ValueError("the health path must start with '/' and differ from the path")
        if events is not None:
            check_events_path(events_path, path, health_path)
        self.interactions = interactions
        self.events = events
        self.path = path
        self.health_path = health_path
        self.events_path = events_path if events is not None else None
        self.serverless = serverless
        self._startup = startup
        self._shutdown = shutdown
        self._is_alive = is_alive
        self._starting: asyncio.Lock | None = None
        self._started_here = False

    @property
    def is_serverless(self) -> bool:
        """Whether every request's work finishes before its HTTP answer."""
        return self.serverless is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection: ``http``, ``lifespan``; ``websocket`` is refused."""
        kind = scope.get("type")
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1008})

    # -- lifecycle ---------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self) -> AsyncIterator[None]:
        """Start the bot on entry and close it on exit, for a parent app's lifespan.

        Starlette and FastAPI do not pass lifespan events to a mounted app::

            @contextlib.asynccontextmanager
            async def lifespan(app):
                async with bot.asgi.lifespan():
                    yield

            app = Starlette(routes=[Mount("/discord", app=bot.asgi)], lifespan=lifespan)
        """
        await self.start()
        try:
            yield
        finally:
            await self.close()

    async def start(self) -> None:
        """Start the bot unless it is running already (at most once at a time).

        Raises:
            Exception: Whatever the bot's start-up raised.
        """
        if self._is_alive():
            return
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if not self._is_alive():
                await self._startup()
                self._started_here = True

    async def close(self) -> None:
        """Close the bot if this app started it."""
        if self._started_here:
            self._started_here = False
            await self._shutdown()

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            kind = message.get("type")
            if kind == "lifespan.startup":
                try:
                    await self.start()
                except Exception as error:
                    _LOGGER.exception("the bot failed to start")
                    await send({"type": "lifespan.startup.failed", "message": repr(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif kind == "lifespan.shutdown":
                try:
                    await self.close()
                except Exception as error:
                    _LOGGER.exception("the bot failed to close")
                    await send({"type": "lifespan.shutdown.failed", "message": repr(error)})
                    return
                await send({"type": "lifespan.shutdown.complete"})
                return

    # -- requests ----------------------------------------------------------------------

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started: list[bool] = []

        async def tracked(message: Message) -> None:
            if message.get("type") == "http.response.start":
                started.append(True)
            await send(message)

        response: Response | None = None
        try:
            response = await self._answer(scope, receive)
            if response is not None:
                await _send_response(tracked, response, head_only=scope.get("method") == "HEAD")
        except _ClientLeft:
            self.interactions.rejections.reject(
                400, "incomplete body", "the client stopped before the whole body"
            )
        except OSError as error:  # the client went away while the answer was sent
            self.interactions.rejections.reject(
                499, "the client left before its answer", repr(error)
            )
        except Exception:
            _LOGGER.exception("the ASGI front end failed on a request")
            if not started:
                await _send_response(send, error_response(500, "internal server error"))
        finally:
            if response is not None and response.has_continuation:
                response.sent()

    async def _answer(self, scope: Scope, receive: Receive) -> Response | None:
        method = str(scope.get("method", "GET"))
        path = _route_path(scope)
        route: SignedRoute
        if path == self.path:
            route = self.interactions
        elif self.events is not None and path == self.events_path:
            route = self.events
        elif self.health_path is not None and path == self.health_path:
            if method in ("GET", "HEAD"):
                return health_response()
            wrong = error_response(405, "method not allowed")
            wrong.headers["Allow"] = "GET, HEAD"
            return wrong
        else:
            return self.interactions.reject(404, "not found", path)
        headers = _headers(scope)
        signature = headers.get("x-signature-ed25519", "").encode("ascii", "replace")
        timestamp = headers.get("x-signature-timestamp", "").encode("ascii", "replace")
        length_header = headers.get("content-length")
        length = None
        if length_header is not None:
            if not length_header.strip().isdigit():
                return self.interactions.reject(400, "invalid Content-Length", length_header)
            length = int(length_header)
        refusal = route.check_request(
            method, headers.get("content-type", ""), signature, timestamp, length
        )
        if refusal is not None:
            return refusal
        body = await _read_body(receive, route.max_body_size)
        if body is None:
            return error_response(413, "request body too large")
        try:
            await self.start()
        except Exception:
            _LOGGER.exception("the bot failed to start")
            return self.interactions.reject(503, "the bot is not ready")
        response = await route.on_verified_headers(body, signature, timestamp)
        serverless = self.serverless
        if serverless is None:
            return response
        if route is self.interactions:
            return await serverless.interaction(body, response)
        return await serverless.settled(response)


def _route_path(scope: Scope) -> str:
    """The request path below the mount point (``root_path``), ``/`` at the least."""
    path = str(scope.get("path") or "/")
    root = str(scope.get("root_path") or "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return path if path.startswith("/") else "/" + path


def _headers(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in scope.get("headers") or ():
        key = bytes(name).decode("latin-1").lower()
        found.setdefault(key, bytes(value).decode("latin-1"))
    return found


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, ``None`` once it grows past ``limit``.

    Raises:
        _ClientLeft: If the client disconnected first.
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        kind = message.get("type")
        if kind == "http.disconnect":
            raise _ClientLeft
        if kind != "http.request":
            continue
        chunk = bytes(message.get("body") or b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send_response(send: Send, response: Response, *, head_only: bool = False) -> None:
    body = response.body or b""
    headers = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in response.headers.items()
    ]
    if response.status != 204:  # a 204 carries no Content-Length (RFC 9110, 8.6)
        headers.append((b"content-length", str(len(body)).encode("ascii")))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    sent_body = b"" if head_only or response.status == 204 else body
    await send({"type": "http.response.body", "body": sent_body, "more_body": False})
