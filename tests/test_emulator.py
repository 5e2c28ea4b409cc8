"""The emulator against the real thing: each program is built with gcc (x86-64) or
aarch64-linux-gnu-gcc and run both natively / under qemu-aarch64 and in our `run()`;
stdout and exit status must agree."""
from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest

from toolchain.emulator import ExecFormatError, Machine, MissingInterpreterError, run
from toolchain.target import AARCH64, X86_64

COMPILERS = {"x86_64": "gcc", "aarch64": "aarch64-linux-gnu-gcc"}
ARCHES = [a for a, cc in COMPILERS.items() if shutil.which(cc)]
if shutil.which("qemu-aarch64") is None and "aarch64" in ARCHES:
    ARCHES.remove("aarch64")
ENV = {"HOME": "/home/user", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "USER": "user"}

# Raw syscalls and a _start of our own: the programs need no C library at all.
SYS_H = r"""
typedef unsigned long size_t;
#if defined(__x86_64__)
enum { SYS_read = 0, SYS_write = 1, SYS_close = 3, SYS_fstat = 5, SYS_lseek = 8, SYS_mmap = 9,
       SYS_munmap = 11, SYS_brk = 12, SYS_ioctl = 16, SYS_writev = 20, SYS_getpid = 39,
       SYS_exit = 60, SYS_uname = 63, SYS_clock_gettime = 228, SYS_exit_group = 231 };
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
  register long r10 __asm__("r10") = d; register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f; long r;
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
                   "r"(r9) : "rcx", "r11", "memory");
  return r; }
__asm__(".globl _start\n_start:\n xor %ebp,%ebp\n mov (%rsp),%rdi\n lea 8(%rsp),%rsi\n"
        " lea 8(%rsi,%rdi,8),%rdx\n mov %rsp,%rcx\n call main\n mov %eax,%edi\n"
        " mov $231,%eax\n syscall\n hlt\n");
#define ST_MODE_OFF 24
#else
enum { SYS_read = 63, SYS_write = 64, SYS_close = 57, SYS_fstat = 80, SYS_lseek = 62,
       SYS_mmap = 222, SYS_munmap = 215, SYS_brk = 214, SYS_ioctl = 29, SYS_writev = 66,
       SYS_getpid = 172, SYS_exit = 93, SYS_uname = 160, SYS_clock_gettime = 113,
       SYS_exit_group = 94 };
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
  register long x8 __asm__("x8") = n; register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b; register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d; register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return x0; }
__asm__(".globl _start\n_start:\n ldr x0,[sp]\n add x1,sp,#8\n add x2,x1,x0,lsl #3\n"
        " add x2,x2,#8\n mov x3,sp\n bl main\n mov x8,#94\n svc #0\n");
#define ST_MODE_OFF 16
#endif
#define sys3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
static size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static void put(const char *s) { sys3(SYS_write, 1, s, slen(s)); }
static void putnum(long v) {
  char b[24]; int i = 23; int neg = v < 0; unsigned long u = neg ? -(unsigned long)v : v;
  b[i] = 0; do { b[--i] = '0' + u % 10; u /= 10; } while (u);
  if (neg) b[--i] = '-';
  put(b + i); }
static void kv(const char *k, long v) { put(k); put("="); putnum(v); put("\n"); }
static long atol_(const char *s) { long v = 0; while (*s >= '0' && *s <= '9') v = v * 10 + *s++ - '0'; return v; }
"""

