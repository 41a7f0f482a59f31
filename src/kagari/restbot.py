"""``RESTBot``: an interaction server with a Discord REST client, its lifecycle and logs."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import signal
import socket as socket_module
import ssl
import sys
import threading
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, overload

from typing_extensions import TypedDict

from kagari import console
from kagari.console import LoggerLevel, init_logging, print_banner
from kagari.errors import KagariInterrupt
from kagari.models import (
    ApplicationAuthorizedEvent,
    ApplicationDeauthorizedEvent,
    AutocompleteInteraction,
    CommandInteraction,
    ComponentInteraction,
    EntitlementCreateEvent,
    EntitlementDeleteEvent,
    EntitlementUpdateEvent,
    ModalInteraction,
    PartialInteraction,
    WebhookEvent,
    WebhookEventType,
)
from kagari.rest import HTTPError, RESTClient, TokenStrategy
from kagari.rest.ratelimits import DEFAULT_INVALID_REQUEST_LIMIT, DEFAULT_MAX_PENDING_REQUESTS
from kagari.rest.settings import HTTPSettings, ProxySettings
from kagari.server.asgi import ASGIApp
from kagari.server.devkeys import DevKeyPair
from kagari.server.engine import DEFAULT_HEALTH_PATH
from kagari.server.events import (
    DEFAULT_EVENTS_DEDUPE_WINDOW,
    DEFAULT_EVENTS_PATH,
    EventHandler,
    EventServer,
    check_events_path,
)
from kagari.server.front import HTTPFront
from kagari.server.pipeline import (
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_REPLAY_CACHE_BYTES,
    InteractionServer,
    ListenerT,
    Response,
)
from kagari.server.serverless import ServerlessAnswer
from kagari.server.shutdown import DEFAULT_DRAIN_TIMEOUT, drain, drain_deadline, tell_cut_off
from kagari.server.tasks import TaskTracker

if TYPE_CHECKING:
    from kagari.builders.files import File
    from kagari.builders.responses import ResponseBuilder
    from kagari.typing import (
        AutocompleteListener,
        CommandListener,
        ComponentListener,
        Listener,
        ModalListener,
    )

__all__ = ["EventDecorator", "RESTBot", "RESTBotOptions", "new_event_loop"]

_LOGGER = logging.getLogger("kagari")
_T = TypeVar("_T")
_InteractionT = TypeVar("_InteractionT", bound=PartialInteraction)
CallbackT = Callable[["RESTBot"], Awaitable[None]]
"""A startup or shutdown callback: ``async def callback(bot) -> None``."""
_EventT = TypeVar("_EventT", bound=WebhookEvent)
_ALREADY_ACKNOWLEDGED = 40060


class EventDecorator(Protocol[_EventT]):
    """What ``@bot.event(...)`` returns: registers the handler and gives it back."""

    def __call__(
        self, handler: Callable[[_EventT], Awaitable[None]], /
    ) -> Callable[[_EventT], Awaitable[None]]:
        """Register ``handler`` for the event type and return it unchanged."""
        ...


class RESTBotOptions(TypedDict, total=False):
    """The keyword-only options of :class:`RESTBot`, which :class:`~kagari.app.Bot` passes on.

    ``RESTBot(token, **options)`` and ``Bot(token, **options)`` take exactly these keys;
    a key left out takes the default given below (the defaults live in
    :class:`RESTBot`'s signature). Type checkers and IDEs show each key as a keyword
    parameter of both constructors.
    """

    allow_color: bool
    """Colour console logs on terminals that support it. ``CLICOLOR`` (set to anything
    but ``"0"``) overrides this. Default: ``True``."""

    banner: str | None
    """The package whose ``banner.txt`` :meth:`RESTBot.run` prints; ``None`` prints no
    banner. Default: ``'kagari'``."""

    executor: concurrent.futures.Executor | None
    """Runs file reads instead of the event loop's default executor. Default: ``None``."""

    force_color: bool
    """Always colour the logs (wins over ``allow_color``); ``CLICOLOR_FORCE`` overrides
    this. Default: ``False``."""

    http_settings: HTTPSettings | None
    """Timeouts, TLS verification and redirects of the REST client (``None``: the
    defaults of :class:`~kagari.rest.settings.HTTPSettings`). Default: ``None``."""

    logs: LoggerLevel | Mapping[str, Any] | None
    """``None`` leaves logging alone; a level name or number sets up coloured console
    logging at that level (``"TRACE_KAGARI"`` is the most verbose); a mapping goes to
    :func:`logging.config.dictConfig`. Default: ``'INFO'``."""

    max_rate_limit: float
    """The longest rate-limit wait, in seconds, before a REST call raises instead;
    ``float("inf")`` disables the limit. Default: ``300.0`` (five minutes)."""

    max_retries: int | None
    """How often a REST call is retried after a 5xx answer or a connection error
    (``None`` means 3). Default: ``3``."""

    proxy_settings: ProxySettings | None
    """How to reach Discord through an HTTP proxy (``None``: no proxy). Default:
    ``None``."""

    rest_url: str | None
    """The REST API's base URL (``None``: Discord's v10 API); point it at
    :class:`kagari.testing.FakeDiscord` in tests. Default: ``None``."""

    endpoint_path: str
    """The URL path Discord POSTs interactions to. Default: ``'/'``."""

    max_body_size: int
    """The largest request body accepted, in bytes (413 above it). Default:
    ``1048576`` (1 MiB)."""

    replay_window: float | None
    """Seconds a signed timestamp may differ from this server's clock; also how long
    interaction ids are remembered for de-duplication. ``None`` disables both.
    Default: ``300.0``."""

    dedupe: bool
    """Answer a repeated interaction id the way it was answered the first time.
    Default: ``True``."""

    max_in_flight: int | None
    """The most interactions handled at once (listeners running, and the rest of async
    generator listeners after their answer); past it new interactions get a fast 503,
    logged. ``None``: no limit. Default: ``1000``."""

    replay_cache_bytes: int
    """The memory budget, in bytes, of the duplicate-id cache that remembers ids (and
    small answers) for the whole replay window. Default: ``67108864``."""

    health_path: str | None
    """The URL path where ``GET`` answers 200 ``{"status":"ok"}`` for load balancers and
    orchestrators; ``None`` turns it off. Default: ``'/health'``."""

    rate_limits: Literal["local", "proxy"]
    """``"local"``: the REST client keeps Discord's rate limits itself. ``"proxy"``:
    ``rest_url`` points at a rate-limiting proxy (nirn-proxy, twilight-http-proxy), so the
    local buckets are off; 429s are still waited for and retried. Default: ``'local'``."""

    invalid_request_limit: int | None
    """The most 401/403/429 answers the REST client accepts in 10 minutes before it
    refuses further requests with :class:`~kagari.rest.InvalidRequestLimitError` (Discord
    bans the IP for an hour at 10,000); ``None`` turns the guard off. Default: ``5000``."""

    max_pending_requests: int | None
    """The most REST requests the bot's client holds at once (waiting for a rate limit
    or a connection, or in flight); past it a call raises
    :class:`~kagari.rest.RESTQueueFullError` at once, logged. ``None``: no limit.
    Default: ``10000``."""

    drain_timeout: float | None
    """Seconds :meth:`RESTBot.close` waits, in all, for in-flight requests and
    post-response work (capped by ``shutdown_timeout``; ``None`` leaves only that
    limit); chosen to fit Kubernetes' 30 s grace period. Default: ``25.0``."""

    events_path: str | None
    """The URL path Discord POSTs webhook events to (:meth:`RESTBot.event`); it must
    differ from ``endpoint_path`` and ``health_path``. ``None`` serves no events.
    Default: ``'/events'``."""

    events_dedupe_window: float | None
    """Seconds a received webhook event body is remembered, so that a repeated delivery
    (Discord retries for ten minutes) runs its handlers once; ``None`` turns this off.
    Default: ``600.0``."""


class RESTBot:
    """A Discord bot that lives on HTTP interactions.

    Discord POSTs signed interactions to the bot's URL; the bot verifies them, hands each
    to the listener registered for its type and answers in the HTTP response. Later
    messages go through :attr:`rest`.

    The keyword-only parameters (logging, the REST client, the HTTP endpoint) are the
    keys of :class:`RESTBotOptions`, where each is documented with its default;
    :class:`~kagari.app.Bot` takes the same keywords.

    Args:
        token: The bot or bearer token, or a :class:`~kagari.rest.TokenStrategy`.
            ``None`` runs without one (only interaction-token REST routes work then).
        token_type: ``"Bot"`` or ``"Bearer"`` for a string token; must be ``None`` with a
            token strategy or with no token.
        public_key: The application's public key (64 hex characters or 32 bytes). When
            ``None``, it is fetched from Discord at start-up using the token; with no
            token either, a development key pair is generated and printed, so the bot
            can be tried locally with requests you sign yourself.

    Raises:
        ValueError: If ``token_type`` is given with a token strategy, missing with a
            string token, or not "Bot"/"Bearer"; or if ``public_key`` is malformed.
    """

    def __init__(
        self,
        token: str | TokenStrategy | None,
        token_type: str | None = None,
        public_key: str | bytes | None = None,
        *,
        allow_color: bool = True,
        banner: str | None = "kagari",
        executor: concurrent.futures.Executor | None = None,
        force_color: bool = False,
        http_settings: HTTPSettings | None = None,
        logs: LoggerLevel | Mapping[str, Any] | None = "INFO",
        max_rate_limit: float = 300.0,
        max_retries: int | None = 3,
        proxy_settings: ProxySettings | None = None,
        rest_url: str | None = None,
        endpoint_path: str = "/",
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        replay_window: float | None = 300.0,
        dedupe: bool = True,
        max_in_flight: int | None = DEFAULT_MAX_IN_FLIGHT,
        replay_cache_bytes: int = DEFAULT_REPLAY_CACHE_BYTES,
        health_path: str | None = DEFAULT_HEALTH_PATH,
        rate_limits: Literal["local", "proxy"] = "local",
        invalid_request_limit: int | None = DEFAULT_INVALID_REQUEST_LIMIT,
        max_pending_requests: int | None = DEFAULT_MAX_PENDING_REQUESTS,
        drain_timeout: float | None = DEFAULT_DRAIN_TIMEOUT,
        events_path: str | None = DEFAULT_EVENTS_PATH,
        events_dedupe_window: float | None = DEFAULT_EVENTS_DEDUPE_WINDOW,
    ) -> None:
        if token is None and token_type is not None:
            raise ValueError("token_type may only be given together with a string token")
        init_logging(logs, allow_color, force_color)
        self._allow_color = allow_color
        self._force_color = force_color
        self._banner = banner
        self._executor = executor
        self._tasks = TaskTracker()
        self.rest: RESTClient = RESTClient(
            token,
            token_type,
            rest_url=rest_url,
            http_settings=http_settings,
            proxy_settings=proxy_settings,
            max_rate_limit=max_rate_limit,
            max_retries=3 if max_retries is None else max_retries,
            executor=executor,
            rate_limits=rate_limits,
            invalid_request_limit=invalid_request_limit,
            max_pending_requests=max_pending_requests,
        )
        """The Discord REST client this bot talks through."""
        self._has_token = token is not None
        self._interactions = InteractionServer(
            public_key,
            tasks=self._tasks,
            executor=executor,
            max_body_size=max_body_size,
            replay_window=replay_window,
            dedupe=dedupe,
            max_in_flight=max_in_flight,
            replay_cache_bytes=replay_cache_bytes,
        )
        self._events = EventServer(
            self._interactions, tasks=self._tasks, dedupe_window=events_dedupe_window
        )
        self._http = HTTPFront(
            self._interactions,
            endpoint_path,
            health_path=health_path,
            events=None if events_path is None else self._events,
            events_path=events_path,
        )
        self._asgi: ASGIApp | None = None
        self._drain_timeout = drain_timeout
        self._dev_keys: DevKeyPair | None = None
        self._startup_callbacks: list[CallbackT] = []
        self._shutdown_callbacks: list[CallbackT] = []
        self._shutdown_timeout = 60.0
        self._close_passed_executor = False
        self._closing = False
        self._closed_event: asyncio.Event | None = None
        self._update_check: asyncio.Task[None] | None = None

    # -- properties ----------------------------------------------------------------------

    @property
    def executor(self) -> concurrent.futures.Executor | None:
        """The executor passed to the constructor (``None``: the loop's default)."""
        return self._executor

    @property
    def is_alive(self) -> bool:
        """Whether the bot has started and not yet closed."""
        return self._closed_event is not None and not self._closed_event.is_set()

    @property
    def public_key(self) -> bytes | None:
        """The raw public key requests are verified with (known once started)."""
        return self._interactions.public_key

    @property
    def dev_keys(self) -> DevKeyPair | None:
        """The development key pair generated at start when no key or token was given."""
        return self._dev_keys

    @property
    def urls(self) -> list[str]:
        """Every address the bot listens on, as URLs (empty until started)."""
        return self._http.addresses

    @property
    def url(self) -> str:
        """The first TCP URL the bot listens on, e.g. ``http://127.0.0.1:8080/``.

        Raises:
            RuntimeError: If the bot is not listening on TCP.
        """
        for url in self._http.addresses:
            if url.startswith("http"):
                return url
        raise RuntimeError("the bot is not listening on a TCP address")

    @property
    def endpoint_path(self) -> str:
        """The URL path interactions are POSTed to (``/`` by default)."""
        return self._http.path

    @endpoint_path.setter
    def endpoint_path(self, path: str) -> None:
        if self._http.is_running:
            raise RuntimeError("the endpoint path cannot change while the bot is serving")
        if not path.startswith("/"):
            raise ValueError("the endpoint path must start with '/'")
        if self._http.events is not None:
            check_events_path(self._http.events_path, path, self._http.health_path)
        self._http.path = path
        if self._asgi is not None:
            self._asgi.path = path

    @property
    def events_path(self) -> str | None:
        """The URL path webhook events are POSTed to (``None``: events are not served)."""
        return self._http.events_path

    @property
    def interaction_server(self) -> InteractionServer:
        """The HTTP-free request path, for other front ends (ASGI, serverless)."""
        return self._interactions

    @property
    def event_server(self) -> EventServer:
        """The HTTP-free webhook events path, for other front ends."""
        return self._events

    @property
    def asgi(self) -> ASGIApp:
        """This bot as an ASGI application, for uvicorn, granian, hypercorn or a mount.

        ``app = bot.asgi`` in ``main.py``, then ``uvicorn main:app``. The same object
        every time: :meth:`asgi_app` with the default options. See :mod:`kagari.server.asgi`.
        """
        if self._asgi is None:
            self._asgi = self.asgi_app()
        return self._asgi

    def asgi_app(self, *, serverless: bool = False) -> ASGIApp:
        """A new ASGI application serving this bot.

        Its lifespan starts the bot without binding a port (REST session, public key,
        startup callbacks such as ``sync="on-start"``) and closes it; without lifespan
        events, the bot starts on the first request.

        Args:
            serverless: For platforms that freeze the process once the HTTP response is
                returned (AWS Lambda through Mangum, Vercel, Google Cloud Functions):
                an interaction's first answer goes to Discord's callback endpoint
                through REST, all later work (the rest of an async generator, follow-ups,
                background tasks, webhook event handlers) finishes before the HTTP
                response, and the HTTP answer to an interaction is ``202``.
        """
        app = ASGIApp(
            self._interactions,
            startup=self._start_without_listening,
            shutdown=self.close,
            is_alive=lambda: self.is_alive,
            path=self._http.path,
            health_path=self._http.health_path,
            events=self._http.events,
            events_path=self._http.events_path,
            serverless=ServerlessAnswer(self._tasks, self._send_callback) if serverless else None,
        )
        return app

    async def _send_callback(
        self, interaction_id: str, token: str, body: dict[str, Any], files: Sequence[File]
    ) -> None:
        try:
            await self.rest.create_interaction_response(interaction_id, token, body, files)
        except HTTPError as error:
            if error.code != _ALREADY_ACKNOWLEDGED:
                raise
            _LOGGER.info("interaction %s was already answered (a repeat)", interaction_id)

    # -- listeners -----------------------------------------------------------------------

    @overload
    def get_listener(
        self, interaction_type: type[CommandInteraction], /
    ) -> CommandListener | None: ...
    @overload
    def get_listener(
        self, interaction_type: type[ComponentInteraction], /
    ) -> ComponentListener | None: ...
    @overload
    def get_listener(
        self, interaction_type: type[AutocompleteInteraction], /
    ) -> AutocompleteListener | None: ...
    @overload
    def get_listener(self, interaction_type: type[ModalInteraction], /) -> ModalListener | None: ...
    def get_listener(self, interaction_type: type[PartialInteraction], /) -> ListenerT | None:
        """Get the listener registered for an interaction class.

        Args:
            interaction_type: :class:`~kagari.CommandInteraction`,
                :class:`~kagari.ComponentInteraction`,
                :class:`~kagari.AutocompleteInteraction` or
                :class:`~kagari.ModalInteraction`.

        Returns:
            The listener, or ``None`` when none is set.
        """
        return self._interactions.get_listener(interaction_type)

    @overload
    def set_listener(
        self,
        interaction_type: type[CommandInteraction],
        listener: CommandListener | None,
        /,
        *,
        replace: bool = False,
    ) -> None: ...
    @overload
    def set_listener(
        self,
        interaction_type: type[ComponentInteraction],
        listener: ComponentListener | None,
        /,
        *,
        replace: bool = False,
    ) -> None: ...
    @overload
    def set_listener(
        self,
        interaction_type: type[AutocompleteInteraction],
        listener: AutocompleteListener | None,
        /,
        *,
        replace: bool = False,
    ) -> None: ...
    @overload
    def set_listener(
        self,
        interaction_type: type[ModalInteraction],
        listener: ModalListener | None,
        /,
        *,
        replace: bool = False,
    ) -> None: ...
    @overload
    def set_listener(
        self,
        interaction_type: type[_InteractionT],
        listener: Listener[_InteractionT, ResponseBuilder] | None,
        /,
        *,
        replace: bool = False,
    ) -> None: ...
    def set_listener(
        self,
        interaction_type: type[PartialInteraction],
        listener: ListenerT | None,
        /,
        *,
        replace: bool = False,
    ) -> None:
        """Set the listener for one interaction class; ``None`` removes it.

        A listener is a coroutine function that takes the interaction and returns a
        response builder (or ``None`` when it answered through the REST callback itself),
        or an async generator function whose first yield is the HTTP response: the rest
        of the generator runs after the response is sent, as a tracked background task.

        Raises:
            TypeError: If a listener is already set and ``replace`` is false.
        """
        self._interactions.set_listener(interaction_type, listener, replace=replace)

    async def on_interaction(self, body: bytes, signature: bytes, timestamp: bytes) -> Response:
        """Handle one interaction request without any HTTP server.

        Args:
            body: The raw request body.
            signature: The ``X-Signature-Ed25519`` header value.
            timestamp: The ``X-Signature-Timestamp`` header value.

        Returns:
            The :class:`~kagari.server.pipeline.Response` to send. Call its
            :meth:`~kagari.server.pipeline.Response.sent` once it is sent.
        """
        return await self._interactions.on_interaction(body, signature, timestamp)

    # -- webhook events ------------------------------------------------------------------

    @overload
    def event(
        self,
        event_type: Literal[WebhookEventType.APPLICATION_AUTHORIZED, "APPLICATION_AUTHORIZED"],
        /,
    ) -> EventDecorator[ApplicationAuthorizedEvent]: ...
    @overload
    def event(
        self,
        event_type: Literal[WebhookEventType.APPLICATION_DEAUTHORIZED, "APPLICATION_DEAUTHORIZED"],
        /,
    ) -> EventDecorator[ApplicationDeauthorizedEvent]: ...
    @overload
    def event(
        self,
        event_type: Literal[WebhookEventType.ENTITLEMENT_CREATE, "ENTITLEMENT_CREATE"],
        /,
    ) -> EventDecorator[EntitlementCreateEvent]: ...
    @overload
    def event(
        self,
        event_type: Literal[WebhookEventType.ENTITLEMENT_UPDATE, "ENTITLEMENT_UPDATE"],
        /,
    ) -> EventDecorator[EntitlementUpdateEvent]: ...
    @overload
    def event(
        self,
        event_type: Literal[WebhookEventType.ENTITLEMENT_DELETE, "ENTITLEMENT_DELETE"],
        /,
    ) -> EventDecorator[EntitlementDeleteEvent]: ...
    @overload
    def event(self, event_type: WebhookEventType | str, /) -> EventDecorator[WebhookEvent]: ...
    def event(self, event_type: WebhookEventType | str, /) -> EventDecorator[Any]:
        """Decorate an async function to run for each webhook event of ``event_type``.

        ::

            @bot.event("APPLICATION_AUTHORIZED")
            async def on_install(event: ApplicationAuthorizedEvent) -> None:
                print(event.user.username, "installed the app", event.integration_type)

        The handler gets the typed event (:class:`~kagari.models.ApplicationAuthorizedEvent`,
        :class:`~kagari.models.ApplicationDeauthorizedEvent`, the entitlement events),
        or a plain :class:`~kagari.models.WebhookEvent` for other types. Discord gets its ``204``
        first; handlers run after it, in the order they were added, and a failure is
        logged. Events are served on :attr:`events_path`.

        Raises:
            TypeError: If the decorated function is not async.
            ValueError: If ``event_type`` is empty.
        """
        name = event_type.value if isinstance(event_type, WebhookEventType) else event_type
        if not isinstance(name, str) or not name:
            raise ValueError(
                "the event type must be a non-empty string such as 'ENTITLEMENT_CREATE'"
            )

        def decorate(
            handler: Callable[[Any], Awaitable[None]], /
        ) -> Callable[[Any], Awaitable[None]]:
            self._events.add_handler(name, handler)
            return handler

        return decorate

    def add_event_handler(self, event_type: WebhookEventType | str, handler: EventHandler) -> None:
        """Run ``await handler(event)`` for each webhook event of ``event_type``.

        The function form of :meth:`event`.

        Raises:
            TypeError: If ``handler`` is not async.
            ValueError: If ``event_type`` is empty.
        """
        self._events.add_handler(_event_name(event_type), handler)

    def remove_event_handler(
        self, event_type: WebhookEventType | str, handler: EventHandler
    ) -> None:
        """Stop running ``handler`` for ``event_type``.

        Raises:
            ValueError: If it was not added for that type.
        """
        self._events.remove_handler(_event_name(event_type), handler)

    # -- background work and callbacks ---------------------------------------------------

    def create_background_task(
        self, coro: Coroutine[Any, Any, _T], *, name: str | None = None
    ) -> asyncio.Task[_T]:
        """Run ``coro`` in the background; it is logged if it fails and awaited on close."""
        return self._tasks.create(coro, name=name)

    def add_startup_callback(self, callback: CallbackT) -> None:
        """Run ``await callback(bot)`` at start, before the server listens.

        If it raises, start-up stops and that exception propagates.
        """
        self._startup_callbacks.append(callback)

    def remove_startup_callback(self, callback: CallbackT) -> None:
        """Forget a startup callback."""
        self._startup_callbacks.remove(callback)

    def add_shutdown_callback(self, callback: CallbackT) -> None:
        """Run ``await callback(bot)`` on close, after the server stopped listening."""
        self._shutdown_callbacks.append(callback)

    def remove_shutdown_callback(self, callback: CallbackT) -> None:
        """Forget a shutdown callback."""
        self._shutdown_callbacks.remove(callback)

    # -- banner --------------------------------------------------------------------------

    @staticmethod
    def print_banner(
        banner: str | None,
        allow_color: bool,
        force_color: bool,
        extra_args: dict[str, str] | None = None,
    ) -> None:
        """Print the banner found as ``banner.txt`` in the package ``banner``.

        Args:
            banner: The package to find ``banner.txt`` in; ``None`` prints nothing.
            allow_color: Allow colour where supported (``CLICOLOR`` overrides).
            force_color: Always use colour (``CLICOLOR_FORCE`` overrides); takes
                precedence over ``allow_color``.
            extra_args: Extra ``$``-substitutions for the banner.

        Raises:
            ValueError: If ``extra_args`` contains a default ``$``-substitution.
        """
        print_banner(banner, allow_color, force_color, extra_args)

    # -- lifecycle -----------------------------------------------------------------------

    async def start(
        self,
        backlog: int = 128,
        check_for_updates: bool = True,
        host: str | Sequence[str] | None = None,
        port: int | None = None,
        path: str | None = None,
        reuse_address: bool | None = None,
        reuse_port: bool | None = None,
        socket: socket_module.socket | None = None,
        shutdown_timeout: float = 60.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """Start the bot: resolve the public key, run startup callbacks, then listen.

        Returns once the server is listening. Parameters are those of aiohttp's sites:
        ``host`` (one or several), ``port``, ``path`` (unix socket), ``socket`` (an
        existing socket), ``backlog``, ``reuse_address``, ``reuse_port``,
        ``ssl_context``; ``shutdown_timeout`` bounds how long :meth:`close` waits for
        in-flight requests and background work. ``check_for_updates`` looks for a newer
        kagari on PyPI in the background (silent without network).

        Raises:
            RuntimeError: If the bot is already running.
        """
        if self.is_alive:
            raise RuntimeError("the bot is already running")
        self._closed_event = asyncio.Event()
        self._closing = False
        self._shutdown_timeout = shutdown_timeout
        try:
            await self._resolve_public_key()
            for callback in self._startup_callbacks:
                await callback(self)
            await self._http.start(
                host=host,
                port=port,
                path=path,
                socket=socket,
                backlog=backlog,
                reuse_address=reuse_address,
                reuse_port=reuse_port,
                shutdown_timeout=drain_deadline(self._drain_timeout, shutdown_timeout),
                ssl_context=ssl_context,
            )
        except BaseException:
            with contextlib.suppress(Exception):
                await self.rest.close()
            self._closed_event.set()
            raise
        if self._dev_keys is not None:
            self._log_dev_instructions(self._dev_keys)
        if check_for_updates:
            self._update_check = asyncio.get_running_loop().create_task(
                console.check_for_updates(), name="kagari-update-check"
            )

    async def _start_without_listening(self) -> None:
        """:meth:`start` for an ASGI server, which owns the socket: no port is bound."""
        if self.is_alive:
            raise RuntimeError("the bot is already running")
        self._closed_event = asyncio.Event()
        self._closing = False
        try:
            await self.rest.start()  # a bot closed earlier in this process opens it again
            await self._resolve_public_key()
            for callback in self._startup_callbacks:
                await callback(self)
        except BaseException:
            with contextlib.suppress(Exception):
                await self.rest.close()
            self._closed_event.set()
            raise
        if self._dev_keys is not None:
            self._log_dev_instructions(self._dev_keys)

    async def _resolve_public_key(self) -> None:
        if self._interactions.public_key is not None:
            return
        if self._has_token:
            application = await self.rest.fetch_application()
            self._interactions.set_public_key(str(application["verify_key"]))
            _LOGGER.info("fetched the public key of application %s", application.get("id"))
            return
        self._dev_keys = DevKeyPair()
        self._interactions.set_public_key(self._dev_keys.public_key)

    def _log_dev_instructions(self, keys: DevKeyPair) -> None:
        url = self.urls[0] if self.urls else "http://localhost:8080/"
        for wildcard in ("//0.0.0.0:", "//[::]:"):
            url = url.replace(wildcard, "//localhost:")  # bound everywhere: reach it locally
        _LOGGER.warning(
            "no public key or token configured: using a development key pair.\n"
            "  public key:  %s\n"
            "  signing key: %s\n"
            "Send it a signed interaction with:\n"
            "  python -m kagari send %s --signing-key %s command ping",
            keys.public_key,
            keys.signing_key,
            url,
            keys.signing_key,
        )

    async def _serve_until_closed(self, **start_options: Any) -> None:
        await self.start(**start_options)
        await self.join()

    async def join(self) -> None:
        """Wait until the bot has closed.

        Raises:
            RuntimeError: If the bot was never started.
        """
        if self._closed_event is None:
            raise RuntimeError("the bot is not running")
        await self._closed_event.wait()

    async def close(self) -> None:
        """Stop listening, finish background work, run shutdown callbacks, close REST.

        In-flight requests and post-response work get up to ``drain_timeout`` seconds
        (25 by default), capped by ``shutdown_timeout`` (from :meth:`start`); what is
        still running then is cancelled, each cut-off interaction is logged with its id,
        and a deferred one's "thinking..." is replaced by a short failure message.
        Calling it when the bot is not running does nothing.
        """
        if self._closed_event is None or self._closed_event.is_set() or self._closing:
            if self._closing and self._closed_event is not None:
                await self._closed_event.wait()
            return
        self._closing = True
        _LOGGER.info("closing")
        try:
            if self._update_check is not None:
                self._update_check.cancel()
            deadline = drain_deadline(self._drain_timeout, self._shutdown_timeout)
            cut_offs = await drain(self._http, self._tasks, deadline)
            await tell_cut_off(
                cut_offs, self.rest.fetch_original_response, self.rest.edit_original_response
            )
            for callback in self._shutdown_callbacks:
                try:
                    await callback(self)
                except Exception:
                    _LOGGER.exception("shutdown callback %r failed", callback)
            await self.rest.close()
            if self._close_passed_executor and self._executor is not None:
                self._executor.shutdown(wait=True)
        finally:
            self._closing = False
            self._closed_event.set()
            _LOGGER.info("closed")

    def run(
        self,
        asyncio_debug: bool = False,
        backlog: int = 128,
        check_for_updates: bool = True,
        close_loop: bool = True,
        close_passed_executor: bool = False,
        coroutine_tracking_depth: int | None = None,
        enable_signal_handlers: bool | None = None,
        host: str | Sequence[str] | None = None,
        path: str | None = None,
        port: int | None = None,
        propagate_interrupts: bool = False,
        reuse_address: bool | None = None,
        reuse_port: bool | None = None,
        shutdown_timeout: float = 60.0,
        socket: socket_module.socket | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """Start the bot and block until it closes (Ctrl-C or SIGTERM close it gracefully).

        Takes every parameter of :meth:`start`, plus:

        Args:
            asyncio_debug: Turn on asyncio's debug mode.
            close_loop: Close the event loop (after cancelling what is left, shutting down
                async generators and the default executor) once the bot has closed.
            close_passed_executor: Shut down the executor passed to the constructor too.
            coroutine_tracking_depth: Track where un-awaited coroutines were created, this
                many frames deep (debugging aid; slows things down).
            enable_signal_handlers: Close gracefully on SIGINT/SIGTERM. Defaults to
                ``True`` in the main thread.
            propagate_interrupts: After a signal closed the bot, raise
                :class:`~kagari.errors.KagariInterrupt` from ``run``.

        Raises:
            RuntimeError: If an event loop is already running in this thread.
        """
        if _loop_is_running():
            raise RuntimeError(
                "run() cannot be called from a running event loop; use 'await bot.start()'"
            )
        if enable_signal_handlers is None:
            enable_signal_handlers = threading.current_thread() is threading.main_thread()
        self._close_passed_executor = close_passed_executor
        loop = new_event_loop()
        asyncio.set_event_loop(loop)
        loop.set_debug(asyncio_debug)
        if coroutine_tracking_depth is not None:
            sys.set_coroutine_origin_tracking_depth(coroutine_tracking_depth)
        received: list[int] = []
        closing: list[asyncio.Task[None]] = []

        def on_signal(signum: int) -> None:
            if not received:
                _LOGGER.info("received %s, closing", signal.Signals(signum).name)
            received.append(signum)
            closing.append(loop.create_task(self.close()))

        handled: list[int] = []
        if enable_signal_handlers:
            for signum in (int(signal.SIGINT), int(signal.SIGTERM)):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(signum, on_signal, signum)
                    handled.append(signum)
        self.print_banner(self._banner, self._allow_color, self._force_color)
        try:
            # One run_until_complete for start and join: the loop never stops in between,
            # so a signal arriving right after start-up is never missed.
            loop.run_until_complete(
                self._serve_until_closed(
                    backlog=backlog,
                    check_for_updates=check_for_updates,
                    host=host,
                    port=port,
                    path=path,
                    reuse_address=reuse_address,
                    reuse_port=reuse_port,
                    socket=socket,
                    shutdown_timeout=shutdown_timeout,
                    ssl_context=ssl_context,
                )
            )
        except KeyboardInterrupt:
            _LOGGER.info("interrupted, closing")
            loop.run_until_complete(self.close())
            if propagate_interrupts:
                raise
        finally:
            for signum in handled:
                with contextlib.suppress(Exception):
                    loop.remove_signal_handler(signum)
            if close_loop:
                _close_loop(loop)
            if coroutine_tracking_depth is not None:
                sys.set_coroutine_origin_tracking_depth(0)
        if propagate_interrupts and received:
            raise KagariInterrupt(received[0])


def _event_name(event_type: WebhookEventType | str) -> str:
    return event_type.value if isinstance(event_type, WebhookEventType) else str(event_type)


def new_event_loop() -> asyncio.AbstractEventLoop:
    """The event loop :meth:`RESTBot.run` runs on.

    uvloop's when it is installed (the ``kagari[speedups]`` extra), unless the
    environment sets ``KAGARI_UVLOOP=0``; asyncio's own otherwise.
    """
    if os.environ.get("KAGARI_UVLOOP", "1") != "0":
        try:
            import uvloop
        except ImportError:
            pass
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def _loop_is_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    try:
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
