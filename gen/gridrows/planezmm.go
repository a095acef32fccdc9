package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// The AVX-512 plane kernel (spreadPlaneZMM) takes each row in whole zmm
// vectors on 64-byte boundaries, the first and last of them masked, so
// that no load or store splits a cache line: a 14-tap row at complex lane
// j = (address/16) mod 4 of its first vector covers ceil((j+14)/4) = 4 or
// 5 vectors, against 7 or 8 ymm and xmm vectors in the AVX2 kernel. Its
// weight vectors depend on j; they are built per point and plane, for the
// point's j only, which is why the kernel asks for rows four taps apart
// (stride ≡ 0 mod 4): every row of a point in a plane then has the same j.
// The Go wrapper spreadPlaneAVX512 sends other calls to the AVX2 kernel.
//
// Per point and plane:
//
//   - the row weights rw[r] = float64(w1[r]·w2[t2]) are formed eight at a
//     time into a frame buffer, so that a row's c = (re, im, …)·rw[r] is
//     one multiply with a broadcast operand (three instructions otherwise);
//   - the duplicated weights of lane 0, P[v] = (w[4v], w[4v], …,
//     w[4v+3], w[4v+3]), are loaded (VPERMPD with the index vector
//     (0,0,1,1,2,2,3,3)) and those of lane j shifted from them, VALIGNQ
//     of P[v-1] and P[v] by 8-2j quadwords.
//
// The grid lanes before the row (in the first vector) and after it (in
// the last) are kept by the masks k = lanes ≥ 2j and lanes < 2((j+l) mod
// 4), six constants in all; the weights there are whatever the shifts
// leave, never stored. Every tap gets one FMA, as in the twin.
//
// Measured (Sapphire Rapids class Xeon, one thread): BenchmarkPlane with
// rows 32 apart 5.7–5.9 taps/ns against the AVX2 kernel's 5.5; the 3D
// NUFFT of 10^6 points onto 100³ modes at 1e-6, 0.76–0.85 s against
// 0.92–0.95 s. The limit is near the first-level cache's stores: a bare
// loop of zmm read-modify-writes takes 0.375 ns each, 1.6 ns for a
// 14-tap row's 4.25, and the kernel takes 2.2–2.4 ns per row. Unrolling
// the rows (width1 = width0 ≤ 20) gained 3% for 8 000 lines of assembly,
// and was left out.

// planeZMMMaxTaps and planeZMMMaxRows bound width0 and width1 of the zmm
// kernel: the weight vectors of 32 taps (8 of lane 0 and 9 shifted) fit in
// the 32 zmm registers with the others, and 32 row weights in its frame.
const (
	planeZMMMaxTaps = 32
	planeZMMMaxRows = 32
)

// emitPlaneZMM emits spreadPlaneZMM.
func (g *x86) emitPlaneZMM() {
	g.Function("spreadPlaneZMM")
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr("func(grid []complex128, stride, z int, first, start []int, w0, w1, w2 []float64, c []complex128, width0, width1, width2 int)")
	rws := g.AllocLocal(8 * planeZMMMaxRows)

	sb := g.GP64()
	g.Load(g.Param("stride"), sb)
	g.SHLQ(operand.Imm(4), sb)
	a := g.planeArgs()
	grid, firstEnd, startEnd, k, w0p, w1p, w2p, cp, done := a.grid, a.firstEnd, a.startEnd, a.k, a.w0p, a.w1p, a.w2p, a.cp, a.done

	pl := &planeZMM{x86: g, rws: rws, done: done, grid: grid, firstEnd: firstEnd, startEnd: startEnd,
		k: k, w0p: w0p, w1p: w1p, w2p: w2p, cp: cp, sb: sb}
	pl.Comment("The masks of the first vector of a row at lane j (lanes ≥ 2j) and of the last with r taps (lanes < 2r), j, r = 1…3")
	t := g.GP32()
	for j := 1; j <= 3; j++ {
		pl.first[j], pl.last[j] = g.K(), g.K()
		g.MOVL(operand.U32(0xff<<(2*j)&0xff), t)
		g.KMOVB(t, pl.first[j])
		g.MOVL(operand.U32(1<<(2*j)-1), t)
		g.KMOVB(t, pl.last[j])
	}
	pl.Comment("The mask of the last of the vectors of eight row weights: ((width1-1) mod 8) + 1 of them")
	{
		n, tbl := g.GP64(), g.GP64()
		g.Load(g.Param("width1"), n)
		g.DECQ(n)
		g.ANDQ(operand.Imm(7), n)
		g.LEAQ(g.consts, tbl)
		pl.rowTail = g.K()
		g.KMOVB(operand.Mem{Base: tbl, Index: n, Scale: 1, Disp: cMaskR + 1}, pl.rowTail)
	}
	pl.idx = g.ZMM()
	g.VMOVUPD(g.consts.Offset(cDupIdx), pl.idx)

	pl.Comment("Jump to the point loop for width0 (even, 4…32: the wrapper checks)")
	labels := make([]string, planeZMMMaxTaps/2+1)
	for h := 2; h <= planeZMMMaxTaps/2; h++ {
		labels[h] = g.newLabel(fmt.Sprintf("taps%d", 2*h))
	}
	half := g.GP64()
	g.Load(g.Param("width0"), half)
	g.SHRQ(operand.Imm(1), half)
	g.dispatch(half, 2, planeZMMMaxTaps/2, labels)
	for h := 2; h <= planeZMMMaxTaps/2; h++ {
		g.Label(labels[h])
		pl.points(2 * h)
	}
	g.Label(done)
	g.VZEROUPPER()
	g.RET()
}

