package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	a "github.com/numkern/numkern/gen/internal/arm64"
)

// The plane kernel (SpreadPlanes) adds the rows a run of 3D points have in
// one plane of the grid. Its rows are short (2K = 14 taps at 1e-6) and hot
// in the first-level cache, where what costs is a vector that straddles
// two cache lines: half of all rows start at an odd tap (a 16-byte, not
// 32-byte, boundary), and their ymm loads and stores each split in two
// (measured: 14-tap rows in L1 at 5.0 taps/ns when 32-byte aligned, 3.4–3.6
// when not; zmm vectors are worse, as 3 of 4 row starts split them). So
// the AVX2 kernel picks, row by row, between two bodies that never split:
// an aligned row takes whole ymm vectors, a row at an odd 16-byte offset
// takes its first tap in an xmm vector, the middle in aligned ymm vectors
// and its last tap in an xmm vector. For rows of up to planeRegTaps taps
// the aligned rows' duplicated weights stay in registers for all the rows
// of a point's plane, and the odd rows' vectors are shuffled from them
// (VPERM2F128, VEXTRACTF128); longer rows keep both sets in the frame,
// each vector stored whole so that its loads are forwarded. Rows of an
// odd number of taps, or more than planeMaxTaps, take a loop of one tap
// per xmm vector (correct, not fast: spreading uses 2K taps, at most 32
// up to 1e-14).
//
// On AVX-512 machines the zmm kernel (planezmm.go) takes the rows it can:
// unaligned zmm rows would split 3 times in 4, so it aligns its vectors
// and masks the ends.

// planeMaxTaps is the largest width0 with an unrolled row loop;
// planeRegTaps the largest whose aligned rows' weights stay in registers
// (the 16 ymm registers of AVX2 less the kernel's five others), saving a load per
// vector (loads, 16 per 14-tap row with the weights in memory, limit
// those rows: measured 4.4 → 5.9 taps/ns for aligned 14-tap rows).
const (
	planeMaxTaps = 32
	planeRegTaps = 22
)

// emitPlane emits spreadPlaneAVX2.
func (g *x86) emitPlane() {
	g.Function("spreadPlaneAVX2")
	// Not NOSPLIT: the two weight buffers exceed the nosplit stack limit,
	// so the function checks the stack as Go functions do.
	g.Attributes(attr.Attribute(0))
	g.SignatureExpr("func(grid []complex128, stride, z int, first, start []int, w0, w1, w2 []float64, c []complex128, width0, width1, width2 int)")
	// The duplicated weights (w[t], w[t]) of the point's taps, twice: as
	// the vectors of rows on a 32-byte boundary load them, and as those
	// of rows at an odd 16-byte offset do, each vector stored whole so
	// that the loads are forwarded from the stores.
	dup, dupOdd := g.AllocLocal(16*planeMaxTaps), g.AllocLocal(16*planeMaxTaps)

	// The point loop walks k from -n to 0, first and start from their
	// ends; the weights and c advance by a point each.
	// z and the row stride in bytes live in memory: the general loop
	// needs every register but these.
	sb := g.AllocLocal(8)
	{
		t := g.GP64()
		g.Load(g.Param("stride"), t)
		g.SHLQ(operand.Imm(4), t)
		g.MOVQ(t, sb)
	}
	a := g.planeArgs()
	grid, firstEnd, startEnd, k, w0p, w1p, w2p, cp, done := a.grid, a.firstEnd, a.startEnd, a.k, a.w0p, a.w1p, a.w2p, a.cp, a.done

	labels := make([]string, planeMaxTaps+1)
	general := g.newLabel("general")
	for l := 1; l <= planeMaxTaps; l++ {
		labels[l] = general
		if l%2 == 0 {
			labels[l] = g.newLabel(fmt.Sprintf("taps%d", l))
		}
	}
	width0 := g.GP64()
	g.Load(g.Param("width0"), width0)
	g.TESTQ(width0, width0)
	g.JZ(operand.LabelRef(general))
	g.CMPQ(width0, imm(planeMaxTaps))
	g.JA(operand.LabelRef(general))
	g.dispatch(width0, 1, planeMaxTaps, labels)

	pl := &planeLoop{x86: g, dup: dup, dupOdd: dupOdd, sb: sb, done: done, grid: grid, firstEnd: firstEnd, startEnd: startEnd,
		k: k, w0p: w0p, w1p: w1p, w2p: w2p, cp: cp}
	for l := 2; l <= planeMaxTaps; l += 2 {
		g.Label(labels[l])
		pl.points(l)
	}
	g.Label(general)
	pl.points(0)
	g.Label(done)
	g.VZEROUPPER()
	g.RET()
}

