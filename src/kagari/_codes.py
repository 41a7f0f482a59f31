"""Discord's wire numbers the builders need, as plain ints (no dependency on ``kagari.models``).

Sources: "Receiving and Responding" (interaction and callback types), "Message Resource"
(message flags) and "Component Reference" (component types) in Discord's developer docs.
"""

from __future__ import annotations

# Interaction types (what Discord sent us).
PING = 1
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
APPLICATION_COMMAND_AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

INTERACTION_NAMES = {
    PING: "a PING",
    APPLICATION_COMMAND: "an application command",
    MESSAGE_COMPONENT: "a component interaction",
    APPLICATION_COMMAND_AUTOCOMPLETE: "an autocomplete interaction",
    MODAL_SUBMIT: "a modal submit",
}

# Interaction callback types (what we answer with).
PONG = 1
CHANNEL_MESSAGE_WITH_SOURCE = 4
DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8
MODAL = 9
PREMIUM_REQUIRED = 10
LAUNCH_ACTIVITY = 12

# Message flags a bot may set on an interaction response.
SUPPRESS_EMBEDS = 1 << 2
EPHEMERAL = 1 << 6
SUPPRESS_NOTIFICATIONS = 1 << 12
IS_VOICE_MESSAGE = 1 << 13
IS_COMPONENTS_V2 = 1 << 15

# Component types.
ACTION_ROW = 1
BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
USER_SELECT = 5
ROLE_SELECT = 6
MENTIONABLE_SELECT = 7
CHANNEL_SELECT = 8
SECTION = 9
TEXT_DISPLAY = 10
THUMBNAIL = 11
MEDIA_GALLERY = 12
FILE = 13
SEPARATOR = 14
CONTAINER = 17
LABEL = 18
FILE_UPLOAD = 19
RADIO_GROUP = 21
CHECKBOX_GROUP = 22
CHECKBOX = 23


def describe_interaction(interaction_type: int) -> str:
    """A readable name for an interaction type, for error messages."""
    return INTERACTION_NAMES.get(interaction_type, f"an interaction of type {interaction_type}")
