"""Slash commands, groups and context-menu commands, built from handler signatures.

Each object keeps the user's function callable with its own signature (``__call__``)
and knows the JSON Discord's "create application command" endpoint takes
(:meth:`to_payload`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from typing_extensions import ParamSpec, Unpack

from kagari.app.declare.docstrings import parse_docstring
from kagari.app.declare.handler import HandlerScope
from kagari.app.declare.keywords import (
    CommandOptions,
    GroupOptions,
    SubcommandOptions,
    SubgroupOptions,
    check_keywords,
    command_defaults,
)
from kagari.app.declare.naming import (
    DeclarationError,
    check_description,
    check_localizations,
    check_name,
)
from kagari.app.declare.options import (
    DEFAULT_DESCRIPTION,
    OptionSpec,
    build_option,
    check_autocomplete,
)
from kagari.app.declare.scope import CommandDefaults, Scope
from kagari.app.declare.signature import HandlerSignature, describe, read_signature
from kagari.builders import limits
from kagari.models import CommandType, OptionType

__all__ = [
    "AutocompleteBinding",
    "AutocompleteHandler",
    "CommandGroup",
    "SlashCommand",
    "combined_length",
    "defaults_payload",
    "localization_fields",
]

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", bound=Callable[..., Awaitable[Any]])

AutocompleteHandler = Callable[..., Awaitable[Any]]
"""``async def handler(ctx, value, **other_options) -> list | dict | AutocompleteResult``."""


@dataclass(frozen=True)
class AutocompleteBinding:
    """An autocomplete handler and what it is passed.

    Attributes:
        handler: The handler.
        option: The option it completes.
        others: Its other parameters, each mapped to the option it receives.
    """

    handler: AutocompleteHandler
    option: OptionSpec
    others: dict[str, OptionSpec]


def localization_fields(
    names: Mapping[str, str] | None,
    descriptions: Mapping[str, str] | None,
    owner: str,
    *,
    chat_input: bool,
) -> dict[str, dict[str, str]]:
    """The ``name_localizations``/``description_localizations`` payload fields, checked."""
    result: dict[str, dict[str, str]] = {}
    checked = check_localizations(names, what="name", owner=owner, limit=limits.COMMAND_NAME_MAX)
    if checked:
        for text in checked.values():
            check_name(text, what="localized name", owner=owner, chat_input=chat_input)
        result["name_localizations"] = checked
    described = check_localizations(
        descriptions, what="description", owner=owner, limit=limits.COMMAND_DESCRIPTION_MAX
    )
    if described:
        result["description_localizations"] = described
    return result


class SlashCommand(HandlerScope[P, R]):
    """A slash command (or a subcommand inside a :class:`CommandGroup`).

    Built by ``@bot.command`` / ``@group.command``, which pass their keywords on.

    Args:
        callback: The handler.
        defaults: Prebuilt top-level settings, instead of the keywords that set them.
        **options: The keys of :class:`~kagari.app.declare.keywords.CommandOptions`.

    Raises:
        TypeError: An unknown keyword, or ``defaults`` together with a setting it holds.
        DeclarationError: Anything Discord would reject.

    Attributes:
        name: The command's name.
        description: Its description.
        options: Its options, in Discord's order.
        autocompletes: Autocomplete handlers by option name.
    """

    command_type = CommandType.CHAT_INPUT
    kind = "command"
    """What it is called in messages and scope names."""
    chat_input = True
    """Whether its name follows the slash-command rules (lowercase, no spaces)."""

    def __init__(
        self,
        callback: Callable[P, R],
        *,
        defaults: CommandDefaults | None = None,
        **options: Unpack[CommandOptions],
    ) -> None:
        check_keywords(options, CommandOptions, "SlashCommand()")
        defaults = command_defaults(describe(callback), options, defaults)
        signature = read_signature(callback, what="command")
        owner = signature.owner
        doc = parse_docstring(getattr(callback, "__doc__", None))
        name = options.get("name")
        name = name if name is not None else getattr(callback, "__name__", "")
        check_name(name, what=f"{self.kind} name", owner=owner, chat_input=self.chat_input)
        description = options.get("description") or doc.summary or DEFAULT_DESCRIPTION
        check_description(description, what=f"{self.kind} description", owner=owner)
        super().__init__(
            callback,
            signature,
            f"{self.kind} {name!r}",
            checks=options.get("checks"),
            auto_defer=options.get("auto_defer"),
            defaults=defaults,
        )
        self.name = name
        self.description = description
        self.localizations = localization_fields(
            options.get("name_localizations"),
            options.get("description_localizations"),
            owner,
            chat_input=self.chat_input,
        )
        self.options = _build_options(signature, doc.params)
        self.autocompletes: dict[str, AutocompleteBinding] = {}

    def __repr__(self) -> str:
        return f"SlashCommand({self.qualified_name!r})"

    @property
    def qualified_name(self) -> str:
        """The full name as typed in Discord, e.g. ``"admin purge"``."""
        return _qualified_name(self.name, self.parent)

    @property
    def is_subcommand(self) -> bool:
        """Whether it lives inside a group."""
        return isinstance(self.parent, CommandGroup)

    def option(self, name: str) -> OptionSpec | None:
        """The option with Discord name (or parameter name) ``name``, if any."""
        return next((spec for spec in self.options if name in (spec.name, spec.param)), None)

    def add_autocomplete(self, option: str, handler: AutocompleteHandler) -> None:
        """Answer autocomplete requests for ``option`` with ``handler``.

        Raises:
            DeclarationError: No such option, it cannot be autocompleted, it already
                has a handler, ``handler`` is not an ``async def``, or it has a
                parameter (after the value) that is not one of the command's options.
        """
        spec = self.option(option)
        owner = describe(handler)
        if spec is None:
            names = ", ".join(repr(item.name) for item in self.options) or "none"
            raise DeclarationError(
                f"{owner}: command {self.qualified_name!r} has no option {option!r} "
                f"(its options: {names})"
            )
        signature = read_signature(handler, what="autocomplete", answers=False)
        if not signature.params:
            raise DeclarationError(
                f"{owner}: an autocomplete handler takes the context and the typed value, "
                "e.g. 'async def handler(ctx, value: str)'"
            )
        if signature.is_generator:
            raise DeclarationError(f"{owner}: an autocomplete handler cannot yield; return")
        others: dict[str, OptionSpec] = {}
        for parameter in signature.params[1:]:
            other = self.option(parameter.name)
            if other is None:
                raise DeclarationError(
                    f"{owner}: parameter {parameter.name!r} is not an option of "
                    f"{self.qualified_name!r}; an autocomplete handler may only ask for the "
                    "command's other options"
                )
            others[parameter.name] = other
        if spec.name in self.autocompletes:
            raise DeclarationError(
                f"{owner}: option {spec.name!r} of {self.qualified_name!r} already has an "
                f"autocomplete handler ({describe(self.autocompletes[spec.name].handler)})"
            )
        check_autocomplete(spec, owner=owner)
        spec.autocomplete = True
        self.autocompletes[spec.name] = AutocompleteBinding(handler, spec, others)

    def autocomplete(self, option: str) -> Callable[[A], A]:
        """Decorator: answer autocomplete requests for ``option`` of this command.

        The handler is ``async def handler(ctx, value)``; it may also take parameters
        named like the command's other options to receive what is filled in so far.
        It returns a list of str/int/float, of :class:`~kagari.Choice`, or a
        name -> value dict (trimmed to 25). The function is returned unchanged.
        """

        def decorator(handler: A) -> A:
            self.add_autocomplete(option, handler)
            return handler

        return decorator

    def to_payload(self) -> dict[str, Any]:
        """The command as Discord's "create application command" body takes it."""
        if self.is_subcommand:
            raise DeclarationError(
                f"{self.qualified_name!r} is a subcommand; ask its top-level group instead"
            )
        payload: dict[str, Any] = {
            "type": int(CommandType.CHAT_INPUT),
            "name": self.name,
            "description": self.description,
        }
        if self.options:
            payload["options"] = [spec.to_payload() for spec in self.options]
        payload.update(self.localizations)
        payload.update(defaults_payload(self))
        return payload

    def to_option_payload(self) -> dict[str, Any]:
        """The command as a SUB_COMMAND option inside its group's payload."""
        payload: dict[str, Any] = {
            "type": int(OptionType.SUB_COMMAND),
            "name": self.name,
            "description": self.description,
        }
        if self.options:
            payload["options"] = [spec.to_payload() for spec in self.options]
        payload.update(self.localizations)
        return payload


