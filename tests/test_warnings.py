"""Warnings, differentially against GCC 12: the same small program through `gcc -S -O0`
and through our `ccpipeline cc -S` with the same flags must give the same diagnostics
and the same exit status.

What is compared (the normalization): from each compiler's stderr, the lines
`t.c:LINE:COL: warning|error|note: message [-Wflag]` and `cc1: ...`; gcc's context lines
(`t.c: In function 'f':`, the quoted source and the caret, its fix-it hints) are left
out, ours are not printed that way either. Each warning or error is taken together with
the notes that follow it, and the groups are compared as sorted lists: gcc gives some
warnings (uninitialized uses, functions that end without a return) from passes that
visit the functions in call-graph order, which is not the order of the file. Programs
declare what they call themselves (no headers), so no diagnostic points into a system
header, whose lines differ between glibc's and ours.

Every case here was checked against gcc; a program gcc gives nothing for must give
nothing from us too (a wrong warning teaches the wrong thing).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from toolchain import cli

HAVE_GCC = shutil.which("gcc") is not None
pytestmark = pytest.mark.skipif(not HAVE_GCC, reason="gcc is needed for the reference")

PRINTF = "int printf(const char *, ...);\nint scanf(const char *, ...);\n"

CASES = [
    # -- C90's implicit int, a default warning since C99 ------------------------------------
    ("implicit_int_objects", [], r"""
static cnt = 3;
const k = 2;
int main(void) { static z = 4; register r = 1; return cnt + k + z + r; }
"""),
    ("implicit_int_is_c90", ["-std=c89"], r"""
static cnt = 3;
int main(void) { static z = 4; return cnt + z; }
"""),
    # -- -Wformat (-Wall) ------------------------------------------------------------------
    ("format_types", ["-Wall"], PRINTF + r"""
int main(void) {
  double d = 1.5; long l = 2; char *s = "x"; unsigned u = 3; int *p = &u;
  printf("%d %s\n", d, u);
  printf("%ld %lu %f %c\n", 1, u, 3, s);
  printf("%p %x %u %d\n", 1, p, d, p);
  printf("%5.2f %-10s %lld\n", 1, 2, l);
  return 0;
}
"""),
    ("format_counts", ["-Wall"], PRINTF + r"""
int main(void) {
  int i = 1;
  printf("%d %d\n", i);
  printf("%d\n", i, i);
  printf("no directives\n", i);
  printf("%*d|%.*s\n", i);
  printf("");
  return 0;
}
"""),
    ("format_syntax", ["-Wall"], PRINTF + r"""
int main(void) {
  int i = 1; char *s = "";
  printf("%y\n", i);
  printf("%");
  printf("%5");
  printf("%#d %+u % x %-05d\n", i, i, i, i);
  printf("%.2c %05s %ll\n", i, s, i);
  printf("%hs %lp %Ls\n", s, s, s);
  printf("%00d %--d\n", i, i);
  printf("% +d %5%\n", i);
  return 0;
}
"""),
    ("format_lengths", ["-Wall"], PRINTF + r"""
typedef unsigned long size_t;
size_t strlen(const char *);
int main(void) {
  char c = 'a'; short h = 1; long double ld = 0; size_t z = 4;
  printf("%d %d %c\n", c, h, c);
  printf("%zu %zd %jd %td\n", 1.0, 1.0, 1.0, 1.0);
  printf("%hhd %hd %ld %lld\n", 1.0, 1.0, 1.0, 1.0);
  printf("%Lf %e %lf\n", 1.0, ld, 2);
  printf("%d %s\n", strlen("abc"), z);
  printf("%d\n", sizeof(int));
  printf("%n %hhn %ln\n", 1, 2, 3);
  return 0;
}
"""),
    ("format_scanf", ["-Wall"], PRINTF + r"""
