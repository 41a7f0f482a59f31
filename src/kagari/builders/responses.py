"""Response builders: what a listener returns (or first yields) to answer an interaction.

Each builder turns itself into the body of an interaction callback (``{"type": N, "data":
{...}}``) plus the files to upload with it, checking Discord's limits when it is built so a
bad response fails in your code, not as a 400 from Discord.

| builder | callback type |
| --- | --- |
| :class:`Message` | 4, a new message |
| :class:`Update` | 7, edit the message a component sits on |
| :class:`Defer` | 5 (commands, modal submits) or 6 (components) |
| :class:`Modal` | 9, open a pop-up form |
| :class:`AutocompleteResult` | 8, suggestions for an option |
| :class:`LaunchActivity` | 12 |
| :class:`PremiumRequired` | 10 (deprecated by Discord) |
| :class:`Pong` | 1, the answer to Discord's PING |
"""

from __future__ import annotations

import abc
import datetime
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

from kagari.builders import callbacks, limits
from kagari.builders.components import (
    Component,
    EmojiLike,
    MessageComponent,
    ModalComponent,
    check_custom_id,
    check_message_components,
    normalise_modal_components,
    to_emoji,
)
from kagari.builders.embeds import Embed, check_embed_total
from kagari.builders.files import File
from kagari.builders.mentions import AllowedMentions, snowflake_str
from kagari.models.enums import InteractionType
from kagari.models.flags import MessageFlags

__all__ = [
    "AutocompleteResult",
    "Choice",
    "Defer",
    "LaunchActivity",
    "Message",
    "Modal",
    "Poll",
    "PollAnswer",
    "Pong",
    "PremiumRequired",
    "ResponseBuilder",
    "Update",
]


class ResponseBuilder(abc.ABC):
    """Something that becomes the HTTP answer to an interaction.

    Subclasses turn themselves into the JSON body of an interaction callback
    (``{"type": N, "data": {...}}``) plus the files to upload with it.
    """

    __slots__ = ()

    @abc.abstractmethod
    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """Return the callback body and the files to send with it.

        Args:
            interaction_type: The type of the interaction being answered (2 = command,
                3 = component, 4 = autocomplete, 5 = modal submit). Builders whose
                callback type depends on it (a deferral is type 5 for commands and
                type 6 for components) use it; the others ignore it.
        """


FileLike: TypeAlias = "File | str | os.PathLike[str]"
"""A :class:`~kagari.File`, or a path (its name becomes the filename)."""

AttachmentLike: TypeAlias = "int | str | Mapping[str, Any] | Any"
"""An existing attachment to keep: its id, an object with ``id``, or an attachment dict."""


_COMPONENTS_V2 = MessageFlags.IS_COMPONENTS_V2.value

_PING_OR_AUTOCOMPLETE = (InteractionType.PING, InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE)
"""Interactions that take only their own kind of answer (a PONG, autocomplete choices)."""


def _refuse(builder: str, interaction_type: int, why: str = "") -> ValueError:
    what = callbacks.describe_interaction(interaction_type)
    return ValueError(f"{builder} cannot answer {what}{why}")


# ---------------------------------------------------------------------------------------------
# Polls
# ---------------------------------------------------------------------------------------------
class PollAnswer:
    """One answer of a :class:`Poll`.

    Args:
        text: 1-55 characters.
        emoji: Shown beside the text.
    """

    __slots__ = ("emoji", "text")

    def __init__(self, text: str, *, emoji: EmojiLike | None = None) -> None:
        limits.check_length("PollAnswer.text", text, limits.POLL_ANSWER_TEXT_MAX, minimum=1)
        self.text = text
        self.emoji = None if emoji is None else to_emoji(emoji)

    def to_dict(self) -> dict[str, Any]:
        """The poll answer object Discord expects."""
        media: dict[str, Any] = {"text": self.text}
        if self.emoji is not None:
            media["emoji"] = self.emoji.to_dict()
        return {"poll_media": media}

    def __repr__(self) -> str:
        return f"PollAnswer({self.text!r})"


