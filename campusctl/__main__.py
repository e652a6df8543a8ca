"""Allow ``python -m campusctl``."""

from campusctl.cli import main

main()
