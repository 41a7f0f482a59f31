"""The levels settings, checks and error handlers hang on: bot > blueprint > group > handler.

Inner levels override outer ones (``auto_defer``, command defaults such as
``guild_ids``); checks add up from the outside in; errors travel from the inside out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any, Literal, TypeVar

from kagari.app.declare.checks import Check, CheckLike, as_check
from kagari.app.declare.errors import ErrorHandlerRegistry
from kagari.app.declare.hooks import BeforeHook, check_hook, hooks_check
from kagari.app.declare.naming import DeclarationError

__all__ = ["AutoDefer", "CommandDefaults", "Scope", "check_auto_defer"]

AutoDefer = bool | Literal["ephemeral"]
"""``True`` (defer publicly when late), ``"ephemeral"`` (defer ephemerally) or ``False``."""

H = TypeVar("H", bound=Callable[..., Awaitable[Any]])
BH = TypeVar("BH", bound=BeforeHook)


def check_auto_defer(value: object, owner: str) -> AutoDefer | None:
    """Return ``value`` if it is a valid ``auto_defer`` setting (or ``None``).

    Raises:
        DeclarationError: It is not ``True``, ``False``, ``"ephemeral"`` or ``None``.
    """
    if value is None or value is True or value is False or value == "ephemeral":
        return value
    raise DeclarationError(f"{owner}: auto_defer must be True, False or 'ephemeral', got {value!r}")


@dataclass
class CommandDefaults:
    """Command-level settings a blueprint, group or command may set (``None``: inherit).

    Attributes:
        guild_ids: Register in these guilds only (``None``: globally).
        default_member_permissions: Permission bits a member needs by default.
        nsfw: Age-restricted command.
        contexts: Where it can be used (guild, bot DM, private channels).
        integration_types: Which installs expose it (guild install, user install).
    """

    guild_ids: tuple[int, ...] | None = None
    default_member_permissions: int | None = None
    nsfw: bool | None = None
    contexts: tuple[int, ...] | None = None
    integration_types: tuple[int, ...] | None = None

    @classmethod
    def build(
        cls,
        owner: str,
        *,
        guild_ids: Sequence[int] | None = None,
        default_member_permissions: int | None = None,
        nsfw: bool | None = None,
        contexts: Sequence[int] | None = None,
        integration_types: Sequence[int] | None = None,
    ) -> CommandDefaults:
        """Validate and normalize the settings.

        Raises:
            DeclarationError: An empty or repeated list, or a negative permission value.
        """
        return cls(
            guild_ids=_ids(guild_ids, "guild_ids", owner),
            default_member_permissions=_permissions(default_member_permissions, owner),
            nsfw=None if nsfw is None else bool(nsfw),
            contexts=_ids(contexts, "contexts", owner),
            integration_types=_ids(integration_types, "integration_types", owner),
        )

    def is_empty(self) -> bool:
        """Whether nothing is set."""
        return all(getattr(self, item.name) is None for item in fields(self))


def _ids(values: Sequence[int] | None, what: str, owner: str) -> tuple[int, ...] | None:
    if values is None:
        return None
    if isinstance(values, (str, bytes, int)):
        raise DeclarationError(f"{owner}: {what} must be a list, got {values!r}")
    result = tuple(int(value) for value in values)
    if not result:
        raise DeclarationError(f"{owner}: {what} must not be empty (leave it out instead)")
    if len(set(result)) != len(result):
        raise DeclarationError(f"{owner}: {what} lists a value twice: {list(result)}")
    return result


def _permissions(value: int | None, owner: str) -> int | None:
    if value is None:
        return None
    number = int(value)
    if number < 0:
        raise DeclarationError(f"{owner}: default_member_permissions must not be negative")
    return number


class Scope:
    """One level of the hierarchy: its checks, error handlers and settings.

    Args:
        scope_name: Its name in messages and logs.
        checks: Checks that run before every handler in this scope.
        auto_defer: Auto-defer setting for handlers in this scope (``None``: inherit).
        defaults: Command settings inherited by commands in this scope.
    """

    def __init__(
        self,
        scope_name: str,
        *,
        checks: Sequence[CheckLike] | None = None,
        auto_defer: AutoDefer | None = None,
        defaults: CommandDefaults | None = None,
    ) -> None:
        self.scope_name = scope_name
        self.parent: Scope | None = None
        self.checks: list[Check] = [as_check(item) for item in checks or ()]
        self.errors = ErrorHandlerRegistry(scope_name)
        self.before_hooks: list[BeforeHook] = []
        """Hooks run before every handler here, once its checks pass (see :meth:`before_invoke`)."""
        self.auto_defer: AutoDefer | None = check_auto_defer(auto_defer, scope_name)
        self.defaults = defaults or CommandDefaults()

    def chain(self) -> Iterator[Scope]:
        """This scope, then each enclosing one, out to the bot."""
        scope: Scope | None = self
        while scope is not None:
            yield scope
            scope = scope.parent

    def effective_checks(self) -> list[Check]:
        """Every check that applies here, outermost first.

        When ``before_invoke`` hooks apply, the last one runs them (outermost first).
        """
        result: list[Check] = []
        hooks: list[BeforeHook] = []
        for scope in reversed(list(self.chain())):
            result.extend(scope.checks)
            hooks.extend(scope.before_hooks)
        if hooks:
            result.append(hooks_check(hooks))
        return result

    def add_before_invoke(self, hook: BeforeHook) -> None:
        """Run ``hook`` before every handler in this scope, once its checks pass.

        Raises:
            DeclarationError: ``hook`` is not an ``async def hook(ctx)``.
        """
        check_hook(hook, self.scope_name)
        self.before_hooks.append(hook)

    def before_invoke(self, hook: BH) -> BH:
        """Decorator: run ``hook`` before every handler in this scope (Flask's ``before_request``).

        The hook is ``async def hook(ctx: kagari.Context) -> None``. The hooks of the
        outer scopes run first (bot, blueprint, group, command), after every check
        passed; raising :class:`~kagari.app.CheckFailure` (or any error) stops the
        handler and goes to the error handlers. The function is returned unchanged.

        Raises:
            DeclarationError: ``hook`` is not an ``async def hook(ctx)``.
        """
        self.add_before_invoke(hook)
        return hook

    def effective_auto_defer(self) -> AutoDefer:
        """The innermost ``auto_defer`` setting (``True`` when none is set)."""
        for scope in self.chain():
            if scope.auto_defer is not None:
                return scope.auto_defer
        return True

    def inherited(self, name: str) -> Any:
        """The innermost non-``None`` command default called ``name``."""
        for scope in self.chain():
            value = getattr(scope.defaults, name)
            if value is not None:
                return value
        return None

    def add_check(self, item: CheckLike) -> None:
        """Run ``item`` before every handler in this scope."""
        self.checks.append(as_check(item))

    def add_error_handler(
        self, exception_type: type[BaseException], handler: Callable[..., Awaitable[Any]]
    ) -> None:
        """Handle ``exception_type`` raised by handlers in this scope with ``handler``."""
        self.errors.add(exception_type, handler)

    def error_handler(self, exception_type: type[BaseException]) -> Callable[[H], H]:
        """Decorator: handle ``exception_type`` raised by handlers in this scope.

        The handler is ``async def handler(ctx, error)`` and answers like any handler
        (return a str, a Message...). Re-raising ``error`` passes it to the next scope
        out. The function is returned unchanged.
        """

        def decorator(handler: H) -> H:
            self.add_error_handler(exception_type, handler)
            return handler

        return decorator
