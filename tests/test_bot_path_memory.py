"""The duplicate-id cache keeps each Bot answer at its own size: the encoder's output can
sit in a 4 KiB buffer (orjson's), and keeping that buffer per remembered id is what
made memory grow under load."""

from __future__ import annotations

import asyncio
import gc
import json
import tracemalloc
from collections.abc import Callable

from kagari.app import Bot, Context
from kagari.server.devkeys import DevKeyPair
from kagari.server.replay import ENTRY_COST
from kagari.testing import command_payload

MakeBot = Callable[..., Bot]

_REQUESTS = 300


async def test_remembered_answers_cost_their_own_size(bot: Bot, keys: DevKeyPair) -> None:
    @bot.command
    async def ping(ctx: Context) -> str:
        return "pong"

    requests = []
    for _ in range(_REQUESTS + 20):
        body = json.dumps(command_payload("ping")).encode()
        headers = keys.sign(body)
        signature = headers["X-Signature-Ed25519"].encode()
        timestamp = headers["X-Signature-Timestamp"].encode()
        requests.append((body, signature, timestamp))
    for request in requests[:20]:  # warm up: caches, lazily built tables
        await bot.on_interaction(*request)
        await asyncio.sleep(0)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        sizes = []
        for request in requests[20:]:
            response = await bot.on_interaction(*request)
            assert response.status == 200
            sizes.append(len(response.body or b""))
            del response
            await asyncio.sleep(0)  # a loop turn, as between requests of a served bot
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    per_request = kept / _REQUESTS
    # An id's bookkeeping plus the body's bytes; a 4 KiB buffer per answer is far above.
    assert per_request < ENTRY_COST + max(sizes) + 300, per_request
    await bot.rest.close()
