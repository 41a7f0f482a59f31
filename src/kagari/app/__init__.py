"""The Flask-style layer: ``Bot``, its decorators, ``Context``, blueprints, checks.

```python
import kagari
from kagari import Bot, Context

bot = Bot()

@bot.command
async def ping(ctx: Context) -> str:
    \"\"\"Check that the bot is alive.\"\"\"
    return "pong"
```
"""

from __future__ import annotations

from kagari.app.blueprints import Blueprint
from kagari.app.bot import Bot
from kagari.app.checks import (
    Check,
    CheckFailure,
    CooldownError,
    CooldownStore,
    MemoryCooldownStore,
    MissingPermissions,
    bot_has_permissions,
    check,
    cooldown,
    dm_only,
    guild_only,
    has_permissions,
)
from kagari.app.commands import CommandGroup, SlashCommand
from kagari.app.component_routes import ComponentRoute
from kagari.app.context import Context
from kagari.app.context_menus import ContextMenuCommand
from kagari.app.deadline import DEFAULT_DEADLINE
from kagari.app.dispatch import UnhandledInteraction
from kagari.app.errors import DeclarationError, InteractionResponseError
from kagari.app.modal_routes import ModalBindingError, ModalRoute
from kagari.app.options import Option, OptionConversionError
from kagari.app.routes import RouteError

__all__ = [
    "DEFAULT_DEADLINE",
    "Blueprint",
    "Bot",
    "Check",
    "CheckFailure",
    "CommandGroup",
    "ComponentRoute",
    "Context",
    "ContextMenuCommand",
    "CooldownError",
    "CooldownStore",
    "DeclarationError",
    "InteractionResponseError",
    "MemoryCooldownStore",
    "MissingPermissions",
    "ModalBindingError",
    "ModalRoute",
    "Option",
    "OptionConversionError",
    "RouteError",
    "SlashCommand",
    "UnhandledInteraction",
    "bot_has_permissions",
    "check",
    "cooldown",
    "dm_only",
    "guild_only",
    "has_permissions",
]
