"""Signed HTTP requests to a served bot, for tests that go through the real server.

(A full ``kagari.testing.TestClient`` builds on the same idea; these are the small parts
the core tests need.)
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp

from kagari.restbot import RESTBot
from kagari.server.devkeys import DevKeyPair

_ids = itertools.count(1)
_DISCORD_EPOCH_MS = 1420070400000


def snowflake() -> str:
    """A fresh snowflake (as Discord sends it: a string) dated now."""
    ms = int(time.time() * 1000) - _DISCORD_EPOCH_MS
    return str((ms << 22) | (next(_ids) & 0x3FFFFF))


def interaction(kind: int, data: Mapping[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A realistic interaction payload of type ``kind`` in a guild."""
    payload: dict[str, Any] = {
        "id": snowflake(),
        "application_id": "775799577604522054",
        "type": kind,
        "token": "tok-" + snowflake(),
        "version": 1,
        "guild_id": "290926798626357999",
        "channel_id": "645027906669510667",
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "442368",
        "entitlements": [],
        "authorizing_integration_owners": {"0": "290926798626357999"},
        "context": 0,
        "attachment_size_limit": 10485760,
        "member": {
            "user": {
                "id": "53908232506183680",
                "username": "mason",
                "global_name": "Mason",
                "discriminator": "0",
                "avatar": None,
                "public_flags": 0,
            },
            "roles": [],
            "joined_at": "2017-03-13T19:19:14.040000+00:00",
            "permissions": "2147483647",
            "deaf": False,
            "mute": False,
        },
    }
    if data is not None:
        payload["data"] = dict(data)
    payload.update(fields)
    return payload


def command(name: str = "ping", **fields: Any) -> dict[str, Any]:
    """A chat-input command interaction."""
    return interaction(2, {"id": snowflake(), "name": name, "type": 1}, **fields)


@dataclasses.dataclass
class Reply:
    """What the bot answered."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


class Sender:
    """Posts signed requests to a served bot."""

    def __init__(self, url: str, keys: DevKeyPair, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.keys = keys
        self.session = session

    async def post(
        self,
        payload: Any = None,
        *,
        body: bytes | None = None,
        timestamp: str | None = None,
        headers: Mapping[str, str] | None = None,
        sign: bool = True,
        content_type: str = "application/json",
        method: str = "POST",
    ) -> Reply:
        """Send ``payload`` (JSON-encoded) or raw ``body``, signed unless ``sign=False``."""
        if body is None:
            body = json.dumps(payload).encode()
        sent: dict[str, str] = {"Content-Type": content_type}
        if sign:
            sent.update(self.keys.sign(body, timestamp))
        sent.update(headers or {})
        async with self.session.request(method, self.url, data=body, headers=sent) as response:
            return Reply(response.status, dict(response.headers), await response.read())


@contextlib.asynccontextmanager
async def served(bot: RESTBot, keys: DevKeyPair | None = None) -> AsyncIterator[Sender]:
    """Start ``bot`` on a free loopback port and yield a :class:`Sender` for it."""
    await bot.start(host="127.0.0.1", port=0, check_for_updates=False, shutdown_timeout=5)
    try:
        async with aiohttp.ClientSession() as session:
            if keys is None:
                assert bot.dev_keys is not None, "pass the key pair the bot was built with"
                keys = bot.dev_keys
            yield Sender(bot.url, keys, session)
    finally:
        await bot.close()
