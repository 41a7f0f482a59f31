"""The REST client against the fake Discord: headers, auth, endpoints, files, errors, lifecycle."""

from __future__ import annotations

import base64
import concurrent.futures
import inspect
import io
import logging
import pathlib
import re
import socket
from collections.abc import AsyncIterator

import pytest

from kagari.builders.files import File
from kagari.rest import (
    TRACE_KAGARI,
    BadRequestError,
    ClientCredentialsStrategy,
    ClientHTTPError,
    ForbiddenError,
    HTTPError,
    NotFoundError,
    RESTClient,
    RESTConnectionError,
    Route,
    TokenStrategy,
    UnauthorizedError,
    UnauthorizedTokenError,
    flatten_errors,
)
from kagari.rest import tokens as tokens_module
from kagari.rest.settings import HTTPSettings, ProxySettings
from kagari.testing.fake_discord import FakeDiscord
from kagari.testing.openapi import OpenAPISpec

FOLLOWUP = "POST /webhooks/{webhook_id}/{webhook_token}"
COMMANDS = "POST /applications/{application_id}/commands"


@pytest.fixture
async def fake(openapi: OpenAPISpec) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(openapi) as server:
        yield server


@pytest.fixture
async def rest(fake: FakeDiscord) -> AsyncIterator[RESTClient]:
    async with RESTClient(fake.token, "Bot", rest_url=fake.url, retry_backoff=0.001) as client:
        yield client


# -- construction ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "token_type", "fragment"),
    [
        ("abc", None, "token_type"),
        ("abc", "Basic", "'Bot' or 'Bearer'"),
        (None, "Bot", "no token"),
        ("", "Bot", "empty"),
    ],
)
def test_bad_token_combinations_raise(
    token: str | None, token_type: str | None, fragment: str
) -> None:
    with pytest.raises(ValueError, match=fragment):
        RESTClient(token, token_type)


def test_strategy_must_come_without_token_type() -> None:
    strategy = ClientCredentialsStrategy(1, "secret")
    assert isinstance(strategy, TokenStrategy)
    with pytest.raises(ValueError, match="TokenStrategy"):
        RESTClient(strategy, "Bearer")
    assert RESTClient(strategy).token_type == "Bearer"


@pytest.mark.parametrize(
    ("given", "expected"), [("bot", "Bot"), ("BEARER", "Bearer"), ("Bot", "Bot")]
)
def test_token_type_is_case_insensitive(given: str, expected: str) -> None:
    assert RESTClient("abc", given).token_type == expected


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("max_rate_limit", 0),
        ("max_retries", -1),
        ("max_429_retries", -1),
        ("global_rate_limit", 0),
        ("invalid_request_limit", 0),
        ("invalid_request_window", 0),
        ("rate_limits", "none"),
    ],
)
def test_bad_limits_name_the_option(option: str, value: object) -> None:
    with pytest.raises(ValueError, match=option):
        RESTClient("abc", "Bot", **{option: value})  # type: ignore[arg-type]


# -- headers ------------------------------------------------------------------------------------


async def test_user_agent_and_bot_authorization(fake: FakeDiscord, rest: RESTClient) -> None:
    application = await rest.fetch_application()
    assert application["id"] == fake.application_id
    recorded = fake.requests[-1]
    assert re.fullmatch(
        r"DiscordBot \(https://github\.com/kagari-py/kagari, \d+\.\d+\.\d+\S*\) kagari",
        recorded.headers["User-Agent"],
    )
    assert recorded.authorization == f"Bot {fake.token}"


async def test_interaction_routes_send_no_authorization(
    fake: FakeDiscord, rest: RESTClient
) -> None:
    app_id = fake.application_id
    await rest.create_interaction_response(11, "tok", {"type": 4, "data": {"content": "a"}})
    await rest.fetch_original_response(app_id, "tok")
    await rest.edit_original_response(app_id, "tok", {"content": "b"})
    message = await rest.create_followup(app_id, "tok", {"content": "c"})
    await rest.fetch_followup(app_id, "tok", message["id"])
    await rest.edit_followup(app_id, "tok", message["id"], {"content": "d"})
    await rest.delete_followup(app_id, "tok", message["id"])
    await rest.delete_original_response(app_id, "tok")
    await rest.fetch_commands(app_id)
    interaction_requests = [r for r in fake.requests if r.is_interaction]
    assert len(interaction_requests) == 8
    assert all(r.ok and r.authorization is None for r in interaction_requests)
    assert fake.requests[-1].authorization == f"Bot {fake.token}"


