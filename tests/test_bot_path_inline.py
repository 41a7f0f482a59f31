"""The Bot's per-request path at the core's cost: a handler that answers at once costs no
event-loop turn and no timer, one that waits gets one deadline timer, and "sent" is
armed only when something goes on after the answer. Driven through the interaction
server in-process, so each property is observed directly."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

import kagari
from kagari.app import Bot, Context
from kagari.server import pipeline
from kagari.server.devkeys import DevKeyPair
from kagari.server.pipeline import Response
from kagari.testing import FakeDiscord, command_payload, component_payload

MakeBot = Callable[..., Bot]


@pytest.fixture
async def make_bot(make_bot: MakeBot) -> AsyncIterator[MakeBot]:
    """The suite's bot factory, closing each bot's REST client afterwards."""
    made: list[Bot] = []

    def make(**options: Any) -> Bot:
        made.append(make_bot(**options))
        return made[-1]

    yield make
    for bot in made:
        await bot.rest.close()


@pytest.fixture
def bot(make_bot: MakeBot) -> Bot:
    """A bot deferring after 0.3 s, whose REST client is closed afterwards."""
    return make_bot()


async def _settled(bot: Bot) -> None:
    """Wait (at most 5 s) until nothing of the bot's is in flight any more."""
    for _ in range(500):
        if bot.interaction_server.in_flight == 0:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{bot.interaction_server.in_flight} interaction(s) still in flight")


