"""Issue 18, item 10: rejected-request warnings are rate-limited and wire text is escaped."""

from __future__ import annotations

import asyncio
import logging

import pytest

from kagari.builders.responses import Message
from kagari.models import CommandInteraction
from kagari.server.front import ENGINES
from kagari.server.logs import RejectionLog, escape
from kagari.testing import command_payload, ping_payload

from .test_hardening_served import serve


def _rejections(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "rejected request" in r.getMessage()]


@pytest.mark.parametrize("engine", ENGINES)
async def test_a_flood_of_bad_requests_logs_a_line_per_interval_with_a_count(
    engine: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with serve(engine, log_interval=0.3) as served:
        with caplog.at_level(logging.WARNING, "kagari"):
            for _ in range(200):
                assert (await served.post(ping_payload(), sign=False))[0] == 401
            assert len(_rejections(caplog)) == 1  # not 200
            await asyncio.sleep(0.35)
            assert (await served.post(ping_payload(), sign=False))[0] == 401
        lines = _rejections(caplog)
        assert len(lines) == 2
        assert "401" in lines[0] and "missing signature headers" in lines[0]
        assert "[199 more like it in the last 0.3 s]" in lines[1]
        assert all(r.exc_info is None for r in caplog.records)


def test_each_reason_is_limited_on_its_own_and_flush_reports_what_was_held(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    log = RejectionLog(logging.getLogger("kagari.test"), interval=10, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, "kagari.test"):
        for _ in range(5):
            log.reject(401, "bad signature")
            log.reject(400, "bad JSON", "detail\nwith a newline")
        log.flush()
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "rejected request (401: bad signature)"
    assert lines[1] == "rejected request (400: bad JSON (detail\\nwith a newline))"
    assert "rejected request (401: bad signature): 4 more like it were not logged" in lines
    assert "rejected request (400: bad JSON): 4 more like it were not logged" in lines
    assert all("\n" not in line for line in lines)


def test_escape_makes_wire_text_one_printable_line() -> None:
    assert escape("1234567890") == "1234567890"
    assert escape("a\nb\rc\x1b[31m") == "a\\nb\\rc\\x1b[31m"
    assert escape("é\\") == "\\xe9\\\\"
    assert escape("\u2028") == "\\u2028"
    assert escape("x" * 500).endswith("...") and len(escape("x" * 500)) == 83


async def test_the_replay_line_never_logs_a_raw_interaction_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def listener(interaction: CommandInteraction) -> Message:
        return Message(content="hi")

    forged = "123\n2026-01-01 00:00:00 CRITICAL forged line \x1b[2J"
    payload = {**command_payload("ping"), "id": forged}
    async with serve() as served:
        served.server.set_listener(CommandInteraction, listener)
        assert (await served.post(payload))[0] == 200
        with caplog.at_level(logging.INFO, "kagari"):
            assert (await served.post(payload))[0] == 200
    (line,) = [r.getMessage() for r in caplog.records if "already received" in r.getMessage()]
    assert "\n" not in line and "\x1b" not in line
    assert "123\\n2026-01-01" in line
