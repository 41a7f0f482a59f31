"""custom_id patterns: typed placeholders, building ids back, precedence and shadowing."""

from __future__ import annotations

import enum

import pytest

from kagari.app.declare.custom_ids import (
    CUSTOM_ID_MAX,
    EnumConvertor,
    RouteError,
    RoutePattern,
    RouteTable,
)
from kagari.models import Snowflake


class Mode(enum.Enum):
    FAST = "fast"
    SLOW = "slow"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 10


def test_str_and_int_placeholders_convert() -> None:
    pattern = RoutePattern("vote:{poll_id:int}:{choice}")
    assert pattern.match("vote:42:yes") == {"poll_id": 42, "choice": "yes"}
    assert pattern.match("vote:-3:no") == {"poll_id": -3, "choice": "no"}
    assert pattern.match("vote:x:yes") is None
    assert pattern.match("vote:42:yes:extra") is None
    assert pattern.match("vote:42:") is None


@pytest.mark.parametrize(
    ("template", "custom_id", "expected"),
    [
        ("p:{x:float}", "p:1.5", {"x": 1.5}),
        ("p:{x:float}", "p:-2", {"x": -2.0}),
        ("u:{user:snowflake}", "u:123456789012345678", {"user": Snowflake(123456789012345678)}),
        ("b:{flag:bool}", "b:1", {"flag": True}),
        ("b:{flag:bool}", "b:false", {"flag": False}),
        ("r:{rest:path}", "r:a:b/c", {"rest": "a:b/c"}),
        ("page/{n:int}/{name}", "page/3/abc", {"n": 3, "name": "abc"}),
    ],
)
def test_convertors(template: str, custom_id: str, expected: dict[str, object]) -> None:
    assert RoutePattern(template).match(custom_id) == expected


def test_snowflake_placeholder_gives_a_snowflake() -> None:
    value = RoutePattern("u:{user:snowflake}").match("u:80351110224678912")
    assert value is not None
    assert type(value["user"]) is Snowflake


def test_enum_placeholder_from_annotation() -> None:
    pattern = RoutePattern("m:{mode}:{level}", {"mode": Mode, "level": Level})
    assert pattern.match("m:fast:10") == {"mode": Mode.FAST, "level": Level.HIGH}
    assert pattern.match("m:medium:10") is None
    assert pattern.build(mode=Mode.SLOW, level=Level.LOW) == "m:slow:1"


def test_annotation_picks_convertor_for_untyped_placeholder() -> None:
    pattern = RoutePattern("p:{page}", {"page": int})
    assert pattern.match("p:7") == {"page": 7}
    assert pattern.match("p:seven") is None


def test_enum_keyword_needs_enum_annotation() -> None:
    with pytest.raises(RouteError, match="annotated with an Enum"):
        RoutePattern("m:{mode:enum}", {"mode": str})


def test_explicit_convertor_disagreeing_with_annotation_is_an_error() -> None:
    with pytest.raises(RouteError, match="disagrees"):
        RoutePattern("p:{page:int}", {"page": str})


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("", "must not be empty"),
        ("a:{x:nope}", "unknown convertor 'nope'"),
        ("a:{x}{y}", "need literal text"),
        ("a:{x}:{x}", "twice"),
        ("a:{1x}", "Python identifier"),
        ("a:{x", "unbalanced"),
        ("a:{rest:path}:{x}", "must be the last part"),
        ("x" * 101, "at most 100"),
    ],
)
def test_bad_patterns(template: str, message: str) -> None:
    with pytest.raises(RouteError, match=message):
        RoutePattern(template)


def test_build_round_trips() -> None:
    pattern = RoutePattern("vote:{poll_id:int}:{choice}:{ratio:float}:{on:bool}")
    custom_id = pattern.build(poll_id=42, choice="yes", ratio=0.5, on=True)
    assert custom_id == "vote:42:yes:0.5:1"
    assert pattern.match(custom_id) == {"poll_id": 42, "choice": "yes", "ratio": 0.5, "on": True}


