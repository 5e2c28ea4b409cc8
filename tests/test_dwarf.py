"""`-g` debugging information (toolchain/compiler/dwarf.py), differentially, both targets.

Programs compiled by our cc1 with debug=True and assembled by our assembler must
- be read by GNU readelf --debug-dump=info and objdump --dwarf=info without a warning, and
  GNU as must make the same .debug_info bytes of the same .s;
- give pyelftools a compile unit whose subprograms, parameters and locals are located by
  DW_OP_fbreg exactly at the stack slots the generated code uses (-N(%rbp), [sp, N]);
- have the DIE tree gcc -g gives the same program (names, tags, types, members, scopes),
  for the subset we emit (no typedef/const DIEs, no enumerators: see dwarf.py);
- let gdb (x86-64, natively) and our emulator (both targets) name the arguments and locals
  of a running program with their real values.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from toolchain import assembler
from toolchain.compiler import compile_c
from toolchain.compiler.dwarf import sleb, uleb

from conftest import HAVE_GCC, NATIVE_X86_64

ARCHES = ["x86_64", "aarch64"]
GNU = {
    "x86_64": {"cc": "gcc", "as": "as", "readelf": "readelf", "objdump": "objdump"},
    "aarch64": {"cc": "aarch64-linux-gnu-gcc", "as": "aarch64-linux-gnu-as",
                "readelf": "readelf", "objdump": "objdump"},
}

RICH = r"""
typedef unsigned long usize;
struct node { int value; struct node *next; char name[6]; };
union num { int i; unsigned char bytes[4]; };
enum color { RED, GREEN = 5, BLUE };
int counter = 3;
static long hidden;
const char *msg = "hi";
short table[5] = {1, 2, 3};
struct node head = {1, 0, "head"};
int (*op)(int, int);
unsigned long long big;
_Bool flag;
signed char sc;
unsigned short us;
int printf(const char *, ...);

static int twice(int x) { return 2 * x; }

int sum(int a, int b) {
  int s = a + b;
  return s;
}

int many(int a, int b, int c, int d, int e, int f, int g, int h, long i, char j) {
  static int calls;
  calls++;
  return a + b + c + d + e + f + g + h + (int)i + j + calls;
}

long walk(struct node *n, usize limit) {
  long total = 0;
  for (usize k = 0; n && k < limit; k++) {
    struct node *next = n->next;
    total += n->value;
    n = next;
  }
  return total;
}