async def test_bearer_token(fake: FakeDiscord) -> None:
    bearer = fake.issue_bearer_token()
    async with RESTClient(bearer, "bearer", rest_url=fake.url) as client:
        await client.fetch_commands(fake.application_id)
    assert fake.requests[-1].authorization == f"Bearer {bearer}"
    assert fake.requests[-1].ok


async def test_wrong_token_is_unauthorized(fake: FakeDiscord) -> None:
    async with RESTClient("not-the-token", "Bot", rest_url=fake.url) as client:
        with pytest.raises(UnauthorizedError) as caught:
            await client.fetch_application()
    assert caught.value.status == 401


async def test_a_refused_token_fails_fast_afterwards(
    fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="kagari.rest")
    async with RESTClient("not-the-token", "Bot", rest_url=fake.url) as client:
        with pytest.raises(UnauthorizedError) as first:
            await client.fetch_application()
        assert type(first.value) is UnauthorizedError  # Discord's own answer
        for _ in range(3):
            with pytest.raises(UnauthorizedTokenError) as later:
                await client.fetch_commands(fake.application_id)
        # Interaction-token routes send no token, so they still work.
        await client.create_followup(fake.application_id, "tok", {"content": "hi"})
    assert isinstance(later.value, UnauthorizedError)
    assert later.value.status == 401
    assert later.value.route == "GET /applications/{application_id}/commands"
    assert "earlier" in str(later.value)
    assert [r.status for r in fake.requests] == [401, 200]
    assert fake.invalid_requests() == 1
    assert any("marked bad" in r.getMessage() for r in caplog.records)


async def test_a_strategy_that_keeps_a_refused_token_fails_fast(fake: FakeDiscord) -> None:
    class Fixed:
        token_type = "Bot"

        async def acquire(self, client: object) -> str:
            return "Bot wrong"

        def invalidate(self, token: str | None) -> None:
            pass

    async with RESTClient(Fixed(), rest_url=fake.url) as client:
        with pytest.raises(UnauthorizedTokenError):
            await client.fetch_application()
    assert [r.status for r in fake.requests] == [401]  # not sent again with the same token


async def test_without_token_only_interaction_routes_work(fake: FakeDiscord) -> None:
    async with RESTClient(rest_url=fake.url) as client:
        await client.create_followup(fake.application_id, "tok", {"content": "hi"})
        with pytest.raises(RuntimeError, match="without one"):
            await client.fetch_application()
    assert len(fake.followups) == 1


async def test_audit_log_reason_and_query(fake: FakeDiscord, rest: RESTClient) -> None:
    await rest.request(
        "GET",
        "/applications/{application_id}/commands",
        query={"with_localizations": True},
        reason="tidy up: ünïcode",
        application_id=fake.application_id,
    )
    recorded = fake.requests[-1]
    assert recorded.query == {"with_localizations": "true"}
    assert recorded.headers["X-Audit-Log-Reason"] == "tidy up%3A %C3%BCn%C3%AFcode"


async def test_proxy_settings_are_used(fake: FakeDiscord) -> None:
    # The fake acts as the proxy: an HTTP proxy gets the absolute URL of a host that
    # cannot be resolved, so the request can only arrive through the proxy.
    proxy = ProxySettings(url=fake.url.removesuffix("/api/v10"), auth="Basic cHJveHk6cHc=")
    async with RESTClient(
        fake.token, "Bot", rest_url="http://discord.invalid/api/v10", proxy_settings=proxy
    ) as client:
        application = await client.fetch_application()
    assert application["id"] == fake.application_id
    assert fake.requests[-1].headers["Proxy-Authorization"] == "Basic cHJveHk6cHc="


# -- client credentials ---------------------------------------------------------------------------


