"""The compiler, differentially against GCC 12.

Each program is compiled by us to .s, assembled and linked by GNU tools against glibc
(x86-64 natively, AArch64 statically and run under qemu-aarch64), and must behave exactly
like the same program built by gcc: same exit status, same output. Plus: byte-identical
.text for the seed example, GCC-style diagnostics, varargs callees, -g line info; structures
by value across the ABI boundary (one side ours, the other gcc); every libc source compiles,
and the libc built by our compiler (with GNU as) prints what glibc prints; internal errors
come out as GCC's "internal compiler error", never as a traceback.
"""
from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from toolchain import preprocessor
from toolchain.compiler import compile_c
from toolchain.diagnostics import ToolError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed"

LIBC = ROOT / "toolchain" / "libc"

TOOLS = {
    "x86_64": {"cc": "gcc", "as": "as", "link": ["-no-pie"], "run": []},
    "aarch64": {"cc": "aarch64-linux-gnu-gcc", "as": "aarch64-linux-gnu-as", "link": ["-static"],
                "run": ["qemu-aarch64"]},
}
PRELUDE = "int printf(const char *, ...);\nint puts(const char *);\n"


def have(arch):
    t = TOOLS[arch]
    return shutil.which(t["cc"]) and all(shutil.which(x) for x in t["run"])


def preprocess(arch, src, tmp):
    """gcc -E for programs that use the preprocessor; the rest go in as they are."""
    if "#" not in src:
        return src
    c = tmp / "pp.c"
    c.write_text(src)
    return subprocess.run([TOOLS[arch]["cc"], "-E", str(c)], capture_output=True, text=True,
                          check=True).stdout


def build_and_run(arch, src, tmp, prelude=PRELUDE):
    t = TOOLS[arch]
    src = prelude + src
    asm = compile_c(preprocess(arch, src, tmp), "t.c", target=arch).asm
    (tmp / "ours.s").write_text(asm)
    (tmp / "t.c").write_text(src)
    subprocess.run([t["cc"], *t["link"], str(tmp / "ours.s"), "-o", str(tmp / "ours")],
                   check=True, capture_output=True)
    subprocess.run([t["cc"], *t["link"], "-w", "-O0", str(tmp / "t.c"), "-o", str(tmp / "ref")],
                   check=True, capture_output=True)
    ours = subprocess.run(t["run"] + [str(tmp / "ours")], capture_output=True, timeout=20)
    ref = subprocess.run(t["run"] + [str(tmp / "ref")], capture_output=True, timeout=20)
    return ours, ref


