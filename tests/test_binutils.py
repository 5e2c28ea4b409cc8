"""binutils (objdump, nm, readelf, file) against GNU binutils 2.40 and file 5.44, byte for byte.

Inputs are made here with gcc/as for x86-64 and aarch64: a corpus of small C programs at
-O0/-O1/-O2 as objects, small static executables with their own _start (with and without
-g), and ar archives. Every comparison is of whole outputs; the disassembly tests also
report the share of equal rows, the figure the project quotes.
"""
from __future__ import annotations

import difflib
import os
import random
import shutil
import subprocess

import pytest

from toolchain.binutils import Instruction, disassemble, file_type, nm, objdump, readelf
from toolchain.diagnostics import ToolError
from toolchain.target import AARCH64, X86_64

ARCHES = {
    "x86_64": dict(gcc="gcc", prefix=""),
    "aarch64": dict(gcc="aarch64-linux-gnu-gcc", prefix="aarch64-linux-gnu-"),
}
ENV = dict(os.environ, LC_ALL="C")


def _have(tool):
    return shutil.which(tool) is not None


def gnu(arch, tool, *args, cwd=None):
    exe = ARCHES[arch]["prefix"] + tool if tool not in ("file",) else tool
    if not _have(exe):
        pytest.skip(f"{exe} not installed")
    return subprocess.run([exe, *args], capture_output=True, text=True, env=ENV, cwd=cwd).stdout


def same_rows(ref: str, mine: str) -> tuple[int, int]:
    a, b = ref.splitlines(), mine.splitlines()
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()), max(len(a), len(b))


def show_diff(ref: str, mine: str, n=30) -> str:
    return "".join(list(difflib.unified_diff(ref.splitlines(True), mine.splitlines(True), "gnu", "ours"))[:n])


