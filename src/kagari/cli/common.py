"""What every subcommand shares: the error type, stderr messages, async running."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["CLIError", "info", "run_async", "warn"]

_T = TypeVar("_T")


class CLIError(Exception):
    """A failure to report as one readable message (no traceback) and an exit code.

    Args:
        message: What went wrong.
        hint: What to do about it (printed on its own line).
        exit_code: The process exit code (1 by default; 2 is usage errors).
    """

    def __init__(self, message: str, *, hint: str | None = None, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message}\nhint: {self.hint}"


def info(message: str) -> None:
    """Print a progress message on stderr (stdout is kept for results)."""
    print(f"kagari: {message}", file=sys.stderr, flush=True)


def warn(message: str) -> None:
    """Print a warning on stderr."""
    print(f"kagari: warning: {message}", file=sys.stderr, flush=True)


def run_async(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run a coroutine to completion in a fresh event loop."""
    return asyncio.run(coro)
