"""Context menu commands: right-click a user or a message.

python examples/context_menus.py
"""

from __future__ import annotations

import kagari

bot = kagari.Bot()


@bot.user_command("Show avatar")
async def avatar(ctx: kagari.Context, user: kagari.User) -> str:
    return user.avatar_url


@bot.message_command("Bookmark")
async def bookmark(ctx: kagari.Context, message: kagari.PartialMessage) -> kagari.Message:
    return kagari.Message(f"saved message {message.id}", ephemeral=True)


if __name__ == "__main__":
    bot.run(port=8080)
