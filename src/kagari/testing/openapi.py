"""Validate JSON bodies against Discord's OpenAPI spec (a file whose path you pass in)."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["OpenAPISpec", "SpecMismatch"]


class SpecMismatch(AssertionError):
    """A body does not match the schema Discord's spec gives for it."""


class OpenAPISpec:
    """Discord's OpenAPI document, loaded from ``path``, with schema and request checks.

    Needs the ``jsonschema`` package (installed by the ``test`` extra).

    Args:
        path: Path of Discord's ``openapi.json``.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        with open(path, encoding="utf-8") as fp:
            self.document: dict[str, Any] = json.load(fp)
        self._components: dict[str, Any] = self.document["components"]
        self._routes = [
            (_template_regex(template), template, operations)
            for template, operations in self.document["paths"].items()
        ]

    def schema_names(self) -> list[str]:
        """Names of all component schemas in the document."""
        return sorted(self._components["schemas"])

    def validate_schema(self, name: str, instance: Any) -> None:
        """Check ``instance`` against the component schema called ``name``.

        Raises:
            SpecMismatch: With every error found, each with its JSON path.
        """
        self._check({"$ref": f"#/components/schemas/{name}"}, instance, name)

    def request_schema(self, method: str, path: str) -> dict[str, Any] | None:
        """The JSON request-body schema for ``method path``, or ``None`` if it takes none.

        ``path`` is a concrete path such as ``/applications/1/commands``, without the
        ``/api/v10`` prefix.

        Raises:
            KeyError: When the spec has no such route or method.
        """
        for regex, template, operations in self._routes:
            if regex.fullmatch(path):
                operation = operations.get(method.lower())
                if operation is None:
                    raise KeyError(f"{method.upper()} {template} is not in Discord's spec")
                content = operation.get("requestBody", {}).get("content", {})
                media = content.get("application/json")
                return None if media is None else dict(media["schema"])
        raise KeyError(f"no route in Discord's spec matches {path}")

    def validate_request(self, method: str, path: str, body: Any) -> None:
        """Check a request body against the spec's schema for ``method path``.

        Raises:
            SpecMismatch: When the body does not validate.
            KeyError: When the route is unknown to the spec.
        """
        schema = self.request_schema(method, path)
        if schema is None:
            if body is not None:
                raise SpecMismatch(f"{method.upper()} {path} takes no JSON body")
            return
        self._check(schema, body, f"{method.upper()} {path}")

    def _check(self, schema: Mapping[str, Any], instance: Any, what: str) -> None:
        errors = sorted(
            _validator(self, json.dumps(schema, sort_keys=True)).iter_errors(instance),
            key=lambda error: list(error.absolute_path),
        )
        if errors:
            lines = [_describe(error) for error in errors[:20]]
            raise SpecMismatch(
                f"body does not match Discord's spec for {what}:\n" + "\n".join(lines)
            )


@functools.lru_cache(maxsize=256)
def _validator(spec: OpenAPISpec, schema_json: str) -> Any:
    import jsonschema

    schema = dict(json.loads(schema_json))
    schema["components"] = spec._components
    return jsonschema.Draft202012Validator(schema)


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)))


def _describe(error: Any) -> str:
    """One readable line for an error, digging into anyOf/oneOf to the closest branch."""
    while error.context:
        # The branch that got furthest into the body is the one the body meant to be.
        error = max(error.context, key=_depth)
    return f"  {error.json_path}: {error.message[:300]}"


def _depth(error: Any) -> tuple[int, bool]:
    # A branch rejected for its discriminator ("type is not one of [8]") is the wrong branch.
    return len(error.absolute_path), error.validator not in ("enum", "const")
