//go:build !purego

#include "textflag.h"

// AVX2/FMA forms of the kernels in kernels.go; each performs the same floating-point
// operations in the same order as the portable code, so both give identical bits.
// Registers R14, R15 and X15 are left alone.

// func cpuid(eax, ecx uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eax+0(FP), AX
	MOVL ecx+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func xgetbv() uint64
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	SHLQ $32, DX
	ORQ  DX, AX
	MOVQ AX, ret+0(FP)
	RET

// func simBlock4AVX(s *float64, lds int, a *float64, dp int, bt *float64, ldb, nb int)
// s[r*lds+j] = Σ_k a[r*dp+k]·bt[k*ldb+j]; tile of 4 rows × 8 columns, fma chain over k.
TEXT ·simBlock4AVX(SB), NOSPLIT, $0-56
	MOVQ s+0(FP), DX
	MOVQ lds+8(FP), R10
	SHLQ $3, R10             // row stride of s in bytes
	MOVQ a+16(FP), R11
	MOVQ dp+24(FP), R8
	SHLQ $3, R8              // dp*8: stride between anchor rows
	LEAQ (R8)(R8*2), R9      // 3*dp*8
	LEAQ (R11)(R8*1), R12    // end of anchor row 0
	MOVQ bt+32(FP), R13
	MOVQ ldb+40(FP), AX
	SHLQ $3, AX              // row stride of bt in bytes
	MOVQ nb+48(FP), BX
	SHLQ $3, BX
	XORQ CX, CX              // column offset in bytes

sim_j:
	CMPQ CX, BX
	JGE  sim_done
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	MOVQ R11, DI             // &a[0][k]
	LEAQ (R13)(CX*1), SI     // &bt[k][j]

sim_k:
	VMOVUPD (SI), Y8
	VMOVUPD 32(SI), Y9
	VBROADCASTSD (DI), Y10
	VFMADD231PD Y8, Y10, Y0
	VFMADD231PD Y9, Y10, Y1
	VBROADCASTSD (DI)(R8*1), Y11
	VFMADD231PD Y8, Y11, Y2
	VFMADD231PD Y9, Y11, Y3
	VBROADCASTSD (DI)(R8*2), Y12
	VFMADD231PD Y8, Y12, Y4
	VFMADD231PD Y9, Y12, Y5
	VBROADCASTSD (DI)(R9*1), Y13
	VFMADD231PD Y8, Y13, Y6
	VFMADD231PD Y9, Y13, Y7
	ADDQ $8, DI
	ADDQ AX, SI
	CMPQ DI, R12
	JB   sim_k

	LEAQ (DX)(CX*1), DI
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ R10, DI
	VMOVUPD Y2, (DI)
	VMOVUPD Y3, 32(DI)
	ADDQ R10, DI
	VMOVUPD Y4, (DI)
	VMOVUPD Y5, 32(DI)
	ADDQ R10, DI
	VMOVUPD Y6, (DI)
	VMOVUPD Y7, 32(DI)
	ADDQ $64, CX
	JMP  sim_j

sim_done:
	VZEROUPPER
	RET

// HSUM stores (l0+l1)+(l2+l3) of the lanes of Y at address M.
#define HSUM(Y, X, M) \
	VEXTRACTF128 $1, Y, X14; \
	VHADDPD X14, X, X13;     \
	VHADDPD X13, X13, X13;   \
	VMOVSD X13, M

// func gradA4AVX(out *float64, e *float64, lde int, bt *float64, ldb, dp, nb int)
// out[r*dp+k] = Σ_j e[r*lde+j]·bt[k*ldb+j]; tile of 2 rows × 2 coordinates, each with
// two accumulators (lanes j mod 8 = 0..3 and 4..7), combined as combine8 in exp.go.
TEXT ·gradA4AVX(SB), NOSPLIT, $0-56
	MOVQ out+0(FP), R11
	MOVQ e+8(FP), AX
	MOVQ lde+16(FP), R8
	SHLQ $3, R8
	LEAQ (AX)(R8*1), BX      // e row 1 of the pair
	MOVQ ldb+32(FP), R12
	SHLQ $3, R12
	MOVQ dp+40(FP), R13
	MOVQ nb+48(FP), R9
	SHLQ $3, R9
	MOVQ $2, CX              // row pairs

