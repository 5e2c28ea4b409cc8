"""-Wformat: printf and scanf format strings checked against the arguments, as gcc 12
does it (its gnu_printf and gnu_scanf formats).

A format string is read directive by directive (%[flags][width][.precision][length]
conversion); each consumes arguments (a '*' width or precision one int, the conversion
its value), whose types, after the default argument promotions, must be what the
conversion expects, up to signedness. gcc puts the message at the conversion character
in the source, so the string literal is read again from the source text to map each
character of its value to a line and column (escapes and concatenated pieces
included); a directive outside the literal's first piece is reported at the literal
with a note where the directive is.
"""
from __future__ import annotations

from . import types as T

# name -> (archetype, argument number of the format, of the first value; 0: a va_list)
FORMAT_FUNCTIONS = {
    "printf": ("printf", 1, 2), "fprintf": ("printf", 2, 3), "sprintf": ("printf", 2, 3),
    "snprintf": ("printf", 3, 4), "dprintf": ("printf", 2, 3), "asprintf": ("printf", 2, 3),
    "vprintf": ("printf", 1, 0), "vfprintf": ("printf", 2, 0), "vsprintf": ("printf", 2, 0),
    "vsnprintf": ("printf", 3, 0), "vdprintf": ("printf", 2, 0), "vasprintf": ("printf", 2, 0),
    "scanf": ("scanf", 1, 2), "fscanf": ("scanf", 2, 3), "sscanf": ("scanf", 2, 3),
    "vscanf": ("scanf", 1, 0), "vfscanf": ("scanf", 2, 0), "vsscanf": ("scanf", 2, 0),
}

_LENGTHS = ("hh", "ll", "h", "l", "L", "q", "j", "z", "Z", "t")

# The types conversions expect, as (how gcc names it, what matches it).
#   ("int", kind): an integer of that rank ("int", "long", "long long"), either sign;
#   ("float", kind): that floating type; ("ptr", spec): a pointer to what spec matches;
#   ("anyptr",): any object pointer (%p); ("charptr",): a pointer to a character type.
_INT = ("int", "int")
_LONG = ("int", "long")
_LLONG = ("int", "long long")


def _ptr(x):
    return ("ptr", x)


_SIGNED = {None: ("int", _INT), "hh": ("int", _INT), "h": ("int", _INT),
           "l": ("long int", _LONG), "ll": ("long long int", _LLONG),
           "q": ("long long int", _LLONG), "L": ("long long int", _LLONG),
           "j": ("intmax_t", _LONG), "z": ("signed size_t", _LONG), "Z": ("signed size_t", _LONG),
           "t": ("ptrdiff_t", _LONG)}
_UNSIGNED = {None: ("unsigned int", _INT), "hh": ("int", _INT), "h": ("int", _INT),
             "l": ("long unsigned int", _LONG), "ll": ("long long unsigned int", _LLONG),
             "q": ("long long unsigned int", _LLONG), "L": ("long long unsigned int", _LLONG),
             "j": ("uintmax_t", _LONG), "z": ("size_t", _LONG), "Z": ("size_t", _LONG),
             "t": ("unsigned ptrdiff_t", _LONG)}
_FLOATING = {None: ("double", ("float", "double")), "l": ("double", ("float", "double")),
             "L": ("long double", ("float", "long double"))}
_COUNT = {None: ("int *", _ptr(_INT)), "hh": ("signed char *", _ptr(("int", "char"))),
          "h": ("short int *", _ptr(("int", "short"))), "l": ("long int *", _ptr(_LONG)),
          "ll": ("long long int *", _ptr(_LLONG)), "q": ("long long int *", _ptr(_LLONG)),
          "j": ("intmax_t *", _ptr(_LONG)), "z": ("signed size_t *", _ptr(_LONG)),
          "Z": ("signed size_t *", _ptr(_LONG)), "t": ("ptrdiff_t *", _ptr(_LONG))}

