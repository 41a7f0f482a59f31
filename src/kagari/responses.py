"""The base of every response builder a listener may answer with."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import Any

from kagari.files import File

__all__ = ["ResponseBuilder"]


class ResponseBuilder(abc.ABC):
    """Something that becomes the HTTP answer to an interaction.

    Subclasses turn themselves into the JSON body of an interaction callback
    (``{"type": N, "data": {...}}``) plus the files to upload with it.
    """

    __slots__ = ()

    @abc.abstractmethod
    def build(self, interaction_type: int) -> tuple[dict[str, Any], Sequence[File]]:
        """Return the callback body and the files to send with it.

        Args:
            interaction_type: The type of the interaction being answered (2 = command,
                3 = component, 4 = autocomplete, 5 = modal submit). Builders whose
                callback type depends on it (a deferral is type 5 for commands and
                type 6 for components) use it; the others ignore it.
        """
