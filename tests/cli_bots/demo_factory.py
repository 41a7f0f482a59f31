"""The bot the CLI tests serve: every interaction kind, and a variant switch for sync.

``KAGARI_TEST_VARIANT=2`` changes one description, adds an option and drops a command,
so that a sync has something to update, create and delete.
"""

from __future__ import annotations

import os
from typing import Any, Literal

import kagari
from kagari.app import Bot, Context

GUILD_ID = 900000000000000001


def create_bot(**kwargs: Any) -> Bot:
    """Build the bot; ``kwargs`` go to :class:`kagari.Bot` (``logs`` is INFO by default)."""
    kwargs.setdefault("logs", "INFO")
    variant = os.environ.get("KAGARI_TEST_VARIANT", "1")
    bot = Bot(**kwargs)

    @bot.command
    async def ping(ctx: Context) -> str:
        """Check that the bot is alive."""
        return "pong"

    if variant == "1":

        @bot.command
        async def echo(ctx: Context, text: str, times: int = 1) -> str:
            """Repeat some text."""
            return " ".join([text] * times)

    else:

        @bot.command
        async def echo(ctx: Context, text: str, times: int = 1, loud: bool = False) -> str:
            """Repeat some text, maybe loudly."""
            said = " ".join([text] * times)
            return said.upper() if loud else said

    if variant == "1":

        @bot.user_command("Wave at")
        async def wave(ctx: Context, user: kagari.User) -> str:
            return f"waved at {user.id}"

    @bot.command(guild_ids=[GUILD_ID])
    async def greet(
        ctx: Context, who: kagari.User, style: Literal["short", "long"] = "short"
    ) -> str:
        """Greet someone."""
        return f"hello {who.id} ({style})"

    admin = bot.group("admin", "Admin tools")

    @admin.command
    async def purge(ctx: Context, count: int) -> str:
        """Delete some messages."""
        return f"purged {count}"

    @bot.command
    async def search(ctx: Context, query: str) -> str:
        """Search the fruit basket."""
        return f"you picked {query}"

    @search.autocomplete("query")
    async def search_query(ctx: Context, value: str) -> list[str]:
        return [fruit for fruit in ("apple", "banana", "cherry") if fruit.startswith(value)]

    @bot.component("vote:{poll_id:int}:{choice}")
    async def vote(ctx: Context, poll_id: int, choice: str) -> kagari.Update:
        return kagari.Update(content=f"voted {choice} on {poll_id}")

    @bot.modal("feedback:{topic}")
    async def feedback(ctx: Context, topic: str, title: str, body: str = "") -> kagari.Message:
        return kagari.Message(f"thanks for {title!r} ({topic}): {body}", ephemeral=True)

    return bot
