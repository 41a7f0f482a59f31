"""The model fields Discord sends beyond the basics: profile cosmetics, role colours and
tags, message references and components, attachment extras, channel and thread fields,
and ids wider than 64 bits (Discord's own file-upload example uses a 21-digit one).

Payloads follow the field tables of Discord's docs and the response schemas of its
OpenAPI spec (UserResponse, GuildMemberResponse, GuildRoleResponse, MessageResponse,
MessageAttachmentResponse, ThreadResponse...).
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest

import kagari
from kagari.app import Bot, Context
from kagari.models import (
    AvatarDecorationData,
    ChannelType,
    Collectibles,
    ComponentType,
    DefaultReaction,
    GroupDMChannel,
    GuildForumChannel,
    GuildVoiceChannel,
    InteractionMetadata,
    InteractionType,
    MediaGalleryItem,
    Member,
    Message,
    MessageComponent,
    MessageReference,
    ModalInteraction,
    Nameplate,
    PermissionOverwrite,
    Permissions,
    PrimaryGuild,
    PublicThread,
    Role,
    RoleColors,
    RoleTags,
    SelectOption,
    Snowflake,
    ThreadMember,
    UnfurledMedia,
    User,
    decode_channel,
    decode_interaction,
)
from kagari.models._convert import opt_snowflake, snowflake_list
from kagari.models.attachment import Attachment
from kagari.models.resolved import ResolvedData
from kagari.testing import TestClient
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.payloads import interaction_payload

from .test_models_property import read_everything

UTC = datetime.timezone.utc
USER_ID = "1180000000000000004"
GUILD_ID = "1180000000000000002"
SKU_ID = "1180000000000000010"

# The id of Discord's "Modal Submit Interaction Data Example" for a File Upload
# (developers/components/reference.mdx in discord/discord-api-docs): 21 digits, wider
# than 64 bits.
WIDE_ID = "111111111111111111111"


# -- payloads ------------------------------------------------------------------------------------


def full_user() -> dict[str, Any]:
    return {
        "id": USER_ID,
        "username": "nelly",
        "global_name": "Nelly",
        "discriminator": "0",
        "avatar": "8342729096ea3675442027381ff50dfe",
        "public_flags": 64,
        "flags": 64,
        "banner": "a_06c16474723fe537c283b8efa61a30c8",
        "accent_color": 16711680,
        "avatar_decoration_data": {
            "asset": "a_fed43ab12698df65902ba06727e20c0e",
            "sku_id": SKU_ID,
        },
        "collectibles": {
            "nameplate": {
                "sku_id": "1349849614353829990",
                "asset": "nameplates/nameplates/twilight/",
                "label": "",
                "palette": "cobalt",
            }
        },
        "primary_guild": {
            "identity_guild_id": GUILD_ID,
            "identity_enabled": True,
            "tag": "KGRI",
            "badge": "7d1734ae5a615e82bc7a4033b98fade8",
        },
    }


def full_member() -> dict[str, Any]:
    return {
        "user": full_user(),
        "nick": "Nel",
        "avatar": None,
        "banner": "a_11c16474723fe537c283b8efa61a30c9",
        "roles": [],
        "joined_at": "2024-05-01T10:00:00.000000+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "permissions": "2147483647",
        "communication_disabled_until": None,
        "avatar_decoration_data": {"asset": "guild_decoration", "sku_id": None},
        "collectibles": {"nameplate": None},
    }


def full_role() -> dict[str, Any]:
    return {
        "id": "1180000000000000006",
        "name": "Booster",
        "color": 16744272,
        "colors": {
            "primary_color": 16744272,
            "secondary_color": 3447003,
            "tertiary_color": None,
        },
        "hoist": True,
        "icon": None,
        "unicode_emoji": None,
        "position": 3,
        "permissions": "0",
        "managed": True,
        "mentionable": False,
        "flags": 0,
        "tags": {"premium_subscriber": None, "bot_id": "1180000000000000099"},
    }


def components_v1() -> list[dict[str, Any]]:
    return [
        {
            "type": 1,
            "id": 1,
            "components": [
                {"type": 2, "id": 2, "style": 1, "label": "Yes", "custom_id": "vote:yes"},
                {
                    "type": 2,
                    "id": 3,
                    "style": 5,
                    "label": "Docs",
                    "url": "https://example.com/docs",
                    "emoji": {"name": "📘"},
                    "disabled": True,
                },
                {"type": 2, "id": 4, "style": 6, "sku_id": SKU_ID},
            ],
        },
        {
            "type": 1,
            "id": 5,
            "components": [
                {
                    "type": 3,
                    "id": 6,
                    "custom_id": "class",
                    "placeholder": "Pick a class",
                    "min_values": 1,
                    "max_values": 2,
                    "options": [
                        {
                            "label": "Rogue",
                            "value": "rogue",
                            "description": "Sneak",
                            "emoji": {"name": "rogue", "id": "625891304148303894"},
                            "default": True,
                        },
                        {"label": "Mage", "value": "mage"},
                    ],
                }
            ],
        },
        {
            "type": 1,
            "id": 7,
            "components": [
                {
                    "type": 8,
                    "id": 8,
                    "custom_id": "where",
                    "channel_types": [0, 15, 99],
                    "default_values": [{"id": "1180000000000000003", "type": "channel"}],
                }
            ],
        },
    ]


def components_v2() -> list[dict[str, Any]]:
    return [
        {
            "type": 17,
            "id": 1,
            "accent_color": 703487,
            "spoiler": False,
            "components": [
                {
                    "type": 9,
                    "id": 2,
                    "components": [{"type": 10, "id": 3, "content": "# A wild coyote!"}],
                    "accessory": {
                        "type": 11,
                        "id": 4,
                        "media": {
                            "url": "https://example.com/coyote.webp",
                            "proxy_url": "https://media.discordapp.net/coyote.webp",
                            "width": 640,
                            "height": 480,
                            "content_type": "image/webp",
                        },
                        "description": "A coyote",
                    },
                },
                {
                    "type": 12,
                    "id": 5,
                    "items": [
                        {
                            "media": {"url": "https://example.com/a.png"},
                            "description": "first",
                            "spoiler": True,
                        }
                    ],
                },
                {"type": 14, "id": 6, "divider": False, "spacing": 2},
                {
                    "type": 13,
                    "id": 7,
                    "file": {
                        "url": "attachment://game.zip",
                        "attachment_id": "1180000000000000008",
                    },
                    "name": "game.zip",
                    "size": 1024,
                },
            ],
        }
    ]


def full_message() -> dict[str, Any]:
    return {
        "id": "1180000000000000009",
        "channel_id": "1180000000000000003",
        "type": 19,
        "content": "@everyone see above",
        "author": full_user(),
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": True,
        "attachments": [],
        "embeds": [],
        "timestamp": "2024-05-01T10:00:00.000000+00:00",
        "edited_timestamp": None,
        "flags": 0,
        "pinned": False,
        "tts": False,
        "components": components_v1(),
        "message_reference": {
            "type": 0,
            "message_id": "1180000000000000020",
            "channel_id": "1180000000000000003",
            "guild_id": GUILD_ID,
        },
        "referenced_message": {
            "id": "1180000000000000020",
            "channel_id": "1180000000000000003",
            "type": 0,
            "content": "the original",
            "author": {"id": "1180000000000000021", "username": "someone"},
            "mention_everyone": False,
        },
        "interaction_metadata": {
            "id": "1260000000000000001",
            "type": 2,
            "user": full_user(),
            "authorizing_integration_owners": {"0": GUILD_ID, "1": USER_ID},
            "original_response_message_id": "1180000000000000022",
            "target_user": {"id": "1180000000000000005", "username": "target"},
        },
    }


def file_upload_modal() -> dict[str, Any]:
    """Discord's documented modal submission with a File Upload, in a full envelope."""
    data = {
        "components": [
            {
                "component": {
                    "custom_id": "file_upload",
                    "id": 2,
                    "type": 19,
                    "values": [WIDE_ID],
                },
                "id": 1,
                "type": 18,
            }
        ],
        "custom_id": "bug_submit_modal",
        "resolved": {
            "attachments": {
                WIDE_ID: {
                    "content_type": "image/png",
                    "ephemeral": True,
                    "filename": "bug.png",
                    "height": 604,
                    "id": WIDE_ID,
                    "placeholder": "/PcBAoBQydvKesabEIoMsdg=",
                    "placeholder_version": 1,
                    "proxy_url": "https://media.discordapp.net/ephemeral-attachments/"
                    f"2222222222222222222/{WIDE_ID}/bug.png",
                    "size": 241394,
                    "url": "https://cdn.discordapp.com/ephemeral-attachments/"
                    f"2222222222222222222/{WIDE_ID}/bug.png",
                    "width": 2482,
                }
            }
        },
    }
    return interaction_payload(5, data)


