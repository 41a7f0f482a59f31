"""Autocomplete: suggestions while the user types.

python examples/autocomplete.py
"""

from __future__ import annotations

import kagari

bot = kagari.Bot()

FRUITS = ("apple", "apricot", "banana", "blueberry", "cherry", "grape", "mango", "melon")


@bot.command
async def search(ctx: kagari.Context, query: str) -> str:
    """Search the fruit basket."""
    return f"you picked {query}"


@search.autocomplete("query")
async def search_query(ctx: kagari.Context, value: str) -> list[str]:
    return [fruit for fruit in FRUITS if fruit.startswith(value.lower())][:25]


if __name__ == "__main__":
    bot.run(port=8080)
