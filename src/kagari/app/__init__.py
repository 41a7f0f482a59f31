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

from kagari.app.bot import Bot
from kagari.app.declare.blueprints import Blueprint
from kagari.app.declare.checks import (
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
from kagari.app.declare.commands import CommandGroup, SlashCommand
from kagari.app.declare.component_routes import ComponentRoute
from kagari.app.declare.context_menus import ContextMenuCommand
from kagari.app.declare.convertors import (
    Convertor,
    RouteError,
    register_convertor,
    unregister_convertor,
)
from kagari.app.declare.entry_points import EntryPointCommand
from kagari.app.declare.errors import DeclarationError, InteractionResponseError
from kagari.app.declare.extensions import ExtensionError
from kagari.app.declare.keywords import CommandOptions
from kagari.app.declare.modal_routes import ModalBindingError, ModalRoute
from kagari.app.declare.options import Option, OptionConversionError
from kagari.app.declare.ranges import Range
from kagari.app.runtime.context import Context
from kagari.app.runtime.deadline import DEFAULT_DEADLINE
from kagari.app.runtime.dispatch import UnhandledInteraction

__all__ = [
    "DEFAULT_DEADLINE",
    "Blueprint",
    "Bot",
    "Check",
    "CheckFailure",
    "CommandGroup",
    "CommandOptions",
    "ComponentRoute",
    "Context",
    "ContextMenuCommand",
    "Convertor",
    "CooldownError",
    "CooldownStore",
    "DeclarationError",
    "EntryPointCommand",
    "ExtensionError",
    "InteractionResponseError",
    "MemoryCooldownStore",
    "MissingPermissions",
    "ModalBindingError",
    "ModalRoute",
    "Option",
    "OptionConversionError",
    "Range",
    "RouteError",
    "SlashCommand",
    "UnhandledInteraction",
    "bot_has_permissions",
    "check",
    "cooldown",
    "dm_only",
    "guild_only",
    "has_permissions",
    "register_convertor",
    "unregister_convertor",
]
