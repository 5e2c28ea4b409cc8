"""The seed's walkthrough end to end through our own toolchain, on both targets, with every
stage checked against GNU's: the tokens cpp prints, the objects GNU as/ld/readelf accept, the
executables Linux and qemu run."""
import re
import subprocess

import pytest

from conftest import needs_aarch64, needs_gcc, needs_native_x86_64
from toolchain import binutils, driver
from toolchain.target import AARCH64, X86_64

TARGETS = [X86_64, AARCH64]


def build(files, target, **kw):
    return driver.build(files, driver.Options(target=target, **kw))


def tokens(text):
    """C tokens of preprocessed text (whitespace and linemarkers do not count)."""
    text = "\n".join(l for l in text.splitlines() if not l.startswith("#"))
    return re.findall(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|\w+|[^\s\w]', text)


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_seed_builds_and_exits_8(seed, target):
    b = build(["sum.c", "main.c"], target)
    assert b.run().status == 8


@needs_gcc
@pytest.mark.parametrize("name", ["sum.c", "main.c", "sum.h"])
def test_cpp_tokens_match_gcc(seed, name):
    ours = build([name], X86_64, stop="E", linemarkers=False).units[0].preprocessed.text
    gcc = subprocess.run(["gcc", "-E", "-P", name], capture_output=True, text=True, check=True).stdout
    assert tokens(ours) == tokens(gcc)


def test_pp_h_passes_prose_through_with_macro_replaced(seed):
    text = build(["pp.h"], X86_64, stop="E").units[0].preprocessed.text
    assert "This is my 100 ." in text.splitlines()


def test_sum_c_keeps_only_the_taken_branch(seed):
    text = build(["sum.c"], X86_64, stop="E").units[0].preprocessed.text
    assert "return a + b;" in text
    assert "return 0;" not in text and "WORK" not in text and "comment" not in text


def test_call_is_unpatched_in_the_object_and_patched_by_the_linker(seed):
    b = build(["sum.c", "main.c"], X86_64)
    main_o = b.unit("main.c").object
    dis = binutils.objdump(main_o, "main.o", disassemble=True, reloc=True)
    assert re.search(r"e8 00 00 00 00 +\tcall", dis)
    assert re.search(r"R_X86_64_PLT32\tsum-0x4", dis)
    calls = [r for r in b.link.relocations if r.symbol == "sum" and r.input.endswith("main.o")]
    assert len(calls) == 1
    rel = calls[0]
    assert rel.type == "R_X86_64_PLT32" and rel.A == -4
    # the record shows the whole instruction: the opcode stays, the field is filled
    assert rel.bytes_before == b"\xe8\0\0\0\0"
    assert rel.value == rel.S + rel.A - rel.address
    assert rel.bytes_after == b"\xe8" + (rel.value & 0xFFFFFFFF).to_bytes(4, "little")
    # ...and those are the bytes the executable really holds at P.
    exe_dis = binutils.objdump(b.executable, "a.out", disassemble=True)
    assert f"call   {rel.S:x} <sum>" in exe_dis


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_nm_shows_defined_and_undefined(seed, target):
    b = build(["sum.c", "main.c"], target, stop="c")
    assert "0000000000000000 T sum" in binutils.nm(b.unit("sum.c").object, "sum.o")
    main_nm = binutils.nm(b.unit("main.c").object, "main.o")
    assert "0000000000000000 T main" in main_nm
    assert "                 U sum" in main_nm


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_hello_with_our_libc(seed, target):
    r = build(["hello.c"], target).run()
    assert r.stdout == b"hello world -42 A ff\nbye\n"
    assert r.status == 0


@needs_gcc
@needs_native_x86_64
def test_gnu_tools_take_our_x86_64_files(seed, tmp_path):
    b = build(["sum.c", "main.c"], X86_64, stop="c")
    for u in b.units:
        (tmp_path / u.object_name).write_bytes(u.object)
        r = subprocess.run(["readelf", "-a", "-W", u.object_name], capture_output=True, text=True)
        assert r.returncode == 0 and r.stderr == "", r.stderr
    # GNU as accepts our assembly...
    s = build(["sum.c", "main.c"], X86_64, stop="S")
    for u in s.units:
        (tmp_path / (u.name + ".s")).write_text(u.compiled.asm)
        subprocess.run(["as", "-o", u.name + ".gnu.o", u.name + ".s"], check=True)
    # ...GNU ld links our objects with glibc, and Linux runs the result.
    subprocess.run(["gcc", "-o", "gnu_linked", "main.o", "sum.o"], check=True)
    assert subprocess.run(["./gnu_linked"]).returncode == 8
    # and our own executable runs natively too.
    exe = build(["sum.c", "main.c"], X86_64).executable
    (tmp_path / "ours").write_bytes(exe)
    (tmp_path / "ours").chmod(0o755)
    assert subprocess.run(["./ours"]).returncode == 8


@needs_aarch64
def test_gnu_tools_take_our_aarch64_files(seed, tmp_path):
    b = build(["sum.c", "main.c"], AARCH64, stop="c")
    for u in b.units:
        (tmp_path / u.object_name).write_bytes(u.object)
        r = subprocess.run(["aarch64-linux-gnu-readelf", "-a", "-W", u.object_name],
                           capture_output=True, text=True)
        assert r.returncode == 0 and r.stderr == "", r.stderr
    s = build(["sum.c", "main.c"], AARCH64, stop="S")
    for u in s.units:
        (tmp_path / (u.name + ".s")).write_text(u.compiled.asm)
        subprocess.run(["aarch64-linux-gnu-as", "-o", u.name + ".gnu.o", u.name + ".s"], check=True)
    subprocess.run(["aarch64-linux-gnu-gcc", "-static", "-o", "gnu_linked", "main.o", "sum.o"], check=True)
    assert subprocess.run(["qemu-aarch64", "./gnu_linked"]).returncode == 8
    exe = build(["sum.c", "main.c"], AARCH64).executable
    (tmp_path / "ours").write_bytes(exe)
    (tmp_path / "ours").chmod(0o755)   # qemu-user, like the kernel, wants an executable file
    assert subprocess.run(["qemu-aarch64", "./ours"]).returncode == 8


@needs_native_x86_64
def test_our_hello_runs_natively(seed, tmp_path):
    (tmp_path / "hello").write_bytes(build(["hello.c"], X86_64).executable)
    (tmp_path / "hello").chmod(0o755)
    r = subprocess.run(["./hello"], capture_output=True)
    assert r.stdout == b"hello world -42 A ff\nbye\n" and r.returncode == 0


@needs_aarch64
def test_our_aarch64_hello_runs_under_qemu(seed, tmp_path):
    (tmp_path / "hello").write_bytes(build(["hello.c"], AARCH64).executable)
    (tmp_path / "hello").chmod(0o755)
    r = subprocess.run(["qemu-aarch64", "./hello"], capture_output=True)
    assert r.stdout == b"hello world -42 A ff\nbye\n" and r.returncode == 0


def test_file_says_what_each_artifact_is(seed):
    b = build(["sum.c", "main.c"], X86_64)
    assert binutils.file_type(b.unit("main.c").object, "main.o") == \
        "main.o: ELF 64-bit LSB relocatable, x86-64, version 1 (SYSV), not stripped"
    a = build(["sum.c", "main.c"], AARCH64)
    assert binutils.file_type(a.executable, "a.out").startswith(
        "a.out: ELF 64-bit LSB executable, ARM aarch64, version 1 (SYSV), statically linked")
