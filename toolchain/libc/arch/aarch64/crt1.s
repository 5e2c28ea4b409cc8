// _start: where the kernel starts the program.
//
// There is no caller: the kernel leaves the stack as
//     [sp]        argc
//     [sp, #8]    argv[0] ... argv[argc-1], 0
//     then        envp[0] ... , 0, then the auxiliary vector
// We mark the outermost frame (x29 = x30 = 0, so debuggers stop unwinding here), keep
// sp 16-byte aligned as AAPCS64 requires, and hand over to C:
//     __libc_start_main(main, argc, argv, envp)
// which never returns.

	.text
	.globl	_start
	.type	_start, %function
_start:
	mov	x29, #0
	mov	x30, #0
	ldr	x1, [sp]
	add	x2, sp, #0x8
	add	x3, x2, x1, lsl #3
	add	x3, x3, #0x8
	adrp	x0, main
	add	x0, x0, :lo12:main
	mov	x4, sp
	and	x4, x4, #0xfffffffffffffff0
	mov	sp, x4
	bl	__libc_start_main
	brk	#0x3e8
	.size	_start, .-_start

// The stack need not be executable: tell the linker so.
	.section	.note.GNU-stack,"",%progbits