async def test_client_credentials_fetches_and_reuses_a_token(fake: FakeDiscord) -> None:
    strategy = ClientCredentialsStrategy(fake.application_id, fake.client_secret)
    async with RESTClient(strategy, rest_url=fake.url) as client:
        await client.fetch_commands(fake.application_id)
        await client.fetch_commands(fake.application_id)
    token_request, first, second = fake.requests
    assert token_request.route == "POST /oauth2/token"
    basic = base64.b64decode(token_request.headers["Authorization"].removeprefix("Basic "))
    assert basic.decode() == f"{fake.application_id}:{fake.client_secret}"
    assert token_request.form == {
        "grant_type": "client_credentials",
        "scope": "applications.commands.update",
    }
    bearer = f"Bearer {token_request.response['access_token']}"
    assert first.authorization == second.authorization == bearer
    assert first.ok and second.ok


async def test_client_credentials_refreshes_before_expiry(
    fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.oauth_expires_in = 1000
    now = [100.0]
    monkeypatch.setattr(tokens_module, "_clock", lambda: now[0])
    strategy = ClientCredentialsStrategy(fake.application_id, fake.client_secret)
    async with RESTClient(strategy, rest_url=fake.url) as client:
        await client.fetch_commands(fake.application_id)
        now[0] += 850  # still valid, not yet in the last tenth of its life
        await client.fetch_commands(fake.application_id)
        now[0] += 60  # 910 s of 1000: time to refresh
        await client.fetch_commands(fake.application_id)
    routes = [r.route for r in fake.requests]
    assert routes.count("POST /oauth2/token") == 2
    assert routes[-2] == "POST /oauth2/token"
    assert fake.requests[-1].authorization != fake.requests[1].authorization


async def test_client_credentials_refreshes_after_401(fake: FakeDiscord) -> None:
    strategy = ClientCredentialsStrategy(fake.application_id, fake.client_secret, ["identify"])
    async with RESTClient(strategy, rest_url=fake.url) as client:
        await client.fetch_commands(fake.application_id)
        fake.revoke_bearer_tokens()
        await client.fetch_commands(fake.application_id)
    statuses = [(r.route, r.status) for r in fake.requests]
    assert statuses[2:] == [
        ("GET /applications/{application_id}/commands", 401),
        ("POST /oauth2/token", 200),
        ("GET /applications/{application_id}/commands", 200),
    ]
    assert fake.requests[0].form["scope"] == "identify"


async def test_client_credentials_with_a_bad_secret(fake: FakeDiscord) -> None:
    strategy = ClientCredentialsStrategy(fake.application_id, "wrong")
    async with RESTClient(strategy, rest_url=fake.url) as client:
        with pytest.raises(UnauthorizedError, match="invalid_client"):
            await client.fetch_application()


def test_client_credentials_rejects_a_scope_string() -> None:
    with pytest.raises(TypeError, match="scopes"):
        ClientCredentialsStrategy(1, "s", "identify")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="scopes"):
        ClientCredentialsStrategy(1, "s", ())


async def test_invalidate_ignores_other_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    strategy = ClientCredentialsStrategy(1, "s")
    strategy._header = "Bearer current"
    strategy._refresh_at = float("inf")
    strategy.invalidate("Bearer old")
    assert await strategy.acquire(RESTClient()) == "Bearer current"
    strategy.invalidate(None)
    assert strategy._header is None


# -- endpoints ------------------------------------------------------------------------------------


async def test_callback_with_response_returns_the_message(
    fake: FakeDiscord, rest: RESTClient, openapi: OpenAPISpec
) -> None:
    result = await rest.create_interaction_response(
        5, "tok", {"type": 4, "data": {"content": "hi", "flags": 64}}, with_response=True
    )
    assert result is not None
    openapi.validate_schema("InteractionCallbackResponse", result)
    assert result["resource"]["message"]["content"] == "hi"
    assert result["interaction"]["response_message_ephemeral"] is True
    assert fake.callbacks[0].query == {"with_response": "true"}
    assert await rest.create_interaction_response(6, "tok2", {"type": 5}) is None


async def test_original_response_round_trip(
    fake: FakeDiscord, rest: RESTClient, openapi: OpenAPISpec
) -> None:
    app_id = fake.application_id
    await rest.create_interaction_response(7, "tok", {"type": 5})
    loading = await rest.fetch_original_response(app_id, "tok")
    assert loading["flags"] & 128
    edited = await rest.edit_original_response(app_id, "tok", {"content": "done"})
    openapi.validate_schema("MessageResponse", edited)
    assert edited["content"] == "done"
    assert not edited["flags"] & 128
    assert edited["edited_timestamp"] is not None
    await rest.delete_original_response(app_id, "tok")
    with pytest.raises(NotFoundError) as caught:
        await rest.fetch_original_response(app_id, "tok")
    assert caught.value.code == 10008