# printf: conversion -> (flags allowed, precision allowed, {length: expected})
_PRINTF = {
    "d": ("-+ 0'I", True, _SIGNED), "i": ("-+ 0'I", True, _SIGNED),
    "u": ("-0'I", True, _UNSIGNED), "o": ("-#0", True, _UNSIGNED),
    "x": ("-#0", True, _UNSIGNED), "X": ("-#0", True, _UNSIGNED),
    "c": ("-", False, {None: ("int", _INT), "l": ("wint_t", _INT)}),
    "C": ("-", False, {None: ("wint_t", _INT)}),
    "s": ("-", True, {None: ("char *", ("charptr",)), "l": ("wchar_t *", _ptr(_INT))}),
    "S": ("-", True, {None: ("wchar_t *", _ptr(_INT))}),
    "p": ("-", False, {None: ("void *", ("anyptr",))}),
    "n": ("", False, _COUNT),
    "m": ("-", True, {None: None}),
}
for _c in "feEgGaAF":
    _PRINTF[_c] = ("-+ #0'" if _c in "fFgG" else "-+ #0", True, _FLOATING)

_SCAN_INT = {k: (v[0] + " *", _ptr(v[1])) for k, v in _SIGNED.items()}
_SCAN_INT.update({"hh": ("signed char *", _ptr(("int", "char"))),
                  "h": ("short int *", _ptr(("int", "short")))})
_SCAN_UNSIGNED = {k: (v[0] + " *", _ptr(v[1])) for k, v in _UNSIGNED.items()}
_SCAN_UNSIGNED.update({"hh": ("unsigned char *", _ptr(("int", "char"))),
                       "h": ("short unsigned int *", _ptr(("int", "short")))})
_SCAN_FLOAT = {None: ("float *", _ptr(("float", "float"))),
               "l": ("double *", _ptr(("float", "double"))),
               "L": ("long double *", _ptr(("float", "long double")))}
_SCAN_CHARS = {None: ("char *", ("charptr",)), "l": ("wchar_t *", _ptr(_INT))}
_SCANF = {"d": _SCAN_INT, "i": _SCAN_INT, "u": _SCAN_UNSIGNED, "o": _SCAN_UNSIGNED,
          "x": _SCAN_UNSIGNED, "X": _SCAN_UNSIGNED, "s": _SCAN_CHARS, "c": _SCAN_CHARS,
          "[": _SCAN_CHARS, "p": {None: ("void **", ("ptrptr",))}, "n": _COUNT}
for _c in "feEgGaAF":
    _SCANF[_c] = _SCAN_FLOAT


def matches(spec, t):
    """Whether an argument of type t is what a conversion expecting `spec` takes."""
    kind = spec[0]
    if kind == "int":
        return t.is_integer and not t.is_bool and t.kind == spec[1]
    if kind == "float":
        return isinstance(t, T.FloatType) and t.kind == spec[1]
    if not t.is_pointer:
        return False
    if kind == "anyptr":
        return True
    if kind == "ptrptr":
        return t.base.is_pointer
    if kind == "charptr":
        return t.base.is_integer and t.base.kind == "char"
    return matches(spec[1], t.base)


class Directive:
    """One %-directive: where it starts and ends (indexes into the format's bytes)."""

    def __init__(self, start):
        self.start = start
        self.flags = []             # (flag, index)
        self.width = self.precision = None       # "*", or the digits
        self.width_at = self.precision_at = None
        self.length = None
        self.conv = None
        self.end = None             # index of the conversion character


