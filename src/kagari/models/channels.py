"""Channels: one class per documented channel type, and the decoder that picks it.

Each class lists the channel types it stands for in ``channel_types``, so a command
option annotated with a union of classes can tell Discord which channels to offer.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.channel_parts import DefaultReaction, PermissionOverwrite, ThreadMember
from kagari.models.enums import ChannelType
from kagari.models.flags import Permissions
from kagari.models.snowflake import Snowflake
from kagari.models.user import User

__all__ = [
    "DMChannel",
    "GroupDMChannel",
    "GuildCategory",
    "GuildDirectoryChannel",
    "GuildForumChannel",
    "GuildMediaChannel",
    "GuildNewsChannel",
    "GuildStageChannel",
    "GuildTextChannel",
    "GuildThread",
    "GuildVoiceChannel",
    "NewsThread",
    "PartialChannel",
    "PrivateThread",
    "PublicThread",
    "decode_channel",
]


class PartialChannel(Model):
    """Any channel; also what an unknown channel type decodes to.

    Interactions carry partial channels: ``id``, ``name``, ``type`` and
    ``permissions`` are usually there, the rest may be ``None``. A missing ``id``
    decodes to ``Snowflake(0)``, a missing ``type`` to ``-1``.
    """

    channel_types: ClassVar[tuple[int, ...]] = ()
    """The channel types this class stands for; empty means any."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "name", "type")

    def __init__(self, raw: Any, *, guild_id: Snowflake | None = None) -> None:
        """Wrap a channel object; ``guild_id`` is used when the object has none."""
        super().__init__(raw)
        self._guild_id = guild_id

    @cached_property
    def id(self) -> Snowflake:
        """The channel's id."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def type(self) -> ChannelType | int:
        """The channel's type (a plain int for types kagari does not know)."""
        return c.try_enum(ChannelType, c.as_int(self._raw.get("type"), -1))

    @cached_property
    def name(self) -> str | None:
        """The channel's name (``None`` for DMs)."""
        return c.as_opt_str(self._raw.get("name"))

    @cached_property
    def guild_id(self) -> Snowflake | None:
        """The guild the channel belongs to, when known."""
        return c.opt_snowflake(self._raw.get("guild_id")) or self._guild_id

    @cached_property
    def permissions(self) -> Permissions | None:
        """The invoking user's permissions in the channel, overwrites included."""
        return Permissions.from_raw(self._raw.get("permissions"))

    @cached_property
    def app_permissions(self) -> Permissions | None:
        """The app's own permissions in the channel, when Discord sends them."""
        return Permissions.from_raw(self._raw.get("app_permissions"))

    @cached_property
    def permission_overwrites(self) -> list[PermissionOverwrite]:
        """The channel's explicit permission overwrites, when sent."""
        return [
            PermissionOverwrite(item)
            for item in c.as_list(self._raw.get("permission_overwrites"))
            if isinstance(item, dict)
        ]

    @cached_property
    def parent_id(self) -> Snowflake | None:
        """The category of a channel, or the parent channel of a thread."""
        return c.opt_snowflake(self._raw.get("parent_id"))

    @cached_property
    def nsfw(self) -> bool:
        """Whether the channel is age-restricted."""
        return c.as_bool(self._raw.get("nsfw"))

    @cached_property
    def position(self) -> int | None:
        """The sorting position in the channel list."""
        return c.as_opt_int(self._raw.get("position"))

    @cached_property
    def topic(self) -> str | None:
        """The channel topic, if any."""
        return c.as_opt_str(self._raw.get("topic"))

    @cached_property
    def flags(self) -> int:
        """The channel flags bit field (``0`` when missing)."""
        return c.as_int(self._raw.get("flags"))

    @cached_property
    def last_message_id(self) -> Snowflake | None:
        """The id of the latest message (it may have been deleted)."""
        return c.opt_snowflake(self._raw.get("last_message_id"))

    @cached_property
    def rate_limit_per_user(self) -> int:
        """The slowmode delay in seconds (``0`` when off or missing)."""
        return c.as_int(self._raw.get("rate_limit_per_user"))

    @cached_property
    def last_pin_timestamp(self) -> datetime.datetime | None:
        """When a message was last pinned in the channel."""
        return c.opt_datetime(self._raw.get("last_pin_timestamp"))

    @cached_property
    def default_auto_archive_duration(self) -> int | None:
        """The auto-archive minutes new threads get (text, announcement and forum channels)."""
        return c.as_opt_int(self._raw.get("default_auto_archive_duration"))

    @cached_property
    def default_thread_rate_limit_per_user(self) -> int | None:
        """The slowmode seconds new threads get."""
        return c.as_opt_int(self._raw.get("default_thread_rate_limit_per_user"))

    @property
    def mention(self) -> str:
        """The text that links the channel in a message: ``<#id>``."""
        return f"<#{self.id}>"

    @property
    def jump_url(self) -> str:
        """A link that opens the channel in the Discord client."""
        return f"https://discord.com/channels/{self.guild_id or '@me'}/{self.id}"


