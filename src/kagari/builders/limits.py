"""Discord's documented limits for what a bot sends, and small helpers that enforce them.

Every number names the page of Discord's developer docs (https://discord.com/developers/docs)
it comes from; where the docs are silent, the bound from Discord's OpenAPI spec
(``discord-api-spec``, ``specs/openapi.json``) is used and marked "spec".

The helpers raise :class:`ValueError` with a message that names the offending field and the
limit, so a bad builder call fails in the author's code instead of as a 400 from Discord.
"""

from __future__ import annotations

from collections.abc import Sized

__all__ = [
    "ACTION_ROW_MAX_COMPONENTS",
    "ALLOWED_MENTIONS_MAX_IDS",
    "ATTACHMENT_DESCRIPTION_MAX",
    "AUTOCOMPLETE_MAX_CHOICES",
    "BUTTON_LABEL_MAX",
    "BUTTON_URL_MAX",
    "CHECKBOX_GROUP_MAX_OPTIONS",
    "CHECKBOX_GROUP_MAX_VALUES",
    "CHOICE_NAME_MAX",
    "CHOICE_STRING_VALUE_MAX",
    "COLOR_MAX",
    "COMMAND_COMBINED_MAX",
    "COMMAND_DESCRIPTION_MAX",
    "COMMAND_MAX_OPTIONS",
    "COMMAND_NAME_MAX",
    "COMPONENT_ID_MAX",
    "CONTENT_MAX",
    "CUSTOM_ID_MAX",
    "EMBED_AUTHOR_NAME_MAX",
    "EMBED_DESCRIPTION_MAX",
    "EMBED_FIELD_NAME_MAX",
    "EMBED_FIELD_VALUE_MAX",
    "EMBED_FOOTER_TEXT_MAX",
    "EMBED_MAX_FIELDS",
    "EMBED_TITLE_MAX",
    "EMBED_TOTAL_MAX",
    "EMBED_URL_MAX",
    "EMOJI_NAME_MAX",
    "FILE_UPLOAD_MAX_VALUES",
    "LABEL_DESCRIPTION_MAX",
    "LABEL_LABEL_MAX",
    "LEGACY_MAX_ACTION_ROWS",
    "MAX_MESSAGE_COMMANDS",
    "MAX_SLASH_COMMANDS",
    "MAX_USER_COMMANDS",
    "MEDIA_DESCRIPTION_MAX",
    "MEDIA_GALLERY_MAX_ITEMS",
    "MEDIA_URL_MAX",
    "MESSAGE_MAX_ATTACHMENTS",
    "MESSAGE_MAX_EMBEDS",
    "MODAL_MAX_COMPONENTS",
    "MODAL_TITLE_MAX",
    "OPTION_DESCRIPTION_MAX",
    "OPTION_LABEL_MAX",
    "OPTION_MAX_CHOICES",
    "OPTION_STRING_LENGTH_MAX",
    "OPTION_VALUE_MAX",
    "POLL_ANSWER_TEXT_MAX",
    "POLL_MAX_ANSWERS",
    "POLL_MAX_DURATION_HOURS",
    "POLL_QUESTION_MAX",
    "RADIO_GROUP_MAX_OPTIONS",
    "RADIO_GROUP_MIN_OPTIONS",
    "SECTION_MAX_COMPONENTS",
    "SELECT_MAX_OPTIONS",
    "SELECT_MAX_VALUES",
    "SELECT_PLACEHOLDER_MAX",
    "TEXT_DISPLAY_TOTAL_MAX",
    "TEXT_INPUT_LABEL_MAX",
    "TEXT_INPUT_LENGTH_MAX",
    "TEXT_INPUT_PLACEHOLDER_MAX",
    "V2_MAX_COMPONENTS",
    "check_count",
    "check_length",
    "check_range",
]

