"""Convertors: the one table that turns a parameter's text into a typed value and back.

A convertor is a small object with a ``regex`` that finds its text inside a custom_id,
``convert`` (text -> value) and ``to_string`` (value -> text). Every place that reads
text into a handler parameter asks this table which convertor the parameter needs:

* custom_id placeholders (``"vote:{poll_id:int}"`` by name, or ``{poll_id}`` with
  ``poll_id: int`` by annotation), see :mod:`kagari.app.declare.custom_ids`;
* modal text fields and selected values (``age: int``, ``modes: list[Mode]``);
* slash-command STRING options annotated with a type registered here.

The built-in convertors are singletons (:data:`STR`, :data:`PATH`, :data:`INT`,
:data:`FLOAT`, :data:`SNOWFLAKE`, :data:`BOOL`), and each enum class gets one cached
:class:`EnumConvertor`. :func:`register_convertor` adds a type of your own, and
:func:`unregister_convertor` takes it away again (for tests). The table is
process-wide, like the types it describes.
"""

from __future__ import annotations

import enum
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

from kagari.app.declare.naming import DeclarationError
from kagari.models import Attachment, Member, PartialChannel, Role, Snowflake, User

__all__ = [
    "BOOL",
    "FLOAT",
    "INT",
    "PATH",
    "SEPARATORS",
    "SNOWFLAKE",
    "STR",
    "BoolConvertor",
    "Convertor",
    "EnumConvertor",
    "FloatConvertor",
    "IntConvertor",
    "PathConvertor",
    "RouteError",
    "SnowflakeConvertor",
    "StrConvertor",
    "convertor_for_annotation",
    "convertor_for_name",
    "convertor_names",
    "describe_value",
    "enum_convertor",
    "register_convertor",
    "registered_convertor",
    "unregister_convertor",
]

SEPARATORS = ":/|;"
"""Characters that end a ``str`` placeholder; no other convertor but ``path`` matches them."""

T = TypeVar("T")
C = TypeVar("C", bound="Convertor[Any]")

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class RouteError(ValueError):
    """A custom_id pattern, or a custom_id built from one, is not valid."""


class Convertor(Generic[T]):
    """Turns one piece of text into a value and back.

    Subclass it for a type of your own and register it with :func:`register_convertor`.
    In a custom_id, ``convert`` only sees text that ``regex`` matched; a modal field or
    a slash option hands it what the user typed, so it must raise :class:`ValueError`
    for text it cannot use.

    Attributes:
        name: The name used after the colon in a pattern (``int`` in ``{x:int}``);
            :func:`register_convertor` uses it when given no ``name``.
        regex: What the text looks like inside a custom_id: non-empty, never matching
            ``:``, ``/``, ``|`` or ``;``, and without named groups.
        samples: A few texts ``regex`` matches (at least one), used to check the
            convertor and to detect routes that shadow each other.
        description: What valid text looks like, for error messages (``"a whole
            number"``); ``"a valid <name>"`` when empty.
    """

    name: str = ""
    regex: str = ""
    samples: tuple[str, ...] = ()
    description: str = ""

    def convert(self, text: str) -> T:
        """Return the value for ``text``.

        Raises:
            ValueError: ``text`` is not a valid value.
        """
        raise NotImplementedError

    def to_string(self, value: T) -> str:
        """Return the text for ``value``.

        Raises:
            RouteError: ``value`` cannot be written by this convertor.
        """
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.regex == getattr(other, "regex", None)

    def __hash__(self) -> int:
        return hash((type(self), self.regex))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _free_of_separators(text: str) -> bool:
    return not any(sep in text for sep in SEPARATORS)


class StrConvertor(Convertor[str]):
    """One segment of text: no ``:``, ``/``, ``|`` or ``;`` and never empty."""

    name = "str"
    regex = "[^" + re.escape(SEPARATORS) + "]+"
    samples = ("a", "Zz-9_x")
    description = "text"

    def convert(self, text: str) -> str:
        """Return ``text`` unchanged."""
        return text

    def to_string(self, value: str) -> str:
        """Return ``value`` after checking it holds no separator and is not empty."""
        text = str(value)
        if not text or not _free_of_separators(text):
            raise RouteError(
                f"a str placeholder value must be non-empty and free of {SEPARATORS!r}, "
                f"got {text!r} (use {{name:path}} for the last placeholder to allow them)"
            )
        return text


