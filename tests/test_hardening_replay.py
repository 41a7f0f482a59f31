"""Issue 18, items 2, 3 and 7: the duplicate-id cache.

2. A repeat that waits on an in-flight interaction gets an answer (the first one, or a
   clear 409) even when that id is pushed out of the cache meanwhile; never a hang.
3. An id is remembered for the whole replay window however many newer ids arrive.
7. Answers are kept compactly and without file bytes; memory is bounded by bytes.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import tracemalloc
from typing import Any

import pytest

from kagari.builders.files import File
from kagari.builders.responses import Message
from kagari.models import CommandInteraction
from kagari.server.devkeys import DevKeyPair
from kagari.server.pipeline import InteractionServer
from kagari.server.replay import ENTRY_COST, AnswerDropped, ReplayCache
from kagari.server.tasks import TaskTracker
from kagari.testing import command_payload

from .test_hardening_served import serve


def _signed(keys: DevKeyPair, payload: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    body = json.dumps(payload).encode()
    headers = keys.sign(body)
    return (
        body,
        headers["X-Signature-Ed25519"].encode(),
        headers["X-Signature-Timestamp"].encode(),
    )


def _with_id(payload: dict[str, Any], interaction_id: int) -> dict[str, Any]:
    return {**payload, "id": str(interaction_id)}


async def test_a_waiting_repeat_gets_a_clear_409_when_its_id_is_pushed_out() -> None:
    release = asyncio.Event()
    started = asyncio.Event()
    calls: list[str] = []

    async def slow(interaction: CommandInteraction) -> Message:
        calls.append(str(interaction.id))
        if str(interaction.id) == "1000":
            started.set()
            await release.wait()
        return Message(content="done")

    # room for about three ids: newer ones push the in-flight id out
    budget = 3 * (ENTRY_COST + 4) + 8
    async with serve(replay_cache_bytes=budget) as served:
        served.server.set_listener(CommandInteraction, slow)
        payload = command_payload("ping")
        first = asyncio.ensure_future(served.post(_with_id(payload, 1000)))
        await asyncio.wait_for(started.wait(), 5)
        repeat = asyncio.ensure_future(served.post(_with_id(payload, 1000)))
        await asyncio.sleep(0.1)
        assert not repeat.done()  # waiting on the first answer, as it should
        for newer in range(2000, 2005):
            assert (await served.post(_with_id(payload, newer)))[0] == 200
        status, body = await asyncio.wait_for(repeat, 5)
        assert status == 409
        assert "first attempt was not answered" in json.loads(body)["error"]
        release.set()
        assert (await asyncio.wait_for(first, 5))[0] == 200
    assert calls.count("1000") == 1


async def test_a_waiting_repeat_gets_the_first_answer_when_it_comes() -> None:
    release = asyncio.Event()

    async def slow(interaction: CommandInteraction) -> Message:
        await release.wait()
        return Message(content="the first answer")

    async with serve() as served:
        served.server.set_listener(CommandInteraction, slow)
        payload = command_payload("ping")
        first = asyncio.ensure_future(served.post(payload))
        await asyncio.sleep(0.1)
        repeat = asyncio.ensure_future(served.post(payload))
        await asyncio.sleep(0.1)
        release.set()
        assert await asyncio.wait_for(first, 5) == await asyncio.wait_for(repeat, 5)


async def test_ids_are_remembered_for_the_window_past_ten_thousand_newer_ones() -> None:
    keys = DevKeyPair()
    server = InteractionServer(keys.public_key, tasks=TaskTracker())
    calls: list[str] = []

    async def listener(interaction: CommandInteraction) -> Message:
        calls.append(str(interaction.id))
        return Message(content="hi")

    server.set_listener(CommandInteraction, listener)
    payload = command_payload("ping")
    first = _signed(keys, _with_id(payload, 1))
    assert (await server.on_interaction(*first)).status == 200
    template = json.dumps(_with_id(payload, 0)).encode()
    for index in range(2, 12_003):  # more than the 10,000 ids the old cache held
        body = template.replace(b'"id": "0"', f'"id": "{index}"'.encode(), 1)
        headers = keys.sign(body)
        answer = await server.on_interaction(
            body,
            headers["X-Signature-Ed25519"].encode(),
            headers["X-Signature-Timestamp"].encode(),
        )
        assert answer.status == 200
    replay = await server.on_interaction(*first)
    assert replay.status == 200
    assert calls.count("1") == 1  # the listener did not run again
    assert len(calls) == 12_002


async def test_answers_with_files_are_not_kept_and_repeats_are_refused(
    caplog: pytest.LogCaptureFixture,
) -> None:
    megabyte = b"x" * (1024 * 1024)

    async def with_file(interaction: CommandInteraction) -> Message:
        return Message(content="here", files=[File(megabyte, "big.bin")])

    async with serve() as served:
        served.server.set_listener(CommandInteraction, with_file)
        payload = command_payload("ping")
        for index in range(20):
            status, body = await served.post(_with_id(payload, 5000 + index))
            assert status == 200 and len(body) > len(megabyte)
        replays = served.server._replays
        assert replays is not None
        assert replays.size < 20 * 1024  # 20 ids and no file bytes, not 20 MiB
        with caplog.at_level(logging.WARNING, "kagari"):
            status, body = await served.post(_with_id(payload, 5000))
        assert status == 409
        assert "with files is not replayed" in json.loads(body)["error"]
        assert "409" in caplog.text


async def test_memory_is_bounded_by_bytes_oldest_answers_go_first() -> None:
    async def big_json(interaction: CommandInteraction) -> Message:
        return Message(content="y" * 1500)

    budget = 96 * 1024  # 200 ids fit, and some of their answers
    async with serve(replay_cache_bytes=budget) as served:
        served.server.set_listener(CommandInteraction, big_json)
        payload = command_payload("ping")
        for index in range(200):
            assert (await served.post(_with_id(payload, 9000 + index)))[0] == 200
        replays = served.server._replays
        assert replays is not None
        assert replays.size <= budget
        assert len(replays) == 200  # every id still remembered: only answers went
        assert replays.overflows == 0
        newest = await served.post(_with_id(payload, 9199))
        assert newest[0] == 200 and b"y" * 1500 in newest[1]  # kept, replayed
        oldest = await served.post(_with_id(payload, 9000))
        assert oldest[0] == 409
        assert "no longer kept" in json.loads(oldest[1])["error"]


async def test_cache_reports_answers_dropped_for_the_budget() -> None:
    cache: ReplayCache[str] = ReplayCache(ttl=300, max_entries=None, max_bytes=4 * ENTRY_COST)
    assert cache.begin("a") is None
    cache.finish("a", "answer a", size=ENTRY_COST)
    for key in "bc":
        assert cache.begin(key) is None
    repeat = cache.begin("a")
    assert repeat is not None
    with pytest.raises(AnswerDropped):
        await repeat
    assert cache.size <= 4 * ENTRY_COST and cache.overflows == 0


async def test_kept_answers_cost_what_they_are_counted_as() -> None:
    """An encoder's spare buffer is not kept (orjson's output sits in 4 KiB for any size)."""
    keys = DevKeyPair()
    server = InteractionServer(keys.public_key, tasks=TaskTracker())

    async def listener(interaction: CommandInteraction) -> Message:
        return Message(content="pong")

    server.set_listener(CommandInteraction, listener)
    template = json.dumps(_with_id(command_payload("ping"), 0)).encode()
    requests = []
    for index in range(1, 3001):
        body = template.replace(b'"id": "0"', f'"id": "{10**18 + index}"'.encode(), 1)
        headers = keys.sign(body)
        signature = headers["X-Signature-Ed25519"].encode()
        requests.append((body, signature, headers["X-Signature-Timestamp"].encode()))
    for request in requests[:500]:  # warm up: caches, interned strings, arenas
        await server.on_interaction(*request)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for request in requests[500:]:
            await server.on_interaction(*request)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    replays = server._replays
    assert replays is not None
    per_interaction = grown / 2500
    counted = replays.size / len(replays)
    assert per_interaction < 1024, per_interaction
    assert per_interaction <= counted, (per_interaction, counted)
