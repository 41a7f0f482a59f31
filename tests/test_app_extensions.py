"""``bot.load_extension("pkg.module")``: blueprints loaded from module paths, clear errors."""

from __future__ import annotations

import pathlib
import re
import sys
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import kagari
from kagari.app import Bot, DeclarationError, ExtensionError
from kagari.testing import TestClient

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "blueprints.md"

MODERATION = '''
import kagari

blueprint = kagari.Blueprint("moderation")


@blueprint.command
async def warn(ctx: kagari.Context, who: kagari.User) -> str:
    """Warn someone."""
    return f"warned {who.username}"
'''

GAMES = """
import kagari

arcade = kagari.Blueprint("arcade")
cards = kagari.Blueprint("cards")


@arcade.command
async def coin(ctx: kagari.Context) -> str:
    return "heads"


@cards.command
async def draw(ctx: kagari.Context) -> str:
    return "ace"


def setup(bot: kagari.Bot) -> None:
    bot.register(arcade)
    bot.register(cards)
"""


@pytest.fixture
def package(tmp_path: pathlib.Path) -> Iterator[Callable[[str, str], None]]:
    """Writes modules of a throwaway package ``extpkg`` importable for one test."""
    root = tmp_path / "extpkg"
    root.mkdir()
    (root / "__init__.py").write_text("")
    sys.path.insert(0, str(tmp_path))

    def write(name: str, source: str) -> None:
        (root / f"{name}.py").write_text(textwrap.dedent(source))

    try:
        yield write
    finally:
        sys.path.remove(str(tmp_path))
        for module in [name for name in sys.modules if name.split(".")[0] == "extpkg"]:
            del sys.modules[module]


def make_bot() -> Bot:
    return Bot("not-a-real-token", public_key="00" * 32, logs=None)


async def test_a_module_blueprint_is_registered_and_answers(
    package: Callable[[str, str], None],
) -> None:
    package("moderation", MODERATION)
    bot = make_bot()

    blueprint = bot.load_extension("extpkg.moderation")

    assert isinstance(blueprint, kagari.Blueprint)
    assert bot.blueprints == {"moderation": blueprint}
    assert list(bot.extensions) == ["extpkg.moderation"]
    async with TestClient(bot) as client:
        result = await client.command("warn", who=client.user)
    assert result.content == f"warned {client.user.username}"


def test_setup_runs_instead_and_may_register_several(package: Callable[[str, str], None]) -> None:
    package("games", GAMES)
    bot = make_bot()

    assert bot.load_extension("extpkg.games") is None

    assert sorted(bot.blueprints) == ["arcade", "cards"]
    assert sorted(command.name for command in bot.commands) == ["coin", "draw"]


def test_a_named_attribute_and_a_relative_path(package: Callable[[str, str], None]) -> None:
    package("games", GAMES)
    bot = make_bot()

    loaded = bot.load_extension(".games:cards", package="extpkg")

    assert loaded is not None and loaded.name == "cards"
    assert list(bot.extensions) == ["extpkg.games:cards"]


def test_loading_twice_is_refused(package: Callable[[str, str], None]) -> None:
    package("moderation", MODERATION)
    bot = make_bot()
    bot.load_extension("extpkg.moderation")
    with pytest.raises(ExtensionError, match="already loaded"):
        bot.load_extension("extpkg.moderation")


def test_a_missing_module_says_so(package: Callable[[str, str], None]) -> None:
    with pytest.raises(ExtensionError, match=r"no module named 'extpkg\.nothing'"):
        make_bot().load_extension("extpkg.nothing")
    with pytest.raises(ExtensionError, match="no module named 'nopackage'"):
        make_bot().load_extension("nopackage.tools")


def test_an_import_failing_inside_the_module_is_told_apart(
    package: Callable[[str, str], None],
) -> None:
    package("broken", "import no_such_dependency_xyz\n")
    with pytest.raises(ExtensionError, match="importing it failed") as caught:
        make_bot().load_extension("extpkg.broken")
    assert isinstance(caught.value.__cause__, ModuleNotFoundError)


def test_a_module_with_nothing_to_add(package: Callable[[str, str], None]) -> None:
    package("empty", "VALUE = 1\n")
    with pytest.raises(ExtensionError, match="neither 'setup\\(bot\\)' nor 'blueprint'"):
        make_bot().load_extension("extpkg.empty")
    with pytest.raises(ExtensionError, match="has no 'tools'"):
        make_bot().load_extension("extpkg.empty:tools")
    with pytest.raises(ExtensionError, match=r"1 is not a kagari\.Blueprint"):
        make_bot().load_extension("extpkg.empty:VALUE")


def test_an_async_setup_is_refused(package: Callable[[str, str], None]) -> None:
    package("asyncsetup", "async def setup(bot):\n    pass\n")
    bot = make_bot()
    with pytest.raises(ExtensionError, match="plain 'def setup\\(bot\\)'"):
        bot.load_extension("extpkg.asyncsetup")
    assert bot.extensions == {}


def test_a_clash_is_a_declaration_error_and_nothing_is_loaded(
    package: Callable[[str, str], None],
) -> None:
    package("moderation", MODERATION)
    bot = make_bot()

    @bot.command
    async def warn(ctx: kagari.Context) -> str:
        return "mine"

    with pytest.raises(DeclarationError, match="clashes"):
        bot.load_extension("extpkg.moderation")
    assert bot.extensions == {} and bot.blueprints == {}


def test_a_bad_name() -> None:
    with pytest.raises(ExtensionError, match="takes a module path"):
        make_bot().load_extension("")


async def test_the_documented_example_runs(package: Callable[[str, str], None]) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    [games] = [block for block in blocks if block.startswith("# mybot/games.py")]
    [main] = [block for block in blocks if block.startswith("# mybot/bot.py")]
    package("games", games)
    package("moderation", MODERATION)
    namespace: dict[str, Any] = {"__name__": "docs_extensions"}
    source = main.replace("mybot.", "extpkg.").replace("kagari.Bot()", "kagari.Bot(logs=None)")
    exec(compile(source, "docs/blueprints.md", "exec"), namespace)
    bot: Bot = namespace["bot"]
    assert sorted(bot.blueprints) == ["arcade", "cards", "moderation"]
    async with TestClient(bot) as client:
        assert (await client.command("draw")).content == "the ace of spades"