// planeZMM emits the point loops of spreadPlaneZMM.
type planeZMM struct {
	*x86
	rws                                                operand.Mem // the row weights of a point's plane
	done                                               string
	grid, firstEnd, startEnd, k, w0p, w1p, w2p, cp, sb reg.GPVirtual // sb: the row stride in bytes
	first, last                                        [4]reg.Register
	rowTail                                            reg.Register
	idx                                                reg.VecVirtual
}

// points emits the point loop for rows of l taps, ending with a jump to
// done.
func (pl *planeZMM) points(l int) {
	point, next := pl.newLabel("point"), pl.newLabel("next")
	pl.Label(point)
	t2 := pl.planeIndex(pl.firstEnd, pl.k, next)
	s := operand.Mem{Base: pl.w2p, Index: t2, Scale: 8}

	pl.Comment("rws[r] = w1[r]·w2[t2], rounded, eight at a time (the last vector masked)")
	{
		o, last := pl.GP64(), pl.GP64()
		pl.Load(pl.Param("width1"), last)
		pl.DECQ(last)
		pl.SHRQ(operand.Imm(3), last)
		pl.SHLQ(operand.Imm(6), last)
		pl.XORL(o.As32(), o.As32())
		loop, tail := pl.newLabel("rw"), pl.newLabel("rwtail")
		pl.Label(loop)
		pl.CMPQ(o, last)
		pl.JE(operand.LabelRef(tail))
		v := pl.ZMM()
		pl.VMOVUPD(operand.Mem{Base: pl.w1p, Index: o, Scale: 1}, v)
		pl.VMULPD_BCST(s, v, v)
		pl.VMOVUPD(v, pl.rws.Idx(o, 1))
		pl.ADDQ(operand.Imm(64), o)
		pl.JMP(operand.LabelRef(loop))
		pl.Label(tail)
		u := pl.ZMM()
		pl.VMOVUPD_Z(operand.Mem{Base: pl.w1p, Index: o, Scale: 1}, pl.rowTail, u)
		pl.VMULPD_BCST(s, u, u)
		pl.VMOVUPD(u, pl.rws.Idx(o, 1))
	}

	pl.Comment("ri = (re, im, …)")
	ri := pl.ZMM()
	pl.VBROADCASTF64X2(operand.Mem{Base: pl.cp}, ri)
	n0 := (l + 3) / 4
	pl.Comment(fmt.Sprintf("P[v] = (w[4v], w[4v], …, w[4v+3], w[4v+3]), v < %d", n0))
	P := make([]reg.VecVirtual, n0)
	for v := range P {
		P[v] = pl.ZMM()
		m := operand.Mem{Base: pl.w0p, Disp: 32 * v}
		if 4*v+4 > l {
			// l mod 4 = 2 weights left: mask 0b11, that of a last vector of one tap.
			pl.VMOVUPD_Z(m, pl.last[1], P[v].AsY())
		} else {
			pl.VMOVUPD(m, P[v].AsY())
		}
		pl.VPERMPD(P[v], pl.idx, P[v])
	}

	p := pl.GP64()
	pl.MOVQ(operand.Mem{Base: pl.startEnd, Index: pl.k, Scale: 8}, p)
	pl.SHLQ(operand.Imm(4), p)
	pl.ADDQ(pl.grid, p)
	pl.Comment("j = (p/16) mod 4, the lane of the rows' first taps")
	j := pl.GP32()
	pl.MOVL(p.As32(), j)
	pl.ANDL(operand.U32(0x30), j)
	var lanes [4]string
	for i := range lanes {
		lanes[i] = pl.newLabel(fmt.Sprintf("lane%d", i))
	}
	pl.JZ(operand.LabelRef(lanes[0]))
	pl.CMPL(j, operand.U32(0x20))
	pl.JB(operand.LabelRef(lanes[1]))
	pl.JE(operand.LabelRef(lanes[2]))
	pl.JMP(operand.LabelRef(lanes[3]))
	for i, label := range lanes {
		pl.Label(label)
		pl.rows(l, i, P, p, ri)
		pl.JMP(operand.LabelRef(next))
	}

	pl.Label(next)
	pl.Comment("the next point")
	pl.ADDQ(imm(8*l), pl.w0p)
	step := pl.GP64()
	pl.Load(pl.Param("width1"), step)
	pl.LEAQ(operand.Mem{Base: pl.w1p, Index: step, Scale: 8}, pl.w1p)
	pl.Load(pl.Param("width2"), step)
	pl.LEAQ(operand.Mem{Base: pl.w2p, Index: step, Scale: 8}, pl.w2p)
	pl.ADDQ(operand.Imm(16), pl.cp)
	pl.INCQ(pl.k)
	pl.JNZ(operand.LabelRef(point))
	pl.JMP(operand.LabelRef(pl.done))
}

