"""Emoji, custom or unicode."""

from __future__ import annotations

from typing import ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._cdn import CDN_URL
from kagari.models._lazy import cached_property
from kagari.models.snowflake import Snowflake

__all__ = ["Emoji"]


class Emoji(Model):
    """An emoji: a custom one (with an ``id``) or a unicode one (``id`` is ``None``)."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "name")

    @cached_property
    def id(self) -> Snowflake | None:
        """The custom emoji's id; ``None`` for a unicode emoji."""
        return c.opt_snowflake(self._raw.get("id"))

    @cached_property
    def name(self) -> str | None:
        """The emoji's name, or the unicode character itself (``None`` when deleted)."""
        return c.as_opt_str(self._raw.get("name"))

    @cached_property
    def animated(self) -> bool:
        """Whether the custom emoji is animated."""
        return c.as_bool(self._raw.get("animated"))

    @property
    def mention(self) -> str:
        """The text that shows the emoji in a message (``<:name:id>``, or the character)."""
        if self.id is None:
            return self.name or ""
        prefix = "a" if self.animated else ""
        return f"<{prefix}:{self.name or '_'}:{self.id}>"

    @property
    def url(self) -> str | None:
        """The image URL of a custom emoji; ``None`` for a unicode emoji."""
        if self.id is None:
            return None
        return f"{CDN_URL}/emojis/{self.id}.{'gif' if self.animated else 'png'}"
