"""Reserved for queue-machine logs held against the catalog (evidence, not self-report).

Its place in the house: above the engine, below the commands. May import: engine, rules,
loaders, model, text, vocab, errors. Empty until that work lands; tests/project/test_layers.py holds it
to its layer from the first module.
"""
