"""kagari's own HTTP/1.1 engine, byte by byte: connections, framing, timeouts, shutdown.

``test_server.py`` holds the interaction contract (status codes and their order) for
both engines; these tests are about what only the ``"kagari"`` engine implements
itself, spoken over raw sockets so nothing in a client library hides a mistake.
"""

from __future__ import annotations

import asyncio
import json
import logging
import pathlib
import ssl
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from kagari.builders.responses import Message
from kagari.models import CommandInteraction
from kagari.server.devkeys import DevKeyPair
from kagari.server.front import HTTPFront
from kagari.server.pipeline import InteractionServer
from kagari.server.tasks import TaskTracker
from kagari.testing import command_payload

Listener = Callable[[CommandInteraction], Any]


class Served:
    """A started HTTPFront on the kagari engine, and how to talk to it raw."""

    def __init__(self, front: HTTPFront, keys: DevKeyPair, server: InteractionServer) -> None:
        self.front = front
        self.keys = keys
        self.server = server
        url = front.addresses[0]
        self.host, port = url.split("//")[1].split("/")[0].rsplit(":", 1)
        self.port = int(port)

    def request(
        self,
        payload: Any = None,
        *,
        body: bytes | None = None,
        method: str = "POST",
        target: str = "/",
        version: str = "1.1",
        headers: dict[str, str] | None = None,
        sign: bool = True,
    ) -> bytes:
        """One request's bytes, signed, with a Content-Length unless headers say otherwise."""
        if body is None:
            body = json.dumps(payload if payload is not None else {"type": 1}).encode()
        sent = {"Host": self.host, "Content-Type": "application/json"}
        if sign:
            sent.update(self.keys.sign(body))
        sent.update(headers or {})
        if "Transfer-Encoding" not in sent:
            sent.setdefault("Content-Length", str(len(body)))
            tail = body
        else:
            tail = b"".join(
                b"%x\r\n%s\r\n" % (len(piece), piece)
                for piece in (body[i : i + 100] for i in range(0, len(body), 100))
            )
            tail += b"0\r\n\r\n"
        head = f"{method} {target} HTTP/{version}\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in sent.items()
        )
        return head.encode() + b"\r\n" + tail

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection(self.host, self.port)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """Read one HTTP response: status, headers (lower-cased names), body."""
    status_line = await asyncio.wait_for(reader.readline(), 5)
    assert status_line.startswith(b"HTTP/1.1 "), status_line
    headers: dict[str, str] = {}
    while True:
        line = await asyncio.wait_for(reader.readline(), 5)
        if line == b"\r\n":
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = await asyncio.wait_for(reader.readexactly(length), 5) if length else b""
    return int(status_line.split()[1]), headers, body


async def closed_by_server(reader: asyncio.StreamReader, within: float = 5.0) -> bool:
    """Whether the server closes the connection (EOF) within ``within`` seconds."""
    return await asyncio.wait_for(reader.read(), within) == b""


async def echo_name(interaction: CommandInteraction) -> Message:
    return Message(interaction.command_name)


@pytest.fixture
def keys() -> DevKeyPair:
    return DevKeyPair()


def make_front(keys: DevKeyPair, listener: Listener = echo_name, **options: Any) -> HTTPFront:
    server = InteractionServer(
        keys.public_key, tasks=TaskTracker(), max_body_size=options.pop("max_body_size", 4096)
    )
    server.set_listener(CommandInteraction, listener)
    return HTTPFront(server, options.pop("path", "/"), "kagari", **options)


async def start(front: HTTPFront, keys: DevKeyPair, **options: Any) -> Served:
    await front.start(host="127.0.0.1", port=0, shutdown_timeout=5, **options)
    return Served(front, keys, front.server)


@pytest.fixture
async def served(keys: DevKeyPair) -> AsyncIterator[Served]:
    front = make_front(keys)
    try:
        yield await start(front, keys)
    finally:
        await front.close()


# -- connections ------------------------------------------------------------------


async def test_keep_alive_serves_several_requests_on_one_connection(served: Served) -> None:
    reader, writer = await served.connect()
    for name in ("one", "two", "three"):
        writer.write(served.request(command_payload(name)))
        status, headers, body = await read_response(reader)
        assert status == 200
        assert json.loads(body)["data"]["content"] == name
        assert "connection" not in headers
        assert headers["content-type"] == "application/json"
    writer.close()


