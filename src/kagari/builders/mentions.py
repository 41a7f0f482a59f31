"""Allowed mentions: which mentions in a message actually ping someone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeAlias

from kagari.builders import limits

__all__ = ["AllowedMentions"]


class _HasId(Protocol):
    @property
    def id(self) -> Any: ...


Target: TypeAlias = int | str | _HasId
"""A snowflake as an int, a str, or any object with an ``id`` (a user, a role)."""


def snowflake_str(field: str, value: Target) -> str:
    """Return a snowflake as the decimal string Discord expects.

    Args:
        field: The name shown in the error.
        value: An int, a numeric str, or an object with an ``id`` attribute.

    Raises:
        ValueError: When the value is not a non-negative integer.
    """
    raw: Any = value if isinstance(value, (int, str)) else getattr(value, "id", value)
    if isinstance(raw, bool):
        raise TypeError(f"{field} must be a snowflake, got a bool")
    text = str(raw)
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"{field} must be a snowflake (a non-negative integer), got {raw!r}")
    return str(int(text))


class AllowedMentions:
    """Which mentions in a message may ping.

    kagari pings nobody by default (a message without ``allowed_mentions`` sends
    ``{"parse": []}``); pass one of these to let some mentions through.

    Args:
        users: ``True`` pings every mentioned user, ``False`` none, or a list of users
            (ids or objects with ``id``, at most 100) pings only those.
        roles: Same as ``users``, for roles.
        everyone: Whether ``@everyone`` and ``@here`` ping.
        replied_user: Whether replying pings the author of the message replied to.

    Example:
        ```python
        kagari.Message(f"{user.mention} won!", allowed_mentions=AllowedMentions(users=[user]))
        ```
    """

    __slots__ = ("everyone", "replied_user", "roles", "users")

    def __init__(
        self,
        *,
        users: bool | Iterable[Target] = False,
        roles: bool | Iterable[Target] = False,
        everyone: bool = False,
        replied_user: bool = False,
    ) -> None:
        self.users: bool | tuple[str, ...] = _targets("AllowedMentions.users", users)
        self.roles: bool | tuple[str, ...] = _targets("AllowedMentions.roles", roles)
        self.everyone: bool = everyone
        self.replied_user: bool = replied_user

    @classmethod
    def none(cls) -> AllowedMentions:
        """Nothing pings (kagari's default)."""
        return cls()

    @classmethod
    def all(cls) -> AllowedMentions:
        """Every mention pings: users, roles, ``@everyone``/``@here`` and the replied user."""
        return cls(users=True, roles=True, everyone=True, replied_user=True)

    def to_dict(self) -> dict[str, Any]:
        """The allowed mentions object Discord expects."""
        parse: list[str] = []
        body: dict[str, Any] = {"parse": parse}
        if self.users is True:
            parse.append("users")
        elif self.users:
            body["users"] = list(self.users)
        if self.roles is True:
            parse.append("roles")
        elif self.roles:
            body["roles"] = list(self.roles)
        if self.everyone:
            parse.append("everyone")
        if self.replied_user:
            body["replied_user"] = True
        return body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AllowedMentions):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"AllowedMentions(users={self.users!r}, roles={self.roles!r}, "
            f"everyone={self.everyone!r}, replied_user={self.replied_user!r})"
        )


def _targets(field: str, value: bool | Iterable[Target]) -> bool | tuple[str, ...]:
    if isinstance(value, bool):
        return value
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{field} must be a bool or a list of ids, not a single string")
    ids = tuple(dict.fromkeys(snowflake_str(field, item) for item in value))
    limits.check_count(field, ids, limits.ALLOWED_MENTIONS_MAX_IDS)
    return ids
