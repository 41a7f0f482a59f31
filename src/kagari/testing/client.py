"""``TestClient``: drive a bot through real signed HTTP, with a fake Discord behind it.

::

    async with TestClient(bot) as client:
        result = await client.command("ping")
        assert result.content == "pong"

Entering the client gives the bot a development key pair, points its REST client at a
:class:`~kagari.testing.FakeDiscord`, and starts it on a free loopback port. Each call
builds the interaction Discord would send (member, guild, channel, locale,
app_permissions, entitlements...), checks it against the bot's command schema the way
Discord's client would, signs it and POSTs it. What the bot did later through REST
(edits, follow-ups) is read back from the fake.

For what Discord itself would never send (a wrong signature, a stale timestamp, a body
that is not JSON), :meth:`TestClient.post` sends raw bytes or any payload and returns
the bot's answer untouched, as a :class:`~kagari.testing.results.RawResponse`::

    reply = await client.post({"type": 1}, sign=False)
    assert reply.status == 401
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

import aiohttp

from kagari.models import (
    Entitlement,
    Member,
    Message,
    PartialChannel,
    PartialGuild,
    Permissions,
    User,
)
from kagari.rest import RESTClient
from kagari.server.devkeys import DevKeyPair
from kagari.testing._actor import (
    DEFAULT_GUILD_ID,
    Actor,
    Default,
    build_actor,
    envelope,
    make_settings,
)
from kagari.testing._interactions import (
    component_data,
    find_in_message,
    infer_component_type,
    modal_data,
    synthetic_component,
)
from kagari.testing._options import (
    CommandMatch,
    InvalidInteraction,
    Resolved,
    build_options,
    find_command,
)
from kagari.testing.factories import (
    DEFAULT_APP_PERMISSIONS,
    Snowflakeish,
    make_message,
    raw_of,
    snowflake,
)
from kagari.testing.openapi import BUNDLED, Bundled
from kagari.testing.payloads import DEFAULT_APPLICATION_ID
from kagari.testing.results import (
    InteractionResult,
    MessageResult,
    RawResponse,
    ResultFile,
    read_answer,
    walk_components,
)

if TYPE_CHECKING:
    from kagari.restbot import RESTBot
    from kagari.testing.fake_discord import FakeDiscord, RecordedRequest
    from kagari.testing.openapi import OpenAPISpec

__all__ = [
    "DEFAULT_GUILD_ID",
    "BadResponse",
    "InvalidInteraction",
    "TestClient",
    "WaitTimeout",
]

_EDIT_ROUTE = "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original"
_FOLLOWUP_ROUTE = "POST /webhooks/{webhook_id}/{webhook_token}"
_CALLBACK_ROUTE = "POST /interactions/{interaction_id}/{interaction_token}/callback"


class WaitTimeout(AssertionError, TimeoutError):
    """The bot did not answer, edit or follow up within the time a test allowed."""


class BadResponse(AssertionError):
    """The bot answered an interaction with an HTTP error status."""


class _Shared:
    """What a client and the clients made from it with :meth:`TestClient.using` share."""

    def __init__(
        self,
        bot: RESTBot,
        fake: FakeDiscord | None,
        spec_path: str | os.PathLike[str] | OpenAPISpec | Bundled | None,
        *,
        keys: DevKeyPair | None,
        check_options: bool,
        raise_for_status: bool,
        timeout: float,
        shutdown_timeout: float,
    ) -> None:
        self.bot = bot
        self.fake = fake
        self.spec_path = spec_path
        self.check_options = check_options
        self.raise_for_status = raise_for_status
        self.timeout = timeout
        self.shutdown_timeout = shutdown_timeout
        self.keys = keys if keys is not None else DevKeyPair()
        self.own_fake = False
        self.started_bot = False
        self.session: aiohttp.ClientSession | None = None
        self.url = ""
        self.old_rest: RESTClient | None = None
        self.old_key: bytes | None = None
        self.key_swapped = False
        self.tokens: set[str] = set()
        self.modals: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
        self.cursors: dict[str, int] = {"edit": 0, "followup": 0}
        self.command_ids: dict[tuple[int | None, int, str], str] = {}


class TestClient:
    """Sends signed interactions to a bot over real HTTP and reads what it answered.

    Use it as an async context manager; the bot is started on a free loopback port
    (unless it is already running) and closed again on exit, and its REST client talks
    to a :class:`~kagari.testing.FakeDiscord` meanwhile. The bot's own public key and
    REST client are restored on exit, so one bot object can serve many tests.

    Args:
        bot: The bot: a :class:`kagari.Bot` (whose command schema is used to check
            every command before sending) or any :class:`kagari.RESTBot`.
        fake: The fake Discord to use; a new one is started (and closed) otherwise,
            with :data:`~kagari.testing.payloads.DEFAULT_APPLICATION_ID` as its
            application id (the id the payload builders put in every payload).
        spec_path: The OpenAPI spec a new fake checks REST bodies with: the one
            bundled with kagari by default, a path of an ``openapi.json``, an
            :class:`~kagari.testing.OpenAPISpec`, or ``None`` for no checks (see
            :class:`~kagari.testing.FakeDiscord`). Not used with ``fake``.
        user: The invoking user (:func:`~kagari.testing.make_user`); a fresh "tester".
        member: The invoking member in a guild (:func:`~kagari.testing.make_member`);
            made from ``user`` with ordinary member permissions when omitted.
        guild_id: The guild interactions come from; ``None`` sends them from a DM.
        guild: The partial guild sent along (:func:`~kagari.testing.make_guild`); its
            id is used when ``guild_id`` is not given.
        channel: The channel interactions come from (:func:`~kagari.testing.
            make_channel`); "#general" in the guild, or a DM, by default.
        locale: The user's client locale.
        guild_locale: The guild's locale (``locale`` when omitted).
        app_permissions: What the app may do in the channel.
        entitlements: The user's entitlements (:func:`~kagari.testing.make_entitlement`).
        context: The interaction context (0 guild, 1 bot DM, 2 private channel);
            follows from ``guild_id`` when omitted.
        payload_fields: Top-level fields to add to (or override in) every payload.
        keys: The key pair to sign requests with (the bot verifies with its public
            half meanwhile); a fresh :class:`~kagari.server.devkeys.DevKeyPair` by
            default.
        check_options: Check commands and options against the bot's schema.
        raise_for_status: Raise :class:`BadResponse` when the bot answers with an HTTP
            error status (else the result carries the status).
        timeout: Seconds to wait for the bot's HTTP answer.
        shutdown_timeout: Seconds closing the client lets a bot it started finish
            in-flight requests and background work (follow-ups...) before cancelling
            them.

    Raises:
        ValueError: Both ``fake`` and ``spec_path`` are given, ``user`` and ``member``
            name different users, or ``member`` is given for a DM.
        TypeError: ``user`` or ``member`` is not a :class:`kagari.User` /
            :class:`kagari.Member`.
    """

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(
        self,
        bot: RESTBot,
        *,
        fake: FakeDiscord | None = None,
        spec_path: str | os.PathLike[str] | OpenAPISpec | Bundled | None = BUNDLED,
        user: User | None = None,
        member: Member | None = None,
        guild_id: Snowflakeish | Default | None = Default.GUILD,
        guild: PartialGuild | None = None,
        channel: PartialChannel | None = None,
        locale: str = "en-US",
        guild_locale: str | None = None,
        app_permissions: Permissions | int | str = DEFAULT_APP_PERMISSIONS,
        entitlements: Iterable[Entitlement] = (),
        context: int | None = None,
        payload_fields: Mapping[str, Any] | None = None,
        keys: DevKeyPair | None = None,
        check_options: bool = True,
        raise_for_status: bool = True,
        timeout: float = 10.0,
        shutdown_timeout: float = 10.0,
    ) -> None:
        if fake is not None and spec_path is not None and spec_path is not BUNDLED:
            raise ValueError("give either fake= or spec_path= (for a new fake), not both")
        self._shared = _Shared(
            bot,
            fake,
            spec_path,
            keys=keys,
            check_options=check_options,
            raise_for_status=raise_for_status,
            timeout=timeout,
            shutdown_timeout=shutdown_timeout,
        )
        self._settings = make_settings(
            user=user,
            member=member,
            guild_id=guild_id,
            guild=guild,
            channel=channel,
            locale=locale,
            guild_locale=guild_locale,
            app_permissions=app_permissions,
            entitlements=entitlements,
            context=context,
            payload_fields=payload_fields,
        )
        self._is_root = True

    # -- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> TestClient:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self) -> None:
        """Start the fake (if it is the client's own) and the bot, and open a session.

        Raises:
            RuntimeError: Called on a client made with :meth:`using`, or twice.
        """
        shared = self._shared
        if not self._is_root:
            raise RuntimeError("a client made with using() shares its parent's lifecycle")
        if shared.session is not None:
            raise RuntimeError("the TestClient is already started")
        if shared.fake is None:
            from kagari.testing.fake_discord import FakeDiscord

            shared.fake = FakeDiscord(
                spec_path=shared.spec_path, application_id=DEFAULT_APPLICATION_ID
            )
        fake = shared.fake
        try:
            fake.url  # noqa: B018 - raises until the fake listens
        except RuntimeError:
            shared.own_fake = True  # started here, so closed here too
        await fake.start()
        bot = shared.bot
        try:
            shared.old_key = bot.public_key
            shared.key_swapped = True
            bot.interaction_server.set_public_key(shared.keys.public_key)
            shared.old_rest = bot.rest
            bot.rest = _rest_for(bot.rest, fake)
            if not bot.is_alive:
                await bot.start(
                    host="127.0.0.1",
                    port=0,
                    check_for_updates=False,
                    shutdown_timeout=shared.shutdown_timeout,
                )
                shared.started_bot = True
            shared.url = bot.url
            shared.session = aiohttp.ClientSession()
        except BaseException:
            await self._restore()
            raise

    async def close(self) -> None:
        """Close the session, stop the bot (if the client started it) and the fake.

        Post-response work the bot still runs (follow-ups...) is given the bot's
        shutdown time to finish first.

        Raises:
            AssertionError: A fake Discord checking REST bodies against the OpenAPI
                spec saw one that does not match.
        """
        if not self._is_root:
            return
        shared = self._shared
        session, shared.session = shared.session, None
        if session is not None:
            await session.close()
        await self._restore()

    async def _restore(self) -> None:
        shared = self._shared
        bot = shared.bot
        try:
            if shared.started_bot:
                shared.started_bot = False
                await bot.close()
            elif shared.old_rest is not None:
                await bot.rest.close()
        finally:
            if shared.old_rest is not None:
                bot.rest, shared.old_rest = shared.old_rest, None
            if shared.key_swapped:
                # Put back what the bot had, including no key at all.
                bot.interaction_server.set_public_key(shared.old_key)
                shared.old_key, shared.key_swapped = None, False
            fake = shared.fake
            if shared.own_fake and fake is not None:
                shared.own_fake = False
                await fake.close()

    # -- who and where -----------------------------------------------------------------------

    def using(
        self,
        *,
        user: User | None = None,
        member: Member | None = None,
        guild_id: Snowflakeish | Default | None = Default.GUILD,
        guild: PartialGuild | None = None,
        channel: PartialChannel | None = None,
        locale: str | None = None,
        guild_locale: str | None = None,
        app_permissions: Permissions | int | str | None = None,
        entitlements: Iterable[Entitlement] | None = None,
        context: int | None = None,
        payload_fields: Mapping[str, Any] | None = None,
    ) -> TestClient:
        """A client sending as someone else, or from somewhere else, to the same bot.

        It shares this client's bot, fake Discord and history (edits, follow-ups,
        opened modals); only what is given changes. Pass ``guild_id=None`` for a DM.

        ::

            admin = make_member(permissions=Permissions.ADMINISTRATOR)
            result = await client.using(member=admin).command("admin purge", count=5)
        """
        current = self._settings
        if member is not None:
            new_user, new_member = member.user, member
        elif user is not None:
            new_user, new_member = user, None
        else:
            new_user, new_member = current.user, current.member
        moved = guild is not None or not isinstance(guild_id, Default)
        if isinstance(guild_id, Default):
            guild_id = int(guild.id) if guild is not None else current.guild_id
        if guild_id is None and member is None:
            new_member = None  # a DM has no members
        settings = make_settings(
            user=new_user,
            member=new_member,
            guild_id=guild_id,
            guild=guild if moved else current.guild,
            channel=channel if channel is not None or moved else current.channel,
            locale=locale or current.locale,
            guild_locale=guild_locale or current.guild_locale,
            app_permissions=(
                current.app_permissions if app_permissions is None else app_permissions
            ),
            entitlements=current.entitlements if entitlements is None else entitlements,
            context=context if context is not None or moved else current.context,
            payload_fields=current.payload_fields if payload_fields is None else payload_fields,
        )
        clone = object.__new__(TestClient)
        clone._shared = self._shared
        clone._settings = settings
        clone._is_root = False
        return clone

    @property
    def bot(self) -> RESTBot:
        """The bot under test."""
        return self._shared.bot

    @property
    def fake(self) -> FakeDiscord:
        """The fake Discord REST API the bot talks to.

        Raises:
            RuntimeError: Before the client is started.
        """
        if self._shared.fake is None or self._shared.session is None:
            raise RuntimeError("the TestClient is not started; use 'async with TestClient(bot)'")
        return self._shared.fake

    @property
    def keys(self) -> DevKeyPair:
        """The key pair requests are signed with (the bot verifies with its public half)."""
        return self._shared.keys

    @property
    def url(self) -> str:
        """The URL the bot listens on."""
        return self._shared.url

    @property
    def user(self) -> User:
        """The invoking user."""
        member = self._settings.member
        return member.user if member is not None else self._settings.user

    @property
    def member(self) -> Member | None:
        """The invoking member (``None`` in a DM)."""
        return self._actor().member

    @property
    def guild_id(self) -> int | None:
        """The guild interactions come from (``None``: a DM)."""
        return self._settings.guild_id

    # -- sending -----------------------------------------------------------------------------

    async def command(self, name_path: str, /, **options: Any) -> InteractionResult:
        """Invoke a slash command, as a user typing ``/name_path`` with ``options``.

        Args:
            name_path: The command name; ``"admin purge"`` for a subcommand,
                ``"admin users ban"`` inside a subcommand group.
            **options: Option values by name. USER, ROLE, CHANNEL, MENTIONABLE and
                ATTACHMENT values are factory objects or ids, and fill ``resolved``.
                ``None`` leaves an option out.

        Raises:
            InvalidInteraction: Discord would not send this (unknown command or option,
                wrong type, out of range, missing required option, wrong scope).
            BadResponse: The bot answered with an HTTP error.
            WaitTimeout: The bot did not answer within ``timeout``.
        """
        actor = self._actor()
        match = self._find(1, name_path, actor)
        resolved = Resolved(actor.guild_id is not None, actor.member_permissions)
        data = self._command_data(match, 1, name_path)
        command_options = build_options(match, name_path, options, resolved)
        if command_options:
            data["options"] = command_options
        found = resolved.to_json()
        if found is not None:
            data["resolved"] = found
        return await self._interact(actor, 2, data, f"/{name_path}")

    async def user_command(
        self, name: str, target: User | Member | Snowflakeish
    ) -> InteractionResult:
        """Use a user context-menu command on ``target``.

        Args:
            name: The command's name, e.g. ``"Show avatar"``.
            target: The user (or member, or user id) right-clicked.

        Raises:
            InvalidInteraction: The bot has no such user command (here).
        """
        actor = self._actor()
        match = self._find(2, name, actor)
        resolved = Resolved(actor.guild_id is not None, actor.member_permissions)
        data = self._command_data(match, 2, name)
        data["target_id"] = resolved.user(target, f"user command {name!r} target")
        data["resolved"] = resolved.to_json()
        return await self._interact(actor, 2, data, f"user command {name!r}")

    async def message_command(
        self, name: str, target: Message | MessageResult | Snowflakeish
    ) -> InteractionResult:
        """Use a message context-menu command on ``target``.

        Args:
            name: The command's name, e.g. ``"Bookmark"``.
            target: The message (:func:`~kagari.testing.make_message`), a message the
                bot sent (a :class:`MessageResult`), or a message id.

        Raises:
            InvalidInteraction: The bot has no such message command (here).
        """
        actor = self._actor()
        match = self._find(3, name, actor)
        resolved = Resolved(actor.guild_id is not None, actor.member_permissions)
        data = self._command_data(match, 3, name)
        if isinstance(target, MessageResult):
            target = Message(dict(target.message))
        if isinstance(target, Message):
            raw = raw_of(target)
            if raw.get("channel_id") is None:
                raw["channel_id"] = str(actor.channel.get("id"))
            if actor.guild_id is not None:
                raw.setdefault("guild_id", actor.guild_id)
            target = Message(raw)
        data["target_id"] = resolved.message(target, f"message command {name!r} target")
        data["resolved"] = resolved.to_json()
        return await self._interact(actor, 2, data, f"message command {name!r}")

    async def component(
        self,
        custom_id: str,
        values: Sequence[Any] | None = None,
        *,
        message: Message | InteractionResult | MessageResult | Mapping[str, Any] | None = None,
        component_type: int | None = None,
    ) -> InteractionResult:
        """Click a button, or pick ``values`` in a select menu.

        The message the component sits on is found among the messages the bot sent
        through this client (newest first), and sent along as Discord does; its
        component decides the type and what may be picked. For a custom_id no message
        of the bot has, a message holding such a component is made up.

        Args:
            custom_id: The component's custom_id.
            values: For a select: the picked values (strings for a string select;
                users, roles, channels or ids for the others).
            message: The message the component sits on, when it is not one the bot
                sent through this client (or to pick an older one).
            component_type: The component type, when no message says it.

        Raises:
            InvalidInteraction: The message has no such component, it is disabled, or
                the values are not ones it offers.
        """
        actor = self._actor()
        label = f"component {custom_id!r}"
        source = (
            self._message_for(message) if message is not None else self._find_message(custom_id)
        )
        component = find_in_message(source, custom_id) if source is not None else None
        if component is None and message is not None:
            listed = ", ".join(_custom_ids(source)) or "none"
            raise InvalidInteraction(
                f"the message has no component {custom_id!r}; its custom_ids are: {listed}"
            )
        if component is None:
            kind = component_type or infer_component_type(values)
            row = synthetic_component(custom_id, kind, values)
            channel_id = str(actor.channel.get("id"))
            author = User(dict(self.fake.state.bot_user))
            source = raw_of(make_message(author=author, components=[row], channel_id=channel_id))
            component = find_in_message(source, custom_id)
            assert component is not None
        elif component_type is not None and int(component.get("type", 0)) != component_type:
            raise InvalidInteraction(
                f"{label} is a type {component.get('type')} component, not {component_type}"
            )
        assert source is not None
        resolved = Resolved(actor.guild_id is not None, actor.member_permissions)
        data = component_data(custom_id, values, component, resolved)
        return await self._interact(actor, 3, data, label, source=source)

    async def modal(
        self, custom_id: str, /, fields: Mapping[str, Any] | None = None, **more: Any
    ) -> InteractionResult:
        """Submit a modal with ``fields`` filled in.

        When the bot opened a modal with this custom_id through this client, the
        submission follows its layout and each value is checked against its input
        (required, lengths, options). Otherwise each field is sent as the input its
        value suggests: ``str`` a text input, ``bool`` a checkbox, a list of ``str`` a
        string select, factory objects the matching select or file upload.

        Args:
            custom_id: The modal's custom_id.
            fields: Values by input custom_id (for ids that are not Python names).
            **more: More values by input custom_id.

        Raises:
            InvalidInteraction: A field the modal lacks, a required one left empty, or
                a value its input does not accept.
        """
        values: dict[str, Any] = {}
        if fields is not None:
            if isinstance(fields, Mapping):
                values.update(fields)
            else:
                values["fields"] = fields
        values.update(more)
        actor = self._actor()
        opened, source = self._shared.modals.get(custom_id, (None, None))
        resolved = Resolved(actor.guild_id is not None, actor.member_permissions)
        data = modal_data(custom_id, values, opened, resolved)
        return await self._interact(actor, 5, data, f"modal {custom_id!r}", source=source)

    async def autocomplete(
        self, name_path: str, option: str, value: str, /, **other_options: Any
    ) -> InteractionResult:
        """Type ``value`` into ``option`` of a command, asking the bot for suggestions.

        Args:
            name_path: The command (``"admin purge"`` for subcommands).
            option: The option being typed in; it must have autocomplete.
            value: The text typed so far.
            **other_options: Options already filled in.

        Raises:
            InvalidInteraction: The option does not exist or has no autocomplete.
        """
        actor = self._actor()
        match = self._find(1, name_path, actor)
        resolved = Resolved(actor.guild_id is not None, actor.member_permissions)
        data = self._command_data(match, 1, name_path)
        given = {**other_options, option: value}
        data["options"] = build_options(match, name_path, given, resolved, focused=option)
        found = resolved.to_json()
        if found is not None:
            data["resolved"] = found
        return await self._interact(actor, 4, data, f"autocomplete /{name_path} {option}")

    async def ping(self) -> InteractionResult:
        """Send a PING, as Discord does when the endpoint URL is saved."""
        return await self._interact(self._actor(), 1, None, "PING")

    async def send(self, payload: Mapping[str, Any]) -> InteractionResult:
        """Sign and send any interaction payload as it is, without checks.

        Raises:
            BadResponse: The bot answered with an HTTP error (with ``raise_for_status``).
        """
        return await self._send(dict(payload), "the payload")

    # -- raw requests ------------------------------------------------------------------------

    async def post(
        self,
        payload: Any = None,
        /,
        *,
        body: bytes | None = None,
        timestamp: str | None = None,
        headers: Mapping[str, str] | None = None,
        sign: bool = True,
        keys: DevKeyPair | None = None,
        content_type: str | None = "application/json",
        path: str | None = None,
    ) -> RawResponse:
        """POST anything to the bot, and get its HTTP answer as it came.

        Nothing is checked or filled in, and no status raises: this is the door for
        what Discord would never send, and for payloads built with
        :mod:`kagari.testing.payloads`::

            assert (await client.post({"type": 1}, sign=False)).status == 401
            assert (await client.post(body=b"{not json")).status == 400
            reply = await client.post(command_payload("ping"))
            assert reply.json()["data"]["content"] == "pong"

        Args:
            payload: What to send, JSON-encoded (any JSON value, a broken interaction
                too); an interaction's token is remembered, so :meth:`wait_edit` and
                :meth:`wait_followup` see what the bot does with it later.
            body: The exact bytes to send instead of ``payload``.
            timestamp: The ``X-Signature-Timestamp`` to sign with (seconds since the
                epoch, as a string; now when omitted), to test the replay window.
            headers: Headers to add or override, after signing (a forged signature...).
            sign: Sign the request; ``False`` sends no signature headers at all.
            keys: Sign with this key pair instead of the client's (the bot answers 401).
            content_type: The ``Content-Type`` header; ``None`` sends none.
            path: Send to this path on the bot's server instead of its endpoint path.

        Raises:
            ValueError: Both ``payload`` and ``body`` are given, or ``path`` does not
                start with ``/``.
            WaitTimeout: The bot did not answer within the client's ``timeout``.
        """
        return await self.open(
            payload,
            method="POST",
            body=body,
            timestamp=timestamp,
            headers=headers,
            sign=sign,
            keys=keys,
            content_type=content_type,
            path=path,
        )

    async def open(
        self,
        payload: Any = None,
        /,
        *,
        method: str = "POST",
        body: bytes | None = None,
        timestamp: str | None = None,
        headers: Mapping[str, str] | None = None,
        sign: bool = True,
        keys: DevKeyPair | None = None,
        content_type: str | None = "application/json",
        path: str | None = None,
    ) -> RawResponse:
        """Send a request with any HTTP ``method``; otherwise exactly like :meth:`post`.

        ::

            reply = await client.open(method="GET")
            assert reply.status == 405 and reply.headers["Allow"] == "POST"

        Raises:
            ValueError: Both ``payload`` and ``body`` are given, or ``path`` does not
                start with ``/``.
            WaitTimeout: The bot did not answer within the client's ``timeout``.
        """
        shared = self._shared
        session = shared.session
        if session is None:
            raise RuntimeError("the TestClient is not started; use 'async with TestClient(bot)'")
        if body is None:
            body = b"" if payload is None else json.dumps(payload).encode()
        elif payload is not None:
            raise ValueError("give the payload or the raw body, not both")
        if isinstance(payload, Mapping) and isinstance(payload.get("token"), str):
            shared.tokens.add(payload["token"])
        sent: dict[str, str] = {} if content_type is None else {"Content-Type": content_type}
        if sign:
            sent.update((keys or shared.keys).sign(body, timestamp))
        sent.update(headers or {})
        url = shared.url if path is None else _with_path(shared.url, path)
        started = time.perf_counter()
        try:
            async with session.request(
                method,
                url,
                data=body,
                headers=sent,
                skip_auto_headers=("Content-Type",) if content_type is None else (),
                timeout=aiohttp.ClientTimeout(total=shared.timeout),
            ) as response:
                raw = await response.read()
                return RawResponse(
                    response.status,
                    response.headers,
                    raw,
                    elapsed=time.perf_counter() - started,
                )
        except asyncio.TimeoutError:
            raise WaitTimeout(
                f"the bot did not answer the {method} request within {shared.timeout}s"
            ) from None

    # -- what the bot did later --------------------------------------------------------------

    @property
    def edits(self) -> list[MessageResult]:
        """Every edit of an original response of this client's interactions, in order."""
        return [MessageResult.from_request(r) for r in self.fake.requests if self._is_edit(r)]

    @property
    def followups(self) -> list[MessageResult]:
        """Every follow-up message to this client's interactions, in order."""
        return [MessageResult.from_request(r) for r in self.fake.requests if self._is_followup(r)]

    async def wait_edit(self, timeout: float = 5.0) -> MessageResult:
        """Wait for the next edit of an original response (``PATCH .../@original``).

        Each call returns the edit after the one the previous call returned.

        Raises:
            WaitTimeout: No such edit reached the fake Discord within ``timeout``.
        """
        return await self._wait("edit", self._is_edit, timeout, "edit an original response")

    async def wait_followup(self, timeout: float = 5.0) -> MessageResult:
        """Wait for the next follow-up message (``POST /webhooks/{app}/{token}``).

        Raises:
            WaitTimeout: No follow-up reached the fake Discord within ``timeout``.
        """
        return await self._wait("followup", self._is_followup, timeout, "send a follow-up")

    def _is_edit(self, request: RecordedRequest) -> bool:
        return (
            request.route == _EDIT_ROUTE
            and request.ok
            and request.params.get("webhook_token") in self._shared.tokens
        )

    def _is_followup(self, request: RecordedRequest) -> bool:
        return (
            request.route == _FOLLOWUP_ROUTE
            and request.ok
            and request.params.get("webhook_token") in self._shared.tokens
        )

    async def _wait(
        self,
        kind: str,
        predicate: Callable[[RecordedRequest], bool],
        timeout: float,
        what: str,
    ) -> MessageResult:
        fake = self.fake
        start = self._shared.cursors[kind]
        try:
            found = await fake.wait_for(predicate, timeout, after=start)
        except TimeoutError:
            seen = [
                f"{r.method} {r.path} -> {r.status}{_error_hint(r)}" for r in fake.requests[start:]
            ]
            listed = "\n  ".join(seen) or "none"
            raise WaitTimeout(
                f"the bot did not {what} within {timeout}s; the fake Discord saw these REST "
                f"requests meanwhile:\n  {listed}\n(an exception in the handler after its "
                f"first answer is in the captured log)"
            ) from None
        index = next(i for i in range(start, len(fake.requests)) if fake.requests[i] is found)
        self._shared.cursors[kind] = index + 1
        return MessageResult.from_request(found)

    # -- internals ---------------------------------------------------------------------------

    def _actor(self) -> Actor:
        return build_actor(self._settings, self.fake)

    def _find(self, command_type: int, name: str, actor: Actor) -> CommandMatch:
        schema = None
        if self._shared.check_options:
            payloads = getattr(self._shared.bot, "command_payloads", None)
            if callable(payloads):
                schema = payloads()
        guild_id = None if actor.guild_id is None else int(actor.guild_id)
        return find_command(schema, command_type, name, guild_id, actor.context)

    def _command_data(self, match: CommandMatch, command_type: int, name: str) -> dict[str, Any]:
        top_name = str(match.top["name"]) if match.top is not None else name.split()[0]
        if command_type != 1:
            top_name = name
        data: dict[str, Any] = {
            "id": self._command_id(match.scope, command_type, top_name),
            "name": top_name,
            "type": command_type,
        }
        if match.scope is not None:
            data["guild_id"] = str(match.scope)
        return data

    def _command_id(self, scope: int | None, command_type: int, name: str) -> str:
        """The id Discord gave the command: the fake's, if the bot synced it there."""
        for command in self.fake.commands(scope):
            if command.get("name") == name and int(command.get("type", 1)) == command_type:
                return str(command["id"])
        key = (scope, command_type, name)
        ids = self._shared.command_ids
        if key not in ids:
            ids[key] = snowflake()
        return ids[key]

    def _all_messages(self) -> list[dict[str, Any]]:
        state = self.fake.state
        found = list(state.originals.values())
        for messages in state.followups.values():
            found.extend(messages.values())
        return found

    def _find_message(self, custom_id: str) -> dict[str, Any] | None:
        candidates = [m for m in self._all_messages() if find_in_message(m, custom_id)]
        if not candidates:
            return None
        return max(candidates, key=lambda message: int(str(message.get("id", 0))))

    def _message_for(
        self, message: Message | InteractionResult | MessageResult | Mapping[str, Any]
    ) -> dict[str, Any]:
        """The stored message (so updates land on it) for what the test passed."""
        if isinstance(message, InteractionResult):
            token = str(message.interaction.get("token", ""))
            stored = self.fake.state.originals.get(token)
            if stored is None:
                raise InvalidInteraction(
                    "that result left no message behind (it was not a message or an update)"
                )
            return stored
        if isinstance(message, MessageResult):
            raw = dict(message.message)
        elif isinstance(message, Message):
            raw = raw_of(message)
        else:
            raw = dict(message)
        for stored in self._all_messages():
            if raw.get("id") is not None and stored.get("id") == raw.get("id"):
                return stored
        if raw.get("channel_id") is None:
            raw["channel_id"] = str(self._actor().channel.get("id"))
        return raw

    async def _interact(
        self,
        actor: Actor,
        kind: int,
        data: dict[str, Any] | None,
        label: str,
        *,
        source: dict[str, Any] | None = None,
    ) -> InteractionResult:
        payload = envelope(actor, kind, data)
        if source is not None:
            payload["message"] = raw_of(source)
            # For Discord, the original response of a component interaction is the
            # message the component sits on: deferred updates and edits land there.
            self.fake.state.originals[str(payload["token"])] = source
        result = await self._send(payload, label)
        if result.status == 202:
            self._take_rest_callback(payload, result)
        if result.ok:
            self._remember(payload, result, source)
        return result

    def _take_rest_callback(self, payload: dict[str, Any], result: InteractionResult) -> None:
        """Read the answer a listener sent through the REST callback endpoint instead."""
        for request in self.fake.requests:
            if (
                request.route == _CALLBACK_ROUTE
                and request.ok
                and request.params.get("interaction_id") == payload["id"]
            ):
                result.json = request.json
                result.files = [
                    ResultFile(filename=name, data=data) for name, data in request.files.items()
                ]
                result.via_rest = True
                return

    async def _send(self, payload: dict[str, Any], label: str) -> InteractionResult:
        shared = self._shared
        session = shared.session
        if session is None:
            raise RuntimeError("the TestClient is not started; use 'async with TestClient(bot)'")
        token = payload.get("token")
        if isinstance(token, str):
            shared.tokens.add(token)
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", **shared.keys.sign(body)}
        started = time.perf_counter()
        try:
            async with session.post(
                shared.url,
                data=body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=shared.timeout),
            ) as response:
                parsed, files = await read_answer(response)
                result = InteractionResult(
                    response.status,
                    parsed,
                    files=files,
                    headers=dict(response.headers),
                    interaction=payload,
                    elapsed=time.perf_counter() - started,
                )
        except asyncio.TimeoutError:
            raise WaitTimeout(
                f"the bot did not answer {label} within {shared.timeout}s "
                f"(Discord gives up after 3s)"
            ) from None
        if shared.raise_for_status and not result.ok:
            text = json.dumps(parsed) if parsed is not None else "(no JSON body)"
            raise BadResponse(f"the bot answered {label} with HTTP {result.status}: {text[:500]}")
        return result

    def _remember(
        self, payload: dict[str, Any], result: InteractionResult, source: dict[str, Any] | None
    ) -> None:
        """Tell the fake Discord what this answer did, as Discord itself would record it."""
        from kagari.testing._fake_state import UploadedFile

        state = self.fake.state
        kind = result.type
        if kind == 9:
            modal = result.data
            self._shared.modals[str(modal.get("custom_id", ""))] = (modal, source)
        if kind is None or kind == 1 or result.via_rest:
            return  # nothing to record, or the fake saw the REST callback itself
        token = str(payload["token"])
        state.acknowledged[str(payload["id"])] = kind
        uploads = [
            UploadedFile(item.field, item.filename, item.content_type, item.data)
            for item in result.files
        ]
        if kind in (4, 5):
            state.originals[token] = state.callback_message(kind, result.data, uploads)
        elif kind == 7 and source is not None:
            state.apply_edit(source, result.data, uploads)