# -- users and members ---------------------------------------------------------------------------


def test_user_profile_fields() -> None:
    user = User(full_user())
    assert user.banner == "a_06c16474723fe537c283b8efa61a30c8"
    assert user.banner_url == (
        f"https://cdn.discordapp.com/banners/{USER_ID}/a_06c16474723fe537c283b8efa61a30c8.gif"
    )
    assert user.accent_color == 0xFF0000
    decoration = user.avatar_decoration_data
    assert isinstance(decoration, AvatarDecorationData)
    assert decoration.asset == "a_fed43ab12698df65902ba06727e20c0e"
    assert decoration.sku_id == int(SKU_ID) and isinstance(decoration.sku_id, Snowflake)
    assert decoration.url == (
        "https://cdn.discordapp.com/avatar-decoration-presets/"
        "a_fed43ab12698df65902ba06727e20c0e.png"
    )
    assert isinstance(user.collectibles, Collectibles)
    nameplate = user.collectibles.nameplate
    assert isinstance(nameplate, Nameplate)
    assert nameplate.sku_id == 1349849614353829990
    assert (nameplate.asset, nameplate.label) == ("nameplates/nameplates/twilight/", "")
    assert nameplate.palette == "cobalt"
    guild = user.primary_guild
    assert isinstance(guild, PrimaryGuild)
    assert guild.identity_guild_id == int(GUILD_ID)
    assert (guild.identity_enabled, guild.tag) == (True, "KGRI")
    assert guild.badge == "7d1734ae5a615e82bc7a4033b98fade8"
    assert guild.badge_url == (
        f"https://cdn.discordapp.com/guild-tag-badges/{GUILD_ID}/"
        "7d1734ae5a615e82bc7a4033b98fade8.png"
    )


