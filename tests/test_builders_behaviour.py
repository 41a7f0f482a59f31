"""How the response builders behave: callback types, defaults, omissions, files and errors."""

from __future__ import annotations

import datetime
import io
import pathlib
from typing import Any

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
    Pong,
    PremiumRequired,
    Update,
)

PING, COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
ROW = c.ActionRow(c.Button("Go", custom_id="go"))


# --- Defer ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("defer", "interaction_type", "expected"),
    [
        (Defer(), COMMAND, {"type": 5}),
        (Defer(ephemeral=True), COMMAND, {"type": 5, "data": {"flags": 64}}),
        (Defer(), MODAL_SUBMIT, {"type": 5}),
        (Defer(True), MODAL_SUBMIT, {"type": 5, "data": {"flags": 64}}),
        (Defer(), COMPONENT, {"type": 6}),
        (Defer(ephemeral=True), COMPONENT, {"type": 6}),
        (Defer(update=True), MODAL_SUBMIT, {"type": 6}),
        (Defer(True, update=False), COMPONENT, {"type": 5, "data": {"flags": 64}}),
    ],
)
def test_defer_picks_the_callback_type(
    defer: Defer, interaction_type: int, expected: dict[str, Any]
) -> None:
    assert defer.build(interaction_type) == (expected, ())


@pytest.mark.parametrize(
    ("defer", "interaction_type", "match"),
    [
        (Defer(), PING, "cannot answer a PING"),
        (Defer(), AUTOCOMPLETE, "cannot answer an autocomplete interaction"),
        (Defer(update=True), COMMAND, "no message to update"),
    ],
)
def test_defer_refuses_what_discord_refuses(
    defer: Defer, interaction_type: int, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        defer.build(interaction_type)


def test_defer_ephemeral_update_is_a_contradiction() -> None:
    with pytest.raises(ValueError, match="cannot become ephemeral"):
        Defer(ephemeral=True, update=True)


# --- Message ----------------------------------------------------------------------------------
def test_message_pings_nobody_by_default() -> None:
    body, files = Message("hi <@1>").build(COMMAND)
    assert body == {"type": 4, "data": {"content": "hi <@1>", "allowed_mentions": {"parse": []}}}
    assert files == ()


def test_message_uses_given_allowed_mentions() -> None:
    mentions = AllowedMentions(users=[80351110224678912])
    data = Message("<@80351110224678912>", allowed_mentions=mentions).to_message_body()
    assert data["allowed_mentions"] == {"parse": [], "users": ["80351110224678912"]}


def test_message_flags() -> None:
    data = Message(
        "x", ephemeral=True, suppress_embeds=True, suppress_notifications=True, tts=True
    ).to_message_body()
    assert data["flags"] == 64 | 4 | 4096
    assert data["tts"] is True
    assert "flags" not in Message("x").to_message_body()
    assert Message("x", flags=1 << 13).to_message_body()["flags"] == 1 << 13


def test_components_v2_flag_is_set_automatically() -> None:
    message = Message(components=[c.TextDisplay("hello")], ephemeral=True)
    assert message.to_message_body()["flags"] == (1 << 15) | (1 << 6)
    assert message.v2
    legacy = Message("x", components=[ROW])
    assert "flags" not in legacy.to_message_body()
    assert not legacy.v2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"content": "text"},
        {"embeds": [Embed("e")]},
        {"poll": Poll("q", ["a"])},
    ],
)
def test_components_v2_forbid_content_embeds_and_poll(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="Components V2"):
        Message(components=[c.Container("boxed")], **kwargs)


def test_explicit_v2_flag_applies_v2_rules() -> None:
    with pytest.raises(ValueError, match="Components V2"):
        Message("text", components=[ROW], flags=1 << 15)


def test_empty_message_is_refused() -> None:
    with pytest.raises(ValueError, match="needs content, embeds, components, files or a poll"):
        Message()
    with pytest.raises(ValueError, match="needs content"):
        Message("")


@pytest.mark.parametrize("interaction_type", [PING, AUTOCOMPLETE])
def test_message_cannot_answer_ping_or_autocomplete(interaction_type: int) -> None:
    with pytest.raises(ValueError, match="Message cannot answer"):
        Message("x").build(interaction_type)


