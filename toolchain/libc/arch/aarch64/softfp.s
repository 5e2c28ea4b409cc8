// libgcc's binary128 routines for AArch64 long double, on our C core (src/softfp/).
//
// gcc, and our compiler, turn each long double operation into a call to one of these
// names. AAPCS64 passes and returns a long double in a q register (q0, q1), which C code
// without long double cannot touch; the C core takes each binary128 as a struct of two
// 64-bit words, which AAPCS64 passes in two x registers (low word first) and returns in
// x0 and x1. So each routine here only moves the bits across: `fmov x0, d0` takes the low
// half of q0, `fmov x1, v0.d[1]` the high half, and `fmov d0, x0` (which clears the high
// half) then `fmov v0.d[1], x1` put a result back. A routine whose result is already in
// w0/x0 ends in a tail call: the C function returns straight to our caller.

	.text

// The moves, as macros: unpack copies q register n into x registers lo (low half) and hi.
.macro	unpack n, lo, hi
	fmov	x\lo, d\n
	fmov	x\hi, v\n\().d[1]
.endm
.macro	pack
	fmov	d0, x0
	fmov	v0.d[1], x1
.endm
.macro	begin name
	.globl	\name
	.type	\name, %function
	.p2align	2
\name:
.endm
.macro	end name
	.size	\name, .-\name
.endm
// A call that returns to us needs a frame for the link register.
.macro	enter
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
.endm
.macro	leave
	ldp	x29, x30, [sp], #16
	ret
.endm

// long double op long double -> long double
.macro	binary name, core
	begin	\name
	enter
	unpack	0, 0, 1
	unpack	1, 2, 3
	bl	\core
	pack
	leave
	end	\name
.endm
	binary	__addtf3, __tf_add
	binary	__subtf3, __tf_sub
	binary	__multf3, __tf_mul
	binary	__divtf3, __tf_div

	begin	__negtf2
	enter
	unpack	0, 0, 1
	bl	__tf_neg
	pack
	leave
	end	__negtf2

// comparisons: int in w0, returned by the C core straight to our caller
.macro	compare name, core
	begin	\name
	unpack	0, 0, 1
	unpack	1, 2, 3
	b	\core
	end	\name
.endm
	compare	__eqtf2, __tf_eq
	compare	__netf2, __tf_eq
	compare	__lttf2, __tf_lt
	compare	__letf2, __tf_lt
	compare	__gttf2, __tf_gt
	compare	__getf2, __tf_gt
	compare	__unordtf2, __tf_unord

// float and double -> long double, and back
	begin	__extendsftf2
	enter
	fmov	w0, s0
	bl	__tf_from_f32
	pack
	leave
	end	__extendsftf2

	begin	__extenddftf2
	enter
	fmov	x0, d0
	bl	__tf_from_f64
	pack
	leave
	end	__extenddftf2

	begin	__trunctfsf2
	enter
	unpack	0, 0, 1
	bl	__tf_to_f32
	fmov	s0, w0
	leave
	end	__trunctfsf2

	begin	__trunctfdf2
	enter
	unpack	0, 0, 1
	bl	__tf_to_f64
	fmov	d0, x0
	leave
	end	__trunctfdf2

// long double -> integer: the result is in w0/x0 already
.macro	to_int name, core
	begin	\name
	unpack	0, 0, 1
	b	\core
	end	\name
.endm
	to_int	__fixtfsi, __tf_to_i32
	to_int	__fixtfdi, __tf_to_i64
	to_int	__fixunstfsi, __tf_to_u32
	to_int	__fixunstfdi, __tf_to_u64

// integer (already in w0/x0) -> long double
.macro	from_int name, core
	begin	\name
	enter
	bl	\core
	pack
	leave
	end	\name
.endm
	from_int	__floatsitf, __tf_from_i32
	from_int	__floatditf, __tf_from_i64
	from_int	__floatunsitf, __tf_from_u32
	from_int	__floatunditf, __tf_from_u64

// The stack need not be executable: tell the linker so.
	.section	.note.GNU-stack,"",%progbits
