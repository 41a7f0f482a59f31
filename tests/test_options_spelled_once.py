"""Keyword lists are spelled once: the TypedDicts, the signatures and the docs agree.

``RESTBot`` keeps its explicit keyword-only parameters (the one place their defaults
live) and ``RESTBotOptions`` spells the same keys for ``Bot(**options)``; the
decorators take ``**options: Unpack[...]`` of the TypedDicts in
``kagari.app.declare.keywords``. These tests keep the two spellings from drifting, and
check that an unknown keyword still fails at run time, naming itself.
"""

from __future__ import annotations

import ast
import concurrent.futures
import dataclasses
import inspect
import pathlib
import typing
from collections.abc import Callable
from typing import Any

import pytest
from typing_extensions import Unpack

import kagari
import kagari.app.declare.keywords as keywords
import kagari.restbot as restbot
from kagari.app import Blueprint, Bot, Context
from kagari.app.declare.commands import CommandGroup, SlashCommand
from kagari.app.declare.context_menus import ContextMenuCommand
from kagari.app.declare.scaffold import Scaffold
from kagari.app.declare.scope import CommandDefaults
from kagari.models import CommandType
from kagari.rest.settings import HTTPSettings, ProxySettings
from kagari.restbot import RESTBot, RESTBotOptions

KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY
VAR_KEYWORD = inspect.Parameter.VAR_KEYWORD


