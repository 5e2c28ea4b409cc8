// int setjmp(jmp_buf env)            env in x0
// void longjmp(jmp_buf env, int val) env in x0, val in w1
//
// setjmp keeps what AAPCS64 says survives a call: x19-x28, the frame pointer x29, the
// return address x30, sp, and the low halves of v8-v15 (d8-d15). longjmp puts them all
// back and returns through the saved x30, with val in w0. The other registers need no
// saving: the caller already counts them as lost across the call.
//
// env layout: 0 x19 ... 72 x28, 80 x29, 88 x30, 96 sp, 104 d8 ... 160 d15, 176 mask (0)

	.text
	.globl	setjmp
	.type	setjmp, %function
setjmp:
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x2, sp
	str	x2, [x0, #96]
	stp	d8, d9, [x0, #104]
	stp	d10, d11, [x0, #120]
	stp	d12, d13, [x0, #136]
	stp	d14, d15, [x0, #152]
	str	wzr, [x0, #176]
	mov	w0, #0
	ret
	.size	setjmp, .-setjmp

	.globl	longjmp
	.type	longjmp, %function
longjmp:
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldr	x2, [x0, #96]
	mov	sp, x2
	ldp	d8, d9, [x0, #104]
	ldp	d10, d11, [x0, #120]
	ldp	d12, d13, [x0, #136]
	ldp	d14, d15, [x0, #152]
	// w0 = val, or 1 if val is 0: longjmp(env, 0) must not look like the first return
	cmp	w1, #0
	csinc	w0, w1, wzr, ne
	ret
	.size	longjmp, .-longjmp

// The stack need not be executable: tell the linker so.
	.section	.note.GNU-stack,"",%progbits
