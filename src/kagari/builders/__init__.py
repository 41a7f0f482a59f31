"""What a bot sends: response builders, messages, embeds, mentions, files, components.

Each builder knows how to become the JSON Discord expects (``to_dict``) and checks
Discord's documented limits (:mod:`kagari.builders.limits`) when it is built. This layer
imports only :mod:`kagari.models`; the server, the REST client and the decorator layer
all build on it. The public names are re-exported from :mod:`kagari`.
"""
