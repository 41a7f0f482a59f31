"""Message and modal components: buttons, selects, text inputs, Components V2 layout, modal inputs.

Every component checks Discord's limits when it is constructed and becomes JSON with
:meth:`Component.to_dict`. Where a component may be used (a message, a modal, inside a row,
a section, a container or a label) is checked by the container that receives it, and by
:class:`~kagari.responses.Message` and :class:`~kagari.responses.Modal` for the top level.
"""

from __future__ import annotations

import abc
import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, Literal, TypeAlias

from kagari import _codes, limits
from kagari.embeds import media_url
from kagari.files import File
from kagari.mentions import Target, snowflake_str

__all__ = [
    "ActionRow",
    "Button",
    "ButtonStyle",
    "ChannelSelect",
    "Checkbox",
    "CheckboxGroup",
    "CheckboxOption",
    "Component",
    "Container",
    "FileComponent",
    "FileUpload",
    "Label",
    "MediaGallery",
    "MediaGalleryItem",
    "MentionableSelect",
    "PartialEmoji",
    "RadioGroup",
    "RadioOption",
    "RoleSelect",
    "Section",
    "SelectDefault",
    "SelectOption",
    "Separator",
    "SeparatorSpacing",
    "StringSelect",
    "TextDisplay",
    "TextInput",
    "TextInputStyle",
    "Thumbnail",
    "UserSelect",
]


# ---------------------------------------------------------------------------------------------
# Enums and emoji
# ---------------------------------------------------------------------------------------------
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


class TextInputStyle(enum.IntEnum):
    """Single-line or multi-line text input."""

    SHORT = 1
    PARAGRAPH = 2


class SeparatorSpacing(enum.IntEnum):
    """Padding of a :class:`Separator`."""

    SMALL = 1
    LARGE = 2


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


# ---------------------------------------------------------------------------------------------
# Base classes
# ---------------------------------------------------------------------------------------------
class Component(abc.ABC):
    """The base of every component: a ``type``, an optional numeric ``id`` and ``to_dict()``.

    Args:
        id: Optional 32-bit identifier, unique within the message or modal; Discord fills
            it in when omitted.
    """

    __slots__ = ("id",)

    type: ClassVar[int]
    """The component type number."""
    v2: ClassVar[bool] = False
    """Whether this component only exists in messages flagged IS_COMPONENTS_V2."""
    modal_only: ClassVar[bool] = False
    """Whether this component only exists in modals."""

    def __init__(self, *, id: int | None = None) -> None:
        limits.check_range(f"{type(self).__name__}.id", id, 0, limits.COMPONENT_ID_MAX)
        self.id = id

    @abc.abstractmethod
    def _payload(self) -> dict[str, Any]:
        """The fields besides ``type`` and ``id``."""

    def to_dict(self) -> dict[str, Any]:
        """The component object Discord expects."""
        body: dict[str, Any] = {"type": self.type}
        if self.id is not None:
            body["id"] = self.id
        body.update(self._payload())
        return body

    def children(self) -> Sequence[Component]:
        """The components directly inside this one."""
        return ()

    def walk(self) -> Iterator[Component]:
        """This component and every component nested in it, depth first."""
        yield self
        for child in self.children():
            yield from child.walk()

    def own_files(self) -> Sequence[File]:
        """Files this component itself references (not its children)."""
        return ()

    @property
    def files(self) -> tuple[File, ...]:
        """Files referenced anywhere in this component; a message uploads them for you."""
        return tuple(file for component in self.walk() for file in component.own_files())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Component):
            return NotImplemented
        return type(self) is type(other) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={value!r}" for key, value in self._payload().items())
        return f"{type(self).__name__}({fields})"


class Interactive(Component):
    """A component that sends an interaction and so carries a ``custom_id``."""

    __slots__ = ("custom_id",)

    def __init__(self, custom_id: str, *, id: int | None = None) -> None:
        super().__init__(id=id)
        self.custom_id: str = check_custom_id(f"{type(self).__name__}.custom_id", custom_id)


def check_custom_id(field: str, value: Any) -> str:
    """Return ``value`` if it is a 1-100 character string, else raise naming ``field``."""
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a str of 1-{limits.CUSTOM_ID_MAX} characters")
    limits.check_length(field, value, limits.CUSTOM_ID_MAX, minimum=1)
    return value


def _put(body: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        body[key] = value


def _enum_value(field: str, enum_type: type[enum.IntEnum], value: str | int) -> int:
    if isinstance(value, str):
        try:
            return int(enum_type[value.upper()])
        except KeyError:
            names = ", ".join(repr(member.name.lower()) for member in enum_type)
            raise ValueError(f"{field} must be one of {names} (got {value!r})") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field} must be a str or int, got {type(value).__name__}")
    return int(value)


# ---------------------------------------------------------------------------------------------
# Buttons and action rows
# ---------------------------------------------------------------------------------------------
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
    type = _codes.BUTTON

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
    type = _codes.ACTION_ROW

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


