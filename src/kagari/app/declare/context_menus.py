"""User and message context-menu commands (right click a user or a message > Apps)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from typing_extensions import ParamSpec, Unpack

from kagari.app.declare.commands import (
    CommandGroup,
    SlashCommand,
    defaults_payload,
    localization_fields,
)
from kagari.app.declare.handler import HandlerScope
from kagari.app.declare.keywords import ContextMenuOptions, check_keywords, command_defaults
from kagari.app.declare.naming import DeclarationError, check_name
from kagari.app.declare.options import split_annotation
from kagari.app.declare.scope import CommandDefaults
from kagari.app.declare.signature import describe, read_signature
from kagari.models import CommandType, Member, Message, PartialMessage, User

__all__ = ["AnyCommand", "ContextMenuCommand", "TopLevelCommand"]

P = ParamSpec("P")
R = TypeVar("R")


class ContextMenuCommand(HandlerScope[P, R]):
    """A user or message context-menu command (right click > Apps).

    Built by ``@bot.user_command(name)`` / ``@bot.message_command(name)``. The handler
    takes the context and the target: ``User`` or ``Member`` for user commands,
    ``PartialMessage``/``Message`` for message commands.

    Args:
        callback: The handler.
        command_type: :attr:`CommandType.USER` or :attr:`CommandType.MESSAGE`.
        name: The name shown in the menu (the function's name by default).
        defaults: Prebuilt top-level settings, instead of the keywords that set them.
        **options: The keys of :class:`~kagari.app.declare.keywords.ContextMenuOptions`.

    Raises:
        TypeError: An unknown keyword, or ``defaults`` together with a setting it holds.
        DeclarationError: Anything Discord would reject, or a handler that does not take
            the target.

    Attributes:
        name: The name shown in the menu (spaces and capitals allowed).
        command_type: :attr:`CommandType.USER` or :attr:`CommandType.MESSAGE`.
        target_param: The parameter that receives the target.
        wants_member: Whether the target is passed as a :class:`Member`.
    """

    def __init__(
        self,
        callback: Callable[P, R],
        command_type: CommandType,
        name: str | None = None,
        *,
        defaults: CommandDefaults | None = None,
        **options: Unpack[ContextMenuOptions],
    ) -> None:
        check_keywords(options, ContextMenuOptions, "ContextMenuCommand()")
        defaults = command_defaults(describe(callback), options, defaults)
        what = "user command" if command_type == CommandType.USER else "message command"
        signature = read_signature(callback, what=what)
        owner = signature.owner
        name = name if name is not None else getattr(callback, "__name__", "")
        check_name(name, what=f"{what} name", owner=owner, chat_input=False)
        super().__init__(
            callback,
            signature,
            f"{what} {name!r}",
            checks=options.get("checks"),
            auto_defer=options.get("auto_defer"),
            defaults=defaults,
        )
        self.name = name
        self.command_type = command_type
        self.localizations = localization_fields(
            options.get("name_localizations"), None, owner, chat_input=False
        )
        required = [p for p in signature.params if p.default is inspect.Parameter.empty]
        if len(signature.params) < 1 or len(required) > 1:
            example = (
                "user: kagari.User"
                if command_type == CommandType.USER
                else "message: kagari.PartialMessage"
            )
            raise DeclarationError(
                f"{owner}: a {what} handler takes the context and the target, e.g. "
                f"'async def handler(ctx, {example})'"
            )
        target = signature.params[0]
        self.target_param = target.name
        annotation, _, _ = split_annotation(signature.annotation(target))
        self.wants_member = False
        if command_type == CommandType.USER:
            if isinstance(annotation, type) and issubclass(annotation, Member):
                self.wants_member = True
            elif annotation is not inspect.Parameter.empty and not (
                isinstance(annotation, type) and issubclass(annotation, User)
            ):
                raise DeclarationError(
                    f"{owner}: the target of a user command is a kagari.User or "
                    f"kagari.Member, not {annotation!r}"
                )
        elif annotation is not inspect.Parameter.empty and not (
            isinstance(annotation, type) and issubclass(annotation, (PartialMessage, Message))
        ):
            raise DeclarationError(
                f"{owner}: the target of a message command is a kagari.PartialMessage, "
                f"not {annotation!r}"
            )

    def __repr__(self) -> str:
        return f"ContextMenuCommand({self.name!r}, type={self.command_type.name})"

    @property
    def qualified_name(self) -> str:
        """The name (context-menu commands have no subcommands)."""
        return self.name

    def to_payload(self) -> dict[str, Any]:
        """The command as Discord's "create application command" body takes it."""
        payload: dict[str, Any] = {"type": int(self.command_type), "name": self.name}
        payload.update(self.localizations)
        payload.update(defaults_payload(self))
        return payload


TopLevelCommand = SlashCommand[Any, Any] | CommandGroup | ContextMenuCommand[Any, Any]
"""Anything registered at the top level of a bot or blueprint."""
AnyCommand = SlashCommand[Any, Any] | CommandGroup | ContextMenuCommand[Any, Any]
"""Anything :meth:`Bot.find_command` may return."""
