"""A modal form: the command opens it, the submit handler receives each field.

python examples/modal_form.py
"""

from __future__ import annotations

import kagari

bot = kagari.Bot()


@bot.command
async def feedback(ctx: kagari.Context) -> kagari.Modal:
    """Send feedback to the team."""
    return kagari.Modal(
        "Feedback",
        custom_id="feedback:general",
        components=[
            kagari.TextInput("Title", custom_id="title", max_length=80),
            kagari.TextInput("Details", custom_id="body", style="paragraph", required=False),
        ],
    )


@bot.modal("feedback:{topic}")
async def on_feedback(
    ctx: kagari.Context, topic: str, title: str, body: str = ""
) -> kagari.Message:
    summary = f"thanks for '{title}' ({topic})"
    if body:
        summary += f": {len(body)} characters of details"
    return kagari.Message(summary, ephemeral=True)


if __name__ == "__main__":
    bot.run(port=8080)