# ---------------------------------------------------------------------------------------------
# Selects
# ---------------------------------------------------------------------------------------------
class SelectOption:
    """One choice of a :class:`StringSelect`.

    Args:
        label: What the user sees, 1-100 characters.
        value: What your bot receives, 1-100 characters (defaults to ``label``).
        description: A second line, max 100 characters.
        emoji: Shown before the label.
        default: Pre-select this option.
    """

    __slots__ = ("default", "description", "emoji", "label", "value")

    def __init__(
        self,
        label: str,
        value: str | None = None,
        description: str | None = None,
        emoji: EmojiLike | None = None,
        default: bool = False,
    ) -> None:
        value = label if value is None else value
        limits.check_length("SelectOption.label", label, limits.OPTION_LABEL_MAX, minimum=1)
        limits.check_length("SelectOption.value", value, limits.OPTION_VALUE_MAX, minimum=1)
        limits.check_length("SelectOption.description", description, limits.OPTION_DESCRIPTION_MAX)
        self.label = label
        self.value = value
        self.description = description
        self.emoji = None if emoji is None else to_emoji(emoji)
        self.default = default

    def to_dict(self) -> dict[str, Any]:
        """The select option object Discord expects."""
        body: dict[str, Any] = {"label": self.label, "value": self.value}
        _put(body, "description", self.description)
        _put(body, "emoji", None if self.emoji is None else self.emoji.to_dict())
        if self.default:
            body["default"] = True
        return body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SelectOption):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SelectOption(label={self.label!r}, value={self.value!r})"


DefaultType = Literal["user", "role", "channel"]


class SelectDefault:
    """A pre-selected value of a user, role, mentionable or channel select.

    Args:
        id: The user, role or channel (an id or an object with ``id``).
        type: ``"user"``, ``"role"`` or ``"channel"``.
    """

    __slots__ = ("id", "type")

    def __init__(self, id: Target, type: DefaultType) -> None:
        if type not in ("user", "role", "channel"):
            raise ValueError(f"SelectDefault.type must be 'user', 'role' or 'channel' ({type!r})")
        self.id = snowflake_str("SelectDefault.id", id)
        self.type: DefaultType = type

    def to_dict(self) -> dict[str, Any]:
        """The default value object Discord expects."""
        return {"id": self.id, "type": self.type}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SelectDefault):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SelectDefault(id={self.id!r}, type={self.type!r})"


class BaseSelect(Interactive):
    """Fields every select menu shares (see the subclasses)."""

    __slots__ = ("disabled", "max_values", "min_values", "placeholder", "required")

    def __init__(
        self,
        custom_id: str,
        *,
        placeholder: str | None,
        min_values: int | None,
        max_values: int | None,
        disabled: bool,
        required: bool | None,
        id: int | None,
    ) -> None:
        super().__init__(custom_id, id=id)
        name = type(self).__name__
        limits.check_length(f"{name}.placeholder", placeholder, limits.SELECT_PLACEHOLDER_MAX)
        limits.check_range(f"{name}.min_values", min_values, 0, limits.SELECT_MAX_VALUES)
        limits.check_range(f"{name}.max_values", max_values, 1, limits.SELECT_MAX_VALUES)
        if self.effective_min(min_values) > self.effective_max(max_values):
            raise ValueError(
                f"{name}.min_values ({self.effective_min(min_values)}) is larger than "
                f"{name}.max_values ({self.effective_max(max_values)})"
            )
        self.placeholder = placeholder
        self.min_values = min_values
        self.max_values = max_values
        self.disabled = disabled
        self.required = required

    @staticmethod
    def effective_min(min_values: int | None) -> int:
        """``min_values`` or Discord's default of 1."""
        return 1 if min_values is None else min_values

    @staticmethod
    def effective_max(max_values: int | None) -> int:
        """``max_values`` or Discord's default of 1."""
        return 1 if max_values is None else max_values

    def _common(self) -> dict[str, Any]:
        body: dict[str, Any] = {"custom_id": self.custom_id}
        _put(body, "placeholder", self.placeholder)
        _put(body, "min_values", self.min_values)
        _put(body, "max_values", self.max_values)
        if self.disabled:
            body["disabled"] = True
        _put(body, "required", self.required)
        return body


