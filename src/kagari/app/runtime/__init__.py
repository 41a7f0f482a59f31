"""What happens per request: dispatch to the declared handler, its ``Context``, the
response state, and the 3-second deadline.

These modules read the tables :mod:`kagari.app.declare` built; they never change them.
"""
