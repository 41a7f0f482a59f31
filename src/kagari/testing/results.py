"""What a bot answered, typed: the HTTP response to an interaction, and its later messages.

:class:`InteractionResult` is the bot's HTTP answer to one interaction;
:class:`MessageResult` is a message the bot sent later through the REST API (an edit
of the original response or a follow-up), as the fake Discord received it. Both read
the message fields the same way (:class:`MessageView`). :class:`RawResponse` is any
HTTP answer, as it came, to a request sent through :meth:`TestClient.post
<kagari.testing.TestClient.post>`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import aiohttp

from kagari.models import Embed, MessageFlags

if TYPE_CHECKING:
    from kagari.testing.fake_discord import RecordedRequest

__all__ = [
    "InteractionResult",
    "MessageResult",
    "MessageView",
    "ModalView",
    "RawResponse",
    "ResultFile",
    "read_answer",
    "walk_components",
]

_EPHEMERAL = int(MessageFlags.EPHEMERAL)
_CALLBACK_NAMES = {
    1: "PONG",
    4: "CHANNEL_MESSAGE_WITH_SOURCE",
    5: "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE",
    6: "DEFERRED_UPDATE_MESSAGE",
    7: "UPDATE_MESSAGE",
    8: "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT",
    9: "MODAL",
    10: "PREMIUM_REQUIRED",
    12: "LAUNCH_ACTIVITY",
}


@dataclasses.dataclass(frozen=True)
class ResultFile:
    """A file the bot attached to a message.

    Attributes:
        filename: The file name.
        data: The bytes.
        content_type: The part's media type.
        field: The multipart field name, such as ``files[0]``.
    """

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"
    field: str = ""


@dataclasses.dataclass(frozen=True)
class RawResponse:
    """An HTTP answer as the bot sent it, status, headers and bytes, nothing interpreted.

    Attributes:
        status: The HTTP status.
        headers: The response headers (names match in any case).
        body: The body, as bytes.
        elapsed: Seconds between sending the request and reading the whole answer.
    """

    status: int
    headers: Mapping[str, str]
    body: bytes
    elapsed: float = 0.0

    def __repr__(self) -> str:
        return f"RawResponse(status={self.status}, body={self.body[:80]!r})"

    @property
    def ok(self) -> bool:
        """Whether the HTTP status is 2xx."""
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.body.decode("utf-8", "replace")

    @property
    def content_type(self) -> str:
        """The media type of the body, without parameters (``""`` when none was sent)."""
        value = self.headers.get("Content-Type", "")
        return value.split(";", 1)[0].strip().lower()

    def json(self) -> Any:
        """The body decoded as JSON.

        Raises:
            ValueError: The body is not JSON (the message quotes its start).
        """
        try:
            return json.loads(self.body)
        except ValueError:
            raise ValueError(
                f"the HTTP {self.status} answer is not JSON: {self.body[:200]!r}"
            ) from None


def walk_components(components: Any) -> Iterator[dict[str, Any]]:
    """Every component in a component tree, depth first (rows, sections, labels...)."""
    if not isinstance(components, list):
        return
    for component in components:
        if not isinstance(component, dict):
            continue
        yield component
        yield from walk_components(component.get("components"))
        for key in ("component", "accessory"):
            child = component.get(key)
            if isinstance(child, dict):
                yield from walk_components([child])


class MessageView:
    """Typed reading of a message body (``content``, ``embeds``, ``components``, ``flags``).

    Subclasses provide :attr:`data`, the message object being read.
    """

    @property
    def data(self) -> dict[str, Any]:
        """The message object (``{}`` when there is none)."""
        raise NotImplementedError

    @property
    def content(self) -> str:
        """The text (``""`` when none was sent)."""
        value = self.data.get("content")
        return value if isinstance(value, str) else ""

    @property
    def embeds(self) -> list[Embed]:
        """The embeds, as :class:`kagari.models.Embed` (``.title``, ``.description``...)."""
        value = self.data.get("embeds")
        return [Embed(item) for item in value] if isinstance(value, list) else []

    @property
    def components(self) -> list[dict[str, Any]]:
        """The top-level components as JSON (see :meth:`find_component`)."""
        value = self.data.get("components")
        return list(value) if isinstance(value, list) else []

    @property
    def flags(self) -> int:
        """The message flags as an int (see :class:`kagari.models.MessageFlags`)."""
        value = self.data.get("flags")
        return int(value) if isinstance(value, int) else 0

    @property
    def ephemeral(self) -> bool:
        """Whether only the invoking user sees it (flag 64)."""
        return bool(self.flags & _EPHEMERAL)

    @property
    def attachments(self) -> list[dict[str, Any]]:
        """The ``attachments`` entries sent with the message."""
        value = self.data.get("attachments")
        return list(value) if isinstance(value, list) else []

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        """The ``allowed_mentions`` object, if one was sent."""
        value = self.data.get("allowed_mentions")
        return value if isinstance(value, dict) else None

    @property
    def custom_ids(self) -> list[str]:
        """The custom_ids of every interactive component, in order."""
        return [
            component["custom_id"]
            for component in walk_components(self.components)
            if isinstance(component.get("custom_id"), str)
        ]

    def find_component(self, custom_id: str) -> dict[str, Any] | None:
        """The component (button, select...) with ``custom_id``, anywhere in the tree."""
        for component in walk_components(self.components):
            if component.get("custom_id") == custom_id:
                return component
        return None


@dataclasses.dataclass(frozen=True)
class ModalView:
    """A modal the bot opened (callback type 9).

    Attributes:
        custom_id: The modal's custom_id.
        title: Its title.
        components: Its components as JSON.
    """

    custom_id: str
    title: str
    components: list[dict[str, Any]]

    @property
    def field_ids(self) -> list[str]:
        """The custom_ids of its inputs, in order."""
        return [
            component["custom_id"]
            for component in walk_components(self.components)
            if isinstance(component.get("custom_id"), str)
        ]

    def find_component(self, custom_id: str) -> dict[str, Any] | None:
        """The input with ``custom_id``, if the modal has one."""
        for component in walk_components(self.components):
            if component.get("custom_id") == custom_id:
                return component
        return None


class InteractionResult(MessageView):
    """The bot's HTTP answer to one interaction.

    Args:
        status: The HTTP status.
        body: The JSON body (or the ``payload_json`` part of a multipart body).
        files: The files of a multipart body.
        headers: The response headers.
        interaction: The interaction payload that was sent.
        elapsed: Seconds between sending the request and reading the whole answer.

    Attributes:
        status: The HTTP status.
        json: The raw JSON body (``None`` when the body was not JSON).
        files: The files attached in a multipart answer.
        headers: The response headers.
        interaction: The interaction payload that was sent, as Discord would have.
        elapsed: Seconds the answer took (Discord gives up after 3).
        via_rest: Whether the bot answered through the REST callback endpoint (its HTTP
            answer was an empty 202); ``json`` and ``files`` are then that callback's.
    """

    def __init__(
        self,
        status: int,
        body: Any,
        *,
        files: list[ResultFile] | None = None,
        headers: Mapping[str, str] | None = None,
        interaction: dict[str, Any] | None = None,
        elapsed: float = 0.0,
    ) -> None:
        self.status = status
        self.json = body
        self.files = list(files or [])
        self.headers = dict(headers or {})
        self.interaction: dict[str, Any] = interaction or {}
        self.elapsed = elapsed
        self.via_rest = False

    def __repr__(self) -> str:
        name = _CALLBACK_NAMES.get(self.type or 0, str(self.type))
        return f"InteractionResult(status={self.status}, type={name}, content={self.content!r})"

    @property
    def type(self) -> int | None:
        """The interaction callback type (4 message, 5 deferred, 7 update, 9 modal...)."""
        body = self.json
        if isinstance(body, dict) and isinstance(body.get("type"), int):
            return int(body["type"])
        return None

    @property
    def data(self) -> dict[str, Any]:
        """The callback's ``data`` object (``{}`` when it has none)."""
        body = self.json
        if isinstance(body, dict) and isinstance(body.get("data"), dict):
            return dict(body["data"])
        return {}

    @property
    def ok(self) -> bool:
        """Whether the HTTP status is 2xx."""
        return 200 <= self.status < 300

    @property
    def pong(self) -> bool:
        """Whether this answers a PING (type 1)."""
        return self.type == 1

    @property
    def deferred(self) -> bool:
        """Whether the bot deferred (type 5, or type 6 for a component or modal)."""
        return self.type in (5, 6)

    @property
    def updated(self) -> bool:
        """Whether the bot updates the message the component sits on (type 6 or 7)."""
        return self.type in (6, 7)

    @property
    def is_message(self) -> bool:
        """Whether a new message was sent (type 4)."""
        return self.type == 4

    @property
    def modal(self) -> ModalView | None:
        """The modal opened (type 9), or ``None``."""
        if self.type != 9:
            return None
        data = self.data
        components = data.get("components")
        return ModalView(
            custom_id=str(data.get("custom_id", "")),
            title=str(data.get("title", "")),
            components=list(components) if isinstance(components, list) else [],
        )

    @property
    def choices(self) -> list[dict[str, Any]]:
        """The autocomplete choices (type 8) as ``{"name": ..., "value": ...}`` dicts."""
        if self.type != 8:
            return []
        value = self.data.get("choices")
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

    @property
    def choice_names(self) -> list[str]:
        """The names shown for the autocomplete choices."""
        return [str(choice.get("name")) for choice in self.choices]

    @property
    def choice_values(self) -> list[Any]:
        """The values of the autocomplete choices."""
        return [choice.get("value") for choice in self.choices]

    @property
    def message_data(self) -> dict[str, Any]:
        """The message body for types 4 and 7 (``{}`` otherwise)."""
        return self.data if self.type in (4, 7) else {}


