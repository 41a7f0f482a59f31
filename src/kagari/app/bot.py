"""``Bot``: a ``RESTBot`` with Flask-style decorators compiled into its four listeners."""

from __future__ import annotations

import logging
import os
import types
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from typing_extensions import Unpack

from kagari.app.declare.blueprints import Blueprint
from kagari.app.declare.checks import CheckLike
from kagari.app.declare.commands import combined_length
from kagari.app.declare.extensions import load_extension
from kagari.app.declare.keywords import check_keywords
from kagari.app.declare.naming import DeclarationError
from kagari.app.declare.scaffold import Scaffold
from kagari.app.declare.scope import AutoDefer
from kagari.app.runtime.deadline import DEFAULT_DEADLINE
from kagari.app.runtime.dispatch import Dispatcher
from kagari.builders import limits
from kagari.models import (
    AutocompleteInteraction,
    CommandInteraction,
    CommandType,
    ComponentInteraction,
    ModalInteraction,
)
from kagari.rest import TokenStrategy
from kagari.restbot import RESTBot, RESTBotOptions

if TYPE_CHECKING:
    from kagari.sync import SyncPlan

__all__ = ["Bot", "SyncMode"]

_LOGGER = logging.getLogger("kagari.app")

SyncMode = Literal["never", "on-start", "dry-run"]
"""When a bot syncs its commands by itself: never (the default; use ``kagari sync``),
on start (logs the plan, then writes), or a dry run on start (logs the plan only)."""

_LIMITS = {
    int(CommandType.CHAT_INPUT): ("slash", limits.MAX_SLASH_COMMANDS),
    int(CommandType.USER): ("user", limits.MAX_USER_COMMANDS),
    int(CommandType.MESSAGE): ("message", limits.MAX_MESSAGE_COMMANDS),
}


