"""The REST client: one keep-alive session, authorization, rate limits, retries, errors."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json as json_module
import logging
import random
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, NamedTuple

import aiohttp

from kagari._about import __url__, __version__
from kagari._trace import TRACE
from kagari.builders.files import File
from kagari.builders.multipart import (
    ReadFile,
    encode_form,
    encode_multipart,
    read_files,
    with_attachments,
)
from kagari.rest.endpoints import RESTEndpoints
from kagari.rest.errors import (
    DeliveryUnknownError,
    RateLimitTooLongError,
    RESTConnectionError,
    RESTTimeoutError,
    UnauthorizedTokenError,
    error_for_status,
)
from kagari.rest.ratelimits import (
    DEFAULT_INVALID_REQUEST_LIMIT,
    DEFAULT_MAX_PENDING_REQUESTS,
    INVALID_REQUEST_WINDOW,
    BucketManager,
    GlobalLimiter,
    InvalidRequestGuard,
    PendingLimit,
    RateLimited,
    RateLimitHeaders,
    Ticket,
)
from kagari.rest.routes import CompiledRoute, Route, Snowflakeish
from kagari.rest.settings import HTTPSettings, ProxySettings
from kagari.rest.tokens import TokenStrategy, normalize_token_type

__all__ = ["DEFAULT_REST_URL", "TRACE_KAGARI", "USER_AGENT", "RESTClient"]

TRACE_KAGARI = TRACE

DEFAULT_REST_URL = "https://discord.com/api/v10"
"""Discord's REST API, version 10."""

USER_AGENT = f"DiscordBot ({__url__}, {__version__}) kagari"
"""The ``User-Agent`` in the form Discord documents: ``DiscordBot ($url, $version)``."""

_LOGGER = logging.getLogger("kagari.rest")
_RETRY_STATUSES = frozenset({500, 502, 503, 504})
_INVALID_STATUSES = frozenset({401, 403})
_BACKOFF_CAP = 30.0
_RATE_LIMIT_MODES = ("local", "proxy")


class _Answer(NamedTuple):
    """One answer, and for a 429 what it limits and whether the request must sleep itself."""

    status: int
    headers: Mapping[str, str]
    raw: bytes
    content_type: str
    limited: RateLimited | None = None
    sleep: bool = False


class _Delivery:
    """Per attempt: whether aiohttp wrote the request's headers (so it may have arrived)."""

    __slots__ = ("sent",)

    def __init__(self) -> None:
        self.sent = False


async def _headers_sent(
    session: aiohttp.ClientSession, context: Any, params: aiohttp.TraceRequestHeadersSentParams
) -> None:
    delivery = context.trace_request_ctx
    if isinstance(delivery, _Delivery):
        delivery.sent = True


def _trace_config() -> aiohttp.TraceConfig:
    trace = aiohttp.TraceConfig()
    trace.on_request_headers_sent.append(_headers_sent)
    trace.freeze()
    return trace


