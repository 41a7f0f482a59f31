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
from kagari.testing import (
    DEFAULT_APPLICATION_ID,
    FakeDiscord,
    TestClient,
    TypedOption,
    autocomplete_payload,
    command_payload,
    component_payload,
    make_user,
    message_command_payload,
    modal_payload,
    user_command_payload,
)

API_MD = pathlib.Path(__file__).resolve().parent / "data" / "design" / "api.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", API_MD.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(application_id=DEFAULT_APPLICATION_ID) as server:
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

    @bot.command
    async def forbidden(ctx: kagari.app.Context) -> str:
        raise PermissionError("nope")

    payloads = bot.command_payloads()
    assert list(payloads) == [None, 123456789012345678]
    target = make_user(80351110224678912, username="nelly", global_name="Nelly").raw
    async with TestClient(bot, fake=fake, keys=keys) as client:
        reply = await client.post(command_payload("ping"))
        assert reply.json()["data"]["content"] == "pong"

        reply = await client.post(
            command_payload(
                "greet",
                {"who": TypedOption(6, target["id"]), "times": 2},
                resolved={"users": {target["id"]: target}},
            )
        )
        assert reply.json()["data"]["content"] == f"Hello <@{target['id']}>! " * 2

        reply = await client.post(command_payload("admin purge", {"count": 3}))
        assert reply.json()["data"] == {
            "content": "purged 3",
            "flags": 64,
            "allowed_mentions": {"parse": []},
        }

        reply = await client.post(
            user_command_payload(
                "Show avatar",
                target["id"],
                resolved={
                    "users": {target["id"]: target},
                    "members": {
                        target["id"]: {
                            "roles": [],
                            "nick": "Target",
                            "joined_at": "2020-01-01T00:00:00+00:00",
                        }
                    },
                },
            )
        )
        assert reply.json()["data"]["content"].startswith("https://cdn.discordapp.com/")

        reply = await client.post(message_command_payload("Bookmark", "999"))
        assert reply.json()["data"]["content"] == "saved 999"

        reply = await client.post(command_payload("poll", {"question": "Tea?"}))
        buttons = reply.json()["data"]["components"][0]["components"]
        assert [b["custom_id"] for b in buttons] == ["vote:42:yes", "vote:42:no"]

        reply = await client.post(component_payload(buttons[0]["custom_id"], username="mason"))
        assert reply.json() == {"type": 7, "data": {"content": "mason voted yes on 42"}}

        reply = await client.post(command_payload("feedback"))
        assert reply.json()["type"] == 9
        modal = reply.json()["data"]
        reply = await client.post(
            modal_payload(modal["custom_id"], {"title": {"type": 4, "value": "Great bot"}})
        )
        assert reply.json()["data"]["content"] == "thanks for 'Great bot' (general)"

        reply = await client.post(command_payload("search", {"query": "cherry"}))
        assert reply.json()["data"]["content"] == "you picked cherry"
        reply = await client.post(autocomplete_payload("search", "query", "b"))
        assert reply.json() == {
            "type": 8,
            "data": {
                "choices": [
                    {"name": "banana", "value": "banana"},
                ]
            },
        }

        reply = await client.post(command_payload("report"))
        assert reply.json() == {"type": 5, "data": {"flags": 64}}
        followup = await fake.wait_for(
            lambda r: r.json is not None and r.json.get("content") == "done"
        )
        assert followup.json["flags"] == 64
        assert fake.edits[-1].json["content"] == "report ready"

        reply = await client.post(command_payload("forbidden"))
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
    async with TestClient(bot, fake=fake, keys=keys) as client:
        reply = await client.post(command_payload("hello"))
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
    async with TestClient(namespace["bot"], fake=fake, keys=keys) as client:
        reply = await client.post(command_payload("report"))
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
