"""The seed's walkthrough, ours in-process against gcc's pipeline as processes.

Ours: driver.build(sum.c, main.c) + run in the emulator, per target, in this process (as a
notebook cell does; the libc is built once and cached, as it is after a kernel's first cell).
Reference: `gcc -c sum.c main.c && gcc main.o sum.o && ./a.out` as processes.
Prints medians and the ratio ours/gcc (below 1.0 means a cell answers faster than gcc).

    python benchmarks/bench_pipeline.py [--repeat N]
"""
import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolchain import driver  # noqa: E402
from toolchain.target import TARGETS  # noqa: E402


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp())
    for f in (ROOT / "examples" / "seed").iterdir():
        shutil.copy(f, work)
    files = [str(work / "sum.c"), str(work / "main.c")]

    def gcc_pipeline():
        subprocess.run("gcc -c sum.c main.c && gcc main.o sum.o && ./a.out", shell=True, cwd=work)

    t_gcc = median_time(gcc_pipeline, args.repeat)
    print(f"gcc -c sum.c main.c && gcc main.o sum.o && ./a.out   median {t_gcc * 1000:7.1f} ms")
    for target in TARGETS.values():
        def ours():
            b = driver.build(files, driver.Options(target=target))
            assert b.run().status == 8
        t = time.perf_counter()
        ours()   # first build: also builds (or loads) the cached libc
        first = time.perf_counter() - t
        t_ours = median_time(ours, args.repeat)
        print(f"ours, {target.name:8s} build+run in-process          median {t_ours * 1000:7.1f} ms"
              f"  (first {first * 1000:.0f} ms)  ratio ours/gcc = {t_ours / t_gcc:.2f}")


if __name__ == "__main__":
    main()
