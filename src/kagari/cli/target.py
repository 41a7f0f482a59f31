"""Find the bot a command line names: ``module:attr``, ``path/to/file.py[:attr]`` or ``module``."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import os
import pathlib
import sys
import types
from typing import Any

from kagari.cli.common import CLIError
from kagari.restbot import RESTBot

__all__ = ["Target", "load_bot", "parse_target"]

DEFAULT_ATTRIBUTE = "bot"


@dataclasses.dataclass(frozen=True)
class Target:
    """Where a bot lives.

    Attributes:
        text: The target as typed.
        module: A module name, or ``None`` for a file.
        path: The file, or ``None`` for a module.
        attribute: The attribute holding the bot (``None``: ``bot``, or the only one).
    """

    text: str
    module: str | None
    path: pathlib.Path | None
    attribute: str | None

    @property
    def watch_root(self) -> pathlib.Path:
        """The directory whose sources ``--reload`` watches."""
        return self.path.parent if self.path is not None else pathlib.Path.cwd()


def parse_target(text: str) -> Target:
    """Split ``module:attr`` / ``file.py:attr`` / ``module`` / ``file.py``.

    Raises:
        CLIError: The target is empty or its attribute part is not a dotted name.
    """
    if not text.strip():
        raise CLIError("the target is empty", hint="pass e.g. 'mybot:bot' or 'examples/ping.py'")
    where, attribute = text, None
    head, sep, tail = text.rpartition(":")
    # "C:\bots\x.py" has a colon too; only an identifier after the last colon is an attribute.
    if sep and head and tail and all(part.isidentifier() for part in tail.split(".")):
        where, attribute = head, tail
    elif sep and head and not tail:
        raise CLIError(f"target {text!r}: nothing after ':'", hint="write 'module:attribute'")
    looks_like_file = where.endswith(".py") or "/" in where or os.sep in where
    if looks_like_file or os.path.isfile(where):
        return Target(text, None, pathlib.Path(where), attribute)
    if not all(part.isidentifier() for part in where.split(".")):
        raise CLIError(
            f"target {text!r} is neither a module name nor a .py file",
            hint="pass e.g. 'mybot:bot', 'package.module:bot' or 'path/to/bot.py'",
        )
    return Target(text, where, None, attribute)


def load_bot(text: str) -> RESTBot:
    """Import the target and return the bot it names.

    A file is imported as a module named after it, with its directory first on
    ``sys.path`` (so it can import its neighbours); a module is imported with the current
    directory on ``sys.path``. Without an attribute, ``bot`` is used, or the module's only
    bot. A callable attribute (an app factory) is called with no arguments.

    Raises:
        CLIError: The file or module cannot be found or imported, or holds no bot.
    """
    target = parse_target(text)
    module = _import(target)
    value = _attribute(target, module)
    if callable(value) and not isinstance(value, RESTBot):
        try:
            value = value()
        except Exception as error:
            raise CLIError(
                f"{target.text}: calling the factory failed: {type(error).__name__}: {error}"
            ) from error
    if not isinstance(value, RESTBot):
        raise CLIError(
            f"{target.text} is not a kagari bot (got {type(value).__name__})",
            hint="point at a kagari.Bot (or kagari.RESTBot) instance",
        )
    return value


def _import(target: Target) -> types.ModuleType:
    if target.path is not None:
        return _import_file(target, target.path)
    assert target.module is not None
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)
    try:
        return importlib.import_module(target.module)
    except ModuleNotFoundError as error:
        if error.name is not None and target.module.startswith(error.name):
            raise CLIError(
                f"no module named {target.module!r} (looked in {cwd} and on sys.path)",
                hint="run from the project directory, or pass the file path instead",
            ) from error
        raise _import_error(target, error) from error
    except Exception as error:
        raise _import_error(target, error) from error


def _import_file(target: Target, path: pathlib.Path) -> types.ModuleType:
    if not path.is_file():
        raise CLIError(f"file not found: {path}", hint="check the path (relative to the cwd)")
    resolved = path.resolve()
    name = resolved.stem if resolved.stem.isidentifier() else "kagari_target"
    existing = sys.modules.get(name)
    if existing is not None and getattr(existing, "__file__", None) != str(resolved):
        name = f"kagari_target_{name}"
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:
        raise CLIError(f"cannot import {path}: not a Python source file")
    directory = str(resolved.parent)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        sys.modules.pop(name, None)
        raise _import_error(target, error) from error
    return module


def _import_error(target: Target, error: Exception) -> CLIError:
    hint = "run with --debug for the traceback"
    if isinstance(error, KeyError) and str(error.args[0] if error.args else "").isupper():
        hint = f"set the environment variable {error.args[0]} (the bot reads it at import)"
    return CLIError(f"importing {target.text} failed: {type(error).__name__}: {error}", hint=hint)


def _attribute(target: Target, module: types.ModuleType) -> Any:
    if target.attribute is not None:
        value: Any = module
        for part in target.attribute.split("."):
            try:
                value = getattr(value, part)
            except AttributeError:
                raise CLIError(
                    f"{target.text}: {module.__name__!r} has no attribute {target.attribute!r}",
                    hint=_candidates_hint(module),
                ) from None
        return value
    if hasattr(module, DEFAULT_ATTRIBUTE):
        return getattr(module, DEFAULT_ATTRIBUTE)
    bots = _bots_in(module)
    if len(bots) == 1:
        return getattr(module, bots[0])
    if not bots:
        raise CLIError(
            f"{target.text}: no kagari bot found in {module.__name__!r}",
            hint="create one at module level, e.g. 'bot = kagari.Bot()'",
        )
    raise CLIError(
        f"{target.text}: several bots in {module.__name__!r} ({', '.join(bots)})",
        hint=f"pick one, e.g. '{target.text}:{bots[0]}'",
    )


def _bots_in(module: types.ModuleType) -> list[str]:
    return sorted(name for name, value in vars(module).items() if isinstance(value, RESTBot))


def _candidates_hint(module: types.ModuleType) -> str:
    bots = _bots_in(module)
    if bots:
        return "bots found there: " + ", ".join(bots)
    return "no kagari bot is defined at the top level of that module"
