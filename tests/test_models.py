"""kagari.models: Discord's documented payloads and hand-written ones decode as expected."""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any

import pytest

from kagari.models import (
    ApplicationIntegrationType,
    Attachment,
    AutocompleteInteraction,
    ChannelType,
    CommandInteraction,
    CommandType,
    ComponentInteraction,
    ComponentType,
    DMChannel,
    Emoji,
    EntitlementType,
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
    InteractionContextType,
    InteractionType,
    Locale,
    Member,
    Message,
    MessageFlags,
    ModalField,
    ModalInteraction,
    NewsThread,
    OptionType,
    PartialChannel,
    PartialInteraction,
    PartialMessage,
    Permissions,
    PingInteraction,
    PrivateThread,
    PublicThread,
    Role,
    Snowflake,
    User,
    UserFlags,
    decode_channel,
    decode_interaction,
    try_enum,
)

from . import test_models_data as data

UTC = datetime.timezone.utc

# ---------------------------------------------------------------- Discord's documented payloads


def _incoming(payloads_dir: pathlib.Path) -> pathlib.Path:
    return payloads_dir / "incoming"


def load(payloads_dir: pathlib.Path, name: str) -> dict[str, Any]:
    """Parse one example file from Discord's docs."""
    result: dict[str, Any] = json.loads((_incoming(payloads_dir) / name).read_text("utf-8"))
    return result


def decode_file(payloads_dir: pathlib.Path, name: str) -> PartialInteraction:
    """Decode one example file through the public entry point."""
    return decode_interaction(load(payloads_dir, name))


COVERED_FILES = {
    "application_command_autocomplete.json",
    "application_command_chat_input.json",
    "application_command_user.json",
    "message_component_button.derived.json",
    "message_component_button_full_legacy.json",
    "message_component_channel_select_data_legacy.json",
    "message_component_role_select.derived.json",
    "message_component_string_select.derived.json",
    "message_component_string_select_full_legacy.json",
    "message_component_user_select.derived.json",
    "modal_submit_action_row_text_input_full_legacy.json",
    "modal_submit_label_mentionable_select.derived.json",
    "modal_submit_label_role_select.derived.json",
    "modal_submit_label_string_select.derived.json",
    "modal_submit_label_text_input.derived.json",
    "modal_submit_label_user_select.derived.json",
}


def test_every_incoming_example_has_a_test(payloads_dir: pathlib.Path) -> None:
    """A new example file in tests/data/discord-payloads must get its own assertions here."""
    present = {path.name for path in _incoming(payloads_dir).glob("*.json")}
    assert present == COVERED_FILES


BASE_PROPERTIES = [
    "application_id",
    "guild_id",
    "guild",
    "channel_id",
    "channel",
    "member",
    "user",
    "locale",
    "guild_locale",
    "app_permissions",
    "entitlements",
    "authorizing_integration_owners",
    "context",
    "attachment_size_limit",
    "message",
    "created_at",
    "version",
]


@pytest.mark.parametrize("name", sorted(COVERED_FILES))
def test_every_incoming_example_decodes_and_reads(payloads_dir: pathlib.Path, name: str) -> None:
    """Each file decodes to the class of its type and every base property reads."""
    payload = load(payloads_dir, name)
    interaction = decode_interaction(payload)
    expected = {
        1: PingInteraction,
        2: CommandInteraction,
        3: ComponentInteraction,
        4: AutocompleteInteraction,
        5: ModalInteraction,
    }.get(payload.get("type", 0), PartialInteraction)
    assert type(interaction) is expected
    assert interaction.raw is payload
    assert int(interaction.type) == payload.get("type", 0)
    assert str(interaction.id) == payload.get("id", "0")
    assert interaction.token == payload.get("token", "")
    for name_ in BASE_PROPERTIES:
        getattr(interaction, name_)