ga_pair:
	MOVQ bt+24(FP), DX       // bt row k
	XORQ R10, R10            // k

ga_k:
	CMPQ R10, R13
	JGE  ga_next
	LEAQ (DX)(R12*1), DI     // bt row k+1
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ SI, SI              // column offset in bytes

ga_j:
	VMOVUPD (DX)(SI*1), Y12
	VMOVUPD 32(DX)(SI*1), Y13
	VMOVUPD (AX)(SI*1), Y8
	VMOVUPD 32(AX)(SI*1), Y9
	VFMADD231PD Y12, Y8, Y0
	VFMADD231PD Y13, Y9, Y1
	VMOVUPD (BX)(SI*1), Y10
	VMOVUPD 32(BX)(SI*1), Y11
	VFMADD231PD Y12, Y10, Y4
	VFMADD231PD Y13, Y11, Y5
	VMOVUPD (DI)(SI*1), Y12
	VMOVUPD 32(DI)(SI*1), Y13
	VFMADD231PD Y12, Y8, Y2
	VFMADD231PD Y13, Y9, Y3
	VFMADD231PD Y12, Y10, Y6
	VFMADD231PD Y13, Y11, Y7
	ADDQ $64, SI
	CMPQ SI, R9
	JB   ga_j

	LEAQ (R11)(R10*8), SI    // &out[r0][k]
	MOVQ R13, DI
	SHLQ $3, DI              // dp*8
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y5, Y4, Y4
	VADDPD Y7, Y6, Y6
	HSUM(Y0, X0, (SI))
	HSUM(Y2, X2, 8(SI))
	HSUM(Y4, X4, (SI)(DI*1))
	HSUM(Y6, X6, 8(SI)(DI*1))
	ADDQ $2, R10
	LEAQ (DX)(R12*2), DX
	JMP  ga_k

ga_next:
	LEAQ (AX)(R8*2), AX
	LEAQ (BX)(R8*2), BX
	MOVQ R13, DI
	SHLQ $4, DI              // 2*dp*8
	ADDQ DI, R11
	DECQ CX
	JNZ  ga_pair
	VZEROUPPER
	RET

// func gradB4AVX(gbt *float64, ldb int, e *float64, lde int, w *float64, dp, nb int)
// gbt[k*ldb+j] = fma(e3, w3, fma(e2, w2, fma(e1, w1, fma(e0, w0, gbt)))), k in pairs.
TEXT ·gradB4AVX(SB), NOSPLIT, $0-56
	MOVQ gbt+0(FP), SI
	MOVQ ldb+8(FP), R12
	SHLQ $3, R12
	MOVQ e+16(FP), AX
	MOVQ lde+24(FP), R8
	SHLQ $3, R8
	LEAQ (AX)(R8*1), BX
	LEAQ (BX)(R8*1), CX
	LEAQ (CX)(R8*1), DX
	MOVQ w+32(FP), R11
	MOVQ dp+40(FP), R13
	SHLQ $3, R13             // dp*8: stride between rows of w
	MOVQ nb+48(FP), R9
	SHLQ $3, R9
	XORQ R10, R10            // k*8

gb_k:
	CMPQ R10, R13
	JGE  gb_done
	LEAQ (R11)(R10*1), DI    // &w[0][k]
	VBROADCASTSD (DI), Y0
	VBROADCASTSD 8(DI), Y1
	ADDQ R13, DI
	VBROADCASTSD (DI), Y2
	VBROADCASTSD 8(DI), Y3
	ADDQ R13, DI
	VBROADCASTSD (DI), Y4
	VBROADCASTSD 8(DI), Y5
	ADDQ R13, DI
	VBROADCASTSD (DI), Y6
	VBROADCASTSD 8(DI), Y7
	LEAQ (SI)(R12*1), DI     // gbt row k+1
	XORQ R8, R8

