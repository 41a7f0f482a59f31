"""Extensions: modules named by their import path that add a blueprint (or more) to a bot.

``bot.load_extension("mybot.moderation")`` imports the module and then, in this order:

- calls its ``setup(bot)`` if it defines one (a plain ``def``, which may register
  several blueprints, add error handlers, read settings...);
- otherwise registers its ``blueprint`` attribute, a :class:`~kagari.app.Blueprint`.

``"mybot.moderation:tools"`` names the attribute to register instead of ``blueprint``.
Every failure is an :class:`ExtensionError` that says which module and what to define.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import types
from typing import Any, Protocol

from kagari.app.declare.blueprints import Blueprint
from kagari.app.declare.naming import DeclarationError

__all__ = ["ExtensionError", "ExtensionHost", "load_extension"]


class ExtensionError(DeclarationError):
    """An extension could not be loaded: not found, failed to import, or nothing to add."""


class ExtensionHost(Protocol):
    """What :func:`load_extension` needs from the bot (a :class:`~kagari.app.Bot` is one)."""

    @property
    def extensions(self) -> dict[str, types.ModuleType]:
        """The loaded extensions by name."""
        ...

    def register(self, blueprint: Blueprint) -> None:
        """Add ``blueprint`` to the bot."""
        ...


def _import(module_name: str, package: str | None) -> types.ModuleType:
    try:
        return importlib.import_module(module_name, package)
    except ModuleNotFoundError as error:
        wanted = importlib.util.resolve_name(module_name, package)
        missing = error.name or ""
        if missing and (wanted == missing or wanted.startswith(missing + ".")):
            raise ExtensionError(
                f"extension {module_name!r}: no module named {missing!r}; give the import "
                "path of a module of your bot, such as 'mybot.moderation', and check the "
                "package is importable (installed, or on sys.path)"
            ) from None
        raise ExtensionError(f"extension {module_name!r}: importing it failed: {error}") from error
    except ImportError as error:
        raise ExtensionError(f"extension {module_name!r}: importing it failed: {error}") from error


def load_extension(
    host: ExtensionHost, name: str, *, package: str | None = None
) -> Blueprint | None:
    """Import the extension ``name`` and add what it declares to ``host``.

    Args:
        host: The bot.
        name: ``"package.module"`` (``setup(bot)`` or its ``blueprint``), or
            ``"package.module:attribute"`` (that blueprint); relative names such as
            ``".moderation"`` need ``package``.
        package: The package relative names start from.

    Returns:
        The blueprint registered, or ``None`` when ``setup(bot)`` did the work.

    Raises:
        ExtensionError: The module is not found or fails to import, it was loaded
            already, it has neither ``setup`` nor a blueprint, ``setup`` is an
            ``async def``, or the attribute is not a :class:`~kagari.app.Blueprint`.
        DeclarationError: The blueprint clashes with the bot (see ``Bot.register``).
        Exception: Whatever ``setup(bot)`` raises, unchanged.
    """
    if not isinstance(name, str) or not name.strip(":. "):
        raise ExtensionError(
            f"load_extension() takes a module path such as 'mybot.tools', got {name!r}"
        )
    module_name, _, attribute = name.partition(":")
    key = importlib.util.resolve_name(module_name, package) + (f":{attribute}" if attribute else "")
    if key in host.extensions:
        raise ExtensionError(f"extension {key!r} is already loaded; load each extension once")
    module = _import(module_name, package)
    target: Any
    if attribute:
        target = getattr(module, attribute, None)
        if target is None:
            raise ExtensionError(
                f"extension {key!r}: module {module.__name__!r} has no {attribute!r}"
            )
    else:
        setup = getattr(module, "setup", None)
        if setup is not None:
            if inspect.iscoroutinefunction(setup) or not callable(setup):
                raise ExtensionError(
                    f"extension {key!r}: setup must be a plain 'def setup(bot)' (it runs "
                    "while the bot is being declared, before any event loop)"
                )
            setup(host)
            host.extensions[key] = module
            return None
        target = getattr(module, "blueprint", None)
        if target is None:
            raise ExtensionError(
                f"extension {key!r}: module {module.__name__!r} defines neither "
                "'setup(bot)' nor 'blueprint'; add 'blueprint = kagari.Blueprint(...)' "
                f"(or name the blueprint: '{module_name}:my_blueprint')"
            )
    if not isinstance(target, Blueprint):
        raise ExtensionError(f"extension {key!r}: {target!r} is not a kagari.Blueprint")
    host.register(target)
    host.extensions[key] = module
    return target
