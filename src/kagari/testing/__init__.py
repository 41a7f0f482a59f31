"""Test a kagari bot without Discord.

- :class:`FakeDiscord`: a fake Discord REST API on loopback that records every request,
  answers like Discord, validates bodies against Discord's OpenAPI spec and injects
  faults (429s, 5xx, slow answers, dropped connections).
- :class:`OpenAPISpec`: checks JSON bodies against Discord's spec file.
- ``TestClient`` (in :mod:`kagari.testing.client`): sends real signed requests to a served
  bot.

Importing this package pulls in nothing that a running bot needs; nothing in kagari
imports it back.
"""

from __future__ import annotations

from kagari.testing.fake_discord import FakeDiscord, RecordedRequest
from kagari.testing.openapi import OpenAPISpec, SpecMismatch

__all__ = ["FakeDiscord", "OpenAPISpec", "RecordedRequest", "SpecMismatch"]
