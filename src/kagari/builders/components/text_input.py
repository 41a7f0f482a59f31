"""Modal text inputs, and the :class:`Label` that wraps every modal input.

They share a module because each needs the other: :meth:`TextInput.to_label` builds a
Label, and a Label drops the ``label`` of the TextInput it wraps.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, Literal, TypeAlias

from kagari.builders import limits
from kagari.builders.components.base import Component, Interactive, _enum_value, _name, _put
from kagari.builders.components.modal_inputs import Checkbox, CheckboxGroup, FileUpload, RadioGroup
from kagari.builders.components.selects import AnySelect, BaseSelect
from kagari.models.enums import ComponentType

__all__ = ["Label", "LabelChild", "TextInput", "TextInputStyle"]


class TextInputStyle(enum.IntEnum):
    """Single-line or multi-line text input."""

    SHORT = 1
    PARAGRAPH = 2


class TextInput(Interactive):
    """A text field in a modal.

    Put it straight into :class:`~kagari.Modal`: kagari wraps it in a
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
    type = ComponentType.TEXT_INPUT
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
    type = ComponentType.LABEL
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
