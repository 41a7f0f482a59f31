"""A fake Discord REST API on loopback: records requests, answers like Discord, injects faults.

Point a bot's ``rest_url`` at :attr:`FakeDiscord.url`::

    async with FakeDiscord() as fake:  # checks every body against Discord's spec
        async with RESTClient(fake.token, "Bot", rest_url=fake.url) as rest:
            await rest.create_followup(fake.application_id, "token", {"content": "hi"})
        assert fake.followups[0].json == {"content": "hi"}
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import re
import secrets
import socket
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Literal

from aiohttp import BodyPartReader, web
from multidict import CIMultiDict, CIMultiDictProxy

from kagari.testing._fake_faults import (
    BucketSpec,
    BucketWindows,
    Fault,
    FaultScripts,
    GlobalCounter,
    RouteSelector,
    bucket_hash,
    is_invalid_answer,
    matcher,
    max_in_window,
    rate_limit_headers,
    scripted_429,
    too_many,
)
from kagari.testing._fake_routes import ROUTES, Call, Handler, discord_error
from kagari.testing._fake_state import DiscordState, UploadedFile
from kagari.testing.openapi import BUNDLED, Bundled, OpenAPISpec, SpecMismatch

__all__ = ["FakeDiscord", "RecordedRequest"]

_API_PREFIX = "/api/v10"
_CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"
_FOLLOWUP = "POST /webhooks/{webhook_id}/{webhook_token}"
_NO_AUTH = frozenset({"POST /oauth2/token"})
_PARAM = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_JSON_PATH_PART = re.compile(r"\.([A-Za-z0-9_@$]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]")


@dataclasses.dataclass
class RecordedRequest:
    """One request the fake received, and what it answered.

    Attributes:
        method: The HTTP method.
        path: The path under the API base, such as ``/webhooks/1/abc``.
        route: The spec route, such as ``"POST /webhooks/{webhook_id}/{webhook_token}"``
            (``None`` for a path the fake does not serve).
        params: The path parameters by name.
        query: The query parameters.
        headers: The request headers (case-insensitive).
        json: The JSON body, or the ``payload_json`` part of a multipart body.
        files: Uploaded files by file name.
        parts: The multipart part names in order (``payload_json``, ``files[0]``...).
        form: The fields of a form-encoded body.
        time: ``time.monotonic()`` when the request arrived.
        peer: The client's ``host:port``: requests on one keep-alive connection share it.
        status: The status answered (``0`` for a dropped connection, ``None`` while pending).
        response: The JSON answered.
        response_headers: The headers answered (the ``X-RateLimit-*`` ones, ``Retry-After``).
    """

    method: str
    path: str
    route: str | None
    params: dict[str, str]
    query: dict[str, str]
    headers: CIMultiDictProxy[str]
    json: Any = None
    files: dict[str, bytes] = dataclasses.field(default_factory=dict)
    parts: list[str] = dataclasses.field(default_factory=list)
    form: dict[str, str] = dataclasses.field(default_factory=dict)
    time: float = 0.0
    peer: str = ""
    status: int | None = None
    response: Any = None
    response_headers: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the fake answered with a 2xx status."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def is_interaction(self) -> bool:
        """Whether this is an interaction-token route (exempt from auth and the global limit)."""
        route = self.route or ""
        return route == _CALLBACK or "/webhooks/{webhook_id}/{webhook_token}" in route

    @property
    def authorization(self) -> str | None:
        """The ``Authorization`` header, if one was sent."""
        return self.headers.get("Authorization")


def _spec_error_body(mismatch: str) -> dict[str, Any]:
    """Discord's ``Invalid Form Body`` error, nested by the paths the validator reported."""
    errors: dict[str, Any] = {}
    for line in mismatch.splitlines()[1:]:
        path, _, message = line.strip().partition(": ")
        node = errors
        for match in _JSON_PATH_PART.finditer(path.removeprefix("$")):
            key = next(group for group in match.groups() if group is not None)
            node = node.setdefault(key, {})
        node.setdefault("_errors", []).append({"code": "SPEC_MISMATCH", "message": message})
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