int main(void) {
  int total = 0;
  struct node second = {2, 0, "two"};
  union num u;
  int arr[4];
  char *q = 0;
  enum color c = BLUE;
  usize z = 4;
  op = sum;
  u.i = 0x01020304;
  head.next = &second;
  for (int i = 0; i < 4; i++) {
    int sq = i * i;
    arr[i] = sq;
    total += sq;
  }
  {
    long inner = 7;
    static int seen = 1;
    total += inner + seen;
    if (total > 0) {
      int deep = total;
      total = deep + twice(1);
    }
  }
  while (z > 0) {
    unsigned char low = (unsigned char)z;
    z -= 1 + low * 0;
  }
  total += op(arr[1], arr[2]) + counter + (int)hidden + c + (int)z + u.bytes[0];
  total += many(1, 2, 3, 4, 5, 6, 7, 8, 9, 'a') + (int)walk(&head, 10);
  (void)q;
  return total + table[0] + (int)big + flag + sc + us;
}
"""

# The seed-like program the runtime checks stop in: `sum` after every local is stored.
PROBE = r"""
struct pt { int x; long y; };
int g = 42;
int sum(int a, int b) {
  int s = a + b;
  char tag = 'k';
  struct pt p = {a, 7};
  int arr[3] = {1, 2, 3};
  {
    int inner = s * 2;
    s = inner - s + p.x - a + arr[0] - 1 + (tag - 'k');
  }
  return s;
}
int main(void) {
  int r = sum(3, 5);
  return r == 8 ? 0 : 1;
}
"""
PROBE_STOP = 11          # `s = inner - s ...`: every local of sum holds its value
PROBE_VALUES = {"a": 3, "b": 5, "s": 8, "tag": ord("k"), "inner": 16}


def have(*tools):
    return all(shutil.which(t) for t in tools)


def ours(arch, src, tmp, name="t.c"):
    """(asm text, .o bytes) of src compiled -g by our cc1 and assembled by our as."""
    asm = compile_c(src, name, target=arch, debug=True, comp_dir=str(tmp)).asm
    obj = assembler.assemble(asm, "t.s", target=arch).object
    return asm, obj


def dies(obj: bytes):
    elf = ELFFile(io.BytesIO(obj))
    assert elf.has_dwarf_info()
    cus = list(elf.get_dwarf_info().iter_CUs())
    assert len(cus) == 1
    return cus[0]


def name(die):
    a = die.attributes.get("DW_AT_name")
    return a.value.decode() if a else None


def type_name(die):
    """A type as C spells it, seen through typedefs and qualifiers."""
    if die is None:
        return "void"
    target = die.get_DIE_from_attribute("DW_AT_type") if "DW_AT_type" in die.attributes \
        else None
    tag = die.tag
    if tag in ("DW_TAG_typedef", "DW_TAG_const_type", "DW_TAG_volatile_type"):
        return type_name(target)
    if tag == "DW_TAG_base_type":
        return name(die)
    if tag == "DW_TAG_pointer_type":
        return type_name(target) + " *"
    if tag == "DW_TAG_array_type":
        dims = ""
        for sub in die.iter_children():
            ub = sub.attributes.get("DW_AT_upper_bound")
            dims += f"[{ub.value + 1}]" if ub else "[]"
        return type_name(target) + dims
    if tag in ("DW_TAG_structure_type", "DW_TAG_union_type", "DW_TAG_enumeration_type"):
        kw = {"DW_TAG_structure_type": "struct", "DW_TAG_union_type": "union",
              "DW_TAG_enumeration_type": "enum"}[tag]
        return f"{kw} {name(die) or '<anonymous>'}"
    if tag == "DW_TAG_subroutine_type":
        ps = [type_name(c.get_DIE_from_attribute("DW_AT_type")) if c.tag ==
              "DW_TAG_formal_parameter" else "..." for c in die.iter_children()]
        return f"{type_name(target)} ({', '.join(ps)})"
    return tag


def shape(die):
    """The part of a DIE tree both compilers must agree on."""
    out = []
    for c in die.iter_children():
        if "DW_AT_declaration" in c.attributes or "DW_AT_artificial" in c.attributes:
            continue
        if c.tag == "DW_TAG_subprogram":
            t = type_name(c.get_DIE_from_attribute("DW_AT_type")) \
                if "DW_AT_type" in c.attributes else "void"
            out.append(("subprogram", name(c), t, "DW_AT_external" in c.attributes,
                        shape(c)))
        elif c.tag in ("DW_TAG_variable", "DW_TAG_formal_parameter"):
            spec = c.get_DIE_from_attribute("DW_AT_specification") \
                if "DW_AT_specification" in c.attributes else c   # a definition of a declaration
            out.append((c.tag[7:], name(spec), type_name(spec.get_DIE_from_attribute("DW_AT_type")),
                        "DW_AT_external" in spec.attributes))
        elif c.tag == "DW_TAG_lexical_block":
            out.append(("lexical_block", shape(c)))
    return out


def records(cu):
    """struct/union name -> [(member, type, offset)] for every record type in the unit."""
    out = {}
    for d in cu.iter_DIEs():
        if d.tag in ("DW_TAG_structure_type", "DW_TAG_union_type") and d.has_children:
            out[type_name(d)] = [
                (name(m), type_name(m.get_DIE_from_attribute("DW_AT_type")),
                 m.attributes["DW_AT_data_member_location"].value
                 if "DW_AT_data_member_location" in m.attributes else 0)
                for m in d.iter_children()]
    return out


def fbreg(die):
    expr = die.attributes["DW_AT_location"].value
    assert expr[0] == 0x91, f"{name(die)}: not DW_OP_fbreg: {expr}"
    value, shift, i = 0, 0, 1
    while True:
        b = expr[i]
        value |= (b & 0x7F) << shift
        shift += 7
        i += 1
        if not b & 0x80:
            break
    if b & 0x40:
        value -= 1 << shift
    assert i == len(expr)
    return value


def frame_vars(cu):
    """function -> {name: fbreg offset} for parameters and locals (nested scopes too)."""
    out = {}
    for d in cu.get_top_DIE().iter_children():
        if d.tag != "DW_TAG_subprogram":
            continue
        assert d.attributes["DW_AT_frame_base"].value == [0x9c]   # DW_OP_call_frame_cfa
        found = {}

        def walk(die):
            for c in die.iter_children():
                if c.tag in ("DW_TAG_variable", "DW_TAG_formal_parameter") and \
                        c.attributes["DW_AT_location"].value[0] == 0x91:
                    found[name(c)] = fbreg(c)
                elif c.tag == "DW_TAG_lexical_block":
                    walk(c)
        walk(d)
        out[name(d)] = found
    return out


def function_asm(asm, fn):
    m = re.search(rf"^{re.escape(fn)}:\n(.*?)\t\.cfi_endproc", asm, re.S | re.M)
    assert m, fn
    return m.group(1)


def aarch64_frame_size(body):
    m = re.search(r"stp\tx29, x30, \[sp, -(\d+)\]!", body) or \
        re.search(r"sub\tsp, sp, #(\d+)\n", body)
    return int(m.group(1)) if m else 0


def uses_slot(arch, body, offset):
    """Does this function's code address the slot at `offset` from the CFA?"""
    if arch == "x86_64":
        return f"{offset + 16}(%rbp)" in body       # CFA = %rbp + 16 (movl, leaq)
    n = aarch64_frame_size(body) + offset           # CFA = sp + frame size
    # ldr/str [sp, n], or the address: add xN, sp, n
    return re.search(rf"\[sp, {n}\]|\tadd\tx\d+, sp, {n}\n" if n else r"\[sp\]", body) is not None