gb_j:
	VMOVUPD (AX)(R8*1), Y8
	VMOVUPD (BX)(R8*1), Y9
	VMOVUPD (CX)(R8*1), Y10
	VMOVUPD (DX)(R8*1), Y11
	VMOVUPD (SI)(R8*1), Y12
	VFMADD231PD Y8, Y0, Y12
	VFMADD231PD Y9, Y2, Y12
	VFMADD231PD Y10, Y4, Y12
	VFMADD231PD Y11, Y6, Y12
	VMOVUPD Y12, (SI)(R8*1)
	VMOVUPD (DI)(R8*1), Y13
	VFMADD231PD Y8, Y1, Y13
	VFMADD231PD Y9, Y3, Y13
	VFMADD231PD Y10, Y5, Y13
	VFMADD231PD Y11, Y7, Y13
	VMOVUPD Y13, (DI)(R8*1)
	ADDQ $32, R8
	CMPQ R8, R9
	JB   gb_j

	ADDQ $16, R10
	LEAQ (SI)(R12*2), SI
	JMP  gb_k

gb_done:
	VZEROUPPER
	RET

// func expSumAVX(dst, src *float64, n int, shift float64, tbl *float64) float64
// dst[j] = e^{src[j]−shift} as expFast in exp.go; returns the lane sums (lane j mod 8,
// added in order of j) combined as combine8. n is a positive multiple of 4.
// tbl is expTable (32 bytes an entry). Two vectors per iteration for ILP.
#define EXPV(X, R, T, K, P) \
	VSUBPD Y14, X, X;                 \
	VMINPD X, Y11, R;                 \
	VMAXPD R, Y12, R;                 \
	VMOVUPD 96(AX), T;                \
	VFMADD231PD 64(AX), R, T;         \
	VSUBPD 96(AX), T, K;              \
	VFNMADD231PD 128(AX), K, R;       \
	VFNMADD231PD 160(AX), K, R;       \
	VMOVUPD 256(AX), P;               \
	VFMADD213PD 288(AX), R, P;        \
	VFMADD213PD 320(AX), R, P;        \
	VFMADD213PD 352(AX), R, P;        \
	VFMADD213PD 384(AX), R, P;        \
	VFMADD213PD 416(AX), R, P;        \
	VFMADD213PD 448(AX), R, P;        \
	VFMADD213PD 480(AX), R, P;        \
	VFMADD213PD 512(AX), R, P;        \
	VFMADD213PD 544(AX), R, P;        \
	VFMADD213PD 576(AX), R, P;        \
	VFMADD213PD 608(AX), R, P;        \
	VFMADD213PD 640(AX), R, P;        \
	VFMADD213PD 672(AX), R, P;        \
	VPADDQ 192(AX), T, K;             \
	VPSLLQ $52, K, K;                 \
	VMULPD K, P, P;                   \
	VCMPPD $0x11, Y12, X, K;          \
	VANDNPD P, K, P;                  \
	VCMPPD $0x1E, Y11, X, K;          \
	VBLENDVPD K, 224(AX), P, P

