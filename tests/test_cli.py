"""The command line as a user meets it: GNU-shaped commands, GNU-shaped errors, no tracebacks."""
import os
import sys
import subprocess

import pytest

from conftest import ccpipeline, needs_gcc


def no_traceback(r):
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr


def test_walkthrough_through_the_cli(seed):
    r = ccpipeline("cc", "-c", "sum.c", "main.c")
    assert r.returncode == 0, r.stderr
    assert (seed / "sum.o").exists() and (seed / "main.o").exists()
    r = ccpipeline("objdump", "-d", "main.o")
    assert "e8 00 00 00 00" in r.stdout and "<main>:" in r.stdout
    r = ccpipeline("nm", "main.o")
    assert "U sum" in r.stdout and "T main" in r.stdout
    r = ccpipeline("cc", "-o", "sum", "main.o", "sum.o")
    assert r.returncode == 0, r.stderr
    assert os.access(seed / "sum", os.X_OK)
    r = ccpipeline("run", "sum")
    assert r.returncode == 8
    r = ccpipeline("file", "main.o")
    assert r.stdout == "main.o: ELF 64-bit LSB relocatable, x86-64, version 1 (SYSV), not stripped\n"


def test_stop_after_each_stage(seed):
    assert ccpipeline("cc", "-S", "sum.c").returncode == 0
    assert "sum:" in (seed / "sum.s").read_text()
    r = ccpipeline("cc", "-E", "sum.c")
    assert "return a + b;" in r.stdout
    r = ccpipeline("cpp", "-P", "pp.h")
    assert "This is my 100 ." in r.stdout
    assert ccpipeline("as", "-o", "s.o", "sum.s").returncode == 0
    r = ccpipeline("readelf", "-s", "s.o")
    assert "sum" in r.stdout


def test_aarch64_target_and_exec_format_error(seed):
    r = ccpipeline("cc", "--target=aarch64-linux-gnu", "-o", "sum_arm", "sum.c", "main.c")
    assert r.returncode == 0, r.stderr
    assert "ARM aarch64" in ccpipeline("file", "sum_arm").stdout
    assert ccpipeline("run", "sum_arm").returncode == 8
    r = ccpipeline("run", "--target=x86_64", "sum_arm")
    assert r.returncode == 126
    assert r.stderr.strip() == "bash: ./sum_arm: cannot execute binary file: Exec format error"


def test_python_dash_m_is_the_console_script(seed):
    exe = os.path.join(os.path.dirname(sys.executable), "ccpipeline")
    if not os.path.exists(exe):
        pytest.skip("package not installed as a console script")
    r = subprocess.run([exe, "cc", "-E", "main.c"], capture_output=True, text=True)
    assert r.stdout == ccpipeline("cc", "-E", "main.c").stdout


def test_syntax_error_is_reported_like_gcc(seed):
    (seed / "bad.c").write_text("int main(void) {\n    return 1 +;\n}\n")
    r = ccpipeline("cc", "bad.c")
    no_traceback(r)
    assert r.returncode == 1
    assert r.stderr.startswith("bad.c:2:")
    assert "error:" in r.stderr


def test_unknown_directive(seed):
    (seed / "bad.c").write_text("#foo\nint main(void) { return 0; }\n")
    r = ccpipeline("cc", "bad.c")
    no_traceback(r)
    assert r.returncode == 1
    assert "bad.c:1:2: error: invalid preprocessing directive #foo" in r.stderr


def test_missing_header(seed):
    (seed / "bad.c").write_text('#include "nope.h"\n')
    r = ccpipeline("cc", "-E", "bad.c")
    no_traceback(r)
    assert "bad.c:1:10: fatal error: nope.h: No such file or directory" in r.stderr


def test_unknown_instruction(seed):
    (seed / "bad.s").write_text("\t.text\nfoo:\n\tfrobnicate %rax\n")
    r = ccpipeline("as", "-o", "bad.o", "bad.s")
    no_traceback(r)
    assert r.returncode == 1
    assert "bad.s:3: Error: no such instruction: `frobnicate %rax'" in r.stderr


def test_undefined_reference(seed):
    r = ccpipeline("cc", "main.c")
    no_traceback(r)
    assert r.returncode == 1
    assert "in function `main':" in r.stderr
    assert "undefined reference to `sum'" in r.stderr
    assert r.stderr.rstrip().endswith("collect2: error: ld returned 1 exit status")


def test_multiple_definition(seed):
    (seed / "sum2.c").write_text("int sum(int a, int b) { return a - b; }\n")
    r = ccpipeline("cc", "main.c", "sum.c", "sum2.c")
    no_traceback(r)
    assert r.returncode == 1
    assert "multiple definition of `sum'" in r.stderr


