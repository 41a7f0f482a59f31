"""Application command invocations and their autocomplete requests."""

from __future__ import annotations

from typing import ClassVar

from kagari.models import _convert as c
from kagari.models._lazy import cached_property
from kagari.models.enums import CommandType
from kagari.models.interaction import PartialInteraction
from kagari.models.message import Message
from kagari.models.options import CommandOption
from kagari.models.resolved import ResolvedData
from kagari.models.snowflake import Snowflake
from kagari.models.user import Member, User

__all__ = ["AutocompleteInteraction", "CommandInteraction", "CommandInteractionBase"]


class CommandInteractionBase(PartialInteraction):
    """The command fields shared by :class:`CommandInteraction` and autocomplete.

    A missing ``data.id`` decodes to ``Snowflake(0)``, ``data.name`` to ``""`` and
    ``data.type`` to ``CommandType.CHAT_INPUT`` (autocomplete only exists for slash
    commands).
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "command_name", "subcommand_path")

    @cached_property
    def command_id(self) -> Snowflake:
        """The id of the invoked command."""
        return c.snowflake(self.data.get("id"))

    @cached_property
    def command_name(self) -> str:
        """The name of the invoked top-level command."""
        return c.as_str(self.data.get("name"))

    @cached_property
    def command_type(self) -> CommandType | int:
        """Slash command, user or message context-menu command, or entry point."""
        return c.try_enum(CommandType, c.as_int(self.data.get("type"), CommandType.CHAT_INPUT))

    @cached_property
    def command_guild_id(self) -> Snowflake | None:
        """The guild the command is registered in; ``None`` for global commands."""
        return c.opt_snowflake(self.data.get("guild_id"))

    @cached_property
    def options(self) -> list[CommandOption]:
        """The top-level options exactly as sent (a subcommand is one option holding more)."""
        return [CommandOption(item) for item in c.as_list(self.data.get("options"))]

    @cached_property
    def resolved(self) -> ResolvedData | None:
        """The users, members, roles, channels, messages and attachments the options name."""
        value = self.data.get("resolved")
        if not isinstance(value, dict):
            return None
        return ResolvedData(value, guild_id=self.guild_id)

    @cached_property
    def target_id(self) -> Snowflake | None:
        """The user or message a context-menu command was used on."""
        return c.opt_snowflake(self.data.get("target_id"))

    @cached_property
    def _path_and_leaf(self) -> tuple[tuple[str, ...], list[CommandOption]]:
        path: list[str] = []
        options = self.options
        # Depth 2 at most: a group holds subcommands, a subcommand holds values.
        for _ in range(2):
            grouping = [option for option in options if option.is_subcommand]
            if not grouping:
                break
            path.append(grouping[0].name)
            options = grouping[0].options
        return tuple(path), options

    @property
    def subcommand_path(self) -> tuple[str, ...]:
        """The invoked group and subcommand names below the command, e.g. ``("admin", "purge")``.

        Empty for a command without subcommands; one name for a subcommand directly
        under the command.
        """
        return self._path_and_leaf[0]

    @property
    def full_command_name(self) -> str:
        """The command name with its subcommand path, e.g. ``"mod admin purge"``."""
        return " ".join((self.command_name, *self.subcommand_path))

    @property
    def leaf_options(self) -> list[CommandOption]:
        """The value options of the innermost invoked subcommand (or of the command)."""
        return self._path_and_leaf[1]

    def get_option(self, name: str) -> CommandOption | None:
        """Return the leaf option called ``name``, or ``None`` when the user left it out."""
        for option in self.leaf_options:
            if option.name == name:
                return option
        return None


class CommandInteraction(CommandInteractionBase):
    """A slash command, user command, message command or entry-point invocation."""

    @property
    def target(self) -> User | Message | None:
        """The resolved user (user commands) or message (message commands) targeted."""
        target_id, resolved = self.target_id, self.resolved
        if target_id is None or resolved is None:
            return None
        if self.command_type == CommandType.MESSAGE:
            return resolved.messages.get(target_id)
        return resolved.users.get(target_id)

    @property
    def target_member(self) -> Member | None:
        """The targeted user's guild membership (user commands in a guild)."""
        target_id, resolved = self.target_id, self.resolved
        if target_id is None or resolved is None:
            return None
        return resolved.members.get(target_id)


class AutocompleteInteraction(CommandInteractionBase):
    """Discord asking for suggestions while a user types an option value."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "command_name", "focused_option")

    @cached_property
    def focused_option(self) -> CommandOption | None:
        """The option being typed in; its ``value`` is the partial text so far."""
        for option in self.leaf_options:
            if option.focused:
                return option
        return None
