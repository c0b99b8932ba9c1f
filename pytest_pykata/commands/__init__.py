"""The ``pykata`` subcommands, one module per family; ``pytest_pykata.cli`` dispatches to them.

- ``common``: exit statuses, errors, output (rich or plain), finding the workspace and reading
  a kata's state from the progress store.
- ``start``: ``pykata start``.
- ``listing``: ``pykata list`` and ``pykata progress``.
- ``reset``: ``pykata reset``.
- ``reveal``: ``pykata hint`` and ``pykata solution``.
- ``pytest_pykata.watch``: ``pykata watch``.

Each module imports only what its command needs, so ``pykata list`` never loads watchfiles.
"""
