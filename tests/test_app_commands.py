"""Declaring commands, groups, context menus, routes and blueprints; mistakes caught early."""

from __future__ import annotations

import enum
from typing import Annotated, Any

import pytest

import kagari
from kagari.app import (
    Blueprint,
    Bot,
    Check,
    CommandGroup,
    ComponentRoute,
    Context,
    DeclarationError,
    ModalRoute,
    Option,
    SlashCommand,
    check,
    cooldown,
    guild_only,
)
from kagari.app.declare.scope import CommandDefaults
from kagari.server.devkeys import DevKeyPair
from kagari.testing.openapi import OpenAPISpec


class Mode(enum.Enum):
    FAST = "fast"
    SLOW = "slow"


@pytest.fixture
def bot(monkeypatch: pytest.MonkeyPatch) -> Bot:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DISCORD_PUBLIC_KEY", raising=False)
    return Bot(public_key=DevKeyPair().public_key, logs=None)


def _validate_all(bot: Bot, openapi: OpenAPISpec) -> dict[int | None, list[dict[str, Any]]]:
    payloads = bot.command_payloads()
    for scope in payloads.values():
        for payload in scope:
            openapi.validate_schema("ApplicationCommandCreateRequest", payload)
    return payloads


def test_constructor_reads_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = DevKeyPair()
    monkeypatch.setenv("DISCORD_TOKEN", "env-token")
    monkeypatch.setenv("DISCORD_PUBLIC_KEY", keys.public_key)
    bot = Bot(logs=None)
    assert bot.public_key == bytes.fromhex(keys.public_key)
    assert bot.deadline == 2.5
    with pytest.raises(ValueError, match="deadline must be between 0 and 3"):
        Bot(logs=None, deadline=3.5)


def test_decorators_keep_functions_callable(bot: Bot) -> None:
    async def raw(ctx: Context, count: int) -> str:
        """Count things."""
        return str(count)

    command = bot.command(raw)
    assert isinstance(command, SlashCommand)
    assert command.__name__ == "raw" and command.__doc__ == "Count things."
    assert command.callback is raw and command.__wrapped__ is raw  # type: ignore[attr-defined]
    coro = command(None, 3)  # type: ignore[arg-type]
    assert hasattr(coro, "send")
    coro.close()


def test_bare_and_called_command_decorators(bot: Bot, openapi: OpenAPISpec) -> None:
    @bot.command
    async def ping(ctx: Context) -> str:
        """Check that the bot is alive."""
        return "pong"

    @bot.command(
        name="hello",
        description="Say hello",
        nsfw=True,
        default_member_permissions=kagari.Permissions.MANAGE_MESSAGES,
        contexts=[kagari.InteractionContextType.GUILD, 1],
        integration_types=[0, kagari.ApplicationIntegrationType.USER_INSTALL],
        name_localizations={"fr": "bonjour"},
        description_localizations={kagari.Locale.FRENCH: "Dire bonjour"},
    )
    async def say_hello(ctx: Context) -> str:
        return "hi"

    payloads = _validate_all(bot, openapi)
    assert payloads[None] == [
        {"type": 1, "name": "ping", "description": "Check that the bot is alive."},
        {
            "type": 1,
            "name": "hello",
            "description": "Say hello",
            "name_localizations": {"fr": "bonjour"},
            "description_localizations": {"fr": "Dire bonjour"},
            "default_member_permissions": int(kagari.Permissions.MANAGE_MESSAGES),
            "nsfw": True,
            "contexts": [0, 1],
            "integration_types": [0, 1],
        },
    ]


def test_guild_scopes(bot: Bot, openapi: OpenAPISpec) -> None:
    @bot.command(guild_ids=[1, 2])
    async def local(ctx: Context) -> str:
        return "x"

    @bot.command
    async def everywhere(ctx: Context) -> str:
        return "x"

    payloads = _validate_all(bot, openapi)
    assert [p["name"] for p in payloads[None]] == ["everywhere"]
    assert [p["name"] for p in payloads[1]] == ["local"]
    assert [p["name"] for p in payloads[2]] == ["local"]


