# int setjmp(jmp_buf env)            env in rdi
# void longjmp(jmp_buf env, int val) env in rdi, val in esi
#
# setjmp keeps what its caller expects to survive a call (System V psABI: rbx, rbp,
# r12-r15), the stack pointer as it will be once setjmp has returned, and where it
# returns to. longjmp puts them all back and "returns" there with val in eax. The other
# registers need no saving: the caller already counts them as lost across the call.
#
# env layout: 0x00 rbx, 0x08 rbp, 0x10 r12, 0x18 r13, 0x20 r14, 0x28 r15,
#             0x30 rsp after the return, 0x38 return address, 0x40 mask saved (0)

	.text
	.globl	setjmp
	.type	setjmp, @function
setjmp:
	movq	%rbx, 0x0(%rdi)
	movq	%rbp, 0x8(%rdi)
	movq	%r12, 0x10(%rdi)
	movq	%r13, 0x18(%rdi)
	movq	%r14, 0x20(%rdi)
	movq	%r15, 0x28(%rdi)
	leaq	0x8(%rsp), %rdx
	movq	%rdx, 0x30(%rdi)
	movq	(%rsp), %rdx
	movq	%rdx, 0x38(%rdi)
	movl	$0x0, 0x40(%rdi)
	xorl	%eax, %eax
	ret
	.size	setjmp, .-setjmp

	.globl	longjmp
	.type	longjmp, @function
longjmp:
	movl	%esi, %eax
	testl	%eax, %eax
	jne	.Lvalue_ok
	movl	$0x1, %eax		# longjmp(env, 0) must not look like the first return
.Lvalue_ok:
	movq	0x0(%rdi), %rbx
	movq	0x8(%rdi), %rbp
	movq	0x10(%rdi), %r12
	movq	0x18(%rdi), %r13
	movq	0x20(%rdi), %r14
	movq	0x28(%rdi), %r15
	movq	0x30(%rdi), %rsp
	movq	0x38(%rdi), %rdx
	jmp	*%rdx
	.size	longjmp, .-longjmp

# The stack need not be executable: tell the linker so.
	.section	.note.GNU-stack,"",@progbits