def test_chat_input_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "application_command_chat_input.json")
    assert isinstance(interaction, CommandInteraction)
    assert interaction.type is InteractionType.APPLICATION_COMMAND
    assert interaction.id == 786008729715212338
    assert interaction.token == "A_UNIQUE_TOKEN"
    assert interaction.guild_id == 290926798626357999
    assert interaction.channel_id == 645027906669510667
    assert interaction.locale is Locale.ENGLISH_US
    assert interaction.guild_locale is Locale.ENGLISH_US
    assert interaction.app_permissions == 442368
    assert interaction.app_permissions is not None
    assert Permissions.EMBED_LINKS in interaction.app_permissions
    assert Permissions.SEND_MESSAGES not in interaction.app_permissions
    # Fields this older example lacks decode to their documented defaults.
    assert interaction.application_id == 0
    assert interaction.version == 1
    assert interaction.entitlements == []
    assert interaction.authorizing_integration_owners == {}
    assert interaction.context is None
    assert interaction.channel is None
    assert interaction.guild is None
    assert interaction.message is None
    # The command itself.
    assert interaction.command_id == 771825006014889984
    assert interaction.command_name == "cardsearch"
    assert interaction.command_type is CommandType.CHAT_INPUT
    assert interaction.subcommand_path == ()
    assert [o.name for o in interaction.options] == ["cardname"]
    assert interaction.leaf_options[0].type is OptionType.STRING
    assert interaction.leaf_options[0].value == "The Gitrog Monster"
    assert interaction.get_option("cardname") is interaction.options[0]
    assert interaction.get_option("missing") is None
    assert interaction.resolved is None
    assert interaction.target is None
    # The invoking member and user.
    member = interaction.member
    assert isinstance(member, Member)
    assert member.roles == [539082325061836999]
    assert member.permissions == 2147483647
    assert member.joined_at == datetime.datetime(2017, 3, 13, 19, 19, 14, 40000, tzinfo=UTC)
    assert member.nick is None
    assert member.pending is False
    user = interaction.user
    assert user is member.user
    assert user.id == 53908232506183680
    assert user.username == "Mason"
    assert user.discriminator == "1337"
    assert user.public_flags == 131141
    assert user.avatar == "a_d5efa99b3eeaa7dd43acca82f5692432"
    assert user.avatar_url == (
        "https://cdn.discordapp.com/avatars/53908232506183680/"
        "a_d5efa99b3eeaa7dd43acca82f5692432.gif"
    )
    assert user.mention == "<@53908232506183680>"
    assert member.display_name == "Mason"


def test_user_command_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "application_command_user.json")
    assert isinstance(interaction, CommandInteraction)
    assert interaction.application_id == 775799577604522054
    assert interaction.version == 1
    assert interaction.command_type is CommandType.USER
    assert interaction.command_name == "context-menu-user-2"
    assert interaction.target_id == 809850198683418695
    target = interaction.target
    assert isinstance(target, User)
    assert target.username == "VoltyDemo"
    assert target.bot is True
    assert target.discriminator == "7302"
    target_member = interaction.target_member
    assert target_member is not None
    # The resolved member has no user of its own: it is filled from resolved.users.
    assert target_member.user.username == "VoltyDemo"
    assert target_member.id == 809850198683418695
    assert target_member.permissions == 246997699136
    assert interaction.resolved is not None
    assert set(interaction.resolved.users) == {809850198683418695}
    assert set(interaction.resolved.members) == {809850198683418695}
    assert interaction.user.id == 167348773423415296
    assert interaction.user.username == "ian"
    assert interaction.member is not None
    assert interaction.member.roles == [785609923542777878]


def test_autocomplete_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "application_command_autocomplete.json")
    assert isinstance(interaction, AutocompleteInteraction)
    assert interaction.type is InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE
    assert interaction.command_id == 816437322781949972
    assert interaction.command_name == "airhorn"
    focused = interaction.focused_option
    assert focused is not None
    assert focused.name == "variant"
    assert focused.value == "data a user is typ"
    assert focused.focused is True
    # A partial payload: no id, token or user, but nothing raises.
    assert interaction.id == Snowflake(0)
    assert interaction.token == ""
    assert interaction.user.id == 0
    assert interaction.member is None


def test_button_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "message_component_button.derived.json")
    assert isinstance(interaction, ComponentInteraction)
    assert interaction.custom_id == "click_me"
    assert interaction.component_type is ComponentType.BUTTON
    assert interaction.component_id == 2
    assert interaction.values == []
    assert interaction.resolved is None
    assert interaction.message is None


def test_button_full_legacy_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "message_component_button_full_legacy.json")
    assert isinstance(interaction, ComponentInteraction)
    assert interaction.id == 846462639134605312
    assert interaction.application_id == 290926444748734465
    assert interaction.token == "unique_interaction_token"
    assert interaction.custom_id == "click_one"
    assert interaction.component_type is ComponentType.BUTTON
    assert interaction.user.id == 53908232506183680
    assert interaction.member is not None
    assert interaction.member.permissions == 17179869183
    message = interaction.message
    assert isinstance(message, Message)
    assert message.id == 844397162624450620
    assert message.channel_id == 345626669114982402
    assert message.content == "This is a message with components."
    assert message.author.username == "Mason"
    assert message.flags == MessageFlags.NONE
    assert message.timestamp == datetime.datetime(2021, 5, 19, 2, 12, 51, 710000, tzinfo=UTC)
    assert message.components[0]["components"][0]["custom_id"] == "click_one"
    assert message.embeds == []
    assert message.attachments == []
    assert message.guild_id == 290926798626357999  # taken from the interaction
    assert message.jump_url == (
        "https://discord.com/channels/290926798626357999/345626669114982402/844397162624450620"
    )