PROGRAMS = {
    # GNU C through the parser subclass: attributes (packed, aligned, section, asm labels,
    # noreturn, unused), __extension__, __typeof__/typeof, statement expressions, `?:`,
    # case ranges, __alignof__, __builtin_offsetof and the bit builtins.
    "gnu_extensions": r"""
struct __attribute__((packed)) pk { char c; int i; short s; };
struct al { char c; int i __attribute__((aligned(16))); } __attribute__((aligned(32)));
struct mp { char c; long l __attribute__((packed)); int k; };
static int counter __attribute__((unused)) = 7;
int aligned_g __attribute__((aligned(64))) = 5;
int in_sec __attribute__((section(".mydata"))) = 42;
int zero_sec __attribute__((section(".mydata2")));
int renamed asm("real_name") = 9;
__attribute__((noreturn)) void die(int);
static __inline__ int sq(int x) { return x * x; }
int next_id(void) { return ++counter; }
int classify(int x) { switch (x) { case 0: return 0; case 1 ... 9: return 1; case 10 ... 99: return 2; case -5 ... -1: return -1; default: return 3; } }
unsigned char uclass(unsigned char c) { switch (c) { case 'a' ... 'z': return 'l'; case 'A' ... 'Z': return 'u'; case 200 ... 255: return 'h'; } return '?'; }
__attribute__((section(".text.hot"))) int hot(int a) { return a + 1; }
int main(void) {
  __extension__ long long big = 1LL << 40;
  int y = ({ int t = sq(7); t + 1; });
  int n = 0, z = next_id() ?: 100, w = n ?: 55;
  char *p = 0, *q = "dflt"; char *r = p ?: q;
  __typeof__(y) ty = 3; typeof(big) tb = big; __typeof__(int *) ip = &ty;
  int arr[5]; typeof(arr) arr2; 
  printf("%d %d %d %s %d %lld %d %d\n", y, z, w, r, ty, tb, *ip, (int)sizeof arr2);
  printf("%d %d %d %d %d\n", (int)sizeof(struct pk), (int)sizeof(struct al), (int)_Alignof(struct al), (int)__builtin_offsetof(struct al, i), (int)__builtin_offsetof(struct mp, k));
  printf("%d %d %d %d\n", (int)sizeof(struct mp), (int)__alignof__(struct pk), (int)((long)&aligned_g % 64), in_sec + zero_sec + renamed);
  for (int i = -6; i < 120; i += 13) printf("%d:%d ", i, classify(i)); printf("\n");
  printf("%c%c%c%c\n", uclass('q'), uclass('Q'), uclass(230), uclass('1'));
  unsigned u = 0x00F0F000u; unsigned long ul = 0x0000100000000000ul;
  printf("%d %d %d %d %d %d\n", __builtin_clz(u), __builtin_ctz(u), __builtin_popcount(u), __builtin_clzl(ul), __builtin_ctzll(ul), __builtin_popcountl(ul | 7));
  printf("%d %d %d\n", __builtin_clz(1), __builtin_popcount(255), __builtin_ctz(8));
  volatile unsigned vu = 0x12345678; volatile unsigned long vl = 0x0102030405060708ul; volatile unsigned short vs = 0xABCD;
  printf("%x %lx %x %x\n", __builtin_bswap32(vu), __builtin_bswap64(vl), __builtin_bswap16(vs), __builtin_bswap32(0x11223344));
  long lp = __builtin_popcountll(~0ull) + __builtin_expect(y, 50);
  struct pk pkv = {1, 0x12345678, 3}; pkv.i += 1;
  printf("%ld %x %d\n", lp, pkv.i, hot(1));
  if (y < 0) __builtin_unreachable();
  if (y < 0) __builtin_trap();
  int s2 = ({ int acc = 0; for (int k = 0; k < 4; k++) acc += k; acc; }) * 2;
  return s2 + (({ y; }) == 50);
}
""",
    # Bit-fields laid out as each psABI says (unnamed ones align the struct on AArch64
    # only), read, written, ++/op=, initialised (static data and automatic), packed.
    "bitfields": r"""
struct A { char a; int :4; };
struct B { char a; int :0; char b; };
struct C { char a; long x:3; };
struct D { int a:3; int b:30; char c; };
struct E { char a; short b:9; short c:9; };
struct F { char a:1; int :0; };
struct G { long long a:40, b:40; unsigned long long c:63; };
struct __attribute__((packed)) H { char a; int b:20; int c:15; };
struct flags { unsigned ready:1, mode:3; signed delta:5; _Bool on:1; unsigned :2; unsigned rest:20; };
union U { unsigned w; struct { unsigned lo:16, hi:16; } h; };
struct flags gf = {1, 5, -3, 1, 0xABCDE};
static struct D sd = {.b = -7, .a = 2, .c = 'x'};
struct flags *pick(struct flags *p, int *n) { ++*n; return p; }
int main(void) {
  printf("%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d\n", (int)sizeof(struct A), (int)_Alignof(struct A), (int)sizeof(struct B), (int)sizeof(struct C), (int)_Alignof(struct C),
   (int)sizeof(struct D), (int)sizeof(struct E), (int)_Alignof(struct E), (int)sizeof(struct F), (int)_Alignof(struct F), (int)sizeof(struct G), (int)_Alignof(struct G), (int)sizeof(struct H), (int)_Alignof(struct H), (int)sizeof(struct flags), (int)sizeof(union U));
  struct flags f = {0}; int calls = 0;
  f.ready = 1; f.mode = 9; f.delta = -16; f.on = 5; f.rest = 0xFFFFF;
  printf("%u %u %d %d %u\n", f.ready, f.mode, f.delta, f.on, f.rest);
  f.delta += 20; f.mode++; --f.delta; int old = f.mode--; f.rest *= 3;
  printf("%u %u %d %d %u %d\n", f.ready, f.mode, f.delta, f.on, f.rest, old);
  pick(&f, &calls)->mode = 6; pick(&f, &calls)->delta -= 1; pick(&f, &calls)->rest++;
  printf("%u %d %u %d %d\n", f.mode, f.delta, f.rest, calls, (f.mode = 15) + 0);
  printf("%u %u %d %d %u %u %d %d %c\n", gf.ready, gf.mode, gf.delta, gf.on, gf.rest, f.mode, sd.a, sd.b, sd.c);
  union U u; u.w = 0x12345678; printf("%x %x\n", u.h.lo, u.h.hi); u.h.hi = 0xBEEF; printf("%x\n", u.w);
  struct G g = {-5, 1LL << 38, ~0ULL}; g.a -= 3; printf("%lld %lld %llu\n", (long long)g.a, (long long)g.b, (unsigned long long)g.c);
  struct H h = {1, -300000, 1234}; h.c = -h.c; printf("%d %d %d\n", h.a, h.b, h.c);
  struct D d = {3, 5, 'q'}; struct D d2 = d; d2.b = d.a * 1000; printf("%d %d %c %d\n", d2.a, d2.b, d2.c, d.b);
  unsigned x = f.mode << 28; int neg = f.delta < 0; printf("%u %d %d\n", x, neg, f.on + f.ready);
  return f.mode + (struct flags){.mode = 2, .rest = 9}.rest;
}
""",
    "arrays2d": r"""
int m[3][4]; int g2[2][3] = {{1, 2, 3}, {4, 5, 6}};
int trace(int (*a)[4], int n) { int t = 0; for (int i = 0; i < n; i++) t += a[i][i]; return t; }
int main(void) { int i, j; for (i = 0; i < 3; i++) for (j = 0; j < 4; j++) m[i][j] = i * 10 + j;
  int loc[2][2] = {{1, 2}, {3}}; char names[3][6] = {"ab", "cde", "f"};
  printf("%d %d %d %d %s %s %d\n", trace(m, 3), g2[1][2], loc[1][0], loc[1][1], names[1], names[2], (int)sizeof m);
  return m[2][3]; }
""",
    "casts_sizeof": r"""
int main(void) { long l = 0x123456789L; int i = (int)l; short s = (short)l; char c = (char)l; unsigned u = (unsigned)-1; long back = (long)u; long neg = (long)-1;
  _Bool bb = 256; _Bool b0 = 0 == 0 ? 0 : 1; int arr[7];
  printf("%d %d %d %u %ld %ld %d %d\n", i, s, c, u, back, neg, bb, b0);
  printf("%d %d %d %d %d %d %d\n", (int)sizeof(char), (int)sizeof(short), (int)sizeof(long long), (int)sizeof arr, (int)sizeof(arr) / (int)sizeof arr[0], (int)sizeof(int *), (int)_Alignof(long));
  unsigned long ul = (unsigned long)&arr[1] - (unsigned long)&arr[0]; return (int)ul; }
""",
    "chars": r"""
int main(void) { char c = 200; signed char s = -1; unsigned char u = 255; int x = c; char d = 'A' + 30;
  printf("%d %d %d %d %d\n", c, s, u, x, c > 0); printf("%d %d %d\n", (char)300, (unsigned char)-1, (signed char)128);
  printf("%d %d\n", '\377', d); char buf[4] = {-1, 127, -128, 0}; int t = 0; for (int i = 0; i < 4; i++) t += buf[i]; return t & 255; }
""",
    "enums": r"""
enum color { RED, GREEN = 5, BLUE }; typedef enum { A = -2, B, C } abc;
enum color next(enum color c) { return c == RED ? GREEN : c == GREEN ? BLUE : RED; }
int main(void) { enum color c = RED; abc x = B; int n = 0; for (int i = 0; i < 5; i++) { c = next(c); n = n * 10 + c; }
  printf("%d %d %d %d %d\n", n, x, C, BLUE, (int)sizeof(enum color)); return BLUE; }
""",
    "fnptr": r"""
int add(int a, int b) { return a + b; } int sub(int a, int b) { return a - b; } int mul(int a, int b) { return a * b; }
typedef int (*binop)(int, int); binop table[3] = {add, sub, mul};
struct ops { const char *name; int (*fn)(int, int); }; struct ops ops[] = {{"add", add}, {"mul", mul}};
int apply(binop f, int a, int b) { return f(a, b); }
int main(void) { int r = 0; for (int i = 0; i < 3; i++) r = r * 10 + table[i](7, 3) % 10; binop f = &sub;
  printf("%d %d %d %d %s\n", r, apply(mul, 6, 7), (*f)(1, 9), ops[1].fn(3, 5), ops[0].name); struct ops *o = &ops[0]; return o->fn(2, 2); }
""",
    "globals": r"""
int counter; static int hidden = 42; long table[4] = {10, 20, 30}; char letters[] = "xyz"; const char *msg = "global msg";
int *ptr = &table[1] ? (int *)0 : 0; short sh = -7; unsigned char uc = 250; int *gp = &counter; char *lp = letters + 1;
static int next(void) { static int n = 100; return n++; }
int main(void) { counter += 5; *gp += 1; table[3] = table[0] + table[2];
  printf("%d %d %ld %ld %s %s %d %d %c\n", counter, hidden, table[3], sizeof table, letters, msg, sh, uc, *lp);
  next(); next(); printf("%d %d\n", next(), ptr == 0); return 0; }
""",
    "logic": r"""
int calls; int t(int v) { calls++; return v; }
int main(void) { int a = 0, b = 5; int r1 = t(a) && t(b); int r2 = t(b) || t(a); int r3 = !a + !b + !!b; int r4 = (a < b) + (a >= b) * 2 + (b == 5) * 4 + (b != 5) * 8;
  int r5 = a ? 10 : b ? 20 : 30; int r6 = (a++, b++, a + b); char *p = 0; int r7 = !p && b;
  printf("%d %d %d %d %d %d %d %d\n", r1, r2, r3, r4, r5, r6, r7, calls); if (a && b || !a) puts("ok"); return r4; }
""",
    "loops": r"""
int main(void) { int s = 0, i, j; for (i = 0; i < 10; i++) { if (i == 3) continue; if (i == 8) break; s += i; }
  i = 0; while (i < 5) { s = s * 2 + i; i++; } do { s -= 3; } while (s > 100);
  for (i = 0; i < 4; i++) for (j = 0; j < 4; j++) { if (j > i) break; s += i * j; }
  for (;;) { if (++i > 20) break; } printf("%d %d\n", s, i); return s & 0x7f; }
""",
    "manyargs": r"""
long f10(int a, long b, char c, short d, int e, long f, int g, char h, long i, int j) { return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10; }
int pick(int a, int b, int c, int d, int e, int f, int g, int h, int i) { return i - a; }
int main(void) { printf("%ld %d\n", f10(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), pick(1, 2, 3, 4, 5, 6, 7, 8, 9));
  printf("%d %d %d %d %d %d %d %d %d %d\n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10); return (int)f10(-1, -2, -3, -4, -5, -6, -7, -8, -9, pick(0,0,0,0,0,0,0,0,1)); }
""",
    "pointers": r"""
void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }
int sum(int *p, int n) { int s = 0; while (n--) s += *p++; return s; }
int main(void) { int a = 1, b = 2; int arr[6] = {5, 4, 3, 2, 1, 0}; int *p = arr, *q = &arr[5];
  swap(&a, &b); printf("%d %d %ld %d\n", a, b, q - p, sum(arr, 6));
  *(p + 2) = 30; p[3] += 7; ++*p; (*q)--; int **pp = &p; (*pp)++;
  printf("%d %d %d %d %d %d\n", arr[0], arr[2], arr[3], arr[5], *p, p > q);
  char *s = "hello"; char *e = s; while (*e) e++; printf("%ld %c\n", e - s, *(s + 1));
  void *v = arr; int *w = v; printf("%d\n", w[1]); return 0; }
""",
    "recursion": r"""
int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
long fib(long n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }
int ack(int m, int n) { if (m == 0) return n + 1; if (n == 0) return ack(m - 1, 1); return ack(m - 1, ack(m, n - 1)); }
int gcd(int a, int b) { return b ? gcd(b, a % b) : a; }
int main(void) { printf("%d %ld %d %d\n", fact(10), fib(20), ack(2, 3), gcd(1071, 462)); return fact(5); }
""",
    "strings": r"""
int my_strlen(const char *s) { int n = 0; while (s[n]) n++; return n; }
void my_strcpy(char *d, const char *s) { while ((*d++ = *s++)) ; }
int my_strcmp(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (unsigned char)*a - (unsigned char)*b; }
void rev(char *s) { int i = 0, j = my_strlen(s) - 1; while (i < j) { char t = s[i]; s[i++] = s[j]; s[j--] = t; } }
int main(void) { char buf[32]; char msg[] = "stressed"; my_strcpy(buf, "tab\there \"q\" \\ end"); rev(msg);
  printf("%s|%s|%d|%d %d\n", buf, msg, my_strlen(buf), my_strcmp("abc", "abd") < 0, my_strcmp("b", "a"));
  puts("esc: \x41\102\n"); return my_strlen(msg); }
""",
    "structs": r"""
struct point { int x, y; }; struct rect { struct point a, b; char tag[8]; };
typedef struct node { int val; struct node *next; } node;
union u { int i; unsigned char b[4]; long l; };
int area(struct rect *r) { return (r->b.x - r->a.x) * (r->b.y - r->a.y); }
int len(node *n) { int c = 0; for (; n; n = n->next) c++; return c; }
struct point mid; struct rect gr = {{1, 2}, {11, 22}, "glob"};
int main(void) { struct rect r = {{0, 0}, {3, 4}, "box"}; node n3 = {3, 0}, n2 = {2, &n3}, n1 = {1, &n2};
  union u uu; uu.l = 0; uu.i = 0x01020304; struct point p = r.b, *pp = &p; pp->x += 10; struct rect copy; copy = r; copy.a.y = -1;
  mid.x = 5; printf("%d %d %d %d %d %d %s %s\n", area(&r), len(&n1), uu.b[0], p.x, copy.a.y, area(&gr), copy.tag, gr.tag);
  printf("%d %d %d %d\n", (int)sizeof(struct rect), (int)sizeof(union u), (int)sizeof(node), mid.x + n1.next->next->val); return 0; }
""",
    "switch": r"""
const char *name(int d) { switch (d) { case 0: return "zero"; case 1: case 2: return "small"; case 10: return "ten"; case -5: return "neg"; default: return "other"; } }
int classify(char c) { int r = 0; switch (c) { case 'a': r += 1; case 'b': r += 2; break; case 'z': r = 26; break; default: r = -1; } return r; }
int main(void) { for (int i = -5; i < 12; i += 3) printf("%d:%s ", i, name(i)); printf("\n%d %d %d %d\n", classify('a'), classify('b'), classify('z'), classify('q'));
  long big = 5000000000L; switch (big) { case 5000000000L: puts("big"); break; default: puts("no"); } return 0; }
""",
    "unsigned": r"""
int main(void) { unsigned a = 4000000000u, b = 3; int n = -7; unsigned long ul = 18000000000000000000ul;
  printf("%u %u %u %u\n", a / b, a % b, a >> 4, a + a); printf("%d %d %d\n", n / 2, n % 2, n >> 1);
  printf("%d %d %d\n", -1 < 1u, (unsigned)n > 5u, (long)n < 1u); printf("%lu %lu %lu\n", ul / 7, ul % 1000, ul >> 3);
  long l = -9; printf("%ld %ld %lu\n", l / 4, l % 4, (unsigned long)l / 4); unsigned short us = 65535; us++; printf("%d\n", us);
  int i = 0x7fffffff; i += 0; unsigned u2 = i; u2++; printf("%u %d\n", u2, (int)(u2 >> 31)); return (int)(a % 256); }
""",
    "varcallee": r"""
#include <stdarg.h>
int sum_all(int n, ...) { va_list ap; va_start(ap, n); int s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }
long mix(const char *fmt, ...) { va_list ap; long t = 0; va_start(ap, fmt); for (; *fmt; fmt++) { if (*fmt == 'i') t += va_arg(ap, int); else if (*fmt == 'l') t += va_arg(ap, long); else if (*fmt == 's') t += *va_arg(ap, char *); } va_end(ap); return t; }
int vsum(int n, va_list ap) { int s = 0; while (n--) s += va_arg(ap, int); return s; }
int outer(int n, ...) { va_list ap, ap2; va_start(ap, n); va_copy(ap2, ap); int a = vsum(n, ap); int b = vsum(n, ap2); va_end(ap); va_end(ap2); return a * 1000 + b; }
int main(void) { printf("%d %d\n", sum_all(3, 1, 2, 3), sum_all(12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  printf("%ld\n", mix("ilsil", 5, 10000000000L, "A", -2, 7L)); printf("%d\n", outer(9, 1, 1, 1, 1, 1, 1, 1, 1, 2)); return 0; }
""",
    "bool_ops": r"""
_Bool is_even(int x) { return x % 2 == 0; }
int main(void) { _Bool a = 5, b = 0, c = is_even(4); int n = 0; for (int i = 0; i < 10; i++) n += is_even(i); _Bool d = a && !b; a = a + 1;
  printf("%d %d %d %d %d %d\n", a, b, c, n, d, (int)sizeof(_Bool)); return a + c; }
""",
    "calls_in_args": r"""
int sq(int x) { return x * x; } int id(int x) { return x; }
int seq; int next(void) { return ++seq; }
int f(int a, int b, int c, int d, int e, int f, int g, int h) { return a + 2*b + 3*c + 4*d + 5*e + 6*f + 7*g + 8*h; }
int main(void) { int r = f(sq(1), sq(2) + id(3), id(sq(3)), 4, sq(id(2)) * 2, 6, id(7) - sq(1), sq(sq(2))); int x = sq(3) + sq(4) * id(2) - sq(id(5)) / id(5);
  int arr[3]; arr[id(1)] = sq(5); printf("%d %d %d\n", r, x, arr[1]); printf("%d %d\n", next(), next()); return r % 256; }
""",
    "goto_bits": r"""
int main(void) { int i = 0, acc = 0; again: acc += i; if (++i < 5) goto again;
  unsigned x = 0xF0F0u; x |= 0x0F; x &= ~0x100u; x ^= 0xFF00; x <<= 3; x >>= 1; int y = -64; y >>= 2; y <<= 1; y %= 7; y /= 2; y *= -3; y -= 1; y += 100;
  long long ll = 1LL << 50; ll >>= 7; printf("%d %u %d %lld %d\n", acc, x, y, ll, (int)(ll & 0xffff)); return acc; }
""",
    "knr_and_proto": r"""
int old(a, b) int a; int b; { return a * b; }
int later(int);
int use(void) { return later(5); }
int later(int x) { return x + 1; }
static int helper(int *p) { return *p += 2; }
int main(void) { int v = 1; helper(&v); printf("%d %d %d\n", old(6, 7), use(), v); return v; }
""",
    "longlong": r"""
long long mulmod(long long a, long long b, long long m) { return (a % m) * (b % m) % m; }
unsigned long long h(const char *s) { unsigned long long x = 1469598103934665603ULL; while (*s) { x ^= (unsigned char)*s++; x *= 1099511628211ULL; } return x; }
int main(void) { long long big = 9223372036854775807LL; long long small = -big - 1; printf("%lld %lld %lld\n", big, small, mulmod(123456789, 987654321, 1000000007));
  printf("%llu %llx\n", h("hello"), h("") >> 8); unsigned long long u = -1; printf("%llu %lld %d\n", u / 10, (long long)(u >> 1), (int)(u % 97)); return (int)(h("x") & 63); }
""",
    "matrix": r"""
#define N 4
void matmul(int a[N][N], int b[N][N], int c[N][N]) { for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { c[i][j] = 0; for (int k = 0; k < N; k++) c[i][j] += a[i][k] * b[k][j]; } }
int main(void) { int a[N][N], b[N][N], c[N][N]; for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { a[i][j] = i + j; b[i][j] = i == j ? 2 : (i - j); }
  matmul(a, b, c); int t = 0; for (int i = 0; i < N; i++) { for (int j = 0; j < N; j++) { printf("%4d", c[i][j]); t += c[i][j]; } printf("\n"); } return t & 0xff; }
""",
    "nested_struct": r"""
typedef struct { char name[16]; int age; } person; typedef struct { person people[3]; int count; } group;
group g = {{{"ann", 31}, {"bob", 25}}, 2};
void add(group *gr, const char *n, int age) { person *p = &gr->people[gr->count++]; int i = 0; while ((p->name[i] = n[i])) i++; p->age = age; }
int oldest(const group *gr) { int best = 0; for (int i = 1; i < gr->count; i++) if (gr->people[i].age > gr->people[best].age) best = i; return best; }
int main(void) { add(&g, "cyd", 40); group copy = g; copy.people[0].age = 99; printf("%s %d %d %s %d\n", g.people[oldest(&g)].name, g.count, copy.people[0].age, copy.people[2].name, oldest(&copy)); return g.people[1].age; }
""",
    "printf_wide": r"""
int main(void) { printf("%5d|%-5d|%05d|%x|%X|%o|%c|%s|%%\n", 42, 42, 42, 255, 255, 8, 'Z', "str"); printf("%ld %lu %p\n", -1L, 1UL << 63, (void *)0);
  char buf[3] = {'o', 'k', 0}; printf("%s %.2s %10s\n", buf, "abcdef", "right"); return 0; }
""",
    "ptrarith": r"""
struct s { int a; char b; long c; };
int main(void) { struct s arr[4]; struct s *p = arr, *e = arr + 4; int n = 0; for (; p < e; p++) { p->a = n++; p->b = 'a' + n; p->c = n * 100L; }
  p = &arr[1]; long d = e - p; char *cp = (char *)e - sizeof(struct s); struct s *last = (struct s *)cp; short sa[5] = {1,2,3,4,5}; short *sp = sa + 4;
  printf("%ld %d %c %ld %d %d %d\n", d, last->a, arr[2].b, (p + 1)->c, *(sp - 2), (int)(sp - sa), p != arr); int *ip = 0; ip++; return (int)(long)ip; }
""",
    "shifts": r"""
int main(void) { int a = 1; unsigned b = 0x80000000u; long c = -1; unsigned long d = 1UL << 63; int n = 5;
  printf("%d %u %ld %lu\n", a << n, b >> n, c >> n, d >> n); printf("%d %d %u\n", -17 >> 2, -17 << 2, (unsigned)-17 >> 28); char ch = -8; unsigned char uch = 0x81; printf("%d %d\n", ch >> 1, uch << 2);
  short s = 0x4000; s <<= 1; printf("%d\n", s); return (b >> 28) + (a << 2); }
""",
    "sieve": r"""
char composite[1000];
int main(void) { int count = 0; for (int i = 2; i < 1000; i++) { if (composite[i]) continue; count++; for (int j = i * i; j < 1000; j += i) composite[j] = 1; }
  int last = 999; while (composite[last]) last--; printf("%d primes, last %d\n", count, last); return count; }
""",
    "sort": r"""
void bubble(int *a, int n) { for (int i = 0; i < n - 1; i++) for (int j = 0; j < n - 1 - i; j++) if (a[j] > a[j + 1]) { int t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; } }
void qs(int *a, int lo, int hi) { if (lo >= hi) return; int p = a[(lo + hi) / 2], i = lo, j = hi; while (i <= j) { while (a[i] < p) i++; while (a[j] > p) j--; if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; } } qs(a, lo, j); qs(a, i, hi); }
int data[12] = {5, -3, 99, 0, 12, 7, 7, -50, 31, 2, 18, 4};
int main(void) { int b[12]; for (int i = 0; i < 12; i++) b[i] = data[11 - i] * 3 % 17; bubble(data, 12); qs(b, 0, 11);
  for (int i = 0; i < 12; i++) printf("%d,%d ", data[i], b[i]); printf("\n"); return data[11] - b[0]; }
""",
    "static_locals": r"""
int counter(void) { static int c; return ++c; }
int fibmemo(int n) { static long memo[50]; if (n < 2) return n; if (memo[n]) return memo[n]; return memo[n] = fibmemo(n - 1) + fibmemo(n - 2); }
const char *day(int d) { static const char *names[] = {"mon", "tue", "wed"}; return names[d % 3]; }
int main(void) { counter(); counter(); printf("%d %d %s %s\n", counter(), fibmemo(40), day(4), day(0)); return counter(); }
""",
    "struct_by_value": r"""
struct pair { int a, b; }; struct big { long x[5]; };
int sum_pair(struct pair p) { return p.a * 10 + p.b; }
long sum_big(struct big b, int k) { long s = 0; for (int i = 0; i < 5; i++) s += b.x[i]; return s * k; }
int main(void) { struct pair p = {3, 4}; struct big b = {{1, 2, 3, 4, 5}}; printf("%d %ld\n", sum_pair(p), sum_big(b, 2)); return sum_pair(p) - 30; }
""",
    "ternary_comma": r"""
int abs_(int x) { return x < 0 ? -x : x; }
int max3(int a, int b, int c) { return a > b ? (a > c ? a : c) : (b > c ? b : c); }
int main(void) { int i, j, s = 0; for (i = 0, j = 10; i < j; i++, j--) s += i * j; char *p = s > 50 ? "big" : "small"; int *np = 0; int v = 7; int *q = s ? &v : np;
  printf("%d %d %d %s %d\n", abs_(-42), max3(3, 9, 4), s, p, *q); return (s, i, j); }
""",
}

