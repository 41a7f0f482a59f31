"""What a message points back to: the message it replies to, the interaction it answers."""

from __future__ import annotations

from typing import Any, ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.enums import ApplicationIntegrationType, InteractionType
from kagari.models.snowflake import Snowflake
from kagari.models.user import User

__all__ = ["InteractionMetadata", "MessageReference", "integration_owners"]


def integration_owners(value: Any) -> dict[ApplicationIntegrationType | int, Snowflake]:
    """Decode an ``authorizing_integration_owners`` map (entries that are not ids are skipped)."""
    owners: dict[ApplicationIntegrationType | int, Snowflake] = {}
    for key, owner_id in c.as_dict(value).items():
        number = c.as_opt_int(key)
        owner = c.opt_snowflake(owner_id)
        if number is not None and owner is not None:
            owners[c.try_enum(ApplicationIntegrationType, number)] = owner
    return owners


class MessageReference(Model):
    """Where a reply, forward, crosspost or pin notice points.

    A missing ``type`` decodes to ``0`` (a reply); a missing ``channel_id`` to ``None``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("type", "message_id", "channel_id")

    @cached_property
    def type(self) -> int:
        """``0`` for a reply (or crosspost, pin notice...), ``1`` for a forward."""
        return c.as_int(self._raw.get("type"))

    @cached_property
    def message_id(self) -> Snowflake | None:
        """The message pointed to."""
        return c.opt_snowflake(self._raw.get("message_id"))

    @cached_property
    def channel_id(self) -> Snowflake | None:
        """The channel of the message pointed to."""
        return c.opt_snowflake(self._raw.get("channel_id"))

    @cached_property
    def guild_id(self) -> Snowflake | None:
        """The guild of the message pointed to, if it is in one."""
        return c.opt_snowflake(self._raw.get("guild_id"))

    @cached_property
    def fail_if_not_exists(self) -> bool | None:
        """Whether sending failed when the message did not exist (as sent by the author)."""
        return c.as_opt_bool(self._raw.get("fail_if_not_exists"))

    @property
    def is_forward(self) -> bool:
        """Whether the reference is a forwarded message (``type`` 1)."""
        return self.type == 1


class InteractionMetadata(Model):
    """The interaction a message answers: who used which command, button or modal.

    The fields of one interaction type are ``None`` on the others: ``target_user``
    and ``target_message_id`` for commands, ``interacted_message_id`` for components,
    ``triggering_interaction_metadata`` for modal submissions. A missing ``id``
    decodes to ``Snowflake(0)``, a missing ``user`` to an empty :class:`User`.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "type")

    @cached_property
    def id(self) -> Snowflake:
        """The interaction's id."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def type(self) -> InteractionType | int:
        """The interaction type: command, component or modal submission."""
        return c.try_enum(InteractionType, c.as_int(self._raw.get("type")))

    @cached_property
    def user(self) -> User:
        """Who triggered the interaction."""
        return User(self._raw.get("user"))

    @cached_property
    def authorizing_integration_owners(self) -> dict[ApplicationIntegrationType | int, Snowflake]:
        """For each installation context that allowed the interaction, its owner id."""
        return integration_owners(self._raw.get("authorizing_integration_owners"))

    @cached_property
    def original_response_message_id(self) -> Snowflake | None:
        """The original response's id; only on follow-up messages."""
        return c.opt_snowflake(self._raw.get("original_response_message_id"))

    @cached_property
    def target_user(self) -> User | None:
        """The user a user command was used on."""
        value = self._raw.get("target_user")
        return User(value) if isinstance(value, dict) else None

    @cached_property
    def target_message_id(self) -> Snowflake | None:
        """The message a message command was used on."""
        return c.opt_snowflake(self._raw.get("target_message_id"))

    @cached_property
    def interacted_message_id(self) -> Snowflake | None:
        """The message whose component was used."""
        return c.opt_snowflake(self._raw.get("interacted_message_id"))

    @cached_property
    def triggering_interaction_metadata(self) -> InteractionMetadata | None:
        """For a modal submission, the interaction that opened the modal."""
        value = self._raw.get("triggering_interaction_metadata")
        return InteractionMetadata(value) if isinstance(value, dict) else None
