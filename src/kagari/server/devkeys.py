"""Development key pairs: sign interactions the way Discord does, with no Discord account."""

from __future__ import annotations

import binascii
import time

import nacl.signing

__all__ = ["DevKeyPair"]


class DevKeyPair:
    """An Ed25519 key pair that signs requests exactly as Discord signs interactions.

    A bot started with this pair's ``public_key`` accepts requests signed by ``sign``,
    so a bot can be tried locally (``kagari send``, ``curl``) or driven by tests.

    Args:
        signing_key: The private key as 64 hex characters or 32 raw bytes;
            a new random key when omitted.
    """

    __slots__ = ("_signing_key",)

    def __init__(self, signing_key: str | bytes | None = None) -> None:
        if signing_key is None:
            self._signing_key = nacl.signing.SigningKey.generate()
        else:
            raw = binascii.unhexlify(signing_key) if isinstance(signing_key, str) else signing_key
            self._signing_key = nacl.signing.SigningKey(raw)

    @property
    def public_key(self) -> str:
        """The public key as 64 hex characters (what a bot's ``public_key`` takes)."""
        return self._signing_key.verify_key.encode().hex()

    @property
    def signing_key(self) -> str:
        """The private signing key as 64 hex characters. Keep it out of source control."""
        return bytes(self._signing_key).hex()

    def sign(self, body: bytes, timestamp: str | None = None) -> dict[str, str]:
        """Sign ``body`` and return the two headers Discord would send with it.

        Args:
            body: The exact request body.
            timestamp: The ``X-Signature-Timestamp`` value; now when omitted.
        """
        if timestamp is None:
            timestamp = str(int(time.time()))
        signed = self._signing_key.sign(timestamp.encode() + body)
        return {
            "X-Signature-Ed25519": signed.signature.hex(),
            "X-Signature-Timestamp": timestamp,
        }

    def __repr__(self) -> str:
        return f"DevKeyPair(public_key={self.public_key!r})"
