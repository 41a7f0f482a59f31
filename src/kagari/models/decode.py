"""Turning the JSON body of an interaction request into the right model."""

from __future__ import annotations

from typing import Any

from kagari.models.command import AutocompleteInteraction, CommandInteraction
from kagari.models.component import ComponentInteraction
from kagari.models.interaction import PartialInteraction, PingInteraction
from kagari.models.modal import ModalInteraction

__all__ = ["INTERACTION_CLASSES", "decode_interaction"]

INTERACTION_CLASSES: dict[int, type[PartialInteraction]] = {
    1: PingInteraction,
    2: CommandInteraction,
    3: ComponentInteraction,
    4: AutocompleteInteraction,
    5: ModalInteraction,
}
"""The model class for each interaction ``type``."""


def decode_interaction(payload: dict[str, Any]) -> PartialInteraction:
    """Wrap an interaction payload in the class of its ``type``.

    Nothing is decoded yet (see :class:`PartialInteraction`). Unknown or missing
    types give a plain :class:`PartialInteraction`; missing or extra fields never
    raise.

    Args:
        payload: The JSON object Discord POSTed, already parsed.

    Raises:
        TypeError: ``payload`` is not a dict.
    """
    if not isinstance(payload, dict):
        raise TypeError(
            f"payload must be a dict (the parsed JSON object), got {type(payload).__name__}"
        )
    kind = payload.get("type")
    cls = INTERACTION_CLASSES.get(kind) if type(kind) is int else None
    return (cls or PartialInteraction)(payload)