def test_build_checks_values() -> None:
    pattern = RoutePattern("vote:{poll_id:int}:{choice}")
    with pytest.raises(RouteError, match="missing choice"):
        pattern.build(poll_id=1)
    with pytest.raises(RouteError, match="unexpected extra"):
        pattern.build(poll_id=1, choice="a", extra=2)
    with pytest.raises(RouteError, match="needs an int"):
        pattern.build(poll_id="1", choice="a")
    with pytest.raises(RouteError, match="free of"):
        pattern.build(poll_id=1, choice="a:b")


def test_build_rejects_custom_ids_over_100_characters() -> None:
    pattern = RoutePattern("state:{blob:path}")
    assert len(pattern.build(blob="x" * 94)) == CUSTOM_ID_MAX
    with pytest.raises(RouteError, match="101 characters; Discord allows at most 100"):
        pattern.build(blob="x" * 95)


def test_enum_values_with_separators_are_rejected() -> None:
    class Bad(enum.Enum):
        A = "a:b"

    with pytest.raises(RouteError, match="cannot be used in a custom_id"):
        EnumConvertor(Bad)


def _table(*patterns: str) -> RouteTable[str]:
    table: RouteTable[str] = RouteTable("component")
    for template in patterns:
        table.add(RoutePattern(template), template, owner=f"handler_{template}")
    return table


def test_exact_ids_win_over_patterns() -> None:
    table = _table("vote:{poll_id:int}:{choice}", "vote:1:yes")
    match = table.resolve("vote:1:yes")
    assert match is not None and match.route == "vote:1:yes" and match.params == {}
    other = table.resolve("vote:2:yes")
    assert other is not None and other.route == "vote:{poll_id:int}:{choice}"


def test_typed_placeholder_is_tried_before_str_regardless_of_order() -> None:
    table = _table("item:{name}", "item:{number:int}")
    assert table.patterns() == ["item:{number:int}", "item:{name}"]
    number = table.resolve("item:12")
    assert number is not None and number.params == {"number": 12}
    name = table.resolve("item:twelve")
    assert name is not None and name.params == {"name": "twelve"}


def test_longer_literal_prefix_is_tried_first() -> None:
    table = _table("{kind}:{rest:path}", "vote:{rest:path}")
    match = table.resolve("vote:1:2")
    assert match is not None and match.route == "vote:{rest:path}"
    fallback = table.resolve("poll:1:2")
    assert fallback is not None and fallback.route == "{kind}:{rest:path}"


def test_no_route_matches() -> None:
    assert _table("vote:{poll_id:int}").resolve("poll:1") is None


def test_same_pattern_twice_is_an_error() -> None:
    with pytest.raises(RouteError, match="already registered"):
        _table("vote:{a}", "vote:{a}")


def test_identical_shapes_shadow_each_other() -> None:
    with pytest.raises(RouteError, match=r"'vote:\{b\}' .*can never match.*'vote:\{a\}'"):
        _table("vote:{a}", "vote:{b}")


class Box(enum.Enum):
    ONE = "b1"
    TWO = "b2"


def test_a_route_sorted_first_that_would_hide_an_earlier_one_is_an_error() -> None:
    table: RouteTable[str] = RouteTable("component")
    table.add(RoutePattern("a{box}", {"box": Box}), "boxes", owner="boxes")
    with pytest.raises(RouteError, match=r"'ab\{rest:path\}' .*would hide 'a\{box\}'"):
        table.add(RoutePattern("ab{rest:path}"), "rest", owner="rest")


def test_typed_route_after_broader_typed_route_is_shadowed() -> None:
    _table("f:{x:int}", "f:{y:float}")  # floats like 1.5 still reach the second
    with pytest.raises(RouteError, match="can never match"):
        _table("f:{y:float}", "f:{x:int}")