class _Recipients(PartialChannel):
    """Fields of private channels."""

    @cached_property
    def recipients(self) -> list[User]:
        """The other users in the DM, when Discord sends them."""
        return [User(item) for item in c.as_list(self._raw.get("recipients"))]


class _Voice(PartialChannel):
    """Fields of voice-capable channels."""

    @cached_property
    def bitrate(self) -> int | None:
        """The audio bitrate in bits per second."""
        return c.as_opt_int(self._raw.get("bitrate"))

    @cached_property
    def user_limit(self) -> int | None:
        """The user limit (``0`` means none)."""
        return c.as_opt_int(self._raw.get("user_limit"))

    @cached_property
    def rtc_region(self) -> str | None:
        """The voice region id, ``None`` for automatic."""
        return c.as_opt_str(self._raw.get("rtc_region"))

    @cached_property
    def video_quality_mode(self) -> int | None:
        """The camera video quality: ``1`` automatic, ``2`` 720p."""
        return c.as_opt_int(self._raw.get("video_quality_mode"))


class _Tags(PartialChannel):
    """Fields of channels whose posts are threads (forums and media channels)."""

    @cached_property
    def available_tags(self) -> list[dict[str, Any]]:
        """The tags posts may carry, as raw objects."""
        return [
            item for item in c.as_list(self._raw.get("available_tags")) if isinstance(item, dict)
        ]

    @cached_property
    def default_reaction_emoji(self) -> DefaultReaction | None:
        """The emoji shown as the reaction button on posts, if set."""
        value = self._raw.get("default_reaction_emoji")
        return DefaultReaction(value) if isinstance(value, dict) else None

    @cached_property
    def default_sort_order(self) -> int | None:
        """How posts are sorted: ``0`` latest activity, ``1`` creation date."""
        return c.as_opt_int(self._raw.get("default_sort_order"))

    @cached_property
    def default_forum_layout(self) -> int | None:
        """How a forum shows posts: ``0`` not set, ``1`` list, ``2`` gallery."""
        return c.as_opt_int(self._raw.get("default_forum_layout"))


class GuildTextChannel(PartialChannel):
    """A text channel in a guild."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.GUILD_TEXT,)


class DMChannel(_Recipients):
    """A direct message between two users."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.DM,)


class GuildVoiceChannel(_Voice):
    """A voice channel in a guild."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.GUILD_VOICE,)


class GroupDMChannel(_Recipients):
    """A direct message between several users."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.GROUP_DM,)

    @cached_property
    def owner_id(self) -> Snowflake | None:
        """The user who created the group DM."""
        return c.opt_snowflake(self._raw.get("owner_id"))

    @cached_property
    def icon(self) -> str | None:
        """The group DM icon hash, if any."""
        return c.as_opt_str(self._raw.get("icon"))

    @cached_property
    def application_id(self) -> Snowflake | None:
        """The app that created the group DM, if one did."""
        return c.opt_snowflake(self._raw.get("application_id"))

    @cached_property
    def managed(self) -> bool:
        """Whether an app manages the group DM."""
        return c.as_bool(self._raw.get("managed"))


class GuildCategory(PartialChannel):
    """A category that groups up to 50 channels."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.GUILD_CATEGORY,)


class GuildNewsChannel(PartialChannel):
    """An announcement channel, whose messages other guilds can follow."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.GUILD_ANNOUNCEMENT,)


