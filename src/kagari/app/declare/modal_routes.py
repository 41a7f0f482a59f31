"""Modal routes: ``@bot.modal("feedback:{topic}")`` handlers with fields bound by custom_id.

Each handler parameter that is not a placeholder is a field of the submitted modal,
found by its custom_id (the parameter's name, or ``Annotated[..., Option(name="...")]``):

========================================  ==============================================
annotation                                receives
========================================  ==============================================
``str``                                   the text (text input) or the picked value
                                          (radio group)
``int``, ``float``, an enum, a type       the text (or the picked value), read by the
given to ``register_convertor()``         convertor table
``bool``                                  whether the checkbox is checked
``list[str]``                             the selected values (selects, checkbox group)
``list[int]``, ``list[<enum>]``, ...      the selected values, each converted
``list[kagari.User]``, ``Role``, ...      the resolved users/roles/channels/attachments
``kagari.User``, ``kagari.Attachment``..  the first of them
========================================  ==============================================

A field that is missing, or an empty optional text input, gives the parameter its
default (a parameter with a default or ``X | None`` is optional).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from typing_extensions import ParamSpec

from kagari.app.declare.checks import CheckLike
from kagari.app.declare.component_routes import compile_pattern
from kagari.app.declare.convertors import (
    Convertor,
    RouteError,
    convertor_for_annotation,
    describe_value,
)
from kagari.app.declare.handler import HandlerScope
from kagari.app.declare.naming import DeclarationError
from kagari.app.declare.options import Option, split_annotation
from kagari.app.declare.scope import AutoDefer
from kagari.app.declare.selection import Selection, SelectionError, selection_for
from kagari.app.declare.signature import read_signature
from kagari.models import ModalField, ModalInteraction

__all__ = ["FieldBinding", "ModalBindingError", "ModalRoute"]

P = ParamSpec("P")
R = TypeVar("R")


class ModalBindingError(ValueError):
    """A submitted modal lacks a required field, or a field's text has the wrong type."""


@dataclass(frozen=True)
class FieldBinding:
    """How one handler parameter is filled from a modal field.

    Attributes:
        param: The parameter's name.
        custom_id: The field's custom_id.
        kind: ``"text"``, ``"checked"``, ``"selection"``, or the name of the
            convertor that reads the text (``"int"``, ``"float"``, ``"enum"``...;
            ``"converted"`` for an unnamed registered one).
        selection: For ``"selection"``, what to read.
        required: Whether a missing field is an error.
        default: The value when the field is missing (or an empty optional text).
        convertor: For a converted text, the convertor that reads it.
    """

    param: str
    custom_id: str
    kind: str
    selection: Selection | None
    required: bool
    default: Any
    convertor: Convertor[Any] | None = None

    def read(self, fields: dict[str, ModalField]) -> Any:
        """The parameter's value from the submitted ``fields``.

        Raises:
            ModalBindingError: A required field is missing or its text does not convert.
        """
        found = fields.get(self.custom_id)
        if found is None:
            if self.required:
                names = ", ".join(repr(name) for name in fields) or "none"
                raise ModalBindingError(
                    f"the submitted modal has no field {self.custom_id!r} for parameter "
                    f"{self.param!r} (its fields: {names})"
                )
            return self.default
        if self.kind == "checked":
            if found.checked is None and not self.required:
                return self.default
            return bool(found.checked)
        if self.kind == "selection" and self.selection is not None:
            try:
                items = self.selection.read(found)
            except SelectionError as error:
                raise ModalBindingError(f"field {self.custom_id!r}: {error}") from None
            if self.selection.many:
                return items
            return items[0] if items else self.default
        text = found.value if found.value is not None else next(iter(found.values), None)
        if text is None or (text == "" and not self.required):
            return self.default
        if self.convertor is None:
            return text
        try:
            return self.convertor.convert(text)
        except (TypeError, ValueError):
            raise ModalBindingError(
                f"field {self.custom_id!r}: {text!r} is not {describe_value(self.convertor)}"
            ) from None


class ModalRoute(HandlerScope[P, R]):
    """A modal-submit handler bound to a custom_id pattern.

    Attributes:
        pattern: The compiled pattern.
        fields: How each non-placeholder parameter is filled.
    """

    def __init__(
        self,
        pattern: str,
        callback: Callable[P, R],
        *,
        checks: Sequence[CheckLike] | None = None,
        auto_defer: AutoDefer | None = None,
    ) -> None:
        signature = read_signature(callback, what="modal route")
        super().__init__(
            callback,
            signature,
            f"modal route {pattern!r}",
            checks=checks,
            auto_defer=auto_defer,
        )
        self.pattern = compile_pattern(pattern, signature, "modal route")
        self.fields: list[FieldBinding] = []
        seen: dict[str, str] = {}
        for parameter in signature.params:
            if parameter.name in self.pattern.params:
                continue
            binding = _binding(parameter, signature.annotation(parameter), signature.owner)
            if binding.custom_id in seen:
                raise DeclarationError(
                    f"{signature.owner}: parameters {seen[binding.custom_id]!r} and "
                    f"{binding.param!r} both read field {binding.custom_id!r}"
                )
            seen[binding.custom_id] = binding.param
            self.fields.append(binding)

    def __repr__(self) -> str:
        return f"ModalRoute({self.pattern.pattern!r})"

    def custom_id(self, **values: Any) -> str:
        """Build the custom_id that routes to this handler with ``values``."""
        return self.pattern.build(**values)

    def arguments(self, interaction: ModalInteraction, params: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments for the handler: route values plus fields.

        Raises:
            ModalBindingError: A required field is missing or does not convert.
        """
        kwargs = dict(params)
        fields = interaction.fields
        for binding in self.fields:
            kwargs[binding.param] = binding.read(fields)
        return kwargs


def _binding(parameter: inspect.Parameter, annotation: Any, owner: str) -> FieldBinding:
    base, optional, metadata = split_annotation(annotation)
    meta = next((item for item in metadata if isinstance(item, Option)), None)
    custom_id = meta.name if meta is not None and meta.name else parameter.name
    has_default = parameter.default is not inspect.Parameter.empty
    default = parameter.default if has_default else None
    required = not (optional or has_default)

    def bind(
        kind: str, selection: Selection | None = None, convertor: Convertor[Any] | None = None
    ) -> FieldBinding:
        return FieldBinding(
            parameter.name, custom_id, kind, selection, required, default, convertor
        )

    if annotation is inspect.Parameter.empty or base is str:
        return bind("text")
    if base is bool:
        return bind("checked")
    try:
        convertor = convertor_for_annotation(base)
        selection = None if convertor is not None else selection_for(annotation)
    except RouteError as error:
        raise DeclarationError(f"{owner}: parameter {parameter.name!r}: {error}") from None
    if convertor is not None:
        return bind(convertor.name or "converted", convertor=convertor)
    if selection is None:
        raise DeclarationError(
            f"{owner}: no modal field can fill parameter {parameter.name!r} annotated "
            f"{getattr(base, '__name__', base)!r}; use str, int, float, bool, an enum, "
            "a type given to kagari.register_convertor(), a list of those, or (a list of) "
            "kagari.User, kagari.Member, kagari.Role, kagari.Mentionable, "
            "kagari.Attachment or a channel class"
        )
    return bind("selection", selection=selection)
