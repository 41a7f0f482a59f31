"""Context answering rules, the compiled listeners called directly, blueprints at runtime,
and one test at the default 2.5 s deadline with a handler that takes 4 s."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import pytest

import kagari
from kagari.app import Blueprint, Bot, Context, InteractionResponseError
from kagari.models import decode_interaction
from kagari.testing import FakeDiscord, TestClient, command_payload, component_payload

MakeBot = Callable[..., Bot]


@pytest.mark.slow
async def test_four_second_handler_at_default_deadline(
    fake: FakeDiscord, make_bot: MakeBot
) -> None:
    bot = make_bot(deadline=2.5)

    @bot.command
    async def crunch(ctx: Context) -> kagari.Message:
        await asyncio.sleep(4)
        return kagari.Message("crunched", ephemeral=True)

    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(command_payload("crunch"))
        assert reply.json() == {"type": 5}  # deferred at the deadline, before the handler ended
        assert fake.edits == []
        edit = await fake.wait_for(lambda r: r.method == "PATCH", timeout=5)
    assert edit.json["content"] == "crunched"
    assert edit.path.endswith("/messages/@original")


async def test_listener_called_directly(bot: Bot) -> None:
    @bot.command
    async def ping(ctx: Context) -> str:
        return "pong"

    listener = bot.get_listener(kagari.CommandInteraction)
    assert listener is not None
    generator: Any = listener(decode_interaction(command_payload("ping")))
    assert inspect.isasyncgen(generator)
    answer = await generator.__anext__()
    assert answer.build(2)[0] == {
        "type": 4,
        "data": {"content": "pong", "allowed_mentions": {"parse": []}},
    }
    with pytest.raises(StopAsyncIteration):
        await generator.__anext__()


async def test_listeners_can_be_replaced(bot: Bot) -> None:
    async def mine(interaction: kagari.CommandInteraction) -> kagari.Message:
        return kagari.Message("mine")

    with pytest.raises(TypeError, match="already set"):
        bot.set_listener(kagari.CommandInteraction, mine)
    bot.set_listener(kagari.CommandInteraction, mine, replace=True)
    assert bot.get_listener(kagari.CommandInteraction) is mine


async def test_context_rules(bot: Bot, fake: FakeDiscord) -> None:
    results: dict[str, Any] = {}

    @bot.command
    async def rules(ctx: Context) -> None:
        results["time_left"] = ctx.time_left
        try:
            await ctx.followup("too early")
        except InteractionResponseError as error:
            results["followup"] = str(error)
        try:
            await ctx.edit("nothing yet")
        except InteractionResponseError as error:
            results["edit"] = str(error)
        await ctx.defer()
        await ctx.defer()  # a second deferral is a no-op
        results["deferred"] = ctx.deferred
        await ctx.edit("filled")
        try:
            await ctx.respond(
                kagari.Modal("X", custom_id="x", components=[kagari.TextInput("X", custom_id="x")])
            )
        except InteractionResponseError as error:
            results["modal"] = str(error)
        await ctx.delete()

    @bot.component("edit-me")
    async def edit_me(ctx: Context) -> None:
        results["custom_id"] = ctx.custom_id
        await ctx.edit("edited in place")

    async with TestClient(bot, fake=fake) as client:
        assert (await client.post(command_payload("rules"))).json() == {"type": 5}
        await fake.wait_for(lambda r: r.method == "DELETE")
        reply = await client.post(component_payload("edit-me"))
    assert reply.json() == {"type": 7, "data": {"content": "edited in place"}}
    assert results["time_left"] <= 0.3
    assert "before the interaction is answered" in results["followup"]
    assert "before the interaction is answered" in results["edit"]
    assert results["deferred"] is True
    assert "was already answered (deferred at t=0.0s)" in results["modal"]
    assert results["custom_id"] == "edit-me"
    assert [r.json["content"] for r in fake.edits] == ["filled"]


async def test_blueprint_settings_at_runtime(bot: Bot, fake: FakeDiscord) -> None:
    bp = Blueprint("slow", auto_defer="ephemeral")

    @bp.command
    async def sleepy(ctx: Context) -> str:
        await asyncio.sleep(0.5)
        raise LookupError("gone")

    @bp.error_handler(LookupError)
    async def lost(ctx: Context, error: LookupError) -> str:
        return "blueprint says: gone"

    @bp.component("bp:{n:int}")
    async def button(ctx: Context, n: int) -> kagari.Update:
        return kagari.Update(content=str(n * 2))

    bot.register(bp)
    async with TestClient(bot, fake=fake) as client:
        assert (await client.post(command_payload("sleepy"))).json() == {
            "type": 5,
            "data": {"flags": 64},
        }
        edit = await fake.wait_for(lambda r: r.method == "PATCH")
        assert edit.json["content"] == "blueprint says: gone"
        assert (await client.post(component_payload("bp:21"))).json()["data"]["content"] == "42"
