"""What a bot author declares, compiled once at import time.

Decorators and their ``add_*`` methods (:mod:`~kagari.app.declare.scaffold`), slash
commands, groups and context menus, options and their convertors, custom_id patterns,
component and modal routes, checks, blueprints, and Discord's naming rules. Nothing here
runs per request; :mod:`kagari.app.runtime` reads what these modules built.
"""