def test_string_select_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "message_component_string_select.derived.json")
    assert isinstance(interaction, ComponentInteraction)
    assert interaction.custom_id == "favorite_bug"
    assert interaction.component_type is ComponentType.STRING_SELECT
    assert interaction.values == ["butterfly"]
    assert interaction.component_id is None


def test_string_select_full_legacy_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "message_component_string_select_full_legacy.json")
    assert isinstance(interaction, ComponentInteraction)
    assert interaction.custom_id == "class_select_1"
    assert interaction.values == ["mage", "rogue"]
    assert interaction.member is not None
    assert interaction.member.nick == "Bot Man"
    assert interaction.member.display_name == "Bot Man"
    message = interaction.message
    assert message is not None
    assert message.type == 20
    assert message.author.bot is True
    assert message.author.avatar_url == "https://cdn.discordapp.com/embed/avatars/4.png"
    assert message.webhook_id == 845027738276462632
    assert message.application_id == 845027738276462632
    options = message.components[0]["components"][0]["options"]
    assert [o["value"] for o in options] == ["rogue", "mage", "priest"]
    emoji = Emoji(options[0]["emoji"])
    assert emoji.id == 625891304148303894
    assert emoji.mention == "<:rogue:625891304148303894>"


def test_user_select_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "message_component_user_select.derived.json")
    assert isinstance(interaction, ComponentInteraction)
    assert interaction.component_type is ComponentType.USER_SELECT
    assert interaction.custom_id == "user_select"
    assert interaction.values == ["1111111111111111111"]
    [user] = interaction.selected_users
    assert user.id == 1111111111111111111
    assert user.username == "ExampleBot"
    assert user.public_flags == UserFlags.STAFF | UserFlags.BOT_HTTP_INTERACTIONS
    [member] = interaction.selected_members
    assert member.user.username == "ExampleBot"
    assert member.roles == [2222222222222222222]
    assert member.joined_at == datetime.datetime(2025, 5, 16, 22, 51, 16, 692000, tzinfo=UTC)
    assert member.communication_disabled_until is None
    assert member.is_timed_out() is False


def test_role_select_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "message_component_role_select.derived.json")
    assert isinstance(interaction, ComponentInteraction)
    assert interaction.component_type is ComponentType.ROLE_SELECT
    assert interaction.custom_id == "role_ids"
    assert interaction.values == ["222222222222222222"]
    [role] = interaction.selected_roles
    assert role.name == "Developer"
    assert role.color == 12745742
    assert role.position == 2
    assert role.mentionable is True
    assert role.managed is False
    assert role.permissions == Permissions.NONE
    assert role.unicode_emoji == "🔧"
    assert role.mention == "<@&222222222222222222>"
    assert interaction.selected_users == []


def test_channel_select_data_only_example(payloads_dir: pathlib.Path) -> None:
    data_only = load(payloads_dir, "message_component_channel_select_data_legacy.json")
    # The file is only a `data` object: it has no type, so it is a plain interaction.
    bare = decode_interaction(data_only)
    assert type(bare) is PartialInteraction
    assert bare.type == 0
    # Wrapped as the `data` of a component interaction, it decodes fully.
    interaction = decode_interaction({"type": 3, "data": data_only})
    assert isinstance(interaction, ComponentInteraction)
    assert interaction.component_type is ComponentType.CHANNEL_SELECT
    assert interaction.custom_id == "my_channel_select"
    assert interaction.values == ["986678954901234567"]
    [channel] = interaction.selected_channels
    assert isinstance(channel, GuildTextChannel)
    assert channel.name == "general"
    assert channel.type is ChannelType.GUILD_TEXT
    assert channel.permissions == 4398046511103
    assert channel.mention == "<#986678954901234567>"


def test_modal_legacy_action_row_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "modal_submit_action_row_text_input_full_legacy.json")
    assert isinstance(interaction, ModalInteraction)
    assert interaction.custom_id == "cool_modal"
    assert interaction.components[0].type is ComponentType.ACTION_ROW
    assert interaction.components[0].children[0].type is ComponentType.TEXT_INPUT
    assert list(interaction.fields) == ["name"]
    field = interaction.fields["name"]
    assert field.value == "John"
    assert field.values == []
    assert field.checked is None
    assert interaction.user.global_name == "Mason"
    assert interaction.user.display_name == "Mason"
    assert interaction.user.discriminator == "0"
    channel = interaction.channel
    assert isinstance(channel, GuildTextChannel)
    assert channel.id == 772908445358620702
    assert channel.guild_id == 772904309264089089
    assert channel.parent_id == 1113560261366927532
    assert channel.last_message_id == 113817814796417433
    assert channel.permissions == 281474976710655
    assert channel.nsfw is False
    assert channel.topic is None


