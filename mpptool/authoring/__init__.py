"""Reserved for authoring: starting a catalog file, fixing one, keeping it in a spreadsheet.

It sits beside the loader, not inside a command: a fix needs the rules' findings, so it may
import rules, loaders, model, text, vocab, errors, and never the engine or above. Empty until
that work lands; tests/project/test_layers.py holds it to its layer from the first module.
"""