CORPUS = {
    "c01": r"""
int sum(int a, int b) { return a + b; }
int main(void) { return sum(2, 3); }
""",
    "c02": r"""
int fact(int n) { if (n <= 1) return 1; return n * fact(n - 1); }
long lfact(long n) { long r = 1; while (n > 1) r *= n--; return r; }
""",
    "c03": r"""
int arr[10];
int total(void) { int s = 0; for (int i = 0; i < 10; i++) s += arr[i]; return s; }
void fill(int *p, int n) { for (int i = 0; i < n; i++) p[i] = i * i; }
""",
    "c04": r"""
int classify(int x) {
  switch (x) { case 0: return 10; case 1: return 20; case 2: return 33; case 3: return 47;
  case 4: return 51; case 5: return 66; case 7: return 70; default: return -1; }
}
""",
    "c05": r"""
unsigned long my_strlen(const char *s) { unsigned long n = 0; while (*s++) n++; return n; }
void my_strcpy(char *d, const char *s) { while ((*d++ = *s++)) ; }
int my_strcmp(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (unsigned char)*a - (unsigned char)*b; }
const char *greet = "hello, world";
""",
    "c06": r"""
short sadd(short a, short b) { return a + b; }
char cadd(char a, char b) { return a + b; }
unsigned char ucmul(unsigned char a, unsigned char b) { return a * b; }
long lmix(long a, int b, short c, char d) { return a * b - c / (d ? d : 1); }
unsigned short us(unsigned short x) { return x >> 3; }
""",
    "c07": r"""
struct point { int x, y; };
struct point mk(int x, int y) { struct point p = {x, y}; return p; }
int dot(struct point *a, struct point *b) { return a->x * b->x + a->y * b->y; }
struct big { long a[5]; };
long sbig(struct big b) { return b.a[0] + b.a[4]; }
""",
    "c08": r"""
int divmod(int a, int b, int *rem) { *rem = a % b; return a / b; }
unsigned udiv(unsigned a, unsigned b) { return a / b + a % b; }
long ldiv_(long a, long b) { return a / b; }
int shifts(int a, unsigned b, int c) { return (a << c) + (b >> c) + (a >> 3) + (a << 5); }
""",
    "c09": r"""
double avg(double *v, int n) { double s = 0; for (int i = 0; i < n; i++) s += v[i]; return n ? s / n : 0.0; }
float fmulf(float a, float b) { return a * b + 1.5f; }
int dtoi(double d) { return (int)d; }
double itod(long x) { return (double)x * 2.5; }
""",
    "c10": r"""
int g_counter; static int s_hidden = 7; extern int ext_val;
int bump(void) { g_counter++; s_hidden += ext_val; return g_counter + s_hidden; }
""",
    "c11": r"""
int max3(int a, int b, int c) { int m = a; if (b > m) m = b; if (c > m) m = c; return m; }
int sign(long x) { return x > 0 ? 1 : x < 0 ? -1 : 0; }
int inrange(unsigned x) { return x >= 10 && x <= 20; }
""",
    "c12": r"""
void bubble(int *a, int n) {
  for (int i = 0; i < n - 1; i++) for (int j = 0; j < n - 1 - i; j++)
    if (a[j] > a[j + 1]) { int t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; }
}
""",
    "c13": r"""
int fib(int n) { int a = 0, b = 1; do { int t = a + b; a = b; b = t; } while (--n > 0); return a; }
int gcd(int a, int b) { while (b) { int t = a % b; a = b; b = t; } return a; }
""",
    "c14": r"""
int matrix[4][4];
int trace(void) { int t = 0; for (int i = 0; i < 4; i++) t += matrix[i][i]; return t; }
void ident(void) { for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) matrix[i][j] = i == j; }
""",
    "c15": r"""
typedef int (*op)(int, int);
int add(int a, int b) { return a + b; }
int sub(int a, int b) { return a - b; }
op ops[2] = { add, sub };
int apply(int i, int a, int b) { return ops[i](a, b); }
""",
    "c16": r"""
int count_bits(unsigned long x) { int c = 0; while (x) { c += x & 1; x >>= 1; } return c; }
unsigned rotl(unsigned x, int r) { return (x << r) | (x >> (32 - r)); }
int parity(unsigned x) { x ^= x >> 16; x ^= x >> 8; x ^= x >> 4; return (0x6996 >> (x & 0xf)) & 1; }
""",
    "c17": r"""
long big_const(void) { return 0x1122334455667788L; }
long neg(long x) { return -x - 100000; }
unsigned long mask(unsigned long x) { return x & 0xffffffff00ULL; }
int neg1(void) { return -1; }
""",
    "c18": r"""
char buf[64];
char *itoa_(int v) { char *p = buf + 63; int neg = v < 0; unsigned u = neg ? -v : v; *p = 0;
  do { *--p = '0' + u % 10; u /= 10; } while (u); if (neg) *--p = '-'; return p; }
""",
    "c19": r"""
int isdig(int c) { return c >= '0' && c <= '9'; }
int atoi_(const char *s) { int n = 0, sg = 1; if (*s == '-') { sg = -1; s++; }
  while (isdig(*s)) n = n * 10 + (*s++ - '0'); return sg * n; }
""",
    "c20": r"""
struct node { int val; struct node *next; };
int list_sum(struct node *n) { int s = 0; for (; n; n = n->next) s += n->val; return s; }
struct node *find(struct node *n, int v) { while (n && n->val != v) n = n->next; return n; }
""",
    "c21": r"""
int local_array(void) { int a[20]; for (int i = 0; i < 20; i++) a[i] = i; int s = 0; for (int i = 0; i < 20; i += 3) s += a[i]; return s; }
""",
    "c22": r"""
#include <stdarg.h>
int vsum(int n, ...) { va_list ap; va_start(ap, n); int s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }
""",
    "c23": r"""
static int helper(int x) { return x * 3 + 1; }
int collatz(int n) { int steps = 0; while (n != 1) { n = (n & 1) ? helper(n) : n / 2; steps++; } return steps; }
""",
    "c24": r"""
unsigned char table[256];
void init(void) { for (int i = 0; i < 256; i++) table[i] = (unsigned char)(i * 7 + 3); }
int lookup(unsigned char c) { return table[c]; }
""",
    "c25": r"""
long mul3(long a, long b, long c) { return a * b * c; }
unsigned long umod(unsigned long a) { return a % 1000; }
long sdiv7(long a) { return a / 7; }
int idiv3(int a) { return a / 3; }
""",
    "c26": r"""
void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }
void reverse(int *a, int n) { for (int i = 0, j = n - 1; i < j; i++, j--) swap(&a[i], &a[j]); }
""",
    "c27": r"""
const char *names[] = { "zero", "one", "two", "three" };
const char *name(int i) { return i >= 0 && i < 4 ? names[i] : "many"; }
char first(int i) { return name(i)[0]; }
""",
    "c28": r"""
int loop_break(int *a, int n, int key) { int i; for (i = 0; i < n; i++) { if (a[i] == key) break; if (a[i] < 0) continue; a[i]++; } return i; }
int nested(int n) { int c = 0; for (int i = 0; i < n; i++) for (int j = i; j < n; j++) if ((i ^ j) & 1) c++; return c; }
""",
    "c29": r"""
long long ll(long long a, long long b) { return a * b + (a >> 7); }
unsigned long long ull(unsigned long long a) { return a / 3 + (a << 40); }
signed char sc(signed char a) { return a >> 1; }
""",
    "c30": r"""
int g_arr[3] = {1, 2, 3};
int *ptr = &g_arr[1];
int deref(void) { return *ptr + ptr[-1] + *(ptr + 1); }
int ptrdiff(int *a, int *b) { return b - a; }
""",
    "c31": r"""
static const int sq[] = {0, 1, 4, 9, 16, 25, 36, 49};
int square(int i) { return sq[i & 7]; }
int ternary_chain(int x) { return x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : 4; }
""",
    "c32": r"""
int bigswitch(int c) { switch (c) { case 'a': return 1; case 'e': return 2; case 'i': return 3; case 'o': return 4; case 'u': return 5; case 'y': return 6; case 'z': return 9; } return 0; }
""",
}

