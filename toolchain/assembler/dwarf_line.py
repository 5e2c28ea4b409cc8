"""`.file N`/`.loc` -> the DWARF 5 line table (`.debug_line`) GNU as 2.40 writes.

Rows are recorded as instructions are emitted (a `.loc` applies to the next instruction;
two `.loc` in a row put the first at the current address). After layout the addresses are
known and the line program is encoded with GNU as's choice of opcodes; file and directory
names go to `.debug_line_str`, referenced through relocations like GNU's.
"""
from __future__ import annotations

from ..elf.constants import SHF_MERGE, SHF_STRINGS, SHT_PROGBITS
from .directives import sleb, uleb
from .model import Fixup, Symbol

LINE_BASE, LINE_RANGE, OPCODE_BASE = -5, 14, 13
MAX_SPECIAL_ADDR_DELTA = (255 - OPCODE_BASE) // LINE_RANGE
STD_LENGTHS = bytes([0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1])
DW_LNS_copy, DW_LNS_advance_pc, DW_LNS_advance_line = 1, 2, 3
DW_LNS_set_file, DW_LNS_set_column, DW_LNS_negate_stmt = 4, 5, 6
DW_LNS_set_basic_block, DW_LNS_const_add_pc = 7, 8
DW_LNS_set_prologue_end, DW_LNS_set_epilogue_begin, DW_LNS_set_isa = 10, 11, 12
DW_LNE_end_sequence, DW_LNE_set_address, DW_LNE_set_discriminator = 1, 2, 4
DW_LNCT_path, DW_LNCT_directory_index, DW_LNCT_MD5 = 1, 2, 5
DW_FORM_line_strp, DW_FORM_udata, DW_FORM_data16 = 0x1F, 0x0F, 0x1E


def inc_line_addr(line_delta, addr_delta) -> bytes:
    """GNU as's emit_inc_line_addr: the shortest of special opcodes and their fallbacks."""
    out = bytearray()
    if line_delta is None:     # end of sequence
        if addr_delta == MAX_SPECIAL_ADDR_DELTA:
            out.append(DW_LNS_const_add_pc)
        elif addr_delta:
            out.append(DW_LNS_advance_pc)
            out += uleb(addr_delta)
        return bytes(out + bytes([0, 1, DW_LNE_end_sequence]))
    need_copy = False
    tmp = line_delta - LINE_BASE
    if not 0 <= tmp < LINE_RANGE:
        out.append(DW_LNS_advance_line)
        out += sleb(line_delta)
        line_delta = 0
        tmp = -LINE_BASE
        need_copy = True
    if line_delta == 0 and addr_delta == 0:
        out.append(DW_LNS_copy)
        return bytes(out)
    tmp += OPCODE_BASE
    if addr_delta < 256 + MAX_SPECIAL_ADDR_DELTA:
        opcode = tmp + addr_delta * LINE_RANGE
        if opcode <= 255:
            out.append(opcode)
            return bytes(out)
        opcode -= MAX_SPECIAL_ADDR_DELTA * LINE_RANGE
        if opcode <= 255:
            out += bytes([DW_LNS_const_add_pc, opcode])
            return bytes(out)
    out.append(DW_LNS_advance_pc)
    out += uleb(addr_delta)
    out.append(DW_LNS_copy if need_copy else tmp)
    return bytes(out)


def _split(path):
    if "/" in path:
        d, _, base = path.rpartition("/")
        return (d or "/"), base
    return None, path


