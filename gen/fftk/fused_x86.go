package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Fused kernels run two consecutive passes of the Stockham sequence, radix
// ra with stride s and m1 = rb·m2, then radix rb with stride ra·s and m2,
// in one sweep over memory. For p < m2 and q < s, the group (p, q) reads
// the ra·rb inputs src[q + s·(p + m2·(j2 + rb·j1))], runs the rb
// butterflies of the first pass (those of p + j2·m2, j2 < rb, with their
// twiddles), keeps their results in registers and a stack buffer, runs the
// ra butterflies of the second pass (twiddles of p) on them and writes
// dst[q + s·(k1 + ra·k2) + s·ra·rb·p]. Every element gets exactly the
// operations of the two passes run one after the other, so the result is
// bit-identical; the intermediate array is never written.

// fusedPairs are the pairs of consecutive radices with fused kernels: the
// pairs fft's pass sequences contain (4s, one 2, 3s, 5s, in this order).
var fusedPairs = [][2]int{{4, 4}, {4, 2}, {4, 3}, {4, 5}, {2, 3}, {2, 5}, {3, 3}, {3, 5}, {5, 5}}

// fusedDir returns the direction constants of a fused pair.
func fusedDir(ra, rb int) []int {
	seen := map[int]bool{}
	var out []int
	add := func(es ...int) {
		for _, e := range es {
			if !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	add(dirEntries(ra)...)
	add(dirEntries(rb)...)
	if ra == 4 || rb == 4 {
		add(dSig4, dNeg4)
	}
	return out
}

// offAt returns base + j·unit for j ≤ 4, given unit and 3·unit registers.
func offAt(base, unit, unit3 reg.GPVirtual, j int) operand.Mem {
	switch j {
	case 0:
		return operand.Mem{Base: base}
	case 1:
		return operand.Mem{Base: base, Index: unit, Scale: 1}
	case 2:
		return operand.Mem{Base: base, Index: unit, Scale: 2}
	case 3:
		return operand.Mem{Base: base, Index: unit3, Scale: 1}
	case 4:
		return operand.Mem{Base: base, Index: unit, Scale: 4}
	}
	panic("offset")
}

// times3 returns 3·x in a new register.
func (g *x86) times3(x reg.GPVirtual) reg.GPVirtual {
	t := g.GP64()
	g.LEAQ(operand.Mem{Base: x, Index: x, Scale: 2}, t)
	return t
}

// fusedQ emits the fused pair vectorised over q:
//
//	func(dst, src, tw1, tw2 *complex, s, m2, p0, p1, q0, q1 int, backward bool)
func (g *x86) fusedQ(ra, rb int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("fusedQ%d%d%s%s", ra, rb, g.isa, g.suffix()), Kind: "F", Radix: ra, Radix2: rb, Prec: g.prec(), ISA: g.isa}
	g.Function(k.Name)
	g.SignatureExpr("func" + k.Sig())
	full := g.full()
	cb := g.cb()
	R := ra * rb
	f := g.fusedQFrame(ra, rb, fusedDir(ra, rb))
	twA, twB, stageAt, pmem := f.twA, f.twB, f.stageAt, f.pmem
	S, U, V2, V23, W2, W23 := f.S, f.U, f.V2, f.V23, f.W2, f.W23
	bs, bd, nq, lp, op, p := f.bs, f.bd, f.nq, f.lp, f.op, f.p
	ploop, done, zero, next := f.ploop, f.done, f.zero, f.next

	// setup stores the twiddles of p to the stack (skipping those of the
	// first pass at p + j2·m2 = 0 and of the second pass at p = 0 when
	// zeroP).
	setup := func(zeroP bool) {
		g.Comment("Twiddles of this p, conjugated backward, and their swaps, to the stack.")
		pc := g.GP64()
		g.MOVQ(pmem, pc)
		g.shiftCB(pc)
		M2 := g.GP64()
		g.Load(g.Param("m2"), M2)
		g.shiftCB(M2)
		M1 := g.GP64()
		g.IMUL3Q(operand.Imm(uint64(rb)), M2, M1)
		M13 := g.times3(M1)
		cur := g.GP64()
		g.Load(g.Param("tw1"), cur)
		g.ADDQ(pc, cur)
		store := func(m operand.Mem, w, ws operand.Op) {
			x := g.broadcast(full, m)
			g.xor(x, g.dirConst(dConj))
			g.store(full, x, w.(operand.Mem))
			y := g.swap(full, x)
			g.store(full, y, ws.(operand.Mem))
		}
		for j2 := 0; j2 < rb; j2++ {
			if !(zeroP && j2 == 0) {
				for k1 := 1; k1 < ra; k1++ {
					w, ws := twA(j2, k1)
					store(offAt(cur, M1, M13, k1-1), w, ws)
				}
			}
			if j2 < rb-1 {
				g.ADDQ(M2, cur)
			}
		}
		if zeroP {
			return
		}
		g.Load(g.Param("tw2"), cur)
		g.ADDQ(pc, cur)
		M23 := g.times3(M2)
		for k2 := 1; k2 < rb; k2++ {
			w, ws := twB(k2)
			store(offAt(cur, M2, M23, k2-1), w, ws)
		}
	}
	// body emits one iteration over u vectors of width w (u·lanes values
	// of q, each input and output a run of u·w bytes).
	body := func(w width, u int, zeroP bool) {
		g.MOVQ(bs, lp)
		held := g.stageInRegs(R) && u == 1
		kept := make([]reg.VecVirtual, R)
		at := func(k1, j2, h int) operand.Mem { return stageAt(k1, j2).Offset(h * int(w)) }
		for j2 := 0; j2 < rb; j2++ {
			a := make([][]reg.VecVirtual, u)
			for h := range a {
				a[h] = make([]reg.VecVirtual, ra)
			}
			for j1 := 0; j1 < ra; j1++ {
				for h := range a {
					a[h][j1] = g.vreg(w)
					g.load(w, offAt(lp, V2, V23, j1).Offset(h*int(w)), a[h][j1])
				}
			}
			for h := range a {
				b := g.butterflyX(ra, w, a[h], true)
				for k1, v := range b {
					if k1 > 0 && !(zeroP && j2 == 0) {
						tw, ts := twA(j2, k1)
						v = g.mulTw(w, v, tw, ts)
					}
					if held {
						kept[k1*rb+j2] = v
					} else {
						g.store(w, v, at(k1, j2, h))
					}
				}
			}
			if j2 < rb-1 {
				g.ADDQ(U, lp)
			}
		}
		g.MOVQ(bd, op)
		for k1 := 0; k1 < ra; k1++ {
			for h := 0; h < u; h++ {
				c := make([]reg.VecVirtual, rb)
				for j2 := range c {
					if held {
						c[j2] = kept[k1*rb+j2]
						continue
					}
					c[j2] = g.vreg(w)
					g.load(w, at(k1, j2, h), c[j2])
				}
				b := g.butterflyX(rb, w, c, true)
				for k2, v := range b {
					if k2 > 0 && !zeroP {
						tw, ts := twB(k2)
						v = g.mulTw(w, v, tw, ts)
					}
					g.store(w, v, offAt(op, W2, W23, k2).Offset(h*int(w)))
				}
			}
			if k1 < ra-1 {
				g.ADDQ(S, op)
			}
		}
		g.ADDQ(operand.U32(u*int(w)), bs)
		g.ADDQ(operand.U32(u*int(w)), bd)
		g.SUBQ(operand.U32(u*int(w)/cb), nq)
	}
	loop := func(zeroP bool) {
		end := g.newLabel("qdone")
		st := g.fusedStages(ra, rb)
		for i, sg := range st {
			top, skip := g.newLabel("q"), g.newLabel("qskip")
			g.Label(top)
			g.CMPQ(nq, operand.U32(sg.u*int(sg.w)/cb))
			g.JB(operand.LabelRef(skip))
			body(sg.w, sg.u, zeroP)
			if sg.loop {
				g.JMP(operand.LabelRef(top))
			}
			g.Label(skip)
			if i < len(st)-1 {
				g.TESTQ(nq, nq)
				g.JZ(operand.LabelRef(end))
			}
		}
		g.Label(end)
	}
	g.TESTQ(p, p)
	g.JZ(operand.LabelRef(zero))
	setup(false)
	loop(false)
	g.JMP(operand.LabelRef(next))
	g.Label(zero)
	setup(true)
	loop(true)
	g.Label(next)
	g.INCQ(pmem)
	g.JMP(operand.LabelRef(ploop))
	g.Label(done)
	g.VZEROUPPER()
	g.RET()
	return k
}

// qFrame is what the two fused Q kernels (interleaved and split) share:
// their stack buffers, the distances between their inputs and outputs, and
// the head of their loop over p.
type qFrame struct {
	twA     func(j2, k1 int) (operand.Op, operand.Op) // twiddle j2, k1 of the first pass and its swap/imaginary part
	twB     func(k2 int) (operand.Op, operand.Op)     // twiddle k2 of the second pass
	stageAt func(k1, j2 int) operand.Mem              // the intermediate value k1, j2
	pmem    operand.Mem                               // p, kept on the stack
	// Distances in bytes: S = s·cb, U = m2·S (inputs j2, j2+1), V2 = rb·U
	// (inputs j1, j1+1), W2 = ra·S (outputs k2, k2+1); V23, W23 three times
	// those (nil when the radix is below 4).
	S, U, V2, V23, W2, W23 reg.GPVirtual
	// Per p: the source and destination of q0 (bs, bd), the number of
	// values of q (nq), two free pointers (lp, op) and p itself.
	bs, bd, nq, lp, op, p   reg.GPVirtual
	ploop, done, zero, next string // labels of the p loop
}

// fusedQFrame emits the start of a fused Q kernel of radices ra, rb with
// the direction constants dir: the stack buffers, the distances, and the
// head of the loop over p up to the computation of nq (see qFrame).
func (g *x86) fusedQFrame(ra, rb int, dir []int) qFrame {
	g.loadDir(dir...)
	full := g.full()
	slot := int(full)
	R := ra * rb
	f := qFrame{}
	nA, nB := (ra-1)*rb, rb-1
	twbuf := g.AllocLocal(2 * (nA + nB) * slot)
	stage := g.AllocLocal(2 * R * slot) // up to two vectors per value
	f.pmem = g.AllocLocal(8)
	pmem := f.pmem
	f.twA = func(j2, k1 int) (operand.Op, operand.Op) {
		i := j2*(ra-1) + k1 - 1
		return twbuf.Offset(2 * i * slot), twbuf.Offset((2*i + 1) * slot)
	}
	f.twB = func(k2 int) (operand.Op, operand.Op) {
		i := nA + k2 - 1
		return twbuf.Offset(2 * i * slot), twbuf.Offset((2*i + 1) * slot)
	}
	f.stageAt = func(k1, j2 int) operand.Mem { return stage.Offset(2 * (k1*rb + j2) * slot) }

	S := g.GP64() // s·cb
	g.Load(g.Param("s"), S)
	g.shiftCB(S)
	U := g.GP64() // m2·s·cb: the distance of the inputs j2 and j2+1
	g.Load(g.Param("m2"), U)
	g.IMULQ(S, U)
	V2 := g.GP64() // rb·U: the distance of the inputs j1 and j1+1
	g.IMUL3Q(operand.Imm(uint64(rb)), U, V2)
	var V23, W23 reg.GPVirtual
	if ra >= 4 {
		V23 = g.times3(V2)
	}
	W2 := g.GP64() // ra·S: the distance of the outputs k2 and k2+1
	g.IMUL3Q(operand.Imm(uint64(ra)), S, W2)
	if rb >= 4 {
		W23 = g.times3(W2)
	}
	t := g.GP64()
	g.Load(g.Param("p0"), t)
	g.MOVQ(t, pmem)

	bs, bd, nq, lp, op := g.GP64(), g.GP64(), g.GP64(), g.GP64(), g.GP64()
	ploop, done, zero, next := g.newLabel("ploop"), g.newLabel("done"), g.newLabel("zero"), g.newLabel("pnext")
	g.Label(ploop)
	p := g.GP64()
	g.MOVQ(pmem, p)
	g.CMPQ(p, g.paramMem("p1"))
	g.JGE(operand.LabelRef(done))
	q0 := g.GP64()
	g.Load(g.Param("q0"), q0)
	g.shiftCB(q0)
	g.MOVQ(p, bs)
	g.IMULQ(S, bs)
	g.IMUL3Q(operand.Imm(uint64(R)), bs, bd)
	g.ADDQ(g.paramMem("src"), bs)
	g.ADDQ(q0, bs)
	g.ADDQ(g.paramMem("dst"), bd)
	g.ADDQ(q0, bd)
	g.Load(g.Param("q1"), nq)
	g.SUBQ(g.paramMem("q0"), nq)
	f.S, f.U, f.V2, f.V23, f.W2, f.W23 = S, U, V2, V23, W2, W23
	f.bs, f.bd, f.nq, f.lp, f.op, f.p = bs, bd, nq, lp, op, p
	f.ploop, f.done, f.zero, f.next = ploop, done, zero, next
	return f
}

// fusedP emits the fused pair with s = 1, vectorised over p (any p0 ≥ 0;
// p = 0, whose twiddles are partly 1, is done alone first):
//
//	func(dst, src, tw1, tw2 *complex, m2, p0, p1 int, backward bool)
func (g *x86) fusedP(ra, rb int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("fusedP%d%d%s%s", ra, rb, g.isa, g.suffix()), Kind: "FP", Radix: ra, Radix2: rb, Prec: g.prec(), ISA: g.isa}
	g.Function(k.Name)
	g.SignatureExpr("func" + k.Sig())
	cb := g.cb()
	slot := int(g.full())
	R := ra * rb
	g.loadDir(fusedDir(ra, rb)...)
	stage := g.AllocLocal(2 * R * slot) // up to two vectors per value
	stageAt := func(k1, j2 int) operand.Mem { return stage.Offset(2 * (k1*rb + j2) * slot) }
	g.loadLane0Mask(false)

	U := g.GP64() // m2·cb: inputs j2, j2+1 and twiddle rows of the second pass
	g.Load(g.Param("m2"), U)
	g.shiftCB(U)
	V2 := g.GP64() // rb·U: inputs j1, j1+1 and twiddle rows of the first pass
	g.IMUL3Q(operand.Imm(uint64(rb)), U, V2)
	V23 := g.times3(V2)
	U3 := g.times3(U)
	p0 := g.GP64()
	g.Load(g.Param("p0"), p0)
	n := g.GP64()
	g.Load(g.Param("p1"), n)
	g.SUBQ(p0, n)
	g.shiftCB(p0)
	bs, ta, tb, bd := g.GP64(), g.GP64(), g.GP64(), g.GP64()
	g.Load(g.Param("src"), bs)
	g.ADDQ(p0, bs)
	g.Load(g.Param("tw1"), ta)
	g.ADDQ(p0, ta)
	g.Load(g.Param("tw2"), tb)
	g.ADDQ(p0, tb)
	g.Load(g.Param("dst"), bd)
	g.IMUL3Q(operand.Imm(uint64(R)), p0, p0)
	g.ADDQ(p0, bd)
	lp, lt := g.GP64(), g.GP64()

	// tableTwiddle returns v times the twiddle vector at m (conjugated
	// backward); with keep, lane 0 keeps v (p = 0, see pGroup).
	tableTwiddle := func(w width, m operand.Mem, v reg.VecVirtual, keep bool) reg.VecVirtual {
		tw := g.vreg(w)
		g.load(w, m, tw)
		g.xor(tw, g.dirConst(dConj))
		ts := g.swap(w, tw)
		var orig reg.VecVirtual
		if keep {
			orig = g.vreg(w)
			g.mov(v, orig) // mulTw destroys v
		}
		u := g.mulTw(w, v, tw, ts)
		if keep {
			g.keepLane0(orig, u)
		}
		return u
	}
	// body emits one group of width w (see pGroup for kind).
	body := func(w width, u int, kind pGroup) {
		zeroP := kind == pZeroAlone
		g.MOVQ(bs, lp)
		g.MOVQ(ta, lt)
		held := g.stageInRegs(R) && u == 1
		kept := make([]reg.VecVirtual, R)
		at := func(k1, j2, h int) operand.Mem { return stageAt(k1, j2).Offset(h * int(w)) }
		for j2 := 0; j2 < rb; j2++ {
			a := make([][]reg.VecVirtual, u)
			for h := range a {
				a[h] = make([]reg.VecVirtual, ra)
				for j1 := range a[h] {
					a[h][j1] = g.vreg(w)
				}
			}
			for j1 := 0; j1 < ra; j1++ {
				for h := range a {
					g.load(w, offAt(lp, V2, V23, j1).Offset(h*int(w)), a[h][j1])
				}
			}
			for h := range a {
				b := g.butterflyX(ra, w, a[h], true)
				for k1, v := range b {
					if k1 > 0 && !(zeroP && j2 == 0) {
						v = tableTwiddle(w, offAt(lt, V2, V23, k1-1).Offset(h*int(w)), v, kind == pZeroLane && j2 == 0)
					}
					if held {
						kept[k1*rb+j2] = v
					} else {
						g.store(w, v, at(k1, j2, h))
					}
				}
			}
			if j2 < rb-1 {
				g.ADDQ(U, lp)
				g.ADDQ(U, lt)
			}
		}
		lanes := int(w) / cb
		for k1 := 0; k1 < ra; k1++ {
			for h := 0; h < u; h++ {
				c := make([]reg.VecVirtual, rb)
				for j2 := range c {
					if held {
						c[j2] = kept[k1*rb+j2]
						continue
					}
					c[j2] = g.vreg(w)
					g.load(w, at(k1, j2, h), c[j2])
				}
				b := g.butterflyX(rb, w, c, true)
				for k2, v := range b {
					if k2 > 0 && !zeroP {
						v = tableTwiddle(w, offAt(tb, U, U3, k2-1).Offset(h*int(w)), v, kind == pZeroLane)
					}
					g.storeLaneScatter(w, v, bd, func(l int) int { return ((h*lanes+l)*R + k1 + ra*k2) * cb })
				}
			}
		}

		g.ADDQ(operand.U32(u*int(w)), bs)
		g.ADDQ(operand.U32(u*int(w)), ta)
		g.ADDQ(operand.U32(u*int(w)), tb)
		g.ADDQ(operand.U32(u*R*int(w)), bd)
		g.SUBQ(operand.U32(u*lanes), n)
	}

	end := g.newLabel("pdone")
	st := g.fusedStages(ra, rb)
	g.pZeroGroup(n, end, st[0].w, int(st[0].w)/cb, func(w width, kind pGroup) { body(w, 1, kind) })
	for i, sg := range st {
		top, skip := g.newLabel("p"), g.newLabel("pskip")
		g.Label(top)
		g.CMPQ(n, operand.U32(sg.u*int(sg.w)/cb))
		g.JB(operand.LabelRef(skip))
		body(sg.w, sg.u, pPlain)
		if sg.loop {
			g.JMP(operand.LabelRef(top))
		}
		g.Label(skip)
		if i < len(st)-1 {
			g.TESTQ(n, n)
			g.JZ(operand.LabelRef(end))
		}
	}
	g.Label(end)
	g.VZEROUPPER()
	g.RET()
	return k
}

// pGroup is the kind of a group of a fused P kernel with respect to p = 0,
// whose butterflies the Go code runs without twiddles (they would be
// exactly 1): the first pass's for j2 = 0, all of the second pass's.
type pGroup int

const (
	pPlain     pGroup = iota // p > 0 in every lane
	pZeroAlone               // one complex number, p = 0: no such twiddles
	pZeroLane                // a full vector whose lane 0 is p = 0: it keeps its untwiddled values
)

// pZeroGroup emits the start of a fused P kernel: if the range starts at
// p = 0, the group that holds it, a full vector of the given lanes with
// lane 0 kept untwiddled (keepLane0) when n allows, else p = 0 alone. The
// alternative, p = 0 alone then the vectors from p = 1, would leave a tail
// of lanes−1 one-number groups at power-of-two lengths: with it the first
// sweep of a 1024-point complex64 transform took 1.4 times as long.
func (g *x86) pZeroGroup(n reg.GPVirtual, end string, full width, lanes int, body func(w width, kind pGroup)) {
	start, alone := g.newLabel("pstart"), g.newLabel("palone")
	g.Comment("p = 0: no twiddle for the first pass's p = 0 nor the second pass.")
	g.TESTQ(n, n)
	g.JZ(operand.LabelRef(end))
	g.CMPQ(g.paramMem("p0"), operand.Imm(0))
	g.JNE(operand.LabelRef(start))
	g.CMPQ(n, operand.U32(lanes))
	g.JB(operand.LabelRef(alone))
	body(full, pZeroLane)
	g.JMP(operand.LabelRef(start))
	g.Label(alone)
	body(width(g.cb()), pZeroAlone)
	g.Label(start)
}

