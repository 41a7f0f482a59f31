"""``kagari invite [TARGET]``: print the URL that installs the application.

An HTTP-interactions bot needs only the ``applications.commands`` scope for its commands;
``--bot`` adds the ``bot`` scope (a bot user in the server, with ``--permissions``), which
only a guild install can have. The integration types (guild install, user install) come
from ``--install``, else from the commands' ``integration_types``, else from the
application's installation settings.
"""

from __future__ import annotations

import argparse
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

from kagari.cli.common import CLIError, info, run_async, warn
from kagari.cli.discord_client import client_from_env
from kagari.cli.rest_options import add_rest_options, apply_rest_options, explain_rest_error
from kagari.cli.schema import command_payloads
from kagari.cli.send import parse_permissions
from kagari.cli.target import load_bot
from kagari.rest import RESTClient, RESTError

__all__ = ["AUTHORIZE_URL", "GUILD_INSTALL", "USER_INSTALL", "add_parser", "install_url", "run"]

AUTHORIZE_URL = "https://discord.com/oauth2/authorize"
"""Discord's OAuth2 authorization page, which installs an application."""
GUILD_INSTALL = 0
"""``integration_type`` of an install to a server."""
USER_INSTALL = 1
"""``integration_type`` of an install to a user's account."""
_INSTALLS = {"guild": GUILD_INSTALL, "user": USER_INSTALL}
_LABELS = {GUILD_INSTALL: "add to a server", USER_INSTALL: "add to a user's account"}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``invite``."""
    parser = subparsers.add_parser(
        "invite",
        help="print the install URL (scopes and integration types) of the application",
        description=(
            "Print the URL that installs the application: one line per integration type "
            "(guild install, user install). The application id is --application-id, or "
            "is fetched with the bot's token (the TARGET's, else DISCORD_TOKEN)."
        ),
    )
    parser.add_argument(
        "target", nargs="?", help="the bot (module:attr, file.py): its commands and token"
    )
    parser.add_argument(
        "--application-id", type=_snowflake, metavar="ID", help="skip the API lookup"
    )
    parser.add_argument(
        "--install",
        action="append",
        choices=sorted(_INSTALLS),
        help="guild and/or user (repeatable; default: what the commands or the app use)",
    )
    parser.add_argument(
        "--bot",
        action="store_true",
        help="also ask for the bot scope (a bot user in the server; guild install only)",
    )
    parser.add_argument(
        "--permissions",
        metavar="PERMS",
        help="with --bot: the bot user's permissions (a number or names: "
        "send_messages,embed_links)",
    )
    parser.add_argument("--guild", type=_snowflake, metavar="ID", help="preselect this server")
    add_rest_options(parser)
    parser.set_defaults(func=run)


def _snowflake(text: str) -> str:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (digits only)")
    return text


def install_url(
    application_id: str,
    integration_type: int,
    *,
    bot: bool = False,
    permissions: str | None = None,
    guild_id: str | None = None,
) -> str:
    """The authorization URL that installs the application one way.

    Args:
        application_id: The application's (client) id.
        integration_type: :data:`GUILD_INSTALL` or :data:`USER_INSTALL`.
        bot: Ask for the ``bot`` scope too (ignored for a user install, which cannot).
        permissions: The bot user's permissions as a decimal string (with ``bot``).
        guild_id: Preselect this server (guild install only).
    """
    guild = integration_type == GUILD_INSTALL
    scopes = ["bot", "applications.commands"] if bot and guild else ["applications.commands"]
    query: dict[str, str] = {"client_id": application_id, "scope": " ".join(scopes)}
    if bot and guild and permissions is not None:
        query["permissions"] = permissions
    query["integration_type"] = str(integration_type)
    if guild and guild_id is not None:
        query["guild_id"] = guild_id
        query["disable_guild_select"] = "true"
    return f"{AUTHORIZE_URL}?{urllib.parse.urlencode(query, quote_via=urllib.parse.quote)}"


def _declared_installs(payloads: Mapping[int | None, list[dict[str, Any]]]) -> set[int]:
    found: set[int] = set()
    for commands in payloads.values():
        for command in commands:
            found.update(int(kind) for kind in command.get("integration_types") or ())
    return found


def _enabled_installs(application: Mapping[str, Any] | None) -> set[int] | None:
    if application is None or not isinstance(application.get("integration_types_config"), dict):
        return None
    return {int(key) for key in application["integration_types_config"] if str(key).isdigit()}


def run(args: argparse.Namespace) -> int:
    """Print one install URL per integration type; exit 0."""
    if args.permissions is not None and not args.bot:
        raise CLIError(
            "--permissions applies to the bot user: add --bot",
            hint="commands need no permissions of their own; leave both out for a "
            "commands-only install",
            exit_code=2,
        )
    permissions = None if args.permissions is None else parse_permissions(args.permissions)
    declared: set[int] = set()
    rest: RESTClient | None = None
    if args.target is not None:
        bot = load_bot(args.target)
        declared = _declared_installs(command_payloads(bot, args.target))
        apply_rest_options(bot, args)
        if bot.rest.token_type is not None:
            rest = bot.rest
    application: Mapping[str, Any] | None = None
    application_id = args.application_id
    if application_id is None:
        application = run_async(_fetch(rest or client_from_env(args)))
        application_id = str(application["id"])
    installs = _choose(args.install, declared, _enabled_installs(application))
    if args.bot and installs == {USER_INSTALL}:
        warn("--bot has no effect on a user install: only a server can have a bot user")
    for kind in sorted(installs):
        info(f"{'guild' if kind == GUILD_INSTALL else 'user'} install ({_LABELS[kind]}):")
        print(
            install_url(
                application_id, kind, bot=args.bot, permissions=permissions, guild_id=args.guild
            )
        )
    return 0


def _choose(asked: Iterable[str] | None, declared: set[int], enabled: set[int] | None) -> set[int]:
    if asked:
        chosen = {_INSTALLS[name] for name in asked}
    elif declared:
        chosen = declared
    elif enabled:
        chosen = enabled
    else:
        chosen = {GUILD_INSTALL}
    if enabled is not None:
        for kind in sorted(chosen - enabled):
            name = "guild" if kind == GUILD_INSTALL else "user"
            warn(
                f"the application does not enable {name} install, so Discord refuses this "
                "URL: turn it on in the Developer Portal (Installation > Installation "
                "Contexts)"
            )
    return chosen


async def _fetch(rest: RESTClient) -> Mapping[str, Any]:
    try:
        return await rest.fetch_application()
    except RESTError as error:
        raise explain_rest_error(error, rest.rest_url) from error
    finally:
        await rest.close()
