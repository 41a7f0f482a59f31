"""Modal-only inputs that go in a Label: file uploads, radio groups and checkboxes.

:class:`~kagari.Label` itself lives in ``text_input`` (next to
:class:`~kagari.TextInput`, which it treats specially).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kagari.builders import limits
from kagari.builders.components.base import Interactive, _check_unique, _put
from kagari.models.enums import ComponentType

__all__ = [
    "Checkbox",
    "CheckboxGroup",
    "CheckboxOption",
    "FileUpload",
    "RadioGroup",
    "RadioOption",
]


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
    type = ComponentType.FILE_UPLOAD
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
    type = ComponentType.RADIO_GROUP
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
    type = ComponentType.CHECKBOX_GROUP
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
    type = ComponentType.CHECKBOX
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
