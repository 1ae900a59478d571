"""`mpptool fix` output: what was fixed, what was held back and what remains, per file."""
