"""What held before the Bot's lean path still holds on it: a served bot whose handlers
answer early and go on, pipelined requests, shutdown draining then cancelling, repeated
ids, admission counting the work after the answer, and error handlers that fail."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from kagari.app import Bot, Context
from kagari.server.devkeys import DevKeyPair
from kagari.testing import FakeDiscord, command_payload

MakeBot = Callable[..., Bot]


@contextlib.asynccontextmanager
async def served(bot: Bot) -> AsyncIterator[tuple[str, int]]:
    """Start ``bot`` on 127.0.0.1 (a free port); always close it. Yields host and port."""
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False)
    try:
        hostport = bot.url.split("//")[1].split("/")[0]
        host, port = hostport.rsplit(":", 1)
        yield host, int(port)
    finally:
        await bot.close()


def _request(keys: DevKeyPair, payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload).encode()
    head = "".join(f"{name}: {value}\r\n" for name, value in keys.sign(body).items())
    return (
        f"POST / HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n{head}"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _read_answer(reader: asyncio.StreamReader) -> dict[str, Any]:
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    answer: dict[str, Any] = json.loads(await reader.readexactly(length))
    return answer


async def _ask(bot: Bot, keys: DevKeyPair, payload: dict[str, Any]) -> tuple[int, Any]:
    body = json.dumps(payload).encode()
    headers = keys.sign(body)
    response = await bot.on_interaction(
        body,
        headers["X-Signature-Ed25519"].encode(),
        headers["X-Signature-Timestamp"].encode(),
    )
    response.sent()
    return response.status, json.loads(response.body or b"null")


async def test_a_handler_going_on_never_blocks_the_connections_next_request(
    make_bot: MakeBot, keys: DevKeyPair
) -> None:
    bot = make_bot(deadline=0.1)
    gate = asyncio.Event()

    @bot.command
    async def slow(ctx: Context) -> str:
        await gate.wait()
        return "slow"

    @bot.command
    async def quick(ctx: Context) -> str:
        return "quick"

    async with served(bot) as (host, port):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            # Both requests in one write: pipelined on one keep-alive connection.
            writer.write(
                _request(keys, command_payload("slow")) + _request(keys, command_payload("quick"))
            )
            first = await asyncio.wait_for(_read_answer(reader), 5)
            second = await asyncio.wait_for(_read_answer(reader), 5)
            assert first == {"type": 5}  # deferred at the deadline
            assert second["data"]["content"] == "quick"
            assert not gate.is_set()  # the slow handler is still running
        finally:
            gate.set()
            writer.close()
            await writer.wait_closed()


async def test_shutdown_drains_work_after_the_answer_then_cancels_it(
    make_bot: MakeBot, keys: DevKeyPair, caplog: pytest.LogCaptureFixture
) -> None:
    bot = make_bot(drain_timeout=0.3)
    events: list[str] = []

    @bot.command
    async def short(ctx: Context) -> None:
        await ctx.respond("short")
        await asyncio.sleep(0.05)
        events.append("short finished")

    @bot.command
    async def endless(ctx: Context) -> None:
        await ctx.respond("endless")
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            events.append("endless cancelled")
            raise

    with caplog.at_level(logging.WARNING):
        async with served(bot) as (host, port):
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(
                _request(keys, command_payload("short"))
                + _request(keys, command_payload("endless"))
            )
            assert (await _read_answer(reader))["data"]["content"] == "short"
            assert (await _read_answer(reader))["data"]["content"] == "endless"
            writer.close()
            await writer.wait_closed()
            assert bot.interaction_server.in_flight == 2  # both still going on
    assert events == ["short finished", "endless cancelled"]
    assert "cut off interaction" in caplog.text


async def test_work_after_the_answer_counts_against_max_in_flight(
    make_bot: MakeBot, keys: DevKeyPair
) -> None:
    bot = make_bot(max_in_flight=1)
    gate = asyncio.Event()

    @bot.command
    async def busy(ctx: Context) -> None:
        await ctx.respond("answered")
        await gate.wait()

    status, answer = await _ask(bot, keys, command_payload("busy"))
    assert (status, answer["data"]["content"]) == (200, "answered")
    assert bot.interaction_server.in_flight == 1
    status, _ = await _ask(bot, keys, command_payload("busy"))
    assert status == 503
    gate.set()
    for _ in range(200):
        if bot.interaction_server.in_flight == 0:
            break
        await asyncio.sleep(0.01)
    assert bot.interaction_server.in_flight == 0
    await bot.rest.close()


async def test_a_repeated_id_replays_the_answer_of_a_handler_that_went_on(
    bot: Bot, keys: DevKeyPair, fake: FakeDiscord
) -> None:
    runs: list[str] = []

    @bot.command
    async def once(ctx: Context) -> Any:
        runs.append("ran")
        yield "first"
        yield "second"

    payload = command_payload("once")
    assert await _ask(bot, keys, payload) == await _ask(bot, keys, payload)
    await fake.wait_for(lambda r: r.method == "POST" and "webhooks" in r.path, 5)
    assert runs == ["ran"]
    assert [r.json["content"] for r in fake.followups] == ["second"]
    await bot.rest.close()


async def test_a_failing_error_handler_is_a_polite_200_not_a_500(
    bot: Bot, keys: DevKeyPair, caplog: pytest.LogCaptureFixture
) -> None:
    @bot.command
    async def broken(ctx: Context) -> str:
        raise KeyError("boom")

    @bot.error_handler(KeyError)
    async def on_key_error(ctx: Context, error: KeyError) -> str:
        raise RuntimeError("the handler of the handler")

    with caplog.at_level(logging.ERROR):
        status, answer = await _ask(bot, keys, command_payload("broken"))
    assert status == 200
    assert answer["data"]["content"] == "Something went wrong."
    assert answer["data"]["flags"] == 64
    assert "the error handler of" in caplog.text
    await bot.rest.close()


async def test_an_error_after_the_answer_becomes_a_followup(
    bot: Bot, keys: DevKeyPair, fake: FakeDiscord
) -> None:
    @bot.command
    async def halfway(ctx: Context) -> Any:
        yield "started"
        raise ValueError("then failed")

    status, answer = await _ask(bot, keys, command_payload("halfway"))
    assert (status, answer["data"]["content"]) == (200, "started")
    followup = await fake.wait_for(lambda r: r.method == "POST" and "webhooks" in r.path, 5)
    assert followup.json["content"] == "Something went wrong."
    await bot.rest.close()


async def test_a_handler_that_never_answers_is_acknowledged_then_tidied(
    bot: Bot, keys: DevKeyPair, fake: FakeDiscord
) -> None:
    @bot.command
    async def silent(ctx: Context) -> None:
        return None

    status, answer = await _ask(bot, keys, command_payload("silent"))
    assert (status, answer) == (200, {"type": 5, "data": {"flags": 64}})
    deleted = await fake.wait_for(lambda r: r.method == "DELETE", 5)
    assert deleted.path.endswith("/messages/@original")
    await bot.rest.close()
