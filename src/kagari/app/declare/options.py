"""Slash-command options: ``Option`` metadata and the annotation -> option mapping.

A handler parameter becomes one option. Its annotation picks the option type::

    str -> STRING       int -> INTEGER      float -> NUMBER     bool -> BOOLEAN
    User / Member -> USER                   Role -> ROLE
    User | Role (Mentionable) -> MENTIONABLE                    Attachment -> ATTACHMENT
    a channel class, or a union of them -> CHANNEL with channel_types
    Literal[...] / an Enum -> STRING, INTEGER or NUMBER with choices
    a type given to register_convertor() -> STRING, read by its convertor

A default value or ``X | None`` makes the option optional; ``Annotated[T, Option(...)]``
adds a description, a different Discord name, ranges, lengths, choices, autocomplete and
localizations.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from kagari.app.declare.convertors import Convertor, describe_value, registered_convertor
from kagari.app.declare.naming import (
    DeclarationError,
    check_description,
    check_localizations,
    check_name,
)
from kagari.app.declare.ranges import RangeBounds
from kagari.builders import limits
from kagari.models import (
    Attachment,
    Member,
    OptionType,
    PartialChannel,
    ResolvedData,
    Role,
    Snowflake,
    User,
)

__all__ = [
    "DEFAULT_DESCRIPTION",
    "Option",
    "OptionConversionError",
    "OptionSpec",
    "build_option",
    "choice_dicts",
    "split_annotation",
]

DEFAULT_DESCRIPTION = "No description"
"""What a command or option without a documented description is described as."""

_INT53 = 2**53
_LENGTH_MAX = 6000


class OptionConversionError(ValueError):
    """An option value Discord sent could not be turned into the annotated type."""


@dataclass(frozen=True)
class Option:
    """Extra metadata for a command option, used as ``Annotated[T, Option(...)]``.

    Args:
        description: Shown under the option in Discord (1-100 characters). Defaults to
            the parameter's entry in the docstring's ``Args:`` section.
        name: The option's name in Discord when it differs from the parameter's.
        min_value: Smallest number accepted (``int``/``float`` options).
        max_value: Largest number accepted.
        min_length: Shortest text accepted (``str`` options, 0-6000).
        max_length: Longest text accepted (1-6000).
        choices: The only values the user may pick: a sequence of values, of
            :class:`~kagari.Choice` objects or ``{"name", "value"}`` dicts, or a
            mapping of display name to value (at most 25).
        autocomplete: Whether the option is autocompleted; set automatically when an
            autocomplete handler is registered for it.
        channel_types: Channel type numbers a channel option accepts, when the
            annotation does not already say.
        name_localizations: Locale -> localized name.
        description_localizations: Locale -> localized description.
    """

    description: str | None = None
    name: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    choices: Sequence[Any] | Mapping[str, Any] | None = None
    autocomplete: bool = False
    channel_types: Sequence[int] | None = None
    name_localizations: Mapping[str, str] | None = None
    description_localizations: Mapping[str, str] | None = None


@dataclass
class OptionSpec:
    """One option of a slash command, resolved from a handler parameter.

    Attributes:
        param: The Python parameter it fills.
        name: Its name in Discord.
        option_type: The Discord option type.
        description: Its description.
        required: Whether Discord makes the user fill it.
        default: The value passed when the user leaves it out.
        choices: Choice dicts (``name``, ``value``), or ``None``.
        enum_type: The Enum class values are converted to, if any.
        target: ``Member`` when a USER option should give the member, else ``None``.
        extra: Other payload fields (ranges, lengths, channel_types, localizations).
        autocomplete: Whether it is autocompleted.
        convertor: For a type given to ``register_convertor()``, what reads the text.
    """

    param: str
    name: str
    option_type: OptionType
    description: str
    required: bool
    default: Any = None
    choices: list[dict[str, Any]] | None = None
    enum_type: type[enum.Enum] | None = None
    target: type[Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    autocomplete: bool = False
    convertor: Convertor[Any] | None = None

    def to_payload(self) -> dict[str, Any]:
        """The option object as Discord's "create command" body takes it."""
        payload: dict[str, Any] = {
            "type": int(self.option_type),
            "name": self.name,
            "description": self.description,
            "required": self.required,
        }
        if self.choices is not None:
            payload["choices"] = [dict(choice) for choice in self.choices]
        if self.autocomplete:
            payload["autocomplete"] = True
        payload.update(self.extra)
        return payload

    def convert(self, value: Any, resolved: ResolvedData | None) -> Any:
        """Turn the raw ``value`` Discord sent into what the handler receives.

        Raises:
            OptionConversionError: The value (or its resolved object) is missing or
                of the wrong kind.
        """
        kind = self.option_type
        try:
            if kind == OptionType.STRING:
                result: Any = str(value)
            elif kind == OptionType.INTEGER:
                result = int(value)
            elif kind == OptionType.NUMBER:
                result = float(value)
            elif kind == OptionType.BOOLEAN:
                result = value if isinstance(value, bool) else str(value).lower() == "true"
            else:
                return self._resolve(value, resolved)
            if self.enum_type is not None:
                result = self.enum_type(result)
        except (TypeError, ValueError) as error:
            raise OptionConversionError(
                f"option {self.name!r}: cannot use {value!r} as {kind.name}: {error}"
            ) from None
        if self.convertor is not None:
            try:
                result = self.convertor.convert(result)
            except (TypeError, ValueError):
                raise OptionConversionError(
                    f"option {self.name!r}: {result!r} is not {describe_value(self.convertor)}"
                ) from None
        return result

    def _resolve(self, value: Any, resolved: ResolvedData | None) -> Any:
        try:
            key = int(value)
        except (TypeError, ValueError):
            raise OptionConversionError(f"option {self.name!r}: {value!r} is not an id") from None
        found = resolve_id(key, self.option_type, self.target, resolved)
        if found is None:
            raise OptionConversionError(
                f"option {self.name!r}: id {key} is not in the interaction's resolved data"
            )
        return found