PROGRAMS = {
    "hello": r"""
int main(void) { put("hello, world\n"); return 0; }
""",
    "exitcode": r"""
int main(int argc, char **argv) { return argc > 1 ? (int)atol_(argv[1]) : 99; }
""",
    "echo_upper": r"""
int main(void) {
  char buf[7]; long n, total = 0;
  while ((n = sys3(SYS_read, 0, buf, sizeof buf)) > 0) {
    for (long i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
    sys3(SYS_write, 1, buf, n); total += n;
  }
  kv("\ntotal", total); kv("last", n);
  return total % 256;
}
""",
    "brk": r"""
int main(void) {
  long b0 = sys3(SYS_brk, 0, 0, 0);
  kv("aligned", (b0 & 0xfff) == 0);
  long want = b0 + (1 << 20) + 5;
  long b1 = sys3(SYS_brk, want, 0, 0);
  kv("grew", b1 - b0);
  char *p = (char *)b0; long sum = 0;
  for (long i = 0; i < (1 << 20) + 5; i++) p[i] = (char)i;
  for (long i = 0; i < (1 << 20) + 5; i++) sum += (unsigned char)p[i];
  kv("sum", sum);
  kv("query", sys3(SYS_brk, 0, 0, 0) - b0);
  kv("below", sys3(SYS_brk, b0 - 4096, 0, 0) - b0);
  kv("shrunk", sys3(SYS_brk, b0 + 100, 0, 0) - b0);
  kv("regrow", sys3(SYS_brk, b0 + 8192, 0, 0) - b0);
  p[8191] = 1;
  return 0;
}
""",
    "args": r"""
int main(int argc, char **argv, char **envp, long *sp) {
  kv("argc", argc);
  for (int i = 0; i < argc; i++) { put("argv: "); put(argv[i]); put("\n"); }
  int n = 0;
  for (char **e = envp; *e; e++, n++) { put("env: "); put(*e); put("\n"); }
  kv("sp_aligned", ((long)sp & 15) == 0);
  kv("argc_at_sp", sp[0] == argc && (char **)(sp + 1) == argv);
  /* strings are packed: argv strings, then env strings, then the file name */
  char *end = argv[0];
  for (int i = 0; i < argc; i++) { if (argv[i] != end) kv("argv_gap", i); end += slen(argv[i]) + 1; }
  for (int i = 0; i < n; i++) { if (envp[i] != end) kv("env_gap", i); end += slen(envp[i]) + 1; }
  long *aux = (long *)(envp + n + 1);
  for (; aux[0]; aux += 2) {
    switch (aux[0]) {
    case 6: kv("AT_PAGESZ", aux[1]); break;
    case 4: kv("AT_PHENT", aux[1]); break;
    case 5: kv("AT_PHNUM", aux[1]); break;
    case 9: { extern char _start[]; kv("AT_ENTRY_is_start", aux[1] == (long)_start); break; }
    case 23: kv("AT_SECURE", aux[1]); break;
    case 17: kv("AT_CLKTCK", aux[1]); break;
    case 25: kv("AT_RANDOM_set", aux[1] != 0); break;
    case 3: { long *ph = (long *)aux[1]; kv("AT_PHDR_type", (int)ph[0]); break; }
    case 15: put("AT_PLATFORM="); put((char *)aux[1]); put("\n"); break;
    case 31: put("AT_EXECFN="); put((char *)aux[1]); put("\n");
             kv("execfn_follows_env", (char *)aux[1] == end);
             kv("execfn_at_top", (((long)aux[1] + slen((char *)aux[1]) + 1 + 8) & 0xfff) == 0);
             break;
    }
  }
  return 0;
}
""",
    "segv": r"""
volatile int *p;
int main(void) {
  put("before\n");
  *p = 1;
  put("after\n");
  return 0;
}
""",
    "divzero": r"""
volatile int z;
int main(void) {
  put("dividing\n");
  int r = 10 / z;
  kv("r", r);
  return r + 7;
}
""",
    "illegal": r"""
int main(void) {
  put("x\n");
#ifdef __x86_64__
  __asm__ volatile("ud2");
#else
  __asm__ volatile(".inst 0x00000000");
#endif
  return 0;
}
""",
    "spin": r"""
int main(void) { volatile long i = 0; for (;;) i++; return 0; }
""",
    "flood": r"""
int main(void) { for (;;) put("y\n"); return 0; }
""",
    "misc": r"""
struct iov { const void *base; size_t len; };
int main(void) {
  kv("getpid_positive", sys3(SYS_getpid, 0, 0, 0) > 0);
  char termios[64];
  kv("ioctl_tcgets", sys3(SYS_ioctl, 1, 0x5401, termios));
  kv("ioctl_badfd", sys3(SYS_ioctl, 55, 0x5401, termios));
  kv("lseek_stdin", sys3(SYS_lseek, 0, 0, 1));
  unsigned char st[144];
  kv("fstat", sys3(SYS_fstat, 1, st, 0));
  kv("is_fifo", ((*(unsigned *)(st + ST_MODE_OFF)) & 0170000) == 0010000);
  kv("fstat_badfd", sys3(SYS_fstat, 77, st, 0));
  long ts[2], ts2[2];
  kv("clock", sys3(SYS_clock_gettime, 1, ts, 0));
  sys3(SYS_clock_gettime, 1, ts2, 0);
  kv("monotonic", ts2[0] > ts[0] || (ts2[0] == ts[0] && ts2[1] >= ts[1]));
  kv("clock_bad", sys3(SYS_clock_gettime, 999, ts, 0));
  kv("clock_efault", sys3(SYS_clock_gettime, 0, 8, 0));
  char u[6 * 65];
  kv("uname", sys3(SYS_uname, u, 0, 0));
  put("sysname="); put(u); put("\nmachine="); put(u + 4 * 65); put("\n");
  char *m = (char *)sys6(SYS_mmap, 0, 3 * 4096, 3, 0x22, -1, 0);
  kv("mmap_ok", (long)m > 0 && ((long)m & 0xfff) == 0);
  for (int i = 0; i < 3 * 4096; i++) m[i] = i;
  long s = 0; for (int i = 0; i < 3 * 4096; i++) s += (unsigned char)m[i];
  kv("mmap_sum", s);
  kv("munmap", sys3(SYS_munmap, m, 3 * 4096, 0));
  kv("mmap_zero_len", sys6(SYS_mmap, 0, 0, 3, 0x22, -1, 0));
  kv("mmap_file_badfd", sys6(SYS_mmap, 0, 4096, 1, 0x2, 42, 0));
  kv("write_efault", sys3(SYS_write, 1, 16, 5));
  kv("write_badfd", sys3(SYS_write, 9, "x", 1));
  kv("read_stdout", sys3(SYS_read, 1, st, 1));
  const char *text = "readonly";
  kv("read_into_rodata", sys3(SYS_read, 0, text, 4));
  struct iov v[2] = {{"ab", 2}, {"cd\n", 3}};
  kv("writev", sys3(SYS_writev, 1, v, 2));
  kv("unknown", sys3(4000, 0, 0, 0));
  kv("close", sys3(SYS_close, 2, 0, 0));
  kv("close_again", sys3(SYS_close, 2, 0, 0));
  return 0;
}
""",
}


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """build(name, arch) -> path of a static executable, compiled once per session."""
    root = tmp_path_factory.mktemp("emu")
    cache = {}

    def _build(name, arch, *, libc=False, flags=()):
        key = (name, arch, libc, tuple(flags))
        if key not in cache:
            src = root / f"{name}.c"
            if not src.exists():
                body = PROGRAMS.get(name, "")
                src.write_text(body if libc else SYS_H + textwrap.dedent(body))
            out = root / f"{name}-{arch}{'-libc' if libc else ''}{'-'.join(flags)}"
            cmd = [COMPILERS[arch], "-O1", "-g", "-o", str(out), str(src), *flags]
            if not libc:
                cmd[1:1] = ["-static", "-nostdlib", "-nostartfiles", "-fno-stack-protector"]
            subprocess.run(cmd, check=True, capture_output=True)
            cache[key] = out
        return cache[key]

    return _build


