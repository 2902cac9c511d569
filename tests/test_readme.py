"""The README's console examples are real: every ``$ command`` block is run and its output compared.

Each ```console block runs in a fresh temporary folder (``tests`` is linked there, so fixture
paths work), one command after the other, so a block may write a file and read it later. A
command ending in ``# exit N`` must exit with N, others with 0; an output line ``...`` stands for
any number of lines. A plain ``kgost ARGS`` command (or a ``&&`` chain of them) runs in this
process through ``kgost.cli._main.main`` with a fresh argv, as the installed script would run it, which
saves starting an interpreter per command; so does the ``kgost ARGS`` end of a pipe from or into
other programs (``echo ... | kgost ARGS``, ``kgost ARGS | head -3``), the rest of the pipe running in
``bash``; anything else that needs a shell (redirects, variables, loops) runs through ``bash`` with
the installed ``kgost`` script, and ``test_installed_kgost_command_matches_main`` proves the two
give the same output. To refresh the README after a deliberate change of output:
``.venv/bin/python tests/test_readme.py --update``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.S | re.M)
EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")


@dataclass
class Step:
    command: str
    expected: str
    exit_code: int


def blocks(text: str) -> list[tuple[re.Match[str], list[Step]]]:
    """The console blocks of ``text`` with their commands and expected output."""
    found = []
    for match in BLOCK.finditer(text):
        steps: list[Step] = []
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                code = EXIT.search(line)
                steps.append(Step(line[2:], "", int(code.group(1)) if code else 0))
            elif steps:
                steps[-1].expected += line + "\n"
        found.append((match, steps))
    return found


def run_block(steps: list[Step]) -> list[tuple[str, int]]:
    """Run a block's commands in a fresh folder; return (output, exit code) per command."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", COLUMNS="100")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        os.symlink(ROOT / "tests", Path(folder) / "tests")
        for step in steps:
            argvs = in_process_argvs(step.command)
            pipe = None if argvs is not None else kgost_in_pipe(step.command)
            if argvs is not None:
                results.append(run_in_process(argvs, cwd=folder, columns=env["COLUMNS"]))
            elif pipe is not None:
                results.append(run_pipe(*pipe, cwd=folder, env=env))
            else:
                results.append(run_in_shell(step.command, cwd=folder, env=env))
    return results


