"""One module per command (`validate`, `audit`, `diff`, `report`, `rules`), each the same shape:
pure functions over the engine, the reading at one edge, and ``run_<command>(options) -> run``
returning the result and the exit status for the CLI.

May import: engine, rules, loaders, model, text, vocab, errors. Never a format or the CLI.
"""