def _signed(keys: DevKeyPair, payload: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    body = json.dumps(payload).encode()
    headers = keys.sign(body)
    return body, headers["X-Signature-Ed25519"].encode(), headers["X-Signature-Timestamp"].encode()


async def _ask(bot: Bot, keys: DevKeyPair, payload: dict[str, Any]) -> Response:
    return await bot.on_interaction(*_signed(keys, payload))


def _timers(monkeypatch: pytest.MonkeyPatch) -> list[asyncio.TimerHandle]:
    """Every timer the running loop makes from now on (call_later goes through call_at)."""
    loop = asyncio.get_running_loop()
    made: list[asyncio.TimerHandle] = []
    original = loop.call_at

    def call_at(when: float, callback: Any, *args: Any, **kwargs: Any) -> asyncio.TimerHandle:
        handle = original(when, callback, *args, **kwargs)
        made.append(handle)
        return handle

    monkeypatch.setattr(loop, "call_at", call_at)
    return made


async def test_an_answer_without_waiting_needs_no_loop_turn(bot: Bot, keys: DevKeyPair) -> None:
    @bot.command
    async def ping(ctx: Context) -> str:
        return "pong"

    request = bot.on_interaction(*_signed(keys, command_payload("ping")))
    try:
        # One step of the request coroutine reaches the end: nothing was awaited.
        with pytest.raises(StopIteration) as stop:
            request.send(None)
    finally:
        request.close()
    response: Response = stop.value.value
    assert response.status == 200
    assert json.loads(response.body or b"") == {
        "type": 4,
        "data": {"content": "pong", "allowed_mentions": {"parse": []}},
    }
    assert not response.has_continuation  # nothing waits for "sent"


async def test_an_answer_without_waiting_makes_no_timer(
    bot: Bot, keys: DevKeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    @bot.component("vote:{poll_id:int}:{choice}")
    async def vote(ctx: Context, poll_id: int, choice: str) -> kagari.Update:
        return kagari.Update(f"{poll_id} {choice}")

    timers = _timers(monkeypatch)
    response = await _ask(bot, keys, component_payload("vote:7:yes"))
    assert json.loads(response.body or b"") == {"type": 7, "data": {"content": "7 yes"}}
    assert timers == []


async def test_a_waiting_handler_gets_one_deadline_timer_cancelled_at_its_answer(
    make_bot: MakeBot, keys: DevKeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = make_bot(deadline=2.0)
    gate = asyncio.Event()

    @bot.command
    async def slow(ctx: Context) -> str:
        await gate.wait()  # waits without a timer of its own
        return "late"

    timers = _timers(monkeypatch)
    loop = asyncio.get_running_loop()
    before = loop.time()
    request = asyncio.ensure_future(_ask(bot, keys, command_payload("slow")))
    for _ in range(5):
        await asyncio.sleep(0)
    assert not request.done()
    assert len(timers) == 1
    assert before + 2.0 <= timers[0].when() <= loop.time() + 2.0
    gate.set()
    response = await request
    assert json.loads(response.body or b"")["data"]["content"] == "late"
    assert timers[0].cancelled()
    assert len(timers) == 1
    assert not response.has_continuation  # the handler ended with its answer


async def test_the_handler_runs_in_one_task_of_its_own(bot: Bot, keys: DevKeyPair) -> None:
    seen: list[asyncio.Task[Any] | None] = []

    @bot.command
    async def where(ctx: Context) -> str:
        seen.append(asyncio.current_task())
        await asyncio.sleep(0)
        seen.append(asyncio.current_task())
        return "here"

    request = asyncio.ensure_future(_ask(bot, keys, command_payload("where")))
    response = await request
    assert json.loads(response.body or b"")["data"]["content"] == "here"
    assert seen[0] is not None
    assert seen[0] is seen[1]  # the same task before and after it waited
    assert seen[0] is not request


async def test_cancelling_the_current_task_reaches_the_handler_not_the_request(
    bot: Bot, keys: DevKeyPair
) -> None:
    # What asyncio.timeout() and aiohttp's request timeouts do: cancel the task that
    # was current when they were entered, before the first wait.
    @bot.command
    async def bounded(ctx: Context) -> str:
        current = asyncio.current_task()
        assert current is not None
        asyncio.get_running_loop().call_later(0.02, current.cancel)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            current.uncancel()
            return "timed out"
        return "never"

    response = await _ask(bot, keys, command_payload("bounded"))
    assert response.status == 200
    assert json.loads(response.body or b"")["data"]["content"] == "timed out"


async def test_context_variables_set_by_a_handler_stay_in_its_task(
    bot: Bot, keys: DevKeyPair
) -> None:
    import contextvars

    marker: contextvars.ContextVar[str] = contextvars.ContextVar("marker", default="request")

    @bot.command
    async def mark(ctx: Context) -> str:
        marker.set("handler")
        return marker.get()

    response = await _ask(bot, keys, command_payload("mark"))
    assert json.loads(response.body or b"")["data"]["content"] == "handler"
    assert marker.get() == "request"


async def test_sent_is_armed_for_what_goes_on_and_no_rest_call_precedes_it(
    bot: Bot, keys: DevKeyPair, fake: FakeDiscord
) -> None:
    @bot.command
    async def two(ctx: Context) -> None:
        await ctx.respond("first")
        await ctx.followup("second")

    response = await _ask(bot, keys, command_payload("two"))
    assert json.loads(response.body or b"")["data"]["content"] == "first"
    assert response.has_continuation
    await asyncio.sleep(0.1)
    assert fake.followups == []  # not before the front end says the answer is out
    response.sent()
    followup = await fake.wait_for(lambda r: r.method == "POST" and "webhooks" in r.path, 5)
    assert followup.json["content"] == "second"


async def test_sent_comes_after_the_grace_period_when_the_front_end_never_says(
    bot: Bot, keys: DevKeyPair, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "_CONTINUATION_GRACE", 0.05)

    @bot.command
    async def gen(ctx: Context) -> Any:
        yield "first"
        yield "second"

    response = await _ask(bot, keys, command_payload("gen"))
    assert json.loads(response.body or b"")["data"]["content"] == "first"
    followup = await fake.wait_for(lambda r: r.method == "POST" and "webhooks" in r.path, 5)
    assert followup.json["content"] == "second"


async def test_deadline_defers_a_waiting_handler_and_its_answer_edits(
    make_bot: MakeBot, keys: DevKeyPair, fake: FakeDiscord
) -> None:
    bot = make_bot(deadline=0.1)
    gate = asyncio.Event()

    @bot.command
    async def crunch(ctx: Context) -> str:
        await gate.wait()
        return "crunched"

    response = await _ask(bot, keys, command_payload("crunch"))
    assert json.loads(response.body or b"") == {"type": 5}
    assert response.has_continuation
    response.sent()
    gate.set()
    edit = await fake.wait_for(lambda r: r.method == "PATCH", 5)
    assert edit.json["content"] == "crunched"
    await _settled(bot)


@pytest.mark.parametrize("how", ["auto_defer=False", "returns a modal"])
async def test_no_deferral_without_auto_defer_or_for_a_modal_handler(
    make_bot: MakeBot, keys: DevKeyPair, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    bot = make_bot(deadline=0.05, auto_defer=how != "auto_defer=False")
    gate = asyncio.Event()

    if how == "returns a modal":

        @bot.command
        async def form(ctx: Context) -> kagari.Modal:
            await gate.wait()
            name = kagari.TextInput("Name", custom_id="name")
            return kagari.Modal("Form", custom_id="form", components=[name])

    else:

        @bot.command
        async def form(ctx: Context) -> str:  # type: ignore[misc]
            await gate.wait()
            return "answered"

    with caplog.at_level(logging.WARNING, logger="kagari.app"):
        request = asyncio.ensure_future(_ask(bot, keys, command_payload("form")))
        await asyncio.sleep(0.15)
        assert not request.done()  # past the deadline, still not deferred
        gate.set()
        response = await request
    assert json.loads(response.body or b"")["type"] == (9 if how == "returns a modal" else 4)
    assert "not deferred automatically" in caplog.text


async def test_the_listener_called_directly_runs_the_rest_after_its_answer(
    bot: Bot, fake: FakeDiscord
) -> None:
    from kagari.models import decode_interaction

    @bot.command
    async def two(ctx: Context) -> None:
        await ctx.respond("first")
        await ctx.followup("second")

    listener: Any = bot.get_listener(kagari.CommandInteraction)
    generator = listener(decode_interaction(command_payload("two")))
    answer = await generator.__anext__()
    assert answer.build(2)[0]["data"]["content"] == "first"
    assert fake.followups == []
    with pytest.raises(StopAsyncIteration):
        await generator.__anext__()  # "sent": the rest runs, then the generator ends
    assert [r.json["content"] for r in fake.followups] == ["second"]