PROG = r"""
static const char msg[] = "hi there\n";
int counter; int data_v = 42; long table[8] = {1, 2, 3};
static long sys3(long n, long a, long b, long c) {
#ifdef __x86_64__
  long r; __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return r;
#else
  register long x8 __asm__("x8") = n; register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b; register long x2 __asm__("x2") = c;
  __asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
#endif
}
int square(int x) { return x * x; }
int sum_table(void) { long s = 0; for (int i = 0; i < 8; i++) s += table[i]; return (int)s; }
void _start(void) {
#ifdef __x86_64__
  sys3(1, 1, (long)msg, sizeof msg - 1); counter = square(data_v) + sum_table(); sys3(60, counter & 0xff, 0, 0);
#else
  sys3(64, 1, (long)msg, sizeof msg - 1); counter = square(data_v) + sum_table(); sys3(93, counter & 0xff, 0, 0);
#endif
  for (;;) ;
}
"""

# Hand-written assembly for what gcc does not emit often: every AArch64 condition
# (alias comments), MOV immediates, FP immediates, literals, data words ($d), undefined
# words; x86 string ops, prefixes, NOP forms, absolute and segment addressing.
ASM = {
    "x86_64": """
    .text
    .globl f
f:  movabs $0x1122334455667788,%rax
    rep stosq
    rep movsb
    nopw 0(%rax,%rax,1)
    .byte 0x66,0x2e,0x0f,0x1f,0x84,0,0,0,0,0
    .byte 0x66,0x90
    mov %fs:0x28,%rax
    mov 0x1000,%eax
    lea 0(,%rax,8),%rdx
    shl %cl,%eax
    sarl -4(%rbp)
    cvtsi2sdl -8(%rbp),%xmm0
    cvtsi2sd %rax,%xmm1
    movq %xmm0,%rax
    jmp *%rax
    call *8(%rax)
    cltq
    cqto
    imul $-3,%eax,%ecx
    and $-16,%rsp
    movzbl (%rdi),%eax
    movsbw %al,%cx
    setg %al
    cmovl %edx,%eax
    xchg %rbx,%rax
    ret
    .zero 16
    .byte 0x0f,0x0b
""",
    "aarch64": """
    .text
    .globl f
f:  b.eq f
    b.ne f
    b.cs f
    b.cc f
    b.mi f
    b.pl f
    b.hi f
    b.ls f
    b.ge f
    b.lt f
    cset w0, cs
    csel x0, x1, x2, lo
    mov w0, #-1
    mov x0, #0xff00ff00ff00ff
    mov w1, #0x10000
    movk x0, #0x1234, lsl #16
    fmov d0, #1.0
    fmov s1, #-2.5
    add x0, x1, #1, lsl #12
    ubfx x0, x1, #3, #5
    ccmp w0, #5, #4, ne
    ldr x0, [x1, w2, uxtw #3]
    ldp x0, x1, [sp], #16
    str d0, [sp, #-16]!
    ldur w0, [x29, #-4]
    tbz w0, #3, f
    cbnz x2, f
    ldr w0, f
    adr x3, f
    svc #0
    ret
    .word 0x12345678
    .inst 0xffffffff
    nop
""",
}


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """All inputs, compiled once: {arch: {"objs": [...], "exes": [...], "gobjs": [...], "lib": path}}."""
    root = tmp_path_factory.mktemp("binutils")
    out = {}
    for arch, cfg in ARCHES.items():
        if not _have(cfg["gcc"]):
            continue
        d = root / arch
        d.mkdir()
        for name, src in CORPUS.items():
            (d / f"{name}.c").write_text(src)
        objs = []
        for opt in ("-O0", "-O1", "-O2"):
            od = d / opt
            od.mkdir()
            subprocess.run([cfg["gcc"], opt, "-c", *[str(d / f"{n}.c") for n in CORPUS]], cwd=od, check=True)
            objs += sorted(od.glob("*.o"))
        gd = d / "g"
        gd.mkdir()
        picks = ["c03", "c04", "c12", "c20"]
        subprocess.run([cfg["gcc"], "-g", "-O1", "-c", *[str(d / f"{n}.c") for n in picks]], cwd=gd, check=True)
        (d / "prog.c").write_text(PROG)
        exes = []
        for tag, extra in (("prog", ["-O1"]), ("progg", ["-O0", "-g"])):
            exe = d / tag
            subprocess.run([cfg["gcc"], *extra, "-static", "-nostdlib", "-fno-pie", "-no-pie",
                            str(d / "prog.c"), "-o", str(exe)], check=True)
            exes.append(exe)
        (d / "hand.s").write_text(ASM[arch])
        subprocess.run([cfg["gcc"], "-c", str(d / "hand.s"), "-o", str(d / "hand.o")], check=True)
        lib = d / "libt.a"
        ar = shutil.which(cfg["prefix"] + "ar") or shutil.which("ar")
        subprocess.run([ar, "rcs", str(lib), *map(str, objs[:6])], check=True)
        out[arch] = dict(objs=objs, exes=exes, gobjs=sorted(gd.glob("*.o")), hand=d / "hand.o", lib=lib, dir=d)
    if not out:
        pytest.skip("no reference compilers")
    return out


