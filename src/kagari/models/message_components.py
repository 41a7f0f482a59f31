"""The component tree of a received message: rows, buttons, selects, and Components V2."""

from __future__ import annotations

from typing import Any, ClassVar

from kagari.models import _convert as c
from kagari.models._base import Model
from kagari.models._lazy import cached_property
from kagari.models.emoji import Emoji
from kagari.models.enums import ChannelType, ComponentType
from kagari.models.snowflake import Snowflake

__all__ = ["MediaGalleryItem", "MessageComponent", "SelectOption", "UnfurledMedia"]


def _emoji(value: Any) -> Emoji | None:
    return Emoji(value) if isinstance(value, dict) else None


def _media(value: Any) -> UnfurledMedia | None:
    return UnfurledMedia(value) if isinstance(value, dict) else None


class UnfurledMedia(Model):
    """An image, video or file a component shows, as Discord resolved it.

    A missing ``url`` decodes to ``""``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("url",)

    @cached_property
    def url(self) -> str:
        """The URL as sent (``https://...`` or ``attachment://<filename>``)."""
        return c.as_str(self._raw.get("url"))

    @cached_property
    def proxy_url(self) -> str | None:
        """The URL through Discord's media proxy."""
        return c.as_opt_str(self._raw.get("proxy_url"))

    @cached_property
    def width(self) -> int | None:
        """The width in pixels, for images and videos."""
        return c.as_opt_int(self._raw.get("width"))

    @cached_property
    def height(self) -> int | None:
        """The height in pixels, for images and videos."""
        return c.as_opt_int(self._raw.get("height"))

    @cached_property
    def content_type(self) -> str | None:
        """The media type, such as ``"image/png"``."""
        return c.as_opt_str(self._raw.get("content_type"))

    @cached_property
    def attachment_id(self) -> Snowflake | None:
        """The message attachment the media is, for ``attachment://`` references."""
        return c.opt_snowflake(self._raw.get("attachment_id"))


class MediaGalleryItem(Model):
    """One image or video of a media gallery."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("media",)

    @cached_property
    def media(self) -> UnfurledMedia:
        """The image or video (an empty one when missing)."""
        return UnfurledMedia(self._raw.get("media"))

    @cached_property
    def description(self) -> str | None:
        """The alt text, if any."""
        return c.as_opt_str(self._raw.get("description"))

    @cached_property
    def spoiler(self) -> bool:
        """Whether the item is blurred until clicked."""
        return c.as_bool(self._raw.get("spoiler"))


class SelectOption(Model):
    """A choice of a string select on a message.

    Missing ``label`` and ``value`` decode to ``""``.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("value", "label")

    @cached_property
    def label(self) -> str:
        """The text the user sees."""
        return c.as_str(self._raw.get("label"))

    @cached_property
    def value(self) -> str:
        """The value the app gets when the option is chosen."""
        return c.as_str(self._raw.get("value"))

    @cached_property
    def description(self) -> str | None:
        """The smaller text under the label, if any."""
        return c.as_opt_str(self._raw.get("description"))

    @cached_property
    def emoji(self) -> Emoji | None:
        """The emoji shown beside the label, if any."""
        return _emoji(self._raw.get("emoji"))

    @cached_property
    def default(self) -> bool:
        """Whether the option is selected by default."""
        return c.as_bool(self._raw.get("default"))


class MessageComponent(Model):
    """One node of a message's component tree, of any type.

    Every property reads one field; the ones a component type does not have are
    ``None`` (or ``[]``/``False``). :attr:`type` tells which apply: buttons have
    ``style``/``label``/``emoji``/``url``/``custom_id``, selects ``placeholder``/
    ``options``/``min_values``, a text display ``content``, a container
    ``accent_color``, a section an ``accessory``... :meth:`walk` visits the whole tree.

    For code written against the raw objects, ``component["custom_id"]``,
    ``component.get("label")`` and ``"url" in component`` read the dict Discord sent.
    """

    _repr_fields: ClassVar[tuple[str, ...]] = ("type", "id", "custom_id")

    # -- the raw object, read by key ---------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        """The raw field ``key``, as Discord sent it.

        Raises:
            KeyError: The component has no such field.
        """
        return self._raw[key]

    def __contains__(self, key: object) -> bool:
        """Whether the raw object has the field ``key``."""
        return key in self._raw

    def get(self, key: str, default: Any = None) -> Any:
        """The raw field ``key``, or ``default`` when the component has none."""
        return self._raw.get(key, default)

    # -- every component ---------------------------------------------------------------------

    @cached_property
    def type(self) -> ComponentType | int:
        """The component type (``0`` when missing)."""
        return c.try_enum(ComponentType, c.as_int(self._raw.get("type")))

    @cached_property
    def id(self) -> int | None:
        """The numeric component id within the message."""
        return c.as_opt_int(self._raw.get("id"))

    @cached_property
    def custom_id(self) -> str | None:
        """The ``custom_id`` of an interactive component (button, select)."""
        return c.as_opt_str(self._raw.get("custom_id"))

    @cached_property
    def children(self) -> list[MessageComponent]:
        """The components inside an action row, section or container."""
        return [MessageComponent(item) for item in c.as_list(self._raw.get("components"))]

    @cached_property
    def accessory(self) -> MessageComponent | None:
        """The button or thumbnail beside a section's text."""
        value = self._raw.get("accessory")
        return MessageComponent(value) if isinstance(value, dict) else None

    def walk(self) -> list[MessageComponent]:
        """This component and all components below it (accessories too), depth first."""
        out: list[MessageComponent] = [self]
        for child in self.children:
            out.extend(child.walk())
        if self.accessory is not None:
            out.extend(self.accessory.walk())
        return out

    # -- buttons -------------------------------------------------------------------------------

    @cached_property
    def style(self) -> int | None:
        """A button's style (``1`` primary ... ``5`` link, ``6`` premium)."""
        return c.as_opt_int(self._raw.get("style"))

    @cached_property
    def label(self) -> str | None:
        """A button's text."""
        return c.as_opt_str(self._raw.get("label"))

    @cached_property
    def emoji(self) -> Emoji | None:
        """A button's emoji."""
        return _emoji(self._raw.get("emoji"))

    @cached_property
    def url(self) -> str | None:
        """A link button's URL."""
        return c.as_opt_str(self._raw.get("url"))

    @cached_property
    def sku_id(self) -> Snowflake | None:
        """A premium button's SKU."""
        return c.opt_snowflake(self._raw.get("sku_id"))

    @cached_property
    def disabled(self) -> bool:
        """Whether a button or select is greyed out."""
        return c.as_bool(self._raw.get("disabled"))

    # -- selects -------------------------------------------------------------------------------

    @cached_property
    def placeholder(self) -> str | None:
        """A select's placeholder text."""
        return c.as_opt_str(self._raw.get("placeholder"))

    @cached_property
    def min_values(self) -> int | None:
        """The fewest choices a select accepts."""
        return c.as_opt_int(self._raw.get("min_values"))

    @cached_property
    def max_values(self) -> int | None:
        """The most choices a select accepts."""
        return c.as_opt_int(self._raw.get("max_values"))

    @cached_property
    def options(self) -> list[SelectOption]:
        """A string select's choices."""
        return [SelectOption(item) for item in c.as_list(self._raw.get("options"))]

    @cached_property
    def channel_types(self) -> list[ChannelType | int]:
        """The channel types a channel select offers (empty: all)."""
        return [
            c.try_enum(ChannelType, item)
            for item in c.as_list(self._raw.get("channel_types"))
            if type(item) is int
        ]

    @cached_property
    def default_values(self) -> list[tuple[Snowflake, str]]:
        """An auto-populated select's preselected ``(id, type)`` pairs (``"user"``...)."""
        out: list[tuple[Snowflake, str]] = []
        for item in c.as_list(self._raw.get("default_values")):
            entry = c.as_dict(item)
            key = c.opt_snowflake(entry.get("id"))
            if key is not None:
                out.append((key, c.as_str(entry.get("type"))))
        return out

    # -- content (Components V2) ------------------------------------------------------------

    @cached_property
    def content(self) -> str | None:
        """A text display's markdown."""
        return c.as_opt_str(self._raw.get("content"))

    @cached_property
    def media(self) -> UnfurledMedia | None:
        """A thumbnail's image."""
        return _media(self._raw.get("media"))

    @cached_property
    def items(self) -> list[MediaGalleryItem]:
        """A media gallery's images and videos."""
        return [MediaGalleryItem(item) for item in c.as_list(self._raw.get("items"))]

    @cached_property
    def file(self) -> UnfurledMedia | None:
        """A file component's file (an ``attachment://`` reference, resolved)."""
        return _media(self._raw.get("file"))

    @cached_property
    def name(self) -> str | None:
        """A file component's file name, as Discord filled it in."""
        return c.as_opt_str(self._raw.get("name"))

    @cached_property
    def size(self) -> int | None:
        """A file component's size in bytes, as Discord filled it in."""
        return c.as_opt_int(self._raw.get("size"))

    @cached_property
    def description(self) -> str | None:
        """A thumbnail's alt text."""
        return c.as_opt_str(self._raw.get("description"))

    @cached_property
    def spoiler(self) -> bool:
        """Whether a thumbnail, file or container is blurred until clicked."""
        return c.as_bool(self._raw.get("spoiler"))

    # -- layout (Components V2) -------------------------------------------------------------

    @cached_property
    def accent_color(self) -> int | None:
        """A container's accent bar colour as an RGB integer."""
        return c.as_opt_int(self._raw.get("accent_color"))

    @cached_property
    def divider(self) -> bool | None:
        """Whether a separator draws a line (Discord's default: yes)."""
        return c.as_opt_bool(self._raw.get("divider"))

    @cached_property
    def spacing(self) -> int | None:
        """A separator's padding: ``1`` small, ``2`` large."""
        return c.as_opt_int(self._raw.get("spacing"))
