"""Ed25519 signature checks for incoming interactions, with a timestamp window."""

from __future__ import annotations

import binascii
import math
import time
from collections.abc import Callable

import nacl.exceptions
import nacl.signing

__all__ = ["InvalidSignature", "Verifier", "parse_public_key"]

_SIGNATURE_LENGTH = 64
_PUBLIC_KEY_LENGTH = 32


class InvalidSignature(Exception):
    """The request's signature headers are missing, malformed, stale or do not verify."""


def parse_public_key(public_key: str | bytes) -> bytes:
    """Turn a public key given as 64 hex characters or 32 raw bytes into raw bytes.

    Raises:
        ValueError: With a message that says what is wrong (the usual mistake is passing
            the bot token or the application id instead of the public key).
    """
    if isinstance(public_key, bytes) and len(public_key) == _PUBLIC_KEY_LENGTH:
        return public_key
    text = public_key.decode("ascii", "replace") if isinstance(public_key, bytes) else public_key
    text = text.strip()
    if len(text) != 2 * _PUBLIC_KEY_LENGTH:
        hint = " (that looks like a bot token)" if "." in text else ""
        raise ValueError(
            "public_key must be the application's public key: 64 hex characters or 32 raw "
            f"bytes, found {len(text)} characters{hint}. Copy it from the General "
            "Information page of your application in the Discord developer portal."
        )
    try:
        return binascii.unhexlify(text)
    except binascii.Error:
        raise ValueError("public_key must be hexadecimal (0-9, a-f)") from None


class Verifier:
    """Checks ``X-Signature-Ed25519`` / ``X-Signature-Timestamp`` against a public key.

    Args:
        public_key: The application's public key (hex string or raw bytes).
        max_age: How far, in seconds, the signed timestamp may be from this server's clock
            (either way). ``None`` disables the window (not recommended).
        clock: Returns the current UNIX time; replace it in tests.
    """

    __slots__ = ("_clock", "_key", "max_age")

    def __init__(
        self,
        public_key: str | bytes,
        *,
        max_age: float | None = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key = nacl.signing.VerifyKey(parse_public_key(public_key))
        self.max_age = max_age
        self._clock = clock

    @staticmethod
    def check_headers(signature: bytes | str | None, timestamp: bytes | str | None) -> None:
        """Check that both headers are present and well formed, before the body is read.

        Raises:
            InvalidSignature: When a header is missing, not hexadecimal, of the wrong
                length, or the timestamp is not a number.
        """
        if not signature or not timestamp:
            raise InvalidSignature("missing signature headers")
        if len(signature) != 2 * _SIGNATURE_LENGTH:
            raise InvalidSignature("signature has the wrong length")
        try:
            binascii.unhexlify(signature)
        except (binascii.Error, ValueError):
            raise InvalidSignature("signature is not hexadecimal") from None
        try:
            finite = math.isfinite(float(timestamp))
        except ValueError:
            finite = False
        if not finite:
            raise InvalidSignature("timestamp is not a number")

    def verify(self, body: bytes, signature: bytes | str, timestamp: bytes | str) -> None:
        """Check one request: headers, replay window, then the signature itself.

        Args:
            body: The raw request body, exactly as received.
            signature: The ``X-Signature-Ed25519`` header (hex).
            timestamp: The ``X-Signature-Timestamp`` header (UNIX seconds, as text).

        Raises:
            InvalidSignature: With the reason; never with the body in the message.
        """
        self.check_headers(signature, timestamp)
        self.verify_checked(body, signature, timestamp)

    def verify_checked(self, body: bytes, signature: bytes | str, timestamp: bytes | str) -> None:
        """:meth:`verify` for headers that already passed :meth:`check_headers`.

        Raises:
            InvalidSignature: If the timestamp is outside the window or the signature
                does not verify.
        """
        if isinstance(signature, str):
            signature = signature.encode("ascii", "replace")
        if isinstance(timestamp, str):
            timestamp = timestamp.encode("ascii", "replace")
        if self.max_age is not None and abs(self._clock() - float(timestamp)) > self.max_age:
            raise InvalidSignature("timestamp is outside the replay window")
        self.verify_message(timestamp + body, binascii.unhexlify(signature))

    def verify_message(self, message: bytes, signature: bytes) -> None:
        """Check a raw Ed25519 ``signature`` (64 bytes) of ``message``.

        Raises:
            InvalidSignature: If it does not verify.
        """
        try:
            self._key.verify(message, signature)
        except (nacl.exceptions.BadSignatureError, ValueError):
            raise InvalidSignature("signature does not verify") from None

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte public key."""
        return bytes(self._key)
