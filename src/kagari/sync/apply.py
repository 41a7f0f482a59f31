"""``sync_commands``: plan every scope first, then send one bulk overwrite where needed."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from kagari.rest import (
    ApplicationCommandObject,
    ApplicationObject,
    BadRequestError,
    JSONObject,
    Snowflakeish,
)
from kagari.sync.errors import CommandSyncError, map_bad_request
from kagari.sync.normalize import CommandDefaults
from kagari.sync.plan import SyncPlan, plan_scope

__all__ = ["CommandsREST", "SyncTarget", "sync_commands"]

_LOGGER = logging.getLogger("kagari.sync")


class CommandsREST(Protocol):
    """The REST calls a sync needs (:class:`kagari.rest.RESTClient` has them)."""

    async def fetch_application(self) -> ApplicationObject:
        """``GET /applications/@me``."""
        ...

    async def fetch_commands(
        self,
        application_id: Snowflakeish,
        guild_id: Snowflakeish | None = None,
        *,
        with_localizations: bool = False,
    ) -> list[ApplicationCommandObject]:
        """``GET`` the commands of one scope."""
        ...

    async def overwrite_commands(
        self,
        application_id: Snowflakeish,
        commands: Sequence[JSONObject],
        guild_id: Snowflakeish | None = None,
    ) -> list[ApplicationCommandObject]:
        """``PUT`` the commands of one scope."""
        ...


class SyncTarget(Protocol):
    """What can be synced: something with commands to upload and a REST client."""

    @property
    def rest(self) -> CommandsREST:
        """The REST client used to talk to Discord."""
        ...

    def command_payloads(self) -> dict[int | None, list[dict[str, Any]]]:
        """The create-command JSON per scope (``None``: global, else a guild id)."""
        ...


async def sync_commands(
    bot: SyncTarget,
    *,
    guild_ids: Iterable[Snowflakeish] | None = None,
    dry_run: bool = False,
    include_global: bool | None = None,
) -> SyncPlan:
    """Bring Discord's commands in line with the bot's, touching only what differs.

    For each scope the commands are fetched (with localizations), compared with the
    bot's after filling Discord's defaults on both sides, and, only where something
    differs, replaced with one bulk overwrite. Running it twice in a row writes nothing
    the second time. Every scope is planned before anything is written.

    Args:
        bot: A :class:`kagari.Bot` (anything with ``command_payloads()`` and ``rest``).
        guild_ids: Sync only these guilds (a guild the bot declares no commands for gets
            its stale commands deleted). ``None``: the global scope and every guild the
            bot's commands name.
        dry_run: Compute and return the plan without writing anything.
        include_global: Also sync the global scope. Defaults to ``True`` when
            ``guild_ids`` is ``None`` and ``False`` otherwise.

    Returns:
        The plan: per scope, what was (or, for a dry run, would be) created, updated,
        deleted, and what was already right.

    Raises:
        CommandSyncError: Discord answered 400 to an upload; the error names the
            command and field (``/greet: options.who.name: ...``).
        kagari.rest.HTTPError: Another error from Discord (401 for a bad token...).
    """
    local = bot.command_payloads()
    scopes = _scopes(local, guild_ids, include_global)
    rest = bot.rest
    application = await rest.fetch_application()
    application_id = str(application["id"])
    plan = SyncPlan(application_id, dry_run=dry_run)
    for guild_id in scopes:
        remote = await rest.fetch_commands(application_id, guild_id, with_localizations=True)
        defaults = CommandDefaults.for_scope(guild_id, application)
        plan.scopes.append(plan_scope(guild_id, list(local.get(guild_id, [])), remote, defaults))
    for scope in plan.scopes:
        if dry_run or not scope.has_changes:
            continue
        try:
            await rest.overwrite_commands(application_id, scope.payloads, scope.guild_id)
        except BadRequestError as error:
            errors = map_bad_request(error, scope.payloads, bot)
            raise CommandSyncError(scope.scope_name, errors, error, plan) from error
        scope.applied = True
        _LOGGER.info("synced %s commands: %s", scope.scope_name, scope.summary())
    return plan


def _scopes(
    local: Mapping[int | None, Sequence[Any]],
    guild_ids: Iterable[Snowflakeish] | None,
    include_global: bool | None,
) -> list[int | None]:
    """The scopes to look at, global first, each once."""
    if include_global is None:
        include_global = guild_ids is None
    scopes: list[int | None] = [None] if include_global else []
    if guild_ids is None:
        guilds = [scope for scope in local if scope is not None]
    else:
        guilds = [_guild_id(value) for value in guild_ids]
    for guild_id in sorted(set(guilds)):
        scopes.append(guild_id)
    return scopes


def _guild_id(value: Snowflakeish) -> int:
    try:
        guild_id = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"guild_ids: {value!r} is not a guild id (a snowflake)") from None
    if guild_id <= 0:
        raise ValueError(f"guild_ids: {value!r} is not a guild id (a positive snowflake)")
    return guild_id
