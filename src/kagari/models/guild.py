"""Guilds as interactions describe them, and their roles."""

from __future__ import annotations

from typing import ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._cdn import image_url
from kagari.models._lazy import cached_property
from kagari.models.enums import Locale
from kagari.models.flags import Permissions
from kagari.models.snowflake import Snowflake

__all__ = ["PartialGuild", "Role"]


class PartialGuild(Model):
    """The small guild object an interaction carries (``id``, ``locale``, ``features``)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "locale")

    @cached_property
    def id(self) -> Snowflake:
        """The guild's id (``Snowflake(0)`` when missing)."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def locale(self) -> Locale | str | None:
        """The guild's preferred locale (community guilds), as a :class:`Locale` if known."""
        value = c.as_opt_str(self._raw.get("locale"))
        return None if value is None else c.try_enum(Locale, value)

    @cached_property
    def features(self) -> list[str]:
        """The guild feature names, such as ``"COMMUNITY"``."""
        return c.as_str_list(self._raw.get("features"))


class Role(Model):
    """A guild role.

    Missing fields decode to ``Snowflake(0)``, ``""``, ``0``, ``False`` or ``None``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "name")

    @cached_property
    def id(self) -> Snowflake:
        """The role's id."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def name(self) -> str:
        """The role's name."""
        return c.as_str(self._raw.get("name"))

    @cached_property
    def color(self) -> int:
        """The role's color as an RGB integer (``0`` means no color)."""
        return c.as_int(self._raw.get("color"))

    @cached_property
    def hoist(self) -> bool:
        """Whether members with the role are listed separately."""
        return c.as_bool(self._raw.get("hoist"))

    @cached_property
    def icon(self) -> str | None:
        """The role icon hash, if any."""
        return c.as_opt_str(self._raw.get("icon"))

    @cached_property
    def unicode_emoji(self) -> str | None:
        """The role's unicode emoji, if any."""
        return c.as_opt_str(self._raw.get("unicode_emoji"))

    @cached_property
    def position(self) -> int:
        """The role's position in the guild's role list."""
        return c.as_int(self._raw.get("position"))

    @cached_property
    def permissions(self) -> Permissions:
        """The permissions the role grants (``Permissions.NONE`` when missing)."""
        return Permissions.from_raw(self._raw.get("permissions")) or Permissions.NONE

    @cached_property
    def managed(self) -> bool:
        """Whether an integration (bot, booster role...) manages the role."""
        return c.as_bool(self._raw.get("managed"))

    @cached_property
    def mentionable(self) -> bool:
        """Whether anyone may mention the role."""
        return c.as_bool(self._raw.get("mentionable"))

    @cached_property
    def flags(self) -> int:
        """The role flags bit field."""
        return c.as_int(self._raw.get("flags"))

    @property
    def mention(self) -> str:
        """The text that mentions the role in a message: ``<@&id>``."""
        return f"<@&{self.id}>"

    @property
    def icon_url(self) -> str | None:
        """The URL of the role icon, if the role has one."""
        return None if self.icon is None else image_url(f"role-icons/{self.id}", self.icon)
