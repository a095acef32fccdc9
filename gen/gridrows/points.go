package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	a "github.com/numkern/numkern/gen/internal/arm64"
)

// The point kernels (SpreadPoints, DotPoints) take a run of points with one
// row each — 1D gridding — in one call, so that the per-call work of the
// row kernels (the Go wrapper, its checks, the call itself: about a third
// of the time of a 14-tap point) is paid once per run. Each point is the
// row kernel's one-row case with rw = [1]: SpreadPoints adds FMA(c, w[t], g)
// (c·1 is c exactly), DotPoints returns FMA(1, (s0+s1)+(s2+s3), 0), which
// is the row sum plus +0.
//
// On amd64 one AVX2 kernel serves both AVX2 and AVX-512: rows of 1D
// gridding are short (2 to 32 taps), where ymm code matches zmm (see the
// package comment).

// emitPoints emits spreadPointsAVX2 (dot false) or dotPointsAVX2.
func (g *x86) emitPoints(name string, dot bool) {
	g.Function(name)
	g.Attributes(attr.NOSPLIT)
	vals := "c"
	if dot {
		vals = "out"
	}
	g.SignatureExpr(fmt.Sprintf("func(grid []complex128, start []int, w []float64, %s []complex128, width int)", vals))
	grid, sp, wp, cp, n, width, q := g.GP64(), g.GP64(), g.GP64(), g.GP64(), g.GP64(), g.GP64(), g.GP64()
	g.Load(g.Param("grid").Base(), grid)
	g.Load(g.Param("start").Base(), sp)
	g.Load(g.Param("w").Base(), wp)
	g.Load(g.Param(vals).Base(), cp)
	g.Load(g.Param(vals).Len(), n)
	g.Load(g.Param("width"), width)
	done := g.newLabel("done")
	g.TESTQ(n, n)
	g.JZ(operand.LabelRef(done))
	g.MOVQ(width, q)
	g.SHRQ(operand.Imm(2), q)
	var zero reg.VecVirtual
	if dot {
		zero = g.XMM()
		g.VXORPD(zero, zero, zero)
	}

	point := g.newLabel("point")
	g.Label(point)
	p := g.GP64()
	g.Comment("p = &grid[start[k]]")
	g.MOVQ(operand.Mem{Base: sp}, p)
	g.SHLQ(operand.Imm(4), p)
	g.ADDQ(grid, p)
	var cv, a01, a23 reg.VecVirtual
	if dot {
		g.Comment("(s0, s1) and (s2, s3): the partial sums of taps ≡ 0…3 (mod 4)")
		a01, a23 = g.YMM(), g.YMM()
		g.VXORPD(a01, a01, a01)
		g.VXORPD(a23, a23, a23)
	} else {
		g.Comment("c = (re, im, re, im)")
		cv = g.YMM()
		g.VBROADCASTF128(operand.Mem{Base: cp}, cv)
	}
	cnt := g.GP64()
	g.MOVQ(q, cnt)
	tail := g.newLabel("tail")
	g.TESTQ(cnt, cnt)
	g.JZ(operand.LabelRef(tail))

	taps := g.newLabel("taps4")
	g.Label(taps)
	g.Comment("4 taps: weights (w0, w0, w1, w1) and (w2, w2, w3, w3)")
	wv, lo, hi := g.YMM(), g.YMM(), g.YMM()
	g.VMOVUPD(operand.Mem{Base: wp}, wv)
	g.VPERMPD(operand.Imm(0x50), wv, lo)
	g.VPERMPD(operand.Imm(0xfa), wv, hi)
	if dot {
		g.VFMADD231PD(operand.Mem{Base: p}, lo, a01)
		g.VFMADD231PD(operand.Mem{Base: p, Disp: 32}, hi, a23)
	} else {
		g.spreadVector(operand.Mem{Base: p}, lo, cv)
		g.spreadVector(operand.Mem{Base: p, Disp: 32}, hi, cv)
	}
	g.ADDQ(operand.Imm(32), wp)
	g.ADDQ(operand.Imm(64), p)
	g.DECQ(cnt)
	g.JNZ(operand.LabelRef(taps))

	g.Label(tail)
	one := g.newLabel("one")
	g.TESTQ(operand.U32(2), width)
	g.JZ(operand.LabelRef(one))
	g.Comment("2 taps (≡ 0, 1 mod 4)")
	w2, d := g.XMM(), g.YMM()
	g.VMOVUPD(operand.Mem{Base: wp}, w2)
	g.VPERMPD(operand.Imm(0x50), w2.AsY(), d)
	if dot {
		g.VFMADD231PD(operand.Mem{Base: p}, d, a01)
	} else {
		g.spreadVector(operand.Mem{Base: p}, d, cv)
	}
	g.ADDQ(operand.Imm(16), wp)
	g.ADDQ(operand.Imm(32), p)

	g.Label(one)
	next := g.newLabel("next")
	g.TESTQ(operand.U32(1), width)
	g.JZ(operand.LabelRef(next))
	wm, gm := operand.Mem{Base: wp}, operand.Mem{Base: p}
	if dot {
		// The last tap is ≡ 2 (mod 4) after two taps, else ≡ 0.
		k := &kernel{x86: g}
		s2, joined := g.newLabel("s2"), g.newLabel("joined")
		g.TESTQ(operand.U32(2), width)
		g.JNZ(operand.LabelRef(s2))
		g.Comment("1 tap (≡ 0 mod 4)")
		k.lowLanes(a01, wm, gm)
		g.JMP(operand.LabelRef(joined))
		g.Label(s2)
		g.Comment("1 tap (≡ 2 mod 4)")
		k.lowLanes(a23, wm, gm)
		g.Label(joined)
	} else {
		g.Comment("1 tap")
		w1, gx := g.XMM(), g.XMM()
		g.VMOVDDUP(wm, w1)
		g.VMOVUPD(gm, gx)
		g.VFMADD231PD(w1, cv.AsX(), gx)
		g.VMOVUPD(gx, gm)
	}
	g.ADDQ(operand.Imm(8), wp)

	g.Label(next)
	if dot {
		g.Comment("out[k] = FMA(1, (s0+s1)+(s2+s3), 0) = (s0+s1)+(s2+s3) + 0")
		s01, s23 := g.XMM(), g.XMM()
		g.VEXTRACTF128(operand.Imm(1), a01, s01)
		g.VADDPD(s01, a01.AsX(), s01)
		g.VEXTRACTF128(operand.Imm(1), a23, s23)
		g.VADDPD(s23, a23.AsX(), s23)
		g.VADDPD(s23, s01, s01)
		g.VADDPD(zero, s01, s01)
		g.VMOVUPD(s01, operand.Mem{Base: cp})
	}
	g.ADDQ(operand.Imm(8), sp)
	g.ADDQ(operand.Imm(16), cp)
	g.DECQ(n)
	g.JNZ(operand.LabelRef(point))
	g.Label(done)
	g.VZEROUPPER()
	g.RET()
}

