"""Entry Point commands: the command that opens an app's Activity from the App Launcher.

Discord's ``PRIMARY_ENTRY_POINT`` (command type 4). An app has at most one. Its
``handler`` says who answers it:

- ``"app"`` (``APP_HANDLER``, 1): the bot gets the interaction and answers it, usually
  with :class:`~kagari.LaunchActivity` (callback 12), or with a message, a modal...
- ``"discord"`` (``DISCORD_LAUNCH_ACTIVITY``, 2): Discord launches the Activity itself
  and posts a follow-up; the bot declares the command (so sync uploads it) and writes
  no handler.

An Entry Point takes no options, and its name follows the context-menu rules (spaces and
capitals allowed: Discord's default one is called ``Launch``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from typing_extensions import ParamSpec, Unpack

from kagari.app.declare.commands import SlashCommand
from kagari.app.declare.keywords import CommandOptions, check_keywords
from kagari.app.declare.naming import DeclarationError
from kagari.app.declare.scope import CommandDefaults
from kagari.builders.responses import LaunchActivity
from kagari.models import CommandType

__all__ = [
    "DEFAULT_DESCRIPTION",
    "DEFAULT_NAME",
    "HANDLER_TYPES",
    "EntryPointCommand",
    "EntryPointHandler",
]

P = ParamSpec("P")
R = TypeVar("R")

EntryPointHandler = Literal["app", "discord"]
"""Who answers an Entry Point: the bot (``"app"``) or Discord (``"discord"``)."""

HANDLER_TYPES: dict[str, int] = {"app": 1, "discord": 2}
"""``handler=`` -> Discord's ``handler`` field (APP_HANDLER 1, DISCORD_LAUNCH_ACTIVITY 2)."""

DEFAULT_NAME = "launch"
"""The name of an Entry Point declared without a function or ``name=``."""


DEFAULT_DESCRIPTION = "Launch the Activity"
"""The description of an Entry Point declared without a function or ``description=``."""


async def _launch_activity(ctx: Any) -> LaunchActivity:
    # What a handler="discord" Entry Point answers should Discord ever send the bot its
    # interaction (it does not): launching the Activity is what the user asked for.
    return LaunchActivity()


class EntryPointCommand(SlashCommand[P, R]):
    """The app's Entry Point command (type 4), built by ``bot.entry_point(...)``.

    It is a slash command without options as far as routing goes: the bot runs its
    handler, with the checks, error handlers and ``auto_defer`` of its scopes.

    Args:
        callback: The handler, ``async def launch(ctx) -> kagari.LaunchActivity``;
            ``None`` with ``handler="discord"``.
        handler: ``"app"`` (the bot answers) or ``"discord"`` (Discord launches the
            Activity; no function).
        defaults: Prebuilt top-level settings, instead of the keywords that set them.
        **options: The keys of :class:`~kagari.app.declare.keywords.CommandOptions`.

    Raises:
        TypeError: An unknown keyword.
        DeclarationError: An unknown ``handler``, a function with ``handler="discord"``
            or none with ``"app"``, a handler that takes options, or anything Discord
            would reject in the name, description or settings.

    Attributes:
        handler: ``"app"`` or ``"discord"``.
    """

    command_type = CommandType.PRIMARY_ENTRY_POINT
    kind = "entry point"
    chat_input = False

    def __init__(
        self,
        callback: Callable[P, R] | None,
        *,
        handler: EntryPointHandler = "app",
        defaults: CommandDefaults | None = None,
        **options: Unpack[CommandOptions],
    ) -> None:
        check_keywords(options, CommandOptions, "EntryPointCommand()")
        if handler not in HANDLER_TYPES:
            raise DeclarationError(
                f"entry point: handler must be 'app' (the bot answers, e.g. with "
                f"kagari.LaunchActivity()) or 'discord' (Discord launches the Activity), "
                f"not {handler!r}"
            )
        if handler == "discord" and callback is not None:
            raise DeclarationError(
                f"entry point {options.get('name') or getattr(callback, '__name__', '')!r}: "
                "handler='discord' means Discord launches the Activity itself and never "
                "asks the bot, so it takes no function; call bot.entry_point(name=..., "
                "handler='discord') without decorating anything, or use handler='app' to "
                "answer it yourself"
            )
        if callback is None:
            if handler == "app":
                raise DeclarationError(
                    "entry point: handler='app' needs a handler function; decorate "
                    "'async def launch(ctx: kagari.Context) -> kagari.LaunchActivity'"
                )
            if options.get("name") is None:
                options["name"] = DEFAULT_NAME
            if options.get("description") is None:
                options["description"] = DEFAULT_DESCRIPTION
            runner: Callable[..., Any] = _launch_activity
        else:
            runner = callback
        super().__init__(runner, defaults=defaults, **options)
        self.handler: EntryPointHandler = handler
        if self.options:
            names = ", ".join(repr(spec.name) for spec in self.options)
            raise DeclarationError(
                f"{self.signature.owner}: an entry point takes no options (Discord sends "
                f"none), but the handler asks for {names}; take only the context: "
                "'async def launch(ctx: kagari.Context)'"
            )

    def __repr__(self) -> str:
        return f"EntryPointCommand({self.name!r}, handler={self.handler!r})"

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Call the handler directly, like the function it decorates.

        Raises:
            DeclarationError: A ``handler="discord"`` Entry Point has no function of
                yours (most often: it was used as a decorator).
        """
        if self.handler == "discord":
            raise DeclarationError(
                f"entry point {self.name!r} has handler='discord': Discord launches the "
                "Activity and no function of yours runs, so it is not a decorator; call "
                "bot.entry_point(name=..., handler='discord') on its own line, or use "
                "handler='app' to answer it yourself"
            )
        return super().__call__(*args, **kwargs)

    @property
    def qualified_name(self) -> str:
        """The name (an Entry Point has no subcommands)."""
        return self.name

    @property
    def is_subcommand(self) -> bool:
        """Always ``False``: an Entry Point is a top-level command."""
        return False

    def to_payload(self) -> dict[str, Any]:
        """The command as Discord's "create application command" body takes it."""
        payload = super().to_payload()
        payload["type"] = int(CommandType.PRIMARY_ENTRY_POINT)
        payload["handler"] = HANDLER_TYPES[self.handler]
        return payload

    def to_option_payload(self) -> dict[str, Any]:
        """Refused: an Entry Point cannot be a subcommand.

        Raises:
            DeclarationError: Always.
        """
        raise DeclarationError(f"{self!r} is a top-level command, not a subcommand")