def in_process_argvs(command: str) -> list[list[str]] | None:
    """The argvs of a command made only of ``kgost ARGS`` parts joined by ``&&``, or ``None``
    when it needs a real shell (a pipe, a redirect, a variable, another program)."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)  # drops a trailing `# exit N`
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:  # unbalanced quotes: let bash say what is wrong
        return None
    if any(("$" in t or "`" in t or "*" in t or "~" in t) for t in tokens):
        return None
    argvs: list[list[str]] = [[]]
    for token in tokens:
        if token == "&&":
            argvs.append([])
        elif token and set(token) <= set("|&;<>()"):
            return None
        else:
            argvs[-1].append(token)
    if not all(argv and argv[0] == "kgost" for argv in argvs):
        return None
    return [argv[1:] for argv in argvs]


def kgost_in_pipe(command: str) -> tuple[str, list[str], str] | None:
    """A pipe of two parts, one of them a plain ``kgost ARGS`` (its argv) and the other no
    ``kgost`` at all: ``(before, argv, after)``, the other part's text in ``before`` (it feeds
    kgost's stdin) or in ``after`` (it reads kgost's stdout), the unused one empty; else ``None``."""
    parts = _split_pipe(command)
    if len(parts) < 2:
        return None
    for at in (0, len(parts) - 1):
        argvs = in_process_argvs(parts[at])
        others = "|".join(parts[:at] + parts[at + 1:])
        if argvs is not None and len(argvs) == 1 and in_process_argvs(others) is None and "kgost" not in others:
            return ("", argvs[0], others) if at == 0 else (others, argvs[0], "")
    return None


def _split_pipe(command: str) -> list[str]:
    """``command`` cut at each ``|`` outside quotes (not ``||``); shlex cannot say where its tokens were."""
    parts, start, quote, i = [], 0, "", 0
    while i < len(command):
        char = command[i]
        if quote:
            quote = "" if char == quote else quote
            i += 1 if char != "\\" or quote != '"' else 2
            continue
        if char in "'\"":
            quote = char
        elif char == "\\":
            i += 1
        elif char == "|":
            if command[i + 1:i + 2] == "|":
                return [command]
            parts.append(command[start:i])
            start = i + 1
        i += 1
    return parts + [command[start:]]


def run_pipe(before: str, argv: list[str], after: str, *, cwd: str, env: dict[str, str]) -> tuple[str, int]:
    """``before | kgost ARGV`` or ``kgost ARGV | after``: the other part in ``bash``, kgost in this
    process; the output and exit code a shell gives (the last part's code; stdout, then stderr)."""
    errors = ""
    stdin = None
    if before:
        fed = subprocess.run(["bash", "-c", before], cwd=cwd, env=env, capture_output=True, check=False)
        stdin, errors = fed.stdout, fed.stderr.decode("utf-8")
    out, err, code = _main_in_process([argv], cwd=cwd, columns=env["COLUMNS"], stdin=stdin)
    if not after:
        return out + errors + err, code
    done = subprocess.run(["bash", "-c", after], cwd=cwd, env=env, input=out.encode("utf-8"), capture_output=True, check=False)
    return done.stdout.decode("utf-8") + err + done.stderr.decode("utf-8"), done.returncode


def run_in_process(argvs: list[list[str]], *, cwd: str, columns: str) -> tuple[str, int]:
    """Run ``kgost`` argvs one after the other (stopping at a failure, as ``&&`` does) through
    ``main()`` in ``cwd``; return stdout then stderr, and the exit code, as a shell would see them."""
    out, err, code = _main_in_process(argvs, cwd=cwd, columns=columns)
    return out + err, code


def _main_in_process(argvs: list[list[str]], *, cwd: str, columns: str, stdin: bytes | None = None) -> tuple[str, str, int]:
    """What :func:`run_in_process` does, stdout and stderr apart, with ``stdin`` (bytes) to read."""
    from kgost.cli._main import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", newline="\n", write_through=True)
    before, saved_env, saved_stdin = os.getcwd(), os.environ.get("COLUMNS"), sys.stdin
    code = 0
    try:
        os.chdir(cwd)
        os.environ["COLUMNS"] = columns
        if stdin is not None:
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), _python_warnings():
            for argv in argvs:
                try:
                    code = main(list(argv))
                except SystemExit as exc:  # argparse: --help, --version, usage errors
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                    if isinstance(exc.code, str):
                        print(exc.code, file=sys.stderr)
                sys.stdout.flush()
                sys.stderr.flush()
                if code != 0:
                    break
    finally:
        os.chdir(before)
        sys.stdin = saved_stdin
        if saved_env is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved_env
    return _as_text(out.getvalue()), _as_text(err.getvalue()), code


