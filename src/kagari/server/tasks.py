"""Background tasks that outlive an HTTP response and are awaited on shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["TaskTracker"]

_LOGGER = logging.getLogger("kagari.server.tasks")
_T = TypeVar("_T")


class TaskTracker:
    """Keeps strong references to background tasks, logs their failures, drains them."""

    __slots__ = ("_tasks",)

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def create(self, coro: Coroutine[Any, Any, _T], *, name: str | None = None) -> asyncio.Task[_T]:
        """Start ``coro`` as a tracked task; an exception it raises is logged with its name."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            _LOGGER.error("background task %s failed", task.get_name(), exc_info=error)

    async def drain(self, timeout: float | None) -> None:
        """Wait up to ``timeout`` seconds for every task, then cancel what is left."""
        if not self._tasks:
            return
        pending = set(self._tasks)
        _, still_running = await asyncio.wait(pending, timeout=timeout)
        for task in still_running:
            task.cancel()
        if still_running:
            _LOGGER.warning(
                "cancelled %d background task(s) still running at shutdown", len(still_running)
            )
            await asyncio.wait(still_running, timeout=1.0)