def test_groups_and_subgroups(bot: Bot, openapi: OpenAPISpec) -> None:
    admin = bot.group("admin", "Admin tools", guild_ids=[5], default_member_permissions=0)

    @admin.command
    async def purge(ctx: Context, count: int) -> str:
        """Delete messages."""
        return str(count)

    users = admin.group("users", "Manage users")

    @users.command(name="ban")
    async def ban_user(ctx: Context, who: kagari.User, reason: str = "") -> str:
        return "banned"

    assert isinstance(users, CommandGroup)
    payloads = _validate_all(bot, openapi)
    assert None in payloads and payloads[None] == []
    (group,) = payloads[5]
    assert group == {
        "type": 1,
        "name": "admin",
        "description": "Admin tools",
        "default_member_permissions": 0,
        "options": [
            {
                "type": 1,
                "name": "purge",
                "description": "Delete messages.",
                "options": [
                    {"type": 4, "name": "count", "description": "No description", "required": True},
                ],
            },
            {
                "type": 2,
                "name": "users",
                "description": "Manage users",
                "options": [
                    {
                        "type": 1,
                        "name": "ban",
                        "description": "No description",
                        "options": [
                            {
                                "type": 6,
                                "name": "who",
                                "description": "No description",
                                "required": True,
                            },
                            {
                                "type": 3,
                                "name": "reason",
                                "description": "No description",
                                "required": False,
                            },
                        ],
                    },
                ],
            },
        ],
    }
    assert bot.find_command("admin") is admin
    assert bot.find_command("admin purge") is purge
    assert bot.find_command("admin users ban") is ban_user
    assert bot.find_command("admin users") is users
    assert bot.find_command("admin nope") is None
    assert bot.find_command("nope") is None
    assert ban_user.qualified_name == "admin users ban"


def test_only_one_level_of_groups(bot: Bot) -> None:
    sub = bot.group("a", "A").group("b", "B")
    with pytest.raises(DeclarationError, match="only one level of groups"):
        sub.group("c", "C")


def test_subcommands_cannot_set_top_level_settings(bot: Bot) -> None:
    group = bot.group("a", "A")

    async def sub(ctx: Context) -> str:
        return "x"

    command = SlashCommand(sub, defaults=CommandDefaults.build("sub", guild_ids=[1]))
    with pytest.raises(DeclarationError, match="only be set on the top-level command"):
        group.add_command(command)


def test_empty_group_fails_at_payload_time(bot: Bot) -> None:
    bot.group("empty", "Nothing here")
    with pytest.raises(DeclarationError, match="has no subcommands"):
        bot.command_payloads()


def test_context_menu_commands(bot: Bot, openapi: OpenAPISpec) -> None:
    @bot.user_command("Show avatar")
    async def avatar(ctx: Context, user: kagari.User) -> str:
        return user.avatar_url

    @bot.user_command("Member info", guild_ids=[9])
    async def info(ctx: Context, member: kagari.Member) -> str:
        return "x"

    @bot.message_command("Bookmark")
    async def bookmark(ctx: Context, message: kagari.PartialMessage) -> str:
        return f"saved {message.id}"

    payloads = _validate_all(bot, openapi)
    assert payloads[None] == [{"type": 2, "name": "Show avatar"}, {"type": 3, "name": "Bookmark"}]
    assert payloads[9] == [{"type": 2, "name": "Member info"}]
    assert bot.find_command("Show avatar") is avatar
    assert info.wants_member and not avatar.wants_member


def test_context_menu_target_must_fit(bot: Bot) -> None:
    with pytest.raises(DeclarationError, match="target of a user command"):

        @bot.user_command("Bad")
        async def bad(ctx: Context, user: str) -> str:
            return user

    with pytest.raises(DeclarationError, match="target of a message command"):

        @bot.message_command("Bad")
        async def bad2(ctx: Context, message: kagari.User) -> str:
            return "x"

    with pytest.raises(DeclarationError, match="takes the context and the target"):

        @bot.message_command("Bad")
        async def bad3(ctx: Context) -> str:
            return "x"


def test_same_name_for_slash_and_user_command_is_fine(bot: Bot) -> None:
    @bot.command
    async def info(ctx: Context) -> str:
        return "x"

    @bot.user_command("info")
    async def user_info(ctx: Context, user: kagari.User) -> str:
        return "x"

    assert len(bot.commands) == 2


