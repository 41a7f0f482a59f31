"""Message components as Discord returns them: numbered, with the defaults filled in."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["components_as_sent_back"]

_SELECTS = frozenset({3, 5, 6, 7, 8})
_DEFAULTS: dict[int, dict[str, Any]] = {
    11: {"description": None, "spoiler": False},  # thumbnail
    13: {"spoiler": False},  # file
    14: {"spacing": 1, "divider": True},  # separator
    17: {"accent_color": None, "spoiler": False},  # container
}


def components_as_sent_back(components: Sequence[Any], snowflake: Callable[[], str]) -> list[Any]:
    """Copy ``components`` the way Discord shows them in a message it returns.

    Every component gets a numeric ``id`` (depth first, from 1, unless the body set
    one), selects get ``min_values``/``max_values``, media get an ``id`` and a
    ``proxy_url``, and each type gets the fields Discord always sends.

    Args:
        components: The ``components`` of a message body.
        snowflake: Makes ids for unfurled media.
    """
    result = copy.deepcopy(list(components))
    used = {c["id"] for c in _walk(result) if isinstance(c.get("id"), int)}
    counter = iter(n for n in range(1, 1 << 30) if n not in used)
    for component in _walk(result):
        component.setdefault("id", next(counter))
        kind = component.get("type")
        for field, value in _DEFAULTS.get(kind if isinstance(kind, int) else -1, {}).items():
            component.setdefault(field, value)
        if kind in _SELECTS:
            component.setdefault("min_values", 1)
            component.setdefault("max_values", 1)
        for key in ("media", "file"):
            if isinstance(component.get(key), dict):
                _unfurl(component[key], snowflake)
        if kind == 13:
            url = str(component.get("file", {}).get("url", ""))
            component.setdefault("name", url.rsplit("/", 1)[-1].removeprefix("attachment:"))
            component.setdefault("size", 0)
        if kind == 12:
            for item in component.get("items", []):
                if isinstance(item, dict):
                    item.setdefault("description", None)
                    item.setdefault("spoiler", False)
                    if isinstance(item.get("media"), dict):
                        _unfurl(item["media"], snowflake)
    return result


def _unfurl(media: dict[str, Any], snowflake: Callable[[], str]) -> None:
    media.setdefault("id", snowflake())
    media.setdefault("proxy_url", media.get("url", ""))


def _walk(components: list[Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for component in components:
        if not isinstance(component, dict):
            continue
        found.append(component)
        children = component.get("components")
        if isinstance(children, list):
            found.extend(_walk(children))
        accessory = component.get("accessory")
        if isinstance(accessory, dict):
            found.extend(_walk([accessory]))
    return found
