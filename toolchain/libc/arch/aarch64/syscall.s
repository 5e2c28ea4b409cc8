// long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
//
// C passes n, a1..a6 in x0..x6; the kernel wants the number in x8 and the arguments
// in x0..x5. svc #0 traps into the kernel; the result comes back in x0.

	.text
	.globl	__syscall6
	.type	__syscall6, %function
__syscall6:
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	svc	#0
	ret
	.size	__syscall6, .-__syscall6

// The stack need not be executable: tell the linker so.
	.section	.note.GNU-stack,"",%progbits
