"""What a select menu or modal field gives a handler parameter, chosen by its annotation.

``list[str]`` gets the raw values; ``list[kagari.User]``, ``list[kagari.Member]``,
``list[kagari.Role]``, ``list[<channel class>]``, ``list[kagari.Mentionable]`` and
``list[kagari.Attachment]`` get the resolved objects for the selected ids. Without
``list[...]`` the first one is passed (or the default when nothing was selected).
"""

from __future__ import annotations

import collections.abc
import typing
from dataclasses import dataclass
from typing import Any

from kagari.app.declare.options import split_annotation
from kagari.models import Attachment, Member, PartialChannel, Role, SelectedValues, User

__all__ = ["Selection", "selection_for"]

_LISTS = (list, collections.abc.Sequence, collections.abc.Iterable, tuple)


@dataclass(frozen=True)
class Selection:
    """How to read one parameter's value from selected values.

    Attributes:
        source: ``"values"``, ``"users"``, ``"members"``, ``"roles"``, ``"channels"``,
            ``"mentionables"`` or ``"attachments"``.
        many: Whether the parameter takes a list (else the first item).
        channel_classes: For channels, the classes allowed (empty: any).
    """

    source: str
    many: bool
    channel_classes: tuple[type[Any], ...] = ()

    def read(self, holder: SelectedValues) -> list[Any]:
        """The selected items of ``holder`` (a component interaction or modal field)."""
        if self.source == "values":
            return list(holder.values)
        items: list[Any] = list(getattr(holder, f"selected_{self.source}"))
        if self.channel_classes:
            items = [item for item in items if isinstance(item, self.channel_classes)]
        return items


def _item_source(item: Any) -> tuple[str, tuple[type[Any], ...]] | None:
    base, _, _ = split_annotation(item)
    if base is str:
        return "values", ()
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


def selection_for(annotation: Any, *, allow_str_single: bool = False) -> Selection | None:
    """The :class:`Selection` an annotation asks for, or ``None`` if it asks for none.

    Args:
        annotation: The parameter's annotation (``Annotated`` and ``| None`` allowed).
        allow_str_single: Whether a bare ``str`` means "the first value" (component
            handlers; in modals a bare ``str`` is a text input instead).
    """
    base, _, _ = split_annotation(annotation)
    origin = typing.get_origin(base)
    if origin in _LISTS:
        args = typing.get_args(base)
        if len(args) != 1 and not (origin is tuple and len(args) == 2 and args[1] is ...):
            return None
        found = _item_source(args[0])
        return None if found is None else Selection(found[0], True, found[1])
    if base is str and not allow_str_single:
        return None
    found = _item_source(base)
    return None if found is None else Selection(found[0], False, found[1])
