"""Calls that break the handlers' signatures: mypy must report each one."""

from __future__ import annotations

import kagari
from kagari.app import Bot, Context

bot = Bot("token", public_key="00" * 32)


@bot.command
async def purge(ctx: Context, count: int) -> kagari.Message:
    return kagari.Message(f"purged {count}")


@bot.component("vote:{poll_id:int}")
async def vote(ctx: Context, poll_id: int) -> kagari.Update:
    return kagari.Update(content=str(poll_id))


async def misuse(ctx: Context) -> str:
    await purge(ctx, "three")  # E: wrong argument type
    await vote(ctx, poll_id="7")  # E: wrong argument type
    text: str = await purge(ctx, 3)  # E: wrong return type
    return text
