"""Typed, lazily decoded models of everything Discord POSTs to an interactions endpoint.

Start at :func:`decode_interaction`, which wraps a parsed payload in the class of its
type. Models keep the original dict in ``.raw`` and decode each field on first read.
This package uses the standard library only.
"""

from __future__ import annotations

from kagari.models._base import Model
from kagari.models._convert import try_enum
from kagari.models.attachment import Attachment
from kagari.models.channels import (
    DMChannel,
    GroupDMChannel,
    GuildCategory,
    GuildDirectoryChannel,
    GuildForumChannel,
    GuildMediaChannel,
    GuildNewsChannel,
    GuildStageChannel,
    GuildTextChannel,
    GuildThread,
    GuildVoiceChannel,
    NewsThread,
    PartialChannel,
    PrivateThread,
    PublicThread,
    decode_channel,
)
from kagari.models.command import (
    AutocompleteInteraction,
    CommandInteraction,
    CommandInteractionBase,
)
from kagari.models.component import ComponentInteraction
from kagari.models.decode import INTERACTION_CLASSES, decode_interaction
from kagari.models.emoji import Emoji
from kagari.models.entitlement import Entitlement
from kagari.models.enums import (
    ApplicationIntegrationType,
    ChannelType,
    CommandType,
    ComponentType,
    EntitlementType,
    InteractionContextType,
    InteractionType,
    Locale,
    OptionType,
)
from kagari.models.flags import MessageFlags, Permissions, UserFlags
from kagari.models.guild import PartialGuild, Role
from kagari.models.interaction import PartialInteraction, PingInteraction
from kagari.models.message import Embed, Message, PartialMessage
from kagari.models.modal import ModalInteraction
from kagari.models.modal_fields import ModalComponent, ModalField
from kagari.models.options import CommandOption, OptionValue
from kagari.models.resolved import Mentionable, ResolvedData, SelectedValues
from kagari.models.snowflake import DISCORD_EPOCH, Snowflake
from kagari.models.user import Member, User

__all__ = [
    "DISCORD_EPOCH",
    "INTERACTION_CLASSES",
    "ApplicationIntegrationType",
    "Attachment",
    "AutocompleteInteraction",
    "ChannelType",
    "CommandInteraction",
    "CommandInteractionBase",
    "CommandOption",
    "CommandType",
    "ComponentInteraction",
    "ComponentType",
    "DMChannel",
    "Embed",
    "Emoji",
    "Entitlement",
    "EntitlementType",
    "GroupDMChannel",
    "GuildCategory",
    "GuildDirectoryChannel",
    "GuildForumChannel",
    "GuildMediaChannel",
    "GuildNewsChannel",
    "GuildStageChannel",
    "GuildTextChannel",
    "GuildThread",
    "GuildVoiceChannel",
    "InteractionContextType",
    "InteractionType",
    "Locale",
    "Member",
    "Mentionable",
    "Message",
    "MessageFlags",
    "ModalComponent",
    "ModalField",
    "ModalInteraction",
    "Model",
    "NewsThread",
    "OptionType",
    "OptionValue",
    "PartialChannel",
    "PartialGuild",
    "PartialInteraction",
    "PartialMessage",
    "Permissions",
    "PingInteraction",
    "PrivateThread",
    "PublicThread",
    "ResolvedData",
    "Role",
    "SelectedValues",
    "Snowflake",
    "User",
    "UserFlags",
    "decode_channel",
    "decode_interaction",
    "try_enum",
]