def native(path, arch, args=(), stdin=b"", argv0="./a.out", env=ENV):
    if arch == "x86_64":
        cmd, exe = [argv0, *args], str(path)
    else:
        cmd, exe = ["qemu-aarch64", "-0", argv0, str(path), *args], None
    p = subprocess.run(cmd, executable=exe, input=stdin, capture_output=True, env=env, timeout=20)
    status = p.returncode if p.returncode >= 0 else 128 - p.returncode
    return p.stdout, status


def ours(path, args=(), stdin=b"", argv0="./a.out", env=ENV, **kw):
    return run(path.read_bytes(), [argv0, *args], stdin=stdin, env=env, **kw)


def same(path, arch, args=(), stdin=b"", argv0="./a.out", ignore=(), unordered=False):
    """Run both ways and compare stdout and status; lines starting with `ignore` are left
    out (the native run gets a different file name to execve); `unordered` compares the
    lines as a multiset."""
    r = ours(path, args, stdin, argv0)
    out, status = native(path, arch, args, stdin, argv0)

    def keep(text):
        lines = [line for line in text.splitlines() if not line.startswith(tuple(ignore))]
        return sorted(lines) if unordered else lines

    assert (keep(r.stdout), r.status) == (keep(out), status)
    return r


arch_param = pytest.mark.parametrize("arch", ARCHES)


