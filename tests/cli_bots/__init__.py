"""Bot files the CLI tests point the ``kagari`` command at."""
