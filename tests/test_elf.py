"""The ELF writer and the ar archive format, checked against GNU binutils."""
import shutil
import subprocess

import pytest

from toolchain.elf import constants as C
from toolchain.elf.archive import read_archive, write_archive
from toolchain.target import X86_64
from toolchain.elf.writer import Section, StringTable, pack_symbol, st_info, write_elf

needs_binutils = pytest.mark.skipif(not shutil.which("ld") or not shutil.which("ar"),
                                    reason="GNU binutils not installed")

# mov $60,%eax ; mov $7,%edi ; syscall  (exit(7) without a libc)
EXIT7 = bytes.fromhex("b83c000000bf070000000f05")


def exit7_object() -> bytes:
    strtab = StringTable()
    syms = pack_symbol(0, 0, 0, 0, 0, 0)
    syms += pack_symbol(strtab.add("exit7.s"), st_info(C.STB_LOCAL, C.STT_FILE), 0, C.SHN_ABS, 0, 0)
    syms += pack_symbol(strtab.add("_start"), st_info(C.STB_GLOBAL, C.STT_FUNC), 0, 1, 0, len(EXIT7))
    return write_elf(machine=X86_64.elf_machine, elf_type=C.ET_REL, sections=[
        Section(".text", C.SHT_PROGBITS, C.SHF_ALLOC | C.SHF_EXECINSTR, EXIT7, align=1),
        Section(".symtab", C.SHT_SYMTAB, data=syms, align=8, entsize=C.SYM_SIZE, link=".strtab", info=2),
        Section(".strtab", C.SHT_STRTAB, data=strtab.bytes()),
    ])


@needs_binutils
def test_gnu_tools_read_link_and_run_a_written_object(tmp_path):
    obj = tmp_path / "exit7.o"
    obj.write_bytes(exit7_object())
    r = subprocess.run(["readelf", "-a", "-W", str(obj)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == ""
    assert "REL (Relocatable file)" in r.stdout and "_start" in r.stdout
    subprocess.run(["ld", "-o", str(tmp_path / "exit7"), str(obj)], check=True)
    assert subprocess.run([str(tmp_path / "exit7")]).returncode == 7


def test_string_table_shares_repeated_names():
    t = StringTable()
    assert t.add("") == 0
    a = t.add("main")
    assert t.add("main") == a
    assert t.bytes() == b"\0main\0"


@needs_binutils
@pytest.mark.parametrize("names", [["one.o", "two.o"], ["one.o", "a_member_with_a_long_name.o"]])
def test_archive_is_byte_identical_to_ar_rcsD(tmp_path, names):
    members = []
    for i, n in enumerate(names):
        data = exit7_object().replace(b"_start", f"sym{i:03d}".encode())
        (tmp_path / n).write_bytes(data)
        members.append((n, data))
    subprocess.run(["ar", "rcsD", "ref.a", *names], cwd=tmp_path, check=True)
    ours = write_archive(members)
    assert ours == (tmp_path / "ref.a").read_bytes()
    assert [(m.name, m.data) for m in read_archive(ours)] == members
    (tmp_path / "ours.a").write_bytes(ours)
    r = subprocess.run(["nm", "-s", "ours.a"], cwd=tmp_path, capture_output=True, text=True)
    assert "sym000 in one.o" in r.stdout