class StringSelect(BaseSelect):
    """A select menu of options you define; in a message row or a modal :class:`Label`.

    Args:
        custom_id: Sent back with the chosen values, 1-100 characters.
        options: 1-25 :class:`SelectOption` (a plain ``str`` is an option whose label and
            value are that string).
        placeholder: Shown while nothing is chosen, max 150 characters.
        min_values: Fewest choices, 0-25 (Discord's default 1).
        max_values: Most choices, 1-25 and at most the number of options (default 1).
        disabled: Grey the menu out (messages only).
        required: Whether a modal can be submitted without a choice (modals only).
        id: Optional numeric component id.
    """

    __slots__ = ("options",)
    type = _codes.STRING_SELECT

    def __init__(
        self,
        custom_id: str,
        options: Sequence[SelectOption | str] = (),
        *,
        placeholder: str | None = None,
        min_values: int | None = None,
        max_values: int | None = None,
        disabled: bool = False,
        required: bool | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(
            custom_id,
            placeholder=placeholder,
            min_values=min_values,
            max_values=max_values,
            disabled=disabled,
            required=required,
            id=id,
        )
        self.options = tuple(
            option if isinstance(option, SelectOption) else SelectOption(option)
            for option in options
        )
        count = len(self.options)
        limits.check_count(
            "StringSelect.options", self.options, limits.SELECT_MAX_OPTIONS, minimum=1
        )
        if self.effective_max(max_values) > count or self.effective_min(min_values) > count:
            raise ValueError(
                f"StringSelect.min_values/max_values cannot exceed the {count} options"
            )
        _check_unique("StringSelect.options value", (option.value for option in self.options))
        chosen = sum(option.default for option in self.options)
        if chosen > self.effective_max(max_values):
            raise ValueError(
                f"StringSelect has {chosen} default options but max_values is "
                f"{self.effective_max(max_values)}"
            )

    def _payload(self) -> dict[str, Any]:
        body = self._common()
        body["options"] = [option.to_dict() for option in self.options]
        return body


class _AutoSelect(BaseSelect):
    """A select Discord fills itself (users, roles, mentionables, channels)."""

    __slots__ = ("default_values",)
    _default_types: ClassVar[frozenset[str]]

    def __init__(
        self,
        custom_id: str,
        *,
        placeholder: str | None = None,
        min_values: int | None = None,
        max_values: int | None = None,
        disabled: bool = False,
        required: bool | None = None,
        default_values: Iterable[SelectDefault] | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(
            custom_id,
            placeholder=placeholder,
            min_values=min_values,
            max_values=max_values,
            disabled=disabled,
            required=required,
            id=id,
        )
        name = type(self).__name__
        values = None if default_values is None else tuple(default_values)
        if values:
            for value in values:
                if not isinstance(value, SelectDefault):
                    raise TypeError(
                        f"{name}.default_values holds SelectDefault, not {_name(value)}"
                    )
                if value.type not in self._default_types:
                    allowed = " or ".join(sorted(self._default_types))
                    raise ValueError(f"{name}.default_values may only hold {allowed} defaults")
            low, high = self.effective_min(min_values), self.effective_max(max_values)
            if not low <= len(values) <= high:
                raise ValueError(
                    f"{name}.default_values must hold between min_values ({low}) and "
                    f"max_values ({high}) entries (got {len(values)})"
                )
        self.default_values = values

    def _payload(self) -> dict[str, Any]:
        body = self._common()
        if self.default_values is not None:
            body["default_values"] = [value.to_dict() for value in self.default_values]
        return body


class UserSelect(_AutoSelect):
    """A select of server members; ``default_values`` are ``SelectDefault(id, "user")``.

    Args:
        custom_id: 1-100 characters.
        placeholder: Max 150 characters.
        min_values: 0-25 (Discord's default 1).
        max_values: 1-25 (Discord's default 1).
        disabled: Messages only.
        required: Modals only.
        default_values: Pre-selected users.
        id: Optional numeric component id.
    """

    __slots__ = ()
    type = _codes.USER_SELECT
    _default_types = frozenset({"user"})


class RoleSelect(_AutoSelect):
    """A select of roles; ``default_values`` are ``SelectDefault(id, "role")``.

    Args:
        custom_id: 1-100 characters.
        placeholder: Max 150 characters.
        min_values: 0-25 (Discord's default 1).
        max_values: 1-25 (Discord's default 1).
        disabled: Messages only.
        required: Modals only.
        default_values: Pre-selected roles.
        id: Optional numeric component id.
    """

    __slots__ = ()
    type = _codes.ROLE_SELECT
    _default_types = frozenset({"role"})


class MentionableSelect(_AutoSelect):
    """A select of users and roles; ``default_values`` are user or role defaults.

    Args:
        custom_id: 1-100 characters.
        placeholder: Max 150 characters.
        min_values: 0-25 (Discord's default 1).
        max_values: 1-25 (Discord's default 1).
        disabled: Messages only.
        required: Modals only.
        default_values: Pre-selected users and roles.
        id: Optional numeric component id.
    """

    __slots__ = ()
    type = _codes.MENTIONABLE_SELECT
    _default_types = frozenset({"user", "role"})


class ChannelSelect(_AutoSelect):
    """A select of channels, optionally only some channel types.

    Args:
        custom_id: 1-100 characters.
        channel_types: Channel type numbers to offer (e.g. ``[0]`` for text channels).
        placeholder: Max 150 characters.
        min_values: 0-25 (Discord's default 1).
        max_values: 1-25 (Discord's default 1).
        disabled: Messages only.
        required: Modals only.
        default_values: Pre-selected channels, ``SelectDefault(id, "channel")``.
        id: Optional numeric component id.
    """

    __slots__ = ("channel_types",)
    type = _codes.CHANNEL_SELECT
    _default_types = frozenset({"channel"})

    def __init__(
        self,
        custom_id: str,
        *,
        channel_types: Iterable[int] | None = None,
        placeholder: str | None = None,
        min_values: int | None = None,
        max_values: int | None = None,
        disabled: bool = False,
        required: bool | None = None,
        default_values: Iterable[SelectDefault] | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(
            custom_id,
            placeholder=placeholder,
            min_values=min_values,
            max_values=max_values,
            disabled=disabled,
            required=required,
            default_values=default_values,
            id=id,
        )
        types = None if channel_types is None else tuple(dict.fromkeys(channel_types))
        for value in types or ():
            limits.check_range("ChannelSelect.channel_types", value, 0, 2**31 - 1)
        self.channel_types: tuple[int, ...] | None = types

    def _payload(self) -> dict[str, Any]:
        body = super()._payload()
        if self.channel_types is not None:
            body["channel_types"] = [int(value) for value in self.channel_types]
        return body


AnySelect: TypeAlias = StringSelect | UserSelect | RoleSelect | MentionableSelect | ChannelSelect
"""Any of the five select menus."""


# ---------------------------------------------------------------------------------------------
# Modal components
# ---------------------------------------------------------------------------------------------
class TextInput(Interactive):
    """A text field in a modal.

    Put it straight into :class:`~kagari.responses.Modal`: kagari wraps it in a
    :class:`Label` whose label (and description) are this input's, which is the form Discord
    now recommends (the text input's own ``label`` is deprecated). Inside a legacy
    ``ActionRow(TextInput(...))`` the label stays on the input.

    Args:
        label: The question shown above the field, max 45 characters.
        custom_id: The key of the answer in the modal submit, 1-100 characters.
        style: ``"short"`` (one line, default) or ``"paragraph"``, or a :class:`TextInputStyle`.
        min_length: 0-4000.
        max_length: 1-4000.
        required: Whether the field must be filled (Discord's default is ``True``; kagari
            always sends it).
        value: Pre-filled text, max 4000 characters.
        placeholder: Shown while empty, max 100 characters.
        description: The Label's description when kagari wraps the input, max 100 characters.
        id: Optional numeric component id.
    """

    __slots__ = (
        "description",
        "label",
        "max_length",
        "min_length",
        "placeholder",
        "required",
        "style",
        "value",
    )
    type = _codes.TEXT_INPUT
    modal_only = True

    def __init__(
        self,
        label: str | None = None,
        *,
        custom_id: str,
        style: Literal["short", "paragraph"] | TextInputStyle | int = "short",
        min_length: int | None = None,
        max_length: int | None = None,
        required: bool = True,
        value: str | None = None,
        placeholder: str | None = None,
        description: str | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(custom_id, id=id)
        self.style = _enum_value("TextInput.style", TextInputStyle, style)
        limits.check_length("TextInput.label", label, limits.TEXT_INPUT_LABEL_MAX, minimum=1)
        limits.check_range("TextInput.min_length", min_length, 0, limits.TEXT_INPUT_LENGTH_MAX)
        limits.check_range("TextInput.max_length", max_length, 1, limits.TEXT_INPUT_LENGTH_MAX)
        if min_length is not None and max_length is not None and min_length > max_length:
            raise ValueError(
                f"TextInput.min_length ({min_length}) is larger than max_length ({max_length})"
            )
        limits.check_length("TextInput.value", value, max_length or limits.TEXT_INPUT_LENGTH_MAX)
        limits.check_length("TextInput.placeholder", placeholder, limits.TEXT_INPUT_PLACEHOLDER_MAX)
        limits.check_length(
            "TextInput.description", description, limits.LABEL_DESCRIPTION_MAX, minimum=1
        )
        self.label = label
        self.min_length = min_length
        self.max_length = max_length
        self.required = required
        self.value = value
        self.placeholder = placeholder
        self.description = description

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"custom_id": self.custom_id, "style": self.style}
        _put(body, "label", self.label)
        _put(body, "min_length", self.min_length)
        _put(body, "max_length", self.max_length)
        _put(body, "placeholder", self.placeholder)
        _put(body, "value", self.value)
        body["required"] = self.required
        return body

    def to_label(self) -> Label:
        """This input wrapped in a :class:`Label` carrying its label and description."""
        if self.label is None:
            raise ValueError(
                f"TextInput.label is required to wrap text input {self.custom_id!r} in a Label"
            )
        return Label(self.label, self, description=self.description)


class FileUpload(Interactive):
    """Lets the user attach files in a modal; goes in a :class:`Label`.

    Args:
        custom_id: 1-100 characters.
        min_values: Fewest files, 0-10 (Discord's default 1).
        max_values: Most files, 1-10 (Discord's default 1).
        required: Whether files must be uploaded to submit (Discord's default ``True``).
        id: Optional numeric component id.
    """

    __slots__ = ("max_values", "min_values", "required")
    type = _codes.FILE_UPLOAD
    modal_only = True

    def __init__(
        self,
        custom_id: str,
        *,
        min_values: int | None = None,
        max_values: int | None = None,
        required: bool | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(custom_id, id=id)
        _check_values("FileUpload", min_values, max_values, limits.FILE_UPLOAD_MAX_VALUES, 1)
        self.min_values = min_values
        self.max_values = max_values
        self.required = required

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"custom_id": self.custom_id}
        _put(body, "min_values", self.min_values)
        _put(body, "max_values", self.max_values)
        _put(body, "required", self.required)
        return body


class _Choice:
    """An option of a radio group or checkbox group."""

    __slots__ = ("default", "description", "label", "value")

    def __init__(
        self,
        label: str,
        value: str | None = None,
        description: str | None = None,
        default: bool = False,
    ) -> None:
        name = type(self).__name__
        value = label if value is None else value
        limits.check_length(f"{name}.label", label, limits.OPTION_LABEL_MAX, minimum=1)
        limits.check_length(f"{name}.value", value, limits.OPTION_VALUE_MAX, minimum=1)
        limits.check_length(f"{name}.description", description, limits.OPTION_DESCRIPTION_MAX)
        self.label = label
        self.value = value
        self.description = description
        self.default = default

    def to_dict(self) -> dict[str, Any]:
        """The option object Discord expects."""
        body: dict[str, Any] = {"value": self.value, "label": self.label}
        _put(body, "description", self.description)
        if self.default:
            body["default"] = True
        return body

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Choice)
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(label={self.label!r}, value={self.value!r})"


class RadioOption(_Choice):
    """One option of a :class:`RadioGroup`.

    Args:
        label: Max 100 characters.
        value: Max 100 characters (defaults to ``label``).
        description: Max 100 characters.
        default: Pre-select this option (at most one per group).
    """

    __slots__ = ()


class CheckboxOption(_Choice):
    """One box of a :class:`CheckboxGroup`.

    Args:
        label: Max 100 characters.
        value: Max 100 characters (defaults to ``label``).
        description: Max 100 characters.
        default: Pre-check this box.
    """

    __slots__ = ()


class RadioGroup(Interactive):
    """Pick exactly one of 2-10 options, in a modal :class:`Label`.

    Args:
        custom_id: 1-100 characters.
        options: 2-10 :class:`RadioOption` (or plain strings).
        required: Whether a choice is needed to submit (Discord's default ``True``).
        id: Optional numeric component id.
    """

    __slots__ = ("options", "required")
    type = _codes.RADIO_GROUP
    modal_only = True

    def __init__(
        self,
        custom_id: str,
        options: Sequence[RadioOption | str],
        *,
        required: bool | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(custom_id, id=id)
        self.options = tuple(
            option if isinstance(option, RadioOption) else RadioOption(option) for option in options
        )
        limits.check_count(
            "RadioGroup.options",
            self.options,
            limits.RADIO_GROUP_MAX_OPTIONS,
            minimum=limits.RADIO_GROUP_MIN_OPTIONS,
        )
        _check_unique("RadioGroup.options value", (option.value for option in self.options))
        if sum(option.default for option in self.options) > 1:
            raise ValueError("RadioGroup.options may have at most 1 default option")
        self.required = required

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "custom_id": self.custom_id,
            "options": [option.to_dict() for option in self.options],
        }
        _put(body, "required", self.required)
        return body


class CheckboxGroup(Interactive):
    """Check any number of 1-10 boxes, in a modal :class:`Label`.

    Args:
        custom_id: 1-100 characters.
        options: 1-10 :class:`CheckboxOption` (or plain strings).
        min_values: Fewest boxes, 0-10 (Discord's default 1).
        max_values: Most boxes, 1-10 (Discord's default: the number of options).
        required: Whether a box must be checked to submit (Discord's default ``True``).
        id: Optional numeric component id.
    """

    __slots__ = ("max_values", "min_values", "options", "required")
    type = _codes.CHECKBOX_GROUP
    modal_only = True

    def __init__(
        self,
        custom_id: str,
        options: Sequence[CheckboxOption | str],
        *,
        min_values: int | None = None,
        max_values: int | None = None,
        required: bool | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(custom_id, id=id)
        self.options = tuple(
            option if isinstance(option, CheckboxOption) else CheckboxOption(option)
            for option in options
        )
        count = len(self.options)
        limits.check_count(
            "CheckboxGroup.options", self.options, limits.CHECKBOX_GROUP_MAX_OPTIONS, minimum=1
        )
        _check_values(
            "CheckboxGroup", min_values, max_values, limits.CHECKBOX_GROUP_MAX_VALUES, count
        )
        if (min_values or 0) > count or (max_values or 0) > count:
            raise ValueError(
                f"CheckboxGroup.min_values/max_values cannot exceed the {count} options"
            )
        _check_unique("CheckboxGroup.options value", (option.value for option in self.options))
        self.min_values = min_values
        self.max_values = max_values
        self.required = required

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"custom_id": self.custom_id}
        _put(body, "min_values", self.min_values)
        _put(body, "max_values", self.max_values)
        _put(body, "required", self.required)
        body["options"] = [option.to_dict() for option in self.options]
        return body


class Checkbox(Interactive):
    """A single yes/no box in a modal :class:`Label` (it cannot be required).

    Args:
        custom_id: 1-100 characters.
        default: Whether it starts checked.
        id: Optional numeric component id.
    """

    __slots__ = ("default",)
    type = _codes.CHECKBOX
    modal_only = True

    def __init__(
        self, custom_id: str, *, default: bool | None = None, id: int | None = None
    ) -> None:
        super().__init__(custom_id, id=id)
        self.default = default

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"custom_id": self.custom_id}
        _put(body, "default", self.default)
        return body


LabelChild: TypeAlias = AnySelect | TextInput | FileUpload | RadioGroup | CheckboxGroup | Checkbox
"""What a :class:`Label` can wrap."""
_LABEL_CHILDREN = (BaseSelect, TextInput, FileUpload, RadioGroup, CheckboxGroup, Checkbox)


class Label(Component):
    """A modal question: a label, an optional description and one input component.

    Args:
        label: The question, 1-45 characters.
        component: A :class:`TextInput`, any select, :class:`FileUpload`,
            :class:`RadioGroup`, :class:`CheckboxGroup` or :class:`Checkbox`.
        description: Help text, 1-100 characters.
        id: Optional numeric component id.

    A text input inside a Label sends no ``label`` of its own (Discord deprecated it).
    """

    __slots__ = ("component", "description", "label")
    type = _codes.LABEL
    modal_only = True

    def __init__(
        self,
        label: str,
        component: LabelChild,
        *,
        description: str | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(id=id)
        limits.check_length("Label.label", label, limits.LABEL_LABEL_MAX, minimum=1)
        limits.check_length(
            "Label.description", description, limits.LABEL_DESCRIPTION_MAX, minimum=1
        )
        if not isinstance(component, _LABEL_CHILDREN):
            raise TypeError(
                "Label.component must be a TextInput, a select, FileUpload, RadioGroup, "
                f"CheckboxGroup or Checkbox, not {_name(component)}"
            )
        if isinstance(component, BaseSelect):
            name = type(component).__name__
            if component.disabled:
                raise ValueError(f"{name}.disabled cannot be used in a modal")
            if component.min_values == 0 and component.required is not False:
                raise ValueError(
                    f"{name}.min_values of 0 needs required=False in a modal "
                    "(Discord requires min_values >= 1 while the select is required)"
                )
        self.label = label
        self.component: LabelChild = component
        self.description = description

    def children(self) -> Sequence[Component]:
        """The wrapped input."""
        return (self.component,)

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"label": self.label}
        _put(body, "description", self.description)
        child = self.component.to_dict()
        if isinstance(self.component, TextInput):
            child.pop("label", None)
        body["component"] = child
        return body


# ---------------------------------------------------------------------------------------------
# Components V2 (messages flagged IS_COMPONENTS_V2)
# ---------------------------------------------------------------------------------------------
class TextDisplay(Component):
    """Markdown text, like message content (all text displays of a message: max 4000 chars).

    Args:
        content: The text, 1-4000 characters.
        id: Optional numeric component id.
    """

    __slots__ = ("content",)
    type = _codes.TEXT_DISPLAY
    v2 = True

    def __init__(self, content: str, *, id: int | None = None) -> None:
        super().__init__(id=id)
        limits.check_length(
            "TextDisplay.content", content, limits.TEXT_DISPLAY_TOTAL_MAX, minimum=1
        )
        self.content = content

    def _payload(self) -> dict[str, Any]:
        return {"content": self.content}


class Thumbnail(Component):
    """A small image, used as a :class:`Section` accessory.

    Args:
        media: An image URL, or a :class:`~kagari.files.File` uploaded with the message.
        description: Alt text, 1-1024 characters.
        spoiler: Blur the image.
        id: Optional numeric component id.
    """

    __slots__ = ("description", "media", "spoiler")
    type = _codes.THUMBNAIL
    v2 = True

    def __init__(
        self,
        media: str | File,
        *,
        description: str | None = None,
        spoiler: bool = False,
        id: int | None = None,
    ) -> None:
        super().__init__(id=id)
        media_url("Thumbnail.media", media)
        limits.check_length(
            "Thumbnail.description", description, limits.MEDIA_DESCRIPTION_MAX, minimum=1
        )
        self.media = media
        self.description = description
        self.spoiler = spoiler

    def own_files(self) -> Sequence[File]:
        """The uploaded image, if ``media`` is a File."""
        return (self.media,) if isinstance(self.media, File) else ()

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"media": {"url": media_url("Thumbnail.media", self.media)}}
        _put(body, "description", self.description)
        if self.spoiler:
            body["spoiler"] = True
        return body


