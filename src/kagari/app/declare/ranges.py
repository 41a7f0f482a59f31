"""``Range[int, 1, 10]``: a bounded option in one annotation.

``count: kagari.Range[int, 1, 10]`` is ``Annotated[int, Option(min_value=1,
max_value=10)]`` spelled short: ``int`` and ``float`` get Discord's ``min_value`` and
``max_value``, ``str`` its ``min_length`` and ``max_length``. ``None`` leaves an end open
(``Range[float, 0, None]``). Type checkers see the plain type (``int`` here), because
for them ``Range`` is ``typing.Annotated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from kagari.app.declare.naming import DeclarationError

__all__ = ["Range", "RangeBounds"]

_KINDS = (int, float, str)


@dataclass(frozen=True)
class RangeBounds:
    """The bounds a :data:`Range` annotation carries in its ``Annotated`` metadata.

    Attributes:
        kind: ``int``, ``float`` or ``str``.
        low: The smallest value (or length), or ``None``.
        high: The largest value (or length), or ``None``.
    """

    kind: type[Any]
    low: float | None
    high: float | None

    @property
    def fields(self) -> dict[str, Any]:
        """The :class:`~kagari.app.Option` fields these bounds set."""
        names = ("min_length", "max_length") if self.kind is str else ("min_value", "max_value")
        return {
            name: value
            for name, value in zip(names, (self.low, self.high), strict=True)
            if value is not None
        }


def _bound(value: object, kind: type[Any], which: str) -> float | None:
    if value is None:
        return None
    number_types = (int,) if kind is not float else (int, float)
    if isinstance(value, bool) or not isinstance(value, number_types):
        wanted = "a whole number" if kind is not float else "a number"
        raise DeclarationError(
            f"Range[{kind.__name__}, ...]: the {which} bound must be {wanted} or None, "
            f"got {value!r}"
        )
    return value


def _subscript(params: object) -> Any:
    if not isinstance(params, tuple) or len(params) != 3:
        raise DeclarationError(
            "Range takes a type and two bounds: Range[int, 1, 10], Range[float, 0, None] "
            f"or Range[str, 1, 100], got Range[{params!r}]"
        )
    kind, low, high = params
    if kind not in _KINDS:
        raise DeclarationError(
            f"Range[{getattr(kind, '__name__', kind)}, ...]: the type must be int, float "
            "(value bounds) or str (length bounds)"
        )
    bounds = RangeBounds(kind, _bound(low, kind, "low"), _bound(high, kind, "high"))
    if bounds.low is None and bounds.high is None:
        raise DeclarationError(
            f"Range[{kind.__name__}, None, None] sets no bound; annotate plain {kind.__name__}"
        )
    if bounds.low is not None and bounds.high is not None and bounds.low > bounds.high:
        raise DeclarationError(
            f"Range[{kind.__name__}, {low!r}, {high!r}]: the low bound is above the high one"
        )
    return Annotated[kind, bounds]


if TYPE_CHECKING:
    from typing import Annotated as Range
else:

    class Range:
        """``Range[T, low, high]``: ``T`` (int, float or str) with bounds, see the module."""

        __slots__ = ()

        def __class_getitem__(cls, params: object) -> Any:
            return _subscript(params)

        def __init__(self) -> None:
            raise TypeError("Range is used in annotations only: Range[int, 1, 10]")