# Floating point: literals, arithmetic, NaN-correct comparisons and branches, every
# conversion (unsigned long both ways included), compound assignment, ++/--, data.
PROGRAMS.update({
    "fp_arith": r"""
double g = 1.5; float gf = 2.25f; double arr[4] = {1.0, -0.0, 3.14, 1e-300}; float fa[] = {0.1f, 1e30f, -2.5f};
struct pt { float x; double y; int n; } gp = {0.5f, -7.25, 3};
double f(double a, float b, int c) { double z = 0.0, o = 1.0, k = 3.14159; float q = 0.1f; return a * b + c + z + o + k + q - a / 3; }
int cmp(double a, double b) { return (a < b) + 2 * (a <= b) + 4 * (a > b) + 8 * (a >= b) + 16 * (a == b) + 32 * (a != b); }
int cmpf(float a, float b) { int n = 0; if (a < b) n += 1; if (a <= b) n += 2; if (a > b) n += 4; if (a >= b) n += 8; if (a == b) n += 16; if (a != b) n += 32;
  if (!(a < b)) n += 64; if (!(a == b)) n += 128; return n; }
int main(void) { double zero = 0.0, nan = zero / zero, inf = 1.0 / zero;
  printf("%.17g %.9g %d %d %d %d\n", f(1.5, 2.5f, 3), g + gf, cmp(1, 2), cmp(2, 1), cmp(1, 1), cmp(nan, 1));
  printf("%d %d %d %d %g %g\n", cmpf(1, 2), cmpf(2, 2), cmpf(nan, 0), cmpf(inf, nan), inf, -inf);
  double x = 1.0; x += 2; x *= 3; x /= 4; x -= 0.5; x++; ++x; x--; --x; float y = 1; y /= 3; y *= y; int i = 3; i += 2.7; i *= 1.5; i -= 0.25;
  printf("%.17g %.9g %d %g %g %g\n", x, y, i, -x, -y, -zero);
  if (nan) puts("nan true"); if (!nan) puts("bad"); if (zero) puts("bad"); if (!zero) puts("zero false");
  if (nan == nan || nan < 1 || nan >= 1 || !(nan != nan)) puts("bad"); while (x > 0.3) x /= 2; for (double d = 0; d < 1; d += 0.25) printf("%g ", d);
  int t = nan && 1, u = zero || nan, v = x ? 1 : 2, w = nan > 0 ? 1 : 2; double c = i > 3 ? 1.5 : 2;
  printf("%g %d %d %d %d %g\n", x, t, u, v, w, c);
  for (int k = 0; k < 4; k++) printf("%.17g ", arr[k]); for (int k = 0; k < 3; k++) printf("%.9g ", fa[k]);
  gp.x *= 3; gp.y = gp.y * gp.n + gp.x; struct pt *pp = &gp; pp->y += 1; arr[1] = pp->y--; fa[2] += arr[1];
  printf("%g %g %g %g %d\n", gp.x, gp.y, arr[1], fa[2], (int)sizeof(struct pt)); return (int)(x * 100); }
""",
    "fp_conversions": r"""
unsigned long ul(double d) { return d; } double from_ul(unsigned long u) { return u; } float f_from_ul(unsigned long u) { return u; }
long l(double d) { return d; } unsigned ui(float f) { return f; } short s(double d) { return d; } unsigned char uc(double d) { return d; } signed char sc(float f) { return f; }
_Bool b(double d) { return d; } double to_dl(long v) { return v; } float fi(int v) { return v; } double du(unsigned v) { return v; } double to_ds(short v) { return v; } float fuc(unsigned char v) { return v; }
int main(void) { unsigned long big = 18446744073709551615UL, mid = 9223372036854775809UL, odd = 9007199254740993UL;
  printf("%.17g %.17g %.17g %.9g %.9g\n", from_ul(big), from_ul(mid), from_ul(odd), f_from_ul(big), f_from_ul(16777217));
  printf("%lu %lu %lu %lu\n", ul(1.8e19), ul(9223372036854775808.0), ul(12345.9), ul(0.5));
  printf("%ld %ld %u %d %d %d %d\n", l(-1e18), l(-2.9), ui(4e9f), s(-1234.7), uc(200.9), sc(-100.5f), b(0.0) + 2 * b(-0.0) + 4 * b(1e-300));
  printf("%.17g %.9g %.17g %.17g %.9g %.9g\n", to_dl(-9007199254740993L), fi(16777217), du(4294967295u), to_ds(-32768), fuc(255), fi(-7));
  double d = 2.75; float f = d; int i = d; long L = -d; unsigned char c = d; d = f * 3; f = i;
  printf("%g %g %d %ld %d %.9g\n", d, f, i, L, c, (float)0.1 + (double)0.1f); return 0; }
""",
    "fp_varargs": r"""
double sum(int n, ...) { __builtin_va_list ap; __builtin_va_start(ap, n); double s = 0;
  for (int i = 0; i < n; i++) { if (i % 3 == 2) s += __builtin_va_arg(ap, int); else s += __builtin_va_arg(ap, double) * (i + 1); }
  __builtin_va_end(ap); return s; }
double mixed(double a, float b, int n, ...) { __builtin_va_list ap, aq; __builtin_va_start(ap, n); __builtin_va_copy(aq, ap); double s = a + b;
  for (int i = 0; i < n; i++) s = s * 2 + __builtin_va_arg(ap, double); for (int i = 0; i < n; i++) s -= __builtin_va_arg(aq, long) & 1;
  __builtin_va_end(ap); return s; }
double stack(double a, double b, double c, double d, double e, double f, double g, double h, double i, int j, float k, long m, double n) {
  return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10 + k * 11 + m * 12 + n * 13; }
int main(void) { float f = 1.5f;
  printf("%.17g\n", sum(12, 1.0, 2.0, 3, 4.0, 5.0, 6, 7.0, 8.0, 9, 10.0, 11.0, 12));
  printf("%.17g\n", mixed(1.0, f, 10, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0));
  printf("%.17g %d %.3f %e %g %a %g\n", stack(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), 7, f, 1e100, 1e-5, 0.1, f * 2);
  return 0; }
""",
    "fp_structs": r"""
struct h4 { double a, b, c, d; }; struct h3f { float x, y, z; }; struct big { double a; int b; double c; };
struct dl { double d; long l; }; struct ld { long l; double d; }; struct fi { float f; int i; }; struct ff { float a, b; };
struct h4 hfa4(struct h4 h, double k) { h.a *= k; h.d += k; return h; }
struct h3f hfa3(struct h3f a, struct h3f b) { struct h3f r = { a.x + b.x, a.y * b.y, a.z - b.z }; return r; }
struct big mkbig(struct big b) { b.c = b.a * b.b; return b; }
struct dl swap1(struct ld x) { struct dl r = { x.d, x.l }; return r; }
struct ld swap2(struct dl x) { struct ld r = { x.l * 2, x.d * 2 }; return r; }
struct fi fif(struct fi a, struct ff b) { a.f += b.a * b.b; a.i -= 1; return a; }
struct ff pair(float a, float b) { struct ff r = { a, b }; return r; }
double spread(struct ff a, struct ff b, struct ff c, struct ff d, struct ff e, struct ff f, struct ff g, struct ff h, struct ff i, double j) {
  return a.a + b.b + c.a + d.b + e.a + f.b + g.a + h.b + i.a * i.b + j; }
int main(void) { struct h4 h = {1, 2, 3, 4}; h = hfa4(h, 2); printf("%g %g %g %g\n", h.a, h.b, h.c, h.d);
  struct h3f a = {1, 2, 3}, b = {4, 5, 6}; a = hfa3(a, b); printf("%g %g %g\n", a.x, a.y, a.z);
  struct big g = {1.5, 3, 0}; g = mkbig(g); printf("%g %d %g\n", g.a, g.b, g.c);
  struct ld x = {7, 2.5}; struct dl y = swap1(x); struct ld z = swap2(y); printf("%g %ld %ld %g\n", y.d, y.l, z.l, z.d);
  struct fi q = {1.5f, 10}; q = fif(q, pair(2, 3)); printf("%g %d %g\n", q.f, q.i, pair(4, 5).b);
  struct ff p = pair(1, 2); printf("%g\n", spread(p, p, p, p, p, p, p, p, pair(3, 4), 0.5)); return 0; }
""",
})


# -- switch jump tables, read-only data, C11 selections, inline assembly --------------------

PROGRAMS.update({
    # Dense switches become GCC's jump tables (x86-64 from 5 cases, AArch64 from 11),
    # sparse ones stay compare chains; fallthrough, ranges, unsigned/negative/64-bit keys.
    "switch_tables": r"""int dense(int x) { switch (x) { case 1: return 10; case 2: return 20; case 3: return 33; case 5: return 50; case 6: x++; break; default: return -1; } return x; }
long lsw(long x) { switch (x) { case -3: return 1; case -2: return 2; case -1: return 3; case 0: return 4; case 1: case 2: return 5; case 4: return 7; } return 0; }
const char *word(unsigned char c) { switch (c) { case 'a': return "a"; case 'b': case 'c': return "bc"; case 'd': return "d"; case 'e' ... 'h': return "e-h"; case 'j': return "j"; case 'z': return "z"; default: return "?"; } }
int big(unsigned u) { int r = 0; switch (u) { case 100: r += 1; case 101: r += 2; break; case 102: r = 7; break; case 103: case 104: r = 9; break; case 105: r = 11; break; case 106: r = 12; break; case 107: r = 13; break;
  case 108: r = 14; break; case 109: r = 15; break; case 110: r = 16; break; case 111: r = 17; break; case 113: r = 18; break; default: r = -5; } return r; }
int sparse(int x) { switch (x) { case 1: return 1; case 100: return 2; case 1000: return 3; case 10000: return 4; case -7: return 5; case 55: return 6; } return 0; }
__attribute__((section(".text.sw"))) int insec(int x) { switch (x) { case 0: return 3; case 1: return 4; case 2: return 5; case 3: return 6; case 4: return 7; case 5: return 8; case 6: return 9; case 7: return 1; case 8: return 2; case 9: return 0; case 10: return 11; } return -1; }
int loop(int n) { int acc = 0; for (int i = 0; i < n; i++) { switch (i % 12) { case 0: acc += 1; break; case 1: continue; case 2: acc *= 2; break; case 3: case 4: acc -= 1; break; case 5: acc ^= 3; break; case 6: acc += i; break; case 7: acc += 7; case 8: acc += 8; break; case 9: acc--; break; case 10: acc++; break; case 11: acc += 100; break; } } return acc; }
int neg(signed char c) { switch (c) { case -128: return 1; case -127: return 2; case -126: return 3; case -125: return 4; case -124: return 5; case -123: return 6; case -122: return 7; case -121: return 8; case -120: return 9; case -119: return 10; case -118: return 11; case 127: return 99; } return 0; }
unsigned long ul(unsigned long v) { switch (v) { case 0xFFFFFFFFFFFFFFF0ul: return 1; case 0xFFFFFFFFFFFFFFF1ul: return 2; case 0xFFFFFFFFFFFFFFF2ul: return 3; case 0xFFFFFFFFFFFFFFF3ul: return 4; case 0xFFFFFFFFFFFFFFF5ul: return 5; case 0xFFFFFFFFFFFFFFFEul: return 6; case 0xFFFFFFFFFFFFFFF8ul: return 7; case 0xFFFFFFFFFFFFFFF9ul: return 8; case 0xFFFFFFFFFFFFFFFAul: return 9; case 0xFFFFFFFFFFFFFFFBul: return 10; case 0xFFFFFFFFFFFFFFFCul: return 11; } return 0; }
int main(void) {
  for (int i = -2; i < 9; i++) printf("%d ", dense(i)); printf("\n");
  for (long i = -5; i < 6; i++) printf("%ld ", lsw(i)); printf("\n");
  for (int c = '`'; c <= 'z' + 1; c++) printf("%s", word(c)); printf("\n");
  for (unsigned u = 98; u < 116; u++) printf("%d ", big(u)); printf("%d\n", big(-1u));
  for (int i = -8; i < 12; i++) printf("%d ", sparse(i) + insec(i)); printf("%d %d\n", sparse(10000), insec(-5));
  printf("%d %d %d\n", loop(30), loop(100), loop(7));
  for (int i = -130; i < 130; i += 1) printf("%d", neg(i)); printf("\n");
  for (unsigned long v = 0xFFFFFFFFFFFFFFEEul; v != 2; v++) printf("%lu ", ul(v)); printf("\n");
  return dense(3);
}
""",
    # const objects in .rodata / .data.rel.ro.local, merged string literals, file-scope
    # compound literals, _Generic, _Static_assert, ?: on structures.
    "c11_and_rodata": r"""
const int ci = 5; const int cz; const char msg[] = "hello"; static const double tbl[3] = {1.5, 2.5, 3.5};
const char *const names[] = {"x", "y", "hello"}; typedef const int cint; cint tc = 8;
struct pt { int x, y; };
struct pt *gp = &(struct pt){3, 4}; int *ga = (int[]){1, 2, 3};
_Static_assert(sizeof(int) == 4, "int is 4");
#define TYPENAME(x) _Generic((x), int: "int", double: "double", char *: "char*", char: "char", long: "long", default: "other")
struct pt pick(int c, struct pt a, struct pt b) { return c ? a : b; }
struct pt mk(int v) { struct pt p = {v, -v}; return p; }
int main(void) {
  const char *s = "hello"; const char *t = "hello"; char ca[4]; char c = 'c';
  printf("%d %d %s %g %s %d %d\n", ci, cz, msg, tbl[1], names[2], s == t, tc);
  printf("%d %d %d\n", gp->x, gp->y, ga[2]);
  printf("%s %s %s %s %s %s\n", TYPENAME(1), TYPENAME(1.0), TYPENAME(ca), TYPENAME(1L), TYPENAME(c), TYPENAME(1u));
  struct pt a = {1, 2}, b = {3, 4}; struct pt r = pick(0, a, b); struct pt d = ci > 3 ? a : b;
  struct pt e = (ci < 3 ? mk(7) : mk(9)); int m = (ci ? a : b).y;
  printf("%d %d %d %d %d\n", r.x, d.y, e.x, e.y, m);
  return _Generic(ci, int: 3, default: 4);
}
""",
    # Extended asm: fixed registers (rdtsc), =r/+r/=&r, matching "0", named operands,
    # m and i operands, %k/%b and %w/%x modifiers, clobbers (callee-saved ones too), and
    # basic asm at file scope defining a function.
    "inline_asm": r"""#ifdef __x86_64__
__asm__(".globl triple\n.type triple, @function\ntriple:\n\tleal (%rdi,%rdi,2), %eax\n\tret");
#else
__asm__(".globl triple\n.type triple, %function\ntriple:\n\tadd w0, w0, w0, lsl 1\n\tret");
#endif
int triple(int);
static unsigned long long ticks(void) {
#ifdef __x86_64__
  unsigned lo, hi; __asm__ volatile ("rdtsc" : "=a"(lo), "=d"(hi)); return ((unsigned long long)hi << 32) | lo;
#else
  unsigned long long v; asm volatile ("mrs %0, cntvct_el0" : "=r"(v)); return v;
#endif
}
int add(int a, int b) { int r;
#ifdef __x86_64__
  asm ("movl %1, %0\n\taddl %2, %0" : "=&r"(r) : "r"(a), "r"(b));
#else
  asm ("add %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b));
#endif
  return r; }
long addl(long a, long b) {
#ifdef __x86_64__
  asm ("addq %[y], %[x]" : [x] "+r"(a) : [y] "r"(b) : "cc");
#else
  asm ("add %x[x], %x[x], %x[y]" : [x] "+r"(a) : [y] "r"(b) : "cc");
#endif
  return a; }
int matched(int a) { int out;
#ifdef __x86_64__
  asm ("imull $3, %k0" : "=r"(out) : "0"(a));
#else
  asm ("add %w0, %w0, %w0, lsl 1" : "=r"(out) : "0"(a));
#endif
  return out; }
int memop(int *p) { int v;
#ifdef __x86_64__
  asm volatile ("movl %1, %0\n\taddl $%c2, %0" : "=r"(v) : "m"(*p), "i"(100) : "memory");
  asm volatile ("incl %0" : "+m"(*p));
  char c = 'a'; asm ("addb $1, %b0" : "+q"(c)); v += c;
  asm volatile ("" ::: "rbx", "memory");
#else
  asm volatile ("ldr %w0, %1\n\tadd %w0, %w0, %2" : "=r"(v) : "m"(*p), "i"(100) : "memory");
  int t; asm volatile ("ldr %w0, %1\n\tadd %w0, %w0, 1\n\tstr %w0, %1" : "=&r"(t), "+m"(*p));
  char c = 'a'; asm ("add %w0, %w0, 1" : "+r"(c)); v += c;
  asm volatile ("mov x19, 7" ::: "x19", "memory");
#endif
  asm volatile ("nop");
  return v; }
int main(void) {
  unsigned long long t0 = ticks(), t1 = ticks();
  int x = 5; int mo = memop(&x);
  printf("%d %d %ld %d %d %d %d\n", t1 >= t0, add(40, 2), addl(1L << 40, 7), matched(14), mo, x, triple(11));
  return 0;
}
""",
})

