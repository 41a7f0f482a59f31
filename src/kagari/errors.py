"""Errors raised by kagari's core that are not about a REST call."""

from __future__ import annotations

import signal

__all__ = ["KagariError", "KagariInterrupt"]


class KagariError(Exception):
    """Base of kagari's own errors."""


class KagariInterrupt(KeyboardInterrupt):
    """Raised by :meth:`kagari.RESTBot.run` after a signal closed the bot, when
    ``propagate_interrupts=True``.

    Attributes:
        signum: The signal's number.
        signame: The signal's name (``"SIGINT"``, ``"SIGTERM"``).
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.signame = signal.Signals(signum).name
        super().__init__(f"interrupted by {self.signame}")
