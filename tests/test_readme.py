"""The README's console examples are real: every ``$ command`` block is run and its output compared.

Each ```console block runs in a fresh temporary folder (``tests`` is linked there, so fixture
paths work), one command after the other, so a block may write a file and read it later. A
command ending in ``# exit N`` must exit with N, others with 0; an output line ``...`` stands for
any number of lines. To refresh the README after a
deliberate change of output: ``.venv/bin/python tests/test_readme.py --update``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
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
            done = subprocess.run(
                ["bash", "-c", step.command], cwd=folder, env=env, capture_output=True, text=True, check=False
            )
            results.append((done.stdout + done.stderr, done.returncode))
    return results


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


def test_quick_start_shows_what_make_run_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from kgost._cli import main

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