def test_modal_label_text_input_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "modal_submit_label_text_input.derived.json")
    assert isinstance(interaction, ModalInteraction)
    assert interaction.custom_id == "game_feedback_modal"
    label = interaction.components[0]
    assert label.type is ComponentType.LABEL
    assert label.id == 1
    field = interaction.fields["game_feedback"]
    assert label.children[0].raw is field.raw
    assert field.type is ComponentType.TEXT_INPUT
    assert field.id == 2
    assert field.value == (
        "The recent changes to acceleration feel much better, but shadows still need help"
    )


def test_modal_label_string_select_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "modal_submit_label_string_select.derived.json")
    assert isinstance(interaction, ModalInteraction)
    assert interaction.custom_id == "bug_modal"
    field = interaction.fields["favorite_bug"]
    assert field.type is ComponentType.STRING_SELECT
    assert field.values == ["butterfly"]
    assert field.value is None


def test_modal_label_user_select_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "modal_submit_label_user_select.derived.json")
    assert isinstance(interaction, ModalInteraction)
    field = interaction.fields["user_selected"]
    assert field.type is ComponentType.USER_SELECT
    assert field.values == ["11111111111111111"]
    [user] = field.selected_users
    assert user.username == "actuallyanthony"
    assert user.global_name == "Anthony"
    assert user.display_name == "Anthony"
    [member] = field.selected_members
    assert member.nick == "Ant"
    assert member.display_name == "Ant"
    assert member.user is not user  # its own model over the same raw user
    assert member.user.raw is user.raw
    assert interaction.resolved is not None
    assert interaction.resolved.members[11111111111111111].roles == [1357409927680889032]


def test_modal_label_role_select_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "modal_submit_label_role_select.derived.json")
    assert isinstance(interaction, ModalInteraction)
    field = interaction.fields["roles_selected"]
    assert field.type is ComponentType.ROLE_SELECT
    assert [role.name for role in field.selected_roles] == ["Mod", "Player"]
    player = field.selected_roles[1]
    assert player.hoist is True
    assert player.permissions == 2249596494938111
    assert Permissions.ADMINISTRATOR in player.permissions


def test_modal_label_mentionable_select_example(payloads_dir: pathlib.Path) -> None:
    interaction = decode_file(payloads_dir, "modal_submit_label_mentionable_select.derived.json")
    assert isinstance(interaction, ModalInteraction)
    field = interaction.fields["mentionables_selected"]
    assert field.type is ComponentType.MENTIONABLE_SELECT
    [picked] = field.selected_mentionables
    assert isinstance(picked, Role)
    assert picked.id == 1361539726405926952
    assert picked.name == "Developer"


# ---------------------------------------------------------------- hand-written payloads


def test_ping() -> None:
    interaction = decode_interaction(data.ping())
    assert isinstance(interaction, PingInteraction)
    assert interaction.type is InteractionType.PING
    assert interaction.id == int(data.INTERACTION_ID)
    assert interaction.application_id == int(data.APP_ID)
    assert interaction.token == "cGluZy10b2tlbg"
    assert interaction.version == 1
    assert interaction.locale is None
    assert interaction.member is None
    assert interaction.user.id == 0
    assert interaction.data == {}


