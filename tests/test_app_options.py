"""Annotation -> option mapping, checked against Discord's command-creation schema."""

# No `from __future__ import annotations` here: the handlers below are built with real
# annotation objects so each case can use a different one.

import enum
from collections.abc import Callable
from typing import Annotated, Any, Literal, Optional, Union

import pytest

import kagari
from kagari.app import Bot, Context, DeclarationError, Option
from kagari.app.declare.docstrings import parse_docstring
from kagari.server.devkeys import DevKeyPair
from kagari.testing.openapi import OpenAPISpec


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Size(enum.IntEnum):
    SMALL = 1
    LARGE = 3


@pytest.fixture
def bot(monkeypatch: pytest.MonkeyPatch) -> Bot:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DISCORD_PUBLIC_KEY", raising=False)
    return Bot(public_key=DevKeyPair().public_key, logs=None)


def _handler(annotation: Any, default: Any = ...) -> Callable[..., Any]:
    if default is ...:

        async def handler(ctx, value):  # type: ignore[no-untyped-def]
            return "ok"
    else:

        async def handler(ctx, value=default):  # type: ignore[no-untyped-def]
            return "ok"

    handler.__annotations__ = {"ctx": Context, "value": annotation, "return": str}
    return handler


def _option(bot: Bot, openapi: OpenAPISpec, annotation: Any, default: Any = ...) -> Any:
    command = bot.command(name="cmd")(_handler(annotation, default))
    payload = command.to_payload()
    openapi.validate_schema("ApplicationCommandCreateRequest", payload)
    (option,) = payload["options"]
    return option


CHANNELS = [c for c in kagari.GuildTextChannel.channel_types]


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (str, {"type": 3}),
        (int, {"type": 4}),
        (float, {"type": 10}),
        (bool, {"type": 5}),
        (kagari.User, {"type": 6}),
        (kagari.Member, {"type": 6}),
        (kagari.Role, {"type": 8}),
        (kagari.Mentionable, {"type": 9}),
        (Union[kagari.User, kagari.Role], {"type": 9}),  # noqa: UP007 - the typing form
        (kagari.Attachment, {"type": 11}),
        (kagari.PartialChannel, {"type": 7}),
        (kagari.GuildTextChannel, {"type": 7, "channel_types": [0]}),
        (kagari.GuildTextChannel | kagari.GuildVoiceChannel, {"type": 7, "channel_types": [0, 2]}),
        (kagari.GuildThread, {"type": 7, "channel_types": [10, 11, 12]}),
        (
            Literal["a", "b"],
            {"type": 3, "choices": [{"name": "a", "value": "a"}, {"name": "b", "value": "b"}]},
        ),
        (
            Literal[1, 2],
            {"type": 4, "choices": [{"name": "1", "value": 1}, {"name": "2", "value": 2}]},
        ),
        (
            Literal[0.5, 2],
            {"type": 10, "choices": [{"name": "0.5", "value": 0.5}, {"name": "2", "value": 2}]},
        ),
        (
            Color,
            {
                "type": 3,
                "choices": [{"name": "RED", "value": "red"}, {"name": "GREEN", "value": "green"}],
            },
        ),
        (
            Size,
            {"type": 4, "choices": [{"name": "SMALL", "value": 1}, {"name": "LARGE", "value": 3}]},
        ),
    ],
)
def test_annotation_maps_to_option_type(
    bot: Bot, openapi: OpenAPISpec, annotation: Any, expected: dict[str, Any]
) -> None:
    option = _option(bot, openapi, annotation)
    assert option["name"] == "value"
    assert option["required"] is True
    for key, value in expected.items():
        assert option[key] == value
    if "channel_types" not in expected:
        assert "channel_types" not in option


@pytest.mark.parametrize(
    ("annotation", "default"),
    [(Optional[str], ...), (str | None, ...), (str, "x"), (Optional[int], None)],  # noqa: UP045
)
def test_default_or_none_makes_optional(
    bot: Bot, openapi: OpenAPISpec, annotation: Any, default: Any
) -> None:
    option = _option(bot, openapi, annotation, default)
    assert option["required"] is False