def _rest_for(original: RESTClient, fake: FakeDiscord) -> RESTClient:
    """A REST client like ``original`` that talks to ``fake`` with the fake's token.

    (The bot's own client keeps its real token private, and the fake only accepts its
    own; so the bot gets a twin for the test, and its own client back afterwards.)
    """
    return RESTClient(
        fake.token,
        "Bot",
        rest_url=fake.url,
        http_settings=original.http_settings,
        max_rate_limit=original.max_rate_limit,
        max_retries=original.max_retries,
        max_429_retries=original.max_429_retries,
        executor=original.executor,
        retry_backoff=original.retry_backoff,
        rate_limits=original.rate_limits,
        invalid_request_limit=original.invalid_requests.limit,
        invalid_request_window=original.invalid_requests.window,
    )


def _with_path(url: str, path: str) -> str:
    """``url`` with its path replaced by ``path`` (same scheme, host and port)."""
    if not path.startswith("/"):
        raise ValueError(f"path must start with '/', got {path!r}")
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _custom_ids(message: Mapping[str, Any] | None) -> list[str]:
    if message is None:
        return []
    return [
        str(component["custom_id"])
        for component in walk_components(message.get("components"))
        if isinstance(component.get("custom_id"), str)
    ]


def _error_hint(request: RecordedRequest) -> str:
    if request.ok or not isinstance(request.response, dict):
        return ""
    message = request.response.get("message")
    return f" ({message})" if message else ""