async def test_followups_round_trip(
    fake: FakeDiscord, rest: RESTClient, openapi: OpenAPISpec
) -> None:
    app_id = fake.application_id
    created = await rest.create_followup(app_id, "tok", {"content": "one", "flags": 64})
    openapi.validate_schema("MessageResponse", created)
    assert created["flags"] == 64
    fetched = await rest.fetch_followup(app_id, "tok", created["id"])
    assert fetched["id"] == created["id"]
    edited = await rest.edit_followup(app_id, "tok", created["id"], {"content": "two"})
    assert edited["content"] == "two"
    assert [r.json for r in fake.edits] == [{"content": "two"}]
    await rest.delete_followup(app_id, "tok", created["id"])
    with pytest.raises(NotFoundError):
        await rest.fetch_followup(app_id, "tok", created["id"])


async def test_application_fetch_and_edit(
    fake: FakeDiscord, rest: RESTClient, openapi: OpenAPISpec
) -> None:
    fake.verify_key = "ab" * 32
    application = await rest.fetch_application()
    openapi.validate_schema("PrivateApplicationResponse", application)
    assert application["verify_key"] == "ab" * 32
    edited = await rest.edit_application(interactions_endpoint_url="https://bot.example/i")
    assert edited["interactions_endpoint_url"] == "https://bot.example/i"
    assert fake.requests[-1].json == {"interactions_endpoint_url": "https://bot.example/i"}


async def test_commands_round_trip(
    fake: FakeDiscord, rest: RESTClient, openapi: OpenAPISpec
) -> None:
    app_id = fake.application_id
    listed = await rest.overwrite_commands(
        app_id, [{"name": "ping", "description": "Ping"}, {"name": "Bookmark", "type": 3}]
    )
    assert [c["name"] for c in listed] == ["ping", "Bookmark"]
    for command in listed:
        openapi.validate_schema("ApplicationCommandResponse", command)
    assert await rest.fetch_commands(app_id) == listed
    ping = listed[0]
    assert await rest.fetch_command(app_id, ping["id"]) == ping
    edited = await rest.edit_command(app_id, ping["id"], {"description": "Pong?"})
    assert edited["description"] == "Pong?"
    assert edited["version"] != ping["version"]
    guild = await rest.create_command(app_id, {"name": "local", "description": "x"}, guild_id=42)
    assert guild["guild_id"] == "42"
    assert [c["name"] for c in await rest.fetch_commands(app_id, 42)] == ["local"]
    await rest.delete_command(app_id, guild["id"], guild_id=42)
    assert await rest.fetch_commands(app_id, 42) == []
    with pytest.raises(NotFoundError) as caught:
        await rest.fetch_command(app_id, guild["id"], guild_id=42)
    assert caught.value.code == 10063


async def test_command_permissions(fake: FakeDiscord, rest: RESTClient) -> None:
    permissions = [{"id": "5", "type": 1, "permission": True}]
    stored = fake.set_command_permissions(9, 77, permissions)
    assert await rest.fetch_guild_command_permissions(fake.application_id, 9) == [stored]
    assert await rest.fetch_command_permissions(fake.application_id, 9, 77) == stored
    with pytest.raises(NotFoundError):
        await rest.fetch_command_permissions(fake.application_id, 9, 78)


async def test_entitlements(fake: FakeDiscord, rest: RESTClient, openapi: OpenAPISpec) -> None:
    first = fake.add_entitlement(100, user_id=1)
    fake.add_entitlement(200, user_id=2)
    third = fake.add_entitlement(100, user_id=3, entitlement_type=4)
    mine = await rest.fetch_entitlements(fake.application_id, user_id=1)
    assert [e["id"] for e in mine] == [first["id"]]
    openapi.validate_schema("EntitlementResponse", mine[0])
    by_sku = await rest.fetch_entitlements(fake.application_id, sku_ids=[100], limit=1)
    assert [e["id"] for e in by_sku] == [first["id"]]
    assert fake.requests[-1].query == {"sku_ids": "100", "limit": "1"}
    await rest.consume_entitlement(fake.application_id, third["id"])
    assert fake.state.entitlements[third["id"]]["consumed"] is True
    with pytest.raises(NotFoundError):
        await rest.consume_entitlement(fake.application_id, 1)
    with pytest.raises(ValueError, match="limit"):
        await rest.fetch_entitlements(fake.application_id, limit=500)


