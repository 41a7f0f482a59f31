"""``kagari run TARGET``: serve a bot, optionally restarting it when its sources change."""

from __future__ import annotations

import argparse
import pathlib
import sys

from kagari.cli.common import CLIError
from kagari.cli.reload import supervise
from kagari.cli.startup import explain_bind_error, explain_start_rest_error
from kagari.cli.target import load_bot, parse_target
from kagari.rest import RESTError

__all__ = ["add_parser", "child_command", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``run``."""
    parser = subparsers.add_parser(
        "run",
        help="serve a bot (with --reload for development)",
        description=(
            "Import the bot and serve it until Ctrl-C or SIGTERM, which close it "
            "gracefully. With neither --host, --port nor --path it listens on "
            "localhost:8080."
        ),
    )
    parser.add_argument("target", help="the bot: module:attr, file.py or file.py:attr")
    parser.add_argument(
        "--host",
        action="append",
        metavar="HOST",
        help="address to listen on (repeatable; default localhost)",
    )
    parser.add_argument("--port", type=_port, help="TCP port (0 picks a free one; default 8080)")
    parser.add_argument(
        "--path", metavar="SOCKET", help="also (or only) listen on this unix socket path"
    )
    parser.add_argument(
        "--endpoint-path",
        metavar="URL_PATH",
        help="the URL path Discord POSTs to (default: the bot's own, usually /)",
    )
    parser.add_argument(
        "--reload",
        action="store_true",
        help="restart the bot whenever a .py file under the target's directory changes",
    )
    parser.add_argument(
        "--reload-dir",
        action="append",
        type=pathlib.Path,
        metavar="DIR",
        help="with --reload: watch this directory instead (repeatable)",
    )
    parser.add_argument(
        "--reload-interval",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help="with --reload: how often to look for changes (default 0.5)",
    )
    parser.add_argument(
        "--no-update-check", action="store_true", help="do not look for a newer kagari on PyPI"
    )
    parser.set_defaults(func=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, got {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 0 and 65535, got {port}")
    return port


def child_command(args: argparse.Namespace) -> list[str]:
    """The ``python -m kagari run ...`` line the reloader starts (same options, no reload)."""
    command = [sys.executable, "-m", "kagari"]
    if getattr(args, "debug", False):
        command.append("--debug")
    command += ["run", args.target]
    for host in args.host or ():
        command += ["--host", host]
    if args.port is not None:
        command += ["--port", str(args.port)]
    if args.path is not None:
        command += ["--path", args.path]
    if args.endpoint_path is not None:
        command += ["--endpoint-path", args.endpoint_path]
    if args.no_update_check:
        command.append("--no-update-check")
    return command


def run(args: argparse.Namespace) -> int:
    """Serve until closed; exit 0."""
    if args.reload:
        if args.reload_interval <= 0:
            raise CLIError("--reload-interval must be positive", exit_code=2)
        roots = args.reload_dir or [parse_target(args.target).watch_root]
        for root in roots:
            if not root.exists():
                raise CLIError(f"--reload-dir {root} does not exist", exit_code=2)
        return supervise(child_command(args), roots, args.reload_interval)
    bot = load_bot(args.target)
    if args.endpoint_path is not None:
        try:
            bot.endpoint_path = args.endpoint_path
        except ValueError as error:
            raise CLIError(str(error), exit_code=2) from None
    hosts = args.host or None
    fetching_key = bot.public_key is None and bot.rest.token_type is not None
    try:
        bot.run(
            host=hosts,
            port=args.port,
            path=args.path,
            check_for_updates=not args.no_update_check,
        )
    except RESTError as error:
        # Interactions never raise out of run(): a REST error here stopped the start-up.
        raise explain_start_rest_error(
            error, fetching_key=fetching_key, rest_url=bot.rest.rest_url
        ) from error
    except OSError as error:
        explained = explain_bind_error(error, hosts, args.port)
        if explained is None:
            raise
        raise explained from error
    return 0
