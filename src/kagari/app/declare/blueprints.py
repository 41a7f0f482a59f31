"""``Blueprint``: commands, routes and handlers declared in one module, registered later.

A blueprint has the bot's decorators. Each command or route added to it is kept on the
blueprint and recorded as a :class:`DeferredRegistration`, which
``bot.register(blueprint)`` first checks against the bot (all of them, before touching
anything) and then replays through the bot's public ``add_*`` methods. After that,
anything added to the blueprint is checked against the bot and replayed at once.

Its checks, error handlers, ``auto_defer`` and command defaults stay on the blueprint:
they apply to everything declared on it, inside the bot's, because the blueprint sits
between its commands and routes and the bot in the scope chain. Autocomplete handlers
live on the slash command they complete, so they need no replaying either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from typing_extensions import Unpack

from kagari.app.declare.component_routes import ComponentRoute
from kagari.app.declare.context_menus import TopLevelCommand
from kagari.app.declare.keywords import BlueprintOptions, check_keywords, command_defaults
from kagari.app.declare.modal_routes import ModalRoute
from kagari.app.declare.scaffold import Scaffold

__all__ = ["Blueprint", "DeferredRegistration"]


@dataclass(frozen=True)
class DeferredRegistration:
    """One registration a blueprint recorded, to replay on the bot that registers it.

    Like Flask's deferred blueprint functions, with a separate check so that
    ``bot.register`` can refuse a whole blueprint before changing anything.

    Attributes:
        item: What gets registered (a command or a route), for messages.
        check: Raises :class:`~kagari.app.DeclarationError` if the target would refuse
            the registration; changes nothing.
        apply: Performs the registration on the target, through its public
            ``add_*`` methods.
    """

    item: object
    check: Callable[[Scaffold], None]
    apply: Callable[[Scaffold], None]

    @classmethod
    def for_command(cls, command: TopLevelCommand) -> DeferredRegistration:
        """The registration of a top-level command, group or context-menu command."""
        return cls(
            command,
            lambda bot: bot.check_command(command),
            lambda bot: bot.add_command(command),
        )

    @classmethod
    def for_component_route(cls, route: ComponentRoute[Any, Any]) -> DeferredRegistration:
        """The registration of a component route."""
        return cls(
            route,
            lambda bot: bot.check_component_route(route),
            lambda bot: bot.add_component_route(route),
        )

    @classmethod
    def for_modal_route(cls, route: ModalRoute[Any, Any]) -> DeferredRegistration:
        """The registration of a modal route."""
        return cls(
            route,
            lambda bot: bot.check_modal_route(route),
            lambda bot: bot.add_modal_route(route),
        )


class Blueprint(Scaffold):
    """A group of commands and routes to register on a bot later.

    Args:
        name: The blueprint's name (for messages and logs).
        **options: The keys of :class:`~kagari.app.declare.keywords.BlueprintOptions`:
            checks and ``auto_defer`` for each of its handlers, and the command
            settings its commands inherit unless they set their own.

    Raises:
        TypeError: An unknown keyword.
        DeclarationError: A setting Discord would refuse.

    Example:
        ```python
        # admin.py
        admin_tools = kagari.Blueprint("admin", default_member_permissions=0)

        @admin_tools.command
        async def purge(ctx: kagari.Context, count: int) -> str: ...

        # bot.py
        bot.register(admin_tools)
        ```
    """

    def __init__(self, name: str, **options: Unpack[BlueprintOptions]) -> None:
        check_keywords(options, BlueprintOptions, "Blueprint()")
        owner = f"blueprint {name!r}"
        super().__init__(
            owner,
            checks=options.get("checks"),
            auto_defer=options.get("auto_defer"),
            defaults=command_defaults(owner, options),
        )
        self.name = name
        # Typed as the Scaffold it is used as, so declarations never import the Bot.
        self.bot: Scaffold | None = None
        """The :class:`~kagari.app.Bot` this blueprint is registered on, once it is."""
        self._deferred: list[DeferredRegistration] = []

    def __repr__(self) -> str:
        return f"Blueprint({self.name!r})"

    # -- recording -------------------------------------------------------------------------

    @property
    def deferred(self) -> tuple[DeferredRegistration, ...]:
        """Every registration recorded for the bot, in the order it was made."""
        return tuple(self._deferred)

    def record(self, registration: DeferredRegistration) -> None:
        """Record ``registration`` for the bot that registers this blueprint.

        Once the blueprint is registered, the registration is checked against its bot
        and applied at once (and still recorded).

        Args:
            registration: What to replay.

        Raises:
            DeclarationError: The blueprint is registered and its bot refuses the
                registration; then nothing is recorded or applied.
        """
        if self.bot is not None:
            registration.check(self.bot)
        self._deferred.append(registration)
        if self.bot is not None:
            registration.apply(self.bot)

    # A blueprint on a bot can only take what the bot would take too, so each check
    # asks both; add_* runs the check before it stores anything.

    def check_command(self, command: TopLevelCommand) -> None:
        """Raise what :meth:`add_command` would raise, here and on the bot (if any).

        Args:
            command: The command object to try.

        Raises:
            DeclarationError: The blueprint or its bot would refuse the command.
        """
        super().check_command(command)
        if self.bot is not None:
            self.bot.check_command(command)

    def add_command(self, command: TopLevelCommand) -> None:
        """Register a command on the blueprint and record it for the bot.

        Args:
            command: The command, group or context-menu command.

        Raises:
            DeclarationError: As for :meth:`check_command`; then neither the blueprint
                nor its bot changes.
        """
        if self.get_command(command.command_type, command.name) is command:
            return
        super().add_command(command)
        self.record(DeferredRegistration.for_command(command))

    def check_component_route(self, route: ComponentRoute[Any, Any]) -> None:
        """Raise what :meth:`add_component_route` would raise, here and on the bot (if any).

        Args:
            route: The route to try.

        Raises:
            DeclarationError: The blueprint or its bot would refuse the route.
        """
        super().check_component_route(route)
        if self.bot is not None:
            self.bot.check_component_route(route)

    def add_component_route(self, route: ComponentRoute[Any, Any]) -> None:
        """Register a component route on the blueprint and record it for the bot.

        Args:
            route: The route.

        Raises:
            DeclarationError: As for :meth:`check_component_route`; then neither the
                blueprint nor its bot changes.
        """
        super().add_component_route(route)
        self.record(DeferredRegistration.for_component_route(route))

    def check_modal_route(self, route: ModalRoute[Any, Any]) -> None:
        """Raise what :meth:`add_modal_route` would raise, here and on the bot (if any).

        Args:
            route: The route to try.

        Raises:
            DeclarationError: The blueprint or its bot would refuse the route.
        """
        super().check_modal_route(route)
        if self.bot is not None:
            self.bot.check_modal_route(route)

    def add_modal_route(self, route: ModalRoute[Any, Any]) -> None:
        """Register a modal route on the blueprint and record it for the bot.

        Args:
            route: The route.

        Raises:
            DeclarationError: As for :meth:`check_modal_route`; then neither the
                blueprint nor its bot changes.
        """
        super().add_modal_route(route)
        self.record(DeferredRegistration.for_modal_route(route))

    def _attach(self, bot: Scaffold) -> None:
        # Called by Bot.register once every recorded registration passed its check.
        self.bot = bot
        self.parent = bot