class MediaGalleryItem:
    """One picture or video of a :class:`MediaGallery`.

    Args:
        media: A URL, or a :class:`~kagari.files.File` uploaded with the message.
        description: Alt text, 1-1024 characters.
        spoiler: Blur it.
    """

    __slots__ = ("description", "media", "spoiler")

    def __init__(
        self, media: str | File, *, description: str | None = None, spoiler: bool = False
    ) -> None:
        media_url("MediaGalleryItem.media", media)
        limits.check_length(
            "MediaGalleryItem.description", description, limits.MEDIA_DESCRIPTION_MAX, minimum=1
        )
        self.media = media
        self.description = description
        self.spoiler = spoiler

    def to_dict(self) -> dict[str, Any]:
        """The media gallery item object Discord expects."""
        body: dict[str, Any] = {"media": {"url": media_url("MediaGalleryItem.media", self.media)}}
        _put(body, "description", self.description)
        if self.spoiler:
            body["spoiler"] = True
        return body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MediaGalleryItem):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"MediaGalleryItem({self.to_dict()['media']['url']!r})"


class MediaGallery(Component):
    """A grid of 1-10 images or videos.

    Args:
        *items: :class:`MediaGalleryItem`, or a URL / :class:`~kagari.files.File` each.
        id: Optional numeric component id.
    """

    __slots__ = ("items",)
    type = _codes.MEDIA_GALLERY
    v2 = True

    def __init__(self, *items: MediaGalleryItem | str | File, id: int | None = None) -> None:
        super().__init__(id=id)
        self.items = tuple(
            item if isinstance(item, MediaGalleryItem) else MediaGalleryItem(item) for item in items
        )
        limits.check_count(
            "MediaGallery.items", self.items, limits.MEDIA_GALLERY_MAX_ITEMS, minimum=1
        )

    def own_files(self) -> Sequence[File]:
        """Uploaded items."""
        return tuple(item.media for item in self.items if isinstance(item.media, File))

    def _payload(self) -> dict[str, Any]:
        return {"items": [item.to_dict() for item in self.items]}


