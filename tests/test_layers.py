"""The layers contract in pyproject.toml: it holds, and it catches a back edge."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


# `lint-imports`, run with this interpreter whether or not its script is on PATH.
_LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"


def _lint_imports(root: pathlib.Path, src: pathlib.Path) -> subprocess.CompletedProcess[str]:
    """Check the contracts of ``root/pyproject.toml`` against the package under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-c", _LINT_IMPORTS, "--no-cache"]
    return subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_layers_contract_holds() -> None:
    result = _lint_imports(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "message"),
    [
        # a model reaching up into the server
        (
            "models/_base.py",
            "import kagari.server.pipeline\n",
            "kagari.models is not allowed to import kagari.server",
        ),
        # a TYPE_CHECKING back edge inside rest: the token strategy naming the whole client
        (
            "rest/tokens.py",
            "if TYPE_CHECKING:\n    from kagari.rest.client import RESTClient\n",
            "kagari.rest.tokens is not allowed to import kagari.rest.client",
        ),
        # a small builder piece importing the message builder that is made of it
        (
            "builders/limits.py",
            "import kagari.builders.responses\n",
            "kagari.builders.limits is not allowed to import kagari.builders.responses",
        ),
    ],
)
def test_a_back_edge_breaks_the_contract(
    tmp_path: pathlib.Path, module: str, line: str, message: str
) -> None:
    shutil.copytree(ROOT / "src" / "kagari", tmp_path / "src" / "kagari")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "src" / "kagari" / module
    text = target.read_text()
    if "TYPE_CHECKING" in line and "import TYPE_CHECKING" not in text:
        line = "from typing import TYPE_CHECKING\n" + line
    target.write_text(text + "\n" + line)
    result = _lint_imports(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert message in result.stdout, result.stdout
