"""The keywords the declaration decorators share, each spelled once in a TypedDict.

``@bot.command(...)``, ``bot.group(...)``, ``@bot.user_command(...)``,
``@bot.message_command(...)``, ``@group.command(...)``, ``group.group(...)``,
``@bot.component(...)``, ``@bot.modal(...)`` and ``Blueprint(...)`` (and the command
objects they build) take their keywords as ``**options: Unpack[...]`` of one of these,
so type checkers still check every keyword's name and type and IDEs still list them.

Every key defaults to ``None``, and leaving it out is the same as passing ``None``:
unset, so a setting is inherited from the enclosing group, blueprint or bot (failing
that, Discord's default applies), and ``name``/``description`` come from the function.

Each TypedDict declares only its own keys and extends the ones whose keys it shares, so
each key is written once (the class bodies below are the table). Who takes which:
``component``/``modal``: :class:`HandlerOptions`; ``Blueprint``: :class:`BlueprintOptions`;
``user_command``/``message_command``: :class:`ContextMenuOptions`; ``group.group``:
:class:`SubgroupOptions`; ``bot.group``: :class:`GroupOptions`; ``group.command``:
:class:`SubcommandOptions`; ``bot.command``: :class:`CommandOptions`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

from typing_extensions import TypedDict

from kagari.app.declare.checks import CheckLike
from kagari.app.declare.scope import AutoDefer, CommandDefaults
from kagari.models import ApplicationIntegrationType, InteractionContextType

__all__ = [
    "BlueprintOptions",
    "CommandDefaultsOptions",
    "CommandOptions",
    "ContextMenuOptions",
    "GroupOptions",
    "HandlerOptions",
    "NameLocalizationOptions",
    "SubcommandOptions",
    "SubgroupOptions",
    "check_keywords",
    "command_defaults",
    "keyword_names",
]


class HandlerOptions(TypedDict, total=False):
    """What every handler and scope can set: its checks and its auto-defer behaviour."""

    checks: Sequence[CheckLike] | None
    """Checks run before the handler (after those of the enclosing scopes)."""

    auto_defer: AutoDefer | None
    """``True`` (defer publicly when late), ``"ephemeral"`` or ``False``; overrides the
    setting of the enclosing group, blueprint or bot."""


class CommandDefaultsOptions(TypedDict, total=False):
    """The settings Discord keeps per top-level command (a blueprint sets them for its own)."""

    guild_ids: Sequence[int] | None
    """Register in these guilds only (updates are instant there) instead of globally."""

    default_member_permissions: int | None
    """Permission bits a member needs to see the command by default (``0``: admins only)."""

    nsfw: bool | None
    """Age-restrict the command."""

    contexts: Sequence[InteractionContextType | int] | None
    """Where the command can be used (:class:`~kagari.InteractionContextType`: guilds,
    the bot's DMs, private channels)."""

    integration_types: Sequence[ApplicationIntegrationType | int] | None
    """Which installs show the command (:class:`~kagari.ApplicationIntegrationType`:
    guild install, and user install for user-installable apps)."""


class NameLocalizationOptions(TypedDict, total=False):
    """The localized names of a command or group."""

    name_localizations: Mapping[str, str] | None
    """Locale (such as ``"fr"``) -> the name shown to users of that locale."""


class BlueprintOptions(HandlerOptions, CommandDefaultsOptions, total=False):
    """The keywords of :class:`~kagari.app.Blueprint`: defaults for everything on it."""


class ContextMenuOptions(BlueprintOptions, NameLocalizationOptions, total=False):
    """The keywords of ``@bot.user_command(name)`` and ``@bot.message_command(name)``."""


class SubgroupOptions(HandlerOptions, NameLocalizationOptions, total=False):
    """The keywords of ``group.group(name, description)``, a subcommand group."""

    description_localizations: Mapping[str, str] | None
    """Locale -> the description shown to users of that locale."""


class GroupOptions(ContextMenuOptions, SubgroupOptions, total=False):
    """The keywords of ``bot.group(name, description)``, a top-level command group."""


class SubcommandOptions(SubgroupOptions, total=False):
    """The keywords of ``@group.command``, a subcommand."""

    name: str | None
    """The command's name (lowercase, 1-32 characters); the function's name if unset."""

    description: str | None
    """Its description (1-100 characters); the first line of the function's docstring if
    unset."""


class CommandOptions(GroupOptions, SubcommandOptions, total=False):
    """The keywords of ``@bot.command``, a top-level slash command."""


def keyword_names(options_type: object) -> frozenset[str]:
    """The keys of the TypedDict ``options_type``, inherited ones included."""
    required: frozenset[str] = getattr(options_type, "__required_keys__", frozenset())
    optional: frozenset[str] = getattr(options_type, "__optional_keys__", frozenset())
    return frozenset(required | optional)


def check_keywords(options: Mapping[str, object], options_type: object, where: str) -> None:
    """Refuse keywords that are not keys of the TypedDict ``options_type``.

    What Python says of an unknown keyword to a plain signature, for ``**options``.

    Args:
        options: The keywords given.
        options_type: The TypedDict that spells the accepted keywords.
        where: The call, for the message (e.g. ``"Bot.command()"``).

    Raises:
        TypeError: A keyword is unknown; the message names it and the closest known one.
    """
    accepted = keyword_names(options_type)
    for key in options:
        if key not in accepted:
            close = difflib.get_close_matches(key, sorted(accepted), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise TypeError(f"{where} got an unexpected keyword argument {key!r}{hint}")


def command_defaults(
    owner: str, options: CommandDefaultsOptions, defaults: CommandDefaults | None = None
) -> CommandDefaults:
    """The checked command settings among ``options``, or ``defaults`` if given instead.

    Args:
        owner: What the settings belong to, for messages.
        options: The keywords given (other keys are ignored).
        defaults: Settings already built; then ``options`` must not set any.

    Raises:
        DeclarationError: A setting Discord would refuse (see
            :meth:`~kagari.app.declare.scope.CommandDefaults.build`).
        TypeError: Both ``defaults`` and some of the settings it holds were given.
    """
    if defaults is not None:
        given = sorted(keyword_names(CommandDefaultsOptions) & options.keys())
        if given:
            raise TypeError(f"{owner}: give either defaults= or {', '.join(given)}, not both")
        return defaults
    return CommandDefaults.build(
        owner,
        guild_ids=options.get("guild_ids"),
        default_member_permissions=options.get("default_member_permissions"),
        nsfw=options.get("nsfw"),
        contexts=options.get("contexts"),
        integration_types=options.get("integration_types"),
    )
