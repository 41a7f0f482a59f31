"""Emoji on buttons, select options and poll answers: :class:`PartialEmoji` and its parser."""

from __future__ import annotations

import re
from typing import Any, TypeAlias

from kagari.builders import limits
from kagari.builders.mentions import snowflake_str

__all__ = ["EmojiLike", "PartialEmoji", "to_emoji"]


_CUSTOM_EMOJI = re.compile(r"<(?P<animated>a?):(?P<name>\w{1,32}):(?P<id>\d{15,22})>")


class PartialEmoji:
    """An emoji on a button, select option or poll answer.

    Args:
        name: The unicode emoji itself, or a custom emoji's name.
        id: A custom emoji's id (``None`` for unicode emoji).
        animated: Whether the custom emoji is animated.

    Anywhere an emoji is accepted, a plain ``str`` works too: a unicode emoji (``"🐜"``) or
    a custom emoji in chat syntax (``"<:rogue:625891304148303894>"``).
    """

    __slots__ = ("animated", "id", "name")

    def __init__(self, name: str, id: int | str | None = None, animated: bool = False) -> None:
        limits.check_length("PartialEmoji.name", name, limits.EMOJI_NAME_MAX, minimum=1)
        self.name = name
        self.id: str | None = None if id is None else snowflake_str("PartialEmoji.id", id)
        self.animated = animated

    @classmethod
    def parse(cls, text: str) -> PartialEmoji:
        """Read ``"<:name:id>"``, ``"<a:name:id>"`` or a unicode emoji."""
        match = _CUSTOM_EMOJI.fullmatch(text.strip())
        if match:
            return cls(match["name"], match["id"], bool(match["animated"]))
        return cls(text)

    def to_dict(self) -> dict[str, Any]:
        """The partial emoji object Discord expects."""
        body: dict[str, Any] = {"name": self.name}
        if self.id is not None:
            body["id"] = self.id
        if self.animated:
            body["animated"] = True
        return body

    def __str__(self) -> str:
        if self.id is None:
            return self.name
        return f"<{'a' if self.animated else ''}:{self.name}:{self.id}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialEmoji):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.name, self.id, self.animated))

    def __repr__(self) -> str:
        return f"PartialEmoji(name={self.name!r}, id={self.id!r}, animated={self.animated!r})"


EmojiLike: TypeAlias = str | PartialEmoji
"""A unicode emoji, a custom emoji in ``<:name:id>`` syntax, or a :class:`PartialEmoji`."""


def to_emoji(value: EmojiLike) -> PartialEmoji:
    """Turn a str or :class:`PartialEmoji` into a :class:`PartialEmoji`."""
    if isinstance(value, PartialEmoji):
        return value
    if isinstance(value, str):
        return PartialEmoji.parse(value)
    raise TypeError(f"an emoji must be a str or PartialEmoji, got {type(value).__name__}")
