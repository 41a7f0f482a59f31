"""Buttons and the action rows that hold buttons, a select or a (legacy modal) text input."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, Literal

from kagari.builders import limits
from kagari.builders.components.base import Component, _enum_value, _name, _put, check_custom_id
from kagari.builders.components.emoji import EmojiLike, to_emoji
from kagari.builders.components.selects import AnySelect, BaseSelect
from kagari.builders.components.text_input import TextInput
from kagari.builders.mentions import snowflake_str
from kagari.models.enums import ComponentType

__all__ = ["ActionRow", "Button", "ButtonStyle", "ButtonStyleName"]


class ButtonStyle(enum.IntEnum):
    """How a button looks, and what it needs (Component Reference, "Button Styles")."""

    PRIMARY = 1
    """Blurple; needs ``custom_id``."""
    SECONDARY = 2
    """Grey; needs ``custom_id``."""
    SUCCESS = 3
    """Green; needs ``custom_id``."""
    DANGER = 4
    """Red; needs ``custom_id``."""
    LINK = 5
    """Opens ``url``; sends no interaction."""
    PREMIUM = 6
    """Buys ``sku_id``; sends no interaction."""


ButtonStyleName = Literal["primary", "secondary", "success", "danger", "link", "premium"]


class Button(Component):
    """A clickable button; lives in an :class:`ActionRow` or as a :class:`Section` accessory.

    Args:
        label: Text on the button, max 80 characters.
        custom_id: Sent back when clicked; required for every style except link and premium.
        style: ``"primary"`` (default), ``"secondary"``, ``"success"``, ``"danger"``,
            ``"link"`` or ``"premium"``, or a :class:`ButtonStyle`. Left out, it is
            ``"link"`` when ``url`` is given and ``"premium"`` when ``sku_id`` is given.
        url: The link of a link button (max 512 characters).
        emoji: Shown before the label.
        disabled: Grey the button out.
        sku_id: The SKU a premium button sells.
        id: Optional numeric component id.

    Raises:
        ValueError: When the fields do not fit the style (a link button needs ``url`` and
            no ``custom_id``; a premium button needs ``sku_id`` and nothing else; the rest
            need ``custom_id`` and a label or emoji).
    """

    __slots__ = ("custom_id", "disabled", "emoji", "label", "sku_id", "style", "url")
    type = ComponentType.BUTTON

    def __init__(
        self,
        label: str | None = None,
        *,
        custom_id: str | None = None,
        style: ButtonStyleName | ButtonStyle | int | None = None,
        url: str | None = None,
        emoji: EmojiLike | None = None,
        disabled: bool = False,
        sku_id: int | str | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(id=id)
        if style is None:
            style = ButtonStyle.LINK if url else ButtonStyle.PREMIUM if sku_id else 1
        self.style = _enum_value("Button.style", ButtonStyle, style)
        limits.check_length("Button.label", label, limits.BUTTON_LABEL_MAX)
        self.label = label
        self.emoji = None if emoji is None else to_emoji(emoji)
        self.disabled = disabled
        self.custom_id = (
            None if custom_id is None else check_custom_id("Button.custom_id", custom_id)
        )
        self.url = url
        self.sku_id = None if sku_id is None else snowflake_str("Button.sku_id", sku_id)
        self._check_style()

    def _check_style(self) -> None:
        if self.style == ButtonStyle.LINK:
            if not self.url:
                raise ValueError("Button.url is required for a link button")
            limits.check_length("Button.url", self.url, limits.BUTTON_URL_MAX)
            if self.custom_id is not None or self.sku_id is not None:
                raise ValueError("a link button cannot have Button.custom_id or Button.sku_id")
        elif self.style == ButtonStyle.PREMIUM:
            if self.sku_id is None:
                raise ValueError("Button.sku_id is required for a premium button")
            if any(x is not None for x in (self.custom_id, self.label, self.url, self.emoji)):
                raise ValueError(
                    "a premium button cannot have Button.custom_id, label, url or emoji"
                )
        else:
            if self.custom_id is None:
                raise ValueError(f"Button.custom_id is required for a style {self.style} button")
            if self.url is not None or self.sku_id is not None:
                raise ValueError("only link buttons have Button.url; only premium ones sku_id")
            if not self.label and self.emoji is None:
                raise ValueError("a button needs a Button.label or a Button.emoji")

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"style": self.style}
        _put(body, "label", self.label)
        _put(body, "emoji", None if self.emoji is None else self.emoji.to_dict())
        _put(body, "custom_id", self.custom_id)
        _put(body, "url", self.url)
        _put(body, "sku_id", self.sku_id)
        if self.disabled:
            body["disabled"] = True
        return body


class ActionRow(Component):
    """A row of up to 5 buttons, or one select (messages), or one text input (legacy modals).

    Args:
        *components: The row's children.
        id: Optional numeric component id.

    Example:
        ```python
        kagari.ActionRow(kagari.Button("Yes", custom_id="yes"), kagari.Button("No", custom_id="no"))
        ```
    """

    __slots__ = ("components",)
    type = ComponentType.ACTION_ROW

    def __init__(self, *components: Button | AnySelect | TextInput, id: int | None = None) -> None:
        super().__init__(id=id)
        limits.check_count(
            "ActionRow.components", components, limits.ACTION_ROW_MAX_COMPONENTS, minimum=1
        )
        for child in components:
            if not isinstance(child, (Button, BaseSelect, TextInput)):
                raise TypeError(
                    f"ActionRow holds buttons, selects or text inputs, not {_name(child)}"
                )
        kinds = {type(child) for child in components}
        if len(kinds) > 1 and not kinds <= {Button}:
            raise ValueError("an ActionRow holds either buttons, or one select, or one text input")
        if len(components) > 1 and not isinstance(components[0], Button):
            raise ValueError(
                f"an ActionRow holds only one {type(components[0]).__name__} "
                f"(it may hold up to {limits.ACTION_ROW_MAX_COMPONENTS} buttons)"
            )
        self.components: tuple[Button | AnySelect | TextInput, ...] = components

    @property
    def for_modal(self) -> bool:
        """Whether this is the legacy modal form (a row holding a text input)."""
        return isinstance(self.components[0], TextInput)

    def children(self) -> Sequence[Component]:
        """The buttons, select or text input in the row."""
        return self.components

    def _payload(self) -> dict[str, Any]:
        return {"components": [child.to_dict() for child in self.components]}
