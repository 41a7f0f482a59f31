"""Discord's ids, which carry their own creation time."""

from __future__ import annotations

import datetime

__all__ = ["DISCORD_EPOCH", "Snowflake"]

DISCORD_EPOCH = 1420070400000
"""Milliseconds from the Unix epoch to Discord's epoch (the first second of 2015, UTC)."""

_EPOCH_DATETIME = datetime.datetime(2015, 1, 1, tzinfo=datetime.timezone.utc)
_MAX_DATETIME = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)
_MAX_MILLIS = (_MAX_DATETIME - _EPOCH_DATETIME) // datetime.timedelta(milliseconds=1)


class Snowflake(int):
    """A Discord id: an ``int`` that knows when it was made.

    ``str(snowflake)`` is the decimal id, as Discord sends and expects it. A Snowflake
    compares and hashes like the plain int, so ``mapping[int(raw_id)]`` finds a value
    stored under a Snowflake key. Ids are usually 64-bit, but any non-negative int is
    accepted: Discord's own examples use wider ones (a 21-digit attachment id).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Snowflake({int(self)})"

    def __str__(self) -> str:
        return int.__repr__(self)

    @property
    def timestamp_ms(self) -> int:
        """Milliseconds since the Unix epoch at which the id was generated."""
        return (int(self) >> 22) + DISCORD_EPOCH

    @property
    def created_at(self) -> datetime.datetime:
        """When the id was generated, as an aware UTC datetime.

        An id too wide for a date (beyond the year 9999) gives the latest datetime
        Python has, :data:`datetime.datetime.max` in UTC.
        """
        millis = self.timestamp_ms - DISCORD_EPOCH
        if millis >= _MAX_MILLIS:
            return _MAX_DATETIME
        return _EPOCH_DATETIME + datetime.timedelta(milliseconds=millis)

    @property
    def worker_id(self) -> int:
        """The internal worker that generated the id (bits 17 to 21)."""
        return (int(self) >> 17) & 0x1F

    @property
    def process_id(self) -> int:
        """The internal process that generated the id (bits 12 to 16)."""
        return (int(self) >> 12) & 0x1F

    @property
    def increment(self) -> int:
        """The per-process counter part of the id (bits 0 to 11)."""
        return int(self) & 0xFFF

    @classmethod
    def from_datetime(cls, when: datetime.datetime) -> Snowflake:
        """Return the smallest id that could have been generated at ``when``.

        Useful as a bound for "messages after/before" queries. A naive ``when`` is
        taken as UTC.

        Raises:
            ValueError: ``when`` is before Discord's epoch (2015-01-01T00:00:00Z).
        """
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        millis = (when - _EPOCH_DATETIME) // datetime.timedelta(milliseconds=1)
        if millis < 0:
            raise ValueError(
                f"when must not be before Discord's epoch 2015-01-01T00:00:00Z, got {when}"
            )
        return cls(millis << 22)