class Poll:
    """A poll attached to a message (not allowed together with Components V2).

    Args:
        question: 1-300 characters.
        answers: 1-10 answers, each a str or :class:`PollAnswer` (1-55 characters).
        duration: How long it runs: hours as an int, or a ``timedelta`` of whole hours;
            1 hour to 32 days (768 hours). Discord's default is 24.
        allow_multiselect: Whether users may pick several answers.
    """

    __slots__ = ("allow_multiselect", "answers", "duration", "question")

    def __init__(
        self,
        question: str,
        answers: Sequence[str | PollAnswer],
        *,
        duration: int | datetime.timedelta = 24,
        allow_multiselect: bool = False,
    ) -> None:
        limits.check_length("Poll.question", question, limits.POLL_QUESTION_MAX, minimum=1)
        self.question = question
        self.answers = tuple(
            answer if isinstance(answer, PollAnswer) else PollAnswer(answer) for answer in answers
        )
        limits.check_count("Poll.answers", self.answers, limits.POLL_MAX_ANSWERS, minimum=1)
        if isinstance(duration, datetime.timedelta):
            hours, rest = divmod(duration, datetime.timedelta(hours=1))
            if rest:
                raise ValueError(f"Poll.duration must be whole hours (got {duration})")
            duration = int(hours)
        limits.check_range("Poll.duration", duration, 1, limits.POLL_MAX_DURATION_HOURS)
        self.duration: int = duration
        self.allow_multiselect = allow_multiselect

    def to_dict(self) -> dict[str, Any]:
        """The poll create request object Discord expects."""
        return {
            "question": {"text": self.question},
            "answers": [answer.to_dict() for answer in self.answers],
            "duration": self.duration,
            "allow_multiselect": self.allow_multiselect,
        }

    def __repr__(self) -> str:
        return f"Poll({self.question!r}, answers={len(self.answers)})"


# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------
def _to_file(value: FileLike) -> File:
    if isinstance(value, File):
        return value
    if isinstance(value, (str, os.PathLike)):
        return File(value)
    raise TypeError(
        f"files holds kagari.File objects or paths, not {type(value).__name__} "
        "(wrap bytes as kagari.File(data, 'name.ext'))"
    )


def _existing_attachment(value: AttachmentLike) -> dict[str, Any]:
    if isinstance(value, Mapping):
        if "id" not in value:
            raise ValueError("an attachment to keep needs its 'id'")
        entry = dict(value)
        entry["id"] = snowflake_str("attachments.id", entry["id"])
        return entry
    return {"id": snowflake_str("attachments.id", value)}


