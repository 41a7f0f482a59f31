"""Modal submissions."""

from __future__ import annotations

from typing import ClassVar

from kagari.models import _convert as c
from kagari.models._lazy import cached_property
from kagari.models.interaction import PartialInteraction
from kagari.models.modal_fields import ModalComponent, ModalField, decode_modal_component
from kagari.models.resolved import ResolvedData

__all__ = ["ModalInteraction"]


class ModalInteraction(PartialInteraction):
    """A user submitting a modal the app opened.

    Both layouts Discord sends are understood: the legacy one (action row → text
    input) and the current one (label → text input, select, file upload, radio group,
    checkbox group or checkbox). :attr:`fields` flattens either into one dict.
    A missing ``data.custom_id`` decodes to ``""``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "custom_id")

    @cached_property
    def custom_id(self) -> str:
        """The ``custom_id`` the modal was opened with."""
        return c.as_str(self.data.get("custom_id"))

    @cached_property
    def resolved(self) -> ResolvedData | None:
        """The users, members, roles, channels and attachments the inputs refer to."""
        value = self.data.get("resolved")
        if not isinstance(value, dict):
            return None
        return ResolvedData(value, guild_id=self.guild_id)

    @cached_property
    def components(self) -> list[ModalComponent]:
        """The submitted top-level components (rows, labels, text displays), typed."""
        resolved = self.resolved
        return [
            decode_modal_component(item, resolved=resolved)
            for item in c.as_list(self.data.get("components"))
        ]

    @cached_property
    def fields(self) -> dict[str, ModalField]:
        """Every submitted input, wherever it sits in the layout, keyed by ``custom_id``."""
        found: dict[str, ModalField] = {}
        for component in self.components:
            for node in component.walk():
                if isinstance(node, ModalField):
                    found.setdefault(node.custom_id, node)
        return found
