"""``kagari doctor TARGET``: check a bot's setup and say what to fix."""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections.abc import Mapping
from typing import Any, cast

from kagari.cli.common import CLIError, run_async
from kagari.cli.rest_options import add_rest_options, apply_rest_options
from kagari.cli.schema import command_payloads
from kagari.cli.send import post_signed, signing_keys
from kagari.cli.target import load_bot
from kagari.rest import ApplicationObject, RESTError, UnauthorizedError
from kagari.restbot import RESTBot
from kagari.server.devkeys import DevKeyPair
from kagari.sync import SyncTarget, sync_commands
from kagari.testing.payloads import Envelope, ping_payload

__all__ = ["Check", "add_parser", "run"]

_SLOW_PING = 1.0
_MARKS = {"ok": "[ ok ]", "warn": "[warn]", "fail": "[FAIL]", "skip": "[skip]"}


@dataclasses.dataclass
class Check:
    """The verdict on one part of the setup.

    Attributes:
        name: What was checked (``token``, ``public key``...).
        status: ``"ok"``, ``"warn"``, ``"fail"`` or ``"skip"``.
        message: What was found.
        fix: What to do about it, for warnings and failures.
    """

    name: str
    status: str
    message: str
    fix: str | None = None

    def render(self) -> str:
        """One or two lines of text."""
        line = f"{_MARKS[self.status]} {self.name}: {self.message}"
        return line if not self.fix else f"{line}\n       fix: {self.fix}"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``doctor``."""
    parser = subparsers.add_parser(
        "doctor",
        help="check the setup (token, public key, commands, endpoint) and say what to fix",
        description=(
            "Check that the token is valid, that the public key matches the application, "
            "that the command schema is valid and in sync, and that the interactions "
            "endpoint answers: it must refuse a badly signed PING with 401 (Discord checks "
            "this) and, with --signing-key, answer a signed PING."
        ),
    )
    parser.add_argument("target", help="the bot: module:attr, file.py or file.py:attr")
    parser.add_argument(
        "--url", help="the endpoint to probe (default: the application's configured URL)"
    )
    parser.add_argument(
        "--signing-key",
        metavar="KEY",
        help="a dev signing key the bot accepts: also send it a correctly signed PING",
    )
    parser.add_argument(
        "--spec",
        metavar="OPENAPI_JSON",
        help="also validate the commands against Discord's OpenAPI spec (needs jsonschema)",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per probe")
    parser.add_argument("--json", action="store_true", help="print the checks as JSON")
    add_rest_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run every check; exit 1 if any failed."""
    bot = load_bot(args.target)
    apply_rest_options(bot, args)
    checks = [Check("import", "ok", f"loaded {type(bot).__name__} from {args.target}")]
    checks.append(_schema_check(bot, args))
    checks.extend(run_async(_remote_checks(bot, args)))
    if args.json:
        print(json.dumps([dataclasses.asdict(check) for check in checks], indent=2))
    else:
        for check in checks:
            print(check.render())
        failed = sum(check.status == "fail" for check in checks)
        warned = sum(check.status == "warn" for check in checks)
        print(f"{failed} problem(s), {warned} warning(s)")
    return 1 if any(check.status == "fail" for check in checks) else 0


def _schema_check(bot: RESTBot, args: argparse.Namespace) -> Check:
    try:
        payloads = command_payloads(bot, args.target)
    except CLIError as error:
        return Check("commands", "fail", error.message, error.hint)
    counts = ", ".join(
        f"{len(commands)} {'global' if scope is None else f'in guild {scope}'}"
        for scope, commands in payloads.items()
    )
    if args.spec:
        problem = _spec_problem(args.spec, payloads)
        if problem is not None:
            return Check("commands", "fail", problem, "fix the declaration named above")
        return Check("commands", "ok", f"{counts}; valid against Discord's OpenAPI spec")
    return Check("commands", "ok", f"{counts}; declarations are valid")


def _spec_problem(path: str, payloads: dict[int | None, list[dict[str, Any]]]) -> str | None:
    try:
        from kagari.testing.openapi import OpenAPISpec, SpecMismatch

        spec = OpenAPISpec(path)
    except (OSError, ValueError, ImportError) as error:
        return f"cannot load the OpenAPI spec {path}: {error}"
    for scope, commands in payloads.items():
        route = (
            "/applications/1/commands"
            if scope is None
            else (f"/applications/1/guilds/{scope}/commands")
        )
        try:
            spec.validate_request("PUT", route, commands)
        except SpecMismatch as error:
            return str(error)
    return None


async def _remote_checks(bot: RESTBot, args: argparse.Namespace) -> list[Check]:
    checks: list[Check] = []
    application: ApplicationObject | None = None
    try:
        if bot.rest.token_type is None:
            checks.append(
                Check(
                    "token",
                    "warn",
                    "no token: the bot cannot sync commands or send follow-ups",
                    "set DISCORD_TOKEN (the bot token from the Developer Portal's Bot page)",
                )
            )
        else:
            application, check = await _token_check(bot)
            checks.append(check)
        checks.append(_public_key_check(bot, application))
        checks.append(await _sync_check(bot, application))
    finally:
        await bot.rest.close()
    checks.extend(await _endpoint_checks(args, application))
    return checks


