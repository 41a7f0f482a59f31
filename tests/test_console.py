"""Banner, colour rules and logging set-up."""

from __future__ import annotations

import contextlib
import io
import logging
import logging.config
from collections.abc import Iterator

import pytest

from kagari import console
from kagari.restbot import RESTBot


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLICOLOR", raising=False)
    monkeypatch.delenv("CLICOLOR_FORCE", raising=False)


@pytest.mark.usefixtures("clean_env")
def test_banner_substitutes_defaults_and_extras() -> None:
    out = io.StringIO()
    console.print_banner("kagari", True, False, {"bot_name": "demo"}, stream=out)
    text = out.getvalue()
    assert "kagari 0.1.0" in text
    assert "${" not in text and "$kagari_version" not in text
    assert "\033[" not in text  # not a terminal: no colour


@pytest.mark.usefixtures("clean_env")
def test_banner_extra_args_reach_the_template(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "mybanner"  # type: ignore[operator]
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "banner.txt").write_text("hello $who from kagari $kagari_version\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    out = io.StringIO()
    console.print_banner("mybanner", False, False, {"who": "tests"}, stream=out)
    assert out.getvalue() == "hello tests from kagari 0.1.0\n"


def test_banner_refuses_to_override_a_default() -> None:
    with pytest.raises(ValueError, match="kagari_version"):
        console.print_banner("kagari", True, False, {"kagari_version": "9"}, stream=io.StringIO())
    with pytest.raises(ValueError, match="red"):
        RESTBot.print_banner("kagari", True, False, {"red": "x"})


def test_banner_none_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    RESTBot.print_banner(None, True, True)
    assert capsys.readouterr().out == ""


@pytest.mark.usefixtures("clean_env")
def test_colour_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    tty, pipe = FakeTTY(), io.StringIO()
    assert console.supports_color(True, False, tty)
    assert not console.supports_color(True, False, pipe)
    assert not console.supports_color(False, False, tty)
    assert console.supports_color(False, True, pipe)  # force_color wins over allow_color
    monkeypatch.setenv("CLICOLOR", "0")
    assert not console.supports_color(True, False, tty)
    monkeypatch.setenv("CLICOLOR", "1")
    assert console.supports_color(False, False, tty)
    assert not console.supports_color(False, False, pipe)
    monkeypatch.setenv("CLICOLOR_FORCE", "1")
    assert console.supports_color(False, False, pipe)
    monkeypatch.setenv("CLICOLOR_FORCE", "0")
    assert not console.supports_color(False, False, pipe)


@pytest.mark.usefixtures("clean_env")
def test_coloured_banner_on_forced_colour() -> None:
    out = io.StringIO()
    console.print_banner("kagari", False, True, stream=out)
    assert "\033[31m" in out.getvalue()


@contextlib.contextmanager
def bare_root(level: int = logging.WARNING) -> Iterator[logging.Logger]:
    """The root logger with no handlers at all (pytest's capture handlers put back after)."""
    root = logging.getLogger()
    handlers, old_level = root.handlers[:], root.level
    root.handlers = []
    root.setLevel(level)
    try:
        yield root
    finally:
        root.handlers = handlers
        root.setLevel(old_level)


def test_logs_none_leaves_logging_alone() -> None:
    with bare_root(logging.ERROR) as root:
        RESTBot(None, logs=None)
        assert root.handlers == []
        assert root.level == logging.ERROR


def test_logs_level_configures_root() -> None:
    with bare_root() as root:
        RESTBot(None, logs="DEBUG")
        assert len(root.handlers) == 1
        assert root.level == logging.DEBUG
        RESTBot(None, logs="TRACE_KAGARI")  # a second bot adds no second handler
        assert len(root.handlers) == 1
        assert root.level == console.TRACE == 5
    assert logging.getLevelName(5) == "TRACE_KAGARI"


def test_logs_dict_goes_to_dictconfig() -> None:
    with bare_root() as root:
        RESTBot(
            None,
            logs={
                "version": 1,
                "incremental": False,
                "disable_existing_loggers": False,
                "loggers": {"kagari.test": {"level": "WARNING"}},
            },
        )
        assert logging.getLogger("kagari.test").level == logging.WARNING
        assert root.handlers == []


def test_unknown_level_is_an_error() -> None:
    with bare_root(), pytest.raises(ValueError, match="VERBOSE"):
        RESTBot(None, logs="VERBOSE")


async def test_update_check_is_silent_without_network(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def offline(timeout: float) -> str:
        raise OSError("network is unreachable")

    monkeypatch.setattr(console, "_latest_version", offline)
    with caplog.at_level(logging.INFO, "kagari"):
        await console.check_for_updates(timeout=0.5)
    assert caplog.records == []


async def test_update_check_reports_a_newer_version(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(console, "_latest_version", lambda timeout: "99.0.0")
    with caplog.at_level(logging.INFO, "kagari"):
        await console.check_for_updates(timeout=0.5)
    assert "99.0.0" in caplog.text
    caplog.clear()
    monkeypatch.setattr(console, "_latest_version", lambda timeout: "0.0.1")
    with caplog.at_level(logging.INFO, "kagari"):
        await console.check_for_updates(timeout=0.5)
    assert caplog.records == []
