"""A lock-free ``cached_property`` for the models' decode-once fields.

``functools.cached_property`` takes a lock on every first access before Python 3.12,
which more than doubles the cost of reading a field once. Models are built per
request and never shared between threads while they decode, so no lock is needed.
Type checkers see the standard class; at run time this small descriptor stores the
value in the instance ``__dict__``, where later reads find it without any call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["cached_property"]

if TYPE_CHECKING:
    from functools import cached_property
else:

    class cached_property:
        """Compute an attribute on first access and store it on the instance."""

        def __init__(self, func: Any) -> None:
            self.func = func
            self.attrname = func.__name__
            self.__doc__ = func.__doc__
            self.__wrapped__ = func

        def __set_name__(self, owner: type, name: str) -> None:
            self.attrname = name

        def __get__(self, instance: Any, owner: Any = None) -> Any:
            if instance is None:
                return self
            value = self.func(instance)
            instance.__dict__[self.attrname] = value
            return value
