"""Our C library, checked against glibc.

Our own compiler is not ready to build the library yet, so GCC builds it here, with the
flags that make it see what our toolchain will see: no system headers, no builtins, no
__GNUC__. Each test program is built twice, once on our libc (our crt1.s, our libc.a) and
once the ordinary way on glibc, run natively on x86-64 and under qemu on AArch64; the two
runs must print the same bytes and end the same way.
"""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBC = ROOT / "toolchain" / "libc"
INCLUDE = LIBC / "include"
SEED = ROOT / "examples" / "seed"

ARCHES = {
    "x86_64": {"cc": "gcc", "runner": []},
    "aarch64": {"cc": "aarch64-linux-gnu-gcc", "runner": ["qemu-aarch64"]},
}

# What our toolchain's cpp gives the libc: its own macro, none of GCC's identity.
LIBC_CFLAGS = [
    "-nostdinc", "-ffreestanding", "-fno-builtin", "-fno-stack-protector", "-fno-pie",
    "-O1", "-fno-tree-loop-distribute-patterns", "-fno-strict-aliasing",
    "-D__CCPIPELINE__", "-U__GNUC__", "-std=c99", "-w", "-I", str(INCLUDE),
]


def _available(arch: str) -> bool:
    cfg = ARCHES[arch]
    return shutil.which(cfg["cc"]) is not None and all(shutil.which(r) for r in cfg["runner"])


def _arch_params():
    return [pytest.param(a, marks=pytest.mark.skipif(not _available(a), reason=f"no {a} toolchain"))
            for a in ARCHES]


class Built:
    """One architecture's libc, built with GCC, and a way to run programs on it and on glibc."""

    def __init__(self, arch: str, workdir: Path):
        self.arch = arch
        self.cc = ARCHES[arch]["cc"]
        self.runner = ARCHES[arch]["runner"]
        self.dir = workdir
        self.counter = 0
        objs = []
        for src in sorted((LIBC / "src").rglob("*.c")) + sorted((LIBC / "arch" / arch).glob("*.s")):
            obj = workdir / (str(src.relative_to(LIBC)).replace("/", "_") + ".o")
            subprocess.run([self.cc, *LIBC_CFLAGS, "-c", str(src), "-o", str(obj)], check=True)
            objs.append(obj)
        self.crt1 = next(o for o in objs if o.name.endswith("crt1.s.o"))
        self.archive = workdir / "libc.a"
        subprocess.run(["ar", "rcs", str(self.archive), *[str(o) for o in objs if o != self.crt1]],
                       check=True)

    def build(self, source: str, ours: bool) -> Path:
        """Both builds of a test get the same file names, in different directories, so
        that __FILE__ and argv[0] read alike."""
        if ours:
            self.counter += 1
        where = self.dir / ("ours" if ours else "glibc")
        where.mkdir(exist_ok=True)
        name = f"t{self.counter}"
        (where / f"{name}.c").write_text(source)
        if ours:
            subprocess.run([self.cc, *LIBC_CFLAGS, "-c", f"{name}.c", "-o", f"{name}.o"],
                           check=True, cwd=where)
            # The link recipe: crt1.o first, then the program, then libc.a; entry _start.
            subprocess.run([self.cc, "-nostdlib", "-static", "-no-pie", "-o", name,
                            str(self.crt1), f"{name}.o", str(self.archive)], check=True, cwd=where)
        else:
            subprocess.run([self.cc, "-std=c99", "-w", "-O1", "-fno-builtin", "-static",
                            "-o", name, f"{name}.c"], check=True, cwd=where)
        return where / name

    def run(self, exe: Path, stdin: bytes = b"", merge_stderr: bool = False, env=None):
        p = subprocess.run([*self.runner, str(exe)], input=stdin, capture_output=not merge_stderr,
                           stdout=subprocess.PIPE if merge_stderr else None,
                           stderr=subprocess.STDOUT if merge_stderr else None,
                           env=env if env is not None else {"PATH": "/usr/bin:/bin"}, timeout=60)
        return p.stdout, p.stderr, p.returncode

    def run_on_terminal(self, exe: Path, stdin: bytes = b""):
        """Run with stdin, stdout and stderr on a pseudo-terminal (echo off); return what
        the terminal showed and the status."""
        import pty
        import termios
        master, slave = pty.openpty()
        attrs = termios.tcgetattr(slave)
        attrs[3] &= ~termios.ECHO
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        p = subprocess.Popen([*self.runner, str(exe)], stdin=slave, stdout=slave, stderr=slave,
                             env={"PATH": "/usr/bin:/bin"})
        os.close(slave)
        os.write(master, stdin)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.close(master)
        return shown, None, p.wait(timeout=60)

    def compare(self, source: str, stdin: bytes = b"", merge_stderr: bool = False, env=None,
                terminal: bool = False):
        """Build and run source on both libcs; assert identical behaviour; return our run."""
        if terminal:
            ours = self.run_on_terminal(self.build(source, True), stdin)
            theirs = self.run_on_terminal(self.build(source, False), stdin)
        else:
            ours = self.run(self.build(source, True), stdin, merge_stderr, env)
            theirs = self.run(self.build(source, False), stdin, merge_stderr, env)
        if ours != theirs:
            _explain(ours, theirs)
        assert ours == theirs
        return ours