class Bot(Scaffold, RESTBot):
    """A Discord HTTP-interactions bot declared with decorators.

    ``@bot.command``, ``bot.group``, ``@bot.user_command``, ``@bot.message_command``,
    ``bot.entry_point``, ``@bot.component``, ``@bot.modal``, ``@bot.autocomplete``,
    ``@bot.error_handler`` and ``@bot.before_invoke`` record handlers (and
    :meth:`load_extension` adds blueprints by module path); the bot answers through
    four listeners registered with :meth:`~kagari.RESTBot.set_listener` (replaceable
    like any other).

    Args:
        token: The bot token; ``DISCORD_TOKEN`` from the environment when omitted.
        public_key: The application's public key; ``DISCORD_PUBLIC_KEY`` from the
            environment when omitted.
        token_type: ``"Bot"`` by default for a string token.
        auto_defer: ``True`` (defer late handlers publicly), ``"ephemeral"`` or
            ``False``; groups, blueprints and commands may override it.
        deadline: Seconds after arrival by which a late handler is deferred (Discord
            drops interactions not answered within 3 seconds).
        checks: Checks run before every handler.
        sync: ``"never"`` (default: sync with ``kagari sync`` or :meth:`sync_commands`),
            ``"on-start"`` (sync before serving and log the plan) or ``"dry-run"`` (log
            the plan at start without writing). Needs a token.
        sync_guild_ids: With ``sync``, limit syncing to these guilds (global commands
            are still synced).
        **options: The keyword-only options of :class:`~kagari.RESTBot` (logging, the
            REST client, the HTTP endpoint), passed on unchanged: the keys of
            :class:`~kagari.restbot.RESTBotOptions`, each documented there with its
            default.

    Raises:
        TypeError: An unknown keyword.
        ValueError: ``deadline`` is not between 0 and 3 seconds, ``sync`` is unknown or
            has no token to work with, or a RESTBot argument is invalid.
    """

    def __init__(
        self,
        token: str | TokenStrategy | None = None,
        *,
        public_key: str | bytes | None = None,
        token_type: str | None = None,
        auto_defer: AutoDefer = True,
        deadline: float = DEFAULT_DEADLINE,
        checks: Sequence[CheckLike] | None = None,
        sync: SyncMode = "never",
        sync_guild_ids: Iterable[int | str] | None = None,
        **options: Unpack[RESTBotOptions],
    ) -> None:
        check_keywords(options, RESTBotOptions, "Bot()")
        if token is None:
            token = os.environ.get("DISCORD_TOKEN") or None
        if public_key is None:
            public_key = os.environ.get("DISCORD_PUBLIC_KEY") or None
        if token_type is None and isinstance(token, str):
            token_type = "Bot"
        if not 0 < deadline < 3:
            raise ValueError(
                f"deadline must be between 0 and 3 seconds (Discord's limit), got {deadline}"
            )
        if sync not in ("never", "on-start", "dry-run"):
            raise ValueError(f"sync must be 'never', 'on-start' or 'dry-run', not {sync!r}")
        if sync != "never" and token is None:
            raise ValueError(
                f"sync={sync!r} needs a bot token (DISCORD_TOKEN) to reach Discord's API"
            )
        RESTBot.__init__(self, token, token_type, public_key, **options)
        Scaffold.__init__(self, "bot", checks=checks, auto_defer=auto_defer)
        self.deadline = deadline
        """Seconds after arrival by which a late handler is deferred."""
        self.dispatcher = Dispatcher(self)
        """Routes interactions to the registered handlers."""
        self.blueprints: dict[str, Blueprint] = {}
        """Registered blueprints by name."""
        self.extensions: dict[str, types.ModuleType] = {}
        """Loaded extensions (:meth:`load_extension`) by name."""
        self.sync_mode: SyncMode = sync
        """When the bot syncs its commands by itself."""
        self._sync_guild_ids = None if sync_guild_ids is None else list(sync_guild_ids)
        if sync != "never":
            self.add_startup_callback(self._sync_on_start)
        # The dispatcher yields pre-built answers (any ResponseBuilder), wider than the
        # per-type unions RESTBot's overloads spell out for hand-written listeners.
        listeners: dict[type[Any], Any] = {
            CommandInteraction: self.dispatcher.on_command,
            ComponentInteraction: self.dispatcher.on_component,
            AutocompleteInteraction: self.dispatcher.on_autocomplete,
            ModalInteraction: self.dispatcher.on_modal,
        }
        for interaction_type, listener in listeners.items():
            self.set_listener(interaction_type, listener)

    async def sync_commands(
        self,
        *,
        guild_ids: Iterable[int | str] | None = None,
        dry_run: bool = False,
        include_global: bool | None = None,
    ) -> SyncPlan:
        """Bring Discord's commands in line with this bot's, writing only what differs.

        Fetches the commands of every scope (global, and each guild the bot's commands
        name or ``guild_ids`` adds), compares them with :meth:`command_payloads` after
        normalising Discord's defaults, and sends one bulk overwrite per scope that
        differs. Running it twice in a row writes nothing the second time.

        Args:
            guild_ids: Sync these guilds (and only these, with the global scope unless
                ``include_global=False``).
            dry_run: Plan without writing.
            include_global: Whether to sync global commands; by default yes, unless
                only guilds were asked for.

        Returns:
            The plan: what was (or, in a dry run, would be) created, updated and deleted
            per scope; ``str(plan)`` reads like a diff.

        Raises:
            kagari.sync.CommandSyncError: Discord refused a scope; the message names the
                command and field.
        """
        from kagari.sync import sync_commands

        return await sync_commands(
            self, guild_ids=guild_ids, dry_run=dry_run, include_global=include_global
        )

    async def _sync_on_start(self, _: RESTBot) -> None:
        dry_run = self.sync_mode == "dry-run"
        plan = await self.sync_commands(
            guild_ids=self._sync_guild_ids,
            dry_run=dry_run,
            include_global=True if self._sync_guild_ids is not None else None,
        )
        _LOGGER.info("command sync%s:\n%s", " (dry run)" if dry_run else "", plan)

    def __repr__(self) -> str:
        return (
            f"Bot(commands={len(self._commands)}, components={len(self._components)}, "
            f"modals={len(self._modals)})"
        )

    # -- blueprints --------------------------------------------------------------------

    def register(self, blueprint: Blueprint) -> None:
        """Add everything ``blueprint`` declared (and will declare) to this bot.

        All or nothing: every registration the blueprint recorded is checked against
        the bot first, and only when none clashes are they applied (through
        :meth:`add_command`, :meth:`add_component_route` and :meth:`add_modal_route`).
        Whatever is added to the blueprint later is checked and added the same way.

        Args:
            blueprint: The blueprint.

        Raises:
            DeclarationError: It is already registered, another blueprint has its name,
                or its commands or routes clash with the bot's (the message lists every
                clash); the bot and the blueprint are then left as they were.
        """
        if not isinstance(blueprint, Blueprint):
            raise DeclarationError(f"register() takes a kagari.Blueprint, got {blueprint!r}")
        if blueprint.bot is not None:
            where = "this bot" if blueprint.bot is self else "another bot"
            raise DeclarationError(
                f"{blueprint!r} is already registered on {where}; a blueprint can be "
                "registered once"
            )
        if blueprint.name in self.blueprints:
            raise DeclarationError(f"a blueprint named {blueprint.name!r} is already registered")
        clashes: list[str] = []
        for registration in blueprint.deferred:
            try:
                registration.check(self)
            except DeclarationError as error:
                clashes.append(str(error))
        if clashes:
            raise DeclarationError(
                f"{blueprint!r} clashes with what is registered on the bot, so none of it "
                "was registered:\n" + "\n".join(f"- {clash}" for clash in clashes)
            )
        # The blueprint's own registry already refused clashes among its items, and a
        # clash is between two items, so once each passed against the bot alone all of
        # them apply.
        blueprint._attach(self)
        self.blueprints[blueprint.name] = blueprint
        for registration in blueprint.deferred:
            registration.apply(self)

    def load_extension(self, name: str, *, package: str | None = None) -> Blueprint | None:
        """Import a module by its path and add its blueprint (or run its ``setup``).

        The module defines ``setup(bot)`` (a plain ``def``: it may register several
        blueprints or anything else), or a ``blueprint`` to register;
        ``"module:attribute"`` registers that blueprint instead.

        Args:
            name: The module's import path, such as ``"mybot.moderation"``, optionally
                with ``":attribute"``; a relative path (``".moderation"``) needs
                ``package``.
            package: The package a relative path starts from.

        Returns:
            The registered blueprint, or ``None`` when ``setup(bot)`` ran.

        Raises:
            kagari.app.declare.extensions.ExtensionError: The module is not found or
                fails to import, is already loaded, or has nothing to add.
            DeclarationError: Its blueprint clashes with the bot.

        Example:
            ```python
            bot.load_extension("mybot.moderation")   # its `blueprint`
            bot.load_extension("mybot.games:arcade")  # the blueprint `arcade`
            ```
        """
        return load_extension(self, name, package=package)

    # -- what gets synced --------------------------------------------------------------

    def command_payloads(self) -> dict[int | None, list[dict[str, Any]]]:
        """The commands to create, per scope, as Discord's "create command" JSON.

        Returns:
            ``{None: [global commands...], guild_id: [guild commands...]}``; the
            global scope is always present (possibly empty).

        Raises:
            DeclarationError: A group without subcommands, or more commands in one
                scope than Discord allows (100 slash, 15 user, 15 message).
        """
        scopes: dict[int | None, list[dict[str, Any]]] = {None: []}
        for command in self._commands.values():
            payload = command.to_payload()
            size = combined_length(payload)
            if size > limits.COMMAND_COMBINED_MAX:
                raise DeclarationError(
                    f"command {command.name!r}: its names, descriptions and choices add up to "
                    f"{size} characters; Discord allows at most "
                    f"{limits.COMMAND_COMBINED_MAX} per command"
                )
            guild_ids = command.inherited("guild_ids")
            for scope in guild_ids if guild_ids is not None else (None,):
                scopes.setdefault(scope, []).append(payload)
        for scope, payloads in scopes.items():
            for kind, (label, limit) in _LIMITS.items():
                count = sum(1 for payload in payloads if payload.get("type", 1) == kind)
                if count > limit:
                    where = "globally" if scope is None else f"in guild {scope}"
                    raise DeclarationError(
                        f"{count} {label} commands are registered {where}; Discord allows "
                        f"at most {limit}"
                    )
        return scopes
