"""Run the kgost command line: ``python -m kgost``."""

import sys

from kgost.cli._main import main

sys.exit(main())
