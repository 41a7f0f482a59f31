"""Entitlements: what a user or guild has bought or been granted (monetization)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.enums import EntitlementType
from kagari.models.snowflake import Snowflake

__all__ = ["Entitlement"]


class Entitlement(Model):
    """Access to one SKU, held by a user or a guild.

    Missing ``id``/``sku_id``/``application_id`` decode to ``Snowflake(0)``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "sku_id", "type")

    @cached_property
    def id(self) -> Snowflake:
        """The entitlement's id."""
        return c.snowflake(self._raw.get("id"))

    @cached_property
    def sku_id(self) -> Snowflake:
        """The SKU the entitlement grants."""
        return c.snowflake(self._raw.get("sku_id"))

    @cached_property
    def application_id(self) -> Snowflake:
        """The app the SKU belongs to."""
        return c.snowflake(self._raw.get("application_id"))

    @cached_property
    def user_id(self) -> Snowflake | None:
        """The user who holds it (user subscriptions)."""
        return c.opt_snowflake(self._raw.get("user_id"))

    @cached_property
    def guild_id(self) -> Snowflake | None:
        """The guild that holds it (guild subscriptions)."""
        return c.opt_snowflake(self._raw.get("guild_id"))

    @cached_property
    def type(self) -> EntitlementType | int:
        """How the entitlement was obtained (``0`` when missing)."""
        return c.try_enum(EntitlementType, c.as_int(self._raw.get("type")))

    @cached_property
    def deleted(self) -> bool:
        """Whether the entitlement was deleted."""
        return c.as_bool(self._raw.get("deleted"))

    @cached_property
    def starts_at(self) -> datetime.datetime | None:
        """When the entitlement becomes valid (``None`` for test entitlements)."""
        return c.opt_datetime(self._raw.get("starts_at"))

    @cached_property
    def ends_at(self) -> datetime.datetime | None:
        """When the entitlement stops being valid (``None``: no end)."""
        return c.opt_datetime(self._raw.get("ends_at"))

    @cached_property
    def consumed(self) -> bool:
        """For consumable SKUs, whether the item was used up."""
        return c.as_bool(self._raw.get("consumed"))

    def is_active(self, now: datetime.datetime | None = None) -> bool:
        """Whether the entitlement grants access at ``now`` (an aware datetime; default now).

        It does when it is neither deleted nor consumed and ``now`` lies between
        ``starts_at`` and ``ends_at`` (a missing bound is open).
        """
        if self.deleted or self.consumed:
            return False
        now = now or datetime.datetime.now(datetime.timezone.utc)
        if self.starts_at is not None and now < self.starts_at:
            return False
        return self.ends_at is None or now < self.ends_at
