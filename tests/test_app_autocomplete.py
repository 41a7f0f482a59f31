"""Autocomplete handlers: the focused value and the options filled so far, over HTTP."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import kagari
from kagari.app import Bot, Context
from kagari.testing import FakeDiscord, TestClient, autocomplete_payload


async def test_focused_value_and_filled_options(bot: Bot, fake: FakeDiscord) -> None:
    seen: dict[str, Any] = {}

    @bot.command
    async def search(ctx: Context, category: str, query: str, limit: int = 3) -> str:
        return query

    @search.autocomplete("query")
    async def complete(ctx: Context, value: str, category: str, limit: int = 3) -> list[str]:
        seen.update(value=value, category=category, limit=limit, options=dict(ctx.options))
        words = {"fruit": ["apple", "apricot", "banana"], "veg": ["asparagus"]}[category]
        return [w for w in words if w.startswith(value)][:limit]

    payload = autocomplete_payload("search", "query", "ap", options={"category": "fruit"})
    async with TestClient(bot, fake=fake) as client:
        reply = await client.post(payload)
    assert reply.json() == {
        "type": 8,
        "data": {
            "choices": [
                {"name": "apple", "value": "apple"},
                {"name": "apricot", "value": "apricot"},
            ]
        },
    }
    assert seen["category"] == "fruit" and seen["limit"] == 3 and seen["value"] == "ap"
    assert seen["options"] == {"query": "ap", "category": "fruit", "limit": 3}


async def test_result_shapes(bot: Bot, fake: FakeDiscord) -> None:
    tools = bot.group("tools", "Tools")

    @tools.command
    async def pick(ctx: Context, number: int, item: str, size: float) -> str:
        return "x"

    @bot.autocomplete("tools pick", "number")
    async def numbers(ctx: Context, value: int) -> list[int]:
        return list(range(value, value + 30))  # more than 25: trimmed

    @pick.autocomplete("item")
    async def items(ctx: Context, value: str) -> dict[str, str]:
        return {"Sword": "sword", "Shield": "shield"}

    @pick.autocomplete("size")
    async def sizes(ctx: Context, value: float) -> list[kagari.Choice]:
        return [kagari.Choice("Half", 0.5)]

    def ask(name: str, raw: str, option_type: int) -> dict[str, Any]:
        return autocomplete_payload("tools pick", name, raw, option_type=option_type)

    async with TestClient(bot, fake=fake) as client:
        number_reply = await client.post(ask("number", "10", 4))
        item_reply = await client.post(ask("item", "s", 3))
        size_reply = await client.post(ask("size", "0", 10))
    choices = number_reply.json()["data"]["choices"]
    assert len(choices) == 25 and choices[0] == {"name": "10", "value": 10}
    assert item_reply.json()["data"]["choices"] == [
        {"name": "Sword", "value": "sword"},
        {"name": "Shield", "value": "shield"},
    ]
    assert size_reply.json()["data"]["choices"] == [{"name": "Half", "value": 0.5}]


async def test_failures_answer_with_no_choices(
    bot: Bot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    @bot.command
    async def find(ctx: Context, text: str, other: str = "") -> str:
        return text

    @find.autocomplete("text")
    async def broken(ctx: Context, value: str) -> list[str]:
        raise RuntimeError("database down")

    caplog.set_level(logging.WARNING, "kagari.app")
    async with TestClient(bot, fake=fake) as client:
        failed = await client.post(autocomplete_payload("find", "text", "a"))
        unhandled = await client.post(autocomplete_payload("find", "other", "a"))
        unknown = await client.post(autocomplete_payload("ghost", "x", "a"))
    for reply in (failed, unhandled, unknown):
        assert reply.json() == {"type": 8, "data": {"choices": []}}
    messages = [r.getMessage() for r in caplog.records]
    assert any("autocomplete handler for 'find' option 'text' failed" in m for m in messages)
    assert any("no autocomplete handler for option 'other'" in m for m in messages)
