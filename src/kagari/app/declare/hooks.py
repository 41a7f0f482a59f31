"""``before_invoke`` hooks: code that runs before every handler of a scope, once checks pass.

Like Flask's ``before_request``: ``@bot.before_invoke``, ``@blueprint.before_invoke``,
``@group.before_invoke`` and ``@command.before_invoke`` each register an
``async def hook(ctx) -> None``. When an interaction reaches a handler and all of its
checks pass, the hooks of the bot run first, then those of the blueprint, the group and
the command itself. A hook may raise :class:`~kagari.app.CheckFailure` (or anything
else) to stop the handler; the error goes to the error handlers like a check's.

They ride on the check machinery: :meth:`~kagari.app.declare.scope.Scope.effective_checks`
ends with one :class:`~kagari.app.Check` that runs them, so they need nothing of the
per-request runtime.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from kagari.app.declare.checks import Check
from kagari.app.declare.naming import DeclarationError
from kagari.app.declare.signature import describe

__all__ = ["BeforeHook", "check_hook", "hooks_check"]

BeforeHook = Callable[[Any], Awaitable[Any]]
"""``async def hook(ctx: kagari.Context) -> None`` (the context is typed ``Any`` here because
declarations sit below the runtime that defines it)."""


def check_hook(hook: Any, owner: str) -> None:
    """Refuse what cannot be a ``before_invoke`` hook.

    Raises:
        DeclarationError: It is not an ``async def`` taking exactly the context.
    """
    if not inspect.iscoroutinefunction(hook):
        raise DeclarationError(
            f"{owner}: before_invoke takes an 'async def hook(ctx: kagari.Context) -> None', "
            f"got {hook!r}"
        )
    required = [
        parameter
        for parameter in inspect.signature(hook).parameters.values()
        if parameter.default is inspect.Parameter.empty
        and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
    ]
    if len(required) != 1:
        raise DeclarationError(
            f"{describe(hook)}: a before_invoke hook takes only the context, "
            "'async def hook(ctx: kagari.Context) -> None'"
        )


def hooks_check(hooks: Sequence[BeforeHook]) -> Check:
    """One check that runs ``hooks`` in order and always passes (unless a hook raises)."""

    async def run_hooks(ctx: Any) -> bool:
        for hook in hooks:
            await hook(ctx)
        return True

    return Check(run_hooks, name="before_invoke")
