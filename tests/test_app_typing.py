"""Decorators keep the user's signatures: a typed bot passes ``mypy --strict``."""

from __future__ import annotations

import importlib
import os
import pathlib
import re
import tempfile

import pytest
from mypy import api

from kagari.app.declare.keywords import keyword_names

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE.parent / "src"
CACHE = pathlib.Path(tempfile.gettempdir()) / "kagari-app-typing-mypy-cache"


def _mypy(*files: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    monkeypatch.setenv("MYPYPATH", str(SRC))
    monkeypatch.chdir(HERE.parent)
    stdout, stderr, status = api.run(
        [
            "--strict",
            "--python-version",
            "3.10",
            "--no-error-summary",
            "--cache-dir",
            os.fspath(CACHE),
            "--config-file",
            os.devnull,
            *map(os.fspath, files),
        ]
    )
    return stdout + stderr, status


def _revealed(output: str) -> dict[int, str]:
    return {
        int(line): text
        for line, text in re.findall(
            r"example_bot\.py:(\d+): note: Revealed type is \"(.*)\"", output
        )
    }


@pytest.mark.slow
def test_typed_example_bot_passes_strict_and_keeps_signatures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    output, _ = _mypy(HERE / "typing" / "example_bot.py", monkeypatch=monkeypatch)
    errors = [line for line in output.splitlines() if ": error:" in line]
    assert errors == []
    source = (HERE / "typing" / "example_bot.py").read_text().splitlines()
    revealed = {source[line - 1].strip(): text for line, text in _revealed(output).items()}
    ctx = "ctx: kagari.app.runtime.context.Context"
    assert revealed["reveal_type(greet)"] == (
        f"kagari.app.declare.commands.SlashCommand[[{ctx}, who: kagari.models.user.User, "
        "style: Literal['short'] | Literal['long'] =, times: int =], "
        "typing.Coroutine[Any, Any, str]]"
    )
    assert revealed["reveal_type(purge)"] == (
        f"kagari.app.declare.commands.SlashCommand[[{ctx}, count: int], "
        "typing.Coroutine[Any, Any, kagari.builders.responses.Message]]"
    )
    assert revealed["reveal_type(vote)"] == (
        f"kagari.app.declare.component_routes.ComponentRoute[[{ctx}, poll_id: int, choice: str], "
        "typing.Coroutine[Any, Any, kagari.builders.responses.Update]]"
    )
    assert revealed["reveal_type(on_feedback)"] == (
        f"kagari.app.declare.modal_routes.ModalRoute[[{ctx}, topic: str, title: str, body: str =], "
        "typing.Coroutine[Any, Any, kagari.builders.responses.Message]]"
    )
    assert revealed["reveal_type(avatar)"] == (
        "kagari.app.declare.context_menus.ContextMenuCommand"
        f"[[{ctx}, user: kagari.models.user.User], "
        "typing.Coroutine[Any, Any, str]]"
    )
    assert revealed["reveal_type(report)"] == (
        f"kagari.app.declare.commands.SlashCommand[[{ctx}], "
        "typing.AsyncIterator[kagari.builders.responses.Defer]]"
    )
    # autocomplete and error-handler decorators hand the function back unchanged
    assert revealed["reveal_type(complete_style)"] == (
        f"def ({ctx}, value: str) -> typing.Coroutine[Any, Any, list[str]]"
    )
    assert revealed["reveal_type(denied)"] == (
        f"def ({ctx}, error: PermissionError) -> "
        "typing.Coroutine[Any, Any, kagari.builders.responses.Message]"
    )


@pytest.mark.slow
def test_misused_handlers_are_type_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    output, status = _mypy(HERE / "typing" / "misuse.py", monkeypatch=monkeypatch)
    assert status == 1
    lines = sorted(int(line) for line in re.findall(r"misuse\.py:(\d+): error:", output))
    source = (HERE / "typing" / "misuse.py").read_text().splitlines()
    expected = [number for number, text in enumerate(source, 1) if "# E:" in text]
    assert lines == expected
    assert 'incompatible type "str"; expected "int"' in output


@pytest.mark.slow
def test_bot_checks_the_restbot_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    path = HERE / "typing" / "bot_arguments.py"
    output, status = _mypy(path, monkeypatch=monkeypatch)
    assert status == 1
    lines = sorted(int(line) for line in re.findall(r"bot_arguments\.py:(\d+): error:", output))
    source = path.read_text().splitlines()
    expected = [number for number, text in enumerate(source, 1) if "# E:" in text]
    assert lines == expected
    assert 'Argument "rest_url" to "Bot" has incompatible type "int"' in output
    assert 'Argument "max_retries" to "Bot" has incompatible type "str"' in output
    assert 'Unexpected keyword argument "rest_ur" for "Bot"' in output


@pytest.mark.slow
def test_decorators_check_their_keywords_and_show_each_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = HERE / "typing" / "decorator_arguments.py"
    output, status = _mypy(path, monkeypatch=monkeypatch)
    assert status == 1
    lines = sorted(
        {int(line) for line in re.findall(r"decorator_arguments\.py:(\d+): error:", output)}
    )
    source = path.read_text().splitlines()
    expected = [number for number, text in enumerate(source, 1) if "# E:" in text]
    assert lines == expected
    assert 'Unexpected keyword argument "nmae" for overloaded function "command"' in output
    assert 'Unexpected keyword argument "guild_ids" for overloaded function "command" of' in (
        output
    )
    assert 'Argument "nsfw" to "group" of "Scaffold" has incompatible type "str"' in output
    assert 'Unexpected keyword argument "description" for "message_command"' in output
    assert 'Argument "guild_ids" to "Blueprint" has incompatible type "str"' in output
    # Each ``**options: Unpack[X]`` reaches the checker as every key of X, by name.
    revealed = re.findall(r"decorator_arguments\.py:\d+: note: Revealed type is \"(.*)\"", output)
    assert len(revealed) == sum(1 for text in source if text.startswith("reveal_type("))
    for text in revealed:
        spelled = re.findall(r"\*\*TypedDict\(([\w.]+), \{(.*?)\}\)", text)
        assert len(spelled) == 1, text
        dotted, fields = spelled[0]
        module_name, _, type_name = dotted.rpartition(".")
        options_type = getattr(importlib.import_module(module_name), type_name)
        assert set(re.findall(r"'(\w+)'\?: ", fields)) == keyword_names(options_type)
