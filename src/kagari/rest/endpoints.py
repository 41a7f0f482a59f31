"""The Discord endpoints an interaction bot needs, as typed methods over ``request``.

Bodies are plain JSON built by the caller (``Message.to_message_body()`` and the like);
answers are Discord's JSON, returned as it came, typed with the ``TypedDict`` classes of
:mod:`kagari.rest.types`.

The rest of Discord's API comes from :class:`kagari.rest.api.DiscordAPI`, generated from
the OpenAPI spec by ``tools/generate_rest.py``; the methods written here cover the
operations it leaves out (the generator's ``COVERED`` table).
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast, overload

from kagari.builders.files import File
from kagari.rest.api import DiscordAPI
from kagari.rest.routes import Snowflakeish
from kagari.rest.types import (
    ApplicationCommandObject,
    ApplicationObject,
    EntitlementObject,
    GuildCommandPermissionsObject,
    InteractionCallbackResponseObject,
    MessageObject,
)

__all__ = ["JSONObject", "RESTEndpoints"]

JSONObject = dict[str, Any]
"""A JSON object as decoded by :func:`json.loads`."""

_CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
_WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"
_ORIGINAL = _WEBHOOK + "/messages/@original"
_WEBHOOK_MESSAGE = _WEBHOOK + "/messages/{message_id}"
_GLOBAL_COMMANDS = "/applications/{application_id}/commands"
_GUILD_COMMANDS = "/applications/{application_id}/guilds/{guild_id}/commands"


def _commands_path(guild_id: Snowflakeish | None) -> str:
    return _GLOBAL_COMMANDS if guild_id is None else _GUILD_COMMANDS


def _scope(application_id: Snowflakeish, guild_id: Snowflakeish | None) -> dict[str, Any]:
    # Typed Any so that mypy accepts ``**`` beside request()'s other keyword arguments.
    if guild_id is None:
        return {"application_id": application_id}
    return {"application_id": application_id, "guild_id": guild_id}


class RESTEndpoints(DiscordAPI):
    """Endpoint methods shared by every REST client; subclasses provide :meth:`request`.

    The interaction, command and entitlement methods are written here; every other
    operation of Discord's spec is a generated method of :class:`~kagari.rest.api.DiscordAPI`.
    """

    __slots__ = ()

    @abc.abstractmethod
    async def request(
        self,
        method: str,
        template: str,
        *,
        json: Any = None,
        files: Sequence[File] = (),
        files_data_key: str | None = None,
        form: Mapping[str, str | File] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool | None = None,
        reason: str | None = None,
        idempotent: bool | None = None,
        **path_params: Snowflakeish,
    ) -> Any:
        """Send one request; see :meth:`kagari.rest.RESTClient.request`."""

    # -- interaction responses -------------------------------------------------------------

    @overload
    async def create_interaction_response(
        self,
        interaction_id: Snowflakeish,
        token: str,
        body: JSONObject,
        files: Sequence[File] = (),
        *,
        with_response: Literal[False] = False,
    ) -> None: ...

    @overload
    async def create_interaction_response(
        self,
        interaction_id: Snowflakeish,
        token: str,
        body: JSONObject,
        files: Sequence[File] = (),
        *,
        with_response: Literal[True],
    ) -> InteractionCallbackResponseObject: ...

    @overload
    async def create_interaction_response(
        self,
        interaction_id: Snowflakeish,
        token: str,
        body: JSONObject,
        files: Sequence[File] = (),
        *,
        with_response: bool,
    ) -> InteractionCallbackResponseObject | None: ...

    async def create_interaction_response(
        self,
        interaction_id: Snowflakeish,
        token: str,
        body: JSONObject,
        files: Sequence[File] = (),
        *,
        with_response: bool = False,
    ) -> InteractionCallbackResponseObject | None:
        """Answer an interaction through REST (``POST /interactions/{id}/{token}/callback``).

        Args:
            interaction_id: The interaction's id.
            token: The interaction's token.
            body: The callback body, ``{"type": N, "data": {...}}``.
            files: Files to upload with the message; listed in ``data.attachments``.
            with_response: Ask Discord for the callback's result (the created message).

        Returns:
            The :class:`~kagari.rest.types.InteractionCallbackResponseObject` when
            ``with_response`` is set, else ``None``.
        """
        result = await self.request(
            "POST",
            _CALLBACK,
            json=body,
            files=files,
            files_data_key="data",
            query={"with_response": True} if with_response else None,
            interaction_id=interaction_id,
            interaction_token=token,
        )
        return cast("InteractionCallbackResponseObject | None", result)

    async def fetch_original_response(
        self, application_id: Snowflakeish, token: str
    ) -> MessageObject:
        """Fetch the message the interaction answered with (``.../messages/@original``)."""
        result = await self.request(
            "GET", _ORIGINAL, webhook_id=application_id, webhook_token=token
        )
        return cast("MessageObject", result)

    async def edit_original_response(
        self,
        application_id: Snowflakeish,
        token: str,
        body: JSONObject,
        files: Sequence[File] = (),
    ) -> MessageObject:
        """Edit the interaction's original response and return the edited message.

        Args:
            application_id: The application's id.
            token: The interaction's token.
            body: The fields to change (a message body).
            files: New files to upload; kept ones stay listed in ``body["attachments"]``.
        """
        result = await self.request(
            "PATCH",
            _ORIGINAL,
            json=body,
            files=files,
            webhook_id=application_id,
            webhook_token=token,
        )
        return cast("MessageObject", result)

    async def delete_original_response(self, application_id: Snowflakeish, token: str) -> None:
        """Delete the interaction's original response."""
        await self.request("DELETE", _ORIGINAL, webhook_id=application_id, webhook_token=token)

    async def create_followup(
        self,
        application_id: Snowflakeish,
        token: str,
        body: JSONObject,
        files: Sequence[File] = (),
    ) -> MessageObject:
        """Send a follow-up message (``POST /webhooks/{application_id}/{token}``).

        Args:
            application_id: The application's id.
            token: The interaction's token (valid for 15 minutes).
            body: The message body (``flags: 64`` makes it ephemeral).
            files: Files to upload with it.

        Returns:
            The created message.
        """
        result = await self.request(
            "POST", _WEBHOOK, json=body, files=files, webhook_id=application_id, webhook_token=token
        )
        return cast("MessageObject", result)

    async def fetch_followup(
        self, application_id: Snowflakeish, token: str, message_id: Snowflakeish
    ) -> MessageObject:
        """Fetch a follow-up message."""
        result = await self.request(
            "GET",
            _WEBHOOK_MESSAGE,
            webhook_id=application_id,
            webhook_token=token,
            message_id=message_id,
        )
        return cast("MessageObject", result)

    async def edit_followup(
        self,
        application_id: Snowflakeish,
        token: str,
        message_id: Snowflakeish,
        body: JSONObject,
        files: Sequence[File] = (),
    ) -> MessageObject:
        """Edit a follow-up message and return it."""
        result = await self.request(
            "PATCH",
            _WEBHOOK_MESSAGE,
            json=body,
            files=files,
            webhook_id=application_id,
            webhook_token=token,
            message_id=message_id,
        )
        return cast("MessageObject", result)

    async def delete_followup(
        self, application_id: Snowflakeish, token: str, message_id: Snowflakeish
    ) -> None:
        """Delete a follow-up message."""
        await self.request(
            "DELETE",
            _WEBHOOK_MESSAGE,
            webhook_id=application_id,
            webhook_token=token,
            message_id=message_id,
        )

    # -- the application ---------------------------------------------------------------------

    async def fetch_application(self) -> ApplicationObject:
        """Fetch the current application (``GET /applications/@me``): ``id``, ``verify_key``..."""
        return cast("ApplicationObject", await self.request("GET", "/applications/@me"))

    async def edit_application(self, **fields: Any) -> ApplicationObject:
        """Edit the current application (``PATCH /applications/@me``) and return it.

        Args:
            **fields: The fields to change, such as ``interactions_endpoint_url="https://..."``.
        """
        result = await self.request("PATCH", "/applications/@me", json=fields)
        return cast("ApplicationObject", result)

    # -- application commands ----------------------------------------------------------------

    async def fetch_commands(
        self,
        application_id: Snowflakeish,
        guild_id: Snowflakeish | None = None,
        *,
        with_localizations: bool = False,
    ) -> list[ApplicationCommandObject]:
        """List the global commands, or one guild's commands when ``guild_id`` is given.

        Args:
            application_id: The application's id.
            guild_id: The guild, or ``None`` for global commands.
            with_localizations: Include the full ``*_localizations`` dictionaries.
        """
        result = await self.request(
            "GET",
            _commands_path(guild_id),
            query={"with_localizations": True} if with_localizations else None,
            **_scope(application_id, guild_id),
        )
        return cast("list[ApplicationCommandObject]", result)

    async def fetch_command(
        self,
        application_id: Snowflakeish,
        command_id: Snowflakeish,
        guild_id: Snowflakeish | None = None,
    ) -> ApplicationCommandObject:
        """Fetch one global (or guild) command."""
        result = await self.request(
            "GET",
            _commands_path(guild_id) + "/{command_id}",
            command_id=command_id,
            **_scope(application_id, guild_id),
        )
        return cast("ApplicationCommandObject", result)

    async def create_command(
        self,
        application_id: Snowflakeish,
        body: JSONObject,
        guild_id: Snowflakeish | None = None,
    ) -> ApplicationCommandObject:
        """Create (or, for an existing name and type, replace) a command and return it."""
        result = await self.request(
            "POST", _commands_path(guild_id), json=body, **_scope(application_id, guild_id)
        )
        return cast("ApplicationCommandObject", result)

    async def edit_command(
        self,
        application_id: Snowflakeish,
        command_id: Snowflakeish,
        body: JSONObject,
        guild_id: Snowflakeish | None = None,
    ) -> ApplicationCommandObject:
        """Edit a command's fields and return the command."""
        result = await self.request(
            "PATCH",
            _commands_path(guild_id) + "/{command_id}",
            json=body,
            command_id=command_id,
            **_scope(application_id, guild_id),
        )
        return cast("ApplicationCommandObject", result)

    async def delete_command(
        self,
        application_id: Snowflakeish,
        command_id: Snowflakeish,
        guild_id: Snowflakeish | None = None,
    ) -> None:
        """Delete a command."""
        await self.request(
            "DELETE",
            _commands_path(guild_id) + "/{command_id}",
            command_id=command_id,
            **_scope(application_id, guild_id),
        )

    async def overwrite_commands(
        self,
        application_id: Snowflakeish,
        commands: Sequence[JSONObject],
        guild_id: Snowflakeish | None = None,
    ) -> list[ApplicationCommandObject]:
        """Replace every command of a scope at once (bulk ``PUT``) and return the new list."""
        result = await self.request(
            "PUT", _commands_path(guild_id), json=list(commands), **_scope(application_id, guild_id)
        )
        return cast("list[ApplicationCommandObject]", result)

    async def fetch_guild_command_permissions(
        self, application_id: Snowflakeish, guild_id: Snowflakeish
    ) -> list[GuildCommandPermissionsObject]:
        """List the permission overwrites of every command in a guild."""
        result = await self.request(
            "GET",
            _GUILD_COMMANDS + "/permissions",
            application_id=application_id,
            guild_id=guild_id,
        )
        return cast("list[GuildCommandPermissionsObject]", result)

    async def fetch_command_permissions(
        self, application_id: Snowflakeish, guild_id: Snowflakeish, command_id: Snowflakeish
    ) -> GuildCommandPermissionsObject:
        """Fetch one command's permission overwrites in a guild."""
        result = await self.request(
            "GET",
            _GUILD_COMMANDS + "/{command_id}/permissions",
            application_id=application_id,
            guild_id=guild_id,
            command_id=command_id,
        )
        return cast("GuildCommandPermissionsObject", result)

    # -- entitlements ------------------------------------------------------------------------

    async def fetch_entitlements(
        self,
        application_id: Snowflakeish,
        *,
        user_id: Snowflakeish | None = None,
        sku_ids: Sequence[Snowflakeish] | None = None,
        guild_id: Snowflakeish | None = None,
        before: Snowflakeish | None = None,
        after: Snowflakeish | None = None,
        limit: int | None = None,
        exclude_ended: bool | None = None,
        exclude_deleted: bool | None = None,
    ) -> list[EntitlementObject]:
        """List the application's entitlements, filtered as Discord allows.

        Args:
            application_id: The application's id.
            user_id: Only this user's entitlements.
            sku_ids: Only these SKUs.
            guild_id: Only this guild's entitlements.
            before: Entitlements before this id.
            after: Entitlements after this id.
            limit: At most this many (1-100).
            exclude_ended: Leave out ended entitlements.
            exclude_deleted: Leave out deleted entitlements.

        Raises:
            ValueError: When ``limit`` is outside 1-100.
        """
        if limit is not None and not 1 <= limit <= 100:
            raise ValueError(f"fetch_entitlements: limit must be between 1 and 100, got {limit}")
        query: dict[str, Any] = {
            "user_id": user_id,
            "sku_ids": ",".join(str(sku) for sku in sku_ids) if sku_ids is not None else None,
            "guild_id": guild_id,
            "before": before,
            "after": after,
            "limit": limit,
            "exclude_ended": exclude_ended,
            "exclude_deleted": exclude_deleted,
        }
        result = await self.request(
            "GET",
            "/applications/{application_id}/entitlements",
            query={key: value for key, value in query.items() if value is not None},
            application_id=application_id,
        )
        return cast("list[EntitlementObject]", result)

    async def consume_entitlement(
        self, application_id: Snowflakeish, entitlement_id: Snowflakeish
    ) -> None:
        """Mark a consumable one-time-purchase entitlement as used."""
        await self.request(
            "POST",
            "/applications/{application_id}/entitlements/{entitlement_id}/consume",
            application_id=application_id,
            entitlement_id=entitlement_id,
        )