// spreadVector performs g = FMA(c, w, g) on the ymm vector of taps at m.
func (g *x86) spreadVector(m operand.Mem, w, c reg.VecVirtual) {
	v := g.YMM()
	g.VMOVUPD(m, v)
	g.VFMADD231PD(w, c, v)
	g.VMOVUPD(v, m)
}

// Registers of the NEON point kernels (the others are the row kernels').
const (
	rStart a.R = 11 // &start[k], post-incremented
	rCP    a.R = 12 // &c[k] or &out[k], post-incremented
)

// pointsHeader loads the point kernels' arguments.
func (g *neon) pointsHeader(name, vals string) {
	g.Rawf("// func %s(grid []complex128, start []int, w []float64, %s []complex128, width int)", name, vals)
	g.Rawf("TEXT ·%s(SB), NOSPLIT, $0-104", name)
	g.op("MOVD", "grid_base+0(FP)", rGrid)
	g.op("MOVD", "start_base+24(FP)", rStart)
	g.op("MOVD", "w_base+48(FP)", rWP)
	g.op("MOVD", vals+"_base+72(FP)", rCP)
	g.op("MOVD", vals+"_len+80(FP)", rN)
	g.op("MOVD", "width+96(FP)", rL)
	g.op("LSR", "$2", rL, rQ)
}

// pointStart loads the point's grid pointer and jumps to tail if the row
// has no whole 4-tap group.
func (g *neon) pointStart(tail string) {
	g.op("MOVD.P", "8("+rStart.String()+")", rP)
	g.op("ADD", rP.String()+"<<4", rGrid, rP)
	g.op("MOVD", rQ, rCnt)
	g.op("CBZ", rCnt, tail)
}

