"""The fake Discord itself: validation, answers, state, recording and fault set-up."""

from __future__ import annotations

import asyncio
import gzip
import importlib.resources
import json
import pathlib
import sys
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

import kagari
from kagari.rest import BadRequestError, NotFoundError, RESTClient
from kagari.testing import TestClient
from kagari.testing.fake_discord import FakeDiscord, RecordedRequest
from kagari.testing.openapi import BUNDLED, OpenAPISpec, SpecMismatch

FOLLOWUP = "POST /webhooks/{webhook_id}/{webhook_token}"
CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"

# Documented in discord-payloads/README.md: the docs send a string where the spec says integer.
KNOWN_SPEC_MISMATCHES = {"command_default_member_permissions.json"}


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(openapi) as server:
        yield server


@pytest.fixture
async def rest(fake: FakeDiscord) -> AsyncIterator[RESTClient]:
    async with RESTClient(fake.token, "Bot", rest_url=fake.url) as client:
        yield client


def load(path: pathlib.Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def examples(folder: pathlib.Path) -> list[pathlib.Path]:
    return sorted(
        path
        for path in folder.glob("*.json")
        if path.name not in KNOWN_SPEC_MISMATCHES and "get_response" not in path.name
    )


# -- validation against the spec -------------------------------------------------------------------


async def test_a_bad_body_is_caught_and_fails_the_test(openapi: OpenAPISpec) -> None:
    fake = FakeDiscord(openapi)
    await fake.start()
    async with RESTClient(rest_url=fake.url) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.create_followup(fake.application_id, "tok", {"content": 42})
    assert caught.value.code == 50035
    assert list(caught.value.errors) == ["content"]
    assert len(fake.spec_errors) == 1
    assert fake.spec_errors[0].startswith(FOLLOWUP)
    assert fake.followups == []  # the bad request was refused, like Discord would
    with pytest.raises(AssertionError, match="do not match Discord's OpenAPI spec"):
        await fake.close()


async def test_lenient_fake_only_records_spec_errors(openapi: OpenAPISpec) -> None:
    async with FakeDiscord(openapi, strict=False) as fake, RESTClient(rest_url=fake.url) as client:
        with pytest.raises(BadRequestError):
            await client.create_interaction_response(1, "tok", {"type": "four"})
    assert len(fake.spec_errors) == 1


async def test_without_a_spec_nothing_is_validated() -> None:
    async with FakeDiscord(spec_path=None) as fake, RESTClient(rest_url=fake.url) as client:
        await client.create_followup(fake.application_id, "tok", {"content": 42})
    assert fake.spec_errors == []


async def _post_bad_followup(fake: FakeDiscord) -> tuple[int, Any]:
    """POST a follow-up whose content is a number (the spec wants a string), over HTTP."""
    url = f"{fake.url}/webhooks/{fake.application_id}/tok"
    async with aiohttp.ClientSession() as session, session.post(url, json={"content": 42}) as got:
        return got.status, await got.json()


async def test_the_bundled_spec_is_checked_by_default() -> None:
    async with FakeDiscord(strict=False) as fake:
        status, error = await _post_bad_followup(fake)
    assert status == 400
    assert error["code"] == 50035
    assert list(error["errors"]) == ["content"]
    assert len(fake.spec_errors) == 1 and fake.spec_errors[0].startswith(FOLLOWUP)
    assert fake.followups == []


async def test_a_default_fake_fails_on_close_after_a_bad_body() -> None:
    fake = FakeDiscord()
    await fake.start()
    assert (await _post_bad_followup(fake))[0] == 400
    with pytest.raises(AssertionError, match="do not match Discord's OpenAPI spec"):
        await fake.close()


async def test_a_spec_file_path_still_works(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(OpenAPISpec.bundled().document), encoding="utf-8")
    async with FakeDiscord(path, strict=False) as fake:
        assert (await _post_bad_followup(fake))[0] == 400
    # Without routes the spec has nothing to check this route against: the file is used.
    path.write_text(json.dumps({**OpenAPISpec.bundled().document, "paths": {}}), "utf-8")
    async with FakeDiscord(path) as fake:
        assert (await _post_bad_followup(fake))[0] == 200


async def test_a_test_client_without_spec_arguments_validates() -> None:
    bot = kagari.Bot(logs=None)

    @bot.command
    async def ping(ctx: kagari.Context) -> str:
        """Answer."""
        return "pong"

    async with TestClient(bot) as client:
        assert (await client.command("ping")).content == "pong"
        status, _ = await _post_bad_followup(client.fake)
        assert status == 400
        assert len(client.fake.spec_errors) == 1
        client.fake.strict = False  # seen; the client closes its own fake
    async with TestClient(bot, spec_path=None) as client:
        assert (await _post_bad_followup(client.fake))[0] == 200


def test_a_given_fake_with_no_spec_path_is_allowed() -> None:
    fake = FakeDiscord(spec_path=None)
    assert TestClient(kagari.Bot(logs=None), fake=fake, spec_path=None)._shared.fake is fake


def test_missing_jsonschema_names_the_extra_and_the_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # makes "import jsonschema" fail
    with pytest.raises(ImportError) as caught:
        FakeDiscord()
    message = str(caught.value)
    assert "pip install 'kagari[testing]'" in message
    assert "spec_path=None" in message
    assert "kagari_openapi = off" in message
    assert FakeDiscord(spec_path=None).spec_errors == []  # the way out works without it


def test_openapi_spec_without_a_path_loads_the_bundled_spec() -> None:
    spec = OpenAPISpec()
    assert spec.document["openapi"].startswith("3.1")
    assert spec.document["info"]["version"] == "10"
    assert spec.document["info"]["license"]["name"] == "MIT"
    assert "MessageCreateRequest" in spec.schema_names()
    assert spec.request_schema("POST", "/webhooks/1/tok") is not None
    spec.validate_request("POST", "/webhooks/1/tok", {"content": "hi"})
    with pytest.raises(SpecMismatch, match="content"):
        spec.validate_request("POST", "/webhooks/1/tok", {"content": 42})


def test_the_bundled_spec_is_loaded_once_and_shared() -> None:
    shared = OpenAPISpec.bundled()
    assert OpenAPISpec.bundled() is shared
    assert OpenAPISpec() is not shared  # an explicit load is a load of its own
    assert FakeDiscord()._spec is shared
    assert TestClient(kagari.Bot(logs=None))._shared.spec_path is BUNDLED


def test_the_bundled_spec_and_its_notice_ship_in_the_package() -> None:
    data = importlib.resources.files("kagari.testing") / "data"
    raw = (data / "openapi.json.gz").read_bytes()
    assert raw[:2] == b"\x1f\x8b"  # compressed
    assert len(raw) < len(gzip.decompress(raw)) // 5
    notice = (data / "LICENSE-openapi").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Copyright 2023 Discord" in notice
    assert "discord-api-spec" in notice


async def test_nested_spec_errors_are_discord_shaped(fake: FakeDiscord) -> None:
    fake.strict = False
    body = {
        "name": "n",
        "description": "d",
        "options": [{"type": 3, "name": 1, "description": "d"}],
    }
    url = f"{fake.url}/applications/{fake.application_id}/commands"
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        response = await session.post(url, json=body)
        assert response.status == 400
        error = await response.json()
    assert error["code"] == 50035
    assert error["message"] == "Invalid Form Body"
    leaf = error["errors"]["options"]["0"]["name"]["_errors"][0]
    assert "is not of type 'string'" in leaf["message"]


@pytest.mark.parametrize(
    "path",
    examples(pathlib.Path(__file__).resolve().parent / "data/discord-payloads/outgoing/messages"),
    ids=lambda p: p.name,
)
async def test_documented_messages_pass_as_followups(
    fake: FakeDiscord, rest: RESTClient, path: pathlib.Path, openapi: OpenAPISpec
) -> None:
    body = load(path)
    message = await rest.create_followup(fake.application_id, "tok", body)
    openapi.validate_schema("MessageResponse", message)
    assert fake.followups[0].json == body


async def test_documented_callbacks_and_commands_pass(
    fake: FakeDiscord, rest: RESTClient, payloads_dir: pathlib.Path
) -> None:
    callbacks = [p for p in examples(payloads_dir / "outgoing/callbacks") if "legacy" not in p.name]
    assert callbacks
    for number, path in enumerate(callbacks):
        await rest.create_interaction_response(number, f"t{number}", load(path))
    commands = [load(p) for p in examples(payloads_dir / "outgoing/commands")]
    assert commands
    stored = await rest.overwrite_commands(fake.application_id, commands)
    assert [c["name"] for c in stored] == [c["name"] for c in commands]
    assert len(fake.callbacks) == len(callbacks)


# -- answers and state ---------------------------------------------------------------------------


async def test_unknown_paths_and_tokens(fake: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{fake.url}/guilds/1/nothing") as response:
            assert response.status == 404
        async with session.get(f"{fake.url}/applications/@me") as response:
            assert response.status == 401
            assert (await response.json())["message"] == "401: Unauthorized"
    assert [r.route for r in fake.requests] == [None, "GET /applications/@me"]


async def test_a_second_callback_is_refused(fake: FakeDiscord, rest: RESTClient) -> None:
    await rest.create_interaction_response(9, "tok", {"type": 5})
    with pytest.raises(BadRequestError) as caught:
        await rest.create_interaction_response(9, "tok", {"type": 4, "data": {"content": "x"}})
    assert caught.value.code == 40060
    assert len(fake.callbacks) == 1


async def test_component_update_keeps_one_original(fake: FakeDiscord, rest: RESTClient) -> None:
    await rest.create_interaction_response(1, "tok", {"type": 4, "data": {"content": "v1"}})
    first = fake.original("tok")
    assert first is not None
    await rest.create_interaction_response(2, "tok", {"type": 7, "data": {"content": "v2"}})
    second = fake.original("tok")
    assert second is not None
    assert second["id"] == first["id"]
    assert second["content"] == "v2"


async def test_followups_need_the_application_as_webhook(
    fake: FakeDiscord, rest: RESTClient
) -> None:
    with pytest.raises(NotFoundError) as caught:
        await rest.create_followup(123, "tok", {"content": "x"})
    assert caught.value.code == 10015


async def test_commands_persist_per_scope_with_defaults(
    fake: FakeDiscord, rest: RESTClient, openapi: OpenAPISpec
) -> None:
    app_id = fake.application_id
    body: dict[str, Any] = {
        "name": "hello",
        "description": "Say hello",
        "name_localizations": {"fr": "bonjour"},
    }
    created = await rest.create_command(app_id, body)
    assert created["application_id"] == app_id
    assert created["type"] == 1
    assert created["default_member_permissions"] is None
    assert created["nsfw"] is False
    assert created["integration_types"] == [0]
    assert created["contexts"] == [0, 1, 2]
    assert "name_localizations" not in created
    again = await rest.create_command(app_id, {**body, "description": "Hi"})
    assert again["id"] == created["id"]  # same name and type: replaced, not duplicated
    assert fake.requests[-1].status == 200 and fake.requests[-2].status == 201
    localized = await rest.fetch_commands(app_id, with_localizations=True)
    assert localized[0]["name_localizations"] == {"fr": "bonjour"}
    guild = await rest.overwrite_commands(app_id, [{"name": "g", "description": "x"}], 5)
    assert guild[0]["guild_id"] == "5"
    assert guild[0]["contexts"] is None
    assert [c["name"] for c in fake.commands()] == ["hello"]
    assert [c["name"] for c in fake.commands(5)] == ["g"]
    kept = await rest.overwrite_commands(app_id, [{"name": "g", "description": "y"}], 5)
    assert kept[0]["id"] == guild[0]["id"]
    for command in (*localized, *kept):
        openapi.validate_schema("ApplicationCommandResponse", command)


async def test_a_bulk_overwrite_may_not_drop_the_entry_point(
    fake: FakeDiscord, rest: RESTClient
) -> None:
    app_id = fake.application_id
    launch = {"type": 4, "name": "launch", "description": "Launch", "handler": 2}
    first = await rest.overwrite_commands(app_id, [launch, {"name": "a", "description": "x"}])
    [stored] = [command for command in first if command["type"] == 4]
    with pytest.raises(BadRequestError) as caught:
        await rest.overwrite_commands(app_id, [{"name": "b", "description": "x"}])
    assert caught.value.code == 50240
    assert "cannot remove this app's Entry Point command" in caught.value.message
    assert sorted(c["name"] for c in fake.commands()) == ["a", "launch"]  # rejected whole
    by_id = await rest.overwrite_commands(app_id, [{**launch, "id": stored["id"], "name": "go"}])
    assert [(c["id"], c["name"]) for c in by_id] == [(stored["id"], "go")]
    by_name = await rest.overwrite_commands(app_id, [{**launch, "name": "go"}])
    assert [c["id"] for c in by_name] == [stored["id"]]
    await rest.delete_command(app_id, stored["id"])  # deleted separately: allowed
    assert await rest.overwrite_commands(app_id, []) == []


async def test_deferred_callback_with_response(fake: FakeDiscord, rest: RESTClient) -> None:
    result = await rest.create_interaction_response(
        3, "tok", {"type": 5, "data": {"flags": 64}}, with_response=True
    )
    assert result is not None
    assert result["interaction"]["response_message_loading"] is True
    assert result["interaction"]["response_message_ephemeral"] is True
    original = fake.original("tok")
    assert original is not None
    assert original["flags"] == 128 | 64


# -- recording ------------------------------------------------------------------------------------


async def test_wait_for_sees_past_and_future_requests(fake: FakeDiscord, rest: RESTClient) -> None:
    await rest.create_followup(fake.application_id, "tok", {"content": "first"})
    recorded = await fake.wait_for(FOLLOWUP)
    assert recorded.json == {"content": "first"}
    later = asyncio.ensure_future(
        fake.wait_for(lambda r: r.ok and r.json == {"content": "second"}, after=1)
    )
    await asyncio.sleep(0)
    assert not later.done()
    await rest.create_followup(fake.application_id, "tok", {"content": "second"})
    assert (await later).json == {"content": "second"}
    with pytest.raises(TimeoutError, match="no matching request"):
        await fake.wait_for(CALLBACK, timeout=0.05)


async def test_helpers_split_requests_by_kind(fake: FakeDiscord, rest: RESTClient) -> None:
    app_id = fake.application_id
    await rest.create_interaction_response(1, "tok", {"type": 4, "data": {"content": "a"}})
    message = await rest.create_followup(app_id, "tok", {"content": "b"})
    await rest.edit_original_response(app_id, "tok", {"content": "c"})
    await rest.edit_followup(app_id, "tok", message["id"], {"content": "d"})
    assert [r.json["type"] for r in fake.callbacks] == [4]
    assert [r.json["content"] for r in fake.followups] == ["b"]
    assert [r.json["content"] for r in fake.edits] == ["c", "d"]
    assert all(isinstance(r, RecordedRequest) and r.time > 0 for r in fake.requests)
    assert fake.requests[0].params == {"interaction_id": "1", "interaction_token": "tok"}


# -- fault set-up ---------------------------------------------------------------------------------


def test_unknown_routes_are_refused_when_scripting_faults() -> None:
    fake = FakeDiscord()
    with pytest.raises(ValueError, match="not served by FakeDiscord"):
        fake.fail("POST /webhooks/{id}/{token}")
    with pytest.raises(ValueError, match="limit must be at least 1"):
        fake.set_bucket(FOLLOWUP, 0, 1.0)
    with pytest.raises(ValueError, match="reset_after must be positive"):
        fake.set_bucket(FOLLOWUP, 1, 0)
    with pytest.raises(ValueError, match="count must be at least 1"):
        fake.drop(FOLLOWUP, count=0)
    with pytest.raises(RuntimeError, match="started"):
        fake.url  # noqa: B018


async def test_bucket_headers_look_like_discord(fake: FakeDiscord) -> None:
    name = fake.set_bucket(lambda r: r.route == FOLLOWUP, limit=2, reset_after=0.5)
    headers = {"Content-Type": "application/json"}
    url = f"{fake.url}/webhooks/{fake.application_id}/tok"
    seen = []
    async with aiohttp.ClientSession(headers=headers) as session:
        for _ in range(3):
            async with session.post(url, data=b'{"content":"x"}') as response:
                seen.append((response.status, dict(response.headers), await response.json()))
    (s1, h1, _), (s2, h2, _), (s3, h3, b3) = seen
    assert (s1, s2, s3) == (200, 200, 429)
    assert h1["X-RateLimit-Bucket"] == name
    assert (h1["X-RateLimit-Limit"], h1["X-RateLimit-Remaining"]) == ("2", "1")
    assert h2["X-RateLimit-Remaining"] == "0"
    assert 0 < float(h2["X-RateLimit-Reset-After"]) <= 0.5
    assert h3["X-RateLimit-Scope"] == "user"
    assert b3["global"] is False and 0 < b3["retry_after"] <= 0.5
    assert fake.overflows == [fake.requests[2]]


async def test_scripted_global_429(fake: FakeDiscord) -> None:
    fake.rate_limit("GET /applications/@me", retry_after=2.5, is_global=True)
    async with aiohttp.ClientSession() as session:
        url = f"{fake.url}/applications/@me"
        async with session.get(url, headers={"Authorization": f"Bot {fake.token}"}) as response:
            assert response.status == 429
            assert response.headers["X-RateLimit-Global"] == "true"
            assert response.headers["X-RateLimit-Scope"] == "global"
            assert response.headers["Retry-After"] == "3"
            assert await response.json() == {
                "message": "You are being rate limited.",
                "retry_after": 2.5,
                "global": True,
            }


async def _answers(fake: FakeDiscord, count: int) -> list[tuple[int, dict[str, str], Any]]:
    """GET /applications/@me ``count`` times with the bot's token, without kagari's client."""
    seen = []
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        for _ in range(count):
            async with session.get(f"{fake.url}/applications/@me") as response:
                seen.append((response.status, dict(response.headers), await response.json()))
    return seen


async def test_scripted_429s_of_every_kind(fake: FakeDiscord) -> None:
    app = "GET /applications/@me"
    name = fake.set_bucket(app, limit=5, reset_after=10.0)
    fake.rate_limit(app, 0.25, is_global="header")
    fake.rate_limit(app, 0.25, scope="shared")
    fake.rate_limit(app, 0.25)  # a sublimit: the window is not counted down by 429s
    fake.rate_limit(app, 0.25, bucket_headers=False)
    fake.rate_limit(app, 0.25, headers={"X-RateLimit-Remaining": "0", "Retry-After": None})
    by_header, shared, sublimit, bare, closed, ok = await _answers(fake, 6)
    status, headers, body = by_header
    assert (status, body["global"], body["retry_after"]) == (429, False, 0.25)
    assert headers["X-RateLimit-Global"] == "true"
    assert "X-RateLimit-Scope" not in headers and "X-RateLimit-Bucket" not in headers
    status, headers, body = shared
    assert (status, body["global"], headers["X-RateLimit-Scope"]) == (429, False, "shared")
    assert (headers["X-RateLimit-Bucket"], headers["X-RateLimit-Remaining"]) == (name, "5")
    status, headers, _ = sublimit
    assert (status, headers["X-RateLimit-Scope"], headers["X-RateLimit-Remaining"]) == (
        429,
        "user",
        "5",
    )
    status, headers, _ = bare
    assert status == 429
    assert not any(h.startswith("X-RateLimit-") and h != "X-RateLimit-Scope" for h in headers)
    assert headers["Retry-After"] == "1"
    status, headers, _ = closed
    assert (status, headers["X-RateLimit-Remaining"]) == (429, "0")
    assert "Retry-After" not in headers
    status, headers, _ = ok
    assert (status, headers["X-RateLimit-Remaining"]) == (200, "4")
    assert fake.requests[1].response_headers["X-RateLimit-Scope"] == "shared"


async def test_invalid_requests_are_counted_like_discord(fake: FakeDiscord) -> None:
    app = "GET /applications/@me"
    fake.fail(app, status=401)
    fake.fail(app, status=403)
    fake.fail(app, status=404)
    fake.rate_limit(app, 0.1)
    fake.rate_limit(app, 0.1, scope="shared")
    statuses = [status for status, _, _ in await _answers(fake, 6)]
    assert statuses == [401, 403, 404, 429, 429, 200]
    assert fake.invalid_requests() == 3  # 401, 403, the user 429; not 404 or shared
    await asyncio.sleep(0.05)
    assert fake.invalid_requests(window=0.01) == 0


def test_rate_limit_checks_its_arguments() -> None:
    fake = FakeDiscord(spec_path=None)
    with pytest.raises(ValueError, match="retry_after"):
        fake.rate_limit(FOLLOWUP, -1)
    with pytest.raises(ValueError, match="is_global"):
        fake.rate_limit(FOLLOWUP, 1, is_global="body")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="count must be at least 1"):
        fake.rate_limit(FOLLOWUP, 1, count=0)
    with pytest.raises(ValueError, match="not served"):
        fake.rate_limit("GET /nowhere", 1)


async def test_max_rate_ignores_interaction_routes_by_default(
    fake: FakeDiscord, rest: RESTClient
) -> None:
    for n in range(4):
        await rest.create_followup(fake.application_id, "tok", {"content": str(n)})
    await rest.fetch_application()
    assert fake.max_rate() == 1
    assert fake.max_rate(include_interaction=True) == 5