# -- files ----------------------------------------------------------------------------------------


async def test_followup_with_files_is_multipart(fake: FakeDiscord, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"from disk")
    files = [
        File(b"\x89PNG...", "chart.png", description="a chart"),
        File(path),
        File(io.BytesIO(b"from memory"), "memo.bin"),
    ]
    with concurrent.futures.ThreadPoolExecutor(1) as executor:
        async with RESTClient(fake.token, "Bot", rest_url=fake.url, executor=executor) as client:
            message = await client.create_followup(
                fake.application_id, "tok", {"content": "files"}, files
            )
    recorded = fake.followups[0]
    assert recorded.parts == ["payload_json", "files[0]", "files[1]", "files[2]"]
    assert recorded.files == {
        "chart.png": b"\x89PNG...",
        "report.txt": b"from disk",
        "memo.bin": b"from memory",
    }
    assert recorded.json["attachments"] == [
        {"id": "0", "filename": "chart.png", "description": "a chart"},
        {"id": "1", "filename": "report.txt"},
        {"id": "2", "filename": "memo.bin"},
    ]
    assert [(a["filename"], a["size"]) for a in message["attachments"]] == [
        ("chart.png", 7),
        ("report.txt", 9),
        ("memo.bin", 11),
    ]


async def test_callback_files_go_in_data_and_edits_keep_attachments(
    fake: FakeDiscord, rest: RESTClient
) -> None:
    body = {"type": 4, "data": {"content": "with file"}}
    await rest.create_interaction_response(1, "tok", body, [File(b"one", "one.txt")])
    assert fake.callbacks[0].json["data"]["attachments"] == [{"id": "0", "filename": "one.txt"}]
    assert body == {"type": 4, "data": {"content": "with file"}}  # the caller's body is untouched
    original = fake.original("tok")
    assert original is not None
    kept = original["attachments"][0]
    edited = await rest.edit_original_response(
        fake.application_id,
        "tok",
        {"attachments": [{"id": kept["id"]}]},
        [File(b"two!", "two.txt")],
    )
    assert fake.edits[0].json["attachments"] == [
        {"id": kept["id"]},
        {"id": "0", "filename": "two.txt"},
    ]
    assert [a["filename"] for a in edited["attachments"]] == ["one.txt", "two.txt"]


# -- errors ---------------------------------------------------------------------------------------


def test_flatten_errors_builds_dotted_paths() -> None:
    nested = {
        "_errors": [{"code": "X", "message": "whole body"}],
        "options": {
            "0": {
                "name": {"_errors": [{"code": "A", "message": "too long"}]},
                "choices": {"1": {"value": {"_errors": [{"code": "B", "message": "bad"}]}}},
            }
        },
    }
    assert flatten_errors(nested) == {
        "": ["whole body"],
        "options.0.name": ["too long"],
        "options.0.choices.1.value": ["bad"],
    }
    error = HTTPError(400, "Invalid Form Body", code=50035, errors=flatten_errors(nested))
    text = str(error)
    assert text.startswith("400 Bad Request (code 50035): Invalid Form Body")
    assert "  options.0.name: too long" in text
    assert "  (body): whole body" in text


async def test_invalid_body_surfaces_field_paths(fake: FakeDiscord, rest: RESTClient) -> None:
    fake.strict = False
    bad = {
        "name": "greet",
        "description": "d",
        "options": [{"type": 3, "name": 5, "description": "x"}],
    }
    with pytest.raises(BadRequestError) as caught:
        await rest.create_command(fake.application_id, bad)
    error = caught.value
    assert error.code == 50035
    assert error.route == COMMANDS
    assert list(error.errors) == ["options.0.name"]
    assert "options.0.name: 5 is not of type 'string'" in str(error)
    assert len(fake.spec_errors) == 1


