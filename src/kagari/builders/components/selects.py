"""The five select menus, with their options and pre-selected defaults."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Literal, TypeAlias

from kagari.builders import limits
from kagari.builders.components.base import Interactive, _check_unique, _name, _put
from kagari.builders.components.emoji import EmojiLike, to_emoji
from kagari.builders.mentions import Target, snowflake_str
from kagari.models.enums import ComponentType

__all__ = [
    "AnySelect",
    "BaseSelect",
    "ChannelSelect",
    "DefaultType",
    "MentionableSelect",
    "RoleSelect",
    "SelectDefault",
    "SelectOption",
    "StringSelect",
    "UserSelect",
]


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
    type = ComponentType.STRING_SELECT

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
    type = ComponentType.USER_SELECT
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
    type = ComponentType.ROLE_SELECT
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
    type = ComponentType.MENTIONABLE_SELECT
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
    type = ComponentType.CHANNEL_SELECT
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