class _Body:
    """The message fields :class:`Message` and :class:`Update` share."""

    __slots__ = (
        "_attachments",
        "_extra_files",
        "_flags",
        "allowed_mentions",
        "components",
        "content",
        "embeds",
        "v2",
    )

    def _init_body(
        self,
        owner: str,
        content: str | None,
        embeds: Iterable[Embed] | None,
        components: Iterable[MessageComponent] | None,
        files: Iterable[FileLike] | None,
        attachments: Iterable[AttachmentLike] | None,
        allowed_mentions: AllowedMentions | None,
        flags: int,
    ) -> None:
        limits.check_length(f"{owner}.content", content, limits.CONTENT_MAX)
        self.content = content
        self.embeds = None if embeds is None else tuple(embeds)
        for embed in self.embeds or ():
            if not isinstance(embed, Embed):
                raise TypeError(f"{owner}.embeds holds kagari.Embed, not {type(embed).__name__}")
        if self.embeds:
            limits.check_count(f"{owner}.embeds", self.embeds, limits.MESSAGE_MAX_EMBEDS)
            check_embed_total(f"{owner}.embeds", self.embeds)
        self.components: tuple[Component, ...] | None = (
            None if components is None else tuple(components)
        )
        self.v2 = bool(flags & _COMPONENTS_V2)
        if self.components:
            self.v2 = check_message_components(
                f"{owner}.components", self.components, force_v2=self.v2
            )
        if self.v2:
            flags |= _COMPONENTS_V2
            if content or self.embeds:
                raise ValueError(
                    f"{owner}.content and {owner}.embeds cannot be used with Components V2 "
                    "(IS_COMPONENTS_V2 is set because of the components); use TextDisplay "
                    "and Container instead"
                )
        if allowed_mentions is not None and not isinstance(allowed_mentions, AllowedMentions):
            raise TypeError(f"{owner}.allowed_mentions must be a kagari.AllowedMentions")
        self.allowed_mentions = allowed_mentions
        self._extra_files = tuple(_to_file(file) for file in files) if files else ()
        self._attachments = (
            None if attachments is None else [_existing_attachment(item) for item in attachments]
        )
        self._flags = flags
        self._check_attachments(owner)

    def _check_attachments(self, owner: str) -> None:
        total = len(self.files) + len(self._attachments or ())
        if total > limits.MESSAGE_MAX_ATTACHMENTS:
            raise ValueError(
                f"{owner}.files and {owner}.attachments may hold at most "
                f"{limits.MESSAGE_MAX_ATTACHMENTS} attachments together (got {total})"
            )
        for file in self.files:
            limits.check_length(
                f"{owner}.files description", file.description, limits.ATTACHMENT_DESCRIPTION_MAX
            )

    @property
    def files(self) -> tuple[File, ...]:
        """Files to upload: ``files=`` first, then Files referenced by components and embeds.

        The attachment ``id`` in the body is each file's index in this tuple.
        """
        if not (self._extra_files or self.embeds or self.components):
            return ()  # the common case: a plain text message
        found: dict[int, File] = {}
        for file in self._extra_files:
            found.setdefault(id(file), file)
        for embed in self.embeds or ():
            for file in embed.files:
                found.setdefault(id(file), file)
        for component in self.components or ():
            for file in component.files:
                found.setdefault(id(file), file)
        return tuple(found.values())

    @property
    def flags(self) -> int:
        """The message flags this body sends."""
        return self._flags

    def _attachment_list(self, files: Sequence[File]) -> list[dict[str, Any]]:
        entries = [dict(entry) for entry in self._attachments or ()]
        for index, file in enumerate(files):
            # The spec types attachment ids as snowflake strings; Discord matches "n" to files[n].
            entry: dict[str, Any] = {"id": str(index), "filename": file.filename}
            if file.description is not None:
                entry["description"] = file.description
            entries.append(entry)
        return entries

    def _body(self, *, default_mentions: bool, empty_means_clear: bool) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.content is not None and (self.content or empty_means_clear):
            body["content"] = self.content
        if self.embeds is not None and (self.embeds or empty_means_clear):
            check_embed_total("embeds", self.embeds)
            body["embeds"] = [embed.to_dict() for embed in self.embeds]
        if self.allowed_mentions is not None:
            body["allowed_mentions"] = self.allowed_mentions.to_dict()
        elif default_mentions:
            body["allowed_mentions"] = {"parse": []}  # AllowedMentions.none().to_dict()
        if self.components is not None and (self.components or empty_means_clear):
            body["components"] = [component.to_dict() for component in self.components]
        files = self.files
        if files or self._attachments is not None:
            body["attachments"] = self._attachment_list(files)
        if self._flags:
            body["flags"] = self._flags
        return body


