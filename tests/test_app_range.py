"""``kagari.Range[T, low, high]``: bounded options, checked and typed as the plain type."""

from __future__ import annotations

import os
import pathlib
import re
import tempfile
from typing import Annotated, Any

import pytest
from mypy import api

import kagari
from kagari.app import Bot, Context, DeclarationError, Option
from kagari.testing import InvalidInteraction, TestClient
from kagari.testing.openapi import OpenAPISpec

ROOT = pathlib.Path(__file__).resolve().parent.parent


def make_bot() -> Bot:
    return Bot("not-a-real-token", public_key="00" * 32, logs=None)


def test_ranges_become_discords_bounds(openapi: OpenAPISpec) -> None:
    bot = make_bot()

    @bot.command
    async def roll(
        ctx: Context,
        dice: kagari.Range[int, 1, 10],
        label: kagari.Range[str, 2, None] = "ab",
        bonus: kagari.Range[float, None, 2.5] = 0.0,
    ) -> str:
        return "x"

    payload = roll.to_payload()
    openapi.validate_schema("ApplicationCommandCreateRequest", payload)
    dice, label, bonus = payload["options"]
    assert (dice["min_value"], dice["max_value"]) == (1, 10)
    assert label["min_length"] == 2 and "max_length" not in label
    assert bonus["max_value"] == 2.5 and "min_value" not in bonus


def test_range_combines_with_option_and_optional() -> None:
    bot = make_bot()

    @bot.command
    async def pick(
        ctx: Context,
        count: Annotated[kagari.Range[int, 1, 5], Option("How many", name="n")],
        extra: kagari.Range[int, 0, 3] | None = None,
    ) -> str:
        return "x"

    first, second = pick.to_payload()["options"]
    assert first == {
        "type": 4,
        "name": "n",
        "description": "How many",
        "required": True,
        "min_value": 1,
        "max_value": 5,
    }
    assert (second["required"], second["min_value"], second["max_value"]) == (False, 0, 3)


def test_the_same_bound_twice_is_refused() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError, match="sets min_value in both Range"):

        @bot.command
        async def pick(
            ctx: Context, count: Annotated[kagari.Range[int, 1, 5], Option(min_value=2)]
        ) -> str:
            return "x"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ((bool, 1, 2), "must be int, float"),
        ((int, 1.5, 2), "low bound must be a whole number"),
        ((str, 1, "9"), "high bound must be a whole number"),
        ((int, True, 2), "low bound must be a whole number"),
        ((int, 5, 1), "low bound is above the high one"),
        ((int, None, None), "sets no bound"),
        ((int, 1), "takes a type and two bounds"),
    ],
)
def test_bad_ranges_are_refused(params: Any, message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        kagari.Range[params]


def test_discord_rules_still_apply_to_the_bounds() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError, match="max_length=7000 must be 1-6000"):

        @bot.command
        async def say(ctx: Context, text: kagari.Range[str, 1, 7000]) -> str:
            return text


def test_range_is_only_an_annotation() -> None:
    with pytest.raises(TypeError, match="annotations only"):
        kagari.Range()  # type: ignore[operator]


async def test_values_arrive_as_the_plain_type_and_the_bounds_are_enforced() -> None:
    bot = make_bot()

    @bot.command
    async def roll(ctx: Context, dice: kagari.Range[int, 1, 10]) -> str:
        return f"{dice * 2}"

    async with TestClient(bot) as client:
        assert (await client.command("roll", dice=4)).content == "8"
        with pytest.raises(InvalidInteraction):
            await client.command("roll", dice=11)


async def test_the_documented_example_runs() -> None:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```python\n(.*?)```", text, re.DOTALL) if "Range[" in b]
    namespace: dict[str, Any] = {"__name__": "docs_range"}
    exec(compile(block, "docs/commands.md", "exec"), namespace)
    async with TestClient(namespace["bot"]) as client:
        result = await client.command("roll", dice=3, label="d6", bonus=1.5)
    assert result.content == "d6: 3 dice, +1.5"


@pytest.mark.slow
def test_type_checkers_see_the_plain_type(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "ranged.py"
    source.write_text(
        "import kagari\n\n"
        "bot = kagari.Bot()\n\n"
        "@bot.command\n"
        "async def roll(ctx: kagari.Context, dice: kagari.Range[int, 1, 10]) -> str:\n"
        "    reveal_type(dice)\n"
        "    return str(dice + 1)\n"
    )
    monkeypatch.setenv("MYPYPATH", str(ROOT / "src"))
    cache = pathlib.Path(tempfile.gettempdir()) / "kagari-app-typing-mypy-cache"
    stdout, stderr, _ = api.run(
        [
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            os.fspath(cache),
            "--config-file",
            os.devnull,
            os.fspath(source),
        ]
    )
    output = stdout + stderr
    assert re.search(r'ranged\.py:7: note: Revealed type is "(builtins\.)?int"', output)
    assert [line for line in output.splitlines() if ": error:" in line] == []
