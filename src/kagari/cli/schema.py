"""``kagari schema TARGET``: print the commands the bot would upload, as JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kagari.cli.common import CLIError
from kagari.cli.target import load_bot

__all__ = ["add_parser", "command_payloads", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``schema``."""
    parser = subparsers.add_parser(
        "schema",
        help="print the command schema JSON the bot would upload",
        description=(
            "Print the commands the bot declares, as the JSON Discord's bulk-overwrite "
            'endpoint takes: {"global": [...], "guilds": {"<guild id>": [...]}}. '
            "Nothing is sent anywhere; commit the output to review command changes or to "
            "check for drift in CI."
        ),
    )
    parser.add_argument("target", help="the bot: module:attr, file.py or file.py:attr")
    parser.add_argument(
        "--indent", type=int, default=2, help="JSON indentation (0 for one line; default 2)"
    )
    parser.set_defaults(func=run)


def command_payloads(bot: object, target: str) -> dict[int | None, list[dict[str, Any]]]:
    """The bot's ``command_payloads()``, with readable errors.

    Raises:
        CLIError: The bot declares no commands (a bare RESTBot) or a declaration is invalid.
    """
    method = getattr(bot, "command_payloads", None)
    if not callable(method):
        raise CLIError(
            f"{target} is a {type(bot).__name__} without declared commands",
            hint="schema and sync need a kagari.Bot with @bot.command handlers",
        )
    try:
        payloads: dict[int | None, list[dict[str, Any]]] = method()
    except (TypeError, ValueError) as error:
        raise CLIError(f"{target}: invalid command declarations: {error}") from error
    return payloads


def schema_document(payloads: dict[int | None, list[dict[str, Any]]]) -> dict[str, Any]:
    """``{"global": [...], "guilds": {"<id>": [...]}}`` from per-scope payloads."""
    guilds = {
        str(scope): commands
        for scope, commands in sorted(
            ((k, v) for k, v in payloads.items() if k is not None), key=lambda item: item[0]
        )
    }
    return {"global": payloads.get(None, []), "guilds": guilds}


def run(args: argparse.Namespace) -> int:
    """Print the schema; exit 0."""
    bot = load_bot(args.target)
    document = schema_document(command_payloads(bot, args.target))
    indent = args.indent if args.indent > 0 else None
    print(json.dumps(document, indent=indent, ensure_ascii=False))
    return 0
