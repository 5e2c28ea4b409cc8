#include "sum.h"

#define WORK 1
#define PLUS +

typedef int i32;

/*
 * Add two numbers.
 * The preprocessor removes this comment.
 */
i32       sum(i32 a,    i32 b) {   // line comment
#if WORK
    return a PLUS b;
#else
    return 0;
#endif
}
