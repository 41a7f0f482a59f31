"""Files a bot uploads with a message: bytes, paths or file objects, read off the event loop."""

from __future__ import annotations

import asyncio
import mimetypes
import os
import pathlib
from concurrent.futures import Executor
from typing import BinaryIO

__all__ = ["File"]


class File:
    """A file to attach to a message.

    Args:
        data: The content: raw ``bytes``, a path (``str`` or :class:`os.PathLike`), or an
            open binary file object. Paths and file objects are read through the bot's
            executor when the message is sent, never on the event loop.
        filename: The name Discord shows. Defaults to the path's name; required for bytes
            and nameless file objects.
        description: Alt text for the attachment.
        spoiler: Mark the attachment as a spoiler (prefixes the name with ``SPOILER_``).
        content_type: The MIME type; guessed from the filename when not given.
    """

    __slots__ = ("_data", "content_type", "description", "filename")

    def __init__(
        self,
        data: bytes | str | os.PathLike[str] | BinaryIO,
        filename: str | None = None,
        *,
        description: str | None = None,
        spoiler: bool = False,
        content_type: str | None = None,
    ) -> None:
        if filename is None:
            if isinstance(data, (str, os.PathLike)):
                filename = pathlib.Path(data).name
            else:
                name = getattr(data, "name", None)
                if isinstance(name, str) and name:
                    filename = pathlib.Path(name).name
        if not filename:
            raise ValueError("File.filename is required when data is bytes or a nameless file")
        if spoiler and not filename.startswith("SPOILER_"):
            filename = "SPOILER_" + filename
        self._data = data
        self.filename: str = filename
        self.description: str | None = description
        self.content_type: str = (
            content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        )

    def __repr__(self) -> str:
        return f"File(filename={self.filename!r}, content_type={self.content_type!r})"

    async def read(self, executor: Executor | None = None) -> bytes:
        """Return the file's bytes, reading paths and file objects in ``executor``.

        Args:
            executor: Where blocking reads run; ``None`` means the loop's default executor.
        """
        data = self._data
        if isinstance(data, bytes):
            return data
        loop = asyncio.get_running_loop()
        if isinstance(data, (str, os.PathLike)):
            return await loop.run_in_executor(executor, pathlib.Path(data).read_bytes)
        return await loop.run_in_executor(executor, data.read)
