"""Files attached to messages or uploaded through options and modals."""

from __future__ import annotations

from typing import ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.snowflake import Snowflake

__all__ = ["Attachment"]


class Attachment(Model):
    """An uploaded file.

    Missing fields decode to ``Snowflake(0)``, ``""``, ``0``, ``False`` or ``None``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "filename", "size")

    @cached_property
    def id(self) -> Snowflake:
        """The attachment's id."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def filename(self) -> str:
        """The file name."""
        return c.as_str(self._raw.get("filename"))

    @cached_property
    def title(self) -> str | None:
        """The title of the file, if any."""
        return c.as_opt_str(self._raw.get("title"))

    @cached_property
    def description(self) -> str | None:
        """The alt text, if any."""
        return c.as_opt_str(self._raw.get("description"))

    @cached_property
    def content_type(self) -> str | None:
        """The media type, such as ``"image/png"``."""
        return c.as_opt_str(self._raw.get("content_type"))

    @cached_property
    def size(self) -> int:
        """The size in bytes."""
        return c.as_int(self._raw.get("size"))

    @cached_property
    def url(self) -> str:
        """The (signed, expiring) URL to download the file from."""
        return c.as_str(self._raw.get("url"))

    @cached_property
    def proxy_url(self) -> str:
        """The URL of the file through Discord's media proxy."""
        return c.as_str(self._raw.get("proxy_url"))

    @cached_property
    def width(self) -> int | None:
        """The width of an image or video, in pixels."""
        return c.as_opt_int(self._raw.get("width"))

    @cached_property
    def height(self) -> int | None:
        """The height of an image or video, in pixels."""
        return c.as_opt_int(self._raw.get("height"))

    @cached_property
    def ephemeral(self) -> bool:
        """Whether the file is temporary (removed after a while)."""
        return c.as_bool(self._raw.get("ephemeral"))

    @cached_property
    def duration_secs(self) -> float | None:
        """The length of a voice message, in seconds."""
        value = self._raw.get("duration_secs")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return None

    @cached_property
    def flags(self) -> int:
        """The attachment flags bit field (``0`` when missing)."""
        return c.as_int(self._raw.get("flags"))