class FakeDiscord:
    """Discord's REST API, faked by a real aiohttp server on a loopback port.

    It records every request in :attr:`requests`, answers like Discord (snowflake ids,
    message objects, command objects with Discord's defaults, entitlements, OAuth2
    tokens) and keeps state: the original response per interaction token, follow-ups,
    channel messages (a repeated ``nonce`` with ``enforce_nonce`` answers the first
    message), commands per scope (so a GET returns what was PUT; a bulk overwrite that
    leaves out an Entry Point command is refused with Discord's 50240).

    By default every JSON body (and every multipart ``payload_json``) is checked
    against Discord's OpenAPI spec (the copy bundled with kagari, or the one given as
    ``spec_path``); a mismatch is answered with Discord's ``400 Invalid Form Body``
    error and kept in :attr:`spec_errors`, and :meth:`close` raises
    :class:`AssertionError` listing them unless ``strict=False``. Checking needs
    ``jsonschema`` (``pip install 'kagari[testing]'``); ``spec_path=None`` turns it off.

    Faults, each applying to requests chosen by a route string such as
    ``"POST /webhooks/{webhook_id}/{webhook_token}"`` or by a predicate on
    :class:`RecordedRequest`:

    * :meth:`set_bucket`: a per-route bucket with Discord's ``X-RateLimit-*`` headers;
      requests over its limit get a 429 and are listed in :attr:`overflows`.
    * :meth:`set_global_limit`: refuse authenticated requests over N per second.
    * :meth:`rate_limit`: scripted 429s: route, global (by body or only by header),
      ``shared`` scope, sublimits, 429s without bucket headers.
    * :meth:`fail`: scripted 5xx (or any) statuses.
    * :meth:`delay`: answer slowly.
    * :meth:`drop`: close the connection without answering (before the request acts,
      or with ``after_processing=True`` after it did).

    Args:
        spec_path: The spec to check bodies against: by default
            (:data:`~kagari.testing.openapi.BUNDLED`) the one bundled with kagari,
            loaded once per process; else a path of an ``openapi.json`` (plain or
            gzip-compressed) or an already loaded
            :class:`~kagari.testing.openapi.OpenAPISpec`. ``None`` skips validation.
        strict: Raise on :meth:`close` when a body did not match the spec.
        host: The loopback address to bind.
        port: The port, ``0`` for a free one.
        application_id: The application's id (a new snowflake by default).
        token: The bot token accepted as ``Authorization: Bot <token>``.
        verify_key: The public key (hex) returned by ``GET /applications/@me``.
        client_secret: The OAuth2 secret accepted by ``POST /oauth2/token``.

    Raises:
        ImportError: Validation is on but ``jsonschema`` is not installed.

    Attributes:
        requests: Every request received, in arrival order.
        spec_errors: Descriptions of the bodies that did not match the spec.
        overflows: Requests refused because a bucket or the global limit was exhausted.

    :meth:`invalid_requests` counts the answers Discord would hold against the IP
    (401, 403 and 429 but ``shared`` ones), which ban it for an hour at 10,000 in ten
    minutes.
    """

    def __init__(
        self,
        spec_path: str | os.PathLike[str] | OpenAPISpec | Bundled | None = BUNDLED,
        *,
        strict: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
        application_id: int | str | None = None,
        token: str = "fake-bot-token",
        verify_key: str | None = None,
        client_secret: str = "fake-client-secret",
    ) -> None:
        self._spec = _load_spec(spec_path)
        self.strict = strict
        self.host = host
        self._port = port
        self.token = token
        self.state = DiscordState(None if application_id is None else str(application_id), "")
        self.verify_key = verify_key or secrets.token_hex(32)
        self.state.client_secret = client_secret
        self.requests: list[RecordedRequest] = []
        self.spec_errors: list[str] = []
        self.overflows: list[RecordedRequest] = []
        self._faults = FaultScripts()
        self._buckets = BucketWindows()
        self._global = GlobalCounter()
        self._routes: list[tuple[str, re.Pattern[str], str, Handler]] = [
            (method, _template_regex(template), f"{method} {template}", handler)
            for method, template, handler in ROUTES
        ]
        self._runner: web.AppRunner | None = None
        self._recorded = asyncio.Event()
        self._closing = asyncio.Event()

    # -- identity ----------------------------------------------------------------------------

    @property
    def application_id(self) -> str:
        """The application's id (also the follow-up webhook id)."""
        return self.state.application_id

    @property
    def verify_key(self) -> str:
        """The public key (hex) returned by ``GET /applications/@me``."""
        return str(self.state.application["verify_key"])

    @verify_key.setter
    def verify_key(self, value: str) -> None:
        self.state.application["verify_key"] = value

    @property
    def client_secret(self) -> str:
        """The OAuth2 client secret accepted with :attr:`application_id` as client id."""
        return self.state.client_secret

    @property
    def oauth_expires_in(self) -> int:
        """Lifetime, in seconds, of the OAuth2 tokens issued (``expires_in``)."""
        return self.state.oauth_expires_in

    @oauth_expires_in.setter
    def oauth_expires_in(self, seconds: int) -> None:
        self.state.oauth_expires_in = seconds

    @property
    def url(self) -> str:
        """The base URL to pass as ``rest_url``, such as ``http://127.0.0.1:PORT/api/v10``.

        Raises:
            RuntimeError: Before :meth:`start`.
        """
        if self._runner is None:
            raise RuntimeError("FakeDiscord.url is only known once the server is started")
        return f"http://{self.host}:{self._port}{_API_PREFIX}"

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind the port and start serving."""
        if self._runner is not None:
            return
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._port))
        self._port = sock.getsockname()[1]
        await web.SockSite(runner, sock).start()
        self._closing = asyncio.Event()
        self._recorded = asyncio.Event()
        self._runner = runner

    async def close(self) -> None:
        """Stop serving.

        Raises:
            AssertionError: When ``strict`` and a request body did not match the spec.
        """
        runner, self._runner = self._runner, None
        self._closing.set()
        if runner is not None:
            await runner.cleanup()
        if self.strict and self.spec_errors:
            listed = "\n".join(self.spec_errors)
            raise AssertionError(
                f"FakeDiscord got {len(self.spec_errors)} request bodies that do not match "
                f"Discord's OpenAPI spec:\n{listed}"
            )

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- looking at what happened ----------------------------------------------------------------

    @property
    def callbacks(self) -> list[RecordedRequest]:
        """Interaction callbacks answered with success."""
        return [r for r in self.requests if r.route == _CALLBACK and r.ok]

    @property
    def followups(self) -> list[RecordedRequest]:
        """Follow-up messages created with success."""
        return [r for r in self.requests if r.route == _FOLLOWUP and r.ok]

    @property
    def edits(self) -> list[RecordedRequest]:
        """Successful edits of the original response or of follow-ups."""
        return [
            r
            for r in self.requests
            if r.ok and r.route is not None and r.route.startswith("PATCH /webhooks/")
        ]

    def original(self, token: str) -> dict[str, Any] | None:
        """The current original response of the interaction with ``token``, if any."""
        return self.state.originals.get(token)

    def messages(self, channel_id: int | str) -> list[dict[str, Any]]:
        """The messages created in a channel (``POST /channels/{channel_id}/messages``)."""
        return list(self.state.channel_messages.get(str(channel_id), {}).values())

    @property
    def nonce_window(self) -> float:
        """Seconds a message ``nonce`` with ``enforce_nonce`` is remembered per channel.

        Within it, a create with the same nonce answers the first message and creates
        nothing (Discord says "the past few minutes"). Default: 120.
        """
        return self.state.nonce_window

    @nonce_window.setter
    def nonce_window(self, seconds: float) -> None:
        self.state.nonce_window = seconds

    def commands(self, guild_id: int | str | None = None) -> list[dict[str, Any]]:
        """The commands registered in a scope (``None``: global), as Discord stores them."""
        scope = self.state.scope(None if guild_id is None else str(guild_id))
        return list(scope.values())

    async def wait_for(
        self,
        predicate: RouteSelector,
        timeout: float = 5.0,
        *,
        after: int = 0,
    ) -> RecordedRequest:
        """Wait for an answered request matching ``predicate`` and return it.

        Requests already recorded at index ``after`` or later count too.

        Args:
            predicate: A callable on :class:`RecordedRequest`, or a route string.
            timeout: How long to wait, in seconds.
            after: Ignore requests recorded before this index of :attr:`requests`.

        Raises:
            TimeoutError: When no matching request arrives in time.
        """
        match = matcher(predicate, self.route_names())
        deadline = time.monotonic() + timeout
        index = after
        while True:
            recorded = self._recorded
            while index < len(self.requests):
                candidate = self.requests[index]
                if candidate.status is None:
                    break
                index += 1
                if match(candidate):
                    return candidate
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = ", ".join(str(r.route or r.path) for r in self.requests[after:]) or "none"
                raise TimeoutError(f"no matching request within {timeout}s (requests: {seen})")
            try:
                await asyncio.wait_for(recorded.wait(), remaining)
            except asyncio.TimeoutError:
                continue

    def max_rate(self, window: float = 1.0, *, include_interaction: bool = False) -> int:
        """The most requests seen within any ``window`` seconds (the global-limit counter).

        Args:
            window: The window's length in seconds.
            include_interaction: Count interaction-token routes too (Discord exempts them).
        """
        times = [r.time for r in self.requests if include_interaction or not r.is_interaction]
        return max_in_window(times, window)

    def route_names(self) -> list[str]:
        """Every route the fake serves, as ``"METHOD /template"``."""
        return [name for _, _, name, _ in self._routes]

    # -- setting things up ---------------------------------------------------------------------

    def add_entitlement(
        self,
        sku_id: int | str,
        *,
        user_id: int | str | None = None,
        guild_id: int | str | None = None,
        entitlement_type: int = 8,
        consumed: bool = False,
        ends_at: str | None = None,
        deleted: bool = False,
    ) -> dict[str, Any]:
        """Grant an entitlement (type 8 is an application subscription) and return it."""
        return self.state.add_entitlement(
            str(sku_id),
            user_id=None if user_id is None else str(user_id),
            guild_id=None if guild_id is None else str(guild_id),
            entitlement_type=entitlement_type,
            consumed=consumed,
            ends_at=ends_at,
            deleted=deleted,
        )

    def set_command_permissions(
        self, guild_id: int | str, command_id: int | str, permissions: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Set a command's permission overwrites in a guild and return the stored object."""
        stored = {
            "id": str(command_id),
            "application_id": self.application_id,
            "guild_id": str(guild_id),
            "permissions": permissions,
        }
        self.state.permissions[(str(guild_id), str(command_id))] = stored
        return stored

    def issue_bearer_token(self, expires_in: float = 604800.0) -> str:
        """Create an OAuth2 bearer token the fake accepts, as ``POST /oauth2/token`` would."""
        token = secrets.token_urlsafe(24)
        self.state.bearer_tokens[token] = time.monotonic() + expires_in
        return token

    def revoke_bearer_tokens(self) -> None:
        """Make every bearer token issued so far invalid (later requests with them get 401)."""
        self.state.bearer_tokens.clear()

    # -- faults --------------------------------------------------------------------------------

    def set_bucket(
        self, route: RouteSelector, limit: int, reset_after: float, *, bucket: str | None = None
    ) -> str:
        """Enforce a rate-limit bucket on ``route``, with Discord's headers on every answer.

        Windows are kept per major parameter (guild, channel, webhook id + token,
        interaction id + token). Routes given the same ``bucket`` name share it.

        Args:
            route: The route (or predicate) the bucket covers.
            limit: Requests allowed per window.
            reset_after: The window's length in seconds.
            bucket: A name shared between routes; one per call by default.

        Returns:
            The bucket hash sent in ``X-RateLimit-Bucket``.

        Raises:
            ValueError: When ``limit`` or ``reset_after`` is not positive.
        """
        if limit < 1:
            raise ValueError(f"set_bucket: limit must be at least 1, got {limit}")
        if reset_after <= 0:
            raise ValueError(f"set_bucket: reset_after must be positive, got {reset_after}")
        name = bucket_hash(
            bucket if bucket is not None else f"{route!r}-{len(self._buckets.specs)}"
        )
        match = matcher(route, self.route_names())
        self._buckets.add(BucketSpec(name, limit, reset_after, match))
        return name

    def set_global_limit(self, limit: int | None) -> None:
        """Refuse authenticated requests beyond ``limit`` per second with a global 429."""
        if limit is not None and limit < 1:
            raise ValueError(f"set_global_limit: limit must be at least 1, got {limit}")
        self._global.limit = limit

    def rate_limit(
        self,
        route: RouteSelector,
        retry_after: float,
        is_global: bool | Literal["header"] = False,
        count: int = 1,
        *,
        scope: Literal["user", "global", "shared"] | None = None,
        bucket_headers: bool = True,
        headers: Mapping[str, str | None] | None = None,
    ) -> None:
        """Answer the next ``count`` matching requests with a 429 asking to wait ``retry_after``.

        The body is Discord's (``message``, ``retry_after``, ``global``); a 429 of a route
        with a bucket (:meth:`set_bucket`) carries the bucket's headers as they stand
        (the 429 itself is not counted in the window, so ``X-RateLimit-Remaining`` above
        0 makes it a sublimit).

        Args:
            route: The route (or predicate) to limit.
            retry_after: The wait asked for, in seconds (the body's ``retry_after``;
                ``Retry-After`` is its ceiling in whole seconds).
            is_global: ``True``: the global limit (body ``global: true``,
                ``X-RateLimit-Global: true``, scope ``global``). ``"header"``: global
                only by the ``X-RateLimit-Global: true`` header (body ``global: false``,
                no scope).
            count: How many requests get it.
            scope: ``X-RateLimit-Scope``; by default ``global`` for a global 429, none
                for ``is_global="header"``, ``user`` otherwise. ``shared`` is a limit on
                the resource, which Discord does not count as an invalid request.
            bucket_headers: ``False`` leaves the bucket headers out even when the route
                has a bucket (a 429 that names no bucket).
            headers: Headers to set last; a ``None`` value removes that header.

        Raises:
            ValueError: When the route is unknown, ``retry_after`` is negative or
                ``count`` is below 1.
        """
        if not retry_after >= 0:
            raise ValueError(f"rate_limit: retry_after must not be negative, got {retry_after}")
        if is_global not in (True, False, "header"):
            raise ValueError(f"rate_limit: is_global must be a bool or 'header', got {is_global!r}")
        if scope is None:
            scope = "global" if is_global is True else None if is_global else "user"
        fault = Fault(
            "rate_limit",
            self._check(route),
            count,
            seconds=retry_after,
            is_global=bool(is_global),
            body_global=is_global is True,
            scope=scope,
            bucket_headers=bucket_headers,
            headers=dict(headers or {}),
        )
        self._faults.add(fault)

    def invalid_requests(self, window: float = 600.0) -> int:
        """How many answers within the last ``window`` seconds Discord counts against the IP.

        Those are 401, 403 and 429 answers, 429s of ``shared`` scope excepted; Discord
        bans the IP for an hour at 10,000 in 10 minutes.
        """
        since = time.monotonic() - window
        return sum(
            1
            for r in self.requests
            if r.time > since and is_invalid_answer(r.status, r.response_headers)
        )

    def fail(self, route: RouteSelector, status: int = 500, count: int = 1) -> None:
        """Answer the next ``count`` matching requests with ``status`` (a 5xx by default)."""
        self._faults.add(Fault("fail", self._check(route), count, status=status))

    def delay(self, route: RouteSelector, seconds: float, count: int | None = None) -> None:
        """Answer matching requests only after ``seconds`` (all of them unless ``count``)."""
        self._faults.add(Fault("delay", self._check(route), count, seconds=seconds))

    def drop(self, route: RouteSelector, count: int = 1, *, after_processing: bool = False) -> None:
        """Close the connection of the next ``count`` matching requests without an answer.

        Args:
            route: The route (or predicate) whose requests are dropped.
            count: How many requests are dropped.
            after_processing: Let each request act first (a follow-up is created, a
                command stored), then drop the connection, as when Discord did the work
                and its answer was lost on the way back. The recorded ``status`` is ``0``
                either way; with ``after_processing`` its ``response`` is what the fake
                would have answered.
        """
        fault = Fault("drop", self._check(route), count, after_processing=after_processing)
        self._faults.add(fault)

    def clear_faults(self) -> None:
        """Forget every scripted 429, failure, delay and drop (buckets stay)."""
        self._faults.clear()

    def _check(self, route: RouteSelector) -> Callable[[RecordedRequest], bool]:
        return matcher(route, self.route_names())

    # -- serving ---------------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        path = request.path
        sub = path[len(_API_PREFIX) :] if path.startswith(_API_PREFIX + "/") else None
        route: str | None = None
        params: dict[str, str] = {}
        handler: Handler | None = None
        if sub is not None:
            for method, regex, name, candidate in self._routes:
                found = regex.fullmatch(sub)
                if found is not None and method == request.method:
                    route, params, handler = name, found.groupdict(), candidate
                    break
        recorded = RecordedRequest(
            method=request.method,
            path=sub if sub is not None else path,
            route=route,
            params=params,
            query=dict(request.query),
            headers=CIMultiDictProxy(CIMultiDict(request.headers)),
            time=arrived,
            peer=_peer(request),
        )
        self.requests.append(recorded)
        uploads: list[UploadedFile] = []
        status: int = 500
        body: Any = None
        headers: dict[str, str] = {}
        delay = 0.0
        try:
            bad_json = await self._read_body(request, recorded, uploads)
            if handler is None:
                status, body = discord_error(404, 0, "404: Not Found")
            elif bad_json:
                status, body = discord_error(400, 50109, "The request body contains invalid JSON.")
            else:
                status, body, headers, delay = self._answer(recorded, handler, uploads, arrived)
        finally:
            recorded.status = status
            recorded.response = body
            recorded.response_headers = dict(headers)
            self._recorded.set()
            self._recorded = asyncio.Event()
        if status == 0:
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=500)
        if delay > 0:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._closing.wait(), delay)
        if body is None:
            return web.Response(status=status, headers=headers)
        return web.json_response(body, status=status, headers=headers)

    async def _read_body(
        self, request: web.Request, recorded: RecordedRequest, uploads: list[UploadedFile]
    ) -> bool:
        content_type = request.content_type
        try:
            if content_type == "application/json":
                raw = await request.read()
                recorded.json = json.loads(raw) if raw else None
            elif content_type.startswith("multipart/"):
                reader = await request.multipart()
                while True:
                    part = await reader.next()
                    if part is None:
                        break
                    if not isinstance(part, BodyPartReader) or part.name is None:
                        continue
                    recorded.parts.append(part.name)
                    if part.name == "payload_json":
                        recorded.json = json.loads(await part.text())
                        continue
                    data = bytes(await part.read())
                    filename = part.filename or part.name
                    content = part.headers.get("Content-Type", "application/octet-stream")
                    uploads.append(UploadedFile(part.name, filename, content, data))
                    recorded.files[filename] = data
            elif content_type == "application/x-www-form-urlencoded":
                recorded.form = {key: str(value) for key, value in (await request.post()).items()}
            else:
                await request.read()
        except json.JSONDecodeError:
            return True
        return False

    def _answer(
        self,
        recorded: RecordedRequest,
        handler: Handler,
        uploads: list[UploadedFile],
        now: float,
    ) -> tuple[int, Any, dict[str, str], float]:
        faults = self._faults
        dropped = faults.take("drop", recorded)
        if dropped is not None and not dropped.after_processing:
            return 0, None, {}, 0.0
        status, body, headers, delay = self._process(recorded, handler, uploads, now)
        if dropped is not None:
            return 0, body, headers, 0.0
        return status, body, headers, delay

    def _process(
        self,
        recorded: RecordedRequest,
        handler: Handler,
        uploads: list[UploadedFile],
        now: float,
    ) -> tuple[int, Any, dict[str, str], float]:
        faults = self._faults
        delay_fault = faults.take("delay", recorded)
        delay = delay_fault.seconds if delay_fault is not None else 0.0
        failure = faults.take("fail", recorded)
        if failure is not None:
            status = failure.status
            return status, {"code": 0, "message": f"{status}: fake failure"}, {}, delay
        spec = self._buckets.spec_for(recorded)
        major = _major(recorded.params)
        scripted = faults.take("rate_limit", recorded)
        if scripted is not None:
            bucket: dict[str, str] = {}
            if spec is not None:
                remaining, reset_after = self._buckets.peek(spec, major, now)
                bucket = rate_limit_headers(spec, remaining, reset_after)
            body, headers = scripted_429(scripted, bucket)
            return 429, body, headers, delay
        needs_auth = not recorded.is_interaction and recorded.route not in _NO_AUTH
        if needs_auth and not self._authorized(recorded.authorization):
            return 401, {"code": 0, "message": "401: Unauthorized"}, {}, delay
        headers = {}
        if spec is not None:
            allowed, remaining, reset_after = self._buckets.hit(spec, major, now)
            if not allowed:
                self.overflows.append(recorded)
                headers = rate_limit_headers(spec, 0, reset_after, "user")
                return 429, too_many(reset_after, False), headers, delay
            headers = rate_limit_headers(spec, remaining, reset_after)
        if not recorded.is_interaction:
            wait = self._global.hit(now)
            if wait is not None:
                self.overflows.append(recorded)
                return 429, too_many(wait, True), _global_headers(), delay
        invalid = self._validate(recorded)
        if invalid is not None:
            return 400, invalid, headers, delay
        status, body = handler(self.state, _call(recorded, uploads))
        return status, body, headers, delay

    def _authorized(self, authorization: str | None) -> bool:
        if authorization is None:
            return False
        kind, _, value = authorization.partition(" ")
        if kind == "Bot":
            return value == self.token
        if kind == "Bearer":
            expires = self.state.bearer_tokens.get(value)
            return expires is not None and time.monotonic() < expires
        return False

    def _validate(self, recorded: RecordedRequest) -> dict[str, Any] | None:
        if self._spec is None or recorded.json is None:
            return None
        try:
            self._spec.validate_request(recorded.method, recorded.path, recorded.json)
        except SpecMismatch as mismatch:
            self.spec_errors.append(f"{recorded.route}: {mismatch}")
            return _spec_error_body(str(mismatch))
        except KeyError:
            return None  # Not in the spec (POST /oauth2/token): nothing to check against.
        return None


