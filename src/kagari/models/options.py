"""The option values a user filled in when invoking a command."""

from __future__ import annotations

from typing import ClassVar, TypeAlias

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.enums import OptionType
from kagari.models.snowflake import Snowflake

__all__ = ["CommandOption", "OptionValue"]

OptionValue: TypeAlias = str | int | float | bool
"""The JSON types an option value can have."""

_GROUPING = frozenset({int(OptionType.SUB_COMMAND), int(OptionType.SUB_COMMAND_GROUP)})


class CommandOption(Model):
    """One option of an invoked command: a value, or a subcommand with its own options.

    For USER, CHANNEL, ROLE, MENTIONABLE and ATTACHMENT options the value is the id
    as a string; look it up in the interaction's ``resolved`` data.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("name", "type", "value")

    @cached_property
    def name(self) -> str:
        """The option's name (``""`` when missing)."""
        return c.as_str(self._raw.get("name"))

    @cached_property
    def type(self) -> OptionType | int:
        """The option's type (``0`` when missing)."""
        return c.try_enum(OptionType, c.as_int(self._raw.get("type")))

    @cached_property
    def value(self) -> OptionValue | None:
        """The value: str, int, float or bool; ``None`` for subcommands and groups.

        While autocompleting, the focused option's value is the partial text typed so
        far, whatever the option's type.
        """
        value = self._raw.get("value")
        if isinstance(value, (str, int, float, bool)):
            return value
        return None

    @cached_property
    def options(self) -> list[CommandOption]:
        """The nested options of a subcommand or subcommand group."""
        return [CommandOption(item) for item in c.as_list(self._raw.get("options"))]

    @cached_property
    def focused(self) -> bool:
        """Whether the user is typing in this option (autocomplete only)."""
        return c.as_bool(self._raw.get("focused"))

    @property
    def is_subcommand(self) -> bool:
        """Whether this is a subcommand or subcommand group rather than a value."""
        kind = self._raw.get("type")  # read raw: this runs for every option on the hot path
        return type(kind) is int and kind in _GROUPING

    @property
    def snowflake_value(self) -> Snowflake | None:
        """The value as an id (USER, CHANNEL, ROLE, MENTIONABLE, ATTACHMENT options)."""
        return c.opt_snowflake(self.value)
