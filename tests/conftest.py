"""Fixtures shared by the whole suite: Discord's material beside the checkout."""

from __future__ import annotations

import pathlib

import pytest

from kagari.testing.openapi import OpenAPISpec

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAYLOADS = SHARED / "discord-payloads"
OPENAPI_PATH = SHARED / "discord-openapi" / "openapi.json"


@pytest.fixture(scope="session")
def openapi() -> OpenAPISpec:
    """Discord's OpenAPI spec, loaded once per run."""
    return OpenAPISpec(OPENAPI_PATH)


@pytest.fixture(scope="session")
def payloads_dir() -> pathlib.Path:
    """The folder of Discord's documented example payloads."""
    return PAYLOADS
