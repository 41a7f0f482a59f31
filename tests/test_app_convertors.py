"""The one convertor table: built-in singletons, cached enum convertors and
``register_convertor``, seen through custom_id routes, modal fields and slash options."""

from __future__ import annotations

import enum
import pathlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import kagari
from kagari import Bot, Context, DeclarationError, RouteError
from kagari.app.declare.convertors import INT, STR, convertor_for_annotation
from kagari.testing import TestClient


class Mode(enum.Enum):
    FAST = "fast"
    SLOW = "slow"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 10


class Slashed(enum.Enum):
    HALF = "1/2"


@dataclass(frozen=True)
class Color:
    rgb: int


class ColorConvertor(kagari.Convertor[Color]):
    """Six lowercase hex digits, as ``ff0000``."""

    regex = "[0-9a-f]{6}"
    samples = ("ff0000", "00ff7f")
    description = "a colour such as ff0000"

    def convert(self, text: str) -> Color:
        if not re.fullmatch(self.regex, text):
            raise ValueError(f"{text!r} is not six hex digits")
        return Color(int(text, 16))

    def to_string(self, value: Color) -> str:
        if not isinstance(value, Color):
            raise RouteError(f"a color placeholder needs a Color, got {value!r}")
        return f"{value.rgb:06x}"


@dataclass(frozen=True)
class Celsius:
    degrees: int


class CelsiusConvertor(kagari.Convertor[Celsius]):
    name = "celsius"
    regex = "-?[0-9]+C"
    samples: tuple[str, ...] = ("21C", "-4C")

    def convert(self, text: str) -> Celsius:
        if not text.endswith("C"):
            raise ValueError(f"{text!r} does not end in C")
        return Celsius(int(text[:-1]))

    def to_string(self, value: Celsius) -> str:
        return f"{value.degrees}C"


@pytest.fixture
def color() -> Iterator[type[Color]]:
    """Color registered under the name ``color`` (decorator form), for one test."""
    registered = kagari.register_convertor(Color, name="color")(ColorConvertor)
    assert registered is ColorConvertor
    try:
        yield Color
    finally:
        kagari.unregister_convertor(Color)


@pytest.fixture
def forget() -> Iterator[Callable[[object], None]]:
    """Unregisters, when the test ends, every type a test hands it."""
    types: list[object] = []
    yield types.append
    for annotation in types:
        kagari.unregister_convertor(annotation)


def make_bot() -> Bot:
    return Bot(logs=None)


# -- singletons and the enum cache ------------------------------------------------------------


def test_every_int_parameter_shares_one_convertor() -> None:
    bot = make_bot()

    @bot.component("a:{n:int}")
    async def by_name(ctx: Context, n: int) -> None:
        return None

    @bot.component("b:{m}")
    async def by_annotation(ctx: Context, m: int) -> None:
        return None

    @bot.modal("c:{k:int}")
    async def modal(ctx: Context, k: int, age: int, name: str) -> None:
        return None

    age = next(field for field in modal.fields if field.param == "age")
    assert by_name.pattern.params["n"] is INT
    assert by_annotation.pattern.params["m"] is INT
    assert modal.pattern.params["k"] is INT
    assert age.convertor is INT
    assert convertor_for_annotation(int) is INT
    assert convertor_for_annotation(str) is STR


def test_one_enum_convertor_per_enum_class() -> None:
    bot = make_bot()

    @bot.component("pick:{mode}")
    async def pick(ctx: Context, mode: Mode) -> None:
        return None

    @bot.component("again:{mode:enum}:{level}")
    async def again(ctx: Context, mode: Mode, level: Level) -> None:
        return None

    @bot.modal("form")
    async def form(ctx: Context, mode: Mode, modes: list[Mode]) -> None:
        return None

    shared = convertor_for_annotation(Mode)
    assert shared is not None and shared is convertor_for_annotation(Mode)
    assert pick.pattern.params["mode"] is shared
    assert again.pattern.params["mode"] is shared
    assert again.pattern.params["level"] is convertor_for_annotation(Level)
    assert again.pattern.params["level"] is not shared
    single, many = form.fields
    assert single.convertor is shared
    assert many.selection is not None and many.selection.convertor is shared