@pytest.mark.parametrize(
    ("status", "error_type"),
    [(403, ForbiddenError), (404, NotFoundError), (409, ClientHTTPError), (400, BadRequestError)],
)
async def test_statuses_map_to_error_types(
    fake: FakeDiscord, rest: RESTClient, status: int, error_type: type[HTTPError]
) -> None:
    fake.fail(FOLLOWUP, status=status)
    with pytest.raises(error_type) as caught:
        await rest.create_followup(fake.application_id, "tok", {"content": "x"})
    assert caught.value.status == status
    assert len(fake.requests) == 1  # 4xx are not retried


# -- lifecycle and logging ---------------------------------------------------------------------


async def test_lazy_start_close_and_restart(fake: FakeDiscord) -> None:
    client = RESTClient(fake.token, "Bot", rest_url=fake.url)
    assert not client.is_alive
    await client.fetch_application()
    assert client.is_alive
    await client.close()
    assert not client.is_alive
    with pytest.raises(RuntimeError, match="closed"):
        await client.fetch_application()
    await client.start()
    await client.fetch_application()
    await client.close()
    assert len(fake.requests) == 2


async def test_one_session_is_reused(fake: FakeDiscord, rest: RESTClient) -> None:
    await rest.fetch_application()
    session = rest._session
    for _ in range(5):
        await rest.fetch_application()
    assert rest._session is session
    peers = {r.peer for r in fake.requests}
    assert len(peers) == 1  # one keep-alive connection served all six requests
    assert peers != {""}


async def test_connection_refused_is_typed() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api/v10"
    async with RESTClient("t", "Bot", rest_url=url, max_retries=1, retry_backoff=0.001) as client:
        with pytest.raises(RESTConnectionError) as caught:
            await client.fetch_application()
    assert caught.value.attempts == 2


async def test_requests_are_logged_at_trace_level(
    fake: FakeDiscord, rest: RESTClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(TRACE_KAGARI, logger="kagari.rest")
    await rest.fetch_application()
    records = [r for r in caplog.records if r.name == "kagari.rest"]
    assert [r.levelname for r in records] == ["TRACE_KAGARI"]
    assert records[0].getMessage().startswith("GET /applications/@me -> 200 in ")
    assert fake.token not in records[0].getMessage()


def test_http_settings_are_applied() -> None:
    settings = HTTPSettings(max_redirects=0)
    client = RESTClient("t", "Bot", http_settings=settings)
    assert client.http_settings.allow_redirects is False
    assert client._timeout.total == settings.timeouts.total
    assert client.rest_url == "https://discord.com/api/v10"


async def test_logging_is_silent_above_trace(
    fake: FakeDiscord, rest: RESTClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="kagari.rest")
    await rest.fetch_application()
    assert not [r for r in caplog.records if r.name == "kagari.rest"]


# -- routes ---------------------------------------------------------------------------------------


def test_routes_compile_quote_and_name_their_major_parameter() -> None:
    route = Route("patch", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
    compiled = route.compile(webhook_id=1, webhook_token="a/b c", message_id="@original")
    assert compiled.path == "/webhooks/1/a%2Fb%20c/messages/@original"
    assert compiled.major_value == "1:a/b c"
    assert route.key == "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
    assert route.is_interaction
    guild = Route("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
    assert guild.compile(application_id=1, guild_id=2).major_value == "2"
    assert not guild.is_interaction
    assert Route("GET", "/applications/@me").compile().major_value == ""
    with pytest.raises(TypeError, match="missing path parameter"):
        guild.compile(application_id=1)
    with pytest.raises(TypeError, match="unknown path parameter"):
        guild.compile(application_id=1, guild_id=2, channel_id=3)
    with pytest.raises(ValueError, match="must start with '/'"):
        Route("GET", "applications")


def test_route_parameters_may_have_digits() -> None:
    template = "/partner-sdk/dms/{user_id_1}/{user_id_2}/messages/{message_id}/moderation-metadata"
    route = Route("PUT", template)
    assert route.params == ("user_id_1", "user_id_2", "message_id")
    compiled = route.compile(user_id_1=1, user_id_2=2, message_id=3)
    assert compiled.path == "/partner-sdk/dms/1/2/messages/3/moderation-metadata"
    source = inspect.getsource(RESTClient.update_user_message_external_moderation_metadata)
    assert "user_id_1=user_id_1" in source  # the generator sends the spec's own names
