"""The preprocessor against GCC's: the same .i bytes (`gcc -E -nostdinc`, since we have
no stdc-predef.h), the same #if arithmetic, the same diagnostics, plus the trace data the
notebook shows (macro expansions, includes, skipped groups, line map)."""
import os
import re
import subprocess

import pytest

from conftest import SEED, needs_gcc
from toolchain.diagnostics import ToolError
from toolchain.preprocessor import preprocess, predefined_macros
from toolchain.target import AARCH64, X86_64

LIBC_INCLUDE = SEED.parents[1] / "toolchain" / "libc" / "include"


def gcc_e(path, *flags, cwd=None):
    """gcc -E on a file: (stdout, stderr)."""
    p = subprocess.run(["gcc", "-E", "-nostdinc", *flags, str(path)], capture_output=True,
                       text=True, cwd=cwd)
    return p.stdout, p.stderr


def ours(path, *, cwd, **kw):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return preprocess(str(path), **kw)
    finally:
        os.chdir(old)


# --- the seed, byte for byte ----------------------------------------------------------

@needs_gcc
@pytest.mark.parametrize("name", ["sum.c", "main.c", "sum.h"])
@pytest.mark.parametrize("linemarkers", [True, False], ids=["lines", "-P"])
def test_seed_is_byte_exact(seed, name, linemarkers):
    flags = [] if linemarkers else ["-P"]
    expected, _ = gcc_e(name, *flags, cwd=seed)
    assert preprocess(name, linemarkers=linemarkers, system_dirs=[]).text == expected


def test_seed_sum_c_text(seed):
    text = preprocess("sum.c").text
    assert text.startswith('# 0 "sum.c"\n# 0 "<built-in>"\n# 0 "<command-line>"\n'
                           '# 1 "sum.c"\n# 1 "sum.h" 1\n')
    assert "i32 sum(i32 a, i32 b) {\n" in text
    assert "    return a + b;\n" in text
    assert '# 2 "sum.c" 2\n' in text


@needs_gcc
@pytest.mark.parametrize("linemarkers", [True, False], ids=["lines", "-P"])
def test_seed_pp_h_avoids_pasting_100_and_dot(seed, tmp_path, linemarkers):
    sysdir = tmp_path / "sys"
    sysdir.mkdir()
    (sysdir / "stdio.h").write_text("#ifndef _S\n#define _S\nint printf(const char *, ...);\n#endif\n")
    flags = ["-isystem", str(sysdir)] + ([] if linemarkers else ["-P"])
    expected, _ = gcc_e("pp.h", *flags, cwd=seed)
    got = preprocess("pp.h", system_dirs=[str(sysdir)], linemarkers=linemarkers).text
    assert got == expected
    assert "This is my 100 ." in got


@needs_gcc
@pytest.mark.skipif(not (LIBC_INCLUDE / "stdio.h").exists(), reason="libc headers not written yet")
def test_stdio_resolves_in_our_libc_as_gcc_would(seed):
    expected, _ = gcc_e("hello.c", "-isystem", str(LIBC_INCLUDE), cwd=seed)
    r = preprocess("hello.c")
    assert r.text == expected
    assert any(i.path.endswith("stdio.h") and i.system for i in r.includes)


# --- a corpus of tricky cases: the C11 examples (6.10.3.5) and GCC's spacing ------------