@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_behaves_like_gcc(name, arch, tmp_path):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    ours, ref = build_and_run(arch, PROGRAMS[name], tmp_path)
    assert (ours.returncode, ours.stdout) == (ref.returncode, ref.stdout)


# -- a stress corpus: what students write --------------------------------------------
# (Declarations instead of #include: gcc -E would bring glibc's headers, which are GNU C.)

STUDENT_PRELUDE = PRELUDE + """typedef unsigned long size_t;
void *malloc(size_t); void *calloc(size_t, size_t); void *realloc(void *, size_t); void free(void *);
size_t strlen(const char *); int strcmp(const char *, const char *); char *strcpy(char *, const char *);
void *memset(void *, int, size_t); void *memcpy(void *, const void *, size_t); int putchar(int);
"""
STUDENT_PROGRAMS = {
"linked_list": r"""
struct node { int val; struct node *next; };
struct node *push(struct node *head, int v) { struct node *n = malloc(sizeof *n); n->val = v; n->next = head; return n; }
struct node *reverse(struct node *h) { struct node *prev = 0; while (h) { struct node *nx = h->next; h->next = prev; prev = h; h = nx; } return prev; }
void remove_val(struct node **pp, int v) { while (*pp) { if ((*pp)->val == v) { struct node *d = *pp; *pp = d->next; free(d); } else pp = &(*pp)->next; } }
int main(void) { struct node *l = 0; for (int i = 0; i < 10; i++) l = push(l, i * i % 7);
  l = reverse(l); remove_val(&l, 2); int n = 0; for (struct node *p = l; p; p = p->next, n++) printf("%d ", p->val);
  printf("(%d)\n", n); while (l) { struct node *d = l; l = l->next; free(d); } return n; }
""",
"string_processing": r"""
int is_space(int c) { return c == ' ' || c == '\t' || c == '\n'; }
int count_words(const char *s) { int n = 0, in = 0; for (; *s; s++) { if (is_space(*s)) in = 0; else if (!in) { in = 1; n++; } } return n; }
void upcase(char *s) { for (; *s; s++) if (*s >= 'a' && *s <= 'z') *s -= 'a' - 'A'; }
char *dup(const char *s) { size_t n = strlen(s); char *d = malloc(n + 1); memcpy(d, s, n + 1); return d; }
int palindrome(const char *s) { const char *e = s + strlen(s) - 1; while (s < e) if (*s++ != *e--) return 0; return 1; }
void caesar(char *s, int k) { for (; *s; ++s) { if (*s >= 'a' && *s <= 'z') *s = 'a' + (*s - 'a' + k) % 26; } }
int main(void) { char *t = dup("  hello wide\tworld  of C\n"); printf("%d\n", count_words(t)); upcase(t); printf("[%s]\n", t);
  char w[] = "attack at dawn"; caesar(w, 3); printf("%s %d %d\n", w, palindrome("racecar"), palindrome("abca")); free(t);
  char buf[64]; int i = 0; for (char c = 'z'; c >= 'a'; c -= 5) buf[i++] = c; buf[i] = 0; printf("%s %d\n", buf, strcmp(buf, "zup") > 0); return 0; }
""",
"arrays_2d": r"""
#define R 5
#define C 6
int grid[R][C];
void fill(int g[][C], int rows) { for (int i = 0; i < rows; i++) for (int j = 0; j < C; j++) g[i][j] = (i + 1) * (j + 2) % 7; }
int rowsum(int *row, int n) { int s = 0; for (int j = 0; j < n; j++) s += row[j]; return s; }
void transpose(int in[R][C], int out[C][R]) { for (int i = 0; i < R; i++) for (int j = 0; j < C; j++) out[j][i] = in[i][j]; }
int main(void) { int t[C][R]; fill(grid, R); transpose(grid, t); for (int i = 0; i < R; i++) printf("%d ", rowsum(grid[i], C));
  printf("| %d %d %d\n", t[5][4], t[0][0], (int)(sizeof t / sizeof t[0]));
  int **jag = malloc(3 * sizeof(int *)); for (int i = 0; i < 3; i++) { jag[i] = malloc((i + 1) * sizeof(int)); for (int j = 0; j <= i; j++) jag[i][j] = i * 10 + j; }
  printf("%d %d %d\n", jag[2][1], jag[1][0], *(*(jag + 2) + 2)); for (int i = 0; i < 3; i++) free(jag[i]); free(jag); return t[3][2]; }
""",
"fnptr_table": r"""
typedef int (*op_fn)(int, int);
static int add(int a, int b) { return a + b; } static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; } static int dv(int a, int b) { return b ? a / b : 0; }
struct entry { char sym; op_fn fn; } ops[] = {{'+', add}, {'-', sub}, {'*', mul}, {'/', dv}};
op_fn lookup(char c) { for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) if (ops[i].sym == c) return ops[i].fn; return 0; }
int eval(const char *rpn) { int st[16], sp = 0; for (; *rpn; rpn++) { if (*rpn >= '0' && *rpn <= '9') st[sp++] = *rpn - '0'; else if (*rpn != ' ') { int b = st[--sp], a = st[--sp]; st[sp++] = lookup(*rpn)(a, b); } } return st[0]; }
void each(int *a, int n, void (*f)(int *)) { while (n--) f(a++); }
void twice(int *p) { *p *= 2; }
int main(void) { int v[4] = {1, 2, 3, 4}; each(v, 4, twice); printf("%d %d %d\n", eval("34+2*"), eval("95-3/"), v[3]);
  int (*fp[2])(int, int) = {mul, add}; return fp[0](3, 4) + fp[1](1, 1) + (lookup('?') == 0); }
""",
"bits": r"""
unsigned popcount(unsigned x) { unsigned c = 0; while (x) { x &= x - 1; c++; } return c; }
unsigned rotl(unsigned x, int k) { return (x << k) | (x >> (32 - k)); }
unsigned long reverse_bits(unsigned long x) { unsigned long r = 0; for (int i = 0; i < 64; i++) { r = (r << 1) | (x & 1); x >>= 1; } return r; }
int main(void) { unsigned flags = 0; flags |= 1u << 3; flags |= 1u << 7; flags &= ~(1u << 3); flags ^= 0xF0;
  printf("%u %u %x %lx\n", popcount(0xF0F0u), flags, rotl(0x80000001u, 4), reverse_bits(1UL));
  int x = -12345; printf("%d %d %x %d\n", x >> 3, (x & 0xff), (unsigned)x >> 20, !!(x & (1 << 31)));
  unsigned char b = 0xA5; b = (b >> 4) | (b << 4); printf("%u %d\n", b, (b & 0x0f) == 0x0a); long m = 1L << 40; return (int)(m >> 38) + popcount(255); }
""",
"recursion2": r"""
int hanoi_moves; void hanoi(int n, char a, char b, char c) { if (!n) return; hanoi(n - 1, a, c, b); hanoi_moves++; hanoi(n - 1, c, b, a); }
int binsearch(const int *a, int lo, int hi, int key) { if (lo > hi) return -1; int mid = lo + (hi - lo) / 2; if (a[mid] == key) return mid; return a[mid] < key ? binsearch(a, mid + 1, hi, key) : binsearch(a, lo, mid - 1, key); }
long power(long b, int e) { if (e == 0) return 1; long h = power(b, e / 2); return e % 2 ? h * h * b : h * h; }
void perm(char *s, int k, int n, int *count) { if (k == n) { (*count)++; if (*count <= 3) printf("%s ", s); return; } for (int i = k; i < n; i++) { char t = s[k]; s[k] = s[i]; s[i] = t; perm(s, k + 1, n, count); t = s[k]; s[k] = s[i]; s[i] = t; } }
int main(void) { int a[] = {1, 3, 5, 7, 9, 11}; hanoi(10, 'A', 'B', 'C'); char s[] = "abcd"; int cnt = 0; perm(s, 0, 4, &cnt);
  printf("%d %d %d %ld %d\n", hanoi_moves, binsearch(a, 0, 5, 9), binsearch(a, 0, 5, 4), power(3, 13), cnt); return hanoi_moves % 256; }
""",
"unsigned_wrap": r"""
int main(void) { unsigned u = 0; u--; unsigned char c = 250; c += 10; unsigned short s = 0; s -= 1; unsigned long ul = 0; ul -= 2;
  printf("%u %u %u %lu\n", u, c, s, ul); unsigned x = 3000000000u; unsigned y = x + x; int i = 2147483647; unsigned ui = i; ui += 1;
  printf("%u %u %d %u\n", y, ui, (int)ui, 5u - 7u); for (unsigned k = 3; k < 10; k--) printf("%u ", k);
  unsigned char sum = 0; for (int k = 0; k < 100; k++) sum += k; printf("\n%u %d\n", sum, (unsigned char)(sum * 3)); return (unsigned char)(u + 3); }
""",
"char_arith": r"""
char to_hex(int v) { return v < 10 ? '0' + v : 'a' + v - 10; }
int digit_sum(const char *s) { int t = 0; while (*s) { if (*s >= '0' && *s <= '9') t += *s - '0'; s++; } return t; }
int main(void) { char out[9]; unsigned v = 0xDEADBEEF; for (int i = 7; i >= 0; i--) { out[i] = to_hex(v & 15); v >>= 4; } out[8] = '\0';
  char c = 'A'; c += 25; char d = c - 'Z' + 'a'; signed char sc = 120; sc += 10; unsigned char uc = 'a' * 3;
  printf("%s %c %c %d %d %d\n", out, c, d, sc, uc, digit_sum("a1b2c3d99")); int counts[26] = {0}; const char *t = "the quick brown fox";
  for (; *t; t++) if (*t != ' ') counts[*t - 'a']++; for (int i = 0; i < 26; i++) if (counts[i] > 1) printf("%c%d ", 'a' + i, counts[i]); putchar('\n'); return c; }
""",
"switch_fall": r"""
int days(int month, int leap) { switch (month) { case 2: return 28 + leap; case 4: case 6: case 9: case 11: return 30; default: return 31; } }
const char *grade(int s) { switch (s / 10) { case 10: case 9: return "A"; case 8: return "B"; case 7: return "C"; default: return "F"; } }
int duff(int n) { int c = 0; switch (n % 4) { case 0: do { c++; case 3: c++; case 2: c++; case 1: c++; } while ((n -= 4) > 0); } return c; }
int main(void) { int total = 0; for (int m = 1; m <= 12; m++) total += days(m, 1); int acc = 0; for (int i = 0; i < 6; i++) switch (i) { case 0: acc += 1; case 1: acc += 10; break; case 2: case 3: acc += 100; default: acc += 1000; }
  char ch = 'x'; switch (ch) { case 'x': puts("ex"); case 'y': puts("why"); break; case 'z': puts("zed"); }
  printf("%d %s %s %s %d %d %d\n", total, grade(95), grade(81), grade(40), duff(7), duff(13), acc); return total % 256; }
""",
"nested_structs2": r"""
struct date { int y, m, d; }; struct person { char name[12]; struct date born; struct { int h, w; } body; };
struct team { struct person members[3]; int n; struct person *captain; };
int older(const struct person *a, const struct person *b) { if (a->born.y != b->born.y) return a->born.y < b->born.y; if (a->born.m != b->born.m) return a->born.m < b->born.m; return a->born.d < b->born.d; }
int main(void) { struct team t = {{{"ann", {1990, 5, 1}, {170, 60}}, {"bo", {1990, 3, 9}, {180, 80}}, {"cy", {1985, 12, 31}, {160, 50}}}, 3, 0};
  t.captain = &t.members[0]; for (int i = 1; i < t.n; i++) if (older(&t.members[i], t.captain)) t.captain = &t.members[i];
  struct person p = *t.captain; p.body.w += 5; t.members[1].name[0] = 'B';
  printf("%s %d %d %s %d %d\n", t.captain->name, p.born.y, p.body.w, t.members[1].name, t.members[2].body.h, (int)sizeof(struct team)); return t.captain->born.d; }
""",
"array_of_structs": r"""
typedef struct { char name[8]; int score; } rec;
void sort(rec *r, int n) { for (int i = 1; i < n; i++) { rec k = r[i]; int j = i - 1; while (j >= 0 && r[j].score < k.score) { r[j + 1] = r[j]; j--; } r[j + 1] = k; } }
rec best(rec *r, int n) { rec b = r[0]; for (int i = 1; i < n; i++) if (r[i].score > b.score) b = r[i]; return b; }
int main(void) { rec rs[5] = {{"amy", 70}, {"ben", 95}, {"cal", 85}, {"dee", 60}, {"eve", 90}}; rec top = best(rs, 5); sort(rs, 5);
  for (int i = 0; i < 5; i++) printf("%s:%d ", rs[i].name, rs[i].score); printf("| %s %d\n", top.name, best(rs + 2, 3).score);
  rec *heap = calloc(3, sizeof(rec)); heap[1] = rs[4]; strcpy(heap[2].name, "zed"); printf("%s %d %s\n", heap[1].name, heap[0].score, heap[2].name); free(heap); return rs[0].score; }
""",
"ptr_to_ptr": r"""
void set(int **pp, int *target) { *pp = target; }
void split(char *s, char **words, int *n) { *n = 0; while (*s) { while (*s == ' ') *s++ = 0; if (!*s) break; words[(*n)++] = s; while (*s && *s != ' ') s++; } }
int main(int argc, char **argv) { int a = 1, b = 2, *p = &a, **pp = &p; set(pp, &b); **pp += 40; char line[] = "to be or  not"; char *w[8]; int n;
  split(line, w, &n); for (int i = n - 1; i >= 0; i--) printf("%s/", w[i]); char **q = w; q++; printf("\n%d %d %d %c %d\n", a, b, n, **q, argc > 0 && argv[0] != 0);
  int ***ppp = &pp; printf("%d\n", ***ppp); return b; }
""",
"matrix_det": r"""
long det(long m[][4], int n) { if (n == 1) return m[0][0]; long sub[4][4], d = 0; int sign = 1;
  for (int c = 0; c < n; c++) { for (int i = 1; i < n; i++) { int k = 0; for (int j = 0; j < n; j++) if (j != c) sub[i - 1][k++] = m[i][j]; } d += sign * m[0][c] * det(sub, n - 1); sign = -sign; } return d; }
int main(void) { long m[4][4] = {{2, -3, 1, 5}, {4, 0, -2, 1}, {1, 1, 1, 1}, {3, 2, -1, 0}}; printf("%ld %ld\n", det(m, 4), det(m, 2)); return (int)(det(m, 3) & 127); }
""",
"dyn_array": r"""
typedef struct { int *data; int len, cap; } vec;
void vpush(vec *v, int x) { if (v->len == v->cap) { v->cap = v->cap ? v->cap * 2 : 2; v->data = realloc(v->data, v->cap * sizeof(int)); } v->data[v->len++] = x; }
vec make(void) { vec v = {0, 0, 0}; return v; }
int main(void) { vec v = make(); for (int i = 0; i < 100; i++) vpush(&v, i * 3 % 11); long s = 0; for (int i = 0; i < v.len; i++) s += v.data[i];
  printf("%d %d %ld %d\n", v.len, v.cap, s, v.data[99]); free(v.data); return v.cap & 0xff; }
""",
"stack_queue": r"""
#define N 8
int q[N], head, tail, count;
int enqueue(int x) { if (count == N) return 0; q[tail] = x; tail = (tail + 1) % N; count++; return 1; }
int dequeue(int *x) { if (!count) return 0; *x = q[head]; head = (head + 1) % N; count--; return 1; }
int main(void) { int ok = 0, x, sum = 0; for (int i = 0; i < 12; i++) ok += enqueue(i); for (int i = 0; i < 5; i++) if (dequeue(&x)) sum += x;
  for (int i = 100; i < 103; i++) enqueue(i); while (dequeue(&x)) printf("%d ", x); printf("\n%d %d %d %d\n", ok, sum, head, tail); return sum; }
""",
"globals_static": r"""
static int calls; int seed = 12345;
int rnd(void) { calls++; seed = seed * 1103515245 + 12345; return (unsigned)seed / 65536 % 32768; }
const char *const names[] = {"zero", "one", "two"}; static const int primes[] = {2, 3, 5, 7, 11, 13};
int main(void) { int hist[4] = {0}; for (int i = 0; i < 1000; i++) hist[rnd() % 4]++; printf("%d %d %d %d %d\n", hist[0], hist[1], hist[2], hist[3], calls);
  printf("%s %d %d\n", names[2], primes[5], (int)(sizeof primes / sizeof *primes)); return primes[calls % 6]; }
""",
"loops_nested": r"""
int main(void) { int n = 0; for (int i = 1; i <= 5; i++) { for (int j = 1; j <= i; j++) printf("%d", j); printf("\n"); }
  int i = 0; while (1) { if (i * i > 200) break; i++; } int j = 0; do { j += 3; if (j % 2) continue; n += j; } while (j < 30);
  outer: for (int a = 0; a < 5; a++) for (int b = 0; b < 5; b++) { if (a * b == 6) { printf("%d %d\n", a, b); goto done; } } done:
  printf("%d %d %d\n", i, j, n); return n % 256; }
""",
"number_fmt": r"""
void itoa_base(long v, int base, char *out) { char tmp[70]; int i = 0, neg = v < 0; unsigned long u = neg ? -(unsigned long)v : (unsigned long)v; do { tmp[i++] = "0123456789abcdef"[u % base]; u /= base; } while (u); if (neg) tmp[i++] = '-'; int k = 0; while (i) out[k++] = tmp[--i]; out[k] = 0; }
int atoi_(const char *s) { int sign = 1, v = 0; if (*s == '-') { sign = -1; s++; } while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0'); return sign * v; }
int main(void) { char b[70]; itoa_base(-255, 16, b); printf("%s ", b); itoa_base(1L << 62, 2, b); printf("%d ", (int)strlen(b)); itoa_base(-9223372036854775807L - 1, 10, b); printf("%s %d\n", b, atoi_("-4321") + atoi_("21")); return 0; }
""",
"struct_return_chain": r"""
typedef struct { int x, y; } vec2; typedef struct { long a, b, c; } trip; typedef struct { char tag; short s; } small;
vec2 vadd(vec2 a, vec2 b) { vec2 r = {a.x + b.x, a.y + b.y}; return r; }
vec2 vscale(vec2 a, int k) { a.x *= k; a.y *= k; return a; }
trip tmake(long a) { trip t = {a, a * a, a * a * a}; return t; }
trip tsum(trip p, trip q) { trip r; r.a = p.a + q.a; r.b = p.b + q.b; r.c = p.c + q.c; return r; }
small smk(char t, short s) { small r; r.tag = t; r.s = s; return r; }
int main(void) { vec2 a = {1, 2}, b = {10, 20}; vec2 c = vscale(vadd(a, b), 3); trip t = tsum(tmake(2), tmake(3)); small s = smk('q', -300);
  vec2 arr[2]; arr[1] = vadd(c, c); printf("%d %d %ld %ld %ld %c %d %d %ld\n", c.x, c.y, t.a, t.b, t.c, s.tag, s.s, arr[1].y, tmake(4).c); return vadd(a, a).y; }
""",
"sieve_bits": r"""
unsigned char bits[1 << 10];
#define SET(i) (bits[(i) >> 3] |= 1 << ((i) & 7))
#define GET(i) ((bits[(i) >> 3] >> ((i) & 7)) & 1)
int main(void) { int n = 8000, c = 0; for (int i = 2; i * i < n; i++) if (!GET(i)) for (int j = i * i; j < n; j += i) SET(j); for (int i = 2; i < n; i++) c += !GET(i);
  int last = 0; for (int i = n - 1; i > 1; i--) if (!GET(i)) { last = i; break; } printf("%d %d\n", c, last); return c & 0xff; }
""",
}


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
@pytest.mark.parametrize("name", sorted(STUDENT_PROGRAMS))
def test_student_program_behaves_like_gcc(name, arch, tmp_path):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    ours, ref = build_and_run(arch, STUDENT_PROGRAMS[name], tmp_path,
                              prelude=STUDENT_PRELUDE)
    assert (ours.returncode, ours.stdout) == (ref.returncode, ref.stdout)


