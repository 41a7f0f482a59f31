"""What kagari's REST client costs per request, compared with a bare aiohttp request.

Both sides talk to the same :class:`kagari.testing.FakeDiscord` on loopback, through one
reused ``aiohttp.ClientSession`` each, and decode the JSON answer. The client adds
routes, rate-limit bookkeeping, the global pacer (for authenticated routes), headers,
JSON encoding and error checks; the ratio shows how much that weighs.

Run: ``PYTHONPATH=src python bench/bench_rest.py [--requests 2000] [--rounds 5]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable

import aiohttp

from kagari.rest import USER_AGENT, RESTClient
from kagari.testing.fake_discord import FakeDiscord

Call = Callable[[int], Awaitable[object]]


async def timed(call: Call, requests: int, concurrency: int) -> float:
    """Seconds per request for ``requests`` calls, ``concurrency`` at a time."""
    queue = iter(range(requests))

    async def worker() -> None:
        for n in queue:
            await call(n)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return (time.perf_counter() - started) / requests


async def scenario(
    name: str, raw: Call, client: Call, requests: int, rounds: int, concurrency: int
) -> None:
    await timed(raw, 200, concurrency)  # warm both connection pools and code paths
    await timed(client, 200, concurrency)
    raw_times, client_times = [], []
    for _ in range(rounds):  # interleaved, so that drift hits both sides alike
        raw_times.append(await timed(raw, requests, concurrency))
        client_times.append(await timed(client, requests, concurrency))
    raw_us = statistics.median(raw_times) * 1e6
    client_us = statistics.median(client_times) * 1e6
    print(
        f"{name:<34} raw {raw_us:7.1f} us/req   kagari {client_us:7.1f} us/req   "
        f"ratio {client_us / raw_us:4.2f}x   overhead {client_us - raw_us:+6.1f} us"
    )


async def main(requests: int, rounds: int) -> None:
    # No spec checks: the numbers are the client's overhead, not jsonschema's.
    async with FakeDiscord(spec_path=None) as fake:
        app_id = fake.application_id
        headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json"}
        auth = {"Authorization": f"Bot {fake.token}"}
        followup_url = f"{fake.url}/webhooks/{app_id}/tok"
        application_url = f"{fake.url}/applications/@me"
        async with (
            aiohttp.ClientSession(headers=headers) as session,
            RESTClient(fake.token, "Bot", rest_url=fake.url, global_rate_limit=1e6) as rest,
        ):

            async def raw_followup(n: int) -> object:
                body = json.dumps({"content": f"message {n}"}, separators=(",", ":"))
                async with session.post(followup_url, data=body.encode()) as response:
                    if response.status >= 400:
                        raise RuntimeError(response.status)
                    return json.loads(await response.read())

            async def client_followup(n: int) -> object:
                return await rest.create_followup(app_id, "tok", {"content": f"message {n}"})

            async def raw_application(n: int) -> object:
                async with session.get(application_url, headers=auth) as response:
                    if response.status >= 400:
                        raise RuntimeError(response.status)
                    return json.loads(await response.read())

            async def client_application(n: int) -> object:
                return await rest.fetch_application()

            print(f"{requests} requests x {rounds} rounds, median per request")
            for concurrency in (1, 10):
                await scenario(
                    f"POST follow-up (concurrency {concurrency})",
                    raw_followup,
                    client_followup,
                    requests,
                    rounds,
                    concurrency,
                )
                await scenario(
                    f"GET /applications/@me (conc. {concurrency})",
                    raw_application,
                    client_application,
                    requests,
                    rounds,
                    concurrency,
                )
            fake.requests.clear()  # keep memory flat in long runs


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.requests, arguments.rounds))
