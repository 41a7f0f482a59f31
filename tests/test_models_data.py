"""Hand-written interaction payloads for the model tests, shaped after Discord's docs.

Discord's docs have no full example of these shapes (see the payloads README), so
they are written here from the documented field tables. Each function returns a
fresh dict, so tests may mutate what they get.
"""

from __future__ import annotations

import json
from typing import Any

APP_ID = "1180000000000000001"
GUILD_ID = "1180000000000000002"
CHANNEL_ID = "1180000000000000003"
USER_ID = "1180000000000000004"
TARGET_USER_ID = "1180000000000000005"
ROLE_ID = "1180000000000000006"
THREAD_ID = "1180000000000000007"
ATTACHMENT_ID = "1180000000000000008"
MESSAGE_ID = "1180000000000000009"
SKU_ID = "1180000000000000010"
ENTITLEMENT_ID = "1180000000000000011"
DM_CHANNEL_ID = "1180000000000000012"
UPLOAD_ID = "1180000000000000013"
INTERACTION_ID = "1260000000000000000"


def _user(user_id: str = USER_ID, name: str = "kagari_user") -> dict[str, Any]:
    return {
        "id": user_id,
        "username": name,
        "global_name": name.title(),
        "discriminator": "0",
        "avatar": "a_0123456789abcdef0123456789abcdef",
        "public_flags": 64,
    }


def _member() -> dict[str, Any]:
    return {
        "user": _user(),
        "nick": "Kaga",
        "roles": [ROLE_ID],
        "joined_at": "2023-01-02T03:04:05.678000+00:00",
        "premium_since": None,
        "communication_disabled_until": "2099-01-01T00:00:00+00:00",
        "permissions": "2251799813685247",
        "pending": False,
        "flags": 2,
        "avatar": "guildavatarhash",
        "deaf": False,
        "mute": False,
    }


def _envelope(kind: int, data: dict[str, Any] | None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": INTERACTION_ID,
        "application_id": APP_ID,
        "type": kind,
        "token": "aW50ZXJhY3Rpb24tdG9rZW4",
        "version": 1,
        "guild": {"id": GUILD_ID, "locale": "en-US", "features": ["COMMUNITY", "NEWS"]},
        "guild_id": GUILD_ID,
        "channel": {
            "id": CHANNEL_ID,
            "type": 0,
            "guild_id": GUILD_ID,
            "name": "general",
            "parent_id": None,
            "nsfw": False,
            "position": 3,
            "topic": "Talk here",
            "rate_limit_per_user": 5,
            "permissions": "2251799813685247",
            "flags": 0,
            "last_message_id": MESSAGE_ID,
        },
        "channel_id": CHANNEL_ID,
        "member": _member(),
        "locale": "ja",
        "guild_locale": "en-US",
        "app_permissions": "562949953421311",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0,
        "attachment_size_limit": 10485760,
    }
    if data is not None:
        payload["data"] = data
    return payload


def ping() -> dict[str, Any]:
    """PING (type 1): only the fields the docs say every interaction has."""
    return {
        "id": INTERACTION_ID,
        "application_id": APP_ID,
        "type": 1,
        "token": "cGluZy10b2tlbg",
        "version": 1,
    }


def subcommand_group() -> dict[str, Any]:
    """``/mod admin purge count:50 reason:"spam" user:@x silent:true`` in a guild."""
    return _envelope(
        2,
        {
            "id": "1180000000000000100",
            "name": "mod",
            "type": 1,
            "guild_id": GUILD_ID,
            "options": [
                {
                    "name": "admin",
                    "type": 2,
                    "options": [
                        {
                            "name": "purge",
                            "type": 1,
                            "options": [
                                {"name": "count", "type": 4, "value": 50},
                                {"name": "reason", "type": 3, "value": "spam"},
                                {"name": "ratio", "type": 10, "value": 0.5},
                                {"name": "silent", "type": 5, "value": True},
                                {"name": "user", "type": 6, "value": TARGET_USER_ID},
                            ],
                        }
                    ],
                }
            ],
            "resolved": {
                "users": {TARGET_USER_ID: _user(TARGET_USER_ID, "target")},
                "members": {
                    TARGET_USER_ID: {
                        "nick": None,
                        "roles": [],
                        "joined_at": "2024-05-06T07:08:09.100000+00:00",
                        "permissions": "1024",
                        "flags": 0,
                        "pending": False,
                        "avatar": None,
                    }
                },
            },
        },
    )


