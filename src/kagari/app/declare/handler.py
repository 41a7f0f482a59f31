"""The base of every registered handler: a scope that stays callable like the function."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from typing_extensions import ParamSpec

from kagari.app.declare.checks import CheckLike, collect_checks
from kagari.app.declare.scope import AutoDefer, CommandDefaults, Scope
from kagari.app.declare.signature import HandlerSignature

__all__ = ["HandlerScope"]

P = ParamSpec("P")
R = TypeVar("R")


class HandlerScope(Scope, Generic[P, R]):
    """A scope wrapping a user function that stays callable with its own signature."""

    callback: Callable[P, R]
    signature: HandlerSignature

    def __init__(
        self,
        callback: Callable[P, R],
        signature: HandlerSignature,
        scope_name: str,
        *,
        checks: Sequence[CheckLike] | None,
        auto_defer: AutoDefer | None,
        defaults: CommandDefaults | None = None,
    ) -> None:
        super().__init__(
            scope_name,
            checks=collect_checks(callback, checks),
            auto_defer=auto_defer,
            defaults=defaults,
        )
        self.callback = callback
        self.signature = signature
        functools.update_wrapper(self, callback)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Call the user's function directly (no checks, no conversion)."""
        return self.callback(*args, **kwargs)

    @property
    def may_return_modal(self) -> bool:
        """Whether the handler's return annotation allows a modal (never auto-deferred)."""
        return self.signature.may_return_modal
