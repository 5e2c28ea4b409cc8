# long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
#
# The C calling convention passes n, a1..a5 in rdi, rsi, rdx, rcx, r8, r9 and a6 on
# the stack; the kernel wants the number in rax and the arguments in rdi, rsi, rdx,
# r10, r8, r9 (rcx is taken: the syscall instruction saves the return address there).
# So every argument moves one register down. The result comes back in rax.

	.text
	.globl	__syscall6
	.type	__syscall6, @function
__syscall6:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	0x8(%rsp), %r9
	syscall
	ret
	.size	__syscall6, .-__syscall6

# The stack need not be executable: tell the linker so.
	.section	.note.GNU-stack,"",@progbits
