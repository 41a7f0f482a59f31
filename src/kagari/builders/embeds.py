"""Rich embeds: the boxed cards a message can carry (up to 10 per message)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from kagari.builders import limits
from kagari.builders.files import File

__all__ = ["Embed"]


def media_url(field: str, value: str | File, maximum: int = limits.MEDIA_URL_MAX) -> str:
    """Return a URL for ``value``: the string itself, or ``attachment://<name>`` for a File.

    Args:
        field: The name shown in the error.
        value: A URL or a :class:`~kagari.File` uploaded with the same message.
        maximum: The longest URL allowed.
    """
    if isinstance(value, File):
        return "attachment://" + value.filename
    limits.check_length(field, value, maximum, minimum=1)
    return value


class Embed:
    """A rich embed, built fluently (every setter returns the embed).

    Args:
        title: Max 256 characters.
        description: Max 4096 characters.
        url: Makes the title a link.
        color: The colour of the left bar as ``0xRRGGBB``.
        timestamp: Shown in the footer; a naive datetime is taken as UTC.

    Images and icons accept a URL or a :class:`~kagari.File`; a File becomes an
    ``attachment://`` reference and is uploaded with the message automatically.

    Example:
        ```python
        embed = (
            kagari.Embed("Build finished", color=0x57F287)
            .add_field("Duration", "42 s", inline=True)
            .set_footer("CI")
        )
        return kagari.Message(embeds=[embed])
        ```
    """

    __slots__ = (
        "_author",
        "_fields",
        "_files",
        "_footer",
        "_image",
        "_thumbnail",
        "color",
        "description",
        "timestamp",
        "title",
        "url",
    )

    def __init__(
        self,
        title: str | None = None,
        description: str | None = None,
        *,
        url: str | None = None,
        color: int | None = None,
        timestamp: datetime.datetime | None = None,
    ) -> None:
        self.title = title
        self.description = description
        self.url = url
        self.color = color
        self.timestamp = timestamp
        self._fields: list[dict[str, Any]] = []
        self._author: dict[str, Any] | None = None
        self._footer: dict[str, Any] | None = None
        self._image: dict[str, Any] | None = None
        self._thumbnail: dict[str, Any] | None = None
        self._files: dict[str, File] = {}
        self._check_scalars()

    # -- fluent setters --------------------------------------------------------------------
    def add_field(self, name: str, value: str, inline: bool = False) -> Embed:
        """Append a field (at most 25; name max 256, value max 1024 characters)."""
        limits.check_count("Embed.fields", [*self._fields, None], limits.EMBED_MAX_FIELDS)
        limits.check_length("Embed.fields.name", name, limits.EMBED_FIELD_NAME_MAX, minimum=1)
        limits.check_length("Embed.fields.value", value, limits.EMBED_FIELD_VALUE_MAX, minimum=1)
        self._fields.append({"name": name, "value": value, "inline": inline})
        return self

    def clear_fields(self) -> Embed:
        """Remove every field."""
        self._fields.clear()
        return self

    def set_author(
        self, name: str, *, url: str | None = None, icon_url: str | File | None = None
    ) -> Embed:
        """Set the author line (name max 256 characters)."""
        limits.check_length("Embed.author.name", name, limits.EMBED_AUTHOR_NAME_MAX, minimum=1)
        author: dict[str, Any] = {"name": name}
        if url is not None:
            author["url"] = media_url("Embed.author.url", url, limits.EMBED_URL_MAX)
        if icon_url is not None:
            author["icon_url"] = self._media("Embed.author.icon_url", "author", icon_url)
        self._author = author
        return self

    def set_footer(self, text: str, *, icon_url: str | File | None = None) -> Embed:
        """Set the footer (text max 2048 characters)."""
        limits.check_length("Embed.footer.text", text, limits.EMBED_FOOTER_TEXT_MAX, minimum=1)
        footer: dict[str, Any] = {"text": text}
        if icon_url is not None:
            footer["icon_url"] = self._media("Embed.footer.icon_url", "footer", icon_url)
        self._footer = footer
        return self

    def set_image(self, url: str | File) -> Embed:
        """Set the large image (a URL or a File uploaded with the message)."""
        self._image = {"url": self._media("Embed.image.url", "image", url)}
        return self

    def set_thumbnail(self, url: str | File) -> Embed:
        """Set the small image in the top right corner."""
        self._thumbnail = {"url": self._media("Embed.thumbnail.url", "thumbnail", url)}
        return self

    # -- reading -----------------------------------------------------------------------------
    @property
    def fields(self) -> list[dict[str, Any]]:
        """A copy of the fields, as ``{"name", "value", "inline"}`` dicts."""
        return [dict(field) for field in self._fields]

    @property
    def files(self) -> tuple[File, ...]:
        """Files referenced by the image, thumbnail or icons (uploaded with the message)."""
        return tuple(self._files.values())

    def total_length(self) -> int:
        """Characters that count toward the 6000 per-message budget."""
        size = len(self.title or "") + len(self.description or "")
        size += sum(len(field["name"]) + len(field["value"]) for field in self._fields)
        size += len(self._footer["text"]) if self._footer else 0
        size += len(self._author["name"]) if self._author else 0
        return size

    def to_dict(self) -> dict[str, Any]:
        """The embed object Discord expects (limits are checked again here)."""
        self._check_scalars()
        body: dict[str, Any] = {}
        if self.title is not None:
            body["title"] = self.title
        if self.description is not None:
            body["description"] = self.description
        if self.url is not None:
            body["url"] = self.url
        if self.color is not None:
            body["color"] = self.color
        if self.timestamp is not None:
            body["timestamp"] = _iso(self.timestamp)
        if self._fields:
            body["fields"] = self.fields
        for key, part in (
            ("author", self._author),
            ("footer", self._footer),
            ("image", self._image),
            ("thumbnail", self._thumbnail),
        ):
            if part is not None:
                body[key] = dict(part)
        check_embed_total("Embed", [self])
        return body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Embed):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Embed(title={self.title!r}, fields={len(self._fields)})"

    # -- helpers -----------------------------------------------------------------------------
    def _media(self, field: str, slot: str, value: str | File) -> str:
        if isinstance(value, File):
            self._files[slot] = value
        else:
            self._files.pop(slot, None)
        return media_url(field, value, limits.EMBED_URL_MAX)

    def _check_scalars(self) -> None:
        limits.check_length("Embed.title", self.title, limits.EMBED_TITLE_MAX)
        limits.check_length("Embed.description", self.description, limits.EMBED_DESCRIPTION_MAX)
        limits.check_length("Embed.url", self.url, limits.EMBED_URL_MAX)
        if self.color is not None:
            limits.check_range("Embed.color", self.color, 0, limits.COLOR_MAX)
        if self.timestamp is not None and not isinstance(self.timestamp, datetime.datetime):
            raise TypeError("Embed.timestamp must be a datetime.datetime")


def check_embed_total(field: str, embeds: Sequence[Embed]) -> None:
    """Raise if the embeds together exceed Discord's 6000-character budget.

    Args:
        field: The name shown in the error, such as ``"Message.embeds"``.
        embeds: The embeds of one message.
    """
    total = sum(embed.total_length() for embed in embeds)
    if total > limits.EMBED_TOTAL_MAX:
        raise ValueError(
            f"{field}: title, description, field names and values, footer text and author "
            f"name may hold at most {limits.EMBED_TOTAL_MAX} characters in total (got {total})"
        )


def _iso(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc).isoformat()
