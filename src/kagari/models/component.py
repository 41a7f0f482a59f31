"""Clicks on buttons and choices in select menus."""

from __future__ import annotations

from typing import ClassVar

from kagari.models import _convert as c
from kagari.models._lazy import cached_property
from kagari.models.enums import ComponentType
from kagari.models.interaction import PartialInteraction
from kagari.models.resolved import ResolvedData, SelectedValues

__all__ = ["ComponentInteraction"]


class ComponentInteraction(PartialInteraction, SelectedValues):
    """A button click or select-menu choice on a message the app sent.

    A missing ``data.custom_id`` decodes to ``""`` and ``data.component_type`` to ``0``.
    The inherited :attr:`message` is the message the component sits on.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "custom_id", "component_type")

    @cached_property
    def custom_id(self) -> str:
        """The ``custom_id`` of the clicked or used component."""
        return c.as_str(self.data.get("custom_id"))

    @cached_property
    def component_type(self) -> ComponentType | int:
        """The type of the component (button, one of the selects)."""
        return c.try_enum(ComponentType, c.as_int(self.data.get("component_type")))

    @cached_property
    def component_id(self) -> int | None:
        """The numeric id of the component within its message, when sent."""
        return c.as_opt_int(self.data.get("id"))

    @cached_property
    def values(self) -> list[str]:
        """The chosen values of a select menu (ids for user/role/mentionable/channel selects)."""
        return c.as_str_list(self.data.get("values"))

    @cached_property
    def resolved(self) -> ResolvedData | None:
        """The users, members, roles and channels chosen in an auto-populated select."""
        value = self.data.get("resolved")
        if not isinstance(value, dict):
            return None
        return ResolvedData(value, guild_id=self.guild_id)
