"""``Context``: what every handler gets first: the interaction, shortcuts, and ways to answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kagari.app.runtime.responder import ResponseState, message_body
from kagari.builders.embeds import Embed
from kagari.builders.mentions import AllowedMentions
from kagari.builders.responses import Defer, Message, Poll, ResponseBuilder, Update
from kagari.models import (
    AutocompleteInteraction,
    CommandInteraction,
    ComponentInteraction,
    Locale,
    Member,
    ModalInteraction,
    PartialChannel,
    Permissions,
    Snowflake,
    User,
)
from kagari.models import Message as MessageModel

if TYPE_CHECKING:
    from kagari.app.bot import Bot
    from kagari.builders.components import MessageComponent
    from kagari.builders.responses import AttachmentLike, FileLike
    from kagari.rest import RESTClient

__all__ = ["AnyInteraction", "Context"]

AnyInteraction = (
    CommandInteraction | ComponentInteraction | ModalInteraction | AutocompleteInteraction
)
"""Every interaction a handler can receive."""


class Context:
    """The interaction a handler is answering, and the ways to answer it.

    The first answer goes into the HTTP response whichever way the handler gives it:
    returned, first yielded, or passed to :meth:`respond`. After that, :meth:`respond`
    and :meth:`followup` post follow-ups and :meth:`edit` changes the first answer.

    Args:
        bot: The bot handling the interaction.
        interaction: The interaction.
        handler: The command or route object being run (``None`` before routing).
        state: The response state (made for you when omitted).
        deadline: Seconds after arrival by which the first answer must exist.
    """

    def __init__(
        self,
        bot: Bot,
        interaction: AnyInteraction,
        *,
        handler: Any = None,
        state: ResponseState | None = None,
        deadline: float = 2.5,
    ) -> None:
        self.bot = bot
        self.interaction = interaction
        self.handler = handler
        self.options: dict[str, Any] = {}
        """The converted option values (or modal fields) passed to the handler."""
        self._state = state or ResponseState(interaction, bot.rest)
        self._deadline = deadline

    def __repr__(self) -> str:
        return f"Context(interaction={self.interaction!r}, handler={self.handler!r})"

    # -- shortcuts -------------------------------------------------------------------------

    @property
    def rest(self) -> RESTClient:
        """The bot's REST client."""
        return self.bot.rest

    @property
    def user(self) -> User:
        """Who triggered the interaction (the member's user in guilds)."""
        return self.interaction.user

    @property
    def member(self) -> Member | None:
        """The guild member who triggered it; ``None`` in DMs."""
        return self.interaction.member

    @property
    def guild_id(self) -> Snowflake | None:
        """The guild it came from; ``None`` in DMs and group DMs."""
        return self.interaction.guild_id

    @property
    def channel_id(self) -> Snowflake | None:
        """The channel it came from."""
        return self.interaction.channel_id

    @property
    def channel(self) -> PartialChannel | None:
        """The (partial) channel it came from."""
        return self.interaction.channel

    @property
    def locale(self) -> Locale | str | None:
        """The user's client language."""
        return self.interaction.locale

    @property
    def guild_locale(self) -> Locale | str | None:
        """The guild's preferred language, in guilds."""
        return self.interaction.guild_locale

    @property
    def app_permissions(self) -> Permissions | None:
        """What the app may do in the channel."""
        return self.interaction.app_permissions

    @property
    def custom_id(self) -> str | None:
        """The custom_id of the component or modal (``None`` for commands)."""
        value = getattr(self.interaction, "custom_id", None)
        return value if isinstance(value, str) else None

    @property
    def values(self) -> list[str]:
        """The selected values of a select menu (empty otherwise)."""
        values = getattr(self.interaction, "values", None)
        return list(values) if isinstance(values, list) else []

    @property
    def message(self) -> MessageModel | None:
        """The message a component sits on (or the modal came from), if any."""
        return self.interaction.message

    @property
    def handler_name(self) -> str:
        """The running command's full name or route's pattern (used in cooldown keys)."""
        handler = self.handler
        name = getattr(handler, "qualified_name", None) or getattr(handler, "pattern", None)
        return str(getattr(name, "pattern", name) or "?")

    @property
    def responded(self) -> bool:
        """Whether the first answer (the HTTP response) is decided."""
        return self._state.responded

    @property
    def deferred(self) -> bool:
        """Whether the first answer was a deferral (by the handler or the deadline)."""
        return self._state.deferred

    @property
    def time_left(self) -> float:
        """Seconds left before the deadline for the first answer (may be negative)."""
        return self._deadline - self._state.elapsed()

    # -- answering -------------------------------------------------------------------------

    async def respond(
        self,
        content: str | ResponseBuilder | None = None,
        *,
        embeds: Iterable[Embed] | None = None,
        components: Iterable[MessageComponent] | None = None,
        files: Iterable[FileLike] | None = None,
        ephemeral: bool = False,
        tts: bool = False,
        allowed_mentions: AllowedMentions | None = None,
        suppress_embeds: bool = False,
        suppress_notifications: bool = False,
        poll: Poll | None = None,
        flags: int | None = None,
    ) -> MessageModel | None:
        """Answer the interaction; a second answer becomes a follow-up.

        Pass a builder (``kagari.Message``, ``kagari.Modal``...) or the fields of a
        message. The first answer is the HTTP response: the call returns once it is on
        its way, so follow-ups and edits can come right after. After a deferral the
        first answer fills the deferred message.

        Returns:
            ``None`` for the first answer, else the message Discord created or edited.

        Raises:
            InteractionResponseError: A modal after the interaction was answered.
        """
        builder = _builder(
            content,
            embeds=embeds,
            components=components,
            files=files,
            ephemeral=ephemeral,
            tts=tts,
            allowed_mentions=allowed_mentions,
            suppress_embeds=suppress_embeds,
            suppress_notifications=suppress_notifications,
            poll=poll,
            flags=flags,
        )
        return await self._state.send(builder)

    async def defer(self, ephemeral: bool = False, *, update: bool | None = None) -> None:
        """Acknowledge now and answer later (with :meth:`edit` or :meth:`respond`).

        Commands and modal submits show "thinking..."; components show nothing and a
        later :meth:`edit` changes their message. Deferring twice is a no-op.

        Args:
            ephemeral: Make the coming message visible only to the user.
            update: See :class:`kagari.Defer`.

        Raises:
            InteractionResponseError: The interaction was already answered otherwise.
        """
        await self._state.send(Defer(ephemeral, update=update))

    async def edit(
        self,
        content: str | ResponseBuilder | None = None,
        *,
        embeds: Iterable[Embed] | None = None,
        components: Iterable[MessageComponent] | None = None,
        files: Iterable[FileLike] | None = None,
        allowed_mentions: AllowedMentions | None = None,
        attachments: Iterable[AttachmentLike] | None = None,
    ) -> MessageModel | None:
        """Change the first answer (``PATCH .../messages/@original``).

        Only the fields given change. Before anything was sent, a component or modal
        interaction answers with an update of its message instead.

        Returns:
            The edited message, or ``None`` when the edit was the HTTP answer.

        Raises:
            InteractionResponseError: A command that has not answered yet.
        """
        if isinstance(content, ResponseBuilder):
            builder: ResponseBuilder = content
        else:
            builder = Update(
                content,
                embeds=embeds,
                components=components,
                files=files,
                allowed_mentions=allowed_mentions,
                attachments=attachments,
            )
        state = self._state
        if (
            not state.responded
            and isinstance(self.interaction, (ComponentInteraction, ModalInteraction))
            and isinstance(builder, Update)
        ):
            return await state.send(builder)
        body, sent_files = message_body(builder, state.interaction_type)
        return await state.edit(body, sent_files)

    async def delete(self) -> None:
        """Delete the first answer (``DELETE .../messages/@original``)."""
        await self._state.delete()

    async def followup(
        self,
        content: str | ResponseBuilder | None = None,
        *,
        embeds: Iterable[Embed] | None = None,
        components: Iterable[MessageComponent] | None = None,
        files: Iterable[FileLike] | None = None,
        ephemeral: bool = False,
        tts: bool = False,
        allowed_mentions: AllowedMentions | None = None,
        suppress_embeds: bool = False,
        suppress_notifications: bool = False,
        poll: Poll | None = None,
        flags: int | None = None,
    ) -> MessageModel:
        """Post a new message in reply (``POST /webhooks/{app}/{token}``).

        Returns:
            The message Discord created.

        Raises:
            InteractionResponseError: Nothing has answered the interaction yet.
        """
        builder = _builder(
            content,
            embeds=embeds,
            components=components,
            files=files,
            ephemeral=ephemeral,
            tts=tts,
            allowed_mentions=allowed_mentions,
            suppress_embeds=suppress_embeds,
            suppress_notifications=suppress_notifications,
            poll=poll,
            flags=flags,
        )
        body, sent_files = message_body(builder, self._state.interaction_type)
        return await self._state.followup(body, sent_files)

    async def wait_sent(self) -> None:
        """Wait until the HTTP answer has been handed to the server."""
        await self._state.wait_sent("wait for the response")


def _builder(content: str | ResponseBuilder | None, **fields: Any) -> ResponseBuilder:
    if isinstance(content, ResponseBuilder):
        extra = {key: value for key, value in fields.items() if value not in (None, False)}
        if extra:
            raise TypeError(
                f"pass either a builder or message fields, not both (got {sorted(extra)})"
            )
        return content
    if content is not None and not isinstance(content, str):
        raise TypeError(f"content must be a str or a response builder, got {content!r}")
    return Message(content, **fields)
