"""Mistakes students make, compiled by gcc 12 and by us: the first error line
(file:line:column: error: message) must be the same. gcc's typographic quotes are made
plain; only the first error counts (after it, gcc recovers and we stop)."""
import subprocess

import pytest

from conftest import ccpipeline, needs_gcc

CASES = [
    # missing semicolons, and where GCC puts them
    "int main(void) { int x = 5 return x; }",
    "int g(void) { int z = 3\n  return z; }",
    "int g(void) { int z; z = 3\n  return z; }",
    "int g(void) { int z; z = 3 return z; }",
    "int g(void) { int z = 3; if (z) { z = 4 }\n return z; }",
    "int x = 5 int y;",
    "int x y = 3;",
    "struct s { int a; } x y;",
    "int g(int a) { return g(a, 2\n; }",
    "int a[3\n;",
    # a struct or enum definition without its semicolon
    "struct s { int a; }\nint main(void) { return 0; }",
    "enum e { A, B }\nstatic int x;",
    # type specifiers that do not go together
    "int float x;", "char int y;", "unsigned double v;", "short long u;", "long long long t;",
    "signed unsigned s;", "_Bool int b;", "long char c;", "short double d;",
    "long long double e;", "short short x;", "void int f(void);", "float unsigned q;",
    # members
    "struct s { int a; };\nint main(void) { struct s v; return v.b; }",
    "int main(void) { struct t *p; return p->x; }",
    "int main(void) { int x; return x.y; }",
    "struct s { int a; };\nstruct s x = {\n  .b = 1 };",
    # the rest of a first course's errors
    "int main(void) { return 1 +; }",
    "int f(int a, int b) { return a + b; }\nint main(void) { return f(1); }",
    "int main(void) { break; }",
    "int main(void) { double d = 1.0; return d % 2; }",
    "int main(void) { undefined_var = 3; return 0; }",
    "int main(void) { const int c = 1; c = 2; return c; }",
    "int main(void) { int x = 1; return *x; }",
    "int f(int);\nint f(long x) { return 0; }",
]


def _first_error(text: str):
    for line in text.replace("\u2018", "'").replace("\u2019", "'").splitlines():
        if ": error: " in line:
            return line
    return None


@needs_gcc
@pytest.mark.parametrize("src", CASES)
def test_first_error_as_gcc(src, tmp_path):
    (tmp_path / "t.c").write_text(src + "\n")
    ref = subprocess.run(["gcc", "-c", "t.c", "-o", "/dev/null"], cwd=tmp_path,
                         capture_output=True, text=True)
    ours = ccpipeline("cc", "-c", "t.c", "-o", "/dev/null", cwd=tmp_path)
    assert ref.returncode == 1 and ours.returncode == 1
    assert _first_error(ours.stderr) == _first_error(ref.stderr)


@pytest.mark.parametrize("decl", ["long double z;", "double long w;", "unsigned long long int f;",
                                  "long unsigned g;", "int long signed h;",
                                  "short unsigned int i;", "char unsigned j;",
                                  "long int long k;", "signed char c;"])
def test_specifier_words_that_go_together(decl, tmp_path):
    (tmp_path / "t.c").write_text(decl + "\n")
    ours = ccpipeline("cc", "-c", "t.c", "-o", "/dev/null", cwd=tmp_path)
    assert ours.returncode == 0, ours.stderr


@needs_gcc
def test_function_context_lines_as_gcc(tmp_path):
    """`t.c: In function 'f':` and `t.c: At top level:` where gcc prints them."""
    src = ("static int unused(void) { return 0; }\nint main(void) {\n  return y;\n}\n"
           "int h(void) { int q; }\nint f(void) { int u; return u; }\n")
    (tmp_path / "t.c").write_text(src)

    def context(text):
        text = text.replace("\u2018", "'").replace("\u2019", "'")
        return [l for l in text.splitlines() if l.startswith("t.c:") and (
            ": error: " in l or ": warning: " in l or "In function" in l or "At top" in l)]
    ref = subprocess.run(["gcc", "-Wall", "-c", "t.c", "-o", "/dev/null"], cwd=tmp_path,
                         capture_output=True, text=True)
    ours = ccpipeline("cc", "-Wall", "-c", "t.c", "-o", "/dev/null", cwd=tmp_path)
    assert context(ours.stderr) == context(ref.stderr)