class PathConvertor(Convertor[str]):
    """Everything that is left, separators included (the last placeholder only)."""

    name = "path"
    regex = ".+"
    samples = ("a", "a:b/c")
    description = "text"

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
    description = "a whole number"

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
    description = "a number"

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
    """A Discord id (decimal digits, any length), converted to :class:`~kagari.models.Snowflake`.

    Discord documents ids as strings of digits with no fixed width (its own file-upload
    example uses a 21-digit attachment id), so no length is assumed here.
    """

    name = "snowflake"
    regex = "[0-9]+"
    samples = ("1", "123456789012345678", "111111111111111111111")
    description = "a Discord id"

    def convert(self, text: str) -> Snowflake:
        """Return ``Snowflake(int(text))``.

        Raises:
            ValueError: ``text`` is not a non-negative integer.
        """
        number = int(text)
        if number < 0:
            raise ValueError(f"a Discord id cannot be negative, got {text!r}")
        return Snowflake(number)

    def to_string(self, value: Snowflake) -> str:
        """Return the decimal id; accepts ints and objects with an ``id``."""
        raw: object = getattr(value, "id", value)
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise RouteError(f"a snowflake placeholder needs an id, got {value!r}")
        return str(int(raw))


class BoolConvertor(Convertor[bool]):
    """``1``/``0`` (also ``true``/``false``) when parsing; built as ``1``/``0``."""

    name = "bool"
    regex = "1|0|true|false"
    samples = ("1", "0", "true")
    description = "1, 0, true or false"

    def convert(self, text: str) -> bool:
        """Return ``True`` for ``1``/``true`` and ``False`` for ``0``/``false``.

        Raises:
            ValueError: ``text`` is none of those.
        """
        if text in ("1", "true"):
            return True
        if text in ("0", "false"):
            return False
        raise ValueError(f"{text!r} is not {self.description}")

    def to_string(self, value: bool) -> str:
        """Return ``"1"`` or ``"0"``."""
        if not isinstance(value, bool):
            raise RouteError(f"a bool placeholder needs a bool, got {value!r}")
        return "1" if value else "0"


class EnumConvertor(Convertor[enum.Enum]):
    """A member of an :class:`enum.Enum`, written as its value.

    :func:`convertor_for_annotation` keeps one instance per enum class; there is no
    need to make your own.

    Args:
        enum_type: The enum; every member's ``str(value)`` must be non-empty, free of
            separators and distinct.

    Raises:
        RouteError: The enum has no members, or a value cannot be written in a
            custom_id.
    """

    name = "enum"

    def __init__(self, enum_type: type[enum.Enum]) -> None:
        self.enum_type = enum_type
        self._by_text: dict[str, enum.Enum] = {}
        for member in enum_type:
            text = str(member.value)
            if not text or not _free_of_separators(text):
                raise RouteError(
                    f"enum {enum_type.__name__}: value {text!r} of {member.name} cannot be "
                    f"used in a custom_id (it must be non-empty and free of {SEPARATORS!r})"
                )
            if text in self._by_text:
                raise RouteError(
                    f"enum {enum_type.__name__}: {self._by_text[text].name} and {member.name} "
                    f"are both written {text!r}; give them distinct values"
                )
            self._by_text[text] = member
        if not self._by_text:
            raise RouteError(f"enum {enum_type.__name__} has no members")
        ordered = sorted(self._by_text, key=len, reverse=True)
        self.regex = "|".join(re.escape(text) for text in ordered)
        self.samples = tuple(ordered)
        self.description = "one of " + ", ".join(self._by_text)

    def convert(self, text: str) -> enum.Enum:
        """Return the member whose value is ``text``.

        Raises:
            ValueError: No member has that value.
        """
        try:
            return self._by_text[text]
        except KeyError:
            raise ValueError(f"{text!r} is not {self.description}") from None

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


STR = StrConvertor()
"""The ``str`` convertor (the default for placeholders)."""
PATH = PathConvertor()
"""The ``path`` convertor."""
INT = IntConvertor()
"""The ``int`` convertor."""
FLOAT = FloatConvertor()
"""The ``float`` convertor."""
SNOWFLAKE = SnowflakeConvertor()
"""The ``snowflake`` convertor."""
BOOL = BoolConvertor()
"""The ``bool`` convertor."""

