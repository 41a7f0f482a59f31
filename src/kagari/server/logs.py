"""Logging what comes off the wire: escaped, and rate-limited for rejected requests.

A client can send as many bad requests as it likes; one log line each would let it
fill the disk (about 1.2 MB/s at 10,000 bad requests a second). :class:`RejectionLog`
logs the first rejection of each reason per interval and then one summary line with
the counts of what it held back. :func:`escape` makes any text from a request safe for
a one-line log record (no newlines, control characters or terminal escapes).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

__all__ = ["DEFAULT_LOG_INTERVAL", "RejectionLog", "escape"]

DEFAULT_LOG_INTERVAL = 10.0
"""Seconds between two log lines for the same kind of rejection."""

_MAX_SHOWN = 80


def escape(value: object, limit: int = _MAX_SHOWN) -> str:
    """``value`` as printable one-line text, shortened to about ``limit`` characters.

    Control characters, newlines, backslashes and anything outside printable ASCII are
    written as Python escapes, so a value from the wire can neither forge a log line
    nor drive a terminal.
    """
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[:limit]
        cut = True
    else:
        cut = False
    if not (text.isascii() and text.isprintable() and "\\" not in text):
        text = text.encode("unicode_escape").decode("ascii")
    return text + "..." if cut else text


class RejectionLog:
    """Logs rejected requests at WARNING, at most once per reason per interval.

    The first rejection of a reason in an interval is logged as it comes; the ones
    after it are counted, and the next line for that reason (or :meth:`flush`) says
    how many were held back.

    Args:
        logger: Where the lines go.
        interval: Seconds between two lines for one reason.
        clock: Monotonic clock; replace it in tests.
    """

    __slots__ = ("_clock", "_held", "_logger", "_next", "interval")

    def __init__(
        self,
        logger: logging.Logger,
        interval: float = DEFAULT_LOG_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger = logger
        self.interval = interval
        self._clock = clock
        self._next: dict[str, float] = {}
        self._held: dict[str, int] = {}

    def reject(self, status: int, reason: str, detail: str = "") -> None:
        """Record one rejected request.

        Args:
            status: The HTTP status it got.
            reason: A fixed text naming the kind of rejection (the key rate-limited on).
            detail: Text about this one request (escaped before it is logged).
        """
        key = f"{status}: {reason}"
        now = self._clock()
        if now < self._next.get(key, 0.0):
            self._held[key] = self._held.get(key, 0) + 1
            return
        if len(self._next) > 256:  # reasons are fixed texts; never let them pile up
            self.flush()
        self._next[key] = now + self.interval
        held = self._held.pop(key, 0)
        more = f" [{held} more like it in the last {self.interval:g} s]" if held else ""
        shown = f" ({escape(detail, 200)})" if detail else ""
        self._logger.warning("rejected request (%s%s)%s", key, shown, more)

    def flush(self) -> None:
        """Log the counts held back so far and start every reason afresh."""
        for key, held in self._held.items():
            if held:
                self._logger.warning(
                    "rejected request (%s): %d more like it were not logged", key, held
                )
        self._held.clear()
        self._next.clear()
