"""Whole programs through our whole pipeline (our headers, libc, linker and emulator)
against GCC with glibc: natively on x86-64, and `aarch64-linux-gnu-gcc -static` under
qemu-aarch64. Each file in tests/programs is a program a course might show; stdout and
the exit status must be the same.

Add a program by dropping a .c file there; a first line `// args: -lm` passes options to
both compilers."""
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import HAVE_AARCH64_GCC, HAVE_QEMU, NATIVE_X86_64, ccpipeline

PROGRAMS = Path(__file__).resolve().parent / "programs"

REFERENCE = {
    "x86_64": (["gcc"], [], NATIVE_X86_64 and shutil.which("gcc")),
    "aarch64": (["aarch64-linux-gnu-gcc", "-static"], ["qemu-aarch64"],
                HAVE_AARCH64_GCC and HAVE_QEMU),
}


def _options(src: Path):
    first = src.read_text().splitlines()[0]
    return first.split("args:", 1)[1].split() if first.startswith("// args:") else []


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
@pytest.mark.parametrize("name", sorted(p.name for p in PROGRAMS.glob("*.c")))
def test_program_matches_gcc_and_glibc(name, arch, tmp_path):
    cc, runner, available = REFERENCE[arch]
    if not available:
        pytest.skip(f"no {arch} reference toolchain")
    src = PROGRAMS / name
    opts = _options(src)
    subprocess.run(cc + ["-w", "-O0", str(src), "-o", str(tmp_path / "ref")] + opts,
                   check=True, capture_output=True)
    ref = subprocess.run(runner + [str(tmp_path / "ref")], capture_output=True, timeout=30)
    built = ccpipeline("cc", f"--target={arch}", "-w", src, "-o", tmp_path / "ours", *opts)
    assert built.returncode == 0, built.stderr
    ours = ccpipeline("run", tmp_path / "ours", cwd=tmp_path)
    assert (ours.returncode, ours.stdout) == (ref.returncode, ref.stdout.decode())
