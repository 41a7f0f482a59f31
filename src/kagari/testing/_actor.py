"""Who sends an interaction and from where, and the envelope around its ``data``."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kagari.models import (
    ChannelType,
    Entitlement,
    Member,
    PartialChannel,
    PartialGuild,
    Permissions,
    User,
)
from kagari.testing import payloads
from kagari.testing.factories import (
    Snowflakeish,
    make_channel,
    make_member,
    make_user,
    raw_of,
    snowflake,
)

if TYPE_CHECKING:
    from kagari.testing.fake_discord import FakeDiscord

__all__ = [
    "DEFAULT_GUILD_ID",
    "Actor",
    "Default",
    "Settings",
    "build_actor",
    "envelope",
    "make_settings",
]

DEFAULT_GUILD_ID = 1150000000000000001
"""The guild a :class:`TestClient` sends from unless told otherwise."""


class Default(enum.Enum):
    """The marker of an argument left at its default."""

    GUILD = "the default guild"


@dataclasses.dataclass(frozen=True)
class Settings:
    """Who a client sends as and from where, as the test gave it."""

    user: User
    member: Member | None
    guild_id: int | None
    guild: PartialGuild | None
    channel: PartialChannel | None
    locale: str
    guild_locale: str | None
    app_permissions: str
    entitlements: tuple[Entitlement, ...]
    context: int | None
    payload_fields: Mapping[str, Any]


def make_settings(
    *,
    user: User | None,
    member: Member | None,
    guild_id: Snowflakeish | Default | None,
    guild: PartialGuild | None,
    channel: PartialChannel | None,
    locale: str,
    guild_locale: str | None,
    app_permissions: Permissions | int | str,
    entitlements: Iterable[Entitlement],
    context: int | None,
    payload_fields: Mapping[str, Any] | None,
) -> Settings:
    """Check and normalise a client's who-and-where arguments."""
    if isinstance(guild_id, Default):
        resolved_guild: int | None = int(guild.id) if guild is not None else DEFAULT_GUILD_ID
    elif guild_id is None:
        resolved_guild = None
    else:
        resolved_guild = int(guild_id)
    if member is not None:
        if not isinstance(member, Member):
            raise TypeError(f"member: expected a Member (make_member), got {member!r}")
        if resolved_guild is None:
            raise ValueError("member= needs a guild; a DM has no members (pass user=)")
        if user is not None and user.id != member.user.id:
            raise ValueError("user= and member= name different users; pass just one of them")
    if user is not None and not isinstance(user, User):
        raise TypeError(f"user: expected a User (make_user), got {user!r}")
    if user is None:
        user = member.user if member is not None else make_user(username="tester")
    return Settings(
        user=user,
        member=member,
        guild_id=resolved_guild,
        guild=guild,
        channel=channel,
        locale=str(locale),
        guild_locale=guild_locale,
        app_permissions=str(int(app_permissions)),
        entitlements=tuple(entitlements),
        context=context,
        payload_fields=dict(payload_fields or {}),
    )


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who sends an interaction, from where, and with which app installation.

    Attributes:
        user: The invoking user.
        member: The invoking member (in a guild).
        guild_id: The guild (``None``: a DM).
        guild: The partial guild object sent along.
        channel: The channel object sent along.
        locale: The user's client locale.
        guild_locale: The guild's locale.
        app_permissions: The app's permissions in the channel, as a decimal string.
        entitlements: The entitlement objects sent along.
        context: 0 guild, 1 bot DM, 2 private channel.
        application_id: The app's id.
        extra: Extra top-level fields, set last.
    """

    user: User
    member: Member | None
    guild_id: str | None
    guild: dict[str, Any] | None
    channel: dict[str, Any]
    locale: str
    guild_locale: str | None
    app_permissions: str
    entitlements: list[dict[str, Any]]
    context: int
    application_id: str
    extra: dict[str, Any]

    @property
    def member_permissions(self) -> str | None:
        """The invoking member's permissions, as sent (``None`` outside a guild)."""
        if self.member is None:
            return None
        value = self.member.raw.get("permissions")
        return None if value is None else str(value)


def envelope(actor: Actor, kind: int, data: dict[str, Any] | None) -> dict[str, Any]:
    """A complete interaction payload of type ``kind``, as Discord POSTs it.

    :mod:`kagari.testing.payloads` builds the envelope; the actor's own objects (the member
    with its nick and roles, the user, the channel, the guild) then replace the generic
    ones, so a handler sees exactly what the test made.
    """
    token = "kagari-test-" + snowflake()
    if kind == 1:
        return payloads.ping_payload(application_id=actor.application_id, token=token)
    context: payloads.ContextName = "guild"
    if actor.guild_id is None:
        context = "bot_dm" if actor.context == 1 else "private_channel"
    channel = dict(actor.channel)
    payload = payloads.interaction_payload(
        kind,
        data,
        application_id=actor.application_id,
        context=context,
        channel_id=str(channel.get("id")),
        user_id=str(actor.user.id),
        username=actor.user.username,
        locale=actor.locale,
        guild_locale=actor.guild_locale or actor.locale,
        permissions=actor.member_permissions or "0",
        app_permissions=actor.app_permissions,
        entitlements=actor.entitlements,
        token=token,
        interaction_id=snowflake(),
        **({"guild_id": actor.guild_id} if actor.guild_id is not None else {}),
    )
    if actor.guild_id is not None:
        payload["guild"] = dict(actor.guild or payload["guild"])
        member = raw_of(actor.member) if actor.member is not None else {}
        member.setdefault("user", raw_of(actor.user))
        payload["member"] = member
    else:
        payload["user"] = raw_of(actor.user)
    if actor.member_permissions is not None:
        channel.setdefault("permissions", actor.member_permissions)
    payload["channel"] = channel
    payload["context"] = actor.context
    payload.update(actor.extra)
    return payload


def build_actor(settings: Settings, fake: FakeDiscord) -> Actor:
    """Who sends the next interaction, from where, with the fake's ids filled in."""
    guild_id = None if settings.guild_id is None else str(settings.guild_id)
    user = settings.member.user if settings.member is not None else settings.user
    member = None
    if guild_id is not None:
        member = settings.member or make_member(user, guild_id=guild_id)
    if settings.channel is not None:
        channel = raw_of(settings.channel)
    elif guild_id is not None:
        channel = raw_of(make_channel(fake.state.channel_id, guild_id=guild_id))
    else:
        channel = raw_of(
            make_channel(fake.state.channel_id, type=ChannelType.DM, recipients=[user])
        )
    guild = None
    if guild_id is not None:
        guild = raw_of(settings.guild) if settings.guild is not None else None
        if guild is None:
            guild = {"id": guild_id, "locale": settings.locale, "features": []}
    entitlements = []
    for entitlement in settings.entitlements:
        raw = raw_of(entitlement)
        if raw.get("application_id") is None:
            raw["application_id"] = fake.application_id
        entitlements.append(raw)
    context = settings.context
    if context is None:
        context = 0 if guild_id is not None else 1
    return Actor(
        user=user,
        member=member,
        guild_id=guild_id,
        guild=guild,
        channel=channel,
        locale=settings.locale,
        guild_locale=settings.guild_locale,
        app_permissions=settings.app_permissions,
        entitlements=entitlements,
        context=context,
        application_id=fake.application_id,
        extra=dict(settings.payload_fields),
    )
