"""What a handler's first parameter and return annotation may be, checked at decoration.

The first parameter receives the :class:`~kagari.app.Context`: annotated with it (or a
subclass), or left unannotated. A handler answers with what the dispatcher can send: a
``str``, an :class:`~kagari.Embed`, a response builder (``Message``, ``Update``, ``Modal``,
``Defer``, ``LaunchActivity``...) or ``None``, returned, or yielded by an ``async def``
annotated ``AsyncIterator[...]``. Anything else would only fail at the first request.
"""

from __future__ import annotations

import collections.abc
import inspect
import types
import typing
from typing import Any, Literal, TypeVar, Union

from kagari.app.declare.naming import DeclarationError
from kagari.builders.embeds import Embed
from kagari.builders.responses import ResponseBuilder

__all__ = ["ANSWERS", "check_context_parameter", "check_return_annotation"]

ANSWERS = (
    "str, kagari.Embed, kagari.Message, kagari.Update, kagari.Modal, kagari.Defer, "
    "kagari.LaunchActivity or None (after ctx.respond), or, from an 'async def' that "
    "yields, AsyncIterator[...] of those"
)
"""What a handler may answer with, for messages."""

_CONTEXT_MODULE = "kagari.app.runtime.context"
_ITERATORS = (
    collections.abc.AsyncIterator,
    collections.abc.AsyncIterable,
    collections.abc.AsyncGenerator,
)
_ANYTHING: tuple[Any, ...] = (Any, object, typing.NoReturn, getattr(typing, "Never", None))


def _is_context(annotation: Any) -> bool:
    # The runtime layer sits above this one, so the class is recognised by its home.
    origin = typing.get_origin(annotation) or annotation
    mro = getattr(origin, "__mro__", ())
    return any(cls.__name__ == "Context" and cls.__module__ == _CONTEXT_MODULE for cls in mro)


def _shown(annotation: Any) -> str:
    if isinstance(annotation, type):
        return annotation.__name__
    return repr(annotation).replace("typing.", "")


def check_context_parameter(
    parameter: inspect.Parameter, annotation: Any, *, owner: str, what: str
) -> None:
    """Refuse a first parameter annotated as something other than the context.

    ``async def echo(text: str)`` would otherwise register ``/echo`` with no option and
    pass the context as ``text``.

    Args:
        parameter: The handler's first parameter.
        annotation: Its evaluated annotation (``Parameter.empty`` if none).
        owner: The handler's name, for the message.
        what: What it handles, for the message.

    Raises:
        DeclarationError: The annotation is not the context, ``Any`` or ``object``.
    """
    if annotation is inspect.Parameter.empty or annotation in _ANYTHING:
        return
    if isinstance(annotation, TypeVar) or _is_context(annotation):
        return
    function = owner.rsplit(".", 1)[-1]
    raise DeclarationError(
        f"{owner}: the first parameter of a {what} handler receives the context, but "
        f"{parameter.name!r} is annotated {_shown(annotation)}; add the context first: "
        f"'async def {function}(ctx: kagari.Context, {parameter.name}: "
        f"{_shown(annotation)}, ...)'"
    )


def _bad_answers(annotation: Any) -> list[Any]:
    """The parts of ``annotation`` a handler cannot answer with (empty: all fine)."""
    if annotation is None or annotation is type(None) or annotation in _ANYTHING:
        return []
    if isinstance(annotation, (str, TypeVar)):
        return []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _bad_answers(typing.get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [bad for arg in typing.get_args(annotation) for bad in _bad_answers(arg)]
    if origin is Literal:
        return [value for value in typing.get_args(annotation) if not isinstance(value, str)]
    if isinstance(annotation, type) and issubclass(annotation, (str, Embed, ResponseBuilder)):
        return []
    return [annotation]


def _iterated(annotation: Any) -> tuple[bool, Any]:
    """Whether ``annotation`` is an async iterator type, and what it yields."""
    origin = typing.get_origin(annotation) or annotation
    if isinstance(origin, type) and origin in _ITERATORS:
        args = typing.get_args(annotation)
        return True, args[0] if args else Any
    return False, None


def check_return_annotation(annotation: Any, *, is_generator: bool, owner: str, what: str) -> None:
    """Refuse a return annotation the handler could not answer with.

    Args:
        annotation: The evaluated return annotation (``Parameter.empty`` if none).
        is_generator: Whether the handler is an ``async def`` that yields.
        owner: The handler's name, for the message.
        what: What it handles, for the message.

    Raises:
        DeclarationError: The annotation, or what it yields, includes a type that is
            not an answer, or it does not match whether the handler yields.
    """
    if annotation is inspect.Parameter.empty or annotation in _ANYTHING:
        return
    iterator, yielded = _iterated(annotation)
    if is_generator and not iterator:
        raise DeclarationError(
            f"{owner}: the {what} handler yields, so it returns an async iterator, not "
            f"{_shown(annotation)}; annotate it '-> AsyncIterator[{_shown(annotation)}]' "
            "(from collections.abc)"
        )
    if iterator and not is_generator:
        raise DeclarationError(
            f"{owner}: the {what} handler is annotated {_shown(annotation)} but never "
            "yields; yield its answers, or return one answer and annotate that"
        )
    bad = _bad_answers(yielded if iterator else annotation)
    if bad:
        verb = "yield" if iterator else "answer with"
        names = ", ".join(_shown(item) for item in bad)
        raise DeclarationError(
            f"{owner}: a {what} handler cannot {verb} {names} (its return annotation is "
            f"{_shown(annotation)}); it can answer with {ANSWERS}"
        )
