"""Routes: an HTTP method plus a path template, compiled with values into a concrete path."""

from __future__ import annotations

import re
import urllib.parse
from typing import Union

__all__ = [
    "IDEMPOTENT_METHODS",
    "MAJOR_PARAMETERS",
    "CompiledRoute",
    "Route",
    "Snowflakeish",
]

Snowflakeish = Union[int, str]  # noqa: UP007 - a runtime alias must work on Python 3.10
"""A Discord id given as an ``int`` or its decimal string."""

MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id", "interaction_id")
"""Path parameters that split a rate-limit bucket per resource, as Discord documents."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"})
"""Methods whose repetition leaves Discord as one request would: a GET reads, a PUT or
DELETE sets or removes a resource, and a PATCH sets the fields it names to the values
it gives (an edited message stays one message). A ``POST`` creates something each time."""

_TOKEN_PARTNER = {"webhook_id": "webhook_token", "interaction_id": "interaction_token"}
_PARAM = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_INTERACTION_PREFIXES = ("/interactions/{interaction_id}/{interaction_token}", "/webhooks/")


class Route:
    """An endpoint of Discord's API: a method and a path template.

    Templates use the parameter names of Discord's OpenAPI spec, such as
    ``"/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"``.

    Args:
        method: The HTTP method, such as ``"POST"``.
        template: The path template under the API base URL, starting with ``/``.

    Attributes:
        method: The HTTP method, upper case.
        template: The path template.
        key: ``"METHOD template"``, used to name the route in logs, errors and buckets.
        params: The template's parameter names, in order.
        major: The major parameter (``guild_id``, ``channel_id``, ``webhook_id`` or
            ``interaction_id``) that splits this route's rate-limit bucket, if any.
        is_interaction: Whether this is an interaction-token route (the interaction
            callback and the ``/webhooks/{application_id}/{token}`` follow-up family):
            sent without ``Authorization`` and exempt from the global rate limit.
        idempotent: Whether sending the request twice has the effect of sending it once
            (its method is in :data:`IDEMPOTENT_METHODS`), so that the client may send it
            again after a connection dropped with the answer unknown.
    """

    __slots__ = (
        "_names",
        "_parts",
        "idempotent",
        "is_interaction",
        "key",
        "major",
        "method",
        "params",
        "template",
    )

    def __init__(self, method: str, template: str) -> None:
        if not template.startswith("/"):
            raise ValueError(f"Route.template must start with '/', got {template!r}")
        self.method = method.upper()
        self.template = template
        self.key = f"{self.method} {template}"
        self.idempotent = self.method in IDEMPOTENT_METHODS
        self.params: tuple[str, ...] = tuple(_PARAM.findall(template))
        self.major: str | None = next((p for p in MAJOR_PARAMETERS if p in self.params), None)
        self.is_interaction = template.startswith(_INTERACTION_PREFIXES) and (
            "{webhook_token}" in template or "{interaction_token}" in template
        )
        # Literal text and parameter names alternate: [text, name, text, name, ..., text].
        self._parts: list[str] = _PARAM.split(template)
        self._names = frozenset(self.params)

    def __repr__(self) -> str:
        return f"Route({self.method!r}, {self.template!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Route) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def compile(self, **values: Snowflakeish) -> CompiledRoute:
        """Fill the template with ``values`` (each URL-quoted).

        Raises:
            TypeError: When a parameter of the template is missing or an unknown one is given.
        """
        if values.keys() != self._names:
            missing = [p for p in self.params if p not in values]
            if missing:
                raise TypeError(f"{self.key}: missing path parameter(s) {', '.join(missing)}")
            extra = [name for name in values if name not in self._names]
            raise TypeError(f"{self.key}: unknown path parameter(s) {', '.join(extra)}")
        parts = self._parts
        pieces = [parts[0]]
        for index in range(1, len(parts), 2):
            text = str(values[parts[index]])
            pieces.append(text if text.isdigit() else urllib.parse.quote(text, safe="@"))
            pieces.append(parts[index + 1])
        major_value = ""
        if self.major is not None:
            major_value = str(values[self.major])
            partner = _TOKEN_PARTNER.get(self.major)
            if partner is not None and partner in values:
                major_value += ":" + str(values[partner])
        return CompiledRoute(self, "".join(pieces), major_value)


class CompiledRoute:
    """A route with its values filled in.

    Attributes:
        route: The :class:`Route` it came from.
        path: The concrete path, such as ``/applications/1/commands``.
        major_value: The value of the route's major parameter (``"id:token"`` for
            webhooks and interactions), or ``""`` when it has none.
    """

    __slots__ = ("major_value", "path", "route")

    def __init__(self, route: Route, path: str, major_value: str) -> None:
        self.route = route
        self.path = path
        self.major_value = major_value

    def __repr__(self) -> str:
        return f"CompiledRoute({self.route.method} {self.path})"
