"""URLs of images on Discord's CDN."""

from __future__ import annotations

__all__ = ["CDN_URL", "default_avatar_url", "image_url"]

CDN_URL = "https://cdn.discordapp.com"


def image_url(path: str, image_hash: str, size: int | None = None) -> str:
    """Return the URL of a hashed image, as a GIF when the hash marks it animated."""
    extension = "gif" if image_hash.startswith("a_") else "png"
    url = f"{CDN_URL}/{path}/{image_hash}.{extension}"
    return url if size is None else f"{url}?size={size}"


def default_avatar_url(user_id: int, discriminator: str) -> str:
    """Return the built-in avatar Discord shows for a user without one.

    Users on the new username system (discriminator ``"0"``) pick one of six by id;
    legacy users pick one of five by discriminator.
    """
    legacy = discriminator.isascii() and discriminator.isdigit() and len(discriminator) <= 10
    number = int(discriminator) if legacy else 0
    index = number % 5 if number else (user_id >> 22) % 6
    return f"{CDN_URL}/embed/avatars/{index}.png"
