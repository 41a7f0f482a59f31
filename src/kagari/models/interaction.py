"""The fields every interaction has, and PING."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.channels import PartialChannel, decode_channel
from kagari.models.entitlement import Entitlement
from kagari.models.enums import (
    ApplicationIntegrationType,
    InteractionContextType,
    InteractionType,
    Locale,
)
from kagari.models.flags import Permissions
from kagari.models.guild import PartialGuild
from kagari.models.message import Message
from kagari.models.message_refs import integration_owners
from kagari.models.snowflake import Snowflake
from kagari.models.user import Member, User

__all__ = ["PartialInteraction", "PingInteraction"]


def _locale(value: Any) -> Locale | str | None:
    text = c.as_opt_str(value)
    return None if text is None else c.try_enum(Locale, text)


class PartialInteraction(Model):
    """An interaction of any type; the base of the typed interaction classes.

    Nothing is decoded up front: each property reads its field on first access and
    caches it, so the server's hot path (``type``, ``id``, ``token``) stays cheap.

    Missing required fields decode to defaults instead of raising: ``id`` and
    ``application_id`` to ``Snowflake(0)``, ``type`` to ``0``, ``token`` to ``""``,
    ``version`` to ``1``, ``user`` to an empty :class:`User`, lists and dicts to empty
    ones. Missing optional fields are ``None``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "type")

    @cached_property
    def id(self) -> Snowflake:
        """The interaction's id."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def application_id(self) -> Snowflake:
        """The id of the app the interaction is for."""
        return c.snowflake(self._raw.get("application_id"))

    @cached_property
    def type(self) -> InteractionType | int:
        """The interaction type (a plain int for types kagari does not know)."""
        return c.try_enum(InteractionType, c.as_int(self._raw.get("type")))

    @cached_property
    def token(self) -> str:
        """The token to respond with; valid for 15 minutes."""
        return c.as_str(self._raw.get("token"))

    @cached_property
    def version(self) -> int:
        """The interaction payload version (always ``1`` so far)."""
        return c.as_int(self._raw.get("version"), 1)

    @cached_property
    def data(self) -> dict[str, Any]:
        """The raw type-specific ``data`` object (``{}`` for PING or when missing)."""
        return c.as_dict(self._raw.get("data"))

    @cached_property
    def guild_id(self) -> Snowflake | None:
        """The guild it was sent from; ``None`` in DMs and group DMs."""
        return c.opt_snowflake(self._raw.get("guild_id"))

    @cached_property
    def guild(self) -> PartialGuild | None:
        """The partial guild (id, locale, features) it was sent from, if sent."""
        value = self._raw.get("guild")
        return PartialGuild(value) if isinstance(value, dict) else None

    @cached_property
    def channel_id(self) -> Snowflake | None:
        """The channel it was sent from."""
        value = c.opt_snowflake(self._raw.get("channel_id"))
        if value is None and self.channel is not None:
            return self.channel.id
        return value

    @cached_property
    def channel(self) -> PartialChannel | None:
        """The partial channel it was sent from, decoded to the class of its type."""
        value = self._raw.get("channel")
        if not isinstance(value, dict):
            return None
        return decode_channel(value, guild_id=self.guild_id)

    @cached_property
    def member(self) -> Member | None:
        """The invoking member, when sent from a guild."""
        value = self._raw.get("member")
        if not isinstance(value, dict):
            return None
        return Member(value, guild_id=self.guild_id)

    @cached_property
    def user(self) -> User:
        """The invoking user: the member's user in a guild, else the ``user`` field.

        An empty :class:`User` (id ``Snowflake(0)``) when the payload has neither (PING).
        """
        member = self.member
        if member is not None and isinstance(member.raw.get("user"), dict):
            return member.user
        return User(self._raw.get("user"))

    @cached_property
    def locale(self) -> Locale | str | None:
        """The invoking user's client language (absent on PING)."""
        return _locale(self._raw.get("locale"))

    @cached_property
    def guild_locale(self) -> Locale | str | None:
        """The guild's preferred language, when sent from a guild."""
        return _locale(self._raw.get("guild_locale"))

    @cached_property
    def app_permissions(self) -> Permissions | None:
        """The permissions the app has in the channel (or DM)."""
        return Permissions.from_raw(self._raw.get("app_permissions"))

    @cached_property
    def entitlements(self) -> list[Entitlement]:
        """The invoking user's (and guild's) entitlements for the app's SKUs."""
        return [Entitlement(item) for item in c.as_list(self._raw.get("entitlements"))]

    @cached_property
    def authorizing_integration_owners(self) -> dict[ApplicationIntegrationType | int, Snowflake]:
        """For each installation context that allowed this interaction, its owner id.

        ``GUILD_INSTALL`` maps to the guild id (``0`` in the bot's DM),
        ``USER_INSTALL`` to the id of the user who installed the app.
        """
        return integration_owners(self._raw.get("authorizing_integration_owners"))

    @cached_property
    def context(self) -> InteractionContextType | int | None:
        """Where it was triggered: guild, bot DM or another private channel."""
        value = c.as_opt_int(self._raw.get("context"))
        return None if value is None else c.try_enum(InteractionContextType, value)

    @cached_property
    def attachment_size_limit(self) -> int | None:
        """The largest file, in bytes, the app may attach in its response."""
        return c.as_opt_int(self._raw.get("attachment_size_limit"))

    @cached_property
    def message(self) -> Message | None:
        """The message the interaction came from (components; modals opened from one)."""
        value = self._raw.get("message")
        if not isinstance(value, dict):
            return None
        return Message(value, guild_id=self.guild_id)

    @property
    def created_at(self) -> datetime.datetime:
        """When Discord created the interaction (from its id): the 3-second clock starts here."""
        return self.id.created_at

    @property
    def is_user_install(self) -> bool:
        """Whether a user install of the app authorized this interaction."""
        return ApplicationIntegrationType.USER_INSTALL in self.authorizing_integration_owners

    @property
    def is_guild_install(self) -> bool:
        """Whether a guild install of the app authorized this interaction."""
        return ApplicationIntegrationType.GUILD_INSTALL in self.authorizing_integration_owners


class PingInteraction(PartialInteraction):
    """Discord checking that the endpoint is alive; answer with a PONG (type 1)."""