class Message(_Body, ResponseBuilder):
    """A new message: the answer to a command, component or modal submit (callback type 4).

    Also the body of follow-ups and edits sent over REST (:meth:`to_message_body`).

    Args:
        content: Text, max 2000 characters.
        embeds: Up to 10 :class:`~kagari.Embed` (6000 characters together).
        components: Action rows (legacy, up to 5), or Components V2 layout
            (:class:`~kagari.Section`, :class:`~kagari.TextDisplay`,
            :class:`~kagari.Container`, ...). Any V2 component turns on the
            IS_COMPONENTS_V2 flag, which rules out ``content``, ``embeds`` and ``poll``.
        files: :class:`~kagari.File` objects or paths to upload (with ``attachments``,
            at most 10). Files used by components or embeds are added automatically.
        ephemeral: Only the invoking user sees the message.
        tts: Read the message aloud.
        allowed_mentions: Who may be pinged. By default nobody is (``{"parse": []}``).
        suppress_embeds: Hide link previews.
        suppress_notifications: Send silently (no push or desktop notification).
        poll: A :class:`Poll`.
        flags: Extra raw message flags, OR-ed with the ones above (for example
            ``1 << 15`` to send plain action rows as a Components V2 message).
        attachments: Existing attachments to keep when this body edits a message
            (ids, objects with ``id`` or attachment dicts).

    Raises:
        ValueError: When a limit is exceeded or the message would be empty.

    Example:
        ```python
        return kagari.Message("Saved!", ephemeral=True)
        ```
    """

    __slots__ = ("ephemeral", "poll", "suppress_embeds", "suppress_notifications", "tts")

    def __init__(
        self,
        content: str | None = None,
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
        attachments: Iterable[AttachmentLike] | None = None,
    ) -> None:
        raw = flags or 0
        raw |= MessageFlags.EPHEMERAL.value if ephemeral else 0
        raw |= MessageFlags.SUPPRESS_EMBEDS.value if suppress_embeds else 0
        raw |= MessageFlags.SUPPRESS_NOTIFICATIONS.value if suppress_notifications else 0
        self._init_body(
            "Message", content, embeds, components, files, attachments, allowed_mentions, raw
        )
        if poll is not None and not isinstance(poll, Poll):
            raise TypeError("Message.poll must be a kagari.Poll")
        if poll is not None and self.v2:
            raise ValueError("Message.poll cannot be used with Components V2")
        self.poll = poll
        self.ephemeral = ephemeral
        self.tts = tts
        self.suppress_embeds = suppress_embeds
        self.suppress_notifications = suppress_notifications
        if not (content or self.embeds or self.components or self.files or poll):
            raise ValueError(
                "Message needs content, embeds, components, files or a poll (Discord rejects "
                "empty messages)"
            )

    def to_message_body(self) -> dict[str, Any]:
        """The message JSON alone: the ``data`` of the callback, or a follow-up/edit body."""
        body = self._body(default_mentions=True, empty_means_clear=False)
        if self.tts:
            body["tts"] = True
        if self.poll is not None:
            body["poll"] = self.poll.to_dict()
        return body

    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """Return ``{"type": 4, "data": ...}`` and the files to upload.

        Raises:
            ValueError: For PINGs and autocomplete interactions, which take no message.
        """
        if interaction_type in _PING_OR_AUTOCOMPLETE:
            raise _refuse("Message", interaction_type)
        body = {"type": callbacks.CHANNEL_MESSAGE_WITH_SOURCE, "data": self.to_message_body()}
        return body, self.files

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.to_message_body() == other.to_message_body() and self.files == other.files

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Message(content={self.content!r}, ephemeral={self.ephemeral!r})"


