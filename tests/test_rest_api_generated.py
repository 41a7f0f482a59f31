"""The REST API generated from Discord's spec: complete, current, and sending valid bodies."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import pathlib
import re
import shutil
import socket
import sys
import types
import urllib.parse
from collections.abc import AsyncIterator, Callable
from typing import Any

import jsonschema
import pytest
from aiohttp import BodyPartReader, web

import kagari
from kagari.rest import ForbiddenError, InternalServerError, RESTClient
from kagari.rest.api import OPERATIONS, Operation
from kagari.rest.endpoints import RESTEndpoints
from kagari.testing.openapi import OpenAPISpec, SpecMismatch

ROOT = pathlib.Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "tools" / "generate_rest.py"
SPEC = OpenAPISpec.bundled()
COMPONENTS = SPEC.document["components"]
_METHODS = ("get", "put", "post", "patch", "delete")


def _spec_operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for template, item in SPEC.document["paths"].items():
        for method in _METHODS:
            if method in item:
                operation = item[method]
                found[operation["operationId"]] = (method.upper(), template, operation)
    return found


SPEC_OPERATIONS = _spec_operations()
GENERATED = sorted(op_id for op_id, entry in OPERATIONS.items() if entry.generated)
NONCE_BODIES = ("create_lobby_message", "create_message")


# -- a minimal valid instance of a schema ------------------------------------------------------


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _valid(schema: dict[str, Any], instance: Any) -> bool:
    validator = jsonschema.Draft202012Validator({**schema, "components": COMPONENTS})
    return bool(validator.is_valid(instance))


def minimal(schema: dict[str, Any]) -> Any:
    """The smallest instance of ``schema`` (required fields only), checked to be valid."""
    schema = _resolve(schema)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            for branch in schema[key]:
                candidate = minimal(branch)
                if _valid(schema, candidate):
                    return candidate
            raise AssertionError(f"no branch of {key} gives a valid instance: {schema}")
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = minimal(part)
            if not isinstance(value, dict):
                return value
            merged.update(value)
        return merged
    kinds = schema.get("type", "object")
    kinds = [kinds] if isinstance(kinds, str) else [kind for kind in kinds if kind != "null"]
    kind = kinds[0] if kinds else "null"
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: minimal(properties.get(name, {})) for name in schema.get("required", [])}
    if kind == "array":
        items = [minimal(schema.get("items", {})) for _ in range(schema.get("minItems", 0))]
        if schema.get("uniqueItems"):
            items = [f"{index + 1}" if item == "1" else item for index, item in enumerate(items)]
        return items
    if kind == "string":
        if schema.get("format") == "snowflake":
            return "1"
        if schema.get("format") == "date-time":
            return "2025-01-01T00:00:00+00:00"
        if schema.get("format") == "uri":
            return "https://example.com"
        return "a" * max(schema.get("minLength", 1), 1)
    if kind in ("integer", "number"):
        return schema.get("minimum", 0)
    if kind == "boolean":
        return False
    return None


# -- a loopback server that records what the client sent ------------------------------------------


class Recorder:
    """Records each request (method, path, query, headers, JSON, parts) and checks it."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.mismatches: list[str] = []
        self.answer: tuple[int, Any] = (200, {})

    async def handle(self, request: web.Request) -> web.Response:
        path = request.path.removeprefix("/api/v10")
        seen: dict[str, Any] = {
            "method": request.method,
            "path": path,
            "query": dict(request.query),
            "headers": dict(request.headers),
            "json": None,
            "parts": [],
            "files": {},
            "form": {},
            "content_types": {},
        }
        if request.content_type == "application/json":
            seen["json"] = json.loads(await request.read())
        elif request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                assert isinstance(part, BodyPartReader)
                seen["parts"].append(part.name)
                if part.name == "payload_json":
                    seen["json"] = json.loads(await part.text())
                elif part.filename is None:
                    seen["form"][part.name] = await part.text()
                else:
                    seen["files"][part.filename] = bytes(await part.read())
                    seen["content_types"][part.filename] = part.headers["Content-Type"]
        try:
            SPEC.validate_request(request.method, path, seen["json"])
        except (SpecMismatch, KeyError) as error:
            self.mismatches.append(f"{request.method} {path}: {error}")
        self.requests.append(seen)
        status, body = self.answer
        return web.json_response(body, status=status)