class RESTClient(RESTEndpoints):
    """An asynchronous client for Discord's REST API.

    Args:
        token: A bot or bearer token (``str``), a :class:`~kagari.rest.TokenStrategy`, or
            ``None`` when only interaction-token routes (callbacks, follow-ups) are used.
        token_type: ``"Bot"`` or ``"Bearer"`` (any case) for a ``str`` token; must be
            ``None`` with a strategy or without a token.
        rest_url: The API base URL; defaults to Discord's v10 API. Point it at
            :class:`kagari.testing.FakeDiscord` in tests.
        http_settings: Timeouts, TLS verification, redirects and pool size.
        proxy_settings: An HTTP proxy to go through.
        max_rate_limit: The longest rate-limit wait, in seconds, the client accepts; a longer
            one raises :class:`~kagari.rest.RateLimitTooLongError` at once.
        max_retries: How many times a request is retried after a 5xx answer or a
            connection error.
        max_429_retries: How many times a request is retried after a 429.
        global_rate_limit: Requests per second allowed by Discord's global limit; the client
            paces itself under it. Interaction-token routes are exempt, as Discord documents.
        executor: Where file reads run; ``None`` uses the event loop's default executor.
        retry_backoff: The base of the exponential backoff between retries, in seconds
            (the n-th retry waits about ``retry_backoff * 2**n``, with jitter).
        rate_limits: ``"local"`` (the default): the client keeps Discord's buckets and
            global limit itself. ``"proxy"``: ``rest_url`` is a rate-limiting proxy
            (nirn-proxy, twilight-http-proxy) that does, so the local limiter is off;
            429s are still waited for and retried.
        invalid_request_limit: How many 401, 403 and 429 answers (``shared`` 429s
            excepted) the client accepts within ``invalid_request_window`` seconds before
            it refuses to send with :class:`~kagari.rest.InvalidRequestLimitError`
            (Discord bans the IP for an hour at 10,000 in 10 minutes); a warning is
            logged at half. ``None`` turns the guard off.
        invalid_request_window: The guard's rolling window, in seconds (Discord's 600).
        max_pending_requests: How many requests the client holds at once, from the call
            until the answer (waiting for a rate limit or a connection, or in flight);
            past it a new request fails at once with
            :class:`~kagari.rest.RESTQueueFullError` (logged). ``None``: no limit.

    Raises:
        ValueError: When the token and token type do not fit together, or a limit is invalid.
    """

    def __init__(
        self,
        token: str | TokenStrategy | None = None,
        token_type: str | None = None,
        *,
        rest_url: str | None = None,
        http_settings: HTTPSettings | None = None,
        proxy_settings: ProxySettings | None = None,
        max_rate_limit: float = 300.0,
        max_retries: int = 3,
        max_429_retries: int = 5,
        global_rate_limit: float = 50.0,
        executor: concurrent.futures.Executor | None = None,
        retry_backoff: float = 0.5,
        rate_limits: Literal["local", "proxy"] = "local",
        invalid_request_limit: int | None = DEFAULT_INVALID_REQUEST_LIMIT,
        invalid_request_window: float = INVALID_REQUEST_WINDOW,
        max_pending_requests: int | None = DEFAULT_MAX_PENDING_REQUESTS,
    ) -> None:
        self._strategy: TokenStrategy | None = None
        self._token_header: str | None = None
        if isinstance(token, str):
            if token_type is None:
                raise ValueError("token_type ('Bot' or 'Bearer') is required with a str token")
            if not token:
                raise ValueError("token must not be empty")
            self._token_header = f"{normalize_token_type(token_type)} {token}"
        elif token is None:
            if token_type is not None:
                raise ValueError("token_type must be None when no token is given")
        elif isinstance(token, TokenStrategy):
            if token_type is not None:
                raise ValueError("token_type must be None when token is a TokenStrategy")
            self._strategy = token
        else:
            raise TypeError(f"token must be a str, a TokenStrategy or None, got {type(token)!r}")
        if not max_rate_limit > 0:
            raise ValueError(f"max_rate_limit must be positive, got {max_rate_limit!r}")
        for name, value in (("max_retries", max_retries), ("max_429_retries", max_429_retries)):
            if value < 0:
                raise ValueError(f"{name} must not be negative, got {value!r}")
        if retry_backoff < 0:
            raise ValueError(f"retry_backoff must not be negative, got {retry_backoff!r}")
        if rate_limits not in _RATE_LIMIT_MODES:
            raise ValueError(f"rate_limits must be 'local' or 'proxy', got {rate_limits!r}")
        self.rest_url = (rest_url or DEFAULT_REST_URL).rstrip("/")
        self.http_settings = http_settings or HTTPSettings()
        self.proxy_settings = proxy_settings or ProxySettings()
        self.max_rate_limit = max_rate_limit
        self.max_retries = max_retries
        self.max_429_retries = max_429_retries
        self.retry_backoff = retry_backoff
        self.executor = executor
        self.rate_limits = rate_limits
        self.buckets = BucketManager()
        self.global_limiter = GlobalLimiter(global_rate_limit)
        self.invalid_requests = InvalidRequestGuard(invalid_request_limit, invalid_request_window)
        self.pending = PendingLimit(max_pending_requests)
        self._local_limits = rate_limits == "local"
        self._refused_authorizations: set[str] = set()
        self._routes: dict[tuple[str, str], Route] = {}
        self._session: aiohttp.ClientSession | None = None
        self._closed = False
        # Through a proxy, an https request's proxy headers go on the CONNECT tunnel; a plain
        # http request is sent to the proxy itself, so they must ride on the request.
        self._plain_proxy_headers: dict[str, str] = {}
        if self.proxy_settings.url and self.rest_url.startswith("http://"):
            self._plain_proxy_headers = self.proxy_settings.all_headers or {}
        timeouts = self.http_settings.timeouts
        self._timeout = aiohttp.ClientTimeout(
            total=timeouts.total,
            connect=timeouts.connect,
            sock_connect=timeouts.sock_connect,
            sock_read=timeouts.sock_read,
        )

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def is_alive(self) -> bool:
        """Whether the HTTP session is open."""
        return self._session is not None and not self._session.closed

    @property
    def token_type(self) -> str | None:
        """``"Bot"``, ``"Bearer"``, or ``None`` without a token."""
        if self._strategy is not None:
            return self._strategy.token_type
        if self._token_header is not None:
            return self._token_header.split(" ", 1)[0]
        return None

    async def start(self) -> None:
        """Open the HTTP session (one keep-alive connection pool). Does nothing if open."""
        self._open()

    async def close(self) -> None:
        """Close the HTTP session. Later requests raise until :meth:`start` is called again."""
        session, self._session = self._session, None
        self._closed = True
        if session is not None and not session.closed:
            await session.close()

    async def __aenter__(self) -> RESTClient:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def _open(self) -> aiohttp.ClientSession:
        session = self._session
        if session is not None and not session.closed:
            return session
        settings = self.http_settings
        connector_options: dict[str, Any] = {
            "limit": settings.max_connections,
            "ssl": settings.verify_ssl,
        }
        if settings.enable_cleanup_closed:
            connector_options["enable_cleanup_closed"] = True
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(**connector_options),
            timeout=self._timeout,
            headers={"User-Agent": USER_AGENT},
            trust_env=self.proxy_settings.trust_env,
            trace_configs=[_trace_config()],
        )
        self._session = session
        self._closed = False
        return session

    # -- requests ----------------------------------------------------------------------------

    def route(self, method: str, template: str) -> Route:
        """The (cached) :class:`Route` for ``method`` and ``template``."""
        key = (method, template)
        found = self._routes.get(key)
        if found is None:
            found = self._routes[key] = Route(method, template)
        return found

    async def request(
        self,
        method: str,
        template: str,
        *,
        json: Any = None,
        files: Sequence[File] = (),
        files_data_key: str | None = None,
        form: Mapping[str, str | File] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool | None = None,
        reason: str | None = None,
        idempotent: bool | None = None,
        **path_params: Snowflakeish,
    ) -> Any:
        """Send one request through the rate limiters and retries, and decode the answer.

        A request that is safe to repeat (``idempotent``) is sent again after a dropped
        connection; one that is not is sent again only when it provably never left (the
        connection failed before anything was written), and otherwise raises
        :class:`~kagari.rest.DeliveryUnknownError`, so that it never acts twice.

        Args:
            method: The HTTP method.
            template: The path template under :attr:`rest_url`, with ``{name}`` parameters.
            json: The JSON body.
            files: Files to send as ``files[n]`` parts of a multipart body, with ``json``
                as ``payload_json`` and ``attachments`` entries ``{"id": "n"}`` added.
            files_data_key: Where the attachments list goes when ``json`` wraps the message
                (``"data"`` for an interaction callback).
            form: A form body instead of ``json``: ``application/x-www-form-urlencoded``,
                or ``multipart/form-data`` with named fields when a value is a
                :class:`~kagari.File` (a field per key, the file's name and type on its part).
            query: Query parameters; booleans become ``true``/``false``.
            headers: Extra headers; an ``Authorization`` here replaces the client's.
            auth: Send the client's ``Authorization``; ``None`` means "unless this is an
                interaction-token route".
            reason: An audit-log reason (``X-Audit-Log-Reason``).
            idempotent: Whether sending the request twice acts like sending it once;
                ``None`` decides by the method (``GET``, ``HEAD``, ``OPTIONS``, ``PUT``,
                ``PATCH`` and ``DELETE`` are; ``POST`` is not, unless its JSON carries a
                ``nonce`` with ``enforce_nonce: true``, which Discord deduplicates).
            **path_params: Values for the template's parameters.

        Returns:
            The decoded JSON answer, ``None`` for an empty one, or text for other types.

        Raises:
            HTTPError: A subclass per status when Discord answers with an error.
            RateLimitTooLongError: When a rate limit asks to wait over ``max_rate_limit``.
            RESTConnectionError: When the connection fails after ``max_retries`` retries.
            DeliveryUnknownError: When a request that is not safe to repeat was sent and
                its connection dropped, or its answer timed out.
            RESTTimeoutError: When a request exceeds the configured timeouts.
            RESTQueueFullError: When ``max_pending_requests`` requests are pending.
        """
        if self._closed and self._session is None:
            raise RuntimeError("RESTClient is closed; call start() to use it again")
        route = self.route(method, template)
        compiled = route.compile(**path_params)
        if idempotent is None:
            idempotent = route.idempotent or _has_enforced_nonce(json)
        pending = self.pending
        pending.enter(route.key)
        try:
            return await self._request(
                route,
                compiled,
                json,
                files,
                files_data_key,
                form,
                query,
                headers,
                auth,
                reason,
                idempotent,
            )
        finally:
            pending.leave()

    async def _request(
        self,
        route: Route,
        compiled: CompiledRoute,
        json: Any,
        files: Sequence[File],
        files_data_key: str | None,
        form: Mapping[str, str | File] | None,
        query: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        auth: bool | None,
        reason: str | None,
        idempotent: bool,
    ) -> Any:
        """Build the body and headers, then send until an answer can be returned or raised."""
        base_headers: dict[str, str] = dict(self._plain_proxy_headers)
        if reason is not None:
            base_headers["X-Audit-Log-Reason"] = urllib.parse.quote(reason, safe=" ")
        if headers:
            base_headers.update(headers)
        send_auth = (not route.is_interaction) if auth is None else auth
        if "Authorization" in base_headers:
            send_auth = False
        read = await read_files(files, self.executor) if files else []
        data: Any = None
        if read:
            payload = with_attachments(json or {}, read, files_data_key)
            data, base_headers["Content-Type"] = encode_multipart(payload, read)
        elif json is not None:
            data = json_module.dumps(json, separators=(",", ":")).encode()
            base_headers["Content-Type"] = "application/json"
        elif form is not None:
            data, form_type = await _form_body(form, self.executor)
            if form_type is not None:
                base_headers["Content-Type"] = form_type
        params = _query(query) if query else None
        url = self.rest_url + compiled.path
        session = self._open()
        retries = 0
        rate_limited = 0
        reauthorized = False
        while True:
            request_headers = dict(base_headers)
            authorization = None
            if send_auth:
                authorization = await self._authorization(route)
                if authorization in self._refused_authorizations:
                    raise UnauthorizedTokenError(route.key)
                request_headers["Authorization"] = authorization
            answer = await self._send(
                session, compiled, url, data, params, request_headers, retries, idempotent
            )
            status = answer.status
            if status < 400:
                return _decode(answer.raw, answer.content_type)
            decoded = _decode(answer.raw, answer.content_type)
            if answer.limited is not None:
                rate_limited += 1
                if rate_limited > self.max_429_retries:
                    raise error_for_status(status, decoded, route.key)
                await self._wait_429(route, answer.limited, answer.sleep)
                continue
            if status in _RETRY_STATUSES and retries < self.max_retries:
                retries += 1
                await self._backoff(retries, f"{status} answer")
                continue
            if status == 401 and authorization is not None:
                self._refuse(route, authorization)
                strategy = self._strategy
                if strategy is not None and not reauthorized:
                    reauthorized = True
                    strategy.invalidate(authorization)
                    continue
            raise error_for_status(status, decoded, route.key)

    async def _send(
        self,
        session: aiohttp.ClientSession,
        compiled: CompiledRoute,
        url: str,
        body: Any,
        params: dict[str, str] | None,
        headers: dict[str, str],
        retries: int,
        idempotent: bool,
    ) -> _Answer:
        """Send once (retrying connection errors), holding the limiters; return the answer.

        A connection error is retried when the request is ``idempotent`` or provably
        never left; otherwise it raises :class:`DeliveryUnknownError`, as does a timeout
        after the request was sent.
        """
        route = compiled.route
        proxy = self.proxy_settings
        settings = self.http_settings
        guard = self.invalid_requests
        while True:
            guard.check(route.key)
            ticket = None
            paced = False
            if self._local_limits:
                ticket = await self.buckets.acquire(compiled, self.max_rate_limit)
                paced = not route.is_interaction
                if paced:
                    try:
                        await self.global_limiter.acquire(route.key, self.max_rate_limit)
                    except BaseException:
                        self.buckets.release_failed(ticket)
                        raise
            started = time.perf_counter()
            delivery = _Delivery()
            try:
                guard.check(route.key)  # other answers may have come in while this waited
                async with session.request(
                    route.method,
                    url,
                    data=body,
                    params=params,
                    headers=headers,
                    proxy=proxy.url,
                    proxy_headers=proxy.all_headers,
                    allow_redirects=settings.allow_redirects,
                    max_redirects=max(settings.max_redirects, 1),
                    trace_request_ctx=delivery,
                ) as response:
                    raw = await response.read()
            except asyncio.TimeoutError as error:
                if ticket is not None:
                    self.buckets.release_failed(ticket)
                if delivery.sent and not idempotent:
                    raise self._unknown(route, retries, error, timed_out=True) from error
                raise RESTTimeoutError(route.key, settings.timeouts.total) from None
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, OSError) as error:
                if ticket is not None:
                    self.buckets.release_failed(ticket)
                if delivery.sent and not idempotent:
                    raise self._unknown(route, retries, error) from error
                if retries >= self.max_retries:
                    raise RESTConnectionError(route.key, retries + 1, repr(error)) from error
                retries += 1
                await self._backoff(retries, repr(error))
                continue
            except BaseException:
                if ticket is not None:
                    self.buckets.release_failed(ticket)
                raise
            finally:
                if paced:
                    self.global_limiter.release()
            status = response.status
            answer = _Answer(status, response.headers, raw, response.content_type)
            if status == 429:
                answer = self._limited(compiled, answer, ticket, paced)
            else:
                if status in _INVALID_STATUSES:
                    guard.record(route.key, status)
                if ticket is not None:
                    self.buckets.release(ticket, RateLimitHeaders.parse(response.headers))
            if _LOGGER.isEnabledFor(TRACE_KAGARI):
                _LOGGER.log(
                    TRACE_KAGARI,
                    "%s %s -> %s in %.1f ms",
                    route.method,
                    compiled.path,
                    status,
                    (time.perf_counter() - started) * 1000,
                )
            return answer

    def _limited(
        self, compiled: CompiledRoute, answer: _Answer, ticket: Ticket | None, paced: bool
    ) -> _Answer:
        """Read a 429 and, before anything else runs, close what it limits.

        Returns the answer with the 429 read, and whether the request must sleep on its own
        (nothing else will make its retry wait).
        """
        limited = RateLimited.parse(
            _decode_quietly(answer.raw, answer.content_type), answer.headers
        )
        if limited.is_invalid:
            self.invalid_requests.record(compiled.route.key, 429)
        if ticket is None:
            return answer._replace(limited=limited, sleep=True)
        if limited.is_global:
            self.global_limiter.block(limited.retry_after)
        held = self.buckets.release_limited(ticket, limited)
        waits_in_limiter = held or (limited.is_global and paced)
        return answer._replace(limited=limited, sleep=not waits_in_limiter)

    def _unknown(
        self, route: Route, retries: int, error: BaseException, *, timed_out: bool = False
    ) -> DeliveryUnknownError:
        """The error for a request sent with no answer that must not be sent again; logged."""
        unknown = DeliveryUnknownError(route.key, retries + 1, repr(error), timed_out=timed_out)
        _LOGGER.warning(
            "%s: %s after the request was sent; Discord may have acted on it, so it is "
            "not sent again (DeliveryUnknownError)",
            route.key,
            "the answer timed out" if timed_out else "the connection was dropped",
        )
        return unknown

    async def _authorization(self, route: Route) -> str:
        if self._strategy is not None:
            return await self._strategy.acquire(self)
        if self._token_header is None:
            raise RuntimeError(
                f"{route.key} needs a bot or bearer token, but RESTClient was created without one"
            )
        return self._token_header

    async def _wait_429(self, route: Route, limited: RateLimited, sleep: bool) -> None:
        retry_after = limited.retry_after
        if retry_after > self.max_rate_limit:
            raise RateLimitTooLongError(
                route.key, retry_after, self.max_rate_limit, is_global=limited.is_global
            )
        _LOGGER.debug("%s rate limited (%s) for %.3fs", route.key, limited.kind, retry_after)
        if sleep:
            await asyncio.sleep(retry_after)

    def _refuse(self, route: Route, authorization: str) -> None:
        """Mark ``authorization`` bad after a 401: later requests with it fail at once."""
        self._refused_authorizations.add(authorization)
        if self._strategy is None:
            _LOGGER.warning(
                "%s answered 401 Unauthorized: the token is marked bad and later requests "
                "that need it fail at once with UnauthorizedTokenError",
                route.key,
            )
        else:
            _LOGGER.debug(
                "%s answered 401 Unauthorized: asking the token strategy again", route.key
            )

    async def _backoff(self, retry: int, why: str) -> None:
        delay = min(self.retry_backoff * 2 ** (retry - 1), _BACKOFF_CAP)
        delay *= 0.5 + random.random()
        _LOGGER.debug("retry %d/%d in %.3fs after %s", retry, self.max_retries, delay, why)
        await asyncio.sleep(delay)


