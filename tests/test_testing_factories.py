"""Factories build real kagari models from payloads shaped like Discord's."""

from __future__ import annotations

import datetime

import pytest

import kagari
from kagari.models import (
    ChannelType,
    DMChannel,
    GuildTextChannel,
    GuildVoiceChannel,
    Member,
    Message,
    Permissions,
    Role,
    Snowflake,
    User,
)
from kagari.testing.factories import (
    DEFAULT_MEMBER_PERMISSIONS,
    make_attachment,
    make_channel,
    make_entitlement,
    make_guild,
    make_member,
    make_message,
    make_role,
    make_user,
    raw_of,
    snowflake,
)


def test_snowflakes_are_fresh_increasing_and_dated_now() -> None:
    ids = [int(snowflake()) for _ in range(5000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    created = Snowflake(ids[-1]).created_at
    assert abs((datetime.datetime.now(datetime.timezone.utc) - created).total_seconds()) < 60


def test_make_user() -> None:
    user = make_user(80351110224678912, username="nelly", global_name="Nelly", bot=True)
    assert isinstance(user, User)
    assert int(user.id) == 80351110224678912
    assert (user.username, user.global_name, user.bot) == ("nelly", "Nelly", True)
    assert user.mention == "<@80351110224678912>"
    assert make_user().id != make_user().id
    assert make_user(banner="abc").raw["banner"] == "abc"


@pytest.mark.parametrize("bad", ["abc", -1, 0, "12a", "-5"])
def test_bad_ids_are_refused_naming_the_field(bad: object) -> None:
    with pytest.raises(ValueError, match="id: expected a positive snowflake"):
        make_user(bad)  # type: ignore[arg-type]


def test_ids_wider_than_64_bits_are_ids_too() -> None:
    # Discord's ids are decimal strings of any length (its file-upload example: 21 digits).
    assert make_user("111111111111111111111").id == 111111111111111111111
    assert make_user(1 << 64).raw["id"] == str(1 << 64)


def test_id_of_wrong_type_is_refused() -> None:
    with pytest.raises(TypeError, match="id: expected an int or a decimal string"):
        make_role(1.5)  # type: ignore[arg-type]


def test_make_member() -> None:
    role = make_role(name="mods")
    member = make_member(username="kit", nick="Kitty", roles=[role, 5], guild_id=99)
    assert isinstance(member, Member)
    assert member.user.username == "kit"
    assert member.nick == "Kitty"
    assert [int(r) for r in member.roles] == [int(role.id), 5]
    assert member.permissions == DEFAULT_MEMBER_PERMISSIONS
    assert member.guild_id == 99
    admin = make_member(permissions=Permissions.ADMINISTRATOR)
    assert admin.permissions is not None and admin.permissions.has(Permissions.ADMINISTRATOR)
    user = make_user(username="same")
    assert make_member(user).id == user.id
    with pytest.raises(ValueError, match="either user= or id="):
        make_member(user, id=5)


def test_make_role_and_guild() -> None:
    role = make_role(7, name="red", color=0xFF0000, permissions=Permissions.KICK_MEMBERS)
    assert isinstance(role, Role)
    assert (role.name, role.color, role.mention) == ("red", 0xFF0000, "<@&7>")
    assert role.permissions == Permissions.KICK_MEMBERS
    guild = make_guild(5, locale="ja", features=["COMMUNITY"])
    assert (int(guild.id), guild.locale, guild.features) == (
        5,
        kagari.Locale.JAPANESE,
        ["COMMUNITY"],
    )


def test_make_channel_kinds() -> None:
    text = make_channel(name="general", guild_id=1, topic="hi")
    assert isinstance(text, GuildTextChannel)
    assert text.raw["name"] == "general" and text.raw["guild_id"] == "1"
    voice = make_channel(type=ChannelType.GUILD_VOICE)
    assert isinstance(voice, GuildVoiceChannel)
    friend = make_user(username="friend")
    dm = make_channel(type=ChannelType.DM, recipients=[friend])
    assert isinstance(dm, DMChannel)
    assert "name" not in dm.raw and dm.raw["recipients"][0]["username"] == "friend"
    assert make_channel(permissions=Permissions.VIEW_CHANNEL).raw["permissions"] == "1024"


def test_make_attachment() -> None:
    picture = make_attachment(filename="cat.png", data=b"12345", width=10, height=20)
    assert picture.content_type == "image/png"
    assert picture.size == 5
    assert (picture.width, picture.height) == (10, 20)
    assert picture.url.endswith("/cat.png")
    unknown = make_attachment(filename="blob")
    assert unknown.content_type == "application/octet-stream"
    assert unknown.size == 1024


def test_make_message_with_builders() -> None:
    author = make_member(username="writer")
    message = make_message(
        content="hello",
        author=author,
        components=[kagari.ActionRow(kagari.Button("Go", custom_id="go"))],
        embeds=[kagari.Embed(title="T")],
        attachments=[make_attachment(filename="a.txt")],
        flags=64,
        channel_id=3,
    )
    assert isinstance(message, Message)
    assert message.content == "hello"
    assert message.author.username == "writer"
    assert message.components[0]["components"][0]["custom_id"] == "go"
    assert message.embeds[0].title == "T"
    assert message.attachments[0].filename == "a.txt"
    assert int(message.flags) == 64 and int(message.channel_id) == 3
    with pytest.raises(TypeError, match="components: expected a builder"):
        make_message(components=[object()])


def test_make_entitlement() -> None:
    entitlement = make_entitlement(55, user_id=9)
    assert int(entitlement.sku_id) == 55 and entitlement.user_id == 9
    assert entitlement.is_active()


def test_raw_of_copies() -> None:
    member = make_member(username="orig")
    raw = raw_of(member)
    raw["user"]["username"] = "changed"
    assert member.user.username == "orig"
    assert raw_of({"a": [1]}) == {"a": [1]}
    with pytest.raises(TypeError, match="expected a kagari model or a dict"):
        raw_of(5)
