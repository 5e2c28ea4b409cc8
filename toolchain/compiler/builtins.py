"""The C library functions gcc knows as built-ins, with the types it expects them to be
declared with (-Wbuiltin-declaration-mismatch) and the header that declares them."""
from __future__ import annotations

from . import types as T

# name -> (return, parameters, variadic, header); "cchar*" is const char *, "cvoid*"
# const void *.
_TABLE = {
    "printf": ("int", ("cchar*",), True, "<stdio.h>"),
    "scanf": ("int", ("cchar*",), True, "<stdio.h>"),
    "sprintf": ("int", ("char*", "cchar*"), True, "<stdio.h>"),
    "snprintf": ("int", ("char*", "size_t", "cchar*"), True, "<stdio.h>"),
    "sscanf": ("int", ("cchar*", "cchar*"), True, "<stdio.h>"),
    "puts": ("int", ("cchar*",), False, "<stdio.h>"),
    "putchar": ("int", ("int",), False, "<stdio.h>"),
    "malloc": ("void*", ("size_t",), False, "<stdlib.h>"),
    "calloc": ("void*", ("size_t", "size_t"), False, "<stdlib.h>"),
    "realloc": ("void*", ("void*", "size_t"), False, "<stdlib.h>"),
    "free": ("void", ("void*",), False, "<stdlib.h>"),
    "abs": ("int", ("int",), False, "<stdlib.h>"),
    "exit": ("void", ("int",), False, "<stdlib.h>"),
    "labs": ("long", ("long",), False, "<stdlib.h>"),
    "strlen": ("size_t", ("cchar*",), False, "<string.h>"),
    "strcpy": ("char*", ("char*", "cchar*"), False, "<string.h>"),
    "strncpy": ("char*", ("char*", "cchar*", "size_t"), False, "<string.h>"),
    "strcat": ("char*", ("char*", "cchar*"), False, "<string.h>"),
    "strcmp": ("int", ("cchar*", "cchar*"), False, "<string.h>"),
    "strncmp": ("int", ("cchar*", "cchar*", "size_t"), False, "<string.h>"),
    "strchr": ("char*", ("cchar*", "int"), False, "<string.h>"),
    "memcpy": ("void*", ("void*", "cvoid*", "size_t"), False, "<string.h>"),
    "memmove": ("void*", ("void*", "cvoid*", "size_t"), False, "<string.h>"),
    "memset": ("void*", ("void*", "int", "size_t"), False, "<string.h>"),
    "memcmp": ("int", ("cvoid*", "cvoid*", "size_t"), False, "<string.h>"),
    "pow": ("double", ("double", "double"), False, "<math.h>"),
    "toupper": ("int", ("int",), False, "<ctype.h>"),
    "tolower": ("int", ("int",), False, "<ctype.h>"),
}
for _f in ("sqrt", "sin", "cos", "tan", "exp", "log", "fabs", "floor", "ceil"):
    _TABLE[_f] = ("double", ("double",), False, "<math.h>")
for _f in ("isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower"):
    _TABLE[_f] = ("int", ("int",), False, "<ctype.h>")


def builtin_type(fe, name):
    """(FunctionType, header) of a library function gcc knows, or None. Its const
    pointer targets are registered with the frontend, which spells them."""
    entry = _TABLE.get(name)
    if entry is None:
        return None
    ret, params, variadic, header = entry

    def make(word):
        if word in ("cchar*", "cvoid*"):
            t = T.PointerType(fe.plain_char if word == "cchar*" else T.VOID)
            fe.target_quals[id(t)] = (t, frozenset({"const"}))
            return t
        return {"int": T.INT, "long": T.LONG, "size_t": T.ULONG, "double": T.DOUBLE,
                "void": T.VOID, "void*": T.PointerType(T.VOID),
                "char*": T.PointerType(fe.plain_char)}[word]
    ft = T.FunctionType(make(ret), tuple(T.Param(None, make(p)) for p in params), variadic)
    return ft, header
