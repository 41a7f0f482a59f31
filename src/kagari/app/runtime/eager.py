"""Start a handler in a task of its own, eagerly: it runs at once, up to its first wait.

A handler that answers without waiting then costs no event-loop turn: the request that
started it reads the answer right away. One that waits goes on in its task like any
other. Either way the handler only ever runs inside its own task, so
``asyncio.current_task()``, ``asyncio.timeout()`` and libraries that cancel "the current
task" on a timeout (aiohttp's request timeouts) see the task that runs it from start to
end.

Python 3.12+ starts the task with ``eager_start=True``. On 3.10 and 3.11 the task is
created the usual way and its first step is taken at once in the caller, with the new
task made the current one for that step (what 3.12's eager start does); the step the
loop then runs only picks up where that one stopped.
"""

from __future__ import annotations

import asyncio
import collections.abc
import contextvars
import sys

# What 3.12's eager start does for a task's first step: make it the current task.
from asyncio.tasks import _enter_task, _leave_task
from collections.abc import Coroutine, Generator
from typing import Any

__all__ = ["start_eagerly"]

_EAGER_START = sys.version_info >= (3, 12)
_TASK_CONTEXT = sys.version_info >= (3, 11)
_TASK_NAME = "kagari-handler"
"""The name every task starts with (its owner may rename one that goes on)."""


def start_eagerly(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
    """Run ``coro`` in a new task now, until it first waits.

    The task is called ``kagari-handler`` (a constant: nothing is formatted for a task
    that ends at once); name one that goes on with ``set_name``.

    Args:
        coro: The work; its exceptions should be handled inside it.

    Returns:
        ``None`` when ``coro`` finished without waiting, else the task running it.

    Raises:
        BaseException: Whatever ``coro`` raised before it first waited.
    """
    loop = asyncio.get_running_loop()
    if _EAGER_START:
        task: asyncio.Task[None] = asyncio.Task(  # type: ignore[call-arg,unused-ignore]
            coro, loop=loop, name=_TASK_NAME, eager_start=True
        )
        if task.done():
            task.result()  # raises what the coroutine raised
            return None
        return task
    return _start_stepped(loop, coro)


def _start_stepped(
    loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, None]
) -> asyncio.Task[None] | None:
    context = contextvars.copy_context()
    stepped = _Stepped(coro, context)
    # Constructed directly, as 3.12's eager start does (no task factory in between).
    if _TASK_CONTEXT:
        task: asyncio.Task[None] = asyncio.Task(  # type: ignore[call-arg,unused-ignore]
            stepped, loop=loop, name=_TASK_NAME, context=context
        )
    else:  # pragma: no cover - Python 3.10
        task = asyncio.Task(stepped, loop=loop, name=_TASK_NAME)
    caller = asyncio.current_task(loop)
    if caller is not None:
        _leave_task(loop, caller)
    _enter_task(loop, task)
    try:
        stepped.first_step()
    finally:
        _leave_task(loop, task)
        if caller is not None:
            _enter_task(loop, caller)
    return None if stepped.finished else task


_NOTHING: Any = object()


class _Stepped(collections.abc.Coroutine[Any, None, None]):
    """``coro`` as its task sees it: the first step already taken, the rest passed on.

    The task's first step hands it what that step stopped on (or ends it, when it
    finished); every later ``send``/``throw`` goes to ``coro``, in the context the first
    step ran in: the task's own (it runs its steps in it) where tasks take a context
    (3.11+), else entered here for each step.
    """

    __slots__ = ("_context", "_coro", "_first", "finished")

    def __init__(self, coro: Coroutine[Any, Any, None], context: contextvars.Context) -> None:
        self._coro = coro
        self._context = context
        self._first: Any = _NOTHING
        self.finished = False

    def first_step(self) -> None:
        try:
            self._first = self._context.run(self._coro.send, None)
        except StopIteration:
            self.finished = True
        except BaseException:
            self.finished = True
            raise

    def send(self, value: None) -> Any:
        first = self._first
        if first is not _NOTHING:
            self._first = _NOTHING
            return first  # what the first step waits on: the task now waits on it
        if self.finished:
            raise StopIteration
        if _TASK_CONTEXT:
            return self._coro.send(value)
        return self._context.run(self._coro.send, value)  # pragma: no cover - Python 3.10

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        """Deliver an exception (a cancellation) where ``coro`` waits."""
        self._first = _NOTHING
        error = typ if val is None else val
        if self.finished:
            raise error
        if _TASK_CONTEXT:
            return self._coro.throw(error)
        return self._context.run(self._coro.throw, error)  # pragma: no cover - Python 3.10

    def close(self) -> None:
        """Close ``coro``."""
        self._coro.close()

    def __await__(self) -> Generator[Any, None, None]:
        raise TypeError("a started handler is driven by its task, not awaited")

    # What asyncio shows of a task's coroutine (its repr, "Task was destroyed..."): the
    # handler's, not this wrapper's.
    @property
    def __name__(self) -> str:
        """The wrapped coroutine's name."""
        return str(getattr(self._coro, "__qualname__", None) or type(self._coro).__name__)

    @property
    def cr_code(self) -> Any:
        """The wrapped coroutine's code object."""
        return getattr(self._coro, "cr_code", None)

    @property
    def cr_frame(self) -> Any:
        """The wrapped coroutine's frame (``None`` once it is done)."""
        return getattr(self._coro, "cr_frame", None)

    @property
    def cr_running(self) -> bool:
        """Whether the wrapped coroutine is running."""
        return bool(getattr(self._coro, "cr_running", False))
