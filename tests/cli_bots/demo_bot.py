"""A bot file as users write them, for ``kagari run/sync/schema/doctor`` in the CLI tests."""

from __future__ import annotations

from demo_factory import create_bot

bot = create_bot()
