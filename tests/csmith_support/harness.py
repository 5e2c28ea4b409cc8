"""Differential testing with csmith: one random program, built by GCC and by us, same checksum?

Used by tests/test_csmith.py (a few fixed seeds) and benchmarks/bench_csmith.py (a sweep).
csmith's runtime headers (csmith.h and friends) are not in Debian's `csmith` package, so an
adapted copy lives in include/ beside this file (see the note at the top of each changed
file); its <stdint.h>, <stdio.h>, <string.h>, <limits.h> come from our libc when we build and
from glibc when GCC builds, so the same program text goes through both.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
INCLUDE = os.path.join(HERE, "include")

HAVE_CSMITH = shutil.which("csmith") is not None
HAVE_GCC = shutil.which("gcc") is not None
HAVE_AARCH64 = shutil.which("aarch64-linux-gnu-gcc") is not None and shutil.which("qemu-aarch64") is not None

# What our compiler handles today: integers, pointers, arrays, structs, unions.
# Each flag narrows csmith's language; the sweep notes which ones can be dropped.
CSMITH_FLAGS = [
    "--no-float",            # floating point: being added to the compiler now
    "--no-bitfields",
    "--no-packed-struct",    # #pragma pack / __attribute__((packed))
    "--max-funcs", "3",
    "--max-block-depth", "3",
    "--max-expr-complexity", "5",
    "--max-array-dim", "2",
    "--max-array-len-per-dim", "5",
    "--max-struct-fields", "5",
    "--max-union-fields", "4",
]
DEFINES = ["CSMITH_NO_FLOAT"]

# Wider languages, one feature at a time: name -> (flags to drop from CSMITH_FLAGS, flags to add).
PROFILES = {
    "small": ((), ()),
    "packed": (("--no-packed-struct",), ()),
    "bitfields": (("--no-bitfields",), ()),
    "float": (("--no-float",), ("--float",)),
}


def profile_flags(name: str) -> tuple[list, list]:
    """(csmith flags, -D defines) for a profile."""
    drop, add = PROFILES[name]
    flags = [f for f in CSMITH_FLAGS if f not in drop] + list(add)
    defines = [] if "--float" in flags else list(DEFINES)
    return flags, defines

NATIVE_LIMIT = 2.0      # a seed whose GCC binary runs longer than this (natively) is skipped
QEMU_LIMIT = 20.0
OUR_LIMIT = 60.0
INCLUDE_EXTRA: list = []   # more -I dirs for our build only (probes)


@dataclass
class Outcome:
    seed: int
    target: str
    verdict: str            # "pass", "fail" (checksums differ), "cc-error", "crash", "timeout", "skip"
    expected: str = ""
    got: str = ""
    detail: str = ""
    seconds: float = 0.0


def generate(seed: int, flags=None) -> str:
    """The program csmith makes for `seed` (deterministic for a given csmith and flags)."""
    flags = CSMITH_FLAGS if flags is None else flags
    r = subprocess.run(["csmith", "--seed", str(seed), *flags], capture_output=True, text=True,
                       timeout=60, check=True)
    return r.stdout


def gcc_reference(src_path: str, target: str, workdir: str, defines=None):
    """(stdout text, status) of GCC's build, or None if it runs longer than NATIVE_LIMIT."""
    d = ["-D" + x for x in (DEFINES if defines is None else defines)]
    native = os.path.join(workdir, "ref_x86_64")
    subprocess.run(["gcc", "-w", "-O0", *d, "-I", INCLUDE, src_path, "-o", native],
                   check=True, capture_output=True, timeout=120)
    try:
        r = subprocess.run([native], capture_output=True, timeout=NATIVE_LIMIT)
    except subprocess.TimeoutExpired:
        return None
    if target == "x86_64":
        return r.stdout.decode(errors="replace"), r.returncode
    exe = os.path.join(workdir, "ref_aarch64")
    subprocess.run(["aarch64-linux-gnu-gcc", "-static", "-w", "-O0", *d, "-I", INCLUDE, src_path,
                    "-o", exe], check=True, capture_output=True, timeout=120)
    try:
        r = subprocess.run(["qemu-aarch64", exe], capture_output=True, timeout=QEMU_LIMIT)
    except subprocess.TimeoutExpired:
        return None
    return r.stdout.decode(errors="replace"), r.returncode


