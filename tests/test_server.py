"""The request path through real HTTP on loopback: every status code and its order."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

import kagari
from kagari.builders.files import File
from kagari.builders.responses import Defer, Message
from kagari.models import CommandInteraction, ComponentInteraction, ModalInteraction
from kagari.restbot import RESTBot
from kagari.server.devkeys import DevKeyPair
from kagari.server.front import ENGINES
from kagari.testing import TestClient, command_payload, component_payload, interaction_payload


@pytest.fixture(autouse=True, params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here runs against both HTTP engines: the contract is the same."""
    monkeypatch.setenv("KAGARI_HTTP_ENGINE", request.param)
    return str(request.param)


@pytest.fixture
def keys() -> DevKeyPair:
    return DevKeyPair()


@pytest.fixture
def bot(keys: DevKeyPair) -> RESTBot:
    return RESTBot(None, public_key=keys.public_key, logs=None, banner=None)


@pytest.fixture
async def client(bot: RESTBot, keys: DevKeyPair) -> AsyncIterator[TestClient]:
    async with TestClient(bot, keys=keys) as client:
        yield client


async def say_pong(interaction: CommandInteraction) -> Message:
    return Message(f"pong from /{interaction.command_name}")


# -- refusals, in the order the server checks them -------------------------------------


async def test_wrong_method_is_405(client: TestClient) -> None:
    reply = await client.open({"type": 1}, method="GET")
    assert reply.status == 405
    assert reply.headers["Allow"] == "POST"
    reply = await client.open({"type": 1}, method="PUT")
    assert reply.status == 405


async def test_wrong_content_type_is_415_even_with_a_good_signature(client: TestClient) -> None:
    reply = await client.post({"type": 1}, content_type="text/plain")
    assert reply.status == 415
    reply = await client.post({"type": 1}, content_type="application/x-www-form-urlencoded")
    assert reply.status == 415


async def test_json_with_charset_is_accepted(client: TestClient) -> None:
    reply = await client.post({"type": 1}, content_type="application/json; charset=utf-8")
    assert reply.status == 200
    assert reply.json() == {"type": 1}


async def test_missing_signature_headers_are_401(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, "kagari"):
        reply = await client.post({"type": 1}, sign=False)
    assert reply.status == 401
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and "401" in warnings[0].getMessage()
    assert all(record.exc_info is None for record in caplog.records)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Signature-Ed25519": "nothex" * 21 + "zz"},
        {"X-Signature-Ed25519": "ab" * 10},
        {"X-Signature-Timestamp": "yesterday"},
        {"X-Signature-Ed25519": "ab" * 64},  # well formed, wrong
    ],
)
async def test_malformed_or_wrong_signature_is_401(
    client: TestClient, headers: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, "kagari"):
        reply = await client.post({"type": 1}, headers=headers)
    assert reply.status == 401
    assert b"Traceback" not in reply.body
    assert all(record.exc_info is None for record in caplog.records)


async def test_signature_of_other_key_is_401(client: TestClient) -> None:
    assert (await client.post({"type": 1}, keys=DevKeyPair())).status == 401


async def test_body_changed_after_signing_is_401(client: TestClient) -> None:
    body = b'{"type":1}'
    headers = client.keys.sign(body)
    reply = await client.post(body=b'{"type":2}', headers=headers, sign=False)
    assert reply.status == 401


async def test_stale_or_future_timestamp_is_401(client: TestClient) -> None:
    old = str(int(time.time()) - 301)
    future = str(int(time.time()) + 301)
    assert (await client.post({"type": 1}, timestamp=old)).status == 401
    assert (await client.post({"type": 1}, timestamp=future)).status == 401
    near = str(int(time.time()) - 200)
    assert (await client.post({"type": 1}, timestamp=near)).status == 200


async def test_replay_window_is_configurable(keys: DevKeyPair) -> None:
    bot = RESTBot(None, public_key=keys.public_key, logs=None, replay_window=10)
    async with TestClient(bot, keys=keys) as client:
        assert (await client.post({"type": 1}, timestamp=str(int(time.time()) - 60))).status == 401
    bot = RESTBot(None, public_key=keys.public_key, logs=None, replay_window=None)
    async with TestClient(bot, keys=keys) as client:
        assert (await client.post({"type": 1}, timestamp="1000")).status == 200


async def test_oversized_body_is_413(keys: DevKeyPair) -> None:
    bot = RESTBot(None, public_key=keys.public_key, logs=None, max_body_size=2048)
    async with TestClient(bot, keys=keys) as client:
        big = {"type": 1, "padding": "x" * 4096}
        reply = await client.post(big)
        assert reply.status == 413
        unsigned = await client.post(big, sign=False)
        assert unsigned.status == 401  # signature headers are checked before the size
        assert (await client.post({"type": 1, "padding": "x" * 1000})).status == 200