_BUILTIN_NAMES: dict[str, Convertor[Any]] = {
    conv.name: conv for conv in (STR, PATH, INT, FLOAT, SNOWFLAKE, BOOL)
}
_BUILTIN_TYPES: dict[object, Convertor[Any]] = {
    str: STR,
    int: INT,
    float: FLOAT,
    bool: BOOL,
    Snowflake: SNOWFLAKE,
}
_RESERVED_NAMES = frozenset({*_BUILTIN_NAMES, "enum"})
# Types kagari reads from the interaction's resolved data instead of from text.
_RESOLVED_TYPES: tuple[type[Any], ...] = (User, Member, Role, Attachment, PartialChannel)


@dataclass(frozen=True)
class _Entry:
    convertor: Convertor[Any]
    name: str | None


_by_type: dict[object, _Entry] = {}
_type_by_name: dict[str, object] = {}
_enums: dict[type[enum.Enum], EnumConvertor] = {}


def enum_convertor(enum_type: type[enum.Enum]) -> EnumConvertor:
    """The convertor for ``enum_type``, made once per enum class.

    Raises:
        RouteError: As for :class:`EnumConvertor`.
    """
    found = _enums.get(enum_type)
    if found is None:
        found = _enums[enum_type] = EnumConvertor(enum_type)
    return found


def registered_convertor(annotation: object) -> Convertor[Any] | None:
    """The convertor :func:`register_convertor` registered for ``annotation``, if any."""
    try:
        entry = _by_type.get(annotation)
    except TypeError:  # an unhashable annotation object
        return None
    return None if entry is None else entry.convertor


def convertor_for_annotation(annotation: object) -> Convertor[Any] | None:
    """The convertor a parameter's annotation asks for, or ``None`` if none fits.

    ``str``, ``int``, ``float``, ``bool``, :class:`~kagari.models.Snowflake` (and its
    subclasses), enum classes and the types given to :func:`register_convertor` (matched
    exactly) are understood. The same object is returned on every call.

    Raises:
        RouteError: ``annotation`` is an enum whose values cannot be used (see
            :class:`EnumConvertor`).
    """
    try:
        builtin = _BUILTIN_TYPES.get(annotation)
    except TypeError:  # an unhashable annotation object
        return None
    if builtin is not None:
        return builtin
    registered = registered_convertor(annotation)
    if registered is not None:
        return registered
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return enum_convertor(annotation)
        if issubclass(annotation, Snowflake):
            return SNOWFLAKE
    return None


def convertor_for_name(name: str) -> Convertor[Any] | None:
    """The convertor a ``{placeholder:name}`` asks for, or ``None`` if none has that name.

    ``enum`` is not a name here: which enum depends on the parameter's annotation.
    """
    builtin = _BUILTIN_NAMES.get(name)
    if builtin is not None:
        return builtin
    owner = _type_by_name.get(name)
    return None if owner is None else _by_type[owner].convertor


def convertor_names() -> list[str]:
    """Every name usable after the colon in a placeholder, ``enum`` included."""
    return [*_BUILTIN_NAMES, *_type_by_name, "enum"]


def describe_value(convertor: Convertor[Any]) -> str:
    """What text ``convertor`` accepts, for error messages (``"a whole number"``)."""
    if convertor.description:
        return convertor.description
    label = convertor.name or type(convertor).__name__.removesuffix("Convertor")
    return f"a valid {label or type(convertor).__name__}"


def _label(annotation: object) -> str:
    name = getattr(annotation, "__name__", None)
    return name if isinstance(name, str) else repr(annotation)


def _probes(samples: tuple[str, ...]) -> list[str]:
    """Texts holding a separator, built around ``samples``, that no regex may match."""
    probes = list(SEPARATORS)
    for sample in samples:
        for sep in SEPARATORS:
            probes += [sample + sep, sep + sample, sample + sep + sample]
            probes += [sample[:cut] + sep + sample[cut:] for cut in range(1, len(sample))]
    return probes


