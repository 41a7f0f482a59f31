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
    DeliveryUnknownError,
    ForbiddenError,
    HTTPError,
    InternalServerError,
    InvalidRequestLimitError,
    NotFoundError,
    RateLimitTooLongError,
    RESTConnectionError,
    RESTError,
    RESTQueueFullError,
    RESTTimeoutError,
    UnauthorizedError,
    UnauthorizedTokenError,
    flatten_errors,
)
from kagari.rest.routes import CompiledRoute, Route, Snowflakeish
from kagari.rest.tokens import ClientCredentialsStrategy, Requester, TokenStrategy
from kagari.rest.types import (
    ActivityInstanceObject,
    ApplicationCommandObject,
    ApplicationCommandOptionChoiceObject,
    ApplicationCommandOptionObject,
    ApplicationObject,
    AttachmentObject,
    CommandPermissionObject,
    EmbedObject,
    EntitlementObject,
    GuildCommandPermissionsObject,
    InstallParamsObject,
    IntegrationTypeConfigObject,
    InteractionCallbackObject,
    InteractionCallbackResourceObject,
    InteractionCallbackResponseObject,
    MessageInteractionMetadataObject,
    MessageObject,
    OAuth2TokenObject,
    UserObject,
)

__all__ = [
    "DEFAULT_REST_URL",
    "TRACE_KAGARI",
    "USER_AGENT",
    "ActivityInstanceObject",
    "ApplicationCommandObject",
    "ApplicationCommandOptionChoiceObject",
    "ApplicationCommandOptionObject",
    "ApplicationObject",
    "AttachmentObject",
    "BadRequestError",
    "ClientCredentialsStrategy",
    "ClientHTTPError",
    "CommandPermissionObject",
    "CompiledRoute",
    "DeliveryUnknownError",
    "EmbedObject",
    "EntitlementObject",
    "ForbiddenError",
    "GuildCommandPermissionsObject",
    "HTTPError",
    "InstallParamsObject",
    "IntegrationTypeConfigObject",
    "InteractionCallbackObject",
    "InteractionCallbackResourceObject",
    "InteractionCallbackResponseObject",
    "InternalServerError",
    "InvalidRequestLimitError",
    "JSONObject",
    "MessageInteractionMetadataObject",
    "MessageObject",
    "NotFoundError",
    "OAuth2TokenObject",
    "RESTClient",
    "RESTConnectionError",
    "RESTError",
    "RESTQueueFullError",
    "RESTTimeoutError",
    "RateLimitTooLongError",
    "Requester",
    "Route",
    "Snowflakeish",
    "TokenStrategy",
    "UnauthorizedError",
    "UnauthorizedTokenError",
    "UserObject",
    "flatten_errors",
]
