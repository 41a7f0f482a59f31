"""Read a handler's signature once, at decoration time: parameters, hints, return type."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kagari.app.declare.naming import DeclarationError
from kagari.app.declare.returns import check_context_parameter, check_return_annotation
from kagari.builders.responses import Modal

__all__ = ["HandlerSignature", "describe", "may_return", "read_signature"]


def describe(func: Callable[..., Any]) -> str:
    """A readable name for ``func`` in error messages (``module.qualname``)."""
    module = getattr(func, "__module__", None)
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", repr(func))
    return f"{module}.{name}" if module and module != "__main__" else str(name)


@dataclass(frozen=True)
class HandlerSignature:
    """What kagari needs to know about a handler function.

    Attributes:
        func: The handler.
        owner: Its readable name, for error messages.
        params: Its parameters after the context parameter.
        hints: Evaluated annotations by parameter name (``Annotated`` kept), plus
            ``"return"`` when annotated.
        is_generator: Whether it is an ``async def`` with ``yield``.
    """

    func: Callable[..., Any]
    owner: str
    params: tuple[inspect.Parameter, ...]
    hints: dict[str, Any]
    is_generator: bool

    def annotation(self, parameter: inspect.Parameter) -> Any:
        """The evaluated annotation of ``parameter`` (``Parameter.empty`` if none)."""
        return self.hints.get(parameter.name, parameter.annotation)

    @property
    def may_return_modal(self) -> bool:
        """Whether the return annotation mentions :class:`kagari.Modal`."""
        return may_return(self.hints.get("return"), Modal)


def read_signature(
    func: Callable[..., Any], *, what: str, context: bool = True, answers: bool = True
) -> HandlerSignature:
    """Inspect ``func``, a handler about to be registered.

    Args:
        func: The handler.
        what: What it handles (``"command"``, ``"component route"``...), for messages.
        context: Whether its first parameter receives the :class:`~kagari.app.Context`.
        answers: Whether it answers the interaction (so its return annotation must be
            something the bot can send; autocomplete handlers return suggestions).

    Raises:
        DeclarationError: It is not an ``async def``, takes no context parameter (or
            its first parameter is annotated as something else), has ``*args``/
            ``**kwargs`` or positional-only parameters after it, or its return
            annotation is not an answer (see :mod:`kagari.app.declare.returns`).
    """
    owner = describe(func)
    if not callable(func):
        raise DeclarationError(f"a {what} handler must be a function, got {func!r}")
    is_generator = inspect.isasyncgenfunction(func)
    if not (is_generator or inspect.iscoroutinefunction(func)):
        raise DeclarationError(f"{owner}: a {what} handler must be defined with 'async def'")
    parameters = list(inspect.signature(func).parameters.values())
    if context:
        if not parameters or parameters[0].kind not in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            raise DeclarationError(
                f"{owner}: a {what} handler takes the context as its first parameter, "
                "e.g. 'async def handler(ctx: kagari.Context, ...)'"
            )
        first_parameter, parameters = parameters[0], parameters[1:]
    for parameter in parameters:
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            raise DeclarationError(
                f"{owner}: parameter {parameter.name!r} ({parameter}) is not supported; "
                "declare each value as a named parameter"
            )
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            raise DeclarationError(
                f"{owner}: parameter {parameter.name!r} is positional-only; kagari passes "
                "values by name, so drop the '/'"
            )
    hints = _hints(func, owner)
    if context:
        first = first_parameter
        check_context_parameter(
            first, hints.get(first.name, first.annotation), owner=owner, what=what
        )
    if answers:
        check_return_annotation(
            hints.get("return", inspect.Parameter.empty),
            is_generator=is_generator,
            owner=owner,
            what=what,
        )
    return HandlerSignature(func, owner, tuple(parameters), hints, is_generator)


def _hints(func: Callable[..., Any], owner: str) -> dict[str, Any]:
    try:
        return typing.get_type_hints(func, include_extras=True)
    except NameError as error:
        raise DeclarationError(
            f"{owner}: cannot evaluate its annotations ({error}); names used in annotations "
            "must be importable from the handler's module (not local to a function)"
        ) from None


def may_return(annotation: Any, target: type[Any]) -> bool:
    """Whether ``annotation`` mentions ``target`` anywhere (unions, generics, strings)."""
    if annotation is None:
        return False
    if isinstance(annotation, str):
        return target.__name__ in annotation
    if isinstance(annotation, type) and issubclass(annotation, target):
        return True
    return any(may_return(arg, target) for arg in typing.get_args(annotation))
