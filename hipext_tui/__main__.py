"""Allow ``python -m hipext_tui``."""

import sys

from hipext_tui.cli import main

sys.exit(main())
