"""Whole-tree checks run by messages and modals on their top-level components."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

from kagari.builders import limits
from kagari.builders.components.base import Component, Interactive, _check_unique, _name
from kagari.builders.components.layout import (
    Container,
    FileComponent,
    MediaGallery,
    Section,
    Separator,
    TextDisplay,
)
from kagari.builders.components.rows import ActionRow, Button
from kagari.builders.components.selects import BaseSelect
from kagari.builders.components.text_input import _LABEL_CHILDREN, Label, TextInput

__all__ = [
    "MessageComponent",
    "ModalComponent",
    "check_message_components",
    "check_unique_ids",
    "normalise_modal_components",
]


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