def emit_debug_line(asm):
    if not asm.loc_records and not asm.file_entries:
        return
    if not asm.loc_records and ".debug_line" not in {s.name for s in asm.sections}:
        return
    arch = asm.arch
    min_insn = arch.code_align
    # directory and file tables, as GNU as builds them from `.file 0` / `.file N`
    dirs = [asm.comp_dir if asm.comp_dir is not None else ""]
    files = {}
    for num in sorted(asm.file_entries):
        directory, name, md5 = asm.file_entries[num]
        d, base = _split(name)
        if d is None:
            idx = 0 if directory is None or num == 0 else _dir_index(dirs, directory)
        else:
            if directory is not None and num != 0 and not d.startswith("/"):
                d = directory + "/" + d
            idx = _dir_index(dirs, d)
        files[num] = (base, idx, md5)
    if 0 not in files and 1 in files:
        files[0] = files[1]
    maxnum = max(files) if files else 1

    line_str = _find(asm, ".debug_line_str") or asm.get_section(
        ".debug_line_str", SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, 1)
    line_str.entsize = 1
    asm.cur = line_str
    str_frag, str_base = line_str.here()
    strings = bytearray()

    def strp(s):
        off = len(strings)
        strings.extend(s.encode() + b"\0")
        return off

    fixups = []
    hdr = bytearray()

    def str_ref(s):
        off = strp(s)
        sym = Symbol(".Lls", -1, temp=True)
        sym.section, sym.frag, sym.offset = line_str, str_frag, str_base + off
        fixups.append(Fixup(None, len(hdr), 4, ("sym", sym, None), "data"))
        hdr.extend(bytes(4))

    hdr += bytes([min_insn, 1, 1, LINE_BASE & 0xFF, LINE_RANGE, OPCODE_BASE]) + STD_LENGTHS
    hdr += bytes([1]) + uleb(DW_LNCT_path) + uleb(DW_FORM_line_strp)
    hdr += uleb(len(dirs))
    for d in dirs:
        str_ref(d)
    with_md5 = any(f[2] for f in files.values())
    fmt = [(DW_LNCT_path, DW_FORM_line_strp), (DW_LNCT_directory_index, DW_FORM_udata)]
    if with_md5:
        fmt.append((DW_LNCT_MD5, DW_FORM_data16))
    hdr.append(len(fmt))
    for a, b in fmt:
        hdr += uleb(a) + uleb(b)
    hdr += uleb(maxnum + 1)
    for num in range(maxnum + 1):
        base, idx, md5 = files.get(num, ("", 0, None))
        str_ref(base)
        hdr += uleb(idx)
        if with_md5:
            hdr += int(md5 or "0", 0).to_bytes(16, "big")

    # the line program: one sequence per section, in the order sections got rows
    prog = bytearray()
    addr_fixups = []
    by_section = {}
    for rec in asm.loc_records:
        by_section.setdefault(rec[0], []).append(rec)
    for sec, recs in by_section.items():
        filenum, column, line, is_stmt = 1, 0, 1, True
        last_addr = None
        for sec_, frag, off, fnum, lno, col, opts in recs:
            if fnum != filenum:
                filenum = fnum
                prog.append(DW_LNS_set_file)
                prog += uleb(fnum)
            if col != column:
                column = col
                prog.append(DW_LNS_set_column)
                prog += uleb(col)
            disc = int(opts.get("discriminator", "0"), 0)
            if disc:
                prog += bytes([0]) + uleb(1 + len(uleb(disc))) + bytes([DW_LNE_set_discriminator]) + uleb(disc)
            if "isa" in opts:
                prog.append(DW_LNS_set_isa)
                prog += uleb(int(opts["isa"], 0))
            stmt = opts.get("is_stmt")
            want = is_stmt if stmt is None else stmt != "0"
            if want != is_stmt:
                is_stmt = want
                prog.append(DW_LNS_negate_stmt)
            if opts.get("basic_block"):
                prog.append(DW_LNS_set_basic_block)
            if opts.get("prologue_end"):
                prog.append(DW_LNS_set_prologue_end)
            if opts.get("epilogue_begin"):
                prog.append(DW_LNS_set_epilogue_begin)
            addr = frag.address + off
            if last_addr is None:
                sym = Symbol(".Lla", -1, temp=True)
                sym.section, sym.frag, sym.offset = sec, frag, off
                prog += bytes([0, 9, DW_LNE_set_address])
                addr_fixups.append(Fixup(None, len(prog), 8, ("sym", sym, None), "data"))
                prog += bytes(8)
                prog += inc_line_addr(lno - line, 0)
            else:
                prog += inc_line_addr(lno - line, (addr - last_addr) // min_insn)
            line = lno
            last_addr = addr
        prog += inc_line_addr(None, (sec.size() - last_addr) // min_insn)

    # header_length counts from after itself; unit_length from after itself
    head = bytearray(b"\x05\x00") + bytes([8, 0])
    head_len = len(hdr)
    unit = head + head_len.to_bytes(4, "little") + hdr + prog
    out = len(unit).to_bytes(4, "little") + unit
    shift = 4 + len(head) + 4
    for fx in fixups:
        fx.offset += shift
    for fx in addr_fixups:
        fx.offset += shift + len(hdr)

    asm.cur = line_str
    line_str.frag.data += strings
    sec = _find(asm, ".debug_line") or asm.get_section(".debug_line", SHT_PROGBITS, 0)
    asm.cur = sec
    asm.emit(bytes(out), fixups + addr_fixups, kind=None, listing=False)


def _find(asm, name):
    return asm.section_by_key.get((name, None))


def _dir_index(dirs, d):
    if d in dirs[1:]:
        return dirs.index(d, 1)
    dirs.append(d)
    return len(dirs) - 1