# --- Component Reference (developers/components/reference) -------------------------------
CUSTOM_ID_MAX = 100
"""``custom_id`` of any interactive component and of a modal: 1-100 characters."""
COMPONENT_ID_MAX = 2**31 - 1
"""The optional numeric ``id`` of a component is a 32-bit integer (spec: int32, minimum 0)."""
ACTION_ROW_MAX_COMPONENTS = 5
"""An action row holds up to 5 buttons, or a single select."""
BUTTON_LABEL_MAX = 80
"""Button ``label``: max 80 characters."""
BUTTON_URL_MAX = 512
"""Link button ``url``: max 512 characters."""
SELECT_MAX_OPTIONS = 25
"""String select ``options``: max 25."""
OPTION_LABEL_MAX = 100
"""Select, radio and checkbox option ``label``: max 100 characters."""
OPTION_VALUE_MAX = 100
"""Select, radio and checkbox option ``value``: max 100 characters."""
OPTION_DESCRIPTION_MAX = 100
"""Select, radio and checkbox option ``description``: max 100 characters."""
SELECT_PLACEHOLDER_MAX = 150
"""Select ``placeholder``: max 150 characters."""
SELECT_MAX_VALUES = 25
"""Select ``min_values`` is 0-25 and ``max_values`` 1-25; ``default_values`` holds at most 25."""
TEXT_INPUT_LABEL_MAX = 45
"""Text input ``label`` (deprecated in favour of Label): max 45 characters."""
TEXT_INPUT_LENGTH_MAX = 4000
"""Text input ``min_length`` 0-4000, ``max_length`` 1-4000, ``value`` max 4000 characters."""
TEXT_INPUT_PLACEHOLDER_MAX = 100
"""Text input ``placeholder``: max 100 characters."""
LABEL_LABEL_MAX = 45
"""Label ``label``: max 45 characters."""
LABEL_DESCRIPTION_MAX = 100
"""Label ``description``: max 100 characters."""
SECTION_MAX_COMPONENTS = 3
"""A section holds one to three text displays."""
MEDIA_GALLERY_MAX_ITEMS = 10
"""A media gallery holds 1 to 10 items."""
MEDIA_DESCRIPTION_MAX = 1024
"""Thumbnail and media gallery item ``description`` (alt text): max 1024 characters."""
MEDIA_URL_MAX = 2048
"""Unfurled media item ``url``: max 2048 characters (spec)."""
COLOR_MAX = 0xFFFFFF
"""Container ``accent_color`` and embed ``color`` are RGB from 0x000000 to 0xFFFFFF."""
FILE_UPLOAD_MAX_VALUES = 10
"""File upload ``min_values`` is 0-10 and ``max_values`` 1-10."""
RADIO_GROUP_MIN_OPTIONS = 2
"""A radio group shows at least 2 options..."""
RADIO_GROUP_MAX_OPTIONS = 10
"""...and at most 10."""
CHECKBOX_GROUP_MAX_OPTIONS = 10
"""A checkbox group shows 1 to 10 options."""
CHECKBOX_GROUP_MAX_VALUES = 10
"""Checkbox group ``min_values`` is 0-10 and ``max_values`` 1-10."""
V2_MAX_COMPONENTS = 40
"""A message with IS_COMPONENTS_V2 allows up to 40 components in total (nested ones count)."""
TEXT_DISPLAY_TOTAL_MAX = 4000
"""All text displays of one message together hold at most 4000 characters."""
LEGACY_MAX_ACTION_ROWS = 5
"""A message without IS_COMPONENTS_V2 allows up to 5 action rows."""
EMOJI_NAME_MAX = 32
"""Partial emoji ``name`` on a component: max 32 characters (spec)."""

# --- Receiving and Responding (developers/interactions/receiving-and-responding) ---------
MODAL_TITLE_MAX = 45
"""Modal ``title``: max 45 characters."""
MODAL_MAX_COMPONENTS = 5
"""A modal has between 1 and 5 top-level components."""
AUTOCOMPLETE_MAX_CHOICES = 25
"""An autocomplete result holds at most 25 choices (kagari trims longer lists)."""

# --- Application Commands (developers/interactions/application-commands) -----------------
CHOICE_NAME_MAX = 100
"""Choice ``name``: 1-100 characters."""
CHOICE_STRING_VALUE_MAX = 100
"""A string choice ``value``: max 100 characters."""
COMMAND_NAME_MAX = 32
"""Command, subcommand, group and option ``name``: 1-32 characters."""
COMMAND_DESCRIPTION_MAX = 100
"""Command and option ``description``: 1-100 characters."""
COMMAND_MAX_OPTIONS = 25
"""A command (or group) has at most 25 options or subcommands."""
OPTION_MAX_CHOICES = 25
"""An option offers at most 25 choices."""
OPTION_STRING_LENGTH_MAX = 6000
"""A string option's ``min_length``/``max_length`` bound: 0-6000."""
COMMAND_COMBINED_MAX = 4000
"""Names, descriptions and choice names/values of one command add up to at most 4000
characters."""
MAX_SLASH_COMMANDS = 100
"""At most 100 global (or per-guild) slash commands."""
MAX_USER_COMMANDS = 15
"""At most 15 global (or per-guild) user context-menu commands."""
MAX_MESSAGE_COMMANDS = 15
"""At most 15 global (or per-guild) message context-menu commands."""

