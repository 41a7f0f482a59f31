"""custom_id patterns: ``"vote:{poll_id:int}:{choice}"`` compiled once into a matcher.

A pattern is literal text with ``{name}`` or ``{name:convertor}`` placeholders. Each
placeholder becomes a named regex group plus a small convertor object that turns the
matched text into a Python value and a value back into text, so a route both parses
incoming custom_ids and builds outgoing ones (:meth:`RoutePattern.build`).

Convertors: ``str`` (the default: one segment, up to the next ``:``, ``/``, ``|`` or
``;``), ``int``, ``float``, ``snowflake``, ``bool`` (``1``/``0``, also
``true``/``false``), ``path`` (everything that is left, separators included) and enums
(chosen from the handler's annotation, matched by member value).
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kagari.models import Snowflake

__all__ = [
    "CUSTOM_ID_MAX",
    "BoolConvertor",
    "Convertor",
    "EnumConvertor",
    "FloatConvertor",
    "IntConvertor",
    "PathConvertor",
    "RouteError",
    "RouteMatch",
    "RoutePattern",
    "RouteTable",
    "SnowflakeConvertor",
    "StrConvertor",
    "convertor_for_annotation",
]

CUSTOM_ID_MAX = 100
"""Discord's limit on a component or modal ``custom_id``, in characters."""

SEPARATORS = ":/|;"
"""Characters that end a ``str`` placeholder."""

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

T = TypeVar("T")


class RouteError(ValueError):
    """A custom_id pattern, or a custom_id built from one, is not valid."""


class Convertor(Generic[T]):
    """Turns one placeholder's text into a value and back.

    Attributes:
        name: The name used after the colon in a pattern (``int`` in ``{x:int}``).
        regex: What the placeholder matches (no groups of its own).
        samples: Representative texts it matches, used to detect shadowed routes.
    """

    name = ""
    regex = ""
    samples: tuple[str, ...] = ()

    def convert(self, text: str) -> T:
        """Return the value for matched ``text``."""
        raise NotImplementedError

    def to_string(self, value: T) -> str:
        """Return the text for ``value``; raises :class:`RouteError` if it cannot be."""
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.regex == getattr(other, "regex", None)

    def __hash__(self) -> int:
        return hash((type(self), self.regex))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class StrConvertor(Convertor[str]):
    """One segment of text: no ``:``, ``/``, ``|`` or ``;`` and never empty."""

    name = "str"
    regex = "[^" + re.escape(SEPARATORS) + "]+"
    samples = ("a", "Zz-9_x")

    def convert(self, text: str) -> str:
        """Return ``text`` unchanged."""
        return text

    def to_string(self, value: str) -> str:
        """Return ``value`` after checking it holds no separator and is not empty."""
        text = str(value)
        if not text or any(sep in text for sep in SEPARATORS):
            raise RouteError(
                f"a str placeholder value must be non-empty and free of {SEPARATORS!r}, "
                f"got {text!r} (use {{name:path}} for the last placeholder to allow them)"
            )
        return text


class PathConvertor(Convertor[str]):
    """Everything that is left, separators included (use it last)."""

    name = "path"
    regex = ".+"
    samples = ("a", "a:b/c")

    def convert(self, text: str) -> str:
        """Return ``text`` unchanged."""
        return text

    def to_string(self, value: str) -> str:
        """Return ``value`` after checking it is not empty."""
        text = str(value)
        if not text:
            raise RouteError("a path placeholder value must not be empty")
        return text


