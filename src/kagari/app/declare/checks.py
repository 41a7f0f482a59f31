"""Checks that run before a handler, cooldowns, and the store cooldowns count in.

A check is a predicate on the :class:`~kagari.app.Context`; when it says no, the handler
does not run and a :class:`CheckFailure` goes to the error handlers (by default the
user sees its message, ephemerally). Attach checks with ``checks=[...]`` on a decorator,
a group or a blueprint, or by stacking them on the handler::

    @bot.command
    @kagari.guild_only
    @kagari.cooldown(1, 10.0)
    async def daily(ctx: Context) -> str: ...
"""

from __future__ import annotations

import collections
import inspect
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, Union, runtime_checkable

from kagari.app.declare.naming import DeclarationError
from kagari.models import Permissions

if TYPE_CHECKING:
    from kagari.app.runtime.context import Context

__all__ = [
    "Check",
    "CheckFailure",
    "CheckLike",
    "CooldownError",
    "CooldownStore",
    "MemoryCooldownStore",
    "MissingPermissions",
    "bot_has_permissions",
    "check",
    "collect_checks",
    "cooldown",
    "dm_only",
    "guild_only",
    "has_permissions",
]

T = TypeVar("T")
Predicate = Callable[["Context"], bool | Awaitable[bool]]
"""``(ctx) -> bool`` or ``async (ctx) -> bool``."""
CheckLike = Union["Check", Predicate]
"""A :class:`Check` or a bare predicate."""

_ATTRIBUTE = "__kagari_checks__"


class CheckFailure(Exception):
    """A check refused to run a handler. The message is shown to the user by default.

    Args:
        message: What went wrong, addressed to the user.
    """

    def __init__(self, message: str = "You cannot use this here.") -> None:
        super().__init__(message)
        self.message = message


class MissingPermissions(CheckFailure):
    """The user (or the app, for :func:`bot_has_permissions`) lacks permissions.

    Attributes:
        missing: The permissions that are missing.
    """

    def __init__(self, message: str, missing: Permissions) -> None:
        super().__init__(message)
        self.missing = missing


class CooldownError(CheckFailure):
    """A cooldown is still running.

    Attributes:
        retry_after: Seconds until the handler may run again for this key.
    """

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"Slow down! Try again in {retry_after:.1f}s.")
        self.retry_after = retry_after


class Check:
    """A named predicate run before a handler.

    Use an instance in ``checks=[...]`` or as a decorator on a handler (above or below
    the command decorator).

    Args:
        predicate: ``(ctx) -> bool`` or an async one; ``False`` refuses, and the
            predicate may also raise :class:`CheckFailure` with its own message.
        name: Shown in the default failure message; the predicate's name by default.
        message: The failure message when the predicate returns ``False``.
    """

    __slots__ = ("message", "name", "predicate")

    def __init__(
        self, predicate: Predicate, *, name: str | None = None, message: str | None = None
    ) -> None:
        if not callable(predicate):
            raise DeclarationError(f"a check needs a callable predicate, got {predicate!r}")
        self.predicate = predicate
        self.name = name or getattr(predicate, "__name__", "check")
        self.message = message

    def __repr__(self) -> str:
        return f"Check({self.name!r})"

    async def run(self, ctx: Context) -> None:
        """Run the predicate; raise :class:`CheckFailure` if it refuses."""
        result = self.predicate(ctx)
        if inspect.isawaitable(result):
            result = await result
        if not result:
            raise CheckFailure(self.message or f"You cannot use this (check {self.name!r}).")

    def __call__(self, target: T) -> T:
        """Attach this check to a handler function or a command/route object."""
        checks = getattr(target, "checks", None)
        if isinstance(checks, list) and not inspect.isfunction(target):
            checks.insert(0, self)
            return target
        if not callable(target):
            raise DeclarationError(f"a check decorates a handler, not {target!r}")
        attached: list[Check] = getattr(target, _ATTRIBUTE, [])
        attached = [self, *attached]
        setattr(target, _ATTRIBUTE, attached)
        return target