@arch_param
def test_hello(build, arch):
    r = same(build("hello", arch), arch)
    assert r.stdout == b"hello, world\n" and r.status == 0 and r.unknown_syscalls == []
    assert r.signal is None and r.fault is None and r.message == "" and r.elapsed > 0


@arch_param
@pytest.mark.parametrize("code", ["0", "1", "42", "255", "259"])
def test_exit_status(build, arch, code):
    r = same(build("exitcode", arch), arch, [code])
    assert r.status == int(code) % 256


@arch_param
def test_stdin(build, arch):
    data = bytes(range(256)) * 40 + b"the end"
    r = same(build("echo_upper", arch), arch, stdin=data)
    assert r.stdout.startswith(data.upper()[:100])
    same(build("echo_upper", arch), arch, stdin=b"")


@arch_param
def test_brk(build, arch):
    r = same(build("brk", arch), arch)
    assert b"grew=1048581\n" in r.stdout and b"regrow=8192" in r.stdout


@arch_param
def test_argv_envp_auxv(build, arch):
    args = ["one", "", "three words", "ünï"]
    # qemu-aarch64 writes auxv in its own order, not the kernel's: compare as a set there
    r = same(build("args", arch), arch, args, argv0="./prog", ignore=(b"AT_EXECFN=",),
             unordered=arch == "aarch64")
    text = r.stdout.decode()
    for line in ("argc=5", "argv: ./prog", "argv: three words", "env: HOME=/home/user",
                 "sp_aligned=1", "argc_at_sp=1", "AT_PAGESZ=4096", "AT_ENTRY_is_start=1",
                 "AT_RANDOM_set=1", "AT_PHDR_type=1", "AT_EXECFN=./prog", "AT_SECURE=0",
                 f"AT_PLATFORM={arch}", "execfn_follows_env=1", "execfn_at_top=1"):
        assert line in text.splitlines(), line
    assert "gap" not in text


def test_default_argv_and_env(build):
    r = run(build("args", ARCHES[0]).read_bytes())
    assert b"argc=1\nargv: ./a.out\n" in r.stdout and b"env: PATH=" in r.stdout


@arch_param
def test_segfault_report(build, arch):
    r = same(build("segv", arch), arch)
    assert (r.status, r.signal, r.message) == (139, "SIGSEGV", "Segmentation fault")
    assert r.stdout == b"before\n"
    f = r.fault
    assert f.kind == "write to unmapped address" and f.address == 0 and f.access == "write"
    assert f.function.startswith("main") and f.file.endswith("segv.c") and f.line == _line_of("segv", "*p = 1")
    assert f.instruction and f.pc == f.registers["rip" if arch == "x86_64" else "pc"]
    text = f.render()
    assert "SIGSEGV" in text and "segv.c:" in text and "<main+0x" in text


def _line_of(name, needle):
    lines = (SYS_H + textwrap.dedent(PROGRAMS[name])).splitlines()
    return next(i + 1 for i, line in enumerate(lines) if needle in line)


@arch_param
def test_divide_by_zero(build, arch):
    r = same(build("divzero", arch), arch)
    if arch == "x86_64":
        assert (r.status, r.signal, r.message) == (136, "SIGFPE", "Floating point exception")
        assert r.fault.line == _line_of("divzero", "10 / z") and "div" in r.fault.instruction
    else:   # sdiv by zero is 0 on AArch64: no signal
        assert r.stdout == b"dividing\nr=0\n" and r.status == 7


@arch_param
def test_illegal_instruction(build, arch):
    r = same(build("illegal", arch), arch)
    assert (r.status, r.signal, r.message) == (132, "SIGILL", "Illegal instruction")
    assert r.fault.instruction.split()[0] in ("ud2", "udf")


@arch_param
def test_time_limit(build, arch):
    r = ours(build("spin", arch), timeout=1.0)
    assert (r.status, r.limit, r.signal) == (124, "time", None)
    assert "Time limit" in r.message and 0.9 < r.elapsed < 2.0


@arch_param
def test_output_limit(build, arch):
    r = ours(build("flood", arch), output_limit=10_000)
    assert (r.status, r.limit) == (124, "output") and "Output limit" in r.message
    assert r.stdout == b"y\n" * 5000


@arch_param
def test_misc_syscalls(build, arch):
    r = same(build("misc", arch), arch, stdin=b"abcd")
    text = r.stdout.decode()
    for line in ("ioctl_tcgets=-25", "lseek_stdin=-29", "is_fifo=1", "mmap_sum=1566720",
                 "clock_efault=-14", "read_into_rodata=-14", "sysname=Linux",
                 f"machine={arch}", "unknown=-38", "abcd"):
        assert line in text, line
    assert r.unknown_syscalls == ["syscall 4000"]


def test_exec_format_errors(build, tmp_path):
    exe = build("hello", ARCHES[0]).read_bytes()
    other = AARCH64 if ARCHES[0] == "x86_64" else X86_64
    for bad in (b"", b"#!/bin/sh\necho hi\n", b"\x7fELF" + bytes(60), exe[:100]):
        with pytest.raises(ExecFormatError) as e:
            run(bad)
        assert str(e.value) == "cannot execute binary file: Exec format error"
    with pytest.raises(ExecFormatError):
        run(exe, target=other)
    with pytest.raises(ExecFormatError):
        Machine(exe, target=other.name)
    src = tmp_path / "o.c"
    src.write_text("int f(void) { return 1; }\n")
    subprocess.run([COMPILERS[ARCHES[0]], "-c", "-o", str(tmp_path / "o.o"), str(src)], check=True)
    with pytest.raises(ExecFormatError) as e:
        run((tmp_path / "o.o").read_bytes())
    assert e.value.status == 126


def test_dynamic_executable_needs_interpreter(tmp_path):
    src = tmp_path / "d.c"
    src.write_text("int main(void) { return 0; }\n")
    subprocess.run(["gcc", "-o", str(tmp_path / "d"), str(src)], check=True)
    with pytest.raises(MissingInterpreterError) as e:
        run((tmp_path / "d").read_bytes())
    assert e.value.status == 127 and "ld-linux" in e.value.interpreter


