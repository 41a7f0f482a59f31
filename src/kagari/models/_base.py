"""The base every lazily decoded model shares."""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = ["Model"]


class Model:
    """A typed view over one JSON object that Discord sent.

    Building a model only stores the dict; each property decodes its field the first
    time it is read and caches the result. Fields kagari does not know stay reachable
    through :attr:`raw`. A value that is not a JSON object is treated as ``{}``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id",)

    def __init__(self, raw: Any) -> None:
        """Wrap ``raw`` (a dict decoded from JSON) without decoding anything yet."""
        self._raw: dict[str, Any] = raw if isinstance(raw, dict) else {}

    @property
    def raw(self) -> dict[str, Any]:
        """The JSON object exactly as Discord sent it, unknown fields included."""
        return self._raw

    def __repr__(self) -> str:
        parts: list[str] = []
        for name in self._repr_fields:
            try:
                value = getattr(self, name)
            except Exception:  # a repr must never raise
                value = "?"
            parts.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"