def _key_docs(module: object, class_name: str) -> dict[str, str]:
    """Each key's attribute docstring (whitespace collapsed) in ``class_name``, in order."""
    source = pathlib.Path(inspect.getfile(module)).read_text()
    (node,) = (
        item
        for item in ast.parse(source).body
        if isinstance(item, ast.ClassDef) and item.name == class_name
    )
    docs: dict[str, str] = {}
    for statement, following in zip(node.body, [*node.body[1:], None], strict=True):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            doc = ""
            if (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                doc = " ".join(following.value.value.split())
            docs[statement.target.id] = doc
    return docs


def _unpacked(func: Callable[..., Any]) -> object:
    """The evaluated annotation of ``func``'s ``**`` parameter."""
    parameters = inspect.signature(func).parameters.values()
    (annotation,) = (p.annotation for p in parameters if p.kind is VAR_KEYWORD)
    return eval(annotation, vars(inspect.getmodule(func)))


def _keyword_only(func: Callable[..., Any]) -> dict[str, inspect.Parameter]:
    return {
        name: parameter
        for name, parameter in inspect.signature(func).parameters.items()
        if parameter.kind is KEYWORD_ONLY
    }


async def handler(ctx: Context) -> str:
    """Say hi."""
    return "hi"


async def on_user(ctx: Context, user: kagari.User) -> str:
    return user.mention


# -- RESTBot and Bot ----------------------------------------------------------------------


def test_restbot_options_are_restbot_keyword_parameters_with_their_types() -> None:
    parameters = _keyword_only(RESTBot.__init__)
    assert list(RESTBotOptions.__annotations__) == list(parameters)
    assert RESTBotOptions.__required_keys__ == frozenset()
    hints = typing.get_type_hints(RESTBot.__init__)
    option_hints = typing.get_type_hints(RESTBotOptions)
    for name in parameters:
        assert option_hints[name] == hints[name], name


def test_each_restbot_option_documents_the_signature_default_once() -> None:
    docs = _key_docs(restbot, "RESTBotOptions")
    assert list(docs) == list(RESTBotOptions.__annotations__)
    for name, parameter in _keyword_only(RESTBot.__init__).items():
        assert docs[name].count("Default:") == 1, name
        assert f"Default: ``{parameter.default!r}``" in docs[name], name


def test_restbot_and_bot_docstrings_leave_the_options_to_the_typeddict() -> None:
    for documented in (RESTBot, Bot):
        lines = {line.strip() for line in (documented.__doc__ or "").splitlines()}
        for name in RESTBotOptions.__annotations__:
            assert not any(line.startswith(f"{name}:") for line in lines), (documented, name)


def test_bot_takes_the_restbot_options_as_unpacked_keywords_only() -> None:
    assert _unpacked(Bot.__init__) == Unpack[RESTBotOptions]
    assert not set(inspect.signature(Bot.__init__).parameters) & set(RESTBotOptions.__annotations__)


def test_bot_passes_every_option_to_restbot_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    given: dict[str, Any] = {
        "allow_color": False,
        "banner": None,
        "executor": concurrent.futures.ThreadPoolExecutor(1),
        "force_color": True,
        "http_settings": HTTPSettings(),
        "logs": None,
        "max_rate_limit": 12.5,
        "max_retries": 7,
        "proxy_settings": ProxySettings(),
        "rest_url": "http://127.0.0.1:9",
        "endpoint_path": "/interactions",
        "max_body_size": 2048,
        "replay_window": None,
        "dedupe": False,
    }
    # Bot forwards ``**options`` as one mapping, so any keys show the pass-through; that
    # the keys are exactly RESTBot's keyword-only parameters is tested above.
    assert set(given) <= set(RESTBotOptions.__annotations__)
    received: list[dict[str, Any]] = []
    original = RESTBot.__init__

    def spy(self: RESTBot, *args: Any, **options: Any) -> None:
        received.append(options)
        original(self, *args, **options)

    monkeypatch.setattr(RESTBot, "__init__", spy)
    try:
        bot = Bot("token", public_key="00" * 32, **given)
    finally:
        given["executor"].shutdown()
    assert received == [given]
    assert bot.endpoint_path == "/interactions"
    assert bot.rest.rest_url == "http://127.0.0.1:9"


def test_an_unknown_bot_keyword_is_a_type_error_naming_it() -> None:
    with pytest.raises(
        TypeError,
        match=r"^Bot\(\) got an unexpected keyword argument 'rest_ur'; did you mean 'rest_url'\?$",
    ):
        Bot("token", public_key="00" * 32, rest_ur="http://127.0.0.1:9")
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'colour'$"):
        Bot("token", public_key="00" * 32, colour=True)


# -- the decorator keywords -----------------------------------------------------------------

OPTION_TYPES = [
    keywords.HandlerOptions,
    keywords.CommandDefaultsOptions,
    keywords.NameLocalizationOptions,
    keywords.BlueprintOptions,
    keywords.ContextMenuOptions,
    keywords.SubgroupOptions,
    keywords.GroupOptions,
    keywords.SubcommandOptions,
    keywords.CommandOptions,
]

# Every callable that takes ``**options``, with the TypedDict it unpacks.
TAKES = [
    (Scaffold.command, keywords.CommandOptions),
    (Scaffold.group, keywords.GroupOptions),
    (Scaffold.user_command, keywords.ContextMenuOptions),
    (Scaffold.message_command, keywords.ContextMenuOptions),
    (Scaffold.component, keywords.HandlerOptions),
    (Scaffold.add_component, keywords.HandlerOptions),
    (Scaffold.modal, keywords.HandlerOptions),
    (Scaffold.add_modal, keywords.HandlerOptions),
    (CommandGroup.command, keywords.SubcommandOptions),
    (CommandGroup.group, keywords.SubgroupOptions),
    (Blueprint.__init__, keywords.BlueprintOptions),
    (SlashCommand.__init__, keywords.CommandOptions),
    (CommandGroup.__init__, keywords.GroupOptions),
    (ContextMenuCommand.__init__, keywords.ContextMenuOptions),
]


def test_each_decorator_key_is_declared_once_and_documented() -> None:
    declared: dict[str, str] = {}
    for options_type in OPTION_TYPES:
        assert options_type.__required_keys__ == frozenset(), options_type
        docs = _key_docs(keywords, options_type.__name__)
        for name, doc in docs.items():
            assert name not in declared, f"{name} is declared in {declared.get(name)} too"
            declared[name] = options_type.__name__
            assert doc.strip(), f"{options_type.__name__}.{name} has no docstring"
    assert set(declared) == keywords.keyword_names(keywords.CommandOptions)


def test_the_top_level_settings_are_the_fields_of_command_defaults() -> None:
    names = keywords.keyword_names(keywords.CommandDefaultsOptions)
    assert names == {field.name for field in dataclasses.fields(CommandDefaults)}
    assert names == set(_keyword_only(CommandDefaults.build))


@pytest.mark.parametrize(("func", "options_type"), TAKES, ids=lambda item: item.__qualname__)
def test_each_decorator_unpacks_its_typeddict_and_spells_none_of_its_keys(
    func: Callable[..., Any], options_type: Any
) -> None:
    assert _unpacked(func) == Unpack[options_type]
    assert not set(inspect.signature(func).parameters) & keywords.keyword_names(options_type)


def _bot() -> Bot:
    return Bot("token", public_key="00" * 32, logs=None)


def _unknown(call: Callable[[], object], where: str, key: str) -> None:
    with pytest.raises(TypeError, match=rf"^{where} got an unexpected keyword argument {key!r}"):
        call()


def test_an_unknown_decorator_keyword_is_a_type_error_naming_it() -> None:
    bot = _bot()
    group = bot.group("admin")
    blueprint = Blueprint("tools")
    cases: list[tuple[Callable[[], object], str, str]] = [
        (lambda: bot.command(nmae="x"), r"Bot\.command\(\)", "nmae"),
        (lambda: blueprint.command(nmae="x"), r"Blueprint\.command\(\)", "nmae"),
        (lambda: bot.group("g", nsfww=True), r"Bot\.group\(\)", "nsfww"),
        (lambda: bot.user_command("U", description="x"), r"Bot\.user_command\(\)", "description"),
        (lambda: bot.message_command("M", guild=[1]), r"Bot\.message_command\(\)", "guild"),
        (lambda: bot.component("c", check=[]), r"Bot\.component\(\)", "check"),
        (lambda: bot.modal("m", autodefer=True), r"Bot\.modal\(\)", "autodefer"),
        (lambda: bot.add_component("c", handler, name="c"), r"Bot\.add_component\(\)", "name"),
        (lambda: bot.add_modal("m", handler, nsfw=True), r"Bot\.add_modal\(\)", "nsfw"),
        (
            lambda: group.command(guild_ids=[1]),
            r"CommandGroup\('admin'\)\.command\(\)",
            "guild_ids",
        ),
        (lambda: group.group("sub", nsfw=True), r"CommandGroup\('admin'\)\.group\(\)", "nsfw"),
        (lambda: Blueprint("b", name_localizations={}), r"Blueprint\(\)", "name_localizations"),
        (lambda: SlashCommand(handler, nmae="x"), r"SlashCommand\(\)", "nmae"),
        (lambda: CommandGroup("g", guild=[1]), r"CommandGroup\(\)", "guild"),
        (
            lambda: ContextMenuCommand(on_user, CommandType.USER, "U", description="x"),
            r"ContextMenuCommand\(\)",
            "description",
        ),
    ]
    for call, where, key in cases:
        _unknown(call, where, key)
    assert bot.commands == [group]
    assert bot.component_routes == [] and bot.modal_routes == []
    assert group.children == {} and blueprint.commands == []


def test_a_close_misspelling_is_suggested() -> None:
    with pytest.raises(TypeError, match=r"'guild_id'; did you mean 'guild_ids'\?$"):
        _bot().command(guild_id=[1])


def test_prebuilt_defaults_and_their_keywords_do_not_mix() -> None:
    defaults = CommandDefaults.build("sub", guild_ids=[1])
    with pytest.raises(TypeError, match="give either defaults= or guild_ids, nsfw, not both"):
        SlashCommand(handler, defaults=defaults, nsfw=True, guild_ids=[2])
    assert SlashCommand(handler, defaults=defaults, name="sub").defaults is defaults


def test_every_command_keyword_reaches_the_command() -> None:
    bot = _bot()
    checks = [lambda ctx: True]
    command = bot.command(
        name="greet",
        description="Greets",
        guild_ids=[1, 2],
        default_member_permissions=8,
        nsfw=True,
        contexts=[0],
        integration_types=[0, 1],
        name_localizations={"fr": "saluer"},
        description_localizations={"fr": "Salue"},
        checks=checks,
        auto_defer="ephemeral",
    )(handler)
    assert command.to_payload() == {
        "type": 1,
        "name": "greet",
        "description": "Greets",
        "name_localizations": {"fr": "saluer"},
        "description_localizations": {"fr": "Salue"},
        "default_member_permissions": 8,
        "nsfw": True,
        "contexts": [0],
        "integration_types": [0, 1],
    }
    assert command.defaults.guild_ids == (1, 2)
    assert len(command.checks) == 1 and command.auto_defer == "ephemeral"


def test_every_group_and_subcommand_keyword_reaches_its_object() -> None:
    bot = _bot()
    group = bot.group(
        "admin",
        "Admin tools",
        guild_ids=[3],
        default_member_permissions=0,
        nsfw=False,
        contexts=[1],
        integration_types=[1],
        name_localizations={"fr": "admin"},
        description_localizations={"fr": "Outils"},
        checks=[lambda ctx: True],
        auto_defer=False,
    )
    users = group.group(
        "users",
        "Users",
        name_localizations={"fr": "membres"},
        description_localizations={"fr": "Membres"},
        checks=[lambda ctx: True],
        auto_defer=True,
    )
    ban = users.command(
        name="ban",
        description="Ban",
        name_localizations={"fr": "bannir"},
        description_localizations={"fr": "Bannir"},
        checks=[lambda ctx: True],
        auto_defer="ephemeral",
    )(handler)
    payload = group.to_payload()
    assert {key: payload[key] for key in payload if key != "options"} == {
        "type": 1,
        "name": "admin",
        "description": "Admin tools",
        "name_localizations": {"fr": "admin"},
        "description_localizations": {"fr": "Outils"},
        "default_member_permissions": 0,
        "nsfw": False,
        "contexts": [1],
        "integration_types": [1],
    }
    assert group.defaults.guild_ids == (3,)
    (subgroup,) = payload["options"]
    assert subgroup["name_localizations"] == {"fr": "membres"}
    assert subgroup["description_localizations"] == {"fr": "Membres"}
    assert subgroup["options"][0]["name_localizations"] == {"fr": "bannir"}
    assert subgroup["options"][0]["description_localizations"] == {"fr": "Bannir"}
    for scope, auto_defer in ((group, False), (users, True), (ban, "ephemeral")):
        assert len(scope.checks) == 1 and scope.auto_defer == auto_defer


def test_every_context_menu_and_blueprint_keyword_reaches_its_object() -> None:
    blueprint = Blueprint(
        "tools",
        guild_ids=[5],
        default_member_permissions=16,
        nsfw=True,
        contexts=[2],
        integration_types=[1],
        checks=[lambda ctx: True],
        auto_defer="ephemeral",
    )
    assert blueprint.defaults == CommandDefaults((5,), 16, True, (2,), (1,))
    assert len(blueprint.checks) == 1 and blueprint.auto_defer == "ephemeral"
    menu = _bot().user_command(
        "Show avatar",
        guild_ids=[6],
        default_member_permissions=32,
        nsfw=False,
        contexts=[0],
        integration_types=[0],
        name_localizations={"fr": "Avatar"},
        checks=[lambda ctx: True],
        auto_defer=False,
    )(on_user)
    assert menu.to_payload() == {
        "type": 2,
        "name": "Show avatar",
        "name_localizations": {"fr": "Avatar"},
        "default_member_permissions": 32,
        "nsfw": False,
        "contexts": [0],
        "integration_types": [0],
    }
    assert menu.defaults.guild_ids == (6,)
    assert len(menu.checks) == 1 and menu.auto_defer is False


def test_route_keywords_reach_the_route() -> None:
    bot = _bot()
    component = bot.component("vote:{choice}", checks=[lambda ctx: True], auto_defer=False)
    modal = bot.modal("form", auto_defer="ephemeral")

    async def on_vote(ctx: Context, choice: str) -> str:
        return choice

    vote = component(on_vote)
    form = modal(handler)
    assert len(vote.checks) == 1 and vote.auto_defer is False
    assert form.checks == [] and form.auto_defer == "ephemeral"


async def test_the_rest_settings_reach_the_rest_client() -> None:
    bot = kagari.Bot(logs=None, rate_limits="proxy", invalid_request_limit=10)
    assert bot.rest.rate_limits == "proxy"
    assert bot.rest.invalid_requests.limit == 10
    default = kagari.RESTBot(None, logs=None)
    assert default.rest.rate_limits == "local"
    assert default.rest.invalid_requests.limit == 5000
    await bot.rest.close()
    await default.rest.close()
