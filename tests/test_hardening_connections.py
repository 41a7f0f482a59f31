"""Issue 18, item 8: file descriptors and connections that send nothing.

The soft open-file limit is raised toward the hard one at start (logged); failed
accepts at the limit are logged once per interval, not per attempt with a traceback;
a connection that never sends a byte is closed at the request timeout, not held for
the idle timeout.
"""

from __future__ import annotations

import asyncio
import logging
import pathlib
import socket
import subprocess
import sys
import textwrap
import time

import pytest

from kagari.server.fdlimit import ConnectionWatch, raise_fd_limit
from kagari.server.front import ENGINES

from .test_hardening_served import serve

resource = pytest.importorskip("resource")  # POSIX only, as the feature itself
SRC = pathlib.Path(__file__).resolve().parent.parent / "src"


def _run(code: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_the_soft_limit_is_raised_to_the_hard_limit_and_logged() -> None:
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard != resource.RLIM_INFINITY and hard <= 256:
        pytest.fail(f"this machine's hard open-file limit ({hard}) leaves nothing to raise")
    done = _run(
        """
        import logging, resource, sys
        logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(message)s")
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
        from kagari.server.fdlimit import ConnectionWatch, raise_fd_limit
        print("result", raise_fd_limit())
        print("now", resource.getrlimit(resource.RLIMIT_NOFILE))
        """
    )
    assert done.returncode == 0, done.stderr
    target = 65_536 if hard == resource.RLIM_INFINITY else hard
    assert f"raised the open-file limit from 256 to {target}" in done.stdout
    assert f"now ({target}, {hard})" in done.stdout


def test_raising_is_harmless_when_already_at_the_hard_limit() -> None:
    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    after = raise_fd_limit()
    assert after is not None and after[1] == before[1] and after[0] >= before[0]


_SERVER_AT_THE_LIMIT = """
    import asyncio, logging, resource, sys
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stdout, format="LOG %(levelname)s %(message)s"
    )
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (48, hard))
    from kagari.server.front import HTTPFront
    from kagari.server.pipeline import InteractionServer
    from kagari.server.tasks import TaskTracker

    async def main():
        server = InteractionServer(None, tasks=TaskTracker(), log_interval=60)
        front = HTTPFront(server, "/", "kagari", raise_fd_limit=False, request_timeout=60)
        await front.start(host="127.0.0.1", port=0)
        print("PORT", front.addresses[0].rsplit(":", 1)[1].split("/")[0], flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        await front.close()

    asyncio.run(main())
"""


async def test_failed_accepts_at_the_fd_limit_are_logged_once_per_interval() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        textwrap.dedent(_SERVER_AT_THE_LIMIT),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    )
    assert process.stdout is not None and process.stdin is not None
    clients: list[socket.socket] = []
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 20)
        assert line.startswith(b"PORT "), line
        port = int(line.split()[1])
        for _ in range(80):  # far more than 48 descriptors' worth
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            clients.append(client)
        await asyncio.sleep(3.5)  # asyncio retries the accept every second meanwhile
    finally:
        for client in clients:
            client.close()
        process.stdin.write(b"stop\n")
        await process.stdin.drain()
        output, _ = await asyncio.wait_for(process.communicate(), 20)
    text = output.decode()
    lines = [line for line in text.splitlines() if line.startswith("LOG ")]
    accept_lines = [line for line in lines if "cannot accept new connections" in line]
    assert len(accept_lines) == 1, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    assert "out of system resource" not in text


@pytest.mark.parametrize("engine", ENGINES)
async def test_a_connection_that_sends_nothing_is_closed_at_the_request_timeout(
    engine: str,
) -> None:
    options = {"request_timeout": 0.4, "idle_timeout": 30.0}
    async with serve(engine, front_options=options) as served:
        reader, writer = await asyncio.open_connection(served.host, served.port)
        started = time.perf_counter()
        try:
            assert await asyncio.wait_for(reader.read(), 5) == b""  # closed by the server
        finally:
            writer.close()
        assert time.perf_counter() - started < 3.0


def test_connections_near_the_limit_warn_once_per_interval(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """uvloop says nothing when accepts fail; counting connections warns on any loop."""
    watch = ConnectionWatch(100, interval=60)
    with caplog.at_level(logging.WARNING, "kagari"):
        for count in range(1, 100):
            watch.opened(count)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1
    assert lines[0].startswith("90 connections are open, close to the open-file limit of 100")


@pytest.mark.parametrize("engine", ENGINES)
async def test_both_engines_count_their_connections_against_the_limit(
    engine: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with serve(engine) as served:
        endpoint_watch = served.front._deadlines.watch
        assert endpoint_watch is not None
        endpoint_watch.warn_at = 3
        writers = []
        with caplog.at_level(logging.WARNING, "kagari"):
            for _ in range(4):
                _, writer = await asyncio.open_connection(served.host, served.port)
                writers.append(writer)
            await asyncio.sleep(0.2)
        for writer in writers:
            writer.close()
    assert "connections are open, close to the open-file limit" in caplog.text