class IntConvertor(Convertor[int]):
    """A decimal integer, optionally negative."""

    name = "int"
    regex = "-?[0-9]+"
    samples = ("0", "-12", "42")

    def convert(self, text: str) -> int:
        """Return ``int(text)``."""
        return int(text)

    def to_string(self, value: int) -> str:
        """Return the decimal form of ``value``."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise RouteError(f"an int placeholder needs an int, got {value!r}")
        return str(int(value))


class FloatConvertor(Convertor[float]):
    """A decimal number such as ``3``, ``-0.5`` or ``1.25``."""

    name = "float"
    regex = r"-?[0-9]+(?:\.[0-9]+)?"
    samples = ("0", "1.5", "-2.25")

    def convert(self, text: str) -> float:
        """Return ``float(text)``."""
        return float(text)

    def to_string(self, value: float) -> str:
        """Return ``value`` in its shortest round-tripping form."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RouteError(f"a float placeholder needs a number, got {value!r}")
        text = repr(float(value))
        if text.endswith(".0"):
            text = text[:-2]
        if not re.fullmatch(self.regex, text):
            raise RouteError(f"a float placeholder cannot hold {value!r}")
        return text


class SnowflakeConvertor(Convertor[Snowflake]):
    """A Discord id (1 to 20 digits), converted to :class:`~kagari.models.Snowflake`."""

    name = "snowflake"
    regex = "[0-9]{1,20}"
    samples = ("1", "123456789012345678")

    def convert(self, text: str) -> Snowflake:
        """Return ``Snowflake(int(text))``."""
        return Snowflake(int(text))

    def to_string(self, value: Snowflake) -> str:
        """Return the decimal id; accepts ints and objects with an ``id``."""
        raw: object = getattr(value, "id", value)
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise RouteError(f"a snowflake placeholder needs an id, got {value!r}")
        return str(int(raw))


class BoolConvertor(Convertor[bool]):
    """``1``/``0`` (also ``true``/``false`` when parsing); built as ``1``/``0``."""

    name = "bool"
    regex = "1|0|true|false"
    samples = ("1", "0", "true")

    def convert(self, text: str) -> bool:
        """Return ``True`` for ``1``/``true``."""
        return text in ("1", "true")

    def to_string(self, value: bool) -> str:
        """Return ``"1"`` or ``"0"``."""
        if not isinstance(value, bool):
            raise RouteError(f"a bool placeholder needs a bool, got {value!r}")
        return "1" if value else "0"


class EnumConvertor(Convertor[enum.Enum]):
    """A member of an :class:`enum.Enum`, written as its value.

    Args:
        enum_type: The enum; every member's ``str(value)`` must be non-empty and free of
            separators.
    """

    name = "enum"

    def __init__(self, enum_type: type[enum.Enum]) -> None:
        self.enum_type = enum_type
        self._by_text: dict[str, enum.Enum] = {}
        for member in enum_type:
            text = str(member.value)
            if not text or any(sep in text for sep in SEPARATORS):
                raise RouteError(
                    f"enum {enum_type.__name__}: value {text!r} of {member.name} cannot be "
                    f"used in a custom_id (it must be non-empty and free of {SEPARATORS!r})"
                )
            self._by_text[text] = member
        if not self._by_text:
            raise RouteError(f"enum {enum_type.__name__} has no members")
        ordered = sorted(self._by_text, key=len, reverse=True)
        self.regex = "|".join(re.escape(text) for text in ordered)
        self.samples = tuple(ordered)

    def convert(self, text: str) -> enum.Enum:
        """Return the member whose value is ``text``."""
        return self._by_text[text]

    def to_string(self, value: enum.Enum) -> str:
        """Return the member's value as text."""
        if not isinstance(value, self.enum_type):
            raise RouteError(
                f"an {self.enum_type.__name__} placeholder needs a member, got {value!r}"
            )
        return str(value.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EnumConvertor) and other.enum_type is self.enum_type

    def __hash__(self) -> int:
        return hash((EnumConvertor, self.enum_type))

    def __repr__(self) -> str:
        return f"EnumConvertor({self.enum_type.__name__})"


_NAMED: dict[str, type[Convertor[Any]]] = {
    cls.name: cls
    for cls in (
        StrConvertor,
        PathConvertor,
        IntConvertor,
        FloatConvertor,
        SnowflakeConvertor,
        BoolConvertor,
    )
}