// rows emits the row loop of a point whose rows of l taps start at lane j
// of a 64-byte block (p: its first row), from the weight vectors P of lane
// 0 and ri = (re, im, …).
func (pl *planeZMM) rows(l, j int, P []reg.VecVirtual, p reg.GPVirtual, ri reg.VecVirtual) {
	nv, tail := (j+l+3)/4, (j+l)%4
	lastTaps := tail
	if lastTaps == 0 {
		lastTaps = 4
	}
	pl.Comment(fmt.Sprintf("lane %d: %d vectors per row, %d taps in the last", j, nv, lastTaps))
	W := P
	if j > 0 {
		W = make([]reg.VecVirtual, nv)
		for v := range W {
			W[v] = pl.ZMM()
			// (P[v-1]:P[v]) shifted down by 8-2j quadwords: the taps
			// 4v-j … 4v-j+3. Outside the row (v = 0's low lanes, the
			// last vector's high lanes) any vector will do.
			lo, hi := P[max(v-1, 0)], P[min(v, len(P)-1)]
			pl.VALIGNQ(operand.Imm(uint64(8-2*j)), lo, hi, W[v])
		}
	}
	q, n := pl.GP64(), pl.GP64()
	pl.LEAQ(pl.rws, q)
	pl.Load(pl.Param("width1"), n)
	row := pl.newLabel("row")
	pl.Label(row)
	pl.Comment("c = (re, im, …)·rws[r], rounded products; g = FMA(c, w, g)")
	c := pl.ZMM()
	pl.VMULPD_BCST(operand.Mem{Base: q}, ri, c)
	for v, w := range W {
		m := operand.Mem{Base: p, Disp: 64*v - 16*j}
		var mask reg.Register
		switch {
		case v == 0 && j > 0:
			mask = pl.first[j]
		case v == nv-1 && tail > 0:
			mask = pl.last[tail]
		}
		t := pl.ZMM()
		if mask == nil {
			pl.VMOVUPD(m, t)
			pl.VFMADD231PD(w, c, t)
			pl.VMOVUPD(t, m)
			continue
		}
		pl.VMOVUPD_Z(m, mask, t)
		pl.VFMADD231PD(w, c, t)
		pl.VMOVUPD(t, mask, m)
	}
	pl.ADDQ(pl.sb, p)
	pl.ADDQ(operand.Imm(8), q)
	pl.DECQ(n)
	pl.JNZ(operand.LabelRef(row))
}