CORPUS = {
    "c11_f_g": r"""#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
""",
    "c11_str_xstr": r"""#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\0d", "abc", '\4') // this goes away
 == 0) str(: @\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)
""",
    "c11_hash_hash_t_showlist_report": r"""#define hash_hash # ## #
#define mkstr(a) # a
#define in_between(a) mkstr(a)
#define join(c, d) in_between(c hash_hash d)
char p[] = join(x, y);
#define t(x,y,z) x ## y ## z
int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),
 t(10,,), t(,11,), t(,,12), t(,,) };
#define OBJ_LIKE (1-1)
#define OBJ_LIKE /* white space */ (1-1) /* other */
#define FUNC_LIKE(a) ( a )
#define FUNC_LIKE( a )( /* note the white space */ \
 a /* other stuff on this line
 */ )
#define debug(...) fprintf(stderr, __VA_ARGS__)
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test):\
 printf(__VA_ARGS__))
debug("Flag");
debug("X = %d\n", x);
showlist(The first, second, and third items.);
report(x>y, "x is %d but y is %d", x, y);
""",
    "va_opt_and_gnu_comma": r"""#define F(...) f(0 __VA_OPT__(,) __VA_ARGS__)
#define G(X, ...) f(0, X __VA_OPT__(,) __VA_ARGS__)
#define SDEF(sname, ...) S sname __VA_OPT__(= { __VA_ARGS__ })
#define EMP
F(a,b,c) F() F(EMP) G(a,b,c) G(a,) G(a)
SDEF(foo); SDEF(bar, 1, 2);
#define H2(X, Y, ...) __VA_OPT__(X ## Y,) __VA_ARGS__
H2(a, b, c, d)
#define H3(X, ...) #__VA_OPT__(X##X X##X)
H3(, 0)
#define H4(X, ...) __VA_OPT__(a X ## X) ## b
H4(, 1)
#define e(fmt, args...) printf(fmt, ## args)
e("a") e("a", 1) e("a",)
#define e2(fmt, ...) printf(fmt, ## __VA_ARGS__)
e2("a") e2("a", 1) e2("a",)
""",
    "spacing": r"""#define EMPTY
#define PLUS +
#define MINUS -
#define f(x) x
#define g(x) (x)
#define cat(a,b) a##b
#define id(x) x
-EMPTY- +EMPTY+ a EMPTY b
+PLUS -MINUS PLUS+ MINUS- PLUS= f(+)+ f(-)- f(+)f(+)
x f(y)z f( y )z .f(5) f(1).2 f(1)e f(a)1 f(a).5 f(1)a f(.)5 f(L)"s"
<f(<)  >f(>) &f(&) |f(|) /f(/) /f(*) f(/)* %f(:) <f(:) -f(>) #f(#)
cat(a,b) cat(a, b)c cat( a , b ) cat(,) cat(x,) cat(,y) [cat(,)]
id(id(id(1))) g(g(g(1))) f (2) f
(3) f
id(
a
b
) after
f(L)'a' f(u8)"s" 1 f(+1) 1f(e) f(1)-f(1) f(.)f(.)f(.)
a = f(=) f(!)= f(<)<= f(>)>=
G(
b c
) d
f(
b
)d
""",
    "rescanning": r"""#define f(a) a*g
#define g(a) f(a)
f(2)(9)
#define AA BB
#define BB AA
AA BB
#define lparen (
#define h(x) [x]
h lparen 1)
#define i(x) x
i(i)(1)
#define NIL(x) x
#define G_0(arg) NIL(G_1)(arg)
#define G_1(arg) NIL(arg)
G_0(42)
#define obj(x) obj x
obj(obj(1))
#define self self + 1
self
#define q(x) x q
q(q)(1)
#define LPAREN (
#define RPAREN )
#define F(x, y) x + y
#define ELLIP_FUNC(...) __VA_ARGS__
ELLIP_FUNC(F, LPAREN, 'a', 'b', RPAREN);
#define CALL(m, ...) m(__VA_ARGS__)
CALL(F, 1, 2) CALL(CALL, F, 3, 4)
""",
    "phases_1_to_3": "#define STR(x) #x\n#define XSTR(x) STR(x)\n"
                     "STR(\"a\\n\" 'b' '\\'' \"\\\\\" L\"w\")\n"
                     "STR(  leading   and    trailing   )\nSTR(a\nb)\n"
                     "XSTR(__LINE__) __LINE__\nSTR(/* c */ x /* d */ y)\n"
                     "d\\\ne\\\nf \"str\\\ning\" 1\\\n2\na = b/**/c;\na = b/*\n*/c;\n"
                     "0x1p-3 1e+5 1.e-2 .5e+ 0xe+1 1..2 1_a\n"
                     "<: :> <% %> %: %:%: a->b a-->b ++a--\nx+++++y\n"
                     "#def\\\nine SPL\\\nICED 4\\\n2\nSPLICED\n"
                     "/* a\n*/ #define AFTER_COMMENT 1\nAFTER_COMMENT\n"
                     "  \t  indented\n\n\n\n\n\n\n\n\n\n\n\nfar\n",
    "conditionals": r"""#define A 1
#if defined A && defined(A) && !defined B
yes1
#endif
#ifdef B
no
#elif A == 1
yes2
#else
no
#endif
#if 0
#garbage 'unterminated
#if nested
#else
#endif
#elif 1
yes3
#endif
#ifndef B
yes4
#endif
#if __STDC_VERSION__ >= 201112L && __STDC__ && __STDC_HOSTED__
yes5
#endif
#if UNDEFINED_NAME == 0 && (2 || 1/0) && !(0 && 1/0)
yes6
#endif
#undef A
#ifdef A
no
#endif
""",
    "pragmas": r"""#pragma omp parallel for
#pragma weird   stuff  (a,b)
#pragma STDC FP_CONTRACT ON
#pragma GCC poison unused_name
_Pragma("message(\"hi\")") x
#define P(x) _Pragma(#x) after
P(inside) z
#ident "v1"
#
# 33 "foo.c"
line33
#line 50
line50
#line 70 "bar.c"
line70
""",
}


@needs_gcc
@pytest.mark.parametrize("linemarkers", [True, False], ids=["lines", "-P"])
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_matches_gcc(tmp_path, name, linemarkers):
    path = tmp_path / f"{name}.c"
    path.write_text(CORPUS[name])
    flags = [] if linemarkers else ["-P"]
    expected, err = gcc_e(path.name, *flags, cwd=tmp_path)
    assert " error: " not in err
    got = ours(path.name, cwd=tmp_path, linemarkers=linemarkers, system_dirs=[]).text
    assert got == expected


