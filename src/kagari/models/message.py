"""Messages an interaction refers to, and their embeds."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.attachment import Attachment
from kagari.models.flags import MessageFlags
from kagari.models.message_components import MessageComponent
from kagari.models.message_refs import InteractionMetadata, MessageReference
from kagari.models.snowflake import Snowflake
from kagari.models.user import User

__all__ = ["Embed", "Message", "PartialMessage"]


class Embed(Model):
    """A rich embed on a received message (the parts handlers read most).

    Everything else (``footer``, ``image``, ``author``...) is in :attr:`raw`.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("title",)

    @cached_property
    def title(self) -> str | None:
        """The embed title."""
        return c.as_opt_str(self._raw.get("title"))

    @cached_property
    def description(self) -> str | None:
        """The embed body text."""
        return c.as_opt_str(self._raw.get("description"))

    @cached_property
    def url(self) -> str | None:
        """The link of the title."""
        return c.as_opt_str(self._raw.get("url"))

    @cached_property
    def color(self) -> int | None:
        """The color of the left border, as an RGB integer."""
        return c.as_opt_int(self._raw.get("color"))

    @cached_property
    def timestamp(self) -> datetime.datetime | None:
        """The timestamp shown in the footer."""
        return c.opt_datetime(self._raw.get("timestamp"))

    @cached_property
    def fields(self) -> list[dict[str, Any]]:
        """The embed fields, as raw ``{"name", "value", "inline"}`` objects."""
        return [item for item in c.as_list(self._raw.get("fields")) if isinstance(item, dict)]


class PartialMessage(Model):
    """A message known by its id and channel: all a message can be reduced to.

    Every message kagari decodes is a full :class:`Message`, which is a PartialMessage.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "channel_id")

    def __init__(self, raw: Any, *, guild_id: Snowflake | None = None) -> None:
        """Wrap a message object; ``guild_id`` is used when the object has none."""
        super().__init__(raw)
        self._guild_id = guild_id

    @cached_property
    def id(self) -> Snowflake:
        """The message's id (``Snowflake(0)`` when missing)."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def channel_id(self) -> Snowflake:
        """The channel the message is in (``Snowflake(0)`` when missing)."""
        return c.snowflake(self._raw.get("channel_id"))

    @cached_property
    def guild_id(self) -> Snowflake | None:
        """The guild of the message; ``None`` in DMs or when not known."""
        return c.opt_snowflake(self._raw.get("guild_id")) or self._guild_id

    @property
    def jump_url(self) -> str:
        """A link that opens the message in the Discord client.

        Uses ``@me`` in place of the guild id when the guild is not known (as for DMs).
        """
        return f"https://discord.com/channels/{self.guild_id or '@me'}/{self.channel_id}/{self.id}"

    @property
    def created_at(self) -> datetime.datetime:
        """When the message was sent (from its id)."""
        return self.id.created_at


class Message(PartialMessage):
    """A message as interactions carry it (the clicked message, a resolved message).

    Missing fields decode to ``""``, ``[]``, ``MessageFlags.NONE`` or ``None``; a
    missing author to an empty :class:`User`.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "channel_id", "author")

    @cached_property
    def type(self) -> int:
        """The message type (``0`` default, ``19`` reply, ``20`` command response...)."""
        return c.as_int(self._raw.get("type"))

    @cached_property
    def content(self) -> str:
        """The text of the message (``""`` when none or not visible to the app)."""
        return c.as_str(self._raw.get("content"))

    @cached_property
    def author(self) -> User:
        """Who sent the message (for webhooks: the webhook's name and avatar)."""
        return User(self._raw.get("author"))

    @cached_property
    def embeds(self) -> list[Embed]:
        """The message's embeds."""
        return [Embed(item) for item in c.as_list(self._raw.get("embeds"))]

    @cached_property
    def attachments(self) -> list[Attachment]:
        """The files attached to the message."""
        return [Attachment(item) for item in c.as_list(self._raw.get("attachments"))]

    @cached_property
    def components(self) -> list[MessageComponent]:
        """The message's top-level components, typed (``component["key"]`` reads the raw field)."""
        return [
            MessageComponent(item)
            for item in c.as_list(self._raw.get("components"))
            if isinstance(item, dict)
        ]

    @cached_property
    def flags(self) -> MessageFlags:
        """The message flags (``EPHEMERAL``, ``IS_COMPONENTS_V2``...)."""
        value = c.as_int(self._raw.get("flags"))
        return MessageFlags(value) if value >= 0 else MessageFlags.NONE

    @cached_property
    def timestamp(self) -> datetime.datetime | None:
        """When the message was sent."""
        return c.opt_datetime(self._raw.get("timestamp"))

    @cached_property
    def edited_timestamp(self) -> datetime.datetime | None:
        """When the message was last edited, if ever."""
        return c.opt_datetime(self._raw.get("edited_timestamp"))

    @cached_property
    def pinned(self) -> bool:
        """Whether the message is pinned."""
        return c.as_bool(self._raw.get("pinned"))

    @cached_property
    def tts(self) -> bool:
        """Whether the message was sent as text-to-speech."""
        return c.as_bool(self._raw.get("tts"))

    @cached_property
    def mentions(self) -> list[User]:
        """The users mentioned in the message."""
        return [User(item) for item in c.as_list(self._raw.get("mentions"))]

    @cached_property
    def mention_everyone(self) -> bool:
        """Whether the message mentions ``@everyone`` (or ``@here``)."""
        return c.as_bool(self._raw.get("mention_everyone"))

    @cached_property
    def mention_roles(self) -> list[Snowflake]:
        """The ids of the roles mentioned in the message."""
        return c.snowflake_list(self._raw.get("mention_roles"))

    @cached_property
    def webhook_id(self) -> Snowflake | None:
        """The webhook that sent the message (interaction responses are webhook messages)."""
        return c.opt_snowflake(self._raw.get("webhook_id"))

    @cached_property
    def application_id(self) -> Snowflake | None:
        """The app that sent the message, for interaction responses."""
        return c.opt_snowflake(self._raw.get("application_id"))

    @cached_property
    def interaction_metadata(self) -> InteractionMetadata | None:
        """The interaction the message answers (who used which command), if any."""
        value = self._raw.get("interaction_metadata")
        return InteractionMetadata(value) if isinstance(value, dict) else None

    @cached_property
    def message_reference(self) -> MessageReference | None:
        """What the message replies to or forwards, if anything."""
        value = self._raw.get("message_reference")
        return MessageReference(value) if isinstance(value, dict) else None

    @cached_property
    def referenced_message(self) -> Message | None:
        """The message replied to, when Discord sends it (``None`` also when deleted)."""
        value = self._raw.get("referenced_message")
        if not isinstance(value, dict):
            return None
        return Message(value, guild_id=self.guild_id)
