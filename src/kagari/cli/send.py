"""``kagari send URL ...``: sign a realistic interaction with a dev key and POST it to a bot."""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import operator
import os
import re
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import aiohttp

from kagari.cli.common import CLIError, run_async
from kagari.models import Permissions
from kagari.server.devkeys import DevKeyPair
from kagari.testing import payloads
from kagari.testing.factories import DEFAULT_MEMBER_PERMISSIONS
from kagari.testing.payloads import Envelope, OptionValue, TypedOption

__all__ = ["Reply", "add_parser", "parse_option", "post_signed", "run"]

_HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")
_OPTION_TYPES: dict[str, int] = {
    "str": 3,
    "string": 3,
    "int": 4,
    "integer": 4,
    "bool": 5,
    "boolean": 5,
    "user": 6,
    "channel": 7,
    "role": 8,
    "mentionable": 9,
    "float": 10,
    "number": 10,
    "attachment": 11,
}
_SELECT_TYPES = {"string": 3, "user": 5, "role": 6, "mentionable": 7, "channel": 8}
_COMMAND_TYPES = {"slash": 1, "user": 2, "message": 3}
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``send`` and its kinds (``command``, ``component``, ``modal``...)."""
    parser = subparsers.add_parser(
        "send",
        help="sign a realistic interaction with a dev key and POST it to a running bot",
        description=textwrap.fill(
            "Build an interaction payload shaped like Discord's, sign it with a development "
            "signing key and POST it to a running bot, then print the status and the JSON "
            "answer. A bot started without a public key and token prints the key pair and "
            "the exact command to try.",
            width=78,
        ),
        epilog=(
            "examples:\n"
            "  kagari send http://127.0.0.1:8080/ --signing-key KEY command ping\n"
            "  kagari send URL --signing-key KEY command greet who:user=1234 times=2\n"
            "  kagari send URL --signing-key KEY command 'admin purge' count=5\n"
            "  kagari send URL --signing-key KEY component vote:42:yes\n"
            "  kagari send URL --signing-key KEY component pick --values a,b\n"
            "  kagari send URL --signing-key KEY modal feedback:general title=Hi body=Text\n"
            "  kagari send URL --signing-key KEY autocomplete search query ban"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("url", help="the bot's interactions URL, e.g. http://127.0.0.1:8080/")
    _add_common(parser, suppress=False)
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)

    command = _kind(kinds, "command", "invoke a slash or context-menu command")
    command.add_argument("name", help="the command; 'group sub' for a subcommand")
    command.add_argument("options", nargs="*", metavar="opt=value", help=_OPTION_HELP)
    command.add_argument(
        "--type",
        choices=sorted(_COMMAND_TYPES),
        default="slash",
        dest="command_type",
        help="slash (default), or a user/message context-menu command",
    )
    command.add_argument(
        "--target", metavar="ID", help="the user or message a context-menu command targets"
    )

    component = _kind(kinds, "component", "click a button or choose in a select menu")
    component.add_argument("custom_id", help="the component's custom_id")
    component.add_argument(
        "--values", type=_csv, metavar="A,B", help="chosen values (makes it a select)"
    )
    component.add_argument(
        "--select",
        choices=sorted(_SELECT_TYPES),
        default=None,
        help="the select's kind (default: string when --values is given)",
    )

    modal = _kind(kinds, "modal", "submit a modal")
    modal.add_argument("custom_id", help="the modal's custom_id")
    modal.add_argument("fields", nargs="*", metavar="field=value", help="text inputs by custom_id")

    autocomplete = _kind(kinds, "autocomplete", "type into an autocomplete option")
    autocomplete.add_argument("name", help="the command; 'group sub' for a subcommand")
    autocomplete.add_argument("option", help="the option being typed into")
    autocomplete.add_argument("value", help="what has been typed so far")
    autocomplete.add_argument(
        "options", nargs="*", metavar="opt=value", help="other options already filled"
    )

    _kind(kinds, "ping", 'send Discord\'s PING (the bot answers {"type": 1})')
    parser.set_defaults(func=run)


_OPTION_HELP = (
    "option values: 'count=3' (int), 'ratio=0.5' (number), 'flag=true' (bool), "
    "'text=hello' (string); force a type with 'name:TYPE=value', TYPE one of "
    + ", ".join(sorted(set(_OPTION_TYPES)))
)


def _kind(
    kinds: argparse._SubParsersAction[argparse.ArgumentParser], name: str, text: str
) -> argparse.ArgumentParser:
    parser = kinds.add_parser(name, help=text, description=text)
    _add_common(parser, suppress=True)
    return parser


def _add_common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted before or after the kind (``send URL --x command ping --y``)."""

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "--signing-key",
        default=default(os.environ.get("KAGARI_SIGNING_KEY")),
        metavar="KEY",
        help="the dev signing key (64 hex chars) the bot printed; env KAGARI_SIGNING_KEY",
    )
    parser.add_argument(
        "--public-key",
        default=default(None),
        metavar="KEY",
        help="the bot's public key: checked against the signing key before sending",
    )
    parser.add_argument(
        "--context",
        choices=["guild", "bot_dm", "private_channel"],
        default=default("guild"),
        help="where the interaction happens (default: guild)",
    )
    parser.add_argument("--application-id", default=default(None), metavar="ID")
    parser.add_argument("--guild-id", default=default(None), metavar="ID")
    parser.add_argument("--channel-id", default=default(None), metavar="ID")
    parser.add_argument("--user-id", default=default(None), metavar="ID")
    parser.add_argument("--locale", default=default(None), help="the user's locale (en-US)")
    parser.add_argument(
        "--permissions",
        default=default(None),
        metavar="PERMS",
        help="the member's permissions: a number, names joined by commas "
        "(MANAGE_GUILD,KICK_MEMBERS), or 'all'; default: an ordinary member's",
    )
    parser.add_argument(
        "--timeout", type=float, default=default(10.0), help="seconds to wait (default 10)"
    )
    parser.add_argument(
        "--show-request",
        action="store_true",
        default=default(False),
        help="print the signed payload on stderr before sending",
    )


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_option(text: str) -> tuple[str, OptionValue]:
    """Parse ``name=value`` or ``name:TYPE=value`` into an option name and value.

    Untyped values are guessed: ``true``/``false`` → bool, digits → int, decimals →
    number, anything else → string.

    Raises:
        CLIError: No ``=``, an empty name, an unknown TYPE, or a value not of TYPE.
    """
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise CLIError(f"option {text!r}: expected name=value", exit_code=2)
    name, _, kind = name.partition(":")
    if not kind:
        if value.lower() in ("true", "false"):
            return name, value.lower() == "true"
        if _INT.fullmatch(value):
            return name, int(value)
        if _FLOAT.fullmatch(value):
            return name, float(value)
        return name, value
    option_type = _OPTION_TYPES.get(kind.lower())
    if option_type is None:
        raise CLIError(
            f"option {text!r}: unknown type {kind!r}",
            hint="use one of " + ", ".join(sorted(_OPTION_TYPES)),
            exit_code=2,
        )
    try:
        typed: str | int | float | bool
        if option_type == 4:
            typed = int(value)
        elif option_type == 10:
            typed = float(value)
        elif option_type == 5:
            if value.lower() not in ("true", "false"):
                raise ValueError("expected true or false")
            typed = value.lower() == "true"
        elif option_type in (6, 7, 8, 9, 11):
            if not value.isdigit():
                raise ValueError("expected an id (digits)")
            typed = value
        else:
            typed = value
    except ValueError as error:
        raise CLIError(f"option {text!r}: {error}", exit_code=2) from None
    return name, TypedOption(option_type, typed)


