"""The HTTP front end: serves an InteractionServer on TCP hosts, unix sockets or sockets.

Two engines serve the same contract (``tests/test_server.py`` runs against both):

* ``"kagari"`` (the default): :mod:`kagari.server.engine`, aiohttp's HTTP parser under a
  protocol that knows the one route and answers with one write;
* ``"aiohttp"``: an aiohttp :class:`~aiohttp.web.Application` with one route, aiohttp's
  whole web stack (:meth:`HTTPFront.make_app` also gives it for mounting elsewhere),
  with kagari's request timeout and quiet refusals added
  (:mod:`kagari.server.aiohttp_engine`).

Both answer ``GET`` on the health path (``/health`` by default), and serve Discord's
webhook events (:mod:`kagari.server.events`) on their own path when given them. At
start the process's soft limit on open files is raised toward its hard limit
(:mod:`kagari.server.fdlimit`), and failures to accept a connection (out of file
descriptors) are logged once per interval instead of once per attempt.

``KAGARI_HTTP_ENGINE=aiohttp`` in the environment picks the second one for a bot that
does not choose.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket as socket_module
import ssl
from collections.abc import Awaitable, Callable, Sequence
from typing import Literal

from aiohttp import web

from kagari.server.aiohttp_engine import DeadlineRegistry, QuietLogger
from kagari.server.engine import (
    DEFAULT_HEALTH_PATH,
    Endpoint,
    IncompleteBody,
    SignedRoute,
    health_response,
    read_body,
    signature_headers,
)
from kagari.server.events import DEFAULT_EVENTS_PATH, EventServer, check_events_path
from kagari.server.fdlimit import AcceptErrorLog, ConnectionWatch, raise_fd_limit, soft_fd_limit
from kagari.server.pipeline import InteractionServer, Response, error_response

__all__ = ["ENGINES", "HTTPFront"]

_LOGGER = logging.getLogger("kagari.server")

Engine = Literal["kagari", "aiohttp"]
ENGINES: tuple[Engine, ...] = ("kagari", "aiohttp")
"""The HTTP engines :class:`HTTPFront` can serve with."""


def _web_response(response: Response) -> web.Response:
    return web.Response(status=response.status, body=response.body, headers=response.headers)


def _engine_from_environment() -> Engine:
    chosen = os.environ.get("KAGARI_HTTP_ENGINE", "kagari")
    if chosen not in ENGINES:
        raise ValueError(f"KAGARI_HTTP_ENGINE must be one of {ENGINES}, not {chosen!r}")
    return chosen


class HTTPFront:
    """Serves an :class:`InteractionServer` over HTTP.

    Args:
        server: The request path to serve.
        path: The URL path of the interactions endpoint (``/`` by default).
        engine: ``"kagari"`` or ``"aiohttp"`` (see the module docstring); by default
            ``KAGARI_HTTP_ENGINE`` from the environment, else ``"kagari"``.
        idle_timeout: Seconds the ``"kagari"`` engine keeps a connection that waits on
            its client (between requests or mid-body) before closing it.
        request_timeout: Seconds either engine gives a request to arrive whole, from
            its first byte to its last (or a new connection to send anything), before
            closing the connection.
        health_path: Where ``GET`` answers 200 ``{"status":"ok"}``; ``None`` for none.
        raise_fd_limit: Raise the soft open-file limit toward the hard one at start.
        events: Discord's webhook events path, served at ``events_path``; ``None``
            serves none.
        events_path: The URL path of webhook events; it must differ from ``path``
            (there ``type: 1`` is a PING, here an event) and from ``health_path``.
    """

    def __init__(
        self,
        server: InteractionServer,
        path: str = "/",
        engine: Engine | None = None,
        *,
        idle_timeout: float = 75.0,
        request_timeout: float = 10.0,
        health_path: str | None = DEFAULT_HEALTH_PATH,
        raise_fd_limit: bool = True,
        events: EventServer | None = None,
        events_path: str | None = DEFAULT_EVENTS_PATH,
    ) -> None:
        if not path.startswith("/"):
            raise ValueError("the endpoint path must start with '/'")
        if health_path is not None and (not health_path.startswith("/") or health_path == path):
            raise ValueError("the health path must start with '/' and differ from the path")
        if events is not None:
            check_events_path(events_path, path, health_path)
        if engine is not None and engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
        self.server = server
        self.path = path
        self.engine: Engine = engine or _engine_from_environment()
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        self.health_path = health_path
        self.raise_fd_limit = raise_fd_limit
        self.events = events
        self.events_path = events_path if events is not None else None
        self._deadlines = DeadlineRegistry(request_timeout, server.rejections)
        self._accept_errors: AcceptErrorLog | None = None
        self._runner: web.AppRunner | None = None
        self._scheme = "http"
        self._endpoint: Endpoint | None = None
        self._servers: list[asyncio.Server] = []
        self._shutdown_timeout = 60.0

    def make_app(self) -> web.Application:
        """An aiohttp application with the one interactions route (also for mounting)."""
        app = web.Application(
            client_max_size=self.server.max_body_size + 1, middlewares=[self._deadline]
        )
        app.router.add_route("*", self.path, self.handle)
        events = self.events
        if events is not None and self.events_path is not None:

            async def handle_events(request: web.Request) -> web.StreamResponse:
                return await self._handle(request, events)

            app.router.add_route("*", self.events_path, handle_events)
        if self.health_path is not None:
            app.router.add_get(self.health_path, self._health)  # HEAD too
        return app

    @web.middleware
    async def _deadline(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        try:
            return await handler(request)
        finally:  # whatever the route, the request is over: stop and reset its clock
            self._deadlines.arrived(request.transport)
            self._deadlines.answered(request.transport)

    async def _health(self, request: web.Request) -> web.StreamResponse:
        return _web_response(health_response())

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        """Answer one aiohttp request (the order of the checks is part of the contract)."""
        return await self._handle(request, self.server)

    async def _handle(self, request: web.BaseRequest, route: SignedRoute) -> web.StreamResponse:
        signature, timestamp = signature_headers(request.headers)
        refusal = route.check_request(
            request.method,
            request.headers.get("Content-Type", ""),
            signature,
            timestamp,
            request.content_length,
        )
        if refusal is not None:
            return _web_response(refusal)
        length = request.content_length
        if "Content-Encoding" in request.headers:
            length = None  # aiohttp decompresses: the wire length says nothing
        try:
            body = await read_body(request.content, length, route.max_body_size, route.rejections)
        except IncompleteBody:
            route.rejections.reject(
                400, "incomplete body", "the client stopped before the whole body"
            )
            return _web_response(error_response(400, "incomplete body"))
        if body is None:
            return _web_response(error_response(413, "request body too large"))
        self._deadlines.arrived(request.transport)
        response = await route.on_verified_headers(body, signature, timestamp)
        http_response = _web_response(response)
        if response.has_continuation:
            # Flush the answer before post-response work starts, so that work never
            # delays what Discord is waiting for; a client that left does not delay it.
            try:
                await http_response.prepare(request)
                await http_response.write_eof()
            finally:
                response.sent()
        return http_response

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        """Whether the server is listening."""
        return bool(self._servers)

    async def start(
        self,
        *,
        host: str | Sequence[str] | None = None,
        port: int | None = None,
        path: str | None = None,
        socket: socket_module.socket | None = None,
        backlog: int = 128,
        reuse_address: bool | None = None,
        reuse_port: bool | None = None,
        shutdown_timeout: float = 60.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """Start listening on every address given (TCP hosts, a unix path, a socket).

        With nothing given, listens on ``localhost`` port 8080 (aiohttp's defaults; a
        host with no port also gets 8080).
        """
        if self._servers:
            raise RuntimeError("the HTTP server is already running")
        loop = asyncio.get_running_loop()
        self._shutdown_timeout = shutdown_timeout
        if self.raise_fd_limit:
            raise_fd_limit()
        soft_limit = soft_fd_limit()
        watch = None
        if soft_limit is not None:
            watch = ConnectionWatch(soft_limit, self.server.rejections.interval)
        self._deadlines.watch = watch
        if self.engine == "kagari":
            endpoint = self._endpoint = Endpoint(
                self.server,
                self.path,
                self.idle_timeout,
                self.request_timeout,
                self.health_path,
                self.events,
                self.events_path,
            )
            endpoint.watch = watch
            factory: Callable[[], asyncio.BaseProtocol] = endpoint.protocol
        else:
            runner = self._runner = web.AppRunner(
                self.make_app(),
                handle_signals=False,
                access_log=None,
                shutdown_timeout=shutdown_timeout,
                keepalive_timeout=self.idle_timeout,
                logger=QuietLogger(self.server.rejections),
            )
            await runner.setup()
            assert runner.server is not None
            factory = self._deadlines.wrap(runner.server)
        self._accept_errors = AcceptErrorLog(loop, self.server.rejections.interval)
        hosts: list[str | None] = []
        if isinstance(host, str):
            hosts = [host]
        elif host is not None:
            hosts = list(host)
        if port is not None and not hosts:
            hosts = [None]
        if not hosts and path is None and socket is None:
            hosts = ["localhost"]
        try:
            for one_host in hosts:
                self._servers.append(
                    await loop.create_server(
                        factory,
                        one_host,
                        8080 if port is None else port,
                        reuse_address=reuse_address,
                        reuse_port=reuse_port,
                        ssl=ssl_context,
                        backlog=backlog,
                    )
                )
            if path is not None:
                self._servers.append(
                    await loop.create_unix_server(factory, path, ssl=ssl_context, backlog=backlog)
                )
            if socket is not None:
                self._servers.append(
                    await loop.create_server(factory, sock=socket, ssl=ssl_context, backlog=backlog)
                )
        except BaseException:
            await self.close()
            raise
        self._scheme = "https" if ssl_context is not None else "http"
        _LOGGER.debug("serving with the %s HTTP engine", self.engine)
        for address in self.addresses:
            _LOGGER.info("listening for interactions on %s", address)

    @property
    def addresses(self) -> list[str]:
        """A URL for every bound address (``http://127.0.0.1:PORT/path``, ``unix:...``)."""
        urls: list[str] = []
        for server in self._servers:
            for sock in server.sockets:
                name = sock.getsockname()
                if isinstance(name, tuple):
                    host = name[0] if ":" not in name[0] else f"[{name[0]}]"
                    urls.append(f"{self._scheme}://{host}:{name[1]}{self.path}")
                else:
                    urls.append(f"unix:{name}")
        return urls

    async def close(self) -> None:
        """Stop accepting connections and finish in-flight requests (up to the timeout)."""
        servers, self._servers = self._servers, []
        endpoint, self._endpoint = self._endpoint, None
        runner, self._runner = self._runner, None
        for server in servers:
            server.close()
        if endpoint is not None:
            await endpoint.shutdown(self._shutdown_timeout)
        if runner is not None:
            await runner.cleanup()
        for server in servers:
            await server.wait_closed()
        accept_errors, self._accept_errors = self._accept_errors, None
        if accept_errors is not None:
            accept_errors.close()