class GuildThread(PartialChannel):
    """A thread of any kind (announcement, public or private)."""

    channel_types: ClassVar[tuple[int, ...]] = (
        ChannelType.ANNOUNCEMENT_THREAD,
        ChannelType.PUBLIC_THREAD,
        ChannelType.PRIVATE_THREAD,
    )

    @cached_property
    def _metadata(self) -> dict[str, Any]:
        return c.as_dict(self._raw.get("thread_metadata"))

    @cached_property
    def owner_id(self) -> Snowflake | None:
        """The user who started the thread."""
        return c.opt_snowflake(self._raw.get("owner_id"))

    @cached_property
    def archived(self) -> bool:
        """Whether the thread is archived."""
        return c.as_bool(self._metadata.get("archived"))

    @cached_property
    def locked(self) -> bool:
        """Whether only moderators may unarchive the thread."""
        return c.as_bool(self._metadata.get("locked"))

    @cached_property
    def auto_archive_duration(self) -> int | None:
        """Minutes of inactivity after which the thread archives itself."""
        return c.as_opt_int(self._metadata.get("auto_archive_duration"))

    @cached_property
    def archive_timestamp(self) -> datetime.datetime | None:
        """When the archived state last changed."""
        return c.opt_datetime(self._metadata.get("archive_timestamp"))

    @cached_property
    def invitable(self) -> bool | None:
        """Whether non-moderators may add others to a private thread."""
        return c.as_opt_bool(self._metadata.get("invitable"))

    @cached_property
    def create_timestamp(self) -> datetime.datetime | None:
        """When the thread was created (only set for threads made after 2022-01-09)."""
        return c.opt_datetime(self._metadata.get("create_timestamp"))

    @cached_property
    def total_message_sent(self) -> int | None:
        """Messages ever sent in the thread, deleted ones included."""
        return c.as_opt_int(self._raw.get("total_message_sent"))

    @cached_property
    def applied_tags(self) -> list[Snowflake]:
        """The forum or media tags a post carries."""
        return c.snowflake_list(self._raw.get("applied_tags"))

    @cached_property
    def member(self) -> ThreadMember | None:
        """The app's membership of the thread, when it has joined it."""
        value = self._raw.get("member")
        return ThreadMember(value) if isinstance(value, dict) else None

    @cached_property
    def member_count(self) -> int | None:
        """An approximate member count (stops counting at 50)."""
        return c.as_opt_int(self._raw.get("member_count"))

    @cached_property
    def message_count(self) -> int | None:
        """The number of messages in the thread, deleted ones excluded."""
        return c.as_opt_int(self._raw.get("message_count"))


class NewsThread(GuildThread):
    """A thread in an announcement channel."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.ANNOUNCEMENT_THREAD,)


class PublicThread(GuildThread):
    """A public thread in a text channel, or a forum or media post."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.PUBLIC_THREAD,)


class PrivateThread(GuildThread):
    """A thread only invited members and moderators can see."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.PRIVATE_THREAD,)


class GuildStageChannel(_Voice):
    """A stage channel for talks to an audience."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.GUILD_STAGE_VOICE,)


class GuildDirectoryChannel(PartialChannel):
    """The channel of a hub that lists its member servers."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.GUILD_DIRECTORY,)


class GuildForumChannel(_Tags):
    """A forum: a channel of thread posts."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.GUILD_FORUM,)


class GuildMediaChannel(_Tags):
    """A media channel: a forum of image and video posts."""

    channel_types: ClassVar[tuple[int, ...]] = (ChannelType.GUILD_MEDIA,)


_BY_TYPE: dict[int, type[PartialChannel]] = {
    channel_type: cls
    for cls in (
        GuildTextChannel,
        DMChannel,
        GuildVoiceChannel,
        GroupDMChannel,
        GuildCategory,
        GuildNewsChannel,
        NewsThread,
        PublicThread,
        PrivateThread,
        GuildStageChannel,
        GuildDirectoryChannel,
        GuildForumChannel,
        GuildMediaChannel,
    )
    for channel_type in cls.channel_types
}


def decode_channel(raw: Any, *, guild_id: Snowflake | None = None) -> PartialChannel:
    """Wrap a channel object in the class of its ``type`` (unknown types: PartialChannel).

    Args:
        raw: The channel JSON object.
        guild_id: The guild to report when the object has no ``guild_id``.
    """
    channel_type = raw.get("type") if isinstance(raw, dict) else None
    cls = _BY_TYPE.get(channel_type) if type(channel_type) is int else None
    return (cls or PartialChannel)(raw, guild_id=guild_id)
