"""Loading ``./.env`` into the environment before a subcommand runs (python-dotenv).

The ``kagari`` command reads ``.env`` in the current directory, the way ``flask run``
does: variables already set in the environment win, so an ``export`` in the shell
overrides the file. ``kagari.Bot()`` itself never reads files; a bot started with
``python bot.py`` calls ``dotenv.load_dotenv()`` itself if it wants one.
"""

from __future__ import annotations

import os
import pathlib

from kagari.cli.common import CLIError, info, warn

__all__ = ["DEFAULT_ENV_FILE", "load_env_file"]

DEFAULT_ENV_FILE = pathlib.Path(".env")
"""The file loaded when ``--env-file`` is not given (relative to the current directory)."""

_INSTALL_HINT = "pip install 'kagari[dotenv]' (or pip install python-dotenv)"


def load_env_file(path: pathlib.Path | None, *, enabled: bool = True) -> list[str]:
    """Set the variables of an env file that the environment does not already have.

    Args:
        path: The file ``--env-file`` names; ``None`` for ``./.env`` if it exists.
        enabled: ``False`` (``--no-env-file``) loads nothing.

    Returns:
        The names of the variables set from the file (values are never printed).

    Raises:
        CLIError: ``path`` was given but does not exist, or python-dotenv is missing for it.
    """
    if not enabled:
        return []
    explicit = path is not None
    chosen = path if path is not None else DEFAULT_ENV_FILE
    if not chosen.is_file():
        if explicit:
            raise CLIError(f"--env-file {chosen}: no such file", exit_code=2)
        return []
    try:
        import dotenv
    except ImportError:
        if explicit:
            raise CLIError(
                f"--env-file {chosen} needs python-dotenv, which is not installed",
                hint=_INSTALL_HINT,
            ) from None
        warn(
            f"found {chosen} but python-dotenv is not installed, so it was NOT loaded "
            f"(DISCORD_TOKEN and the rest come from the environment only): {_INSTALL_HINT}"
        )
        return []
    values = dotenv.dotenv_values(chosen)
    loaded = [
        name for name, value in values.items() if value is not None and name not in os.environ
    ]
    for name in loaded:
        value = values[name]
        assert value is not None
        os.environ[name] = value
    kept = sorted(name for name in values if name not in loaded and name in os.environ)
    if loaded or kept:
        message = f"loaded {chosen}: {', '.join(sorted(loaded)) or 'nothing new'}"
        if kept:
            message += f" (already set, kept: {', '.join(kept)})"
        info(message)
    return loaded