def test_message_answers_commands_components_and_modals() -> None:
    for interaction_type in (COMMAND, COMPONENT, MODAL_SUBMIT):
        assert Message("x").build(interaction_type)[0]["type"] == 4


def test_message_with_poll() -> None:
    data = Message(poll=Poll("Tea?", ["Yes", "No"], duration=1)).to_message_body()
    assert data["poll"] == {
        "question": {"text": "Tea?"},
        "answers": [{"poll_media": {"text": "Yes"}}, {"poll_media": {"text": "No"}}],
        "duration": 1,
        "allow_multiselect": False,
    }


def test_poll_duration_as_timedelta() -> None:
    assert Poll("q", ["a"], duration=datetime.timedelta(days=1)).duration == 24
    with pytest.raises(ValueError, match="whole hours"):
        Poll("q", ["a"], duration=datetime.timedelta(minutes=90))


def test_message_equality() -> None:
    assert Message("a", ephemeral=True) == Message("a", ephemeral=True)
    assert Message("a") != Message("a", ephemeral=True)


def test_message_rejects_wrong_types() -> None:
    with pytest.raises(TypeError, match=r"kagari\.Embed"):
        Message(embeds=[{"title": "x"}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="AllowedMentions"):
        Message("x", allowed_mentions={"parse": []})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"kagari\.File"):
        Message(files=[b"raw"])  # type: ignore[list-item]


# --- Files ------------------------------------------------------------------------------------
async def test_files_from_bytes_path_and_file_object(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"from disk")
    from_bytes = File(b"raw bytes", "raw.bin", description="the bytes")
    from_path = File(path, description="a path")
    from_object = File(io.BytesIO(b"from object"), "object.dat")

    message = Message("files", files=[from_bytes, from_path, from_object])
    body, files = message.build(COMMAND)

    assert body["data"]["attachments"] == [
        {"id": "0", "filename": "raw.bin", "description": "the bytes"},
        {"id": "1", "filename": "notes.txt", "description": "a path"},
        {"id": "2", "filename": "object.dat"},
    ]
    assert list(files) == [from_bytes, from_path, from_object]
    assert files[0] is from_bytes and files[1] is from_path and files[2] is from_object
    assert message.files == tuple(files)
    assert [await file.read() for file in files] == [b"raw bytes", b"from disk", b"from object"]