# --- #if arithmetic ---------------------------------------------------------------------

IF_CASES = [
    "-1 > 0u", "-1 < 0", "0u - 1 == 18446744073709551615u", "~0u == 18446744073709551615",
    "-9223372036854775807 - 1 < 0", "0x7fffffffffffffff + 0 > 0", "1 ? -1 : 0u",
    "(1 ? -1 : 0u) > 0", "(0 ? 1u : -1) > 0", "3 / 2 == 1", "-3 / 2 == -1", "-3 % 2 == -1",
    "7 % -3 == 1", "1 << 3 == 8", "-1 >> 1 == -1", "0xffffffffffffffff >> 63 == 1",
    "1 << -1 == 0", "8 >> -1 == 16", "'a' == 97", "'\\377' < 0", "'\\n' == 10",
    "'ab' == 24930", "L'\\xffffffff' < 0", "u'x' == 120", "'\\x41' == 65",
    "010 == 8", "0b101 == 5", "0x10 == 16", "10u == 10", "10LL == 10", "10ull == 10",
    "(2 || 1/0)", "(0 && 1/0) == 0", "1 ? 2 : (1/0)", "0 ? 1/0 : 2", "!defined FOO",
    "defined(__x86_64__) && __x86_64__", "__CHAR_BIT__ == 8", "1 == 1 == 1", "2 > 1 > 0",
    "(1, 0)", "-(-9223372036854775807) > 0", "!0 + !1 + ~~5 == 6", "1 - - 1 == 2",
    "(5 & 3) == 1 && (5 | 3) == 7 && (5 ^ 3) == 6", "18446744073709551615 == -1",
]


@needs_gcc
def test_if_arithmetic_agrees_with_gcc(tmp_path):
    lines = []
    for i, expr in enumerate(IF_CASES):
        lines += [f"#if {expr}", f"T{i}", "#else", f"F{i}", "#endif"]
    path = tmp_path / "ifs.c"
    path.write_text("\n".join(lines) + "\n")
    expected, _ = gcc_e(path.name, "-P", cwd=tmp_path)
    got = ours(path.name, cwd=tmp_path, linemarkers=False, system_dirs=[]).text
    assert got.split() == expected.split()
    assert "T0" in got   # -1 > 0u


def test_if_char_signedness_follows_the_target():
    src = "#if '\\377' < 0\nsigned\n#else\nunsigned\n#endif\n"
    assert "signed" in preprocess("c.c", src, target=X86_64, linemarkers=False).text.split()
    assert "unsigned" in preprocess("c.c", src, target=AARCH64, linemarkers=False).text.split()


# --- diagnostics ------------------------------------------------------------------------

ERROR_CASES = [
    "#foo", '#include "nope.h"', "#define F(x) x\nF(1", "#endif", "#if 1", "#if 1/0\n#endif",
    "#define cat(a,b) a##b\ncat(x,+)", "#if 1 +\n#endif",
    "#if (1\n#endif", "#if 1 2\n#endif", "#if 1.0\n#endif", '#if "s"\n#endif',
    "#if\n#endif", "#else", "#if 1\n#else\n#else\n#endif", "#ifdef\n#endif",
    "#ifdef 3\n#endif", "#define", "#define 3", "#define F(x,x) x", "#define F(x",
    "#define F(x) #y", "#define F ## x", "#define F(x) x ##", "#include", "#include foo",
    "#line x", "#if defined\n#endif", "#if defined(X\n#endif", "#if 0x\n#endif",
    "#if 1u2\n#endif", "#if 1 ? 2\n#endif", "#if 1 : 2\n#endif", "#if 1 = 2\n#endif",
    "#if ()\n#endif", "#elif 1", "#define F(x) x\nF(1,2)", "#define H(x,y) x\nH(1)",
    "#define defined", "#if 0\n#elif\n#endif", "#error stop  it",
    "# 33 \"foo.c\"\n#error x", "/* unterminated", "#if 08\n#endif", "#if ''\n#endif",
    "#define x(a,...) __VA_OPT__(", "#if 1 ;\n#endif", "#pragma GCC poison foo\nfoo",
    # where GCC's reduce() puts "division by zero": the reduced right operand
    "#if 1 % (0)\n#endif", "#if 1 / -(0)\n#endif", "#if 1 / ( 0 + 0)\n#endif",
    "#if 1 / ( (0) )\n#endif", "#if 1 / (0 ? 1 : 0)\n#endif", "#if 1 / -0\n#endif",
    # a bad number is reported and read as 0: the expression goes on
    "#if 08 + 09\n#endif", "#if 1.0 / 0\n#endif", "#if 1x + 2y\n#endif", "#if '' / 0\n#endif",
    "#if 08 09\n#endif",
    # skipped groups are still lexed: unterminated comment/literals
    "#if 0\n'x\n\"y\n/* c\n#endif", "#if 0\nx /* a\n",
    "#if 1\n#else\n#elif 1\n#endif", "#if 0\n#else\n#elifdef X\n#endif",
    "#define F(...) __VA_OPT__(## a)", "#define F(...) __VA_OPT__(a ##)",
    "#define F(x) x\nF((1)\nint y;", "#define F(x,y,...) x\nF(1)",
    "#line", "#line 5 foo", "# 5 foo", "#include <nope.h", "#if __has_include\n#endif",
    "#if __has_include(\n#endif", "#if __has_include(x)\n#endif",
]
WARNING_CASES = [
    "#ifdef X Y\n#endif", "#if 'ab'\n#endif", "#if 99999999999999999999\n#endif",
    "#if 18446744073709551615\n#endif", "#pragma once", '"abc', "#warning hello   there",
    "#define str(x) #x\nstr(\\)", "#if 0\n#else junk\n#endif junk", "#define X+1",
    "#if 9223372036854775807+1\n#endif", "#undef __FILE__", "#define X 1\n#define X 2",
    "#define X 1\n#define X  1",
    "#if 0\ndon't\n#endif", "#if 0\n#else don't\n#endif", "int __VA_OPT__;", "int __VA_ARGS__;",
    "#define F(x) __VA_OPT__(x)", "#define F(x...) __VA_ARGS__ __VA_OPT__(x)",
    "#ifdef __VA_OPT__\n#endif", "#define F(...) __VA_ARGS__\nF(__VA_OPT__)",
    "#line 4294967296", "#line 2147483648",
]


