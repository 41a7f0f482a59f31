"""Shutdown within an orchestrator's grace period, and a last word for cut-off users.

Kubernetes sends SIGTERM, waits ``terminationGracePeriodSeconds`` (30 s by default),
then kills the process. :func:`drain` gives in-flight requests and post-response work
one shared deadline (:data:`DEFAULT_DRAIN_TIMEOUT`, 25 s, leaving room for the rest of
the shutdown), logs each interaction it has to cut off with its id, and
:func:`tell_cut_off` replaces the "thinking..." of each cut-off deferred interaction
with a short failure message, where the interaction token still allows it.

This module knows no REST client: the caller passes the two calls it needs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from kagari.server.front import HTTPFront
from kagari.server.logs import escape
from kagari.server.tasks import CutOff, TaskTracker

__all__ = [
    "CUT_OFF_MESSAGE",
    "DEFAULT_DRAIN_TIMEOUT",
    "drain",
    "drain_deadline",
    "tell_cut_off",
]

_LOGGER = logging.getLogger("kagari.server")

DEFAULT_DRAIN_TIMEOUT = 25.0
"""Seconds shutdown waits, in all, for in-flight requests and post-response work."""

CUT_OFF_MESSAGE = "Sorry, the bot restarted before it could finish this. Please try again."
"""What a cut-off user sees instead of "thinking..."."""

TOKEN_LIFETIME = 15 * 60.0
"""Seconds an interaction token can edit its response (Discord: 15 minutes)."""

_DEFERRED_MESSAGE = 5
_LOADING = 1 << 7
_TELL_TIMEOUT = 3.0
_AT_ONCE = 32
_FAILURES_SHOWN = 10

FetchOriginal = Callable[[str, str], Awaitable[Any]]
"""``fetch(application_id, token)``: the interaction's original response message."""
EditOriginal = Callable[[str, str, dict[str, Any]], Awaitable[Any]]
"""``edit(application_id, token, body)``: edit the interaction's original response."""


def drain_deadline(drain_timeout: float | None, shutdown_timeout: float) -> float:
    """The seconds shutdown may take in all: the tighter of the two settings.

    Args:
        drain_timeout: The drain limit (``None``: only ``shutdown_timeout`` counts).
        shutdown_timeout: The limit given to ``start``/``run``.
    """
    if drain_timeout is None:
        return shutdown_timeout
    return min(drain_timeout, shutdown_timeout)


async def drain(front: HTTPFront, tasks: TaskTracker, timeout: float) -> list[CutOff]:
    """Close the HTTP front, then wait for background work, all within ``timeout``.

    The front's own limit is the one it was started with (give it ``timeout`` too);
    background work gets what is left of ``timeout``.

    Returns:
        The interactions whose post-response work was cut off (each already logged).
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    await front.close()
    left = max(timeout - (loop.time() - started), 0.0)
    return await tasks.drain(left)


async def tell_cut_off(
    cut_offs: Sequence[CutOff],
    fetch: FetchOriginal,
    edit: EditOriginal,
    *,
    message: str = CUT_OFF_MESSAGE,
    timeout: float = _TELL_TIMEOUT,
) -> int:
    """Replace the "thinking..." of each cut-off deferred interaction with ``message``.

    Only interactions answered with a deferral (type 5) whose original response still
    shows "thinking..." (the loading flag) are edited, and only while their token is
    young enough; an answer the work already filled in is left alone. Every outcome is
    logged with the interaction's id.

    Args:
        cut_offs: From :func:`drain`.
        fetch: Fetches an original response.
        edit: Edits an original response.
        message: The text to show.
        timeout: Seconds all the edits may take together.

    Returns:
        How many messages were replaced.
    """
    now = asyncio.get_running_loop().time()
    told = [
        cut
        for cut in cut_offs
        if cut.response_type == _DEFERRED_MESSAGE
        and cut.token
        and cut.application_id
        and now - cut.received_at < TOKEN_LIFETIME - timeout
    ]
    if not told:
        return 0

    gate = asyncio.Semaphore(_AT_ONCE)
    failures: list[str] = []

    async def tell(cut: CutOff) -> bool:
        shown = escape(cut.interaction_id)
        async with gate:
            try:
                original = await fetch(cut.application_id, cut.token)
                flags = original.get("flags", 0) if isinstance(original, dict) else 0
                if not isinstance(flags, int) or not flags & _LOADING:
                    _LOGGER.info("interaction %s was cut off after it was answered", shown)
                    return False
                await edit(cut.application_id, cut.token, {"content": message})
            except Exception as error:
                failures.append(shown)
                if len(failures) <= _FAILURES_SHOWN:
                    _LOGGER.warning(
                        "could not tell the user of cut-off interaction %s: %s",
                        shown,
                        escape(error),
                    )
                return False
        _LOGGER.info("told the user of cut-off interaction %s that it failed", shown)
        return True

    jobs = [asyncio.ensure_future(tell(cut)) for cut in told]
    done, late = await asyncio.wait(jobs, timeout=timeout)
    for job in late:
        job.cancel()
    if late:
        _LOGGER.warning("gave up telling %d cut-off interaction(s) after %g s", len(late), timeout)
        await asyncio.wait(late, timeout=1.0)
    if len(failures) > _FAILURES_SHOWN:
        _LOGGER.warning(
            "could not tell the users of %d more cut-off interactions either (their ids "
            "are in the cut-off lines above)",
            len(failures) - _FAILURES_SHOWN,
        )
    return sum(1 for job in done if not job.cancelled() and job.result())