GLIBC_HELLO = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
  char *p = malloc(100000);
  memset(p, 'x', 99999); p[99999] = 0;
  char line[64];
  while (fgets(line, sizeof line, stdin)) printf("got: %s", line);
  printf("hello %d %s %zu %.3f\n", argc, argv[argc - 1], strlen(p), 2.0 / 3);
  free(p);
  fprintf(stderr, "to stderr\n");
  return argc;
}
"""


@arch_param
def test_glibc_static_hello(build, arch):
    PROGRAMS["glibc_hello"] = GLIBC_HELLO
    path = build("glibc_hello", arch, libc=True, flags=("-static",))
    r = same(path, arch, ["a", "b"], stdin=b"line 1\nline 2\n")
    assert r.stdout.startswith(b"got: line 1\ngot: line 2\nhello 3 b 99999 0.667\n")
    assert r.stderr == b"to stderr\n" and r.status == 3
    assert r.unknown_syscalls == []


GLIBC_ABORT = r"""
#include <stdio.h>
#include <stdlib.h>
#include <assert.h>
int main(int argc, char **argv) { printf("start\n"); fflush(stdout); assert(argc == 5); return 0; }
"""


def test_glibc_abort_is_sigabrt(build):
    PROGRAMS["glibc_abort"] = GLIBC_ABORT
    path = build("glibc_abort", "x86_64", libc=True, flags=("-static",))
    r = same(path, "x86_64")
    assert (r.status, r.signal, r.message) == (134, "SIGABRT", "Aborted")
    assert b"Assertion `argc == 5' failed" in r.stderr


def test_machine_object(build):
    m = Machine(build("hello", ARCHES[0]).read_bytes())
    assert m.pc == m.image.entry
    assert m.debug_info.describe(m.image.entry) == "_start"
    r = m.run()
    assert r.stdout == b"hello, world\n" and m.run() is r


INT80 = r"""
static char msg[] = "via int 0x80\n";
void _start(void) {
  long r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(4), "b"(1), "c"(msg), "d"(sizeof msg - 1) : "memory");
  __asm__ volatile("int $0x80" :: "a"(1), "b"(r + 1));
}
"""


@pytest.mark.skipif("x86_64" not in ARCHES, reason="needs gcc for x86-64")
def test_int80_compat_syscalls(build):
    PROGRAMS["int80"] = INT80
    path = build("int80", "x86_64", libc=True, flags=("-static", "-nostdlib", "-nostartfiles"))
    r = same(path, "x86_64")
    assert r.stdout == b"via int 0x80\n" and r.status == 14


def test_mutated_executables_never_raise_anything_else(build):
    import random
    rng = random.Random(7)
    originals = [build("hello", a).read_bytes() for a in ARCHES]
    for _ in range(40):
        data = bytearray(rng.choice(originals))
        for _ in range(rng.choice([1, 3, 8])):
            data[rng.randrange(min(len(data), rng.choice([64, 288, len(data)])))] = rng.randrange(256)
        try:
            r = run(bytes(data), timeout=0.2)
        except ExecFormatError:
            continue
        assert r.status in (0, 124) or r.signal is not None
        if r.fault:
            assert r.fault.render()


def test_instruction_count_stops_after_its_budget_and_the_run_goes_on(tmp_path):
    """Counting costs a Python call per block, so it is bounded in time: a long program
    still finishes at full speed, with a count that says it is a lower bound."""
    from toolchain import driver
    from toolchain.emulator import run
    src = tmp_path / "loop.c"
    src.write_text("int main(void) { volatile long s = 0;"
                   " for (long i = 0; i < 3000000; i++) s += i; return (int)(s & 0x7f); }\n")
    exe = driver.build([str(src)]).executable
    r = run(exe, count_instructions=True, count_budget=0.05, timeout=60)
    assert r.status == (sum(range(3000000)) & 0x7f)
    assert r.instructions_partial and r.instructions > 0
    full = run(exe, count_instructions=True, count_budget=None, timeout=60)
    assert not full.instructions_partial and full.instructions > r.instructions