def _gcc_messages(stderr):
    out = []
    for line in stderr.splitlines():
        if re.match(r"^(e\.c|foo\.c):", line) and " note: " not in line:
            out.append(line)
    return out


def _our_messages(diags):
    return [d.render().splitlines()[0] for d in diags if d.severity not in ("note", "")]


@needs_gcc
def test_error_messages_match_gcc(tmp_path):
    mismatches = []
    for case in ERROR_CASES:
        (tmp_path / "e.c").write_text(case + "\n")
        _, err = gcc_e("e.c", cwd=tmp_path)
        with pytest.raises(ToolError) as info:
            ours("e.c", cwd=tmp_path, system_dirs=[])
        if _our_messages(info.value.diagnostics) != _gcc_messages(err):
            mismatches.append((case, _our_messages(info.value.diagnostics), _gcc_messages(err)))
    assert mismatches == []


@needs_gcc
def test_warnings_match_gcc_and_do_not_stop(tmp_path):
    mismatches = []
    for case in WARNING_CASES:
        (tmp_path / "e.c").write_text(case + "\n")
        _, err = gcc_e("e.c", cwd=tmp_path)
        r = ours("e.c", cwd=tmp_path, system_dirs=[])
        if _our_messages(r.diagnostics) != _gcc_messages(err):
            mismatches.append((case, _our_messages(r.diagnostics), _gcc_messages(err)))
    assert mismatches == []


# __LINE__ in invocations that span lines: gcc 12 gives a token spelled in an argument its
# own line while the outermost macro is a function-like one (still defined), and anything
# else the line of the outermost macro name.
LINE_CASES = [
    "#define F(x) x __LINE__\nF(__LINE__\n\n)\n",
    "#define F(x) x __LINE__\nF(\n__LINE__\n\n)\nafter __LINE__\n",
    "#define G(x) x\n#define F(x) G(x __LINE__)\nF(\n__LINE__\n)\n",
    "#define F(x,y) x __LINE__ y\nF(__LINE__,\n__LINE__\n)\n",
    "#define L __LINE__\n#define F(x) x L\nF(L\n\n)\n",
    "#define F(x) #x __LINE__\nF(__LINE__\n)\n",
    "#define F(x) x\n#define H() __LINE__\nF(H\n(\n)\n)\n",
    "#define H() __LINE__ __LINE__\nH(\n)H(\n\n)\n",
    "#define F(x) x\nF(F(__LINE__\n)\n)\n",
    "#define F(x) x\n#if F(\\\n__LINE__ \\\n) == 2\nyes\n#else\nno\n#endif\n",
    "#define F(x) x\nF(a\n#define Q 1\n__LINE__)\n",
    "#define F(x) x\nF(\n#undef F\n__LINE__)\n",
    "#define F(x) x __LINE__\n#define G F\nG\n(\n__LINE__\n)\n",
    "#define F(x) x __LINE__\n#define G F(__LINE__\nG\n\n)\n",
    "#define F(x) x\n#line 40\nF(__LINE__\n) __LINE__\n",
    "#define F(x) __FILE__ __LINE__ __COUNTER__ __INCLUDE_LEVEL__ x\nF(\n__LINE__\n)\n",
]


@needs_gcc
def test_line_in_multiline_invocations_matches_gcc(tmp_path):
    mismatches = []
    for src in LINE_CASES:
        (tmp_path / "l.c").write_text(src)
        expected, _ = gcc_e("l.c", "-P", cwd=tmp_path)
        got = ours("l.c", cwd=tmp_path, linemarkers=False, system_dirs=[]).text
        if got != expected:
            mismatches.append((src, got, expected))
    assert mismatches == []


