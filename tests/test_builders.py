"""Every outgoing example from Discord's docs is reproduced exactly by kagari's builders.

The examples live in ``tests/data/discord-payloads/outgoing/{messages,callbacks}`` (``*.json`` and
``*.derived.json``). Message examples are compared with ``Message(...).to_message_body()``;
the only key dropped from our side is ``allowed_mentions``, which kagari always sends (its
default pings nobody) and which the examples omit: each test first asserts it is exactly
``{"parse": []}``, then removes it. Nothing else is loosened.
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable
from typing import Any

import pytest

import kagari.builders.components as c
from kagari.builders.responses import Message, Modal

V2 = 1 << 15

Factory = Callable[[], Any]

BUGS = [
    c.SelectOption("Ant", "ant", "(best option)", emoji="🐜"),
    c.SelectOption("Butterfly", "butterfly", emoji="🦋"),
    c.SelectOption("Caterpillar", "caterpillar", emoji="🐛"),
]
CHANGELOG = (
    "Hope you're excited, the update is finally here! Here are some of the changes:\n"
    "- Fixed a bug where certain treasure chests wouldn't open properly\n"
    "- Improved server stability during peak hours\n"
    "- Added a new type of gravity that will randomly apply when the moon is visible in-game\n"
    "- Every third thursday the furniture will scream your darkest secrets to nearby npcs"
)


def _game_section() -> c.Section:
    return c.Section(
        c.TextDisplay("# Real Game v7.3"),
        CHANGELOG,
        "-# That last one wasn't real, but don't use voice chat near furniture just in case...",
        accessory=c.Thumbnail("https://websitewithopensourceimages/gamepreview.webp"),
    )


MESSAGES: dict[str, Factory] = {
    "message_legacy_components.json": lambda: Message(
        "This is a message with legacy components",
        components=[c.ActionRow(c.Button("Click Me", custom_id="click_me_1"))],
    ),
    "message_legacy_select_menu.derived.json": lambda: Message(
        "Mason is looking for new arena partners. What classes do you play?",
        components=[
            c.ActionRow(
                c.StringSelect(
                    "class_select_1",
                    [
                        c.SelectOption(
                            "Rogue",
                            "rogue",
                            "Sneak n stab",
                            emoji=c.PartialEmoji("rogue", 625891304148303894),
                        ),
                        c.SelectOption(
                            "Mage",
                            "mage",
                            "Turn 'em into a sheep",
                            emoji="<:mage:625891304081063986>",
                        ),
                        c.SelectOption(
                            "Priest",
                            "priest",
                            "You get heals when I'm done doing damage",
                            emoji=c.PartialEmoji("priest", "625891303795982337"),
                        ),
                    ],
                    placeholder="Choose a class",
                    min_values=1,
                    max_values=3,
                )
            )
        ],
    ),
    "message_v2_action_row_buttons.derived.json": lambda: Message(
        components=[
            c.ActionRow(
                c.Button("Accept", custom_id="click_yes"),
                c.Button("Learn More", url="http://watchanimeattheoffice.com/"),
                c.Button("Decline", custom_id="click_no", style="danger"),
            )
        ],
        flags=V2,
    ),
    "message_v2_button.derived.json": lambda: Message(
        components=[c.ActionRow(c.Button("Click me!", custom_id="click_me"))], flags=V2
    ),
    "message_v2_channel_select.derived.json": lambda: Message(
        components=[
            c.ActionRow(
                c.ChannelSelect(
                    "notification_channel", channel_types=[0], placeholder="Which text channel?"
                )
            )
        ],
        flags=V2,
    ),
    "message_v2_container.derived.json": lambda: Message(
        components=[
            c.Container(
                c.TextDisplay("# You have encountered a wild coyote!"),
                c.MediaGallery("https://websitewithopensourceimages/coyote.webp"),
                "What would you like to do?",
                c.ActionRow(
                    c.Button("Pet it!", custom_id="pet_coyote"),
                    c.Button("Attempt to feed it", custom_id="feed_coyote", style="secondary"),
                    c.Button("Run away!", custom_id="run_away", style=c.ButtonStyle.DANGER),
                ),
                accent_color=703487,
            )
        ]
    ),
    "message_v2_file.derived.json": lambda: Message(
        components=[
            c.TextDisplay("# New game version released for testing!\nGrab the game here:"),
            c.FileComponent("attachment://game.zip"),
            c.TextDisplay("Latest manual artwork here:"),
            c.FileComponent("attachment://manual.pdf"),
        ]
    ),
    "message_v2_media_gallery.derived.json": lambda: Message(
        components=[
            c.TextDisplay("Live webcam shots as of 18-04-2025 at 12:00 UTC"),
            c.MediaGallery(
                c.MediaGalleryItem(
                    "https://livevideofeedconvertedtoimage/webcam1.webp",
                    description=(
                        "An aerial view looking down on older industrial complex buildings. "
                        "The main building is white with many windows and pipes running up "
                        "the walls."
                    ),
                ),
                c.MediaGalleryItem(
                    "https://livevideofeedconvertedtoimage/webcam2.webp",
                    description=(
                        "An aerial view of old broken buildings. Nature has begun to take root "
                        "in the rooftops. A portion of the middle building's roof has collapsed "
                        "inward. In the distant haze you can make out a far away city."
                    ),
                ),
                c.MediaGalleryItem(
                    "https://livevideofeedconvertedtoimage/webcam3.webp",
                    description=(
                        "A street view of a downtown city. Prominently in photo are skyscrapers "
                        "and a domed building"
                    ),
                ),
            ),
        ]
    ),
    "message_v2_mentionable_select.derived.json": lambda: Message(
        components=[c.ActionRow(c.MentionableSelect("who_to_ping", placeholder="Who?"))],
        flags=V2,
    ),
    "message_v2_role_select.derived.json": lambda: Message(
        components=[
            c.ActionRow(
                c.RoleSelect("role_ids", placeholder="Which roles?", min_values=1, max_values=3)
            )
        ],
        flags=V2,
    ),
    "message_v2_section_thumbnail.derived.json": lambda: Message(components=[_game_section()]),
    "message_v2_separator.derived.json": lambda: Message(
        components=[
            c.TextDisplay("It's dangerous to go alone!"),
            c.Separator(divider=True, spacing="small"),
            c.TextDisplay("Take this."),
        ]
    ),
    "message_v2_string_select.derived.json": lambda: Message(
        components=[
            c.ActionRow(
                c.StringSelect("favorite_bug", BUGS, placeholder="Favorite bug?", id=2), id=1
            )
        ],
        flags=V2,
    ),
    "message_v2_text_display.derived.json": lambda: Message(
        components=[
            c.TextDisplay(
                "# This is a Text Display\nAll the regular markdown rules apply\n"
                "- You can make lists\n- You can use `code blocks`\n"
                "- You can use [links](http://watchanimeattheoffice.com/)\n"
                "- Even :blush: :star_struck: :exploding_head:\n- Spoiler alert: ||these too!||"
            )
        ]
    ),
    "message_v2_text_display_and_buttons.json": lambda: Message(
        components=[
            c.TextDisplay("This is a message with v2 components"),
            c.ActionRow(
                c.Button("Click Me", custom_id="click_me_1"),
                c.Button("Click Me Too", custom_id="click_me_2", style=2),
            ),
        ]
    ),
    "message_v2_text_display_only.json": lambda: Message(
        components=[c.TextDisplay("This is a message using the Text Display component")]
    ),
    "message_v2_thumbnail.derived.json": lambda: Message(components=[_game_section()]),
    "message_v2_two_text_displays.json": lambda: Message(
        components=[
            c.TextDisplay("This is a Text Display component."),
            c.TextDisplay("This is another Text Display component!"),
        ]
    ),
    "message_v2_user_select.derived.json": lambda: Message(
        components=[c.ActionRow(c.UserSelect("user_select", placeholder="Select a user"))],
        flags=V2,
    ),
}

CALLBACKS: dict[str, Factory] = {
    "modal_bug_report_string_select_text_input.json": lambda: Modal(
        "Bug Report",
        custom_id="bug_modal",
        components=[
            c.Label(
                "What's your favorite bug?",
                c.StringSelect("bug_string_select", BUGS, placeholder="Choose..."),
            ),
            c.TextInput(
                "Why is it your favorite?",
                custom_id="bug_explanation",
                style="paragraph",
                min_length=1000,
                max_length=4000,
                placeholder="Write your explanation here...",
                description="Please provide as much detail as possible!",
            ),
        ],
    ),
    "modal_label_channel_select.json": lambda: Modal(
        "Lockdown",
        custom_id="channel_modal",
        components=[
            c.Label(
                "Which channel should be locked?",
                c.ChannelSelect("channel_selected", required=True),
            )
        ],
    ),
    "modal_label_checkbox.derived.json": lambda: Modal(
        "Secret Note",
        custom_id="secret_note_modal",
        components=[c.Label("Do you like me?", c.Checkbox("like_checkbox"), description="😳😳😳")],
    ),
    "modal_label_checkbox_group.derived.json": lambda: Modal(
        "Study Days",
        custom_id="day_selection_modal",
        components=[
            c.Label(
                "Which days are you free?",
                c.CheckboxGroup(
                    "event_checkbox",
                    [
                        c.CheckboxOption("March 4th", "march-4"),
                        c.CheckboxOption("March 5th", "march-5"),
                        c.CheckboxOption(
                            "March 7th", "march-7", "I know this is a Saturday and is tough"
                        ),
                        c.CheckboxOption("March 9th", "march-9"),
                        c.CheckboxOption("March 10th", "march-10"),
                    ],
                ),
                description="Choose all of the days you're able to meet up.",
            )
        ],
    ),
    "modal_label_file_upload.derived.json": lambda: Modal(
        "Bug Submission",
        custom_id="bug_submit_modal",
        components=[
            c.Label(
                "File Upload",
                c.FileUpload("file_upload", min_values=1, max_values=10, required=True),
                description=(
                    "Please upload a screenshot or other image that shows the bug you encountered."
                ),
            )
        ],
    ),
    "modal_label_mentionable_select.json": lambda: Modal(
        "Unmentionables",
        custom_id="mentionable_modal",
        components=[
            c.Label(
                "Who gets mentioned?", c.MentionableSelect("mentionables_selected", required=True)
            )
        ],
    ),
    "modal_label_radio_group.derived.json": lambda: Modal(
        "Class Selection",
        custom_id="class_selection_modal",
        components=[
            c.Label(
                "Choose your class",
                c.RadioGroup(
                    "class_radio",
                    [
                        c.RadioOption("Warrior", "warrior", "Strong and brave"),
                        c.RadioOption("Rogue", "rogue", "Weak and squishy"),
                        c.RadioOption("Wizard", "wizard", "Nerd"),
                        c.RadioOption("Bard", "bard", "Annoys everyone"),
                        c.RadioOption(
                            "Witch Doctor", "witch_doctor", "Actually a pretty cool option"
                        ),
                    ],
                ),
                description="Your class detertmines the style of play for your character.",
            )
        ],
    ),
    "modal_label_role_select.json": lambda: Modal(
        "Role Select",
        custom_id="role_modal",
        components=[
            c.Label(
                "Select which roles to assign",
                c.RoleSelect("roles_selected", max_values=10, required=True),
            )
        ],
    ),
    "modal_label_string_select.derived.json": lambda: Modal(
        "Bug Survey",
        custom_id="bug_modal",
        components=[
            c.Label(
                "Favorite bug?",
                c.StringSelect("favorite_bug", BUGS, placeholder="Ants are the best", id=2),
                id=1,
            )
        ],
    ),
    "modal_label_text_input.derived.json": lambda: Modal(
        "Game Feedback",
        custom_id="game_feedback_modal",
        components=[
            c.TextInput(
                "What did you find interesting about the game?",
                custom_id="game_feedback",
                style="paragraph",
                min_length=100,
                max_length=4000,
                placeholder="Write your feedback here...",
                description=(
                    "Please give us as much detail as possible so we can improve the game!"
                ),
            )
        ],
    ),
    "modal_label_user_select.derived.json": lambda: Modal(
        "User Chooser",
        custom_id="user_modal",
        components=[
            c.Label("Choose your users", c.UserSelect("user_selected", max_values=5, required=True))
        ],
    ),
    "modal_text_display_user_channel_select.json": lambda: Modal(
        "Jail",
        custom_id="jail_modal",
        components=[
            c.TextDisplay(
                "This action will move the selected user to the selected voice channel and "
                "take away all their permissions **for 1 hour**."
            ),
            c.Label("Choose a user", c.UserSelect("user_selected", required=True)),
            c.Label(
                "Where should they be sent?",
                c.ChannelSelect("channel_selected", channel_types=[2], required=True),
            ),
        ],
    ),
}

# The one example that is the modal's ``data`` alone (legacy action-row form).
MODAL_DATA: dict[str, Factory] = {
    "modal_data_action_row_text_input_legacy.derived.json": lambda: Modal(
        "My Cool Modal",
        custom_id="cool_modal",
        components=[
            c.ActionRow(
                c.TextInput(
                    "Name",
                    custom_id="name",
                    style="short",
                    min_length=1,
                    max_length=4000,
                    placeholder="John",
                )
            )
        ],
    ),
}


def _examples(payloads_dir: pathlib.Path, folder: str) -> set[str]:
    found = set()
    for path in (payloads_dir / "outgoing" / folder).iterdir():
        if path.name.endswith(".json"):  # *.json and *.derived.json; never *.jsonc
            found.add(path.name)
    return found


def _load(payloads_dir: pathlib.Path, folder: str, name: str) -> Any:
    return json.loads((payloads_dir / "outgoing" / folder / name).read_text(encoding="utf-8"))


def test_every_example_has_a_builder(payloads_dir: pathlib.Path) -> None:
    assert _examples(payloads_dir, "messages") == set(MESSAGES)
    assert _examples(payloads_dir, "callbacks") == set(CALLBACKS) | set(MODAL_DATA)


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_message_examples(payloads_dir: pathlib.Path, name: str) -> None:
    expected = _load(payloads_dir, "messages", name)
    message = MESSAGES[name]()
    body = message.to_message_body()
    assert body.pop("allowed_mentions") == {"parse": []}
    assert body == expected
    callback, files = message.build(2)
    assert callback["type"] == 4
    assert callback["data"] == message.to_message_body()
    assert list(files) == []


@pytest.mark.parametrize("name", sorted(CALLBACKS))
def test_modal_callback_examples(payloads_dir: pathlib.Path, name: str) -> None:
    expected = _load(payloads_dir, "callbacks", name)
    body, files = CALLBACKS[name]().build(2)
    assert body == expected
    assert list(files) == []


@pytest.mark.parametrize("name", sorted(MODAL_DATA))
def test_modal_data_examples(payloads_dir: pathlib.Path, name: str) -> None:
    expected = _load(payloads_dir, "callbacks", name)
    modal = MODAL_DATA[name]()
    assert modal.to_dict() == expected
    body, _ = modal.build(3)
    assert body == {"type": 9, "data": expected}
