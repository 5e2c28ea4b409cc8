#include <stdio.h>
#include <string.h>
int knr(a, b) int a; char b; { return a + b; }
int noproto();
static int cnt = 3;
struct S { unsigned a : 3; signed b : 4; int c : 5; };
int sum3(int a[static 3]) { return a[0] + a[1] + a[2]; }
__attribute__((constructor)) static void init(void) { puts("ctor"); }
__attribute__((destructor)) static void fini(void) { puts("dtor"); }
int noproto(x) int x; { return x * 2; }
int main(void) {
    int *p = (int[]){1, 2, 3};
    struct { int x, y; } *q = &(struct { int x, y; }){ 4, 5 };
    printf("%d %d %d %d\n", p[1], (int[]){7, 8, 9}[2], q->y, knr(1, 2));
    printf("%d %d\n", noproto(21), cnt);
    struct S s = { 7, -3, 15 };
    printf("%d %d %d %d\n", s.a, s.b, s.c, s.a - 8 < 0);
    s.a++; s.b--; printf("%d %d\n", s.a, s.b);
    int n = 5; int vla[n]; printf("%zu\n", sizeof vla);
    __typeof__(n) m = 3; printf("%d\n", m);
    printf("%d %d\n", __builtin_types_compatible_p(int, int), __builtin_types_compatible_p(int, long));
    printf("%d\n", __builtin_choose_expr(1, 10, 20.0));
    printf("%d\n", _Generic((const int){0}, int: 1, default: 2));
    printf("%zu\n", sizeof(L"a" "b"));
    int arr[3] = {1,2,3}; printf("%d\n", sum3(arr));
    goto done;
    puts("no");
done:
    printf("%d %s\n", __LINE__, __FILE__);
#ifdef __STDC_NO_COMPLEX__
    puts("nocomplex");
#endif
    printf("%ld\n", __STDC_VERSION__);
    return 0;
}
