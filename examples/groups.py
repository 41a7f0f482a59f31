"""Command groups: /admin purge, /admin role add, /admin role remove.

python examples/groups.py
"""

from __future__ import annotations

from typing import Annotated

import kagari
from kagari import Option

bot = kagari.Bot()

admin = bot.group(
    "admin", "Admin tools", default_member_permissions=kagari.Permissions.MANAGE_GUILD
)
roles = admin.group("role", "Manage roles")


@admin.command
async def purge(
    ctx: kagari.Context, count: Annotated[int, Option("Messages to delete", min_value=1)]
) -> kagari.Message:
    """Delete recent messages."""
    return kagari.Message(f"purged {count} messages", ephemeral=True)


@roles.command
async def add(ctx: kagari.Context, member: kagari.Member, role: kagari.Role) -> str:
    """Give a member a role."""
    return f"gave {role.mention} to {member.mention}"


@roles.command
async def remove(ctx: kagari.Context, member: kagari.Member, role: kagari.Role) -> str:
    """Take a role from a member."""
    return f"took {role.mention} from {member.mention}"


if __name__ == "__main__":
    bot.run(port=8080)