def _explain(ours, theirs):
    a = ours[0].decode("latin-1").splitlines()
    b = theirs[0].decode("latin-1").splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            print(f"first difference at line {i + 1}:\n  ours : {x!r}\n  glibc: {y!r}", file=sys.stderr)
            break
    print(f"ours:  {len(a)} lines, stderr {ours[1]!r}, status {ours[2]}", file=sys.stderr)
    print(f"glibc: {len(b)} lines, stderr {theirs[1]!r}, status {theirs[2]}", file=sys.stderr)


_BUILT: dict[str, Built] = {}


@pytest.fixture
def libc(request, tmp_path_factory):
    arch = request.param
    if arch not in _BUILT:
        _BUILT[arch] = Built(arch, tmp_path_factory.mktemp(f"libc_{arch}"))
    return _BUILT[arch]


arch_libc = pytest.mark.parametrize("libc", _arch_params(), indirect=True)


# ---------------------------------------------------------------- headers

HEADERS = sorted(p.name for p in INCLUDE.glob("*.h"))


def _preprocess(arch: str, text: str, extra=()) -> str:
    p = subprocess.run([ARCHES[arch]["cc"], "-E", "-nostdinc", "-D__CCPIPELINE__", "-U__GNUC__",
                        "-I", str(INCLUDE), *extra, "-x", "c", "-"],
                       input=text, capture_output=True, text=True, check=True)
    return p.stdout


@pytest.mark.parametrize("arch", _arch_params())
@pytest.mark.parametrize("header", HEADERS)
def test_header_parses_with_pycparser(arch, header):
    import pycparser
    text = _preprocess(arch, f"#include <{header}>\n#include <{header}>\n")
    pycparser.CParser().parse("typedef int __builtin_va_list;\n" + text, filename=header)


@pytest.mark.parametrize("arch", _arch_params())
def test_all_headers_together_are_strict_c99(arch):
    """Every header, in two orders, in one translation unit: no typedef twice, no GNU C."""
    order = HEADERS + HEADERS[::-1]
    text = "".join(f"#include <{h}>\n" for h in order) + "int main(void) { return 0; }\n"
    subprocess.run([ARCHES[arch]["cc"], "-fsyntax-only", "-std=c99", "-pedantic-errors",
                    "-nostdinc", "-D__CCPIPELINE__", "-U__GNUC__", "-I", str(INCLUDE), "-x", "c", "-"],
                   input=text, text=True, check=True)


@pytest.mark.parametrize("arch", _arch_params())
def test_library_sources_parse_with_pycparser(arch):
    """Our compiler reads the library through pycparser: every source must get through."""
    import pycparser
    for src in sorted((LIBC / "src").rglob("*.c")):
        text = _preprocess(arch, src.read_text(), ["-iquote", str(src.parent)])
        pycparser.CParser().parse("typedef int __builtin_va_list;\n" + text, filename=str(src))


@arch_libc
def test_types_and_limits(libc):
    libc.compare(r"""
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdbool.h>
struct s { char c; long l; int i[3]; };
int main(void) {
    printf("%zu %zu %zu %zu\n", sizeof(size_t), sizeof(ptrdiff_t), sizeof(wchar_t), sizeof(intmax_t));
    printf("%zu %zu %zu\n", offsetof(struct s, c), offsetof(struct s, l), offsetof(struct s, i[2]));
    printf("%d %d %d %d %d\n", CHAR_MIN, CHAR_MAX, SCHAR_MIN, UCHAR_MAX, (char)200 < 0);
    printf("%d %d %d %u\n", SHRT_MIN, SHRT_MAX, INT_MIN, UINT_MAX);
    printf("%ld %ld %lu %lld %llu\n", LONG_MIN, LONG_MAX, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
    printf("%ld %lu %ld %lu %lu\n", INT64_MIN, UINT64_MAX, INTMAX_MAX, SIZE_MAX, UINTPTR_MAX);
    printf("%d %d %u %lld\n", INT8_MIN, INT16_MAX, UINT32_MAX, (long long)INT64_C(5));
    printf("%d %d %d\n", (int)sizeof(bool), true, false);
    printf("%d %d\n", (wchar_t)-1 < 0, WCHAR_MAX > 0);
    return 0;
}
""")


# ---------------------------------------------------------------- printf

