"""The objects an interaction resolved for its option and select values."""

from __future__ import annotations

from typing import Any, ClassVar, TypeAlias, TypeVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.attachment import Attachment
from kagari.models.channels import PartialChannel, decode_channel
from kagari.models.guild import Role
from kagari.models.message import Message
from kagari.models.snowflake import Snowflake
from kagari.models.user import Member, User

__all__ = ["Mentionable", "ResolvedData", "SelectedValues"]

Mentionable: TypeAlias = User | Role
"""What a MENTIONABLE option or select resolves to: a user or a role."""

T = TypeVar("T")


class ResolvedData(Model):
    """Users, members, roles, channels, messages and attachments, keyed by id.

    Keys are :class:`Snowflake`; since a Snowflake hashes like an int,
    ``resolved.users[int(option.value)]`` works too. Entries whose key is not an id
    are skipped. Resolved members get their user from ``users``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, raw: Any, *, guild_id: Snowflake | None = None) -> None:
        """Wrap a ``resolved`` object; ``guild_id`` is passed on to members and messages."""
        super().__init__(raw)
        self._guild_id = guild_id

    def __repr__(self) -> str:
        sizes = ", ".join(
            f"{name}={len(c.as_dict(self._raw.get(name)))}"
            for name in ("users", "members", "roles", "channels", "messages", "attachments")
            if name in self._raw
        )
        return f"ResolvedData({sizes})"

    def _section(self, name: str) -> dict[Snowflake, dict[str, Any]]:
        out: dict[Snowflake, dict[str, Any]] = {}
        for key, value in c.as_dict(self._raw.get(name)).items():
            snowflake = c.opt_snowflake(key)
            if snowflake is not None:
                out[snowflake] = value if isinstance(value, dict) else {}
        return out

    @cached_property
    def users(self) -> dict[Snowflake, User]:
        """The resolved users."""
        return {key: User(value) for key, value in self._section("users").items()}

    @cached_property
    def members(self) -> dict[Snowflake, Member]:
        """The resolved guild members, each with its user filled from :attr:`users`."""
        users = self._section("users")
        return {
            key: Member(value, user=users.get(key), guild_id=self._guild_id)
            for key, value in self._section("members").items()
        }

    @cached_property
    def roles(self) -> dict[Snowflake, Role]:
        """The resolved roles."""
        return {key: Role(value) for key, value in self._section("roles").items()}

    @cached_property
    def channels(self) -> dict[Snowflake, PartialChannel]:
        """The resolved channels, each decoded to the class of its type."""
        return {
            key: decode_channel(value, guild_id=self._guild_id)
            for key, value in self._section("channels").items()
        }

    @cached_property
    def messages(self) -> dict[Snowflake, Message]:
        """The resolved messages (message commands)."""
        return {
            key: Message(value, guild_id=self._guild_id)
            for key, value in self._section("messages").items()
        }

    @cached_property
    def attachments(self) -> dict[Snowflake, Attachment]:
        """The resolved attachments (ATTACHMENT options, file uploads in modals)."""
        return {key: Attachment(value) for key, value in self._section("attachments").items()}

    def get_mentionable(self, value: Any) -> Mentionable | None:
        """Return the user or role with the id ``value`` (an id string or int), if resolved."""
        key = c.opt_snowflake(value)
        if key is None:
            return None
        return self.users.get(key) or self.roles.get(key)

    def pick(self, section: dict[Snowflake, T], values: list[str]) -> list[T]:
        """Return the entries of ``section`` for the ids in ``values``, in order.

        Ids that are not in the section are skipped.

        Args:
            section: One of this object's dicts, e.g. ``resolved.users``.
            values: The selected ids, e.g. a select menu's ``values``.
        """
        out: list[T] = []
        for value in values:
            key = c.opt_snowflake(value)
            if key is not None and key in section:
                out.append(section[key])
        return out


class SelectedValues:
    """Typed views of selected ids, for anything with ``values`` and ``resolved``.

    A select menu or a modal input sends only ids in ``values``; these properties look
    them up in ``resolved`` (ids missing from it are skipped).
    """

    @property
    def values(self) -> list[str]:
        """The selected values (ids for user, role, mentionable, channel selects)."""
        raise NotImplementedError

    @property
    def resolved(self) -> ResolvedData | None:
        """The objects resolved for the selected ids."""
        raise NotImplementedError

    def _pick(self, name: str) -> list[Any]:
        resolved = self.resolved
        if resolved is None:
            return []
        section: dict[Snowflake, Any] = getattr(resolved, name)
        return resolved.pick(section, self.values)

    @property
    def selected_users(self) -> list[User]:
        """The selected users (user and mentionable selects)."""
        return self._pick("users")

    @property
    def selected_members(self) -> list[Member]:
        """The selected users' guild memberships, when selected in a guild."""
        return self._pick("members")

    @property
    def selected_roles(self) -> list[Role]:
        """The selected roles (role and mentionable selects)."""
        return self._pick("roles")

    @property
    def selected_channels(self) -> list[PartialChannel]:
        """The selected channels (channel selects)."""
        return self._pick("channels")

    @property
    def selected_attachments(self) -> list[Attachment]:
        """The uploaded files (file uploads in modals)."""
        return self._pick("attachments")

    @property
    def selected_mentionables(self) -> list[Mentionable]:
        """The selected users and roles, in selection order (mentionable selects)."""
        resolved = self.resolved
        if resolved is None:
            return []
        found = (resolved.get_mentionable(value) for value in self.values)
        return [item for item in found if item is not None]
