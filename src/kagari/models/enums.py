"""The numbered and named constants Discord uses in interaction payloads.

Values a future Discord version adds are not errors: decoders hand them back as
plain ``int`` (or ``str`` for :class:`Locale`) instead of a member.
"""

from __future__ import annotations

import enum

__all__ = [
    "ApplicationIntegrationType",
    "ChannelType",
    "CommandType",
    "ComponentType",
    "EntitlementType",
    "InteractionContextType",
    "InteractionType",
    "Locale",
    "OptionType",
]


class InteractionType(enum.IntEnum):
    """What kind of interaction Discord sent (the top-level ``type``)."""

    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    APPLICATION_COMMAND_AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class CommandType(enum.IntEnum):
    """Where an application command lives in the Discord client."""

    CHAT_INPUT = 1
    """A slash command."""
    USER = 2
    """A context-menu command on a user."""
    MESSAGE = 3
    """A context-menu command on a message."""
    PRIMARY_ENTRY_POINT = 4
    """The command that launches an Activity from the app launcher."""


class OptionType(enum.IntEnum):
    """The type of a command option (and so of its ``value``)."""

    SUB_COMMAND = 1
    SUB_COMMAND_GROUP = 2
    STRING = 3
    INTEGER = 4
    BOOLEAN = 5
    USER = 6
    CHANNEL = 7
    ROLE = 8
    MENTIONABLE = 9
    NUMBER = 10
    ATTACHMENT = 11


class ComponentType(enum.IntEnum):
    """Every documented message and modal component type."""

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


class ChannelType(enum.IntEnum):
    """The kind of a channel."""

    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    GROUP_DM = 3
    GUILD_CATEGORY = 4
    GUILD_ANNOUNCEMENT = 5
    ANNOUNCEMENT_THREAD = 10
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    GUILD_STAGE_VOICE = 13
    GUILD_DIRECTORY = 14
    GUILD_FORUM = 15
    GUILD_MEDIA = 16


class InteractionContextType(enum.IntEnum):
    """Where in Discord an interaction was triggered."""

    GUILD = 0
    """In a server."""
    BOT_DM = 1
    """In the DM between the user and the bot."""
    PRIVATE_CHANNEL = 2
    """In another DM or group DM (only reachable by user-installed apps)."""


class ApplicationIntegrationType(enum.IntEnum):
    """How an app was installed: to a server or to a user account."""

    GUILD_INSTALL = 0
    USER_INSTALL = 1


class EntitlementType(enum.IntEnum):
    """How a user or server came to own an entitlement."""

    PURCHASE = 1
    PREMIUM_SUBSCRIPTION = 2
    DEVELOPER_GIFT = 3
    TEST_MODE_PURCHASE = 4
    FREE_PURCHASE = 5
    USER_GIFT = 6
    PREMIUM_PURCHASE = 7
    APPLICATION_SUBSCRIPTION = 8
    QUEST_REWARD = 10


class Locale(str, enum.Enum):
    """A language the Discord client can be set to; the value is Discord's code."""

    INDONESIAN = "id"
    DANISH = "da"
    GERMAN = "de"
    ENGLISH_UK = "en-GB"
    ENGLISH_US = "en-US"
    SPANISH = "es-ES"
    SPANISH_LATAM = "es-419"
    FRENCH = "fr"
    CROATIAN = "hr"
    ITALIAN = "it"
    LITHUANIAN = "lt"
    HUNGARIAN = "hu"
    DUTCH = "nl"
    NORWEGIAN = "no"
    POLISH = "pl"
    PORTUGUESE_BRAZIL = "pt-BR"
    ROMANIAN = "ro"
    FINNISH = "fi"
    SWEDISH = "sv-SE"
    VIETNAMESE = "vi"
    TURKISH = "tr"
    CZECH = "cs"
    GREEK = "el"
    BULGARIAN = "bg"
    RUSSIAN = "ru"
    UKRAINIAN = "uk"
    HINDI = "hi"
    THAI = "th"
    CHINESE_CHINA = "zh-CN"
    JAPANESE = "ja"
    CHINESE_TAIWAN = "zh-TW"
    KOREAN = "ko"
    ARABIC = "ar"
    HEBREW = "he"

    def __str__(self) -> str:
        return self.value