def message_command() -> dict[str, Any]:
    """A MESSAGE context-menu command, with the target in ``resolved.messages``."""
    return _envelope(
        2,
        {
            "id": "1180000000000000101",
            "name": "Bookmark",
            "type": 3,
            "target_id": MESSAGE_ID,
            "resolved": {
                "messages": {
                    MESSAGE_ID: {
                        "id": MESSAGE_ID,
                        "channel_id": CHANNEL_ID,
                        "type": 0,
                        "content": "remember this",
                        "author": _user(TARGET_USER_ID, "target"),
                        "timestamp": "2024-06-01T12:00:00.000000+00:00",
                        "edited_timestamp": None,
                        "tts": False,
                        "pinned": True,
                        "mention_everyone": False,
                        "mentions": [_user()],
                        "mention_roles": [ROLE_ID],
                        "attachments": [],
                        "embeds": [
                            {
                                "type": "rich",
                                "title": "An embed",
                                "description": "with text",
                                "color": 16711680,
                                "fields": [{"name": "a", "value": "b", "inline": True}],
                            }
                        ],
                        "components": [],
                        "flags": 4100,
                    }
                }
            },
        },
    )


def resolved_objects() -> dict[str, Any]:
    """``/inspect`` with ATTACHMENT, CHANNEL (a thread), ROLE and MENTIONABLE options."""
    return _envelope(
        2,
        {
            "id": "1180000000000000102",
            "name": "inspect",
            "type": 1,
            "options": [
                {"name": "file", "type": 11, "value": ATTACHMENT_ID},
                {"name": "where", "type": 7, "value": THREAD_ID},
                {"name": "role", "type": 8, "value": ROLE_ID},
                {"name": "who", "type": 9, "value": ROLE_ID},
            ],
            "resolved": {
                "attachments": {
                    ATTACHMENT_ID: {
                        "id": ATTACHMENT_ID,
                        "filename": "report.png",
                        "size": 12345,
                        "url": "https://cdn.discordapp.com/ephemeral-attachments/1/2/report.png",
                        "proxy_url": "https://media.discordapp.net/ephemeral-attachments/1/2/report.png",
                        "content_type": "image/png",
                        "width": 640,
                        "height": 480,
                        "ephemeral": True,
                        "description": "a screenshot",
                    }
                },
                "channels": {
                    THREAD_ID: {
                        "id": THREAD_ID,
                        "name": "bug-thread",
                        "type": 11,
                        "parent_id": CHANNEL_ID,
                        "permissions": "1024",
                        "thread_metadata": {
                            "archived": False,
                            "auto_archive_duration": 1440,
                            "archive_timestamp": "2024-06-01T12:00:00+00:00",
                            "locked": True,
                        },
                    }
                },
                "roles": {
                    ROLE_ID: {
                        "id": ROLE_ID,
                        "name": "Moderator",
                        "color": 3447003,
                        "hoist": True,
                        "position": 5,
                        "permissions": "8",
                        "managed": False,
                        "mentionable": True,
                        "flags": 0,
                    }
                },
            },
        },
    )


def user_install_dm() -> dict[str, Any]:
    """A slash command used in a group DM through a user install: no guild, no member."""
    return {
        "id": INTERACTION_ID,
        "application_id": APP_ID,
        "type": 2,
        "token": "ZG0tdG9rZW4",
        "version": 1,
        "channel": {
            "id": DM_CHANNEL_ID,
            "type": 3,
            "name": "friends",
            "owner_id": TARGET_USER_ID,
            "recipients": [_user(TARGET_USER_ID, "target")],
            "permissions": "2147483648",
        },
        "channel_id": DM_CHANNEL_ID,
        "user": _user(),
        "locale": "pt-BR",
        "app_permissions": "2147483648",
        "entitlements": [],
        "authorizing_integration_owners": {"1": USER_ID},
        "context": 2,
        "attachment_size_limit": 8388608,
        "data": {"id": "1180000000000000103", "name": "roll", "type": 1},
    }


def modal_inputs() -> dict[str, Any]:
    """A modal with Labels around a checkbox, checkbox group, radio group and file upload."""
    payload = _envelope(
        5,
        {
            "custom_id": "survey:7",
            "components": [
                {"type": 10, "id": 1},
                {
                    "type": 18,
                    "id": 2,
                    "component": {
                        "type": 23,
                        "id": 3,
                        "custom_id": "like_checkbox",
                        "value": True,
                    },
                },
                {
                    "type": 18,
                    "id": 4,
                    "component": {
                        "type": 22,
                        "id": 5,
                        "custom_id": "event_checkbox",
                        "values": ["march-4", "march-9"],
                    },
                },
                {
                    "type": 18,
                    "id": 6,
                    "component": {
                        "type": 21,
                        "id": 7,
                        "custom_id": "class_radio",
                        "value": "bard",
                    },
                },
                {
                    "type": 18,
                    "id": 8,
                    "component": {
                        "type": 19,
                        "id": 9,
                        "custom_id": "file_upload",
                        "values": [UPLOAD_ID],
                    },
                },
                {
                    "type": 18,
                    "id": 10,
                    "component": {
                        "type": 23,
                        "id": 11,
                        "custom_id": "unticked",
                        "value": False,
                    },
                },
                {
                    "type": 1,
                    "id": 12,
                    "components": [
                        {"type": 4, "id": 13, "custom_id": "legacy_text", "value": "old style"}
                    ],
                },
            ],
            "resolved": {
                "attachments": {
                    UPLOAD_ID: {
                        "id": UPLOAD_ID,
                        "filename": "bug.png",
                        "size": 2048,
                        "url": "https://cdn.discordapp.com/ephemeral-attachments/3/4/bug.png",
                        "proxy_url": "https://media.discordapp.net/ephemeral-attachments/3/4/bug.png",
                        "content_type": "image/png",
                        "ephemeral": True,
                    }
                }
            },
        },
    )
    return payload