@needs_gcc
def test_include_next_search_matches_gcc(tmp_path):
    """#include_next goes on after the directory the current file came from: a file found
    next to its includer goes on at the head of the quote chain, one included by an
    absolute name (or the main file) searches as #include does."""
    files = {
        "inc/a/x.h": "#include_next <x.h>\nint a_x;\n",
        "inc/b/x.h": 'int b_x;\n#include_next "x.h"\n',
        "inc/c/x.h": "int c_x;\n",
        "inc/b/y.h": "#include_next <x.h>\n",
        "inc/c/n.h": "#include_next <x.h>\n",
        "inc/a/z.h": "int inc_a_z;\n",
        "x.h": "int local_x;\n#include_next <x.h>\n",
        "q/x.h": "int q_x;\n", "q/z.h": "int q_z;\n",
        "sub/z.h": 'int sub_z;\n#include_next "z.h"\n', "sub/w.h": '#include "z.h"\n',
        "h/has.h": "#if __has_include_next(<x.h>)\nint has;\n#endif\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    mains = ["#include <x.h>\n", '#include "x.h"\n', "#include_next <x.h>\n",
             '#include_next "x.h"\n', "#include <y.h>\n", '#include "sub/w.h"\n',
             '#include "sub/z.h"\n', f'#include "{tmp_path}/sub/z.h"\n',
             f"#include <{tmp_path}/sub/z.h>\n", "#include <n.h>\n", '#include "h/has.h"\n',
             "#include_next <nope.h>\n"]
    mismatches = []
    for quote in ([], ["q"]):
        flags = [f"-iquote{d}" for d in quote] + ["-Iinc/a", "-Iinc/b", "-Iinc/c", "-Ih"]
        for src in mains:
            (tmp_path / "m.c").write_text(src)
            expected, err = gcc_e("m.c", *flags, cwd=tmp_path)
            try:
                r = ours("m.c", cwd=tmp_path, system_dirs=[], quote_dirs=quote,
                         include_dirs=["inc/a", "inc/b", "inc/c", "h"])
                got, diags = r.text, r.diagnostics
            except ToolError as e:
                got, diags = None, e.diagnostics
            ok_text = got is None or got == expected
            if not ok_text or _message_lines("\n".join(d.render() for d in diags)) != \
                    _message_lines(err):
                mismatches.append((quote, src, got, expected, err))
    assert mismatches == []


# Messages whose location is in a header or inside a macro: gcc's include chain and its
# "in definition of macro" / "in expansion of macro" notes.
NOTE_CASES = {
    "paste_in_arg": "#define CAT(a,b) a##b\nCAT(1,+)\n",
    "paste_in_body": "#define P 1 ## +\nP\n",
    "paste_nested_body": "#define P 1 ## +\n#define Q P\nQ\n",
    "paste_through_args": "#define CAT(a,b) a##b\n#define G(x) CAT(x,+)\n#define H(y) G(y)\nH(1)\n",
    "paste_one_level": "#define CAT(a,b) a##b\n#define G(x) CAT(x,+)\nG(2)\n",
    "div_in_body": "#define Z 1/0\n#if Z\n#endif\n",
    "div_nested": "#define Z 1/0\n#define Y Z\n#if Y\n#endif\n",
    "div_funlike": "#define ZZ(x) x/0\n#if ZZ(1)\n#endif\n",
    "div_in_arg": "#define ID(x) x\n#if ID(1/0)\n#endif\n",
    "argc_nested": "#define TWO(a,b) a\n#define ONE(a) TWO(a)\nONE(1)\n",
    "argc_plain": "#define F(x) x\nF(1,2)\n",
    "header_error": '#include "a.h"\n',
    "header_chain": '#include "b.h"\nint x;\n#include "c.h"\n',
    "header_note": '#include "d.h"\nF(1,2)\n#if W\n#endif\n#include "a.h"\n#error main\n',
    "header_twice": '#include "a.h"\n#include "a.h"\n',
    "header_macro_div": '#include "d.h"\n#define V W\n#if V\n#endif\n',
    "redefined_from_header": '#include "d.h"\n#define W 2\n',
    "unterminated_in_header": '#include "u.h"\nint y;\n',
    "missing_in_header": '#include "m.h"\n',
    "elif_in_macro_if": "#define E(x) x+\n#if E(1)\n#endif\n",
}
HEADERS = {"a.h": "#error in a\n#warning again\n", "b.h": '#include "a.h"\n#warning in b\n',
           "c.h": "#define F(x) x\nF(1,2)\n", "d.h": "#define F(x) x\n#define W 1/0\n",
           "u.h": "#if 1\nint u;\n", "m.h": '#include "nope.h"\n'}


def _message_lines(text):
    """Everything but the source line and caret GCC prints under a message."""
    return [l for l in text.splitlines() if not re.match(r"^ *\d* \|", l)]