def test_user_profile_fields_absent() -> None:
    user = User({"id": USER_ID, "username": "plain"})
    assert user.banner is None and user.banner_url is None
    assert user.accent_color is None
    assert user.avatar_decoration_data is None
    assert user.collectibles is None
    assert user.primary_guild is None


def test_user_profile_fields_null_or_partial() -> None:
    user = User(
        {
            "id": USER_ID,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "collectibles": {},
            "primary_guild": {
                "identity_guild_id": None,
                "identity_enabled": None,
                "tag": None,
                "badge": None,
            },
        }
    )
    assert user.banner is None and user.accent_color is None
    assert user.avatar_decoration_data is None
    assert user.collectibles is not None and user.collectibles.nameplate is None
    guild = user.primary_guild
    assert guild is not None
    assert (guild.identity_guild_id, guild.identity_enabled, guild.tag) == (None, None, None)
    assert guild.badge_url is None
    assert AvatarDecorationData({}).url is None
    assert AvatarDecorationData({}).asset == ""
    nameplate = Nameplate({})
    assert (nameplate.sku_id, nameplate.asset, nameplate.label, nameplate.palette) == (
        None,
        "",
        "",
        None,
    )


def test_member_profile_fields() -> None:
    member = Member(full_member(), guild_id=Snowflake(int(GUILD_ID)))
    assert member.banner == "a_11c16474723fe537c283b8efa61a30c9"
    assert member.banner_url == (
        f"https://cdn.discordapp.com/guilds/{GUILD_ID}/users/{USER_ID}/banners/"
        "a_11c16474723fe537c283b8efa61a30c9.gif"
    )
    decoration = member.avatar_decoration_data
    assert decoration is not None
    assert (decoration.asset, decoration.sku_id) == ("guild_decoration", None)
    assert member.collectibles is not None and member.collectibles.nameplate is None
    # The user's own profile stays reachable.
    assert member.user.primary_guild is not None


def test_member_profile_fields_absent_fall_back_to_the_user() -> None:
    raw = full_member()
    for key in ("banner", "avatar_decoration_data", "collectibles"):
        del raw[key]
    member = Member(raw, guild_id=Snowflake(int(GUILD_ID)))
    assert member.banner is None
    assert member.avatar_decoration_data is None
    assert member.collectibles is None
    assert member.banner_url == member.user.banner_url  # the user's banner
    bare = Member({"user": {"id": USER_ID}})
    assert bare.banner_url is None


