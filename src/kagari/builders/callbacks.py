"""Interaction callback types (what we answer with), as plain ints, and interaction names.

Callback types are the one set of Discord's wire numbers :mod:`kagari.models` does not
define; interaction types, component types and message flags come from
:mod:`kagari.models.enums` and :mod:`kagari.models.flags`. Source: "Receiving and
Responding" in Discord's developer docs.
"""

from __future__ import annotations

from kagari.models.enums import InteractionType

# Interaction callback types.
PONG = 1
CHANNEL_MESSAGE_WITH_SOURCE = 4
DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8
MODAL = 9
PREMIUM_REQUIRED = 10
LAUNCH_ACTIVITY = 12

INTERACTION_NAMES: dict[int, str] = {
    InteractionType.PING: "a PING",
    InteractionType.APPLICATION_COMMAND: "an application command",
    InteractionType.MESSAGE_COMPONENT: "a component interaction",
    InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE: "an autocomplete interaction",
    InteractionType.MODAL_SUBMIT: "a modal submit",
}


def describe_interaction(interaction_type: int) -> str:
    """A readable name for an interaction type, for error messages."""
    return INTERACTION_NAMES.get(interaction_type, f"an interaction of type {interaction_type}")