// loadLane0Mask prepares keepLane0 for the kernel being emitted: lane 0
// is the first complex number, two floats of an interleaved vector or one
// of each register of a split one. On AVX-512 it loads the opmask of those
// floats.
func (g *x86) loadLane0Mask(split bool) {
	g.lane0Bits = 3
	if split {
		g.lane0Bits = 1
	}
	g.lane0 = nil
	if g.isa != "AVX512" {
		return
	}
	t := g.GP32()
	g.MOVL(operand.U32(g.lane0Bits), t)
	g.lane0 = g.K()
	g.KMOVW(t, g.lane0)
}

// keepLane0 copies lane 0 of orig into v (see loadLane0Mask): a masked
// move on AVX-512, a blend with the same bits on AVX2.
func (g *x86) keepLane0(orig, v reg.VecVirtual) {
	switch {
	case g.isa == "AVX512" && g.f32:
		g.VMOVAPS(orig, g.lane0, v)
	case g.isa == "AVX512":
		g.VMOVAPD(orig, g.lane0, v)
	case g.f32:
		g.VBLENDPS(operand.Imm(g.lane0Bits), orig, v, v)
	default:
		g.VBLENDPD(operand.Imm(g.lane0Bits), orig, v, v)
	}
}

// keepLane0CX copies lane 0 of the split orig into v (split puts the first
// complex number of the first loaded vector in element 0 of both
// registers).
func (g *x86) keepLane0CX(orig, v cx) {
	g.keepLane0(orig.re, v.re)
	g.keepLane0(orig.im, v.im)
}

