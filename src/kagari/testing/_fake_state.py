"""What the fake Discord remembers, and the objects it answers with, shaped like Discord's."""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping, Sequence
from typing import Any

from kagari.testing._fake_components import components_as_sent_back

__all__ = ["DISCORD_EPOCH_MS", "DiscordState", "UploadedFile"]

DISCORD_EPOCH_MS = 1_420_070_400_000
"""Milliseconds from the Unix epoch to Discord's (2015-01-01)."""

_LOADING = 1 << 7
_EPHEMERAL = 1 << 6
_COMMAND_FIELDS = (
    "name",
    "description",
    "options",
    "default_member_permissions",
    "dm_permission",
    "contexts",
    "integration_types",
    "nsfw",
    "handler",
    "name_localizations",
    "description_localizations",
)


class UploadedFile:
    """A file part of a multipart request.

    Attributes:
        field: The part's name, such as ``files[0]``.
        filename: The file name given in the part.
        content_type: The part's content type.
        data: The bytes.
    """

    __slots__ = ("content_type", "data", "field", "filename")

    def __init__(self, field: str, filename: str, content_type: str, data: bytes) -> None:
        self.field = field
        self.filename = filename
        self.content_type = content_type
        self.data = data


def _now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


class DiscordState:
    """The fake's memory: the application, messages per interaction token, commands per
    scope, command permissions, entitlements and OAuth2 tokens.

    Args:
        application_id: The application's id (a new snowflake when ``None``).
        verify_key: The application's public key (hex).
    """

    def __init__(self, application_id: str | None, verify_key: str) -> None:
        self._last_ms = 0
        self._increment = 0
        if application_id is None:
            application_id = self.snowflake()
        self.application_id = application_id
        self.channel_id = self.snowflake()
        self.bot_user: dict[str, Any] = {
            "id": application_id,
            "username": "kagari-fake",
            "discriminator": "0000",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "public_flags": 0,
            "flags": 0,
            "primary_guild": None,
        }
        self.application: dict[str, Any] = {
            "id": application_id,
            "name": "kagari-fake",
            "icon": None,
            "description": "",
            "type": None,
            "bot": self.bot_user,
            "verify_key": verify_key,
            "flags": 0,
            "flags_new": "0",
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "owner": {k: v for k, v in self.bot_user.items() if k != "bot"},
            "approximate_guild_count": 0,
            "approximate_user_install_count": 0,
            "approximate_user_authorization_count": 0,
            "explicit_content_filter": 0,
            "team": None,
            "eligible_oauth2_scopes": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "integration_types_config": {"0": {}},
        }
        self.acknowledged: dict[str, int] = {}
        self.originals: dict[str, dict[str, Any]] = {}
        self.followups: dict[str, dict[str, dict[str, Any]]] = {}
        self.channel_messages: dict[str, dict[str, dict[str, Any]]] = {}
        self.nonces: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        self.nonce_window = 120.0
        self.commands: dict[str | None, dict[str, dict[str, Any]]] = {}
        self.permissions: dict[tuple[str, str], dict[str, Any]] = {}
        self.entitlements: dict[str, dict[str, Any]] = {}
        self.bearer_tokens: dict[str, float] = {}
        self.client_secret = ""
        self.oauth_expires_in = 604800

    # -- ids -----------------------------------------------------------------------------

    def snowflake(self) -> str:
        """A fresh, increasing snowflake id (as Discord sends them: a decimal string)."""
        ms = int(time.time() * 1000)
        if ms <= self._last_ms:
            ms = self._last_ms
            self._increment += 1
        else:
            self._increment = 0
        self._last_ms = ms
        return str(((ms - DISCORD_EPOCH_MS) << 22) | (self._increment & 0xFFF))

    # -- messages --------------------------------------------------------------------------

    def message(
        self,
        body: Mapping[str, Any],
        files: Sequence[UploadedFile],
        *,
        message_type: int = 0,
        flags: int | None = None,
    ) -> dict[str, Any]:
        """A message object made from a message body and its uploaded files."""
        message: dict[str, Any] = {
            "id": self.snowflake(),
            "type": message_type,
            "content": "",
            "channel_id": self.channel_id,
            "author": self.bot_user,
            "attachments": [],
            "embeds": [],
            "components": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "flags": 0,
            "webhook_id": self.application_id,
            "application_id": self.application_id,
        }
        self.apply_edit(message, body, files, edited=False)
        if flags is not None:
            message["flags"] = flags
        return message

    def apply_edit(
        self,
        message: dict[str, Any],
        body: Mapping[str, Any],
        files: Sequence[UploadedFile],
        *,
        edited: bool = True,
    ) -> None:
        """Change ``message`` the way a PATCH with ``body`` and ``files`` would."""
        for field in ("content", "embeds", "tts", "poll"):
            if field in body and body[field] is not None:
                message[field] = body[field]
        if body.get("components") is not None:
            message["components"] = components_as_sent_back(body["components"], self.snowflake)
        if "flags" in body and body["flags"] is not None:
            message["flags"] = int(body["flags"]) & ~_LOADING
        if "attachments" in body or files:
            message["attachments"] = self._attachments(message, body, files)
        if edited:
            message["flags"] = int(message.get("flags", 0)) & ~_LOADING
            message["edited_timestamp"] = _now_iso()

    def _attachments(
        self, message: Mapping[str, Any], body: Mapping[str, Any], files: Sequence[UploadedFile]
    ) -> list[dict[str, Any]]:
        by_field = {upload.field: upload for upload in files}
        existing = {str(item["id"]): item for item in message.get("attachments", [])}
        listed = body.get("attachments")
        if listed is None:
            listed = [{"id": str(index)} for index in range(len(files))]
            listed = list(message.get("attachments", [])) + listed
        result: list[dict[str, Any]] = []
        for entry in listed:
            entry_id = str(entry.get("id"))
            if entry_id in existing:
                result.append(existing[entry_id])
                continue
            upload = by_field.get(f"files[{entry_id}]")
            if upload is None:
                continue
            attachment_id = self.snowflake()
            url = f"https://cdn.discordapp.com/attachments/{self.channel_id}/{attachment_id}/"
            attachment: dict[str, Any] = {
                "id": attachment_id,
                "filename": entry.get("filename") or upload.filename,
                "size": len(upload.data),
                "url": url + upload.filename,
                "proxy_url": url.replace("cdn.", "media.") + upload.filename,
                "content_type": upload.content_type,
            }
            if entry.get("description") is not None:
                attachment["description"] = entry["description"]
            result.append(attachment)
        return result

    def channel_message(
        self, channel_id: str, body: Mapping[str, Any], files: Sequence[UploadedFile]
    ) -> tuple[dict[str, Any], bool]:
        """The message a ``POST /channels/{channel_id}/messages`` leaves, and whether it is new.

        With ``enforce_nonce`` a ``nonce`` seen in the channel within :attr:`nonce_window`
        seconds gives back the message it created, as Discord does, instead of a new one.
        """
        nonce = body.get("nonce")
        key = (channel_id, str(nonce))
        now = time.monotonic()
        enforced = nonce is not None and body.get("enforce_nonce") is True
        if enforced:
            for stale in [k for k, (at, _) in self.nonces.items() if at + self.nonce_window < now]:
                del self.nonces[stale]
            seen = self.nonces.get(key)
            if seen is not None:
                return seen[1], False
        message = self.message(body, files)
        message["channel_id"] = channel_id
        del message["webhook_id"], message["application_id"]
        if nonce is not None:
            message["nonce"] = nonce
        self.channel_messages.setdefault(channel_id, {})[message["id"]] = message
        if enforced:
            self.nonces[key] = (now, message)
        return message, True

    def callback_message(
        self, callback_type: int, data: Mapping[str, Any], files: Sequence[UploadedFile]
    ) -> dict[str, Any]:
        """The original response a callback of ``callback_type`` (4, 5 or 7) leaves behind."""
        flags = int(data.get("flags") or 0)
        if callback_type == 5:
            return self.message({}, (), message_type=20, flags=_LOADING | (flags & _EPHEMERAL))
        return self.message(data, files, message_type=20)

    # -- commands --------------------------------------------------------------------------

    def scope(self, guild_id: str | None) -> dict[str, dict[str, Any]]:
        """The commands of one scope (``None``: global), by id."""
        return self.commands.setdefault(guild_id, {})

    def build_command(
        self,
        body: Mapping[str, Any],
        guild_id: str | None,
        existing: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A command object as Discord returns it, Discord's defaults filled in."""
        command: dict[str, Any] = dict(existing or {})
        for field in _COMMAND_FIELDS:
            if field in body:
                command[field] = body[field]
        command_type = int(body.get("type", command.get("type", 1)))
        command["id"] = command.get("id") or self.snowflake()
        command["application_id"] = self.application_id
        command["version"] = self.snowflake()
        command["type"] = command_type
        command.setdefault("description", "")
        permissions = command.get("default_member_permissions")
        command["default_member_permissions"] = None if permissions is None else str(permissions)
        command.setdefault("nsfw", False)
        command.setdefault("integration_types", [0])
        command.setdefault("contexts", [0, 1, 2] if guild_id is None else None)
        command.setdefault("name_localizations", None)
        command.setdefault("description_localizations", None)
        if command_type == 4:
            command.setdefault("handler", 1)
        if guild_id is not None:
            command["guild_id"] = guild_id
        return command

    def find_command(self, guild_id: str | None, name: str, command_type: int) -> str | None:
        """The id of the scope's command called ``name`` with ``command_type``, if any."""
        for command_id, command in self.scope(guild_id).items():
            if command["name"] == name and command["type"] == command_type:
                return command_id
        return None

    @staticmethod
    def present_command(command: Mapping[str, Any], with_localizations: bool) -> dict[str, Any]:
        """The command as a GET shows it (localization maps only when asked for)."""
        shown = dict(command)
        if not with_localizations:
            shown.pop("name_localizations", None)
            shown.pop("description_localizations", None)
        return shown

    # -- entitlements ----------------------------------------------------------------------

    def add_entitlement(
        self,
        sku_id: str,
        *,
        user_id: str | None,
        guild_id: str | None,
        entitlement_type: int,
        consumed: bool,
        ends_at: str | None,
        deleted: bool,
    ) -> dict[str, Any]:
        """Create an entitlement object."""
        entitlement: dict[str, Any] = {
            "id": self.snowflake(),
            "sku_id": sku_id,
            "application_id": self.application_id,
            "user_id": user_id,
            "guild_id": guild_id,
            "type": entitlement_type,
            "deleted": deleted,
            "starts_at": None,
            "ends_at": ends_at,
            "consumed": consumed,
        }
        self.entitlements[entitlement["id"]] = entitlement
        return entitlement
