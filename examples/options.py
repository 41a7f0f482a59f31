"""Options from annotations: types, choices, ranges, defaults and descriptions.

python examples/options.py
"""

from __future__ import annotations

import enum
from typing import Annotated, Literal

import kagari
from kagari import Option

bot = kagari.Bot()


class Size(enum.Enum):
    """Enum members become choices; the value is what Discord sends."""

    SMALL = "small"
    LARGE = "large"


@bot.command
async def greet(
    ctx: kagari.Context,
    who: kagari.User,
    style: Literal["short", "long"] = "short",
    times: Annotated[int, Option("How often", min_value=1, max_value=5)] = 1,
) -> str:
    """Greet someone.

    Args:
        who: The person to greet.
        style: How much to say.
    """
    greeting = "Hi" if style == "short" else "Hello there, and welcome"
    return " ".join([f"{greeting} {who.mention}!"] * times)


@bot.command
async def coffee(
    ctx: kagari.Context,
    size: Size,
    shots: Annotated[float, Option("Espresso shots", min_value=0.5, max_value=4)] = 1.0,
    note: Annotated[str | None, Option("Anything else?", max_length=100)] = None,
) -> kagari.Message:
    """Order a coffee."""
    text = f"one {size.value} coffee with {shots:g} shot(s)"
    if note:
        text += f" ({note})"
    return kagari.Message(text, ephemeral=True)


if __name__ == "__main__":
    bot.run(port=8080)
