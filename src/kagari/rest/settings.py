"""Settings objects for kagari's outgoing HTTP traffic (the Discord REST client)."""

from __future__ import annotations

import dataclasses
import ssl as ssl_module
from collections.abc import Mapping

__all__ = ["HTTPSettings", "HTTPTimeoutSettings", "ProxySettings"]


@dataclasses.dataclass(frozen=True)
class HTTPTimeoutSettings:
    """Timeouts, in seconds, for requests kagari makes to Discord.

    ``None`` disables a timeout.

    Attributes:
        total: Time allowed for a whole request, connection to last byte.
        connect: Time allowed to get a connection from the pool, including connecting.
        sock_connect: Time allowed to open a new socket to the server.
        sock_read: Time allowed between two reads of the response.
    """

    total: float | None = 30.0
    connect: float | None = None
    sock_connect: float | None = 10.0
    sock_read: float | None = None

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is not None and value <= 0:
                raise ValueError(f"HTTPTimeoutSettings.{field.name} must be positive or None")


@dataclasses.dataclass(frozen=True)
class HTTPSettings:
    """HTTP behaviour of the REST client.

    Attributes:
        timeouts: Request timeouts.
        verify_ssl: ``True`` to verify TLS certificates (the default), ``False`` to skip
            verification (never do this in production), or an :class:`ssl.SSLContext`.
        max_redirects: How many redirects to follow; ``0`` disables following redirects.
        enable_cleanup_closed: Ask aiohttp to abort TLS transports that did not close cleanly.
        max_connections: Size of the connection pool (``0`` means unlimited).
    """

    timeouts: HTTPTimeoutSettings = dataclasses.field(default_factory=HTTPTimeoutSettings)
    verify_ssl: bool | ssl_module.SSLContext = True
    max_redirects: int = 10
    enable_cleanup_closed: bool = False
    max_connections: int = 100

    def __post_init__(self) -> None:
        if self.max_redirects < 0:
            raise ValueError("HTTPSettings.max_redirects must not be negative")
        if self.max_connections < 0:
            raise ValueError("HTTPSettings.max_connections must not be negative")

    @property
    def allow_redirects(self) -> bool:
        """Whether redirects are followed at all."""
        return self.max_redirects > 0


@dataclasses.dataclass(frozen=True)
class ProxySettings:
    """Settings for reaching Discord through an HTTP proxy.

    Attributes:
        url: The proxy URL (``http://host:port``), or ``None`` for no explicit proxy.
        auth: A value for the ``Proxy-Authorization`` header, if the proxy needs one.
        headers: Extra headers sent to the proxy.
        trust_env: Read ``HTTP(S)_PROXY``, ``NO_PROXY`` and ``~/.netrc`` from the environment.
    """

    url: str | None = None
    auth: str | None = None
    headers: Mapping[str, str] | None = None
    trust_env: bool = False

    @property
    def all_headers(self) -> dict[str, str] | None:
        """The headers to send to the proxy, ``Proxy-Authorization`` included."""
        merged = dict(self.headers or {})
        if self.auth is not None:
            merged["Proxy-Authorization"] = self.auth
        return merged or None