def with_entitlements() -> dict[str, Any]:
    """A slash command from a user who holds one active and one consumed entitlement."""
    payload = _envelope(2, {"id": "1180000000000000104", "name": "premium", "type": 1})
    payload["entitlements"] = [
        {
            "id": ENTITLEMENT_ID,
            "sku_id": SKU_ID,
            "application_id": APP_ID,
            "user_id": USER_ID,
            "type": 8,
            "deleted": False,
            "starts_at": "2024-01-01T00:00:00.000000+00:00",
            "ends_at": "2099-01-01T00:00:00.000000+00:00",
            "consumed": False,
        },
        {
            "id": "1180000000000000014",
            "sku_id": "1180000000000000015",
            "application_id": APP_ID,
            "user_id": USER_ID,
            "guild_id": None,
            "type": 1,
            "deleted": False,
            "starts_at": None,
            "ends_at": None,
            "consumed": True,
        },
    ]
    return payload


def nested_autocomplete() -> dict[str, Any]:
    """Autocomplete for ``/music queue add song:<typing>`` (subcommand group)."""
    return _envelope(
        4,
        {
            "id": "1180000000000000105",
            "name": "music",
            "type": 1,
            "options": [
                {
                    "name": "queue",
                    "type": 2,
                    "options": [
                        {
                            "name": "add",
                            "type": 1,
                            "options": [
                                {"name": "position", "type": 4, "value": 2},
                                {"name": "song", "type": 3, "value": "never gon", "focused": True},
                            ],
                        }
                    ],
                }
            ],
        },
    )


def channel_select_v2() -> dict[str, Any]:
    """A channel select on a Components V2 message the app sent earlier."""
    payload = _envelope(
        3,
        {
            "component_type": 8,
            "id": 4,
            "custom_id": "pick:channel",
            "values": [CHANNEL_ID, THREAD_ID],
            "resolved": {
                "channels": {
                    CHANNEL_ID: {
                        "id": CHANNEL_ID,
                        "name": "general",
                        "type": 0,
                        "permissions": "1024",
                    },
                    THREAD_ID: {
                        "id": THREAD_ID,
                        "name": "news-thread",
                        "type": 10,
                        "parent_id": CHANNEL_ID,
                        "permissions": "1024",
                        "thread_metadata": {
                            "archived": True,
                            "locked": False,
                            "auto_archive_duration": 60,
                            "archive_timestamp": "2024-06-02T12:00:00+00:00",
                        },
                    },
                }
            },
        },
    )
    payload["message"] = {
        "id": MESSAGE_ID,
        "channel_id": CHANNEL_ID,
        "type": 20,
        "content": "",
        "author": {**_user(APP_ID, "kagari_bot"), "bot": True},
        "flags": 32832,
        "timestamp": "2024-06-01T12:00:00+00:00",
        "components": [{"type": 17, "id": 1, "components": []}],
        "attachments": [],
        "embeds": [],
    }
    return payload


HAND_WRITTEN = {
    "ping": ping,
    "subcommand_group": subcommand_group,
    "message_command": message_command,
    "resolved_objects": resolved_objects,
    "user_install_dm": user_install_dm,
    "modal_inputs": modal_inputs,
    "with_entitlements": with_entitlements,
    "nested_autocomplete": nested_autocomplete,
    "channel_select_v2": channel_select_v2,
}
"""Every hand-written payload, by name."""


def test_hand_written_payloads_are_plain_json() -> None:
    """Each builder returns a fresh, JSON-serializable dict (what Discord would send)."""
    for name, build in HAND_WRITTEN.items():
        first, second = build(), build()
        assert first == second, name
        assert first is not second, name
        assert json.loads(json.dumps(first)) == first, name
        assert isinstance(first["type"], int), name