# -- the seed example: the very bytes gcc -O0 produces ----------------------------------

def _text_bytes(asm_text, tmp, name):
    s = tmp / f"{name}.s"
    s.write_text(asm_text)
    o = tmp / f"{name}.o"
    subprocess.run(["as", str(s), "-o", str(o)], check=True)
    b = tmp / f"{name}.bin"
    subprocess.run(["objcopy", "-O", "binary", "--only-section=.text", str(o), str(b)],
                   check=True)
    return b.read_bytes()


@pytest.mark.parametrize("name", ["sum.c", "main.c"])
def test_seed_text_bytes_identical_to_gcc(name, tmp_path):
    i = subprocess.run(["gcc", "-E", name], capture_output=True, text=True,
                       check=True, cwd=SEED).stdout
    ours = compile_c(i, name).asm
    gcc_s = subprocess.run(["gcc", "-O0", "-S", "-o", "-", name], capture_output=True,
                           text=True, check=True, cwd=SEED).stdout
    assert _text_bytes(ours, tmp_path, "ours") == _text_bytes(gcc_s, tmp_path, "gcc")


def test_seed_reads_like_gcc():
    i = subprocess.run(["gcc", "-E", "sum.c"], capture_output=True, text=True,
                       check=True, cwd=SEED).stdout
    asm = compile_c(i, "sum.c").asm
    lines = [l.strip() for l in asm.splitlines()]
    for want in ['.file\t"sum.c"', ".globl\tsum", ".type\tsum, @function", "sum:", ".LFB0:",
                 ".cfi_startproc", "pushq\t%rbp", ".cfi_def_cfa_offset 16",
                 ".cfi_offset 6, -16", "movq\t%rsp, %rbp", ".cfi_def_cfa_register 6",
                 "movl\t%edi, -4(%rbp)", ".cfi_def_cfa 7, 8", "ret", ".cfi_endproc", ".LFE0:",
                 ".size\tsum, .-sum", '.ident\t"ccpipeline 0.1"',
                 '.section\t.note.GNU-stack,"",@progbits']:
        assert want in lines
    main = compile_c(subprocess.run(["gcc", "-E", "main.c"], capture_output=True,
                                    text=True, check=True, cwd=SEED).stdout, "main.c").asm
    assert "\tcall\tsum@PLT" in main


def test_seed_aarch64_matches_gcc_text(tmp_path):
    if not have("aarch64"):
        pytest.skip("no aarch64 toolchain")
    for name in ("sum.c", "main.c"):
        i = subprocess.run(["aarch64-linux-gnu-gcc", "-E", name], capture_output=True,
                           text=True, check=True, cwd=SEED).stdout
        ours = compile_c(i, name, target="aarch64").asm
        ref = subprocess.run(["aarch64-linux-gnu-gcc", "-O0", "-S", "-o", "-", name],
                             capture_output=True, text=True, check=True, cwd=SEED).stdout
        strip = lambda s: [l for l in s.splitlines() if ".ident" not in l]
        assert strip(ours) == strip(ref)


def test_hello_strings_and_variadic_call():
    asm = compile_c(PRELUDE + 'int main(void) { printf("hi %d\\n", 1); return 0; }', "h.c").asm
    assert '.section\t.rodata' in asm and '.LC0:\n\t.string\t"hi %d\\n"' in asm
    assert "\tmovl\t$0, %eax\n\tcall\tprintf@PLT" in asm
    a64 = compile_c(PRELUDE + 'int main(void) { puts("x"); return 0; }', "h.c",
                    target="aarch64").asm
    assert "adrp\tx0, .LC0\n\tadd\tx0, x0, :lo12:.LC0\n\tbl\tputs" in a64


def test_debug_line_info_like_gcc_g(tmp_path):
    for name in ("sum.c", "main.c"):
        i = subprocess.run(["gcc", "-E", name], capture_output=True, text=True, check=True,
                           cwd=SEED).stdout
        asm = compile_c(i, name, debug=True, comp_dir="/src").asm
        assert f'.file 0 "/src" "{name}"' in asm and f'.file 1 "{name}"' in asm
        (tmp_path / "x.i").write_text(i)
        ref = subprocess.run(["gcc", "-g", "-O0", "-S", "-o", "-", "x.i"], capture_output=True,
                             text=True, check=True, cwd=tmp_path).stdout
        loc = lambda s: [l.strip() for l in s.splitlines() if l.strip().startswith(".loc")]
        assert loc(asm) == loc(ref)          # where gcc -g puts them, e.g. .loc 1 14 14
        (tmp_path / "d.s").write_text(asm)
        subprocess.run(["as", str(tmp_path / "d.s"), "-o", str(tmp_path / "d.o")], check=True)
        assert ".loc" not in compile_c(i, name).asm


# -- diagnostics ---------------------------------------------------------------------------

ERRORS = [
    ("int f(int x) { switch (x) { case 1 ... 5: case 4 ... 9: return 1; } return 0; }\n",
     "t.c:1:43: error: duplicate (or overlapping) case value"),
    ("struct s { int a:3; }; int g(struct s *p) { return &p->a != 0; }\n",
     "t.c:1:52: error: cannot take address of bit-field 'a'"),
    ("struct s { int a:3; }; int g(struct s *p) { return sizeof p->a; }\n",
     "t.c:1:59: error: 'sizeof' applied to a bit-field"),
    ("int main(void) {\n  return y;\n}\n",
     "t.c:2:10: error: 'y' undeclared (first use in this function)"),
    ("int main(void) {\n  int x = 3;\n  x = x + 1\n}\n", "t.c:3:12: error: expected ';' before '}' token"),
    ("int main(void) {\n  return (1 + 2;\n}\n", "t.c:2:16: error: expected ')' before ';' token"),
    ("int f(void) { 3 = 4; return 0; }\n", "t.c:1:17: error: lvalue required as left operand of assignment"),
    ("int f(void) { break; return 0; }\n", "t.c:1:15: error: break statement not within loop or switch"),
    ("int f(void) { continue; }\n", "t.c:1:15: error: continue statement not within a loop"),
    ("int sum(int a, int b);\nint main(void) { return sum(1); }\n",
     "t.c:2:25: error: too few arguments to function 'sum'"),
    ("int sum(int a, int b);\nint main(void) { return sum(1, 2, 3); }\n",
     "t.c:2:25: error: too many arguments to function 'sum'"),
    ("int f(int a);\nlong f(int a) { return a; }\n",
     "t.c:2:6: error: conflicting types for 'f'; have 'long int(int)'"),
    ("int f(void) { int a; int a; return 0; }\n", "error: redeclaration of 'a' with no linkage"),
    ("int f(void) { struct s *p; return p->x; }\n", "error: invalid use of undefined type 'struct s'"),
    ("int f(double d) { int *p = d; return 0; }\n",
     "t.c:1:28: error: incompatible types when initializing type 'int *' using type 'double'"),
    ("int f(double d) { return d % 2; }\n",
     "t.c:1:28: error: invalid operands to binary % (have 'double' and 'int')"),
    ("int g(double d) { return ~d; }\n", "t.c:1:26: error: wrong type argument to bit-complement"),
    ("int h(double d) { return (long)(char *)d; }\n", "error: cannot convert to a pointer type"),
    ("int k(char *p) { return (double)p; }\n",
     "error: pointer value used where a floating-point was expected"),
    ("int f(int x) { switch (x) { case 1: case 1: return 0; } return 1; }\n",
     "error: duplicate case value"),
    ("int f(void) { goto nowhere; }\n", "error: label 'nowhere' used but not defined"),
    ("int main(void) {\n  return 1", "t.c:2:11: error: expected ';' at end of input"),
    ("struct p { int x; };\nint f(struct p *q) { return q->y; }\n",
     "error: 'struct p' has no member named 'y'"),
    ("int f(int n) {\n  static int s[n];\n  return 0; }\n",
     "t.c:2:14: error: storage size of 's' isn't constant"),
    ("int f(int n) {\n  extern int e[n];\n  return 0; }\n",
     "t.c:2:14: error: object with variably modified type must have no linkage"),
    ("int f(int n) {\n  int b[n] = {0};\n  return 0; }\n",
     "t.c:2:3: error: variable-sized object may not be initialized"),
    ("int n = 3;\nint k[n];\n", "t.c:2:5: error: variably modified 'k' at file scope"),
    ("int f(int m) {\n  goto l;\n  int a[m];\nl:\n  return 0;\n}\n",
     "t.c:2:3: error: jump into scope of identifier with variably modified type\n"),
    ("int f(int m) {\n  goto l;\n  int a[m];\nl:\n  return 0;\n}\n",
     "t.c:4:1: note: label 'l' defined here"),
    ("int f(int m) {\n  goto l;\n  int a[m];\nl:\n  return 0;\n}\n",
     "t.c:3:7: note: 'a' declared here"),
    ("int g(int m) {\n  switch (m) {\n  case 0: ;\n    int a[m];\n  case 1:\n"
     "    return a[0];\n  }\n  return 1;\n}\n",
     "t.c:5:3: error: switch jumps into scope of identifier with variably modified type"),
    ("int g(int m) {\n  switch (m) {\n  case 0: ;\n    int a[m];\n  default:\n"
     "    return a[0];\n  }\n  return 1;\n}\n", "t.c:2:3: note: switch starts here"),
    ("int f(int n) { int a[*]; return 0; }\n",
     "t.c:1:21: error: '[*]' not allowed in other than function prototype scope"),
    ("int x; long x;\n", "t.c:1:13: error: conflicting types for 'x'; have 'long int'"),
    ("struct s { int a; };\nint f(struct s v) { int *p; p = v; return 0; }\n",
     "t.c:2:33: error: incompatible types when assigning to type 'int *' from type 'struct s'"),
    ("struct s { int a; };\nint f(struct s v) { return v; }\n",
     "t.c:2:28: error: incompatible types when returning type 'struct s' but 'int' was expected"),
    ("struct s { int a; };\nint g(int);\nint f(struct s v) { return g(v); }\n",
     "t.c:3:30: error: incompatible type for argument 1 of 'g'"),
    ("int f(int *a, int *b) { return a * b; }\n",
     "t.c:1:34: error: invalid operands to binary * (have 'int *' and 'int *')"),
    ("int g(void);\nint x = g();\n", "t.c:2:9: error: initializer element is not constant"),
    ("int f(void) { const int c = 1; c = 2; return c; }\n",
     "t.c:1:34: error: assignment of read-only variable 'c'"),
    ('_Static_assert(sizeof(int) == 8, "int is 8");\n',
     't.c:1:1: error: static assertion failed: "int is 8"'),
    ("int f(int n) { return _Generic(n, long: 1, char: 2); }\n",
     "t.c:1:32: error: '_Generic' selector of type 'int' is not compatible with any association"),
    ("int f(int x) { int r; asm(\"\" : \"r\"(r)); return r; }\n",
     "error: output operand constraint lacks '='"),
]


