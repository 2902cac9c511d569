"""Quiet rdflib's and pyshacl's loggers for the length of a kgost call, and restore them after."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["quiet_rdflib", "quiet_pyshacl"]


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Drop rdflib's records about ill-typed literals and malformed IRIs while the block runs.

    rdflib logs a full traceback for every ill-typed literal (``"2021-13-45"^^xsd:date``) and a
    line for every malformed IRI; kgost reports both itself (validation names the value; loading
    refuses the IRI). The filter is on the ``rdflib.term`` logger only while some kgost call is
    inside this block (counted across threads), so the logger is as the user left it afterwards.
    """
    with _filtered("rdflib.term", _RDFLIB_NOISE):
        yield


@contextmanager
def quiet_pyshacl() -> Iterator[None]:
    """Drop the records of pyshacl's ``pyshacl-validate`` logger while the block runs: kgost
    raises pyshacl's errors as ``InputError`` instead of letting pyshacl also print them."""
    with _filtered("pyshacl-validate", _EVERYTHING):
        yield


class _RdflibNoise(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not (message.startswith("Failed to convert Literal lexical form") or "does not look like a valid URI" in message)


class _Everything(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


_RDFLIB_NOISE = _RdflibNoise()
_EVERYTHING = _Everything()
_LOCK = threading.Lock()
_USERS: dict[str, int] = {}  # logger name -> how many kgost calls are inside a block for it


@contextmanager
def _filtered(name: str, drop: logging.Filter) -> Iterator[None]:
    """Add ``drop`` to the logger ``name`` on entry of the first block and remove it on exit of
    the last one; blocks nest and run in several threads at once. (Python's logging has no
    per-thread filters: a thread outside any block is filtered while another is inside one, for
    these few noise records only.)"""
    logger = logging.getLogger(name)
    with _LOCK:
        if _USERS.get(name, 0) == 0:
            logger.addFilter(drop)
        _USERS[name] = _USERS.get(name, 0) + 1
    try:
        yield
    finally:
        with _LOCK:
            _USERS[name] -= 1
            if _USERS[name] == 0:
                logger.removeFilter(drop)