int main(void) {
  int i; long l; double d; float f; char s[8]; char *p = s;
  scanf("%d %ld %lf %f %s", &i, &l, &d, &f, s);
  scanf("%d", i);
  scanf("%f %lf %ld", &d, &f, &i);
  scanf("%s %c %[abc]", &p, &d, &i);
  scanf("%5d %*s %d", &i, &i, &i);
  scanf("");
  scanf("%[abc", s);
  return 0;
}
"""),
    ("format_concatenated", ["-Wall"], PRINTF + r"""
int main(void) {
  double d = 0;
  printf("%d" "\n", d);
  printf("abc" "%d" "\n", d);
  printf("%"
         "d\n", d);
  printf("\t%d\x41\101%d\n", 1, d);
  return 0;
}
"""),
    ("format_attribute_and_family", ["-Wall"], r"""
int sprintf(char *, const char *, ...);
int snprintf(char *, unsigned long, const char *, ...);
int sscanf(const char *, const char *, ...);
void logf_(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int main(void) {
  char b[16]; double d = 1;
  sprintf(b, "%d", d);
  snprintf(b, 4, "%s", d);
  sscanf(b, "%d", d);
  logf_(1, "%d %d", d);
  return 0;
}
"""),
    ("format_clean", ["-Wall", "-Wextra"], PRINTF + r"""
typedef unsigned long size_t;
int main(void) {
  int i = 1; unsigned u = 2; long l = 3; char c = 'x'; const char *s = "s";
  size_t z = sizeof i; double d = 2; float f = 1; void *p = &i; char buf[8];
  printf("%d %i %u %x %o %c %%\n", i, u, i, u, i, c);
  printf("%ld %lu %zu %f %g %e %.3f %10.2lf\n", l, l, z, d, f, d, d, f);
  printf("%s %p %-5s|%5d|%05d|%+d|% d|%#x\n", s, p, s, i, i, i, i, u);
  printf("%*d %.*s %hhd %hd\n", i, i, i, s, c, i);
  scanf("%d %u %ld %lf %f %s %c %7s %*d %[a-z]", &i, &i, &l, &d, &f, buf, &c, buf, buf);
  return 0;
}
"""),
    ("format_not_without_wall", [], PRINTF + r"""
int main(void) { printf("%d\n", 1.0); return 0; }
"""),
    # -- -Wreturn-type ---------------------------------------------------------------------
    ("return_type", ["-Wall"], r"""
void ab(void) __attribute__((noreturn));
void exit(int);
int f1(int x) { if (x) return 1; }
int f2(int x) { while (1) { if (x) break; } }
int f3(int x) { switch (x) { case 1: return 1; } }
int f4(int x) { x++; }
int f5(int x) { for (;;) { if (x) goto out; } out: ; }
int f6(int x) { if (0) return 1; }
int f7(int x) { while (0) { } }
int g1(int x) { if (x) return 1; else return 2; }
int g2(int x) { for (;;) { } }
int g3(int x) { switch (x) { case 1: return 1; default: return 2; } }
int g4(int x) { if (1) return 1; }
int g5(int x) { do { return 1; } while (0); }
int g6(int x) { goto l; l: return 1; }
int g7(int x) { ab(); }
int g8(int x) { exit(1); }
int g9(int x) { return x; x++; }
int g10(int x) { if (x) return 1; __builtin_unreachable(); }
int g11(int x) { __builtin_trap(); }
int g12(int x) { switch (x) { case 1: default: return 1; break; } }
int main(void) { }
"""),
    ("return_value_mismatch", [], r"""
void g(void) { return 1; }
int h(void) { return; }
"""),
    ("return_value_mismatch_off", ["-Wno-return-type"], r"""
void g(void) { return 1; }
int h(void) { return; }
int k(int x) { if (x) return 1; }
"""),
    ("return_type_flag_alone", ["-Wreturn-type"], r"""
int k(int x) { if (x) return 1; }
"""),
    # -- -Wuninitialized, -Wmaybe-uninitialized --------------------------------------------
    ("uninitialized_straight", ["-Wall"], r"""
int g(int);
int f1(void) { int x; return x; }
int f2(void) { int x; x++; return 0; }
int f3(void) { int x; x += 1; return x; }
int f4(void) { int x; int y = x + 1; return y; }
int f5(void) { int x; g(x); g(x); return 0; }
int f6(void) { int *p; return *p; }
int f7(void) { int x; if (x) return 1; return 0; }
int f8(void) { int x; while (x) g(1); return 0; }
int f9(void) { int *p; return p[1]; }
int f10(void) { int i; int a[4] = {0}; return a[i]; }
int f11(void) { int a, b, c; return a + b * c; }
int f12(void) { char c; return c + 1; }
int f13(void) { double d; return d; }
int f14(void) { int x, y; y = x; return y; }
int f15(void) { int *p; p[0] = 1; return 0; }
int f16(void) { int x; switch (x) { case 1: return 1; } return 0; }
int f17(void) { int x; return (long)x; }
int f18(void) { int x; return (x); }
int f19(void) { int x; return -x; }
int f20(void) { int x; g(x + 1); return 0; }
"""),
    ("uninitialized_paths", ["-Wall"], r"""
int g(int);
void exit(int);
int f1(int c) { int x; if (c) return 0; return x; }
int f2(int c) { int x; if (c) exit(1); return x; }
int f3(int c) { int x; if (c) return x; return 0; }
int f4(int c) { int x; while (c) { g(x); } return 0; }
int f5(int c) { int x; if (c) g(x); return x; }
int f6(int c) { int x; while (c) c--; return x; }
int f7(int c) { int x; if (c) g(1); else g(2); return x; }
int f8(int c) { int x; do { g(x); } while (c); return 0; }
int f9(int c) { int x; for (;;) { g(x); } return 0; }
int f10(int c) { int x; switch (c) { case 1: return x; } return 0; }
"""),
    ("uninitialized_none", ["-Wall", "-Wextra"], r"""
int g(int);
void set(int *);
int f1(int c) { int x; if (c) x = 1; return x; }
int f2(int n) { int s; for (int i = 0; i < n; i++) s += i; return s; }
int f3(int n) { int x; for (int i = 0; i < n; i++) x = i; return x; }
int f4(void) { int x; set(&x); return x; }
int f5(void) { int x = x; return x; }
int f6(void) { int x; return sizeof(x); }
int f7(int c) { int x; while (c) { x = 1; c--; } return x; }
int f8(int c) { int x; switch (c) { case 1: x = 1; break; } return x; }
int f9(void) { static int s; return s; }
int f10(int c) { int x; if (c) { x = 2; } else { x = 3; } return x; }
int f11(int n) { int m; for (int i = 0; i < n; i++) if (i == 0 || g(i) > m) m = g(i); return m; }
"""),
    ("uninitialized_needs_wall", [], r"""
int f1(void) { int x; return x; }
"""),
    # -- -Wunused-* ------------------------------------------------------------------------
    ("unused", ["-Wall"], r"""
int g(int);
static int sf(void) { return 1; }
static void sg(void);
static inline int si(void) { return 1; }
static int sv;
static const int sk = 1;
int main(void) {
  int a, b;
  int c = 1, d;
  { int e; int f; f = 1; }
  l1: l2:
  d = 2;
  for (int i = 0; ; ) { int h; break; }
  int arr[3]; arr[0] = 1;
  int *q; q = 0;
  int kept __attribute__((unused));
  return 0;
}
"""),
    ("unused_read", ["-Wall"], r"""
int g(int);
void f1(void) { int x; x = 1; x++; }
void f2(void) { int x; x = 1; x += 1; }
void f3(void) { int x; x = 1; (void)x; }
int f4(void) { int x; x = 1; return sizeof(x); }
void f5(void) { int x; int *p = &x; *p = 1; }
void f6(void) { static int s; s = 1; }
void f7(void) { int x; x = 1; if (0) g(x); }
int f8(void) { int x, y; y = x = 1; return y; }
void f9(void) { int *p; p = 0; *p = 1; }
"""),
    ("unused_kinds", ["-Wall"], r"""
void f(void) { static int s; static int t = 1; t = 2; }
int g(void) { int __x = 1; return 0; }
typedef int myint;
void h(void) { myint m; enum { A } e; struct S { int a; } st; }
void k(int n) { int vla[n]; }
void m(void) { int a[2] = {1, 2}; int b[2]; b[0] = a[1]; }
"""),
    ("unused_parameters", ["-Wall", "-Wextra"], r"""
int f(int a, int b, int c __attribute__((unused))) { return a; }
void g(int p) { p = 1; }
int h(int, int);
"""),
    ("unused_parameters_need_both", ["-Wextra"], r"""
int f(int a, int b) { return a; }
"""),
    ("unused_value", ["-Wall"], r"""
int g(void);
int main(void) {
  int a = 1, b = 2, *p = &a;
  a == b;
  a + 1;
  *p;
  a;
  -a;
  p[0];
  a++, b;
  a && g();
  (void)a;
  a, b, 1;
  a, g(), b;
  g(), a == b, g();
  (a == b, g()), a;
  a = (g(), a + 1, b);
  a = (a < b, g());
  *p++;
  return 0;
}
"""),
    # -- -Wparentheses and friends ---------------------------------------------------------
    ("parentheses", ["-Wall"], r"""
int g(int);
int main(void) {
  int a = 1, b = 2, c = 3;
  if (a = b) a++;
  while (a = b) break;
  if ((a = b)) a++;
  if (a && b || c) a++;
  if (a || b && c) a++;
  if (a) if (b) a++; else b++;
  if (a & b == c) a++;
  if (a | b < c) a++;
  if (a ^ b != c) a++;
  if (a < b < c) a++;
  if (a == b < c) a++;
  if (a + b << c) a++;
  if (a | b + c) a++;
  if (a & b - c) a++;
  if (!a == b) a++;
  if ((!a) == b) a++;
  if (!(a == b)) a++;
  return (a && b) || c;
}
"""),
    ("bool_int_address", ["-Wall"], r"""
int g(int);
int f6(_Bool b) { return (b == 2) + (b != 2) + (b > 1) + (b < 0) + (b >= 0) + (b < 2); }
int f7(int a, int b) { if (a << b) return 1; return 0; }
int f8(int x) { int a[3] = {0}; if (a) return a[0]; if (&x == 0) return 2; return 0; }
int f9(int x) { if (x * 2) return 1; return x && 5; }
int f10(int x) { return g == 0; }
int f11(int x) { char s[4] = "abc"; return s == "abc"; }
"""),
    ("char_subscripts_switch_sizeof", ["-Wall"], r"""
enum color { RED, GREEN, BLUE };
int f1(char c, int *a, signed char s) { return a[c] + a[s] + a['x']; }
int f2(enum color k) { switch (k) { case RED: return 1; } return 0; }
int f3(enum color k) { switch (k) { case RED: return 1; default: return 2; } }
int f4(enum color k) { switch (k) { case RED: case GREEN: return 1; case 7: return 2; } return 0; }
int f5(int *p) { return sizeof(p) / sizeof(p[0]); }
int f6(int *p) { return sizeof p / sizeof *p; }
int f7(void) { int a[8]; return sizeof(a) / sizeof(a[0]); }
int f8(int *p) { return sizeof(p) / sizeof(char); }
"""),
    ("misleading_indentation", ["-Wall"], r"""
void g(int);
void f(int x) {
  if (x)
    g(1);
    g(2);
  if (x) g(1); g(2);
  if (x)
    g(1); g(2);
  if (x)
    g(1);
  else
    g(2);
    g(3);
  while (x)
    x--;
    g(4);
  for (;;)
    g(1);
  g(5);
  if (x) g(1);
         g(2);
  if (x)
      g(1);
  else if (x > 1)
      g(2);
      g(3);
  if (x) {
    g(1);
  }
    g(2);
}
"""),
    ("misleading_indentation_tabs", ["-Wall"],
     "void g(int);\nvoid f(int x) {\n\tif (x)\n\t\tg(1);\n\t\tg(2);\n\tint y;\n}\n"),
    # -- on by default ---------------------------------------------------------------------
    ("defaults", [], r"""
int *loc(void) { int a = 1; return &a; }
char *arr(void) { char buf[10]; return buf; }
char c = 300;
short sh = 70000;
unsigned char uc = 256;
unsigned short us = -70000;
signed char sc = 200;
unsigned char um = -1;
int ov = 2147483647 + 1;
int sh1(int x) { return x << 40; }
int sh2(int x) { return x >> -1; }
long sh3(long y) { return y << 64; }
void dq(const char *p) { char *q = p; q = p; }
void *ip(int x) { return (void *)x; }
void *ip0(void) { return (void *)0; }
int *rq(const int *p) { return p; }
void takes(char *);
void give(const char *s) { takes(s); }
int main(void) { char k; k = 300; k = 'a' + 200; int x = 2147483647 * 2; return x + k; }
"""),
    ("pointer_sign", ["-Wall"], r"""
void f(unsigned char *);
unsigned char *r1(char *s) { return s; }
int main(void) {
  char *s = 0; unsigned char *u = 0;
  u = s;
  f(s);
  unsigned char *t = s;
  return u == t;
}
"""),
    ("builtin_mismatch", [], r"""

int printf(const char *fmt);
int abs(long x);
void exit(long);
int puts(char *s);
void free(char *);
double sqrt(float);
int putchar;
"""),
    ("main_checks", ["-Wall"], r"""
int main(char **argv, int argc) { return 0; }
"""),
    ("main_static", ["-Wall"], r"""
static int main(void) { return 0; }
"""),
    ("main_return", ["-Wall"], r"""
long main(void) { return 0; }
"""),
    ("implicit_int", [], r"""
foo(int x) { return x; }
"""),
    # -- -Wextra ---------------------------------------------------------------------------
    ("extra", ["-Wextra"], r"""
int f18(unsigned u, int i) { return u < i; }
int f19(unsigned u, unsigned char c, int i) { return (u < c) + (u > 3) + (u == (i < 2)); }
int f20(int x) { if (x); return 0; }
int f21(int x) { for (x; x; x--) ; return 0; }
"""),
    # -- the flags themselves --------------------------------------------------------------
    ("flag_w_silences", ["-w", "-Wall", "-Wextra"], PRINTF + r"""
int f(int x) { int u; printf("%d\n", 1.0); if (x) return u; }
"""),
    ("flag_werror", ["-Wall", "-Werror"], PRINTF + r"""
int f(int x) { int u; printf("%d\n", 1.0); if (x) return 1; }
"""),
    ("flag_werror_one", ["-Wall", "-Werror=format"], PRINTF + r"""
int f(int x) { int u; printf("%d\n", 1.0); return x; }
"""),
    ("flag_werror_except", ["-Wall", "-Werror", "-Wno-error=unused-variable"], PRINTF + r"""
int f(int x) { int u; printf("%d\n", 1.0); return x; }
"""),
    ("flag_no_format", ["-Wall", "-Wno-format"], PRINTF + r"""
int f(int x) { int u; printf("%d %d\n", 1.0); printf("%d\n", 1, 2); return x; }
"""),
    ("flag_no_extra_args", ["-Wall", "-Wno-format-extra-args"], PRINTF + r"""
int f(int x) { printf("%d %d\n", 1.0); printf("%d\n", 1, 2); return x; }
"""),
    ("flag_one_on", ["-Wunused-variable", "-Wparentheses"], r"""
int f(int x) { int u, v; v = 1; if (x = 2) return 1; return 0; }
"""),
    ("flag_unused_group_off", ["-Wall", "-Wno-unused"], r"""
static int s(void) { return 0; }
int f(int x) { int u, v; v = 1; l: x == 1; return 0; }
"""),
    ("flag_no_default", ["-Wno-overflow", "-Wno-return-local-addr", "-Wno-int-to-pointer-cast"],
     r"""
char c = 300;
int *loc(void) { int a = 1; return &a; }
void *ip(int x) { return (void *)x; }
"""),
    ("flag_uninitialized_extra", ["-Wextra"], r"""
int g(int);
int f(int c) { int x; if (c) g(x); return x; }
int h(void) { int y; return y; }
"""),
    ("flag_no_maybe_uninitialized", ["-Wall", "-Wno-maybe-uninitialized"], r"""
int g(int);
int f(int c) { int x; if (c) g(x); return x; }
int h(void) { int y; return y; }
"""),
    ("flag_no_uninitialized", ["-Wall", "-Wno-uninitialized"], r"""
int g(int);
int f(int c) { int x; if (c) g(x); return x; }
"""),
    ("flag_werror_notes", ["-Wall", "-Werror"], r"""
int f(void) { int x; return x; }
void g(void) { return 1; }
"""),
]


@pytest.fixture(autouse=True)
def strict_checks(monkeypatch):
    """A check that fails costs only its warning in use; here it fails the test."""
    from toolchain.compiler.warnings import WarningChecks
    monkeypatch.setattr(WarningChecks, "strict_checks", True)


_DIAG = re.compile(r"^(t\.c:\d+:\d+: (?:warning|error|note): .*|cc1: .*)$")


def _groups(stderr):
    """The diagnostic lines, each warning or error with its notes, sorted."""
    groups = []
    for line in stderr.splitlines():
        if not _DIAG.match(line):
            continue
        if ": note: " in line and groups:
            groups[-1].append(line)
        else:
            groups.append([line])
    return sorted(groups)


def _gcc(tmp_path, flags):
    r = subprocess.run(["gcc", "-S", "-O0", "-o", os.devnull, *flags, "t.c"], cwd=tmp_path,
                       capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    return r.returncode, r.stderr


def _ours(tmp_path, flags, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    status = cli.main(["cc", "-S", "-o", os.devnull, *flags, "t.c"])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("name,flags,source", CASES, ids=[c[0] for c in CASES])
def test_warnings_match_gcc(name, flags, source, tmp_path, capsys, monkeypatch):
    (tmp_path / "t.c").write_text(source.lstrip("\n") if not name.endswith("mismatch")
                                  else source)
    gcc_status, gcc_err = _gcc(tmp_path, flags)
    status, err = _ours(tmp_path, flags, capsys, monkeypatch)
    assert _groups(err) == _groups(gcc_err)
    assert status == gcc_status


def test_cases_say_something():
    """The differential cases are not all silent (a broken comparison would pass)."""
    silent = [n for n, f, s in CASES if not f or "-w" in f]
    assert len(silent) < len(CASES) // 4


def test_werror_turns_warnings_into_errors(tmp_path, capsys, monkeypatch):
    (tmp_path / "t.c").write_text("int f(void) { int x; return 0; }\n")
    status, err = _ours(tmp_path, ["-Wall", "-Werror"], capsys, monkeypatch)
    assert status == 1
    assert "t.c:1:19: error: unused variable 'x' [-Werror=unused-variable]" in err
    assert err.rstrip().endswith("cc1: all warnings being treated as errors")


def test_flags_reach_the_compiler_from_the_library_api():
    from toolchain.compiler import compile_c
    src = "int printf(const char *, ...);\nint f(void) { printf(\"%s\", 1); return 0; }\n"
    assert compile_c(src, "t.c").diagnostics == []
    d = compile_c(src, "t.c", wall=True).diagnostics
    assert [x.render().splitlines()[0] for x in d] == [
        "t.c:2:24: warning: format '%s' expects argument of type 'char *', but argument 2 "
        "has type 'int' [-Wformat=]"]
    assert compile_c(src, "t.c", wall=True, wflags={"format": False}).diagnostics == []


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBC = os.path.join(ROOT, "toolchain", "libc")


def _where_what(line):
    """file:line: message, without the column (cpp's output moves columns where gcc,
    reading the source itself, does not: blanks after macros, tabs)."""
    m = re.match(r"^(.*?):(\d+):\d+: (warning|error): (.*)$", line)
    return (os.path.basename(m.group(1)), int(m.group(2)), m.group(4)) if m else None


def test_libc_sources_warn_only_where_gcc_does():
    """Our libc, with -Wall -Wextra: every warning we give, gcc gives too."""
    from toolchain import driver
    from toolchain.diagnostics import ToolError
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(LIBC, "src"))
                   for f in fs if f.endswith(".c"))
    ours, theirs = set(), set()
    for path in files:
        opts, _ = cli.parse_cc_args(["-Wall", "-Wextra", "-S", "-I",
                                     os.path.join(LIBC, "src", "internal"), path])
        try:
            diags = driver.build([path], opts).diagnostics
        except ToolError as e:
            diags = e.diagnostics
        ours |= {_where_what(d.render().splitlines()[0]) for d in diags if d.file == path}
        r = subprocess.run(["gcc", "-S", "-O0", "-o", os.devnull, "-Wall", "-Wextra",
                            "-nostdinc", "-I", os.path.join(LIBC, "include"), "-I",
                            os.path.join(LIBC, "src", "internal"), path],
                           capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
        theirs |= {_where_what(x) for x in r.stderr.splitlines() if x.startswith(path)}
    ours.discard(None)
    assert ours <= theirs


@pytest.mark.skipif(shutil.which("csmith") is None, reason="csmith is not installed")
@pytest.mark.parametrize("seed", [3, 5])
def test_csmith_programs_compile_with_every_warning_on(seed):
    """Big random programs through every check (-Wall -Wextra): no check fails, and the
    warnings that matter most agree with gcc's."""
    import sys
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from csmith_support import harness
    from toolchain import preprocessor
    from toolchain.compiler import compile_c
    from toolchain.diagnostics import ToolError
    flags, defines = harness.profile_flags("small")
    src = harness.generate(seed, flags)
    pp = preprocessor.preprocess("c.c", src, target="x86_64", include_dirs=[harness.INCLUDE],
                                 defines=defines)
    try:
        diags = compile_c(pp.text, "c.c", wall=True, wextra=True).diagnostics
    except ToolError as e:
        diags = e.diagnostics
    assert not any(d.is_error for d in diags), [d.render() for d in diags if d.is_error]
    exact = ("-Wunused-variable]", "-Wunused-function]", "-Wreturn-type]",
             "-Wuninitialized]", "-Wformat=]")
    ours = {_where_what(d.render().splitlines()[0]) for d in diags if d.file == "c.c"}
    ours = {w for w in ours if w and w[2].endswith(exact)}
    r = subprocess.run(["gcc", "-S", "-O0", "-o", os.devnull, "-Wall", "-Wextra", "-I",
                        harness.INCLUDE, *[f"-D{d}" for d in defines], "-x", "c", "-"],
                       input=src, capture_output=True, text=True,
                       env={**os.environ, "LC_ALL": "C"})
    theirs = {_where_what(x.replace("<stdin>", "c.c", 1)) for x in r.stderr.splitlines()
              if x.startswith("<stdin>:")}
    theirs = {w for w in theirs if w and w[2].endswith(exact)}
    assert ours == theirs
