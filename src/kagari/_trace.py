"""The ``TRACE_KAGARI`` logging level, defined once for the whole package."""

from __future__ import annotations

import logging

__all__ = ["TRACE"]

TRACE = 5
"""``TRACE_KAGARI``: more verbose than DEBUG (every REST request, every verdict)."""
logging.addLevelName(TRACE, "TRACE_KAGARI")
