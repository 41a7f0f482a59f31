"""Files attached to messages or uploaded through options and modals."""

from __future__ import annotations

import base64
import binascii
import datetime
from typing import Any, ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.snowflake import Snowflake
from kagari.models.user import User

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

    @property
    def is_clip(self) -> bool:
        """Whether the file is a clip of a stream (flag ``IS_CLIP``, ``1 << 0``)."""
        return bool(self.flags & 1)

    @cached_property
    def placeholder(self) -> str | None:
        """A tiny base64 thumbhash of an image or video, shown while it loads."""
        return c.as_opt_str(self._raw.get("placeholder"))

    @cached_property
    def placeholder_version(self) -> int | None:
        """The version of the :attr:`placeholder` format."""
        return c.as_opt_int(self._raw.get("placeholder_version"))

    @cached_property
    def waveform(self) -> str | None:
        """The base64 waveform of a voice message (see :attr:`waveform_bytes`)."""
        return c.as_opt_str(self._raw.get("waveform"))

    @cached_property
    def waveform_bytes(self) -> bytes | None:
        """The decoded :attr:`waveform`: one volume byte per sample; ``None`` if not base64."""
        if self.waveform is None:
            return None
        try:
            return base64.b64decode(self.waveform, validate=True)
        except (binascii.Error, ValueError):
            return None

    @cached_property
    def clip_created_at(self) -> datetime.datetime | None:
        """When a clip (a recording of a stream) was made."""
        return c.opt_datetime(self._raw.get("clip_created_at"))

    @cached_property
    def clip_participants(self) -> list[User]:
        """The users who were in the stream a clip was made of."""
        return [User(item) for item in c.as_list(self._raw.get("clip_participants"))]

    @cached_property
    def application(self) -> dict[str, Any] | None:
        """The application a clip was recorded in, as the raw application object."""
        value = self._raw.get("application")
        return value if isinstance(value, dict) else None
