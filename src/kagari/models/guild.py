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

__all__ = ["PartialGuild", "Role", "RoleColors", "RoleTags"]


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


class RoleColors(Model):
    """A role's colours: one, or two or three for a gradient or holographic style.

    A missing ``primary_color`` decodes to ``0`` (no colour).
    """

    _repr_fields: ClassVar[tuple[str, ...]] = (
        "primary_color",
        "secondary_color",
        "tertiary_color",
    )

    @cached_property
    def primary_color(self) -> int:
        """The main colour as an RGB integer (``0`` means no colour)."""
        return c.as_int(self._raw.get("primary_color"))

    @cached_property
    def secondary_color(self) -> int | None:
        """The second colour of a gradient, if the role has one."""
        return c.as_opt_int(self._raw.get("secondary_color"))

    @cached_property
    def tertiary_color(self) -> int | None:
        """The third colour, set only for the holographic style."""
        return c.as_opt_int(self._raw.get("tertiary_color"))


class RoleTags(Model):
    """What a role is for, when something other than people manages it.

    Discord marks the flag-like tags by sending the key with ``null``; here they are
    plain booleans (``False`` when the key is absent).
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("bot_id", "integration_id", "premium_subscriber")

    @cached_property
    def bot_id(self) -> Snowflake | None:
        """The bot this role belongs to (a bot's own role)."""
        return c.opt_snowflake(self._raw.get("bot_id"))

    @cached_property
    def integration_id(self) -> Snowflake | None:
        """The integration that manages this role."""
        return c.opt_snowflake(self._raw.get("integration_id"))

    @cached_property
    def subscription_listing_id(self) -> Snowflake | None:
        """The role subscription SKU listing this role belongs to."""
        return c.opt_snowflake(self._raw.get("subscription_listing_id"))

    @cached_property
    def premium_subscriber(self) -> bool:
        """Whether this is the guild's booster role."""
        return "premium_subscriber" in self._raw

    @cached_property
    def available_for_purchase(self) -> bool:
        """Whether this role subscription role can be bought."""
        return "available_for_purchase" in self._raw

    @cached_property
    def guild_connections(self) -> bool:
        """Whether this is a linked role (granted through a connection)."""
        return "guild_connections" in self._raw


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
    def colors(self) -> RoleColors | None:
        """The role's colours (gradients included), when sent; :attr:`color` is the first."""
        value = self._raw.get("colors")
        return RoleColors(value) if isinstance(value, dict) else None

    @cached_property
    def tags(self) -> RoleTags | None:
        """What manages the role (a bot, an integration, boosts...), if anything."""
        value = self._raw.get("tags")
        return RoleTags(value) if isinstance(value, dict) else None

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
