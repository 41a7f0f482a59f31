"""custom_id patterns: ``"vote:{poll_id:int}:{choice}"`` compiled once into a matcher.

A pattern is literal text with ``{name}`` or ``{name:convertor}`` placeholders. Each
placeholder becomes a named regex group plus a convertor that turns the matched text
into a Python value and a value back into text, so a route both parses incoming
custom_ids and builds outgoing ones (:meth:`RoutePattern.build`).

The convertors come from the one table in :mod:`kagari.app.declare.convertors`: a
placeholder names one (``{x:int}``, or a name given to
:func:`~kagari.app.declare.convertors.register_convertor`) or takes it from the
parameter's annotation (``{x}`` with ``x: int``); ``str`` is the default.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kagari.app.declare.convertors import (
    PATH,
    STR,
    BoolConvertor,
    Convertor,
    EnumConvertor,
    FloatConvertor,
    IntConvertor,
    PathConvertor,
    RouteError,
    SnowflakeConvertor,
    StrConvertor,
    convertor_for_annotation,
    convertor_for_name,
    convertor_names,
)

__all__ = [
    "CUSTOM_ID_MAX",
    # The convertors moved to kagari.app.declare.convertors; still importable from here.
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

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

T = TypeVar("T")


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
                text, expected[seg.name] = _write(seg.convertor, values[seg.name])
            except RouteError as error:
                raise RouteError(f"custom_id for {self.pattern!r}, {seg.name}: {error}") from None
            pieces.append(text)
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
        has_path = any(conv is PATH for conv in self.params.values())
        return (-len(prefix), -len(self.static_text), -typed, int(has_path))

    def __repr__(self) -> str:
        return f"RoutePattern({self.pattern!r})"


def _write(convertor: Convertor[Any], value: Any) -> tuple[str, Any]:
    """``value`` as text, and what that text reads back as.

    Raises:
        RouteError: The convertor cannot write ``value``, or cannot read its own text.
    """
    try:
        text = convertor.to_string(value)
    except (TypeError, ValueError) as error:
        if isinstance(error, RouteError):
            raise
        raise RouteError(f"{convertor!r} cannot write {value!r}: {error}") from None
    if not isinstance(text, str):
        raise RouteError(f"{convertor!r}.to_string({value!r}) returned {text!r}, not a str")
    try:
        return text, convertor.convert(text)
    except (TypeError, ValueError) as error:
        raise RouteError(
            f"{convertor!r} wrote {value!r} as {text!r} but cannot read it back: {error}"
        ) from None


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
        if seg.convertor is PATH:
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
        return from_annotation or STR
    if kind == "enum":
        if not isinstance(from_annotation, EnumConvertor):
            raise RouteError(
                f"custom_id pattern {pattern!r}: {{{name}:enum}} needs the handler parameter "
                f"{name!r} annotated with an Enum class"
            )
        return from_annotation
    convertor = convertor_for_name(kind)
    if convertor is None:
        raise RouteError(
            f"custom_id pattern {pattern!r}: unknown convertor {kind!r} in {{{name}:{kind}}}; "
            f"use one of {', '.join(convertor_names())} (or register_convertor() it)"
        )
    if (
        from_annotation is not None
        and from_annotation != convertor
        and not (convertor is PATH and from_annotation is STR)
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