def resolve_id(
    key: int, kind: OptionType, target: type[Any] | None, resolved: ResolvedData | None
) -> Any:
    """Look an id up in ``resolved`` the way an option of ``kind`` expects.

    Args:
        key: The id.
        kind: USER, ROLE, MENTIONABLE, CHANNEL or ATTACHMENT.
        target: ``Member`` to prefer members over users.
        resolved: The interaction's resolved data.

    Returns:
        The model, or ``None`` when it is not there.
    """
    if resolved is None:
        return None
    snowflake = Snowflake(key)
    if kind in (OptionType.USER, OptionType.MENTIONABLE):
        if target is Member:
            found: Any = resolved.members.get(snowflake)
        else:
            found = resolved.users.get(snowflake)
        if found is not None or kind == OptionType.USER:
            return found
        return resolved.roles.get(snowflake)
    if kind == OptionType.ROLE:
        return resolved.roles.get(snowflake)
    if kind == OptionType.CHANNEL:
        return resolved.channels.get(snowflake)
    if kind == OptionType.ATTACHMENT:
        return resolved.attachments.get(snowflake)
    return None


def split_annotation(annotation: Any) -> tuple[Any, bool, tuple[Any, ...]]:
    """Strip ``Annotated`` and ``None`` from an annotation.

    Returns:
        ``(base, optional, metadata)``: the annotation without ``Annotated`` and
        ``None``, whether ``None`` was part of it, and the ``Annotated`` extras.
    """
    metadata: tuple[Any, ...] = ()
    if typing.get_origin(annotation) is typing.Annotated:
        annotation, *extras = typing.get_args(annotation)
        metadata = tuple(extras)
    optional = False
    if _is_union(annotation):
        members = typing.get_args(annotation)
        kept = tuple(arg for arg in members if arg is not type(None))
        optional = len(kept) != len(members)
        if len(kept) == 1:
            annotation = kept[0]
        elif optional:
            annotation = Union[kept]  # noqa: UP007
    if typing.get_origin(annotation) is typing.Annotated:
        inner, inner_optional, inner_meta = split_annotation(annotation)
        return inner, optional or inner_optional, metadata + inner_meta
    return annotation, optional, metadata