def parse_permissions(text: str | None) -> str:
    """The decimal permission string ``--permissions`` names.

    Args:
        text: A decimal number, permission names joined by commas (case-insensitive,
            e.g. ``manage_guild,kick_members``), ``all`` for every bit, or ``None`` for an
            ordinary member's (:data:`kagari.testing.DEFAULT_MEMBER_PERMISSIONS`, the
            same as :class:`kagari.testing.TestClient`'s).

    Raises:
        CLIError: An unknown permission name or a negative number.
    """
    if text is None:
        return str(int(DEFAULT_MEMBER_PERMISSIONS))
    text = text.strip()
    if text.isdigit():
        return str(int(text))
    if text.lower() == "all":
        return str(int(functools.reduce(operator.or_, Permissions.__members__.values())))
    value = Permissions(0)
    for name in filter(None, (part.strip().upper() for part in text.split(","))):
        try:
            value |= Permissions[name]
        except KeyError:
            raise CLIError(
                f"--permissions: no permission named {name!r}",
                exit_code=2,
                hint="use Discord's names (SEND_MESSAGES, MANAGE_GUILD...), a number, or 'all'",
            ) from None
    return str(int(value))


def _envelope(args: argparse.Namespace) -> Envelope:
    envelope: Envelope = {
        "context": args.context,
        "permissions": parse_permissions(getattr(args, "permissions", None)),
    }
    for key in ("application_id", "guild_id", "channel_id", "user_id", "locale"):
        value = getattr(args, key, None)
        if value:
            envelope[key] = str(value)
    return envelope


