"""A non-editable install (``pip install .``) into a fresh venv works from any directory."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_works_from_another_directory(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # this environment's pip installs into it (--python)
    python = env_dir / "bin" / "python"
    # Dependencies come from this test environment (a .pth line adds its site-packages without
    # processing its .pth files, so the editable kgost there stays invisible); kgost itself is
    # built and installed from the source tree as a regular wheel.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # Offline: the build backend (hatchling, in the test extra) comes from this environment too,
    # not from an isolated build environment pip would fill from PyPI.
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    check = subprocess.run(
        [str(python), "-c", "import kgost, pathlib; kg = kgost.load(); "
         "print(pathlib.Path(kgost.__file__).parent.parent.name, kg.stats().classes['kgost:Song'], kg.validate().conforms)"],
        cwd=elsewhere, capture_output=True, text=True, check=False, env=env,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.split() == ["site-packages", "10", "True"]
    cli = subprocess.run(
        [str(env_dir / "bin" / "kgost"), "validate"], cwd=elsewhere, capture_output=True, text=True, check=False, env=env
    )
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.startswith("Conforms: yes")
    # the web page's files (kgost/server/static, package data) are in the wheel, and the offline
    # network page, which inlines some of them, is written from the installed package
    listed = subprocess.run(
        [str(python), "-c", "import kgost, pathlib; s = pathlib.Path(kgost.__file__).parent / 'server' / 'static'; "
         "print('\\n'.join(sorted(p.relative_to(s).as_posix() for p in s.rglob('*') if p.is_file())))"],
        cwd=elsewhere, capture_output=True, text=True, check=True, env=env,
    ).stdout.split()
    for name in ("index.html", "network.js", "vendor/cytoscape/cytoscape.min.js", "vendor/cytoscape/LICENSE",
                 "vendor/yasqe/yasqe.min.js", "vendor/yasqe/LICENSE", "vendor/README.md"):
        assert name in listed
    page = subprocess.run([str(env_dir / "bin" / "kgost"), "network", "--around", "EXO", "--format", "html"],
                          cwd=elsewhere, capture_output=True, text=True, check=False, env=env)
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith("<!DOCTYPE html>") and "cytoscape" in page.stdout
