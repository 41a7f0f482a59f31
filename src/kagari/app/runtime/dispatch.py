"""The four compiled listeners a ``Bot`` registers with ``set_listener``.

For commands, components and modal submits a listener routes the interaction and
starts the handler (checks, argument conversion, the call) eagerly in a task of its own
(:mod:`kagari.app.runtime.eager`). A handler that answers without waiting is done by
then, and its answer goes straight back: no event-loop turn, no timer. One that waits
gets one timer for the deadline (deferring when it is late, see
:mod:`kagari.app.runtime.deadline`); once the server has sent the first answer the
handler runs on and delivers later answers over REST. Errors are caught here and passed
to the error handlers, so the server never sees one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Mapping
from types import AsyncGeneratorType
from typing import TYPE_CHECKING, Any, Protocol

from kagari.app.declare.checks import CheckFailure
from kagari.app.declare.commands import CommandGroup, SlashCommand
from kagari.app.declare.component_routes import ComponentRoute
from kagari.app.declare.context_menus import ContextMenuCommand, TopLevelCommand
from kagari.app.declare.custom_ids import RouteMatch
from kagari.app.declare.errors import InteractionResponseError
from kagari.app.declare.modal_routes import ModalRoute
from kagari.app.declare.options import OptionConversionError, OptionSpec
from kagari.app.declare.scope import AutoDefer, Scope
from kagari.app.runtime.context import AnyInteraction, Context
from kagari.app.runtime.deadline import first_response
from kagari.app.runtime.eager import start_eagerly
from kagari.app.runtime.responder import Prebuilt, ResponseState
from kagari.builders.embeds import Embed
from kagari.builders.responses import AutocompleteResult, Message, ResponseBuilder
from kagari.models import (
    AutocompleteInteraction,
    CommandInteraction,
    CommandType,
    ComponentInteraction,
    ModalInteraction,
    OptionType,
)
from kagari.server.pipeline import Continued, DirectListener

if TYPE_CHECKING:
    from kagari.rest import RESTClient

__all__ = ["BotListener", "DispatchOwner", "Dispatcher", "UnhandledInteraction", "to_builder"]

_LOGGER = logging.getLogger("kagari.app")

ArgumentsFactory = Callable[[Context], Mapping[str, Any]]
Answering = Callable[[Any], Awaitable[ResponseBuilder]]


class DispatchOwner(Protocol):
    """What a :class:`Dispatcher` needs from the bot it routes for.

    :class:`kagari.app.Bot` is one; anything with these members can own a
    dispatcher. The dispatcher only reads them.
    """

    @property
    def scope_name(self) -> str:
        """The outermost scope's name, for messages and logs."""
        ...

    @property
    def deadline(self) -> float:
        """Seconds after arrival by which a late handler is deferred."""
        ...

    @property
    def rest(self) -> RESTClient:
        """The REST client later answers go through."""
        ...

    def get_command(self, command_type: int, name: str) -> TopLevelCommand | None:
        """The top-level command of ``command_type`` called ``name``, if any."""
        ...

    def resolve_component(self, custom_id: str) -> RouteMatch[ComponentRoute[Any, Any]] | None:
        """The component route ``custom_id`` reaches, with its values, or ``None``."""
        ...

    def resolve_modal(self, custom_id: str) -> RouteMatch[ModalRoute[Any, Any]] | None:
        """The modal route ``custom_id`` reaches, with its values, or ``None``."""
        ...

    def chain(self) -> Iterator[Scope]:
        """The outermost scope and its parents: error handlers for unrouted interactions."""
        ...

    def effective_auto_defer(self) -> AutoDefer:
        """The auto-defer setting used when no handler was found."""
        ...


_Levels = Scope | DispatchOwner
"""Where checks' and errors' scope chain starts: the handler, or the owner itself."""


class UnhandledInteraction(LookupError):
    """No command or route of this bot matches the interaction.

    Handle it with ``@bot.error_handler(UnhandledInteraction)`` to answer differently;
    by default the user gets a short ephemeral notice.
    """


def to_builder(value: object, *, where: str) -> ResponseBuilder:
    """Turn what a handler returned or yielded into a response builder.

    ``str`` becomes a message, an :class:`~kagari.Embed` a message with that embed,
    builders stay as they are.

    Raises:
        TypeError: For anything else.
    """
    if isinstance(value, ResponseBuilder):
        return value
    if isinstance(value, str):
        return Message(value)
    if isinstance(value, Embed):
        return Message(embeds=[value])
    raise TypeError(
        f"{where} answered with {type(value).__name__} {value!r:.60}; answer with a str, "
        "kagari.Message, kagari.Update, kagari.Defer or kagari.Modal (or None after "
        "ctx.respond)"
    )