def check_format(kind, data, args, first_arg, at, report):
    """Check format `data` (bytes, without the terminating NUL) of archetype `kind`.

    `args` are the typed arguments after the format (empty with first_arg 0: a va_list,
    only the format itself is checked), numbered from `first_arg`. `at(i)` gives the
    position of byte i of the format (at(None): of the literal); `report(pos, message,
    flag, note_pos)` gives a warning."""
    text = data.decode("latin-1")
    name = "gnu_" + kind
    if b"$" in data:
        return              # (operand numbers: positional arguments are not checked here)
    if not text:
        report(at(None), f"zero-length {name} format string", "format-zero-length")
        return
    n = 0                   # arguments consumed
    i = 0
    while i < len(text):
        if text[i] != "%":
            i += 1
            continue
        d = Directive(i)
        i += 1
        if i >= len(text):
            report(at(d.start), "spurious trailing '%' in format", "format=")
            return
        if text[i] == "%" and i == d.start + 1:
            i += 1
            continue
        if kind == "printf":
            while i < len(text) and text[i] in "-+ #0'I":
                d.flags.append((text[i], i))
                i += 1
        elif text[i] == "*":
            d.flags.append(("*", i))
            i += 1
        if i < len(text) and text[i] == "*" and kind == "printf":
            d.width, d.width_at = "*", i
            i += 1
        else:
            j = i
            while i < len(text) and text[i].isdigit():
                i += 1
            if i > j:
                d.width, d.width_at = text[j:i], j
        if kind == "printf" and i < len(text) and text[i] == ".":
            d.precision_at = i
            i += 1
            if i < len(text) and text[i] == "*":
                d.precision = "*"
                i += 1
            else:
                j = i
                while i < len(text) and text[i].isdigit():
                    i += 1
                d.precision = text[j:i]
        for m in _LENGTHS:
            if text.startswith(m, i):
                d.length = m
                i += len(m)
                break
        if i >= len(text):
            report(at(len(text) - 1), "conversion lacks type at end of format", "format=")
            return
        d.conv, d.end = text[i], i
        if d.conv == "%":
            # "%5%": gcc finds the directive ends without a type, and starts the next
            # one at this '%'
            report(at(i - 1), "conversion lacks type at end of format", "format=")
            continue
        if kind == "scanf" and d.conv == "[":
            j = i + 1
            if j < len(text) and text[j] == "^":
                j += 1
            if j < len(text) and text[j] == "]":
                j += 1
            close = text.find("]", j)
            if close < 0:
                report(at(len(text) - 1), "no closing ']' for '%[' format", "format=")
                return
            d.end = close - 1
            i = close
        table = _PRINTF if kind == "printf" else _SCANF
        if d.conv not in table:
            c = d.conv
            shown = c if " " <= c <= "~" else f"\\x{ord(c):02x}"
            report(at(i), f"unknown conversion type character '{shown}' in format", "format=")
            break
        i += 1
        if kind == "printf":
            n = _printf_directive(d, text, args, n, first_arg, at, report)
        else:
            n = _scanf_directive(d, text, args, n, first_arg, at, report)
        if n is None:
            return
    if first_arg and n < len(args):
        report(at(None), "too many arguments for format", "format-extra-args")


def _printf_directive(d, text, args, n, first_arg, at, report):
    allowed, precision_ok, types = _PRINTF[d.conv]
    seen = set()
    for f, where in d.flags:
        if f in seen:
            report(at(where), f"repeated '{f}' flag in format", "format=")
            continue
        seen.add(f)
        if f not in allowed:
            report(at(d.end), f"'{f}' flag used with '%{d.conv}' gnu_printf format", "format=")
    if " " in seen and "+" in seen:
        report(at(None), "' ' flag ignored with '+' flag in gnu_printf format", "format=")
    if "0" in seen and "-" in seen and "0" in allowed:
        report(at(None), "'0' flag ignored with '-' flag in gnu_printf format", "format=")
    elif "0" in seen and d.precision is not None and d.conv in "diouxX":
        report(at(None), f"'0' flag ignored with precision and '%{d.conv}' gnu_printf format",
               "format=")
    if d.precision is not None and not precision_ok:
        report(at(d.end), f"precision used with '%{d.conv}' gnu_printf format", "format=")
    for star, what, where in ((d.width == "*", "field width specifier '*'", d.width_at),
                              (d.precision == "*", "field precision specifier '.*'",
                               (d.precision_at or 0) + 1)):
        if not star:
            continue
        if not first_arg:
            continue
        if n >= len(args):
            report(at(where), f"{what} expects a matching 'int' argument", "format=")
            continue
        if not matches(_INT, args[n].type):
            report(at(where), f"{what} expects argument of type 'int', but argument "
                              f"{first_arg + n} has type {_shown(args[n])}", "format=")
        n += 1
    if d.length is not None and d.length not in types:
        report(at(d.end), f"use of '{d.length}' length modifier with '{d.conv}' type "
                          "character has either no effect or undefined behavior", "format=")
        return n + 1
    expected = types.get(d.length)
    if expected is None:
        return n            # (%m takes nothing)
    return _argument(d, text, expected, args, n, first_arg, at, report)


