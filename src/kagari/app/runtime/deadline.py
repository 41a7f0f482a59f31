"""The 3-second rule: wait for the handler's first answer, deferring when it is late.

Discord drops an interaction that is not answered within 3 seconds. If the handler has
not answered by the deadline (2.5 s after the interaction reached the listener by
default) kagari answers with a deferral itself, and the handler's eventual answer
becomes an edit of that deferred response. A handler that may answer with a modal is
never deferred (a modal must be the first answer); kagari logs a warning instead.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from kagari.app.declare.scope import AutoDefer
from kagari.app.runtime.responder import Prebuilt, ResponseState

__all__ = ["DEFAULT_DEADLINE", "first_response"]

_LOGGER = logging.getLogger("kagari.app")

DEFAULT_DEADLINE = 2.5
"""Seconds after arrival by which kagari answers for a handler that has not answered."""


async def first_response(
    state: ResponseState,
    task: asyncio.Task[Any],
    *,
    deadline: float,
    auto_defer: AutoDefer,
    may_return_modal: bool,
    owner: str,
) -> Prebuilt | None:
    """Wait for the HTTP answer of a handler that is waiting, deferring it at the deadline.

    One timer (``loop.call_at``) stands for the deadline and is cancelled as soon as
    there is an answer. If this wait is cancelled (the request is cut off), so is
    ``task``.

    Args:
        state: The interaction's response state.
        task: The task running checks and the handler.
        deadline: Seconds after arrival to wait before deferring.
        auto_defer: ``True``, ``"ephemeral"`` or ``False`` (never defer).
        may_return_modal: Whether the handler may answer with a modal (never deferred).
        owner: The handler's name, for the log.

    Returns:
        The answer, or ``None`` if the task ended without one (a bug; logged).
    """
    if state.answer is not None:
        return state.answer
    answered = state.answered()

    def wake(_: object) -> None:
        if not answered.done():
            answered.set_result(None)

    def at_deadline() -> None:
        if state.answer is not None or task.done():
            return
        if auto_defer is not False and not may_return_modal:
            state.auto_defer(ephemeral=auto_defer == "ephemeral")
            return
        why = "it may answer with a modal" if may_return_modal else "auto_defer is off"
        _LOGGER.warning(
            "interaction %s: %s has not answered after %.2fs and is not deferred "
            "automatically (%s); Discord drops interactions not answered within 3 seconds",
            state.interaction.id,
            owner,
            state.elapsed(),
            why,
        )

    task.add_done_callback(wake)
    timer = state.loop.call_at(state.started + deadline, at_deadline)
    try:
        await answered
    except BaseException:
        task.cancel()
        raise
    finally:
        timer.cancel()
        task.remove_done_callback(wake)
    answer = state.answer
    if answer is None:
        _LOGGER.error("interaction %s: %s ended without any answer", state.interaction.id, owner)
        return None
    if not state.auto_deferred:
        elapsed = state.elapsed()
        if elapsed > 3.0:
            _LOGGER.warning(
                "interaction %s answered after %.2fs; Discord has probably dropped it",
                state.interaction.id,
                elapsed,
            )
    return answer
