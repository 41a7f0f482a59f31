"""Every example of api.md (in tests/data/design), run as written through signed HTTP requests.

The code blocks are read from the design document itself, so the document and kagari
cannot drift apart. Two seams, and only these: ``bot.rest`` is pointed at FakeDiscord
(the example builds its bot without ``rest_url``, and tests must never reach Discord),
and the example's five-second ``build_slow_report`` is swapped for an instant one.
``bot.run(...)`` lines are not executed (the tests serve the bot on a free port).
"""

from __future__ import annotations

import asyncio
import pathlib
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

import kagari
import kagari.app
from kagari.rest import RESTClient
from kagari.server.devkeys import DevKeyPair
from kagari.testing.fake_discord import FakeDiscord
from tests._app_payloads import Payloads, serving, subcommand, user, value

API_MD = pathlib.Path(__file__).resolve().parent / "data" / "design" / "api.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", API_MD.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def keys() -> DevKeyPair:
    return DevKeyPair()


def _run_script(source: str, fake: FakeDiscord) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "api_md_example"}
    exec(compile(source, str(API_MD), "exec"), namespace)
    bot = namespace["bot"]
    bot.rest = RESTClient(fake.token, "Bot", rest_url=fake.url)

    async def build_slow_report() -> str:
        return "report ready"

    namespace["build_slow_report"] = build_slow_report
    return namespace


async def test_one_script_example(
    fake: FakeDiscord, keys: DevKeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", fake.token)
    monkeypatch.setenv("DISCORD_PUBLIC_KEY", keys.public_key)
    script = _blocks()[0]
    assert "bot.run(port=8080)" in script
    namespace = _run_script(script, fake)
    bot = namespace["bot"]
    p = Payloads(fake.application_id)

    @bot.command
    async def forbidden(ctx: kagari.app.Context) -> str:
        raise PermissionError("nope")

    payloads = bot.command_payloads()
    assert list(payloads) == [None, 123456789012345678]
    target = user("80351110224678912")
    async with serving(bot, keys) as client:
        reply = await client.post(p.slash("ping"))
        assert reply.json()["data"]["content"] == "pong"

        reply = await client.post(
            p.slash(
                "greet",
                [value("who", 6, target["id"]), value("times", 4, 2)],
                resolved={"users": {target["id"]: target}},
            )
        )
        assert reply.json()["data"]["content"] == f"Hello <@{target['id']}>! " * 2

        reply = await client.post(p.slash("admin", [subcommand("purge", [value("count", 4, 3)])]))
        assert reply.json()["data"] == {
            "content": "purged 3",
            "flags": 64,
            "allowed_mentions": {"parse": []},
        }

        reply = await client.post(p.user_command("Show avatar", target))
        assert reply.json()["data"]["content"].startswith("https://cdn.discordapp.com/")

        reply = await client.post(p.message_command("Bookmark", "999"))
        assert reply.json()["data"]["content"] == "saved 999"

        reply = await client.post(p.slash("poll", [value("question", 3, "Tea?")]))
        buttons = reply.json()["data"]["components"][0]["components"]
        assert [b["custom_id"] for b in buttons] == ["vote:42:yes", "vote:42:no"]

        reply = await client.post(p.component(buttons[0]["custom_id"]))
        assert reply.json() == {"type": 7, "data": {"content": "mason voted yes on 42"}}

        reply = await client.post(p.slash("feedback"))
        assert reply.json()["type"] == 9
        modal = reply.json()["data"]
        reply = await client.post(
            p.modal(
                modal["custom_id"],
                [
                    {"type": 4, "custom_id": "title", "value": "Great bot"},
                ],
            )
        )
        assert reply.json()["data"]["content"] == "thanks for 'Great bot' (general)"

        reply = await client.post(p.slash("search", [value("query", 3, "cherry")]))
        assert reply.json()["data"]["content"] == "you picked cherry"
        reply = await client.post(p.autocomplete("search", [value("query", 3, "b", focused=True)]))
        assert reply.json() == {
            "type": 8,
            "data": {
                "choices": [
                    {"name": "banana", "value": "banana"},
                ]
            },
        }

        reply = await client.post(p.slash("report"))
        assert reply.json() == {"type": 5, "data": {"flags": 64}}
        followup = await fake.wait_for(
            lambda r: r.json is not None and r.json.get("content") == "done"
        )
        assert followup.json["flags"] == 64
        assert fake.edits[-1].json["content"] == "report ready"

        reply = await client.post(p.slash("forbidden"))
        assert reply.json()["data"] == {
            "content": "not allowed",
            "flags": 64,
            "allowed_mentions": {"parse": []},
        }


async def test_raw_listener_example(fake: FakeDiscord, keys: DevKeyPair) -> None:
    script = _blocks()[1]
    *body, last = script.strip().splitlines()
    assert last.startswith("bot.run(")
    namespace: dict[str, Any] = {
        "__name__": "api_md_raw",
        "kagari": kagari,
        "token": fake.token,
        "key": keys.public_key,
    }
    exec(compile("\n".join(body), str(API_MD), "exec"), namespace)
    bot = namespace["bot"]
    async with serving(bot, keys) as client:
        reply = await client.post(Payloads(fake.application_id).slash("hello"))
    assert reply.json()["data"]["content"] == "hello from /hello"


async def test_report_example_waits_for_real_work(
    fake: FakeDiscord, keys: DevKeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deferred report: the HTTP answer comes first, the edit once the work is done."""
    monkeypatch.setenv("DISCORD_TOKEN", fake.token)
    monkeypatch.setenv("DISCORD_PUBLIC_KEY", keys.public_key)
    namespace = _run_script(_blocks()[0], fake)
    gate = asyncio.Event()

    async def build_slow_report() -> str:
        await gate.wait()
        return "report ready"

    namespace["build_slow_report"] = build_slow_report
    async with serving(namespace["bot"], keys) as client:
        reply = await client.post(Payloads(fake.application_id).slash("report"))
        assert reply.json()["type"] == 5
        assert fake.edits == []
        gate.set()
        edit = await fake.wait_for(lambda r: r.method == "PATCH")
    assert edit.json["content"] == "report ready"


DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"
APP_PAGES = ("commands", "components", "modals", "autocomplete", "deferred", "errors", "blueprints")


@pytest.mark.parametrize("page", APP_PAGES)
def test_doc_page_examples_are_valid_python(page: str) -> None:
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks, f"docs/{page}.md has no examples"
    for block in blocks:
        compile(block, f"docs/{page}.md", "exec")


async def test_testing_example(
    fake: FakeDiscord, keys: DevKeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document's Testing block, run against the bot of its first block."""
    monkeypatch.setenv("DISCORD_TOKEN", fake.token)
    monkeypatch.setenv("DISCORD_PUBLIC_KEY", keys.public_key)
    namespace = _run_script(_blocks()[0], fake)
    testing = next(block for block in _blocks() if "TestClient" in block)
    exec(compile(testing, str(API_MD), "exec"), namespace)
    await namespace["test_ping"]()