class Update(_Body, ResponseBuilder):
    """Edit the message a component sits on (callback type 7).

    Only the fields you pass change: ``Update(components=[])`` removes the components and
    keeps the text; ``Update(content="")`` clears the text; ``Update(embeds=[])`` removes
    the embeds. Valid for component interactions and for modal submits sent from a
    component. Also usable as an edit body over REST (:meth:`to_message_body`).

    Args:
        content: New text, max 2000 characters.
        embeds: New embeds (replacing the old ones).
        components: New components (replacing the old ones).
        files: Files to upload; ``attachments`` lists the existing ones to keep (Discord
            drops existing attachments that are not listed once you send files).
        allowed_mentions: Who may be pinged by the new text (left unchanged when omitted).
        suppress_embeds: Hide link previews.
        flags: Extra raw message flags.
        attachments: Existing attachments to keep (ids, objects with ``id`` or dicts).

    Example:
        ```python
        return kagari.Update(content="Voted!", components=[])
        ```
    """

    __slots__ = ("suppress_embeds",)

    def __init__(
        self,
        content: str | None = None,
        *,
        embeds: Iterable[Embed] | None = None,
        components: Iterable[MessageComponent] | None = None,
        files: Iterable[FileLike] | None = None,
        allowed_mentions: AllowedMentions | None = None,
        suppress_embeds: bool = False,
        flags: int | None = None,
        attachments: Iterable[AttachmentLike] | None = None,
    ) -> None:
        raw = (flags or 0) | (MessageFlags.SUPPRESS_EMBEDS.value if suppress_embeds else 0)
        self._init_body(
            "Update", content, embeds, components, files, attachments, allowed_mentions, raw
        )
        self.suppress_embeds = suppress_embeds

    def to_message_body(self) -> dict[str, Any]:
        """The edit JSON alone: the ``data`` of the callback, or a PATCH body."""
        return self._body(default_mentions=False, empty_means_clear=True)

    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """Return ``{"type": 7, "data": ...}`` and the files to upload.

        Raises:
            ValueError: For anything but component interactions and modal submits.
        """
        if interaction_type in (
            InteractionType.PING,
            InteractionType.APPLICATION_COMMAND,
            InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE,
        ):
            raise _refuse(
                "Update",
                interaction_type,
                " (only a component interaction, or a modal submitted from a component, "
                "has a message to update; answer with kagari.Message instead)",
            )
        return {"type": callbacks.UPDATE_MESSAGE, "data": self.to_message_body()}, self.files

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Update):
            return NotImplemented
        return self.to_message_body() == other.to_message_body() and self.files == other.files

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Update({self.to_message_body()!r})"


# ---------------------------------------------------------------------------------------------
# Deferral, modal, autocomplete and the small ones
# ---------------------------------------------------------------------------------------------
class Defer(ResponseBuilder):
    """Acknowledge now, answer later (over REST, within 15 minutes).

    For commands and modal submits this is type 5 (the user sees "thinking..." and your
    later ``ctx.edit`` fills in the message); for components it is type 6 (nothing visible;
    later edits change the message the component sits on).

    Args:
        ephemeral: Make the coming message visible only to the user (type 5 only; a
            deferred update (type 6) edits an existing message, so it has no effect there).
        update: ``True`` forces type 6 (for a modal submitted from a component, to edit
            that component's message); ``False`` forces type 5 (for a component, to post
            a new message instead of editing). ``None`` picks by interaction type.

    Example:
        ```python
        yield kagari.Defer(ephemeral=True)
        await ctx.edit(await slow_report())
        ```
    """

    __slots__ = ("ephemeral", "update")

    def __init__(self, ephemeral: bool = False, *, update: bool | None = None) -> None:
        if ephemeral and update:
            raise ValueError(
                "Defer(ephemeral=True, update=True): a deferred update edits an existing "
                "message, which cannot become ephemeral"
            )
        self.ephemeral = ephemeral
        self.update = update

    def callback_type(self, interaction_type: int) -> int:
        """The callback type (5 or 6) this deferral sends for ``interaction_type``.

        Raises:
            ValueError: For PINGs, autocomplete, and ``update=True`` on a command.
        """
        if interaction_type in _PING_OR_AUTOCOMPLETE:
            raise _refuse("Defer", interaction_type)
        if self.update is None:
            update = interaction_type == InteractionType.MESSAGE_COMPONENT
        else:
            update = self.update
        if update and interaction_type == InteractionType.APPLICATION_COMMAND:
            raise _refuse("Defer(update=True)", interaction_type, " (it has no message to update)")
        if update:
            return callbacks.DEFERRED_UPDATE_MESSAGE
        return callbacks.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE

    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """Return ``{"type": 5}`` (with ``flags: 64`` when ephemeral) or ``{"type": 6}``."""
        kind = self.callback_type(interaction_type)
        body: dict[str, Any] = {"type": kind}
        if kind == callbacks.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE and self.ephemeral:
            body["data"] = {"flags": MessageFlags.EPHEMERAL.value}
        return body, ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Defer):
            return NotImplemented
        return (self.ephemeral, self.update) == (other.ephemeral, other.update)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Defer(ephemeral={self.ephemeral!r}, update={self.update!r})"


