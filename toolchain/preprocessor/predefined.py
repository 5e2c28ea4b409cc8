"""Predefined macros: the standard's, the target's, and the dynamic ones (__FILE__,
__LINE__, ...) whose value is computed at each use.

What a program can notice is defined as GCC 12 defines it (`gcc -dM -E -nostdinc` for
x86_64-linux-gnu and aarch64-linux-gnu, per -std and -O), and derived, not copied: the
integer limits and type names come from the LP64 data model, the float limits from the
IEEE formats (GCC's 36-digit decimal spellings are recomputed exactly below), the ISA
macros from the architecture.

What we deliberately leave out (tests/test_preprocessor.py lists these against gcc):
- `__GNUC__`, `__GNUC_MINOR__`, `__GNUC_PATCHLEVEL__`, `__VERSION__`, every other
  `__GNUC_*`, `__GCC_*` and `__GXX_*`: GCC describing itself and its builtins (atomics,
  __sync, asm flag outputs). We are not GCC: a header that sees `__GNUC__` switches to
  GCC extensions (`__attribute__`, `__builtin_*`, statement expressions, inline asm)
  our compiler does not have. We define `__CCPIPELINE__` instead.
- `__ATOMIC_*`, `__HAVE_SPECULATION_SAFE_VALUE`, `__PRAGMA_REDEFINE_EXTNAME`,
  `__SEG_FS`/`__SEG_GS`: builtins, pragmas and address spaces we do not provide.
- `__PIC__`/`__pic__`/`__PIE__`/`__pie__`: our compiler and linker make static, non-PIE
  executables (what `gcc -fno-pic -no-pie` makes, which also leaves them undefined).
- Types our compiler does not have: `__SIZEOF_INT128__`, `__SIZEOF_FLOAT80__`,
  `__SIZEOF_FLOAT128__`, the `_FloatN`/`_FloatNx` limits (`__FLT16_*`, `__FLT32_*`,
  `__FLT64_*`, `__FLT128_*`, `__FLT32X_*`, `__FLT64X_*`, `__FP_FAST_FMAF32`...), the
  decimal floats (`__DEC*`), `__fp16` (`__ARM_FP16_*`).
- glibc's `stdc-predef.h` (`__STDC_IEC_559__`, `__STDC_ISO_10646__`...) is a header
  gcc includes implicitly, not a predefinition; our libc has none (`-nostdinc`).
"""
from __future__ import annotations

import math
import time
from fractions import Fraction

STD_VERSIONS = {
    "c89": None, "c90": None, "gnu89": None, "gnu90": None, "iso9899:1990": None,
    "iso9899:199409": "199409L",
    "c99": "199901L", "gnu99": "199901L", "c9x": "199901L", "gnu9x": "199901L",
    "iso9899:1999": "199901L",
    "c11": "201112L", "gnu11": "201112L", "c1x": "201112L", "gnu1x": "201112L",
    "iso9899:2011": "201112L",
    "c17": "201710L", "gnu17": "201710L", "c18": "201710L", "gnu18": "201710L",
    "iso9899:2017": "201710L", "iso9899:2018": "201710L",
    "c2x": "202000L", "gnu2x": "202000L",
}

# Computed at each use; `#ifdef __LINE__` is true, as in GCC.
DYNAMIC = ("__FILE__", "__LINE__", "__DATE__", "__TIME__", "__TIMESTAMP__", "__COUNTER__",
           "__BASE_FILE__", "__INCLUDE_LEVEL__", "__FILE_NAME__")

# Operators that only mean something inside #if, but `#ifdef` sees them defined.
SPECIAL_OPERATORS = ("__has_include", "__has_include_next")

OPT_LEVELS = (0, 1, 2, 3, "s", "z", "g")


def check_std(std: str) -> str:
    if std not in STD_VERSIONS:
        known = ", ".join(sorted(k for k in STD_VERSIONS if ":" not in k))
        raise ValueError(f"unknown C standard '{std}' (known: {known})")
    return std


def check_opt(opt_level) -> int | str:
    o = opt_level
    if isinstance(o, str) and o.isdigit():
        o = int(o)
    if isinstance(o, int) and o > 3:
        o = 3           # gcc treats -O4 and up as -O3
    if o not in OPT_LEVELS:
        raise ValueError(f"unknown optimisation level '{opt_level}' (known: 0 1 2 3 s z g)")
    return o


def is_iso(std: str) -> bool:
    """Strict ISO modes (c99, c11...) as opposed to the GNU dialects (gnu17...)."""
    return not std.startswith("gnu")


