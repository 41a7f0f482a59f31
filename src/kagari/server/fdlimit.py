"""File descriptors: raise the soft limit at start, and log accept failures once a while.

Each connection holds a file descriptor. Many systems start processes with a soft
limit of 1,024 open files, far below the hard limit a process may raise itself to;
past it, every ``accept()`` fails. :func:`raise_fd_limit` lifts the soft limit to the
hard one (POSIX only, logged), and :class:`AcceptErrorLog` turns asyncio's report of
each failed ``accept()`` (with a traceback, as often as the loop retries) into one
warning per interval.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import time
from typing import Any

__all__ = ["AcceptErrorLog", "ConnectionWatch", "raise_fd_limit", "soft_fd_limit"]

_LOGGER = logging.getLogger("kagari.server")
_UNLIMITED_TARGET = 65_536
"""Soft limit asked for when the hard limit is unlimited (which few kernels allow)."""
_OUT_OF_RESOURCES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})


def raise_fd_limit() -> tuple[int, int] | None:
    """Raise the soft limit on open files to the hard limit, and log what was done.

    Returns:
        The ``(soft, hard)`` limits in force afterwards, or ``None`` where the
        ``resource`` module does not exist (Windows).
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = _UNLIMITED_TARGET if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError) as error:
            _LOGGER.warning(
                "could not raise the open-file limit from %d to %d (%s); at most about "
                "%d connections can be open at once",
                soft,
                target,
                error,
                soft,
            )
            return soft, hard
        _LOGGER.info("raised the open-file limit from %d to %d", soft, target)
        return target, hard
    _LOGGER.debug("the open-file limit is %s (hard limit %s)", soft, hard)
    return soft, hard


def _is_accept_failure(context: dict[str, Any]) -> bool:
    error = context.get("exception")
    if isinstance(error, OSError) and error.errno in _OUT_OF_RESOURCES:
        return True
    return "socket.accept() out of system resource" in str(context.get("message", ""))


class AcceptErrorLog:
    """Installs a loop exception handler that reports failed accepts once per interval.

    Every other error goes on to the handler that was installed before (or the loop's
    default one). :meth:`close` puts the previous handler back.

    Args:
        loop: The loop the servers accept on.
        interval: Seconds between two warnings.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, interval: float) -> None:
        self._loop = loop
        self._interval = interval
        self._previous = loop.get_exception_handler()
        self._next = 0.0
        self._held = 0
        self.failures = 0
        """Failed accepts seen so far."""
        loop.set_exception_handler(self._handle)

    def _handle(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if not _is_accept_failure(context):
            if self._previous is not None:
                self._previous(loop, context)
            else:
                loop.default_exception_handler(context)
            return
        self.failures += 1
        now = time.monotonic()
        if now < self._next:
            self._held += 1
            return
        self._next = now + self._interval
        held, self._held = self._held, 0
        more = f" [{held} more in the last {self._interval:g} s]" if held else ""
        _LOGGER.warning(
            "cannot accept new connections: out of file descriptors or memory (%s); raise "
            "the open-file limit or run more instances%s",
            context.get("exception") or context.get("message"),
            more,
        )

    def close(self) -> None:
        """Put back the exception handler that was there before."""
        if self._loop.get_exception_handler() == self._handle:
            self._loop.set_exception_handler(self._previous)


class ConnectionWatch:
    """Warns, once per interval, when open connections near the open-file limit.

    Some loops (uvloop) say nothing at all when ``accept()`` fails for want of file
    descriptors; counting connections as they open gives a warning on any loop
    before that happens.

    Args:
        soft_limit: The soft open-file limit in force.
        interval: Seconds between two warnings.
        share: The fraction of the limit at which to warn.
    """

    def __init__(self, soft_limit: int, interval: float, share: float = 0.9) -> None:
        self.soft_limit = soft_limit
        self.warn_at = max(int(soft_limit * share), 1)
        self._interval = interval
        self._next = 0.0

    def opened(self, open_connections: int) -> None:
        """Note that a connection opened, with ``open_connections`` now open."""
        if open_connections < self.warn_at:
            return
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self._interval
        _LOGGER.warning(
            "%d connections are open, close to the open-file limit of %d: new connections "
            "will soon fail; raise the limit or run more instances",
            open_connections,
            self.soft_limit,
        )


def soft_fd_limit() -> int | None:
    """The soft open-file limit in force, or ``None`` if unlimited or unknown."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return None
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return None if soft == resource.RLIM_INFINITY else int(soft)
