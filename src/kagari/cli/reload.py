"""``--reload``: run the bot in a child process and restart it when a source file changes.

Change detection polls modification times (stdlib only, no extra dependency), which
works the same on every platform and inside containers with mounted volumes.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import subprocess
import time
from collections.abc import Iterable, Sequence
from types import FrameType

from kagari.cli.common import info

__all__ = ["Snapshot", "changed_files", "scan", "supervise"]

Snapshot = dict[str, int]
"""Watched file path -> modification time in nanoseconds."""

_SKIPPED_DIRS = frozenset(
    {"__pycache__", "node_modules", "venv", "env", "site-packages", "build", "dist"}
)
_STOP_GRACE = 10.0


def scan(roots: Iterable[pathlib.Path], suffixes: Sequence[str] = (".py",)) -> Snapshot:
    """The modification time of every watched file under ``roots``.

    Hidden directories, ``__pycache__``, virtual environments and build output are skipped.
    """
    found: Snapshot = {}
    for root in roots:
        if root.is_file():
            _stat_into(found, str(root))
            continue
        for directory, subdirs, files in os.walk(root):
            subdirs[:] = [d for d in subdirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
            for name in files:
                if name.endswith(tuple(suffixes)):
                    _stat_into(found, os.path.join(directory, name))
    return found


def _stat_into(found: Snapshot, path: str) -> None:
    # A file deleted between listing and stat is simply missing: the next scan notices.
    with contextlib.suppress(OSError):
        found[path] = os.stat(path).st_mtime_ns


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two scans, sorted."""
    names = set(before) | set(after)
    return sorted(name for name in names if before.get(name) != after.get(name))


class _Stop(Exception):
    """SIGTERM reached the supervisor."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def supervise(command: Sequence[str], roots: Sequence[pathlib.Path], interval: float) -> int:
    """Run ``command``; restart it whenever a watched file changes; return on Ctrl-C.

    When the child exits on its own (a crash, a syntax error), the supervisor waits for
    the next change before starting it again.

    Args:
        command: The child's command line (``python -m kagari run ...`` without --reload).
        roots: Directories (or files) to watch.
        interval: Seconds between scans.

    Returns:
        0 after Ctrl-C or SIGTERM, which also stop the child.
    """
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    watched = ", ".join(str(root) for root in roots)
    info(f"reloading on changes to .py files under {watched}")
    snapshot = scan(roots)
    child: subprocess.Popen[bytes] | None = None
    try:
        while True:
            child = subprocess.Popen(list(command))
            snapshot = _wait_for_change(child, roots, snapshot, interval)
            _stop(child)
    except (KeyboardInterrupt, _Stop):
        if child is not None:
            _stop(child)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def _wait_for_change(
    child: subprocess.Popen[bytes],
    roots: Sequence[pathlib.Path],
    snapshot: Snapshot,
    interval: float,
) -> Snapshot:
    """Block until a watched file changes; return the new snapshot."""
    reported_exit = False
    while True:
        time.sleep(interval)
        current = scan(roots)
        changed = changed_files(snapshot, current)
        if changed:
            shown = ", ".join(os.path.relpath(path) for path in changed[:3])
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            info(f"change detected in {shown}{more}: restarting")
            return current
        code = child.poll()
        if code is not None and not reported_exit:
            reported_exit = True
            info(f"the bot exited with code {code}; waiting for a file change to restart")


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Ask the child to close gracefully (SIGTERM), then kill it if it lingers."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(_STOP_GRACE)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