def _check_regex(label: str, regex: object, samples: tuple[str, ...]) -> None:
    if not isinstance(regex, str) or not regex:
        raise DeclarationError(f"{label}.regex must be a non-empty regular expression")
    try:
        compiled = re.compile(regex, re.DOTALL)
        embedded = re.compile(f"<(?:{regex})>", re.DOTALL)
    except re.error as error:
        raise DeclarationError(f"{label}.regex {regex!r} is not valid: {error}") from None
    if compiled.groupindex:
        raise DeclarationError(
            f"{label}.regex {regex!r} must not have named groups; use (?:...) instead"
        )
    if compiled.fullmatch(""):
        raise DeclarationError(f"{label}.regex {regex!r} must not match empty text")
    if not samples or not all(isinstance(sample, str) for sample in samples):
        raise DeclarationError(
            f"{label}.samples must hold at least one text its regex matches (they are "
            "used to check it and to detect custom_id routes that shadow each other)"
        )
    for sample in samples:
        if not compiled.fullmatch(sample) or not embedded.fullmatch(f"<{sample}>"):
            raise DeclarationError(
                f"{label}.samples: {sample!r} is not matched by its regex {regex!r} "
                "(inside a custom_id pattern; anchors such as ^ and $ do not belong there)"
            )
    for probe in _probes(samples):
        if compiled.fullmatch(probe):
            raise DeclarationError(
                f"{label}.regex {regex!r} matches {probe!r}, which holds a separator "
                f"({' '.join(SEPARATORS)}); placeholders must stop at separators, so "
                "exclude them from the regex"
            )


def _check_convertor(convertor: object, annotation: object) -> Convertor[Any]:
    call = f"register_convertor({_label(annotation)}, ...)"
    if isinstance(convertor, type) and issubclass(convertor, Convertor):
        raise DeclarationError(
            f"{call} takes a convertor instance, got the class {convertor.__name__}; "
            f"pass {convertor.__name__}() or use it as a class decorator"
        )
    if not isinstance(convertor, Convertor):
        raise DeclarationError(f"{call} takes a kagari.Convertor instance, got {convertor!r}")
    label = type(convertor).__name__
    raw_samples: object = convertor.samples
    samples = tuple(raw_samples) if isinstance(raw_samples, (tuple, list)) else ()
    _check_regex(label, convertor.regex, samples)
    for sample in samples:
        try:
            text = convertor.to_string(convertor.convert(sample))
        except Exception as error:
            raise DeclarationError(
                f"{label} cannot read back its own sample {sample!r}: {error!r}"
            ) from None
        if not isinstance(text, str) or not re.fullmatch(convertor.regex, text, re.DOTALL):
            raise DeclarationError(
                f"{label}.to_string(convert({sample!r})) gave {text!r}, which its regex "
                f"{convertor.regex!r} does not match"
            )
    return convertor


def _check_annotation(annotation: object, replace: bool) -> None:
    call = f"register_convertor({_label(annotation)}, ...)"
    if isinstance(annotation, type) and issubclass(annotation, Convertor):
        raise DeclarationError(
            f"{call}: the first argument is the type the convertor produces, not the "
            f"convertor; write @register_convertor(YourType, name=...) above "
            f"class {annotation.__name__}"
        )
    if not isinstance(annotation, (type, typing.NewType)):
        raise DeclarationError(
            f"{call}: {annotation!r} is not a class (or typing.NewType); register the "
            "type handlers annotate their parameters with"
        )
    if annotation in _BUILTIN_TYPES:
        raise DeclarationError(
            f"{call}: {_label(annotation)} has a built-in convertor, which cannot be "
            "replaced; annotate with a type of your own instead"
        )
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        raise DeclarationError(
            f"{call}: enums have a built-in convertor (by member value); to read "
            f"{annotation.__name__} another way, annotate with a type of your own"
        )
    if isinstance(annotation, type) and issubclass(annotation, _RESOLVED_TYPES):
        raise DeclarationError(
            f"{call}: kagari reads {annotation.__name__} from the interaction's resolved "
            "data, not from text; annotate with a type of your own instead"
        )
    if annotation in _by_type and not replace:
        raise DeclarationError(
            f"{call}: {_label(annotation)} already has a convertor "
            f"({_by_type[annotation].convertor!r}); pass replace=True to swap it, or "
            "unregister_convertor() it first"
        )


def _check_name(name: object, annotation: object) -> None:
    call = f"register_convertor({_label(annotation)}, ...)"
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise DeclarationError(
            f"{call}: the name {name!r} must be a Python identifier, as in {{value:color}}"
        )
    if name in _RESERVED_NAMES:
        raise DeclarationError(
            f"{call}: {name!r} is a built-in convertor name; pass name=... with another"
        )
    owner = _type_by_name.get(name)
    if owner is not None and owner is not annotation:
        raise DeclarationError(
            f"{call}: the name {name!r} is already registered for {_label(owner)}; "
            "choose another name"
        )


