"""Package metadata kept in one place."""

from __future__ import annotations

__all__ = ["__url__", "__version__"]

__version__ = "0.1.0"
__url__ = "https://github.com/kagari-py/kagari"