// fusedWidths are the widths of the fused kernels' loops: the full vector
// and one complex number (the intermediate widths of the single-pass
// kernels would only shorten tails, at the price of much more code).
func (g *x86) fusedWidths() []width { return []width{g.full(), width(g.cb())} }

// stage is one loop of a kernel: u vectors of width w per iteration,
// repeated (loop) or at most once.
type stage struct {
	w    width
	u    int
	loop bool
}

// fusedStages returns the loops of a fused Q kernel. AVX2 processes two
// ymm vectors per iteration where the registers allow (radices up to 4):
// with one, each iteration would use half of a 64-byte cache line of each
// of the ra·rb inputs and outputs, and at power-of-two strides those
// lines, all in one L1 set, are evicted before the next iteration uses
// their other half (measured 2.5 times slower at n = 4096 and 65536).
func (g *x86) fusedStages(ra, rb int) []stage {
	full, one := g.full(), width(g.cb())
	if g.isa == "AVX2" && ra <= 4 && rb <= 4 {
		return []stage{{full, 2, true}, {full, 1, false}, {one, 1, true}}
	}
	return []stage{{full, 1, true}, {one, 1, true}}
}

// stageInRegs reports whether the R intermediate values of a fused group
// stay in registers (AVX-512's 32 leave room for up to 16 and the
// butterfly temporaries) rather than going through the stack.
func (g *x86) stageInRegs(R int) bool { return g.isa == "AVX512" && R <= 16 }

