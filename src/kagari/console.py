"""Start-up experience: the banner, logging set-up, colour rules and the update check."""

from __future__ import annotations

import asyncio
import importlib.resources
import json
import logging
import logging.config
import os
import pathlib
import platform
import string
import sys
import urllib.request
from collections.abc import Mapping
from typing import Any, TextIO

import colorlog

from kagari._about import __url__, __version__
from kagari._trace import TRACE

__all__ = [
    "TRACE",
    "LoggerLevel",
    "check_for_updates",
    "init_logging",
    "print_banner",
    "supports_color",
]


LoggerLevel = str | int
"""A logging level given by name (``"INFO"``, ``"TRACE_KAGARI"``) or number."""

_LOGGER = logging.getLogger("kagari")

_COLORS = {
    "default": "\033[0m",
    "bold": "\033[1m",
    "dim": "\033[2m",
    "underline": "\033[4m",
    "red": "\033[31m",
    "green": "\033[32m",
    "yellow": "\033[33m",
    "blue": "\033[34m",
    "magenta": "\033[35m",
    "cyan": "\033[36m",
    "white": "\033[37m",
    "bright_red": "\033[91m",
    "bright_green": "\033[92m",
    "bright_yellow": "\033[93m",
    "bright_blue": "\033[94m",
    "bright_magenta": "\033[95m",
    "bright_cyan": "\033[96m",
    "bright_white": "\033[97m",
}


def _env_flag(name: str) -> bool | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return value != "0"


def supports_color(allow_color: bool, force_color: bool, stream: TextIO | None = None) -> bool:
    """Decide whether to print colour codes.

    ``CLICOLOR_FORCE`` set to anything but ``"0"`` forces colour on; ``force_color`` does
    the same. Otherwise ``CLICOLOR`` (when set) overrides ``allow_color``, and colour is
    used only when the stream is a terminal.

    Args:
        allow_color: Advice that colour is welcome when the terminal supports it.
        force_color: Always use colour; takes precedence over ``allow_color``.
        stream: The stream written to; ``sys.stdout`` by default.
    """
    if _env_flag("CLICOLOR_FORCE") or force_color:
        return True
    clicolor = _env_flag("CLICOLOR")
    if clicolor is not None:
        allow_color = clicolor
    if not allow_color:
        return False
    stream = stream if stream is not None else sys.stdout
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _default_substitutions(use_color: bool) -> dict[str, str]:
    package_dir = pathlib.Path(__file__).resolve().parent
    values = {
        "kagari_version": __version__,
        "kagari_url": __url__,
        "python_implementation": platform.python_implementation(),
        "python_version": platform.python_version(),
        "system": platform.system(),
        "machine": platform.machine(),
        "install_location": str(package_dir),
    }
    values.update({name: code if use_color else "" for name, code in _COLORS.items()})
    return values


def print_banner(
    banner: str | None,
    allow_color: bool,
    force_color: bool,
    extra_args: Mapping[str, str] | None = None,
    *,
    stream: TextIO | None = None,
) -> None:
    """Print the ``banner.txt`` found in the package ``banner``.

    ``$name`` / ``${name}`` placeholders are replaced by the default substitutions
    (``kagari_version``, ``python_version``, colour names such as ``red`` ...) and by
    ``extra_args``.

    Args:
        banner: The package holding ``banner.txt``; ``None`` prints nothing.
        allow_color: Whether colour may be used when the terminal supports it.
        force_color: Use colour even when the output is not a terminal.
        extra_args: More ``$``-substitutions. They may not replace a default one.
        stream: Where to print; ``sys.stdout`` by default.

    Raises:
        ValueError: If ``extra_args`` names a default substitution.
    """
    if banner is None:
        return
    stream = stream if stream is not None else sys.stdout
    values = _default_substitutions(supports_color(allow_color, force_color, stream))
    for key, value in (extra_args or {}).items():
        if key in values:
            raise ValueError(f"cannot override the default banner substitution ${key}")
        values[key] = value
    text = importlib.resources.files(banner).joinpath("banner.txt").read_text("utf-8")
    stream.write(string.Template(text).safe_substitute(values))
    stream.flush()


def init_logging(
    logs: LoggerLevel | Mapping[str, Any] | None, allow_color: bool, force_color: bool
) -> None:
    """Set up logging the way the ``logs`` argument of a bot asks.

    Args:
        logs: ``None`` leaves logging alone. A level name or number configures the root
            logger with a (coloured, where supported) stream handler, unless the root
            logger already has handlers; the level is applied either way. A mapping is
            passed to :func:`logging.config.dictConfig`.
        allow_color: As for :func:`supports_color`.
        force_color: As for :func:`supports_color`.
    """
    if logs is None:
        return
    if isinstance(logs, Mapping):
        logging.config.dictConfig(dict(logs))
        return
    root = logging.getLogger()
    level = logging.getLevelName(logs.upper()) if isinstance(logs, str) else logs
    if not isinstance(level, int):
        raise ValueError(f"unknown logging level {logs!r}")
    if not root.handlers:
        stream = sys.stderr
        handler = logging.StreamHandler(stream)
        fmt = "%(levelname)-1.1s %(asctime)23.23s %(name)s: %(message)s"
        if supports_color(allow_color, force_color, stream):
            handler.setFormatter(
                colorlog.ColoredFormatter(
                    "%(log_color)s%(bold)s" + fmt,
                    log_colors={
                        "TRACE_KAGARI": "light_black",
                        "DEBUG": "light_black",
                        "INFO": "light_white",
                        "WARNING": "yellow",
                        "ERROR": "red",
                        "CRITICAL": "bold_red",
                    },
                )
            )
        else:
            handler.setFormatter(logging.Formatter(fmt))
        root.addHandler(handler)
    root.setLevel(level)


def _latest_version(timeout: float) -> str | None:
    url = "https://pypi.org/pypi/kagari/json"
    with urllib.request.urlopen(url, timeout=timeout) as response:
        data = json.load(response)
    version = data.get("info", {}).get("version")
    return version if isinstance(version, str) else None


async def check_for_updates(timeout: float = 3.0) -> None:
    """Log at INFO if PyPI has a newer kagari. Silent on any failure (no network...).

    Runs the lookup in a thread so it never blocks the event loop; callers schedule it
    as a background task so it never delays start-up.
    """
    try:
        latest = await asyncio.wait_for(asyncio.to_thread(_latest_version, timeout), timeout)
    except Exception:  # no network, DNS failure, bad JSON: all silent by design
        _LOGGER.log(TRACE, "update check failed", exc_info=True)
        return
    if latest and _version_key(latest) > _version_key(__version__):
        _LOGGER.info("kagari %s is available (you have %s)", latest, __version__)


def _version_key(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in version.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)
