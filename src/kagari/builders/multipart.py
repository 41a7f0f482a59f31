"""``multipart/form-data`` bodies the way Discord wants them: ``payload_json`` + ``files[n]``.

The one encoder for both directions a file travels: the HTTP answer to an interaction
(:mod:`kagari.server.pipeline`) and REST requests (:mod:`kagari.rest.client`). Files are
read once (:func:`read_files`, off the event loop for paths and file objects); the body is
built from the read bytes, so a REST retry sends the same bytes again.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

from kagari import _json
from kagari.builders.files import File

__all__ = ["ReadFile", "encode_form", "encode_multipart", "read_files", "with_attachments"]


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


async def read_files(files: Sequence[File], executor: Executor | None = None) -> list[ReadFile]:
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


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "")


def _part(name: str, data: bytes, *, filename: str | None, content_type: str | None) -> bytes:
    """One part (without its boundary line): headers, a blank line, the data, CRLF."""
    disposition = f'Content-Disposition: form-data; name="{_quote(name)}"'
    if filename is not None:
        disposition += f'; filename="{_quote(filename)}"'
    headers = disposition + "\r\n"
    if content_type is not None:
        headers += f"Content-Type: {content_type}\r\n"
    return headers.encode() + b"\r\n" + data + b"\r\n"


def _join(parts: Sequence[bytes]) -> tuple[bytes, str]:
    boundary = "kagari" + secrets.token_hex(16)
    marker = f"--{boundary}\r\n".encode()
    chunks: list[bytes] = []
    for part in parts:
        chunks += [marker, part]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def encode_multipart(payload: Any, files: Sequence[ReadFile]) -> tuple[bytes, str]:
    """Encode a JSON payload and its read files as one multipart body.

    Args:
        payload: The JSON part, sent as the ``payload_json`` field.
        files: Sent as ``files[0]``, ``files[1]`` ... in order (the ``id`` of each entry
            in the payload's ``attachments`` is that index).

    Returns:
        The body and the ``Content-Type`` header value (with its boundary).
    """
    parts = [
        _part("payload_json", _json.dumps(payload), filename=None, content_type="application/json")
    ]
    parts += [
        _part(f"files[{index}]", file.data, filename=file.filename, content_type=file.content_type)
        for index, file in enumerate(files)
    ]
    return _join(parts)


def encode_form(fields: Mapping[str, str | ReadFile]) -> tuple[bytes, str]:
    """Encode named form fields as one multipart body (Discord's form-only endpoints).

    Args:
        fields: Text fields, and read files sent under their field name with their
            filename and content type.

    Returns:
        The body and the ``Content-Type`` header value (with its boundary).
    """
    return _join(
        [
            _part(name, value.data, filename=value.filename, content_type=value.content_type)
            if isinstance(value, ReadFile)
            else _part(name, value.encode(), filename=None, content_type=None)
            for name, value in fields.items()
        ]
    )