@pytest.mark.parametrize("src,expected", ERRORS)
def test_errors_are_gcc_style(src, expected):
    with pytest.raises(ToolError) as info:
        compile_c(src, "t.c")
    assert expected in info.value.render()


def test_error_shows_source_line_and_caret():
    with pytest.raises(ToolError) as info:
        compile_c('# 1 "m.c"\nint main(void) {\n  return y;\n}\n', "m.i")
    text = info.value.render()
    assert text.splitlines()[:4] == ["m.c: In function 'main':",
                                     "m.c:2:10: error: 'y' undeclared (first use in this function)",
                                     "    2 |   return y;", "      |          ^"]
    assert "note: each undeclared identifier is reported only once" in text


def test_several_errors_reported_in_one_run():
    with pytest.raises(ToolError) as info:
        compile_c("int f(void) { 3 = 4; break; return zz; }\n", "t.c")
    errors = [d for d in info.value.diagnostics if d.is_error]
    assert len(errors) == 3


def test_implicit_declaration_is_a_warning():
    r = compile_c("int main(void) { return foo(1); }\n", "t.c")
    assert [d.render().splitlines()[0] for d in r.diagnostics] == [
        "t.c:1:25: warning: implicit declaration of function 'foo' "
        "[-Wimplicit-function-declaration]"]
    assert "movl\t$0, %eax\n\tcall\tfoo@PLT" in r.asm


def test_no_traceback_on_garbage():
    for src in ["int main( {", "}}}", "int x = ;", "@", "int f() { return 1 +; }",
                "struct { int a; } x = {1, 2, 3, 4};" * 1, "int a[-1];", "typedef int t; t t;"]:
        try:
            compile_c(src, "g.c")
        except ToolError as e:
            assert e.diagnostics and e.diagnostics[0].render()


def test_char_signedness_per_target():
    src = "char c = -1; int f(char x) { return x; }\n"
    assert "movsbl" in compile_c(src, "t.c").asm
    assert "strb" in compile_c(src, "t.c", target="aarch64").asm
    assert "ldrsb" not in compile_c(src, "t.c", target="aarch64").asm


# -- -masm=intel ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["varcallee", "structs", "calls_in_args", "unsigned", "fp_arith",
                                  "fp_conversions", "fp_varargs", "fp_structs"])
def test_intel_syntax_gives_the_same_bytes(name, tmp_path):
    src = PRELUDE + PROGRAMS[name]
    i = preprocess("x86_64", src, tmp_path)
    out = []
    for masm in ("att", "intel"):
        out.append(_text_bytes(compile_c(i, "t.c", masm=masm).asm, tmp_path, masm))
    assert out[0] == out[1]


def test_intel_syntax_reads_like_gcc():
    asm = compile_c("int sum(int a, int b) { return a + b; }", "t.c", masm="intel").asm
    assert "\t.intel_syntax noprefix" in asm
    assert "\tmov\tDWORD PTR -4[rbp], edi" in asm and "\tadd\teax, edx" in asm
    with pytest.raises(ToolError):
        compile_c("int x;", "t.c", masm="intel", target="aarch64")


# -- structures by value across the ABI boundary -------------------------------------------
# One file defines functions taking and returning structures, the other calls them; each
# is compiled by us or by gcc and the four combinations must print the same. Shapes cover
# every way the ABIs split an aggregate: 1..16 bytes in one or two registers (with a
# partial last eightbyte), MEMORY class / x8 results, by-reference copies, stack spill.

ABI_SHAPES = {
    "c1": ["char a"], "c3": ["char a[3]"], "sc": ["short a", "char b"], "ii": ["int a", "int b"],
    "iii": ["int a", "int b", "int c"], "ll": ["long a", "long b"], "lc": ["long a", "char b"],
    "c9": ["char a[9]"], "l3": ["long a[3]"], "i5": ["int a[5]"], "nest": ["struct ii a", "short b"],
    "u": ["int a", "char b[6]"],
}


def _abi_leaves(k):
    """(C access path, type) of every scalar in shape k."""
    out = []
    for decl in ABI_SHAPES[k]:
        t, n = decl.rsplit(" ", 1)
        if t.startswith("struct "):
            out += [(f"{n}.{sub}", st) for sub, st in _abi_leaves(t.split()[1])]
        elif "[" in n:
            name, count = n[:-1].split("[")
            out += [(f"{name}[{i}]", t) for i in range(int(count))]
        else:
            out.append((n, t))
    return out if k != "u" else out[1:]       # a union: write only the char view


def _abi_sources():
    tname = lambda k: ("union " if k == "u" else "struct ") + k
    decls = "\n".join(f"{tname(k)} {{ {'; '.join(ms)}; }};" for k, ms in ABI_SHAPES.items())
    callee, caller, body = [decls], [decls, "int printf(const char *, ...);"], []
    for k in ABI_SHAPES:
        T, lv = tname(k), _abi_leaves(k)
        sets = " ".join(f"r.{n} = ({t})(seed * {i + 3} + {i});" for i, (n, t) in enumerate(lv))
        ck = " + ".join(f"(long)s.{n} * {i + 1}" for i, (n, _) in enumerate(lv))
        callee += [
            f"{T} make_{k}(int seed) {{ {T} r; {sets} return r; }}",
            f"long ck_{k}({T} s) {{ return {ck}; }}",
            f"long many_{k}(int a, int b, int c, int d, int e, {T} x, {T} y, {T} z) {{ return "
            f"a + b * 2 + c * 3 + d * 4 + e * 5 + ck_{k}(x) * 7 + ck_{k}(y) * 11 + ck_{k}(z) * 13; }}",
            f"{T} pass_{k}({T} s, int add) {{ s.{lv[0][0]} += add; return s; }}"]
        caller.append(f"{T} make_{k}(int); long ck_{k}({T}); long many_{k}(int, int, int, int, "
                      f"int, {T}, {T}, {T}); {T} pass_{k}({T}, int);")
        body.append(f'  {{ {T} a = make_{k}(5), b = make_{k}(-7); printf("{k} %ld %ld %ld %ld '
                    f'%ld\\n", ck_{k}(a), ck_{k}(make_{k}(9)), many_{k}(1, 2, 3, 4, 5, a, b, '
                    f'make_{k}(2)), ck_{k}(pass_{k}(pass_{k}(b, 3), 4)), '
                    f'ck_{k}(pass_{k}(make_{k}(1), 1))); }}')
    caller.append("int main(void) {\n" + "\n".join(body) + "\n  return 0;\n}")
    return "\n".join(callee) + "\n", "\n".join(caller) + "\n"


def _cross_compiled_runs(arch, tmp_path, sources, pairs):
    """Compile (callee, caller) sources with gcc and with ours (assembled by gcc), link each
    (callee compiler, caller compiler) pair in `pairs`, run it: {pair: CompletedProcess}."""
    t = TOOLS[arch]
    objs = {}
    for name, text in zip(("callee", "caller"), sources):
        (tmp_path / f"{name}.c").write_text(text)
        (tmp_path / f"{name}.s").write_text(compile_c(text, f"{name}.c", target=arch).asm)
        for who, src in (("gcc", f"{name}.c"), ("ours", f"{name}.s")):
            objs[name, who] = tmp_path / f"{name}_{who}.o"
            subprocess.run([t["cc"], "-c", "-O0", "-w", str(tmp_path / src), "-o",
                            str(objs[name, who])], check=True)
    runs = {}
    for callee, caller in pairs:
        exe = tmp_path / f"x_{callee}_{caller}"
        subprocess.run([t["cc"], *t["link"], str(objs["callee", callee]),
                        str(objs["caller", caller]), "-o", str(exe)], check=True)
        runs[callee, caller] = subprocess.run(t["run"] + [str(exe)], capture_output=True,
                                              timeout=20)
    return runs


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_structs_by_value_interoperate_with_gcc(arch, tmp_path):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    pairs = [(callee, caller) for callee in ("gcc", "ours") for caller in ("gcc", "ours")]
    runs = _cross_compiled_runs(arch, tmp_path, _abi_sources(), pairs)
    ref = runs["gcc", "gcc"]
    assert ref.returncode == 0 and ref.stdout.count(b"\n") == len(ABI_SHAPES)
    for key, run in runs.items():
        assert (key, run.returncode, run.stdout) == (key, 0, ref.stdout)



# -- floating point across the ABI boundary: a calling matrix -------------------------------
# Random signatures (fixed seed) mixing integers, float, double and structures that the
# ABIs split every way: SSE and mixed eightbytes, HFAs of 1-4 members, MEMORY / by-reference
# aggregates, more than 8 vector arguments (the stack), variadic callees reading with va_arg.
# The callee prints what it received (%a: exact), the caller prints what came back.

FP_STRUCTS = {
    "dd": "double a, b", "f3": "float a, b, c", "df": "double a; float b", "if_": "int a; float b",
    "dl": "double a; long b", "ld": "long a; double b", "d4": "double a, b, c, d", "f1": "float a",
    "dbig": "double a; int b; double c", "ff": "float a, b",
}
_FP_SCALARS = ["int", "long", "char", "unsigned", "float", "double"]


def _fp_value(t, rng):
    if t in ("float", "double"):
        return repr(rng.choice([0.5, -1.25, 3.0, 1e10, -0.1, 2.5e-3, 7.75]) * rng.randint(1, 9))
    return str(rng.randint(-100, 100) if t != "unsigned" else rng.randint(0, 4000000000)) + (
        "u" if t == "unsigned" else "")


def _fp_print(expr, t):
    """printf arguments and formats for a value of type t (structures member by member)."""
    if t.startswith("struct "):
        fmts, args = [], []
        for decl in FP_STRUCTS[t.split()[1]].split(";"):
            mt, names = decl.split()[0], decl.split(None, 1)[1]
            for n in names.split(","):
                f, a = _fp_print(f"{expr}.{n.strip()}", mt)
                fmts += f
                args += a
        return fmts, args
    if t in ("float", "double"):
        return ["%a"], [f"(double){expr}"]
    return ["%ld"], [f"(long){expr}"]


def _fp_init(t, rng):
    if not t.startswith("struct "):
        return _fp_value(t, rng)
    vals = []
    for decl in FP_STRUCTS[t.split()[1]].split(";"):
        mt, names = decl.split()[0], decl.split(None, 1)[1]
        vals += [_fp_value(mt, rng) for _ in names.split(",")]
    return f"({t}){{{', '.join(vals)}}}"


def matrix_function(k, ret, params, variadic, show, init, rng):
    """One function of a calling matrix: (callee source, prototype, call expression,
    caller lines). The callee prints what it received (`show(expr, type)` gives printf
    formats and arguments), a variadic one after reading it with va_arg; the caller
    prints what came back. `init(type, rng)` makes argument and result values."""
    names = [f"p{i}" for i in range(len(params))]
    fixed = 1 if variadic else len(params)
    plist = ", ".join(f"{t} {n}" for t, n in zip(params[:fixed], names[:fixed]))
    proto = f"{ret} fn{k}({plist}{', ...' if variadic else ''})"
    lines = [proto + " {"]
    if variadic:
        lines.append("  __builtin_va_list ap; __builtin_va_start(ap, p0);")
        lines += [f"  {t} {n} = __builtin_va_arg(ap, {t});"
                  for t, n in zip(params[1:], names[1:])]
        lines.append("  __builtin_va_end(ap);")
    fmts, args = [], []
    for t, n in zip(params, names):
        f, a = show(n, t)
        fmts += f
        args += a
    lines.append(f'  printf("fn{k}: {" ".join(fmts)}\\n", {", ".join(args)});')
    if ret != "void":
        lines.append(f"  return {init(ret, rng)};")
    lines.append("}")
    call = f"fn{k}({', '.join(init(t, rng) for t in params)})"
    if ret == "void":
        body = [f"  {call};"]
    else:
        f, a = show("r", ret)
        body = [f'  {{ {ret} r = {call}; printf("ret{k}: {" ".join(f)}\\n", '
                f'{", ".join(a)}); }}']
    return "\n".join(lines), proto, call, body