def _as_text(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as text=True reads a pipe


@contextlib.contextmanager
def _python_warnings() -> Iterator[None]:
    """Warnings as a fresh ``kgost`` process shows them: Python's default filters, printed on
    stderr (pytest otherwise records them instead)."""
    with warnings.catch_warnings():
        warnings.resetwarnings()
        for action, category, module in _DEFAULT_FILTERS:
            warnings.filterwarnings(action, category=category, module=module)
        warnings.showwarning = lambda message, category, filename, lineno, file=None, line=None: sys.stderr.write(
            warnings.formatwarning(message, category, filename, lineno, line)
        )
        yield


#: Python's default warning filters (``python -W`` unset), in reverse order of priority.
_DEFAULT_FILTERS = [
    ("ignore", ResourceWarning, ""),
    ("ignore", ImportWarning, ""),
    ("ignore", PendingDeprecationWarning, ""),
    ("ignore", DeprecationWarning, ""),
    ("default", DeprecationWarning, "__main__"),
]


def run_in_shell(command: str, *, cwd: str, env: dict[str, str]) -> tuple[str, int]:
    """Run a command through ``bash`` (the installed ``kgost`` script first on the PATH)."""
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return done.stdout + done.stderr, done.returncode


def matches(output: str, expected: str) -> bool:
    """Compare line by line; an expected line ``...`` stands for any number of lines (as in doctest)."""
    if not expected:
        return output == ""
    pattern = "".join(r"(?:.*\n)*?" if line == "..." else re.escape(line) + r"\n" for line in expected.splitlines())
    return re.fullmatch(pattern, output + "\n") is not None


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


CASES = [steps for _, steps in blocks(README.read_text(encoding="utf-8")) if steps]


@pytest.mark.parametrize("steps", CASES, ids=[s[0].command[:60] for s in CASES])
def test_readme_console_block(steps: list[Step]) -> None:
    for step, (output, code) in zip(steps, run_block(steps)):
        assert code == step.exit_code, f"$ {step.command}\nexit {code}\n{output}"
        assert matches(_clean(output), _clean(step.expected)), f"$ {step.command}\n{output}"


def _first_in_process_steps() -> list[Step]:
    """The first command of each block, when it runs in-process: one that succeeds, one that fails;
    and the first piped into kgost and the first piped from it (which run in a block's first
    folder: they read no file)."""
    firsts = [steps[0] for steps in CASES if in_process_argvs(steps[0].command) is not None]
    chosen = [next(s for s in firsts if s.exit_code == 0), next(s for s in firsts if s.exit_code != 0)]
    pipes = [(step, kgost_in_pipe(step.command)) for steps in CASES for step in steps]
    chosen += [next(s for s, pipe in pipes if pipe and pipe[0]), next(s for s, pipe in pipes if pipe and pipe[2])]
    return chosen


@pytest.mark.parametrize("step", _first_in_process_steps(), ids=lambda s: s.command[:60])
def test_installed_kgost_command_matches_main(step: Step) -> None:
    # The in-process runner stands for the installed script: both give the same output and code.
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", COLUMNS="100")
    with tempfile.TemporaryDirectory() as folder:
        os.symlink(ROOT / "tests", Path(folder) / "tests")
        argvs, pipe = in_process_argvs(step.command), kgost_in_pipe(step.command)
        assert argvs is not None or pipe is not None
        shell = run_in_shell(step.command, cwd=folder, env=env)
        inside = run_in_process(argvs, cwd=folder, columns="100") if argvs else run_pipe(*pipe, cwd=folder, env=env)
    assert shell == inside
    assert shell[1] == step.exit_code, shell
    assert matches(_clean(shell[0]), _clean(step.expected)), shell[0]


def test_in_process_argvs_leaves_shell_syntax_to_bash() -> None:
    assert in_process_argvs('kgost connect Chanyeol "Song Joongki" --max 1  # exit 1') == [
        ["connect", "Chanyeol", "Song Joongki", "--max", "1"]
    ]
    assert in_process_argvs("kgost export -o a.trig && kgost load a.trig") == [["export", "-o", "a.trig"], ["load", "a.trig"]]
    for command in (
        "kgost queries | head -8",
        "kgost export > out.ttl",
        "echo 'x' | kgost sparql -",
        "kgost load $HOME/x.ttl",
        "kgost export -o a.trig; kgost load a.trig",
        "cat e04-1.ttl",
        "kgost export -o a.trig && cat a.trig",
    ):
        assert in_process_argvs(command) is None, command
    assert kgost_in_pipe("kgost queries | head -8  # exit 0") == ("", ["queries"], " head -8  # exit 0")
    assert kgost_in_pipe("echo 'a | b' | kgost sparql - --format nt") == ("echo 'a | b' ", ["sparql", "-", "--format", "nt"], "")
    assert kgost_in_pipe('printf "x\\"|" | kgost sparql -') == ('printf "x\\"|" ', ["sparql", "-"], "")
    for command in ("kgost export | kgost load -", "kgost queries || head", "cat a | grep b", "kgost export > a | head",
                    "echo x | kgost sparql - | head -1"):
        assert kgost_in_pipe(command) is None, command


def test_quick_start_shows_what_make_run_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from kgost.cli._main import main

    text = README.read_text(encoding="utf-8")
    shown = text.split("`make run` prints (this is real output):", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert main(["overview"]) == 0  # what `make run` runs
    assert capsys.readouterr().out == shown


def update() -> None:
    """Rewrite the README's console outputs with what the commands print now."""
    text = README.read_text(encoding="utf-8")
    pieces, last = [], 0
    for match, steps in blocks(text):
        pieces.append(text[last : match.start(1)])
        for step, (output, _) in zip(steps, run_block(steps)):
            pieces.append(f"$ {step.command}\n")
            if output.strip():
                pieces.append(_clean(output) + "\n")
        last = match.end(1)
    pieces.append(text[last:])
    README.write_text("".join(pieces), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_readme.py --update")
    update()
