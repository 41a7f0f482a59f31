"""Every documented limit raises a ValueError that names the field and the number.

Each case also builds the value exactly at the limit, which must succeed, so the checks are
neither missing nor off by one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import kagari.builders.components as c
from kagari.builders import limits
from kagari.builders.embeds import Embed
from kagari.builders.files import File
from kagari.builders.mentions import AllowedMentions
from kagari.builders.responses import AutocompleteResult, Choice, Message, Modal, Poll

Make = Callable[[int], Any]


def _button(n: int) -> c.Button:
    return c.Button("b", custom_id=str(n))


def _buttons(n: int) -> list[c.Button]:
    return [_button(i) for i in range(n)]


def _text_input(i: int) -> c.TextInput:
    return c.TextInput("Q", custom_id=f"t{i}")


def _embed_with(total: int) -> list[Embed]:
    # Four embeds of descriptions adding up to ``total`` characters.
    share, rest = divmod(total, 4)
    return [Embed(description="d" * (share + (rest if i == 0 else 0))) for i in range(4)]


def _v2_components(n: int) -> list[c.MessageComponent]:
    # n top-level text displays: each counts toward the 40-component budget.
    return [c.TextDisplay(f"line {i}") for i in range(n)]


def _nested_v2(n: int) -> list[c.MessageComponent]:
    # A container of (n - 1) text displays: n components in total, only one at the top.
    return [c.Container(*[c.TextDisplay(f"{i}") for i in range(n - 1)])]


def _text_total(n: int) -> list[c.MessageComponent]:
    return [c.TextDisplay("a" * 2000), c.TextDisplay("b" * (n - 2000))]


# (field named in the error, documented number, factory taking the size to try)
LIMITS: list[tuple[str, int, Make]] = [
    ("Button.custom_id", 100, lambda n: c.Button("x", custom_id="c" * n)),
    ("StringSelect.custom_id", 100, lambda n: c.StringSelect("c" * n, ["a"])),
    ("TextInput.custom_id", 100, lambda n: c.TextInput("x", custom_id="c" * n)),
    ("Modal.custom_id", 100, lambda n: Modal("t", custom_id="c" * n, components=[_text_input(0)])),
    ("Message.content", 2000, lambda n: Message("x" * n)),
    ("Message.embeds", 10, lambda n: Message(embeds=[Embed("e") for _ in range(n)])),
    ("Embed.title", 256, lambda n: Embed("t" * n)),
    ("Embed.description", 4096, lambda n: Embed(description="d" * n)),
    ("Embed.fields", 25, lambda n: _fields(n)),
    ("Embed.fields.name", 256, lambda n: Embed().add_field("n" * n, "v")),
    ("Embed.fields.value", 1024, lambda n: Embed().add_field("n", "v" * n)),
    ("Embed.footer.text", 2048, lambda n: Embed().set_footer("f" * n)),
    ("Embed.author.name", 256, lambda n: Embed().set_author("a" * n)),
    ("Message.embeds", 6000, lambda n: Message(embeds=_embed_with(n))),
    (
        "Message.components (action rows)",
        5,
        lambda n: Message("x", components=[c.ActionRow(_button(i)) for i in range(n)]),
    ),
    ("ActionRow.components", 5, lambda n: c.ActionRow(*_buttons(n))),
    ("StringSelect.options", 25, lambda n: c.StringSelect("s", [str(i) for i in range(n)])),
    ("SelectOption.label", 100, lambda n: c.SelectOption("l" * n, "v")),
    ("SelectOption.value", 100, lambda n: c.SelectOption("l", "v" * n)),
    ("SelectOption.description", 100, lambda n: c.SelectOption("l", "v", "d" * n)),
    ("StringSelect.placeholder", 150, lambda n: c.StringSelect("s", ["a"], placeholder="p" * n)),
    ("UserSelect.placeholder", 150, lambda n: c.UserSelect("s", placeholder="p" * n)),
    ("UserSelect.max_values", 25, lambda n: c.UserSelect("s", max_values=n)),
    ("RoleSelect.min_values", 25, lambda n: c.RoleSelect("s", min_values=n, max_values=25)),
    ("Button.label", 80, lambda n: c.Button("l" * n, custom_id="b")),
    ("Button.url", 512, lambda n: c.Button("l", url="https://e.com/" + "u" * (n - 14))),
    ("Modal.title", 45, lambda n: Modal("t" * n, custom_id="m", components=[_text_input(0)])),
    (
        "Modal.components",
        5,
        lambda n: Modal("t", custom_id="m", components=[_text_input(i) for i in range(n)]),
    ),
    ("TextInput.label", 45, lambda n: c.TextInput("l" * n, custom_id="t")),
    ("TextInput.value", 4000, lambda n: c.TextInput("l", custom_id="t", value="v" * n)),
    ("TextInput.min_length", 4000, lambda n: c.TextInput("l", custom_id="t", min_length=n)),
    ("TextInput.max_length", 4000, lambda n: c.TextInput("l", custom_id="t", max_length=n)),
    ("TextInput.placeholder", 100, lambda n: c.TextInput("l", custom_id="t", placeholder="p" * n)),
    ("Label.label", 45, lambda n: c.Label("l" * n, c.Checkbox("x"))),
    ("Label.description", 100, lambda n: c.Label("l", c.Checkbox("x"), description="d" * n)),
    ("Choice.name", 100, lambda n: Choice("n" * n, 1)),
    ("Choice.value", 100, lambda n: Choice("n", "v" * n)),
    (
        "Message.components (all nested components)",
        40,
        lambda n: Message(components=_v2_components(n)),
    ),
    ("Message.components (all nested components)", 40, lambda n: Message(components=_nested_v2(n))),
    ("Message.components: text displays", 4000, lambda n: Message(components=_text_total(n))),
    ("TextDisplay.content", 4000, lambda n: c.TextDisplay("t" * n)),
    (
        "Section.components",
        3,
        lambda n: c.Section(*["t"] * n, accessory=c.Thumbnail("https://e.com/x.png")),
    ),
    ("MediaGallery.items", 10, lambda n: c.MediaGallery(*["https://e.com/x.png"] * n)),
    (
        "MediaGalleryItem.description",
        1024,
        lambda n: c.MediaGalleryItem("https://e.com/x.png", description="d" * n),
    ),
    (
        "Thumbnail.description",
        1024,
        lambda n: c.Thumbnail("https://e.com/x.png", description="d" * n),
    ),
    ("Container.accent_color", 0xFFFFFF, lambda n: c.Container("t", accent_color=n)),
    ("Embed.color", 0xFFFFFF, lambda n: Embed(color=n)),
    ("FileUpload.max_values", 10, lambda n: c.FileUpload("f", max_values=n)),
    ("RadioGroup.options", 10, lambda n: c.RadioGroup("r", [str(i) for i in range(n)])),
    ("CheckboxGroup.options", 10, lambda n: c.CheckboxGroup("g", [str(i) for i in range(n)])),
    (
        "CheckboxGroup.max_values",
        10,
        lambda n: c.CheckboxGroup("g", [str(i) for i in range(10)], max_values=n),
    ),
    ("RadioOption.label", 100, lambda n: c.RadioOption("l" * n)),
    ("CheckboxOption.description", 100, lambda n: c.CheckboxOption("l", "v", "d" * n)),
    ("AllowedMentions.users", 100, lambda n: AllowedMentions(users=range(1, n + 1))),
    ("AllowedMentions.roles", 100, lambda n: AllowedMentions(roles=range(1, n + 1))),
    ("Poll.question", 300, lambda n: Poll("q" * n, ["a"])),
    ("PollAnswer.text", 55, lambda n: Poll("q", ["a" * n])),
    ("Poll.answers", 10, lambda n: Poll("q", [str(i) for i in range(n)])),
    ("Poll.duration", 768, lambda n: Poll("q", ["a"], duration=n)),
    ("PartialEmoji.name", 32, lambda n: c.PartialEmoji("e" * n, 1)),
    (
        "Message.files and Message.attachments",
        10,
        lambda n: Message(files=[File(b"x", f"{i}.txt") for i in range(n)]),
    ),
    ("Component id", 2**31 - 1, lambda n: c.TextDisplay("t", id=n)),
]


def _fields(n: int) -> Embed:
    embed = Embed()
    for i in range(n):
        embed.add_field(f"n{i}", "v")
    return embed


@pytest.mark.parametrize(
    ("field", "number", "make"), LIMITS, ids=[f"{f}-{n}" for f, n, _ in LIMITS]
)
def test_limit(field: str, number: int, make: Make) -> None:
    make(number)  # exactly at the limit is fine
    with pytest.raises(ValueError) as caught:
        make(number + 1)
    message = str(caught.value)
    expected_field = "TextDisplay.id" if field == "Component id" else field
    assert expected_field in message
    assert str(number) in message


@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("Button.custom_id", lambda: c.Button("x", custom_id="")),
        ("StringSelect.options", lambda: c.StringSelect("s", [])),
        ("Modal.components", lambda: Modal("t", custom_id="m", components=[])),
        ("Modal.title", lambda: Modal("", custom_id="m", components=[_text_input(0)])),
        ("ActionRow.components", lambda: c.ActionRow()),
        ("Section.components", lambda: c.Section(accessory=c.Thumbnail("https://e.com/x"))),
        ("MediaGallery.items", lambda: c.MediaGallery()),
        ("RadioGroup.options", lambda: c.RadioGroup("r", ["only one"])),
        ("Poll.answers", lambda: Poll("q", [])),
        ("Poll.duration", lambda: Poll("q", ["a"], duration=0)),
        ("UserSelect.max_values", lambda: c.UserSelect("u", max_values=0)),
        ("Choice.name", lambda: Choice("", "v")),
        ("TextDisplay.content", lambda: c.TextDisplay("")),
        ("Label.label", lambda: c.Label("", c.Checkbox("x"))),
    ],
)
def test_lower_bounds(field: str, make: Callable[[], Any]) -> None:
    with pytest.raises(ValueError, match=field.replace(".", r"\.")):
        make()


def test_autocomplete_trims_to_25_instead_of_failing() -> None:
    result = AutocompleteResult([f"word{i}" for i in range(40)])
    body, _ = result.build(4)
    assert len(body["data"]["choices"]) == limits.AUTOCOMPLETE_MAX_CHOICES == 25
    assert body["data"]["choices"][-1] == {"name": "word24", "value": "word24"}


def test_helpers_name_field_and_limit() -> None:
    with pytest.raises(
        ValueError, match=r"^Thing\.name must be at most 3 characters long \(got 4\)$"
    ):
        limits.check_length("Thing.name", "abcd", 3)
    with pytest.raises(ValueError, match=r"^Thing\.items can hold at most 2 items \(got 3\)$"):
        limits.check_count("Thing.items", [1, 2, 3], 2)
    with pytest.raises(ValueError, match=r"^Thing\.size must be between 1 and 5 \(got 6\)$"):
        limits.check_range("Thing.size", 6, 1, 5)
    with pytest.raises(TypeError, match=r"Thing\.size must be an int"):
        limits.check_range("Thing.size", True, 0, 5)