# --- the standard's and the dialect's -------------------------------------------------

def standard_macros(std: str, opt_level=0) -> list[tuple[str, str]]:
    check_std(std)
    opt = check_opt(opt_level)
    out = [("__STDC__", "1"), ("__STDC_HOSTED__", "1")]
    version = STD_VERSIONS[std]
    if version:
        out.append(("__STDC_VERSION__", version))
    if is_iso(std):
        out.append(("__STRICT_ANSI__", "1"))
    # char16_t/char32_t literals are UTF-16/32 from C11 on (and in GNU C99 too).
    if version and (version >= "201112L" or (not is_iso(std) and version >= "199901L")):
        out += [("__STDC_UTF_16__", "1"), ("__STDC_UTF_32__", "1")]
    if opt == 0:
        out.append(("__NO_INLINE__", "1"))
    else:
        out.append(("__OPTIMIZE__", "1"))
        if opt in ("s", "z"):
            out.append(("__OPTIMIZE_SIZE__", "1"))
    out += [("__FINITE_MATH_ONLY__", "0"), ("__REGISTER_PREFIX__", ""),
            ("__USER_LABEL_PREFIX__", ""), ("__CCPIPELINE__", "1")]
    return out


# --- the data model (LP64 on both targets) --------------------------------------------

# Type names spelled as GCC spells them in __*_TYPE__.
_TYPES = {  # name: (bits, signed, max suffix)
    "signed char": (8, True, ""), "unsigned char": (8, False, ""),
    "short int": (16, True, ""), "short unsigned int": (16, False, ""),
    "int": (32, True, ""), "unsigned int": (32, False, "U"),
    "long int": (64, True, "L"), "long unsigned int": (64, False, "UL"),
    "long long int": (64, True, "LL"), "long long unsigned int": (64, False, "ULL"),
}
_UNSIGNED = {"signed char": "unsigned char", "short int": "short unsigned int",
             "int": "unsigned int", "long int": "long unsigned int",
             "long long int": "long long unsigned int"}
# The <stdint.h> types of x86-64 and AArch64 Linux (glibc's choices, which GCC mirrors).
_STDINT = {"8": "signed char", "16": "short int", "32": "int", "64": "long int"}
_FAST = {"8": "signed char", "16": "long int", "32": "long int", "64": "long int"}


def _max(type_name: str) -> str:
    bits, signed, suffix = _TYPES[type_name]
    return hex((1 << (bits - 1 if signed else bits)) - 1) + suffix


def _int_c_suffix(type_name: str) -> str:
    """What __INTn_C(c) appends: nothing for types promoted to int."""
    bits, _, suffix = _TYPES[type_name]
    return suffix if bits >= 32 else ""