// storeLaneScatter stores lane l of v (one complex number per lane) at
// bd + disp(l).
func (g *x86) storeLaneScatter(w width, v reg.VecVirtual, bd reg.GPVirtual, disp func(l int) int) {
	at := func(l int) operand.Mem { return operand.Mem{Base: bd, Disp: disp(l)} }
	if !g.f32 {
		for l := 0; l < int(w)/16; l++ {
			switch {
			case l == 0:
				g.VMOVUPD(v.AsX(), at(l))
			case w == 32:
				g.VEXTRACTF128(operand.Imm(1), v, at(l))
			default:
				g.VEXTRACTF64X2(operand.Imm(uint64(l)), v, at(l))
			}
		}
		return
	}
	if w == 8 {
		g.VMOVSD(v, at(0))
		return
	}
	for c := 0; c < int(w)/16; c++ {
		x := v.AsX()
		switch {
		case c == 0:
		case w == 32:
			t := g.XMM()
			g.VEXTRACTF128(operand.Imm(1), v, t)
			x = t
		default:
			t := g.XMM()
			g.VEXTRACTF32X4(operand.Imm(uint64(c)), v, t)
			x = t
		}
		g.VMOVSD(x, at(2*c))
		g.VMOVHPS(x, at(2*c+1))
	}
}
