"""Mistakes that used to pass decoration and fail at the first request now fail at import."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from typing import Any, Literal

import pytest

import kagari
from kagari.app import Bot, Context, DeclarationError
from kagari.testing import TestClient


class Speed(enum.Enum):
    FAST = "fast"
    SLOW = "slow"


class MyContext(Context):
    """A context subclass, as a bot with its own helpers would have."""


def make_bot() -> Bot:
    return Bot("not-a-real-token", public_key="00" * 32, logs=None)


# -- the context parameter ---------------------------------------------------------------------


def test_a_handler_without_ctx_is_refused_with_the_fix() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError) as caught:

        @bot.command
        async def echo(text: str) -> str:
            return text

    message = str(caught.value)
    assert "first parameter of a command handler receives the context" in message
    assert "'text' is annotated str" in message
    assert "async def echo(ctx: kagari.Context, text: str, ...)" in message
    assert bot.commands == []


@pytest.mark.parametrize("kind", ["user", "message", "component", "modal"])
def test_every_handler_kind_checks_its_first_parameter(kind: str) -> None:
    bot = make_bot()

    async def handler(target: kagari.User) -> None:
        return None

    decorators: dict[str, Any] = {
        "user": bot.user_command("Inspect"),
        "message": bot.message_command("Keep"),
        "component": bot.component("press"),
        "modal": bot.modal("form"),
    }
    with pytest.raises(DeclarationError, match="receives the context"):
        decorators[kind](handler)


def test_context_annotations_that_still_decorate() -> None:
    bot = make_bot()

    @bot.command
    async def plain(ctx) -> str:  # type: ignore[no-untyped-def]
        return "ok"

    @bot.command
    async def typed(ctx: kagari.Context) -> str:
        return "ok"

    @bot.command
    async def subclassed(ctx: MyContext) -> str:
        return "ok"

    @bot.command
    async def loose(ctx: Any) -> str:
        return "ok"

    assert [command.name for command in bot.commands] == ["plain", "typed", "subclassed", "loose"]


async def test_the_refused_handler_never_reaches_a_request() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError):

        @bot.command
        async def echo(text: str) -> str:
            return text

    @bot.command
    async def ping(ctx: Context) -> str:
        return "pong"

    async with TestClient(bot) as client:
        assert (await client.command("ping")).content == "pong"


# -- return annotations ------------------------------------------------------------------------


def test_an_int_return_is_refused_naming_what_can_be_returned() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError) as caught:

        @bot.command
        async def count(ctx: Context) -> int:
            return 3

    message = str(caught.value)
    assert "cannot answer with int" in message
    for answer in ("str", "kagari.Message", "kagari.Update", "kagari.Modal", "kagari.Defer"):
        assert answer in message
    assert "None" in message and "AsyncIterator" in message


def test_a_union_names_only_the_bad_member() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError, match=r"cannot answer with dict\[str, Any\] \(its return"):

        @bot.component("press")
        async def press(ctx: Context) -> kagari.Update | dict[str, Any] | None:
            return None


def test_yielding_handlers_are_annotated_async_iterators() -> None:
    bot = make_bot()

    @bot.command
    async def slow(ctx: Context) -> AsyncIterator[kagari.Defer | str]:
        yield kagari.Defer()
        yield "done"

    with pytest.raises(DeclarationError, match=r"yields.*AsyncIterator\[str\]"):

        @bot.command
        async def wrong(ctx: Context) -> str:  # type: ignore[misc]
            yield "x"

    with pytest.raises(DeclarationError, match="cannot yield int"):

        @bot.command
        async def numbers(ctx: Context) -> AsyncIterator[int]:
            yield 1

    with pytest.raises(DeclarationError, match="never yields"):

        @bot.command
        async def fake(ctx: Context) -> AsyncIterator[str]:
            return None  # type: ignore[return-value]

    assert [command.name for command in bot.commands] == ["slow"]


def test_every_answer_still_decorates() -> None:
    bot = make_bot()

    @bot.command
    async def text(ctx: Context) -> str:
        return "a"

    @bot.command
    async def embed(ctx: Context) -> kagari.Embed:
        return kagari.Embed(title="a")

    @bot.command
    async def form(ctx: Context) -> kagari.Modal | kagari.Message | None:
        return None

    @bot.command
    async def launch(ctx: Context) -> kagari.LaunchActivity:
        return kagari.LaunchActivity()

    @bot.command
    async def nothing(ctx: Context) -> None:
        await ctx.respond("hi")

    @bot.command
    async def anything(ctx: Context) -> Any:
        return "a"

    @bot.command
    async def literal(ctx: Context) -> Literal["yes", "no"]:
        return "yes"

    assert len(bot.commands) == 7


def test_autocomplete_handlers_return_suggestions_not_answers() -> None:
    bot = make_bot()

    @bot.command
    async def search(ctx: Context, query: str) -> str:
        return query

    @search.autocomplete("query")
    async def suggest(ctx: Context, value: str) -> list[str]:
        return [value]

    assert search.autocompletes["query"].handler is suggest


# -- defaults ----------------------------------------------------------------------------------


def test_an_int_option_with_a_str_default_is_refused() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError) as caught:

        @bot.command
        async def roll(ctx: Context, count: int = "3") -> str:  # type: ignore[assignment]
            return str(count)

    message = str(caught.value)
    assert "parameter 'count' is a int option, but its default '3' is a str" in message
    assert "'count: int = 3'" in message


@pytest.mark.parametrize(
    ("annotation", "default", "expected"),
    [
        (str, 3, "a str option"),
        (float, "1.5", "a int or float option"),
        (bool, "yes", "a bool option"),
        (int, True, "a int option"),
        (Speed, "fast", "a Speed option"),
        (kagari.User, 5, "a User option"),
    ],
)
def test_defaults_of_the_wrong_type(annotation: Any, default: Any, expected: str) -> None:
    bot = make_bot()

    async def handler(ctx: Context, value: Any = default) -> str:
        return "x"

    handler.__annotations__["value"] = annotation
    with pytest.raises(DeclarationError, match=expected):
        bot.command(name="wrong")(handler)


def test_a_literal_default_must_be_one_of_its_values() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError, match=r"one of \['a', 'b'\], but its default is 'c'"):

        @bot.command
        async def pick(ctx: Context, which: Literal["a", "b"] = "c") -> str:  # type: ignore[assignment]
            return which


def test_right_defaults_still_decorate() -> None:
    bot = make_bot()

    @bot.command
    async def settings(
        ctx: Context,
        count: int = 3,
        ratio: float = 1,
        name: str = "x",
        loud: bool = False,
        speed: Speed = Speed.FAST,
        pick: Literal["a", "b"] = "a",
        who: kagari.User | None = None,
    ) -> str:
        return "ok"

    assert [spec.default for spec in settings.options] == [
        3,
        1,
        "x",
        False,
        Speed.FAST,
        "a",
        None,
    ]
