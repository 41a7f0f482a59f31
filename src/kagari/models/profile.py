"""What decorates a user's profile: avatar decoration, nameplate, server tag."""

from __future__ import annotations

from typing import ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._cdn import CDN_URL
from kagari.models._lazy import cached_property
from kagari.models.snowflake import Snowflake

__all__ = ["AvatarDecorationData", "Collectibles", "Nameplate", "PrimaryGuild"]


class AvatarDecorationData(Model):
    """The decoration drawn around a user's (or a member's guild) avatar.

    A missing ``asset`` decodes to ``""``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("asset", "sku_id")

    @cached_property
    def asset(self) -> str:
        """The decoration's image hash."""
        return c.as_str(self._raw.get("asset"))

    @cached_property
    def sku_id(self) -> Snowflake | None:
        """The SKU the decoration was bought as, if any."""
        return c.opt_snowflake(self._raw.get("sku_id"))

    @property
    def url(self) -> str | None:
        """The decoration's image on Discord's CDN (``None`` without an asset)."""
        if not self.asset:
            return None
        return f"{CDN_URL}/avatar-decoration-presets/{self.asset}.png"


class Nameplate(Model):
    """The nameplate shown behind a user's name in member lists.

    Missing ``asset`` and ``label`` decode to ``""``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("asset", "palette")

    @cached_property
    def sku_id(self) -> Snowflake | None:
        """The SKU the nameplate was bought as, if any."""
        return c.opt_snowflake(self._raw.get("sku_id"))

    @cached_property
    def asset(self) -> str:
        """The path of the nameplate asset, such as ``"nameplates/nameplates/twilight/"``."""
        return c.as_str(self._raw.get("asset"))

    @cached_property
    def label(self) -> str:
        """The nameplate's label (unused by Discord so far)."""
        return c.as_str(self._raw.get("label"))

    @cached_property
    def palette(self) -> str | None:
        """The background colour name, such as ``"crimson"`` or ``"sky"``."""
        return c.as_opt_str(self._raw.get("palette"))


class Collectibles(Model):
    """The collectibles a user shows on their profile (so far only a nameplate)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("nameplate",)

    @cached_property
    def nameplate(self) -> Nameplate | None:
        """The user's nameplate, if they have one."""
        value = self._raw.get("nameplate")
        return Nameplate(value) if isinstance(value, dict) else None


class PrimaryGuild(Model):
    """The server tag a user chose to show next to their name."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("identity_guild_id", "tag")

    @cached_property
    def identity_guild_id(self) -> Snowflake | None:
        """The guild whose tag the user shows, if any."""
        return c.opt_snowflake(self._raw.get("identity_guild_id"))

    @cached_property
    def identity_enabled(self) -> bool | None:
        """Whether the user currently shows the tag (``None``: cleared, e.g. by the guild)."""
        return c.as_opt_bool(self._raw.get("identity_enabled"))

    @cached_property
    def tag(self) -> str | None:
        """The tag's text (up to 4 characters)."""
        return c.as_opt_str(self._raw.get("tag"))

    @cached_property
    def badge(self) -> str | None:
        """The tag's badge image hash."""
        return c.as_opt_str(self._raw.get("badge"))

    @property
    def badge_url(self) -> str | None:
        """The badge image on Discord's CDN (``None`` without a badge or guild)."""
        if self.badge is None or self.identity_guild_id is None:
            return None
        return f"{CDN_URL}/guild-tag-badges/{self.identity_guild_id}/{self.badge}.png"
