"""Predefined macros: the target's (toolchain/target.py), the standard's, and the
dynamic ones (__FILE__, __LINE__, ...) whose value is computed at each use.

We define __CCPIPELINE__ and deliberately not __GNUC__: headers that test __GNUC__
would otherwise use GCC extensions our compiler does not have.
"""
from __future__ import annotations

import time

STD_VERSIONS = {
    "c89": None, "c90": None, "gnu89": None, "gnu90": None, "iso9899:1990": None,
    "iso9899:199409": "199409L",
    "c99": "199901L", "gnu99": "199901L", "c9x": "199901L", "gnu9x": "199901L",
    "c11": "201112L", "gnu11": "201112L", "c1x": "201112L", "gnu1x": "201112L",
    "c17": "201710L", "gnu17": "201710L", "c18": "201710L", "gnu18": "201710L",
}

# Computed at each use; `#ifdef __LINE__` is true, as in GCC.
DYNAMIC = ("__FILE__", "__LINE__", "__DATE__", "__TIME__", "__TIMESTAMP__", "__COUNTER__",
           "__BASE_FILE__", "__INCLUDE_LEVEL__", "__FILE_NAME__")

# Operators that only mean something inside #if, but `#ifdef` sees them defined.
SPECIAL_OPERATORS = ("__has_include", "__has_include_next")


def check_std(std: str) -> str:
    if std not in STD_VERSIONS:
        known = ", ".join(sorted(k for k in STD_VERSIONS if ":" not in k))
        raise ValueError(f"unknown C standard '{std}' (known: {known})")
    return std


def is_iso(std: str) -> bool:
    """Strict ISO modes (c99, c11...) as opposed to the GNU dialects (gnu17...)."""
    return not std.startswith("gnu")


def standard_macros(std: str) -> list[tuple[str, str]]:
    check_std(std)
    out = [("__STDC__", "1"), ("__STDC_HOSTED__", "1")]
    version = STD_VERSIONS[std]
    if version:
        out.append(("__STDC_VERSION__", version))
    if is_iso(std):
        out.append(("__STRICT_ANSI__", "1"))
    out += [("__STDC_UTF_16__", "1"), ("__STDC_UTF_32__", "1"), ("__CCPIPELINE__", "1")]
    return out


def target_macros(target, std: str) -> list[tuple[str, str]]:
    # The unprefixed `linux`/`unix` names are only for GNU dialects, as in GCC.
    out = []
    for name, value in target.predefined:
        if is_iso(std) and not name.startswith("_"):
            continue
        out.append((name, value))
    return out


def all_predefined(target, std: str) -> list[tuple[str, str]]:
    return standard_macros(std) + target_macros(target, std)


def predefined_macros(target=None, std: str = "gnu17") -> str:
    """`gcc -dM -E` for an empty file: one `#define NAME VALUE` line per macro."""
    if target is None:
        from ..target import X86_64
        target = X86_64
    lines = [f"#define {n} {v}" if v != "" else f"#define {n}"
             for n, v in all_predefined(target, std)]
    return "\n".join(lines) + "\n"


def date_time(now: float | None = None) -> tuple[str, str]:
    t = time.localtime(now)
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    date = f'"{months[t.tm_mon - 1]} {t.tm_mday:2d} {t.tm_year}"'
    clock = f'"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"'
    return date, clock


def timestamp(mtime: float | None) -> str:
    if mtime is None:
        return '"??? ??? ?? ??:??:?? ????"'
    return '"' + time.strftime("%a %b %e %H:%M:%S %Y", time.localtime(mtime)) + '"'