def check(predicate: Predicate, *, name: str | None = None, message: str | None = None) -> Check:
    """Make a :class:`Check` from a predicate; use it as a decorator or in ``checks=``.

    Args:
        predicate: ``(ctx) -> bool`` or an async one.
        name: Its name in the default failure message.
        message: The failure message when the predicate returns ``False``.
    """
    return Check(predicate, name=name, message=message)


def collect_checks(func: Any, explicit: Iterable[CheckLike] | None) -> list[Check]:
    """The checks stacked on ``func`` followed by ``explicit`` ones, as :class:`Check`."""
    stacked: list[Check] = list(getattr(func, _ATTRIBUTE, ()))
    return stacked + [as_check(item) for item in explicit or ()]


def as_check(item: CheckLike) -> Check:
    """Wrap a bare predicate in a :class:`Check` (a Check is returned as is)."""
    return item if isinstance(item, Check) else Check(item)


def _guild_only(ctx: Context) -> bool:
    if ctx.guild_id is None:
        raise CheckFailure("This can only be used in a server.")
    return True


def _dm_only(ctx: Context) -> bool:
    if ctx.guild_id is not None:
        raise CheckFailure("This can only be used in direct messages.")
    return True


guild_only = Check(_guild_only, name="guild_only")
"""Refuse outside a guild (server)."""

dm_only = Check(_dm_only, name="dm_only")
"""Refuse inside a guild (server)."""


def _permission_flags(
    flags: tuple[Permissions | int, ...], named: dict[str, bool], *, where: str
) -> Permissions:
    wanted = Permissions(0)
    for flag in flags:
        wanted |= Permissions(int(flag))
    for key, enabled in named.items():
        member = Permissions.__members__.get(key.upper())
        if member is None:
            raise DeclarationError(
                f"{where}(): unknown permission {key!r}; use names such as manage_messages"
            )
        if enabled:
            wanted |= member
    if not wanted:
        raise DeclarationError(f"{where}() needs at least one permission")
    return wanted


def _names(flags: Permissions) -> str:
    return ", ".join(
        (member.name or "").lower() for member in Permissions if member and member in flags
    )


def has_permissions(*flags: Permissions | int, **named: bool) -> Check:
    """Require the user to hold permissions in the channel.

    Uses the member's permissions Discord sends with the interaction (channel overwrites
    included); ADMINISTRATOR passes every check. Outside a guild the check fails.

    Args:
        *flags: ``kagari.Permissions`` flags.
        **named: Permission names set to ``True``, e.g. ``manage_messages=True``.
    """
    wanted = _permission_flags(flags, named, where="has_permissions")

    def predicate(ctx: Context) -> bool:
        member = ctx.member
        if member is None:
            raise MissingPermissions("This can only be used in a server.", wanted)
        held = Permissions(int(member.permissions or 0))
        if Permissions.ADMINISTRATOR in held:
            return True
        missing = Permissions(wanted & ~held)
        if missing:
            raise MissingPermissions(f"You need these permissions: {_names(missing)}.", missing)
        return True

    return Check(predicate, name=f"has_permissions({_names(wanted)})")


def bot_has_permissions(*flags: Permissions | int, **named: bool) -> Check:
    """Require the app to hold permissions in the channel (``app_permissions``).

    Args:
        *flags: ``kagari.Permissions`` flags.
        **named: Permission names set to ``True``.
    """
    wanted = _permission_flags(flags, named, where="bot_has_permissions")

    def predicate(ctx: Context) -> bool:
        held = Permissions(int(ctx.interaction.app_permissions or 0))
        if Permissions.ADMINISTRATOR in held:
            return True
        missing = Permissions(wanted & ~held)
        if missing:
            raise MissingPermissions(f"I need these permissions: {_names(missing)}.", missing)
        return True

    return Check(predicate, name=f"bot_has_permissions({_names(wanted)})")


