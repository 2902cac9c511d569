"""Run the kgost command line: ``python -m kgost``."""

import sys

from kgost._cli import main

sys.exit(main())