def arch_inputs(built, arch):
    if arch not in built:
        pytest.skip(f"no {arch} toolchain")
    return built[arch]


def _od(path, flags):
    f = set(flags.lstrip("-"))
    return objdump(path.read_bytes(), str(path), disassemble="d" in f, reloc="r" in f,
                   syms="t" in f, headers="h" in f, full_contents="s" in f, line_numbers="l" in f)


@pytest.mark.parametrize("arch", ARCHES)
def test_objdump_disassembly_corpus(built, arch):
    """objdump -d on the corpus: every row equal. The rate is in the message either way."""
    inp = arch_inputs(built, arch)
    equal = total = 0
    diffs = []
    for o in inp["objs"]:
        ref = gnu(arch, "objdump", "-d", str(o))
        mine = _od(o, "-d")
        e, t = same_rows(ref, mine)
        equal, total = equal + e, total + t
        if ref != mine:
            diffs.append(f"{o}\n{show_diff(ref, mine)}")
    print(f"{arch} objdump -d corpus: {equal}/{total} rows equal ({100.0 * equal / total:.2f}%)")
    assert not diffs, f"{equal}/{total} rows equal\n" + "\n".join(diffs[:3])


@pytest.mark.parametrize("arch", ARCHES)
@pytest.mark.parametrize("flags", ["-dr", "-t", "-h", "-s", "-r", "-htrs"])
def test_objdump_objects(built, arch, flags):
    inp = arch_inputs(built, arch)
    for o in inp["objs"][::3] + [inp["hand"]]:
        ref = gnu(arch, "objdump", flags, str(o))
        mine = _od(o, flags)
        assert mine == ref, f"{o}\n{show_diff(ref, mine)}"


