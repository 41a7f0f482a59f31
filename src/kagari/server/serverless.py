"""Serverless answers: everything done before the HTTP response, the first answer over REST.

Platforms such as AWS Lambda (through Mangum), Vercel and Google Cloud Functions freeze
the process once the HTTP response is returned, so nothing may run after it: not the
rest of an async generator listener, not a follow-up. :class:`ServerlessAnswer` turns
the answer of the request path into one that suits them:

1. the interaction's first answer (the callback the listener returned) is sent to
   Discord's interaction callback endpoint through REST;
2. the post-response work then runs, and every tracked background task is awaited;
3. the HTTP answer is ``202`` with no body (Discord already has its answer).

A PING is still answered in the HTTP body, refusals are passed on unchanged, and a
webhook event's handlers run before its ``204``. The platform's own time limit bounds
the whole; nothing here cuts work off.

This module knows no REST client: the caller passes the one call it needs.
"""

from __future__ import annotations

import email.parser
import email.policy
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from kagari import _json
from kagari.builders.files import File
from kagari.server.logs import escape
from kagari.server.pipeline import Response, error_response
from kagari.server.tasks import TaskTracker

__all__ = ["CallbackSender", "ServerlessAnswer", "callback_body"]

_LOGGER = logging.getLogger("kagari.server.serverless")

CallbackSender = Callable[[str, str, dict[str, Any], Sequence[File]], Awaitable[None]]
"""``send(interaction_id, token, body, files)``: POST the callback to Discord."""


def callback_body(response: Response) -> tuple[dict[str, Any], list[File]]:
    """The callback JSON and files a 200 answer of the request path carries.

    Raises:
        ValueError: If the body is neither a JSON object nor a multipart body with a
            ``payload_json`` part.
    """
    body = response.body or b""
    content_type = response.content_type or ""
    if not content_type.startswith("multipart/"):
        payload = _json.loads(body)
        if not isinstance(payload, dict):
            raise ValueError("the answer is not a JSON object")
        return payload, []
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    found: dict[str, Any] | None = None
    files: list[File] = []
    for part in message.iter_parts():
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        if part.get_param("name", header="content-disposition") == "payload_json":
            loaded = _json.loads(data)
            found = loaded if isinstance(loaded, dict) else None
        else:
            name = part.get_filename() or "file"
            files.append(File(data, name, content_type=part.get_content_type()))
    if found is None:
        raise ValueError("the multipart answer has no payload_json part")
    return found, files


class ServerlessAnswer:
    """Finishes each request's work before its HTTP answer (see the module docstring).

    Args:
        tasks: The tracker of post-response work and background tasks; the answer
            waits until it is empty.
        send_callback: Sends an interaction's callback through REST.
    """

    def __init__(self, tasks: TaskTracker, send_callback: CallbackSender) -> None:
        self._tasks = tasks
        self._send_callback = send_callback

    async def interaction(self, body: bytes, response: Response) -> Response:
        """The HTTP answer for a verified interaction request whose answer is ``response``.

        Args:
            body: The request body (verified by the request path).
            response: What the request path answered.

        Returns:
            ``response`` itself for a PING or a refusal; else 202 once the callback
            and all work are done, or 502 if Discord's callback endpoint refused.
        """
        if response.status not in (200, 202):
            return await self.settled(response)
        try:
            payload = _json.loads(body)
        except ValueError:
            return await self.settled(response)
        if not isinstance(payload, dict) or payload.get("type") == 1:
            return response  # a PING: the PONG must be the HTTP answer
        interaction_id = str(payload.get("id", ""))
        failed = False
        if response.status == 200:
            token = payload.get("token")
            try:
                answer, files = callback_body(response)
                await self._send_callback(
                    interaction_id, token if isinstance(token, str) else "", answer, files
                )
            except Exception:
                failed = True
                _LOGGER.exception(
                    "could not send the answer of interaction %s to the callback endpoint",
                    escape(interaction_id),
                )
        await self.settled(response)
        if failed:
            return error_response(502, "the interaction callback could not be sent")
        return Response(202)

    async def settled(self, response: Response) -> Response:
        """Release ``response``'s post-response work, wait for all work, return it."""
        response.sent()
        await self.idle()
        return response

    async def idle(self) -> None:
        """Wait until no tracked task is running (new ones started meanwhile too)."""
        tasks = self._tasks
        while len(tasks):
            await tasks.drain(None)