def data_model_macros(target) -> list[tuple[str, str]]:
    # wchar_t is int on x86-64 (SysV psABI) and unsigned int on AArch64 (AAPCS64).
    wchar = "int" if target.wchar_is_signed else "unsigned int"
    out = [("__CHAR_BIT__", "8"), ("__LP64__", "1"), ("_LP64", "1"),
           ("__BIGGEST_ALIGNMENT__", "16")]
    if not target.char_is_signed:
        out.append(("__CHAR_UNSIGNED__", "1"))
    for name, size in [("SHORT", 2), ("INT", 4), ("LONG", 8), ("LONG_LONG", 8), ("POINTER", 8),
                       ("FLOAT", 4), ("DOUBLE", 8), ("LONG_DOUBLE", 16), ("SIZE_T", 8),
                       ("WCHAR_T", 4), ("WINT_T", 4), ("PTRDIFF_T", 8)]:
        out.append((f"__SIZEOF_{name}__", str(size)))
    for name, t in [("SCHAR", "signed char"), ("SHRT", "short int"), ("INT", "int"),
                    ("LONG", "long int"), ("LONG_LONG", "long long int")]:
        out += [(f"__{name}_MAX__", _max(t)), (f"__{name}_WIDTH__", str(_TYPES[t][0]))]
    typedefs = [("SIZE", "long unsigned int"), ("PTRDIFF", "long int"), ("WCHAR", wchar),
                ("WINT", "unsigned int"), ("INTMAX", "long int"), ("UINTMAX", "long unsigned int"),
                ("CHAR16", "short unsigned int"), ("CHAR32", "unsigned int"),
                ("SIG_ATOMIC", "int"), ("INTPTR", "long int"), ("UINTPTR", "long unsigned int")]
    for name, t in typedefs:
        out.append((f"__{name}_TYPE__", t))
    for name, t in typedefs:
        if name in ("CHAR16", "CHAR32"):
            continue
        out.append((f"__{name}_MAX__", _max(t)))
        if name in ("SIZE", "PTRDIFF", "WCHAR", "WINT", "INTMAX", "SIG_ATOMIC", "INTPTR"):
            out.append((f"__{name}_WIDTH__", str(_TYPES[t][0])))
    for name in ("WCHAR", "WINT", "SIG_ATOMIC"):
        t = dict(typedefs)[name]
        out.append((f"__{name}_MIN__", f"(-__{name}_MAX__ - 1)" if _TYPES[t][1] else "0U"))
    for n in ("8", "16", "32", "64"):
        s, u = _STDINT[n], _UNSIGNED[_STDINT[n]]
        out += [(f"__INT{n}_TYPE__", s), (f"__UINT{n}_TYPE__", u),
                (f"__INT{n}_MAX__", _max(s)), (f"__UINT{n}_MAX__", _max(u)),
                (f"__INT{n}_C(c)", "c ## " + _int_c_suffix(s) if _int_c_suffix(s) else "c"),
                (f"__UINT{n}_C(c)", "c ## " + _int_c_suffix(u) if _int_c_suffix(u) else "c")]
        for kind, table in (("LEAST", _STDINT), ("FAST", _FAST)):
            s, u = table[n], _UNSIGNED[table[n]]
            out += [(f"__INT_{kind}{n}_TYPE__", s), (f"__UINT_{kind}{n}_TYPE__", u),
                    (f"__INT_{kind}{n}_MAX__", _max(s)), (f"__UINT_{kind}{n}_MAX__", _max(u)),
                    (f"__INT_{kind}{n}_WIDTH__", str(_TYPES[s][0]))]
    out += [("__INTMAX_C(c)", "c ## L"), ("__UINTMAX_C(c)", "c ## UL")]
    out += [("__ORDER_LITTLE_ENDIAN__", "1234"), ("__ORDER_BIG_ENDIAN__", "4321"),
            ("__ORDER_PDP_ENDIAN__", "3412"), ("__BYTE_ORDER__", "__ORDER_LITTLE_ENDIAN__"),
            ("__FLOAT_WORD_ORDER__", "__ORDER_LITTLE_ENDIAN__")]
    return out


# --- floating point: <float.h>'s facts, from the binary formats -----------------------

# (mantissa digits incl. the hidden bit, min exponent, max exponent) as float.h counts them.
BINARY32 = (24, -125, 128)
BINARY64 = (53, -1021, 1024)
X87_EXTENDED = (64, -16381, 16384)
BINARY128 = (113, -16381, 16384)
LONG_DOUBLE = {"x86_64": X87_EXTENDED, "aarch64": BINARY128}


def _decimal36(v: Fraction) -> str:
    """v with 36 significant digits, rounded to nearest-even: GCC's spelling."""
    e = math.floor(math.log10(v.numerator) - math.log10(v.denominator))
    while Fraction(10) ** e > v:
        e -= 1
    while Fraction(10) ** (e + 1) <= v:
        e += 1
    digits = round(v / Fraction(10) ** (e - 35))
    if digits >= 10 ** 36:
        digits //= 10
        e += 1
    s = str(digits)
    return f"{s[0]}.{s[1:]}e{'+' if e >= 0 else '-'}{abs(e)}"


def float_macros(prefix: str, fmt, spell) -> list[tuple[str, str]]:
    """GCC's builtin_define_float_constants for one type; `spell` wraps a decimal value
    (e.g. `((double)%sL)` for double, `%sF` for float)."""
    p, emin, emax = fmt
    log2 = math.log10(2)
    two = Fraction(2)
    values = {
        "MAX": (1 - Fraction(1, 2 ** p)) * two ** emax,
        "NORM_MAX": (1 - Fraction(1, 2 ** p)) * two ** emax,
        "MIN": two ** (emin - 1),
        "EPSILON": two ** (1 - p),
        "DENORM_MIN": two ** (emin - p),
    }
    out = [(f"__{prefix}_MANT_DIG__", str(p)),
           (f"__{prefix}_DIG__", str(math.floor((p - 1) * log2))),
           (f"__{prefix}_MIN_EXP__", f"({emin})"),
           (f"__{prefix}_MIN_10_EXP__", f"({math.ceil((emin - 1) * log2)})"),
           (f"__{prefix}_MAX_EXP__", str(emax)),
           (f"__{prefix}_MAX_10_EXP__", str(math.floor(emax * log2))),
           (f"__{prefix}_DECIMAL_DIG__", str(1 + math.ceil(p * log2)))]
    out += [(f"__{prefix}_{k}__", spell % _decimal36(v)) for k, v in values.items()]
    out += [(f"__{prefix}_HAS_DENORM__", "1"), (f"__{prefix}_HAS_INFINITY__", "1"),
            (f"__{prefix}_HAS_QUIET_NAN__", "1"), (f"__{prefix}_IS_IEC_60559__", "2")]
    return out


