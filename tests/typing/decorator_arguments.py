"""Decorators take their keywords as ``**options: Unpack[...]``: mypy checks each one.

Each line with an "E" comment must be an error and no other line may be; the ``reveal_type``
lines show that every keyword is still spelled out to type checkers and IDEs.
"""

from __future__ import annotations

from typing_extensions import reveal_type

import kagari
from kagari.app import Blueprint, Bot, Context, guild_only

bot = Bot("token", public_key="00" * 32)
tools = Blueprint(
    "tools",
    guild_ids=[1],
    default_member_permissions=0,
    nsfw=False,
    contexts=[kagari.InteractionContextType.GUILD],
    integration_types=[0],
    checks=[guild_only],
    auto_defer="ephemeral",
)
admin = bot.group(
    "admin",
    "Admin tools",
    guild_ids=[1, 2],
    default_member_permissions=8,
    nsfw=True,
    contexts=[0],
    integration_types=[kagari.ApplicationIntegrationType.GUILD_INSTALL],
    name_localizations={"fr": "administration"},
    description_localizations={"fr": "Outils"},
    checks=[guild_only],
    auto_defer=False,
)
users = admin.group("users", name_localizations={"fr": "membres"}, auto_defer=True)


@bot.command(
    name="greet",
    description="Greet someone",
    guild_ids=[1],
    default_member_permissions=None,
    nsfw=None,
    contexts=None,
    integration_types=None,
    name_localizations={"fr": "saluer"},
    description_localizations={"fr": "Saluer quelqu'un"},
    checks=[guild_only],
    auto_defer="ephemeral",
)
async def greet(ctx: Context, who: kagari.User) -> str:
    return who.mention


@users.command(name="ban", description="Ban", checks=[], auto_defer=None)
async def ban(ctx: Context, who: kagari.User) -> str:
    return who.mention


@bot.user_command("Show avatar", guild_ids=[1], name_localizations={"fr": "Avatar"})
async def avatar(ctx: Context, user: kagari.User) -> str:
    return user.avatar_url


@bot.component("vote:{choice}", checks=[guild_only], auto_defer=False)
async def vote(ctx: Context, choice: str) -> kagari.Update:
    return kagari.Update(content=choice)


@bot.command(nmae="hello")  # E: no such keyword
async def hello(ctx: Context) -> str:
    return "hi"


@bot.command(name=3)  # E: name is a str
async def three(ctx: Context) -> str:
    return "3"


@admin.command(guild_ids=[1])  # E: a subcommand has no guild_ids
async def sub(ctx: Context) -> str:
    return "sub"


wrong_group = bot.group("g", nsfw="yes")  # E: nsfw is a bool
menu_description = bot.message_command("Quote", description="x")  # E: menus have none
wrong_route = bot.modal("form", auto_defer="later")  # E: not an auto_defer setting
wrong_blueprint = Blueprint("b", guild_ids="1")  # E: guild_ids is a list of ints

reveal_type(Bot)
reveal_type(bot.command)
reveal_type(bot.group)
reveal_type(bot.user_command)
reveal_type(admin.command)
reveal_type(admin.group)
reveal_type(bot.component)
reveal_type(Blueprint)
