"""Issue 18, item 6: admission control for interactions in flight.

An interaction is in flight from its arrival until its listener is done, including
the work an async generator listener does after its first answer (a deferred command
is the usual case). Past ``max_in_flight`` new interactions get a fast, logged 503
(rate-limited), so memory stays bounded however fast they come.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator

import pytest

from kagari import RESTBot
from kagari.builders.responses import Defer, ResponseBuilder
from kagari.models import CommandInteraction
from kagari.server.pipeline import DEFAULT_MAX_IN_FLIGHT, InteractionServer
from kagari.server.tasks import TaskTracker
from kagari.testing import command_payload, ping_payload

from .test_hardening_served import serve


async def test_past_the_limit_new_interactions_get_a_fast_logged_503(
    caplog: pytest.LogCaptureFixture,
) -> None:
    release = asyncio.Event()
    finished: list[str] = []

    async def deferred(interaction: CommandInteraction) -> AsyncIterator[ResponseBuilder]:
        yield Defer()
        await release.wait()  # the slow work after "thinking..."
        finished.append(str(interaction.id))

    async with serve(max_in_flight=3, log_interval=60.0) as served:
        served.server.set_listener(CommandInteraction, deferred)
        for _ in range(3):
            status, body = await served.post(command_payload("slow"))
            assert status == 200 and json.loads(body)["type"] == 5
        assert served.server.in_flight == 3
        refused = command_payload("slow")
        with caplog.at_level(logging.WARNING, "kagari"):
            started = time.perf_counter()
            statuses = [(await served.post(command_payload("slow")))[0] for _ in range(20)]
            status, body = await served.post(refused)
            elapsed = time.perf_counter() - started
        assert statuses == [503] * 20 and status == 503
        assert json.loads(body) == {"error": "too many interactions in flight"}
        assert elapsed < 5.0
        lines = [r.getMessage() for r in caplog.records if "in flight" in r.getMessage()]
        assert len(lines) == 1, lines  # one line, not one per refusal
        assert (await served.post(ping_payload()))[0] == 200  # PING is never refused
        release.set()
        for _ in range(100):
            if served.server.in_flight == 0:
                break
            await asyncio.sleep(0.02)
        assert served.server.in_flight == 0 and len(finished) == 3
        # a refused id was not remembered as answered: Discord's retry would run it
        assert (await served.post(refused))[0] == 200


async def test_a_listener_that_fails_or_returns_frees_its_place() -> None:
    async def failing(interaction: CommandInteraction) -> ResponseBuilder:
        raise RuntimeError("user code")

    async with serve(max_in_flight=1) as served:
        served.server.set_listener(CommandInteraction, failing)
        for _ in range(3):
            assert (await served.post(command_payload("x")))[0] == 500
        assert served.server.in_flight == 0


def test_the_limit_is_a_restbot_keyword_with_a_default() -> None:
    bot = RESTBot(None, logs=None, max_in_flight=7)
    assert bot.interaction_server.max_in_flight == 7
    assert RESTBot(None, logs=None).interaction_server.max_in_flight == DEFAULT_MAX_IN_FLIGHT
    assert RESTBot(None, logs=None, max_in_flight=None).interaction_server.max_in_flight is None
    with pytest.raises(ValueError, match="max_in_flight"):
        InteractionServer(None, tasks=TaskTracker(), max_in_flight=0)