@pytest.mark.parametrize(
    ("declare", "message"),
    [
        ("duplicate", "a slash command named 'ping' is already registered"),
        ("bad_name", "must be lowercase"),
        ("long_name", "must be 1-32 characters"),
        ("long_description", "command description must be 1-100 characters"),
        ("sync_function", "must be defined with 'async def'"),
        ("no_context", "takes the context as its first parameter"),
        ("star_args", "is not supported"),
        ("required_after_optional", "required option 'b' comes after optional option 'a'"),
        ("too_many_options", "at most 25 options"),
        ("empty_guilds", "guild_ids must not be empty"),
    ],
)
def test_declaration_mistakes(bot: Bot, declare: str, message: str) -> None:
    async def base(ctx: Context) -> str:
        return "pong"

    bot.command(name="ping")(base)

    def attempt() -> None:
        if declare == "duplicate":

            async def ping(ctx: Context) -> str:
                return "pong"

            bot.command(ping)
        elif declare == "bad_name":
            bot.command(name="Ping2")(base)
        elif declare == "long_name":
            bot.command(name="x" * 33)(base)
        elif declare == "long_description":
            bot.command(name="p3", description="d" * 101)(base)
        elif declare == "sync_function":

            def sync(ctx: Context) -> str:
                return "x"

            bot.command(sync)
        elif declare == "no_context":

            async def noctx() -> str:
                return "x"

            bot.command(noctx)
        elif declare == "star_args":

            async def star(ctx: Context, *values: str) -> str:
                return "x"

            bot.command(star)
        elif declare == "required_after_optional":

            async def order(ctx: Context, a: int | None, b: int) -> str:
                return "x"

            bot.command(order)
        elif declare == "too_many_options":

            async def many(ctx: Context, **kw: Any) -> str:
                return "x"

            import inspect

            params = [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD)] + [
                inspect.Parameter(f"o{i}", inspect.Parameter.KEYWORD_ONLY, annotation=int)
                for i in range(26)
            ]
            many.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
            many.__annotations__ = {f"o{i}": int for i in range(26)}
            bot.command(many)
        elif declare == "empty_guilds":
            bot.command(name="p4", guild_ids=[])(base)

    with pytest.raises(DeclarationError, match=message):
        attempt()


def test_autocomplete_registration(bot: Bot, openapi: OpenAPISpec) -> None:
    @bot.command
    async def search(ctx: Context, query: str, limit: int = 5) -> str:
        return query

    @search.autocomplete("query")
    async def complete(ctx: Context, value: str, limit: int = 5) -> list[str]:
        return [value]

    @bot.autocomplete("search", "limit")
    async def complete_limit(ctx: Context, value: int) -> list[int]:
        return [value]

    assert complete.__name__ == "complete"  # returned unchanged
    payload = search.to_payload()
    openapi.validate_schema("ApplicationCommandCreateRequest", payload)
    assert [o.get("autocomplete") for o in payload["options"]] == [True, True]

    with pytest.raises(DeclarationError, match="already has an autocomplete handler"):
        search.add_autocomplete("query", complete)
    with pytest.raises(DeclarationError, match="has no option 'nope'"):
        search.add_autocomplete("nope", complete)
    with pytest.raises(DeclarationError, match="no slash command 'missing'"):
        bot.add_autocomplete("missing", "query", complete)

    async def extra(ctx: Context, value: str, other: str) -> list[str]:
        return []

    @bot.command
    async def find(ctx: Context, text: str) -> str:
        return text

    with pytest.raises(DeclarationError, match="'other' is not an option"):
        find.add_autocomplete("text", extra)


def test_autocomplete_conflicts_with_choices(bot: Bot) -> None:
    @bot.command
    async def pick(ctx: Context, mode: Mode) -> str:
        return mode.value

    async def complete(ctx: Context, value: str) -> list[str]:
        return []

    with pytest.raises(DeclarationError, match="fixed choices"):
        pick.add_autocomplete("mode", complete)


def test_component_routes(bot: Bot) -> None:
    @bot.component("vote:{poll_id:int}:{choice}")
    async def vote(ctx: Context, poll_id: int, choice: str) -> kagari.Update:
        return kagari.Update(content=choice)

    @bot.component("pick:{mode}")
    async def pick(ctx: Context, mode: Mode, values: list[str]) -> None:
        return None

    assert isinstance(vote, ComponentRoute)
    assert vote.custom_id(poll_id=42, choice="yes") == "vote:42:yes"
    assert pick.custom_id(mode=Mode.SLOW) == "pick:slow"
    assert pick.selections["values"].source == "values"
    assert [r.pattern.pattern for r in bot.component_routes] == [
        "vote:{poll_id:int}:{choice}",
        "pick:{mode}",
    ]


