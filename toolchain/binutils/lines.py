"""PC -> file:line from DWARF .debug_line (through pyelftools), for objdump -l."""
from __future__ import annotations

import posixpath


def _name(x) -> str:
    return x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x)


def line_rows(elf) -> list[tuple]:
    """Sorted rows (address, order, file, line, discriminator, end_sequence) of all CUs.

    File names are spelled as BFD's concat_filename does: relative names are joined to
    their directory, and relative directories to the unit's DW_AT_comp_dir.
    """
    if elf.section_by_name(".debug_line") is None:
        return []
    try:
        dwarf = elf.dwarf()
    except Exception:  # malformed DWARF: objdump just prints no lines
        return []
    rows = []
    order = 0
    try:
        for cu in dwarf.iter_CUs():
            prog = dwarf.line_program_for_CU(cu)
            if prog is None:
                continue
            top = cu.get_top_DIE()
            comp_dir = _name(top.attributes["DW_AT_comp_dir"].value) if "DW_AT_comp_dir" in top.attributes else ""
            version = prog.header["version"]
            dirs = [_name(d) for d in prog.header["include_directory"]]
            files = prog.header["file_entry"]

            def filename(index):
                # DWARF 5 numbers files from 0; earlier versions from 1 with dir 0 = comp_dir.
                i = index if version >= 5 else index - 1
                if not 0 <= i < len(files):
                    return None
                f = files[i]
                name = _name(f.name)
                if name.startswith("/"):
                    return name
                d = f.dir_index
                if version >= 5:
                    dirname = dirs[d] if d < len(dirs) else ""
                else:
                    dirname = dirs[d - 1] if 0 < d <= len(dirs) else ""
                if dirname and not dirname.startswith("/") and comp_dir:
                    dirname = posixpath.join(comp_dir, dirname)
                elif not dirname:
                    dirname = comp_dir
                return posixpath.join(dirname, name) if dirname else name

            cache = {}
            for entry in prog.get_entries():
                st = entry.state
                if st is None:
                    continue
                if st.file not in cache:
                    cache[st.file] = filename(st.file)
                rows.append((st.address, order, cache[st.file], st.line, st.discriminator, st.end_sequence))
                order += 1
    except Exception:
        pass
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows
