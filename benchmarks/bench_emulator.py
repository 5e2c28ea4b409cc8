"""How fast `toolchain.emulator.run()` is, against bare unicorn on the same ELF and against
native execution (x86-64) or qemu-aarch64.

The program is a loop-heavy static executable (a sieve plus an integer hash loop, no C
library). "Bare unicorn" maps the PT_LOAD segments, gives it a stack and handles only the
exit syscall: the least any emulator on unicorn must do. Prints the best of N runs.

    python benchmarks/bench_emulator.py [--repeat N] [--arch x86_64|aarch64]
"""
from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from elftools.elf.elffile import ELFFile
from unicorn import UC_HOOK_INSN, UC_HOOK_INTR, Uc
from unicorn import arm64_const as A
from unicorn import x86_const as X

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from toolchain.emulator import run  # noqa: E402
from toolchain.target import AARCH64, X86_64  # noqa: E402

SOURCE = r"""
#if defined(__x86_64__)
static void sys_exit(long code) { __asm__ volatile("syscall" :: "a"(231), "D"(code)); }
static long sys_write(const void *p, long n) { long r;
  __asm__ volatile("syscall" : "=a"(r) : "a"(1), "D"(1), "S"(p), "d"(n) : "rcx", "r11", "memory");
  return r; }
#else
static void sys_exit(long code) { register long x0 __asm__("x0") = code;
  register long x8 __asm__("x8") = 94; __asm__ volatile("svc #0" :: "r"(x0), "r"(x8)); }
static long sys_write(const void *p, long n) { register long x0 __asm__("x0") = 1;
  register long x1 __asm__("x1") = (long)p; register long x2 __asm__("x2") = n;
  register long x8 __asm__("x8") = 64;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x8) : "memory"); return x0; }
#endif
#define N 2000000
static unsigned char composite[N + 1];
void _start(void) {
  long primes = 0;
  for (int round = 0; round < 3; round++) {
    for (long i = 0; i <= N; i++) composite[i] = 0;
    primes = 0;
    for (long i = 2; i <= N; i++) {
      if (composite[i]) continue;
      primes++;
      for (long j = i * i; j <= N; j += i) composite[j] = 1;
    }
  }
  unsigned long h = 1469598103934665603UL;
  for (long i = 0; i < 20000000; i++) h = (h ^ (i & 0xff)) * 1099511628211UL;
  char buf[40]; int k = 39; buf[k] = '\n';
  unsigned long v = primes ^ (h & 0xffff);
  do { buf[--k] = '0' + v % 10; v /= 10; } while (v);
  sys_write(buf + k, 40 - k);
  sys_exit(0);
}
"""

COMPILERS = {"x86_64": "gcc", "aarch64": "aarch64-linux-gnu-gcc"}


def build(arch: str, workdir: Path) -> Path:
    src = workdir / "bench.c"
    src.write_text(SOURCE)
    out = workdir / f"bench-{arch}"
    subprocess.run([COMPILERS[arch], "-O1", "-static", "-nostdlib", "-nostartfiles",
                    "-fno-stack-protector", "-o", str(out), str(src)], check=True)
    return out


def bare_unicorn(elf: bytes, target) -> float:
    """The same ELF in unicorn with nothing but segments, a stack and an exit hook."""
    f = ELFFile(io.BytesIO(elf))
    uc = Uc(target.uc_arch, target.uc_mode)
    for seg in f.iter_segments():
        if seg["p_type"] != "PT_LOAD":
            continue
        start = seg["p_vaddr"] & ~0xFFF
        end = (seg["p_vaddr"] + seg["p_memsz"] + 0xFFF) & ~0xFFF
        flags = seg["p_flags"]   # PF_X=1, PF_W=2, PF_R=4 -> UC_PROT_EXEC=4, WRITE=2, READ=1
        prot = (4 if flags & 1 else 0) | (2 if flags & 2 else 0) | (1 if flags & 4 else 0)
        uc.mem_map(start, end - start, prot)
        uc.mem_write(seg["p_vaddr"], seg.data())
    uc.mem_map(0x7FF000000000, 8 << 20, 3)
    uc.reg_write(target.sp_reg, 0x7FF000000000 + (8 << 20) - 4096)

    if target is X86_64:
        uc.hook_add(UC_HOOK_INSN, lambda uc, _: uc.emu_stop() if uc.reg_read(X.UC_X86_REG_RAX) == 231 else None,
                    None, 1, 0, X.UC_X86_INS_SYSCALL)
    else:
        uc.hook_add(UC_HOOK_INTR, lambda uc, n, _: uc.emu_stop() if uc.reg_read(A.UC_ARM64_REG_X8) == 94 else None)
    t = time.perf_counter()
    uc.emu_start(f.header.e_entry, 0xFFFF_FFFF_FFFF_F000)
    return time.perf_counter() - t


def reference(path: Path, arch: str) -> float:
    cmd = [str(path)] if arch == "x86_64" else ["qemu-aarch64", str(path)]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--arch", choices=list(COMPILERS), action="append")
    opts = ap.parse_args()
    arches = opts.arch or [a for a in COMPILERS if shutil.which(COMPILERS[a])]
    with tempfile.TemporaryDirectory() as tmp:
        for arch in arches:
            target = X86_64 if arch == "x86_64" else AARCH64
            path = build(arch, Path(tmp))
            elf = path.read_bytes()
            result = run(elf, timeout=120)
            assert result.status == 0, result
            # interleave the runs so a busy machine slows both sides alike; keep the best
            ours, bare, ref = [], [], []
            for _ in range(opts.repeat):
                ours.append(run(elf, timeout=120).elapsed)
                bare.append(bare_unicorn(elf, target))
                ref.append(reference(path, arch))
            ours, bare, ref = min(ours), min(bare), min(ref)
            ref_name = "native" if arch == "x86_64" else "qemu-aarch64"
            print(f"{arch:8s} ours {ours:6.3f} s   bare unicorn {bare:6.3f} s   {ref_name} {ref:6.3f} s")
            print(f"{'':8s} ours / bare unicorn = {ours / bare:5.2f}   ours / {ref_name} = {ours / ref:6.1f}"
                  f"   (output {result.stdout.decode().strip()})")


if __name__ == "__main__":
    main()