def test_unknown_option_is_rejected_as_gcc_does(seed):
    r = ccpipeline("cc", "-frobnicate", "main.c")
    assert r.returncode == 1
    assert r.stderr.strip() == "cc: error: unrecognized command-line option '-frobnicate'"
    r = ccpipeline("cc")
    assert r.returncode == 1 and "no input files" in r.stderr


def test_missing_input_file(seed):
    r = ccpipeline("cc", "nothere.c")
    assert r.returncode == 1 and "nothere.c: No such file or directory" in r.stderr
    r = ccpipeline("objdump", "-d", "nothere.o")
    assert r.returncode == 1 and "objdump: 'nothere.o': No such file" in r.stderr


def test_lm_is_accepted_and_unknown_libraries_are_not(seed):
    assert ccpipeline("cc", "-o", "x", "main.c", "sum.c", "-lm").returncode == 0
    r = ccpipeline("cc", "-o", "x", "main.c", "sum.c", "-lfoo")
    assert r.returncode == 1 and "cannot find -lfoo" in r.stderr


@needs_gcc
def test_cpp_dependency_rules_match_gcc(seed):
    from toolchain.libc import INCLUDE_DIR
    for flag in ("-M", "-MM"):
        ours = ccpipeline("cpp", flag, "hello.c").stdout
        gcc = subprocess.run(["gcc", "-E", flag, "-nostdinc", "-isystem", str(INCLUDE_DIR), "hello.c"],
                             capture_output=True, text=True).stdout
        assert ours == gcc
    assert ccpipeline("cc", "-c", "-MD", "sum.c").returncode == 0
    assert (seed / "sum.d").read_text() == "sum.o: sum.c sum.h\n"


@needs_gcc
def test_cpp_keeps_comments_like_gcc(seed):
    gcc = subprocess.run(["gcc", "-E", "-C", "-P", "-nostdinc", "sum.c"], capture_output=True, text=True)
    assert ccpipeline("cpp", "-C", "-P", "sum.c").stdout == gcc.stdout


def test_cpp_trace_explains_each_macro(seed):
    out = ccpipeline("cpp", "--trace", "sum.c").stdout.splitlines()
    assert "sum.c:14:14: PLUS  [#define PLUS + at sum.c:4]" in out
    assert "  -> +" in out
    assert any(l.startswith("sum.c:16-16: skipped") for l in out)
    dm = ccpipeline("cpp", "-dM", "sum.c").stdout.splitlines()
    assert "#define PLUS +" in dm and "#define WORK 1" in dm and "#define __x86_64__ 1" in dm


def test_run_passes_arguments_stdin_and_files_in_the_working_directory(seed):
    (seed / "echo.c").write_text(
        '#include <stdio.h>\n#include <fcntl.h>\n#include <unistd.h>\n'
        'int main(int argc, char **argv) {\n'
        '    char buf[64]; int n = read(0, buf, sizeof buf);\n'
        '    int fd = open("note.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);\n'
        '    write(fd, buf, n); close(fd);\n'
        '    printf("%d %s %s\\n", argc, argv[1], open("/etc/passwd", O_RDONLY) < 0 ? "jailed" : "escaped");\n'
        '    return argc;\n}\n')
    assert ccpipeline("cc", "-o", "echo", "echo.c").returncode == 0
    r = ccpipeline("run", "echo", "one", "two", input="from stdin")
    assert r.stdout == "3 one jailed\n" and r.returncode == 3
    assert (seed / "note.txt").read_text() == "from stdin"


def test_tour_walks_the_seed_through_every_stage_on_both_targets():
    r = ccpipeline("tour")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.count("$ ccpipeline run sum; echo $?\n8\n") == 2
    assert "This is" not in out and "  [macro] sum.c:14:14: PLUS -> +" in out
    assert "e8 00 00 00 00  ->  e8 " in out and "R_AARCH64_CALL26 sum" in out
    assert "                 U sum" in out


def test_optimisation_levels_say_they_are_not_there_yet(seed):
    r = ccpipeline("cc", "-O2", "-c", "sum.c")
    assert r.returncode == 0
    assert "cc1: warning: -O2 is not supported yet: the code is generated as with -O0" in r.stderr
    assert ccpipeline("cc", "-O2", "-w", "-c", "sum.c").stderr == ""


def test_dash_output_is_standard_output(seed):
    """`-o -` writes to stdout, as gcc does (and no file named "-" appears)."""
    res = ccpipeline("cc", "-S", "sum.c", "-o", "-", cwd=seed)
    assert res.returncode == 0, res.stderr
    assert "sum:" in res.stdout and "\tret" in res.stdout
    res = ccpipeline("cpp", "sum.c", "-o", "-", cwd=seed)
    assert res.returncode == 0 and "int sum(int a, int b)" in res.stdout.replace("  ", " ")
    assert not (seed / "-").exists()