@pytest.fixture
async def recorder() -> AsyncIterator[tuple[Recorder, RESTClient]]:
    recorded = Recorder()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", recorded.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    await web.SockSite(runner, sock).start()
    rest = RESTClient("token", "Bot", rest_url=f"http://127.0.0.1:{port}/api/v10", max_retries=0)
    try:
        yield recorded, rest
    finally:
        await rest.close()
        await runner.cleanup()


# -- calling a generated method with values for each parameter ------------------------------------


def _path_value(name: str, schema: dict[str, Any]) -> Any:
    schema = _resolve(schema)
    if schema.get("type") == "integer":
        return 1
    if schema.get("format") == "snowflake":
        return 1234567890
    return "token" if name.endswith("token") else "abc"


def call_arguments(op_id: str) -> tuple[list[Any], dict[str, Any], str, Any]:
    """Positional and keyword arguments for a method, the path it must hit, and the body."""
    _, template, operation = SPEC_OPERATIONS[op_id]
    shared = SPEC.document["paths"][template].get("parameters", [])
    by_name = {p["name"]: p for p in [*shared, *operation.get("parameters", [])]}
    args: list[Any] = []
    path = template
    for name in re.findall(r"\{([a-z_0-9]+)\}", template):
        value = _path_value(name, by_name[name]["schema"])
        args.append(value)
        path = path.replace("{" + name + "}", str(value))
    kwargs = {
        p["name"]: minimal(p["schema"])
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    body = None
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = minimal(content["application/json"]["schema"])
        args.append(body)
    return args, kwargs, path, body


# -- every operation has a method ---------------------------------------------------------------


def test_every_operation_of_the_spec_has_a_restclient_method() -> None:
    assert len(SPEC_OPERATIONS) == 242
    assert set(OPERATIONS) == set(SPEC_OPERATIONS)
    for op_id, entry in OPERATIONS.items():
        method, template, _ = SPEC_OPERATIONS[op_id]
        assert (entry.method, entry.template) == (method, template), op_id
        function = getattr(RESTClient, entry.name, None)
        assert inspect.iscoroutinefunction(function), f"{op_id}: RESTClient.{entry.name}"


def test_generated_methods_leave_the_hand_written_ones_alone() -> None:
    handwritten = {name for name in vars(RESTEndpoints) if not name.startswith("_")}
    for op_id, entry in OPERATIONS.items():
        if entry.generated:
            assert entry.name not in handwritten, op_id
            owner = next(c for c in RESTClient.__mro__ if entry.name in vars(c))
            assert owner.__module__ == f"kagari.rest.api.{entry.resource}", op_id
        else:
            assert entry.name in handwritten, op_id
    names = [entry.name for entry in OPERATIONS.values() if entry.generated]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("op_id", "name"),
    [
        ("create_message", "create_message"),
        ("create_thread", "create_thread"),
        ("add_thread_member", "add_thread_member"),
        ("ban_user_from_guild", "ban_member"),
        ("add_guild_member_role", "add_member_role"),
        ("update_guild_member", "modify_guild_member"),
        ("update_message", "edit_message"),
        ("get_original_webhook_message", "fetch_original_response"),
    ],
)
def test_names_a_python_user_would_guess(op_id: str, name: str) -> None:
    assert OPERATIONS[op_id].name == name


def test_signatures_are_typed_the_way_the_brief_says() -> None:
    signature = inspect.signature(RESTClient.ban_member)
    kinds = {name: p.kind for name, p in signature.parameters.items()}
    assert kinds["guild_id"] is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert kinds["reason"] is inspect.Parameter.KEYWORD_ONLY
    assert signature.parameters["guild_id"].annotation == "Snowflakeish"
    listing = inspect.signature(RESTClient.list_messages).parameters
    assert listing["limit"].kind is inspect.Parameter.KEYWORD_ONLY
    assert listing["limit"].annotation == "int | None"
    assert "reason" not in inspect.signature(RESTClient.create_message).parameters