# -- encoding helpers ------------------------------------------------------------------------

def test_leb128():
    assert uleb(0) == b"\0" and uleb(127) == b"\x7f" and uleb(128) == b"\x80\x01"
    assert uleb(624485) == bytes([0xe5, 0x8e, 0x26])
    assert sleb(-20) == b"\x6c" and sleb(-72) == bytes([0xb8, 0x7f]) and sleb(63) == b"\x3f"
    assert sleb(64) == bytes([0xc0, 0x00]) and sleb(-64) == b"\x40" and sleb(-65) == b"\xbf\x7f"


# -- GNU tools read it -------------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHES)
def test_gnu_tools_read_ours_without_warnings(arch, tmp_path):
    asm, obj = ours(arch, RICH, tmp_path)
    for sec in ('.section\t.debug_info,"",@progbits', ".Ldebug_info0:", ".Ldebug_abbrev0:",
                '.section\t.debug_aranges,"",@progbits', ".Ldebug_line0:",
                '.section\t.debug_str,"MS",@progbits,1', '.section\t.debug_line_str,"MS"'):
        assert sec in asm
    word = ".long" if arch == "x86_64" else ".4byte"
    assert f"\t{word}\t.Ldebug_abbrev0" in asm and f"\t{word}\t.Ldebug_line0" in asm
    o = tmp_path / "t.o"
    o.write_bytes(obj)
    for tool in (["readelf", "--debug-dump=info,abbrev,aranges,str,line"],
                 ["objdump", "--dwarf=info"], ["objdump", "--dwarf=aranges"]):
        if not shutil.which(tool[0]):
            pytest.skip(f"{tool[0]} not installed")
        r = subprocess.run(tool + [str(o)], capture_output=True, text=True)
        assert r.returncode == 0 and r.stderr == "", (tool, r.stderr)
        assert "warning" not in r.stdout.lower(), tool
    info = subprocess.run(["readelf", "--debug-dump=info", str(o)], capture_output=True,
                          text=True).stdout
    assert "DW_AT_producer    : (indirect string, offset: 0): ccpipeline 0.1" in info
    assert "(indirect line string, offset: 0): t.c" in info
    assert "DW_AT_language    : 29\t(C11)" in info
    for needle in ("DW_TAG_subprogram", "DW_TAG_formal_parameter", "DW_TAG_lexical_block",
                   "DW_TAG_structure_type", "DW_TAG_union_type", "DW_TAG_enumeration_type",
                   "DW_TAG_array_type", "DW_TAG_subrange_type", "DW_TAG_pointer_type",
                   "DW_TAG_subroutine_type", "DW_OP_call_frame_cfa", "DW_OP_fbreg",
                   "DW_OP_addr"):
        assert needle in info, needle
    # GNU as makes the very same debug sections of our .s.
    if have(GNU[arch]["as"]):
        s = tmp_path / "t.s"
        s.write_text(asm)
        subprocess.run([GNU[arch]["as"], str(s), "-o", str(tmp_path / "gnu.o")], check=True)
        gnu = ELFFile(io.BytesIO((tmp_path / "gnu.o").read_bytes()))
        mine = ELFFile(io.BytesIO(obj))
        for sec in (".debug_info", ".debug_abbrev", ".debug_aranges", ".debug_str",
                    ".debug_line_str"):
            assert mine.get_section_by_name(sec).data() == gnu.get_section_by_name(sec).data()