def test_interaction_member_decodes_the_new_fields() -> None:
    payload = interaction_payload(2, {"id": "1", "name": "ping", "type": 1})
    payload["member"] = full_member()
    interaction = decode_interaction(payload)
    assert interaction.member is not None
    assert interaction.member.banner == "a_11c16474723fe537c283b8efa61a30c9"
    assert interaction.user.accent_color == 0xFF0000


# -- roles ---------------------------------------------------------------------------------------


def test_role_colors_and_tags() -> None:
    role = Role(full_role())
    assert isinstance(role.colors, RoleColors)
    assert (role.colors.primary_color, role.colors.secondary_color) == (16744272, 3447003)
    assert role.colors.tertiary_color is None
    tags = role.tags
    assert isinstance(tags, RoleTags)
    assert tags.premium_subscriber is True  # sent as null, meaning "yes"
    assert tags.bot_id == 1180000000000000099
    assert tags.integration_id is None and tags.subscription_listing_id is None
    assert tags.available_for_purchase is False
    assert tags.guild_connections is False


def test_role_tags_of_a_subscription_and_a_linked_role() -> None:
    tags = RoleTags(
        {
            "integration_id": "1180000000000000098",
            "subscription_listing_id": "1180000000000000097",
            "available_for_purchase": None,
            "guild_connections": None,
        }
    )
    assert tags.integration_id == 1180000000000000098
    assert tags.subscription_listing_id == 1180000000000000097
    assert (tags.available_for_purchase, tags.guild_connections) == (True, True)
    assert tags.premium_subscriber is False and tags.bot_id is None


def test_role_colors_and_tags_absent() -> None:
    role = Role({"id": "1", "name": "plain", "color": 5})
    assert role.colors is None
    assert role.tags is None
    holographic = RoleColors(
        {"primary_color": 11127295, "secondary_color": 16759788, "tertiary_color": 16761760}
    )
    assert holographic.tertiary_color == 16761760
    assert RoleColors({}).primary_color == 0


# -- messages ------------------------------------------------------------------------------------


def test_message_mentions_reference_and_referenced_message() -> None:
    message = Message(full_message(), guild_id=Snowflake(int(GUILD_ID)))
    assert message.mention_everyone is True
    reference = message.message_reference
    assert isinstance(reference, MessageReference)
    assert reference.type == 0 and not reference.is_forward
    assert reference.message_id == 1180000000000000020
    assert reference.channel_id == 1180000000000000003
    assert reference.guild_id == int(GUILD_ID)
    assert reference.fail_if_not_exists is None
    replied = message.referenced_message
    assert isinstance(replied, Message)
    assert replied.content == "the original"
    assert replied.author.username == "someone"
    assert replied.guild_id == int(GUILD_ID)  # taken from the replying message
    assert replied.referenced_message is None


def test_message_new_fields_absent() -> None:
    message = Message({"id": "1", "channel_id": "2"})
    assert message.mention_everyone is False
    assert message.message_reference is None
    assert message.referenced_message is None  # absent
    assert Message({"referenced_message": None}).referenced_message is None  # deleted
    assert message.interaction_metadata is None
    assert message.components == []
    forward = MessageReference({"type": 1, "channel_id": "2", "message_id": "3"})
    assert forward.is_forward and forward.guild_id is None
    assert MessageReference({}).type == 0 and MessageReference({}).channel_id is None


def test_interaction_metadata_of_a_command() -> None:
    meta = Message(full_message()).interaction_metadata
    assert isinstance(meta, InteractionMetadata)
    assert meta.id == 1260000000000000001
    assert meta.type is InteractionType.APPLICATION_COMMAND
    assert meta.user.username == "nelly"
    assert meta.authorizing_integration_owners == {
        kagari.ApplicationIntegrationType.GUILD_INSTALL: int(GUILD_ID),
        kagari.ApplicationIntegrationType.USER_INSTALL: int(USER_ID),
    }
    assert meta.original_response_message_id == 1180000000000000022
    assert meta.target_user is not None and meta.target_user.username == "target"
    assert meta.target_message_id is None
    assert meta.interacted_message_id is None
    assert meta.triggering_interaction_metadata is None