class FileComponent(Component):
    """Shows one uploaded file (named ``FileComponent`` because ``File`` is the upload itself).

    Args:
        file: A :class:`~kagari.files.File` (uploaded with the message for you) or an
            ``"attachment://<filename>"`` reference to a file you pass in ``files=``.
        spoiler: Blur it.
        id: Optional numeric component id.
    """

    __slots__ = ("file", "spoiler")
    type = _codes.FILE
    v2 = True

    def __init__(self, file: str | File, *, spoiler: bool = False, id: int | None = None) -> None:
        super().__init__(id=id)
        if isinstance(file, str) and not file.startswith("attachment://"):
            raise ValueError(
                "FileComponent.file only supports 'attachment://<filename>' references "
                f"(got {file!r}); pass a kagari.File to upload one"
            )
        media_url("FileComponent.file", file)
        self.file = file
        self.spoiler = spoiler

    def own_files(self) -> Sequence[File]:
        """The uploaded file, if ``file`` is a File."""
        return (self.file,) if isinstance(self.file, File) else ()

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"file": {"url": media_url("FileComponent.file", self.file)}}
        if self.spoiler:
            body["spoiler"] = True
        return body


class Separator(Component):
    """Vertical space, optionally with a line.

    Args:
        divider: Draw a line (Discord's default ``True``).
        spacing: ``"small"`` / ``1`` (Discord's default) or ``"large"`` / ``2``.
        id: Optional numeric component id.
    """

    __slots__ = ("divider", "spacing")
    type = _codes.SEPARATOR
    v2 = True

    def __init__(
        self,
        *,
        divider: bool | None = None,
        spacing: Literal["small", "large"] | SeparatorSpacing | int | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(id=id)
        self.divider = divider
        self.spacing = (
            None if spacing is None else _enum_value("Separator.spacing", SeparatorSpacing, spacing)
        )
        if self.spacing is not None:
            limits.check_range("Separator.spacing", self.spacing, 1, 2)

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        _put(body, "divider", self.divider)
        _put(body, "spacing", self.spacing)
        return body


class Section(Component):
    """One to three text displays with an accessory (a button or a thumbnail) beside them.

    Args:
        *components: 1-3 :class:`TextDisplay` (a plain ``str`` becomes one).
        accessory: A :class:`Button` or :class:`Thumbnail`.
        id: Optional numeric component id.
    """

    __slots__ = ("accessory", "components")
    type = _codes.SECTION
    v2 = True

    def __init__(
        self, *components: TextDisplay | str, accessory: Button | Thumbnail, id: int | None = None
    ) -> None:
        super().__init__(id=id)
        self.components = tuple(
            item if isinstance(item, TextDisplay) else _text("Section.components", item)
            for item in components
        )
        limits.check_count(
            "Section.components", self.components, limits.SECTION_MAX_COMPONENTS, minimum=1
        )
        if not isinstance(accessory, (Button, Thumbnail)):
            raise TypeError(
                f"Section.accessory must be a Button or Thumbnail, not {_name(accessory)}"
            )
        self.accessory = accessory

    def children(self) -> Sequence[Component]:
        """The text displays, then the accessory."""
        return (*self.components, self.accessory)

    def _payload(self) -> dict[str, Any]:
        return {
            "components": [item.to_dict() for item in self.components],
            "accessory": self.accessory.to_dict(),
        }


ContainerChild: TypeAlias = (
    ActionRow | TextDisplay | Section | MediaGallery | Separator | FileComponent
)
"""What a :class:`Container` can hold (a plain str becomes a TextDisplay)."""
_CONTAINER_CHILDREN = (ActionRow, TextDisplay, Section, MediaGallery, Separator, FileComponent)


class Container(Component):
    """A box around other components, with an optional accent colour bar.

    Args:
        *components: Action rows, text displays (or plain strings), sections, media
            galleries, separators and file components.
        accent_color: ``0xRRGGBB``.
        spoiler: Blur the whole container.
        id: Optional numeric component id.
    """

    __slots__ = ("accent_color", "components", "spoiler")
    type = _codes.CONTAINER
    v2 = True

    def __init__(
        self,
        *components: ContainerChild | str,
        accent_color: int | None = None,
        spoiler: bool = False,
        id: int | None = None,
    ) -> None:
        super().__init__(id=id)
        children: list[ContainerChild] = []
        for item in components:
            if isinstance(item, str):
                children.append(_text("Container.components", item))
            elif isinstance(item, _CONTAINER_CHILDREN):
                if isinstance(item, ActionRow) and item.for_modal:
                    raise ValueError("Container.components: a TextInput row only works in modals")
                children.append(item)
            else:
                raise TypeError(
                    "Container holds action rows, text displays, sections, media galleries, "
                    f"separators and file components, not {_name(item)}"
                )
        limits.check_count("Container.components", children, limits.V2_MAX_COMPONENTS, minimum=1)
        limits.check_range("Container.accent_color", accent_color, 0, limits.COLOR_MAX)
        self.components = tuple(children)
        self.accent_color = accent_color
        self.spoiler = spoiler

    def children(self) -> Sequence[Component]:
        """The components inside the container."""
        return self.components

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        _put(body, "accent_color", self.accent_color)
        if self.spoiler:
            body["spoiler"] = True
        body["components"] = [item.to_dict() for item in self.components]
        return body


# ---------------------------------------------------------------------------------------------
# Whole-tree checks used by messages and modals
# ---------------------------------------------------------------------------------------------
MessageComponent: TypeAlias = (
    ActionRow | Section | TextDisplay | MediaGallery | FileComponent | Separator | Container
)
"""What a message takes at the top level."""
_MESSAGE_TOP_LEVEL = (
    ActionRow,
    Section,
    TextDisplay,
    MediaGallery,
    FileComponent,
    Separator,
    Container,
)


def check_message_components(
    owner: str, components: Sequence[Component], *, force_v2: bool = False
) -> bool:
    """Check a message's component tree; return whether it needs IS_COMPONENTS_V2.

    Args:
        owner: The name shown in errors, such as ``"Message.components"``.
        components: The top-level components.
        force_v2: The caller set the IS_COMPONENTS_V2 flag itself.

    Raises:
        ValueError: For a misplaced component or a limit Discord documents.
    """
    for item in components:
        if not isinstance(item, Component):
            raise TypeError(f"{owner} holds components, not {_name(item)}")
        if isinstance(item, (Button, BaseSelect)):
            raise ValueError(f"{owner}: put {type(item).__name__} inside an ActionRow")
        if not isinstance(item, _MESSAGE_TOP_LEVEL):
            where = "in a modal" if item.modal_only else "inside a Section"
            raise ValueError(f"{owner}: {type(item).__name__} can only be used {where}")
        if isinstance(item, ActionRow) and item.for_modal:
            raise ValueError(f"{owner}: an ActionRow holding a TextInput only works in modals")
    nodes = [node for item in components for node in item.walk()]
    v2 = force_v2 or any(node.v2 for node in nodes)
    if v2:
        limits.check_count(f"{owner} (all nested components)", nodes, limits.V2_MAX_COMPONENTS)
        text = sum(len(node.content) for node in nodes if isinstance(node, TextDisplay))
        if text > limits.TEXT_DISPLAY_TOTAL_MAX:
            raise ValueError(
                f"{owner}: text displays may hold at most {limits.TEXT_DISPLAY_TOTAL_MAX} "
                f"characters in total (got {text})"
            )
    else:
        limits.check_count(f"{owner} (action rows)", components, limits.LEGACY_MAX_ACTION_ROWS)
    check_unique_ids(owner, nodes)
    return v2


ModalComponent: TypeAlias = Label | TextDisplay | ActionRow | TextInput
"""What a modal takes at the top level (a TextInput is wrapped in a Label)."""


def normalise_modal_components(owner: str, components: Iterable[Any]) -> tuple[Component, ...]:
    """Check a modal's components, wrapping bare text inputs in Labels.

    Args:
        owner: The name shown in errors, such as ``"Modal.components"``.
        components: Labels, text displays, text inputs or legacy ``ActionRow(TextInput)``.

    Raises:
        ValueError: For a component modals do not take, or a limit Discord documents.
    """
    result: list[Component] = []
    for item in components:
        if isinstance(item, TextInput):
            result.append(item.to_label())
        elif isinstance(item, ActionRow):
            if not item.for_modal:
                raise ValueError(f"{owner}: a modal ActionRow may only hold a TextInput")
            text_input = item.components[0]
            assert isinstance(text_input, TextInput)
            if text_input.label is None:
                raise ValueError(f"TextInput.label is required inside a legacy ActionRow ({owner})")
            result.append(item)
        elif isinstance(item, (Label, TextDisplay)):
            result.append(item)
        elif isinstance(item, _LABEL_CHILDREN):
            raise ValueError(
                f"{owner}: wrap {type(item).__name__} in kagari.Label('question', ...)"
            )
        else:
            raise TypeError(
                f"{owner} holds Label, TextDisplay, TextInput or ActionRow(TextInput), "
                f"not {_name(item)}"
            )
    limits.check_count(owner, result, limits.MODAL_MAX_COMPONENTS, minimum=1)
    check_unique_ids(owner, [node for item in result for node in item.walk()])
    return tuple(result)


def check_unique_ids(owner: str, nodes: Sequence[Component]) -> None:
    """Raise if two components share a ``custom_id`` or a non-zero numeric ``id``."""
    _check_unique(
        f"{owner} custom_id",
        (
            node.custom_id
            for node in nodes
            if isinstance(node, (Interactive, Button)) and node.custom_id is not None
        ),
    )
    _check_unique(f"{owner} id", (node.id for node in nodes if node.id))


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------
def _check_unique(field: str, values: Iterable[Any]) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{field} {value!r} is used more than once; each must be unique")
        seen.add(value)


def _check_values(
    name: str, low: int | None, high: int | None, maximum: int, default_high: int
) -> None:
    limits.check_range(f"{name}.min_values", low, 0, maximum)
    limits.check_range(f"{name}.max_values", high, 1, maximum)
    effective_low = 1 if low is None else low
    effective_high = default_high if high is None else high
    if effective_low > effective_high:
        raise ValueError(
            f"{name}.min_values ({effective_low}) is larger than max_values ({effective_high})"
        )


def _text(field: str, value: Any) -> TextDisplay:
    if not isinstance(value, str):
        raise TypeError(f"{field} holds TextDisplay or str, not {_name(value)}")
    return TextDisplay(value)


def _name(value: object) -> str:
    return type(value).__name__
