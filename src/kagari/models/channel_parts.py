"""Small objects inside channels: permission overwrites, thread members, forum reactions."""

from __future__ import annotations

import datetime
from typing import ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.flags import Permissions
from kagari.models.snowflake import Snowflake

__all__ = ["DefaultReaction", "PermissionOverwrite", "ThreadMember"]


class PermissionOverwrite(Model):
    """Permissions a channel grants or denies one role or member beyond the guild's.

    A missing ``id`` decodes to ``Snowflake(0)``, ``type`` to ``0``, ``allow`` and
    ``deny`` to ``Permissions.NONE``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "type")

    @cached_property
    def id(self) -> Snowflake:
        """The role or user the overwrite is for."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def type(self) -> int:
        """``0`` for a role, ``1`` for a member."""
        return c.as_int(self._raw.get("type"))

    @cached_property
    def allow(self) -> Permissions:
        """The permissions granted."""
        return Permissions.from_raw(self._raw.get("allow")) or Permissions.NONE

    @cached_property
    def deny(self) -> Permissions:
        """The permissions taken away."""
        return Permissions.from_raw(self._raw.get("deny")) or Permissions.NONE


class ThreadMember(Model):
    """The app's (or a user's) membership of a thread, as sent with the thread."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("user_id", "join_timestamp")

    @cached_property
    def id(self) -> Snowflake | None:
        """The thread's id (left out in some payloads)."""
        return c.opt_snowflake(self._raw.get("id"))

    @cached_property
    def user_id(self) -> Snowflake | None:
        """The member's user id (left out in some payloads)."""
        return c.opt_snowflake(self._raw.get("user_id"))

    @cached_property
    def join_timestamp(self) -> datetime.datetime | None:
        """When the user last joined the thread."""
        return c.opt_datetime(self._raw.get("join_timestamp"))

    @cached_property
    def flags(self) -> int:
        """The thread member's notification flags (``0`` when missing)."""
        return c.as_int(self._raw.get("flags"))


class DefaultReaction(Model):
    """The emoji a forum or media channel shows as the reaction button on new posts.

    Exactly one of ``emoji_id`` (a custom emoji) and ``emoji_name`` (unicode) is set.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("emoji_id", "emoji_name")

    @cached_property
    def emoji_id(self) -> Snowflake | None:
        """The custom emoji's id."""
        return c.opt_snowflake(self._raw.get("emoji_id"))

    @cached_property
    def emoji_name(self) -> str | None:
        """The unicode emoji."""
        return c.as_opt_str(self._raw.get("emoji_name"))
