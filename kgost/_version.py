"""kgost's version, in one place: hatchling reads it for the package, ``kgost --version`` prints it."""

__version__ = "0.1.0"
