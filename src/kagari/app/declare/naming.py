"""Discord's rules for command, option and choice names and descriptions.

Every check raises :class:`DeclarationError` at decoration time, naming the function
that declared the thing, the rule, and how to fix it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from kagari.builders import limits

__all__ = [
    "DeclarationError",
    "check_description",
    "check_localizations",
    "check_name",
]

_EXTRA_NAME_CHARS = frozenset("-_'")


class DeclarationError(TypeError):
    """A command, route or handler was declared in a way Discord or kagari cannot use.

    Raised at decoration (import) time, never at the first request.
    """


def check_name(name: str, *, what: str, owner: str, chat_input: bool = True) -> None:
    """Check a name against Discord's naming rules.

    Chat-input names (slash commands, subcommands, options) are 1-32 characters of
    lowercase letters, digits, ``-``, ``_`` and ``'`` (any script). Context-menu names
    are 1-32 characters of anything, spaces and capitals included.

    Args:
        name: The name to check.
        what: What is named (``"command name"``, ``"option name"``...), for the message.
        owner: The function or object that declared it, for the message.
        chat_input: Apply the stricter slash-command rules.

    Raises:
        DeclarationError: The name breaks a rule.
    """
    if not isinstance(name, str) or not 1 <= len(name) <= limits.COMMAND_NAME_MAX:
        length = len(name) if isinstance(name, str) else "not a str"
        raise DeclarationError(
            f"{owner}: {what} {name!r} must be 1-{limits.COMMAND_NAME_MAX} characters "
            f"(got {length})"
        )
    if not chat_input:
        if not name.strip():
            raise DeclarationError(f"{owner}: {what} {name!r} must not be blank")
        return
    for char in name:
        if char in _EXTRA_NAME_CHARS or char.isalnum():
            continue
        if unicodedata.category(char).startswith("M"):
            continue  # combining marks (Devanagari, Thai...)
        raise DeclarationError(
            f"{owner}: {what} {name!r} may only hold letters, digits, '-', '_' and "
            f'"\'" (found {char!r}); pass name=... with a valid name'
        )
    if name != name.lower():
        raise DeclarationError(
            f"{owner}: {what} {name!r} must be lowercase for slash commands; use {name.lower()!r}"
        )


def check_description(description: str, *, what: str, owner: str) -> None:
    """Check a description is 1-100 characters.

    Raises:
        DeclarationError: It is empty or too long.
    """
    limit = limits.COMMAND_DESCRIPTION_MAX
    if not isinstance(description, str) or not 1 <= len(description) <= limit:
        length = len(description) if isinstance(description, str) else "not a str"
        raise DeclarationError(
            f"{owner}: {what} must be 1-{limit} characters (got {length}): {description!r}"
        )


def check_localizations(
    values: Mapping[str, str] | None, *, what: str, owner: str, limit: int
) -> dict[str, str] | None:
    """Check a locale -> text mapping and return it as a plain dict.

    Args:
        values: Locale code (or :class:`~kagari.models.Locale`) to text.
        what: What is localized, for the message.
        owner: Who declared it, for the message.
        limit: The longest text allowed.

    Raises:
        DeclarationError: A text is empty or longer than ``limit``.
    """
    if values is None:
        return None
    result: dict[str, str] = {}
    for locale, text in values.items():
        key = str(getattr(locale, "value", locale))
        if not isinstance(text, str) or not 1 <= len(text) <= limit:
            raise DeclarationError(
                f"{owner}: {what} for locale {key!r} must be 1-{limit} characters: {text!r}"
            )
        result[key] = text
    return result
