"""A long task: defer at once, then edit the answer and send a follow-up.

    python examples/long_task.py

Discord waits three seconds for the first answer. The first yield of an async
generator handler is that answer; the rest runs after it has been sent.
"""

from __future__ import annotations

import asyncio

import kagari

bot = kagari.Bot()


async def build_report(days: int) -> str:
    await asyncio.sleep(0.2 * days)  # stands in for a slow database query
    return f"report for the last {days} day(s): all good"


@bot.command
async def report(ctx: kagari.Context, days: int = 1):  # type: ignore[no-untyped-def]
    """Build a report (takes a while)."""
    yield kagari.Defer(ephemeral=True)
    text = await build_report(days)
    await ctx.edit(text)
    await ctx.followup("done", ephemeral=True)


if __name__ == "__main__":
    bot.run(port=8080)