def _scanf_directive(d, text, args, n, first_arg, at, report):
    types = _SCANF[d.conv]
    suppressed = any(f == "*" for f, _ in d.flags)      # (no argument)
    if d.length is not None and d.length not in types:
        report(at(d.end), f"use of '{d.length}' length modifier with '{d.conv}' type "
                          "character has either no effect or undefined behavior", "format=")
        return n + (not suppressed)
    if suppressed:
        return n
    if first_arg and n < len(args) and getattr(args[n], "const_target", False):
        report(("call", None), f"writing into constant object (argument {first_arg + n})",
               "format=")
        return n + 1
    return _argument(d, text, types[d.length], args, n, first_arg, at, report)


def _argument(d, text, expected, args, n, first_arg, at, report):
    if not first_arg:
        return n
    if d.conv == "[":
        shown = "%" + (d.length or "") + text[text.index("[", d.start):d.end + 1]
    else:
        shown = "%" + (d.length or "") + d.conv
    want, spec = expected
    if n >= len(args):
        report(at(d.end), f"format '{shown}' expects a matching '{want}' argument", "format=")
        return n
    if not matches(spec, args[n].type):
        report(at(d.end), f"format '{shown}' expects argument of type '{want}', but argument "
                          f"{first_arg + n} has type {_shown(args[n])}", "format=")
    return n + 1


def _shown(arg):
    """An argument's type as gcc names it: 'size_t' {aka 'long unsigned int'}."""
    f = getattr(arg, "type_shown", None)
    return f if f is not None else f"'{arg.type}'"


# -- where each character of a string literal is in the source -----------------------------

_SIMPLE_ESCAPES = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "e": 27,
                   "\\": 92, "'": 39, '"': 34, "?": 63}


def literal_positions(lines, pos, data):
    """[(file, line, column) of each byte of a string literal's value] read from the
    source lines from `pos` (its first piece), and the index where its second piece
    starts (len(data) when it has one piece); None when the source does not spell
    `data` there (a macro, a wide or unusual literal)."""
    f, line, col = pos
    text = lines.get((f, line))
    if text is None or not col:
        return None
    i = col - 1
    out = []
    first_end = None
    while True:
        if text.startswith("u8", i):
            i += 2
        if i >= len(text) or text[i] != '"':
            return None
        i += 1
        while True:
            if i >= len(text):
                return None
            c = text[i]
            if c == '"':
                i += 1
                break
            here = (f, line, i + 1)
            if c != "\\":
                for b in c.encode("utf-8", "surrogateescape"):
                    out.append((here, b))
                i += 1
                continue
            e = text[i + 1:i + 2]
            if e in _SIMPLE_ESCAPES:
                out.append((here, _SIMPLE_ESCAPES[e]))
                i += 2
            elif e and e in "01234567":
                j = i + 1
                while j < len(text) and j < i + 4 and text[j] in "01234567":
                    j += 1
                out.append((here, int(text[i + 1:j], 8) & 0xFF))
                i = j
            elif e == "x":
                j = i + 2
                while j < len(text) and text[j] in "0123456789abcdefABCDEF":
                    j += 1
                if j == i + 2:
                    return None
                out.append((here, int(text[i + 2:j], 16) & 0xFF))
                i = j
            else:
                return None
        if first_end is None:
            first_end = len(out)
        # another piece: after blanks, on this line or the following ones
        while True:
            while i < len(text) and text[i] in " \t":
                i += 1
            if i < len(text):
                break
            line += 1
            text = lines.get((f, line))
            if text is None:
                return None if len(out) != len(data) else _done(out, data, first_end)
            i = 0
        if not (text.startswith('"', i) or text.startswith('u8"', i)):
            break
    return _done(out, data, first_end)


def _done(out, data, first_end):
    if bytes(b for _, b in out) != data:
        return None
    return [p for p, _ in out], first_end