def _build_options(signature: HandlerSignature, docs: Mapping[str, str]) -> list[OptionSpec]:
    owner = signature.owner
    options = [
        build_option(
            parameter, signature.annotation(parameter), owner=owner, doc=docs.get(parameter.name)
        )
        for parameter in signature.params
    ]
    if len(options) > limits.COMMAND_MAX_OPTIONS:
        raise DeclarationError(
            f"{owner}: a command can have at most {limits.COMMAND_MAX_OPTIONS} options, "
            f"this one has "
            f"{len(options)}; split it into subcommands"
        )
    seen: set[str] = set()
    optional_seen: str | None = None
    for spec in options:
        if spec.name in seen:
            raise DeclarationError(f"{owner}: two options are named {spec.name!r}")
        seen.add(spec.name)
        if not spec.required:
            optional_seen = optional_seen or spec.name
        elif optional_seen is not None:
            raise DeclarationError(
                f"{owner}: required option {spec.name!r} comes after optional option "
                f"{optional_seen!r}; Discord lists required options first, so move it up "
                "(or give it a default)"
            )
    return options


def defaults_payload(command: Scope) -> dict[str, Any]:
    """The inherited command settings of ``command`` as payload fields."""
    payload: dict[str, Any] = {}
    permissions = command.inherited("default_member_permissions")
    if permissions is not None:
        payload["default_member_permissions"] = permissions
    nsfw = command.inherited("nsfw")
    if nsfw is not None:
        payload["nsfw"] = nsfw
    for key in ("contexts", "integration_types"):
        value = command.inherited(key)
        if value is not None:
            payload[key] = list(value)
    return payload