def convertor_for_annotation(annotation: object) -> Convertor[Any] | None:
    """The convertor a handler parameter's annotation asks for, or ``None`` if none fits.

    ``str``, ``int``, ``float``, ``bool``, :class:`~kagari.models.Snowflake` and enum
    classes are understood.
    """
    if annotation is str:
        return StrConvertor()
    if annotation is bool:
        return BoolConvertor()
    if isinstance(annotation, type) and issubclass(annotation, Snowflake):
        return SnowflakeConvertor()
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return EnumConvertor(annotation)
    if annotation is int:
        return IntConvertor()
    if annotation is float:
        return FloatConvertor()
    return None


@dataclass(frozen=True)
class _Segment:
    literal: str
    name: str | None = None
    convertor: Convertor[Any] | None = None


class RoutePattern:
    """A compiled custom_id pattern.

    Args:
        pattern: The template, e.g. ``"vote:{poll_id:int}:{choice}"``.
        annotations: Parameter annotations used for placeholders that name no
            convertor (``{mode}`` with ``mode: Mode`` becomes an enum placeholder).

    Raises:
        RouteError: The pattern is empty, too long, has a malformed or repeated
            placeholder, an unknown convertor, or two placeholders with nothing between.
    """

    def __init__(self, pattern: str, annotations: Mapping[str, object] | None = None) -> None:
        if not pattern:
            raise RouteError("a custom_id pattern must not be empty")
        self.pattern = pattern
        self.segments = _parse(pattern, annotations or {})
        self.params: dict[str, Convertor[Any]] = {
            seg.name: seg.convertor
            for seg in self.segments
            if seg.name is not None and seg.convertor is not None
        }
        self.static_text = "".join(seg.literal for seg in self.segments)
        if not self.params and len(pattern) > CUSTOM_ID_MAX:
            raise RouteError(
                f"custom_id pattern {pattern!r} is {len(pattern)} characters; Discord allows "
                f"at most {CUSTOM_ID_MAX}"
            )
        regex = "".join(
            re.escape(seg.literal)
            if seg.name is None
            else f"(?P<{seg.name}>{seg.convertor.regex if seg.convertor else ''})"
            for seg in self.segments
        )
        self.regex = re.compile(regex + r"\Z", re.DOTALL)

    @property
    def is_static(self) -> bool:
        """Whether the pattern has no placeholders (an exact custom_id)."""
        return not self.params

    def match(self, custom_id: str) -> dict[str, Any] | None:
        """The converted placeholder values if ``custom_id`` matches, else ``None``."""
        if self.is_static:
            return {} if custom_id == self.pattern else None
        found = self.regex.match(custom_id)
        if found is None:
            return None
        values = found.groupdict()
        try:
            return {name: conv.convert(values[name]) for name, conv in self.params.items()}
        except (ValueError, KeyError):
            return None

    def build(self, **values: Any) -> str:
        """Return the custom_id for ``values``, one per placeholder.

        Raises:
            RouteError: A value is missing, extra, cannot be written by its
                convertor, or the result is over 100 characters.
        """
        missing = [name for name in self.params if name not in values]
        extra = [name for name in values if name not in self.params]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(missing)}")
            if extra:
                parts.append(f"unexpected {', '.join(extra)}")
            raise RouteError(f"custom_id for {self.pattern!r}: {'; '.join(parts)}")
        pieces: list[str] = []
        expected: dict[str, Any] = {}
        for seg in self.segments:
            if seg.name is None or seg.convertor is None:
                pieces.append(seg.literal)
                continue
            try:
                text = seg.convertor.to_string(values[seg.name])
            except RouteError as error:
                raise RouteError(f"custom_id for {self.pattern!r}, {seg.name}: {error}") from None
            pieces.append(text)
            expected[seg.name] = seg.convertor.convert(text)
        custom_id = "".join(pieces)
        if len(custom_id) > CUSTOM_ID_MAX:
            raise RouteError(
                f"custom_id {custom_id[:40]!r}... built from {self.pattern!r} is "
                f"{len(custom_id)} characters; Discord allows at most {CUSTOM_ID_MAX}"
            )
        if self.match(custom_id) != expected:
            raise RouteError(
                f"custom_id {custom_id!r} built from {self.pattern!r} does not parse back to "
                "the same values; a value contains text the next placeholder also matches"
            )
        return custom_id

    def samples(self) -> Iterable[str]:
        """A few custom_ids this pattern matches (used to detect shadowing)."""
        if self.is_static:
            yield self.pattern
            return
        width = max(len(conv.samples) for conv in self.params.values())
        for index in range(width):
            yield "".join(
                seg.literal
                if seg.convertor is None
                else seg.convertor.samples[index % len(seg.convertor.samples)]
                for seg in self.segments
            )

    def sort_key(self) -> tuple[int, int, int, int]:
        """Where the pattern goes in the matching order (lower is tried first).

        Longer literal prefixes first, then more literal text, then more typed
        (non-``str``) placeholders, then patterns without a ``path`` placeholder.
        """
        prefix = self.segments[0].literal if self.segments else ""
        typed = sum(
            1
            for conv in self.params.values()
            if not isinstance(conv, (StrConvertor, PathConvertor))
        )
        has_path = any(isinstance(conv, PathConvertor) for conv in self.params.values())
        return (-len(prefix), -len(self.static_text), -typed, int(has_path))

    def __repr__(self) -> str:
        return f"RoutePattern({self.pattern!r})"


