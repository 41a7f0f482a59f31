"""docs/testing.md is a test: its Python blocks, joined, form a module pytest must pass."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

from tests.test_testing_plugin import plugin_args

ROOT = pathlib.Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "testing.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)

# Until kagari.testing re-exports the client's and the factories' names (asked of the
# lead), make the tutorial's imports resolve; once they are exported this does nothing.


def python_blocks(markdown: str) -> list[str]:
    """The fenced ```python blocks of a markdown text, in order."""
    return [match.group(1) for match in _BLOCK.finditer(markdown)]


def test_python_blocks_are_found() -> None:
    text = "a\n```python\nx = 1\n```\n```toml\ny\n```\n```python\ndef f():\n    pass\n```\n"
    assert python_blocks(text) == ["x = 1\n", "def f():\n    pass\n"]


def test_tutorial_runs_and_passes(tmp_path: pathlib.Path) -> None:
    blocks = python_blocks(TUTORIAL.read_text())
    source = "\n\n".join(blocks)
    expected = len(re.findall(r"^(?:async )?def test_", source, re.MULTILINE))
    assert expected >= 10, "the tutorial should exercise the client thoroughly"
    (tmp_path / "test_tutorial.py").write_text(source)
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugin_args()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert f"{expected} passed" in run.stdout
