"""A token-only REST client for the subcommands that need no bot (``endpoint``, ``invite``)."""

from __future__ import annotations

import argparse
import os

from kagari.cli.common import CLIError
from kagari.cli.rest_options import rest_url
from kagari.rest import RESTClient

__all__ = ["client_from_env"]


def client_from_env(args: argparse.Namespace) -> RESTClient:
    """A bot-token client from ``DISCORD_TOKEN`` (the environment, or ``./.env``).

    Raises:
        CLIError: ``DISCORD_TOKEN`` is not set.
    """
    token = os.environ.get("DISCORD_TOKEN")
    if not token:
        raise CLIError(
            "DISCORD_TOKEN is not set, so kagari cannot talk to Discord's API",
            hint="export DISCORD_TOKEN=... or put it in ./.env (the bot token from the "
            "Developer Portal's Bot page)",
        )
    return RESTClient(token, "Bot", rest_url=rest_url(args), max_retries=1)
