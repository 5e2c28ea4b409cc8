#include <stdio.h>
#include <stdlib.h>
static void bye(void) { puts("atexit"); }
__attribute__((constructor(300))) static void c300(void) { puts("c300"); }
__attribute__((constructor)) static void cdef(void) { puts("cdef"); }
__attribute__((constructor(101))) void c101(int argc, char **argv) { printf("c101 %d\n", argc); }
__attribute__((destructor(150))) static void d150(void) { puts("d150"); }
__attribute__((destructor)) static void ddef(void) { puts("ddef"); }
__attribute__((destructor(400))) static void d400(void) { puts("d400"); }
int main(void) { atexit(bye); puts("main"); return 0; }
