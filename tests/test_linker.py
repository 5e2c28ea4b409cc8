"""The linker, differentially against GNU ld 2.40: the same objects (made by gcc -c and GNU as)
linked by ours and by `ld -static` must run the same (natively on x86-64, under
qemu-aarch64 for AArch64), GNU readelf must read ours without complaint, and the error
messages must be GNU's."""
from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from toolchain.diagnostics import ToolError
from toolchain.linker import link

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed"

ARCHES = {
    "x86_64": dict(gcc="gcc", as_="as", ld="ld", ar="ar", readelf="readelf", objdump="objdump",
                   run=[], start="""
        .globl _start, wr
        _start:
            call main
            mov %eax, %edi
            mov $60, %eax
            syscall
        wr:
            mov $1, %eax
            syscall
            ret
        .section .note.GNU-stack,"",@progbits
    """),
    "aarch64": dict(gcc="aarch64-linux-gnu-gcc", as_="aarch64-linux-gnu-as",
                    ld="aarch64-linux-gnu-ld", ar="ar", readelf="aarch64-linux-gnu-readelf",
                    objdump="aarch64-linux-gnu-objdump", run=["qemu-aarch64"], start="""
        .globl _start, wr
        _start:
            bl main
            mov x8, #93
            svc #0
        wr:
            mov x8, #64
            svc #0
            ret
        .section .note.GNU-stack,"",%progbits
    """),
}


def _have(tool):
    return shutil.which(tool) is not None


def _tools(arch):
    t = ARCHES[arch]
    missing = [x for x in (t["gcc"], t["as_"], t["ld"]) + tuple(t["run"]) if not _have(x)]
    if missing:
        pytest.skip(f"missing {missing}")
    return t


PROG = r"""
long wr(int fd, const void *buf, long n);
static const char *names[] = {"zero", "one", "two", "three"};
struct pt { int x, y; } pts[3] = {{1, 2}, {3, 4}, {5, 6}};
int counter = 7;
int zeroed[16];
long big_table[300];
int (*ops[2])(int, int);
const char *greeting = "hello";
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
int sw(int x) {
    switch (x) { case 0: return 10; case 1: return 21; case 2: return 32; case 3: return 43;
                 case 4: return 54; case 5: return 65; default: return 7; }
}
static unsigned long slen(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
static void say(const char *s) { wr(1, s, slen(s)); wr(1, "\n", 1); }
static void num(long v) {
    char buf[24]; int i = 23; buf[i] = 0;
    if (v == 0) buf[--i] = '0';
    while (v) { buf[--i] = '0' + v % 10; v /= 10; }
    say(buf + i);
}
int main(void) {
    ops[0] = add; ops[1] = mul;
    for (int i = 0; i < 4; i++) say(names[i]);
    say(greeting); say("llo");
    for (int i = 0; i < 3; i++) num(ops[i & 1](pts[i].x, pts[i].y));
    for (int i = 0; i < 7; i++) num(sw(i));
    zeroed[3] = counter; big_table[299] = 5;
    num(zeroed[3] + zeroed[2] + big_table[299]);
    return (sw(4) + counter) & 0x7f;
}
"""

LIB = {
    "sum.c": "int sum(int a, int b) { return a + b; }\n",
    "mul.c": "int sum(int, int);\nint mul3(int a, int b, int c) { return sum(a, 0) * b * c; }\n",
    "unused.c": "int unused_fn(void) { return 99; }\n",
}
LIBMAIN = "int mul3(int, int, int);\nint main(void) { return mul3(2, 3, 4); }\n"


