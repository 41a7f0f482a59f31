"""Components: fields, style rules, placement rules and their error messages."""

from __future__ import annotations

from typing import Any

import pytest

import kagari.builders.components as c
from kagari.builders.files import File
from kagari.builders.responses import Message, Modal

ROW = c.ActionRow(c.Button("Go", custom_id="go"))


# --- Buttons ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("button", "expected"),
    [
        (c.Button("A", custom_id="a"), {"type": 2, "style": 1, "label": "A", "custom_id": "a"}),
        (
            c.Button("A", custom_id="a", style="success", disabled=True),
            {"type": 2, "style": 3, "label": "A", "custom_id": "a", "disabled": True},
        ),
        (
            c.Button(custom_id="a", style=c.ButtonStyle.SECONDARY, emoji="🐜"),
            {"type": 2, "style": 2, "emoji": {"name": "🐜"}, "custom_id": "a"},
        ),
        (
            c.Button("Docs", url="https://discord.com"),
            {"type": 2, "style": 5, "label": "Docs", "url": "https://discord.com"},
        ),
        (c.Button(sku_id=1234), {"type": 2, "style": 6, "sku_id": "1234"}),
        (
            c.Button("Id", custom_id="i", id=9),
            {"type": 2, "id": 9, "style": 1, "label": "Id", "custom_id": "i"},
        ),
    ],
)
def test_button_serialises(button: c.Button, expected: dict[str, Any]) -> None:
    assert button.to_dict() == expected


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"label": "x"}, r"Button\.custom_id is required"),
        ({"label": "x", "style": "link"}, r"Button\.url is required"),
        ({"label": "x", "url": "https://e.com", "custom_id": "c"}, "link button cannot"),
        ({"style": "premium"}, r"Button\.sku_id is required"),
        ({"sku_id": 1, "label": "Buy"}, "premium button cannot"),
        ({"custom_id": "c"}, "needs a Button.label or a Button.emoji"),
        ({"label": "x", "custom_id": "c", "url": "https://e.com", "style": 1}, "only link"),
        ({"label": "x", "custom_id": "c", "style": "blurple"}, r"Button\.style must be one of"),
    ],
)
def test_button_style_rules(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        c.Button(**kwargs)


def test_unknown_integer_styles_are_carried() -> None:
    assert c.Button("x", custom_id="c", style=9).to_dict()["style"] == 9


# --- Emoji ------------------------------------------------------------------------------------
def test_partial_emoji_parsing() -> None:
    custom = c.PartialEmoji.parse("<:rogue:625891304148303894>")
    assert custom.to_dict() == {"name": "rogue", "id": "625891304148303894"}
    animated = c.PartialEmoji.parse("<a:dance:625891304148303894>")
    assert animated.to_dict() == {"name": "dance", "id": "625891304148303894", "animated": True}
    assert str(animated) == "<a:dance:625891304148303894>"
    assert c.PartialEmoji.parse("🦋").to_dict() == {"name": "🦋"}
    assert c.PartialEmoji("x", 1) == c.PartialEmoji("x", "1")
    with pytest.raises(TypeError, match="emoji must be a str"):
        c.Button("x", custom_id="c", emoji=5)  # type: ignore[arg-type]


# --- Action rows ------------------------------------------------------------------------------
def test_action_row_contents() -> None:
    with pytest.raises(ValueError, match="either buttons, or one select"):
        c.ActionRow(c.Button("b", custom_id="b"), c.UserSelect("u"))
    with pytest.raises(ValueError, match="only one UserSelect"):
        c.ActionRow(c.UserSelect("u1"), c.UserSelect("u2"))
    with pytest.raises(TypeError, match="not TextDisplay"):
        c.ActionRow(c.TextDisplay("t"))  # type: ignore[arg-type]
    row = c.ActionRow(*[c.Button(str(i), custom_id=str(i)) for i in range(5)], id=3)
    assert [child["custom_id"] for child in row.to_dict()["components"]] == list("01234")
    assert row.to_dict()["id"] == 3


# --- Selects ----------------------------------------------------------------------------------
def test_string_select_options() -> None:
    select = c.StringSelect("s", ["red", c.SelectOption("Blue", "b", default=True)])
    assert select.to_dict() == {
        "type": 3,
        "custom_id": "s",
        "options": [
            {"label": "red", "value": "red"},
            {"label": "Blue", "value": "b", "default": True},
        ],
    }
    with pytest.raises(ValueError, match="value 'x' is used more than once"):
        c.StringSelect("s", ["x", "x"])
    with pytest.raises(ValueError, match="cannot exceed the 2 options"):
        c.StringSelect("s", ["a", "b"], max_values=3)
    with pytest.raises(ValueError, match="2 default options but max_values is 1"):
        c.StringSelect("s", [c.SelectOption("a", default=True), c.SelectOption("b", default=True)])
    with pytest.raises(
        ValueError, match=r"min_values \(3\) is larger than StringSelect\.max_values"
    ):
        c.StringSelect("s", ["a", "b", "c"], min_values=3, max_values=2)


def test_auto_select_default_values() -> None:
    select = c.MentionableSelect(
        "m",
        max_values=2,
        default_values=[c.SelectDefault(1, "user"), c.SelectDefault("2", "role")],
    )
    assert select.to_dict()["default_values"] == [
        {"id": "1", "type": "user"},
        {"id": "2", "type": "role"},
    ]
    with pytest.raises(ValueError, match=r"UserSelect\.default_values may only hold user"):
        c.UserSelect("u", default_values=[c.SelectDefault(1, "role")])
    with pytest.raises(ValueError, match=r"between min_values \(1\) and max_values \(1\)"):
        c.RoleSelect("r", default_values=[c.SelectDefault(1, "role"), c.SelectDefault(2, "role")])
    with pytest.raises(ValueError, match="'user', 'role' or 'channel'"):
        c.SelectDefault(1, "guild")  # type: ignore[arg-type]
    channels = c.ChannelSelect("c", channel_types=[0, 0, 5])
    assert channels.to_dict() == {"type": 8, "custom_id": "c", "channel_types": [0, 5]}


# --- Modal components -------------------------------------------------------------------------
def test_text_input_label_moves_to_the_label() -> None:
    text_input = c.TextInput("Name", custom_id="n", description="Your name", value="Ann")
    assert text_input.to_dict()["label"] == "Name"  # legacy form keeps it
    assert c.Label("Who?", text_input).to_dict() == {
        "type": 18,
        "label": "Who?",
        "component": {"type": 4, "custom_id": "n", "style": 1, "value": "Ann", "required": True},
    }
    assert text_input.to_label().to_dict()["description"] == "Your name"
    with pytest.raises(ValueError, match=r"min_length \(5\) is larger than max_length \(2\)"):
        c.TextInput("x", custom_id="x", min_length=5, max_length=2)
    with pytest.raises(ValueError, match=r"TextInput\.value must be at most 3"):
        c.TextInput("x", custom_id="x", max_length=3, value="abcd")
    with pytest.raises(ValueError, match=r"TextInput\.style must be one of 'short', 'paragraph'"):
        c.TextInput("x", custom_id="x", style="long")  # type: ignore[arg-type]


def test_label_rules_for_selects() -> None:
    with pytest.raises(ValueError, match=r"StringSelect\.disabled cannot be used in a modal"):
        c.Label("x", c.StringSelect("s", ["a"], disabled=True))
    with pytest.raises(ValueError, match="min_values of 0 needs required=False"):
        c.Label("x", c.UserSelect("u", min_values=0))
    label = c.Label("x", c.UserSelect("u", min_values=0, required=False))
    assert label.to_dict()["component"] == {
        "type": 5,
        "custom_id": "u",
        "min_values": 0,
        "required": False,
    }
    with pytest.raises(TypeError, match="not Button"):
        c.Label("x", c.Button("b", custom_id="b"))  # type: ignore[arg-type]


def test_radio_and_checkbox_groups() -> None:
    radio = c.RadioGroup("r", ["a", c.RadioOption("B", "b", default=True)], required=False)
    assert radio.to_dict() == {
        "type": 21,
        "custom_id": "r",
        "options": [{"value": "a", "label": "a"}, {"value": "b", "label": "B", "default": True}],
        "required": False,
    }
    with pytest.raises(ValueError, match="at most 1 default"):
        c.RadioGroup("r", [c.RadioOption("a", default=True), c.RadioOption("b", default=True)])
    with pytest.raises(ValueError, match="cannot exceed the 2 options"):
        c.CheckboxGroup("g", ["a", "b"], max_values=3)
    group = c.CheckboxGroup("g", ["a", "b"], min_values=0, max_values=2, required=False)
    assert group.to_dict()["min_values"] == 0
    assert c.Checkbox("x", default=False).to_dict() == {
        "type": 23,
        "custom_id": "x",
        "default": False,
    }
    assert c.FileUpload("f").to_dict() == {"type": 19, "custom_id": "f"}
    with pytest.raises(ValueError, match=r"FileUpload\.min_values \(3\) is larger"):
        c.FileUpload("f", min_values=3, max_values=2)


# --- Components V2 ----------------------------------------------------------------------------
def test_v2_components_serialise() -> None:
    assert c.Separator(spacing="large", divider=False).to_dict() == {
        "type": 14,
        "divider": False,
        "spacing": 2,
    }
    assert c.Separator().to_dict() == {"type": 14}
    thumbnail = c.Thumbnail("https://e.com/a.png", description="alt", spoiler=True)
    assert thumbnail.to_dict() == {
        "type": 11,
        "media": {"url": "https://e.com/a.png"},
        "description": "alt",
        "spoiler": True,
    }
    container = c.Container("text", c.Separator(), accent_color=0, spoiler=True, id=4)
    assert container.to_dict() == {
        "type": 17,
        "id": 4,
        "accent_color": 0,
        "spoiler": True,
        "components": [{"type": 10, "content": "text"}, {"type": 14}],
    }
    upload = File(b"zip", "game.zip")
    assert c.FileComponent(upload, spoiler=True).to_dict() == {
        "type": 13,
        "file": {"url": "attachment://game.zip"},
        "spoiler": True,
    }
    assert c.FileComponent(upload).files == (upload,)


def test_v2_placement_errors() -> None:
    with pytest.raises(ValueError, match="only supports 'attachment://"):
        c.FileComponent("https://e.com/game.zip")
    with pytest.raises(TypeError, match="not Label"):
        c.Container(c.Label("x", c.Checkbox("c")))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Section\.accessory must be a Button or Thumbnail"):
        c.Section("x", accessory=c.TextDisplay("y"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="TextInput row only works in modals"):
        c.Container(c.ActionRow(c.TextInput("x", custom_id="x")))


@pytest.mark.parametrize(
    ("component", "match"),
    [
        (c.Button("b", custom_id="b"), "put Button inside an ActionRow"),
        (c.UserSelect("u"), "put UserSelect inside an ActionRow"),
        (c.Thumbnail("https://e.com/x.png"), "Thumbnail can only be used inside a Section"),
        (c.Label("x", c.Checkbox("c")), "Label can only be used in a modal"),
        (c.TextInput("x", custom_id="x"), "TextInput can only be used in a modal"),
        (c.ActionRow(c.TextInput("x", custom_id="x")), "TextInput only works in modals"),
    ],
)
def test_message_placement_errors(component: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Message(components=[component])


def test_duplicate_custom_ids_and_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="custom_id 'go' is used more than once"):
        Message("x", components=[ROW, c.ActionRow(c.UserSelect("go"))])
    with pytest.raises(ValueError, match="id 7 is used more than once"):
        Message(components=[c.TextDisplay("a", id=7), c.Container("b", id=7)])


def test_walk_equality_and_repr() -> None:
    section = c.Section("a", "b", accessory=c.Button("x", custom_id="x"))
    assert [node.type for node in section.walk()] == [9, 10, 10, 2]
    assert c.TextDisplay("a") == c.TextDisplay("a")
    assert c.TextDisplay("a") != c.TextDisplay("b")
    assert "custom_id='x'" in repr(c.Button("x", custom_id="x"))


def test_custom_id_must_be_a_string() -> None:
    with pytest.raises(TypeError, match=r"UserSelect\.custom_id must be a str"):
        c.UserSelect(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Modal\.custom_id must be a str"):
        Modal("t", custom_id=None, components=[c.TextInput("q", custom_id="q")])  # type: ignore[arg-type]