def _has_enforced_nonce(json: Any) -> bool:
    """Whether a JSON body asks Discord to deduplicate it (``nonce`` + ``enforce_nonce``)."""
    return (
        isinstance(json, Mapping)
        and json.get("nonce") is not None
        and json.get("enforce_nonce") is True
    )


async def _form_body(
    form: Mapping[str, str | File], executor: concurrent.futures.Executor | None
) -> tuple[Any, str | None]:
    """A form body: url-encoded fields, or (with a file among them) a multipart form.

    Returns the body and its ``Content-Type`` (``None``: aiohttp url-encodes a dict).
    Files are read once, in ``executor``, so that retries send the same bytes.
    """
    if not any(isinstance(value, File) for value in form.values()):
        return {key: str(value) for key, value in form.items()}, None
    fields: dict[str, str | ReadFile] = {}
    for key, value in form.items():
        if isinstance(value, File):
            (fields[key],) = await read_files([value], executor)
        else:
            fields[key] = value
    return encode_form(fields)


def _query(query: Mapping[str, Any]) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in query.items():
        if value is None:
            continue
        if isinstance(value, bool):
            params[key] = "true" if value else "false"
        else:
            params[key] = str(value)
    return params


def _decode(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    if content_type == "application/json":
        return json_module.loads(raw)
    return raw.decode("utf-8", "replace")


def _decode_quietly(raw: bytes, content_type: str) -> Any:
    try:
        return _decode(raw, content_type)
    except ValueError:  # a 429 from a proxy or Cloudflare may not be the JSON it claims
        return None
