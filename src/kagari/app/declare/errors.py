"""Exceptions of the decorator layer and the per-scope error-handler registry."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from kagari.app.declare.naming import DeclarationError
from kagari.app.declare.signature import describe

__all__ = [
    "DeclarationError",
    "ErrorHandlerRegistry",
    "InteractionResponseError",
]

ErrorHandler = Callable[[Any, Any], Awaitable[Any]]
"""``async def handler(ctx, error) -> response or None``."""


class InteractionResponseError(RuntimeError):
    """A response cannot be sent in the interaction's current state.

    Examples: a modal after the interaction was already deferred, a second deferral,
    an edit or follow-up before anything was sent.
    """


class ErrorHandlerRegistry:
    """Error handlers of one scope (bot, blueprint, group, command or route), by type.

    Args:
        owner: The scope's name, for error messages.
    """

    __slots__ = ("_handlers", "owner")

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self._handlers: dict[type[BaseException], ErrorHandler] = {}

    def __len__(self) -> int:
        return len(self._handlers)

    def add(self, exception_type: type[BaseException], handler: ErrorHandler) -> None:
        """Handle ``exception_type`` (and its subclasses) with ``handler``.

        Raises:
            DeclarationError: ``exception_type`` is not an exception class, ``handler``
                is not an ``async def``, or the type already has a handler here.
        """
        if not (isinstance(exception_type, type) and issubclass(exception_type, BaseException)):
            raise DeclarationError(
                f"{describe(handler)}: error_handler() takes an exception class, "
                f"got {exception_type!r}"
            )
        if not inspect.iscoroutinefunction(handler):
            raise DeclarationError(
                f"{describe(handler)}: an error handler must be an 'async def handler(ctx, error)'"
            )
        if exception_type in self._handlers:
            raise DeclarationError(
                f"{describe(handler)}: {self.owner} already has an error handler for "
                f"{exception_type.__name__} ({describe(self._handlers[exception_type])})"
            )
        self._handlers[exception_type] = handler

    def find(self, error: BaseException) -> ErrorHandler | None:
        """The handler for the most specific class of ``error`` registered here."""
        if not self._handlers:
            return None
        for cls in type(error).__mro__:
            handler = self._handlers.get(cls)
            if handler is not None:
                return handler
        return None
