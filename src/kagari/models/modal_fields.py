"""The component tree a modal submission carries, and its flattened fields."""

from __future__ import annotations

from typing import Any, ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.enums import ComponentType
from kagari.models.resolved import ResolvedData, SelectedValues

__all__ = ["ModalComponent", "ModalField", "decode_modal_component"]


class ModalComponent(Model):
    """A layout node of a submitted modal: an action row, a label or a text display.

    Interactive leaves (anything with a ``custom_id``) decode to :class:`ModalField`.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("type", "id")

    def __init__(self, raw: Any, *, resolved: ResolvedData | None = None) -> None:
        """Wrap a submitted component; ``resolved`` is passed on to the fields inside."""
        super().__init__(raw)
        self._resolved = resolved

    @cached_property
    def type(self) -> ComponentType | int:
        """The component type (``0`` when missing)."""
        return c.try_enum(ComponentType, c.as_int(self._raw.get("type")))

    @cached_property
    def id(self) -> int | None:
        """The numeric component id within the modal."""
        return c.as_opt_int(self._raw.get("id"))

    @cached_property
    def children(self) -> list[ModalComponent]:
        """The nested components: a row's ``components`` or a label's ``component``."""
        items = list(c.as_list(self._raw.get("components")))
        child = self._raw.get("component")
        if isinstance(child, dict):
            items.append(child)
        return [decode_modal_component(item, resolved=self._resolved) for item in items]

    def walk(self) -> list[ModalComponent]:
        """This component and all components below it, depth first."""
        out: list[ModalComponent] = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


class ModalField(ModalComponent, SelectedValues):
    """A submitted input: text input, select, file upload, radio/checkbox group, checkbox.

    Read :attr:`value` for text inputs and radio groups, :attr:`values` for selects,
    checkbox groups and file uploads (attachment ids), :attr:`checked` for a checkbox.
    The ``selected_*`` properties turn ids into resolved objects.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("custom_id", "type", "value", "values")

    @cached_property
    def custom_id(self) -> str:
        """The ``custom_id`` the modal gave the input."""
        return c.as_str(self._raw.get("custom_id"))

    @cached_property
    def value(self) -> str | None:
        """The text of a text input, or the chosen option of a radio group (if any)."""
        return c.as_opt_str(self._raw.get("value"))

    @cached_property
    def values(self) -> list[str]:
        """The chosen values of a select or checkbox group, or uploaded attachment ids."""
        return c.as_str_list(self._raw.get("values"))

    @cached_property
    def checked(self) -> bool | None:
        """Whether a checkbox is ticked; ``None`` for other inputs."""
        if self.type != ComponentType.CHECKBOX:
            return None
        return c.as_bool(self._raw.get("value"))

    @property
    def resolved(self) -> ResolvedData | None:
        """The resolved data of the submission (users, roles, channels, attachments)."""
        return self._resolved


def decode_modal_component(raw: Any, *, resolved: ResolvedData | None = None) -> ModalComponent:
    """Wrap a submitted component: a :class:`ModalField` when it has a ``custom_id``."""
    if isinstance(raw, dict) and isinstance(raw.get("custom_id"), str):
        return ModalField(raw, resolved=resolved)
    return ModalComponent(raw, resolved=resolved)
