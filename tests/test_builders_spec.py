"""The JSON of every builder validates against Discord's OpenAPI spec.

Callback bodies go through ``POST /interactions/{id}/{token}/callback``; message bodies also
through the follow-up route ``POST /webhooks/{app}/{token}`` and edit bodies through
``PATCH /webhooks/{app}/{token}/messages/@original``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

import kagari.builders.components as c
from kagari.builders.embeds import Embed
from kagari.builders.files import File
from kagari.builders.mentions import AllowedMentions
from kagari.builders.responses import (
    AutocompleteResult,
    Choice,
    Defer,
    LaunchActivity,
    Message,
    Modal,
    Poll,
    PollAnswer,
    Pong,
    PremiumRequired,
    ResponseBuilder,
    Update,
)
from kagari.testing.openapi import OpenAPISpec, SpecMismatch

CALLBACK = "/interactions/1/token/callback"
FOLLOWUP = "/webhooks/1/token"
EDIT = "/webhooks/1/token/messages/@original"

COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5


def _row_of_buttons() -> c.ActionRow:
    return c.ActionRow(
        c.Button("Primary", custom_id="b1"),
        c.Button("Secondary", custom_id="b2", style="secondary", emoji="🐜"),
        c.Button("Success", custom_id="b3", style="success", disabled=True),
        c.Button(custom_id="b4", style="danger", emoji="<a:party:123456789012345678>"),
        c.Button("Docs", url="https://discord.com/developers/docs"),
    )


def _every_select() -> list[c.ActionRow]:
    return [
        c.ActionRow(
            c.StringSelect(
                "pick",
                ["a", c.SelectOption("B", "b", "second", emoji="🦋", default=True)],
                placeholder="Pick",
                min_values=0,
                max_values=2,
            )
        ),
        c.ActionRow(
            c.UserSelect("users", default_values=[c.SelectDefault(80351110224678912, "user")])
        ),
        c.ActionRow(
            c.RoleSelect(
                "roles", max_values=2, default_values=[c.SelectDefault("41771983423143936", "role")]
            )
        ),
        c.ActionRow(
            c.MentionableSelect(
                "mentionables",
                max_values=2,
                default_values=[c.SelectDefault(1, "user"), c.SelectDefault(2, "role")],
                disabled=True,
            )
        ),
        c.ActionRow(
            c.ChannelSelect(
                "channels",
                channel_types=[0, 2],
                default_values=[c.SelectDefault(3, "channel")],
            )
        ),
    ]


def _embed() -> Embed:
    return (
        Embed("Title", "Description", url="https://example.com", color=0x5865F2)
        .add_field("Field", "value", inline=True)
        .add_field("Other", "value")
        .set_author("Author", url="https://example.com", icon_url="https://example.com/a.png")
        .set_footer("Footer", icon_url="https://example.com/f.png")
        .set_image("https://example.com/i.png")
        .set_thumbnail("https://example.com/t.png")
    )


def _v2_everything() -> list[c.MessageComponent]:
    return [
        c.Section(
            "Heading",
            c.TextDisplay("Body", id=7),
            accessory=c.Thumbnail(
                "https://example.com/t.png", description="alt text", spoiler=True
            ),
        ),
        c.Section("With a button", accessory=c.Button("Go", custom_id="go")),
        c.TextDisplay("Plain text"),
        c.MediaGallery(
            "https://example.com/1.png",
            c.MediaGalleryItem("https://example.com/2.png", description="two", spoiler=True),
        ),
        c.FileComponent("attachment://report.txt", spoiler=True),
        c.Separator(divider=False, spacing="large"),
        c.Container(
            "Inside",
            c.ActionRow(c.Button("Row", custom_id="row")),
            c.Separator(),
            c.MediaGallery("https://example.com/3.png"),
            c.FileComponent("attachment://more.txt"),
            accent_color=0xFF0000,
            spoiler=True,
        ),
        c.ActionRow(c.Button(sku_id=1234567890)),
    ]


def _modal_everything() -> Modal:
    return Modal(
        "Everything",
        custom_id="everything",
        components=[
            c.TextDisplay("Please fill in"),
            c.TextInput("Name", custom_id="name", value="Jane", placeholder="Your name"),
            c.Label("Pick", c.StringSelect("pick", ["a", "b"]), description="one of them"),
            c.Label("Files", c.FileUpload("files", max_values=3)),
            c.Label("Radio", c.RadioGroup("radio", ["x", c.RadioOption("Y", "y", default=True)])),
        ],
    )


def _modal_more() -> Modal:
    return Modal(
        "More",
        custom_id="more",
        components=[
            c.Label("Boxes", c.CheckboxGroup("boxes", ["a", "b"], min_values=0, required=False)),
            c.Label("Box", c.Checkbox("box", default=True)),
            c.Label("Users", c.UserSelect("users", min_values=0, required=False)),
            c.Label("Roles", c.RoleSelect("roles")),
            c.Label("Who", c.MentionableSelect("who", max_values=3)),
        ],
    )


def _legacy_modal() -> Modal:
    return Modal(
        "Legacy",
        custom_id="legacy",
        components=[c.ActionRow(c.TextInput("Name", custom_id="n", style="paragraph"))],
    )


# (name, builder factory, interaction type answered)
CASES: list[tuple[str, Callable[[], ResponseBuilder], int]] = [
    ("pong", Pong, 1),
    ("message-content", lambda: Message("hello", tts=True), COMMAND),
    (
        "message-flags",
        lambda: Message("quiet", ephemeral=True, suppress_embeds=True, suppress_notifications=True),
        COMMAND,
    ),
    (
        "message-mentions",
        lambda: Message(
            "<@1> <@&2>",
            allowed_mentions=AllowedMentions(users=[1], roles=True, replied_user=True),
        ),
        COMMAND,
    ),
    (
        "message-mentions-all",
        lambda: Message("@everyone", allowed_mentions=AllowedMentions.all()),
        2,
    ),
    ("message-embeds", lambda: Message(embeds=[_embed(), Embed(description="second")]), COMMAND),
    (
        "message-embed-timestamp",
        lambda: Message(embeds=[Embed("t", timestamp=datetime.datetime(2025, 1, 2, 3, 4, 5))]),
        COMMAND,
    ),
    ("message-buttons", lambda: Message("b", components=[_row_of_buttons()]), COMPONENT),
    ("message-selects", lambda: Message("s", components=_every_select()), MODAL_SUBMIT),
    ("message-v2", lambda: Message(components=_v2_everything(), ephemeral=True), COMMAND),
    (
        "message-poll",
        lambda: Message(
            poll=Poll(
                "Best bug?",
                ["Ant", PollAnswer("Butterfly", emoji="🦋"), PollAnswer("Beetle", emoji="<:b:1>")],
                duration=datetime.timedelta(days=2),
                allow_multiselect=True,
            )
        ),
        COMMAND,
    ),
    ("message-keep-attachments", lambda: Message("k", attachments=["123", {"id": 4}]), COMMAND),
    ("update-content", lambda: Update(content="edited"), COMPONENT),
    ("update-clear", lambda: Update(content="", embeds=[], components=[]), COMPONENT),
    ("update-components", lambda: Update(components=[_row_of_buttons()]), MODAL_SUBMIT),
    ("update-v2", lambda: Update(components=_v2_everything(), suppress_embeds=True), COMPONENT),
    ("update-empty", Update, COMPONENT),
    ("defer-command", Defer, COMMAND),
    ("defer-command-ephemeral", lambda: Defer(ephemeral=True), COMMAND),
    ("defer-component", Defer, COMPONENT),
    ("defer-component-new-message", lambda: Defer(True, update=False), COMPONENT),
    ("defer-modal", lambda: Defer(ephemeral=True), MODAL_SUBMIT),
    ("defer-modal-update", lambda: Defer(update=True), MODAL_SUBMIT),
    ("modal-everything", _modal_everything, COMMAND),
    ("modal-more", _modal_more, COMPONENT),
    ("modal-legacy", _legacy_modal, COMMAND),
    ("autocomplete-strings", lambda: AutocompleteResult(["apple", "banana"]), AUTOCOMPLETE),
    ("autocomplete-ints", lambda: AutocompleteResult([1, Choice("two", 2)]), AUTOCOMPLETE),
    ("autocomplete-floats", lambda: AutocompleteResult([1.5, {"name": "pi", "value": 3.14}]), 4),
    (
        "autocomplete-localized",
        lambda: AutocompleteResult([Choice("red", "red", {"fr": "rouge", "de": "rot"})]),
        AUTOCOMPLETE,
    ),
    ("autocomplete-empty", AutocompleteResult, AUTOCOMPLETE),
    ("launch-activity", LaunchActivity, COMMAND),
]


@pytest.mark.parametrize(
    ("builder", "interaction_type"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_callback_bodies_match_the_spec(
    openapi: OpenAPISpec, builder: Callable[[], ResponseBuilder], interaction_type: int
) -> None:
    body, files = builder().build(interaction_type)
    openapi.validate_request("POST", CALLBACK, body)
    assert list(files) == []


MESSAGE_CASES = [case for case in CASES if case[0].startswith("message-")]
UPDATE_CASES = [case for case in CASES if case[0].startswith("update-")]


@pytest.mark.parametrize(
    "builder", [case[1] for case in MESSAGE_CASES], ids=[case[0] for case in MESSAGE_CASES]
)
def test_followup_bodies_match_the_spec(
    openapi: OpenAPISpec, builder: Callable[[], Message]
) -> None:
    openapi.validate_request("POST", FOLLOWUP, builder().to_message_body())


@pytest.mark.parametrize(
    "builder", [case[1] for case in UPDATE_CASES], ids=[case[0] for case in UPDATE_CASES]
)
def test_edit_bodies_match_the_spec(openapi: OpenAPISpec, builder: Callable[[], Update]) -> None:
    openapi.validate_request("PATCH", EDIT, builder().to_message_body())


def test_every_builder_and_component_is_covered() -> None:
    """The catalogue above exercises every callback type and every component type."""
    callback_types = {builder().build(kind)[0]["type"] for _, builder, kind in CASES}
    assert callback_types == {1, 4, 5, 6, 7, 8, 9, 12}

    seen: set[int] = set()
    for _, builder, _kind in CASES:
        made = builder()
        components = getattr(made, "components", None) or ()
        for component in components:
            seen.update(node.type for node in component.walk())
    documented = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19, 21, 22, 23}
    assert seen == documented


def test_a_spec_mismatch_is_detected(openapi: OpenAPISpec) -> None:
    """The validator used above really rejects bad bodies (so the tests above can fail)."""
    body, _ = Message("x").build(COMMAND)
    body["data"]["content"] = "x" * 2001
    with pytest.raises(SpecMismatch):
        openapi.validate_request("POST", CALLBACK, body)


def test_premium_required_is_gone_from_the_spec(openapi: OpenAPISpec) -> None:
    """Type 10 is deprecated: Discord's spec no longer accepts it, kagari still builds it."""
    with pytest.warns(DeprecationWarning, match="premium Button"):
        builder = PremiumRequired()
    body, files = builder.build(COMMAND)
    assert body == {"type": 10}
    assert list(files) == []
    with pytest.raises(SpecMismatch):
        openapi.validate_request("POST", CALLBACK, body)


def test_upload_body_matches_the_spec(openapi: OpenAPISpec) -> None:
    """New uploads are numbered "0", "1", ... (snowflake strings, as the spec types
    attachment ids); Discord pairs id "n" with the multipart field files[n]."""
    message = Message("files", files=[File(b"a", "a.txt", description="first")])
    body, files = message.build(COMMAND)
    assert body["data"]["attachments"] == [{"id": "0", "filename": "a.txt", "description": "first"}]
    openapi.validate_request("POST", CALLBACK, body)
    openapi.validate_request("POST", "/webhooks/1/token", message.to_message_body())
    assert [file.filename for file in files] == ["a.txt"]