async def test_pipelined_requests_are_answered_in_order(served: Served) -> None:
    """More requests than the engine queues before pausing: all answered, in order."""
    names = [f"cmd{i}" for i in range(60)]
    reader, writer = await served.connect()
    writer.write(b"".join(served.request(command_payload(name)) for name in names))
    answered = [json.loads((await read_response(reader))[2])["data"]["content"] for _ in names]
    assert answered == names
    writer.close()


async def test_connection_close_is_honoured(served: Served) -> None:
    reader, writer = await served.connect()
    writer.write(served.request(headers={"Connection": "close"}))
    status, headers, _ = await read_response(reader)
    assert (status, headers["connection"]) == (200, "close")
    assert await closed_by_server(reader)
    writer.close()


async def test_http_10_closes_unless_asked_to_keep_alive(served: Served) -> None:
    reader, writer = await served.connect()
    writer.write(served.request(version="1.0"))
    status, headers, _ = await read_response(reader)
    assert (status, headers["connection"]) == (200, "close")
    assert await closed_by_server(reader)
    writer.close()

    reader, writer = await served.connect()
    writer.write(served.request(version="1.0", headers={"Connection": "keep-alive"}))
    status, headers, _ = await read_response(reader)
    assert (status, headers["connection"]) == (200, "keep-alive")
    writer.write(served.request(version="1.0", headers={"Connection": "keep-alive"}))
    assert (await read_response(reader))[0] == 200
    writer.close()


async def test_date_header_is_an_http_date(served: Served) -> None:
    reader, writer = await served.connect()
    writer.write(served.request())
    _, headers, _ = await read_response(reader)
    stamp = time.mktime(time.strptime(headers["date"], "%a, %d %b %Y %H:%M:%S GMT"))
    assert abs(stamp - time.mktime(time.gmtime())) < 5
    writer.close()


async def test_head_gets_405_without_a_body_and_the_connection_stays_usable(
    served: Served,
) -> None:
    reader, writer = await served.connect()
    writer.write(f"HEAD / HTTP/1.1\r\nHost: {served.host}\r\n\r\n".encode())
    status, headers, _ = await asyncio.wait_for(_read_head_only(reader), 5)
    assert (status, headers["allow"]) == (405, "POST")
    assert int(headers["content-length"]) > 0  # the length a GET would have had
    writer.write(served.request())
    assert (await read_response(reader))[0] == 200  # no stray body bytes in between
    writer.close()


