"""Discord's webhook events: what Discord POSTs to an app's event webhooks URL.

Each request body is an outer payload ``{"version": 1, "application_id": ..., "type":
..., "event": {...}}``; ``type`` 0 is a PING (the server answers it itself) and ``type``
1 an event, whose ``event`` object has the event ``type`` (``"APPLICATION_AUTHORIZED"``
...), a ``timestamp`` and the event's ``data``. :func:`decode_webhook_event` wraps a
parsed event payload in the class of its event type; a type without a class here (a
newer event, or one such as ``QUEST_USER_ENROLLMENT`` that carries nothing kagari
types) is a plain :class:`WebhookEvent`, with its data in :attr:`WebhookEvent.data`.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any, ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.entitlement import Entitlement
from kagari.models.enums import ApplicationIntegrationType
from kagari.models.guild import PartialGuild
from kagari.models.snowflake import Snowflake
from kagari.models.user import User

__all__ = [
    "WEBHOOK_EVENT_CLASSES",
    "ApplicationAuthorizedEvent",
    "ApplicationDeauthorizedEvent",
    "EntitlementCreateEvent",
    "EntitlementDeleteEvent",
    "EntitlementEvent",
    "EntitlementUpdateEvent",
    "WebhookEvent",
    "WebhookEventType",
    "WebhookType",
    "decode_webhook_event",
]


class WebhookType(enum.IntEnum):
    """The outer ``type`` of a webhook event request."""

    PING = 0
    EVENT = 1


class WebhookEventType(str, enum.Enum):
    """The event types Discord documents for webhook events (the ``event.type`` value)."""

    APPLICATION_AUTHORIZED = "APPLICATION_AUTHORIZED"
    APPLICATION_DEAUTHORIZED = "APPLICATION_DEAUTHORIZED"
    ENTITLEMENT_CREATE = "ENTITLEMENT_CREATE"
    ENTITLEMENT_UPDATE = "ENTITLEMENT_UPDATE"
    ENTITLEMENT_DELETE = "ENTITLEMENT_DELETE"
    QUEST_USER_ENROLLMENT = "QUEST_USER_ENROLLMENT"
    LOBBY_MESSAGE_CREATE = "LOBBY_MESSAGE_CREATE"
    LOBBY_MESSAGE_UPDATE = "LOBBY_MESSAGE_UPDATE"
    LOBBY_MESSAGE_DELETE = "LOBBY_MESSAGE_DELETE"
    GAME_DIRECT_MESSAGE_CREATE = "GAME_DIRECT_MESSAGE_CREATE"
    GAME_DIRECT_MESSAGE_UPDATE = "GAME_DIRECT_MESSAGE_UPDATE"
    GAME_DIRECT_MESSAGE_DELETE = "GAME_DIRECT_MESSAGE_DELETE"


class WebhookEvent(Model):
    """One webhook event, over the whole request payload (:attr:`raw`).

    Missing fields decode to defaults: ``application_id`` to ``Snowflake(0)``,
    ``version`` to ``1``, ``type`` to ``""``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("type", "timestamp")

    @cached_property
    def version(self) -> int:
        """The payload's version scheme (currently always ``1``)."""
        return c.as_int(self._raw.get("version"), 1)

    @cached_property
    def application_id(self) -> Snowflake:
        """The app the event is for."""
        return c.snowflake(self._raw.get("application_id"))

    @cached_property
    def event(self) -> dict[str, Any]:
        """The inner event object exactly as sent (``type``, ``timestamp``, ``data``)."""
        return c.as_dict(self._raw.get("event"))

    @cached_property
    def type(self) -> WebhookEventType | str:
        """The event type, as a :class:`WebhookEventType` when kagari knows it."""
        return c.try_enum(WebhookEventType, c.as_str(self.event.get("type")))

    @cached_property
    def timestamp(self) -> datetime.datetime | None:
        """When the event happened (``None`` if the timestamp is missing or malformed)."""
        return c.opt_datetime(self.event.get("timestamp"))

    @cached_property
    def data(self) -> dict[str, Any]:
        """The event's data as sent (``{}`` when the event has none)."""
        return c.as_dict(self.event.get("data"))


class ApplicationAuthorizedEvent(WebhookEvent):
    """``APPLICATION_AUTHORIZED``: the app was added to a server or to a user's account."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("user", "integration_type", "scopes")

    @cached_property
    def integration_type(self) -> ApplicationIntegrationType | int | None:
        """Where it was installed: a server (``GUILD_INSTALL``) or a user account."""
        value = c.as_opt_int(self.data.get("integration_type"))
        return None if value is None else c.try_enum(ApplicationIntegrationType, value)

    @cached_property
    def user(self) -> User:
        """The user who authorized the app."""
        return User(self.data.get("user"))

    @cached_property
    def scopes(self) -> list[str]:
        """The OAuth2 scopes the user granted, such as ``"applications.commands"``."""
        return c.as_str_list(self.data.get("scopes"))

    @cached_property
    def guild(self) -> PartialGuild | None:
        """The server the app was added to (server installs); the full object is in ``raw``."""
        guild = self.data.get("guild")
        return PartialGuild(guild) if isinstance(guild, dict) else None


class ApplicationDeauthorizedEvent(WebhookEvent):
    """``APPLICATION_DEAUTHORIZED``: a user removed the app."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("user",)

    @cached_property
    def user(self) -> User:
        """The user who deauthorized the app."""
        return User(self.data.get("user"))


class EntitlementEvent(WebhookEvent):
    """An entitlement event; its data is an entitlement object."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("type", "entitlement")

    @cached_property
    def entitlement(self) -> Entitlement:
        """The entitlement created, updated or deleted."""
        return Entitlement(self.data)


class EntitlementCreateEvent(EntitlementEvent):
    """``ENTITLEMENT_CREATE``: a user bought, or was granted, one of the app's SKUs."""


class EntitlementUpdateEvent(EntitlementEvent):
    """``ENTITLEMENT_UPDATE``: an entitlement changed (a subscription renewed or ended)."""


class EntitlementDeleteEvent(EntitlementEvent):
    """``ENTITLEMENT_DELETE``: an entitlement was removed (refunded, or deleted by the app)."""


WEBHOOK_EVENT_CLASSES: dict[str, type[WebhookEvent]] = {
    WebhookEventType.APPLICATION_AUTHORIZED.value: ApplicationAuthorizedEvent,
    WebhookEventType.APPLICATION_DEAUTHORIZED.value: ApplicationDeauthorizedEvent,
    WebhookEventType.ENTITLEMENT_CREATE.value: EntitlementCreateEvent,
    WebhookEventType.ENTITLEMENT_UPDATE.value: EntitlementUpdateEvent,
    WebhookEventType.ENTITLEMENT_DELETE.value: EntitlementDeleteEvent,
}
"""The typed class of each event type; any other type decodes to :class:`WebhookEvent`."""


def decode_webhook_event(payload: Any) -> WebhookEvent:
    """Wrap a parsed webhook event payload (outer ``type`` 1) in its event type's class.

    Args:
        payload: The whole request body, parsed from JSON.

    Returns:
        A typed event (:data:`WEBHOOK_EVENT_CLASSES`), or a plain :class:`WebhookEvent`
        for a type kagari has no class for. Nothing is decoded until it is read.
    """
    raw = c.as_dict(payload)
    kind = c.as_dict(raw.get("event")).get("type")
    cls = WEBHOOK_EVENT_CLASSES.get(kind, WebhookEvent) if isinstance(kind, str) else WebhookEvent
    return cls(raw)
