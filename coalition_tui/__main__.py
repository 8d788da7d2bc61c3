"""Allow ``python -m coalition_tui``."""

from coalition_tui.cli import main

if __name__ == "__main__":
    main()