class Work:
    def __init__(self, root: Path, arch: str):
        self.dir = root / arch
        self.dir.mkdir(parents=True, exist_ok=True)
        self.arch = arch
        self.t = _tools(arch)

    def path(self, name):
        return self.dir / name

    def cc(self, name, source, *flags):
        src = self.path(name)
        src.write_text(source)
        obj = src.with_suffix(".o")
        subprocess.run([self.t["gcc"], "-c", *flags, src.name, "-o", obj.name], check=True,
                       cwd=self.dir)
        return obj

    def asm(self, name, source):
        src = self.path(name)
        src.write_text(source)
        obj = src.with_suffix(".o")
        subprocess.run([self.t["as_"], str(src), "-o", str(obj)], check=True, cwd=self.dir)
        return obj

    def start(self):
        return self.asm("start.s", self.t["start"])

    def gnu_ld(self, out, objs, *extra):
        return subprocess.run([self.t["ld"], "-static", "-o", str(self.path(out)), *extra,
                               *[Path(o).name for o in objs]], cwd=self.dir,
                              capture_output=True, text=True)

    def ours(self, out, objs, **kw):
        result = link([(Path(o).name, Path(o).read_bytes()) for o in objs], **kw)
        p = self.path(out)
        p.write_bytes(result.executable)
        p.chmod(0o755)
        return result

    def run(self, exe):
        r = subprocess.run(self.t["run"] + [str(self.path(exe))], capture_output=True, timeout=20)
        return r.returncode, r.stdout

    def readelf_warnings(self, exe):
        r = subprocess.run([self.t["readelf"], "-a", "-W", str(self.path(exe))],
                           capture_output=True, text=True)
        return r.stderr, r.stdout


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("linker")


@pytest.fixture(scope="module", params=["x86_64", "aarch64"])
def work(root, request):
    return Work(root, request.param)


def _nm(t, exe):
    out = subprocess.run([t["readelf"], "-sW", str(exe)], capture_output=True, text=True).stdout
    syms = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 8 and f[4] in ("GLOBAL", "WEAK") and f[6] != "UND":
            syms[f[7]] = int(f[1], 16)
    return syms


# ---------------------------------------------------------------- behaviour, both arches

def test_seed_links_and_matches_gnu(work):
    for f in ("sum.c", "main.c", "sum.h"):
        shutil.copy(SEED / f, work.path(f))
    objs = [work.start()]
    for f in ("main.c", "sum.c"):
        subprocess.run([work.t["gcc"], "-c", "-O0", f], check=True, cwd=work.dir)
        objs.append(work.path(f.replace(".c", ".o")))
    g = work.gnu_ld("seed_gnu", objs)
    assert g.returncode == 0, g.stderr
    res = work.ours("seed_ours", objs)
    assert work.run("seed_ours") == work.run("seed_gnu") == (8, b"")
    # Same layout as GNU ld for this program: every global at the same address.
    gnu_syms, our_syms = _nm(work.t, work.path("seed_gnu")), _nm(work.t, work.path("seed_ours"))
    assert our_syms == gnu_syms
    assert res.entry == our_syms["_start"] == res.symbols["_start"]
    err, _ = work.readelf_warnings("seed_ours")
    assert err == ""

    # The lesson's relocation: main's call to sum.
    call = next(r for r in res.relocations if r.input == "main.o" and r.symbol == "sum")
    exe = res.executable
    text = next(s for s in res.sections if s.name == ".text")
    at = text.offset + (call.address - text.address)
    if work.arch == "x86_64":
        assert call.type == "R_X86_64_PLT32" and call.formula == "S+A-P" and call.A == -4
        assert call.bytes_before == bytes.fromhex("e8 00000000")
        assert call.value == call.S + call.A - call.address == our_syms["sum"] - 4 - call.address
        assert call.bytes_after == b"\xe8" + struct.pack("<i", call.value)
        assert exe[at - 1:at + 4] == call.bytes_after
    else:
        assert call.type == "R_AARCH64_CALL26" and call.S == our_syms["sum"]
        assert call.bytes_after == exe[at:at + 4]
        insn = struct.unpack("<I", call.bytes_after)[0]
        assert insn >> 26 == 0b100101 and (insn & 0x3FFFFFF) == (call.value >> 2) & 0x3FFFFFF