# --- Message Resource (developers/resources/message) -------------------------------------
CONTENT_MAX = 2000
"""Message ``content``: max 2000 characters."""
MESSAGE_MAX_EMBEDS = 10
"""A message carries up to 10 embeds."""
MESSAGE_MAX_ATTACHMENTS = 10
"""A message carries up to 10 attachments (spec: ``attachments`` maxItems 10)."""
ATTACHMENT_DESCRIPTION_MAX = 1024
"""Attachment ``description`` (alt text): max 1024 characters (spec)."""
ALLOWED_MENTIONS_MAX_IDS = 100
"""Allowed mentions ``users`` and ``roles`` each list at most 100 ids."""
EMBED_TITLE_MAX = 256
"""Embed ``title``: max 256 characters (Embed Limits)."""
EMBED_DESCRIPTION_MAX = 4096
"""Embed ``description``: max 4096 characters."""
EMBED_MAX_FIELDS = 25
"""An embed holds up to 25 fields."""
EMBED_FIELD_NAME_MAX = 256
"""Embed field ``name``: max 256 characters."""
EMBED_FIELD_VALUE_MAX = 1024
"""Embed field ``value``: max 1024 characters."""
EMBED_FOOTER_TEXT_MAX = 2048
"""Embed footer ``text``: max 2048 characters."""
EMBED_AUTHOR_NAME_MAX = 256
"""Embed author ``name``: max 256 characters."""
EMBED_TOTAL_MAX = 6000
"""Title, description, field names and values, footer text and author name of all embeds of
one message together: max 6000 characters."""
EMBED_URL_MAX = 2048
"""Embed ``url`` and image, thumbnail, icon urls: max 2048 characters (spec)."""

# --- Poll Resource (developers/resources/poll) -------------------------------------------
POLL_QUESTION_MAX = 300
"""Poll question text: max 300 characters."""
POLL_ANSWER_TEXT_MAX = 55
"""Poll answer text: max 55 characters."""
POLL_MAX_ANSWERS = 10
"""A poll has 1 to 10 answers."""
POLL_MAX_DURATION_HOURS = 768
"""A poll runs 1 to 768 hours (32 days); Discord's default is 24."""


def check_length(field: str, value: str | None, maximum: int, *, minimum: int = 0) -> None:
    """Raise if ``value`` is not ``minimum``..``maximum`` characters long (``None`` passes).

    Args:
        field: The name shown in the error, such as ``"Button.label"``.
        value: The string to check.
        maximum: The most characters allowed.
        minimum: The fewest characters allowed.

    Raises:
        ValueError: Naming ``field`` and the limit.
    """
    if value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a str, got {type(value).__name__}")
    size = len(value)
    if size > maximum:
        raise ValueError(f"{field} must be at most {maximum} characters long (got {size})")
    if size < minimum:
        raise ValueError(f"{field} must be at least {minimum} characters long (got {size})")


def check_count(field: str, items: Sized, maximum: int, *, minimum: int = 0) -> None:
    """Raise if ``items`` holds fewer than ``minimum`` or more than ``maximum`` entries.

    Args:
        field: The name shown in the error, such as ``"StringSelect.options"``.
        items: The collection to count.
        maximum: The most entries allowed.
        minimum: The fewest entries allowed.

    Raises:
        ValueError: Naming ``field`` and the limit.
    """
    size = len(items)
    if size > maximum:
        raise ValueError(f"{field} can hold at most {maximum} items (got {size})")
    if size < minimum:
        raise ValueError(f"{field} needs at least {minimum} items (got {size})")


def check_range(field: str, value: int | None, minimum: int, maximum: int) -> None:
    """Raise if the integer ``value`` lies outside ``minimum``..``maximum`` (``None`` passes).

    Args:
        field: The name shown in the error, such as ``"StringSelect.max_values"``.
        value: The number to check.
        minimum: The smallest value allowed.
        maximum: The largest value allowed.

    Raises:
        ValueError: Naming ``field`` and the limit.
    """
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field} must be an int, got {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise ValueError(f"{field} must be between {minimum} and {maximum} (got {value})")
