"""Our C library: sources that ship with the package, built by our own toolchain.

The headers in `include/` are what `#include <stdio.h>` finds. The sources in `src/`
(C) and `arch/<arch>/` (assembly) are compiled per target on first use into start files
(`crt*.s` -> `crt1.o`, linked first, like glibc's crt1.o) and `libc.a` (everything else).
The result is cached on disk, keyed by a hash of the library's sources and of the
toolchain code that builds them, so a change to either rebuilds it and nothing stale is
ever linked. Binaries are never committed.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, ToolError
from ..target import Target, get_target

LIBC_DIR = Path(__file__).resolve().parent
INCLUDE_DIR = LIBC_DIR / "include"
TOOLCHAIN_DIR = LIBC_DIR.parent
# The stages whose code decides the library's bytes: a change in any of them rebuilds it.
_BUILDERS = ("preprocessor", "compiler", "assembler", "elf", "target.py", "diagnostics.py")


@dataclass
class Libc:
    target: Target
    start_files: list[tuple[str, bytes]]   # crt1.o ...: linked before the user's objects
    archive: bytes                          # libc.a: linked after them
    directory: Path                         # where the cached files live


def _c_sources() -> list[Path]:
    return sorted((LIBC_DIR / "src").rglob("*.c"))


def _asm_sources(target: Target) -> list[Path]:
    return sorted((LIBC_DIR / "arch" / target.name).glob("*.s"))


def _fingerprint_files(target: Target) -> list[Path]:
    files = _c_sources() + _asm_sources(target) + sorted(INCLUDE_DIR.rglob("*.h"))
    files += sorted((LIBC_DIR / "src").rglob("*.h"))
    for name in _BUILDERS:
        p = TOOLCHAIN_DIR / name
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return files


_fingerprints: dict[str, str] = {}
_built: dict[str, Libc] = {}


def fingerprint(target: Target) -> str:
    """A hash of everything that decides the library's bytes for `target` (computed once
    per process: the package's files do not change under a running kernel)."""
    fp = _fingerprints.get(target.name)
    if fp is None:
        h = hashlib.sha256(target.name.encode())
        for f in _fingerprint_files(target):
            h.update(str(f.relative_to(TOOLCHAIN_DIR)).encode() + b"\0")
            h.update(f.read_bytes())
        fp = _fingerprints[target.name] = h.hexdigest()[:16]
    return fp


def cache_root() -> Path:
    if os.environ.get("CCPIPELINE_CACHE"):
        return Path(os.environ["CCPIPELINE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ccpipeline"


def _write_atomic(path: Path, data: bytes) -> None:
    # Two processes (pytest workers, two notebooks) may build at once: never expose a half file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def _compile_one(path: Path, target: Target) -> bytes:
    from .. import assembler, compiler, preprocessor
    text = path.read_text()
    rel = str(path.relative_to(LIBC_DIR))
    if path.suffix == ".s":
        return assembler.assemble(text, rel, target=target).object
    pre = preprocessor.preprocess(str(path), text, target=target,
                                  include_dirs=[str(LIBC_DIR / "src")])
    asm = compiler.compile_c(pre.text, str(path), target=target, debug=True,
                             comp_dir=str(LIBC_DIR)).asm
    return assembler.assemble(asm, rel, target=target).object


def build(target: Target | str | None = None, *, force: bool = False) -> Libc:
    """The C library for `target`, from the in-process cache, the disk cache, or built now."""
    from ..elf.archive import write_archive
    target = get_target(target)
    key = f"{target.name}-{fingerprint(target)}"
    if not force and key in _built:
        return _built[key]
    directory = cache_root() / key
    start_names = [p.stem + ".o" for p in _asm_sources(target) if p.name.startswith("crt")]
    archive_path = directory / "libc.a"
    if force or not archive_path.exists() or not all((directory / n).exists() for n in start_names):
        directory.mkdir(parents=True, exist_ok=True)
        members, starts = [], []
        try:
            for src in _asm_sources(target) + _c_sources():
                obj = _compile_one(src, target)
                name = src.stem + ".o"
                (starts if src.name.startswith("crt") else members).append((name, obj))
        except ToolError as e:
            note = Diagnostic(None, 0, 0, "note", f"while building the C library for {target.name}",
                              tool="ccpipeline")
            raise ToolError(e.diagnostics + [note]) from None
        for name, obj in starts:
            _write_atomic(directory / name, obj)
        _write_atomic(archive_path, write_archive(members))
    lib = Libc(target, [(str(directory / n), (directory / n).read_bytes()) for n in start_names],
               archive_path.read_bytes(), directory)
    _built[key] = lib
    return lib


def crt_objects(target) -> list[tuple[str, bytes]]:
    return build(target).start_files


def archive(target) -> tuple[str, bytes]:
    lib = build(target)
    return (str(lib.directory / "libc.a"), lib.archive)