def test_subcommand_group_and_options() -> None:
    interaction = decode_interaction(data.subcommand_group())
    assert isinstance(interaction, CommandInteraction)
    assert interaction.command_name == "mod"
    assert interaction.command_guild_id == int(data.GUILD_ID)
    assert interaction.subcommand_path == ("admin", "purge")
    assert interaction.full_command_name == "mod admin purge"
    [group] = interaction.options
    assert group.type is OptionType.SUB_COMMAND_GROUP
    assert group.is_subcommand
    assert group.value is None
    assert group.options[0].name == "purge"
    leaves = {option.name: option for option in interaction.leaf_options}
    assert leaves["count"].value == 50
    assert leaves["count"].type is OptionType.INTEGER
    assert leaves["reason"].value == "spam"
    assert leaves["ratio"].value == 0.5
    assert leaves["silent"].value is True
    assert leaves["user"].snowflake_value == int(data.TARGET_USER_ID)
    assert interaction.resolved is not None
    target = interaction.resolved.users[int(data.TARGET_USER_ID)]
    assert target.username == "target"
    member = interaction.resolved.members[int(data.TARGET_USER_ID)]
    assert member.user.username == "target"
    assert member.guild_id == int(data.GUILD_ID)
    # The envelope fields of a modern payload.
    assert interaction.guild is not None
    assert interaction.guild.id == int(data.GUILD_ID)
    assert interaction.guild.locale is Locale.ENGLISH_US
    assert interaction.guild.features == ["COMMUNITY", "NEWS"]
    assert interaction.locale is Locale.JAPANESE
    assert interaction.context is InteractionContextType.GUILD
    assert interaction.authorizing_integration_owners == {
        ApplicationIntegrationType.GUILD_INSTALL: int(data.GUILD_ID)
    }
    assert interaction.is_guild_install and not interaction.is_user_install
    assert interaction.attachment_size_limit == 10485760
    assert interaction.created_at == Snowflake(int(data.INTERACTION_ID)).created_at
    channel = interaction.channel
    assert isinstance(channel, GuildTextChannel)
    assert channel.rate_limit_per_user == 5
    assert channel.position == 3
    assert channel.topic == "Talk here"
    invoker = interaction.member
    assert invoker is not None
    assert invoker.nick == "Kaga"
    assert invoker.flags == 2
    assert invoker.is_timed_out(datetime.datetime(2030, 1, 1, tzinfo=UTC))
    assert not invoker.is_timed_out(datetime.datetime(2100, 1, 1, tzinfo=UTC))
    assert invoker.avatar_url == (
        f"https://cdn.discordapp.com/guilds/{data.GUILD_ID}/users/{data.USER_ID}"
        "/avatars/guildavatarhash.png"
    )


def test_message_command_with_resolved_message() -> None:
    interaction = decode_interaction(data.message_command())
    assert isinstance(interaction, CommandInteraction)
    assert interaction.command_type is CommandType.MESSAGE
    target = interaction.target
    assert isinstance(target, Message)
    assert isinstance(target, PartialMessage)
    assert target.id == int(data.MESSAGE_ID)
    assert target.content == "remember this"
    assert target.author.username == "target"
    assert target.pinned is True
    assert target.flags == MessageFlags.SUPPRESS_EMBEDS | MessageFlags.SUPPRESS_NOTIFICATIONS
    assert [user.id for user in target.mentions] == [int(data.USER_ID)]
    assert target.mention_roles == [int(data.ROLE_ID)]
    [embed] = target.embeds
    assert embed.title == "An embed"
    assert embed.description == "with text"
    assert embed.color == 0xFF0000
    assert embed.fields == [{"name": "a", "value": "b", "inline": True}]
    assert target.jump_url == (
        f"https://discord.com/channels/{data.GUILD_ID}/{data.CHANNEL_ID}/{data.MESSAGE_ID}"
    )
    assert interaction.target_member is None


def test_resolved_attachments_channels_roles() -> None:
    interaction = decode_interaction(data.resolved_objects())
    assert isinstance(interaction, CommandInteraction)
    resolved = interaction.resolved
    assert resolved is not None
    options = {option.name: option for option in interaction.leaf_options}
    assert options["file"].type is OptionType.ATTACHMENT
    attachment = resolved.attachments[int(str(options["file"].value))]
    assert isinstance(attachment, Attachment)
    assert attachment.filename == "report.png"
    assert attachment.size == 12345
    assert attachment.content_type == "image/png"
    assert (attachment.width, attachment.height) == (640, 480)
    assert attachment.ephemeral is True
    assert attachment.description == "a screenshot"
    assert attachment.url.endswith("/report.png")
    assert attachment.proxy_url.startswith("https://media.discordapp.net/")
    thread = resolved.channels[int(data.THREAD_ID)]
    assert isinstance(thread, PublicThread)
    assert isinstance(thread, GuildThread)
    assert thread.parent_id == int(data.CHANNEL_ID)
    assert thread.locked is True
    assert thread.archived is False
    assert thread.auto_archive_duration == 1440
    assert thread.guild_id == int(data.GUILD_ID)
    role = resolved.roles[int(data.ROLE_ID)]
    assert role.name == "Moderator"
    assert role.hoist is True
    assert role.permissions == Permissions.ADMINISTRATOR
    assert options["who"].type is OptionType.MENTIONABLE
    assert resolved.get_mentionable(options["who"].value) is role
    assert resolved.get_mentionable("not an id") is None
    assert repr(resolved) == "ResolvedData(roles=1, channels=1, attachments=1)"