@needs_gcc
def test_include_chain_and_macro_notes_match_gcc(tmp_path):
    for name, text in HEADERS.items():
        (tmp_path / name).write_text(text)
    mismatches = []
    for case, src in NOTE_CASES.items():
        (tmp_path / "n.c").write_text(src)
        _, err = gcc_e("n.c", cwd=tmp_path)
        try:
            diags = ours("n.c", cwd=tmp_path, system_dirs=[]).diagnostics
        except ToolError as e:
            diags = e.diagnostics
        got = _message_lines("\n".join(d.render() for d in diags))
        if got != _message_lines(err):
            mismatches.append((case, got, _message_lines(err)))
    assert mismatches == []


def test_errors_render_like_gcc():
    with pytest.raises(ToolError) as info:
        preprocess("sum.c", "int x;\n#foo\n")
    assert str(info.value).splitlines() == [
        "sum.c:2:2: error: invalid preprocessing directive #foo",
        "    2 | #foo",
        "      |  ^",
    ]
    with pytest.raises(ToolError) as info:
        preprocess("x.c", '#include "nope.h"\n', system_dirs=[])
    assert str(info.value).splitlines()[0] == \
        "x.c:1:10: fatal error: nope.h: No such file or directory"
    with pytest.raises(ToolError) as info:
        preprocess("x.c", "#define cat(a,b) a##b\ncat(x,+)\n")
    assert 'pasting "x" and "+" does not give a valid preprocessing token' in str(info.value)


def test_bad_input_never_raises_anything_but_toolerror():
    nasty = ["#if (((((", "#define f(x) f(x\nf(", "\\", "#include <", "#include_next",
             "_Pragma(", "#line", '#line 5 "', "#if 1 ?:\n#endif", "#define a(x...) #x\na(",
             "#pragma push_macro(", "\x00\x01\x7f", "#define __VA_OPT__ 1", "'", "/*",
             "#if defined(\n#endif", "#elifdef X", "# 1 \"x\" 7", "%:%:%:", "#define x(\n"]
    for src in nasty:
        try:
            preprocess("n.c", src, system_dirs=[])
        except ToolError:
            pass


# --- #include ---------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "sys").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "inc" / "a.h").write_text("int from_inc_a;\n#include_next <a.h>\n")
    (tmp_path / "sys" / "a.h").write_text("int from_sys_a;\n")
    (tmp_path / "sub" / "b.h").write_text('#include "c.h"\nint b;\n')
    (tmp_path / "sub" / "c.h").write_text("int c_next_to_b;\n")
    (tmp_path / "c.h").write_text("int c_top;\n")
    (tmp_path / "g.h").write_text("#ifndef G_H\n#define G_H\nint guarded;\n#endif\n")
    (tmp_path / "o.h").write_text("#pragma once\nint once;\n")
    (tmp_path / "m.h").write_text("int m;\n")
    (tmp_path / "main.c").write_text(
        '#include <a.h>\n#include "sub/b.h"\n#include "g.h"\n#include "g.h"\n'
        '#include "o.h"\n#include "o.h"\n#define HDR "m.h"\n#include HDR\n'
        '#define ANGLED <a.h>\n#if __has_include("m.h") && !__has_include(<nope.h>)\n'
        'int has;\n#endif\nint end;\n')
    return tmp_path


@needs_gcc
def test_include_search_guards_once_and_computed_includes_match_gcc(tree):
    expected, err = gcc_e("main.c", "-Iinc", "-isystem", "sys", cwd=tree)
    assert "error" not in err
    r = ours("main.c", cwd=tree, include_dirs=["inc"], system_dirs=["sys"])
    assert r.text == expected
    assert [i.path for i in r.includes] == ["main.c", "inc/a.h", "sys/a.h", "sub/b.h",
                                             "sub/c.h", "g.h", "o.h", "m.h"]
    assert [i.depth for i in r.includes] == [0, 1, 2, 1, 2, 1, 1, 1]
    assert "sys/a.h" in r.dependencies and "m.h" in r.dependencies


def test_quote_dirs_come_before_include_dirs(tmp_path):
    for d in ("q", "i"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "h.h").write_text(f"int in_{d};\n")
    r = ours("x.c", cwd=tmp_path, quote_dirs=["q"], include_dirs=["i"], system_dirs=[],
             source='#include "h.h"\n#include <h.h>\n', linemarkers=False)
    assert r.text.split() == ["int", "in_q;", "int", "in_i;"]


def test_read_file_override_and_depth_limit():
    files = {"loop.h": '#include "loop.h"\n'}
    with pytest.raises(ToolError) as info:
        preprocess("m.c", '#include "loop.h"\n', read_file=files.get, system_dirs=[])
    assert "#include nested depth 200 exceeds maximum of 200" in str(info.value)
    files = {"a.h": "#define A 42\n"}
    r = preprocess("m.c", '#include "a.h"\nA\n', read_file=files.get, linemarkers=False)
    assert r.text == "42\n"


# --- options ----------------------------------------------------------------------------