async def test_default_body_limit_is_one_mebibyte(client: TestClient) -> None:
    reply = await client.post({"type": 1, "padding": "x" * (1024 * 1024)})
    assert reply.status == 413


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", b"empty"),
        (b"{not json", b"not valid JSON"),
        (b"\xff\xfe", b"not valid JSON"),
        (b"[1, 2]", b"not a JSON object"),
        (b'"ping"', b"not a JSON object"),
        (b'{"id": "1"}', b"no interaction type"),
        (b'{"type": "1"}', b"no interaction type"),
        (b'{"type": true}', b"no interaction type"),
    ],
)
async def test_bad_bodies_are_400(client: TestClient, body: bytes, message: bytes) -> None:
    reply = await client.post(body=body)
    assert reply.status == 400
    assert message in reply.body


async def test_ping_is_pong(client: TestClient) -> None:
    reply = await client.post({"type": 1, "id": "1", "application_id": "2", "token": "t"})
    assert reply.status == 200
    assert reply.body == b'{"type":1}'
    assert reply.headers["Content-Type"].startswith("application/json")


async def test_no_listener_or_unknown_type_is_501(client: TestClient, bot: RESTBot) -> None:
    assert (await client.post(command_payload("ping"))).status == 501
    assert (await client.post(interaction_payload(99))).status == 501
    bot.set_listener(CommandInteraction, say_pong)
    assert (await client.post(interaction_payload(99))).status == 501
    button = component_payload("x")
    assert (await client.post(button)).status == 501


# -- listeners -------------------------------------------------------------------------


async def test_listener_answer_is_compact_json(client: TestClient, bot: RESTBot) -> None:
    bot.set_listener(CommandInteraction, say_pong)
    reply = await client.post(command_payload("hello"))
    assert reply.status == 200
    assert reply.json()["type"] == 4
    assert reply.json()["data"]["content"] == "pong from /hello"
    assert b": " not in reply.body and b", " not in reply.body


