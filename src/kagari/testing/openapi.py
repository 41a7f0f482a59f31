"""Validate JSON bodies against Discord's OpenAPI spec.

kagari ships a copy of the spec (``kagari/testing/data/openapi.json.gz``, from Discord's
`discord-api-spec <https://github.com/discord/discord-api-spec>`_, MIT, Copyright 2023
Discord; see ``LICENSE-openapi`` beside it). :class:`OpenAPISpec` loads it when given
no path, and :meth:`OpenAPISpec.bundled` returns one shared, already loaded instance.
"""

from __future__ import annotations

import enum
import functools
import gzip
import importlib.resources
import json
import os
import re
import threading
from collections.abc import Mapping
from typing import Any, ClassVar, Final

__all__ = ["BUNDLED", "Bundled", "OpenAPISpec", "SpecMismatch"]

_DATA_PACKAGE = "kagari.testing"
_BUNDLED_FILE = "openapi.json.gz"  # in the data/ folder of the kagari.testing package
_GZIP_MAGIC = b"\x1f\x8b"


class Bundled(enum.Enum):
    """The type of :data:`BUNDLED`, the marker of "the spec bundled with kagari"."""

    SPEC = "the OpenAPI spec bundled with kagari"


BUNDLED: Final = Bundled.SPEC
"""Default of ``spec_path`` arguments: validate against the bundled spec."""


class SpecMismatch(AssertionError):
    """A body does not match the schema Discord's spec gives for it."""


class OpenAPISpec:
    """Discord's OpenAPI document, with schema and request checks.

    Checking needs the ``jsonschema`` package (``pip install 'kagari[testing]'``);
    loading does not.

    Args:
        path: Path of an ``openapi.json``, plain or gzip-compressed; ``None`` loads the
            spec bundled with kagari (prefer :meth:`bundled`, which loads it only once).

    Attributes:
        document: The parsed OpenAPI document.
    """

    _shared: ClassVar[OpenAPISpec | None] = None
    _shared_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        if path is None:
            raw = (importlib.resources.files(_DATA_PACKAGE) / "data" / _BUNDLED_FILE).read_bytes()
        else:
            with open(path, "rb") as fp:
                raw = fp.read()
        if raw.startswith(_GZIP_MAGIC):
            raw = gzip.decompress(raw)
        self.document: dict[str, Any] = json.loads(raw.decode("utf-8"))
        self._components: dict[str, Any] = self.document["components"]
        self._routes = [
            (_template_regex(template), template, operations)
            for template, operations in self.document["paths"].items()
        ]

    @classmethod
    def bundled(cls) -> OpenAPISpec:
        """The spec bundled with kagari, loaded on first use and shared afterwards.

        Every caller in the process gets the same instance (and so the same cache of
        compiled validators); treat its :attr:`document` as read-only.
        """
        with OpenAPISpec._shared_lock:
            if OpenAPISpec._shared is None:
                OpenAPISpec._shared = OpenAPISpec()
            return OpenAPISpec._shared

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
