"""The ``generate`` subcommand: a synthetic kgost graph of any size, for tests and benchmarks."""

from __future__ import annotations

import argparse

from kgost.cli._main import file_path, progress

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``generate`` subcommand to the ``kgost`` parser."""
    p = subparsers.add_parser(
        "generate",
        help="write a synthetic graph in kgost's ontology (sentence provenance, K injected violations)",
        description="Write a deterministic synthetic kgost graph of N songs (about 40 quads a song), each fact in"
        " the named graph of its sentence, conforming to the shapes except for exactly K injected violations"
        " (listed in the file's header comments). Written line by line: any size in constant memory.",
    )
    p.set_defaults(handler=_generate)
    p.add_argument("--songs", metavar="N", type=_count, required=True, help="how many songs (1 or more)")
    p.add_argument("--seed", metavar="S", type=int, default=0, help="seed of the random choices (default 0); same seed, same bytes")
    p.add_argument("--violations", metavar="K", type=_count0, default=0, help="how many violations to inject (default 0)")
    p.add_argument("--format", choices=("trig", "nquads"), help="default: from the -o extension (.trig, .nq)")
    p.add_argument("-o", "--output", metavar="FILE", type=file_path, required=True, help="the file to write (atomically)")
    p.add_argument("--force", action="store_true", help="replace FILE even if it is write-protected")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")


def _generate(args: argparse.Namespace) -> int:
    from kgost.entries._generate import generate

    with progress(args).step(f"generating {args.output.name}", total=args.songs, unit="songs") as step:
        done = [0]

        def on_song(n: int) -> None:
            step.update(n - done[0])
            done[0] = n

        result = generate(
            args.output, songs=args.songs, seed=args.seed, violations=args.violations, format=args.format,
            force=args.force, on_song=on_song,
        )
    print(result)
    return 0


def _count(text: str) -> int:
    value = _count0(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value


def _count0(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 0 or more")
    return value
