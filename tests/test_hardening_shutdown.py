"""Issue 18, item 11: a drain that fits Kubernetes' grace period, and no silent cut-offs.

The default drain is 25 s (a pod gets 30 s after SIGTERM), configurable. Each
interaction shutdown cuts off is logged with its id, and one that still shows
"thinking..." gets a short failure message through the REST client instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from kagari import RESTBot
from kagari.builders.responses import Defer, ResponseBuilder
from kagari.models import CommandInteraction
from kagari.server.devkeys import DevKeyPair
from kagari.server.shutdown import CUT_OFF_MESSAGE, DEFAULT_DRAIN_TIMEOUT, drain_deadline
from kagari.testing import FakeDiscord, TestClient, command_payload

_EDIT = "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original"


def test_the_default_drain_fits_a_30_second_grace_period() -> None:
    assert DEFAULT_DRAIN_TIMEOUT == 25.0
    assert drain_deadline(DEFAULT_DRAIN_TIMEOUT, 60.0) == 25.0  # start()'s default
    assert drain_deadline(DEFAULT_DRAIN_TIMEOUT, 5.0) == 5.0
    assert drain_deadline(None, 60.0) == 60.0
    assert RESTBot(None, logs=None)._drain_timeout == 25.0


async def test_a_cut_off_deferral_is_logged_and_its_thinking_replaced(
    caplog: pytest.LogCaptureFixture,
) -> None:
    forever = asyncio.Event()
    filled: list[str] = []

    async def slow(interaction: CommandInteraction) -> AsyncIterator[ResponseBuilder]:
        yield Defer()
        if interaction.command_name == "fills":  # answers first, then keeps working
            await bot.rest.edit_original_response(
                interaction.application_id, interaction.token, {"content": "the answer"}
            )
            filled.append(str(interaction.id))
        await forever.wait()

    async with FakeDiscord() as fake:
        bot = RESTBot(None, logs=None, rest_url=fake.url, drain_timeout=0.5)
        bot.set_listener(CommandInteraction, slow)
        async with TestClient(bot, fake=fake, check_options=False) as client:
            thinking = await client.command("slow")
            answered = await client.command("fills")
            assert thinking.type == answered.type == 5
            for _ in range(100):
                if filled:
                    break
                await asyncio.sleep(0.02)
            with caplog.at_level(logging.INFO, "kagari"):
                started = time.perf_counter()
                await bot.close()
                elapsed = time.perf_counter() - started
        assert elapsed < 5.0  # the drain, plus at most a few seconds to tell users
        slow_id = str(thinking.interaction["id"])
        fills_id = str(answered.interaction["id"])
        (line,) = [r.getMessage() for r in caplog.records if "shutdown cut off" in r.getMessage()]
        assert slow_id in line and fills_id in line
        edits = [r for r in fake.requests if r.route == _EDIT and r.ok]
        told = [r for r in edits if r.json == {"content": CUT_OFF_MESSAGE}]
        assert [r.params["webhook_token"] for r in told] == [thinking.interaction["token"]]
        assert f"told the user of cut-off interaction {slow_id}" in caplog.text
        assert f"interaction {fills_id} was cut off after it was answered" in caplog.text


async def test_an_interaction_cut_off_before_its_answer_is_logged_with_its_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    started = asyncio.Event()

    async def stuck(interaction: CommandInteraction) -> ResponseBuilder:
        started.set()
        await asyncio.Event().wait()
        raise AssertionError("never reached")

    bot = RESTBot(None, logs=None, drain_timeout=0.3)
    bot.set_listener(CommandInteraction, stuck)
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    payload = command_payload("stuck")
    try:
        keys = DevKeyPair()
        bot.interaction_server.set_public_key(keys.public_key)
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", **keys.sign(body)}
        async with aiohttp.ClientSession() as session:
            request = asyncio.ensure_future(session.post(bot.url, data=body, headers=headers))
            await asyncio.wait_for(started.wait(), 5)
            with caplog.at_level(logging.WARNING, "kagari"):
                await bot.close()
            with pytest.raises(aiohttp.ClientError):
                await asyncio.wait_for(request, 5)
    finally:
        await bot.close()
    assert f"interaction {payload['id']} was cut off before it was answered" in caplog.text
