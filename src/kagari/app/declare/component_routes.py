"""Component routes: ``@bot.component("vote:{poll_id:int}:{choice}")`` handlers.

The handler takes the context, one parameter per placeholder (converted by the
placeholder's convertor or the parameter's annotation), and optionally the selection of
a select menu: ``values: list[str]``, values read by the convertor table such as
``modes: list[Mode]``, or resolved objects such as ``users: list[kagari.User]`` (see
:mod:`kagari.app.declare.selection`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from typing_extensions import ParamSpec

from kagari.app.declare.checks import CheckLike
from kagari.app.declare.custom_ids import RouteError, RoutePattern
from kagari.app.declare.handler import HandlerScope
from kagari.app.declare.naming import DeclarationError
from kagari.app.declare.options import split_annotation
from kagari.app.declare.scope import AutoDefer
from kagari.app.declare.selection import Selection, selection_for
from kagari.app.declare.signature import HandlerSignature, read_signature
from kagari.models import ComponentInteraction

__all__ = ["ComponentRoute", "compile_pattern"]

P = ParamSpec("P")
R = TypeVar("R")


def compile_pattern(pattern: str, signature: HandlerSignature, what: str) -> RoutePattern:
    """Compile ``pattern`` against the handler's annotations and check both agree.

    Raises:
        DeclarationError: The pattern is invalid, or names a placeholder the handler
            has no parameter for.
    """
    annotations = {
        parameter.name: split_annotation(signature.annotation(parameter))[0]
        for parameter in signature.params
        if signature.annotation(parameter) is not inspect.Parameter.empty
    }
    try:
        compiled = RoutePattern(pattern, annotations)
    except RouteError as error:
        raise DeclarationError(f"{signature.owner}: {error}") from None
    names = {parameter.name for parameter in signature.params}
    for placeholder in compiled.params:
        if placeholder not in names:
            raise DeclarationError(
                f"{signature.owner}: {what} {pattern!r} has a placeholder {{{placeholder}}} "
                f"but the handler has no parameter {placeholder!r}; add one"
            )
    return compiled


class ComponentRoute(HandlerScope[P, R]):
    """A component handler bound to a custom_id pattern.

    Call it like the function; build matching custom_ids with :meth:`custom_id`.

    Attributes:
        pattern: The compiled pattern.
        selections: Parameters filled from the selection, by name.
    """

    def __init__(
        self,
        pattern: str,
        callback: Callable[P, R],
        *,
        checks: Sequence[CheckLike] | None = None,
        auto_defer: AutoDefer | None = None,
    ) -> None:
        signature = read_signature(callback, what="component route")
        super().__init__(
            callback,
            signature,
            f"component route {pattern!r}",
            checks=checks,
            auto_defer=auto_defer,
        )
        self.pattern = compile_pattern(pattern, signature, "component route")
        self.selections: dict[str, Selection] = {}
        for parameter in signature.params:
            if parameter.name in self.pattern.params:
                continue
            annotation = signature.annotation(parameter)
            if annotation is inspect.Parameter.empty and parameter.name == "values":
                selection: Selection | None = Selection("values", True)
            else:
                try:
                    selection = selection_for(annotation, allow_str_single=True)
                except RouteError as error:
                    raise DeclarationError(
                        f"{signature.owner}: parameter {parameter.name!r}: {error}"
                    ) from None
            if selection is None:
                raise DeclarationError(
                    f"{signature.owner}: parameter {parameter.name!r} is not a placeholder "
                    f"of {pattern!r} and {annotation!r} is not something a select menu "
                    "gives; use a placeholder {" + parameter.name + "} or annotate it as "
                    "list[str], list[int], list[<enum>], list[kagari.User], "
                    "list[kagari.Role], list[<channel>] ..."
                )
            self.selections[parameter.name] = selection

    def __repr__(self) -> str:
        return f"ComponentRoute({self.pattern.pattern!r})"

    def custom_id(self, **values: Any) -> str:
        """Build the custom_id that routes to this handler with ``values``.

        Raises:
            RouteError: A value is missing or unfit, or the result is over 100
                characters.
        """
        return self.pattern.build(**values)

    def arguments(
        self, interaction: ComponentInteraction, params: dict[str, Any]
    ) -> dict[str, Any]:
        """The keyword arguments for the handler: route values plus selections.

        Raises:
            SelectionError: A selected value does not convert to its parameter's type.
        """
        kwargs = dict(params)
        for name, selection in self.selections.items():
            items = selection.read(interaction)
            if selection.many:
                kwargs[name] = items
            elif items:
                kwargs[name] = items[0]
            else:
                kwargs[name] = _default(self.signature, name)
        return kwargs


def _default(signature: HandlerSignature, name: str) -> Any:
    for parameter in signature.params:
        if parameter.name == name:
            return None if parameter.default is inspect.Parameter.empty else parameter.default
    return None
