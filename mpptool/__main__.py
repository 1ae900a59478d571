"""Allow ``python -m mpptool``."""

from mpptool.cli import main

if __name__ == "__main__":
    main()
