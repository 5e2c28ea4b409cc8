"""`ccpipeline tour`: the course's walkthrough through every stage, printed as a lesson would.

sum.h / sum.c / main.c go through cpp, cc1, as, ld and the emulator for each target; at
each stage the tour prints what the GNU tool would show (cpp output, gcc -S, objdump -dr,
nm) and, for the link, the arithmetic of every relocation the linker applied to main.o.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from . import binutils, driver
from .diagnostics import ToolError
from .target import TARGETS, get_target

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed"


def _section(title: str) -> None:
    print(f"\n\033[1m$ {title}\033[0m" if sys.stdout.isatty() else f"\n$ {title}")


def describe_relocation(r) -> str:
    """One applied relocation as the lesson writes it: where, what, the formula with numbers."""
    terms = {"S": f"{r.S:#x}", "A": f"({r.A})", "P": f"{r.address:#x}", "G": f"{r.G:#x}"}
    numbers = "".join(terms.get(ch, f" {ch} ") for ch in r.formula)
    return (f"{os.path.basename(r.input)}:{r.section}+{r.offset:#x}  {r.type} {r.symbol}\n"
            f"    {r.formula} = {numbers} = {r.value:#x}\n"
            f"    {r.bytes_before.hex(' ')}  ->  {r.bytes_after.hex(' ')}")


def tour_target(seed: Path, target) -> int:
    print(f"\n================ {target.name} ({target.triple}) ================")
    # Build from inside the seed's directory, with the names a student types, so that
    # linemarkers and .file directives read "sum.c" as in the lesson.
    here = os.getcwd()
    os.chdir(seed)
    try:
        b = driver.build(["sum.c", "main.c"], driver.Options(target=target))
    finally:
        os.chdir(here)
    sum_u, main_u = b.unit("sum.c"), b.unit("main.c")
    _section("ccpipeline cpp sum.c")
    print(sum_u.preprocessed.text, end="")
    for e in sum_u.preprocessed.expansions:
        print(f"  [macro] {e.file}:{e.line}:{e.column}: {e.name} -> {e.result}")
    _section(f"ccpipeline cc --target={target.name} -S sum.c main.c && cat sum.s main.s")
    print(sum_u.compiled.asm + main_u.compiled.asm, end="")
    _section(f"ccpipeline objdump -dr main.o")
    print(binutils.objdump(main_u.object, "main.o", disassemble=True, reloc=True), end="")
    _section("ccpipeline nm sum.o main.o")
    print("\nsum.o:\n" + binutils.nm(sum_u.object, "sum.o") + "\nmain.o:\n"
          + binutils.nm(main_u.object, "main.o"), end="")
    _section("ccpipeline cc -o sum main.o sum.o   # relocations the linker applied to main.o")
    for r in b.link.relocations:
        if r.input.endswith("main.o") and not r.section.startswith((".debug", ".eh_frame")):
            print(describe_relocation(r))
    _section("ccpipeline objdump -d sum   # main, patched")
    exe_dis = binutils.objdump(b.executable, "sum", disassemble=True)
    start = exe_dis.find("<main>:")
    print(exe_dis[start - 17:exe_dis.find("\n\n", start)] if start >= 0 else exe_dis)
    _section("ccpipeline run sum; echo $?")
    res = b.run(["./sum"])
    print(res.status)
    return 0 if res.status == 8 else 1


def tour(args: list[str]) -> int:
    seed, names = SEED, ["x86_64", "aarch64"]
    for a in args:
        if a.startswith("--dir="):
            seed = Path(a.split("=", 1)[1])
        elif a.startswith("--target="):
            v = a.split("=", 1)[1]
            names = list(TARGETS) if v == "both" else [get_target(v).name]
        else:
            print(f"tour: unrecognized option '{a}'\nusage: ccpipeline tour [--target=x86_64|aarch64|both] "
                  f"[--dir=SEED_DIR]", file=sys.stderr)
            return 2
    if not (seed / "sum.c").exists():
        print(f"tour: {seed}/sum.c: No such file or directory (pass --dir=DIR with the seed's files)",
              file=sys.stderr)
        return 1
    status = 0
    try:
        for n in names:
            status |= tour_target(seed, get_target(n))
    except ToolError as e:
        print(e.render(), file=sys.stderr)
        return 1
    return status
