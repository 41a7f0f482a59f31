"""Typed errors raised by the REST client, with Discord's error body made readable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "BadRequestError",
    "ClientHTTPError",
    "DeliveryUnknownError",
    "ForbiddenError",
    "HTTPError",
    "InternalServerError",
    "InvalidRequestLimitError",
    "NotFoundError",
    "RESTConnectionError",
    "RESTError",
    "RESTQueueFullError",
    "RESTTimeoutError",
    "RateLimitTooLongError",
    "UnauthorizedError",
    "UnauthorizedTokenError",
    "error_for_status",
    "flatten_errors",
]

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class RESTError(Exception):
    """Base class of every error the REST client raises."""


class HTTPError(RESTError):
    """Discord answered with an error status.

    Args:
        status: The HTTP status code.
        message: Discord's ``message`` (or the reason phrase when the body had none).
        code: Discord's JSON error code, ``0`` when the body had none.
        errors: Field errors, already flattened (see :func:`flatten_errors`).
        route: The route that failed, such as ``"POST /applications/{application_id}/commands"``.
        body: The decoded response body (JSON, text, or ``None``).

    Attributes:
        status: The HTTP status code.
        code: Discord's JSON error code (for example ``50035`` for an invalid form body), or 0.
        message: Discord's error message.
        errors: Field errors keyed by dotted path (``"options.0.name"``) to their messages;
            errors about the whole body are under the empty path ``""``.
        route: The route template and method that failed.
        body: The decoded response body.
    """

    def __init__(
        self,
        status: int,
        message: str = "",
        *,
        code: int = 0,
        errors: Mapping[str, list[str]] | None = None,
        route: str = "",
        body: Any = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message or _REASONS.get(status, "HTTP error")
        self.errors: dict[str, list[str]] = dict(errors or {})
        self.route = route
        self.body = body
        super().__init__(str(self))

    def __str__(self) -> str:
        reason = _REASONS.get(self.status, "")
        head = f"{self.status} {reason}".rstrip()
        if self.code:
            head += f" (code {self.code})"
        head += f": {self.message}"
        if self.route:
            head += f" [{self.route}]"
        lines = [head]
        for path, messages in self.errors.items():
            for message in messages:
                lines.append(f"  {path or '(body)'}: {message}")
        return "\n".join(lines)


class BadRequestError(HTTPError):
    """Discord answered 400: the body or the query was invalid (see :attr:`errors`)."""


class UnauthorizedError(HTTPError):
    """Discord answered 401: the token is missing, wrong or expired."""


class UnauthorizedTokenError(UnauthorizedError):
    """The client's token was refused (401) before, so the request was not sent.

    After Discord answers 401 to an ``Authorization`` value, the client marks it bad and
    fails every later request that would send it, instead of adding to Discord's count of
    invalid requests. Catching :class:`UnauthorizedError` catches this one too. A
    :class:`~kagari.rest.TokenStrategy` that hands out a new token is not affected.

    Args:
        route: The route that was not requested.
    """

    def __init__(self, route: str) -> None:
        super().__init__(
            401,
            "the token was refused (401 Unauthorized) earlier, so this request was not "
            "sent; create the client again with a valid token",
            route=route,
        )


class ForbiddenError(HTTPError):
    """Discord answered 403: the token may not do this."""


class NotFoundError(HTTPError):
    """Discord answered 404: the resource (message, command, interaction...) does not exist."""


class ClientHTTPError(HTTPError):
    """Discord answered with another 4xx status (including 429 once retries ran out)."""


class InternalServerError(HTTPError):
    """Discord answered 5xx, and still did after the client's retries."""


class RateLimitTooLongError(RESTError):
    """A rate limit asked to wait longer than the client's ``max_rate_limit``.

    Raised at once, without waiting.

    Args:
        route: The route that was limited.
        retry_after: How long Discord (or the client's bucket) asked to wait, in seconds.
        max_rate_limit: The client's limit, in seconds.
        is_global: Whether the limit was the global one.
    """

    def __init__(
        self, route: str, retry_after: float, max_rate_limit: float, *, is_global: bool = False
    ) -> None:
        self.route = route
        self.retry_after = retry_after
        self.max_rate_limit = max_rate_limit
        self.is_global = is_global
        scope = "global" if is_global else "route"
        super().__init__(
            f"{route}: {scope} rate limit asks to wait {retry_after:.2f}s, more than "
            f"max_rate_limit={max_rate_limit:.2f}s"
        )


class InvalidRequestLimitError(RESTError):
    """Too many 401, 403 and 429 answers lately: the request was refused before sending.

    Discord (through Cloudflare) bans an IP address for an hour once it answers 10,000
    requests with 401, 403 or 429 (429s of ``shared`` scope excepted) within 10 minutes.
    The client counts those answers itself and stops sending at its own, lower,
    ``invalid_request_limit``.

    Args:
        route: The route that was not requested.
        count: How many invalid answers are in the window.
        limit: The client's ``invalid_request_limit``.
        window: The window's length, in seconds.
        retry_after: Seconds until the oldest counted answer leaves the window.
    """

    def __init__(
        self, route: str, count: int, limit: int, window: float, retry_after: float
    ) -> None:
        self.route = route
        self.count = count
        self.limit = limit
        self.window = window
        self.retry_after = retry_after
        super().__init__(
            f"{route}: not sent, {count} answers were 401, 403 or 429 in the last "
            f"{window:g}s (invalid_request_limit={limit}); Discord bans the IP for an hour "
            f"at 10,000 in 10 minutes. Room again in {retry_after:.1f}s"
        )