# -- the committed output is what the generator writes ------------------------------------------


def _load_generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("generate_rest_under_test", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_the_committed_output_is_current() -> None:
    generator = _load_generator()
    assert generator.main(["--check"]) == 0


def test_check_fails_on_stale_output_and_a_run_fixes_it(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    generator = _load_generator()
    package = tmp_path / "api"
    shutil.copytree(generator.PACKAGE, package)
    docs = tmp_path / "rest-api.md"
    shutil.copy(generator.DOCS, docs)
    monkeypatch.setattr(generator, "ROOT", tmp_path)
    monkeypatch.setattr(generator, "PACKAGE", package)
    monkeypatch.setattr(generator, "DOCS", docs)
    assert generator.main(["--check"]) == 0
    messages = package / "messages.py"
    messages.write_text(messages.read_text() + "# edited by hand\n")
    (package / "leftover.py").write_text(generator.MARKER + "\n")
    docs.write_text(docs.read_text().replace("create_message", "send_message"))
    assert generator.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "stale: api/messages.py" in err
    assert "stale: api/leftover.py" in err
    assert "stale: rest-api.md" in err
    assert generator.main([]) == 0
    assert not (package / "leftover.py").exists()
    assert (package / "_base.py").exists()  # hand-written: never touched
    assert generator.main(["--check"]) == 0


def test_the_docs_page_lists_every_operation_by_resource() -> None:
    page = (ROOT / "docs" / "rest-api.md").read_text()
    for entry in OPERATIONS.values():
        assert f"`{entry.method} {entry.template}`" in page
        assert f"`{entry.name}(" in page
    assert "## Members and bans" in page
    assert "| `ban_user_from_guild` | `ban_member` |" in page


def test_the_docs_page_example_compiles() -> None:
    page = (ROOT / "docs" / "rest-api.md").read_text()
    (block,) = re.findall(r"```python\n(.*?)```", page, re.DOTALL)
    compile(block, "docs/rest-api.md", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


# -- every generated method sends a valid request -----------------------------------------------


FORM_BODIES = [
    op_id
    for op_id in GENERATED
    if "multipart/form-data" in SPEC_OPERATIONS[op_id][2].get("requestBody", {}).get("content", {})
    and "application/json" not in SPEC_OPERATIONS[op_id][2]["requestBody"]["content"]
]


@pytest.mark.parametrize("op_id", [op for op in GENERATED if op not in FORM_BODIES])
async def test_each_generated_method_sends_its_route_and_a_valid_body(
    op_id: str, recorder: tuple[Recorder, RESTClient]
) -> None:
    recorded, rest = recorder
    entry: Operation = OPERATIONS[op_id]
    args, kwargs, path, body = call_arguments(op_id)
    await getattr(rest, entry.name)(*args, **kwargs)
    (sent,) = recorded.requests
    assert (sent["method"], sent["path"]) == (entry.method, path)
    if op_id in NONCE_BODIES:  # a message create carries a nonce Discord deduplicates by
        nonce = sent["json"].pop("nonce")
        assert isinstance(nonce, str) and 1 <= len(nonce) <= 25
        assert sent["json"].pop("enforce_nonce") is True
        body = body or {}
    assert sent["json"] == body
    assert recorded.mismatches == []


def test_the_form_bodies_are_the_three_the_spec_has() -> None:
    assert FORM_BODIES == [
        "create_guild_sticker",
        "update_invite_target_users",
        "upload_application_attachment",
    ]


async def test_create_guild_sticker_sends_named_form_fields(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    recorded.answer = (201, {"id": "5", "name": "wave"})
    png = kagari.File(b"\x89PNG-bytes", "wave.png")
    answer = await rest.create_guild_sticker(10, "wave", "wave,hello", png, reason="new sticker")
    assert answer["id"] == "5"
    await rest.create_guild_sticker(10, "wave", "wave", png, description="A wave")
    first, second = recorded.requests
    assert (first["method"], first["path"]) == ("POST", "/guilds/10/stickers")
    assert first["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")
    assert first["parts"] == ["name", "tags", "file"]  # no description: a form has no null
    assert first["form"] == {"name": "wave", "tags": "wave,hello"}
    assert first["files"] == {"wave.png": b"\x89PNG-bytes"}
    assert first["content_types"] == {"wave.png": "image/png"}
    assert first["headers"]["X-Audit-Log-Reason"] == "new sticker"
    assert first["json"] is None
    assert second["parts"] == ["name", "tags", "description", "file"]
    assert second["form"]["description"] == "A wave"


async def test_upload_application_attachment_and_invite_target_users(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    recorded.answer = (200, {"attachment": {"id": "1"}})
    await rest.upload_application_attachment(7, kagari.File(b"GIF89a", "clip.gif"))
    recorded.answer = (204, None)
    users = kagari.File(b"user_id\n111\n222\n", "users.csv")
    await rest.update_invite_target_users("abc", users)
    upload, invite = recorded.requests
    assert (upload["method"], upload["path"]) == ("POST", "/applications/7/attachment")
    assert upload["parts"] == ["file"]
    assert upload["files"] == {"clip.gif": b"GIF89a"}
    assert (invite["method"], invite["path"]) == ("PUT", "/invites/abc/target-users")
    assert invite["parts"] == ["target_users_file"]
    assert invite["files"] == {"users.csv": b"user_id\n111\n222\n"}
    assert invite["content_types"] == {"users.csv": "text/csv"}


async def test_a_form_with_a_file_is_retried_with_the_same_bytes(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    rest.max_retries = 1
    rest.retry_backoff = 0.001
    recorded.answer = (503, {"message": "busy"})
    with pytest.raises(InternalServerError):
        await rest.create_guild_sticker(1, "ab", "ab", kagari.File(b"abc", "a.png"))
    first, second = recorded.requests
    assert first["files"] == second["files"] == {"a.png": b"abc"}
    assert first["form"] == second["form"] == {"name": "ab", "tags": "ab"}


async def test_a_form_without_files_stays_url_encoded(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    await rest.request("POST", "/oauth2/token", form={"grant_type": "client_credentials"})
    (sent,) = recorded.requests
    assert sent["headers"]["Content-Type"] == "application/x-www-form-urlencoded"


async def test_the_recorder_catches_a_body_off_the_spec(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    await rest.create_guild_role(1, {"name": 5})  # type: ignore[arg-type]
    assert len(recorded.mismatches) == 1
    assert "name" in recorded.mismatches[0]


# -- real flows ---------------------------------------------------------------------------------


async def test_create_message_with_an_embed_and_a_file(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    recorded.answer = (200, {"id": "99", "content": "report"})
    message = kagari.Message(
        "report",
        embeds=[kagari.Embed(title="Weekly", description="all good")],
        files=[kagari.File(b"a,b\n1,2\n", "report.csv", description="the numbers")],
    )
    extra = kagari.File(b"PNG", "chart.png")
    answer = await rest.create_message(1234, message, files=[extra])
    assert answer["id"] == "99"
    (sent,) = recorded.requests
    assert sent["path"] == "/channels/1234/messages"
    assert sent["parts"] == ["payload_json", "files[0]", "files[1]"]
    assert sent["files"] == {"report.csv": b"a,b\n1,2\n", "chart.png": b"PNG"}
    body = sent["json"]
    assert body["content"] == "report"
    assert body["embeds"][0]["title"] == "Weekly"
    assert body["allowed_mentions"] == {"parse": []}
    assert body["attachments"] == [
        {"id": "0", "filename": "report.csv", "description": "the numbers"},
        {"id": "1", "filename": "chart.png"},
    ]
    assert recorded.mismatches == []


@pytest.mark.parametrize(
    ("op_id", "builder"),
    [
        ("create_message", kagari.Message),
        ("update_message", kagari.Update),
        ("update_message", kagari.Message),
        ("execute_webhook", kagari.Message),
        ("update_webhook_message", kagari.Update),
    ],
)
async def test_message_methods_take_builders_with_embeds_and_files(
    op_id: str, builder: type[kagari.Message | kagari.Update], recorder: tuple[Recorder, RESTClient]
) -> None:
    recorded, rest = recorder
    args, _, path, _ = call_arguments(op_id)
    body = builder(
        "text",
        embeds=[kagari.Embed(title="t", description="d")],
        files=[kagari.File(b"x", "x.txt")],
    )
    await getattr(rest, OPERATIONS[op_id].name)(*args[:-1], body)
    (sent,) = recorded.requests
    assert sent["path"] == path
    assert sent["parts"] == ["payload_json", "files[0]"]
    assert sent["json"]["attachments"] == [{"id": "0", "filename": "x.txt"}]
    assert recorded.mismatches == []


async def test_edit_message_takes_an_update_builder(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    await rest.edit_message(1, 2, kagari.Update(content="", components=[]))
    (sent,) = recorded.requests
    assert (sent["method"], sent["path"]) == ("PATCH", "/channels/1/messages/2")
    assert sent["json"] == {"content": "", "components": []}
    assert recorded.mismatches == []


async def test_execute_webhook_waits_and_targets_a_thread(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    await rest.execute_webhook(5, "tok", kagari.Message("hello"), wait=True, thread_id=77)
    (sent,) = recorded.requests
    assert sent["path"] == "/webhooks/5/tok"
    assert sent["query"] == {"wait": "true", "thread_id": "77"}
    assert "Authorization" not in sent["headers"]  # a webhook token authorizes itself
    assert recorded.mismatches == []


async def test_ban_with_a_reason_for_the_audit_log(recorder: tuple[Recorder, RESTClient]) -> None:
    recorded, rest = recorder
    recorded.answer = (204, None)
    await rest.ban_member(10, 20, {"delete_message_seconds": 3600}, reason="spam: links")
    await rest.ban_member(10, 21)
    first, second = recorded.requests
    assert (first["method"], first["path"]) == ("PUT", "/guilds/10/bans/20")
    assert first["json"] == {"delete_message_seconds": 3600}
    assert urllib.parse.unquote(first["headers"]["X-Audit-Log-Reason"]) == "spam: links"
    assert second["json"] == {}
    assert "X-Audit-Log-Reason" not in second["headers"]
    assert recorded.mismatches == []


async def test_add_member_role(recorder: tuple[Recorder, RESTClient]) -> None:
    recorded, rest = recorder
    recorded.answer = (204, None)
    await rest.add_member_role(10, 20, 30, reason="verified")
    (sent,) = recorded.requests
    assert (sent["method"], sent["path"]) == ("PUT", "/guilds/10/members/20/roles/30")
    assert sent["headers"]["X-Audit-Log-Reason"] == "verified"
    assert sent["json"] is None


async def test_list_query_values_go_comma_separated(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    recorded.answer = (200, {"pruned": 0})
    await rest.preview_prune_guild(10, days=7, include_roles=[1, 2])
    (sent,) = recorded.requests
    assert sent["query"] == {"days": "7", "include_roles": "1,2"}
    with pytest.raises(TypeError, match="list of values"):
        await rest.preview_prune_guild(10, include_roles="1,2")


async def test_errors_stay_typed_with_code_and_field_paths(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    recorded.answer = (
        403,
        {
            "code": 50013,
            "message": "Missing Permissions",
            "errors": {"roles": {"0": {"_errors": [{"code": "X", "message": "too high"}]}}},
        },
    )
    with pytest.raises(ForbiddenError) as caught:
        await rest.modify_guild_member(10, 20, {"roles": ["5"]})
    assert caught.value.code == 50013
    assert caught.value.errors == {"roles.0": ["too high"]}
    assert caught.value.route == "PATCH /guilds/{guild_id}/members/{user_id}"


async def test_a_message_body_of_the_wrong_type_is_refused(
    recorder: tuple[Recorder, RESTClient],
) -> None:
    recorded, rest = recorder
    wrong: Callable[..., Any] = rest.create_message
    with pytest.raises(TypeError, match=r"kagari\.Message, a kagari\.Update or a dict"):
        await wrong(1, "hello")
    assert recorded.requests == []
