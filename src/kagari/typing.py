"""Listener types pairing each interaction class with the answers it may give."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import TypeAlias, TypeVar

from kagari.builders.responses import (
    AutocompleteResult,
    Defer,
    LaunchActivity,
    Message,
    Modal,
    PremiumRequired,
    ResponseBuilder,
    Update,
)
from kagari.models import (
    AutocompleteInteraction,
    CommandInteraction,
    ComponentInteraction,
    ModalInteraction,
)

__all__ = [
    "AutocompleteListener",
    "CommandListener",
    "CommandResponse",
    "ComponentListener",
    "ComponentResponse",
    "Listener",
    "ModalListener",
    "ModalResponse",
]

_InteractionT = TypeVar("_InteractionT")
_BuilderT = TypeVar("_BuilderT", bound=ResponseBuilder)

Listener: TypeAlias = Callable[
    [_InteractionT],
    Awaitable[_BuilderT | None] | AsyncGenerator[_BuilderT, None],
]
"""A listener for interactions of type ``_InteractionT`` answering with ``_BuilderT``:
a coroutine function returning a builder (or ``None``), or an async generator function
whose first yield is the HTTP response."""

CommandResponse: TypeAlias = Message | Defer | Modal | LaunchActivity | PremiumRequired
"""What a command may answer with."""
ComponentResponse: TypeAlias = Message | Update | Defer | Modal | LaunchActivity | PremiumRequired
"""What a component interaction may answer with."""
ModalResponse: TypeAlias = Message | Update | Defer | LaunchActivity | PremiumRequired
"""What a modal submission may answer with (no modal in reply to a modal)."""

CommandListener: TypeAlias = Listener[CommandInteraction, CommandResponse]
"""A listener for application commands."""
ComponentListener: TypeAlias = Listener[ComponentInteraction, ComponentResponse]
"""A listener for component interactions (buttons, selects)."""
AutocompleteListener: TypeAlias = Listener[AutocompleteInteraction, AutocompleteResult]
"""A listener for autocomplete requests."""
ModalListener: TypeAlias = Listener[ModalInteraction, ModalResponse]
"""A listener for modal submissions."""
