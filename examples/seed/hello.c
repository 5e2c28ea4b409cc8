#include <stdio.h>

int main(void) {
    printf("hello %s %d %c %x\n", "world", -42, 65, 255);
    puts("bye");
    return 0;
}