async def test_listener_crash_is_500_without_traceback_and_logged(
    client: TestClient, bot: RESTBot, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(interaction: CommandInteraction) -> Message:
        raise RuntimeError("secret database password in this message")

    bot.set_listener(CommandInteraction, boom)
    payload = command_payload("ping")
    with caplog.at_level(logging.ERROR, "kagari"):
        reply = await client.post(payload)
    assert reply.status == 500
    assert b"secret" not in reply.body and b"Traceback" not in reply.body
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors, "the failure must be logged"
    assert payload["id"] in errors[0].getMessage()
    assert errors[0].exc_info is not None


async def test_listener_returning_something_else_is_500(
    client: TestClient, bot: RESTBot, caplog: pytest.LogCaptureFixture
) -> None:
    async def wrong(interaction: CommandInteraction) -> Any:
        return {"type": 4}

    bot.set_listener(CommandInteraction, wrong)
    with caplog.at_level(logging.ERROR, "kagari"):
        reply = await client.post(command_payload("ping"))
    assert reply.status == 500
    assert "response builder" in caplog.text


async def test_listener_returning_none_is_202_without_body(
    client: TestClient, bot: RESTBot
) -> None:
    async def through_rest(interaction: CommandInteraction) -> None:
        return None

    bot.set_listener(CommandInteraction, through_rest)
    reply = await client.post(command_payload("ping"))
    assert reply.status == 202
    assert reply.body == b""


async def test_files_are_sent_as_multipart(client: TestClient, bot: RESTBot, tmp_path: Any) -> None:
    path = tmp_path / "report.txt"
    big = bytes(range(256)) * 1200  # 300 KiB: sent without joining it to the head
    path.write_bytes(big)

    async def with_files(interaction: CommandInteraction) -> Message:
        return Message("see attached", files=[File(b"\x89PNG...", "a.png"), File(path)])

    bot.set_listener(CommandInteraction, with_files)
    reply = await client.post(command_payload("ping"))
    assert reply.status == 200
    content_type = reply.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    parts = _parse_multipart(reply.body, content_type.split("boundary=")[1])
    payload = json.loads(parts["payload_json"][1])
    assert payload["type"] == 4
    assert payload["data"]["content"] == "see attached"
    assert [a["filename"] for a in payload["data"]["attachments"]] == ["a.png", "report.txt"]
    assert parts["files[0]"] == ("a.png", b"\x89PNG...")
    assert parts["files[1]"] == ("report.txt", big)


def _parse_multipart(body: bytes, boundary: str) -> dict[str, tuple[str | None, bytes]]:
    parts: dict[str, tuple[str | None, bytes]] = {}
    for chunk in body.split(b"--" + boundary.encode())[1:-1]:
        head, _, data = chunk.strip(b"\r\n").partition(b"\r\n\r\n")
        disposition = head.decode().split("\r\n")[0]
        fields = dict(item.strip().split("=", 1) for item in disposition.split(";")[1:])
        filename = fields.get("filename", "").strip('"') or None
        parts[fields["name"].strip('"')] = (filename, data)
    return parts


async def test_defer_is_type_5_for_commands_and_6_for_components(
    client: TestClient, bot: RESTBot
) -> None:
    async def defer(interaction: Any) -> Defer:
        return Defer(ephemeral=True)

    bot.set_listener(CommandInteraction, defer)
    bot.set_listener(ComponentInteraction, defer)
    assert (await client.post(command_payload("ping"))).json() == {"type": 5, "data": {"flags": 64}}
    component = component_payload("b")
    assert (await client.post(component)).json()["type"] == 6


# -- async generators: first yield answers, the rest runs afterwards -------------------


async def test_generator_listener_continues_after_the_response(
    client: TestClient, bot: RESTBot
) -> None:
    events: list[str] = []
    finished = asyncio.Event()

    async def slow(interaction: CommandInteraction) -> Any:
        events.append("before")
        yield Defer()
        events.append("after")
        await asyncio.sleep(0.05)
        events.append("done")
        finished.set()

    bot.set_listener(CommandInteraction, slow)
    reply = await client.post(command_payload("ping"))
    assert reply.json() == {"type": 5}
    assert events[0] == "before"
    await asyncio.wait_for(finished.wait(), 5)
    assert events == ["before", "after", "done"]


async def test_generator_second_yield_is_an_error(
    client: TestClient, bot: RESTBot, caplog: pytest.LogCaptureFixture
) -> None:
    closed = asyncio.Event()

    async def twice(interaction: CommandInteraction) -> Any:
        try:
            yield Message("one")
            yield Message("two")
        finally:
            closed.set()

    bot.set_listener(CommandInteraction, twice)
    with caplog.at_level(logging.ERROR, "kagari"):
        reply = await client.post(command_payload("ping"))
        assert reply.json()["data"]["content"] == "one"
        await asyncio.wait_for(closed.wait(), 5)
    assert "yielded more than once" in caplog.text


async def test_generator_failure_after_response_is_logged(
    client: TestClient, bot: RESTBot, caplog: pytest.LogCaptureFixture
) -> None:
    async def fails_later(interaction: CommandInteraction) -> Any:
        yield Defer()
        raise ValueError("later failure")

    bot.set_listener(CommandInteraction, fails_later)
    payload = command_payload("ping")
    with caplog.at_level(logging.ERROR, "kagari"):
        assert (await client.post(payload)).status == 200
        for _ in range(100):
            if "later failure" in caplog.text:
                break
            await asyncio.sleep(0.02)
    assert "later failure" in caplog.text
    assert payload["id"] in caplog.text


async def test_generator_that_never_yields_is_202(client: TestClient, bot: RESTBot) -> None:
    async def silent(interaction: CommandInteraction) -> Any:
        if False:  # pragma: no cover - makes this an async generator
            yield Message("never")

    bot.set_listener(CommandInteraction, silent)
    assert (await client.post(command_payload("ping"))).status == 202


async def test_close_waits_for_background_work_then_cancels(keys: DevKeyPair) -> None:
    bot = RESTBot(None, public_key=keys.public_key, logs=None)
    finished: list[str] = []
    cancelled = asyncio.Event()

    async def short(interaction: CommandInteraction) -> Any:
        yield Defer()
        await asyncio.sleep(0.1)
        finished.append(interaction.command_name)

    async def endless(interaction: CommandInteraction) -> Any:
        yield Defer()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async with TestClient(bot, keys=keys, shutdown_timeout=0.5) as client:
        bot.set_listener(CommandInteraction, short)
        await client.post(command_payload("short"))
        bot.set_listener(CommandInteraction, endless, replace=True)
        await client.post(command_payload("endless"))
    # leaving the client closed the bot it started: 0.5 s for background work, then cancel
    assert finished == ["short"]
    assert cancelled.is_set()
    assert not bot.is_alive


# -- replays ---------------------------------------------------------------------------


async def test_repeated_interaction_is_answered_once(client: TestClient, bot: RESTBot) -> None:
    calls: list[str] = []

    async def count(interaction: CommandInteraction) -> Message:
        calls.append(str(interaction.id))
        await asyncio.sleep(0.05)
        return Message(f"call {len(calls)}")

    bot.set_listener(CommandInteraction, count)
    payload = command_payload("ping")
    first, second = await asyncio.gather(client.post(payload), client.post(payload))
    third = await client.post(payload)
    assert len(calls) == 1
    assert first.body == second.body == third.body
    assert first.json()["data"]["content"] == "call 1"
    other = await client.post(command_payload("ping"))
    assert other.json()["data"]["content"] == "call 2"


async def test_dedupe_can_be_turned_off(keys: DevKeyPair) -> None:
    bot = RESTBot(None, public_key=keys.public_key, logs=None, dedupe=False)
    calls: list[int] = []

    async def count(interaction: CommandInteraction) -> Message:
        calls.append(1)
        return Message("hi")

    bot.set_listener(CommandInteraction, count)
    async with TestClient(bot, keys=keys) as client:
        payload = command_payload("ping")
        await client.post(payload)
        await client.post(payload)
    assert len(calls) == 2


# -- registry --------------------------------------------------------------------------


async def test_set_listener_rules(bot: RESTBot) -> None:
    assert bot.get_listener(CommandInteraction) is None
    bot.set_listener(CommandInteraction, say_pong)
    assert bot.get_listener(CommandInteraction) is say_pong
    with pytest.raises(TypeError, match="already set"):
        bot.set_listener(CommandInteraction, say_pong)
    bot.set_listener(CommandInteraction, say_pong, replace=True)
    bot.set_listener(CommandInteraction, None)
    assert bot.get_listener(CommandInteraction) is None
    assert bot.get_listener(ModalInteraction) is None
    with pytest.raises(TypeError):
        bot.set_listener(kagari.models.PingInteraction, say_pong)  # type: ignore[call-overload]


async def test_on_interaction_works_without_a_server(keys: DevKeyPair) -> None:
    bot = RESTBot(None, public_key=keys.public_key, logs=None)
    bot.set_listener(CommandInteraction, say_pong)
    body = json.dumps(command_payload("bare")).encode()
    headers = keys.sign(body)
    response = await bot.on_interaction(
        body,
        headers["X-Signature-Ed25519"].encode(),
        headers["X-Signature-Timestamp"].encode(),
    )
    assert response.status == 200
    assert response.content_type == "application/json"
    assert response.body is not None
    assert json.loads(response.body)["data"]["content"] == "pong from /bare"
    bad = await bot.on_interaction(body, b"00" * 64, headers["X-Signature-Timestamp"].encode())
    assert bad.status == 401


async def test_endpoint_path_is_configurable(keys: DevKeyPair) -> None:
    bot = RESTBot(None, public_key=keys.public_key, logs=None, endpoint_path="/interactions")
    async with TestClient(bot, keys=keys) as client:
        assert client.url.endswith("/interactions")
        assert (await client.post({"type": 1})).status == 200
        assert (await client.post({"type": 1}, path="/")).status == 404


async def test_public_key_can_be_replaced_and_removed(client: TestClient, bot: RESTBot) -> None:
    assert (await client.post({"type": 1})).status == 200
    other = DevKeyPair()
    bot.interaction_server.set_public_key(other.public_key)
    assert (await client.post({"type": 1})).status == 401
    assert (await client.post({"type": 1}, keys=other)).status == 200
    bot.interaction_server.set_public_key(None)
    assert bot.public_key is None
    assert (await client.post({"type": 1}, keys=other)).status == 401


async def test_body_shorter_than_announced_is_refused_quietly(
    client: TestClient, bot: RESTBot, caplog: pytest.LogCaptureFixture
) -> None:
    """A client that stops mid-body gets no answer from a listener (400 if it still
    listens) and leaves a warning, not a traceback, in the log."""
    calls: list[str] = []

    async def record(interaction: CommandInteraction) -> Message:
        calls.append("ran")
        return Message("hi")

    bot.set_listener(CommandInteraction, record)
    body = json.dumps(command_payload("ping")).encode()
    headers = client.keys.sign(body)
    host, port = client.url.split("//")[1].rstrip("/").rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    head = (
        "POST / HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body) + 50}\r\n"
        f"X-Signature-Ed25519: {headers['X-Signature-Ed25519']}\r\n"
        f"X-Signature-Timestamp: {headers['X-Signature-Timestamp']}\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    with caplog.at_level(logging.WARNING):
        writer.write_eof()
        status_line = await asyncio.wait_for(reader.readline(), 5)
        writer.close()
        await writer.wait_closed()
        await asyncio.sleep(0.1)
    assert status_line in (b"", b"HTTP/1.1 400 Bad Request\r\n")
    assert calls == []
    assert "stopped before the whole body" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
