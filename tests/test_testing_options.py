"""The TestClient refuses what Discord would refuse: unknown commands and options, wrong
types, values out of range or not among the choices, missing required options, commands
used outside their scope or context."""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal

import pytest

import kagari
from kagari.app import Bot, Context, Option
from kagari.models import ChannelType, CommandInteraction
from kagari.testing._options import InvalidInteraction, find_command
from kagari.testing.client import TestClient
from kagari.testing.factories import make_channel, make_role, make_user

GUILD = 123456789012345678


class Size(enum.IntEnum):
    SMALL = 1
    LARGE = 2


def build_bot() -> Bot:
    bot = Bot(logs=None)

    @bot.command
    async def order(
        ctx: Context,
        item: Annotated[str, Option("What", min_length=2, max_length=10)],
        count: Annotated[int, Option("How many", min_value=1, max_value=5)] = 1,
        weight: float = 1.0,
        gift: bool = False,
        style: Literal["plain", "fancy"] = "plain",
        size: Size = Size.SMALL,
    ) -> str:
        """Order something."""
        return f"{count}x{item} {weight} {gift} {style} {int(size)}"

    @bot.command
    async def post(ctx: Context, where: kagari.GuildTextChannel, who: kagari.User) -> str:
        """Post somewhere."""
        return f"posted in {where.id} for {who.username}"

    @bot.command(guild_ids=[GUILD])
    async def local(ctx: Context) -> str:
        """Only in one guild."""
        return "local"

    @bot.command(contexts=[kagari.InteractionContextType.GUILD])
    async def guildonly(ctx: Context) -> str:
        """Not in DMs."""
        return "guild"

    tools = bot.group("tools", "Tools")

    @tools.command
    async def hammer(ctx: Context) -> str:
        """Hit."""
        return "bang"

    return bot


@pytest.fixture
def bot() -> Bot:
    return build_bot()


async def test_valid_options_pass_and_keep_their_types(bot: Bot) -> None:
    async with TestClient(bot) as client:
        result = await client.command(
            "order", item="tea", count=5, weight=2, gift=True, style="fancy", size=2
        )
    assert result.content == "5xtea 2.0 True fancy 2"
    sent = {option["name"]: option for option in result.interaction["data"]["options"]}
    assert [sent[name]["type"] for name in ("item", "count", "weight", "gift", "style")] == [
        3,
        4,
        10,
        5,
        3,
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"item": "tea", "colour": "red"}, "/order has no option 'colour'; its options are: item"),
        ({"item": 5}, "option 'item': expected STRING (str), got int 5"),
        ({"item": "tea", "count": "2"}, "option 'count': expected INTEGER (int), got str"),
        ({"item": "tea", "count": True}, "option 'count': expected INTEGER (int), got bool"),
        ({"item": "tea", "count": 2.5}, "option 'count': expected INTEGER (int), got float"),
        ({"item": "tea", "count": 0}, "option 'count': 0 is below the minimum 1"),
        ({"item": "tea", "count": 6}, "option 'count': 6 is above the maximum 5"),
        ({"item": "t"}, "option 'item': 1 characters, but the length must be between 2 and 10"),
        ({"item": "tea", "weight": "1"}, "option 'weight': expected NUMBER"),
        ({"item": "tea", "gift": 1}, "option 'gift': expected BOOLEAN (bool), got int"),
        ({"item": "tea", "style": "gaudy"}, "'gaudy' is not one of the choices: 'plain', 'fancy'"),
        ({"item": "tea", "size": 3}, "3 is not one of the choices: 1, 2"),
        ({"item": "tea", "weight": 2.0**60}, "outside Discord's range"),
        ({}, "/order is missing required option(s): item"),
    ],
)
async def test_bad_options_are_refused(bot: Bot, options: dict[str, Any], message: str) -> None:
    async with TestClient(bot) as client:
        with pytest.raises(InvalidInteraction) as raised:
            await client.command("order", **options)
        assert message in str(raised.value)
        assert not [r for r in client.fake.requests]  # nothing reached anyone


async def test_none_leaves_an_optional_option_out(bot: Bot) -> None:
    async with TestClient(bot) as client:
        result = await client.command("order", item="tea", count=None)
    assert [option["name"] for option in result.interaction["data"]["options"]] == ["item"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("odrer", "the bot has no slash command named 'odrer'; its slash commands are: "),
        (
            "tools",
            "/tools is a group and cannot be invoked itself; name a subcommand: tools hammer",
        ),
        ("tools saw", "/tools has no subcommand 'saw'; it has: tools hammer"),
        ("order now", "/order has no subcommands"),
        ("local", "registered only in guild(s) 123456789012345678"),
    ],
)
async def test_unknown_or_misplaced_commands_are_refused(bot: Bot, name: str, message: str) -> None:
    async with TestClient(bot) as client:
        with pytest.raises(InvalidInteraction) as raised:
            await client.command(name)
    assert message in str(raised.value)