def test_interaction_metadata_of_a_modal_opened_from_a_button() -> None:
    meta = InteractionMetadata(
        {
            "id": "1260000000000000003",
            "type": 5,
            "user": {"id": USER_ID, "username": "nelly"},
            "authorizing_integration_owners": {"0": GUILD_ID},
            "triggering_interaction_metadata": {
                "id": "1260000000000000002",
                "type": 3,
                "user": {"id": USER_ID, "username": "nelly"},
                "authorizing_integration_owners": {"0": GUILD_ID},
                "interacted_message_id": "1180000000000000030",
            },
        }
    )
    assert meta.type is InteractionType.MODAL_SUBMIT
    trigger = meta.triggering_interaction_metadata
    assert trigger is not None
    assert trigger.type is InteractionType.MESSAGE_COMPONENT
    assert trigger.interacted_message_id == 1180000000000000030
    assert meta.original_response_message_id is None and meta.target_user is None
    empty = InteractionMetadata({})
    assert (empty.id, empty.type, empty.user.id) == (0, 0, 0)
    assert empty.authorizing_integration_owners == {}


def test_legacy_message_components_are_typed() -> None:
    message = Message(full_message())
    first, second, third = message.components
    assert all(isinstance(row, MessageComponent) for row in message.components)
    assert first.type is ComponentType.ACTION_ROW and first.id == 1
    yes, docs, premium = first.children
    assert (yes.type, yes.style, yes.label, yes.custom_id) == (
        ComponentType.BUTTON,
        1,
        "Yes",
        "vote:yes",
    )
    assert yes.disabled is False and yes.url is None and yes.emoji is None
    assert docs.url == "https://example.com/docs" and docs.disabled is True
    assert docs.emoji is not None and docs.emoji.name == "📘"
    assert docs.custom_id is None
    assert premium.sku_id == int(SKU_ID)
    [select] = second.children
    assert select.type is ComponentType.STRING_SELECT
    assert (select.placeholder, select.min_values, select.max_values) == ("Pick a class", 1, 2)
    rogue, mage = select.options
    assert isinstance(rogue, SelectOption)
    assert (rogue.label, rogue.value, rogue.description, rogue.default) == (
        "Rogue",
        "rogue",
        "Sneak",
        True,
    )
    assert rogue.emoji is not None and rogue.emoji.id == 625891304148303894
    assert (mage.description, mage.emoji, mage.default) == (None, None, False)
    [channels] = third.children
    assert channels.channel_types == [ChannelType.GUILD_TEXT, ChannelType.GUILD_FORUM, 99]
    assert channels.default_values == [(1180000000000000003, "channel")]
    # walk() visits the whole tree, depth first.
    assert [node.id for node in message.components[0].walk()] == [1, 2, 3, 4]


def test_message_components_still_read_like_the_raw_dicts() -> None:
    message = Message(full_message())
    row = message.components[0]
    assert row["components"][0]["custom_id"] == "vote:yes"
    assert row.get("missing") is None and row.get("missing", 5) == 5
    assert "components" in row and "accessory" not in row
    with pytest.raises(KeyError):
        row["accessory"]


def test_components_v2_are_typed() -> None:
    message = Message({"flags": 1 << 15, "components": components_v2()})
    [container] = message.components
    assert container.type is ComponentType.CONTAINER
    assert container.accent_color == 703487 and container.spoiler is False
    section, gallery, separator, file = container.children
    assert section.type is ComponentType.SECTION
    assert section.children[0].content == "# A wild coyote!"
    thumbnail = section.accessory
    assert thumbnail is not None and thumbnail.type is ComponentType.THUMBNAIL
    assert thumbnail.description == "A coyote"
    media = thumbnail.media
    assert isinstance(media, UnfurledMedia)
    assert media.url == "https://example.com/coyote.webp"
    assert media.proxy_url == "https://media.discordapp.net/coyote.webp"
    assert (media.width, media.height, media.content_type) == (640, 480, "image/webp")
    assert media.attachment_id is None
    [item] = gallery.items
    assert isinstance(item, MediaGalleryItem)
    assert (item.media.url, item.description, item.spoiler) == (
        "https://example.com/a.png",
        "first",
        True,
    )
    assert (separator.divider, separator.spacing) == (False, 2)
    assert file.file is not None and file.file.url == "attachment://game.zip"
    assert file.file.attachment_id == 1180000000000000008
    assert (file.name, file.size) == ("game.zip", 1024)
    # The accessory is part of the walk.
    assert [node.id for node in container.walk()] == [1, 2, 3, 4, 5, 6, 7]


