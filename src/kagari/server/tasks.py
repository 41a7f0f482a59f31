"""Background tasks that outlive an HTTP response and are awaited on shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from kagari.server.logs import escape

__all__ = ["CutOff", "TaskTracker"]

_LOGGER = logging.getLogger("kagari.server.tasks")
_T = TypeVar("_T")
_IDS_PER_LINE = 25


@dataclass(frozen=True)
class CutOff:
    """An interaction whose work was still running when shutdown cancelled it.

    Attributes:
        interaction_id: The interaction's id.
        application_id: The application it was sent to (``""`` if the payload had none).
        token: Its interaction token, for a last message over REST (``""`` if none).
        response_type: The callback type of the HTTP answer already sent (5 means the
            user sees "thinking..." until the original response is edited).
        received_at: When it arrived, on the event loop's clock.
    """

    interaction_id: str
    application_id: str
    token: str
    response_type: int
    received_at: float

    def __repr__(self) -> str:  # never show the token
        return f"CutOff(interaction_id={self.interaction_id!r}, type={self.response_type})"


class TaskTracker:
    """Keeps strong references to background tasks, logs their failures, drains them."""

    __slots__ = ("_tasks",)

    def __init__(self) -> None:
        self._tasks: dict[asyncio.Task[Any], CutOff | None] = {}

    def __len__(self) -> int:
        return len(self._tasks)

    def create(
        self,
        coro: Coroutine[Any, Any, _T],
        *,
        name: str | None = None,
        interaction: CutOff | None = None,
    ) -> asyncio.Task[_T]:
        """Start ``coro`` as a tracked task; an exception it raises is logged with its name.

        Args:
            coro: The work.
            name: The task's name, for the logs.
            interaction: The interaction the work belongs to, reported if shutdown
                cancels it (see :meth:`drain`).
        """
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self.adopt(task, interaction=interaction)
        return task

    def adopt(self, task: asyncio.Task[Any], *, interaction: CutOff | None = None) -> None:
        """Track a task that is already running, like one :meth:`create` started.

        Args:
            task: The task to track.
            interaction: The interaction it belongs to, as for :meth:`create`.
        """
        self._tasks[task] = interaction
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.pop(task, None)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            _LOGGER.error("background task %s failed", task.get_name(), exc_info=error)

    async def drain(self, timeout: float | None) -> list[CutOff]:
        """Wait up to ``timeout`` seconds for every task, then cancel what is left.

        Each cancelled task is logged on its own line: with its interaction's id when it
        belongs to one, else with its name.

        Returns:
            The interactions whose work was cancelled, for the owner to tell their users.
        """
        if not self._tasks:
            return []
        pending = dict(self._tasks)
        _, still_running = await asyncio.wait(pending, timeout=timeout)
        cut: list[CutOff] = []
        for task in still_running:
            interaction = pending[task]
            if interaction is not None:
                cut.append(interaction)
            else:
                _LOGGER.warning(
                    "shutdown cancelled background task %s, still running after %.1f s",
                    escape(task.get_name()),
                    timeout or 0.0,
                )
            task.cancel()
        # Every id is logged, a few dozen to a line, so a large drain stays readable.
        for start in range(0, len(cut), _IDS_PER_LINE):
            ids = [escape(one.interaction_id) for one in cut[start : start + _IDS_PER_LINE]]
            _LOGGER.warning(
                "shutdown cut off interaction%s %s: %s still running after %.1f s",
                "s" if len(ids) > 1 else "",
                ", ".join(ids),
                "their work was" if len(ids) > 1 else "its work was",
                timeout or 0.0,
            )
        if still_running:
            _LOGGER.warning(
                "cancelled %d background task(s) still running at shutdown", len(still_running)
            )
            await asyncio.wait(still_running, timeout=1.0)
        return cut
