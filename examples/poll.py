"""A poll with buttons, routed by typed custom_id patterns.

    python examples/poll.py

The state (poll id, choice) lives in the custom_id, so buttons keep working after a
restart.
"""

from __future__ import annotations

import kagari

bot = kagari.Bot()


@bot.component("vote:{poll_id:int}:{choice}")
async def vote(ctx: kagari.Context, poll_id: int, choice: str) -> kagari.Update:
    return kagari.Update(content=f"{ctx.user.username} voted {choice} on poll {poll_id}")


@bot.command
async def poll(ctx: kagari.Context, question: str) -> kagari.Message:
    """Ask a yes/no question."""
    poll_id = int(ctx.interaction.id) % 100_000
    return kagari.Message(
        question,
        components=[
            kagari.ActionRow(
                kagari.Button("Yes", custom_id=vote.custom_id(poll_id=poll_id, choice="yes")),
                kagari.Button(
                    "No", custom_id=vote.custom_id(poll_id=poll_id, choice="no"), style="danger"
                ),
            )
        ],
    )


if __name__ == "__main__":
    bot.run(port=8080)
