"""The driver's dialect options with gcc's meaning: -std=c89 rules, -fsigned-char and
-funsigned-char, compared with what gcc 12 says and does on the same files."""
import subprocess

import pytest

from conftest import ccpipeline, needs_gcc


def _first_diagnostics(stderr: str):
    """file:line:col: severity: message lines, gcc's typographic quotes made plain."""
    out = []
    for line in stderr.replace("\u2018", "'").replace("\u2019", "'").splitlines():
        if ": error: " in line or ": warning: " in line or ": note: " in line:
            out.append(line)
    return out


C90_CASES = {
    "line_comment": "int main(void) { int x = 1; // c\n return x; }\n// again\n",
    "for_declaration": "int main(void) { for (int i = 0; i < 2; i++); return 0; }\n",
}


@needs_gcc
@pytest.mark.parametrize("std", ["c89", "gnu89", "c99"])
@pytest.mark.parametrize("name", sorted(C90_CASES))
def test_c90_rules_as_gcc(name, std, tmp_path):
    src = tmp_path / f"{name}.c"
    src.write_text(C90_CASES[name])
    ref = subprocess.run(["gcc", f"-std={std}", "-c", src.name, "-o", "/dev/null"],
                         cwd=tmp_path, capture_output=True, text=True)
    ours = ccpipeline("cc", f"-std={std}", "-c", src.name, "-o", "/dev/null", cwd=tmp_path)
    assert ours.returncode == ref.returncode
    assert _first_diagnostics(ours.stderr) == _first_diagnostics(ref.stderr)


def test_c90_division_that_looks_like_a_comment(tmp_path):
    """`//*` is `/` then a block comment in C90, and `//` in a skipped group is no error."""
    src = tmp_path / "d.c"
    src.write_text("#if 0\n// skipped\n#endif\nint a = 4 //*\n*/ 2;\n")
    res = ccpipeline("cpp", "-std=c89", "-P", src.name, cwd=tmp_path)
    assert res.returncode == 0 and res.stderr == ""
    assert res.stdout.split() == ["int", "a", "=", "4", "/", "2;"]


SIGNEDNESS = r"""#include <stdio.h>
int main(void) {
    char c = -1;
#ifdef __CHAR_UNSIGNED__
    puts("__CHAR_UNSIGNED__");
#endif
#if '\xff' < 0
    puts("#if signed");
#endif
    printf("%d %d\n", c < 0, (int)c);
    return 0;
}
"""


@pytest.mark.parametrize("arch,flag,signed", [
    ("x86_64", None, True), ("aarch64", None, False),
    ("x86_64", "-funsigned-char", False), ("aarch64", "-fsigned-char", True),
    ("x86_64", "-fno-signed-char", False), ("aarch64", "-fno-unsigned-char", True)])
def test_plain_char_signedness_options(arch, flag, signed, tmp_path):
    (tmp_path / "c.c").write_text(SIGNEDNESS)
    built = ccpipeline("cc", f"--target={arch}", *([flag] if flag else []), "c.c", "-o", "c",
                       cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    run = ccpipeline("run", "c", cwd=tmp_path)
    expected = ("#if signed\n1 -1\n" if signed else "__CHAR_UNSIGNED__\n0 255\n")
    assert run.stdout == expected
