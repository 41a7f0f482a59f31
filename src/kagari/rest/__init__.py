"""Discord's REST API: the client, its routes, token strategies and errors.

Typical use from a handler goes through ``ctx``; direct use looks like::

    async with RESTClient(token, "Bot") as rest:
        app = await rest.fetch_application()
"""

from __future__ import annotations

from kagari.rest.client import DEFAULT_REST_URL, TRACE_KAGARI, USER_AGENT, RESTClient
from kagari.rest.endpoints import JSONObject
from kagari.rest.errors import (
    BadRequestError,
    ClientHTTPError,
    ForbiddenError,
    HTTPError,
    InternalServerError,
    NotFoundError,
    RateLimitTooLongError,
    RESTConnectionError,
    RESTError,
    RESTTimeoutError,
    UnauthorizedError,
    flatten_errors,
)
from kagari.rest.routes import CompiledRoute, Route, Snowflakeish
from kagari.rest.tokens import ClientCredentialsStrategy, TokenStrategy

__all__ = [
    "DEFAULT_REST_URL",
    "TRACE_KAGARI",
    "USER_AGENT",
    "BadRequestError",
    "ClientCredentialsStrategy",
    "ClientHTTPError",
    "CompiledRoute",
    "ForbiddenError",
    "HTTPError",
    "InternalServerError",
    "JSONObject",
    "NotFoundError",
    "RESTClient",
    "RESTConnectionError",
    "RESTError",
    "RESTTimeoutError",
    "RateLimitTooLongError",
    "Route",
    "Snowflakeish",
    "TokenStrategy",
    "UnauthorizedError",
    "flatten_errors",
]
