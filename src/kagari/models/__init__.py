"""Typed, lazily decoded models of everything Discord POSTs to an interactions endpoint.

Start at :func:`decode_interaction`, which wraps a parsed payload in the class of its
type. Models keep the original dict in ``.raw`` and decode each field on first read.
This package uses the standard library only.
"""

from __future__ import annotations

from kagari.models._base import Model
from kagari.models._convert import try_enum
from kagari.models.attachment import Attachment
from kagari.models.channel_parts import DefaultReaction, PermissionOverwrite, ThreadMember
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
from kagari.models.events import (
    WEBHOOK_EVENT_CLASSES,
    ApplicationAuthorizedEvent,
    ApplicationDeauthorizedEvent,
    EntitlementCreateEvent,
    EntitlementDeleteEvent,
    EntitlementEvent,
    EntitlementUpdateEvent,
    WebhookEvent,
    WebhookEventType,
    WebhookType,
    decode_webhook_event,
)
from kagari.models.flags import MessageFlags, Permissions, UserFlags
from kagari.models.guild import PartialGuild, Role, RoleColors, RoleTags
from kagari.models.interaction import PartialInteraction, PingInteraction
from kagari.models.message import Embed, Message, PartialMessage
from kagari.models.message_components import (
    MediaGalleryItem,
    MessageComponent,
    SelectOption,
    UnfurledMedia,
)
from kagari.models.message_refs import InteractionMetadata, MessageReference
from kagari.models.modal import ModalInteraction
from kagari.models.modal_fields import ModalComponent, ModalField
from kagari.models.options import CommandOption, OptionValue
from kagari.models.profile import AvatarDecorationData, Collectibles, Nameplate, PrimaryGuild
from kagari.models.resolved import Mentionable, ResolvedData, SelectedValues
from kagari.models.snowflake import DISCORD_EPOCH, Snowflake
from kagari.models.user import Member, User

__all__ = [
    "DISCORD_EPOCH",
    "INTERACTION_CLASSES",
    "WEBHOOK_EVENT_CLASSES",
    "ApplicationAuthorizedEvent",
    "ApplicationDeauthorizedEvent",
    "ApplicationIntegrationType",
    "Attachment",
    "AutocompleteInteraction",
    "AvatarDecorationData",
    "ChannelType",
    "Collectibles",
    "CommandInteraction",
    "CommandInteractionBase",
    "CommandOption",
    "CommandType",
    "ComponentInteraction",
    "ComponentType",
    "DMChannel",
    "DefaultReaction",
    "Embed",
    "Emoji",
    "Entitlement",
    "EntitlementCreateEvent",
    "EntitlementDeleteEvent",
    "EntitlementEvent",
    "EntitlementType",
    "EntitlementUpdateEvent",
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
    "InteractionMetadata",
    "InteractionType",
    "Locale",
    "MediaGalleryItem",
    "Member",
    "Mentionable",
    "Message",
    "MessageComponent",
    "MessageFlags",
    "MessageReference",
    "ModalComponent",
    "ModalField",
    "ModalInteraction",
    "Model",
    "Nameplate",
    "NewsThread",
    "OptionType",
    "OptionValue",
    "PartialChannel",
    "PartialGuild",
    "PartialInteraction",
    "PartialMessage",
    "PermissionOverwrite",
    "Permissions",
    "PingInteraction",
    "PrimaryGuild",
    "PrivateThread",
    "PublicThread",
    "ResolvedData",
    "Role",
    "RoleColors",
    "RoleTags",
    "SelectOption",
    "SelectedValues",
    "Snowflake",
    "ThreadMember",
    "UnfurledMedia",
    "User",
    "UserFlags",
    "WebhookEvent",
    "WebhookEventType",
    "WebhookType",
    "decode_channel",
    "decode_interaction",
    "decode_webhook_event",
    "try_enum",
]