class RESTConnectionError(RESTError):
    """The connection to Discord failed (refused, reset or dropped) after every retry.

    Args:
        route: The route being requested.
        attempts: How many times it was tried.
        cause: A description of the last failure.
    """

    def __init__(self, route: str, attempts: int, cause: str) -> None:
        self.route = route
        self.attempts = attempts
        super().__init__(f"{route}: connection failed after {attempts} attempt(s): {cause}")


class DeliveryUnknownError(RESTConnectionError):
    """A request that is not safe to repeat was sent, and then no answer came.

    The connection was dropped, or the answer timed out, *after* the request was written,
    so Discord may or may not have acted on it (a follow-up may have been posted). The
    client does not send it again, which could act twice; it raises this instead. A
    request that provably never left (the connection was refused or failed before
    anything was written) is retried as usual, and requests that are safe to repeat
    (``GET``, ``PUT``, ``PATCH``, ``DELETE``, and a ``POST`` carrying ``nonce`` with
    ``enforce_nonce``) are retried too.

    A subclass of :class:`RESTConnectionError`, so code catching that one still does.

    Args:
        route: The route being requested.
        attempts: How many times it was tried (the last one is the unknown one).
        cause: A description of the failure.
        timed_out: Whether the answer timed out (else the connection was dropped).

    Attributes:
        route: The route, such as ``"POST /webhooks/{webhook_id}/{webhook_token}"``.
        attempts: How many times it was tried.
        cause: A description of the failure.
        timed_out: Whether the answer timed out.
    """

    def __init__(self, route: str, attempts: int, cause: str, *, timed_out: bool = False) -> None:
        self.route = route
        self.attempts = attempts
        self.cause = cause
        self.timed_out = timed_out
        what = "the answer timed out" if timed_out else "the connection was dropped"
        RESTError.__init__(
            self,
            f"{route}: {what} after the request was sent ({cause}); Discord may or may not "
            "have acted on it, and it is not safe to repeat, so it was not sent again",
        )


class RESTQueueFullError(RESTError):
    """The client already holds ``max_pending_requests`` requests: this one was not queued.

    Requests are pending from the call until their answer: waiting for a rate limit
    (a bucket, the global limit, a 429's ``retry_after``), for a connection, or for
    Discord. Past the client's limit a new request fails at once instead of queueing
    without bound (memory, and answers too late to matter).

    Args:
        route: The route that was not requested.
        pending: How many requests were pending.
        limit: The client's ``max_pending_requests``.
    """

    def __init__(self, route: str, pending: int, limit: int) -> None:
        self.route = route
        self.pending = pending
        self.limit = limit
        super().__init__(
            f"{route}: not sent, {pending} requests are already pending in the REST client "
            f"(max_pending_requests={limit})"
        )


class RESTTimeoutError(RESTError):
    """A request took longer than the client's timeouts (``HTTPSettings.timeouts``) allow.

    Args:
        route: The route being requested.
        timeout: The total timeout in force, if any.
    """

    def __init__(self, route: str, timeout: float | None) -> None:
        self.route = route
        self.timeout = timeout
        limit = "" if timeout is None else f" (total timeout {timeout}s)"
        super().__init__(f"{route}: request timed out{limit}")


def flatten_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten Discord's nested ``errors`` object into ``{"a.0.b": [messages]}``.

    Discord nests field errors by path, ending each in an ``_errors`` list of
    ``{"code", "message"}`` objects. Errors about the object itself land under ``prefix``
    (the empty string for the whole body).

    Args:
        errors: The ``errors`` value from Discord's JSON error body.
        prefix: The path of ``errors`` inside the body (used by the recursion).
    """
    flat: dict[str, list[str]] = {}
    if not isinstance(errors, Mapping):
        return flat
    for key, value in errors.items():
        if key == "_errors" and isinstance(value, list):
            messages = [
                str(item.get("message", item)) if isinstance(item, Mapping) else str(item)
                for item in value
            ]
            flat.setdefault(prefix, []).extend(messages)
        elif isinstance(value, Mapping):
            path = f"{prefix}.{key}" if prefix else str(key)
            for sub_path, messages in flatten_errors(value, path).items():
                flat.setdefault(sub_path, []).extend(messages)
    return flat


def error_for_status(status: int, body: Any, route: str) -> HTTPError:
    """Build the typed error for an error response.

    Args:
        status: The HTTP status.
        body: The decoded body: Discord's ``{"code", "message", "errors"}`` JSON, or text.
        route: The route that failed.
    """
    code = 0
    message = ""
    errors: dict[str, list[str]] = {}
    if isinstance(body, Mapping):
        raw_code = body.get("code", 0)
        code = raw_code if isinstance(raw_code, int) else 0
        message = str(body.get("message", "") or body.get("error", ""))
        errors = flatten_errors(body.get("errors"))
    elif isinstance(body, str):
        message = body.strip()[:200]
    cls: type[HTTPError]
    if status == 400:
        cls = BadRequestError
    elif status == 401:
        cls = UnauthorizedError
    elif status == 403:
        cls = ForbiddenError
    elif status == 404:
        cls = NotFoundError
    elif status >= 500:
        cls = InternalServerError
    else:
        cls = ClientHTTPError
    return cls(status, message, code=code, errors=errors, route=route, body=body)
