"""The interactions endpoint: HTTP in, verified and decoded interactions to a listener, bytes out.

- :mod:`~kagari.server.pipeline`: the request path with no HTTP server attached
  (:class:`~kagari.server.pipeline.InteractionServer`): verify, decode, dispatch, encode.
- :mod:`~kagari.server.engine`: kagari's own HTTP/1.1 engine on aiohttp's parser.
- :mod:`~kagari.server.front`: :class:`~kagari.server.front.HTTPFront`, which serves a
  pipeline on hosts, unix sockets or given sockets, with either engine.
- :mod:`~kagari.server.verify`, :mod:`~kagari.server.devkeys`: Ed25519 checks, and key
  pairs that sign like Discord does.
- :mod:`~kagari.server.aiohttp_engine`: what the ``"aiohttp"`` engine adds to aiohttp's
  server (the request timeout, quiet refusals).
- :mod:`~kagari.server.replay`: the duplicate-id cache, bounded in bytes.
- :mod:`~kagari.server.tasks`: work that outlives a response, awaited on shutdown.
- :mod:`~kagari.server.shutdown`: the drain deadline, and a last word for cut-off users.
- :mod:`~kagari.server.fdlimit`: the open-file limit, and failed accepts logged once.
- :mod:`~kagari.server.logs`: rate-limited warnings for rejected requests, escaping.

This layer knows interactions and builders, never commands or the REST client.
"""