async def _read_head_only(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    status_line = await reader.readline()
    headers: dict[str, str] = {}
    while (line := await reader.readline()) != b"\r\n":
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, b""


async def test_query_strings_reach_the_route_and_other_paths_are_404(keys: DevKeyPair) -> None:
    front = make_front(keys, path="/interactions")
    served = await start(front, keys)
    try:
        reader, writer = await served.connect()
        writer.write(served.request(target="/interactions?source=discord"))
        assert (await read_response(reader))[0] == 200
        writer.write(served.request(target="/"))
        status, _, body = await read_response(reader)
        assert (status, json.loads(body)) == (404, {"error": "not found"})
        writer.close()
    finally:
        await front.close()


# -- bodies ---------------------------------------------------------------------------


async def test_expect_100_continue_gets_continue_before_the_body(served: Served) -> None:
    request = served.request(command_payload("late"), headers={"Expect": "100-continue"})
    head, body = request.split(b"\r\n\r\n", 1)
    reader, writer = await served.connect()
    writer.write(head + b"\r\n\r\n")
    assert await asyncio.wait_for(reader.readline(), 5) == b"HTTP/1.1 100 Continue\r\n"
    assert await reader.readline() == b"\r\n"
    writer.write(body)
    status, _, answer = await read_response(reader)
    assert (status, json.loads(answer)["data"]["content"]) == (200, "late")
    writer.close()


async def test_expect_100_continue_is_refused_without_continue_when_unsigned(
    served: Served,
) -> None:
    request = served.request(sign=False, headers={"Expect": "100-continue"})
    head = request.split(b"\r\n\r\n", 1)[0]
    reader, writer = await served.connect()
    writer.write(head + b"\r\n\r\n")
    status, headers, _ = await read_response(reader)
    assert (status, headers["connection"]) == (401, "close")  # the body never came
    assert await closed_by_server(reader)
    writer.close()


async def test_unknown_expectation_is_417(served: Served) -> None:
    reader, writer = await served.connect()
    writer.write(served.request(headers={"Expect": "something-else"}))
    assert (await read_response(reader))[0] == 417
    writer.close()


async def test_chunked_bodies_are_read(served: Served) -> None:
    reader, writer = await served.connect()
    writer.write(
        served.request(command_payload("chunky"), headers={"Transfer-Encoding": "chunked"})
    )
    status, _, body = await read_response(reader)
    assert (status, json.loads(body)["data"]["content"]) == (200, "chunky")
    writer.close()


async def test_chunked_body_over_the_limit_is_413(served: Served) -> None:
    big = {**command_payload("big"), "padding": "x" * 5000}  # the fixture's limit is 4096 bytes
    request = served.request(big, headers={"Transfer-Encoding": "chunked"})
    reader, writer = await served.connect()
    writer.write(request)  # the whole body arrives: the connection stays usable
    assert (await read_response(reader))[0] == 413
    writer.write(served.request())
    assert (await read_response(reader))[0] == 200
    writer.close()

    reader, writer = await served.connect()
    writer.write(request[: -len(b"0\r\n\r\n")])  # still sending: refused mid-body
    status, headers, _ = await read_response(reader)
    assert (status, headers["connection"]) == (413, "close")
    assert await closed_by_server(reader)
    writer.close()


async def test_announced_length_over_the_limit_is_413_before_the_body(served: Served) -> None:
    reader, writer = await served.connect()
    head = served.request(body=b"{}", headers={"Content-Length": "999999"})
    writer.write(head[: head.index(b"\r\n\r\n") + 4])  # headers only: no body is sent
    status, headers, _ = await read_response(reader)
    assert (status, headers["connection"]) == (413, "close")
    writer.close()


async def test_broken_http_is_400_and_closes(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    reader, writer = await served.connect()
    with caplog.at_level(logging.WARNING, logger="kagari"):
        writer.write(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")
        status, headers, body = await read_response(reader)
    assert (status, headers["connection"]) == (400, "close")
    reason = json.loads(body)["error"]  # the parser's own words, first line only
    assert reason.startswith("bad request: ") and "content-length" in reason.lower()
    assert "\n" not in reason
    assert await closed_by_server(reader)
    assert "not valid HTTP/1.1" in caplog.text
    writer.close()


async def test_header_lines_over_the_limit_are_400(served: Served) -> None:
    reader, writer = await served.connect()
    writer.write(served.request(headers={"X-Padding": "y" * 20000}))
    status, headers, body = await read_response(reader)
    assert (status, headers["connection"]) == (400, "close")
    reason = json.loads(body)["error"]
    assert reason.startswith("bad request: ")
    assert len(reason) < 150  # the client's own bytes are not echoed at length
    writer.close()


async def test_upgrade_requests_are_answered_then_closed(served: Served) -> None:
    reader, writer = await served.connect()
    writer.write(served.request(headers={"Connection": "Upgrade", "Upgrade": "websocket"}))
    assert (await read_response(reader))[0] == 200
    assert await closed_by_server(reader)
    writer.close()


# -- timeouts and clients that leave -------------------------------------------------


async def test_idle_connections_are_closed_after_the_idle_timeout(keys: DevKeyPair) -> None:
    front = make_front(keys, idle_timeout=0.3)
    served = await start(front, keys)
    try:
        reader, writer = await served.connect()  # says nothing at all
        assert await closed_by_server(reader, within=3)
        writer.close()

        reader, writer = await served.connect()
        writer.write(served.request())
        assert (await read_response(reader))[0] == 200
        assert await closed_by_server(reader, within=3)  # idle between requests
        writer.close()
    finally:
        await front.close()


async def test_a_stalled_body_is_closed_without_running_the_listener(keys: DevKeyPair) -> None:
    calls: list[str] = []

    async def record(interaction: CommandInteraction) -> Message:
        calls.append(interaction.command_name)
        return Message("hi")

    front = make_front(keys, record, idle_timeout=0.3)
    served = await start(front, keys)
    try:
        request = served.request(command_payload("stalled"))
        reader, writer = await served.connect()
        writer.write(request[:-20])  # the last 20 bytes never come
        assert await closed_by_server(reader, within=3)
        writer.close()
        assert calls == []
    finally:
        await front.close()


async def test_a_request_trickled_in_too_slowly_is_cut_off(
    keys: DevKeyPair, caplog: pytest.LogCaptureFixture
) -> None:
    """Each byte comes before the idle timeout, but the whole takes too long."""
    calls: list[str] = []

    async def record(interaction: CommandInteraction) -> Message:
        calls.append(interaction.command_name)
        return Message("hi")

    front = make_front(keys, record, idle_timeout=5, request_timeout=0.5)
    served = await start(front, keys)
    try:
        request = served.request(command_payload("slow"))
        reader, writer = await served.connect()
        with caplog.at_level(logging.WARNING, logger="kagari"):
            closed = asyncio.ensure_future(closed_by_server(reader, within=5))
            for i in range(0, len(request), 40):
                if closed.done():
                    break
                writer.write(request[i : i + 40])
                await asyncio.sleep(0.05)
            assert await closed
        assert "request took over 0.5 s to arrive" in caplog.text
        assert calls == []
        writer.close()

        # a request sent at once on a connection kept alive long past the limit is fine
        reader, writer = await served.connect()
        writer.write(served.request(command_payload("one")))
        assert (await read_response(reader))[0] == 200
        await asyncio.sleep(0.8)
        writer.write(served.request(command_payload("two")))
        assert (await read_response(reader))[0] == 200
        assert calls == ["one", "two"]
        writer.close()
    finally:
        await front.close()


async def test_a_busy_listener_is_not_cut_off_by_the_idle_timeout(keys: DevKeyPair) -> None:
    async def slow(interaction: CommandInteraction) -> Message:
        await asyncio.sleep(0.8)
        return Message("done")

    front = make_front(keys, slow, idle_timeout=0.2, request_timeout=0.2)
    served = await start(front, keys)
    try:
        reader, writer = await served.connect()
        writer.write(served.request(command_payload("ping")))
        status, _, body = await read_response(reader)
        assert (status, json.loads(body)["data"]["content"]) == (200, "done")
        writer.close()
    finally:
        await front.close()


async def test_a_client_leaving_mid_listener_loses_nothing_and_logs_no_error(
    keys: DevKeyPair, caplog: pytest.LogCaptureFixture
) -> None:
    finished = asyncio.Event()

    async def slow(interaction: CommandInteraction) -> Message:
        await asyncio.sleep(0.2)
        finished.set()
        return Message("nobody hears this")

    front = make_front(keys, slow)
    served = await start(front, keys)
    try:
        with caplog.at_level(logging.WARNING):
            reader, writer = await served.connect()
            writer.write(served.request(command_payload("ping")))
            await asyncio.sleep(0.05)
            writer.close()
            await asyncio.wait_for(finished.wait(), 5)  # the listener still ran to the end
            await asyncio.sleep(0.05)
            assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
            # and the server still answers others
            reader, writer = await served.connect()
            writer.write(served.request())
            assert (await read_response(reader))[0] == 200
            writer.close()
    finally:
        await front.close()


async def test_a_fault_in_the_engine_is_logged_and_the_connection_closed(
    served: Served, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_head(*args: Any) -> bytes:
        raise RuntimeError("engine bug")

    monkeypatch.setattr("kagari.server.engine._head", broken_head)
    reader, writer = await served.connect()
    with caplog.at_level(logging.ERROR, logger="kagari"):
        writer.write(served.request())
        assert await closed_by_server(reader)
    assert "the HTTP engine failed on a connection" in caplog.text
    assert "engine bug" in caplog.text  # the traceback is in the log, not on the wire
    writer.close()
    monkeypatch.undo()
    reader, writer = await served.connect()  # the server itself carries on
    writer.write(served.request())
    assert (await read_response(reader))[0] == 200
    writer.close()


# -- shutdown -------------------------------------------------------------------------


async def test_close_finishes_in_flight_requests_and_drops_idle_connections(
    keys: DevKeyPair,
) -> None:
    release = asyncio.Event()

    async def waits(interaction: CommandInteraction) -> Message:
        await release.wait()
        return Message("finished")

    front = make_front(keys, waits)
    served = await start(front, keys)
    idle_reader, idle_writer = await served.connect()
    idle_writer.write(served.request())
    assert (await read_response(idle_reader))[0] == 200  # now idle, kept alive
    busy_reader, busy_writer = await served.connect()
    busy_writer.write(served.request(command_payload("ping")))
    await asyncio.sleep(0.1)

    closing = asyncio.create_task(front.close())
    assert await closed_by_server(idle_reader, within=2)
    assert not closing.done()  # still waiting for the busy request
    release.set()
    status, headers, body = await read_response(busy_reader)
    assert (status, headers["connection"]) == (200, "close")
    assert json.loads(body)["data"]["content"] == "finished"
    await asyncio.wait_for(closing, 5)
    assert not front.is_running
    for writer in (idle_writer, busy_writer):
        writer.close()


async def test_close_lets_a_request_still_uploading_finish(keys: DevKeyPair) -> None:
    front = make_front(keys)
    served = await start(front, keys)
    request = served.request(command_payload("uploading"))
    reader, writer = await served.connect()
    writer.write(request[:-30])
    await asyncio.sleep(0.1)
    closing = asyncio.create_task(front.close())
    await asyncio.sleep(0.1)
    writer.write(request[-30:])  # the rest of the body arrives after close() began
    status, headers, body = await read_response(reader)
    assert (status, headers["connection"]) == (200, "close")
    assert json.loads(body)["data"]["content"] == "uploading"
    await asyncio.wait_for(closing, 5)
    writer.close()


async def test_close_gives_up_on_a_stuck_request_after_the_timeout(keys: DevKeyPair) -> None:
    cancelled = asyncio.Event()

    async def stuck(interaction: CommandInteraction) -> Message:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return Message("never")

    front = make_front(keys, stuck)
    await front.start(host="127.0.0.1", port=0, shutdown_timeout=0.3)
    served = Served(front, keys, front.server)
    reader, writer = await served.connect()
    writer.write(served.request(command_payload("ping")))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await asyncio.wait_for(front.close(), 5)
    assert time.monotonic() - started < 2
    assert cancelled.is_set()
    assert await closed_by_server(reader)
    writer.close()


# -- transports -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, pathlib.Path]:
    """A self-signed certificate and its key for localhost (made with openssl)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


async def test_tls_is_served_with_an_ssl_context(
    keys: DevKeyPair, certificate: tuple[pathlib.Path, pathlib.Path]
) -> None:
    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    front = make_front(keys)
    served = await start(front, keys, ssl_context=server_context)
    try:
        assert front.addresses[0].startswith("https://127.0.0.1:")
        client_context = ssl.create_default_context(cafile=str(cert))
        client_context.check_hostname = False
        reader, writer = await asyncio.open_connection(served.host, served.port, ssl=client_context)
        writer.write(served.request(command_payload("secure")))
        status, _, body = await read_response(reader)
        assert (status, json.loads(body)["data"]["content"]) == (200, "secure")
        writer.close()
    finally:
        await front.close()


def test_the_engine_comes_from_the_environment_or_the_argument(
    keys: DevKeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = InteractionServer(keys.public_key, tasks=TaskTracker())
    monkeypatch.delenv("KAGARI_HTTP_ENGINE", raising=False)
    assert HTTPFront(server).engine == "kagari"
    monkeypatch.setenv("KAGARI_HTTP_ENGINE", "aiohttp")
    assert HTTPFront(server).engine == "aiohttp"
    assert HTTPFront(server, engine="kagari").engine == "kagari"
    monkeypatch.setenv("KAGARI_HTTP_ENGINE", "flask")
    with pytest.raises(ValueError, match="KAGARI_HTTP_ENGINE"):
        HTTPFront(server)
    with pytest.raises(ValueError, match="engine must be one of"):
        HTTPFront(server, engine="gunicorn")  # type: ignore[arg-type]