def _fp_matrix_sources(n=40, seed=7):
    rng = random.Random(seed)
    decls = "".join(f"struct {k} {{ {m}; }};\n" for k, m in FP_STRUCTS.items())
    types = _FP_SCALARS * 2 + [f"struct {k}" for k in FP_STRUCTS]
    callee = [decls + "int printf(const char *, ...);\n"]
    caller = [decls + "int printf(const char *, ...);\n"]
    body = []
    for k in range(n):
        variadic = k % 5 == 4
        pool = ["int", "long", "double"] if variadic else types
        params = [rng.choice(pool) for _ in range(rng.randint(1, 13))]
        ret = rng.choice(types + ["void"]) if not variadic else "double"
        if variadic:
            params[0] = "int"
        source, proto, _, lines = matrix_function(k, ret, params, variadic, _fp_print,
                                                  _fp_init, rng)
        callee.append(source)
        caller.append(proto + ";")
        body += lines
    caller.append("int main(void) {\n" + "\n".join(body) + "\n  return 0;\n}")
    return "\n".join(callee) + "\n", "\n".join(caller) + "\n"


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_floating_point_calls_interoperate_with_gcc(arch, tmp_path):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    runs = _cross_compiled_runs(arch, tmp_path, _fp_matrix_sources(),
                                [("gcc", "gcc"), ("ours", "gcc"), ("gcc", "ours")])
    ref = runs["gcc", "gcc"]
    assert ref.returncode == 0 and ref.stdout.count(b"fn") >= 40
    for key, run in runs.items():
        assert (key, run.returncode, run.stdout.decode()) == (key, 0, ref.stdout.decode())

def test_struct_return_shapes_like_gcc():
    """Small results come back in registers, big ones through the hidden pointer."""
    src = ("struct s { long a, b; }; struct b { long a, b, c; };\n"
           "struct s f(void) { struct s r = {1, 2}; return r; }\n"
           "struct b g(void) { struct b r = {1, 2, 3}; return r; }\n"
           "long h(void) { return f().b + g().c; }\n")
    x86 = compile_c(src, "t.c").asm
    assert "\tmovq\t%rdi, " in x86                      # g keeps its hidden pointer
    assert "\tleaq\t-" in x86 and "%rdi\n\tcall\tg" in x86
    a64 = compile_c(src, "t.c", target="aarch64").asm
    assert "\tstr\tx8, " in a64 and "x8, sp, " in a64


# -- internal errors -----------------------------------------------------------------------

def test_internal_error_is_reported_like_gcc(monkeypatch):
    from toolchain.compiler.codegen import x86_64

    def broken(self, e):
        raise AssertionError("unexpected operand")
    monkeypatch.setattr(x86_64.X86_64CodeGen, "gen_Binary", broken)
    with pytest.raises(ToolError) as info:
        compile_c("int f(int a) {\n  int b = 1;\n  return a * b;\n}\n", "t.c")
    lines = info.value.render().splitlines()
    assert lines[0] == "t.c: In function 'f':"
    assert lines[1].startswith("t.c:3:3: internal compiler error: unexpected operand "
                               "[AssertionError in broken, at ")
    assert lines[2:] == ["    3 |   return a * b;", "      |   ^"]


def test_internal_error_in_the_frontend_has_a_position(monkeypatch):
    from toolchain.compiler import frontend
    monkeypatch.setattr(frontend.Frontend, "stmt_While", lambda self, node: {}["oops"])
    with pytest.raises(ToolError) as info:
        compile_c("int x;\nint g(void) {\n  while (x) x--;\n  return 0;\n}\n", "w.c")
    assert "w.c:3:3: internal compiler error: 'oops' [KeyError in <lambda>" in \
        info.value.render()


# -- the libc, built by our compiler ------------------------------------------------------

LIBC_SOURCES = sorted((LIBC / "src").rglob("*.c"))


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_every_libc_source_compiles(arch):
    """What production does: our cpp, then our cc1 with -g, for every file of the libc."""
    assert len(LIBC_SOURCES) > 40
    failures = []
    for src in LIBC_SOURCES:
        text = preprocessor.preprocess(str(src), target=arch).text
        try:
            asm = compile_c(text, str(src), target=arch, debug=True).asm
        except ToolError as e:
            failures.append(e.render())
            continue
        assert ".file 0 " in asm and (".loc " in asm or "@function" not in asm)
    assert failures == []


@pytest.fixture(scope="module")
def our_libc(tmp_path_factory):
    """arch -> (crt1.o, libc.a): every C file compiled by us, assembled by GNU as."""
    built = {}

    def get(arch):
        if arch not in built:
            t = TOOLS[arch]
            d = tmp_path_factory.mktemp(f"libc_{arch}")
            objs = []
            for src in LIBC_SOURCES:
                s = d / (str(src.relative_to(LIBC)).replace("/", "_")[:-2] + ".s")
                s.write_text(compile_c(preprocessor.preprocess(str(src), target=arch).text,
                                       str(src), target=arch).asm)
                objs.append(s.with_suffix(".o"))
                subprocess.run([t["as"], str(s), "-o", str(objs[-1])], check=True)
            crt1 = None
            for s in sorted((LIBC / "arch" / arch).glob("*.s")):
                o = d / f"{s.stem}.o"
                subprocess.run([t["as"], str(s), "-o", str(o)], check=True)
                if s.stem == "crt1":
                    crt1 = o
                else:
                    objs.append(o)
            subprocess.run(["ar", "rcs", str(d / "libc.a"), *map(str, objs)], check=True)
            built[arch] = (crt1, d / "libc.a")
        return built[arch]
    return get


def run_on_both_libcs(arch, src, tmp, our_libc, include_headers=True):
    """Build src with our compiler on our libc, and with gcc on glibc; run both."""
    t = TOOLS[arch]
    crt1, libc_a = our_libc(arch)
    c = tmp / "p.c"
    c.write_text(src)
    if include_headers:
        text = preprocessor.preprocess(str(c), target=arch).text
    else:
        text = src
    (tmp / "p.s").write_text(compile_c(text, "p.c", target=arch).asm)
    subprocess.run([t["as"], str(tmp / "p.s"), "-o", str(tmp / "p.o")], check=True)
    subprocess.run([t["cc"], "-nostdlib", "-static", "-o", str(tmp / "ours"), str(crt1),
                    str(tmp / "p.o"), str(libc_a)], check=True)
    subprocess.run([t["cc"], "-w", "-O0", "-static", "-o", str(tmp / "ref"), str(c)], check=True)
    ours = subprocess.run(t["run"] + [str(tmp / "ours")], capture_output=True, timeout=60)
    ref = subprocess.run(t["run"] + [str(tmp / "ref")], capture_output=True, timeout=60)
    return ours, ref


_INT_TYPES = {    # length modifier -> (signed type, unsigned type, bits)
    "hh": ("int", "unsigned", 32), "h": ("int", "unsigned", 32), "": ("int", "unsigned", 32),
    "l": ("long", "unsigned long", 64), "ll": ("long long", "unsigned long long", 64),
    "j": ("intmax_t", "uintmax_t", 64), "z": ("ptrdiff_t", "size_t", 64),
    "t": ("ptrdiff_t", "size_t", 64),
}


def printf_cases(n, seed):
    """n (format, C argument list) pairs: integer conversions with every flag, width,
    precision and length modifier C defines for them, on edge and random values."""
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        conv = rng.choice("diuoxXc")
        length = "" if conv == "c" else rng.choice(list(_INT_TYPES))
        signed_t, unsigned_t, bits = _INT_TYPES[length]
        signed = conv in "di"
        flags = "".join(f for f in "-0" if rng.random() < 0.25)
        if signed:
            flags += "".join(f for f in "+ " if rng.random() < 0.25)
        elif conv in "oxX" and rng.random() < 0.3:
            flags += "#"
        args = []
        width = rng.choice(["", "", str(rng.randint(0, 24)), "*"])
        if width == "*":
            args.append(str(rng.randint(-12, 12)))
        prec = "" if conv == "c" else rng.choice(["", "", ".", "." + str(rng.randint(0, 22)), ".*"])
        if prec == ".*":
            args.append(str(rng.randint(-3, 20)))
        if conv == "c":
            args.append(str(rng.randint(32, 126)))
        else:
            lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
            v = rng.choice([0, 1, lo, hi, -1 if signed else hi - 1, rng.randint(lo, hi),
                            rng.randint(-300, 300) if signed else rng.randint(0, 300)])
            # The minimum of a signed type is not a literal in C: write it as an expression.
            lit = f"({v + 1}LL - 1)" if v < 0 else f"{v}ULL"
            args.append(f"({signed_t if signed else unsigned_t}){lit}")
        cases.append((f"%{flags}{width}{prec}{length}{conv}", args))
    return cases


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_our_libc_printf_matches_glibc(arch, tmp_path, our_libc):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    cases = printf_cases(320, seed=2026)
    lines = []
    for fmt, args in cases:
        a = ", ".join(args)
        lines.append(f'  printf("[{fmt}]\\n", {a});')
        lines.append(f'  n = snprintf(buf, 7, "{fmt}", {a}); printf("%d <%s>\\n", n, buf);')
    src = ("#include <stdio.h>\n#include <stdint.h>\n#include <stddef.h>\n"
           "int main(void) {\n  char buf[8];\n  int n;\n" + "\n".join(lines) +
           "\n  return 0;\n}\n")
    ours, ref = run_on_both_libcs(arch, src, tmp_path, our_libc)
    assert ref.stdout.count(b"\n") == 2 * len(cases)
    for (fmt, args), a, b in zip([c for c in cases for _ in (0, 1)],
                                 ours.stdout.split(b"\n"), ref.stdout.split(b"\n")):
        assert (fmt, args, a) == (fmt, args, b)
    assert (ours.returncode, ours.stdout) == (ref.returncode, ref.stdout)


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_student_programs_on_our_libc(arch, tmp_path, our_libc):
    """The whole corpus, compiled by us, on a libc compiled by us: as on glibc."""
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    differ = []
    for name in sorted(STUDENT_PROGRAMS):
        d = tmp_path / name
        d.mkdir()
        src = STUDENT_PRELUDE + STUDENT_PROGRAMS[name]
        if "#" in src:
            src = preprocess(arch, src, d)
        ours, ref = run_on_both_libcs(arch, src, d, our_libc, include_headers=False)
        if (ours.returncode, ours.stdout) != (ref.returncode, ref.stdout):
            differ.append((name, ours.returncode, ours.stdout[:200], ref.returncode,
                           ref.stdout[:200]))
    assert differ == []


def test_intel_syntax_struct_abi_gives_the_same_bytes(tmp_path):
    """The partial-eightbyte loads and hidden pointers translate to Intel syntax too."""
    for i, text in enumerate(_abi_sources()):
        att, intel = (_text_bytes(compile_c(text, "t.c", masm=m).asm, tmp_path, f"{m}{i}")
                      for m in ("att", "intel"))
        assert att == intel


def test_dense_switch_is_a_jump_table_like_gcc():
    src = "int f(int x) { switch (x) { case 3: return 1; case 4: return 2; case 5: return 3; " \
          "case 6: return 4; case 8: return 5; } return 0; }\n"
    x86 = compile_c(src, "t.c", target="x86_64").asm
    assert "subl\t$3, %eax\n\tcmpl\t$5, %eax\n\tja\t" in x86
    assert "\tmovl\t(%rdx,%rax), %eax\n\tcltq\n" in x86 and "\tjmp\t*%rax\n" in x86
    assert "\t.section\t.rodata\n\t.align 4\n\t.align 4\n.L" in x86 and "\t.long\t.L" in x86
    a64 = compile_c(src, "t.c", target="aarch64").asm
    assert "br\tx0" not in a64                 # GCC's AArch64 threshold is 11 cases
    big = "int f(int x) { switch (x) { " + "".join(f"case {v}: return {v * 7};" for v in
                                                    range(1, 13)) + " } return 0; }\n"
    a64 = compile_c(big, "t.c", target="aarch64").asm
    assert "cmp\tw0, 12\n\tbhi\t" in a64                        # the table starts at 0
    assert "ldr\tw0, [x1,w0,uxtw #2]\n\tadr\tx1, .Lrtx" in a64 and "\tbr\tx0\n" in a64
    assert "\t.word\t(.L" in a64


def test_const_data_and_merged_strings_like_gcc():
    src = ('const int ci = 5; const int cz; const char *const names[] = {"a", "b"};\n'
           'const char *p = "a"; int f(void) { return *"a" + *"b"; }\n')
    asm = compile_c(src, "t.c", target="x86_64").asm
    assert "\t.section\t.rodata\n\t.align 4\n\t.type\tci, @object" in asm
    assert "cz:\n\t.zero\t4" in asm
    assert '\t.section\t.data.rel.ro.local,"aw"' in asm
    assert asm.count('.string\t"a"') == 1 and asm.count('.string\t"b"') == 1


def test_inline_asm_is_marked_like_gcc():
    asm = compile_c("int f(int a) { int r; asm(\"leal 1(%q1), %0\" : \"=r\"(r) : \"r\"(a)); "
                    "return r; }\n", "t.c", target="x86_64").asm
    assert "#APP\n# 1 \"t.c\" 1\n\tleal 1(%rdx), %eax\n# 0 \"\" 2\n#NO_APP" in asm


@pytest.mark.parametrize("flags,expected", [
    ({}, ["t.c:3:10: warning: implicit declaration of function 'foo' "
          "[-Wimplicit-function-declaration]"]),
    ({"wall": True}, ["t.c:3:10: warning: implicit declaration of function 'foo' "
                      "[-Wimplicit-function-declaration]",
                      "t.c:2:7: warning: unused variable 'unused' [-Wunused-variable]"]),
    ({"wall": True, "werror": True},
     ["t.c:3:10: error: implicit declaration of function 'foo' "
      "[-Werror=implicit-function-declaration]",
      "t.c:2:7: error: unused variable 'unused' [-Werror=unused-variable]",
      "cc1: all warnings being treated as errors"]),
    ({"pedantic": "warn"}, ["t.c:3:10: warning: implicit declaration of function 'foo' "
                            "[-Wimplicit-function-declaration]",
                            "t.c:3:18: warning: ISO C forbids omitting the middle term of a "
                            "'?:' expression [-Wpedantic]"]),
    ({"pedantic": "error"}, ["t.c:3:10: error: implicit declaration of function 'foo' "
                             "[-Wimplicit-function-declaration]",
                             "t.c:3:18: error: ISO C forbids omitting the middle term of a "
                             "'?:' expression [-Wpedantic]"]),
    ({"warnings": False, "wall": True}, []),
])
def test_warning_flags_mean_what_gcc_means(flags, expected):
    src = "int main(void) {\n  int unused = 3;\n  return foo(1) ?: 1;\n}\n"
    try:
        diags = compile_c(src, "t.c", **flags).diagnostics
    except ToolError as e:
        diags = e.diagnostics
    assert [d.render().splitlines()[0] for d in diags] == expected


def test_float_literal_that_rounds_to_flt_max_is_not_infinity():
    # found by csmith: the literal of <float.h>'s FLT_MAX crashed the compiler
    from toolchain.compiler.literals import _nearest_single
    from decimal import Decimal
    assert _nearest_single(Decimal("3.40282346638528859812e+38")) == 3.4028234663852886e38
    assert _nearest_single(Decimal("3.4028236e38")) == float("inf")


