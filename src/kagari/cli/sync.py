"""``kagari sync TARGET``: show the command plan and apply it."""

from __future__ import annotations

import argparse
import json
from typing import cast

from kagari.cli.common import CLIError, info, run_async
from kagari.cli.rest_options import (
    add_rest_options,
    apply_rest_options,
    explain_rest_error,
    require_token,
)
from kagari.cli.schema import command_payloads
from kagari.cli.target import load_bot
from kagari.rest import RESTError
from kagari.restbot import RESTBot
from kagari.sync import CommandSyncError, SyncPlan, SyncTarget, sync_commands

__all__ = ["EXIT_CHANGES", "add_parser", "run"]

EXIT_CHANGES = 2
"""Exit code of ``--check`` when Discord's commands differ from the bot's."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``sync``."""
    parser = subparsers.add_parser(
        "sync",
        help="compare the bot's commands with Discord's and upload the differences",
        description=(
            "Fetch the commands Discord has (globally and in each guild the bot's commands "
            "name), compare them with the bot's, print the plan (+ create, ~ update with "
            "the fields that differ, - delete) and upload one bulk overwrite per scope that "
            "differs. Running it again right after sends no write."
        ),
    )
    parser.add_argument("target", help="the bot: module:attr, file.py or file.py:attr")
    parser.add_argument(
        "--guild",
        action="append",
        type=_snowflake,
        metavar="ID",
        dest="guilds",
        help="sync only this guild (repeatable); the global scope is left alone unless "
        "--global is given too. A guild the bot has no commands for is emptied.",
    )
    parser.add_argument(
        "--global",
        action="store_true",
        dest="include_global",
        help="with --guild: sync the global commands as well",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the plan without changing anything"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"dry run that exits with {EXIT_CHANGES} when changes are pending (for CI)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the plan as JSON instead of text"
    )
    add_rest_options(parser)
    parser.set_defaults(func=run)


def _snowflake(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a guild id (digits only)")
    return int(text)


def run(args: argparse.Namespace) -> int:
    """Plan (and unless ``--dry-run``/``--check``, apply); exit 0, or 2 for ``--check``."""
    bot = load_bot(args.target)
    command_payloads(bot, args.target)  # readable errors before any network use
    apply_rest_options(bot, args)
    require_token(bot, args.target)
    dry_run = bool(args.dry_run or args.check)
    include_global = True if args.include_global else None
    plan = run_async(_sync(bot, args.guilds, dry_run, include_global))
    if args.json:
        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    else:
        print(plan)
        if plan.has_changes and not dry_run:
            info("Discord clients may need a refresh (Ctrl+R) to show changed commands")
    if args.check and plan.has_changes:
        return EXIT_CHANGES
    return 0


async def _sync(
    bot: RESTBot, guilds: list[int] | None, dry_run: bool, include_global: bool | None
) -> SyncPlan:
    try:
        # run() checked that the bot has command_payloads() (a kagari.Bot).
        return await sync_commands(
            cast("SyncTarget", bot),
            guild_ids=guilds,
            dry_run=dry_run,
            include_global=include_global,
        )
    except CommandSyncError as error:
        raise CLIError(
            str(error), hint="fix the declaration named above and run sync again"
        ) from error
    except RESTError as error:
        raise explain_rest_error(error, bot.rest.rest_url) from error
    finally:
        await bot.rest.close()
