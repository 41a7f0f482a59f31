"""Running the ``kagari`` command as a subprocess, the way users run it."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import pathlib
import sys
from collections.abc import Mapping

ROOT = pathlib.Path(__file__).resolve().parents[2]
BOTS = ROOT / "tests" / "cli_bots"
DEMO = "tests/cli_bots/demo_bot.py"
_CLEARED = ("DISCORD_TOKEN", "DISCORD_PUBLIC_KEY", "KAGARI_SIGNING_KEY", "KAGARI_REST_URL")


@dataclasses.dataclass
class Result:
    """What the command printed and returned."""

    code: int
    out: str
    err: str


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a ``kagari`` subprocess: src on the path, no Discord secrets."""
    env = {key: value for key, value in os.environ.items() if key not in _CLEARED}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


async def kagari(*args: str, env: Mapping[str, str] | None = None, timeout: float = 60.0) -> Result:
    """Run ``python -m kagari ARGS`` from the repository root and wait for it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kagari",
        *args,
        cwd=ROOT,
        env=cli_env(env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    except BaseException:
        process.kill()
        await process.wait()
        raise
    assert process.returncode is not None
    return Result(process.returncode, out.decode(), err.decode())