def test_paths_are_accepted_directly(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text("a,b")
    body, files = Message(files=[path, str(path)]).build(COMMAND)
    assert [entry["filename"] for entry in body["data"]["attachments"]] == ["report.csv"] * 2
    assert [file.filename for file in files] == ["report.csv", "report.csv"]


def test_files_referenced_by_components_and_embeds_are_uploaded_once() -> None:
    picture = File(b"png", "pic.png")
    archive = File(b"zip", "game.zip")
    message = Message(
        files=[picture],
        components=[
            c.MediaGallery(picture),
            c.FileComponent(archive),
            c.Section("x", accessory=c.Thumbnail(picture)),
        ],
    )
    body, files = message.build(COMMAND)
    assert list(files) == [picture, archive]
    data = body["data"]
    assert data["attachments"] == [
        {"id": "0", "filename": "pic.png"},
        {"id": "1", "filename": "game.zip"},
    ]
    assert data["components"][0]["items"] == [{"media": {"url": "attachment://pic.png"}}]
    assert data["components"][1]["file"] == {"url": "attachment://game.zip"}

    image = File(b"png", "chart.png")
    body, files = Message(embeds=[Embed("chart").set_image(image)]).build(COMMAND)
    assert list(files) == [image]
    assert body["data"]["embeds"][0]["image"] == {"url": "attachment://chart.png"}


def test_existing_attachments_are_kept_before_new_files() -> None:
    class Attachment:
        id = 1111

    new = File(b"x", "new.txt")
    data = Message(
        "edit", files=[new], attachments=[Attachment(), "2222", {"id": 3333, "description": "d"}]
    ).to_message_body()
    assert data["attachments"] == [
        {"id": "1111"},
        {"id": "2222"},
        {"id": "3333", "description": "d"},
        {"id": "0", "filename": "new.txt"},
    ]


def test_attachment_description_limit() -> None:
    with pytest.raises(ValueError, match=r"Message\.files description.*1024"):
        Message(files=[File(b"x", "a.txt", description="d" * 1025)])


# --- Update -----------------------------------------------------------------------------------
def test_update_omits_unset_fields() -> None:
    body, files = Update(components=[ROW]).build(COMPONENT)
    assert body == {"type": 7, "data": {"components": [ROW.to_dict()]}}
    assert files == ()
    assert Update(content="new").to_message_body() == {"content": "new"}
    assert Update().build(COMPONENT) == ({"type": 7, "data": {}}, ())


def test_update_can_clear_fields() -> None:
    assert Update(content="", embeds=[], components=[]).to_message_body() == {
        "content": "",
        "embeds": [],
        "components": [],
    }


def test_update_flags_and_mentions() -> None:
    data = Update(
        components=[c.TextDisplay("v2")], suppress_embeds=True, allowed_mentions=AllowedMentions()
    ).to_message_body()
    assert data["flags"] == (1 << 15) | (1 << 2)
    assert data["allowed_mentions"] == {"parse": []}


def test_update_with_files_lists_the_attachments() -> None:
    file = File(b"x", "x.txt")
    body, files = Update(files=[file], attachments=[42]).build(MODAL_SUBMIT)
    assert body["data"] == {"attachments": [{"id": "42"}, {"id": "0", "filename": "x.txt"}]}
    assert list(files) == [file]


@pytest.mark.parametrize("interaction_type", [PING, COMMAND, AUTOCOMPLETE])
def test_update_only_answers_components_and_modal_submits(interaction_type: int) -> None:
    with pytest.raises(ValueError, match="Update cannot answer"):
        Update(content="x").build(interaction_type)


def test_update_forbids_content_with_v2_components() -> None:
    with pytest.raises(ValueError, match="Components V2"):
        Update(content="x", components=[c.TextDisplay("y")])


# --- Modal ------------------------------------------------------------------------------------
def test_modal_wraps_text_inputs_in_labels() -> None:
    modal = Modal(
        "Feedback",
        custom_id="feedback:general",
        components=[
            c.TextInput("Title", custom_id="title"),
            c.TextInput("Details", custom_id="body", style="paragraph", required=False),
        ],
    )
    body, files = modal.build(COMMAND)
    assert body == {
        "type": 9,
        "data": {
            "custom_id": "feedback:general",
            "title": "Feedback",
            "components": [
                {
                    "type": 18,
                    "label": "Title",
                    "component": {"type": 4, "custom_id": "title", "style": 1, "required": True},
                },
                {
                    "type": 18,
                    "label": "Details",
                    "component": {"type": 4, "custom_id": "body", "style": 2, "required": False},
                },
            ],
        },
    }
    assert files == ()


@pytest.mark.parametrize("interaction_type", [PING, AUTOCOMPLETE, MODAL_SUBMIT])
def test_modal_refuses_pings_autocomplete_and_modal_submits(interaction_type: int) -> None:
    modal = Modal("t", custom_id="m", components=[c.TextInput("Q", custom_id="q")])
    with pytest.raises(ValueError, match="Modal cannot answer"):
        modal.build(interaction_type)


def test_modal_component_errors() -> None:
    with pytest.raises(ValueError, match=r"wrap StringSelect in kagari\.Label"):
        Modal("t", custom_id="m", components=[c.StringSelect("s", ["a"])])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"TextInput\.label is required"):
        Modal("t", custom_id="m", components=[c.TextInput(custom_id="q")])
    with pytest.raises(ValueError, match=r"TextInput\.label is required inside a legacy ActionRow"):
        Modal("t", custom_id="m", components=[c.ActionRow(c.TextInput(custom_id="q"))])
    with pytest.raises(ValueError, match="may only hold a TextInput"):
        Modal("t", custom_id="m", components=[ROW])
    with pytest.raises(TypeError, match="not Button"):
        Modal("t", custom_id="m", components=[c.Button("b", custom_id="b")])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="custom_id 'q' is used more than once"):
        Modal(
            "t",
            custom_id="m",
            components=[c.TextInput("A", custom_id="q"), c.TextInput("B", custom_id="q")],
        )