// planeArgs holds the pointers of a plane kernel's point loop, which walks
// k from -len(c) to 0 with first and start addressed from their ends, and
// the label of its end.
type planeArgs struct {
	grid, firstEnd, startEnd, k, w0p, w1p, w2p, cp reg.GPVirtual
	done                                           string
}

// planeArgs loads the arguments of a plane kernel into the point loop's
// registers, jumping to done at once when there are no points.
func (g *x86) planeArgs() planeArgs {
	a := planeArgs{grid: g.GP64(), firstEnd: g.GP64(), startEnd: g.GP64(), k: g.GP64(),
		w0p: g.GP64(), w1p: g.GP64(), w2p: g.GP64(), cp: g.GP64(), done: g.newLabel("done")}
	g.Load(g.Param("grid").Base(), a.grid)
	g.Load(g.Param("first").Base(), a.firstEnd)
	g.Load(g.Param("start").Base(), a.startEnd)
	g.Load(g.Param("c").Len(), a.k)
	g.Load(g.Param("w0").Base(), a.w0p)
	g.Load(g.Param("w1").Base(), a.w1p)
	g.Load(g.Param("w2").Base(), a.w2p)
	g.Load(g.Param("c").Base(), a.cp)
	g.TESTQ(a.k, a.k)
	g.JZ(operand.LabelRef(a.done))
	g.LEAQ(operand.Mem{Base: a.firstEnd, Index: a.k, Scale: 8}, a.firstEnd)
	g.LEAQ(operand.Mem{Base: a.startEnd, Index: a.k, Scale: 8}, a.startEnd)
	g.NEGQ(a.k)
	return a
}

// planeIndex returns t2 = z - first[k], the index of plane z among point
// k's planes, jumping to next if the point has no plane z.
func (g *x86) planeIndex(firstEnd, k reg.GPVirtual, next string) reg.GPVirtual {
	g.Comment("t2 = z - first[k]; points without plane z are skipped")
	t2 := g.GP64()
	g.MOVQ(g.param("z"), t2)
	g.SUBQ(operand.Mem{Base: firstEnd, Index: k, Scale: 8}, t2)
	g.CMPQ(t2, g.param("width2"))
	g.JAE(operand.LabelRef(next))
	return t2
}

// planeLoop emits the point loops of spreadPlaneAVX2.
type planeLoop struct {
	*x86
	dup, dupOdd, sb                                operand.Mem // sb: the row stride in bytes
	done                                           string
	grid, firstEnd, startEnd, k, w0p, w1p, w2p, cp reg.GPVirtual
}