def _is_union(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin is Union or origin is types.UnionType


def _describe(annotation: Any) -> str:
    return getattr(annotation, "__name__", None) or repr(annotation)


def choice_dicts(
    choices: Sequence[Any] | Mapping[str, Any], *, owner: str, option: str
) -> list[dict[str, Any]]:
    """Normalize choices to ``{"name", "value"}`` dicts and check their limits.

    Args:
        choices: Values, ``Choice`` objects, dicts, or a name -> value mapping.
        owner: Who declared them, for error messages.
        option: The option's name, for error messages.

    Raises:
        DeclarationError: More than 25 choices, an empty or too-long name, or a
            string value over 100 characters.
    """
    items: list[dict[str, Any]] = []
    if isinstance(choices, Mapping):
        items = [{"name": str(name), "value": value} for name, value in choices.items()]
    else:
        for choice in choices:
            if isinstance(choice, Mapping):
                items.append(dict(choice))
            elif (
                hasattr(choice, "name")
                and hasattr(choice, "value")
                and not isinstance(choice, enum.Enum)
            ):
                entry: dict[str, Any] = {"name": choice.name, "value": choice.value}
                localized = getattr(choice, "name_localizations", None)
                if localized:
                    entry["name_localizations"] = dict(localized)
                items.append(entry)
            else:
                items.append({"name": str(choice), "value": choice})
    if len(items) > limits.OPTION_MAX_CHOICES:
        raise DeclarationError(
            f"{owner}: option {option!r} has {len(items)} choices; Discord allows at most "
            f"{limits.OPTION_MAX_CHOICES} (use autocomplete for longer lists)"
        )
    for item in items:
        name, value = item.get("name"), item.get("value")
        if not isinstance(name, str) or not 1 <= len(name) <= limits.CHOICE_NAME_MAX:
            raise DeclarationError(
                f"{owner}: option {option!r} choice name {name!r} must be 1-"
                f"{limits.CHOICE_NAME_MAX} characters"
            )
        if isinstance(value, str) and len(value) > limits.CHOICE_NAME_MAX:
            raise DeclarationError(
                f"{owner}: option {option!r} choice value {value[:20]!r}... is {len(value)} "
                f"characters; Discord allows at most {limits.CHOICE_NAME_MAX}"
            )
    return items


def _choice_type(values: Sequence[Any], *, owner: str, param: str) -> OptionType:
    if values and all(isinstance(v, str) for v in values):
        return OptionType.STRING
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return OptionType.INTEGER
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return OptionType.NUMBER
    raise DeclarationError(
        f"{owner}: parameter {param!r} has choices {list(values)!r}; they must all be str, "
        "all int, or all numbers"
    )


_SIMPLE: dict[Any, OptionType] = {
    str: OptionType.STRING,
    int: OptionType.INTEGER,
    float: OptionType.NUMBER,
    bool: OptionType.BOOLEAN,
}

SUPPORTED = (
    "str, int, float, bool, kagari.User, kagari.Member, kagari.Role, kagari.Mentionable, "
    "kagari.Attachment, a channel class (or a union of them), Literal[...], an Enum "
    "or a type given to kagari.register_convertor()"
)


@dataclass
class _Kind:
    option_type: OptionType
    choices: list[dict[str, Any]] | None = None
    enum_type: type[enum.Enum] | None = None
    target: type[Any] | None = None
    channel_types: list[int] | None = None
    convertor: Convertor[Any] | None = None


def _kind_of(base: Any, *, owner: str, param: str) -> _Kind:
    registered = registered_convertor(base)
    if registered is not None:
        return _Kind(OptionType.STRING, convertor=registered)
    if base in _SIMPLE:
        return _Kind(_SIMPLE[base])
    if typing.get_origin(base) is Literal:
        values = list(typing.get_args(base))
        kind = _choice_type(values, owner=owner, param=param)
        return _Kind(kind, choice_dicts(values, owner=owner, option=param))
    if isinstance(base, type) and issubclass(base, enum.Enum):
        entries = list(base)
        kind = _choice_type([m.value for m in entries], owner=owner, param=param)
        choices = choice_dicts(
            [{"name": m.name, "value": m.value} for m in entries], owner=owner, option=param
        )
        return _Kind(kind, choices, enum_type=base)
    if isinstance(base, type):
        if issubclass(base, Member):
            return _Kind(OptionType.USER, target=Member)
        if issubclass(base, User):
            return _Kind(OptionType.USER, target=User)
        if issubclass(base, Role):
            return _Kind(OptionType.ROLE)
        if issubclass(base, Attachment):
            return _Kind(OptionType.ATTACHMENT)
        if issubclass(base, PartialChannel):
            return _Kind(OptionType.CHANNEL, channel_types=_channel_types([base]))
    if _is_union(base):
        members = set(typing.get_args(base))
        if members in ({User, Role}, {Member, Role}):
            return _Kind(OptionType.MENTIONABLE, target=Member if Member in members else User)
        if all(isinstance(m, type) and issubclass(m, PartialChannel) for m in members):
            return _Kind(OptionType.CHANNEL, channel_types=_channel_types(list(members)))
    raise DeclarationError(
        f"{owner}: parameter {param!r} has an unsupported annotation {_describe(base)}; "
        f"use one of {SUPPORTED}"
    )


def _with_range(meta: Option, ranges: list[RangeBounds], *, owner: str, param: str) -> Option:
    """``meta`` with the bounds of a ``Range[...]`` annotation added."""
    if not ranges:
        return meta
    if len(ranges) > 1:
        raise DeclarationError(f"{owner}: parameter {param!r} has two Range[...] annotations")
    fields = ranges[0].fields
    both = [name for name in fields if getattr(meta, name) is not None]
    if both:
        raise DeclarationError(
            f"{owner}: parameter {param!r} sets {', '.join(both)} in both Range[...] and "
            "Option(...); keep one"
        )
    return dataclasses.replace(meta, **fields)


_PYTHON_TYPES: dict[OptionType, tuple[type[Any], ...]] = {
    OptionType.STRING: (str,),
    OptionType.INTEGER: (int,),
    OptionType.NUMBER: (int, float),
    OptionType.BOOLEAN: (bool,),
}


def _check_default(default: Any, base: Any, kind: _Kind, *, owner: str, param: str) -> None:
    """Refuse a default the handler could never receive from Discord (``count: int = "3"``)."""
    expected: tuple[type[Any], ...]
    if kind.convertor is not None or kind.enum_type is not None:
        expected = (base,) if isinstance(base, type) else ()
    elif typing.get_origin(base) is Literal:
        values = typing.get_args(base)
        if default in values and type(default) in {type(value) for value in values}:
            return
        raise DeclarationError(
            f"{owner}: parameter {param!r} is one of {list(values)!r}, but its default is "
            f"{default!r}; use one of those values (or None)"
        )
    elif kind.option_type in _PYTHON_TYPES:
        expected = _PYTHON_TYPES[kind.option_type]
    else:
        expected = (base,) if isinstance(base, type) else ()
    if not expected:
        return
    is_bool = isinstance(default, bool)
    if isinstance(default, expected) and (bool in expected or not is_bool):
        return
    shown = " or ".join(cls.__name__ for cls in expected)
    hint = "None"
    if expected[0] in (str, int, float, bool) and not is_bool:
        try:
            hint = repr(expected[0](default))
        except (TypeError, ValueError):
            hint = "None"
    raise DeclarationError(
        f"{owner}: parameter {param!r} is a {shown} option, but its default {default!r} is "
        f"a {type(default).__name__}; write a {shown} default, e.g. "
        f"'{param}: {_describe(base)} = {hint}'"
    )


def _channel_types(classes: Sequence[type[Any]]) -> list[int] | None:
    found: set[int] = set()
    for cls in classes:
        types_of = tuple(getattr(cls, "channel_types", ()))
        if not types_of:
            return None  # PartialChannel: any channel
        found.update(int(t) for t in types_of)
    return sorted(found)


def build_option(
    parameter: inspect.Parameter,
    annotation: Any,
    *,
    owner: str,
    doc: str | None,
) -> OptionSpec:
    """Build the option for one handler parameter.

    Args:
        parameter: The parameter (for its name and default).
        annotation: Its evaluated annotation.
        owner: The handler's name, for error messages.
        doc: Its description from the docstring, if any.

    Raises:
        DeclarationError: The annotation is unsupported or the metadata breaks a
            Discord rule (name, description, choices, ranges, lengths).
    """
    param = parameter.name
    if annotation is inspect.Parameter.empty:
        raise DeclarationError(
            f"{owner}: parameter {param!r} needs a type annotation (one of {SUPPORTED})"
        )
    base, optional, metadata = split_annotation(annotation)
    meta = _with_range(
        next((m for m in metadata if isinstance(m, Option)), Option()),
        [m for m in metadata if isinstance(m, RangeBounds)],
        owner=owner,
        param=param,
    )
    kind = _kind_of(base, owner=owner, param=param)
    name = meta.name or param
    check_name(name, what="option name", owner=owner)
    description = meta.description or doc or DEFAULT_DESCRIPTION
    check_description(description, what=f"description of option {name!r}", owner=owner)
    has_default = parameter.default is not inspect.Parameter.empty
    if has_default and parameter.default is not None:
        _check_default(parameter.default, base, kind, owner=owner, param=param)
    spec = OptionSpec(
        param=param,
        name=name,
        option_type=kind.option_type,
        description=description,
        required=not (optional or has_default),
        default=parameter.default if has_default else None,
        choices=kind.choices,
        enum_type=kind.enum_type,
        target=kind.target,
        autocomplete=meta.autocomplete,
        convertor=kind.convertor,
    )
    if meta.choices is not None:
        if kind.option_type not in (OptionType.STRING, OptionType.INTEGER, OptionType.NUMBER):
            raise DeclarationError(
                f"{owner}: option {name!r} of type {kind.option_type.name} cannot have choices; "
                "only str, int and float options can"
            )
        spec.choices = choice_dicts(meta.choices, owner=owner, option=name)
    _apply_ranges(spec, meta, owner=owner)
    channel_types = kind.channel_types
    if meta.channel_types is not None:
        if kind.option_type != OptionType.CHANNEL:
            raise DeclarationError(
                f"{owner}: option {name!r} is not a channel option; channel_types only "
                "applies to parameters annotated with channel classes"
            )
        channel_types = sorted({int(t) for t in meta.channel_types})
    if channel_types is not None:
        spec.extra["channel_types"] = channel_types
    name_loc = check_localizations(
        meta.name_localizations,
        what=f"option {name!r} name",
        owner=owner,
        limit=limits.COMMAND_NAME_MAX,
    )
    if name_loc:
        for text in name_loc.values():
            check_name(text, what="localized option name", owner=owner)
        spec.extra["name_localizations"] = name_loc
    desc_loc = check_localizations(
        meta.description_localizations,
        what=f"option {name!r} description",
        owner=owner,
        limit=limits.COMMAND_DESCRIPTION_MAX,
    )
    if desc_loc:
        spec.extra["description_localizations"] = desc_loc
    if spec.autocomplete:
        check_autocomplete(spec, owner=owner)
    return spec


def check_autocomplete(spec: OptionSpec, *, owner: str) -> None:
    """Check ``spec`` may be autocompleted (str/int/float, no fixed choices).

    Raises:
        DeclarationError: It may not.
    """
    if spec.option_type not in (OptionType.STRING, OptionType.INTEGER, OptionType.NUMBER):
        raise DeclarationError(
            f"{owner}: option {spec.name!r} of type {spec.option_type.name} cannot be "
            "autocompleted; only str, int and float options can"
        )
    if spec.choices is not None:
        raise DeclarationError(
            f"{owner}: option {spec.name!r} has fixed choices and cannot also be "
            "autocompleted; drop the choices (Literal/Enum) or the autocomplete handler"
        )


def _apply_ranges(spec: OptionSpec, meta: Option, *, owner: str) -> None:
    numeric = spec.option_type in (OptionType.INTEGER, OptionType.NUMBER)
    for key in ("min_value", "max_value"):
        value = getattr(meta, key)
        if value is None:
            continue
        if not numeric:
            raise DeclarationError(
                f"{owner}: option {spec.name!r} is {spec.option_type.name}; {key} only applies to "
                "int and float options"
            )
        if not -_INT53 < value < _INT53:
            raise DeclarationError(
                f"{owner}: option {spec.name!r} {key}={value} is outside Discord's range "
                f"(-2**53, 2**53)"
            )
        spec.extra[key] = int(value) if spec.option_type == OptionType.INTEGER else value
    if (
        meta.min_value is not None
        and meta.max_value is not None
        and meta.min_value > meta.max_value
    ):
        raise DeclarationError(
            f"{owner}: option {spec.name!r} has min_value {meta.min_value} above max_value "
            f"{meta.max_value}"
        )
    for key, low in (("min_length", 0), ("max_length", 1)):
        value = getattr(meta, key)
        if value is None:
            continue
        if spec.option_type != OptionType.STRING:
            raise DeclarationError(
                f"{owner}: option {spec.name!r} is {spec.option_type.name}; {key} only applies to "
                "str options"
            )
        if not low <= value <= _LENGTH_MAX:
            raise DeclarationError(
                f"{owner}: option {spec.name!r} {key}={value} must be {low}-{_LENGTH_MAX}"
            )
        spec.extra[key] = value
    if (
        meta.min_length is not None
        and meta.max_length is not None
        and meta.min_length > meta.max_length
    ):
        raise DeclarationError(
            f"{owner}: option {spec.name!r} has min_length {meta.min_length} above max_length "
            f"{meta.max_length}"
        )