# --- Autocomplete -----------------------------------------------------------------------------
def test_autocomplete_accepts_values_choices_and_dicts() -> None:
    result = AutocompleteResult(
        [
            1,
            2.5,
            Choice("three", 3, {"fr": "trois"}),
            {"name": "four", "value": 4},
        ]
    )
    body, files = result.build(AUTOCOMPLETE)
    assert body == {
        "type": 8,
        "data": {
            "choices": [
                {"name": "1", "value": 1},
                {"name": "2.5", "value": 2.5},
                {"name": "three", "value": 3, "name_localizations": {"fr": "trois"}},
                {"name": "four", "value": 4},
            ]
        },
    }
    assert files == ()


def test_autocomplete_errors() -> None:
    with pytest.raises(ValueError, match="mixes string and number"):
        AutocompleteResult(["a", 1])
    with pytest.raises(TypeError, match="str, int, float"):
        AutocompleteResult([True])
    with pytest.raises(ValueError, match="needs 'name' and 'value'"):
        AutocompleteResult([{"label": "x"}])
    with pytest.raises(TypeError, match="list of choices"):
        AutocompleteResult("apple")
    with pytest.raises(ValueError, match="AutocompleteResult cannot answer an application command"):
        AutocompleteResult(["a"]).build(COMMAND)


# --- The small ones ---------------------------------------------------------------------------
def test_launch_activity_pong_and_premium_required() -> None:
    assert LaunchActivity().build(COMMAND) == ({"type": 12}, ())
    assert Pong().build(PING) == ({"type": 1}, ())
    with pytest.raises(ValueError, match="only answers a PING"):
        Pong().build(COMMAND)
    with pytest.warns(DeprecationWarning):
        assert PremiumRequired().build(COMPONENT) == ({"type": 10}, ())
    assert LaunchActivity() == LaunchActivity()
    assert Defer(True) == Defer(ephemeral=True)


# --- Embeds and mentions ----------------------------------------------------------------------
def test_embed_is_fluent_and_serialises() -> None:
    embed = Embed("Title", "Body", url="https://e.com", color=0x123456)
    assert embed.add_field("a", "1", inline=True) is embed
    assert embed.set_author("me", icon_url="https://e.com/i.png") is embed
    assert embed.set_footer("foot") is embed
    assert embed.set_thumbnail("https://e.com/t.png") is embed
    embed.timestamp = datetime.datetime(2025, 5, 1, 12, 0)  # naive: taken as UTC
    assert embed.to_dict() == {
        "title": "Title",
        "description": "Body",
        "url": "https://e.com",
        "color": 0x123456,
        "timestamp": "2025-05-01T12:00:00+00:00",
        "fields": [{"name": "a", "value": "1", "inline": True}],
        "author": {"name": "me", "icon_url": "https://e.com/i.png"},
        "footer": {"text": "foot"},
        "thumbnail": {"url": "https://e.com/t.png"},
    }
    assert embed.total_length() == len("Title" + "Body" + "a1" + "foot" + "me")
    aware = datetime.datetime(
        2025, 5, 1, 14, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    assert Embed(timestamp=aware).to_dict()["timestamp"] == "2025-05-01T12:00:00+00:00"


def test_embed_rechecks_attributes_set_later() -> None:
    embed = Embed("ok")
    embed.title = "t" * 257
    with pytest.raises(ValueError, match=r"Embed\.title.*256"):
        embed.to_dict()


def test_allowed_mentions() -> None:
    class Role:
        id = 5

    assert AllowedMentions.none().to_dict() == {"parse": []}
    assert AllowedMentions.all().to_dict() == {
        "parse": ["users", "roles", "everyone"],
        "replied_user": True,
    }
    assert AllowedMentions(users=["1", 1, 2], roles=[Role()], everyone=True).to_dict() == {
        "parse": ["everyone"],
        "users": ["1", "2"],
        "roles": ["5"],
    }
    with pytest.raises(TypeError, match="single string"):
        AllowedMentions(users="123")
    with pytest.raises(ValueError, match=r"AllowedMentions\.roles must be a snowflake"):
        AllowedMentions(roles=["abc"])
