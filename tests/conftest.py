"""Shared fixtures: the seed's files in a scratch directory, and the GNU reference tools."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed"

HAVE_GCC = shutil.which("gcc") is not None
HAVE_AARCH64_GCC = shutil.which("aarch64-linux-gnu-gcc") is not None
HAVE_QEMU = shutil.which("qemu-aarch64") is not None
NATIVE_X86_64 = os.uname().machine == "x86_64"

needs_gcc = pytest.mark.skipif(not HAVE_GCC, reason="gcc not installed")
needs_aarch64 = pytest.mark.skipif(not (HAVE_AARCH64_GCC and HAVE_QEMU),
                                   reason="aarch64-linux-gnu-gcc / qemu-aarch64 not installed")
needs_native_x86_64 = pytest.mark.skipif(not NATIVE_X86_64, reason="not an x86-64 host")


@pytest.fixture
def seed(tmp_path, monkeypatch):
    """A scratch copy of examples/seed, made the working directory (as a notebook's is)."""
    for f in SEED.iterdir():
        shutil.copy(f, tmp_path / f.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def ccpipeline(*args, cwd=None, input=None, timeout=120):
    """Run the CLI as a user would, in a fresh process."""
    return subprocess.run([sys.executable, "-m", "toolchain", *map(str, args)], cwd=cwd,
                          input=input, capture_output=True, text=True, timeout=timeout)
