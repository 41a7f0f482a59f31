"""One interaction's response state: the HTTP answer first, then edits and follow-ups.

The first response (returned, first yielded, passed to ``ctx.respond`` or sent by the
deadline as a deferral) becomes the HTTP body. Whatever comes after goes over REST: the
first answer after a deferral fills the deferred message (an edit of ``@original``),
``Update`` edits ``@original``, and anything else is a follow-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kagari.app.declare.errors import InteractionResponseError
from kagari.builders import callbacks
from kagari.builders.files import File
from kagari.builders.responses import AutocompleteResult, Defer, Modal, ResponseBuilder, Update
from kagari.models import ComponentInteraction, MessageFlags, ModalInteraction, PartialInteraction
from kagari.models import Message as MessageModel

if TYPE_CHECKING:
    from kagari.rest import RESTClient

__all__ = ["Prebuilt", "ResponseState", "fallback_answer", "message_body"]

_LOGGER = logging.getLogger("kagari.app")


class Prebuilt(ResponseBuilder):
    """A builder already turned into JSON (so its errors surface in the handler).

    Args:
        source: The original builder.
        body: Its callback body.
        files: Its files.
    """

    __slots__ = ("body", "files", "source")

    def __init__(
        self, source: ResponseBuilder, body: dict[str, Any], files: Sequence[File]
    ) -> None:
        self.source = source
        self.body = body
        self.files = tuple(files)

    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """Return the stored body and files."""
        return self.body, self.files

    def __repr__(self) -> str:
        return f"Prebuilt({self.source!r})"


def message_body(
    builder: ResponseBuilder, interaction_type: int
) -> tuple[dict[str, Any], Sequence[File]]:
    """The REST message body (edit or follow-up) and files for ``builder``."""
    to_body = getattr(builder, "to_message_body", None)
    if callable(to_body):
        files: Sequence[File] = getattr(builder, "files", ())
        return to_body(), files
    body, files = builder.build(interaction_type)
    data = body.get("data")
    return (data if isinstance(data, dict) else {}), files


class ResponseState:
    """Tracks how one interaction has been answered and sends later answers over REST.

    Args:
        interaction: The interaction.
        rest: The REST client used for edits and follow-ups.
    """

    __slots__ = (
        "_answered",
        "_sent",
        "_sent_waiter",
        "answer",
        "auto_deferred",
        "deferred_at",
        "filled",
        "interaction",
        "interaction_type",
        "kind",
        "loop",
        "rest",
        "started",
    )

    def __init__(self, interaction: PartialInteraction, rest: RESTClient) -> None:
        loop = self.loop = asyncio.get_running_loop()
        self.interaction = interaction
        self.rest = rest
        self.interaction_type = int(interaction.type)
        self.started = loop.time()
        self.answer: Prebuilt | None = None
        """The HTTP answer, once there is one."""
        self.kind: str | None = None
        """What the HTTP answer was: "deferred", "deferred-update", "message", "update",
        "modal", "autocomplete" or "other"; ``None`` until there is one."""
        self.filled = False
        self.deferred_at: float | None = None
        self.auto_deferred = False
        # Futures only for whoever waits: the request for the first answer (when the
        # handler waits before answering), the handler for "sent" (when it goes on
        # after answering). A handler that answers at once creates neither.
        self._answered: asyncio.Future[None] | None = None
        self._sent = False
        self._sent_waiter: asyncio.Future[None] | None = None

    # -- state -------------------------------------------------------------------------

    @property
    def responded(self) -> bool:
        """Whether the HTTP answer is decided."""
        return self.answer is not None

    @property
    def deferred(self) -> bool:
        """Whether the HTTP answer was a deferral."""
        return self.kind in ("deferred", "deferred-update")

    @property
    def is_sent(self) -> bool:
        """Whether the server has said the HTTP answer is sent (:meth:`mark_sent`)."""
        return self._sent

    def elapsed(self) -> float:
        """Seconds since the interaction reached the listener."""
        return self.loop.time() - self.started

    def offer(self, builder: ResponseBuilder) -> bool:
        """Make ``builder`` the HTTP answer if there is none yet.

        Returns:
            Whether it was taken.

        Raises:
            ValueError: The builder cannot answer this interaction (its own message).
        """
        if self.answer is not None:
            return False
        body, files = builder.build(self.interaction_type)
        kind = self.kind = _KINDS.get(body.get("type"), "other")
        if kind == "deferred" or kind == "deferred-update":
            self.deferred_at = self.elapsed()
        self.answer = Prebuilt(builder, body, files)
        waiter = self._answered
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        return True

    def auto_defer(self, ephemeral: bool) -> Prebuilt:
        """Answer with a deferral now (the deadline passed) and return it."""
        self.offer(Defer(ephemeral=ephemeral))
        self.auto_deferred = True
        _LOGGER.info(
            "interaction %s: no response after %.2fs, deferred automatically",
            self.interaction.id,
            self.elapsed(),
        )
        assert self.answer is not None
        return self.answer

    def answered(self) -> asyncio.Future[None]:
        """A future done once there is an HTTP answer (for the request waiting on one)."""
        waiter = self._answered
        if waiter is None:
            waiter = self._answered = self.loop.create_future()
            if self.answer is not None:
                waiter.set_result(None)
        return waiter

    def mark_sent(self) -> None:
        """The server sent the HTTP answer: edits and follow-ups may go out now."""
        self._sent = True
        waiter = self._sent_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def wait_sent(self, action: str) -> None:
        """Wait until the HTTP answer is on its way.

        Raises:
            InteractionResponseError: Nothing has answered the interaction yet.
        """
        if self.answer is None:
            raise InteractionResponseError(
                f"cannot {action} before the interaction is answered; respond or defer first"
            )
        await self._until_sent()

    async def _until_sent(self) -> None:
        if self._sent:
            return
        waiter = self._sent_waiter
        if waiter is None:
            waiter = self._sent_waiter = self.loop.create_future()
        await waiter

    # -- sending ---------------------------------------------------------------------------

    async def send(self, builder: ResponseBuilder) -> MessageModel | None:
        """Answer with ``builder``: the HTTP answer if none yet, else over REST.

        The HTTP answer returns once it is sent, so what the caller does next (a REST
        call, say) never goes out before it.

        Returns:
            ``None`` for the HTTP answer, else the message Discord returned.

        Raises:
            InteractionResponseError: A modal or deferral after the interaction was
                answered, or an autocomplete result outside autocomplete.
        """
        if self.offer(builder):
            await self._until_sent()
            return None
        await self._until_sent()
        return await self._late(builder)

    async def settle(self, builder: ResponseBuilder) -> None:
        """Answer with ``builder`` as the handler's last word (what it returned).

        Like :meth:`send`, but the HTTP answer returns at once: nothing of the handler
        runs after it, so nothing needs to wait for it to be sent.
        """
        if not self.offer(builder):
            await self.later(builder)

    async def later(self, builder: ResponseBuilder) -> MessageModel | None:
        """Send ``builder`` over REST (the HTTP answer exists), once that answer is sent.

        Returns:
            The message Discord returned (``None`` for a repeated deferral).

        Raises:
            InteractionResponseError: A modal, deferral or autocomplete result.
        """
        await self._until_sent()
        return await self._late(builder)

    async def _late(self, builder: ResponseBuilder) -> MessageModel | None:
        source = builder.source if isinstance(builder, Prebuilt) else builder
        if isinstance(source, Modal):
            raise InteractionResponseError(
                f"cannot send modal {source.custom_id!r}: interaction {self.interaction.id} "
                f"was already answered ({self._answered_how()}); a modal must be the first "
                "response, so declare the handler's return type as kagari.Modal (or set "
                "auto_defer=False) to stop it being deferred"
            )
        if isinstance(source, Defer):
            if self.deferred:
                return None
            raise InteractionResponseError(
                f"cannot defer interaction {self.interaction.id}: it was already answered "
                f"({self._answered_how()})"
            )
        if isinstance(source, AutocompleteResult):
            raise InteractionResponseError("autocomplete results can only be the HTTP answer")
        body, files = message_body(source, self.interaction_type)
        if isinstance(source, Update) or (self.deferred and not self.filled):
            return await self.edit(body, files)
        return await self.followup(body, files)

    def _answered_how(self) -> str:
        if self.deferred_at is not None:
            how = "deferred automatically" if self.auto_deferred else "deferred"
            return f"{how} at t={self.deferred_at:.1f}s"
        return f"with a {self.kind} response"

    async def edit(self, body: dict[str, Any], files: Sequence[File] = ()) -> MessageModel:
        """PATCH the original response with ``body``."""
        await self.wait_sent("edit the response")
        self.filled = True
        raw = await self.rest.edit_original_response(
            self.interaction.application_id, self.interaction.token, _strip_flags(body), files
        )
        return MessageModel(raw)

    async def followup(self, body: dict[str, Any], files: Sequence[File] = ()) -> MessageModel:
        """POST a follow-up message with ``body``."""
        await self.wait_sent("send a follow-up")
        self.filled = True
        raw = await self.rest.create_followup(
            self.interaction.application_id, self.interaction.token, body, files
        )
        return MessageModel(raw)

    async def delete(self) -> None:
        """DELETE the original response."""
        await self.wait_sent("delete the response")
        await self.rest.delete_original_response(
            self.interaction.application_id, self.interaction.token
        )

    def needs_finishing(self) -> bool:
        """Whether :meth:`finish` has anything to do (no answer, or an unfilled deferral)."""
        return self.answer is None or (self.kind == "deferred" and not self.filled)

    async def finish(self) -> None:
        """Make sure the interaction got an answer once the handler is done.

        With none, it is acknowledged with a deferral (ephemeral for commands, of the
        message for components and modals from a message), then the pending
        "thinking..." is deleted; a deferral never filled is deleted too.
        """
        if self.answer is None:
            fallback = fallback_answer(self.interaction)
            _LOGGER.warning(
                "interaction %s: the handler finished without responding; acknowledged it with %r",
                self.interaction.id,
                fallback,
            )
            self.offer(fallback)
            if self.kind == "deferred":
                await self.delete()
            return
        if self.kind == "deferred" and not self.filled:
            await self._until_sent()
            _LOGGER.warning(
                "interaction %s was deferred but never answered; deleted the pending "
                "'thinking...' message",
                self.interaction.id,
            )
            await self.delete()


_KINDS: dict[object, str] = {
    callbacks.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: "deferred",
    callbacks.DEFERRED_UPDATE_MESSAGE: "deferred-update",
    callbacks.CHANNEL_MESSAGE_WITH_SOURCE: "message",
    callbacks.UPDATE_MESSAGE: "update",
    callbacks.MODAL: "modal",
    callbacks.APPLICATION_COMMAND_AUTOCOMPLETE_RESULT: "autocomplete",
}


def fallback_answer(interaction: PartialInteraction) -> ResponseBuilder:
    """How a handler that gave no answer is acknowledged: a deferral of the right kind."""
    if isinstance(interaction, ComponentInteraction):
        return Defer()
    if isinstance(interaction, ModalInteraction) and interaction.message is not None:
        return Defer(update=True)
    return Defer(ephemeral=True)


def _strip_flags(body: dict[str, Any]) -> dict[str, Any]:
    flags = body.get("flags")
    if isinstance(flags, int) and flags & MessageFlags.EPHEMERAL.value:
        body = dict(body)
        remaining = flags & ~MessageFlags.EPHEMERAL.value
        if remaining:
            body["flags"] = remaining
        else:
            del body["flags"]
    return body
