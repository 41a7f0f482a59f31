"""Autocomplete handlers: the focused value and the options filled so far, over HTTP."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import kagari
from kagari.app import Bot, Context
from kagari.server.devkeys import DevKeyPair
from tests._app_payloads import Payloads, serving, subcommand, value


async def test_focused_value_and_filled_options(bot: Bot, keys: DevKeyPair, p: Payloads) -> None:
    seen: dict[str, Any] = {}

    @bot.command
    async def search(ctx: Context, category: str, query: str, limit: int = 3) -> str:
        return query

    @search.autocomplete("query")
    async def complete(ctx: Context, value: str, category: str, limit: int = 3) -> list[str]:
        seen.update(value=value, category=category, limit=limit, options=dict(ctx.options))
        words = {"fruit": ["apple", "apricot", "banana"], "veg": ["asparagus"]}[category]
        return [w for w in words if w.startswith(value)][:limit]

    payload = p.autocomplete(
        "search",
        [
            value("category", 3, "fruit"),
            value("query", 3, "ap", focused=True),
        ],
    )
    async with serving(bot, keys) as client:
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


async def test_result_shapes(bot: Bot, keys: DevKeyPair, p: Payloads) -> None:
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

    def ask(name: str, raw: Any, option_type: int) -> dict[str, Any]:
        return p.autocomplete(
            "tools",
            [
                subcommand(
                    "pick",
                    [
                        value(name, option_type, raw, focused=True),
                    ],
                )
            ],
        )

    async with serving(bot, keys) as client:
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
    bot: Bot, keys: DevKeyPair, p: Payloads, caplog: pytest.LogCaptureFixture
) -> None:
    @bot.command
    async def find(ctx: Context, text: str, other: str = "") -> str:
        return text

    @find.autocomplete("text")
    async def broken(ctx: Context, value: str) -> list[str]:
        raise RuntimeError("database down")

    caplog.set_level(logging.WARNING, "kagari.app")
    async with serving(bot, keys) as client:
        failed = await client.post(p.autocomplete("find", [value("text", 3, "a", focused=True)]))
        unhandled = await client.post(
            p.autocomplete("find", [value("other", 3, "a", focused=True)])
        )
        unknown = await client.post(p.autocomplete("ghost", [value("x", 3, "a", focused=True)]))
    for reply in (failed, unhandled, unknown):
        assert reply.json() == {"type": 8, "data": {"choices": []}}
    messages = [r.getMessage() for r in caplog.records]
    assert any("autocomplete handler for 'find' option 'text' failed" in m for m in messages)
    assert any("no autocomplete handler for option 'other'" in m for m in messages)