_INT_FAMILIES = {
    # length -> (C type of the argument, sample values)
    "hh": ("int", [0, 1, -1, 127, -128, 255, 300, -300, 65, 0x1234]),
    "h": ("int", [0, 1, -1, 32767, -32768, 65535, 70000, -70000, 4660]),
    "": ("int", [0, 1, -1, 42, -42, 7, 2147483647, -2147483647 - 1, 1000000, 255, 8, 0x7fff]),
    "l": ("long", [0, 1, -1, 9223372036854775807, -9223372036854775808, 4294967296, -123456789012]),
    "ll": ("long long", [0, -1, 9223372036854775807, -9223372036854775808, 1 << 40, 99]),
    "j": ("long", [0, -5, 1 << 50, -9223372036854775808]),
    "z": ("long", [0, 17, -17, 1 << 33]),
    "t": ("long", [0, -3, 1 << 35]),
}


def _literal(value: int, ctype: str) -> str:
    if value == -9223372036854775808:
        return f"({ctype})(-9223372036854775807LL - 1)"
    if value == -2147483648:
        return f"({ctype})(-2147483647 - 1)"
    return f"({ctype}){value}LL" if ctype != "int" else f"({value})"


def _printf_cases(seed=20261101, count=420):
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        conv = rng.choice("diuxXoouxdcsp%")
        flags = "".join(rng.sample("-+ #0", rng.randint(0, 3))) if rng.random() < 0.7 else ""
        args = []
        width = ""
        r = rng.random()
        if r < 0.35:
            width = str(rng.randint(1, 25))
        elif r < 0.5:
            width = "*"
            args.append(str(rng.choice([-12, -3, 0, 2, 5, 9, 20])))
        prec = ""
        r = rng.random()
        if r < 0.3:
            prec = "." + str(rng.randint(0, 22))
        elif r < 0.4:
            prec = ".*"
            args.append(str(rng.choice([-4, -1, 0, 1, 3, 8, 15])))
        elif r < 0.45:
            prec = "."
        length = ""
        if conv in "diuxXo":
            length = rng.choice(list(_INT_FAMILIES))
            ctype, values = _INT_FAMILIES[length]
            if conv in "uxXo" and ctype != "int" and rng.random() < 0.5:
                ctype = "unsigned " + ctype
            args.append(_literal(rng.choice(values), ctype))
        elif conv == "c":
            args.append(str(rng.choice([65, 97, 48, 32, 126, 0x141])))
        elif conv == "s":
            args.append(rng.choice(['""', '"a"', '"hello"', '"hello, world"', '"tab\\there"', "(char *)0"]))
        elif conv == "p":
            args.append(rng.choice(["(void *)0", "(void *)0x1234UL", "(void *)0x7ffdeadbeef0UL",
                                    "(void *)1", "(void *)0xffffffffffffffffUL"]))
        elif conv == "%":
            flags, width, prec = "", "", ""
            args = []
        fmt = f"%{flags}{width}{prec}{length}{conv}"
        cases.append((fmt, args))
    return cases