@runtime_checkable
class CooldownStore(Protocol):
    """Where cooldowns count uses; implement it to share cooldowns between processes.

    A Redis store would keep a sorted set per key, or an INCR with EXPIRE.
    """

    async def hit(self, key: str, rate: int, per: float) -> float:
        """Count one use of ``key``; allow at most ``rate`` uses per ``per`` seconds.

        Returns:
            ``0.0`` when this use is allowed (and counted), else the seconds until the
            next use will be allowed (nothing counted).
        """
        ...

    async def reset(self, key: str) -> None:
        """Forget every use of ``key``."""
        ...


class MemoryCooldownStore:
    """A :class:`CooldownStore` in this process's memory (a sliding window per key).

    Args:
        clock: Monotonic seconds; replaceable in tests.
        max_keys: The most keys remembered; the oldest are dropped beyond it.
    """

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000
    ) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._uses: collections.OrderedDict[str, collections.deque[float]] = (
            collections.OrderedDict()
        )

    async def hit(self, key: str, rate: int, per: float) -> float:
        """See :meth:`CooldownStore.hit`."""
        now = self._clock()
        uses = self._uses.get(key)
        if uses is None:
            uses = self._uses[key] = collections.deque()
            while len(self._uses) > self._max_keys:
                self._uses.popitem(last=False)
        else:
            self._uses.move_to_end(key)
        while uses and uses[0] <= now - per:
            uses.popleft()
        if len(uses) >= rate:
            return max(uses[0] + per - now, 0.001)
        uses.append(now)
        return 0.0

    async def reset(self, key: str) -> None:
        """See :meth:`CooldownStore.reset`."""
        self._uses.pop(key, None)


CooldownKey = Union[  # noqa: UP007 - the callable part names Context lazily
    Literal["user", "guild", "channel", "global"], Callable[["Context"], object]
]
"""What a cooldown counts per: a built-in key or ``(ctx) -> key``."""


def _key_value(ctx: Context, key: CooldownKey) -> object:
    if callable(key):
        return key(ctx)
    if key == "user":
        return ctx.user.id
    if key == "guild":
        return ctx.guild_id if ctx.guild_id is not None else f"dm{ctx.channel_id}"
    if key == "channel":
        return ctx.channel_id
    return "*"


def cooldown(
    rate: int,
    per: float,
    *,
    key: CooldownKey = "user",
    store: CooldownStore | None = None,
    bucket: str | None = None,
) -> Check:
    """Allow ``rate`` uses per ``per`` seconds, counted per user, guild or channel.

    Args:
        rate: Uses allowed in the window.
        per: The window, in seconds.
        key: ``"user"``, ``"guild"`` (the DM channel outside guilds), ``"channel"``,
            ``"global"``, or ``(ctx) -> key`` for your own grouping.
        store: Where uses are counted; a :class:`MemoryCooldownStore` by default.
        bucket: A name shared by commands that should share the cooldown; by default
            each command (or route) counts on its own.

    Raises:
        DeclarationError: ``rate`` < 1, ``per`` <= 0, or an unknown ``key``.
    """
    if isinstance(rate, bool) or not isinstance(rate, int) or rate < 1:
        raise DeclarationError(f"cooldown(): rate must be a positive int, got {rate!r}")
    if not per > 0:
        raise DeclarationError(f"cooldown(): per must be positive seconds, got {per!r}")
    if not callable(key) and key not in ("user", "guild", "channel", "global"):
        raise DeclarationError(
            f"cooldown(): key must be 'user', 'guild', 'channel', 'global' or a callable, "
            f"got {key!r}"
        )
    counter: CooldownStore = store if store is not None else MemoryCooldownStore()

    async def predicate(ctx: Context) -> bool:
        scope = bucket or ctx.handler_name
        retry_after = await counter.hit(f"cooldown:{scope}:{_key_value(ctx, key)}", rate, per)
        if retry_after > 0:
            raise CooldownError(retry_after)
        return True

    return Check(predicate, name=f"cooldown({rate}/{per}s per {key})")
