"""How fast each compiler turns C into an object file: ours (in-process, through the
driver: preprocess, compile, assemble, as `ccpipeline cc -c` does), `gcc -O0 -c` and
`tcc -c` (as processes), in source lines per second, with the ratios.

The programs: a few large csmith programs (fixed seeds, csmith's defaults for our
supported language with more functions), a generated program of a few thousand lines
(fixed seed), and our libc's sources, each compiled on its own (headers: ours, for all
three compilers, so every compiler reads the same text). Lines are the lines of the .c
files, as `wc -l` counts them; each time is the median of --repeat runs. gcc and tcc run
with -w, ours without -Wall unless --wall (its warning checks then run too).

    python benchmarks/bench_compile.py [--repeat 3] [--seeds 11,33,3] [--wall]
"""
import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from toolchain import driver  # noqa: E402
from toolchain.diagnostics import ToolError  # noqa: E402

LIBC = ROOT / "toolchain" / "libc"


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def csmith_programs(seeds, work):
    """Big csmith programs in the language our compiler takes (see tests/csmith_support)."""
    if not shutil.which("csmith"):
        print("csmith: not installed (no csmith programs)")
        return []
    from csmith_support import harness
    flags, defines = harness.profile_flags("small")
    wide = []
    skip = False
    for f in flags:             # more and bigger functions than the differential tests use
        if skip:
            skip = False
            continue
        if f in ("--max-funcs", "--max-block-depth", "--max-expr-complexity"):
            skip = True
            continue
        wide.append(f)
    wide += ["--max-funcs", "16", "--max-block-depth", "4", "--max-expr-complexity", "6"]
    out = []
    for s in seeds:
        path = work / f"csmith_{s}.c"
        path.write_text(harness.generate(s, wide))
        out.append((f"csmith seed {s}", [path], [harness.INCLUDE],
                    [f"-D{d}" for d in defines], False))
    return out


def generated_program(work, n_funcs=120, seed=2024):
    """A plain program of a few thousand lines: functions over arrays, structs, loops,
    switches and calls (what course programs are made of, at volume)."""
    rnd = random.Random(seed)
    lines = ["int printf(const char *, ...);", "struct point { int x, y; long w; };", ""]
    for i in range(n_funcs):
        a, b = rnd.randint(2, 9), rnd.randint(10, 99)
        lines += [
            f"static long work_{i}(int *v, int n, struct point *p) {{",
            "    long acc = 0;",
            "    int i, j;",
            "    for (i = 0; i < n; i++) {",
            f"        acc += v[i] * {a} + (v[i] >> 1);",
            f"        if (acc > {b * 1000}) acc -= {b};",
            "        for (j = 0; j < 3; j++)",
            "            acc ^= (acc << j) & 0xff;",
            "    }",
            f"    switch (n % {a}) {{",
            "    case 0: acc += p->x; break;",
            "    case 1: acc -= p->y; break;",
            "    default: acc += p->w;",
            "    }",
            "    while (acc > 1000000) acc /= 3;",
            f"    p->w = acc + {i};",
            f"    return acc {'+' if i % 2 else '-'} work_{i - 1}(v, n - 1, p);" if i else
            "    return acc;",
            "}",
            "",
        ]
    lines += ["int main(void) {",
              "    int v[64];",
              "    struct point p = {1, 2, 3};",
              "    int i;",
              "    for (i = 0; i < 64; i++) v[i] = i * 7 % 13;",
              f"    printf(\"%ld\\n\", work_{n_funcs - 1}(v, 64, &p));",
              "    return 0;",
              "}"]
    path = work / "generated.c"
    path.write_text("\n".join(lines) + "\n")
    return [("generated program", [path], [], [], False)]


def libc_sources():
    files = sorted((LIBC / "src").rglob("*.c"))
    return [("our libc's sources", files, [LIBC / "src" / "internal"], [], True)]


def count_lines(files):
    return sum(p.read_text(errors="replace").count("\n") for p in files)


def ours_compile(files, includes, defines, libc, wall):
    opts = driver.Options(stop="c")
    opts.include_dirs = [str(d) for d in includes]
    opts.defines = [d[2:] for d in defines]
    opts.wall = wall
    for f in files:
        driver.build([str(f)], opts)


def tool_compile(cmd, files, includes, defines, libc, work):
    args = list(cmd)
    if libc:
        args += ["-nostdinc", "-I", str(LIBC / "include")]
    for d in includes:
        args += ["-I", str(d)]
    args += defines
    for f in files:
        r = subprocess.run(args + ["-c", str(f), "-o", str(work / "out.o")],
                           capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else
                               "failed")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seeds", default="11,33,3")
    ap.add_argument("--wall", action="store_true", help="ours with -Wall (the warning checks)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp())
    programs = csmith_programs([int(s) for s in args.seeds.split(",") if s], work)
    programs += generated_program(work) + libc_sources()
    tcc = shutil.which("tcc")
    if not tcc:
        print("tcc: not installed")
    compilers = [("ours" + (" -Wall" if args.wall else ""), None),
                 ("gcc -O0", ["gcc", "-O0", "-w"])]
    if tcc:
        compilers.append(("tcc", ["tcc", "-w"]))
    print(f"{'program':24s} {'lines':>6s}  " +
          "  ".join(f"{name:>16s}" for name, _ in compilers) + "   (lines per second)")
    results = []                # (lines, {compiler: seconds or None})
    for title, files, includes, defines, libc in programs:
        lines = count_lines(files)
        times, row = {}, []
        for name, cmd in compilers:
            if cmd is None:
                def run(): ours_compile(files, includes, defines, libc, args.wall)
            else:
                def run(): tool_compile(cmd, files, includes, defines, libc, work)
            try:
                run()           # once first: caches, and whether it compiles at all
                times[name] = t = median_time(run, args.repeat)
                row.append(f"{lines / t:16,.0f}")
            except (ToolError, RuntimeError) as e:
                times[name] = None
                first = str(e).strip().splitlines()[0] if str(e).strip() else "error"
                row.append(f"{'error':>16s}")
                print(f"  ({name} on {title}: {first[:100]})")
        results.append((lines, times))
        print(f"{title:24s} {lines:6d}  " + "  ".join(row), flush=True)
    # totals over the programs every compiler compiled, so the ratios compare alike
    both = [(n, t) for n, t in results if all(v is not None for v in t.values())]
    lines = sum(n for n, _ in both)
    print()
    speed = {}
    for name, _ in compilers:
        seconds = sum(t[name] for _, t in both)
        speed[name] = lines / seconds if seconds else 0.0
        print(f"{name:16s} {speed[name]:10,.0f} lines/s  ({lines} lines in {seconds:.2f} s)")
    ours = compilers[0][0]
    for name, _ in compilers[1:]:
        if speed[ours] and speed[name]:
            print(f"{name:16s} is {speed[name] / speed[ours]:6.1f}x as fast as {ours}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
