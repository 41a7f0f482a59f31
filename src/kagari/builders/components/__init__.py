"""Message and modal components: buttons, selects, text inputs, Components V2 layout, modal inputs.

Every component checks Discord's limits when it is constructed and becomes JSON with
:meth:`Component.to_dict`. Where a component may be used (a message, a modal, inside a row,
a section, a container or a label) is checked by the container that receives it, and by
:class:`~kagari.Message` and :class:`~kagari.Modal` for the top level.

The submodules, each with one job: ``base`` (:class:`Component` and the shared checks),
``emoji`` (:class:`PartialEmoji`), ``rows`` (:class:`Button` and :class:`ActionRow`),
``selects`` (the five select menus), ``text_input`` (:class:`TextInput` and
:class:`Label`), ``modal_inputs`` (file uploads, radio and checkbox groups), ``layout``
(the Components V2 layout set) and ``checks`` (whole-tree checks for messages and modals).
Import the names from here.
"""

from __future__ import annotations

# The ``X as X`` imports are public as well (kagari.builders.responses and kagari.app use them) but
# stay out of ``__all__``, as they did when the components were one module.
from kagari.builders.components.base import Component
from kagari.builders.components.base import Interactive as Interactive
from kagari.builders.components.base import check_custom_id as check_custom_id
from kagari.builders.components.emoji import EmojiLike as EmojiLike
from kagari.builders.components.emoji import PartialEmoji
from kagari.builders.components.emoji import to_emoji as to_emoji
from kagari.builders.components.layout import (
    Container,
    FileComponent,
    MediaGallery,
    MediaGalleryItem,
    Section,
    Separator,
    SeparatorSpacing,
    TextDisplay,
    Thumbnail,
)
from kagari.builders.components.layout import ContainerChild as ContainerChild
from kagari.builders.components.modal_inputs import (
    Checkbox,
    CheckboxGroup,
    CheckboxOption,
    FileUpload,
    RadioGroup,
    RadioOption,
)
from kagari.builders.components.rows import ActionRow, Button, ButtonStyle
from kagari.builders.components.rows import ButtonStyleName as ButtonStyleName
from kagari.builders.components.selects import AnySelect as AnySelect
from kagari.builders.components.selects import BaseSelect as BaseSelect
from kagari.builders.components.selects import (
    ChannelSelect,
    MentionableSelect,
    RoleSelect,
    SelectDefault,
    SelectOption,
    StringSelect,
    UserSelect,
)
from kagari.builders.components.selects import DefaultType as DefaultType
from kagari.builders.components.text_input import Label, TextInput, TextInputStyle
from kagari.builders.components.text_input import LabelChild as LabelChild
from kagari.builders.components.validation import MessageComponent as MessageComponent
from kagari.builders.components.validation import ModalComponent as ModalComponent
from kagari.builders.components.validation import (
    check_message_components as check_message_components,
)
from kagari.builders.components.validation import check_unique_ids as check_unique_ids
from kagari.builders.components.validation import (
    normalise_modal_components as normalise_modal_components,
)

__all__ = [
    "ActionRow",
    "Button",
    "ButtonStyle",
    "ChannelSelect",
    "Checkbox",
    "CheckboxGroup",
    "CheckboxOption",
    "Component",
    "Container",
    "FileComponent",
    "FileUpload",
    "Label",
    "MediaGallery",
    "MediaGalleryItem",
    "MentionableSelect",
    "PartialEmoji",
    "RadioGroup",
    "RadioOption",
    "RoleSelect",
    "Section",
    "SelectDefault",
    "SelectOption",
    "Separator",
    "SeparatorSpacing",
    "StringSelect",
    "TextDisplay",
    "TextInput",
    "TextInputStyle",
    "Thumbnail",
    "UserSelect",
]
