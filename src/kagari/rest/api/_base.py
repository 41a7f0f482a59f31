"""What every generated mixin shares: the abstract ``request``, message bodies, query values.

This module is written by hand; the mixins beside it are generated from Discord's OpenAPI
spec by ``tools/generate_rest.py``.
"""

from __future__ import annotations

import abc
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias

from kagari.builders.files import File
from kagari.builders.responses import Message, Update
from kagari.rest.routes import Snowflakeish

__all__ = [
    "APIBase",
    "MessageBuilder",
    "Operation",
    "form_fields",
    "join_query",
    "message_payload",
    "new_nonce",
    "with_nonce",
]

MessageBuilder: TypeAlias = Message | Update
"""The kagari builders a message-like REST body accepts (:class:`~kagari.Message`,
:class:`~kagari.Update`)."""


class Operation(NamedTuple):
    """One operation of Discord's spec and the :class:`~kagari.rest.RESTClient` method for it.

    Attributes:
        name: The method's name.
        method: The HTTP method.
        template: The path template, with the spec's parameter names.
        resource: The module (resource) that holds the method, such as ``"messages"``.
        generated: Whether the method is generated (else it is one of the hand-written
            interaction and command methods of :mod:`kagari.rest.endpoints`).
    """

    name: str
    method: str
    template: str
    resource: str
    generated: bool


class APIBase(abc.ABC):
    """Base of the generated mixins: they only need :meth:`request`."""

    __slots__ = ()

    @abc.abstractmethod
    async def request(
        self,
        method: str,
        template: str,
        *,
        json: Any = None,
        files: Sequence[File] = (),
        files_data_key: str | None = None,
        form: Mapping[str, str | File] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool | None = None,
        reason: str | None = None,
        idempotent: bool | None = None,
        **path_params: Snowflakeish,
    ) -> Any:
        """Send one request; see :meth:`kagari.rest.RESTClient.request`."""


def message_payload(
    body: MessageBuilder | Mapping[str, Any], files: Sequence[File]
) -> tuple[dict[str, Any], tuple[File, ...]]:
    """The JSON and the files to send for a message-like body.

    A builder gives its :meth:`~kagari.Message.to_message_body` and its own files first
    (the ids its ``attachments`` use); ``files`` come after them.

    Raises:
        TypeError: When ``body`` is neither a builder nor a mapping.
    """
    if isinstance(body, (Message, Update)):
        return body.to_message_body(), (*body.files, *files)
    if not isinstance(body, Mapping):
        raise TypeError(
            "a message body is a kagari.Message, a kagari.Update or a dict, "
            f"not {type(body).__name__}"
        )
    return dict(body), tuple(files)


def join_query(values: Iterable[object] | None) -> str | None:
    """A list query value as Discord reads it: comma-separated (``None`` stays unsent)."""
    if values is None:
        return None
    if isinstance(values, (str, bytes)):
        raise TypeError(f"expected a list of values, got {type(values).__name__}")
    return ",".join(str(value) for value in values)


def new_nonce() -> str:
    """A fresh message ``nonce``: 24 random URL-safe characters (Discord allows 25)."""
    return secrets.token_urlsafe(18)


def with_nonce(body: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``body`` with a ``nonce`` and ``enforce_nonce: true`` unless it sets them.

    Discord answers a message created with a nonce it saw from the same author a short
    while ago with that first message instead of creating a second one, so a request
    carrying both is safe to send again after a dropped connection. A ``nonce`` given is
    kept; ``enforce_nonce: false`` given is kept too (and then the request is not retried
    once sent).
    """
    payload = dict(body)
    if payload.get("nonce") is None:
        payload["nonce"] = new_nonce()
    if payload.get("enforce_nonce") is None:
        payload["enforce_nonce"] = True
    return payload


def form_fields(fields: Mapping[str, str | File | None]) -> dict[str, str | File]:
    """The fields of a multipart form body, leaving out those that are ``None``.

    A form has no ``null``: an optional field not given is not sent at all.
    """
    return {name: value for name, value in fields.items() if value is not None}
