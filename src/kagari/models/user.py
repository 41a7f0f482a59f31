"""Users and guild members."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._cdn import default_avatar_url, image_url
from kagari.models._lazy import cached_property
from kagari.models.flags import Permissions, UserFlags
from kagari.models.profile import AvatarDecorationData, Collectibles, PrimaryGuild
from kagari.models.snowflake import Snowflake

__all__ = ["Member", "User"]


def _decoration(value: Any) -> AvatarDecorationData | None:
    return AvatarDecorationData(value) if isinstance(value, dict) else None


def _collectibles(value: Any) -> Collectibles | None:
    return Collectibles(value) if isinstance(value, dict) else None


class User(Model):
    """A Discord user account (a person or a bot).

    Missing fields decode to defaults: ``id`` to ``Snowflake(0)``, ``username`` to
    ``""``, ``discriminator`` to ``"0"``, ``bot``/``system`` to ``False``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "username")

    @cached_property
    def id(self) -> Snowflake:
        """The user's id."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def username(self) -> str:
        """The unique username (``""`` when missing)."""
        return c.as_str(self._raw.get("username"))

    @cached_property
    def global_name(self) -> str | None:
        """The display name the user chose, if any."""
        return c.as_opt_str(self._raw.get("global_name"))

    @cached_property
    def discriminator(self) -> str:
        """The legacy four-digit tag; ``"0"`` for users on the new username system."""
        return c.as_str(self._raw.get("discriminator"), "0")

    @cached_property
    def avatar(self) -> str | None:
        """The avatar image hash, or ``None`` for the default avatar."""
        return c.as_opt_str(self._raw.get("avatar"))

    @cached_property
    def bot(self) -> bool:
        """Whether the account is a bot."""
        return c.as_bool(self._raw.get("bot"))

    @cached_property
    def system(self) -> bool:
        """Whether the account is an official Discord system user."""
        return c.as_bool(self._raw.get("system"))

    @cached_property
    def public_flags(self) -> UserFlags | None:
        """The public badges on the account, or ``None`` when not sent."""
        value = c.as_opt_int(self._raw.get("public_flags"))
        return None if value is None or value < 0 else UserFlags(value)

    @cached_property
    def banner(self) -> str | None:
        """The profile banner image hash, if any (sent on full user objects)."""
        return c.as_opt_str(self._raw.get("banner"))

    @cached_property
    def accent_color(self) -> int | None:
        """The banner colour as an RGB integer, when the user has no banner image."""
        return c.as_opt_int(self._raw.get("accent_color"))

    @cached_property
    def avatar_decoration_data(self) -> AvatarDecorationData | None:
        """The decoration around the user's avatar, if any."""
        return _decoration(self._raw.get("avatar_decoration_data"))

    @cached_property
    def collectibles(self) -> Collectibles | None:
        """The collectibles on the user's profile (a nameplate), if any."""
        return _collectibles(self._raw.get("collectibles"))

    @cached_property
    def primary_guild(self) -> PrimaryGuild | None:
        """The server tag the user shows next to their name, if any."""
        value = self._raw.get("primary_guild")
        return PrimaryGuild(value) if isinstance(value, dict) else None

    @property
    def mention(self) -> str:
        """The text that mentions the user in a message: ``<@id>``."""
        return f"<@{self.id}>"

    @property
    def display_name(self) -> str:
        """The global display name if set, else the username."""
        return self.global_name or self.username

    @property
    def default_avatar_url(self) -> str:
        """The URL of the built-in avatar Discord shows when the user has none."""
        return default_avatar_url(self.id, self.discriminator)

    @property
    def avatar_url(self) -> str:
        """The URL of the user's avatar on Discord's CDN (the default avatar when none)."""
        if self.avatar is None:
            return self.default_avatar_url
        return image_url(f"avatars/{self.id}", self.avatar)

    @property
    def banner_url(self) -> str | None:
        """The URL of the user's banner on Discord's CDN, if they have one."""
        return None if self.banner is None else image_url(f"banners/{self.id}", self.banner)

    @cached_property
    def created_at(self) -> datetime.datetime:
        """When the account was created (from its id)."""
        return self.id.created_at