@pytest.mark.parametrize("opt", ["-O0", "-O2"])
def test_program_with_data_same_as_gnu(work, opt):
    obj = work.cc(f"prog{opt}.c", PROG, opt, "-g", "-fno-tree-loop-distribute-patterns")
    objs = [work.start(), obj]
    g = work.gnu_ld(f"prog{opt}_gnu", objs)
    assert g.returncode == 0, g.stderr
    res = work.ours(f"prog{opt}_ours", objs)
    gnu = work.run(f"prog{opt}_gnu")
    assert gnu[1].startswith(b"zero\none\ntwo\nthree\nhello\nllo\n")
    assert work.run(f"prog{opt}_ours") == gnu
    err, out = work.readelf_warnings(f"prog{opt}_ours")
    assert err == ""
    names = [s.name for s in res.sections]
    for want in (".text", ".rodata", ".data", ".bss", ".debug_info", ".debug_line"):
        assert want in names
    d = subprocess.run([work.t["objdump"], "-d", str(work.path(f"prog{opt}_ours"))],
                       capture_output=True, text=True)
    assert d.returncode == 0 and "<main>:" in d.stdout and "<sw>:" in d.stdout
    # Debug line info was relocated: GNU's decoder maps addresses into main.
    if opt == "-O0":
        lines = subprocess.run([work.t["objdump"], "--dwarf=decodedline",
                                str(work.path(f"prog{opt}_ours"))], capture_output=True, text=True)
        assert hex(res.symbols["main"])[2:] in lines.stdout
    # Segments: offsets congruent to addresses, RW has the .bss.
    for seg in res.segments:
        if seg.type == 1:
            assert seg.offset % seg.align == seg.vaddr % seg.align


def test_archive_pulls_only_what_is_needed(work):
    members = [work.cc(n, src, "-O0") for n, src in LIB.items()]
    lib = work.path("libx.a")
    lib.unlink(missing_ok=True)
    subprocess.run([work.t["ar"], "rcs", str(lib)] + [m.name for m in members], check=True,
                   cwd=work.dir)
    main = work.cc("libmain.c", LIBMAIN, "-O0")
    objs = [work.start(), main, lib]
    g = work.gnu_ld("lib_gnu", objs, "-Map", str(work.path("lib.map")))
    assert g.returncode == 0, g.stderr
    res = work.ours("lib_ours", objs)
    assert work.run("lib_ours") == work.run("lib_gnu") == (24, b"")
    assert [(p.member, p.symbol, p.referenced_by) for p in res.pulled] == [
        ("libx.a(mul.o)", "mul3", "libmain.o"), ("libx.a(sum.o)", "sum", "libx.a(mul.o)")]
    gnu_map = work.path("lib.map").read_text()
    assert "libx.a(mul.o)" in gnu_map and "libx.a(unused.o)" not in gnu_map
    assert "unused_fn" not in res.symbols
    assert "libx.a(sum.o)" in res.map_text()

    # GNU order semantics: an archive before the object that needs it is not searched again.
    with pytest.raises(ToolError) as e:
        work.ours("lib_bad", [work.start(), lib, main])
    g = work.gnu_ld("lib_bad_gnu", [work.start(), lib, main])
    assert g.returncode != 0
    assert str(e.value).splitlines() == g.stderr.replace(f"{work.t['ld']}: ", "ld: ").splitlines()


def test_got_init_array_weak_common(work):
    if work.arch == "x86_64":
        src = """
        .globl main
        main:
            mov counter@GOTPCREL(%rip), %rax
            mov (%rax), %eax
            call *bump@GOTPCREL(%rip)
            mov weakref@GOTPCREL(%rip), %rcx
            add %rcx, %rax
            lea __init_array_start(%rip), %rcx
            lea __init_array_end(%rip), %rdx
            sub %rcx, %rdx
            add %rdx, %rax
            add common_thing(%rip), %eax
            ret
        bump: ret
        .weak weakref
        .data
        .globl counter
        counter: .long 30
        .comm common_thing, 8, 8
        .section .init_array,"aw"
        .quad main
        .section .note.GNU-stack,"",@progbits
        """
    else:
        src = """
        .globl main
        main:
            stp x29, x30, [sp, -16]!
            adrp x0, :got:counter
            ldr x0, [x0, :got_lo12:counter]
            ldr w0, [x0]
            adrp x1, :got:weakref
            ldr x1, [x1, :got_lo12:weakref]
            add x0, x0, x1
            adrp x1, __init_array_start
            add x1, x1, :lo12:__init_array_start
            movz x2, #:abs_g1:__init_array_end
            movk x2, #:abs_g0_nc:__init_array_end
            sub x2, x2, x1
            add x0, x0, x2
            adrp x1, common_thing
            ldr x1, [x1, :lo12:common_thing]
            add x0, x0, x1
            ldp x29, x30, [sp], 16
            ret
        .weak weakref
        .data
        .globl counter
        counter: .word 30
        .comm common_thing, 8, 8
        .section .init_array,"aw"
        .xword main
        .section .note.GNU-stack,"",%progbits
        """
    objs = [work.start(), work.asm("got.s", src)]
    g = work.gnu_ld("got_gnu", objs)
    assert g.returncode == 0, g.stderr
    res = work.ours("got_ours", objs)
    assert work.run("got_ours") == work.run("got_gnu") == (38, b"")
    assert work.readelf_warnings("got_ours")[0] == ""
    if work.arch == "x86_64":
        relaxed = [r for r in res.relocations if "relaxed" in r.note]
        assert {r.symbol for r in relaxed} == {"counter", "bump"}
        lea = next(r for r in relaxed if r.symbol == "counter")
        assert lea.bytes_before[:2] == b"\x48\x8b" and lea.bytes_after[:2] == b"\x48\x8d"
    else:
        assert any(s.name == ".got" for s in res.sections)
    assert res.symbols.get("weakref", 0) == 0


