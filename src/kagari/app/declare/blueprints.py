"""``Blueprint``: commands, routes and handlers declared in one module, registered later.

A blueprint has the bot's decorators. Nothing it records reaches Discord until
``bot.register(blueprint)``; after that, anything added to the blueprint is added to
the bot too. Its checks, error handlers, ``auto_defer`` and command defaults apply to
everything declared on it, inside the bot's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kagari.app.declare.checks import CheckLike
from kagari.app.declare.naming import DeclarationError
from kagari.app.declare.scaffold import Scaffold
from kagari.app.declare.scope import AutoDefer, CommandDefaults
from kagari.models import ApplicationIntegrationType, InteractionContextType

if TYPE_CHECKING:
    from kagari.app.bot import Bot

__all__ = ["Blueprint"]


class Blueprint(Scaffold):
    """A group of commands and routes to register on a bot later.

    Args:
        name: The blueprint's name (for messages and logs).
        guild_ids: Default ``guild_ids`` for its commands.
        default_member_permissions: Default permission bits for its commands.
        nsfw: Default age restriction for its commands.
        contexts: Default contexts for its commands.
        integration_types: Default integration types for its commands.
        checks: Checks run before each of its handlers.
        auto_defer: Auto-defer setting for its handlers.

    Example:
        ```python
        # admin.py
        admin_tools = kagari.Blueprint("admin", default_member_permissions=0)

        @admin_tools.command
        async def purge(ctx: kagari.Context, count: int) -> str: ...

        # bot.py
        bot.register(admin_tools)
        ```
    """

    def __init__(
        self,
        name: str,
        *,
        guild_ids: Sequence[int] | None = None,
        default_member_permissions: int | None = None,
        nsfw: bool | None = None,
        contexts: Sequence[InteractionContextType | int] | None = None,
        integration_types: Sequence[ApplicationIntegrationType | int] | None = None,
        checks: Sequence[CheckLike] | None = None,
        auto_defer: AutoDefer | None = None,
    ) -> None:
        owner = f"blueprint {name!r}"
        super().__init__(
            owner,
            checks=checks,
            auto_defer=auto_defer,
            defaults=CommandDefaults.build(
                owner,
                guild_ids=guild_ids,
                default_member_permissions=default_member_permissions,
                nsfw=nsfw,
                contexts=contexts,
                integration_types=integration_types,
            ),
        )
        self.name = name
        self.bot: Bot | None = None

    def __repr__(self) -> str:
        return f"Blueprint({self.name!r})"

    def _added(self, item: object) -> None:
        if self.bot is not None:
            self.bot._adopt(item)

    def _attach(self, bot: Bot) -> None:
        """Record that ``bot`` registered this blueprint (called by ``Bot.register``).

        Raises:
            DeclarationError: It is already registered on a bot.
        """
        if self.bot is not None:
            where = "this bot" if self.bot is bot else "another bot"
            raise DeclarationError(
                f"{self!r} is already registered on {where}; a blueprint can be registered once"
            )
        self.bot = bot
        self.parent = bot
