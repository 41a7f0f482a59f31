"""Options shared by the subcommands that talk to Discord's REST API, and their errors."""

from __future__ import annotations

import argparse
import os

from kagari.cli.common import CLIError
from kagari.rest import (
    HTTPError,
    RateLimitTooLongError,
    RESTConnectionError,
    RESTError,
    RESTTimeoutError,
    UnauthorizedError,
)
from kagari.restbot import RESTBot

__all__ = [
    "add_rest_options",
    "apply_rest_options",
    "explain_rest_error",
    "require_token",
    "rest_url",
]


def add_rest_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--rest-url``."""
    parser.add_argument(
        "--rest-url",
        default=None,
        metavar="URL",
        help="Discord's REST API base URL (default: the bot's, normally Discord's v10 API; "
        "env KAGARI_REST_URL). Point it at a fake Discord in tests.",
    )


def apply_rest_options(bot: RESTBot, args: argparse.Namespace) -> None:
    """Point the bot's REST client where ``--rest-url`` (or ``KAGARI_REST_URL``) says."""
    url = rest_url(args)
    if url is not None:
        bot.rest.rest_url = url


def rest_url(args: argparse.Namespace) -> str | None:
    """The REST API base to use: ``--rest-url``, else ``KAGARI_REST_URL``.

    The variable is read when the command runs (after ``.env`` is loaded). ``None`` means
    the default API base; a trailing slash is dropped.
    """
    url = args.rest_url or os.environ.get("KAGARI_REST_URL") or None
    return None if url is None else str(url).rstrip("/")


def require_token(bot: RESTBot, target: str) -> None:
    """Fail clearly when the bot has no token.

    Raises:
        CLIError: The bot was built without a token.
    """
    if bot.rest.token_type is None:
        raise CLIError(
            f"{target} has no token, so it cannot talk to Discord's API",
            hint="set DISCORD_TOKEN (the bot token from the Developer Portal's Bot page)",
        )


def explain_rest_error(error: RESTError, rest_url: str) -> CLIError:
    """A readable CLI error for a REST failure."""
    if isinstance(error, UnauthorizedError):
        return CLIError(
            "Discord rejected the token (401 Unauthorized)",
            hint="check DISCORD_TOKEN: copy the bot token again from the Developer Portal",
        )
    if isinstance(error, (RESTConnectionError, RESTTimeoutError)):
        return CLIError(f"cannot reach Discord's API at {rest_url}: {error}")
    if isinstance(error, RateLimitTooLongError):
        return CLIError(
            f"rate limited: {error}",
            hint="Discord limits command creation to 200 per day per guild; try again later",
        )
    if isinstance(error, HTTPError):
        return CLIError(f"Discord answered {error}")
    return CLIError(f"REST error: {error}")
