"""Interaction payloads and a served-bot harness for the ``kagari.app`` tests.

The payload shapes follow Discord's documented examples (see
tests/data/discord-payloads); every payload gets a fresh id, because the server
de-duplicates interaction ids.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from kagari.app import Bot
from kagari.server.devkeys import DevKeyPair
from kagari.testing.fake_discord import FakeDiscord
from tests._signed import Reply, Sender, interaction, served, snowflake

USER_ID = "53908232506183680"
GUILD_ID = "290926798626357999"


def user(user_id: str = "80351110224678912", name: str = "nelly") -> dict[str, Any]:
    """A user object."""
    return {
        "id": user_id,
        "username": name,
        "global_name": name.title(),
        "discriminator": "0",
        "avatar": None,
        "public_flags": 0,
    }


def value(name: str, option_type: int, raw: Any, *, focused: bool = False) -> dict[str, Any]:
    """A value option as Discord sends it."""
    option: dict[str, Any] = {"name": name, "type": option_type, "value": raw}
    if focused:
        option["focused"] = True
    return option


def subcommand(
    name: str, options: Sequence[dict[str, Any]] = (), *, group: bool = False
) -> dict[str, Any]:
    """A SUB_COMMAND (or SUB_COMMAND_GROUP) option holding ``options``."""
    return {"name": name, "type": 2 if group else 1, "options": list(options)}


class Payloads:
    """Builds payloads for one fake application (follow-ups must use its id).

    Args:
        application_id: The fake's application id.
    """

    def __init__(self, application_id: str) -> None:
        self.application_id = application_id

    def _base(self, kind: int, data: Mapping[str, Any], **fields: Any) -> dict[str, Any]:
        return interaction(kind, data, application_id=self.application_id, **fields)

    def slash(
        self,
        name: str,
        options: Sequence[dict[str, Any]] = (),
        *,
        resolved: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A chat-input command."""
        data: dict[str, Any] = {"id": snowflake(), "name": name, "type": 1}
        if options:
            data["options"] = list(options)
        if resolved is not None:
            data["resolved"] = dict(resolved)
        return self._base(2, data, **fields)

    def dm_slash(self, name: str, options: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
        """A chat-input command used in a DM with a user-installed app (no member)."""
        payload = self.slash(
            name,
            options,
            user=user(USER_ID, "mason"),
            context=1,
            authorizing_integration_owners={"1": USER_ID},
        )
        for key in ("member", "guild_id", "guild_locale"):
            payload.pop(key, None)
        payload["channel_id"] = "111111111111111111"
        return payload

    def user_command(
        self, name: str, target: dict[str, Any], *, member: bool = True
    ) -> dict[str, Any]:
        """A user context-menu command on ``target``."""
        resolved: dict[str, Any] = {"users": {target["id"]: target}}
        if member:
            resolved["members"] = {
                target["id"]: {
                    "roles": [],
                    "nick": "Target",
                    "joined_at": "2020-01-01T00:00:00+00:00",
                }
            }
        data = {
            "id": snowflake(),
            "name": name,
            "type": 2,
            "target_id": target["id"],
            "resolved": resolved,
        }
        return self._base(2, data)

    def message_command(self, name: str, message_id: str) -> dict[str, Any]:
        """A message context-menu command on a message."""
        message = {
            "id": message_id,
            "channel_id": "645027906669510667",
            "content": "hello",
            "author": user(),
            "embeds": [],
            "attachments": [],
            "components": [],
            "timestamp": "2021-01-01T00:00:00+00:00",
            "type": 0,
        }
        data = {
            "id": snowflake(),
            "name": name,
            "type": 3,
            "target_id": message_id,
            "resolved": {"messages": {message_id: message}},
        }
        return self._base(2, data)

    def component(
        self,
        custom_id: str,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        resolved: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A button click (or a select, with ``values``) on a message of the app."""
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        if resolved is not None:
            data["resolved"] = dict(resolved)
        message = {
            "id": snowflake(),
            "channel_id": "645027906669510667",
            "content": "poll",
            "author": user("775799577604522054", "bot"),
            "embeds": [],
            "attachments": [],
            "components": [],
            "flags": 0,
            "type": 0,
            "timestamp": "2021-01-01T00:00:00+00:00",
        }
        return self._base(3, data, message=message)

    def modal(
        self,
        custom_id: str,
        fields: Sequence[dict[str, Any]],
        *,
        resolved: Mapping[str, Any] | None = None,
        legacy: bool = False,
        from_message: bool = False,
    ) -> dict[str, Any]:
        """A modal submission; ``fields`` are the inner components (with custom_id)."""
        if legacy:
            components = [{"type": 1, "components": [field]} for field in fields]
        else:
            components = [
                {"type": 18, "id": i, "component": field} for i, field in enumerate(fields, 1)
            ]
        data: dict[str, Any] = {"custom_id": custom_id, "components": components}
        if resolved is not None:
            data["resolved"] = dict(resolved)
        extra: dict[str, Any] = {}
        if from_message:
            extra["message"] = {
                "id": snowflake(),
                "channel_id": "645027906669510667",
                "content": "form",
                "author": user(),
                "embeds": [],
                "attachments": [],
                "components": [],
                "type": 0,
                "timestamp": "2021-01-01T00:00:00+00:00",
            }
        return self._base(5, data, **extra)

    def autocomplete(self, name: str, options: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """An autocomplete request (one option should be focused)."""
        data = {
            "id": snowflake(),
            "name": name,
            "type": 1,
            "options": list(options),
            "version": "1",
        }
        return self._base(4, data)


def text_input(custom_id: str, text: str) -> dict[str, Any]:
    """A submitted text input."""
    return {"type": 4, "custom_id": custom_id, "value": text}


def make_bot(fake: FakeDiscord, keys: DevKeyPair, **kwargs: Any) -> Bot:
    """A bot that talks to ``fake`` and accepts requests signed by ``keys``."""
    kwargs.setdefault("deadline", 0.3)
    return Bot(fake.token, public_key=keys.public_key, rest_url=fake.url, logs=None, **kwargs)


@contextlib.asynccontextmanager
async def serving(bot: Bot, keys: DevKeyPair) -> AsyncIterator[Sender]:
    """Serve ``bot`` on loopback for the block (closed afterwards)."""
    async with served(bot, keys) as sender:
        yield sender


__all__ = [
    "GUILD_ID",
    "USER_ID",
    "Payloads",
    "Reply",
    "Sender",
    "make_bot",
    "serving",
    "subcommand",
    "text_input",
    "user",
    "value",
]