def test_annotated_option_metadata(bot: Bot, openapi: OpenAPISpec) -> None:
    option = _option(
        bot,
        openapi,
        Annotated[
            int,
            Option(
                "How often",
                name="count",
                min_value=1,
                max_value=5,
                name_localizations={"fr": "nombre"},
                description_localizations={"fr": "Combien"},
            ),
        ],
    )
    assert option == {
        "type": 4,
        "name": "count",
        "description": "How often",
        "required": True,
        "min_value": 1,
        "max_value": 5,
        "name_localizations": {"fr": "nombre"},
        "description_localizations": {"fr": "Combien"},
    }


def test_string_lengths_and_choices(bot: Bot, openapi: OpenAPISpec) -> None:
    option = _option(bot, openapi, Annotated[str, Option(min_length=2, max_length=10)])
    assert (option["min_length"], option["max_length"]) == (2, 10)
    bot2 = Bot(public_key=DevKeyPair().public_key, logs=None)
    option = _option(bot2, openapi, Annotated[str, Option(choices={"Yes": "y", "No": "n"})])
    assert option["choices"] == [{"name": "Yes", "value": "y"}, {"name": "No", "value": "n"}]


def test_number_range_on_float(bot: Bot, openapi: OpenAPISpec) -> None:
    option = _option(bot, openapi, Annotated[float, Option(min_value=0.5, max_value=2.5)])
    assert (option["min_value"], option["max_value"]) == (0.5, 2.5)


def test_channel_types_override(bot: Bot, openapi: OpenAPISpec) -> None:
    option = _option(bot, openapi, Annotated[kagari.PartialChannel, Option(channel_types=[5, 0])])
    assert option["channel_types"] == [0, 5]


def test_docstring_gives_descriptions(bot: Bot, openapi: OpenAPISpec) -> None:
    @bot.command
    async def greet(ctx: Context, who: kagari.User, loud: bool = False) -> str:
        """Greet someone nicely.

        More text that is not the description.

        Args:
            who: The person to greet,
                over two lines.
            loud (bool): Shout it.

        Returns:
            The greeting.
        """
        return "hi"

    payload = greet.to_payload()
    openapi.validate_schema("ApplicationCommandCreateRequest", payload)
    assert payload["description"] == "Greet someone nicely."
    assert [o["description"] for o in payload["options"]] == [
        "The person to greet, over two lines.",
        "Shout it.",
    ]


def test_parse_docstring_other_sections_end_args() -> None:
    parsed = parse_docstring(
        """Summary.

        Arguments:
            a: first
        Raises:
            ValueError: not an arg
        """
    )
    assert parsed.summary == "Summary."
    assert parsed.params == {"a": "first"}


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        (list[str], "unsupported annotation"),
        (dict, "unsupported annotation"),
        (Literal["a", 1], "must all be str, all int"),
        (Annotated[str, Option(min_value=1)], "min_value only applies to int and float"),
        (Annotated[int, Option(min_length=1)], "min_length only applies to str"),
        (Annotated[int, Option(min_value=5, max_value=1)], "min_value 5 above max_value 1"),
        (Annotated[str, Option(max_length=7000)], "max_length=7000 must be 1-6000"),
        (Annotated[int, Option(min_value=2**60)], "outside Discord's range"),
        (Annotated[str, Option(description="x" * 101)], "must be 1-100 characters"),
        (Annotated[str, Option(name="Bad Name")], "may only hold letters"),
        (Annotated[str, Option(name="Upper")], "must be lowercase"),
        (
            Annotated[str, Option(choices=[str(i) for i in range(26)])],
            "26 choices; Discord allows at most 25",
        ),
        (Annotated[bool, Option(choices=[True])], "cannot have choices"),
        (Annotated[str, Option(channel_types=[0])], "not a channel option"),
        (Annotated[kagari.User, Option(autocomplete=True)], "cannot be autocompleted"),
    ],
)
def test_bad_options_raise_at_decoration(bot: Bot, annotation: Any, message: str) -> None:
    with pytest.raises(DeclarationError, match=message) as caught:
        bot.command(name="cmd")(_handler(annotation))
    assert "handler" in str(caught.value)  # names the function


def test_too_many_choices_from_enum(bot: Bot) -> None:
    Big = enum.Enum("Big", {f"M{i}": f"v{i}" for i in range(26)})  # type: ignore[misc]
    with pytest.raises(DeclarationError, match="at most 25"):
        bot.command(name="cmd")(_handler(Big))


def test_missing_annotation_is_an_error(bot: Bot) -> None:
    async def handler(ctx, value):  # type: ignore[no-untyped-def]
        return "x"

    with pytest.raises(DeclarationError, match="needs a type annotation"):
        bot.command(handler)