# -- pyelftools: the CU, and offsets that are the real slots --------------------------------------

@pytest.mark.parametrize("arch", ARCHES)
def test_fbreg_offsets_are_the_slots_the_code_uses(arch, tmp_path):
    asm, obj = ours(arch, RICH, tmp_path)
    cu = dies(obj)
    top = cu.get_top_DIE()
    assert top.tag == "DW_TAG_compile_unit" and name(top) == "t.c"
    assert top.attributes["DW_AT_comp_dir"].value.decode() == str(tmp_path)
    fvars = frame_vars(cu)
    assert set(fvars) == {"twice", "sum", "many", "walk", "main"}
    assert set(fvars["main"]) == {"total", "second", "u", "arr", "q", "c", "z", "i", "sq",
                                  "inner", "deep", "low"}
    assert set(fvars["many"]) == set("abcdefghij")
    for fn, variables in fvars.items():
        body = function_asm(asm, fn)
        for var, off in variables.items():
            assert uses_slot(arch, body, off), (fn, var, off)
    # Distinct variables of a function never share a slot.
    for fn, variables in fvars.items():
        assert len(set(variables.values())) == len(variables), fn
    # Arguments passed on the stack are above the CFA, in the caller's frame.
    if arch == "x86_64":
        assert fvars["many"]["g"] == 0 and fvars["many"]["j"] == 24
    else:
        assert fvars["many"]["i"] == 0 and fvars["many"]["j"] == 8
    # Functions span .LFBn-.LFEn, the unit .Ltext0-.Letext0.
    elf = ELFFile(io.BytesIO(obj))
    text = elf.get_section_by_name(".text")
    assert top.attributes["DW_AT_high_pc"].value == text["sh_size"]
    spans = sorted((d.attributes["DW_AT_high_pc"].value, name(d))
                   for d in top.iter_children() if d.tag == "DW_TAG_subprogram")
    assert all(size > 0 for size, _ in spans)


# -- the same tree gcc -g makes ------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHES)
def test_die_tree_shape_like_gcc(arch, tmp_path):
    if not have(GNU[arch]["cc"]):
        pytest.skip(f"{GNU[arch]['cc']} not installed")
    _, obj = ours(arch, RICH, tmp_path)
    (tmp_path / "t.c").write_text(RICH)
    subprocess.run([GNU[arch]["cc"], "-g", "-O0", "-c", "t.c", "-o", "gcc.o"], check=True,
                   cwd=tmp_path)
    mine, theirs = dies(obj), dies((tmp_path / "gcc.o").read_bytes())
    a, b = shape(mine.get_top_DIE()), shape(theirs.get_top_DIE())
    key = lambda e: (e[0], e[1] or "")
    assert sorted(a, key=key) == sorted(b, key=key)
    assert records(mine) == records(theirs)


# -- running programs name their variables ----------------------------------------------------------

def build_probe(arch, tmp_path):
    from toolchain import driver
    from toolchain.target import get_target
    (tmp_path / "probe.c").write_text(PROBE)
    b = driver.build([str(tmp_path / "probe.c")],
                     driver.Options(target=get_target(arch), debug=True))
    return b


@pytest.mark.skipif(not (NATIVE_X86_64 and shutil.which("gdb")), reason="needs gdb on x86-64")
def test_gdb_names_arguments_and_locals(tmp_path):
    b = build_probe("x86_64", tmp_path)
    exe = tmp_path / "probe"
    exe.write_bytes(b.executable)
    exe.chmod(0o755)
    r = subprocess.run(["gdb", "-batch", "-nx", "-ex", "break sum", "-ex", "run",
                        "-ex", "info args", "-ex", "bt",
                        "-ex", f"break {PROBE_STOP}", "-ex", "continue",
                        "-ex", "info locals", "-ex", "p g", "-ex", "p p", "-ex", "p arr",
                        "-ex", "up", "-ex", "info locals", str(exe)],
                       capture_output=True, text=True, timeout=60)
    out = r.stdout
    assert "Breakpoint 1, sum (a=3, b=5) at " in out
    assert "a = 3\nb = 5\n" in out
    assert re.search(r"#0  sum \(a=3, b=5\) at .*probe.c:5\n#1  .* in main \(\) at .*probe.c:16",
                     out), out
    assert "inner = 16\ns = 8\ntag = 107 'k'\np = {x = 3, y = 7}\narr = {1, 2, 3}\n" in out
    assert "$1 = 42\n$2 = {x = 3, y = 7}\n$3 = {1, 2, 3}\n" in out
    assert "r = " in out.split("#1")[-1]