def ours(src_path: str, target: str, timeout: float = OUR_LIMIT, opt_level: int = 0,
         defines=None):
    """Build with our toolchain and run in our emulator -> (verdict, stdout, status, detail)."""
    from toolchain import driver
    from toolchain.diagnostics import ToolError
    from toolchain.target import get_target
    opts = driver.Options(target=get_target(target), include_dirs=[INCLUDE, *INCLUDE_EXTRA],
                          defines=list(DEFINES if defines is None else defines),
                          warnings=False, opt_level=opt_level)
    try:
        b = driver.build([src_path], opts)
    except ToolError as e:
        texts = [_diag_text(d) for d in e.diagnostics if "error" in (d.severity or "")] or [str(e)]
        return "cc-error", "", None, next((x for x in texts if "error" in x), texts[0])
    except Exception as e:   # a traceback is a bug too: report it, don't die
        return "cc-error", "", None, f"{type(e).__name__}: {e}"
    r = b.run(timeout=timeout)
    out = r.stdout.decode(errors="replace")
    if r.limit:
        return "timeout", out, r.status, f"limit: {r.limit}" + _native_note(b.executable, target)
    if r.signal:
        return "crash", out, r.status, f"{r.signal} {r.message}"
    return "ran", out, r.status, ""


def _native_note(exe: bytes, target: str) -> str:
    """Our x86-64 executable also runs on an x86-64 host: tells a slow emulator from a bad program."""
    if target != "x86_64" or os.uname().machine != "x86_64" or not exe:
        return ""
    with tempfile.TemporaryDirectory(prefix="csmith") as tmp:
        path = os.path.join(tmp, "ours")
        with open(path, "wb") as f:
            f.write(exe)
        os.chmod(path, 0o755)
        try:
            r = subprocess.run([path], capture_output=True, timeout=NATIVE_LIMIT * 5)
        except subprocess.TimeoutExpired:
            return "; natively too: still running"
        return f"; run natively it prints {r.stdout.decode(errors='replace').strip()!r}"


def _diag_text(d) -> str:
    f = getattr(d, "render", None)
    if callable(f):
        try:
            lines = f().splitlines()
            return next((ln for ln in lines if "error" in ln), lines[0] if lines else "")
        except Exception:
            pass
    if hasattr(d, "message"):
        return f"{getattr(d, 'file', '')}:{getattr(d, 'line', '')}: {d.message}"
    return str(d).splitlines()[0] if str(d) else type(d).__name__


def check(seed: int, target: str, flags=None, keep: str | None = None, opt_level: int = 0,
          defines=None) -> Outcome:
    """Generate, build both ways, compare. `keep`: directory to leave the program in."""
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="csmith") as tmp:
        src = os.path.join(keep or tmp, f"csmith_{seed}.c")
        with open(src, "w") as f:
            f.write(generate(seed, flags))
        ref = gcc_reference(src, target, tmp, defines)
        if ref is None:
            return Outcome(seed, target, "skip", detail="GCC's binary runs too long",
                           seconds=time.time() - t0)
        exp_out, exp_status = ref
        verdict, got_out, got_status, detail = ours(src, target, opt_level=opt_level, defines=defines)
        if verdict == "ran":
            verdict = "pass" if (got_out, got_status) == (exp_out, exp_status) else "fail"
        return Outcome(seed, target, verdict, exp_out.strip(), got_out.strip(), detail,
                       time.time() - t0)