def test_component_fields_absent() -> None:
    node = MessageComponent({})
    assert (node.type, node.id, node.custom_id) == (0, None, None)
    assert node.children == [] and node.accessory is None and node.walk() == [node]
    assert (node.style, node.label, node.emoji, node.url, node.sku_id) == (None,) * 5
    assert node.disabled is False and node.spoiler is False
    assert (node.placeholder, node.min_values, node.max_values) == (None, None, None)
    assert node.options == [] and node.channel_types == [] and node.default_values == []
    assert (node.content, node.media, node.file, node.name, node.size) == (None,) * 5
    assert node.items == [] and node.description is None
    assert (node.accent_color, node.divider, node.spacing) == (None, None, None)
    assert MediaGalleryItem({}).media.url == ""
    assert SelectOption({}).label == "" and SelectOption({}).value == ""


# -- attachments ---------------------------------------------------------------------------------


def test_attachment_voice_message_and_placeholder() -> None:
    attachment = Attachment(
        {
            "id": "1180000000000000008",
            "filename": "voice-message.ogg",
            "size": 4110,
            "url": "https://cdn.discordapp.com/attachments/1/2/voice-message.ogg",
            "proxy_url": "https://media.discordapp.net/attachments/1/2/voice-message.ogg",
            "content_type": "audio/ogg",
            "duration_secs": 2.5,
            "waveform": "AAAAAAAAAAAAAA==",
            "flags": 8192,
            "placeholder": "/PcBAoBQydvKesabEIoMsdg=",
            "placeholder_version": 1,
        }
    )
    assert attachment.duration_secs == 2.5
    assert attachment.waveform == "AAAAAAAAAAAAAA=="
    assert attachment.waveform_bytes == bytes(10)
    assert attachment.placeholder == "/PcBAoBQydvKesabEIoMsdg="
    assert attachment.placeholder_version == 1
    assert attachment.is_clip is False


def test_attachment_clip_fields() -> None:
    attachment = Attachment(
        {
            "id": "1180000000000000008",
            "filename": "clip.mp4",
            "size": 10,
            "url": "https://cdn/clip.mp4",
            "proxy_url": "https://p/clip.mp4",
            "flags": 1,
            "clip_created_at": "2024-05-01T10:00:00.000000+00:00",
            "clip_participants": [full_user(), {"id": "1180000000000000021", "username": "b"}],
            "application": {"id": "1180000000000000001", "name": "Racing with Friends"},
        }
    )
    assert attachment.is_clip is True
    assert attachment.clip_created_at == datetime.datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert [user.username for user in attachment.clip_participants] == ["nelly", "b"]
    assert attachment.application == {"id": "1180000000000000001", "name": "Racing with Friends"}


def test_attachment_new_fields_absent_or_bad() -> None:
    attachment = Attachment({"id": "1"})
    assert attachment.placeholder is None and attachment.placeholder_version is None
    assert attachment.waveform is None and attachment.waveform_bytes is None
    assert attachment.duration_secs is None
    assert attachment.clip_created_at is None and attachment.clip_participants == []
    assert attachment.application is None and attachment.is_clip is False
    assert Attachment({"waveform": "not base64!"}).waveform_bytes is None


# -- channels and threads ------------------------------------------------------------------------


def test_channel_fields_of_interaction_channels() -> None:
    channel = decode_channel(
        {
            "id": "1180000000000000003",
            "type": 0,
            "name": "general",
            "permissions": "2147483647",
            "app_permissions": "2048",
            "last_pin_timestamp": "2024-05-01T10:00:00Z",
            "default_auto_archive_duration": 1440,
            "default_thread_rate_limit_per_user": 30,
            "permission_overwrites": [
                {"id": GUILD_ID, "type": 0, "allow": "0", "deny": "2048"},
                {"id": USER_ID, "type": 1, "allow": "2048", "deny": "0"},
                "not an overwrite",
            ],
        }
    )
    assert channel.app_permissions == Permissions.SEND_MESSAGES
    assert channel.last_pin_timestamp == datetime.datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert channel.default_auto_archive_duration == 1440
    assert channel.default_thread_rate_limit_per_user == 30
    everyone, me = channel.permission_overwrites
    assert isinstance(everyone, PermissionOverwrite)
    assert (everyone.id, everyone.type) == (int(GUILD_ID), 0)
    assert everyone.allow == Permissions.NONE and everyone.deny == Permissions.SEND_MESSAGES
    assert (me.type, me.allow) == (1, Permissions.SEND_MESSAGES)


