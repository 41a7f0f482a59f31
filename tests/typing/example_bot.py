"""A typed example bot: must pass ``mypy --strict`` (checked by tests/test_app_typing.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Literal

from typing_extensions import reveal_type

import kagari
from kagari.app import Blueprint, Bot, Context, Option, cooldown, guild_only

bot = Bot("token", public_key="00" * 32)
admin = bot.group("admin", "Admin tools")
tools = Blueprint("tools")


@bot.command
async def greet(
    ctx: Context,
    who: kagari.User,
    style: Literal["short", "long"] = "short",
    times: Annotated[int, Option("How often", min_value=1, max_value=5)] = 1,
) -> str:
    """Greet someone."""
    return f"Hello {who.mention}! " * times


@admin.command(name="purge", checks=[guild_only])
@cooldown(1, 5.0)
async def purge(ctx: Context, count: int) -> kagari.Message:
    """Delete messages."""
    return kagari.Message(f"purged {count}", ephemeral=True)


@bot.component("vote:{poll_id:int}:{choice}")
async def vote(ctx: Context, poll_id: int, choice: str) -> kagari.Update:
    return kagari.Update(content=f"{choice} on {poll_id}")


@bot.modal("feedback:{topic}")
async def on_feedback(ctx: Context, topic: str, title: str, body: str = "") -> kagari.Message:
    return kagari.Message(f"thanks for {title!r} ({topic})", ephemeral=True)


@greet.autocomplete("style")
async def complete_style(ctx: Context, value: str) -> list[str]:
    return [value]


@bot.user_command("Show avatar")
async def avatar(ctx: Context, user: kagari.User) -> str:
    return user.avatar_url


@tools.command
async def report(ctx: Context) -> AsyncIterator[kagari.Defer]:
    yield kagari.Defer(ephemeral=True)
    await ctx.edit("done")


@bot.error_handler(PermissionError)
async def denied(ctx: Context, error: PermissionError) -> kagari.Message:
    return kagari.Message("not allowed", ephemeral=True)


bot.register(tools)
custom_id: str = vote.custom_id(poll_id=42, choice="yes")

reveal_type(greet)
reveal_type(purge)
reveal_type(vote)
reveal_type(on_feedback)
reveal_type(avatar)
reveal_type(report)
reveal_type(complete_style)
reveal_type(denied)
