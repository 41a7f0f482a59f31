"""Where the ``Authorization`` header comes from: fixed tokens and OAuth2 strategies."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

if TYPE_CHECKING:
    from kagari.rest.types import OAuth2TokenObject

__all__ = ["ClientCredentialsStrategy", "Requester", "TokenStrategy", "normalize_token_type"]

_TOKEN_TYPES = {"bot": "Bot", "bearer": "Bearer"}
_clock = time.monotonic  # Module-level so that tests can move time forward.


def normalize_token_type(token_type: str) -> str:
    """Return ``"Bot"`` or ``"Bearer"`` for any casing of them.

    Raises:
        ValueError: For any other token type.
    """
    try:
        return _TOKEN_TYPES[token_type.strip().lower()]
    except KeyError:
        raise ValueError(
            f"token_type must be 'Bot' or 'Bearer' (any case), got {token_type!r}"
        ) from None


class Requester(Protocol):
    """What a token strategy needs of the REST client: one way to send a request.

    :class:`~kagari.rest.RESTClient` is one; a strategy that fetches its token (such as
    :class:`ClientCredentialsStrategy`) sends ``POST /oauth2/token`` through it.
    """

    async def request(
        self,
        method: str,
        template: str,
        *,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool | None = None,
    ) -> Any:
        """Send one request and return the decoded answer.

        Args:
            method: The HTTP method.
            template: The path under the API's base URL.
            form: A url-encoded form body.
            headers: Extra headers.
            auth: ``False`` to send no ``Authorization`` header from a strategy.
        """
        ...


@runtime_checkable
class TokenStrategy(Protocol):
    """Supplies the ``Authorization`` header for authenticated requests.

    The client calls :meth:`acquire` before each authenticated request and
    :meth:`invalidate` when Discord answers 401 with that header, then retries once.

    Attributes:
        token_type: ``"Bot"`` or ``"Bearer"``.
    """

    @property
    def token_type(self) -> str:
        """``"Bot"`` or ``"Bearer"``."""
        ...

    async def acquire(self, client: Requester) -> str:
        """Return the whole ``Authorization`` header value, such as ``"Bearer abc"``.

        Args:
            client: The REST client asking (a strategy may use it to fetch a token).
        """
        ...

    def invalidate(self, token: str | None) -> None:
        """Forget ``token`` (a value :meth:`acquire` returned); ``None`` forgets any token."""
        ...


class ClientCredentialsStrategy:
    """An OAuth2 client-credentials token, fetched on demand and refreshed before it expires.

    The token is fetched with ``POST /oauth2/token`` (``grant_type=client_credentials``,
    HTTP basic auth with the application's id and secret). It is refreshed once less
    than a tenth of its lifetime (at most five minutes) is left, or after Discord
    rejects it with 401.

    Args:
        client_id: The application's id.
        client_secret: The application's OAuth2 secret.
        scopes: The scopes to ask for.
    """

    token_type = "Bearer"

    def __init__(
        self,
        client_id: int | str,
        client_secret: str,
        scopes: Sequence[str] = ("applications.commands.update",),
    ) -> None:
        if isinstance(scopes, str):
            raise TypeError("ClientCredentialsStrategy.scopes must be a sequence of scope names")
        if not scopes:
            raise ValueError("ClientCredentialsStrategy.scopes must name at least one scope")
        self.client_id = str(client_id)
        self.scopes: tuple[str, ...] = tuple(scopes)
        credentials = f"{self.client_id}:{client_secret}".encode()
        self._basic = "Basic " + base64.b64encode(credentials).decode("ascii")
        self._header: str | None = None
        self._refresh_at = 0.0
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"ClientCredentialsStrategy(client_id={self.client_id!r}, scopes={self.scopes!r})"

    async def acquire(self, client: Requester) -> str:
        """Return ``"Bearer <access token>"``, fetching a new token when needed.

        Raises:
            kagari.rest.errors.HTTPError: When Discord refuses the credentials.
        """
        header = self._header
        if header is not None and _clock() < self._refresh_at:
            return header
        async with self._lock:
            header = self._header
            if header is not None and _clock() < self._refresh_at:
                return header
            return await self._fetch(client)

    async def _fetch(self, client: Requester) -> str:
        started = _clock()
        data = await client.request(
            "POST",
            "/oauth2/token",
            form={"grant_type": "client_credentials", "scope": " ".join(self.scopes)},
            auth=False,
            headers={"Authorization": self._basic},
        )
        if not isinstance(data, dict) or "access_token" not in data:
            raise ValueError(f"/oauth2/token answered without an access_token: {data!r}")
        answer = cast("OAuth2TokenObject", data)
        lifetime = float(answer.get("expires_in", 0))
        self._refresh_at = started + lifetime - min(lifetime / 10, 300.0)
        token_type = normalize_token_type(str(answer.get("token_type", "Bearer")))
        self._header = f"{token_type} {answer['access_token']}"
        return self._header

    def invalidate(self, token: str | None) -> None:
        """Drop the cached token if it is ``token`` (or any token when ``None``)."""
        if token is None or token == self._header:
            self._header = None
            self._refresh_at = 0.0