@needs_gcc
def test_defines_and_undefines_match_gcc(tmp_path):
    (tmp_path / "d.c").write_text("A B C __x86_64__ linux\n#ifdef D\nd\n#endif\n")
    expected, _ = gcc_e("d.c", "-DA", "-DB=2", "-DC=x+y", "-DD", "-UD", "-P", cwd=tmp_path)
    got = ours("d.c", cwd=tmp_path, defines=["A", "B=2", "C=x+y", "D"], undefines=["D"],
               linemarkers=False, system_dirs=[]).text
    assert got == expected


def test_predefined_macros():
    text = predefined_macros(X86_64, "gnu17")
    lines = text.splitlines()
    assert "#define __STDC__ 1" in lines and "#define __STDC_HOSTED__ 1" in lines
    assert "#define __STDC_VERSION__ 201710L" in lines and "#define __x86_64__ 1" in lines
    assert "#define __CCPIPELINE__ 1" in lines
    assert not any(l.startswith("#define __GNUC__") for l in lines)
    assert all(re.match(r"#define \w+(\(\w+\))? ", l) for l in lines)
    assert "#define __aarch64__ 1" in predefined_macros(AARCH64, "c11")
    assert "__STDC_VERSION__" not in predefined_macros(X86_64, "c89")
    for std, v in [("c99", "199901L"), ("gnu11", "201112L"), ("c17", "201710L")]:
        out = preprocess("v.c", "__STDC_VERSION__\n", std=std, linemarkers=False).text
        assert out.strip() == v
    assert preprocess("v.c", "linux\n", std="c11", linemarkers=False).text.strip() == "linux"


# What gcc predefines and we deliberately do not (toolchain/preprocessor/predefined.py
# says the same at more length):
OMITTED = re.compile(
    # GCC describing itself and its builtins: a header seeing __GNUC__ would use GCC
    # extensions our compiler does not have.
    r"__GNUC\w*|__GCC_\w+|__GXX_\w+|__VERSION__"
    # builtins, pragmas and address spaces we do not provide
    r"|__ATOMIC_\w+|__HAVE_SPECULATION_SAFE_VALUE|__PRAGMA_REDEFINE_EXTNAME|__SEG_[FG]S"
    # we make static non-PIE executables (as gcc -fno-pic -no-pie, which omits these too)
    r"|__PIC__|__pic__|__PIE__|__pie__"
    # types our compiler does not have: __int128, __float80/128, _FloatN(x), _DecimalN, __fp16
    r"|__SIZEOF_INT128__|__SIZEOF_FLOAT80__|__SIZEOF_FLOAT128__|__FLT(16|32|64|128|32X|64X)_\w+"
    r"|__FP_FAST_FMAF(16|32|64|128|32x|64x)|__DEC(32|64|128)_\w+|__DEC_EVAL_METHOD__"
    r"|__DECIMAL_BID_FORMAT__|__ARM_FP16_\w+")


def _dm(text):
    out = {}
    for line in text.splitlines():
        head, _, body = line[len("#define "):].partition(" ")
        name = head.split("(")[0]
        out[name] = (head, body)
    return out


@needs_gcc
@pytest.mark.parametrize("target,gcc", [(X86_64, "gcc"), (AARCH64, "aarch64-linux-gnu-gcc")],
                         ids=["x86_64", "aarch64"])
def test_predefined_macros_are_gccs_minus_the_omitted(target, gcc):
    """`-dM` for an empty file: the same names and values as gcc's for every standard and
    -O level, except OMITTED (and our own __CCPIPELINE__)."""
    import shutil
    from toolchain.preprocessor.explain import macro_dump
    if shutil.which(gcc) is None:
        pytest.skip(f"{gcc} not installed")
    mismatches = []
    for std in ["c89", "c99", "c11", "c17", "gnu89", "gnu99", "gnu11", "gnu17", "c2x"]:
        for opt in (0, 2, "s"):
            p = subprocess.run([gcc, f"-std={std}", f"-O{opt}", "-nostdinc", "-dM", "-E", "-x",
                                "c", "/dev/null"], capture_output=True, text=True)
            theirs = {k: v for k, v in _dm(p.stdout).items() if not OMITTED.fullmatch(k)}
            ours_ = _dm(macro_dump(preprocess("e.c", "", target=target, std=std, opt_level=opt)))
            assert ours_.pop("__CCPIPELINE__") == ("__CCPIPELINE__", "1")
            if ours_ != theirs:
                mismatches.append((std, opt, sorted(ours_.items() ^ theirs.items())))
    assert mismatches == []
    dumped = predefined_macros(target, "gnu17")
    assert "__GNUC__" not in dumped and "__OPTIMIZE__" not in dumped
    assert "#define __OPTIMIZE__ 1" in predefined_macros(target, "c11", opt_level=1)