async def test_guild_commands_work_in_their_guild(bot: Bot) -> None:
    async with TestClient(bot, guild_id=GUILD) as client:
        result = await client.command("local")
        assert result.content == "local"
        assert result.interaction["data"]["guild_id"] == str(GUILD)
        with pytest.raises(InvalidInteraction, match="a DM"):
            await client.using(guild_id=None).command("local")


async def test_contexts_are_respected(bot: Bot) -> None:
    async with TestClient(bot) as client:
        assert (await client.command("guildonly")).content == "guild"
        with pytest.raises(InvalidInteraction, match="cannot be used in the bot's DM"):
            await client.using(guild_id=None).command("guildonly")


async def test_channel_types_and_object_kinds(bot: Bot) -> None:
    async with TestClient(bot) as client:
        text = make_channel(name="news")
        result = await client.command("post", where=text, who=make_user(username="al"))
        assert result.content == f"posted in {text.id} for al"
        by_id = await client.command("post", where=42, who=43)
        assert by_id.content.startswith("posted in 42 for ")
        voice = make_channel(type=ChannelType.GUILD_VOICE)
        with pytest.raises(InvalidInteraction, match="a GUILD_VOICE channel is not allowed"):
            await client.command("post", where=voice, who=make_user())
        with pytest.raises(InvalidInteraction, match="expected USER"):
            await client.command("post", where=text, who=make_role())
        with pytest.raises(InvalidInteraction, match="expected a kagari model"):
            await client.command("post", where=text, who="alice")


async def test_context_menu_names_are_checked(bot: Bot) -> None:
    async with TestClient(bot) as client:
        with pytest.raises(InvalidInteraction, match="no user command named 'Avatar'"):
            await client.user_command("Avatar", make_user())
        with pytest.raises(InvalidInteraction, match="no message command named 'Pin'"):
            await client.message_command("Pin", 1)


async def test_check_options_false_sends_anything(bot: Bot) -> None:
    async with TestClient(bot, check_options=False, raise_for_status=False) as client:
        result = await client.command("nonexistent", whatever="x")
    assert result.status == 200  # the bot answers unknown commands itself


async def test_a_bot_without_schema_gets_types_from_values() -> None:
    seen: list[CommandInteraction] = []

    async def capture(interaction: CommandInteraction) -> kagari.Message:
        seen.append(interaction)
        return kagari.Message("ok")

    raw = kagari.RESTBot(None, logs=None)
    raw.set_listener(CommandInteraction, capture)
    async with TestClient(raw) as client:
        await client.command("a b c", text="x", n=1, f=0.5, flag=False)
        with pytest.raises(InvalidInteraction, match="cannot send a list"):
            await client.command("bad", value=[1])
    interaction = seen[0]
    assert interaction.full_command_name == "a b c"
    assert {o.name: int(o.type) for o in interaction.leaf_options} == {
        "text": 3,
        "n": 4,
        "f": 10,
        "flag": 5,
    }


def test_find_command_honours_dm_permission_and_contexts() -> None:
    schema: dict[int | None, list[dict[str, Any]]] = {
        None: [
            {"type": 1, "name": "old", "description": "d", "dm_permission": False},
            {"type": 1, "name": "dmonly", "description": "d", "contexts": [1]},
        ]
    }
    with pytest.raises(InvalidInteraction, match="'old' is disabled in DMs"):
        find_command(schema, 1, "old", None, 1)
    assert find_command(schema, 1, "old", 5, 0).top is not None
    with pytest.raises(InvalidInteraction, match="cannot be used in a guild; it allows: the bot"):
        find_command(schema, 1, "dmonly", 5, 0)


def test_guild_command_shadows_a_global_one() -> None:
    schema: dict[int | None, list[dict[str, Any]]] = {
        None: [{"type": 1, "name": "x", "description": "global"}],
        7: [{"type": 1, "name": "x", "description": "guild"}],
    }
    assert find_command(schema, 1, "x", 7, 0).scope == 7
    assert find_command(schema, 1, "x", 8, 0).scope is None
