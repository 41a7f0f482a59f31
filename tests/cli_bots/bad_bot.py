"""The demo bot with one option name Discord refuses (over 32 characters).

kagari's own declaration checks would stop such a name, so the payload is altered after
they ran: this is how the CLI tests get a real 400 out of the fake Discord.
"""

from __future__ import annotations

from typing import Any

from demo_factory import create_bot

bot = create_bot()
_declared = bot.command_payloads


def _with_bad_option() -> dict[int | None, list[dict[str, Any]]]:
    payloads: dict[int | None, list[dict[str, Any]]] = _declared()
    for command in payloads[None]:
        if command["name"] == "echo":
            command["options"][1]["name"] = "t" * 40
    return payloads


bot.command_payloads = _with_bad_option
