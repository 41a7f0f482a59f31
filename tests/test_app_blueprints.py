"""Blueprints register all or nothing, keep reaching their bot afterwards, and dispatch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import kagari
from kagari.app import Blueprint, Bot, Context, DeclarationError
from kagari.app.declare.blueprints import DeferredRegistration
from kagari.app.declare.custom_ids import RouteError, RoutePattern, RouteTable
from kagari.app.declare.scaffold import Scaffold
from kagari.models import CommandType
from kagari.server.devkeys import DevKeyPair
from kagari.testing import FakeDiscord, TestClient, component_payload, modal_payload

NewBot = Callable[[], Bot]


@pytest.fixture
def new_bot(monkeypatch: pytest.MonkeyPatch) -> NewBot:
    """Makes bots for declaration-only tests (no server, no token)."""
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DISCORD_PUBLIC_KEY", raising=False)
    public_key = DevKeyPair().public_key
    return lambda: Bot(public_key=public_key, logs=None)


def state(bot: Bot, *probes: str) -> dict[str, Any]:
    """Everything registration may change on ``bot``, ``probes`` resolved both ways."""
    return {
        "commands": [(int(c.command_type), c.name, c) for c in bot.commands],
        "component_routes": bot.component_routes,
        "modal_routes": bot.modal_routes,
        "blueprints": dict(bot.blueprints),
        "components": {probe: _route(bot.resolve_component(probe)) for probe in probes},
        "modals": {probe: _route(bot.resolve_modal(probe)) for probe in probes},
        "payloads": bot.command_payloads(),
    }


def _route(match: Any) -> object:
    return None if match is None else match.route


def untouched(blueprint: Blueprint) -> None:
    """Assert ``blueprint`` is not attached to any bot."""
    assert blueprint.bot is None
    assert blueprint.parent is None


async def _text(ctx: Context) -> str:
    return "x"


# -- all or nothing -------------------------------------------------------------------


def test_component_route_clash_leaves_the_bot_unchanged(new_bot: NewBot) -> None:
    bot = new_bot()
    bot.command(name="ping")(_text)

    @bot.component("vote:{poll:int}")
    async def bot_vote(ctx: Context, poll: int) -> None:
        return None

    bp = Blueprint("polls")
    hello = bp.command(name="hello")(_text)

    @bp.modal("form:{topic}")
    async def form(ctx: Context, topic: str, title: str) -> None:
        return None

    @bp.component("vote:{poll:int}")
    async def bp_vote(ctx: Context, poll: int) -> None:
        return None

    probes = ("vote:1", "form:a")
    before = state(bot, *probes)
    with pytest.raises(DeclarationError) as caught:
        bot.register(bp)
    message = str(caught.value)
    assert "Blueprint('polls') clashes" in message and "none of it was registered" in message
    assert "bp_vote" in message and "bot_vote" in message and "on bot" in message
    assert "'vote:{poll:int}'" in message
    assert state(bot, *probes) == before
    assert bot.get_command(CommandType.CHAT_INPUT, "hello") is None
    untouched(bp)

    # no leftover: the retry fails on the route alone, not on a half-added command
    with pytest.raises(DeclarationError) as again:
        bot.register(bp)
    assert "hello" not in str(again.value) and "bp_vote" in str(again.value)
    assert state(bot, *probes) == before

    # without the clash the same blueprint registers whole
    other = new_bot()
    other.command(name="ping")(_text)
    other.register(bp)
    assert other.get_command(CommandType.CHAT_INPUT, "hello") is hello
    assert _route(other.resolve_component("vote:1")) is bp_vote
    assert _route(other.resolve_modal("form:a")) is form
    assert other.blueprints == {"polls": bp} and bp.bot is other and bp.parent is other


def test_modal_route_clash_names_the_shadowing_route(new_bot: NewBot) -> None:
    bot = new_bot()

    @bot.modal("form:{topic}")
    async def bot_form(ctx: Context, topic: str) -> None:
        return None

    bp = Blueprint("forms")

    @bp.component("open-form")
    async def opener(ctx: Context) -> None:
        return None

    @bp.modal("form:{name}")
    async def bp_form(ctx: Context, name: str) -> None:
        return None

    before = state(bot, "open-form", "form:a")
    with pytest.raises(DeclarationError, match="can never match") as caught:
        bot.register(bp)
    # what clashed with what: the blueprint's route, the bot's route and its handler
    message = str(caught.value)
    assert "'form:{name}'" in message and "bp_form" in message
    assert "clashes with 'form:{topic}'" in message and "bot_form, on bot" in message
    assert state(bot, "open-form", "form:a") == before
    untouched(bp)

    other = new_bot()
    other.register(bp)
    assert _route(other.resolve_modal("form:a")) is bp_form
    assert _route(other.resolve_component("open-form")) is opener


def test_command_clash_is_per_type_and_every_clash_is_listed(new_bot: NewBot) -> None:
    bot = new_bot()
    bot.command(name="ping")(_text)

    @bot.user_command("Inspect")
    async def inspect_user(ctx: Context, user: kagari.User) -> str:
        return "x"

    @bot.component("card")
    async def bot_card(ctx: Context) -> None:
        return None

    bp = Blueprint("tools")

    @bp.message_command("Inspect")  # same name, other type: no clash
    async def inspect_message(ctx: Context, message: kagari.PartialMessage) -> str:
        return "x"

    @bp.command(name="ping")
    async def bp_ping(ctx: Context) -> str:
        return "y"

    @bp.component("card")
    async def bp_card(ctx: Context) -> None:
        return None

    before = state(bot, "card")
    with pytest.raises(DeclarationError, match="clashes") as caught:
        bot.register(bp)
    lines = str(caught.value).splitlines()
    assert len(lines) == 3  # the headline, then one line per clash
    assert "bp_ping" in lines[1] and "'ping'" in lines[1] and "_text, on bot" in lines[1]
    assert "bp_card" in lines[2] and "bot_card, on bot" in lines[2]
    assert "Inspect" not in str(caught.value)
    assert state(bot, "card") == before
    assert bot.get_command(CommandType.MESSAGE, "Inspect") is None
    untouched(bp)

    other = new_bot()
    other.user_command("Inspect")(inspect_user.callback)
    other.register(bp)
    assert other.get_command(CommandType.MESSAGE, "Inspect") is inspect_message
    assert other.get_command(CommandType.CHAT_INPUT, "ping") is bp_ping


def test_two_blueprints_clashing_with_each_other(new_bot: NewBot) -> None:
    bot = new_bot()
    first, second = Blueprint("first"), Blueprint("second")

    @first.component("ticket:{id:int}")
    async def first_ticket(ctx: Context, id: int) -> None:
        return None

    @second.command
    async def close(ctx: Context) -> str:
        return "closed"

    @second.component("ticket:{id:int}")
    async def second_ticket(ctx: Context, id: int) -> None:
        return None

    bot.register(first)
    before = state(bot, "ticket:1")
    with pytest.raises(DeclarationError) as caught:
        bot.register(second)
    assert "second_ticket" in str(caught.value)
    assert "first_ticket, on blueprint 'first'" in str(caught.value)
    assert state(bot, "ticket:1") == before
    assert bot.blueprints == {"first": first} and first.bot is bot
    untouched(second)

    namesake = Blueprint("first")
    namesake.command(name="other")(_text)
    with pytest.raises(DeclarationError, match="a blueprint named 'first'"):
        bot.register(namesake)
    assert state(bot, "ticket:1") == before
    untouched(namesake)


def test_a_blueprint_registered_on_two_bots_fails_cleanly(new_bot: NewBot) -> None:
    one, two = new_bot(), new_bot()
    bp = Blueprint("shared")
    bp.command(name="hello")(_text)
    one.register(bp)
    before = state(two)
    with pytest.raises(DeclarationError, match="already registered on another bot"):
        two.register(bp)
    assert state(two) == before
    assert two.blueprints == {} and two.commands == []
    assert bp.bot is one and bp.parent is one
    with pytest.raises(DeclarationError, match="already registered on this bot"):
        one.register(bp)

    later = bp.command(name="later")(_text)
    assert one.get_command(CommandType.CHAT_INPUT, "later") is later
    assert two.get_command(CommandType.CHAT_INPUT, "later") is None


# -- after register() -----------------------------------------------------------------


def test_late_registrations_reach_the_bot(new_bot: NewBot) -> None:
    bot = new_bot()
    bp = Blueprint("late")
    bot.register(bp)

    later = bp.command(name="later")(_text)
    group = bp.group("admin", "Admin tools")

    @group.command
    async def purge(ctx: Context, count: int) -> str:
        return str(count)

    @bp.component("late:{n:int}")
    async def button(ctx: Context, n: int) -> None:
        return None

    @bp.modal("late-form")
    async def form(ctx: Context, title: str) -> None:
        return None

    assert bot.get_command(CommandType.CHAT_INPUT, "later") is later
    assert bot.find_command("admin purge") is purge
    assert _route(bot.resolve_component("late:3")) is button
    assert _route(bot.resolve_modal("late-form")) is form
    assert later.parent is bp and button.parent is bp and form.parent is bp
    assert [r.item for r in bp.deferred] == [later, group, button, form]


def test_a_clashing_late_registration_corrupts_neither(new_bot: NewBot) -> None:
    bot = new_bot()
    bot.command(name="ping")(_text)

    @bot.component("late:{n:int}")
    async def bot_button(ctx: Context, n: int) -> None:
        return None

    @bot.modal("late-form")
    async def bot_form(ctx: Context) -> None:
        return None

    bp = Blueprint("late")
    bot.register(bp)
    probes = ("late:1", "late-form")

    def blueprint_state() -> dict[str, Any]:
        return {
            "commands": bp.commands,
            "component_routes": bp.component_routes,
            "modal_routes": bp.modal_routes,
            "components": {probe: _route(bp.resolve_component(probe)) for probe in probes},
            "modals": {probe: _route(bp.resolve_modal(probe)) for probe in probes},
            "deferred": bp.deferred,
        }

    bot_before, bp_before = state(bot, *probes), blueprint_state()

    async def numbered(ctx: Context, n: int) -> None:
        return None

    async def lettered(ctx: Context, m: int) -> None:
        return None

    async def plain(ctx: Context) -> None:
        return None

    with pytest.raises(DeclarationError, match="already registered"):
        bp.command(name="ping")(_text)
    with pytest.raises(DeclarationError, match=r"clashes with 'late:\{n:int\}' of .*bot_button"):
        bp.component("late:{n:int}")(numbered)
    with pytest.raises(DeclarationError, match=r"'late:\{m:int\}' of .*can never match"):
        bp.component("late:{m:int}")(lettered)
    with pytest.raises(DeclarationError, match=r"'late-form' of .*plain is already registered"):
        bp.modal("late-form")(plain)
    assert state(bot, *probes) == bot_before
    assert blueprint_state() == bp_before

    # the blueprint still works afterwards
    fine = bp.command(name="fine")(_text)
    assert bot.get_command(CommandType.CHAT_INPUT, "fine") is fine
    # and the bot refuses what clashes with its blueprint's
    with pytest.raises(DeclarationError, match="on blueprint 'late'"):
        bot.command(name="fine")(_text)


def test_record_replays_custom_registrations(new_bot: NewBot) -> None:
    bot = new_bot()
    bot.command(name="taken")(_text)
    applied: list[Scaffold] = []

    def refuse_taken(target: Scaffold) -> None:
        if target.get_command(CommandType.CHAT_INPUT, "taken") is not None:
            raise DeclarationError("'taken' is taken")

    bp = Blueprint("custom")
    bp.record(DeferredRegistration("audit", refuse_taken, applied.append))
    with pytest.raises(DeclarationError, match="'taken' is taken"):
        bot.register(bp)
    assert applied == [] and bp.bot is None

    other = new_bot()
    other.register(bp)
    assert applied == [other]
    bp.record(DeferredRegistration("again", refuse_taken, applied.append))
    assert applied == [other, other]
    other.command(name="taken")(_text)
    with pytest.raises(DeclarationError, match="'taken' is taken"):
        bp.record(DeferredRegistration("late", refuse_taken, applied.append))
    assert applied == [other, other] and len(bp.deferred) == 2


def test_route_table_check_adds_nothing() -> None:
    table: RouteTable[str] = RouteTable("component")
    table.add(RoutePattern("vote:{poll:int}"), "vote", "vote()")
    table.add(RoutePattern("exact"), "exact", "exact()")
    table.check(RoutePattern("poll:{poll:int}"), "poll()")
    assert table.patterns() == ["exact", "vote:{poll:int}"] and len(table) == 2
    for pattern in ("exact", "vote:{poll:int}", "vote:{id:int}"):
        with pytest.raises(RouteError):
            table.check(RoutePattern(pattern), "clash()")
    assert table.patterns() == ["exact", "vote:{poll:int}"]
    assert table.resolve("poll:3") is None


# -- through the HTTP door ------------------------------------------------------------


async def test_blueprint_routes_are_dispatched(bot: Bot, fake: FakeDiscord) -> None:
    bp = Blueprint("polls", auto_defer=False)

    @bp.component("bp-vote:{poll:int}:{choice}")
    async def vote(ctx: Context, poll: int, choice: str) -> kagari.Update:
        return kagari.Update(content=f"{choice} on {poll} via {ctx.handler.parent.name}")

    bot.register(bp)

    @bp.modal("bp-form:{topic}")
    async def form(ctx: Context, topic: str, title: str) -> kagari.Message:
        return kagari.Message(f"{title} ({topic})")

    async with TestClient(bot, fake=fake) as client:
        clicked = (await client.post(component_payload("bp-vote:42:yes"))).json()
        submitted = (await client.post(modal_payload("bp-form:bugs", {"title": "hi"}))).json()
        missing = (await client.post(component_payload("bp-vote:x:yes"))).json()
    assert clicked == {"type": 7, "data": {"content": "yes on 42 via polls"}}
    assert submitted["type"] == 4 and submitted["data"]["content"] == "hi (bugs)"
    assert missing["data"]["content"] == "This is not available anymore."