@pytest.mark.parametrize("arch", ARCHES)
def test_emulator_reads_the_values_where_dwarf_says(arch, tmp_path):
    """Stop in the emulator where every local of `sum` is stored; the CFA (from the
    registers and the frame shape in the .s) plus DW_OP_fbreg holds each value."""
    from toolchain.emulator import Debugger
    b = build_probe(arch, tmp_path)
    asm = b.units[0].compiled.asm
    body = function_asm(asm, "sum")
    offsets = frame_vars(dies(b.units[0].object))["sum"]
    assert set(offsets) == {"a", "b", "s", "tag", "p", "arr", "inner"}
    d = Debugger(b.executable)
    d.break_at(f"probe.c:{PROBE_STOP}")
    stop = d.cont()
    assert stop.reason == "breakpoint" and stop.location.function == "sum"
    regs = d.registers()
    cfa = regs["rbp"] + 16 if arch == "x86_64" else regs["sp"] + aarch64_frame_size(body)
    sizes = {"a": 4, "b": 4, "s": 4, "tag": 1, "inner": 4}
    for var, want in PROBE_VALUES.items():
        got = int.from_bytes(d.memory(cfa + offsets[var], sizes[var]), "little", signed=True)
        assert got == want, var
    assert d.memory(cfa + offsets["arr"], 12) == bytes([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])
    p = d.memory(cfa + offsets["p"], 16)
    assert int.from_bytes(p[:4], "little") == 3 and int.from_bytes(p[8:], "little") == 7


# -- -g must not change the code ------------------------------------------------------------------

@pytest.mark.parametrize("arch", ARCHES)
@pytest.mark.parametrize("src", [RICH, PROBE,
                                 "int f(void) { { int x = 1; return x; } }\n"
                                 "int g(int a) { if (a) { int b = a; return b; } "
                                 "else { int c = 2; return c; } }\n"],
                         ids=["rich", "probe", "return-in-block"])
def test_debug_does_not_change_the_code(arch, src, tmp_path):
    plain = compile_c(src, "t.c", target=arch).asm
    debug, _ = ours(arch, src, tmp_path)
    code = lambda s: [l for l in s.splitlines()
                      if not l.startswith((".LBB", ".LBE", ".Ltext0", "\t.file", "\t.loc"))]
    head = debug.split("\n.Letext0:")[0]
    head = head[:-len("\n\t.text")] if head.endswith("\n\t.text") else head  # for .Letext0
    assert code(head) == code(plain.split("\n\t.ident")[0])
    assert debug.endswith(plain[plain.index("\t.ident"):])


def test_language_follows_std(tmp_path):
    for std, lang in (("gnu17", 0x1d), ("c11", 0x1d), ("c99", 0x0c), ("gnu89", 0x01)):
        asm = compile_c("int x;\n", "t.c", debug=True, std=std, comp_dir="/src").asm
        obj = assembler.assemble(asm, "t.s").object
        assert dies(obj).get_top_DIE().attributes["DW_AT_language"].value == lang, std


@pytest.mark.parametrize("arch", ARCHES)
def test_no_functions_and_unused_static_inline(arch, tmp_path):
    """A unit with data only, and a `static inline` function never used (not emitted, so
    no DIE may point at its labels)."""
    src = "static inline int f(int x) { return x; }\nchar buf[16];\nint g(void) { return 1; }\n"
    asm, obj = ours(arch, src, tmp_path)
    top = dies(obj).get_top_DIE()
    assert [(c.tag, name(c)) for c in top.iter_children()
            if c.tag in ("DW_TAG_subprogram", "DW_TAG_variable")] == \
        [("DW_TAG_variable", "buf"), ("DW_TAG_subprogram", "g")]
    _, obj = ours(arch, "int data[3] = {1, 2, 3};\n", tmp_path)
    assert [name(c) for c in dies(obj).get_top_DIE().iter_children()] == ["data", None, "int", "long unsigned int"]