def test_component_route_mistakes(bot: Bot) -> None:
    with pytest.raises(DeclarationError, match="has no parameter 'choice'"):

        @bot.component("vote:{poll_id:int}:{choice}")
        async def vote(ctx: Context, poll_id: int) -> None:
            return None

    with pytest.raises(DeclarationError, match="'extra' is not a placeholder"):

        @bot.component("a:{x}")
        async def route(ctx: Context, x: str, extra: int) -> None:
            return None

    @bot.component("b:{x}")
    async def first(ctx: Context, x: str) -> None:
        return None

    with pytest.raises(DeclarationError, match="can never match"):

        @bot.component("b:{y}")
        async def second(ctx: Context, y: str) -> None:
            return None


def test_modal_routes(bot: Bot) -> None:
    @bot.modal("feedback:{topic}")
    async def on_feedback(
        ctx: Context,
        topic: str,
        title: str,
        rating: int,
        agree: bool,
        tags: list[str],
        files: list[kagari.Attachment],
        reviewer: kagari.User | None = None,
        other: Annotated[str, Option(name="other-field")] = "",
    ) -> kagari.Message:
        return kagari.Message(title)

    assert isinstance(on_feedback, ModalRoute)
    kinds = {f.param: (f.custom_id, f.kind, f.required) for f in on_feedback.fields}
    assert kinds == {
        "title": ("title", "text", True),
        "rating": ("rating", "int", True),
        "agree": ("agree", "checked", True),
        "tags": ("tags", "selection", True),
        "files": ("files", "selection", True),
        "reviewer": ("reviewer", "selection", False),
        "other": ("other-field", "text", False),
    }

    with pytest.raises(DeclarationError, match="no modal field can fill parameter 'when'"):

        @bot.modal("m:{x}")
        async def bad(ctx: Context, x: str, when: dict[str, int]) -> None:
            return None


def test_checks_attach_in_any_order(bot: Bot) -> None:
    def is_owner(ctx: Context) -> bool:
        return True

    @bot.command(checks=[is_owner])
    @guild_only
    async def a(ctx: Context) -> str:
        return "x"

    @cooldown(1, 5.0)
    @bot.command
    async def b(ctx: Context) -> str:
        return "x"

    assert [c.name for c in a.checks] == ["guild_only", "is_owner"]
    assert len(b.checks) == 1 and b.checks[0].name.startswith("cooldown(1/5.0s")
    assert isinstance(check(is_owner), Check)


def test_blueprint_registration(bot: Bot, openapi: OpenAPISpec) -> None:
    bp = Blueprint("admin", guild_ids=[77], default_member_permissions=8)

    @bp.command
    async def purge(ctx: Context, count: int) -> str:
        return str(count)

    @bp.component("bp:{n:int}")
    async def button(ctx: Context, n: int) -> None:
        return None

    assert bot.find_command("purge") is None
    bot.register(bp)
    assert bot.find_command("purge") is purge
    assert purge.parent is bp and bp.parent is bot

    @bp.command
    async def later(ctx: Context) -> str:
        return "x"

    assert bot.find_command("later") is later
    payloads = _validate_all(bot, openapi)
    assert [p["name"] for p in payloads[77]] == ["purge", "later"]
    assert all(p["default_member_permissions"] == 8 for p in payloads[77])
    match = bot._component_routes.resolve("bp:3")
    assert match is not None and match.route is button

    with pytest.raises(DeclarationError, match="already registered"):
        bot.register(bp)


def test_blueprint_clash_is_reported(bot: Bot) -> None:
    @bot.command
    async def ping(ctx: Context) -> str:
        return "x"

    bp = Blueprint("extra")

    @bp.command(name="ping")
    async def other(ctx: Context) -> str:
        return "y"

    with pytest.raises(DeclarationError, match="clashes"):
        bot.register(bp)
    assert bp.bot is None


def test_command_limits_per_scope(bot: Bot) -> None:
    for index in range(16):

        async def menu(ctx: Context, user: kagari.User) -> str:
            return "x"

        bot.user_command(f"Menu {index}")(menu)
    with pytest.raises(DeclarationError, match="16 user commands are registered globally"):
        bot.command_payloads()


def test_combined_length_limit(bot: Bot) -> None:
    long = "d" * 100
    group = bot.group("wide", long)
    for index in range(25):
        sub = group.group(f"g{index}", long)
        for inner in range(2):

            async def leaf(ctx: Context) -> str:
                return "x"

            sub.command(name=f"c{inner}", description=long)(leaf)
    with pytest.raises(
        DeclarationError, match=r"add up to \d+ characters; Discord allows at most 4000"
    ):
        bot.command_payloads()