def test_resolved_channels_carry_app_permissions() -> None:
    resolved = ResolvedData(
        {
            "channels": {
                "1180000000000000003": {
                    "id": "1180000000000000003",
                    "type": 0,
                    "name": "general",
                    "permissions": "1024",
                    "app_permissions": "3072",
                }
            }
        }
    )
    channel = resolved.channels[1180000000000000003]
    assert channel.app_permissions == Permissions.VIEW_CHANNEL | Permissions.SEND_MESSAGES


def test_thread_fields() -> None:
    thread = decode_channel(
        {
            "id": "1180000000000000007",
            "type": 11,
            "name": "post",
            "parent_id": "1180000000000000040",
            "total_message_sent": 12,
            "applied_tags": ["1180000000000000041", "x"],
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": "2024-05-01T10:00:00Z",
                "locked": False,
                "create_timestamp": "2024-05-01T09:00:00.123Z",
            },
            "member": {
                "id": "1180000000000000007",
                "user_id": USER_ID,
                "join_timestamp": "2024-05-01T09:30:00Z",
                "flags": 1,
            },
        }
    )
    assert isinstance(thread, PublicThread)
    assert thread.create_timestamp == datetime.datetime(2024, 5, 1, 9, 0, 0, 123000, tzinfo=UTC)
    assert thread.total_message_sent == 12
    assert thread.applied_tags == [1180000000000000041]
    member = thread.member
    assert isinstance(member, ThreadMember)
    assert (member.id, member.user_id, member.flags) == (1180000000000000007, int(USER_ID), 1)
    assert member.join_timestamp == datetime.datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def test_voice_forum_and_group_dm_fields() -> None:
    voice = decode_channel({"id": "1", "type": 2, "video_quality_mode": 2})
    assert isinstance(voice, GuildVoiceChannel) and voice.video_quality_mode == 2
    forum = decode_channel(
        {
            "id": "2",
            "type": 15,
            "default_reaction_emoji": {"emoji_id": None, "emoji_name": "👍"},
            "default_sort_order": 1,
            "default_forum_layout": 2,
        }
    )
    assert isinstance(forum, GuildForumChannel)
    reaction = forum.default_reaction_emoji
    assert isinstance(reaction, DefaultReaction)
    assert (reaction.emoji_id, reaction.emoji_name) == (None, "👍")
    assert (forum.default_sort_order, forum.default_forum_layout) == (1, 2)
    group = decode_channel({"id": "3", "type": 3, "application_id": "4", "managed": True})
    assert isinstance(group, GroupDMChannel)
    assert (group.application_id, group.managed) == (4, True)


def test_channel_and_thread_fields_absent() -> None:
    channel = decode_channel({"id": "1", "type": 0})
    assert channel.app_permissions is None and channel.permission_overwrites == []
    assert channel.last_pin_timestamp is None
    assert channel.default_auto_archive_duration is None
    assert channel.default_thread_rate_limit_per_user is None
    thread = decode_channel({"id": "2", "type": 12})
    assert isinstance(thread, kagari.models.GuildThread)
    assert thread.create_timestamp is None and thread.total_message_sent is None
    assert thread.applied_tags == [] and thread.member is None
    forum = decode_channel({"id": "3", "type": 16})
    assert isinstance(forum, kagari.models.GuildMediaChannel)
    assert forum.default_reaction_emoji is None
    assert (forum.default_sort_order, forum.default_forum_layout) == (None, None)
    voice = decode_channel({"id": "4", "type": 13})
    assert isinstance(voice, kagari.models.GuildStageChannel)
    assert voice.video_quality_mode is None
    group = decode_channel({"id": "5", "type": 3})
    assert isinstance(group, GroupDMChannel)
    assert (group.application_id, group.managed) == (None, False)
    overwrite = PermissionOverwrite({})
    assert (overwrite.id, overwrite.type, overwrite.allow, overwrite.deny) == (
        0,
        0,
        Permissions.NONE,
        Permissions.NONE,
    )
    assert ThreadMember({}).join_timestamp is None and ThreadMember({}).flags == 0


