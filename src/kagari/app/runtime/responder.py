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
from kagari.models import Message as MessageModel
from kagari.models import MessageFlags, PartialInteraction

if TYPE_CHECKING:
    from kagari.rest import RESTClient

__all__ = ["Prebuilt", "ResponseState", "message_body"]

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

    def __init__(self, interaction: PartialInteraction, rest: RESTClient) -> None:
        loop = asyncio.get_running_loop()
        self.interaction = interaction
        self.rest = rest
        self.interaction_type = int(interaction.type)
        self.started = loop.time()
        self.initial: asyncio.Future[Prebuilt] = loop.create_future()
        self.sent = asyncio.Event()
        self.kind: str | None = None
        """What the HTTP answer was: "deferred", "deferred-update", "message", "update",
        "modal", "autocomplete" or "other"; ``None`` until there is one."""
        self.filled = False
        self.deferred_at: float | None = None
        self.auto_deferred = False

    # -- state -------------------------------------------------------------------------

    @property
    def responded(self) -> bool:
        """Whether the HTTP answer is decided."""
        return self.initial.done()

    @property
    def deferred(self) -> bool:
        """Whether the HTTP answer was a deferral."""
        return self.kind in ("deferred", "deferred-update")

    def elapsed(self) -> float:
        """Seconds since the interaction reached the listener."""
        return asyncio.get_running_loop().time() - self.started

    def offer(self, builder: ResponseBuilder) -> bool:
        """Make ``builder`` the HTTP answer if there is none yet.

        Returns:
            Whether it was taken.

        Raises:
            ValueError: The builder cannot answer this interaction (its own message).
        """
        if self.initial.done():
            return False
        body, files = builder.build(self.interaction_type)
        self.kind = _kind(builder, body)
        if self.deferred:
            self.deferred_at = self.elapsed()
        self.initial.set_result(Prebuilt(builder, body, files))
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
        return self.initial.result()

    async def wait_sent(self, action: str) -> None:
        """Wait until the HTTP answer is on its way.

        Raises:
            InteractionResponseError: Nothing has answered the interaction yet.
        """
        if not self.initial.done():
            raise InteractionResponseError(
                f"cannot {action} before the interaction is answered; respond or defer first"
            )
        await self.sent.wait()

    # -- sending ---------------------------------------------------------------------------

    async def send(self, builder: ResponseBuilder) -> MessageModel | None:
        """Answer with ``builder``: the HTTP answer if none yet, else over REST.

        Returns:
            ``None`` for the HTTP answer, else the message Discord returned.

        Raises:
            InteractionResponseError: A modal or deferral after the interaction was
                answered, or an autocomplete result outside autocomplete.
        """
        if self.offer(builder):
            await self.sent.wait()
            return None
        await self.sent.wait()
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

    async def finish(self, fallback: ResponseBuilder) -> None:
        """Make sure the interaction got an answer once the handler is done.

        Args:
            fallback: The answer to give when the handler gave none (a deferral).
        """
        if not self.initial.done():
            _LOGGER.warning(
                "interaction %s: the handler finished without responding; acknowledged it with %r",
                self.interaction.id,
                fallback,
            )
            self.offer(fallback)
            await self.sent.wait()
            if self.kind == "deferred":
                await self.delete()
            return
        if self.kind == "deferred" and not self.filled:
            await self.sent.wait()
            _LOGGER.warning(
                "interaction %s was deferred but never answered; deleted the pending "
                "'thinking...' message",
                self.interaction.id,
            )
            await self.delete()


def _kind(builder: ResponseBuilder, body: dict[str, Any]) -> str:
    kind = body.get("type")
    return {
        callbacks.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: "deferred",
        callbacks.DEFERRED_UPDATE_MESSAGE: "deferred-update",
        callbacks.CHANNEL_MESSAGE_WITH_SOURCE: "message",
        callbacks.UPDATE_MESSAGE: "update",
        callbacks.MODAL: "modal",
        callbacks.APPLICATION_COMMAND_AUTOCOMPLETE_RESULT: "autocomplete",
    }.get(kind if isinstance(kind, int) else -1, "other")


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
