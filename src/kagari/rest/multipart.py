"""Multipart bodies for messages with files: ``payload_json`` plus ``files[n]`` parts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

import aiohttp

from kagari.builders.files import File

__all__ = ["ReadFile", "build_form", "read_files", "with_attachments"]


class ReadFile:
    """A :class:`~kagari.File` whose bytes have been read, ready to upload (and re-upload).

    Attributes:
        filename: The name Discord shows.
        content_type: The part's MIME type.
        description: Alt text, if any.
        data: The bytes.
    """

    __slots__ = ("content_type", "data", "description", "filename")

    def __init__(self, file: File, data: bytes) -> None:
        self.filename = file.filename
        self.content_type = file.content_type
        self.description = file.description
        self.data = data


async def read_files(files: Sequence[File], executor: Executor | None) -> list[ReadFile]:
    """Read every file (paths and file objects in ``executor``, off the event loop)."""
    return [ReadFile(file, await file.read(executor)) for file in files]


def with_attachments(
    body: dict[str, Any], files: Sequence[ReadFile], data_key: str | None = None
) -> dict[str, Any]:
    """Return a copy of ``body`` whose ``attachments`` describe ``files`` as ids ``"0"``...

    Attachments already listed (kept ones on an edit, or ones a builder described) stay;
    a file whose index has no entry yet gets ``{"id": "n", "filename": ...}``.

    Args:
        body: The JSON body.
        files: The files, in upload order (file ``n`` is sent as part ``files[n]``).
        data_key: Where the message object sits in ``body`` (``"data"`` for an
            interaction callback), or ``None`` when ``body`` is the message itself.
    """
    body = dict(body)
    target = body
    if data_key is not None:
        target = dict(body.get(data_key) or {})
        body[data_key] = target
    attachments = list(target.get("attachments") or [])
    known = {str(item.get("id")) for item in attachments if isinstance(item, dict)}
    for index, file in enumerate(files):
        if str(index) in known:
            continue
        entry: dict[str, Any] = {"id": str(index), "filename": file.filename}
        if file.description is not None:
            entry["description"] = file.description
        attachments.append(entry)
    target["attachments"] = attachments
    return body


def build_form(payload: Any, files: Sequence[ReadFile]) -> aiohttp.FormData:
    """Build a fresh multipart body (one per attempt: aiohttp consumes it when sending)."""
    form = aiohttp.FormData(quote_fields=False)
    form.add_field(
        "payload_json",
        json.dumps(payload, separators=(",", ":")),
        content_type="application/json",
    )
    for index, file in enumerate(files):
        form.add_field(
            f"files[{index}]", file.data, filename=file.filename, content_type=file.content_type
        )
    return form
