"""``python -m kagari``: the command line (see :mod:`kagari.cli`)."""

from __future__ import annotations

from kagari.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())