class MessageResult(MessageView):
    """A message the bot sent later through the REST API, as the fake Discord saw it.

    Args:
        method: ``"PATCH"`` for an edit, ``"POST"`` for a follow-up.
        path: The request path under the API base.
        body: The JSON body (or ``payload_json``).
        files: The uploaded files.
        message: The message object the fake answered with (id, flags, attachments).
        status: The status the fake answered.

    Attributes:
        method: The HTTP method.
        path: The request path.
        json: The JSON the bot sent.
        files: The files the bot uploaded.
        message: The message as the fake Discord stored it after the request.
        status: The status the fake answered.
    """

    def __init__(
        self,
        method: str,
        path: str,
        body: Any,
        *,
        files: list[ResultFile] | None = None,
        message: Any = None,
        status: int | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.json = body
        self.files = list(files or [])
        self.message: dict[str, Any] = message if isinstance(message, dict) else {}
        self.status = status

    @classmethod
    def from_request(cls, request: RecordedRequest) -> MessageResult:
        """The message in a request the fake Discord recorded."""
        files = [ResultFile(filename=name, data=data) for name, data in request.files.items()]
        return cls(
            request.method,
            request.path,
            request.json,
            files=files,
            message=request.response,
            status=request.status,
        )

    def __repr__(self) -> str:
        return f"MessageResult({self.method} {self.path}, content={self.content!r})"

    @property
    def data(self) -> dict[str, Any]:
        """The message body the bot sent."""
        return dict(self.json) if isinstance(self.json, dict) else {}

    @property
    def id(self) -> str | None:
        """The id of the message created or edited."""
        value = self.message.get("id")
        return str(value) if value is not None else None

    @property
    def flags(self) -> int:
        """The flags sent, or the stored message's flags when none were sent."""
        value = self.data.get("flags")
        if isinstance(value, int):
            return value
        stored = self.message.get("flags")
        return int(stored) if isinstance(stored, int) else 0


async def read_answer(response: aiohttp.ClientResponse) -> tuple[Any, list[ResultFile]]:
    """The JSON (or the ``payload_json`` part) and the files of an HTTP answer."""
    if response.content_type.startswith("multipart/"):
        reader = aiohttp.MultipartReader.from_response(response)
        parsed: Any = None
        files: list[ResultFile] = []
        while True:
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, aiohttp.BodyPartReader):
                continue
            data = bytes(await part.read(decode=True))
            if part.name == "payload_json":
                parsed = json.loads(data)
                continue
            files.append(
                ResultFile(
                    filename=part.filename or part.name or "",
                    data=data,
                    content_type=part.headers.get("Content-Type", "application/octet-stream"),
                    field=part.name or "",
                )
            )
        return parsed, files
    raw = await response.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError:
        return None, []