ORPHAN_WEAK = (r"""
__attribute__((section("mysec"))) int tab1[] = {1, 2, 3};
extern int __start_mysec[], __stop_mysec[];
__attribute__((weak)) int wv = 5;
__attribute__((weak)) int wf(void) { return 1; }
extern int wu(void) __attribute__((weak));
int cm __attribute__((common));
__attribute__((cold)) int coldf(int x) { return x * 3; }
int main(void) {
    int s = 0;
    for (int *p = __start_mysec; p < __stop_mysec; p++) s += *p;
    return s + wv + wf() + (wu ? 1 : 0) + cm + coldf(1);
}
""", r"""
__attribute__((section("mysec"))) int tab2[] = {10};
int wv = 20;
int wf(void) { return 2; }
int cm __attribute__((common));
long cm2 __attribute__((common));
""")


def test_orphans_weak_common_same_symbols_as_gnu(work):
    objs = [work.start(), work.cc("ow1.c", ORPHAN_WEAK[0], "-O1"),
            work.cc("ow2.c", ORPHAN_WEAK[1], "-O1")]
    g = work.gnu_ld("ow_gnu", objs)
    assert g.returncode == 0, g.stderr
    res = work.ours("ow_ours", objs)
    assert work.run("ow_ours") == work.run("ow_gnu") == (41, b"")
    assert _nm(work.t, work.path("ow_ours")) == _nm(work.t, work.path("ow_gnu"))
    assert [s.name for s in res.sections if s.address] == [
        s for s in subprocess.run([work.t["readelf"], "-SW", str(work.path("ow_gnu"))],
                                  capture_output=True, text=True).stdout.split()
        if s in {s.name for s in res.sections if s.address}]


# ---------------------------------------------------------------- GNU's error messages

def _gnu_text(t, proc):
    return proc.stderr.replace(f"{t['ld']}: ", "ld: ").splitlines()


@pytest.fixture(scope="module")
def x86(root):
    return Work(root, "x86_64")


def test_undefined_reference_message(x86):
    main = x86.cc("u.c", "extern int foo(void);\nint d = 1;\nextern int zz;\nint *p = &zz;\n"
                  "int main(void){ return foo()+foo()+foo()+foo()+foo()+foo()+foo(); }\n"
                  "int g(void) { return foo(); }\n", "-O0")
    objs = [x86.start(), main]
    g = x86.gnu_ld("u_gnu", objs)
    with pytest.raises(ToolError) as e:
        x86.ours("u_ours", objs)
    assert g.returncode != 0
    assert str(e.value).splitlines() == _gnu_text(x86.t, g)
    assert "ld: u.o: in function `main':" in str(e.value)
    assert "u.c:(.text+0x" in str(e.value)


def test_seed_undefined_sum(x86):
    shutil.copy(SEED / "main.c", x86.path("main.c"))
    shutil.copy(SEED / "sum.h", x86.path("sum.h"))
    subprocess.run(["gcc", "-c", "-O0", "main.c"], check=True, cwd=x86.dir)
    with pytest.raises(ToolError) as e:
        x86.ours("nosum", [x86.start(), x86.path("main.o")])
    assert str(e.value).splitlines() == [
        "ld: main.o: in function `main':", "main.c:(.text+0xf): undefined reference to `sum'"]


