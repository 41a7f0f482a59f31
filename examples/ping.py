"""The smallest bot: one slash command.

    python examples/ping.py

With no DISCORD_PUBLIC_KEY / DISCORD_TOKEN in the environment, the bot makes a
development key pair and prints the command that sends it a signed /ping.
"""

from __future__ import annotations

import kagari

bot = kagari.Bot()


@bot.command
async def ping(ctx: kagari.Context) -> str:
    """Check that the bot is alive."""
    return "pong"


if __name__ == "__main__":
    bot.run(port=8080)