class Modal(ResponseBuilder):
    """A pop-up form (callback type 9); answers commands and components, not modal submits.

    Args:
        title: 1-45 characters.
        custom_id: Sent back with the submission, 1-100 characters.
        components: 1-5 of :class:`~kagari.TextInput` (wrapped in a
            :class:`~kagari.Label` for you, using its label),
            :class:`~kagari.Label`, :class:`~kagari.TextDisplay`, or
            legacy ``ActionRow(TextInput(...))``.

    Example:
        ```python
        return kagari.Modal("Feedback", custom_id="feedback", components=[
            kagari.TextInput("Title", custom_id="title"),
            kagari.TextInput("Details", custom_id="body", style="paragraph", required=False),
        ])
        ```
    """

    __slots__ = ("components", "custom_id", "title")

    def __init__(self, title: str, *, custom_id: str, components: Sequence[ModalComponent]) -> None:
        limits.check_length("Modal.title", title, limits.MODAL_TITLE_MAX, minimum=1)
        self.title = title
        self.custom_id = check_custom_id("Modal.custom_id", custom_id)
        self.components = normalise_modal_components("Modal.components", components)

    def to_dict(self) -> dict[str, Any]:
        """The modal ``data`` object."""
        return {
            "custom_id": self.custom_id,
            "title": self.title,
            "components": [component.to_dict() for component in self.components],
        }

    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """Return ``{"type": 9, "data": ...}``.

        Raises:
            ValueError: For PINGs, autocomplete and modal submits (Discord forbids a modal
                in answer to a modal).
        """
        if interaction_type in (
            InteractionType.PING,
            InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE,
            InteractionType.MODAL_SUBMIT,
        ):
            raise _refuse("Modal", interaction_type)
        return {"type": callbacks.MODAL, "data": self.to_dict()}, ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Modal):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Modal({self.title!r}, custom_id={self.custom_id!r})"


ChoiceValue: TypeAlias = "str | int | float"
"""The value of a choice: a str, int or float."""


class Choice:
    """An autocomplete suggestion (or a command option choice).

    Args:
        name: What the user sees, 1-100 characters.
        value: What your bot receives: a str (max 100 characters), int or float.
        name_localizations: Names per locale (``{"fr": "..."}``), each 1-100 characters.
    """

    __slots__ = ("name", "name_localizations", "value")

    def __init__(
        self,
        name: str,
        value: ChoiceValue,
        name_localizations: Mapping[str, str] | None = None,
    ) -> None:
        limits.check_length("Choice.name", name, limits.CHOICE_NAME_MAX, minimum=1)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise TypeError(f"Choice.value must be a str, int or float, not {type(value).__name__}")
        if isinstance(value, str):
            limits.check_length("Choice.value", value, limits.CHOICE_STRING_VALUE_MAX)
        elif isinstance(value, int) and abs(value) > 2**53:
            raise ValueError(f"Choice.value must be between -2^53 and 2^53 (got {value})")
        for locale, text in (name_localizations or {}).items():
            limits.check_length(
                f"Choice.name_localizations[{locale!r}]", text, limits.CHOICE_NAME_MAX, minimum=1
            )
        self.name = name
        self.value: ChoiceValue = value
        self.name_localizations = None if name_localizations is None else dict(name_localizations)

    @classmethod
    def coerce(cls, item: Choice | ChoiceValue | Mapping[str, Any]) -> Choice:
        """Make a Choice from a Choice, a plain value (named ``str(value)``) or a dict."""
        if isinstance(item, Choice):
            return item
        if isinstance(item, Mapping):
            unknown = set(item) - {"name", "value", "name_localizations"}
            if unknown or "name" not in item or "value" not in item:
                raise ValueError(
                    "a choice dict needs 'name' and 'value' (and optionally "
                    f"'name_localizations'), got keys {sorted(item)}"
                )
            return cls(item["name"], item["value"], item.get("name_localizations"))
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise TypeError(f"a choice must be a str, int, float, Choice or dict, not {item!r}")
        return cls(str(item), item)

    def to_dict(self) -> dict[str, Any]:
        """The choice object Discord expects."""
        body: dict[str, Any] = {"name": self.name, "value": self.value}
        if self.name_localizations is not None:
            body["name_localizations"] = dict(self.name_localizations)
        return body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Choice):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Choice({self.name!r}, {self.value!r})"