async def _token_check(bot: RESTBot) -> tuple[ApplicationObject | None, Check]:
    try:
        application = await bot.rest.fetch_application()
    except UnauthorizedError:
        return None, Check(
            "token",
            "fail",
            "Discord rejected the token (401)",
            "copy the bot token again from the Developer Portal (Bot > Reset Token)",
        )
    except RESTError as error:
        return None, Check("token", "fail", f"cannot fetch the application: {error}")
    name = application.get("name", "?")
    return application, Check(
        "token", "ok", f"valid for application {name!r} (id {application.get('id')})"
    )


def _public_key_check(bot: RESTBot, application: ApplicationObject | None) -> Check:
    configured = bot.public_key
    if application is None and bot.rest.token_type is not None:
        return Check("public key", "skip", "cannot compare without a valid token")
    if configured is None:
        if application is not None:
            return Check("public key", "ok", "not configured: fetched from Discord at start")
        return Check(
            "public key",
            "warn",
            "no public key and no token: the bot runs with a dev key pair",
            "fine for trying it locally with 'kagari send'; set DISCORD_PUBLIC_KEY to deploy",
        )
    if application is None:
        return Check("public key", "skip", "no token to fetch the application's key with")
    expected = str(application.get("verify_key", ""))
    if configured.hex() != expected.lower():
        return Check(
            "public key",
            "fail",
            f"configured key {configured.hex()[:8]}... is not the application's "
            f"({expected[:8]}...); Discord's requests would all be refused with 401",
            "copy PUBLIC KEY from the Developer Portal's General Information page into "
            "DISCORD_PUBLIC_KEY (or leave it unset to fetch it at start)",
        )
    return Check("public key", "ok", "matches the application's public key")


async def _sync_check(bot: RESTBot, application: ApplicationObject | None) -> Check:
    if application is None or not callable(getattr(bot, "command_payloads", None)):
        return Check("sync", "skip", "needs a valid token and a kagari.Bot")
    try:
        plan = await sync_commands(cast("SyncTarget", bot), dry_run=True)
    except (RESTError, TypeError, ValueError) as error:
        return Check("sync", "fail", f"cannot compare commands: {error}")
    if not plan.has_changes:
        return Check("sync", "ok", "Discord already has these commands")
    pending = "; ".join(
        f"{scope.scope_name}: {scope.summary()}" for scope in plan if scope.has_changes
    )
    return Check(
        "sync",
        "warn",
        f"changes pending ({pending})",
        "run 'kagari sync TARGET' (or --dry-run to see the diff)",
    )


async def _endpoint_checks(
    args: argparse.Namespace, application: ApplicationObject | None
) -> list[Check]:
    found: Mapping[str, Any] = application or {}
    url = args.url or found.get("interactions_endpoint_url")
    if not url:
        return [
            Check(
                "endpoint",
                "warn",
                "no endpoint URL to probe",
                "pass --url, or set Interactions Endpoint URL in the Developer Portal",
            )
        ]
    checks: list[Check] = []
    application_id = str(found.get("id") or "") or None
    envelope: Envelope = {"application_id": application_id} if application_id else {}
    stranger = DevKeyPair()  # a key the bot cannot know: its signature must be refused
    try:
        reply = await post_signed(url, ping_payload(**envelope), stranger, args.timeout)
    except CLIError as error:
        return [Check("endpoint", "fail", error.message, "start the bot, or check the URL")]
    if reply.status == 401:
        checks.append(Check("endpoint", "ok", f"{url} refuses badly signed requests (401)"))
    else:
        checks.append(
            Check(
                "endpoint",
                "fail",
                f"{url} answered {reply.status} to a badly signed PING; Discord requires 401",
                "serve the URL with kagari (or verify signatures before anything else)",
            )
        )
    if args.signing_key:
        checks.append(await _signed_ping(url, args, envelope))
    return checks


async def _signed_ping(url: str, args: argparse.Namespace, envelope: Envelope) -> Check:
    try:
        keys = signing_keys(args.signing_key, None)
    except CLIError as error:
        return Check("ping", "fail", error.message, error.hint)
    started = time.monotonic()
    try:
        reply = await post_signed(url, ping_payload(**envelope), keys, args.timeout)
    except CLIError as error:
        return Check("ping", "fail", error.message)
    elapsed = time.monotonic() - started
    if reply.status != 200 or not isinstance(reply.body, dict) or reply.body.get("type") != 1:
        return Check(
            "ping",
            "fail",
            f"a signed PING got {reply.status} {reply.body!r}, not {{'type': 1}}",
            "check that --signing-key belongs to the bot's public key",
        )
    if elapsed > _SLOW_PING:
        return Check(
            "ping",
            "warn",
            f"answered in {elapsed:.2f} s",
            "Discord gives 3 s per interaction; find what makes the endpoint slow",
        )
    return Check("ping", "ok", f"answered a signed PING in {elapsed * 1000:.0f} ms")