def _printf_program(cases):
    lines = ["#include <stdio.h>", "int main(void) {", "    char buf[64];", "    int r;"]
    for i, (fmt, args) in enumerate(cases):
        a = "".join(", " + x for x in args)
        lines.append(f'    r = printf("[{fmt}]"{a}); printf(" %d\\n", r);')
        if i % 3 == 0:
            size = (i // 3) % 12
            lines.append(f'    r = snprintf(buf, {size}, "<{fmt}>"{a}); '
                         f'printf("snprintf {size}: %d |%s|\\n", r, {size} ? buf : "");')
        if i % 5 == 0:
            lines.append(f'    r = sprintf(buf, "{fmt}|{fmt}"{a}{a}); printf("sprintf: %d |%s|\\n", r, buf);')
    lines += ["    return 0;", "}"]
    return "\n".join(lines) + "\n"


@arch_libc
def test_printf_generated_cases(libc):
    out, _, status = libc.compare(_printf_program(_printf_cases()))
    assert status == 0 and out.count(b"\n") > 500


@arch_libc
def test_printf_edges(libc):
    libc.compare(r"""
#include <stdio.h>
#include <stdarg.h>
#include <errno.h>
#include <limits.h>
static int viaf(FILE *f, const char *fmt, ...) {
    va_list ap; int r;
    va_start(ap, fmt); r = vfprintf(f, fmt, ap); va_end(ap); return r;
}
static int vias(char *buf, size_t n, const char *fmt, ...) {
    va_list ap, ap2; int r, r2; char other[100];
    va_start(ap, fmt); va_copy(ap2, ap);
    r = vsnprintf(buf, n, fmt, ap); r2 = vsprintf(other, fmt, ap2);
    va_end(ap2); va_end(ap);
    return r == r2 ? r : -1000;
}
static int viap(const char *fmt, ...) {
    va_list ap; int r;
    va_start(ap, fmt); r = vprintf(fmt, ap); va_end(ap); return r;
}
int main(void) {
    int r, n1, n2; signed char hh; short h; long l; long long ll; size_t z;
    char buf[32];
    r = printf("[%05s|%-5c|%05c]", "ab", 'x', 'y'); printf(" %d\n", r);
    r = printf("[%010p|%-10p|%.2p|%+p|% p|%020p|%.10p|%#p]", (void *)0, (void *)0, (void *)0,
               (void *)0x1234, (void *)0x1234, (void *)0x1234, (void *)0x1234, (void *)0xab);
    printf(" %d\n", r);
    r = printf("[%5y|%-5.3ly|%+ #0-*.*hhy|%0 5y|%'5y|%*y|%.*y|%.y|%Z]", 7, 2, -4, -4); printf(" %d\n", r);
    r = printf("[%.3s|%.6s|%s|%10.2s|%-8s]", (char *)0, (char *)0, (char *)0, (char *)0, (char *)0);
    printf(" %d\n", r);
    r = printf("[%#.0o|%#.0x|%#o|%#x|%.0d|%+.0d|% .0d|%#5o|%#08x|%#-8X|%#.5o]", 0, 0, 0, 0, 0, 0, 0, 8, 255, 255, 8);
    printf(" %d\n", r);
    r = printf("[%Ld|%qd|%Lu|%'d|%I5d]", 5LL, 6LL, 7LL, 1234567, 42); printf(" %d\n", r);
    r = printf("[%5%|%-5%|%%]"); printf(" %d\n", r);
    r = printf("[%2$d %1$d %2$5d %3$s %1$*4$d|%1$-*4$d|%5$.*6$d]", 1, 2, "three", 6, 77, 5); printf(" %d\n", r);
    r = printf("[%1$s %1$s %2$c]", "twice", 'c'); printf(" %d\n", r);
    r = printf("ab%ncd%hhnef%hngh%lnij%llnkl%zn", &n1, &hh, &h, &l, &ll, &z);
    printf(" %d %d %d %d %ld %lld %zu\n", r, n1, hh, h, l, ll, z);
    r = printf("%d%n", 123456, &n2); printf(" %d %d\n", r, n2);
    r = printf("[%lc|%ls|%5lc|%-4ls|%.1ls|%C|%S]", (int)'a', L"bc", (int)'d', L"e", L"fg", (int)'h', L"ij");
    printf(" %d\n", r);
    errno = 22; r = printf("[%m|%10m|%.7m]"); printf(" %d\n", r);
    errno = 0; r = printf("[ab%lccd]", 0xe9); printf(" %d %d\n", r, errno);
    errno = 0; r = printf("[ab%5lscd]", L"x\xe9y"); printf(" %d %d\n", r, errno);
    errno = 0; r = printf("[ab%.1lscd]", L"x\xe9y"); printf(" %d %d\n", r, errno);
    errno = 0; r = snprintf(buf, sizeof buf, "[ab%lccd]", 0xe9); printf(" %d %d [%s]\n", r, errno, buf);
    errno = 0; r = printf("[abc%"); printf(" %d %d\n", r, errno);
    errno = 0; r = printf("[abc%5"); printf(" %d %d\n", r, errno);
    errno = 0; r = printf("[abc%ll"); printf(" %d %d\n", r, errno);
    r = printf("[%d|%i|%u|%x|%o]", INT_MIN, INT_MAX, UINT_MAX, UINT_MAX, UINT_MAX); printf(" %d\n", r);
    r = printf("[%*d|%-*d|%.*d|%*.*d]", 3, 0, 3, 4, -2, 5, 6, 3, 7); printf(" %d\n", r);
    r = printf("%s", ""); printf(" %d\n", r);
    r = printf(""); printf(" %d\n", r);
    r = printf("[%-+5d|%+-5d|%- 5d|%0+5d|%0 5d|%+05d|%-05d|% 05d]", 1, 2, 3, 4, 5, -6, 7, 8); printf(" %d\n", r);
    r = printf("[%c%c%c]", 0, 'x', 0); printf(" %d\n", r);
    r = snprintf(NULL, 0, "%d-%s", 12345, "abc"); printf(" %d\n", r);
    r = snprintf(buf, 1, "%d", 12345); printf(" %d [%s]\n", r, buf);
    r = snprintf(buf, 4, "%s", "truncated"); printf(" %d [%s]\n", r, buf);
    r = snprintf(buf, sizeof buf, "%5s|%-5d|", "x", 3); printf(" %d [%s]\n", r, buf);
    r = sprintf(buf, "%x%X%o", 48879, 48879, 8); printf(" %d [%s]\n", r, buf);
    r = viaf(stdout, "[%s %d %c %lu]", "via", -1, 'v', 123UL); printf(" %d\n", r);
    r = vias(buf, 6, "%s=%d", "key", 123456); printf(" %d [%s]\n", r, buf);
    r = viap("[%s %x]", "vprintf", 255); printf(" %d\n", r);
    r = fprintf(stdout, "[%*s]", 300, "wide"); printf(" %d\n", r);
    r = fprintf(stderr, "to stderr %d\n", 1); printf(" %d\n", r);
    return 0;
}
""")


@arch_libc
def test_seed_hello(libc):
    out, err, status = libc.compare((SEED / "hello.c").read_text())
    assert out == b"hello world -42 A ff\nbye\n" and status == 0


@arch_libc
def test_seed_sum_returns_status(libc):
    source = (SEED / "sum.c").read_text().replace('#include "sum.h"', "int sum(int a, int b);")
    main = (SEED / "main.c").read_text().replace('#include "sum.h"', "int sum(int a, int b);")
    _, _, status = libc.compare(source + main)
    assert status == 8


# ---------------------------------------------------------------- stdio buffering and exit

@arch_libc
def test_puts_putchar_fputs_fwrite(libc):
    libc.compare(r"""
#include <stdio.h>
int main(void) {
    int i;
    printf("%d\n", puts("line one"));
    printf("%d\n", puts(""));
    printf("%d\n", putchar('A'));
    printf("%d\n", putchar(0x141));
    printf("%d\n", putc('b', stdout));
    printf("%d\n", fputc('c', stdout));
    printf("%d\n", fputs("fputs text", stdout));
    printf("%zu\n", fwrite("abcdefgh", 2, 3, stdout));
    printf("%zu\n", fwrite("abc", 0, 3, stdout));
    for (i = 0; i < 20000; i++)
        putchar('a' + i % 26);
    putchar('\n');
    fputs("to stderr\n", stderr);
    printf("%d %d %d\n", fileno(stdin), fileno(stdout), fileno(stderr));
    printf("%d %d %d\n", ferror(stdout), feof(stdin), EOF);
    return 0;
}
""")


@arch_libc
def test_stdout_is_fully_buffered_on_a_pipe_and_stderr_is_not(libc):
    """On a pipe, glibc holds stdout until exit while stderr goes out at once."""
    out, _, _ = libc.compare(r"""
#include <stdio.h>
#include <unistd.h>
int main(void) {
    printf("first, to stdout\n");
    fprintf(stderr, "second, to stderr\n");
    write(1, "third, raw write\n", 17);
    fflush(stdout);
    printf("fourth\n");
    setvbuf(stderr, NULL, _IOFBF, 0);
    fprintf(stderr, "fifth, stderr now buffered\n");
    printf("sixth\n");
    fflush(NULL);
    printf("%d\n", isatty(1));
    return 0;
}
""", merge_stderr=True)
    assert out.startswith(b"second, to stderr\nthird, raw write\nfirst, to stdout\n")


@arch_libc
def test_long_output_is_cut_where_glibc_cuts_it(libc):
    """Full buffers go out as glibc's do: stderr lines land between the same stdout bytes."""
    libc.compare(r"""
#include <stdio.h>
static char digits[12100];
int main(void) {
    int i, j;
    for (i = 0; i < (int)sizeof digits; i++)
        digits[i] = '0' + i % 10;
    for (i = 0; i < 40; i++) {
        for (j = 0; j < i * 7; j++)
            putchar('a' + j % 26);
        printf(" %d\n", i);
        if (i % 5 == 0)
            fprintf(stderr, "<stderr %d>\n", i);
        if (i % 9 == 0)
            fwrite(digits, 1, 10 + (size_t)i * 300, stdout);
    }
    return 0;
}
""", merge_stderr=True)


@arch_libc
def test_stdout_is_line_buffered_on_a_terminal(libc):
    out, _, _ = libc.compare(r"""
#include <stdio.h>
#include <unistd.h>
static char digits[3000];
int main(void) {
    int i, c;
    for (i = 0; i < (int)sizeof digits; i++)
        digits[i] = '0' + i % 10;
    printf("%d %d %d\n", isatty(0), isatty(1), isatty(2));
    printf("no newline yet ");
    write(1, "[raw1]", 6);
    printf("now\nand a tail ");
    write(1, "[raw2]", 6);
    fwrite(digits, 1, sizeof digits, stdout);
    write(1, "[raw3]", 6);
    printf("\nYour answer? ");
    write(1, "[raw4]", 6);
    c = getchar();
    printf("got %c\n", c);
    fprintf(stderr, "err\n");
    printf("unfinished");
    return 0;
}
""", stdin=b"y\n", terminal=True)
    assert out.startswith(b"1 1 1\r\n[raw1]no newline yet now\r\n")


@arch_libc
def test_setvbuf_line_and_unbuffered(libc):
    libc.compare(r"""
#include <stdio.h>
#include <unistd.h>
static char mybuf[256];
int main(void) {
    setvbuf(stdout, mybuf, _IOLBF, sizeof mybuf);
    printf("line buffered ");
    write(1, "[raw]", 5);
    printf("ends here\n");
    write(1, "[raw2]", 6);
    for (int i = 0; i < 10; i++)
        printf("a string of forty bytes without newline ");
    printf("two\nlines\nand a tail");
    write(1, "[raw2b]", 7);
    printf(" then more\n and more");
    write(1, "[raw3]", 6);
    printf("\n");
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("unbuf ");
    write(1, "[raw4]\n", 7);
    printf("%d\n", setvbuf(stdout, NULL, 7, 0));
    return 0;
}
""", merge_stderr=True)


@arch_libc
def test_exit_runs_atexit_in_reverse_then_flushes(libc):
    out, _, status = libc.compare(r"""
#include <stdio.h>
#include <stdlib.h>
static void one(void) { printf("one\n"); }
static void two(void) { printf("two\n"); }
static void late(void) { printf("late, registered by three\n"); }
static void three(void) { printf("three\n"); atexit(late); }
int main(void) {
    int a = atexit(one), b = atexit(two), c = atexit(three);
    printf("%d %d %d\n", a, b, c);
    printf("main returns through exit\n");
    exit(42);
}
""")
    assert status == 42 and out.endswith(b"three\nlate, registered by three\ntwo\none\n")


@pytest.mark.parametrize("code, status", [
    ("return 3;", 3),
    ("return 256 + 7;", 7),
    ('printf("lost"); _Exit(5);', 5),
    ('printf("lost too"); _exit(6);', 6),
    ('printf("kept"); exit(EXIT_FAILURE);', 1),
    ('printf("not flushed"); abort();', -6),
    ("return EXIT_SUCCESS;", 0),
])
@arch_libc
def test_exit_statuses(libc, code, status):
    _, _, got = libc.compare("#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\n"
                             "int main(void) { " + code + " }\n")
    assert got == status


@arch_libc
def test_assert(libc):
    _, err, status = libc.compare(r"""
#include <assert.h>
#include <stdio.h>
static int checked(int x) {
    assert(x > 0 && "positive");
    return x;
}
int main(void) {
    printf("%d\n", checked(3));
#define NDEBUG
#include <assert.h>
    assert(0);
#undef NDEBUG
#include <assert.h>
    return checked(-1);
}
""")
    assert status == -6 and b"checked: Assertion `x > 0 && \"positive\"' failed." in err


@arch_libc
def test_main_gets_argc_argv_envp_and_getenv(libc):
    src = r"""
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
extern char **environ;
int main(int argc, char **argv, char **envp) {
    int i;
    printf("argc=%d argv[argc]=%p\n", argc, (void *)argv[argc]);
    for (i = 0; envp[i]; i++)
        ;
    printf("%d env vars, environ same: %d\n", i, environ == envp);
    printf("[%s] [%s] [%s] [%s]\n", getenv("CCP_TEST"), getenv("CCP_EMPTY"),
           getenv("CCP_MISSING") ? "?" : "null", getenv("CCP") ? "?" : "null");
    return argc;
}
"""
    env = {"CCP_TEST": "value=with=equals", "CCP_EMPTY": "", "PATH": "/usr/bin:/bin"}
    _, _, status = libc.compare(src, env=env)
    assert status == 1


@arch_libc
def test_reading_stdin(libc):
    data = b"first line\nsecond\n\nno newline at end"
    libc.compare(r"""
#include <stdio.h>
int main(void) {
    char line[8];
    int c, n = 0;
    c = getchar(); printf("getchar %d\n", c);
    printf("ungetc %d\n", ungetc(c, stdin));
    printf("ungetc %d\n", ungetc('Z', stdin));
    while (fgets(line, sizeof line, stdin) != NULL)
        printf("%d [%s]\n", n++, line);
    printf("eof %d err %d getc %d\n", feof(stdin), ferror(stdin), getc(stdin));
    clearerr(stdin);
    printf("eof %d\n", feof(stdin));
    return 0;
}
""", stdin=data)


# ---------------------------------------------------------------- strings, ctype, conversions

@arch_libc
def test_string_functions(libc):
    libc.compare(r"""
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
static int sign(int x) { return (x > 0) - (x < 0); }
static const char *words[] = { "", "a", "ab", "abc", "abd", "b", "hello", "hello, world",
                               "\x80high", "\x7flow", "aaaaab", "ll", "o, w", 0 };
int main(void) {
    int i, j;
    char buf[64], big[64];
    for (i = 0; words[i]; i++) {
        const char *a = words[i];
        printf("%zu %zu %zu|", strlen(a), strnlen(a, 3), strnlen(a, 0));
        for (j = 0; words[j]; j++) {
            const char *b = words[j];
            char *s = strstr(a, b);
            printf("%d%d%d%d%ld%zu%zu", sign(strcmp(a, b)), sign(strncmp(a, b, 2)),
                   sign(memcmp(a, b, strlen(a) < strlen(b) ? strlen(a) : strlen(b))),
                   sign(strncmp(a, b, 0)), s ? (long)(s - a) : -1L, strspn(a, b), strcspn(a, b));
            s = strpbrk(a, b);
            printf("%ld ", s ? (long)(s - a) : -1L);
        }
        printf("| %ld %ld %ld %ld\n", strchr(a, 'l') ? (long)(strchr(a, 'l') - a) : -1L,
               strrchr(a, 'l') ? (long)(strrchr(a, 'l') - a) : -1L,
               (long)(strchr(a, 0) - a), (long)(strrchr(a, 0) - a));
    }
    strcpy(buf, "hello");
    strcat(buf, ", ");
    strncat(buf, "worldwide", 5);
    printf("[%s] %d\n", buf, strcpy(big, buf) == big);
    memset(big, 'x', sizeof big);
    strncpy(big, "abc", 6);
    printf("%d %d %d %d %c\n", big[2], big[3], big[5], big[6] == 'x', big[6]);
    strncpy(big, "abcdef", 3);
    printf("%c%c%c%c\n", big[0], big[1], big[2], big[3] ? big[3] : '0');
    strcpy(buf, "0123456789");
    memmove(buf + 2, buf, 5); printf("%s\n", buf);
    strcpy(buf, "0123456789");
    memmove(buf, buf + 3, 6); printf("%s\n", buf);
    memcpy(buf, "ABC", 3); printf("%s\n", buf);
    printf("%s %p\n", (char *)memchr("abcdef", 'd', 6), memchr("abcdef", 'z', 6));
    printf("%p %p\n", memchr("abc", 'c', 2), (void *)strchr("abc", 'z'));
    strcpy(buf, "  one, two,,three ");
    {
        char *t = strtok(buf, " ,");
        while (t) { printf("<%s>", t); t = strtok(NULL, " ,"); }
        printf(" %p\n", (void *)strtok(NULL, " ,"));
    }
    {
        char *d = strdup("duplicate"), *e = strndup("duplicate", 3), *f = strndup("ab", 10);
        printf("%s %s %s\n", d, e, f);
        free(d); free(e); free(f);
    }
    for (i = 0; i <= 134; i++)
        printf("%d: %s\n", i, strerror(i));
    printf("%s|%s|%s\n", strerror(-1), strerror(1000), strerror(41));
    return 0;
}
""")


@arch_libc
def test_ctype_over_every_byte(libc):
    libc.compare(r"""
#include <stdio.h>
#include <ctype.h>
int main(void) {
    int c;
    for (c = -1; c < 256; c++)
        printf("%d:%d%d%d%d%d%d%d%d%d%d%d%d %d %d\n", c, !!isalnum(c), !!isalpha(c), !!isblank(c),
               !!iscntrl(c), !!isdigit(c), !!isgraph(c), !!islower(c), !!isprint(c), !!ispunct(c),
               !!isspace(c), !!isupper(c), !!isxdigit(c), tolower(c), toupper(c));
    return 0;
}
""")


@arch_libc
def test_strtol_family_and_abs(libc):
    inputs = ["0", "42", "-42", "  +17xyz", "\t\n-0x1F", "0x", "0xg", "0X1a", "077", "08", "z", "",
              "   ", "-", "+", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
              "-9223372036854775809", "18446744073709551615", "18446744073709551616",
              "-18446744073709551615", "-18446744073709551616", "99999999999999999999999",
              "2147483648", "-2147483649", "1010", "zz", "ZZ", "0b101", "-1"]
    bases = [0, 2, 8, 10, 16, 36, 1, 37, -1]
    lits = ", ".join('"' + s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") + '"'
                     for s in inputs)
    libc.compare(r"""
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <limits.h>
static const char *in[] = { %s };
static const int bases[] = { %s };
int main(void) {
    unsigned i, b;
    char *end;
    for (i = 0; i < sizeof in / sizeof in[0]; i++) {
        printf("[%%s] atoi %%d atol %%ld atoll %%lld\n", in[i], atoi(in[i]), atol(in[i]), atoll(in[i]));
        for (b = 0; b < sizeof bases / sizeof bases[0]; b++) {
            errno = 0; end = (char *)in[i];
            printf("  base %%d: l %%ld", bases[b], strtol(in[i], &end, bases[b]));
            printf(" e%%d+%%ld", errno, (long)(end - in[i]));
            errno = 0; end = (char *)in[i];
            printf(" ul %%lu", strtoul(in[i], &end, bases[b]));
            printf(" e%%d+%%ld", errno, (long)(end - in[i]));
            errno = 0; end = (char *)in[i];
            printf(" ll %%lld", strtoll(in[i], &end, bases[b]));
            printf(" e%%d+%%ld", errno, (long)(end - in[i]));
            errno = 0; end = (char *)in[i];
            printf(" ull %%llu", strtoull(in[i], &end, bases[b]));
            printf(" e%%d+%%ld\n", errno, (long)(end - in[i]));
        }
    }
    printf("%%lu\n", strtoul("5", 0, 10));
    printf("%%d %%d %%d %%ld %%ld %%lld\n", abs(-5), abs(5), abs(INT_MIN + 1), labs(-7L), labs(LONG_MIN + 1), llabs(-9LL));
    return 0;
}
""" % (lits, ", ".join(map(str, bases))))


# ---------------------------------------------------------------- malloc

@arch_libc
def test_malloc_stress_checksum(libc):
    out, _, status = libc.compare(r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#define SLOTS 257
static unsigned char *ptr[SLOTS];
static size_t len[SLOTS];
static unsigned char tag[SLOTS];
static unsigned long state = 12345;
static unsigned long next(void) { state = state * 6364136223846793005UL + 1442695040888963407UL; return state >> 33; }
static int check(int i) {
    size_t k;
    for (k = 0; k < len[i]; k++)
        if (ptr[i][k] != (unsigned char)(tag[i] + k)) return 0;
    return 1;
}
int main(void) {
    unsigned long sum = 0, bad = 0, misaligned = 0;
    int round, i;
    size_t k;
    for (round = 0; round < 12000; round++) {
        i = (int)(next() % SLOTS);
        if (ptr[i] && !check(i)) bad++;
        switch (next() % 4) {
        case 0: case 1: {
            size_t n = next() % 7 == 0 ? next() % 70000 : next() % 300;
            free(ptr[i]);
            ptr[i] = next() % 5 == 0 ? calloc(1, n) : malloc(n);
            if (!ptr[i]) { bad++; break; }
            len[i] = n; tag[i] = (unsigned char)next();
            for (k = 0; k < n; k++) ptr[i][k] = (unsigned char)(tag[i] + k);
            break;
        }
        case 2: {
            size_t n = next() % 2000, keep = n < len[i] ? n : len[i];
            unsigned char *q;
            if (!ptr[i]) break;
            q = realloc(ptr[i], n + 1);
            if (!q) { bad++; break; }
            ptr[i] = q;
            len[i] = keep;
            if (!check(i)) bad++;
            for (k = keep; k < n; k++) q[k] = (unsigned char)(tag[i] + k);
            len[i] = n;
            break;
        }
        default:
            free(ptr[i]); ptr[i] = 0; len[i] = 0;
        }
        if (ptr[i] && ((uintptr_t)ptr[i] & 15)) misaligned++;
    }
    for (i = 0; i < SLOTS; i++) {
        if (ptr[i] && !check(i)) bad++;
        for (k = 0; k < len[i]; k++) sum = sum * 31 + ptr[i][k];
        free(ptr[i]);
    }
    {
        unsigned char *z = calloc(1000, 4);
        int zeros = 1;
        for (k = 0; k < 4000; k++) if (z[k]) zeros = 0;
        printf("calloc zeroed %d\n", zeros);
        free(z);
    }
    errno = 0;
    printf("huge calloc %p %d\n", calloc((size_t)1 << 62, 16), errno);
    errno = 0;
    printf("huge malloc %p %d\n", malloc((size_t)-1), errno);
    printf("malloc(0) unique: %d\n", malloc(0) != malloc(0));
    printf("realloc(NULL) %d, realloc(p, 0) %p\n", realloc(0, 10) != 0, realloc(malloc(5), 0));
    free(NULL);
    printf("checksum %lu bad %lu misaligned %lu\n", sum, bad, misaligned);
    return 0;
}
""")
    assert b"bad 0 misaligned 0" in out and status == 0


@arch_libc
def test_sbrk_and_brk(libc):
    libc.compare(r"""
#include <stdio.h>
#include <unistd.h>
int main(void) {
    char *a = sbrk(0), *b, *c;
    b = sbrk(4096);
    c = sbrk(0);
    b[0] = 1; b[4095] = 2;
    printf("%d %ld %ld\n", a == b, (long)(c - b), (long)((char *)sbrk(-4096) - c));
    printf("%d\n", brk(c) == 0 && sbrk(0) == c);
    printf("%d\n", sbrk(0) == c);
    return 0;
}
""")


@arch_libc
def test_write_read_close_and_errno(libc):
    libc.compare(r"""
#include <stdio.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
int main(void) {
    char buf[8];
    long r;
    r = write(1, "raw\n", 4); printf("%ld\n", r);
    errno = 0; r = write(99, "x", 1); printf("%ld %d %s\n", r, errno, strerror(errno));
    errno = 0; r = read(99, buf, 1); printf("%ld %d\n", r, errno);
    r = read(0, buf, sizeof buf); printf("%ld [%.*s]\n", r, (int)r, buf);
    printf("%d\n", close(0));
    errno = 0; printf("%d %d\n", close(0), errno);
    errno = ENOENT; perror("perror says");
    errno = EINVAL; perror("");
    errno = 0; perror(NULL);
    errno = 0; printf("isatty %d %d\n", isatty(1), errno);
    printf("%d\n", getpid() > 0);
    return 0;
}
""", stdin=b"input", merge_stderr=True)