def _fields(items: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CLIError(f"modal field {item!r}: expected custom_id=value", exit_code=2)
        fields[name] = value
    return fields


def build_payload(args: argparse.Namespace) -> dict[str, Any]:
    """The interaction the arguments describe.

    Raises:
        CLIError: A malformed option or field.
    """
    envelope = _envelope(args)
    try:
        if args.kind == "command":
            options = dict(parse_option(item) for item in args.options)
            return payloads.command_payload(
                args.name,
                options,
                command_type=_COMMAND_TYPES[args.command_type],
                target_id=args.target,
                **envelope,
            )
        if args.kind == "component":
            kind = _SELECT_TYPES[args.select] if args.select else None
            return payloads.component_payload(
                args.custom_id, args.values, component_type=kind, **envelope
            )
        if args.kind == "modal":
            return payloads.modal_payload(args.custom_id, _fields(args.fields), **envelope)
        if args.kind == "autocomplete":
            options = dict(parse_option(item) for item in args.options)
            return payloads.autocomplete_payload(
                args.name, args.option, args.value, options=options, **envelope
            )
        return payloads.ping_payload(**envelope)
    except (ValueError, TypeError) as error:
        raise CLIError(f"{args.kind}: {error}", exit_code=2) from error


def signing_keys(signing_key: str | None, public_key: str | None) -> DevKeyPair:
    """The key pair to sign with, checked against ``public_key`` when given.

    Raises:
        CLIError: No signing key, a malformed one, or one that does not match.
    """
    if not signing_key:
        hint = (
            "a public key can only check signatures; signing needs the matching signing "
            "key. Start the bot without DISCORD_PUBLIC_KEY and DISCORD_TOKEN: it prints a "
            "dev key pair and the exact send command"
        )
        raise CLIError(
            "--signing-key is required (or set KAGARI_SIGNING_KEY)", hint=hint, exit_code=2
        )
    if not _HEX_KEY.fullmatch(signing_key):
        raise CLIError(
            f"--signing-key must be 64 hex characters, got {len(signing_key)} characters",
            hint="copy the 'signing key' line the bot printed at start",
            exit_code=2,
        )
    keys = DevKeyPair(signing_key)
    if public_key is not None:
        if public_key.lower() == signing_key.lower():
            raise CLIError(
                "--signing-key is the public key; pass the signing key instead", exit_code=2
            )
        if keys.public_key != public_key.lower():
            raise CLIError(
                "the signing key does not belong to --public-key; the bot would answer 401",
                hint=f"this signing key's public key is {keys.public_key}",
                exit_code=2,
            )
    return keys


class Reply:
    """What the bot answered.

    Attributes:
        status: The HTTP status.
        reason: The reason phrase.
        content_type: The response's content type.
        body: The JSON answer (``payload_json`` for a multipart one), or text.
        files: Attached files of a multipart answer: (file name, size in bytes).
    """

    def __init__(
        self, status: int, reason: str, content_type: str, body: Any, files: list[tuple[str, int]]
    ) -> None:
        self.status = status
        self.reason = reason
        self.content_type = content_type
        self.body = body
        self.files = files


async def post_signed(
    url: str, payload: dict[str, Any], keys: DevKeyPair, timeout: float = 10.0
) -> Reply:
    """Sign ``payload`` with ``keys`` and POST it to ``url``.

    Raises:
        CLIError: The bot cannot be reached or does not answer in time.
    """
    body = json.dumps(payload, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "kagari-send"}
    headers.update(keys.sign(body))
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    try:
        async with (
            aiohttp.ClientSession(timeout=client_timeout) as session,
            session.post(url, data=body, headers=headers) as response,
        ):
            return await _read_reply(response)
    except aiohttp.ClientConnectionError as error:
        raise CLIError(f"cannot connect to {url}: {error}", hint="is the bot running?") from None
    except asyncio.TimeoutError:
        raise CLIError(f"{url} did not answer within {timeout} s") from None


async def _read_reply(response: aiohttp.ClientResponse) -> Reply:
    content_type = response.content_type
    files: list[tuple[str, int]] = []
    body: Any
    if content_type.startswith("multipart/"):
        body = None
        reader = aiohttp.MultipartReader.from_response(response)
        while True:
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, aiohttp.BodyPartReader):
                continue
            data = await part.read()
            if part.name == "payload_json":
                body = json.loads(data)
            else:
                files.append((part.filename or str(part.name), len(data)))
    else:
        raw = await response.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
    return Reply(response.status, response.reason or "", content_type, body, files)


def print_reply(reply: Reply, out: Callable[[str], None] = print) -> None:
    """Print the status line and the (pretty) answer."""
    out(f"HTTP {reply.status} {reply.reason}".rstrip())
    if isinstance(reply.body, (dict, list)):
        out(json.dumps(reply.body, indent=2, ensure_ascii=False))
    elif reply.body:
        out(str(reply.body))
    for name, size in reply.files:
        out(f"file: {name} ({size} bytes)")


def run(args: argparse.Namespace) -> int:
    """Send; exit 0 on a 2xx answer, 1 otherwise."""
    url = str(args.url)
    if not url.startswith(("http://", "https://")):
        raise CLIError(f"URL must start with http:// or https://, got {url!r}", exit_code=2)
    keys = signing_keys(args.signing_key, args.public_key)
    payload = build_payload(args)
    if args.show_request:
        print(json.dumps(payload, indent=2), file=sys.stderr)
    reply = run_async(post_signed(url, payload, keys, args.timeout))
    print_reply(reply)
    if reply.status == 401:
        raise CLIError(
            "the bot rejected the signature (401)",
            hint="pass the signing key the bot printed; its public key must be the bot's",
        )
    return 0 if 200 <= reply.status < 300 else 1
