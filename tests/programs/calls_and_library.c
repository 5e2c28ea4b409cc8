// args: -lm
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include <ctype.h>
#include <setjmp.h>
#include <math.h>
#include <limits.h>
#include <stdbool.h>
#include <assert.h>
#include <errno.h>

typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static binop ops[] = { add, mul };
struct big { long a[5]; char tag; };
struct big mkbig(int k) { struct big b; for (int i = 0; i < 5; i++) b.a[i] = k * i; b.tag = 'A' + k; return b; }
struct small { char c; short s; };
struct small mks(char c) { return (struct small){ c, (short)(c * 3) }; }
double avg(int n, ...) { va_list ap; va_start(ap, n); double s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, double); va_end(ap); return s / n; }
long sumv(const char *fmt, ...) { va_list ap, aq; va_start(ap, fmt); va_copy(aq, ap); long s = 0; for (const char *p = fmt; *p; p++) s += *p == 'i' ? va_arg(ap, int) : *p == 'l' ? va_arg(ap, long) : (long)va_arg(ap, double); long t = 0; for (const char *p = fmt; *p; p++) t += *p == 'i' ? va_arg(aq, int) : *p == 'l' ? va_arg(aq, long) : (long)va_arg(aq, double); va_end(aq); va_end(ap); return s * 1000 + t; }
static jmp_buf jb;
void thrower(int n) { if (n > 3) longjmp(jb, n); thrower(n + 1); }
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int (*getop(int i))(int, int) { return ops[i]; }
char *(*strfn)(char *, const char *) = strcpy;
int main(void) {
    printf("%d %d %d\n", ops[0](3, 4), ops[1](3, 4), getop(1)(6, 7));
    struct big b = mkbig(3); struct small s = mks(5);
    printf("%ld %c %d %d\n", b.a[4], b.tag, s.c, s.s);
    printf("%.3f %ld\n", avg(4, 1.0, 2.0, 3.5, 4.25), sumv("ildil", 1, 2L, 3.9, 4, 5L));
    int r = setjmp(jb); if (!r) thrower(0); else printf("jumped %d\n", r);
    printf("%d\n", fib(20));
    char buf[64]; strfn(buf, "Hello, World"); 
    for (char *p = buf; *p; p++) *p = isupper((unsigned char)*p) ? tolower(*p) : toupper(*p);
    printf("%s %zu %d %s\n", buf, strlen(buf), strcmp("abc", "abd"), strstr(buf, "wOR"));
    char line[] = "a,b;;c,d"; for (char *t = strtok(line, ",;"); t; t = strtok(NULL, ",;")) printf("[%s]", t); printf("\n");
    printf("%.6f %.6f %.6f %.6f %.6f\n", sqrt(2.0), sin(1.0), exp(1.0), log(10.0), pow(2.0, 0.5));
    printf("%d %u %ld %lu\n", INT_MIN, UINT_MAX, LONG_MIN, ULONG_MAX);
    bool flag = 5; printf("%d %d\n", flag, (bool)0.5);
    errno = 0; long v = strtol("123abc", NULL, 10); double dd = strtod("1e-5", NULL); printf("%ld %g %d\n", v, dd, errno);
    unsigned u = 0x80000000u; printf("%u %d %u %d\n", u >> 31, (int)u >> 31, u << 1, __builtin_popcount(0xF0F0));
    int a2[2][3] = {{1,2,3},{4,5,6}}; int (*pa)[3] = a2; printf("%d %d %zu\n", pa[1][2], *(*(pa+1)+1), sizeof *pa);
    char *dup = strdup("xyz"); printf("%s %p\n", dup, (void*)0); free(dup);
    printf("%5s|%-5s|%.2s|%c%c\n", "ab", "cd", "efgh", 65, 'B');
    printf("%e %g %g %a\n", 12345.678, 0.0001234, 1e20, 1.0);
    float f = 1.0f / 3; double g = f; printf("%.10f %.10f %d\n", f, g, f == g);
    long long big = 1LL << 62; printf("%lld %llx %d\n", big * 2 - 1 + big * 2, (unsigned long long)-1, (int)(big >> 60));
    int x = 7; int *px = &x; int **ppx = &px; **ppx += 1; printf("%d\n", x);
    assert(x == 8);
    const char *months[] = {"jan", "feb"}; printf("%s %c\n", months[1], *months[0]);
    return fib(10) % 256;
}
