"""The aiohttp front end: one POST route that hands raw requests to an InteractionServer."""

from __future__ import annotations

import asyncio
import logging
import socket as socket_module
import ssl
from collections.abc import Sequence

from aiohttp import web

from kagari import _json
from kagari.interaction_server import InteractionServer

__all__ = ["HTTPFront"]

_LOGGER = logging.getLogger("kagari.server")
_JSON_TYPES = frozenset({"application/json"})


def _plain(status: int, message: str, **headers: str) -> web.Response:
    return web.Response(
        status=status,
        body=_json.dumps({"error": message}),
        content_type="application/json",
        headers=headers or None,
    )


class _IncompleteBody(Exception):
    """The client closed the body before sending all it announced."""


class HTTPFront:
    """Serves an :class:`InteractionServer` over HTTP with aiohttp.

    Args:
        server: The request path to serve.
        path: The URL path of the interactions endpoint (``/`` by default).
    """

    def __init__(self, server: InteractionServer, path: str = "/") -> None:
        if not path.startswith("/"):
            raise ValueError("the endpoint path must start with '/'")
        self.server = server
        self.path = path
        self._runner: web.AppRunner | None = None
        self._sites: list[web.BaseSite] = []

    def make_app(self) -> web.Application:
        """The aiohttp application with the one interactions route (also for mounting)."""
        app = web.Application(client_max_size=self.server.max_body_size + 1)
        app.router.add_route("*", self.path, self.handle)
        return app

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        """Answer one HTTP request (the order of the checks is part of the contract)."""
        if request.method != "POST":
            return _plain(405, "method not allowed", Allow="POST")
        if request.content_type not in _JSON_TYPES:
            return _plain(415, "content type must be application/json")
        signature = request.headers.get("X-Signature-Ed25519", "").encode("ascii", "replace")
        timestamp = request.headers.get("X-Signature-Timestamp", "").encode("ascii", "replace")
        if not self.server.check_headers(signature, timestamp):
            return _plain(401, "invalid request signature")
        try:
            body = await self._read_body(request)
        except _IncompleteBody:
            _LOGGER.warning("rejected request (400): the client stopped before the whole body")
            return _plain(400, "incomplete body")
        if body is None:
            return _plain(413, "request body too large")
        response = await self.server.on_verified_headers(body, signature, timestamp)
        http_response = web.Response(
            status=response.status, body=response.body, headers=response.headers
        )
        if response.has_continuation:
            # Flush the answer before post-response work starts, so that work never
            # delays what Discord is waiting for.
            await http_response.prepare(request)
            await http_response.write_eof()
            response.sent()
        return http_response

    async def _read_body(self, request: web.BaseRequest) -> bytes | None:
        limit = self.server.max_body_size
        length = request.content_length
        if length is not None:
            if length > limit:
                return None
            if length == 0:
                return b""
            try:
                return await request.content.readexactly(length)
            except (asyncio.IncompleteReadError, ConnectionResetError):
                raise _IncompleteBody from None
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                chunk = await request.content.readany()
            except ConnectionResetError:
                raise _IncompleteBody from None
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        """Whether the server is listening."""
        return self._runner is not None

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

        With nothing given, listens on ``localhost`` port 8080 (aiohttp's defaults).
        """
        if self._runner is not None:
            raise RuntimeError("the HTTP server is already running")
        # An Application with one route measured faster than aiohttp's bare low-level
        # Server here (bench/bench_server.py), so kagari serves the same app it offers
        # for mounting.
        runner = web.AppRunner(
            self.make_app(),
            handle_signals=False,
            access_log=None,
            shutdown_timeout=shutdown_timeout,
        )
        await runner.setup()
        sites: list[web.BaseSite] = []
        hosts: list[str | None] = []
        if isinstance(host, str):
            hosts = [host]
        elif host is not None:
            hosts = list(host)
        if port is not None and not hosts:
            hosts = [None]
        for one_host in hosts:
            sites.append(
                web.TCPSite(
                    runner,
                    one_host,
                    port,
                    ssl_context=ssl_context,
                    backlog=backlog,
                    reuse_address=reuse_address,
                    reuse_port=reuse_port,
                )
            )
        if path is not None:
            sites.append(web.UnixSite(runner, path, ssl_context=ssl_context, backlog=backlog))
        if socket is not None:
            sites.append(web.SockSite(runner, socket, ssl_context=ssl_context, backlog=backlog))
        if not sites:
            sites.append(
                web.TCPSite(runner, "localhost", 8080, ssl_context=ssl_context, backlog=backlog)
            )
        try:
            for site in sites:
                await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._sites = sites
        for address in self.addresses:
            _LOGGER.info("listening for interactions on %s", address)

    @property
    def addresses(self) -> list[str]:
        """A URL for every bound address (``http://127.0.0.1:PORT/path``, ``unix:...``)."""
        urls: list[str] = []
        runner = self._runner
        if runner is None:
            return urls
        for site in self._sites:
            scheme = "https" if getattr(site, "_ssl_context", None) else "http"
            server = getattr(site, "_server", None)
            for sock in getattr(server, "sockets", None) or ():
                name = sock.getsockname()
                if isinstance(name, tuple):
                    host = name[0] if ":" not in name[0] else f"[{name[0]}]"
                    urls.append(f"{scheme}://{host}:{name[1]}{self.path}")
                else:
                    urls.append(f"unix:{name}")
        return urls

    async def close(self) -> None:
        """Stop accepting connections and finish in-flight requests (up to the timeout)."""
        runner, self._runner = self._runner, None
        self._sites = []
        if runner is not None:
            await runner.cleanup()
