"""Test a kagari bot without Discord.

- :class:`TestClient`: serves a bot on loopback with a development key pair, sends it
  real signed interactions, and points its REST client at a :class:`FakeDiscord`.
- :class:`FakeDiscord`: a fake Discord REST API on loopback that records every request,
  answers like Discord, validates bodies against Discord's OpenAPI spec and injects
  faults (429s, 5xx, slow answers, dropped connections).
- :meth:`TestClient.post`: the raw door, for what Discord would never send (a bad
  signature, a stale timestamp, broken JSON); the answer comes back as a
  :class:`RawResponse`.
- Payload builders (``command_payload``, ``component_payload``, ``modal_payload``...):
  whole interaction payloads shaped like Discord's, to send through the raw door.
- Factories (``make_user``, ``make_member``, ...) for the objects interactions carry.
- :class:`OpenAPISpec`: checks JSON bodies against Discord's spec file.
- A pytest plugin (loaded automatically; ``-p no:kagari`` disables it) with the
  ``fake_discord`` and ``kagari_client`` fixtures.

Nothing in kagari imports this package back.
"""

from __future__ import annotations

from kagari.testing.client import (
    DEFAULT_GUILD_ID,
    BadResponse,
    InvalidInteraction,
    TestClient,
    WaitTimeout,
)
from kagari.testing.factories import (
    DEFAULT_APP_PERMISSIONS,
    DEFAULT_MEMBER_PERMISSIONS,
    make_attachment,
    make_channel,
    make_entitlement,
    make_guild,
    make_member,
    make_message,
    make_role,
    make_user,
    snowflake,
)
from kagari.testing.fake_discord import FakeDiscord, RecordedRequest
from kagari.testing.openapi import OpenAPISpec, SpecMismatch
from kagari.testing.payloads import (
    DEFAULT_APPLICATION_ID,
    Envelope,
    TypedOption,
    autocomplete_payload,
    command_payload,
    component_payload,
    interaction_payload,
    message_command_payload,
    modal_payload,
    ping_payload,
    user_command_payload,
)
from kagari.testing.results import (
    InteractionResult,
    MessageResult,
    ModalView,
    RawResponse,
    ResultFile,
)

__all__ = [
    "DEFAULT_APPLICATION_ID",
    "DEFAULT_APP_PERMISSIONS",
    "DEFAULT_GUILD_ID",
    "DEFAULT_MEMBER_PERMISSIONS",
    "BadResponse",
    "Envelope",
    "FakeDiscord",
    "InteractionResult",
    "InvalidInteraction",
    "MessageResult",
    "ModalView",
    "OpenAPISpec",
    "RawResponse",
    "RecordedRequest",
    "ResultFile",
    "SpecMismatch",
    "TestClient",
    "TypedOption",
    "WaitTimeout",
    "autocomplete_payload",
    "command_payload",
    "component_payload",
    "interaction_payload",
    "make_attachment",
    "make_channel",
    "make_entitlement",
    "make_guild",
    "make_member",
    "make_message",
    "make_role",
    "make_user",
    "message_command_payload",
    "modal_payload",
    "ping_payload",
    "snowflake",
    "user_command_payload",
]