# -- #pragma pack (found by csmith: it was ignored, a silent miscompile) -----------------
PRAGMA_PACK = r"""
#define offsetof(t, m) __builtin_offsetof(t, m)
#define SHOW(T, m) printf("%d %d %d\n", (int)sizeof(T), (int)_Alignof(T), (int)offsetof(T, m))
#pragma pack(push)
#pragma pack(1)
struct A { char c; int i; };
struct B { char c; int b:31; char d; };
struct C { char c; int x __attribute__((aligned(8))); };
#pragma pack(2)
struct D { char c; int i; double d; int b:7; int e:20; };
struct E { char c; int :0; char d; };
#pragma pack(pop)
struct F { char c; int i; };
#pragma pack(push, 4)
struct G { char c; double d; long long q; };
#pragma pack(push, inner, 1)
struct H { char c; short s; };
#pragma pack(pop, inner)
struct I { char c; double d; };
#pragma pack()
struct J { char c; double d; };
#pragma pack(8)
struct K { int a:20; int b:20; char x; };
#pragma pack(4)
struct L { long a:40; long b:40; char x; };
_Pragma("pack(1)")
struct N { char c; long :0; char d; };
#pragma pack()
struct P { char c;
#pragma pack(1)
  int i; char d;
#pragma pack(2)
  int e; };
#pragma pack()
#pragma weird thing
struct A ga[3] = {{1, 0x11223344}, {2, 5}, {3, -6}};
int main(void) {
  SHOW(struct A, i); SHOW(struct B, d); SHOW(struct C, x); SHOW(struct D, d);
  SHOW(struct E, d); SHOW(struct F, i); SHOW(struct G, q); SHOW(struct H, s);
  SHOW(struct I, d); SHOW(struct J, d); SHOW(struct K, x); SHOW(struct L, x);
  SHOW(struct N, d); SHOW(struct P, e);
#pragma pack(push, 1)
  struct Q { char c; long l; } q = {1, 1L << 40};
#pragma pack(pop)
  struct R { char c; long l; } r = {2, 3};
  printf("%d %d %ld %ld\n", (int)sizeof q, (int)sizeof r, q.l, r.l);
  struct D d = {1, 2, 3.5, -3, 12345}; d.e += 1; d.i *= 7;
  struct K k = {1, 2, 3}; k.b += 1000; struct L l = {5, 1L << 38, 9}; l.b++;
  int *pi = &ga[1].i; ga[2].i += *pi;
  printf("%d %d %g %d %d %ld %ld %d %d\n", d.b, d.e, d.d, k.a, k.b, l.a, l.b, ga[2].i,
         ga[0].i);
  return (int)sizeof(struct A) + ga[1].c;
}
"""


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_pragma_pack_lays_out_like_gcc(arch, tmp_path):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    ours, ref = build_and_run(arch, PRAGMA_PACK, tmp_path)
    assert (ours.returncode, ours.stdout) == (ref.returncode, ref.stdout)


def test_pragma_warnings_like_gcc():
    src = ("#pragma weird thing\n#pragma pack(3)\n#pragma pack(pop)\n#pragma pack(push,\n"
           "#pragma pack 4\n#pragma GCC diagnostic ignored \"-Wall\"\n"
           "#pragma STDC FP_CONTRACT ON\nstruct s { char c; int i; };\n")
    def first_lines(**flags):
        return [d.render().splitlines()[0]
                for d in compile_c(src, "t.c", **flags).diagnostics]
    pack = ["t.c:2:9: warning: alignment must be a small power of two, not 3 [-Wpragmas]",
            "t.c:3:9: warning: '#pragma pack (pop)' encountered without matching "
            "'#pragma pack (push)' [-Wpragmas]",
            "t.c:4:9: warning: malformed '#pragma pack(push[, id][, <n>])' - ignored "
            "[-Wpragmas]",
            "t.c:5:9: warning: missing '(' after '#pragma pack' - ignored [-Wpragmas]"]
    assert first_lines() == pack
    assert first_lines(wall=True) == (
        ["t.c:1: warning: ignoring '#pragma weird thing' [-Wunknown-pragmas]"] + pack +
        ["t.c:7: warning: ignoring '#pragma STDC FP_CONTRACT' [-Wunknown-pragmas]"])
    assert first_lines(warnings=False) == []


# -- structure values of every form (found by csmith: `h = (a[0] = g)` was rejected) -------
STRUCT_VALUES = r"""
struct S { int x; }; struct S g = {7}, h;
struct B { long a, b, c; char d[5]; } gb = {1, 2, 3, "abcd"};
struct B hb;
struct S mk(int v) { struct S s = {v}; return s; }
struct B mkb(long v) { struct B b = gb; b.a = v; return b; }
int take(struct S s) { return s.x; }
long takeb(struct B b) { return b.a + b.c + b.d[1]; }
struct S ret_assign(struct S *p) { return (*p = g); }
struct B ret_cond(int c) { struct B l = {9, 8, 7, "xyz"}; return c ? gb : l; }
struct S arr[4]; int idx;
int main(void) {
  struct S a[2];
  h = (a[0] = g); printf("%d\n", h.x);
  struct S *p = a; int i = 0;
  h = (p[i++] = mk(11)); printf("%d %d %d\n", h.x, a[0].x, i);
  printf("%d\n", (a[1] = g).x);
  printf("%d\n", (p[i] = mk(3)).x);
  printf("%d %d\n", take(a[0] = mk(5)), take(p[1] = g));
  int c = 1;
  h = c ? g : mk(2); printf("%d\n", h.x);
  h = !c ? g : mk(2); printf("%d\n", h.x);
  printf("%d\n", (c ? g : h).x);
  printf("%d %d\n", take(c ? mk(4) : g), (c, mk(6)).x);
  h = (c++, g); printf("%d %d\n", h.x, take((c, h)));
  printf("%d\n", ((struct S){42}).x);
  h = (struct S){43}; printf("%d %d\n", h.x, take((struct S){44}));
  h = ({ struct S t = {45}; t; }); printf("%d %d\n", h.x, ({ struct S t = {46}; t; }).x);
  printf("%d\n", take(({ struct S t = {47}; t; })));
  hb = (arr[idx++] = g, mkb(100)); printf("%ld %ld %s\n", hb.a, takeb(hb), hb.d);
  struct B lb; hb = (lb = gb); printf("%ld %ld\n", takeb(lb = mkb(5)), (lb = mkb(6)).c);
  printf("%ld %s\n", takeb(c ? gb : mkb(1)), (c > 100 ? gb : mkb(1)).d);
  struct B *pb = &lb; int j = 0;
  hb = (pb[j++] = c ? mkb(77) : gb); printf("%ld %d\n", hb.a, j);
  printf("%d %ld %ld\n", ret_assign(&a[1]).x, ret_cond(0).a, ret_cond(1).a);
  arr[(h = g).x - 5] = (a[0] = (a[1] = mk(99))); printf("%d %d %d\n", arr[2].x, a[0].x, a[1].x);
  return (h = mk(3)).x;
}
struct S2 { int x; char c[3]; } g2 = {7, "ab"};
enum E { EA, EB = 5 } e1 = EB, e2;
struct S2 mk2(int v) { struct S2 s = {v, "q"}; return s; }
int main2(void) {
  int c = 2;
  struct S2 t = ({ struct S2 u = mk2(c); u.x++; u; });
  struct S2 v = c ? ({ g2; }) : mk2(1);
  struct S2 w[2] = { (t = g2), ({ mk2(9); }) };
  for (int i = 0; i < 3; i++) { struct S2 z = ({ struct S2 y = mk2(i); y; }); c += z.x; }
  printf("%d %d %s %d %d %d %d %d\n", t.x, v.x, v.c, w[0].x, w[1].x, c, e1, e2 + EB);
  return 0;
}
"""


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_structure_values_of_every_form(arch, tmp_path):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    src = STRUCT_VALUES.replace("  return (h = mk(3)).x;", "  main2();\n  return (h = mk(3)).x;")
    src = src.replace("int main(void) {", "int main2(void);\nint main(void) {", 1)
    ours, ref = build_and_run(arch, src, tmp_path)
    assert (ours.returncode, ours.stdout) == (ref.returncode, ref.stdout)


# -- variable length arrays: sizes at run time, sp saved and restored per block, scope
# rules; on AArch64 a function that moves sp addresses its slots off x29 (alloca too) ----
VLAS = r"""
int main3(void);
int sum2(int n, int m, int a[n][m]) { int s = 0; for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) s += a[i][j] * (i + 1); return s; }
long total(int n, long (*p)[n], int rows) { long s = 0; for (int r = 0; r < rows; r++) for (int j = 0; j < n; j++) s += p[r][j]; return s + sizeof *p; }
int main(void) {
  int n = 5, m = 3;
  int a[n];
  for (int i = 0; i < n; i++) a[i] = i * i;
  printf("%d %d %zu\n", a[4], a[2], sizeof a);
  double b[n][m + 1];
  printf("%zu %zu %zu\n", sizeof b, sizeof b[0], sizeof(b[1][2]));
  for (int i = 0; i < n; i++) for (int j = 0; j < m + 1; j++) b[i][j] = i + j / 2.0;
  printf("%g %g\n", b[3][2], b[4][3]);
  int c[n][m]; int k = 0;
  for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) c[i][j] = k++;
  printf("%d\n", sum2(n, m, c));
  long d[3][n]; for (int i = 0; i < 3; i++) for (int j = 0; j < n; j++) d[i][j] = 10 * i + j;
  printf("%ld\n", total(n, d, 3));
  int (*pc)[m] = c; pc++; printf("%d %d %ld\n", (*pc)[1], pc[1][2], pc - c);
  typedef char row[n * 2]; row r1; printf("%zu %zu\n", sizeof(row), sizeof r1);
  printf("%zu\n", sizeof(int[n][m]));
  long acc = 0;
  for (int it = 0; it < 100000; it++) { char big[1000 + it % 7]; big[0] = it; big[999] = 1; acc += big[0] + big[999] + sizeof big; }
  printf("%ld\n", acc);
  int it = 0;
again: { int w[it + 1]; w[it] = it; acc += w[it]; }
  if (++it < 1000) goto again;
  int x[n * 1000];
  x[n * 1000 - 1] = 7;
  for (int q = 0; q < 3; q++) {
    int y[q + 1]; y[q] = q;
    if (q == 1) continue;
    { int z[n]; z[0] = y[q]; acc += z[0]; if (q == 2) break; }
  }
  printf("%ld %d %d\n", acc, x[n * 1000 - 1], a[3]);
  main3();
  return a[2];
}
int proto(int n, int a[*]);
int proto2(int n, int m, double b[n][m]);
int proto(int n, int a[n]) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
int proto2(int n, int m, double b[n][m]);
static int rsz(int n) { return sizeof(char[n + 1]); }
static long matsum(int r, int c, long m[r][c]) { long s = 0; for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) s += m[i][j] * (j + 1); return s + sizeof m[0]; }
int fill(int n) {
  int v[n]; int (*p)[n] = &v;
  for (int i = 0; i < n; i++) (*p)[i] = i + 1;
  { void nested(int k, int w[k]); }
  int *q = v;
  switch (n) { case 3: { int t[n]; t[0] = 5; return proto(n, v) + t[0] + q[2]; } default: break; }
  return proto(n, v) + (int)sizeof(*p) + (int)(p[1] - p[0]);
}
int main3(void) {
  long grid[4][6];
  for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) grid[i][j] = i * 6 + j;
  printf("%d %d %d %ld\n", rsz(9), fill(3), fill(10), matsum(4, 6, grid));
  int n = 4;
  char *a = __builtin_alloca(n * 8); for (int i = 0; i < n * 8; i++) a[i] = 'a' + i % 26;
  a[n * 8 - 1] = 0;
  unsigned char u[n][n][2];
  for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { u[i][j][0] = i; u[i][j][1] = j; }
  printf("%s %zu %zu %d %d\n", a, sizeof u, sizeof u[1], u[3][2][0], u[2][3][1]);
  return rsz(3);
}
"""


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_variable_length_arrays(arch, tmp_path):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    ours, ref = build_and_run(arch, VLAS, tmp_path)
    assert (ours.returncode, ours.stdout) == (ref.returncode, ref.stdout)
    assert ours.stdout.count(b"\n") == 12


# alloca in a leaf function (x86-64: no red zone then), with stack arguments after it
# (AArch64: the block sits above the outgoing area); VLAs in statement expressions.
ALLOCA_AND_VLA_VALUES = {"alloca": r"""
long sum(long *p, int n) { long s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
long many(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j) { return a+b+c+d+e+f+g+h+i+j; }
int leaf(int n) { char *p = __builtin_alloca(n); for (int i = 0; i < n; i++) p[i] = i; int s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
int main(void) {
  int k = 3; long x = 5;
  for (int r = 1; r < 5; r++) {
    long *p = __builtin_alloca(r * 100 * sizeof(long));
    for (int i = 0; i < r * 100; i++) p[i] = i + k;
    printf("%ld %ld %ld\n", sum(p, r * 100), many(1,2,3,4,5,6,7,8,p[9],x), x);
  }
  printf("%d\n", leaf(50));
  return 0;
}
""", "stmt_expr_vla": r"""
int main(void) {
  int n = 4;
  int r = ({ int t[n]; for (int i = 0; i < n; i++) t[i] = i * 3; t[n - 1] + (int)sizeof t; });
  for (int k = 0; k < 3; k++) r += ({ char s[n + k]; s[0] = k; s[0] + (int)sizeof s; });
  printf("%d\n", r);
  return 0;
}
"""}


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
@pytest.mark.parametrize("name", sorted(ALLOCA_AND_VLA_VALUES))
def test_alloca_and_vlas_in_values(name, arch, tmp_path):
    if not have(arch):
        pytest.skip(f"no {arch} reference toolchain")
    ours, ref = build_and_run(arch, ALLOCA_AND_VLA_VALUES[name], tmp_path)
    assert (ours.returncode, ours.stdout) == (ref.returncode, ref.stdout)


def test_func_names_the_function_and_assert_uses_it(tmp_path):
    """C99 __func__, declared on first use (so functions that don't use it emit no string),
    and assert()'s message built from it, as glibc prints it."""
    from toolchain import driver
    src = tmp_path / "fn.c"
    src.write_text('#include <stdio.h>\n#include <assert.h>\n'
                   'const char *name(void) { return __func__; }\n'
                   'int main(int argc, char **argv) {\n'
                   '    printf("%s %s %zu\\n", __func__, name(), sizeof __func__);\n'
                   '    { fputs(__func__, stdout); }\n'
                   '    fflush(stdout);\n'
                   '    assert(argc == 5);\n    return 0;\n}\n')
    for target in ("x86_64", "aarch64"):
        b = driver.build([str(src)], driver.Options(target=driver.get_target(target)))
        r = b.run(["./fn"])
        assert r.stdout == b"main name 5\nmain"
        assert r.stderr == b"fn: " + str(src).encode() + b":8: main: Assertion `argc == 5' failed.\n"
        assert r.status == 134
        assert b.unit(str(src)).compiled.asm.count("__func__.") >= 2
