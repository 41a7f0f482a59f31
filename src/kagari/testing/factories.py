"""Factories for the objects interactions carry: users, members, roles, channels, guilds...

Each factory returns the real :mod:`kagari.models` object, wrapping a payload shaped
like the one Discord sends, so a test can hand it to the :class:`~kagari.testing.
TestClient` (as an option value, a context-menu target, the invoking user) and compare
against what the bot said about it::

    alice = make_member(username="alice", permissions=Permissions.ADMINISTRATOR)
    result = await client.using(member=alice).command("greet", who=make_user(username="bo"))

Every argument is optional; ids are fresh snowflakes dated now unless given. Extra
keyword arguments are copied into the payload as they are, for fields without a
parameter of their own.
"""

from __future__ import annotations

import datetime
import mimetypes
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from kagari.models import (
    Attachment,
    ChannelType,
    Entitlement,
    Member,
    Message,
    PartialChannel,
    PartialGuild,
    Permissions,
    Role,
    Snowflake,
    User,
    decode_channel,
)
from kagari.models.snowflake import DISCORD_EPOCH

__all__ = [
    "DEFAULT_APP_PERMISSIONS",
    "DEFAULT_MEMBER_PERMISSIONS",
    "Snowflakeish",
    "make_attachment",
    "make_channel",
    "make_entitlement",
    "make_guild",
    "make_member",
    "make_message",
    "make_role",
    "make_user",
    "raw_of",
    "snowflake",
]

Snowflakeish: TypeAlias = int | str
"""An id as an int or a decimal string."""

DEFAULT_MEMBER_PERMISSIONS = (
    Permissions.VIEW_CHANNEL
    | Permissions.SEND_MESSAGES
    | Permissions.SEND_MESSAGES_IN_THREADS
    | Permissions.READ_MESSAGE_HISTORY
    | Permissions.ADD_REACTIONS
    | Permissions.EMBED_LINKS
    | Permissions.ATTACH_FILES
    | Permissions.USE_EXTERNAL_EMOJIS
    | Permissions.USE_APPLICATION_COMMANDS
    | Permissions.CHANGE_NICKNAME
    | Permissions.CONNECT
    | Permissions.SPEAK
)
"""What an ordinary member may do in a channel: read, write, react, attach, use apps."""

DEFAULT_APP_PERMISSIONS = (
    Permissions.VIEW_CHANNEL
    | Permissions.SEND_MESSAGES
    | Permissions.EMBED_LINKS
    | Permissions.ATTACH_FILES
    | Permissions.READ_MESSAGE_HISTORY
    | Permissions.USE_EXTERNAL_EMOJIS
)
"""The permissions a freshly installed app has in a channel (``app_permissions``)."""

_lock = threading.Lock()
_last = [0, 0]  # last millisecond, increment within it


def snowflake() -> str:
    """A fresh snowflake dated now, as Discord sends ids: a decimal string.

    Ids from one process strictly increase, so a later object has a larger id.
    """
    with _lock:
        ms = int(time.time() * 1000) - DISCORD_EPOCH
        if ms <= _last[0]:
            ms = _last[0]
            _last[1] += 1
            if _last[1] > 0xFFF:  # more than 4096 ids in one millisecond: borrow the next
                ms += 1
                _last[1] = 0
        else:
            _last[1] = 0
        _last[0] = ms
        return str((ms << 22) | _last[1])


def _id(value: Snowflakeish | None) -> str:
    if value is None:
        return snowflake()
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"id: expected an int or a decimal string, got {value!r}")
    text = str(value)
    if not (text.isascii() and text.isdigit()) or not text.strip("0"):
        raise ValueError(f"id: expected a positive snowflake, got {value!r}")
    return text


def _iso(when: datetime.datetime | str | None) -> str | None:
    if when is None or isinstance(when, str):
        return when
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when.isoformat()


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def _permissions(value: Permissions | int | str) -> str:
    return str(int(value))


