"""Command sync with a plan: compare the bot's commands with Discord's, upload only changes.

```python
plan = await kagari.sync.sync_commands(bot, dry_run=True)
print(plan)            # terraform-like diff per scope
if plan.has_changes:
    await kagari.sync.sync_commands(bot)
```

``kagari sync module:bot`` does the same from the command line.
"""

from __future__ import annotations

from kagari.sync.apply import CommandsREST, SyncTarget, sync_commands
from kagari.sync.errors import CommandError, CommandSyncError, map_bad_request
from kagari.sync.normalize import CommandDefaults, FieldChange, diff_command
from kagari.sync.plan import CommandChange, ScopePlan, SyncPlan, plan_scope

__all__ = [
    "CommandChange",
    "CommandDefaults",
    "CommandError",
    "CommandSyncError",
    "CommandsREST",
    "FieldChange",
    "ScopePlan",
    "SyncPlan",
    "SyncTarget",
    "diff_command",
    "map_bad_request",
    "plan_scope",
    "sync_commands",
]
