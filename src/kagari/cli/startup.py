"""Readable ``kagari run`` errors for what stops a bot from starting.

Two things fail before a bot serves: fetching the application's public key with the
token (when ``DISCORD_PUBLIC_KEY`` is not set), and binding the listening socket.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence

from kagari.cli.common import CLIError
from kagari.rest import (
    RESTConnectionError,
    RESTError,
    RESTTimeoutError,
    UnauthorizedError,
)

__all__ = ["explain_bind_error", "explain_start_rest_error"]

_KEY_HINT = (
    "set DISCORD_PUBLIC_KEY (the Developer Portal's General Information > Public Key) to "
    "start without asking Discord"
)


def explain_start_rest_error(error: RESTError, *, fetching_key: bool, rest_url: str) -> CLIError:
    """The message for a REST failure while the bot was starting.

    Args:
        error: What the REST client raised.
        fetching_key: The bot had no public key, so it was fetching it.
        rest_url: The API base the bot talks to.
    """
    doing = (
        "fetching the application's public key from Discord (GET /applications/@me), "
        "because DISCORD_PUBLIC_KEY is not set"
        if fetching_key
        else "calling Discord's API in a start-up callback"
    )
    if isinstance(error, UnauthorizedError):
        return CLIError(
            f"{doing}: Discord rejected the token (401)",
            hint="check DISCORD_TOKEN: copy the bot token again from the Developer Portal's "
            "Bot page (Reset Token)",
        )
    if isinstance(error, (RESTConnectionError, RESTTimeoutError)):
        hint = _KEY_HINT if fetching_key else "check the network connection and try again"
        return CLIError(f"{doing}: cannot reach Discord's API at {rest_url}: {error}", hint=hint)
    return CLIError(f"{doing}: {error}", hint=_KEY_HINT if fetching_key else None)


def explain_bind_error(
    error: OSError, hosts: Sequence[str] | None, port: int | None
) -> CLIError | None:
    """The message for a socket that could not be bound, or ``None`` for another OSError."""
    where = f"{', '.join(hosts) if hosts else 'localhost'}:{8080 if port is None else port}"
    if error.errno == errno.EADDRINUSE:
        return CLIError(
            f"cannot listen on {where}: the address is already in use",
            hint="another program (another 'kagari run'?) listens there: stop it, or pick "
            "another port with --port",
        )
    if error.errno == errno.EACCES:
        return CLIError(
            f"cannot listen on {where}: permission denied",
            hint="ports below 1024 need privileges: use a port such as 8080 behind a proxy",
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return CLIError(
            f"cannot listen on {where}: that address is not one of this machine's",
            hint="use --host 127.0.0.1 (this machine) or --host 0.0.0.0 (every interface)",
        )
    return None
