"""The decorators ``Bot`` and ``Blueprint`` share, each backed by a plain ``add_*`` method.

Decorators only record: they build the command or route object (checking everything
Discord or kagari would reject), store it, and hand it back still callable.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, Literal, TypeVar, overload

from typing_extensions import ParamSpec, Unpack

from kagari.app.declare.checks import CheckLike
from kagari.app.declare.commands import AutocompleteHandler, CommandGroup, SlashCommand
from kagari.app.declare.component_routes import ComponentRoute
from kagari.app.declare.context_menus import AnyCommand, ContextMenuCommand, TopLevelCommand
from kagari.app.declare.custom_ids import RouteError, RouteMatch, RouteTable
from kagari.app.declare.entry_points import EntryPointCommand, EntryPointHandler
from kagari.app.declare.keywords import (
    CommandOptions,
    ContextMenuOptions,
    GroupOptions,
    HandlerOptions,
    check_keywords,
)
from kagari.app.declare.modal_routes import ModalRoute
from kagari.app.declare.naming import DeclarationError
from kagari.app.declare.options import DEFAULT_DESCRIPTION
from kagari.app.declare.scope import AutoDefer, CommandDefaults, Scope
from kagari.app.declare.signature import describe
from kagari.builders.responses import LaunchActivity
from kagari.models import CommandType

__all__ = ["Scaffold"]

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", bound=Callable[..., Awaitable[Any]])
_RouteT = TypeVar("_RouteT", ComponentRoute[Any, Any], ModalRoute[Any, Any])


class Scaffold(Scope):
    """Registries of commands and routes plus the decorators that fill them.

    Args:
        scope_name: The name used in messages.
        checks: Checks run before every handler registered here.
        auto_defer: Auto-defer setting for handlers registered here.
        defaults: Command settings inherited by commands registered here.
    """

    def __init__(
        self,
        scope_name: str,
        *,
        checks: Sequence[CheckLike] | None = None,
        auto_defer: AutoDefer | None = None,
        defaults: CommandDefaults | None = None,
    ) -> None:
        super().__init__(scope_name, checks=checks, auto_defer=auto_defer, defaults=defaults)
        self._commands: dict[tuple[int, str], TopLevelCommand] = {}
        self._component_routes: RouteTable[ComponentRoute[Any, Any]] = RouteTable("component")
        self._modal_routes: RouteTable[ModalRoute[Any, Any]] = RouteTable("modal")
        self._components: list[ComponentRoute[Any, Any]] = []
        self._modals: list[ModalRoute[Any, Any]] = []

    # -- reading ---------------------------------------------------------------------------

    @property
    def commands(self) -> list[TopLevelCommand]:
        """Every top-level command, in registration order."""
        return list(self._commands.values())

    @property
    def component_routes(self) -> list[ComponentRoute[Any, Any]]:
        """Every component route, in registration order."""
        return list(self._components)

    @property
    def modal_routes(self) -> list[ModalRoute[Any, Any]]:
        """Every modal route, in registration order."""
        return list(self._modals)

    def get_command(self, command_type: int, name: str) -> TopLevelCommand | None:
        """The top-level command of ``command_type`` called ``name``, if any."""
        return self._commands.get((int(command_type), name))

    def resolve_component(self, custom_id: str) -> RouteMatch[ComponentRoute[Any, Any]] | None:
        """The component route a component's ``custom_id`` reaches, with its values.

        Exact patterns are tried first, then the others in matching order (see
        :class:`~kagari.app.declare.custom_ids.RouteTable`).

        Returns:
            The route and its converted placeholder values, or ``None`` when no route
            matches.
        """
        return self._component_routes.resolve(custom_id)

    def resolve_modal(self, custom_id: str) -> RouteMatch[ModalRoute[Any, Any]] | None:
        """The modal route a submitted modal's ``custom_id`` reaches, with its values.

        Returns:
            The route and its converted placeholder values, or ``None`` when no route
            matches.
        """
        return self._modal_routes.resolve(custom_id)

    def find_command(self, name_path: str) -> AnyCommand | None:
        """The command, group or subcommand at ``name_path`` (e.g. ``"admin purge"``).

        Context-menu names (which may hold spaces) are matched whole first.
        """
        for kind in (CommandType.USER, CommandType.MESSAGE):
            found = self._commands.get((int(kind), name_path))
            if found is not None:
                return found
        first, *rest = name_path.split()
        top = self._commands.get((int(CommandType.CHAT_INPUT), first)) if first else None
        if top is None or not rest:
            return top
        if isinstance(top, CommandGroup):
            return top.find(rest)
        return None

    def walk_commands(self) -> Iterator[SlashCommand[Any, Any] | ContextMenuCommand[Any, Any]]:
        """Every runnable command (subcommands included)."""
        for command in self._commands.values():
            if isinstance(command, CommandGroup):
                yield from command.walk()
            else:
                yield command

    # -- adding ----------------------------------------------------------------------------

    def _claim_parent(self, scope: Scope) -> None:
        if scope.parent is None:
            scope.parent = self

    def check_command(self, command: TopLevelCommand) -> None:
        """Raise what :meth:`add_command` would raise for ``command``, adding nothing.

        Args:
            command: The command object to try.

        Raises:
            DeclarationError: A command of the same type already has the name, or the
                object is a subcommand or subgroup.
        """
        if isinstance(command, (SlashCommand, CommandGroup)) and isinstance(
            command.parent, CommandGroup
        ):
            raise DeclarationError(
                f"{command!r} belongs to a group; register the top-level group instead"
            )
        if command.command_type == CommandType.PRIMARY_ENTRY_POINT:
            self._check_one_entry_point(command)
        existing = self._commands.get((int(command.command_type), command.name))
        if existing is not None and existing is not command:
            kind = "slash command" if command.command_type == CommandType.CHAT_INPUT else "command"
            raise DeclarationError(
                f"{_owner(command)}: a {kind} named {command.name!r} is already registered "
                f"({_owner(existing)}, on {_home(existing, self)}); pick another name with "
                "name=..."
            )

    def _check_one_entry_point(self, command: TopLevelCommand) -> None:
        for (kind, _), existing in self._commands.items():
            if kind == CommandType.PRIMARY_ENTRY_POINT and existing is not command:
                raise DeclarationError(
                    f"{command!r}: {existing!r} is already declared ({_owner(existing)}, on "
                    f"{_home(existing, self)}); an app has one Entry Point command, so "
                    "declare only one"
                )

    def add_command(self, command: TopLevelCommand) -> None:
        """Register a command object (what the command decorators build).

        Args:
            command: The command, group or context-menu command.

        Raises:
            DeclarationError: As for :meth:`check_command`.
        """
        self.check_command(command)
        self._claim_parent(command)
        self._commands[(int(command.command_type), command.name)] = command

    def _where(self, method: str) -> str:
        return f"{type(self).__name__}.{method}()"

    @overload
    def command(self, func: Callable[P, R], /) -> SlashCommand[P, R]: ...

    @overload
    def command(
        self, func: None = None, /, **options: Unpack[CommandOptions]
    ) -> Callable[[Callable[P, R]], SlashCommand[P, R]]: ...

    def command(
        self, func: Callable[P, R] | None = None, /, **options: Unpack[CommandOptions]
    ) -> SlashCommand[P, R] | Callable[[Callable[P, R]], SlashCommand[P, R]]:
        """Decorator: register a slash command; bare (``@bot.command``) or with arguments.

        The function's name is the command's name, its docstring's first line the
        description, and each parameter after the context an option (see
        :class:`~kagari.app.Option`). The returned :class:`SlashCommand` is still
        callable like the function.

        Args:
            func: The handler, when used bare.
            **options: The keys of :class:`~kagari.app.declare.keywords.CommandOptions`,
                each documented there (a key left out is unset: ``None``).

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: Anything Discord would reject (names, lengths, option
                count or order, unsupported annotations) or a duplicate name.
        """
        check_keywords(options, CommandOptions, self._where("command"))

        def decorator(callback: Callable[P, R]) -> SlashCommand[P, R]:
            command = SlashCommand(callback, **options)
            self.add_command(command)
            return command

        return decorator if func is None else decorator(func)

    @overload
    def entry_point(self, func: Callable[P, R], /) -> EntryPointCommand[P, R]: ...

    @overload
    def entry_point(
        self,
        func: None = None,
        /,
        *,
        handler: Literal["app"] = "app",
        **options: Unpack[CommandOptions],
    ) -> Callable[[Callable[P, R]], EntryPointCommand[P, R]]: ...

    @overload
    def entry_point(
        self,
        func: None = None,
        /,
        *,
        handler: Literal["discord"],
        **options: Unpack[CommandOptions],
    ) -> EntryPointCommand[[Any], LaunchActivity]: ...

    def entry_point(
        self,
        func: Callable[P, R] | None = None,
        /,
        *,
        handler: EntryPointHandler = "app",
        **options: Unpack[CommandOptions],
    ) -> (
        EntryPointCommand[P, R]
        | Callable[[Callable[P, R]], EntryPointCommand[P, R]]
        | EntryPointCommand[[Any], LaunchActivity]
    ):
        """Declare the app's Entry Point command, which opens its Activity (type 4).

        With ``handler="app"`` (the default) it is a decorator, bare or with arguments:
        the bot answers the interaction, usually with :class:`~kagari.LaunchActivity`.
        With ``handler="discord"`` Discord launches the Activity itself, so there is no
        function: the call registers the command and returns it. Sync uploads it like
        any other command; an app has at most one.

        Args:
            func: The handler, when used bare.
            handler: ``"app"`` (``APP_HANDLER``: the bot answers) or ``"discord"``
                (``DISCORD_LAUNCH_ACTIVITY``: Discord launches the Activity).
            **options: The keys of :class:`~kagari.app.declare.keywords.CommandOptions`
                (``name`` defaults to the function's, or ``"launch"`` without one;
                capitals and spaces are allowed).

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: An Entry Point is already declared (here or on the bot),
                the handler takes options, or as for :meth:`command`.

        Example:
            ```python
            @bot.entry_point(name="Launch", description="Start the game")
            async def launch(ctx: kagari.Context) -> kagari.LaunchActivity:
                return kagari.LaunchActivity()
            ```
        """
        check_keywords(options, CommandOptions, self._where("entry_point"))
        if handler == "discord":
            if func is not None:
                raise DeclarationError(
                    f"{describe(func)}: handler='discord' takes no function (Discord "
                    "launches the Activity itself); call bot.entry_point(name=..., "
                    "handler='discord') without decorating anything"
                )
            created: EntryPointCommand[[Any], LaunchActivity] = EntryPointCommand(
                None, handler="discord", **options
            )
            self.add_command(created)
            return created

        def decorator(callback: Callable[P, R]) -> EntryPointCommand[P, R]:
            command = EntryPointCommand(callback, handler=handler, **options)
            self.add_command(command)
            return command

        return decorator if func is None else decorator(func)

    def group(
        self,
        name: str,
        description: str = DEFAULT_DESCRIPTION,
        **options: Unpack[GroupOptions],
    ) -> CommandGroup:
        """Register and return a slash command group (``/name subcommand``).

        Add subcommands with ``@group.command`` and one level of subgroups with
        ``group.group(...)``. Checks, error handlers and ``auto_defer`` set on the group
        apply to every subcommand.

        Args:
            name: The group's name (lowercase, 1-32 characters).
            description: Its description (1-100 characters).
            **options: The keys of :class:`~kagari.app.declare.keywords.GroupOptions`:
                those of :meth:`command` but ``name`` and ``description``.

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: A bad name or description, or the name is taken.
        """
        check_keywords(options, GroupOptions, self._where("group"))
        created = CommandGroup(name, description, **options)
        self.add_command(created)
        return created

    def _context_menu(
        self, kind: CommandType, name: str | None, options: ContextMenuOptions
    ) -> Callable[[Callable[P, R]], ContextMenuCommand[P, R]]:
        def decorator(callback: Callable[P, R]) -> ContextMenuCommand[P, R]:
            command = ContextMenuCommand(callback, kind, name, **options)
            self.add_command(command)
            return command

        return decorator

    def user_command(
        self, name: str | None = None, **options: Unpack[ContextMenuOptions]
    ) -> Callable[[Callable[P, R]], ContextMenuCommand[P, R]]:
        """Decorator: register a user context-menu command (right click a user > Apps).

        The handler takes the context and the target, annotated ``kagari.User`` (or
        ``kagari.Member`` for the guild member).

        Args:
            name: The name in the menu (spaces and capitals allowed; the function's name
                by default).
            **options: The keys of
                :class:`~kagari.app.declare.keywords.ContextMenuOptions`: those of
                :meth:`command` but ``description`` and its localizations.

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: As for :meth:`command`.
        """
        check_keywords(options, ContextMenuOptions, self._where("user_command"))
        return self._context_menu(CommandType.USER, name, options)

    def message_command(
        self, name: str | None = None, **options: Unpack[ContextMenuOptions]
    ) -> Callable[[Callable[P, R]], ContextMenuCommand[P, R]]:
        """Decorator: register a message context-menu command (right click a message).

        The handler takes the context and the message, annotated
        ``kagari.PartialMessage``.

        Args:
            name: As for :meth:`user_command`.
            **options: As for :meth:`user_command`.

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: As for :meth:`command`.
        """
        check_keywords(options, ContextMenuOptions, self._where("message_command"))
        return self._context_menu(CommandType.MESSAGE, name, options)

    # -- routes ----------------------------------------------------------------------------

    def add_component(
        self, pattern: str, callback: Callable[P, R], **options: Unpack[HandlerOptions]
    ) -> ComponentRoute[P, R]:
        """Route component interactions whose custom_id matches ``pattern`` to ``callback``.

        Args:
            pattern: The custom_id pattern (see :meth:`component`).
            callback: The handler.
            **options: ``checks`` and ``auto_defer``
                (:class:`~kagari.app.declare.keywords.HandlerOptions`).

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: A bad pattern, a placeholder without a parameter, a
                parameter nothing fills, or a pattern that shadows (or is shadowed by)
                another one.
        """
        check_keywords(options, HandlerOptions, self._where("add_component"))
        route = ComponentRoute(
            pattern, callback, checks=options.get("checks"), auto_defer=options.get("auto_defer")
        )
        self.add_component_route(route)
        return route

    def check_component_route(self, route: ComponentRoute[Any, Any]) -> None:
        """Raise what :meth:`add_component_route` would raise for ``route``, adding nothing.

        Args:
            route: The route to try.

        Raises:
            DeclarationError: Its pattern is taken, or it and a registered pattern shadow
                each other; the message names both.
        """
        _check_route(self._component_routes, self._components, route, self)

    def add_component_route(self, route: ComponentRoute[Any, Any]) -> None:
        """Register an already built :class:`ComponentRoute`.

        Args:
            route: The route.

        Raises:
            DeclarationError: As for :meth:`check_component_route`.
        """
        self.check_component_route(route)
        self._add_route(self._component_routes, self._components, route)

    def component(
        self, pattern: str, **options: Unpack[HandlerOptions]
    ) -> Callable[[Callable[P, R]], ComponentRoute[P, R]]:
        """Decorator: handle buttons and selects whose custom_id matches ``pattern``.

        ``pattern`` is literal text with placeholders, e.g.
        ``"vote:{poll_id:int}:{choice}"``; each placeholder is passed to the handler
        as the parameter of the same name. The returned route is callable like the
        function and builds custom_ids: ``vote.custom_id(poll_id=42, choice="yes")``.

        Args:
            pattern: The custom_id pattern.
            **options: ``checks`` and ``auto_defer``
                (:class:`~kagari.app.declare.keywords.HandlerOptions`).

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: As for :meth:`add_component`.
        """
        check_keywords(options, HandlerOptions, self._where("component"))

        def decorator(callback: Callable[P, R]) -> ComponentRoute[P, R]:
            return self.add_component(pattern, callback, **options)

        return decorator

    def add_modal(
        self, pattern: str, callback: Callable[P, R], **options: Unpack[HandlerOptions]
    ) -> ModalRoute[P, R]:
        """Route modal submissions whose custom_id matches ``pattern`` to ``callback``.

        Args:
            pattern: The custom_id pattern (see :meth:`modal`).
            callback: The handler.
            **options: ``checks`` and ``auto_defer``
                (:class:`~kagari.app.declare.keywords.HandlerOptions`).

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: As for :meth:`add_component`, or a parameter no modal
                field can fill.
        """
        check_keywords(options, HandlerOptions, self._where("add_modal"))
        route = ModalRoute(
            pattern, callback, checks=options.get("checks"), auto_defer=options.get("auto_defer")
        )
        self.add_modal_route(route)
        return route

    def check_modal_route(self, route: ModalRoute[Any, Any]) -> None:
        """Raise what :meth:`add_modal_route` would raise for ``route``, adding nothing.

        Args:
            route: The route to try.

        Raises:
            DeclarationError: As for :meth:`check_component_route`.
        """
        _check_route(self._modal_routes, self._modals, route, self)

    def add_modal_route(self, route: ModalRoute[Any, Any]) -> None:
        """Register an already built :class:`ModalRoute`.

        Args:
            route: The route.

        Raises:
            DeclarationError: As for :meth:`check_component_route`.
        """
        self.check_modal_route(route)
        self._add_route(self._modal_routes, self._modals, route)

    def _add_route(
        self, table: RouteTable[_RouteT], registered: list[_RouteT], route: _RouteT
    ) -> None:
        # One path for component and modal routes, after the check_* method passed (so
        # the matcher table takes the pattern), then the route joins this scope.
        table.add(route.pattern, route, describe(route.callback))
        self._claim_parent(route)
        registered.append(route)

    def modal(
        self, pattern: str, **options: Unpack[HandlerOptions]
    ) -> Callable[[Callable[P, R]], ModalRoute[P, R]]:
        """Decorator: handle modal submissions whose custom_id matches ``pattern``.

        Placeholders are passed as for :meth:`component`; every other parameter is
        the submitted field with that custom_id (text, selected values, uploaded
        attachments, checkbox state), see :mod:`kagari.app.declare.modal_routes`.

        Args:
            pattern: The custom_id pattern.
            **options: ``checks`` and ``auto_defer``
                (:class:`~kagari.app.declare.keywords.HandlerOptions`).

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: As for :meth:`add_modal`.
        """
        check_keywords(options, HandlerOptions, self._where("modal"))

        def decorator(callback: Callable[P, R]) -> ModalRoute[P, R]:
            return self.add_modal(pattern, callback, **options)

        return decorator

    # -- autocomplete ----------------------------------------------------------------------

    def add_autocomplete(
        self,
        command: str | SlashCommand[Any, Any],
        option: str,
        handler: AutocompleteHandler,
    ) -> None:
        """Answer autocomplete for ``option`` of ``command`` (an object or a name path).

        Raises:
            DeclarationError: The command is not registered here (declare it first),
                or see :meth:`SlashCommand.add_autocomplete`.
        """
        target: object = command
        if isinstance(command, str):
            target = self.find_command(command)
            if target is None:
                raise DeclarationError(
                    f"{describe(handler)}: no slash command {command!r} is registered on "
                    f"{self.scope_name}; declare the command before its autocomplete, or "
                    "use @command.autocomplete(option)"
                )
        if not isinstance(target, SlashCommand):
            raise DeclarationError(
                f"{describe(handler)}: {command!r} is not a slash command (groups and "
                "context-menu commands have no options to autocomplete)"
            )
        target.add_autocomplete(option, handler)

    def autocomplete(self, command: str | SlashCommand[Any, Any], option: str) -> Callable[[A], A]:
        """Decorator: answer autocomplete for ``option`` of ``command``.

        Same as ``@command.autocomplete(option)``; ``command`` may be a name path such
        as ``"search"`` or ``"admin find"``. The function is returned unchanged.
        """

        def decorator(handler: A) -> A:
            self.add_autocomplete(command, option, handler)
            return handler

        return decorator


def _owner(command: object) -> str:
    callback = getattr(command, "callback", None)
    return describe(callback) if callback is not None else repr(command)


def _home(item: Scope, registry: Scope) -> str:
    """Where ``item`` was declared: its blueprint, or the registry it sits in."""
    return (registry if item.parent is None else item.parent).scope_name


def _check_route(
    table: RouteTable[_RouteT], registered: Sequence[_RouteT], route: _RouteT, registry: Scope
) -> None:
    """Raise ``DeclarationError`` if ``table`` would refuse ``route``, naming the culprits."""
    owner = describe(route.callback)
    try:
        table.check(route.pattern, owner)
    except RouteError as error:
        # Clashes are between two patterns, so the culprits are the registered routes
        # that refuse ``route`` on their own (RouteTable's rule again, one at a time).
        culprits: list[str] = []
        for other in registered:
            pair: RouteTable[object] = RouteTable(table.kind)
            pair.add(other.pattern, other, describe(other.callback))
            try:
                pair.check(route.pattern, owner)
            except RouteError:
                culprits.append(
                    f"{other.pattern.pattern!r} of {describe(other.callback)}, on "
                    f"{_home(other, registry)}"
                )
        found = f" (clashes with {'; '.join(culprits)})" if culprits else ""
        raise DeclarationError(f"{error}{found}") from None
