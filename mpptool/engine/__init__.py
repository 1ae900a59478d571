"""What the commands share: the per-file checker (:mod:`.checker`), the catalog run with its
workers and cache protocol (:mod:`.catalog`), the on-disk cache (:mod:`.cache`), configuration
and policy (:mod:`.config`, :mod:`.policy`, :mod:`.settings`), progress and atomic output
(:mod:`.progress`, :mod:`.output`).

May import: rules, loaders, model, text, vocab, errors. Never a command, a format or the CLI.
"""
