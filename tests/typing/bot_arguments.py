"""Bot spells out RESTBot's arguments: mypy checks each one's type and name."""

from __future__ import annotations

import concurrent.futures

from kagari import HTTPSettings
from kagari.app import Bot

fine = Bot(logs=None, rest_url="http://x")
also_fine = Bot(
    "token",
    public_key="00" * 32,
    allow_color=False,
    banner=None,
    executor=concurrent.futures.ThreadPoolExecutor(1),
    force_color=True,
    http_settings=HTTPSettings(),
    logs={"version": 1},
    max_rate_limit=float("inf"),
    max_retries=None,
    proxy_settings=None,
    endpoint_path="/interactions",
    max_body_size=1024,
    replay_window=None,
    dedupe=False,
)
wrong_url = Bot(rest_url=1)  # E: rest_url is a str
wrong_retries = Bot(max_retries="3")  # E: max_retries is an int
misspelt = Bot(rest_ur="http://x")  # E: no such argument
