# _start: where the kernel starts the program.
#
# There is no caller, so no return address: the kernel leaves the stack as
#     (%rsp)       argc
#     8(%rsp)      argv[0] ... argv[argc-1], 0
#     then         envp[0] ... , 0, then the auxiliary vector
# We mark the outermost frame (rbp = 0, so debuggers stop unwinding here), align the
# stack to 16 bytes as the psABI requires at a call, and hand over to C:
#     __libc_start_main(main, argc, argv, envp)
# which never returns.

	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movq	(%rsp), %rsi
	leaq	0x8(%rsp), %rdx
	leaq	0x8(%rdx,%rsi,8), %rcx
	leaq	main(%rip), %rdi
	andq	$-0x10, %rsp
	call	__libc_start_main
	hlt
	.size	_start, .-_start

# The stack need not be executable: tell the linker so.
	.section	.note.GNU-stack,"",@progbits