TEXT ·expSumAVX(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHLQ $3, CX
	VBROADCASTSD shift+24(FP), Y14
	MOVQ tbl+32(FP), AX
	VXORPD Y13, Y13, Y13     // lane sums, j mod 8 in 0..3
	VXORPD Y5, Y5, Y5        // lane sums, j mod 8 in 4..7
	VMOVUPD 0(AX), Y12       // lo
	VMOVUPD 32(AX), Y11      // hi
	XORQ BX, BX
	MOVQ CX, DX
	ANDQ $-64, DX            // bytes in whole groups of 8

exp_two:
	CMPQ BX, DX
	JGE  exp_one
	VMOVUPD (SI)(BX*1), Y0
	VMOVUPD 32(SI)(BX*1), Y6
	EXPV(Y0, Y1, Y2, Y3, Y4)
	EXPV(Y6, Y7, Y8, Y9, Y10)
	VMOVUPD Y4, (DI)(BX*1)
	VMOVUPD Y10, 32(DI)(BX*1)
	VADDPD Y4, Y13, Y13
	VADDPD Y10, Y5, Y5
	ADDQ $64, BX
	JMP  exp_two

exp_one:
	CMPQ BX, CX
	JGE  exp_done
	VMOVUPD (SI)(BX*1), Y0
	EXPV(Y0, Y1, Y2, Y3, Y4)
	VMOVUPD Y4, (DI)(BX*1)
	VADDPD Y4, Y13, Y13

exp_done:
	VADDPD Y5, Y13, Y13
	VEXTRACTF128 $1, Y13, X1
	VHADDPD X1, X13, X2
	VHADDPD X2, X2, X2
	VMOVSD X2, ret+40(FP)
	VZEROUPPER
	RET

// AVX-512 forms: the same operations on 8 lanes. simBlock4 and gradB4 are lane-wise;
// gradA4 and expSum accumulate lane j mod 8 and combine as combine8, the order the
// AVX2 forms and the portable code use.

// func simBlock4AVX512(s *float64, lds int, a *float64, dp int, bt *float64, ldb, nb int)
// Tile of 4 rows × 16 columns; nb a multiple of 16.
TEXT ·simBlock4AVX512(SB), NOSPLIT, $0-56
	MOVQ s+0(FP), DX
	MOVQ lds+8(FP), R10
	SHLQ $3, R10
	MOVQ a+16(FP), R11
	MOVQ dp+24(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (R11)(R8*1), R12
	MOVQ bt+32(FP), R13
	MOVQ ldb+40(FP), AX
	SHLQ $3, AX
	MOVQ nb+48(FP), BX
	SHLQ $3, BX
	XORQ CX, CX

sim5_j:
	CMPQ CX, BX
	JGE  sim5_done
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	MOVQ R11, DI
	LEAQ (R13)(CX*1), SI

sim5_k:
	VMOVUPD (SI), Z8
	VMOVUPD 64(SI), Z9
	VBROADCASTSD (DI), Z10
	VFMADD231PD Z8, Z10, Z0
	VFMADD231PD Z9, Z10, Z1
	VBROADCASTSD (DI)(R8*1), Z11
	VFMADD231PD Z8, Z11, Z2
	VFMADD231PD Z9, Z11, Z3
	VBROADCASTSD (DI)(R8*2), Z12
	VFMADD231PD Z8, Z12, Z4
	VFMADD231PD Z9, Z12, Z5
	VBROADCASTSD (DI)(R9*1), Z13
	VFMADD231PD Z8, Z13, Z6
	VFMADD231PD Z9, Z13, Z7
	ADDQ $8, DI
	ADDQ AX, SI
	CMPQ DI, R12
	JB   sim5_k

	LEAQ (DX)(CX*1), DI
	VMOVUPD Z0, (DI)
	VMOVUPD Z1, 64(DI)
	ADDQ R10, DI
	VMOVUPD Z2, (DI)
	VMOVUPD Z3, 64(DI)
	ADDQ R10, DI
	VMOVUPD Z4, (DI)
	VMOVUPD Z5, 64(DI)
	ADDQ R10, DI
	VMOVUPD Z6, (DI)
	VMOVUPD Z7, 64(DI)
	ADDQ $128, CX
	JMP  sim5_j

sim5_done:
	VZEROUPPER
	RET

// HSUM8 stores combine8 of the lanes of Z at address M (clobbers Y8, X13, X14).
#define HSUM8(Z, Y, X, M) \
	VEXTRACTF64X4 $1, Z, Y8; \
	VADDPD Y8, Y, Y;         \
	HSUM(Y, X, M)

// func gradA4AVX512(out *float64, e *float64, lde int, bt *float64, ldb, dp, nb int)
// Tile of 4 rows × 2 coordinates, one 8-lane accumulator each; nb a multiple of 8.
TEXT ·gradA4AVX512(SB), NOSPLIT, $0-56
	MOVQ out+0(FP), R11
	MOVQ e+8(FP), AX
	MOVQ lde+16(FP), R8
	SHLQ $3, R8
	LEAQ (AX)(R8*1), BX
	LEAQ (BX)(R8*1), CX
	LEAQ (CX)(R8*1), DX
	MOVQ bt+24(FP), SI
	MOVQ ldb+32(FP), R12
	SHLQ $3, R12
	MOVQ dp+40(FP), R13
	MOVQ nb+48(FP), R9
	SHLQ $3, R9
	XORQ R10, R10

ga5_k:
	CMPQ R10, R13
	JGE  ga5_done
	LEAQ (SI)(R12*1), DI
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	XORQ R8, R8

ga5_j:
	VMOVUPD (SI)(R8*1), Z12
	VMOVUPD (DI)(R8*1), Z13
	VMOVUPD (AX)(R8*1), Z8
	VFMADD231PD Z12, Z8, Z0
	VFMADD231PD Z13, Z8, Z1
	VMOVUPD (BX)(R8*1), Z9
	VFMADD231PD Z12, Z9, Z2
	VFMADD231PD Z13, Z9, Z3
	VMOVUPD (CX)(R8*1), Z10
	VFMADD231PD Z12, Z10, Z4
	VFMADD231PD Z13, Z10, Z5
	VMOVUPD (DX)(R8*1), Z11
	VFMADD231PD Z12, Z11, Z6
	VFMADD231PD Z13, Z11, Z7
	ADDQ $64, R8
	CMPQ R8, R9
	JB   ga5_j

	LEAQ (R11)(R10*8), R8
	MOVQ R13, DI
	SHLQ $3, DI
	HSUM8(Z0, Y0, X0, (R8))
	HSUM8(Z1, Y1, X1, 8(R8))
	ADDQ DI, R8
	HSUM8(Z2, Y2, X2, (R8))
	HSUM8(Z3, Y3, X3, 8(R8))
	ADDQ DI, R8
	HSUM8(Z4, Y4, X4, (R8))
	HSUM8(Z5, Y5, X5, 8(R8))
	ADDQ DI, R8
	HSUM8(Z6, Y6, X6, (R8))
	HSUM8(Z7, Y7, X7, 8(R8))
	ADDQ $2, R10
	LEAQ (SI)(R12*2), SI
	JMP  ga5_k

ga5_done:
	VZEROUPPER
	RET

// func gradB4AVX512(gbt *float64, ldb int, e *float64, lde int, w *float64, dp, nb int)
TEXT ·gradB4AVX512(SB), NOSPLIT, $0-56
	MOVQ gbt+0(FP), SI
	MOVQ ldb+8(FP), R12
	SHLQ $3, R12
	MOVQ e+16(FP), AX
	MOVQ lde+24(FP), R8
	SHLQ $3, R8
	LEAQ (AX)(R8*1), BX
	LEAQ (BX)(R8*1), CX
	LEAQ (CX)(R8*1), DX
	MOVQ w+32(FP), R11
	MOVQ dp+40(FP), R13
	SHLQ $3, R13
	MOVQ nb+48(FP), R9
	SHLQ $3, R9
	XORQ R10, R10

gb5_k:
	CMPQ R10, R13
	JGE  gb5_done
	LEAQ (R11)(R10*1), DI
	VBROADCASTSD (DI), Z0
	VBROADCASTSD 8(DI), Z1
	ADDQ R13, DI
	VBROADCASTSD (DI), Z2
	VBROADCASTSD 8(DI), Z3
	ADDQ R13, DI
	VBROADCASTSD (DI), Z4
	VBROADCASTSD 8(DI), Z5
	ADDQ R13, DI
	VBROADCASTSD (DI), Z6
	VBROADCASTSD 8(DI), Z7
	LEAQ (SI)(R12*1), DI
	XORQ R8, R8

gb5_j:
	VMOVUPD (AX)(R8*1), Z8
	VMOVUPD (BX)(R8*1), Z9
	VMOVUPD (CX)(R8*1), Z10
	VMOVUPD (DX)(R8*1), Z11
	VMOVUPD (SI)(R8*1), Z12
	VFMADD231PD Z8, Z0, Z12
	VFMADD231PD Z9, Z2, Z12
	VFMADD231PD Z10, Z4, Z12
	VFMADD231PD Z11, Z6, Z12
	VMOVUPD Z12, (SI)(R8*1)
	VMOVUPD (DI)(R8*1), Z13
	VFMADD231PD Z8, Z1, Z13
	VFMADD231PD Z9, Z3, Z13
	VFMADD231PD Z10, Z5, Z13
	VFMADD231PD Z11, Z7, Z13
	VMOVUPD Z13, (DI)(R8*1)
	ADDQ $64, R8
	CMPQ R8, R9
	JB   gb5_j

	ADDQ $16, R10
	LEAQ (SI)(R12*2), SI
	JMP  gb5_k

gb5_done:
	VZEROUPPER
	RET

#define EXPZ(X, R, T, K, P) \
	VSUBPD Z14, X, X;                  \
	VMINPD X, Z11, R;                  \
	VMAXPD R, Z12, R;                  \
	VBROADCASTSD 96(AX), T;            \
	VFMADD231PD.BCST 64(AX), R, T;     \
	VSUBPD.BCST 96(AX), T, K;          \
	VFNMADD231PD.BCST 128(AX), K, R;   \
	VFNMADD231PD.BCST 160(AX), K, R;   \
	VBROADCASTSD 256(AX), P;           \
	VFMADD213PD.BCST 288(AX), R, P;    \
	VFMADD213PD.BCST 320(AX), R, P;    \
	VFMADD213PD.BCST 352(AX), R, P;    \
	VFMADD213PD.BCST 384(AX), R, P;    \
	VFMADD213PD.BCST 416(AX), R, P;    \
	VFMADD213PD.BCST 448(AX), R, P;    \
	VFMADD213PD.BCST 480(AX), R, P;    \
	VFMADD213PD.BCST 512(AX), R, P;    \
	VFMADD213PD.BCST 544(AX), R, P;    \
	VFMADD213PD.BCST 576(AX), R, P;    \
	VFMADD213PD.BCST 608(AX), R, P;    \
	VFMADD213PD.BCST 640(AX), R, P;    \
	VFMADD213PD.BCST 672(AX), R, P;    \
	VPADDQ.BCST 192(AX), T, K;         \
	VPSLLQ $52, K, K;                  \
	VMULPD K, P, P;                    \
	VCMPPD $0x15, Z12, X, K2;          \
	VMOVAPD.Z P, K2, P;                \
	VCMPPD $0x1E, Z11, X, K3;          \
	VBROADCASTSD 224(AX), K3, P

// func expSumAVX512(dst, src *float64, n int, shift float64, tbl *float64) float64
// As expSumAVX on 8 lanes: groups of 16, then 8, then a masked group of 4.
TEXT ·expSumAVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHLQ $3, CX
	VBROADCASTSD shift+24(FP), Z14
	MOVQ tbl+32(FP), AX
	VPXORQ Z13, Z13, Z13
	VBROADCASTSD 0(AX), Z12
	VBROADCASTSD 32(AX), Z11
	XORQ BX, BX
	MOVQ CX, DX
	ANDQ $-128, DX

exp5_two:
	CMPQ BX, DX
	JGE  exp5_one
	VMOVUPD (SI)(BX*1), Z0
	VMOVUPD 64(SI)(BX*1), Z5
	EXPZ(Z0, Z1, Z2, Z3, Z4)
	EXPZ(Z5, Z6, Z7, Z8, Z9)
	VMOVUPD Z4, (DI)(BX*1)
	VMOVUPD Z9, 64(DI)(BX*1)
	VADDPD Z4, Z13, Z13
	VADDPD Z9, Z13, Z13
	ADDQ $128, BX
	JMP  exp5_two

exp5_one:
	MOVQ CX, DX
	SUBQ BX, DX
	CMPQ DX, $64
	JB   exp5_four
	VMOVUPD (SI)(BX*1), Z0
	EXPZ(Z0, Z1, Z2, Z3, Z4)
	VMOVUPD Z4, (DI)(BX*1)
	VADDPD Z4, Z13, Z13
	ADDQ $64, BX
	SUBQ $64, DX

exp5_four:
	CMPQ DX, $32
	JB   exp5_done
	MOVQ $0x0F, R8
	KMOVW R8, K1
	VMOVUPD.Z (SI)(BX*1), K1, Z0
	EXPZ(Z0, Z1, Z2, Z3, Z4)
	VMOVUPD Z4, K1, (DI)(BX*1)
	VADDPD Z4, Z13, K1, Z13

exp5_done:
	VEXTRACTF64X4 $1, Z13, Y1
	VADDPD Y1, Y13, Y13
	VEXTRACTF128 $1, Y13, X1
	VHADDPD X1, X13, X2
	VHADDPD X2, X2, X2
	VMOVSD X2, ret+40(FP)
	VZEROUPPER
	RET