def raw_of(value: Any) -> dict[str, Any]:
    """The JSON object behind a model (a copy), or a dict itself (a copy).

    Raises:
        TypeError: ``value`` is neither a :class:`kagari.models.Model`-like object with
            ``raw`` nor a dict.
    """
    raw = getattr(value, "raw", value)
    if not isinstance(raw, Mapping):
        raise TypeError(f"expected a kagari model or a dict, got {type(value).__name__}")
    return {key: _deep_copy(item) for key, item in raw.items()}


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _deep_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_deep_copy(item) for item in value]
    return value


def _to_json(value: Any, field: str) -> dict[str, Any]:
    """A component/embed builder (``to_dict``), a model (``raw``) or a dict, as JSON."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        result = to_dict()
        if isinstance(result, dict):
            return result
    if isinstance(value, Mapping) or hasattr(value, "raw"):
        return raw_of(value)
    raise TypeError(f"{field}: expected a builder, a model or a dict, got {value!r}")


# -- people ---------------------------------------------------------------------------------


def make_user(
    id: Snowflakeish | None = None,
    *,
    username: str = "tester",
    global_name: str | None = None,
    avatar: str | None = None,
    bot: bool = False,
    discriminator: str = "0",
    **fields: Any,
) -> User:
    """A user, as in ``interaction.user`` or ``resolved.users``.

    Args:
        id: The user id (fresh by default).
        username: The unique username.
        global_name: The display name (``None``: the username is shown).
        avatar: The avatar hash.
        bot: Whether the user is a bot.
        discriminator: ``"0"`` for migrated users, as Discord sends now.
        **fields: More user fields (``public_flags``, ``banner``...).
    """
    raw: dict[str, Any] = {
        "id": _id(id),
        "username": username,
        "global_name": global_name,
        "discriminator": discriminator,
        "avatar": avatar,
        "public_flags": 0,
    }
    if bot:
        raw["bot"] = True
    raw.update(fields)
    return User(raw)


def make_member(
    user: User | None = None,
    *,
    id: Snowflakeish | None = None,
    username: str = "tester",
    nick: str | None = None,
    roles: Iterable[Role | Snowflakeish] = (),
    permissions: Permissions | int | str = DEFAULT_MEMBER_PERMISSIONS,
    guild_id: Snowflakeish | None = None,
    joined_at: datetime.datetime | str | None = None,
    avatar: str | None = None,
    communication_disabled_until: datetime.datetime | str | None = None,
    pending: bool = False,
    **fields: Any,
) -> Member:
    """A guild member: a user plus their roles, nickname and channel permissions.

    Args:
        user: The member's user; made with ``id`` and ``username`` when omitted.
        id: The user's id when ``user`` is omitted.
        username: The user's username when ``user`` is omitted.
        nick: The guild nickname.
        roles: Roles (or role ids) the member has.
        permissions: The member's permissions in the channel the interaction comes from
            (Discord sends them computed, overwrites included).
        guild_id: The guild the membership is in (the client's guild when omitted).
        joined_at: When the member joined (a while ago by default).
        avatar: The guild avatar hash.
        communication_disabled_until: The end of a timeout.
        pending: Whether the member has not passed membership screening yet.
        **fields: More member fields (``premium_since``, ``flags``...).

    Raises:
        ValueError: Both ``user`` and ``id`` are given.
    """
    if user is not None and id is not None:
        raise ValueError("make_member: give either user= or id=, not both")
    if user is None:
        user = make_user(id, username=username)
    raw: dict[str, Any] = {
        "user": raw_of(user),
        "nick": nick,
        "avatar": avatar,
        "roles": [str(getattr(role, "id", role)) for role in roles],
        "joined_at": _iso(joined_at) or "2021-06-01T12:00:00.000000+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": pending,
        "permissions": _permissions(permissions),
        "communication_disabled_until": _iso(communication_disabled_until),
    }
    raw.update(fields)
    return Member(raw, guild_id=None if guild_id is None else Snowflake(int(_id(guild_id))))


def make_role(
    id: Snowflakeish | None = None,
    *,
    name: str = "role",
    permissions: Permissions | int | str = 0,
    color: int = 0,
    position: int = 1,
    hoist: bool = False,
    mentionable: bool = False,
    managed: bool = False,
    **fields: Any,
) -> Role:
    """A guild role, as in ``resolved.roles``.

    Args:
        id: The role id (fresh by default).
        name: The role's name.
        permissions: The role's permissions.
        color: The colour as ``0xRRGGBB``.
        position: Its position in the role list.
        hoist: Whether members are listed separately.
        mentionable: Whether anyone may mention it.
        managed: Whether an integration manages it.
        **fields: More role fields (``icon``, ``tags``, ``flags``...).
    """
    raw: dict[str, Any] = {
        "id": _id(id),
        "name": name,
        "color": color,
        "hoist": hoist,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": _permissions(permissions),
        "managed": managed,
        "mentionable": mentionable,
        "flags": 0,
    }
    raw.update(fields)
    return Role(raw)


# -- places ---------------------------------------------------------------------------------


def make_guild(
    id: Snowflakeish | None = None,
    *,
    locale: str = "en-US",
    features: Iterable[str] = (),
    **fields: Any,
) -> PartialGuild:
    """The partial guild an interaction carries (``interaction.guild``).

    Args:
        id: The guild id (fresh by default).
        locale: The guild's preferred locale (also sent as ``guild_locale``).
        features: Guild feature names such as ``"COMMUNITY"``.
        **fields: More fields.
    """
    raw: dict[str, Any] = {"id": _id(id), "locale": str(locale), "features": list(features)}
    raw.update(fields)
    return PartialGuild(raw)


def make_channel(
    id: Snowflakeish | None = None,
    *,
    name: str | None = "general",
    type: ChannelType | int = ChannelType.GUILD_TEXT,
    guild_id: Snowflakeish | None = None,
    parent_id: Snowflakeish | None = None,
    topic: str | None = None,
    nsfw: bool = False,
    permissions: Permissions | int | str | None = None,
    recipients: Iterable[User] = (),
    **fields: Any,
) -> PartialChannel:
    """A channel, as in ``interaction.channel`` or ``resolved.channels``.

    Args:
        id: The channel id (fresh by default).
        name: The channel name (ignored for DMs).
        type: The channel type (a guild text channel by default).
        guild_id: The guild it is in (for guild channels).
        parent_id: The category, or the parent channel of a thread.
        topic: The channel topic.
        nsfw: Whether it is age-restricted.
        permissions: The invoking user's permissions in it (resolved channels carry them).
        recipients: The other users of a DM or group DM.
        **fields: More fields (``rate_limit_per_user``, ``thread_metadata``...).
    """
    kind = int(type)
    raw: dict[str, Any] = {"id": _id(id), "type": kind}
    if kind in (int(ChannelType.DM), int(ChannelType.GROUP_DM)):
        raw["recipients"] = [raw_of(user) for user in recipients]
        raw["last_message_id"] = None
        raw["flags"] = 0
    else:
        raw.update(
            name=name,
            position=0,
            flags=0,
            parent_id=None if parent_id is None else _id(parent_id),
            nsfw=nsfw,
            permission_overwrites=[],
        )
        if kind not in (int(ChannelType.GUILD_CATEGORY),):
            raw.update(topic=topic, rate_limit_per_user=0, last_message_id=None)
        if guild_id is not None:
            raw["guild_id"] = _id(guild_id)
    if permissions is not None:
        raw["permissions"] = _permissions(permissions)
    raw.update(fields)
    return decode_channel(raw)


# -- things -----------------------------------------------------------------------------------


def make_attachment(
    id: Snowflakeish | None = None,
    *,
    filename: str = "file.txt",
    data: bytes | None = None,
    size: int | None = None,
    content_type: str | None = None,
    url: str | None = None,
    width: int | None = None,
    height: int | None = None,
    description: str | None = None,
    **fields: Any,
) -> Attachment:
    """An uploaded file, as in ``resolved.attachments`` (ATTACHMENT options, file uploads).

    Args:
        id: The attachment id (fresh by default).
        filename: The file name.
        data: The content; only its size is sent (Discord sends a URL, not the bytes).
        size: The size in bytes (``len(data)``, else 1024).
        content_type: The media type (guessed from ``filename`` when omitted).
        url: The CDN URL (made up from the id and name when omitted).
        width: The width of an image or video.
        height: The height of an image or video.
        description: The alt text.
        **fields: More fields (``duration_secs``, ``flags``...).
    """
    attachment_id = _id(id)
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if size is None:
        size = len(data) if data is not None else 1024
    if url is None:
        url = f"https://cdn.discordapp.com/ephemeral-attachments/1/{attachment_id}/{filename}"
    raw: dict[str, Any] = {
        "id": attachment_id,
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url.replace("https://cdn.", "https://media."),
        "content_type": content_type,
        "ephemeral": True,
    }
    for key, value in (("width", width), ("height", height), ("description", description)):
        if value is not None:
            raw[key] = value
    raw.update(fields)
    return Attachment(raw)


def make_message(
    id: Snowflakeish | None = None,
    *,
    content: str = "",
    author: User | Member | None = None,
    channel_id: Snowflakeish | None = None,
    components: Iterable[Any] = (),
    embeds: Iterable[Any] = (),
    attachments: Iterable[Attachment | Mapping[str, Any]] = (),
    flags: int = 0,
    guild_id: Snowflakeish | None = None,
    timestamp: datetime.datetime | str | None = None,
    **fields: Any,
) -> Message:
    """A message: a message command's target, or the message a component sits on.

    Args:
        id: The message id (fresh by default).
        content: The text.
        author: Who sent it (a fresh user by default).
        channel_id: The channel it is in (the client's channel when sent through it).
        components: Component builders (``kagari.ActionRow(...)``) or dicts.
        embeds: Embed builders (``kagari.Embed(...)``) or dicts.
        attachments: Attachments (:func:`make_attachment`) or dicts.
        flags: Message flags (64: ephemeral).
        guild_id: The guild it is in.
        timestamp: When it was sent (now by default).
        **fields: More message fields (``pinned``, ``mentions``, ``poll``...).
    """
    if isinstance(author, Member):
        author = author.user
    raw: dict[str, Any] = {
        "id": _id(id),
        "type": 0,
        "channel_id": None if channel_id is None else _id(channel_id),
        "author": raw_of(author if author is not None else make_user(username="someone")),
        "content": content,
        "timestamp": _iso(timestamp) or _now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [raw_of(item) for item in attachments],
        "embeds": [_to_json(item, "embeds") for item in embeds],
        "components": [_to_json(item, "components") for item in components],
        "pinned": False,
        "flags": int(flags),
    }
    if guild_id is not None:
        raw["guild_id"] = _id(guild_id)
    raw.update(fields)
    return Message(raw)


def make_entitlement(
    sku_id: Snowflakeish,
    *,
    id: Snowflakeish | None = None,
    user_id: Snowflakeish | None = None,
    guild_id: Snowflakeish | None = None,
    application_id: Snowflakeish | None = None,
    type: int = 8,
    consumed: bool = False,
    ends_at: datetime.datetime | str | None = None,
    **fields: Any,
) -> Entitlement:
    """An entitlement to one of the app's SKUs, as in ``interaction.entitlements``.

    Args:
        sku_id: The SKU.
        id: The entitlement id (fresh by default).
        user_id: The user it belongs to.
        guild_id: The guild it belongs to.
        application_id: The app (the client fills in its application id when omitted).
        type: 8 is an application subscription; 4 a test-mode purchase.
        consumed: Whether a consumable was used up.
        ends_at: When it ends (``None``: it does not).
        **fields: More fields.
    """
    raw: dict[str, Any] = {
        "id": _id(id),
        "sku_id": _id(sku_id),
        "application_id": None if application_id is None else _id(application_id),
        "user_id": None if user_id is None else _id(user_id),
        "guild_id": None if guild_id is None else _id(guild_id),
        "type": type,
        "deleted": False,
        "consumed": consumed,
        "starts_at": _now(),
        "ends_at": _iso(ends_at),
    }
    raw.update(fields)
    return Entitlement(raw)