def float_model_macros(target) -> list[tuple[str, str]]:
    ldbl = LONG_DOUBLE.get(target.name, BINARY128)
    out = [("__FLT_RADIX__", "2"), ("__FLT_EVAL_METHOD__", "0"),
           ("__FLT_EVAL_METHOD_TS_18661_3__", "0"),
           ("__DECIMAL_DIG__", str(1 + math.ceil(ldbl[0] * math.log10(2))))]
    out += float_macros("FLT", BINARY32, "%sF")
    out += float_macros("DBL", BINARY64, "((double)%sL)")
    out += float_macros("LDBL", ldbl, "%sL")
    return out


# --- the architecture and the system --------------------------------------------------

SYSTEM = [("__linux__", "1"), ("__linux", "1"), ("linux", "1"), ("__unix__", "1"),
          ("__unix", "1"), ("unix", "1"), ("__gnu_linux__", "1"), ("__ELF__", "1")]

ISA = {
    "x86_64": [
        ("__x86_64__", "1"), ("__x86_64", "1"), ("__amd64__", "1"), ("__amd64", "1"),
        ("__k8", "1"), ("__k8__", "1"), ("__code_model_small__", "1"),
        ("__MMX__", "1"), ("__SSE__", "1"), ("__SSE2__", "1"), ("__FXSR__", "1"),
        ("__SSE_MATH__", "1"), ("__SSE2_MATH__", "1"), ("__MMX_WITH_SSE__", "1"),
    ],
    "aarch64": [
        ("__aarch64__", "1"), ("__AARCH64EL__", "1"), ("__AARCH64_CMODEL_SMALL__", "1"),
        ("__ARM_64BIT_STATE", "1"), ("__ARM_ARCH", "8"), ("__ARM_ARCH_8A", "1"),
        ("__ARM_ARCH_ISA_A64", "1"), ("__ARM_ARCH_PROFILE", "65"),
        ("__ARM_ALIGN_MAX_PWR", "28"), ("__ARM_ALIGN_MAX_STACK_PWR", "16"),
        ("__ARM_FEATURE_CLZ", "1"), ("__ARM_FEATURE_FMA", "1"), ("__ARM_FEATURE_IDIV", "1"),
        ("__ARM_FEATURE_NUMERIC_MAXMIN", "1"), ("__ARM_FEATURE_UNALIGNED", "1"),
        ("__ARM_FP", "14"), ("__ARM_NEON", "1"), ("__ARM_PCS_AAPCS64", "1"),
        ("__ARM_SIZEOF_MINIMAL_ENUM", "4"), ("__ARM_SIZEOF_WCHAR_T", "4"),
        ("__FLT_EVAL_METHOD_C99__", "0"), ("__FP_FAST_FMA", "1"), ("__FP_FAST_FMAF", "1"),
    ],
}


def target_macros(target, std: str) -> list[tuple[str, str]]:
    out = SYSTEM + ISA[target.name]
    # The unprefixed `linux`/`unix` names are only for GNU dialects, as in GCC.
    return [(n, v) for n, v in out if not (is_iso(std) and not n.startswith("_"))]


def all_predefined(target, std: str, opt_level=0) -> list[tuple[str, str]]:
    """Every predefined macro as (name, value); function-like names carry "(params)"."""
    out = (standard_macros(std, opt_level) + target_macros(target, std)
           + data_model_macros(target) + float_model_macros(target))
    seen, uniq = set(), []
    for n, v in out:
        if n not in seen:
            seen.add(n)
            uniq.append((n, v))
    return uniq


def predefined_macros(target=None, std: str = "gnu17", opt_level=0) -> str:
    """`gcc -dM -E` for an empty file: one `#define NAME VALUE` line per macro."""
    from ..target import get_target
    target = get_target(target)
    lines = [f"#define {n} {v}" for n, v in all_predefined(target, std, opt_level)]
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
