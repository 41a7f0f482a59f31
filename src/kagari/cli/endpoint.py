"""``kagari endpoint show|set``: the URLs Discord sends interactions and webhook events to.

``set`` PATCHes ``/applications/@me``. Discord checks a new URL before saving it, by
POSTing it a signed PING (and badly signed requests, which must get 401); when the check
fails it answers 400 and keeps the old URL. The command then probes the URL itself to say
why.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from kagari.cli.common import CLIError, info, run_async, warn
from kagari.cli.discord_client import client_from_env
from kagari.cli.rest_options import add_rest_options, explain_rest_error, rest_url
from kagari.cli.send import post_signed
from kagari.rest import HTTPError, RESTClient, RESTError
from kagari.server.devkeys import DevKeyPair

__all__ = [
    "EVENTS_DISABLED",
    "EVENTS_ENABLED",
    "add_parser",
    "check_url",
    "describe",
    "diagnose",
    "run",
]

EVENTS_DISABLED = 1
"""``event_webhooks_status``: webhook events off."""
EVENTS_ENABLED = 2
"""``event_webhooks_status``: webhook events on."""
_STATUS_NAMES = {1: "disabled", 2: "enabled", 3: "disabled by Discord (inactive)"}
_EVENT_TYPE = re.compile(r"^[A-Z][A-Z_]*$")
_INTERACTIONS_FIELD = "interactions_endpoint_url"
_EVENTS_FIELD = "event_webhooks_url"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``endpoint`` with its ``show`` and ``set`` actions."""
    parser = subparsers.add_parser(
        "endpoint",
        help="show or set the application's interactions (and webhook events) URL",
        description=(
            "Read or change the application's Interactions Endpoint URL (and its event "
            "webhooks URL) through Discord's API, with the token in DISCORD_TOKEN."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the URLs Discord has now")
    add_rest_options(show)
    show.set_defaults(func=run)
    change = actions.add_parser(
        "set",
        help="set the interactions endpoint URL; Discord checks it with a PING first",
        description=(
            "Set the Interactions Endpoint URL. Discord sends the URL a signed PING (and "
            "badly signed requests) before saving it, so the bot must be running there, "
            "reachable from the internet, with this application's public key. The exit "
            "code is 0 when Discord accepted the URL and 1 when its check failed."
        ),
    )
    change.add_argument("url", metavar="URL", help="the public HTTPS URL of the bot")
    change.add_argument(
        "--events-url",
        metavar="URL",
        help="also set the event webhooks URL and turn webhook events on",
    )
    change.add_argument(
        "--event",
        action="append",
        dest="events",
        metavar="TYPE",
        help="an event type to receive, e.g. APPLICATION_AUTHORIZED (repeatable; "
        "replaces the current list)",
    )
    change.add_argument(
        "--events-off", action="store_true", help="turn webhook events off (keeps the URL)"
    )
    change.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per diagnostic probe (default 10)"
    )
    add_rest_options(change)
    change.set_defaults(func=run)


def check_url(url: str, option: str) -> list[str]:
    """Check that ``url`` is an absolute http(s) URL; return warnings about it.

    Raises:
        CLIError: The URL is not an absolute http or https URL (exit code 2).
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CLIError(
            f"{option} {url!r} is not an absolute http(s) URL",
            hint="pass the full public URL, e.g. https://bot.example.com/",
            exit_code=2,
        )
    warnings: list[str] = []
    if _is_local(parts.hostname):
        warnings.append(
            f"{parts.hostname} is not reachable from Discord's servers; expose the bot "
            "with a tunnel (e.g. 'cloudflared tunnel --url http://localhost:8080') and "
            "pass the public URL it prints"
        )
    elif parts.scheme != "https":
        warnings.append(f"{url} is not HTTPS; Discord expects an HTTPS URL")
    return warnings


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    if args.events_off and (args.events_url or args.events):
        raise CLIError("--events-off cannot be combined with --events-url or --event", exit_code=2)
    for event in args.events or ():
        if not _EVENT_TYPE.match(event):
            raise CLIError(
                f"--event {event!r} is not an event type",
                hint="use Discord's names, e.g. APPLICATION_AUTHORIZED or ENTITLEMENT_CREATE",
                exit_code=2,
            )
    changes: dict[str, Any] = {_INTERACTIONS_FIELD: args.url}
    if args.events_url:
        changes[_EVENTS_FIELD] = args.events_url
        changes["event_webhooks_status"] = EVENTS_ENABLED
    if args.events:
        changes["event_webhooks_types"] = list(dict.fromkeys(args.events))
    if args.events_off:
        changes["event_webhooks_status"] = EVENTS_DISABLED
    return changes


def run(args: argparse.Namespace) -> int:
    """Show, or set and report whether Discord's PING check passed (exit 1 if not)."""
    if args.action == "show":
        rest = client_from_env(args)
        application = run_async(_guarded(rest, rest.fetch_application()))
        for line in describe(application):
            print(line)
        return 0
    warnings = check_url(args.url, "URL")
    if args.events_url:
        warnings += check_url(args.events_url, "--events-url")
    changes = _changes(args)
    for message in warnings:
        warn(message)
    rest = client_from_env(args)
    info(f"asking Discord to set the interactions endpoint URL to {args.url}")
    info("Discord checks it first by sending it a signed PING")
    application = run_async(_set(rest, changes, args))
    print(f"Discord's PING check passed: interactions now go to {args.url}")
    if args.events_url:
        print(f"webhook events now go to {args.events_url}")
    for line in describe(application)[1:]:
        info(line)
    return 0


def describe(application: Mapping[str, Any]) -> list[str]:
    """Lines saying where the application's interactions and events go."""
    lines = [f"application: {application.get('name', '?')} (id {application.get('id', '?')})"]
    url = application.get(_INTERACTIONS_FIELD)
    lines.append(
        f"interactions endpoint: {url}"
        if url
        else "interactions endpoint: none (interactions go to a gateway connection)"
    )
    events_url = application.get(_EVENTS_FIELD)
    status = _STATUS_NAMES.get(int(application.get("event_webhooks_status") or 1), "unknown")
    types = ", ".join(application.get("event_webhooks_types") or ()) or "none"
    lines.append(f"webhook events: {events_url or 'no URL'}, {status}; types: {types}")
    return lines


async def _guarded(rest: RESTClient, call: Any) -> Any:
    try:
        return await call
    except RESTError as error:
        raise explain_rest_error(error, rest.rest_url) from error
    finally:
        await rest.close()


async def _set(rest: RESTClient, changes: dict[str, Any], args: argparse.Namespace) -> Any:
    try:
        return await rest.edit_application(**changes)
    except HTTPError as error:
        failed = [field for field in (_INTERACTIONS_FIELD, _EVENTS_FIELD) if field in error.errors]
        if error.status != 400 or not failed:
            raise explain_rest_error(error, rest_url(args) or rest.rest_url) from error
        field = failed[0]
        url = str(changes[field])
        said = "; ".join(error.errors[field])
        verify_key = await _verify_key(rest)
        hint = await diagnose(
            url, events=field == _EVENTS_FIELD, verify_key=verify_key, timeout=args.timeout
        )
        raise CLIError(
            f"Discord's check of {url} failed, nothing was changed: {said}", hint=hint
        ) from error
    except RESTError as error:
        raise explain_rest_error(error, rest.rest_url) from error
    finally:
        await rest.close()


async def _verify_key(rest: RESTClient) -> str | None:
    with contextlib.suppress(RESTError, KeyError):
        return str((await rest.fetch_application())["verify_key"])
    return None


async def diagnose(url: str, *, events: bool, verify_key: str | None, timeout: float) -> str:
    """Why Discord's check of ``url`` probably failed, found by probing it from here.

    Sends a PING signed with a key nobody knows: a correct endpoint refuses it with 401.

    Args:
        url: The URL Discord refused.
        events: ``True`` for the event webhooks URL (PING ``type: 0``, answered 204).
        verify_key: The application's public key, to name in the advice.
        timeout: Seconds to wait for the probe.
    """
    ping: dict[str, Any] = {"version": 1, "type": 0} if events else {"type": 1, "version": 1}
    try:
        reply = await post_signed(url, ping, DevKeyPair(), timeout)
    except CLIError as error:
        return (
            f"{error.message} from here either: start the bot ('kagari run ...') and the "
            "tunnel in front of it, and check the URL"
        )
    if reply.status in (404, 405):
        return (
            f"{url} answered {reply.status}: nothing serves that path; kagari serves the "
            "bot's endpoint_path ('/' by default, 'kagari run --endpoint-path' to change it)"
        )
    if reply.status != 401:
        return (
            f"{url} answered {reply.status} to a badly signed PING, where Discord requires "
            "401: serve it with kagari, which verifies every signature first"
        )
    key = f" ({verify_key[:8]}...)" if verify_key else ""
    return (
        f"{url} refuses bad signatures, as it should, so it most likely refused Discord's "
        f"PING too: the bot's public key is not this application's{key}. Set "
        "DISCORD_PUBLIC_KEY to the Developer Portal's Public Key (or leave it unset with "
        "DISCORD_TOKEN set), restart the bot and run this again"
    )