async def test_enums_and_numbers_in_modal_fields_and_select_values() -> None:
    bot = make_bot()
    seen: dict[str, Any] = {}

    @bot.modal("settings")
    async def settings(
        ctx: Context, mode: Mode, level: Level, ratio: float, counts: list[int]
    ) -> str:
        seen.update(mode=mode, level=level, ratio=ratio, counts=counts)
        return "saved"

    @bot.component("levels")
    async def levels(ctx: Context, picked: list[Level]) -> kagari.Update:
        return kagari.Update(content=",".join(level.name for level in picked))

    @bot.error_handler(kagari.ModalBindingError)
    async def bad_form(ctx: Context, error: Exception) -> kagari.Message:
        return kagari.Message(str(error), ephemeral=True)

    async with TestClient(bot) as client:
        saved = await client.modal(
            "settings", mode="slow", level="10", ratio="0.25", counts=["3", "-1"]
        )
        picked = await client.component("levels", ["10", "1"])
        bad_enum = await client.modal("settings", mode="medium", level="1", ratio="1", counts=["1"])
        bad_item = await client.modal("settings", mode="fast", level="1", ratio="1", counts=["one"])
    assert saved.content == "saved"
    assert seen == {"mode": Mode.SLOW, "level": Level.HIGH, "ratio": 0.25, "counts": [3, -1]}
    assert picked.content == "HIGH,LOW"
    assert bad_enum.content == "field 'mode': 'medium' is not one of fast, slow"
    assert bad_item.content == "field 'counts': selected value 'one' is not a whole number"


async def test_snowflake_placeholders_hold_ids_of_any_length() -> None:
    bot = make_bot()

    @bot.component("file:{attachment_id:snowflake}")
    async def file(ctx: Context, attachment_id: kagari.Snowflake) -> kagari.Update:
        return kagari.Update(content=f"{attachment_id} ({len(str(attachment_id))} digits)")

    wide = "111111111111111111111"  # the attachment id of Discord's file-upload example
    assert file.custom_id(attachment_id=int(wide)) == f"file:{wide}"
    async with TestClient(bot) as client:
        answered = await client.component(f"file:{wide}")
        ordinary = await client.component("file:80351110224678912")
    assert answered.content == f"{wide} (21 digits)"
    assert ordinary.content == "80351110224678912 (17 digits)"


def test_a_single_int_in_a_component_route_still_needs_a_placeholder() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError, match=r"'page' is not a placeholder.*list\[int\]"):

        @bot.component("next")
        async def route(ctx: Context, page: int) -> None:
            return None


def test_an_enum_that_cannot_be_written_is_refused_in_every_place() -> None:
    bot = make_bot()
    with pytest.raises(DeclarationError, match=r"value '1/2' of HALF cannot be used"):

        @bot.modal("form")
        async def form(ctx: Context, share: Slashed) -> None:
            return None

    with pytest.raises(DeclarationError, match=r"'picked': enum Slashed: value '1/2'"):

        @bot.component("pick")
        async def pick(ctx: Context, picked: list[Slashed]) -> None:
            return None


# -- a registered type in every place ---------------------------------------------------------


