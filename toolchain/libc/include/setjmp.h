#ifndef _SETJMP_H
#define _SETJMP_H

/* setjmp saves where the program is (the registers a function must preserve, the stack
 * pointer, the return address) and returns 0; longjmp(env, v) later goes back there, so
 * that setjmp appears to return a second time, now with v (1 if v is 0).
 *
 * The layout is glibc's size on each architecture; the fields after the registers hold
 * a saved signal mask for sigsetjmp, which this library does not have yet. */
#ifdef __aarch64__
/* x19..x28, x29 (frame), x30 (return address), sp, d8..d15, and one spare */
#define __JMP_REGS 22
#else
/* rbx, rbp, r12..r15, rsp, return address */
#define __JMP_REGS 8
#endif

typedef struct __jmp_buf_tag {
    unsigned long __regs[__JMP_REGS];
    int __mask_was_saved;
    unsigned long __saved_mask[16];
} jmp_buf[1];

int setjmp(jmp_buf env);
void longjmp(jmp_buf env, int val);

#endif
