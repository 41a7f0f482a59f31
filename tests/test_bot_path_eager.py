"""``start_eagerly``: a coroutine runs at once in a task of its own, up to its first wait,
and from there on is that task's like any other (cancellation, errors, its name)."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from kagari.app.runtime.eager import start_eagerly

_where: contextvars.ContextVar[str] = contextvars.ContextVar("where", default="caller")


async def test_a_coroutine_that_never_waits_is_done_on_return() -> None:
    ran: list[asyncio.Task[object] | None] = []

    async def quick() -> None:
        ran.append(asyncio.current_task())
        _where.set("quick")

    caller = asyncio.current_task()
    assert start_eagerly(quick()) is None
    assert ran and ran[0] is not None and ran[0] is not caller
    assert asyncio.current_task() is caller  # the caller is current again
    assert _where.get() == "caller"  # what it set stayed in its own context


async def test_a_coroutine_that_waits_goes_on_in_its_task() -> None:
    gate = asyncio.Event()
    steps: list[str] = []

    async def waits() -> None:
        steps.append("started")
        _where.set("waits")
        await gate.wait()
        steps.append(f"resumed in {_where.get()}")

    task = start_eagerly(waits())
    assert task is not None and task.get_name() == "kagari-handler"
    assert steps == ["started"]  # the first step ran before start_eagerly returned
    assert "waits" in repr(task)
    gate.set()
    await task
    assert steps == ["started", "resumed in waits"]


@pytest.mark.parametrize("turns", [0, 1])
async def test_cancelling_the_task_reaches_the_coroutine_where_it_waits(turns: int) -> None:
    seen: list[str] = []

    async def waits() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    task = start_eagerly(waits())
    assert task is not None
    for _ in range(turns):  # 0: before the task's own first step ran
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert seen == ["cancelled"]


async def test_an_error_before_the_first_wait_reaches_the_caller() -> None:
    async def fails() -> None:
        raise LookupError("at once")

    caller = asyncio.current_task()
    with pytest.raises(LookupError, match="at once"):
        start_eagerly(fails())
    assert asyncio.current_task() is caller


async def test_an_error_after_a_wait_ends_the_task_with_it() -> None:
    async def fails_later() -> None:
        await asyncio.sleep(0)
        raise LookupError("later")

    task = start_eagerly(fails_later())
    assert task is not None
    with pytest.raises(LookupError, match="later"):
        await task
