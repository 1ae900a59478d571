"""Reading: catalog files found and read (:mod:`.files`), strict YAML (:mod:`.strict_yaml`),
positions (:mod:`.locate`), the JSON Schema (:mod:`.schema`), reference data (:mod:`.reference`),
git revisions (:mod:`.git`), inline suppressions (:mod:`.comments`), the two sides of a diff
(:mod:`.versions`).

The findings a loader reports (Y, S, F) are rules registered in :mod:`mpptool.rules` like the
rest; a loader only says which code. May import: text, vocab, errors, model.
"""