class AutocompleteResult(ResponseBuilder):
    """Suggestions for the focused option (callback type 8).

    Args:
        choices: Plain values (``"apple"``, ``3``, ``2.5``; the name is ``str(value)``),
            :class:`Choice` objects or ``{"name": ..., "value": ...}`` dicts. Only the first
            25 are sent (Discord's limit): extra ones are dropped, not an error. All values
            must be of one kind: strings, or numbers.
    """

    __slots__ = ("choices",)

    def __init__(self, choices: Iterable[Choice | ChoiceValue | Mapping[str, Any]] = ()) -> None:
        if isinstance(choices, (str, bytes, Mapping)):
            raise TypeError("AutocompleteResult takes a list of choices, not a single value")
        items = [Choice.coerce(item) for item in choices][: limits.AUTOCOMPLETE_MAX_CHOICES]
        kinds = {isinstance(item.value, str) for item in items}
        if len(kinds) > 1:
            raise ValueError(
                "AutocompleteResult.choices mixes string and number values; an option takes "
                "one kind"
            )
        self.choices: tuple[Choice, ...] = tuple(items)

    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """Return ``{"type": 8, "data": {"choices": [...]}}``.

        Raises:
            ValueError: For anything but an autocomplete interaction.
        """
        if interaction_type != InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE:
            raise _refuse("AutocompleteResult", interaction_type)
        choices = [choice.to_dict() for choice in self.choices]
        return {
            "type": callbacks.APPLICATION_COMMAND_AUTOCOMPLETE_RESULT,
            "data": {"choices": choices},
        }, ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AutocompleteResult):
            return NotImplemented
        return self.choices == other.choices

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"AutocompleteResult({list(self.choices)!r})"


class _Bare(ResponseBuilder):
    """A callback that is only a type."""

    __slots__ = ()
    callback: int

    def _check(self, interaction_type: int) -> None:
        if interaction_type in _PING_OR_AUTOCOMPLETE:
            raise _refuse(type(self).__name__, interaction_type)

    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """Return ``{"type": N}``."""
        self._check(interaction_type)
        return {"type": self.callback}, ()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class LaunchActivity(_Bare):
    """Launch the app's Activity (callback type 12; only for apps with Activities enabled)."""

    __slots__ = ()
    callback = callbacks.LAUNCH_ACTIVITY


class PremiumRequired(_Bare):
    """Show an upgrade prompt (callback type 10).

    Deprecated by Discord: send a :class:`~kagari.Button` with
    ``style="premium"`` and an ``sku_id`` instead. Creating one warns with
    :class:`DeprecationWarning`; Discord's OpenAPI spec no longer lists this type.
    """

    __slots__ = ()
    callback = callbacks.PREMIUM_REQUIRED

    def __init__(self) -> None:
        warnings.warn(
            "PremiumRequired (callback type 10) is deprecated by Discord; answer with a "
            "premium Button (style='premium', sku_id=...) instead",
            DeprecationWarning,
            stacklevel=2,
        )


class Pong(_Bare):
    """The answer to Discord's PING (callback type 1); the server sends it for you."""

    __slots__ = ()
    callback = callbacks.PONG

    def _check(self, interaction_type: int) -> None:
        if interaction_type != InteractionType.PING:
            raise _refuse("Pong", interaction_type, " (it only answers a PING)")