_NO_JSONSCHEMA = (
    "FakeDiscord checks every REST body against Discord's OpenAPI spec, which needs the "
    "jsonschema package: pip install 'kagari[testing]'. To run without the check, pass "
    "spec_path=None (FakeDiscord(spec_path=None), TestClient(bot, spec_path=None)) or set "
    "the pytest ini option kagari_openapi = off."
)


def _load_spec(spec: str | os.PathLike[str] | OpenAPISpec | Bundled | None) -> OpenAPISpec | None:
    """The spec a ``spec_path`` argument names, or ``None`` when validation is off."""
    if spec is None:
        return None
    try:
        import jsonschema  # noqa: F401 - only checking that validation can run
    except ImportError as error:
        raise ImportError(_NO_JSONSCHEMA, name="jsonschema") from error
    if isinstance(spec, Bundled):
        return OpenAPISpec.bundled()
    if isinstance(spec, OpenAPISpec):
        return spec
    return OpenAPISpec(spec)


def _template_regex(template: str) -> re.Pattern[str]:
    pieces = _PARAM.split(template)  # literal, name, literal, name, ..., literal
    pattern = "".join(
        re.escape(piece) if index % 2 == 0 else f"(?P<{piece}>[^/]+)"
        for index, piece in enumerate(pieces)
    )
    return re.compile(pattern)


def _peer(request: web.Request) -> str:
    transport = request.transport
    peer = transport.get_extra_info("peername") if transport is not None else None
    return f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else ""


def _major(params: Mapping[str, str]) -> str:
    for name, partner in (
        ("channel_id", None),
        ("guild_id", None),
        ("webhook_id", "webhook_token"),
        ("interaction_id", "interaction_token"),
    ):
        if name in params:
            value = params[name]
            if partner is not None and partner in params:
                value += ":" + params[partner]
            return value
    return ""


def _global_headers() -> dict[str, str]:
    return {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}


def _call(recorded: RecordedRequest, uploads: list[UploadedFile]) -> Call:
    return Call(
        params=recorded.params,
        query=recorded.query,
        json=recorded.json,
        uploads=uploads,
        form=recorded.form,
        headers=recorded.headers,
    )
