"""Send Discord's webhook events to a bot under test.

Payloads are shaped like Discord's (``{"version": 1, "application_id": ..., "type": 1,
"event": {"type": ..., "timestamp": ..., "data": {...}}}``; ``type`` 0 is a PING), and
:func:`send_event` signs and POSTs one to the bot's events path through a running
:class:`~kagari.testing.TestClient`::

    async with TestClient(bot) as client:
        user = make_user(username="nelly").raw
        reply = await send_event(
            client, "APPLICATION_AUTHORIZED", {"integration_type": 1, "user": user,
                                               "scopes": ["applications.commands"]}
        )
        assert reply.status == 204
        await installed.wait()          # the handler runs after the 204
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kagari.testing.payloads import DEFAULT_APPLICATION_ID

if TYPE_CHECKING:
    from kagari.models.events import WebhookEventType
    from kagari.testing.client import TestClient
    from kagari.testing.results import RawResponse

__all__ = ["event_payload", "ping_event_payload", "send_event"]


def event_payload(
    event_type: WebhookEventType | str,
    data: Mapping[str, Any] | None = None,
    *,
    application_id: str = DEFAULT_APPLICATION_ID,
    timestamp: datetime.datetime | str | None = None,
) -> dict[str, Any]:
    """A webhook event payload (outer ``type`` 1).

    Args:
        event_type: ``"APPLICATION_AUTHORIZED"``, ``"ENTITLEMENT_CREATE"``... (any
            string: unknown types are what a newer Discord may send).
        data: The event's ``data`` object; omitted from the payload when ``None``.
        application_id: The app the event is for.
        timestamp: When it happened (an aware datetime, or ISO 8601 text); now by
            default, in Discord's format (UTC, microseconds, no offset).
    """
    if timestamp is None:
        timestamp = datetime.datetime.now(datetime.timezone.utc)
    if isinstance(timestamp, datetime.datetime):
        utc = timestamp.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        timestamp = utc.isoformat(timespec="microseconds")
    name = event_type if isinstance(event_type, str) else str(event_type.value)
    event: dict[str, Any] = {"type": name, "timestamp": timestamp}
    if data is not None:
        event["data"] = dict(data)
    return {"version": 1, "application_id": application_id, "type": 1, "event": event}


def ping_event_payload(*, application_id: str = DEFAULT_APPLICATION_ID) -> dict[str, Any]:
    """The PING Discord sends when the events URL is saved (answered ``204``)."""
    return {"version": 1, "application_id": application_id, "type": 0}


async def send_event(
    client: TestClient,
    event: WebhookEventType | str | Mapping[str, Any],
    data: Mapping[str, Any] | None = None,
    **options: Any,
) -> RawResponse:
    """Sign and POST a webhook event to the bot's events path, and return its answer.

    Args:
        client: A started test client.
        event: An event type (the payload is built by :func:`event_payload` with
            ``data``), or a whole payload to send as it is (a PING, a broken one).
        data: The event's data, with an event type.
        **options: Passed on to :meth:`TestClient.post <kagari.testing.TestClient.post>`
            (``timestamp=``, ``keys=``, ``sign=``, ``headers=``...). The same payload
            sent twice is the same body: a repeated delivery.

    Raises:
        ValueError: If the bot serves no webhook events (``events_path=None``), or a
            payload is given together with ``data``.
    """
    path = getattr(client.bot, "events_path", None)
    if path is None:
        raise ValueError("the bot serves no webhook events (its events_path is None)")
    if isinstance(event, Mapping):
        if data is not None:
            raise ValueError("give an event type with data, or a whole payload, not both")
        payload: Any = dict(event)
    else:
        payload = event_payload(event, data)
    return await client.post(payload, path=path, **options)