def _qualified_name(name: str, parent: Scope | None) -> str:
    """``name`` prefixed by its groups' names, the way a user types it."""
    if isinstance(parent, CommandGroup):
        return f"{parent.qualified_name} {name}"
    return name


class CommandGroup(Scope):
    """A slash command made of subcommands (and at most one level of subgroups).

    Made by ``bot.group(name, description)``; nest with :meth:`group`, add
    subcommands with :meth:`command`.

    Args:
        name: The group's name.
        description: Its description.
        defaults: Prebuilt top-level settings, instead of the keywords that set them.
        **options: The keys of :class:`~kagari.app.declare.keywords.GroupOptions`.

    Raises:
        TypeError: An unknown keyword, or ``defaults`` together with a setting it holds.
        DeclarationError: A bad name, description or setting.

    Attributes:
        name: The group's name.
        description: Its description.
        children: Subcommands and subgroups by name.
    """

    command_type = CommandType.CHAT_INPUT

    def __init__(
        self,
        name: str,
        description: str = DEFAULT_DESCRIPTION,
        *,
        defaults: CommandDefaults | None = None,
        **options: Unpack[GroupOptions],
    ) -> None:
        check_keywords(options, GroupOptions, "CommandGroup()")
        owner = f"group {name!r}"
        defaults = command_defaults(owner, options, defaults)
        check_name(name, what="group name", owner=owner)
        check_description(description, what="group description", owner=owner)
        super().__init__(
            owner,
            checks=options.get("checks"),
            auto_defer=options.get("auto_defer"),
            defaults=defaults,
        )
        self.name = name
        self.description = description
        self.localizations = localization_fields(
            options.get("name_localizations"),
            options.get("description_localizations"),
            owner,
            chat_input=True,
        )
        self.children: dict[str, SlashCommand[Any, Any] | CommandGroup] = {}

    def __repr__(self) -> str:
        return f"CommandGroup({self.qualified_name!r})"

    @property
    def qualified_name(self) -> str:
        """The full name, e.g. ``"admin users"`` for a subgroup."""
        return _qualified_name(self.name, self.parent)

    @property
    def is_subgroup(self) -> bool:
        """Whether it lives inside another group."""
        return isinstance(self.parent, CommandGroup)

    def _adopt(self, child: SlashCommand[Any, Any] | CommandGroup, owner: str) -> None:
        if child.command_type != CommandType.CHAT_INPUT:
            raise DeclarationError(
                f"{owner}: {child!r} is not a slash command and cannot be a subcommand of "
                f"{self.qualified_name!r}; register it on the bot (or a blueprint)"
            )
        if child.name in self.children:
            raise DeclarationError(
                f"{owner}: {self.qualified_name!r} already has a subcommand or group named "
                f"{child.name!r}"
            )
        if len(self.children) >= limits.COMMAND_MAX_OPTIONS:
            raise DeclarationError(
                f"{owner}: {self.qualified_name!r} already has "
                f"{limits.COMMAND_MAX_OPTIONS} subcommands, "
                "Discord's limit"
            )
        if child.parent is not None and child.parent is not self:
            raise DeclarationError(f"{owner}: {child!r} already belongs to {child.parent!r}")
        if not child.defaults.is_empty():
            raise DeclarationError(
                f"{owner}: guild_ids, default_member_permissions, nsfw, contexts and "
                "integration_types can only be set on the top-level command "
                f"({self.qualified_name.split()[0]!r})"
            )
        child.parent = self
        self.children[child.name] = child

    def add_command(self, command: SlashCommand[Any, Any]) -> None:
        """Add ``command`` as a subcommand.

        Raises:
            DeclarationError: The name is taken, there are already 25 children, or the
                command sets top-level-only settings.
        """
        self._adopt(command, describe(command.callback))

    @overload
    def command(self, func: Callable[P, R], /) -> SlashCommand[P, R]: ...

    @overload
    def command(
        self, func: None = None, /, **options: Unpack[SubcommandOptions]
    ) -> Callable[[Callable[P, R]], SlashCommand[P, R]]: ...

    def command(
        self, func: Callable[P, R] | None = None, /, **options: Unpack[SubcommandOptions]
    ) -> SlashCommand[P, R] | Callable[[Callable[P, R]], SlashCommand[P, R]]:
        """Decorator: add a subcommand; bare (``@group.command``) or with arguments.

        Args:
            func: The handler, when used bare.
            **options: The keys of
                :class:`~kagari.app.declare.keywords.SubcommandOptions`: those of
                ``@bot.command`` that a subcommand can set.

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: As for ``@bot.command``.
        """
        check_keywords(options, SubcommandOptions, f"{self!r}.command()")

        def decorator(callback: Callable[P, R]) -> SlashCommand[P, R]:
            command = SlashCommand(callback, **options)
            self.add_command(command)
            return command

        return decorator if func is None else decorator(func)

    def group(
        self,
        name: str,
        description: str = DEFAULT_DESCRIPTION,
        **options: Unpack[SubgroupOptions],
    ) -> CommandGroup:
        """Add and return a subcommand group (Discord allows one level of them).

        Args:
            name: The subgroup's name.
            description: Its description.
            **options: The keys of :class:`~kagari.app.declare.keywords.SubgroupOptions`:
                those of ``bot.group`` that a subgroup can set.

        Raises:
            TypeError: An unknown keyword.
            DeclarationError: This group is itself a subgroup, or the name is taken.
        """
        check_keywords(options, SubgroupOptions, f"{self!r}.group()")
        if self.is_subgroup:
            raise DeclarationError(
                f"group {name!r}: {self.qualified_name!r} is already a subcommand group and "
                "Discord allows only one level of groups; add subcommands to it instead"
            )
        child = CommandGroup(name, description, **options)
        self._adopt(child, f"group {name!r}")
        return child

    def find(self, path: Sequence[str]) -> SlashCommand[Any, Any] | CommandGroup | None:
        """The subcommand or subgroup at ``path`` below this group."""
        node: SlashCommand[Any, Any] | CommandGroup | None = self
        for part in path:
            if not isinstance(node, CommandGroup):
                return None
            node = node.children.get(part)
        return node

    def walk(self) -> list[SlashCommand[Any, Any]]:
        """Every subcommand, depth first."""
        found: list[SlashCommand[Any, Any]] = []
        for child in self.children.values():
            if isinstance(child, CommandGroup):
                found.extend(child.walk())
            else:
                found.append(child)
        return found

    def _options_payload(self) -> list[dict[str, Any]]:
        if not self.children:
            raise DeclarationError(
                f"group {self.qualified_name!r} has no subcommands; add one with "
                f"@{self.name}.command"
            )
        options: list[dict[str, Any]] = []
        for child in self.children.values():
            if isinstance(child, CommandGroup):
                entry: dict[str, Any] = {
                    "type": int(OptionType.SUB_COMMAND_GROUP),
                    "name": child.name,
                    "description": child.description,
                    "options": child._options_payload(),
                }
                entry.update(child.localizations)
                options.append(entry)
            else:
                options.append(child.to_option_payload())
        return options

    def to_payload(self) -> dict[str, Any]:
        """The group as Discord's "create application command" body takes it."""
        if self.is_subgroup:
            raise DeclarationError(
                f"{self.qualified_name!r} is a subgroup; ask its top-level group instead"
            )
        payload: dict[str, Any] = {
            "type": int(CommandType.CHAT_INPUT),
            "name": self.name,
            "description": self.description,
            "options": self._options_payload(),
        }
        payload.update(self.localizations)
        payload.update(defaults_payload(self))
        return payload


def combined_length(payload: Mapping[str, Any]) -> int:
    """Characters Discord counts towards its 4000-character limit on one command.

    The limit is :data:`~kagari.builders.limits.COMMAND_COMBINED_MAX`.
    """
    total = len(str(payload.get("name", ""))) + len(str(payload.get("description") or ""))
    for choice in payload.get("choices") or ():
        total += len(str(choice.get("name", ""))) + len(str(choice.get("value", "")))
    for option in payload.get("options") or ():
        total += combined_length(option)
    return total