def _parse(pattern: str, annotations: Mapping[str, object]) -> tuple[_Segment, ...]:
    segments: list[_Segment] = []
    position = 0
    seen: set[str] = set()
    for found in _PLACEHOLDER.finditer(pattern):
        literal = pattern[position : found.start()]
        if "{" in literal or "}" in literal:
            raise RouteError(f"custom_id pattern {pattern!r} has an unbalanced brace")
        if literal:
            segments.append(_Segment(literal))
        elif segments and segments[-1].name is not None:
            raise RouteError(
                f"custom_id pattern {pattern!r}: placeholders {{{segments[-1].name}}} and "
                f"{{{found.group(1)}}} need literal text (such as ':') between them"
            )
        name, _, kind = found.group(1).partition(":")
        name, kind = name.strip(), kind.strip()
        if not _NAME.match(name):
            raise RouteError(
                f"custom_id pattern {pattern!r}: {{{found.group(1)}}} needs a Python "
                "identifier as its name, e.g. {poll_id:int}"
            )
        if name in seen:
            raise RouteError(f"custom_id pattern {pattern!r} uses {{{name}}} twice")
        seen.add(name)
        segments.append(_Segment("", name, _convertor(pattern, name, kind, annotations)))
        position = found.end()
    tail = pattern[position:]
    if "{" in tail or "}" in tail:
        raise RouteError(f"custom_id pattern {pattern!r} has an unbalanced brace")
    if tail:
        segments.append(_Segment(tail))
    for seg in segments[:-1]:
        if isinstance(seg.convertor, PathConvertor):
            raise RouteError(
                f"custom_id pattern {pattern!r}: {{{seg.name}:path}} must be the last part"
            )
    return tuple(segments)


def _convertor(
    pattern: str, name: str, kind: str, annotations: Mapping[str, object]
) -> Convertor[Any]:
    annotation = annotations.get(name)
    from_annotation = convertor_for_annotation(annotation) if annotation is not None else None
    if not kind:
        return from_annotation or StrConvertor()
    if kind == "enum":
        if not isinstance(from_annotation, EnumConvertor):
            raise RouteError(
                f"custom_id pattern {pattern!r}: {{{name}:enum}} needs the handler parameter "
                f"{name!r} annotated with an Enum class"
            )
        return from_annotation
    cls = _NAMED.get(kind)
    if cls is None:
        known = ", ".join([*_NAMED, "enum"])
        raise RouteError(
            f"custom_id pattern {pattern!r}: unknown convertor {kind!r} in {{{name}:{kind}}}; "
            f"use one of {known}"
        )
    convertor = cls()
    if (
        from_annotation is not None
        and from_annotation != convertor
        and not (isinstance(convertor, PathConvertor) and isinstance(from_annotation, StrConvertor))
    ):
        raise RouteError(
            f"custom_id pattern {pattern!r}: {{{name}:{kind}}} disagrees with the handler's "
            f"annotation {name}: {getattr(annotation, '__name__', annotation)}; make them match"
        )
    return convertor