# -- ids of any length ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        ("175928847299117063", 175928847299117063),
        ("18446744073709551615", (1 << 64) - 1),
        ("18446744073709551616", 1 << 64),
        (WIDE_ID, 111111111111111111111),
        ("9" * 40, int("9" * 40)),
        (1 << 70, 1 << 70),
    ],
)
def test_ids_of_any_length_decode(raw: Any, expected: int) -> None:
    parsed = opt_snowflake(raw)
    assert isinstance(parsed, Snowflake) and parsed == expected
    assert str(parsed) == str(expected)


@pytest.mark.parametrize("raw", ["", "-1", -1, "1.5", " 1", "1 ", "١٢", "²", True, 1.0, "9" * 5000])
def test_what_is_not_an_id_still_is_not(raw: Any) -> None:
    assert opt_snowflake(raw) is None


def test_wide_ids_in_lists_and_dates() -> None:
    assert snowflake_list([WIDE_ID, "x", "2"]) == [111111111111111111111, 2]
    assert Snowflake(int(WIDE_ID)).created_at == datetime.datetime(
        2854, 6, 19, 6, 7, 13, 506000, tzinfo=UTC
    )
    assert Snowflake(int("9" * 40)).created_at == datetime.datetime.max.replace(tzinfo=UTC)
    assert User({"id": "9" * 40}).created_at.year == 9999


def test_the_documented_file_upload_decodes() -> None:
    interaction = decode_interaction(file_upload_modal())
    assert isinstance(interaction, ModalInteraction)
    field = interaction.fields["file_upload"]
    assert field.values == [WIDE_ID]
    [attachment] = field.selected_attachments
    assert attachment.id == 111111111111111111111
    assert (attachment.filename, attachment.size) == ("bug.png", 241394)
    assert (attachment.placeholder, attachment.placeholder_version) == (
        "/PcBAoBQydvKesabEIoMsdg=",
        1,
    )
    assert interaction.resolved is not None
    assert list(interaction.resolved.attachments) == [111111111111111111111]


async def test_a_modal_handler_gets_the_21_digit_attachment() -> None:
    seen: dict[str, Any] = {}
    async with FakeDiscord(application_id=file_upload_modal()["application_id"]) as fake:
        bot = Bot(fake.token, public_key="00" * 32, rest_url=fake.url, logs=None)

        @bot.modal("bug_submit_modal")
        async def report(ctx: Context, file_upload: list[kagari.Attachment]) -> kagari.Message:
            seen["files"] = file_upload
            return kagari.Message("thanks", ephemeral=True)

        async with TestClient(bot, fake=fake) as client:
            result = await client.send(file_upload_modal())
    assert result.content == "thanks"
    [attachment] = seen["files"]
    assert attachment.id == 111111111111111111111 and attachment.filename == "bug.png"


# -- everything reads ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [full_user, full_member, full_role, full_message, lambda: {"components": components_v2()}],
)
def test_every_new_property_reads_without_error_even_when_mangled(build: Any) -> None:
    """The new models survive the same reading as the property tests, intact and broken."""
    for raw in (build(), _mangled(build())):
        payload = interaction_payload(2, {"id": "1", "name": "x", "type": 3})
        payload["data"]["resolved"] = {
            "messages": {"1": {"author": raw, "referenced_message": raw, "components": [raw]}},
            "roles": {"1": raw},
            "members": {"1": raw},
            "users": {"1": raw},
        }
        payload["member"] = raw
        snapshot = read_everything(decode_interaction(payload))
        assert snapshot  # something was read


def _mangled(value: Any) -> Any:
    """Every leaf replaced by a value of the wrong type."""
    if isinstance(value, dict):
        return {key: _mangled(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mangled(item) for item in value]
    return [] if isinstance(value, (str, int, float)) else "x"


def test_decoding_never_changes_the_payload() -> None:
    first = full_message()
    second = copy.deepcopy(first)
    Message(first).components[0].walk()
    assert first == second