async def test_a_registered_type_works_in_routes_modals_and_options(color: type[Color]) -> None:
    bot = make_bot()
    got: list[Color] = []

    @bot.command
    async def paint(ctx: Context, shade: Color) -> kagari.Message:
        """Paint something.

        Args:
            shade: The colour to use.
        """
        got.append(shade)
        return kagari.Message(
            "pick a tint",
            components=[
                kagari.ActionRow(
                    kagari.Button("Tint", custom_id=tint.custom_id(shade=shade, step=2)),
                    kagari.Button("Same", custom_id=same.custom_id(shade=shade)),
                )
            ],
        )

    @bot.component("tint:{shade}:{step:int}")
    async def tint(ctx: Context, shade: Color, step: int) -> kagari.Update:
        got.append(shade)
        return kagari.Update(content=f"tint {shade.rgb:#08x} by {step}")

    @bot.component("same:{shade:color}")
    async def same(ctx: Context, shade: Color) -> kagari.Update:
        return kagari.Update(content=f"same {shade.rgb:#08x}")

    @bot.modal("palette:{base:color}")
    async def palette(ctx: Context, base: Color, fill: Color, extras: list[Color]) -> str:
        return " ".join(f"{c.rgb:06x}" for c in [base, fill, *extras])

    @bot.error_handler(kagari.OptionConversionError)
    async def bad_option(ctx: Context, error: Exception) -> kagari.Message:
        return kagari.Message(str(error), ephemeral=True)

    option = paint.options[0]
    assert option.to_payload()["type"] == int(kagari.OptionType.STRING)
    assert option.convertor is tint.pattern.params["shade"] is same.pattern.params["shade"]

    async with TestClient(bot) as client:
        sent = await client.command("paint", shade="00ff7f")
        assert sent.custom_ids == ["tint:00ff7f:2", "same:00ff7f"]
        tinted = await client.component("tint:00ff7f:2")
        kept = await client.component("same:00ff7f")
        filled = await client.modal(
            palette.custom_id(base=Color(0x123456)), fill="0000ff", extras=["ff0000", "abcdef"]
        )
        refused = await client.command("paint", shade="red")
    assert got == [Color(0x00FF7F), Color(0x00FF7F)]
    assert tinted.content == "tint 0x00ff7f by 2"
    assert kept.content == "same 0x00ff7f"
    assert filled.content == "123456 0000ff ff0000 abcdef"
    assert refused.content == "option 'shade': 'red' is not a colour such as ff0000"


async def test_a_bad_registered_value_in_a_modal_is_a_binding_error(color: type[Color]) -> None:
    bot = make_bot()

    @bot.modal("fill")
    async def fill(ctx: Context, shade: Color) -> str:
        return "never"

    @bot.error_handler(kagari.ModalBindingError)
    async def bad_form(ctx: Context, error: Exception) -> kagari.Message:
        return kagari.Message(str(error), ephemeral=True)

    async with TestClient(bot) as client:
        answer = await client.modal("fill", shade="FF0000")
    assert answer.content == "field 'shade': 'FF0000' is not a colour such as ff0000"


def test_build_and_match_round_trip_a_registered_type(color: type[Color]) -> None:
    bot = make_bot()

    @bot.component("swatch:{left:color}:{right}:{label:path}")
    async def swatch(ctx: Context, left: Color, right: Color, label: str) -> None:
        return None

    custom_id = swatch.custom_id(left=Color(0xFF0000), right=Color(7), label="a/b:c")
    assert custom_id == "swatch:ff0000:000007:a/b:c"
    assert swatch.pattern.match(custom_id) == {
        "left": Color(0xFF0000),
        "right": Color(7),
        "label": "a/b:c",
    }
    assert swatch.pattern.match("swatch:ff000:000007:x") is None
    with pytest.raises(RouteError, match="left: a color placeholder needs a Color, got 'red'"):
        swatch.custom_id(left="red", right=Color(7), label="x")


def test_the_direct_form_registers_an_instance_under_its_own_name(
    forget: Callable[[object], None],
) -> None:
    instance = CelsiusConvertor()
    assert kagari.register_convertor(Celsius, instance) is instance
    forget(Celsius)
    bot = make_bot()

    @bot.component("heat:{to:celsius}")
    async def heat(ctx: Context, to: Celsius) -> None:
        return None

    assert heat.pattern.params["to"] is instance
    assert heat.custom_id(to=Celsius(-4)) == "heat:-4C"
    assert heat.pattern.match("heat:21C") == {"to": Celsius(21)}


def test_replace_swaps_the_convertor_and_its_name(forget: Callable[[object], None]) -> None:
    kagari.register_convertor(Celsius, CelsiusConvertor(), name="temp")
    forget(Celsius)
    newer = CelsiusConvertor()
    kagari.register_convertor(Celsius, newer, name="heat", replace=True)
    assert convertor_for_annotation(Celsius) is newer
    bot = make_bot()
    with pytest.raises(DeclarationError, match="unknown convertor 'temp'"):

        @bot.component("old:{x:temp}")
        async def old(ctx: Context, x: Celsius) -> None:
            return None

    @bot.component("new:{x:heat}")
    async def new(ctx: Context, x: Celsius) -> None:
        return None

    assert new.pattern.params["x"] is newer


DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"


async def test_the_documented_example_runs() -> None:
    text = (DOCS / "components.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    example = next(block for block in blocks if "@kagari.register_convertor(Color" in block)
    namespace: dict[str, Any] = {"__name__": __name__, "bot": make_bot()}
    exec(compile(example, "docs/components.md", "exec"), namespace)
    try:
        async with TestClient(namespace["bot"]) as client:
            sent = await client.command("paint", shade="00ff7f")
            tinted = await client.component(sent.custom_ids[0])
            counted = await client.modal("palette", fill="123456", extras=["ff0000"])
    finally:
        kagari.unregister_convertor(namespace["Color"])
    assert sent.custom_ids == ["tint:00ff7f"]
    assert tinted.content == "tinted with 00ff7f"
    assert counted.content == "2 colours"


# -- unregistering ----------------------------------------------------------------------------


async def test_unregistering_restores_the_table() -> None:
    kagari.register_convertor(Color, name="color")(ColorConvertor)
    try:
        bot = make_bot()

        @bot.component("keep:{shade}")
        async def keep(ctx: Context, shade: Color) -> kagari.Update:
            return kagari.Update(content=f"{shade.rgb}")

    finally:
        removed = kagari.unregister_convertor(Color)
    assert isinstance(removed, ColorConvertor)
    assert kagari.unregister_convertor(Color) is None
    assert convertor_for_annotation(Color) is None

    # Declared before: keeps its convertor.
    async with TestClient(bot) as client:
        kept = await client.component("keep:0000ff")
    assert kept.content == "255"

    later = make_bot()
    with pytest.raises(DeclarationError, match="unknown convertor 'color'"):

        @later.component("x:{shade:color}")
        async def named(ctx: Context, shade: Color) -> None:
            return None

    with pytest.raises(DeclarationError, match="no modal field can fill parameter 'shade'"):

        @later.modal("m")
        async def form(ctx: Context, shade: Color) -> None:
            return None

    with pytest.raises(DeclarationError, match="unsupported annotation Color"):

        @later.command
        async def paint(ctx: Context, shade: Color) -> None:
            """Paint."""

    @later.component("plain:{shade}")
    async def plain(ctx: Context, shade: Color) -> None:
        return None

    assert plain.pattern.params["shade"] is STR  # an unknown annotation: a str placeholder

    # The name is free again, for another type.
    kagari.register_convertor(Celsius, CelsiusConvertor(), name="color")
    kagari.unregister_convertor(Celsius)


# -- misuse -----------------------------------------------------------------------------------


class NoSamples(CelsiusConvertor):
    name = ""
    samples = ()


class EmptyRegex(CelsiusConvertor):
    name = ""
    regex = ""


class MatchesEmpty(CelsiusConvertor):
    name = ""
    regex = "[0-9]*C?"


class NamedGroup(CelsiusConvertor):
    name = ""
    regex = "(?P<n>-?[0-9]+)C"


class BadRegex(CelsiusConvertor):
    name = ""
    regex = "([0-9]+C"


class Anchored(CelsiusConvertor):
    name = ""
    regex = "^-?[0-9]+C$"


class SampleNotMatched(CelsiusConvertor):
    name = ""
    samples = ("21C", "warm")


class SeparatorInRegex(CelsiusConvertor):
    name = ""
    regex = "[-0-9:]+C"


class SeparatorInside(CelsiusConvertor):
    name = ""
    regex = "-?[0-9]+C(?:/[0-9]+C)?"


class BrokenConvert(CelsiusConvertor):
    name = ""
    samples = ("-4C", "21C")

    def convert(self, text: str) -> Celsius:
        if text.startswith("-"):
            raise ValueError("no frost here")
        return super().convert(text)


class BadToString(CelsiusConvertor):
    name = ""

    def to_string(self, value: Celsius) -> str:
        return f"{value.degrees} degrees"


class NeedsArguments(CelsiusConvertor):
    def __init__(self, scale: str) -> None:
        self.scale = scale


class NotAConvertor:
    regex = "[a-z]+"


@pytest.mark.parametrize(
    ("convertor", "message"),
    [
        (NotAConvertor(), "takes a kagari.Convertor instance, got <"),
        (CelsiusConvertor, "got the class CelsiusConvertor; pass CelsiusConvertor()"),
        (EmptyRegex(), r"EmptyRegex.regex must be a non-empty regular expression"),
        (MatchesEmpty(), r"MatchesEmpty.regex '\[0-9\]\*C\?' must not match empty text"),
        (NamedGroup(), "must not have named groups; use"),
        (BadRegex(), r"BadRegex.regex '\(\[0-9\]\+C' is not valid"),
        (Anchored(), "anchors such as"),
        (NoSamples(), "NoSamples.samples must hold at least one text"),
        (SampleNotMatched(), "SampleNotMatched.samples: 'warm' is not matched"),
        (SeparatorInRegex(), r"matches ':21C', which holds a separator"),
        (SeparatorInside(), r"matches '21C/21C', which holds a separator"),
        (BrokenConvert(), "cannot read back its own sample '-4C'.*no frost here"),
        (BadToString(), r"to_string\(convert\('21C'\)\) gave '21 degrees'"),
    ],
)
def test_a_convertor_that_cannot_work_is_refused(
    convertor: object, message: str, forget: Callable[[object], None]
) -> None:
    forget(Celsius)
    with pytest.raises(DeclarationError, match=message):
        kagari.register_convertor(Celsius, convertor)  # type: ignore[call-overload]
    assert convertor_for_annotation(Celsius) is None


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        (int, "register_convertor\\(int, ...\\): int has a built-in convertor"),
        (str, "str has a built-in convertor, which cannot be replaced"),
        (kagari.Snowflake, "Snowflake has a built-in convertor"),
        (Mode, "enums have a built-in convertor"),
        (kagari.User, "reads User from the interaction's resolved data"),
        (kagari.GuildTextChannel, "reads GuildTextChannel from the interaction's resolved"),
        (list[Celsius], "is not a class"),
        (CelsiusConvertor, "the first argument is the type the convertor produces"),
    ],
)
def test_a_type_that_cannot_be_registered_is_refused(annotation: object, message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        kagari.register_convertor(annotation, CelsiusConvertor())
    with pytest.raises(DeclarationError, match=message):
        kagari.register_convertor(annotation)


def test_registering_a_type_twice_needs_replace(forget: Callable[[object], None]) -> None:
    kagari.register_convertor(Celsius, CelsiusConvertor())
    forget(Celsius)
    with pytest.raises(DeclarationError, match=r"Celsius already has a convertor.*replace=True"):
        kagari.register_convertor(Celsius, CelsiusConvertor())


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("int", "'int' is a built-in convertor name"),
        ("enum", "'enum' is a built-in convertor name"),
        ("my-temp", "the name 'my-temp' must be a Python identifier"),
        ("color", "the name 'color' is already registered for Color"),
    ],
)
def test_bad_names_are_refused(
    name: str, message: str, color: type[Color], forget: Callable[[object], None]
) -> None:
    forget(Celsius)
    with pytest.raises(DeclarationError, match=message):
        kagari.register_convertor(Celsius, CelsiusConvertor(), name=name)
    assert convertor_for_annotation(Celsius) is None


def test_decorator_misuse_is_refused(forget: Callable[[object], None]) -> None:
    forget(Celsius)
    with pytest.raises(DeclarationError, match=r"decorates a kagari\.Convertor subclass"):
        kagari.register_convertor(Celsius)(NotAConvertor)  # type: ignore[type-var]
    with pytest.raises(DeclarationError, match=r"makes NeedsArguments\(\) with no arguments"):
        kagari.register_convertor(Celsius)(NeedsArguments)
    assert convertor_for_annotation(Celsius) is None


def test_builtins_cannot_be_unregistered() -> None:
    with pytest.raises(DeclarationError, match="built-in convertors cannot be unregistered"):
        kagari.unregister_convertor(int)
    assert convertor_for_annotation(int) is INT