def test_dynamic_macros():
    src = ('__FILE__ __LINE__ __BASE_FILE__ __INCLUDE_LEVEL__ __COUNTER__ __COUNTER__\n'
           '#line 10 "renamed.c"\n__FILE__ __LINE__\n__DATE__ __TIME__\n')
    out = preprocess("dyn.c", src, linemarkers=False).text.splitlines()
    assert out[0] == '"dyn.c" 1 "dyn.c" 0 0 1'
    assert out[1] == '"renamed.c" 10'
    assert re.fullmatch(r'"\w{3} [ \d]\d \d{4}" "\d\d:\d\d:\d\d"', out[2])


def test_keep_comments():
    out = preprocess("c.c", "a /* one */ b // two\n", keep_comments=True, linemarkers=False)
    assert out.text == "a /* one */ b // two\n"


# --- what the views use -----------------------------------------------------------------

def test_trace_of_plus_in_sum_c(seed):
    r = preprocess("sum.c")
    plus = [e for e in r.all_expansions() if e.name == "PLUS"]
    assert len(plus) == 1
    e = plus[0]
    assert (e.file, e.line, e.column) == ("sum.c", 14, 14)
    assert (e.definition_file, e.definition_line, e.definition) == ("sum.c", 4, "PLUS +")
    assert e.args is None and e.replacement == "+" and e.result == "+" and e.nested == []
    work = [e for e in r.all_expansions() if e.name == "WORK"]
    assert work and work[0].in_directive and work[0].line == 13


def test_trace_of_nested_str_cat():
    src = ("#define CAT(a,b) a##b\n#define STR(x) #x\n#define XSTR(x) STR(x)\n"
           "#define ab hello\nXSTR(CAT(a,b)) STR(CAT(a,b))\n")
    r = preprocess("n.c", src, linemarkers=False)
    assert r.text.strip() == '"hello" "CAT(a,b)"'
    xstr, strx = r.expansions
    assert (xstr.name, xstr.line, xstr.column) == ("XSTR", 5, 1)
    assert xstr.args == ["CAT(a,b)"] and xstr.expanded_args == ["hello"]
    assert xstr.replacement == "STR(hello)" and xstr.result == '"hello"'
    cat, str_ = xstr.nested
    assert cat.name == "CAT" and cat.args == ["a", "b"] and cat.replacement == "ab"
    assert cat.result == "hello" and [n.name for n in cat.nested] == ["ab"]
    assert str_.name == "STR" and str_.args == ["hello"] and str_.result == '"hello"'
    assert strx.name == "STR" and strx.args == ["CAT(a,b)"] and strx.expanded_args == [None]
    assert strx.result == '"CAT(a,b)"'


def test_trace_steps_replay_the_whole_line():
    src = ("#define CAT(a,b) a##b\n#define STR(x) #x\n#define XSTR(x) STR(x)\n"
           "#define ab hello\nint s = XSTR(CAT(a,b)) + 1;\n#define PLUS +\n"
           "#define F(x) x PLUS x\nint y = F(F(2)) ;\n#define G(x) x ## 1 + CAT(x, 2)\nG(a)\n"
           "#if 0\n#elif 1\n#else\nz\n#endif\n#ifdef NOPE\nq\n#endif\n")
    r = preprocess("n.c", src, linemarkers=False)
    xstr, f, g = r.expansions
    assert list(xstr.steps()) == ["int s = XSTR(CAT(a,b)) + 1;", "int s = XSTR(hello) + 1;",
                                  "int s = STR(hello) + 1;", 'int s = "hello" + 1;']
    assert list(f.steps()) == ["int y = F(F(2)) ;", "int y = F(2 + 2) ;",
                               "int y = 2 + 2 PLUS 2 + 2 ;", "int y = 2 + 2 + 2 + 2 ;"]
    assert list(g.steps(whole_line=False)) == ["G(a)", "a1 + CAT(a, 2)", "a1 + a2"]
    assert r.text.splitlines()[1:3] == ["int y = 2 + 2 + 2 + 2 ;", "a1 + a2"]
    why = [(s.directive, s.reason, s.value) for s in r.skipped]
    assert why == [("#if 0", "the condition is 0", 0),
                   ("#else", "an earlier branch was taken", None),
                   ("#ifdef NOPE", "NOPE is not defined", 0)]


def test_line_map_skipped_and_dependencies(seed):
    r = preprocess("sum.c")
    lines = r.text.splitlines()
    assert len(r.line_map) == len(lines)
    for text, origin in zip(lines, r.line_map):
        if text.startswith("#") or not text.strip():
            assert origin is None
    assert r.line_map[lines.index("    return a + b;")] == ("sum.c", 14)
    assert r.line_map[lines.index("int sum(int a, int b);")] == ("sum.h", 4)
    assert len(r.skipped) == 1
    s = r.skipped[0]
    assert (s.file, s.first_line, s.last_line, s.directive) == ("sum.c", 16, 16, "#else")
    assert r.dependencies == ["sum.c", "sum.h"]


def test_seed_is_fast(seed):
    import time
    t = time.perf_counter()
    for _ in range(10):
        preprocess("sum.c")
    assert (time.perf_counter() - t) / 10 < 0.05   # a few ms; generous for shared CI