@pytest.mark.parametrize("arch", ARCHES)
@pytest.mark.parametrize("flags", ["-d", "-dl", "-dr", "-t", "-h", "-s", "-hts"])
def test_objdump_executables(built, arch, flags):
    inp = arch_inputs(built, arch)
    for exe in inp["exes"]:
        ref = gnu(arch, "objdump", flags, str(exe))
        mine = _od(exe, flags)
        assert mine == ref, f"{exe}\n{show_diff(ref, mine)}"


@pytest.mark.parametrize("arch", ARCHES)
def test_objdump_line_numbers(built, arch):
    inp = arch_inputs(built, arch)
    for o in inp["gobjs"]:
        for flags in ("-dl", "-drl"):
            ref = gnu(arch, "objdump", flags, str(o))
            mine = _od(o, flags)
            assert mine == ref, f"{o}\n{show_diff(ref, mine)}"


@pytest.mark.parametrize("arch", ARCHES)
def test_objdump_hand_written(built, arch):
    inp = arch_inputs(built, arch)
    ref = gnu(arch, "objdump", "-dr", str(inp["hand"]))
    mine = _od(inp["hand"], "-dr")
    assert mine == ref, show_diff(ref, mine, 60)


@pytest.mark.parametrize("arch", ARCHES)
def test_archives(built, arch):
    inp = arch_inputs(built, arch)
    lib = inp["lib"]
    for flags in ("-d", "-t"):
        ref = gnu(arch, "objdump", flags, str(lib))
        assert _od(lib, flags) == ref
    assert nm(lib.read_bytes(), str(lib)) == gnu(arch, "nm", str(lib))
    ref = gnu(arch, "readelf", "-hSsrl", str(lib))
    assert readelf(lib.read_bytes(), str(lib), file_header=True, section_headers=True, symbols=True,
                   relocs=True, program_headers=True) == ref


@pytest.mark.parametrize("arch", ARCHES)
def test_nm(built, arch):
    inp = arch_inputs(built, arch)
    for f in inp["objs"] + inp["exes"] + inp["gobjs"] + [inp["hand"]]:
        ref = gnu(arch, "nm", str(f))
        assert nm(f.read_bytes(), str(f)) == ref, f"{f}\n{show_diff(ref, nm(f.read_bytes(), str(f)))}"


@pytest.mark.parametrize("arch", ARCHES)
@pytest.mark.parametrize("flags", ["-h", "-S", "-s", "-r", "-l", "-hSsrl", "-Sl"])
def test_readelf(built, arch, flags):
    inp = arch_inputs(built, arch)
    for f in inp["objs"][::4] + inp["exes"] + inp["gobjs"][:1]:
        ref = gnu(arch, "readelf", flags, str(f))
        mine = readelf(f.read_bytes(), str(f), file_header="h" in flags, section_headers="S" in flags,
                       symbols="s" in flags, relocs="r" in flags, program_headers="l" in flags)
        assert mine == ref, f"{f}\n{show_diff(ref, mine)}"