def _register(
    annotation: object, convertor: object, name: str | None, replace: bool
) -> Convertor[Any]:
    _check_annotation(annotation, replace)
    checked = _check_convertor(convertor, annotation)
    chosen = name if name is not None else (checked.name or None)
    if chosen is not None:
        _check_name(chosen, annotation)
    unregister_convertor(annotation)  # with replace=True, drop the old name too
    _by_type[annotation] = _Entry(checked, chosen)
    if chosen is not None:
        _type_by_name[chosen] = annotation
    return checked


@overload
def register_convertor(
    annotation: object,
    convertor: Convertor[T],
    *,
    name: str | None = None,
    replace: bool = False,
) -> Convertor[T]: ...


@overload
def register_convertor(
    annotation: object,
    convertor: None = None,
    *,
    name: str | None = None,
    replace: bool = False,
) -> Callable[[type[C]], type[C]]: ...


def register_convertor(
    annotation: object,
    convertor: Convertor[Any] | None = None,
    *,
    name: str | None = None,
    replace: bool = False,
) -> Convertor[Any] | Callable[[type[C]], type[C]]:
    """Teach kagari to read ``annotation`` from text, everywhere text becomes a value.

    After ``register_convertor(Color, ColorConvertor(), name="color")``, a parameter
    annotated ``Color`` is converted in custom_id routes (``{c}`` or ``{c:color}``), in
    modal text fields and selected values, and as a slash-command option (a STRING
    option for Discord). Register before declaring the routes and commands that use
    it: they are compiled when declared, and keep their convertor afterwards.

    Without ``convertor`` it is a class decorator that registers an instance made with
    no arguments and returns the class unchanged::

        @kagari.register_convertor(Color, name="color")
        class ColorConvertor(kagari.Convertor[Color]): ...

    Args:
        annotation: The type handlers annotate parameters with (a class or a
            ``typing.NewType``, matched exactly, not by subclass).
        convertor: A :class:`Convertor` instance.
        name: The placeholder name (``{c:color}``); defaults to ``convertor.name``.
            Without either, the type is only found through annotations.
        replace: Allow replacing the convertor already registered for ``annotation``.

    Returns:
        The convertor (or, as a decorator, the class).

    Raises:
        DeclarationError: ``convertor`` is not a :class:`Convertor` instance, or its
            ``regex`` is empty, has named groups or can match a separator, or its
            ``samples`` are missing or do not convert and round-trip; ``annotation`` is
            not a class, has a built-in convertor (``str``, ``int``, ``float``,
            ``bool``, ``Snowflake``, enums), is read from resolved data (users, roles,
            channels, attachments), or is already registered without
            ``replace=True``; ``name`` is not an identifier, is built in (``str``,
            ``path``, ``int``, ``float``, ``snowflake``, ``bool``, ``enum``) or belongs
            to another type.
    """
    if convertor is not None:
        return _register(annotation, convertor, name, replace)
    _check_annotation(annotation, replace)

    def decorate(cls: type[C]) -> type[C]:
        if not (isinstance(cls, type) and issubclass(cls, Convertor)):
            raise DeclarationError(
                f"@register_convertor({_label(annotation)}) decorates a kagari.Convertor "
                f"subclass, got {cls!r}"
            )
        try:
            instance = cls()
        except TypeError as error:
            raise DeclarationError(
                f"@register_convertor({_label(annotation)}) makes {cls.__name__}() with no "
                f"arguments, which failed: {error}; register an instance instead"
            ) from None
        _register(annotation, instance, name, replace)
        return cls

    return decorate


def unregister_convertor(annotation: object) -> Convertor[Any] | None:
    """Forget the convertor registered for ``annotation``, and its name.

    Routes and commands declared before keep the convertor they were compiled with.
    Tests that register a type call this when they end, so none is left behind.

    Returns:
        The convertor that was registered, or ``None`` if there was none.

    Raises:
        DeclarationError: ``annotation`` has a built-in convertor, which stays.
    """
    try:
        builtin = annotation in _BUILTIN_TYPES
        entry = _by_type.pop(annotation, None)
    except TypeError:  # an unhashable annotation object
        return None
    if builtin:
        raise DeclarationError(
            f"unregister_convertor({_label(annotation)}): built-in convertors cannot be "
            "unregistered"
        )
    if entry is None:
        return None
    if entry.name is not None:
        _type_by_name.pop(entry.name, None)
    return entry.convertor