// spreadPoints emits spreadPointsNEON.
func (g *neon) spreadPoints() {
	g.pointsHeader("spreadPointsNEON", "c")
	done := g.newLabel("done")
	g.op("CBZ", rN, done)
	point, tail, one, next := g.newLabel("point"), g.newLabel("tail"), g.newLabel("one"), g.newLabel("next")
	g.Label(point)
	g.Comment("c = (re, im)")
	g.I(a.LD1(vC, 1, rCP, true))
	g.pointStart(tail)
	loop := g.newLabel("taps4")
	g.Label(loop)
	g.Comment("4 taps: g = FMA(c, w[t], g)")
	g.I(a.LD1(vW0, 2, rWP, true), a.LD1(vG, 4, rP, false))
	for k := range 4 {
		g.I(a.FMLAE(vG+a.V(k), vC, vW0+a.V(k/2), k%2))
	}
	g.I(a.ST1(vG, 4, rP, true))
	g.op("SUBS", "$1", rCnt)
	g.op("BNE", loop)
	g.Label(tail)
	g.op("TBZ", "$1", rL, one)
	g.Comment("2 taps")
	g.I(a.LD1(vW0, 1, rWP, true), a.LD1(vG, 2, rP, false))
	g.I(a.FMLAE(vG, vC, vW0, 0), a.FMLAE(vG+1, vC, vW0, 1))
	g.I(a.ST1(vG, 2, rP, true))
	g.Label(one)
	g.op("TBZ", "$0", rL, next)
	g.Comment("1 tap")
	g.I(a.FMOVDLoad(vW0, 0, rWP), a.LD1(vG, 1, rP, false))
	g.I(a.FMLAE(vG, vC, vW0, 0))
	g.I(a.ST1(vG, 1, rP, false))
	g.op("ADD", "$8", rWP)
	g.Label(next)
	g.op("SUBS", "$1", rN)
	g.op("BNE", point)
	g.Label(done)
	g.op("RET")
}

// dotPoints emits dotPointsNEON.
func (g *neon) dotPoints() {
	g.pointsHeader("dotPointsNEON", "out")
	g.op("MOVD", "$0", rTmp)
	g.I(a.DUPGP(vZero, rTmp))
	done := g.newLabel("done")
	g.op("CBZ", rN, done)
	point, tail, one, combine := g.newLabel("point"), g.newLabel("tail"), g.newLabel("one"), g.newLabel("combine")
	g.Label(point)
	g.Comment("s0…s3 = 0: the partial sums of taps ≡ 0…3 (mod 4)")
	for k := range 4 {
		g.I(a.MOV(vS+a.V(k), vZero))
	}
	g.pointStart(tail)
	loop := g.newLabel("taps4")
	g.Label(loop)
	g.Comment("4 taps: s[k] = FMA(w[t+k], g[t+k], s[k])")
	g.I(a.LD1(vW0, 2, rWP, true), a.LD1(vG, 4, rP, true))
	for k := range 4 {
		g.I(a.FMLAE(vS+a.V(k), vG+a.V(k), vW0+a.V(k/2), k%2))
	}
	g.op("SUBS", "$1", rCnt)
	g.op("BNE", loop)
	g.Label(tail)
	g.op("TBZ", "$1", rL, one)
	g.Comment("taps ≡ 0, 1 (mod 4)")
	g.I(a.LD1(vW0, 1, rWP, true), a.LD1(vG, 2, rP, true))
	g.I(a.FMLAE(vS, vG, vW0, 0), a.FMLAE(vS+1, vG+1, vW0, 1))
	g.op("TBZ", "$0", rL, combine)
	g.Comment("tap ≡ 2 (mod 4)")
	g.I(a.FMOVDLoad(vW0, 0, rWP), a.LD1(vG, 1, rP, false))
	g.I(a.FMLAE(vS+2, vG, vW0, 0))
	g.op("ADD", "$8", rWP)
	g.op("B", combine)
	g.Label(one)
	g.op("TBZ", "$0", rL, combine)
	g.Comment("tap ≡ 0 (mod 4)")
	g.I(a.FMOVDLoad(vW0, 0, rWP), a.LD1(vG, 1, rP, false))
	g.I(a.FMLAE(vS, vG, vW0, 0))
	g.op("ADD", "$8", rWP)
	g.Label(combine)
	g.Comment("out[k] = FMA(1, (s0+s1)+(s2+s3), 0) = (s0+s1)+(s2+s3) + 0")
	g.I(a.FADD(vSum, vS, vS+1), a.FADD(vSum+1, vS+2, vS+3), a.FADD(vSum, vSum, vSum+1), a.FADD(vSum, vSum, vZero))
	g.I(a.ST1(vSum, 1, rCP, true))
	g.op("SUBS", "$1", rN)
	g.op("BNE", point)
	g.Label(done)
	g.op("RET")
}