def test_user_installed_app_in_group_dm() -> None:
    interaction = decode_interaction(data.user_install_dm())
    assert isinstance(interaction, CommandInteraction)
    assert interaction.context is InteractionContextType.PRIVATE_CHANNEL
    assert interaction.authorizing_integration_owners == {
        ApplicationIntegrationType.USER_INSTALL: int(data.USER_ID)
    }
    assert interaction.is_user_install and not interaction.is_guild_install
    assert interaction.guild_id is None
    assert interaction.member is None
    assert interaction.user.id == int(data.USER_ID)
    assert interaction.user.global_name == "Kagari_User"
    assert interaction.locale is Locale.PORTUGUESE_BRAZIL
    assert interaction.guild_locale is None
    assert interaction.app_permissions == Permissions.USE_APPLICATION_COMMANDS
    channel = interaction.channel
    assert isinstance(channel, GroupDMChannel)
    assert channel.owner_id == int(data.TARGET_USER_ID)
    assert [user.username for user in channel.recipients] == ["target"]
    assert channel.guild_id is None
    assert channel.jump_url == f"https://discord.com/channels/@me/{data.DM_CHANNEL_ID}"
    assert interaction.attachment_size_limit == 8388608


def test_modal_with_checkbox_group_radio_and_upload() -> None:
    interaction = decode_interaction(data.modal_inputs())
    assert isinstance(interaction, ModalInteraction)
    assert interaction.custom_id == "survey:7"
    fields = interaction.fields
    assert list(fields) == [
        "like_checkbox",
        "event_checkbox",
        "class_radio",
        "file_upload",
        "unticked",
        "legacy_text",
    ]
    assert all(isinstance(field, ModalField) for field in fields.values())
    assert fields["like_checkbox"].type is ComponentType.CHECKBOX
    assert fields["like_checkbox"].checked is True
    assert fields["like_checkbox"].value is None
    assert fields["unticked"].checked is False
    assert fields["event_checkbox"].type is ComponentType.CHECKBOX_GROUP
    assert fields["event_checkbox"].values == ["march-4", "march-9"]
    assert fields["event_checkbox"].checked is None
    assert fields["class_radio"].type is ComponentType.RADIO_GROUP
    assert fields["class_radio"].value == "bard"
    upload = fields["file_upload"]
    assert upload.type is ComponentType.FILE_UPLOAD
    assert upload.values == [data.UPLOAD_ID]
    [attachment] = upload.selected_attachments
    assert attachment.filename == "bug.png"
    assert attachment.size == 2048
    assert fields["legacy_text"].value == "old style"
    assert interaction.components[0].type is ComponentType.TEXT_DISPLAY
    assert interaction.components[0].children == []
    assert "custom_id='class_radio'" in repr(fields["class_radio"])


def test_entitlements() -> None:
    interaction = decode_interaction(data.with_entitlements())
    active, consumed = interaction.entitlements
    assert active.id == int(data.ENTITLEMENT_ID)
    assert active.sku_id == int(data.SKU_ID)
    assert active.application_id == int(data.APP_ID)
    assert active.user_id == int(data.USER_ID)
    assert active.guild_id is None
    assert active.type is EntitlementType.APPLICATION_SUBSCRIPTION
    assert active.starts_at == datetime.datetime(2024, 1, 1, tzinfo=UTC)
    assert active.ends_at == datetime.datetime(2099, 1, 1, tzinfo=UTC)
    assert active.deleted is False
    assert active.is_active(datetime.datetime(2025, 1, 1, tzinfo=UTC))
    assert not active.is_active(datetime.datetime(2023, 1, 1, tzinfo=UTC))
    assert not active.is_active(datetime.datetime(2100, 1, 1, tzinfo=UTC))
    assert consumed.type is EntitlementType.PURCHASE
    assert consumed.consumed is True
    assert consumed.starts_at is None
    assert not consumed.is_active()


def test_nested_autocomplete_focus() -> None:
    interaction = decode_interaction(data.nested_autocomplete())
    assert isinstance(interaction, AutocompleteInteraction)
    assert interaction.subcommand_path == ("queue", "add")
    focused = interaction.focused_option
    assert focused is not None
    assert (focused.name, focused.value) == ("song", "never gon")
    assert interaction.get_option("position") is not None
    assert "focused_option=CommandOption(name='song'" in repr(interaction)


def test_channel_select_on_v2_message() -> None:
    interaction = decode_interaction(data.channel_select_v2())
    assert isinstance(interaction, ComponentInteraction)
    assert interaction.component_type is ComponentType.CHANNEL_SELECT
    assert interaction.component_id == 4
    general, thread = interaction.selected_channels
    assert isinstance(general, GuildTextChannel)
    assert isinstance(thread, NewsThread)
    assert thread.archived is True
    message = interaction.message
    assert message is not None
    assert MessageFlags.IS_COMPONENTS_V2 in message.flags
    assert MessageFlags.EPHEMERAL in message.flags
    assert message.author.bot is True
    assert message.components[0]["type"] == ComponentType.CONTAINER