TEXTS = {
    "hello.c": b'#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n',
    "sum.c": CORPUS["c01"].encode(),
    "plain.c": CORPUS["c02"].encode(),
    "node.c": CORPUS["c20"].encode(),
    "defs.h": b"#ifndef DEFS_H\n#define DEFS_H\nint f(void);\n#endif\n",
    "proto.h": b"int f(void);\n",
    "notes.txt": b"some notes\n",
    "dos.txt": b"a\r\nb\r\n",
    "utf8.txt": "caf\u00e9\n".encode(),
    "long.txt": b"x" * 400 + b"\n",
    "noeol.txt": b"no newline",
    "blob.bin": b"\x00\xff\x13\x37" + random.Random(1).randbytes(300),
    "empty": b"",
    "start.s": b"\t.text\n\t.globl _start\n_start:\n\tret\n",
    "run.sh": b"#!/bin/sh\necho hi\n",
}


def test_file_kinds(built, tmp_path):
    paths = []
    for name, content in TEXTS.items():
        p = tmp_path / name
        p.write_bytes(content)
        paths.append(p)
    for arch in built.values():
        paths += arch["objs"][:2] + arch["exes"] + arch["gobjs"][:1] + [arch["lib"]]
    for p in paths:
        ref = gnu("x86_64", "file", "-b", str(p)).rstrip("\n")
        assert file_type(p.read_bytes(), p.name) == f"{p.name}: {ref}", p


def test_disassemble_api():
    code = bytes.fromhex("554889e5be05000000e800000000c3")
    insns = disassemble(code, 0x1000, X86_64)
    assert [i.mnemonic for i in insns] == ["push", "mov", "mov", "call", "ret"]
    assert insns[2].operands == "$0x5,%esi"
    assert insns[3].target == 0x100e and insns[3].operands == "100e"
    assert isinstance(insns[0], Instruction) and insns[0].bytes == b"\x55"
    a = disassemble(bytes.fromhex("fd7bbea9a1008052" "00000094"), 0, AARCH64)
    assert [(i.mnemonic, i.operands) for i in a] == [
        ("stp", "x29, x30, [sp, #-32]!"), ("mov", "w1, #0x5                   \t// #5"), ("bl", "8")]
    assert disassemble(b"\x06", 0, "x86_64")[0].mnemonic == "(bad)"


def test_bad_input_is_a_tool_error(built):
    with pytest.raises(ToolError, match=r"^objdump: t\.s: file format not recognized$"):
        objdump(b"\tret\n", "t.s", disassemble=True)
    with pytest.raises(ToolError, match=r"^nm: t\.s: file format not recognized$"):
        nm(b"\tret\n", "t.s")
    with pytest.raises(ToolError, match=r"^readelf: Error: Not an ELF file"):
        readelf(b"\tret\n", "t.s", file_header=True)
    seeds = [f.read_bytes() for arch in built.values() for f in (arch["objs"][0], arch["exes"][0], arch["lib"])]
    rng = random.Random(7)
    for _ in range(60):
        d = bytearray(rng.choice(seeds))
        if rng.random() < 0.3:
            d = d[:rng.randrange(len(d))]
        else:
            for _ in range(rng.randint(1, 20)):
                d[rng.randrange(min(len(d), 256))] = rng.randrange(256)
        d = bytes(d)
        for call in (lambda: objdump(d, "x.o", disassemble=True, reloc=True, syms=True, headers=True,
                                     full_contents=True, line_numbers=True),
                     lambda: nm(d, "x.o"),
                     lambda: readelf(d, "x.o", file_header=True, section_headers=True, symbols=True,
                                     relocs=True, program_headers=True),
                     lambda: file_type(d, "x.o")):
            try:
                call()
            except ToolError:
                pass
