"""``multipart/form-data`` bodies the way Discord wants them: ``payload_json`` + ``files[n]``."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

from kagari import _json
from kagari.builders.files import File

__all__ = ["encode_multipart"]


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "")


async def encode_multipart(
    payload: Any, files: Sequence[File], executor: Executor | None = None
) -> tuple[bytes, str]:
    """Encode a JSON payload and its files as one multipart body.

    Args:
        payload: The JSON part, sent as the ``payload_json`` field.
        files: Sent as ``files[0]``, ``files[1]`` ... in order (the ``id`` of each entry
            in the payload's ``attachments`` is that index).
        executor: Where file reads run.

    Returns:
        The body and the ``Content-Type`` header value (with its boundary).
    """
    boundary = "kagari" + secrets.token_hex(16)
    marker = f"--{boundary}\r\n".encode()
    chunks = [
        marker,
        b'Content-Disposition: form-data; name="payload_json"\r\n',
        b"Content-Type: application/json\r\n\r\n",
        _json.dumps(payload),
        b"\r\n",
    ]
    for index, file in enumerate(files):
        data = await file.read(executor)
        chunks += [
            marker,
            (
                f'Content-Disposition: form-data; name="files[{index}]"; '
                f'filename="{_quote(file.filename)}"\r\n'
            ).encode(),
            f"Content-Type: {file.content_type}\r\n\r\n".encode(),
            data,
            b"\r\n",
        ]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"
