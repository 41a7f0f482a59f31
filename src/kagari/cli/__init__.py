"""The ``kagari`` command line (also ``python -m kagari``).

Subcommands: ``run`` (serve, with ``--reload``), ``sync`` (plan and upload commands),
``schema`` (print the command JSON), ``send`` (POST a signed test interaction),
``doctor`` (check the setup), ``endpoint`` (show or set the application's endpoint URLs)
and ``invite`` (print the install URL). ``kagari COMMAND --help`` describes each.
``./.env`` is loaded first when python-dotenv is installed (see :mod:`kagari.cli.envfile`).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import traceback
from collections.abc import Sequence

from kagari._about import __version__
from kagari.cli import doctor, endpoint, invite, run, schema, send, sync
from kagari.cli.common import CLIError
from kagari.cli.envfile import load_env_file

__all__ = ["CLIError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="kagari",
        description="Serve, sync, inspect and poke kagari bots (Discord HTTP interactions).",
        epilog="TARGET is 'module:attr', 'path/to/file.py' or 'file.py:attr' "
        "(attribute 'bot' by default). Run 'kagari COMMAND --help' for details.",
    )
    parser.add_argument("--version", action="version", version=f"kagari {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    parser.add_argument(
        "--env-file",
        type=pathlib.Path,
        metavar="PATH",
        help="load this env file instead of ./.env (needs python-dotenv: kagari[dotenv])",
    )
    parser.add_argument(
        "--no-env-file", action="store_true", help="do not load ./.env (nor --env-file)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (run, sync, schema, send, doctor, endpoint, invite):
        module.add_parser(subparsers)
    return parser


_EXIT_BROKEN_PIPE = 141
"""Exit code when stdout's reader left early: 128 + SIGPIPE, as a shell reports it."""


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor behind sys.stdout
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code.

    0 is success; 1 a failure (reported in one line, or with a traceback under
    ``--debug``); 2 a usage error; ``kagari sync --check`` returns 2 when changes are
    pending; 130 an interruption by Ctrl-C.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = bool(args.debug)
    try:
        load_env_file(args.env_file, enabled=not args.no_env_file)
        code: int = args.func(args)
        sys.stdout.flush()  # a reader that left shows here, not in the interpreter's exit
    except CLIError as error:
        if debug:
            traceback.print_exc()
        print(f"kagari {args.command}: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("kagari: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`kagari send ... | head -1`): nothing left to say to it.
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        _silence_stdout()
        return _EXIT_BROKEN_PIPE
    except Exception as error:
        if debug:
            traceback.print_exc()
        else:
            print(
                f"kagari {args.command}: error: {type(error).__name__}: {error}\n"
                "(run 'kagari --debug ...' for the traceback)",
                file=sys.stderr,
            )
        return 1
    return code