class Member(Model):
    """A user's membership in one guild: nickname, roles, permissions, timeout.

    Interaction members carry their user; resolved members (option values, select
    values) do not, and are given the matching entry of ``resolved.users``. A member
    without any user gets an empty :class:`User` (id ``Snowflake(0)``).
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "display_name")

    def __init__(self, raw: Any, *, user: Any = None, guild_id: Snowflake | None = None) -> None:
        """Wrap a member object.

        Args:
            raw: The member JSON object.
            user: The user JSON object to use when ``raw`` has no ``user`` field.
            guild_id: The guild the member belongs to, for the guild avatar URL.
        """
        super().__init__(raw)
        self._user_raw = user
        self._guild_id = guild_id

    @cached_property
    def user(self) -> User:
        """The member's user account."""
        raw_user = self._raw.get("user")
        return User(raw_user if isinstance(raw_user, dict) else self._user_raw)

    @property
    def id(self) -> Snowflake:
        """The member's user id."""
        return self.user.id

    @property
    def guild_id(self) -> Snowflake | None:
        """The guild the member belongs to, when known."""
        return self._guild_id

    @cached_property
    def nick(self) -> str | None:
        """The member's nickname in this guild, if any."""
        return c.as_opt_str(self._raw.get("nick"))

    @cached_property
    def roles(self) -> list[Snowflake]:
        """The ids of the member's roles (``@everyone`` is not listed)."""
        return c.snowflake_list(self._raw.get("roles"))

    @cached_property
    def joined_at(self) -> datetime.datetime | None:
        """When the member joined the guild."""
        return c.opt_datetime(self._raw.get("joined_at"))

    @cached_property
    def premium_since(self) -> datetime.datetime | None:
        """Since when the member boosts the guild, if they do."""
        return c.opt_datetime(self._raw.get("premium_since"))

    @cached_property
    def permissions(self) -> Permissions | None:
        """The member's permissions in the channel of the interaction, overwrites included."""
        return Permissions.from_raw(self._raw.get("permissions"))

    @cached_property
    def avatar(self) -> str | None:
        """The member's guild-specific avatar hash, if any."""
        return c.as_opt_str(self._raw.get("avatar"))

    @cached_property
    def banner(self) -> str | None:
        """The member's guild-specific profile banner hash, if any."""
        return c.as_opt_str(self._raw.get("banner"))

    @cached_property
    def avatar_decoration_data(self) -> AvatarDecorationData | None:
        """The member's guild-specific avatar decoration, if any."""
        return _decoration(self._raw.get("avatar_decoration_data"))

    @cached_property
    def collectibles(self) -> Collectibles | None:
        """The member's guild-specific collectibles (a nameplate), if any."""
        return _collectibles(self._raw.get("collectibles"))

    @cached_property
    def communication_disabled_until(self) -> datetime.datetime | None:
        """When the member's timeout ends (``None`` when not timed out)."""
        return c.opt_datetime(self._raw.get("communication_disabled_until"))

    @cached_property
    def pending(self) -> bool:
        """Whether the member has not yet passed the guild's membership screening."""
        return c.as_bool(self._raw.get("pending"))

    @cached_property
    def flags(self) -> int:
        """The guild member flags bit field (``0`` when missing)."""
        return c.as_int(self._raw.get("flags"))

    @cached_property
    def deaf(self) -> bool:
        """Whether the member is deafened in voice channels."""
        return c.as_bool(self._raw.get("deaf"))

    @cached_property
    def mute(self) -> bool:
        """Whether the member is muted in voice channels."""
        return c.as_bool(self._raw.get("mute"))

    @property
    def mention(self) -> str:
        """The text that mentions the member in a message: ``<@id>``."""
        return f"<@{self.id}>"

    @property
    def display_name(self) -> str:
        """The nickname if set, else the user's display name."""
        return self.nick or self.user.display_name

    @property
    def avatar_url(self) -> str:
        """The guild avatar URL when the member has one (and the guild is known).

        Falls back to the user's avatar URL.
        """
        if self.avatar is not None and self._guild_id is not None:
            return image_url(f"guilds/{self._guild_id}/users/{self.id}/avatars", self.avatar)
        return self.user.avatar_url

    @property
    def banner_url(self) -> str | None:
        """The guild banner URL when the member has one (and the guild is known).

        Falls back to the user's banner URL (``None`` when neither has a banner).
        """
        if self.banner is not None and self._guild_id is not None:
            return image_url(f"guilds/{self._guild_id}/users/{self.id}/banners", self.banner)
        return self.user.banner_url

    def is_timed_out(self, now: datetime.datetime | None = None) -> bool:
        """Whether the member is in a timeout at ``now`` (default: the current time)."""
        until = self.communication_disabled_until
        if until is None:
            return False
        now = now or datetime.datetime.now(datetime.timezone.utc)
        return until > now
