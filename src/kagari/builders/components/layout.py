"""The Components V2 layout set, for messages flagged IS_COMPONENTS_V2.

Text displays, thumbnails, media galleries, file components, separators, sections and
containers.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, Literal, TypeAlias

from kagari.builders import limits
from kagari.builders.components.base import Component, _enum_value, _name, _put
from kagari.builders.components.rows import ActionRow, Button
from kagari.builders.embeds import media_url
from kagari.builders.files import File
from kagari.models.enums import ComponentType

__all__ = [
    "Container",
    "ContainerChild",
    "FileComponent",
    "MediaGallery",
    "MediaGalleryItem",
    "Section",
    "Separator",
    "SeparatorSpacing",
    "TextDisplay",
    "Thumbnail",
]


class SeparatorSpacing(enum.IntEnum):
    """Padding of a :class:`Separator`."""

    SMALL = 1
    LARGE = 2


class TextDisplay(Component):
    """Markdown text, like message content (all text displays of a message: max 4000 chars).

    Args:
        content: The text, 1-4000 characters.
        id: Optional numeric component id.
    """

    __slots__ = ("content",)
    type = ComponentType.TEXT_DISPLAY
    v2 = True

    def __init__(self, content: str, *, id: int | None = None) -> None:
        super().__init__(id=id)
        limits.check_length(
            "TextDisplay.content", content, limits.TEXT_DISPLAY_TOTAL_MAX, minimum=1
        )
        self.content = content

    def _payload(self) -> dict[str, Any]:
        return {"content": self.content}


class Thumbnail(Component):
    """A small image, used as a :class:`Section` accessory.

    Args:
        media: An image URL, or a :class:`~kagari.File` uploaded with the message.
        description: Alt text, 1-1024 characters.
        spoiler: Blur the image.
        id: Optional numeric component id.
    """

    __slots__ = ("description", "media", "spoiler")
    type = ComponentType.THUMBNAIL
    v2 = True

    def __init__(
        self,
        media: str | File,
        *,
        description: str | None = None,
        spoiler: bool = False,
        id: int | None = None,
    ) -> None:
        super().__init__(id=id)
        media_url("Thumbnail.media", media)
        limits.check_length(
            "Thumbnail.description", description, limits.MEDIA_DESCRIPTION_MAX, minimum=1
        )
        self.media = media
        self.description = description
        self.spoiler = spoiler

    def own_files(self) -> Sequence[File]:
        """The uploaded image, if ``media`` is a File."""
        return (self.media,) if isinstance(self.media, File) else ()

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"media": {"url": media_url("Thumbnail.media", self.media)}}
        _put(body, "description", self.description)
        if self.spoiler:
            body["spoiler"] = True
        return body


class MediaGalleryItem:
    """One picture or video of a :class:`MediaGallery`.

    Args:
        media: A URL, or a :class:`~kagari.File` uploaded with the message.
        description: Alt text, 1-1024 characters.
        spoiler: Blur it.
    """

    __slots__ = ("description", "media", "spoiler")

    def __init__(
        self, media: str | File, *, description: str | None = None, spoiler: bool = False
    ) -> None:
        media_url("MediaGalleryItem.media", media)
        limits.check_length(
            "MediaGalleryItem.description", description, limits.MEDIA_DESCRIPTION_MAX, minimum=1
        )
        self.media = media
        self.description = description
        self.spoiler = spoiler

    def to_dict(self) -> dict[str, Any]:
        """The media gallery item object Discord expects."""
        body: dict[str, Any] = {"media": {"url": media_url("MediaGalleryItem.media", self.media)}}
        _put(body, "description", self.description)
        if self.spoiler:
            body["spoiler"] = True
        return body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MediaGalleryItem):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"MediaGalleryItem({self.to_dict()['media']['url']!r})"


class MediaGallery(Component):
    """A grid of 1-10 images or videos.

    Args:
        *items: :class:`MediaGalleryItem`, or a URL / :class:`~kagari.File` each.
        id: Optional numeric component id.
    """

    __slots__ = ("items",)
    type = ComponentType.MEDIA_GALLERY
    v2 = True

    def __init__(self, *items: MediaGalleryItem | str | File, id: int | None = None) -> None:
        super().__init__(id=id)
        self.items = tuple(
            item if isinstance(item, MediaGalleryItem) else MediaGalleryItem(item) for item in items
        )
        limits.check_count(
            "MediaGallery.items", self.items, limits.MEDIA_GALLERY_MAX_ITEMS, minimum=1
        )

    def own_files(self) -> Sequence[File]:
        """Uploaded items."""
        return tuple(item.media for item in self.items if isinstance(item.media, File))

    def _payload(self) -> dict[str, Any]:
        return {"items": [item.to_dict() for item in self.items]}


class FileComponent(Component):
    """Shows one uploaded file (named ``FileComponent`` because ``File`` is the upload itself).

    Args:
        file: A :class:`~kagari.File` (uploaded with the message for you) or an
            ``"attachment://<filename>"`` reference to a file you pass in ``files=``.
        spoiler: Blur it.
        id: Optional numeric component id.
    """

    __slots__ = ("file", "spoiler")
    type = ComponentType.FILE
    v2 = True

    def __init__(self, file: str | File, *, spoiler: bool = False, id: int | None = None) -> None:
        super().__init__(id=id)
        if isinstance(file, str) and not file.startswith("attachment://"):
            raise ValueError(
                "FileComponent.file only supports 'attachment://<filename>' references "
                f"(got {file!r}); pass a kagari.File to upload one"
            )
        media_url("FileComponent.file", file)
        self.file = file
        self.spoiler = spoiler

    def own_files(self) -> Sequence[File]:
        """The uploaded file, if ``file`` is a File."""
        return (self.file,) if isinstance(self.file, File) else ()

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"file": {"url": media_url("FileComponent.file", self.file)}}
        if self.spoiler:
            body["spoiler"] = True
        return body


class Separator(Component):
    """Vertical space, optionally with a line.

    Args:
        divider: Draw a line (Discord's default ``True``).
        spacing: ``"small"`` / ``1`` (Discord's default) or ``"large"`` / ``2``.
        id: Optional numeric component id.
    """

    __slots__ = ("divider", "spacing")
    type = ComponentType.SEPARATOR
    v2 = True

    def __init__(
        self,
        *,
        divider: bool | None = None,
        spacing: Literal["small", "large"] | SeparatorSpacing | int | None = None,
        id: int | None = None,
    ) -> None:
        super().__init__(id=id)
        self.divider = divider
        self.spacing = (
            None if spacing is None else _enum_value("Separator.spacing", SeparatorSpacing, spacing)
        )
        if self.spacing is not None:
            limits.check_range("Separator.spacing", self.spacing, 1, 2)

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        _put(body, "divider", self.divider)
        _put(body, "spacing", self.spacing)
        return body


class Section(Component):
    """One to three text displays with an accessory (a button or a thumbnail) beside them.

    Args:
        *components: 1-3 :class:`TextDisplay` (a plain ``str`` becomes one).
        accessory: A :class:`Button` or :class:`Thumbnail`.
        id: Optional numeric component id.
    """

    __slots__ = ("accessory", "components")
    type = ComponentType.SECTION
    v2 = True

    def __init__(
        self, *components: TextDisplay | str, accessory: Button | Thumbnail, id: int | None = None
    ) -> None:
        super().__init__(id=id)
        self.components = tuple(
            item if isinstance(item, TextDisplay) else _text("Section.components", item)
            for item in components
        )
        limits.check_count(
            "Section.components", self.components, limits.SECTION_MAX_COMPONENTS, minimum=1
        )
        if not isinstance(accessory, (Button, Thumbnail)):
            raise TypeError(
                f"Section.accessory must be a Button or Thumbnail, not {_name(accessory)}"
            )
        self.accessory = accessory

    def children(self) -> Sequence[Component]:
        """The text displays, then the accessory."""
        return (*self.components, self.accessory)

    def _payload(self) -> dict[str, Any]:
        return {
            "components": [item.to_dict() for item in self.components],
            "accessory": self.accessory.to_dict(),
        }


ContainerChild: TypeAlias = (
    ActionRow | TextDisplay | Section | MediaGallery | Separator | FileComponent
)
"""What a :class:`Container` can hold (a plain str becomes a TextDisplay)."""
_CONTAINER_CHILDREN = (ActionRow, TextDisplay, Section, MediaGallery, Separator, FileComponent)


class Container(Component):
    """A box around other components, with an optional accent colour bar.

    Args:
        *components: Action rows, text displays (or plain strings), sections, media
            galleries, separators and file components.
        accent_color: ``0xRRGGBB``.
        spoiler: Blur the whole container.
        id: Optional numeric component id.
    """

    __slots__ = ("accent_color", "components", "spoiler")
    type = ComponentType.CONTAINER
    v2 = True

    def __init__(
        self,
        *components: ContainerChild | str,
        accent_color: int | None = None,
        spoiler: bool = False,
        id: int | None = None,
    ) -> None:
        super().__init__(id=id)
        children: list[ContainerChild] = []
        for item in components:
            if isinstance(item, str):
                children.append(_text("Container.components", item))
            elif isinstance(item, _CONTAINER_CHILDREN):
                if isinstance(item, ActionRow) and item.for_modal:
                    raise ValueError("Container.components: a TextInput row only works in modals")
                children.append(item)
            else:
                raise TypeError(
                    "Container holds action rows, text displays, sections, media galleries, "
                    f"separators and file components, not {_name(item)}"
                )
        limits.check_count("Container.components", children, limits.V2_MAX_COMPONENTS, minimum=1)
        limits.check_range("Container.accent_color", accent_color, 0, limits.COLOR_MAX)
        self.components = tuple(children)
        self.accent_color = accent_color
        self.spoiler = spoiler

    def children(self) -> Sequence[Component]:
        """The components inside the container."""
        return self.components

    def _payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        _put(body, "accent_color", self.accent_color)
        if self.spoiler:
            body["spoiler"] = True
        body["components"] = [item.to_dict() for item in self.components]
        return body


def _text(field: str, value: Any) -> TextDisplay:
    if not isinstance(value, str):
        raise TypeError(f"{field} holds TextDisplay or str, not {_name(value)}")
    return TextDisplay(value)