@dataclass(frozen=True)
class RouteMatch(Generic[T]):
    """A route that matched a custom_id, with the converted placeholder values."""

    route: T
    params: dict[str, Any]


class RouteTable(Generic[T]):
    """Routes of one kind (components or modals), tried in a predictable order.

    Exact custom_ids are looked up first (one dict lookup); then patterns in
    :meth:`RoutePattern.sort_key` order, registration order breaking ties.

    Args:
        kind: ``"component"`` or ``"modal"``, used in error messages.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._static: dict[str, T] = {}
        self._dynamic: list[tuple[RoutePattern, T]] = []
        self._patterns: dict[str, RoutePattern] = {}

    def __len__(self) -> int:
        return len(self._static) + len(self._dynamic)

    def add(self, pattern: RoutePattern, route: T, owner: str) -> None:
        """Add ``route`` under ``pattern``.

        Args:
            pattern: The compiled pattern.
            route: What a match returns.
            owner: The handler's name, for error messages.

        Raises:
            RouteError: The pattern is already taken, or it and another pattern shadow
                each other.
        """
        slot = self._slot(pattern, owner)
        if slot is None:
            self._static[pattern.pattern] = route
        else:
            self._dynamic.insert(slot, (pattern, route))
        self._patterns[pattern.pattern] = pattern

    def check(self, pattern: RoutePattern, owner: str) -> None:
        """Raise what :meth:`add` would raise for ``pattern``, adding nothing.

        Args:
            pattern: The compiled pattern.
            owner: The handler's name, for error messages.

        Raises:
            RouteError: As for :meth:`add`.
        """
        self._slot(pattern, owner)

    def _slot(self, pattern: RoutePattern, owner: str) -> int | None:
        """Where :meth:`add` puts ``pattern``, changing nothing: ``None`` for an exact
        custom_id, else its index in the tried order (after the patterns that sort the
        same, so registration order breaks ties).

        Raises:
            RouteError: The pattern is already taken, or it and another pattern shadow
                each other.
        """
        if pattern.pattern in self._patterns or pattern.pattern in self._static:
            raise RouteError(
                f"{self.kind} route {pattern.pattern!r} of {owner} is already registered; "
                "each pattern can have only one handler"
            )
        if pattern.is_static:
            return None
        position = bisect.bisect_right(
            self._dynamic, pattern.sort_key(), key=lambda item: item[0].sort_key()
        )
        for earlier, _ in self._dynamic[:position]:
            if all(earlier.regex.match(sample) for sample in pattern.samples()):
                raise RouteError(
                    f"{self.kind} route {pattern.pattern!r} of {owner} can never match: "
                    f"{earlier.pattern!r} is tried first and matches the same custom_ids; "
                    "give one of them a distinct literal part or a typed placeholder"
                )
        for later, _ in self._dynamic[position:]:
            if all(pattern.regex.match(sample) for sample in later.samples()):
                raise RouteError(
                    f"{self.kind} route {pattern.pattern!r} of {owner} would hide "
                    f"{later.pattern!r}, which then could never match; give one of them a "
                    "distinct literal part or a typed placeholder"
                )
        return position

    def resolve(self, custom_id: str) -> RouteMatch[T] | None:
        """The first route matching ``custom_id``, with its values, or ``None``."""
        route = self._static.get(custom_id)
        if route is not None:
            return RouteMatch(route, {})
        for pattern, candidate in self._dynamic:
            values = pattern.match(custom_id)
            if values is not None:
                return RouteMatch(candidate, values)
        return None

    def patterns(self) -> Sequence[str]:
        """Every registered pattern in matching order (exact ones first)."""
        return [*self._static, *(pattern.pattern for pattern, _ in self._dynamic)]