// points emits the point loop for rows of l taps (0: any number, one tap
// at a time), ending with a jump to done.
func (pl *planeLoop) points(l int) {
	point, next := pl.newLabel("point"), pl.newLabel("next")
	pl.Label(point)
	t2 := pl.planeIndex(pl.firstEnd, pl.k, next)
	s, ri := pl.XMM(), pl.YMM()
	var even []operand.Op // the weights of aligned rows' vectors: registers or frame
	pl.VMOVSD(operand.Mem{Base: pl.w2p, Index: t2, Scale: 8}, s)
	pl.Comment("ri = (re, im, re, im)")
	pl.VBROADCASTF128(operand.Mem{Base: pl.cp}, ri)
	if l > 0 {
		inRegs := l/2 <= planeRegTaps/2
		where := "the frame"
		if inRegs {
			where = "registers"
		}
		pl.Comment(fmt.Sprintf("the %d weights, duplicated: for aligned rows in %s, for odd rows in the frame", l, where))
		even = make([]operand.Op, l/2)
		keep := func(i int, v reg.VecVirtual) {
			even[i] = v
			if !inRegs {
				even[i] = pl.dup.Offset(32 * i)
				pl.VMOVUPD(v, even[i])
			}
		}
		for i := 0; i < l; i += 4 {
			m := operand.Mem{Base: pl.w0p, Disp: 8 * i}
			lo := pl.YMM()
			if i+2 < l {
				hi := pl.YMM()
				pl.VPERMPD(operand.Imm(0x50), m, lo)
				pl.VPERMPD(operand.Imm(0xfa), m, hi)
				keep(i/2, lo)
				keep(i/2+1, hi)
			} else {
				pl.VBROADCASTF128(m, lo)
				pl.VPERMILPD(operand.Imm(0xc), lo, lo)
				keep(i/2, lo)
			}
		}
	}
	if l > 0 && l/2 > planeRegTaps/2 {
		x := pl.XMM()
		pl.VMOVDDUP(operand.Mem{Base: pl.w0p}, x)
		pl.VMOVUPD(x, pl.dupOdd)
		for i := 1; i < l-1; i += 2 {
			y := pl.YMM()
			pl.VBROADCASTF128(operand.Mem{Base: pl.w0p, Disp: 8 * i}, y)
			pl.VPERMILPD(operand.Imm(0xc), y, y)
			pl.VMOVUPD(y, pl.dupOdd.Offset(16*i))
		}
		if l > 1 {
			x := pl.XMM()
			pl.VMOVDDUP(operand.Mem{Base: pl.w0p, Disp: 8 * (l - 1)}, x)
			pl.VMOVUPD(x, pl.dupOdd.Offset(16*(l-1)))
		}
	}
	p, r, w1r := pl.GP64(), pl.GP64(), pl.GP64()
	pl.MOVQ(operand.Mem{Base: pl.startEnd, Index: pl.k, Scale: 8}, p)
	pl.SHLQ(operand.Imm(4), p)
	pl.ADDQ(pl.grid, p)
	pl.Load(pl.Param("width1"), r)
	pl.MOVQ(pl.w1p, w1r)
	row, rowEnd := pl.newLabel("row"), pl.newLabel("rowend")
	pl.Label(row)
	pl.Comment("c = (re, im, re, im)·float64(w1[r]·s), rounded products")
	rw, c := pl.XMM(), pl.YMM()
	pl.VMULSD(operand.Mem{Base: w1r}, s, rw)
	pl.VBROADCASTSD(rw, c)
	pl.VMULPD(ri, c, c)
	gm := func(off int) operand.Mem { return operand.Mem{Base: p, Disp: off} }
	ymm := func(w operand.Mem, off int) {
		t := pl.YMM()
		pl.VMOVUPD(gm(off), t)
		pl.VFMADD231PD(w.Offset(off), c, t)
		pl.VMOVUPD(t, gm(off))
	}
	xmm := func(w operand.Mem, off int) {
		t := pl.XMM()
		pl.VMOVUPD(gm(off), t)
		pl.VFMADD231PD(w.Offset(off), c.AsX(), t)
		pl.VMOVUPD(t, gm(off))
	}
	switch {
	case l > 0:
		odd := pl.newLabel("odd")
		pl.TESTQ(operand.U32(16), p)
		pl.JNZ(operand.LabelRef(odd))
		pl.Comment("a row on a 32-byte boundary: whole ymm vectors")
		for i, w := range even {
			t := pl.YMM()
			pl.VMOVUPD(gm(32*i), t)
			pl.VFMADD231PD(w, c, t)
			pl.VMOVUPD(t, gm(32*i))
		}
		pl.JMP(operand.LabelRef(rowEnd))
		pl.Label(odd)
		pl.Comment("a row at an odd 16-byte offset: xmm, aligned ymm vectors, xmm")
		if regs, ok := registers(even); ok {
			pl.Comment("(their weights shuffled from the aligned rows' registers)")
			rmwX := func(w operand.Op, off int) {
				t := pl.XMM()
				pl.VMOVUPD(gm(off), t)
				pl.VFMADD231PD(w, c.AsX(), t)
				pl.VMOVUPD(t, gm(off))
			}
			rmwX(regs[0].AsX(), 0) // (w0, w0): the low half of (w0, w0, w1, w1)
			for j := 0; j+1 < len(regs); j++ {
				w, t := pl.YMM(), pl.YMM()
				pl.VPERM2F128(operand.Imm(0x21), regs[j+1], regs[j], w) // (w[2j+1], w[2j+1], w[2j+2], w[2j+2])
				pl.VMOVUPD(gm(16+32*j), t)
				pl.VFMADD231PD(w, c, t)
				pl.VMOVUPD(t, gm(16+32*j))
			}
			w := pl.XMM()
			pl.VEXTRACTF128(operand.Imm(1), regs[len(regs)-1], w) // (w[l-1], w[l-1])
			rmwX(w, 16*(l-1))
		} else {
			xmm(pl.dupOdd, 0)
			for off := 16; off < 16*(l-1); off += 32 {
				ymm(pl.dupOdd, off)
			}
			xmm(pl.dupOdd, 16*(l-1))
		}
	default:
		pl.Comment("any number of taps, one per xmm vector")
		q, wt, n := pl.GP64(), pl.GP64(), pl.GP64()
		pl.MOVQ(p, q)
		pl.MOVQ(pl.w0p, wt)
		pl.Load(pl.Param("width0"), n)
		tap := pl.newLabel("tap")
		pl.Label(tap)
		w, t := pl.XMM(), pl.XMM()
		pl.VMOVDDUP(operand.Mem{Base: wt}, w)
		pl.VMOVUPD(operand.Mem{Base: q}, t)
		pl.VFMADD231PD(w, c.AsX(), t)
		pl.VMOVUPD(t, operand.Mem{Base: q})
		pl.ADDQ(operand.Imm(8), wt)
		pl.ADDQ(operand.Imm(16), q)
		pl.DECQ(n)
		pl.JNZ(operand.LabelRef(tap))
	}
	pl.Label(rowEnd)
	pl.ADDQ(pl.sb, p)
	pl.ADDQ(operand.Imm(8), w1r)
	pl.DECQ(r)
	pl.JNZ(operand.LabelRef(row))

	pl.Label(next)
	pl.Comment("the next point")
	step := pl.GP64()
	for _, a := range []struct {
		width string
		p     reg.GPVirtual
	}{{"width0", pl.w0p}, {"width1", pl.w1p}, {"width2", pl.w2p}} {
		pl.Load(pl.Param(a.width), step)
		pl.LEAQ(operand.Mem{Base: a.p, Index: step, Scale: 8}, a.p)
	}
	pl.ADDQ(operand.Imm(16), pl.cp)
	pl.INCQ(pl.k)
	pl.JNZ(operand.LabelRef(point))
	pl.JMP(operand.LabelRef(pl.done))
}

