#include <stdio.h>
struct anon { int a; union { int b; float c; }; struct { short d, e; }; int z; };
struct anon g = { .b = 7, .d = 1, 2, 3 };
struct anon h = { 1, { 2 }, { 3, 4 }, 5 };
int main(void) {
    struct anon a = { .a = 1, .b = 2, .d = 3, .e = 4 };
    struct anon b = { .c = 1.5f, .e = 9, 10 };
    printf("%d %d %d %d %d\n", a.a, a.b, a.d, a.e, a.z);
    printf("%g %d %d %d\n", b.c, b.d, b.e, b.z);
    printf("%d %d %d %d %d\n", g.a, g.b, g.d, g.e, g.z);
    printf("%d %d %d %d %d\n", h.a, h.b, h.d, h.e, h.z);
    return 0;
}