def test_multiple_definition_message(x86):
    a = x86.cc("sum.c", LIB["sum.c"] + "int dup = 1;\n", "-O0")
    shutil.copy(a, x86.path("other.o"))
    main = x86.cc("libmain2.c", "int sum(int,int);\nint main(void){return sum(1,2);}\n", "-O0")
    objs = [x86.start(), main, x86.path("other.o"), a]
    g = x86.gnu_ld("md_gnu", objs)
    with pytest.raises(ToolError) as e:
        x86.ours("md_ours", objs)
    assert str(e.value).splitlines() == _gnu_text(x86.t, g)
    assert ("sum.c:(.text+0x0): multiple definition of `sum'; other.o:sum.c:(.text+0x0): "
            "first defined here") in str(e.value)


def test_missing_entry_is_a_warning(x86):
    main = x86.cc("noentry.c", "int main(void){return 0;}\n", "-O0")
    g = x86.gnu_ld("ne_gnu", [main])
    res = x86.ours("ne_ours", [main])
    assert g.returncode == 0
    assert [d.render() for d in res.warnings] == _gnu_text(x86.t, g)
    assert res.entry == next(s.address for s in res.sections if s.name == ".text")


def test_relocation_truncated(x86):
    big = x86.asm("big.s", ".globl big\n.set big, 0x100000000\n"
                  ".section .note.GNU-stack,\"\",@progbits\n")
    o = x86.asm("trunc.s", """
        .globl _start
        _start: ret
        .type f,@function
        f:
            movl $big, %eax
            movl $v+3, %eax
            movw $big, %ax
            ret
        .data
        .byte 0
        v: .quad 0
        .section .note.GNU-stack,"",@progbits
    """)
    g = x86.gnu_ld("tr_gnu", [o, big])
    with pytest.raises(ToolError) as e:
        x86.ours("tr_ours", [o, big])
    ours = str(e.value).splitlines()
    assert g.returncode != 0 and ours[0] == "trunc.o: in function `f':"
    assert ours == [ln.replace(str(x86.path("tr_gnu")), "a.out") for ln in _gnu_text(x86.t, g)]


def test_bad_inputs_are_tool_errors(x86, root):
    aw = Work(root, "aarch64")
    a64 = x86.path("a64.o")
    shutil.copy(aw.cc("a.c", "int a(void){return 1;}\n", "-O0"), a64)
    objs = [x86.start(), a64]
    g = x86.gnu_ld("wm_gnu", objs)
    with pytest.raises(ToolError) as e:
        x86.ours("wm_ours", objs)
    assert str(e.value).splitlines() == _gnu_text(x86.t, g)

    garbage = x86.path("g.o")
    garbage.write_text("garbage\n")
    with pytest.raises(ToolError) as e:
        x86.ours("garbage", [x86.start(), garbage])
    assert str(e.value).splitlines() == _gnu_text(x86.t, x86.gnu_ld("gg", [x86.start(), garbage]))

    main = x86.cc("badrel.c", "int x; int main(void){return x;}\n", "-O0")
    data = bytearray(main.read_bytes())
    out = subprocess.run(["readelf", "-SW", str(main)], capture_output=True, text=True).stdout
    line = next(ln for ln in out.splitlines() if ".rela.text" in ln)
    off = int(line.split("RELA")[1].split()[1], 16)
    o, info, a = struct.unpack_from("<QQq", data, off)
    struct.pack_into("<QQq", data, off, o, (info & ~0xFFFFFFFF) | 0x99, a)
    with pytest.raises(ToolError) as e:
        link([("start.o", x86.start().read_bytes()), ("badrel.o", bytes(data))])
    assert "ld: badrel.o: unsupported relocation type 0x99" in str(e.value)
    with pytest.raises(ToolError):
        link([("trunc.o", main.read_bytes()[:200])])
    with pytest.raises(ToolError):
        link([("x.a", b"!<arch>\nnonsense")])


def test_static_glibc_is_reported_not_crashed(x86):
    crt = Path("/usr/lib/x86_64-linux-gnu")
    libc = crt / "libc.a"
    if not libc.exists():
        pytest.skip("no static glibc")
    shutil.copy(SEED / "hello.c", x86.path("hello.c"))
    subprocess.run(["gcc", "-c", "-O0", "hello.c"], check=True, cwd=x86.dir)
    inputs = [(p.name, p.read_bytes()) for p in (crt / "crt1.o", crt / "crti.o",
                                                  x86.path("hello.o"))]
    inputs.append(("libc.a", libc.read_bytes()))
    try:
        link(inputs)
    except ToolError as e:
        assert "not supported yet" in str(e) or "undefined reference" in str(e)