// Registers of the NEON plane kernel (the others are the row kernels').
const (
	rFirst  a.R = 11 // &first[k], post-incremented
	rStartP a.R = 12 // &start[k], post-incremented
	rW1P    a.R = 13 // &w1[k·width1]
	rW2P    a.R = 14 // &w2[k·width2]
	rCPl    a.R = 15 // &c[k], post-incremented
	rZ      a.R = 1  // z (rOff in the row kernels)
	rSB     a.R = 3  // stride in bytes (rRW in the row kernels)
	rW2N    a.R = 5  // width2 (rL in the row kernels)
	rRows   a.R = 19 // rows left in the point's plane
	rW1R    a.R = 20 // &w1[k·width1 + r]
	rRow    a.R = 21 // the row's first tap
	rW0N    a.R = 22 // width0
	rW1N    a.R = 23 // width1

	vPlaneW a.V = 9  // (w2[t2], ·)
	vRowW   a.V = 10 // (w1[r], ·), then float64(w1[r]·w2[t2])
)

// spreadPlane emits spreadPlaneNEON: per row, SpreadRows's NEON row loop.
func (g *neon) spreadPlane() {
	g.Rawf("// func spreadPlaneNEON(grid []complex128, stride, z int, first, start []int, w0, w1, w2 []float64, c []complex128, width0, width1, width2 int)")
	g.Rawf("TEXT ·spreadPlaneNEON(SB), NOSPLIT, $0-208")
	g.op("MOVD", "grid_base+0(FP)", rGrid)
	g.op("MOVD", "stride+24(FP)", rSB)
	g.op("LSL", "$4", rSB)
	g.op("MOVD", "z+32(FP)", rZ)
	g.op("MOVD", "first_base+40(FP)", rFirst)
	g.op("MOVD", "start_base+64(FP)", rStartP)
	g.op("MOVD", "w0_base+88(FP)", rW)
	g.op("MOVD", "w1_base+112(FP)", rW1P)
	g.op("MOVD", "w2_base+136(FP)", rW2P)
	g.op("MOVD", "c_base+160(FP)", rCPl)
	g.op("MOVD", "c_len+168(FP)", rN)
	g.op("MOVD", "width0+184(FP)", rW0N)
	g.op("MOVD", "width1+192(FP)", rW1N)
	g.op("MOVD", "width2+200(FP)", rW2N)
	g.op("LSR", "$2", rW0N, rQ)
	done := g.newLabel("done")
	g.op("CBZ", rN, done)
	point, next := g.newLabel("point"), g.newLabel("next")
	g.Label(point)
	g.Comment("t2 = z - first[k]; points without plane z are skipped")
	g.op("MOVD.P", "8("+rFirst.String()+")", rTmp)
	g.op("SUB", rTmp, rZ, rTmp)
	g.op("CMP", rW2N, rTmp)
	g.op("BHS", next)
	g.op("FMOVD", fmt.Sprintf("(%s)(%s<<3)", rW2P, rTmp), fmt.Sprintf("F%d", vPlaneW))
	g.Comment("ri = (re, im)")
	g.I(a.LD1(vRI, 1, rCPl, false))
	g.op("MOVD", "("+rStartP.String()+")", rRow)
	g.op("ADD", rRow.String()+"<<4", rGrid, rRow)
	g.op("MOVD", rW1P, rW1R)
	g.op("MOVD", rW1N, rRows)
	row, tail, one, rowEnd := g.newLabel("row"), g.newLabel("tail"), g.newLabel("one"), g.newLabel("rowend")
	g.Label(row)
	g.Comment("c = (re, im)·float64(w1[r]·s), rounded products")
	g.op("FMOVD.P", "8("+rW1R.String()+")", fmt.Sprintf("F%d", vRowW))
	g.op("FMULD", fmt.Sprintf("F%d", vPlaneW), fmt.Sprintf("F%d", vRowW), fmt.Sprintf("F%d", vRowW))
	g.I(a.FMULE(vC, vRI, vRowW, 0))
	g.op("MOVD", rRow, rP)
	g.op("MOVD", rW, rWP)
	g.op("MOVD", rQ, rCnt)
	g.op("CBZ", rCnt, tail)
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
	g.op("TBZ", "$1", rW0N, one)
	g.Comment("2 taps")
	g.I(a.LD1(vW0, 1, rWP, true), a.LD1(vG, 2, rP, false))
	g.I(a.FMLAE(vG, vC, vW0, 0), a.FMLAE(vG+1, vC, vW0, 1))
	g.I(a.ST1(vG, 2, rP, true))
	g.Label(one)
	g.op("TBZ", "$0", rW0N, rowEnd)
	g.Comment("1 tap")
	g.I(a.FMOVDLoad(vW0, 0, rWP), a.LD1(vG, 1, rP, false))
	g.I(a.FMLAE(vG, vC, vW0, 0))
	g.I(a.ST1(vG, 1, rP, false))
	g.Label(rowEnd)
	g.op("ADD", rSB, rRow)
	g.op("SUBS", "$1", rRows)
	g.op("BNE", row)
	g.Label(next)
	g.Comment("the next point")
	g.op("ADD", "$8", rStartP)
	g.op("ADD", "$16", rCPl)
	g.op("ADD", rW0N.String()+"<<3", rW)
	g.op("ADD", rW1N.String()+"<<3", rW1P)
	g.op("ADD", rW2N.String()+"<<3", rW2P)
	g.op("SUBS", "$1", rN)
	g.op("BNE", point)
	g.Label(done)
	g.op("RET")
}

// registers returns ops as registers, if they all are.
func registers(ops []operand.Op) ([]reg.VecVirtual, bool) {
	regs := make([]reg.VecVirtual, len(ops))
	for i, o := range ops {
		r, ok := o.(reg.VecVirtual)
		if !ok {
			return nil, false
		}
		regs[i] = r
	}
	return regs, true
}
