"""The component base classes and the small checks every component module shares."""

from __future__ import annotations

import abc
import enum
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar

from kagari.builders import limits
from kagari.builders.files import File

__all__ = ["Component", "Interactive", "check_custom_id"]


class Component(abc.ABC):
    """The base of every component: a ``type``, an optional numeric ``id`` and ``to_dict()``.

    Args:
        id: Optional 32-bit identifier, unique within the message or modal; Discord fills
            it in when omitted.
    """

    __slots__ = ("id",)

    type: ClassVar[int]
    """The component type number (a :class:`~kagari.models.ComponentType` member)."""
    v2: ClassVar[bool] = False
    """Whether this component only exists in messages flagged IS_COMPONENTS_V2."""
    modal_only: ClassVar[bool] = False
    """Whether this component only exists in modals."""

    def __init__(self, *, id: int | None = None) -> None:
        limits.check_range(f"{type(self).__name__}.id", id, 0, limits.COMPONENT_ID_MAX)
        self.id = id

    @abc.abstractmethod
    def _payload(self) -> dict[str, Any]:
        """The fields besides ``type`` and ``id``."""

    def to_dict(self) -> dict[str, Any]:
        """The component object Discord expects."""
        body: dict[str, Any] = {"type": int(self.type)}
        if self.id is not None:
            body["id"] = self.id
        body.update(self._payload())
        return body

    def children(self) -> Sequence[Component]:
        """The components directly inside this one."""
        return ()

    def walk(self) -> Iterator[Component]:
        """This component and every component nested in it, depth first."""
        yield self
        for child in self.children():
            yield from child.walk()

    def own_files(self) -> Sequence[File]:
        """Files this component itself references (not its children)."""
        return ()

    @property
    def files(self) -> tuple[File, ...]:
        """Files referenced anywhere in this component; a message uploads them for you."""
        return tuple(file for component in self.walk() for file in component.own_files())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Component):
            return NotImplemented
        return type(self) is type(other) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={value!r}" for key, value in self._payload().items())
        return f"{type(self).__name__}({fields})"


class Interactive(Component):
    """A component that sends an interaction and so carries a ``custom_id``."""

    __slots__ = ("custom_id",)

    def __init__(self, custom_id: str, *, id: int | None = None) -> None:
        super().__init__(id=id)
        self.custom_id: str = check_custom_id(f"{type(self).__name__}.custom_id", custom_id)


def check_custom_id(field: str, value: Any) -> str:
    """Return ``value`` if it is a 1-100 character string, else raise naming ``field``."""
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a str of 1-{limits.CUSTOM_ID_MAX} characters")
    limits.check_length(field, value, limits.CUSTOM_ID_MAX, minimum=1)
    return value


def _put(body: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        body[key] = value


def _enum_value(field: str, enum_type: type[enum.IntEnum], value: str | int) -> int:
    if isinstance(value, str):
        try:
            return int(enum_type[value.upper()])
        except KeyError:
            names = ", ".join(repr(member.name.lower()) for member in enum_type)
            raise ValueError(f"{field} must be one of {names} (got {value!r})") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field} must be a str or int, got {type(value).__name__}")
    return int(value)


def _check_unique(field: str, values: Iterable[Any]) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{field} {value!r} is used more than once; each must be unique")
        seen.add(value)


def _name(value: object) -> str:
    return type(value).__name__
