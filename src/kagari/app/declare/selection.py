"""What a select menu or modal field gives a handler parameter, chosen by its annotation.

``list[str]`` gets the raw values; ``list[int]``, ``list[float]``, ``list[<enum>]`` and
lists of types given to :func:`~kagari.app.declare.convertors.register_convertor` get
the values read by that type's convertor. ``list[kagari.User]``,
``list[kagari.Member]``, ``list[kagari.Role]``, ``list[<channel class>]``,
``list[kagari.Mentionable]`` and ``list[kagari.Attachment]`` get the resolved objects
for the selected ids. Without ``list[...]`` the first resolved object is passed (or the
default when nothing was selected).
"""

from __future__ import annotations

import collections.abc
import typing
from dataclasses import dataclass
from typing import Any

from kagari.app.declare.convertors import Convertor, convertor_for_annotation, describe_value
from kagari.app.declare.options import split_annotation
from kagari.models import Attachment, Member, PartialChannel, Role, SelectedValues, User

__all__ = ["Selection", "SelectionError", "selection_for"]

_LISTS = (list, collections.abc.Sequence, collections.abc.Iterable, tuple)


class SelectionError(ValueError):
    """A selected value cannot be read as the type the parameter is annotated with."""


@dataclass(frozen=True)
class Selection:
    """How to read one parameter's value from selected values.

    Attributes:
        source: ``"values"``, ``"users"``, ``"members"``, ``"roles"``, ``"channels"``,
            ``"mentionables"`` or ``"attachments"``.
        many: Whether the parameter takes a list (else the first item).
        channel_classes: For channels, the classes allowed (empty: any).
        convertor: For ``"values"``, what reads each value (``None``: kept as text).
    """

    source: str
    many: bool
    channel_classes: tuple[type[Any], ...] = ()
    convertor: Convertor[Any] | None = None

    def read(self, holder: SelectedValues) -> list[Any]:
        """The selected items of ``holder`` (a component interaction or modal field).

        Raises:
            SelectionError: A value does not convert to the annotated type.
        """
        if self.source == "values":
            if self.convertor is None:
                return list(holder.values)
            return [self._convert(value) for value in holder.values]
        items: list[Any] = list(getattr(holder, f"selected_{self.source}"))
        if self.channel_classes:
            items = [item for item in items if isinstance(item, self.channel_classes)]
        return items

    def _convert(self, value: str) -> Any:
        assert self.convertor is not None
        try:
            return self.convertor.convert(value)
        except (TypeError, ValueError):
            raise SelectionError(
                f"selected value {value!r} is not {describe_value(self.convertor)}"
            ) from None


def _resolved_source(base: Any) -> tuple[str, tuple[type[Any], ...]] | None:
    if isinstance(base, type):
        for cls, source in (
            (Member, "members"),
            (User, "users"),
            (Role, "roles"),
            (Attachment, "attachments"),
        ):
            if issubclass(base, cls):
                return source, ()
        if issubclass(base, PartialChannel):
            return "channels", (() if base is PartialChannel else (base,))
    args = set(typing.get_args(base))
    if args and args in ({User, Role}, {Member, Role}):
        return "mentionables", ()
    if args and all(isinstance(a, type) and issubclass(a, PartialChannel) for a in args):
        return "channels", tuple(args)
    return None


def _item(annotation: Any) -> Selection | None:
    base, _, _ = split_annotation(annotation)
    if base is str:
        return Selection("values", True)
    found = _resolved_source(base)
    if found is not None:
        return Selection(found[0], True, found[1])
    convertor = convertor_for_annotation(base)
    return None if convertor is None else Selection("values", True, convertor=convertor)


def selection_for(annotation: Any, *, allow_str_single: bool = False) -> Selection | None:
    """The :class:`Selection` an annotation asks for, or ``None`` if it asks for none.

    Values converted by the convertor table (``list[int]``, ``list[Mode]``...) need
    ``list[...]``; a single one is a placeholder (components) or a text field (modals).

    Args:
        annotation: The parameter's annotation (``Annotated`` and ``| None`` allowed).
        allow_str_single: Whether a bare ``str`` means "the first value" (component
            handlers; in modals a bare ``str`` is a text input instead).

    Raises:
        RouteError: The items are an enum whose values cannot be used (see
            :class:`~kagari.app.declare.convertors.EnumConvertor`).
    """
    base, _, _ = split_annotation(annotation)
    origin = typing.get_origin(base)
    if origin in _LISTS:
        args = typing.get_args(base)
        if len(args) != 1 and not (origin is tuple and len(args) == 2 and args[1] is ...):
            return None
        return _item(args[0])
    if base is str:
        return Selection("values", False) if allow_str_single else None
    found = _resolved_source(base)
    return None if found is None else Selection(found[0], False, found[1])