def to_autocomplete(value: object, *, where: str) -> AutocompleteResult:
    """Turn an autocomplete handler's result into an :class:`~kagari.AutocompleteResult`.

    Raises:
        TypeError: It is not a list/tuple of choices, a mapping or a result.
    """
    if isinstance(value, AutocompleteResult):
        return value
    if isinstance(value, Mapping):
        return AutocompleteResult({"name": str(k), "value": v} for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return AutocompleteResult(value)
    raise TypeError(
        f"{where} returned {type(value).__name__}; return a list of str/int/float or "
        "kagari.Choice, or a dict of name -> value"
    )


class BotListener(DirectListener):
    """One of a :class:`Dispatcher`'s listeners: an async generator listener when called.

    The server uses :meth:`answer`, which needs no generator; calling the listener
    gives the usual form (first yield: the answer; then the rest of the handler runs),
    for code that calls listeners itself.

    Args:
        answer: Resolves an interaction to its answer (a
            :class:`~kagari.server.pipeline.Continued` while the handler goes on).
    """

    __slots__ = ("_answer",)

    def __init__(self, answer: Answering) -> None:
        self._answer = answer

    def answer(self, interaction: Any) -> Awaitable[ResponseBuilder]:
        """The answer to ``interaction``, once there is one."""
        return self._answer(interaction)

    async def __call__(self, interaction: Any) -> AsyncGenerator[ResponseBuilder, None]:
        """The first answer, then (after the caller's next step) the rest of the handler."""
        answer = await self._answer(interaction)
        if not isinstance(answer, Continued):
            yield answer
            return
        try:
            yield answer.answer
        except BaseException:
            answer.work.cancel()
            raise
        answer.on_sent()
        await answer.work


class Dispatcher:
    """Routes interactions to the handlers registered on ``bot``.

    Args:
        bot: The bot (any :class:`DispatchOwner`) whose registries are read at request
            time.
    """

    def __init__(self, bot: DispatchOwner) -> None:
        self.bot = bot
        self.on_command = BotListener(self._answer_command)
        """Listener for application commands (slash, user and message commands)."""
        self.on_component = BotListener(self._answer_component)
        """Listener for component interactions (buttons and selects)."""
        self.on_modal = BotListener(self._answer_modal)
        """Listener for modal submissions."""

    # -- the four listeners ------------------------------------------------------------

    def _answer_command(self, interaction: CommandInteraction) -> Awaitable[ResponseBuilder]:
        command = self.resolve_command(interaction)
        if command is None:
            return self._run(interaction, None, _no_arguments)
        return self._run(interaction, command, _command_arguments(command, interaction))

    def _answer_component(self, interaction: ComponentInteraction) -> Awaitable[ResponseBuilder]:
        match = self.bot.resolve_component(interaction.custom_id)
        if match is None:
            return self._run(interaction, None, _no_arguments)
        route, params = match.route, match.params
        return self._run(interaction, route, lambda ctx: route.arguments(interaction, params))

    def _answer_modal(self, interaction: ModalInteraction) -> Awaitable[ResponseBuilder]:
        match = self.bot.resolve_modal(interaction.custom_id)
        if match is None:
            return self._run(interaction, None, _no_arguments)
        route, params = match.route, match.params
        return self._run(interaction, route, lambda ctx: route.arguments(interaction, params))

    async def on_autocomplete(self, interaction: AutocompleteInteraction) -> AutocompleteResult:
        """Listener for autocomplete requests; failures answer with no suggestions."""
        command = self.bot.get_command(CommandType.CHAT_INPUT, interaction.command_name)
        if isinstance(command, CommandGroup):
            command = command.find(interaction.subcommand_path)
        focused = interaction.focused_option
        if not isinstance(command, SlashCommand) or focused is None:
            _LOGGER.warning("autocomplete for unknown command %r", interaction.full_command_name)
            return AutocompleteResult([])
        binding = command.autocompletes.get(focused.name)
        if binding is None:
            _LOGGER.warning(
                "no autocomplete handler for option %r of %r",
                focused.name,
                command.qualified_name,
            )
            return AutocompleteResult([])
        ctx = self._context(interaction, command)
        try:
            value = _focused_value(binding.option, focused.value)
            others = _filled_options(interaction, binding.others)
            ctx.options = {binding.option.param: value, **others}
            result = await binding.handler(ctx, value, **others)
            return to_autocomplete(result, where=f"autocomplete of {command.qualified_name!r}")
        except Exception:
            _LOGGER.exception(
                "autocomplete handler for %r option %r failed (interaction %s)",
                command.qualified_name,
                focused.name,
                interaction.id,
            )
            return AutocompleteResult([])

    # -- routing -----------------------------------------------------------------------

    def resolve_command(
        self, interaction: CommandInteraction
    ) -> SlashCommand[Any, Any] | ContextMenuCommand[Any, Any] | None:
        """The command object an interaction invokes, or ``None``."""
        top = self.bot.get_command(int(interaction.command_type), interaction.command_name)
        if isinstance(top, CommandGroup):
            found = top.find(interaction.subcommand_path)
            return found if isinstance(found, SlashCommand) else None
        return top

    # -- running -----------------------------------------------------------------------

    def _context(
        self, interaction: AnyInteraction, handler: object, state: ResponseState | None = None
    ) -> Context:
        # Context promises handlers a kagari.app.Bot (ctx.bot is user-facing); the owner
        # is that bot whenever a Bot built this dispatcher, so the hole stays here.
        owner: Any = self.bot
        return Context(owner, interaction, handler=handler, state=state, deadline=self.bot.deadline)

    async def _run(
        self,
        interaction: AnyInteraction,
        handler: Scope | None,
        arguments: ArgumentsFactory,
    ) -> ResponseBuilder:
        bot = self.bot
        state = ResponseState(interaction, bot.rest)
        ctx = self._context(interaction, handler, state)
        task = start_eagerly(self._pipeline(ctx, state, handler, arguments))
        answer = state.answer
        if task is None:  # done without waiting: the common case, and the cheap one
            return answer if answer is not None else Prebuilt(*_error_answer(interaction))
        task.set_name(f"kagari-handler-{interaction.id}")
        if answer is None:
            scope: _Levels = handler if handler is not None else bot
            answer = await first_response(
                state,
                task,
                deadline=bot.deadline,
                auto_defer=scope.effective_auto_defer(),
                may_return_modal=bool(getattr(handler, "may_return_modal", False)),
                owner=scope.scope_name,
            )
            if answer is None:
                answer = Prebuilt(*_error_answer(interaction))
        if task.done():
            return answer
        return Continued(answer, task, state.mark_sent)

    async def _pipeline(
        self,
        ctx: Context,
        state: ResponseState,
        handler: Scope | None,
        arguments: ArgumentsFactory,
    ) -> None:
        scope: _Levels = handler if handler is not None else self.bot
        try:
            if handler is None:
                raise UnhandledInteraction(_describe_unhandled(ctx.interaction))
            if _has_checks(handler):
                for check in handler.effective_checks():
                    await check.run(ctx)
            kwargs = dict(arguments(ctx))
            ctx.options = kwargs
            await self._invoke(ctx, state, handler, kwargs)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            await self._handle_error(ctx, state, scope, error)
        if not state.needs_finishing():
            return
        try:
            await state.finish()
        except Exception:
            _LOGGER.exception("interaction %s: could not close the response", ctx.interaction.id)

    async def _invoke(
        self, ctx: Context, state: ResponseState, handler: Scope, kwargs: dict[str, Any]
    ) -> None:
        callback = getattr(handler, "callback")  # noqa: B009 - every handler scope has one
        where = handler.scope_name
        result = callback(ctx, **kwargs)
        if isinstance(result, AsyncGeneratorType):
            try:
                async for value in result:
                    if value is not None:
                        await state.send(to_builder(value, where=where))
            finally:
                await result.aclose()
            return
        value = await result
        if value is not None:
            builder = to_builder(value, where=where)
            if not state.offer(builder):  # the HTTP answer needs no wait: the handler is done
                await state.later(builder)

    async def _handle_error(
        self, ctx: Context, state: ResponseState, scope: _Levels, error: Exception
    ) -> None:
        for level in scope.chain():
            handler = level.errors.find(error)
            if handler is None:
                continue
            try:
                result = await handler(ctx, error)
                if result is not None:
                    await state.settle(
                        to_builder(result, where=f"error handler of {level.scope_name}")
                    )
                return
            except Exception as again:
                if again is error:
                    continue  # re-raised: let the next scope out try
                _LOGGER.exception(
                    "interaction %s: the error handler of %s failed",
                    ctx.interaction.id,
                    level.scope_name,
                )
                error = again
                break
        await self._default_error(ctx, state, scope, error)

    async def _default_error(
        self, ctx: Context, state: ResponseState, scope: _Levels, error: Exception
    ) -> None:
        if isinstance(error, CheckFailure):
            text = error.message
            _LOGGER.info(
                "interaction %s: %s refused: %s", ctx.interaction.id, scope.scope_name, text
            )
        elif isinstance(error, UnhandledInteraction):
            text = "This is not available anymore."
            _LOGGER.warning("interaction %s: %s", ctx.interaction.id, error)
        else:
            text = "Something went wrong."
            _LOGGER.error(
                "interaction %s: %s raised %s",
                ctx.interaction.id,
                scope.scope_name,
                type(error).__name__,
                exc_info=error,
            )
        try:
            await state.settle(Message(text, ephemeral=True))
        except InteractionResponseError:
            _LOGGER.warning(
                "interaction %s: could not tell the user about the error", ctx.interaction.id
            )
        except Exception:
            _LOGGER.exception(
                "interaction %s: sending the error message failed", ctx.interaction.id
            )


def _no_arguments(ctx: Context) -> Mapping[str, Any]:
    return {}


def _has_checks(handler: Scope) -> bool:
    """Whether any check or before-invoke hook applies to ``handler`` (most have none)."""
    scope: Scope | None = handler
    while scope is not None:
        if scope.checks or scope.before_hooks:
            return True
        scope = scope.parent
    return False


def _error_answer(interaction: AnyInteraction) -> tuple[ResponseBuilder, dict[str, Any], Any]:
    message = Message("Something went wrong.", ephemeral=True)
    body, files = message.build(int(interaction.type))
    return message, body, files


def _describe_unhandled(interaction: AnyInteraction) -> str:
    if isinstance(interaction, CommandInteraction):
        return f"no command {interaction.full_command_name!r} is registered"
    custom_id = getattr(interaction, "custom_id", "")
    kind = "modal" if isinstance(interaction, ModalInteraction) else "component"
    return f"no {kind} route matches custom_id {custom_id!r}"


def _command_arguments(
    command: SlashCommand[Any, Any] | ContextMenuCommand[Any, Any],
    interaction: CommandInteraction,
) -> ArgumentsFactory:
    if isinstance(command, ContextMenuCommand):
        return lambda ctx: _target_argument(command, interaction)
    if not command.options:
        return _no_arguments

    def arguments(ctx: Context) -> Mapping[str, Any]:
        given = {option.name: option for option in interaction.leaf_options}
        resolved = interaction.resolved
        kwargs: dict[str, Any] = {}
        for spec in command.options:
            option = given.get(spec.name)
            if option is None or option.value is None:
                if spec.required:
                    raise OptionConversionError(f"required option {spec.name!r} is missing")
                kwargs[spec.param] = spec.default
            else:
                kwargs[spec.param] = spec.convert(option.value, resolved)
        return kwargs

    return arguments


def _target_argument(
    command: ContextMenuCommand[Any, Any], interaction: CommandInteraction
) -> dict[str, Any]:
    if command.wants_member:
        target: object = interaction.target_member
    else:
        target = interaction.target
    if target is None:
        raise OptionConversionError(
            f"{command.scope_name}: the interaction has no resolved target {interaction.target_id}"
        )
    return {command.target_param: target}


def _focused_value(spec: OptionSpec, value: Any) -> Any:
    if spec.option_type == OptionType.STRING:
        return "" if value is None else str(value)
    try:
        return int(value) if spec.option_type == OptionType.INTEGER else float(value)
    except (TypeError, ValueError):
        return value


def _filled_options(
    interaction: AutocompleteInteraction, wanted: Mapping[str, OptionSpec]
) -> dict[str, Any]:
    given = {option.name: option for option in interaction.leaf_options if not option.focused}
    resolved = interaction.resolved
    result: dict[str, Any] = {}
    for param, spec in wanted.items():
        option = given.get(spec.name)
        if option is None or option.value is None:
            result[param] = spec.default
            continue
        try:
            result[param] = spec.convert(option.value, resolved)
        except ValueError:
            result[param] = option.value
    return result
