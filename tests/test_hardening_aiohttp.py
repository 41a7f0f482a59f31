"""Issue 18, item 9: the ``"aiohttp"`` engine has kagari's timeouts and quiet refusals.

Each test runs on both engines: the behaviour is the contract, whichever serves it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator

import pytest

from kagari.builders.responses import Message, ResponseBuilder
from kagari.models import CommandInteraction
from kagari.server.front import ENGINES
from kagari.testing import command_payload

from .test_hardening_served import Served, serve


def _request(served: Served, body: bytes) -> bytes:
    headers = served.keys.sign(body)
    return (
        f"POST / HTTP/1.1\r\nHost: {served.host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Signature-Ed25519: {headers['X-Signature-Ed25519']}\r\n"
        f"X-Signature-Timestamp: {headers['X-Signature-Timestamp']}\r\n\r\n"
    ).encode() + body


@pytest.mark.parametrize("engine", ENGINES)
async def test_a_trickled_request_is_cut_off_at_the_request_timeout(
    engine: str, caplog: pytest.LogCaptureFixture
) -> None:
    options = {"request_timeout": 0.5, "idle_timeout": 30.0}
    async with serve(engine, front_options=options) as served:
        reader, writer = await asyncio.open_connection(served.host, served.port)
        started = time.perf_counter()
        closed_after = None
        with caplog.at_level(logging.WARNING, "kagari"):
            try:
                for byte in _request(served, b'{"type":1}'):  # slowloris: a byte at a time
                    writer.write(bytes([byte]))
                    await writer.drain()
                    await asyncio.sleep(0.05)
                    if reader.at_eof() or writer.is_closing():
                        break
                    if time.perf_counter() - started > 5:
                        break
            except ConnectionError:
                pass
            with contextlib.suppress(ConnectionError):
                assert await asyncio.wait_for(reader.read(), 5) in (b"", b"HTTP/1.1")
            closed_after = time.perf_counter() - started
            writer.close()
        assert closed_after < 3.0
        assert "took over 0.5 s to arrive" in caplog.text


@pytest.mark.parametrize("engine", ENGINES)
async def test_malformed_requests_are_one_line_warnings_without_tracebacks(
    engine: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with serve(engine, log_interval=60.0) as served:
        with caplog.at_level(logging.DEBUG, "aiohttp"), caplog.at_level(logging.DEBUG, "kagari"):
            for _ in range(5):
                reader, writer = await asyncio.open_connection(served.host, served.port)
                writer.write(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")
                head = await asyncio.wait_for(reader.read(), 5)
                writer.close()
                assert head.split(b"\r\n", 1)[0].endswith(b" 400 Bad Request"), head
        assert all(record.exc_info is None for record in caplog.records)
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1, [r.getMessage() for r in warnings]
        assert "not valid HTTP/1.1" in warnings[0].getMessage()


@pytest.mark.parametrize("engine", ENGINES)
async def test_a_client_that_leaves_early_delays_nothing_and_logs_no_traceback(
    engine: str, caplog: pytest.LogCaptureFixture
) -> None:
    continued = asyncio.Event()
    gone = asyncio.Event()

    async def listener(interaction: CommandInteraction) -> AsyncIterator[ResponseBuilder]:
        await gone.wait()
        await asyncio.sleep(0.1)
        yield Message(content="too late for the client")
        continued.set()

    async with serve(engine) as served:
        served.server.set_listener(CommandInteraction, listener)
        with caplog.at_level(logging.DEBUG, "aiohttp"), caplog.at_level(logging.INFO, "kagari"):
            _, writer = await asyncio.open_connection(served.host, served.port)
            writer.write(_request(served, json.dumps(command_payload("x")).encode()))
            await writer.drain()
            await asyncio.sleep(0.1)
            writer.close()
            await writer.wait_closed()
            gone.set()
            started = time.perf_counter()
            await asyncio.wait_for(continued.wait(), 5)
            # the rest of the listener ran at once, not after the 5 s grace
            assert time.perf_counter() - started < 2.0
            await asyncio.sleep(0.2)
        assert not [r for r in caplog.records if r.exc_info is not None]
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