# ---------------------------------------------------------------- behaviour


class CountingDict(dict[str, Any]):
    """A dict that records which keys models read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reads: list[str] = []

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self.reads.append(key)
        return super().get(key, default)


def test_decoding_is_lazy_and_cached() -> None:
    payload = CountingDict(data.subcommand_group())
    interaction = decode_interaction(payload)
    assert payload.reads == ["type"]  # picking the class reads nothing else
    assert interaction.id == int(data.INTERACTION_ID)
    assert interaction.token
    assert payload.reads == ["type", "id", "token"]
    first = interaction.member
    assert interaction.member is first  # decoded once, then cached
    assert payload.reads.count("member") == 1


def test_repr_shows_fields_not_the_whole_dict() -> None:
    interaction = decode_interaction(data.subcommand_group())
    text = repr(interaction)
    assert text == (
        f"CommandInteraction(id=Snowflake({data.INTERACTION_ID}), command_name='mod', "
        "subcommand_path=('admin', 'purge'))"
    )
    assert "aW50ZXJhY3Rpb24tdG9rZW4" not in text
    assert repr(interaction.user) == f"User(id=Snowflake({data.USER_ID}), username='kagari_user')"


def test_decode_interaction_rejects_non_dicts() -> None:
    with pytest.raises(TypeError, match="payload must be a dict"):
        decode_interaction([1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", [0, 6, 99, "2", None, True, 2.0])
def test_unknown_or_odd_types_give_a_plain_interaction(kind: Any) -> None:
    interaction = decode_interaction({"type": kind, "id": "5"})
    assert type(interaction) is PartialInteraction
    assert interaction.id == 5


def test_unknown_enum_values_stay_plain_values() -> None:
    payload = data.subcommand_group()
    payload["context"] = 9
    payload["locale"] = "tlh"
    payload["authorizing_integration_owners"] = {"7": "42"}
    payload["data"]["type"] = 77
    payload["data"]["options"][0]["type"] = 55
    interaction = decode_interaction(payload)
    assert isinstance(interaction, CommandInteraction)
    assert interaction.context == 9 and type(interaction.context) is int
    assert interaction.locale == "tlh" and type(interaction.locale) is str
    assert interaction.authorizing_integration_owners == {7: Snowflake(42)}
    assert interaction.command_type == 77
    assert interaction.options[0].type == 55
    assert interaction.subcommand_path == ()  # an unknown option type is not a subcommand
    assert try_enum(InteractionType, 3) is InteractionType.MESSAGE_COMPONENT
    assert try_enum(InteractionType, 42) == 42


def test_unknown_permission_bits_are_kept() -> None:
    raw = str((1 << 60) | int(Permissions.ADMINISTRATOR))
    permissions = Permissions.from_raw(raw)
    assert permissions is not None
    assert int(permissions) == int(raw)
    assert Permissions.ADMINISTRATOR in permissions
    assert permissions.has(Permissions.ADMINISTRATOR)
    assert not permissions.has(Permissions.ADMINISTRATOR, Permissions.KICK_MEMBERS)
    assert Permissions.from_raw("nope") is None
    assert Permissions.from_raw(True) is None
    assert Permissions.from_raw(8) is Permissions.ADMINISTRATOR
    assert Permissions.BYPASS_SLOWMODE == 1 << 52


def test_missing_required_fields_use_documented_defaults() -> None:
    interaction = decode_interaction({"type": 5})
    assert isinstance(interaction, ModalInteraction)
    assert interaction.id == Snowflake(0)
    assert interaction.application_id == Snowflake(0)
    assert interaction.token == ""
    assert interaction.version == 1
    assert interaction.custom_id == ""
    assert interaction.fields == {}
    assert interaction.resolved is None
    assert interaction.user.username == ""
    command = decode_interaction({"type": 2, "data": {"options": [{"value": 1}]}})
    assert isinstance(command, CommandInteraction)
    assert command.command_name == ""
    assert command.command_type is CommandType.CHAT_INPUT
    assert command.options[0].name == ""
    assert command.options[0].type == 0


def test_snowflake() -> None:
    snowflake = Snowflake(175928847299117063)
    assert str(snowflake) == "175928847299117063"
    assert repr(snowflake) == "Snowflake(175928847299117063)"
    assert f"{snowflake}" == "175928847299117063"
    assert snowflake.created_at == datetime.datetime(2016, 4, 30, 11, 18, 25, 796000, tzinfo=UTC)
    assert (snowflake.worker_id, snowflake.process_id, snowflake.increment) == (1, 0, 7)
    assert hash(snowflake) == hash(175928847299117063)
    when = datetime.datetime(2024, 2, 3, 4, 5, 6, 789000, tzinfo=UTC)
    assert Snowflake.from_datetime(when).created_at == when
    assert Snowflake.from_datetime(when.replace(tzinfo=None)) == Snowflake.from_datetime(when)
    assert Snowflake.from_datetime(datetime.datetime(2015, 1, 1, tzinfo=UTC)) == 0
    with pytest.raises(ValueError, match="Discord's epoch"):
        Snowflake.from_datetime(datetime.datetime(2014, 12, 31, tzinfo=UTC))


def test_avatar_urls() -> None:
    legacy = User({"id": "80351110224678912", "discriminator": "1337", "avatar": None})
    assert legacy.avatar_url == "https://cdn.discordapp.com/embed/avatars/2.png"
    modern = User({"id": "80351110224678912", "discriminator": "0"})
    index = (80351110224678912 >> 22) % 6
    assert modern.avatar_url == f"https://cdn.discordapp.com/embed/avatars/{index}.png"
    static = User({"id": "1", "avatar": "abc"})
    assert static.avatar_url == "https://cdn.discordapp.com/avatars/1/abc.png"
    no_guild = Member({"user": {"id": "1", "avatar": "abc"}, "avatar": "def"})
    assert no_guild.avatar_url == static.avatar_url


CHANNEL_CLASSES: dict[int, type[PartialChannel]] = {
    0: GuildTextChannel,
    1: DMChannel,
    2: GuildVoiceChannel,
    3: GroupDMChannel,
    4: GuildCategory,
    5: GuildNewsChannel,
    10: NewsThread,
    11: PublicThread,
    12: PrivateThread,
    13: GuildStageChannel,
    14: GuildDirectoryChannel,
    15: GuildForumChannel,
    16: GuildMediaChannel,
}


@pytest.mark.parametrize(("kind", "cls"), sorted(CHANNEL_CLASSES.items()))
def test_channel_decoder_picks_the_class_of_each_type(kind: int, cls: type[PartialChannel]) -> None:
    channel = decode_channel({"id": "9", "type": kind})
    assert type(channel) is cls
    assert kind in cls.channel_types
    assert channel.type is ChannelType(kind)


def test_channel_types_of_the_classes() -> None:
    assert PartialChannel.channel_types == ()
    assert GuildThread.channel_types == (10, 11, 12)
    assert set(ChannelType) == {
        ChannelType(kind) for cls in CHANNEL_CLASSES.values() for kind in cls.channel_types
    }
    unknown = decode_channel({"id": "9", "type": 99, "name": "future"})
    assert type(unknown) is PartialChannel
    assert unknown.type == 99
    voice = decode_channel({"type": 2, "bitrate": 64000, "user_limit": 5, "rtc_region": None})
    assert isinstance(voice, GuildVoiceChannel)
    assert (voice.bitrate, voice.user_limit, voice.rtc_region) == (64000, 5, None)
    forum = decode_channel({"type": 15, "available_tags": [{"id": "1", "name": "bug"}, "x"]})
    assert isinstance(forum, GuildForumChannel)
    assert forum.available_tags == [{"id": "1", "name": "bug"}]


def test_emoji_mentions() -> None:
    assert Emoji({"id": None, "name": "🔥"}).mention == "🔥"
    assert Emoji({"id": None, "name": "🔥"}).url is None
    animated = Emoji({"id": "12", "name": "dance", "animated": True})
    assert animated.mention == "<a:dance:12>"
    assert animated.url == "https://cdn.discordapp.com/emojis/12.gif"


def test_timestamps_in_any_precision() -> None:
    member = Member({"joined_at": "2024-01-02T03:04:05.1Z", "premium_since": "garbage"})
    assert member.joined_at == datetime.datetime(2024, 1, 2, 3, 4, 5, 100000, tzinfo=UTC)
    assert member.premium_since is None
    message = Message({"timestamp": "2024-01-02T03:04:05+0530", "edited_timestamp": 5})
    assert message.timestamp == datetime.datetime(
        2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    )
    assert message.edited_timestamp is None


def test_locale_is_a_str_enum() -> None:
    assert Locale("en-US") is Locale.ENGLISH_US
    assert Locale.ENGLISH_US == "en-US"
    assert str(Locale.SPANISH_LATAM) == "es-419"
    assert len(Locale) == 34
