package main

import (
	"fmt"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Split (SoA) arithmetic for the fused amd64 kernels. A vector of complex
// numbers is a pair of registers, one with the real parts and one with the
// imaginary parts; it is loaded as two interleaved vectors and split with
// VUNPCKLPD/VUNPCKHPD (VSHUFPS for complex64), which leaves the numbers in
// a permuted order that VUNPCKL/HPD (VUNPCKL/HPS) undo when storing; every
// lane gets the same operations, so the order does not matter as long as
// per-lane twiddles are split the same way. In this form:
//
//   - a twiddle multiply is t = xi·wi (rounded), re = xr·wr − t (fused,
//     VFMSUB231), u = xi·wr (rounded), im = xr·wi + u (fused, VFMADD231):
//     exactly the canonical fma(xr, wr, −round(xi·wi)), fma(xr, wi,
//     round(xi·wr)), with no shuffle;
//   - the ±i rotations are free (the roles of the registers exchange);
//   - a vector of one complex number (loop tails) holds it in the low lane
//     of each register (scalar loads and stores).

// cx is a split vector: real and imaginary parts.
type cx struct{ re, im reg.VecVirtual }

// soaLanes returns the number of complex numbers in a split vector of
// registers of width w (w = cb: one).
func (g *x86) soaLanes(w width) int {
	if int(w) == g.cb() {
		return 1
	}
	return 2 * int(w) / g.cb()
}

// soaBytes returns the bytes of memory a split vector of width w covers.
func (g *x86) soaBytes(w width) int { return g.soaLanes(w) * g.cb() }

// soaReg returns a register for a split vector of width w.
func (g *x86) soaReg(w width) reg.VecVirtual {
	if int(w) == g.cb() {
		return g.XMM()
	}
	return g.vreg(w)
}

func (g *x86) newCX(w width) cx { return cx{g.soaReg(w), g.soaReg(w)} }

// loadCX loads and splits the complex numbers at m.
func (g *x86) loadCX(w width, m operand.Mem) cx {
	c := g.newCX(w)
	if int(w) == g.cb() {
		if g.f32 {
			g.VMOVSS(m, c.re)
			g.VMOVSS(m.Offset(4), c.im)
		} else {
			g.VMOVSD(m, c.re)
			g.VMOVSD(m.Offset(8), c.im)
		}
		return c
	}
	a, b := g.vreg(w), g.vreg(w)
	g.load(w, m, a)
	g.load(w, m.Offset(int(w)), b)
	g.split(a, b, c)
	return c
}

// split sets c to the real and imaginary parts of the interleaved a, b.
func (g *x86) split(a, b reg.VecVirtual, c cx) {
	if g.f32 {
		g.VSHUFPS(operand.Imm(0x88), b, a, c.re)
		g.VSHUFPS(operand.Imm(0xdd), b, a, c.im)
		return
	}
	g.VUNPCKLPD(b, a, c.re)
	g.VUNPCKHPD(b, a, c.im)
}

// join returns the two interleaved vectors of c (the inverse of split).
func (g *x86) join(w width, c cx) (a, b reg.VecVirtual) {
	a, b = g.vreg(w), g.vreg(w)
	if g.f32 {
		g.VUNPCKLPS(c.im, c.re, a)
		g.VUNPCKHPS(c.im, c.re, b)
		return a, b
	}
	g.VUNPCKLPD(c.im, c.re, a)
	g.VUNPCKHPD(c.im, c.re, b)
	return a, b
}

// storeCX interleaves c and stores it at m.
func (g *x86) storeCX(w width, c cx, m operand.Mem) {
	if int(w) == g.cb() {
		if g.f32 {
			g.VMOVSS(c.re, m)
			g.VMOVSS(c.im, m.Offset(4))
		} else {
			g.VMOVSD(c.re, m)
			g.VMOVSD(c.im, m.Offset(8))
		}
		return
	}
	a, b := g.join(w, c)
	g.store(w, a, m)
	g.store(w, b, m.Offset(int(w)))
}

// Component-wise arithmetic; w only selects the register width.

func (g *x86) vadd(a, b, d reg.VecVirtual) {
	if g.f32 {
		g.VADDPS(b, a, d)
	} else {
		g.VADDPD(b, a, d)
	}
}

func (g *x86) vsub(a, b, d reg.VecVirtual) {
	if g.f32 {
		g.VSUBPS(b, a, d)
	} else {
		g.VSUBPD(b, a, d)
	}
}

// addSubCX returns x + y in a new vector and leaves x − y in x.
func (g *x86) addSubCX(w width, x, y cx) cx {
	s := g.newCX(w)
	g.vadd(x.re, y.re, s.re)
	g.vadd(x.im, y.im, s.im)
	g.vsub(x.re, y.re, x.re)
	g.vsub(x.im, y.im, x.im)
	return s
}

// mulTwCX returns x·w for the twiddle parts wr, wi (registers or memory),
// the canonical multiply; x is consumed.
func (g *x86) mulTwCX(w width, x cx, wr, wi operand.Op) cx {
	t := g.soaReg(w)
	u := g.soaReg(w)
	if g.f32 {
		g.VMULPS(wi, x.im, t)
		g.VFMSUB231PS(wr, x.re, t) // t = xr·wr − t
		g.VMULPS(wr, x.im, u)
		g.VFMADD231PS(wi, x.re, u) // u = xr·wi + u
	} else {
		g.VMULPD(wi, x.im, t)
		g.VFMSUB231PD(wr, x.re, t)
		g.VMULPD(wr, x.im, u)
		g.VFMADD231PD(wi, x.re, u)
	}
	return cx{t, u}
}

// butterflyCX emits the r-point DFT of the specification on split vectors
// (inputs in forward order; a backward radix-4 butterfly exchanges a1 and
// a3 arithmetically, see butterflyX); the inputs are consumed.
func (g *x86) butterflyCX(r int, w width, x []cx) []cx {
	switch r {
	case 2:
		b0 := g.addSubCX(w, x[0], x[1])
		return []cx{b0, x[0]}
	case 3:
		t := g.addSubCX(w, x[1], x[2]) // d in x1
		d := x[1]
		b0 := g.newCX(w)
		g.vadd(x[0].re, t.re, b0.re)
		g.vadd(x[0].im, t.im, b0.im)
		m := x[0]
		g.fma231(t.re, g.constant(cHalfNeg), m.re) // m = fma(−1/2, t, a0)
		g.fma231(t.im, g.constant(cHalfNeg), m.im)
		b1 := g.newCX(w)
		g.mov(m.re, b1.re)
		g.mov(m.im, b1.im)
		// sn is the real lane of dSn3 (the constant (sn, −sn) per complex);
		// splat forms below read dSn3S.
		g.fma231(d.im, g.dirConst(dSn3S), b1.re)  // fma(sn, d_i, mr)
		g.fnma231(d.re, g.dirConst(dSn3S), b1.im) // fma(−sn, d_r, mi)
		g.fnma231(d.im, g.dirConst(dSn3S), m.re)  // fma(−sn, d_i, mr)
		g.fma231(d.re, g.dirConst(dSn3S), m.im)   // fma(sn, d_r, mi)
		return []cx{b0, b1, m}
	case 4:
		t0 := g.addSubCX(w, x[0], x[2]) // t1 in x0
		t2 := g.newCX(w)
		g.vadd(x[1].re, x[3].re, t2.re)
		g.vadd(x[1].im, x[3].im, t2.im)
		// d = a1 − a3 forward, a3 − a1 backward: fma(a1, σ, −σ·a3).
		d := x[3]
		for _, p := range [][2]reg.VecVirtual{{d.re, x[1].re}, {d.im, x[1].im}} {
			g.xor(p[0], g.dirConst(dNeg4))
			g.fma231(p[1], g.dirConst(dSig4), p[0])
		}
		t1 := x[0]
		b0 := g.addSubCX(w, t0, t2) // b2 in t0
		b2 := t0
		// b1 = t1 + (d_i, −d_r), b3 = t1 − (d_i, −d_r).
		b1 := g.newCX(w)
		g.vadd(t1.re, d.im, b1.re)
		g.vsub(t1.im, d.re, b1.im)
		g.vsub(t1.re, d.im, t1.re)
		g.vadd(t1.im, d.re, t1.im)
		return []cx{b0, b1, b2, t1}
	case 5:
		s14 := g.addSubCX(w, x[1], x[4]) // d14 in x1
		s23 := g.addSubCX(w, x[2], x[3]) // d23 in x2
		d14, d23 := x[1], x[2]
		b0 := g.newCX(w)
		g.vadd(x[0].re, s14.re, b0.re)
		g.vadd(x[0].im, s14.im, b0.im)
		g.vadd(b0.re, s23.re, b0.re)
		g.vadd(b0.im, s23.im, b0.im)
		m1 := g.newCX(w)
		g.mov(x[0].re, m1.re)
		g.mov(x[0].im, m1.im)
		m2 := x[0]
		for _, c := range []struct {
			m       cx
			first   int
			second  int
			s1, s23 cx
		}{{m1, cC2, cC4, s14, s23}, {m2, cC4, cC2, s14, s23}} {
			g.fma231(c.s1.re, g.constant(c.first), c.m.re)
			g.fma231(c.s1.im, g.constant(c.first), c.m.im)
			g.fma231(c.s23.re, g.constant(c.second), c.m.re)
			g.fma231(c.s23.im, g.constant(c.second), c.m.im)
		}
		// n1 = fma(s1, d14, round(s2·d23)), n2 = fma(s2, d14, −round(s1·d23)).
		n1, n2 := g.newCX(w), g.newCX(w)
		for _, p := range [][3]reg.VecVirtual{{n1.re, d23.re, d14.re}, {n1.im, d23.im, d14.im}} {
			g.mulInto(p[1], g.dirConst(dS2), p[0])
			g.fma231(p[2], g.dirConst(dS1), p[0])
		}
		for _, p := range [][3]reg.VecVirtual{{n2.re, d23.re, d14.re}, {n2.im, d23.im, d14.im}} {
			g.mulInto(p[1], g.dirConst(dS1), p[0])
			g.fms231(p[2], g.dirConst(dS2), p[0])
		}
		// b1 = (m1r + n1i, m1i − n1r), b4 = (m1r − n1i, m1i + n1r); b2, b3 with m2, n2.
		b1, b2 := g.newCX(w), g.newCX(w)
		g.vadd(m1.re, n1.im, b1.re)
		g.vsub(m1.im, n1.re, b1.im)
		g.vsub(m1.re, n1.im, m1.re)
		g.vadd(m1.im, n1.re, m1.im)
		g.vadd(m2.re, n2.im, b2.re)
		g.vsub(m2.im, n2.re, b2.im)
		g.vsub(m2.re, n2.im, m2.re)
		g.vadd(m2.im, n2.re, m2.im)
		return []cx{b0, b1, b2, m2, m1}
	}
	panic(fmt.Sprintf("radix %d", r))
}

// mulInto sets d = a·b (rounded); b may be memory.
func (g *x86) mulInto(a reg.VecVirtual, b operand.Op, d reg.VecVirtual) {
	if g.f32 {
		g.VMULPS(b, a, d)
	} else {
		g.VMULPD(b, a, d)
	}
}

// soaStages returns the loops of a split fused kernel: every split width
// from the full vector down to xmm (the largest looping, the others at
// most once), then one complex number at a time.
func (g *x86) soaStages() []stage {
	var st []stage
	for w := g.full(); w >= 16; w /= 2 {
		st = append(st, stage{w, 1, w == g.full()})
	}
	return append(st, stage{width(g.cb()), 1, true})
}

// soaDir returns the direction constants of a split fused pair.
func soaDir(ra, rb int) []int {
	out := []int{dConjS}
	for _, r := range []int{ra, rb} {
		switch r {
		case 3:
			out = append(out, dSn3S)
		case 5:
			out = append(out, dS1, dS2)
		case 4:
			out = append(out, dSig4, dNeg4)
		}
	}
	seen := map[int]bool{}
	var u []int
	for _, e := range out {
		if !seen[e] {
			seen[e] = true
			u = append(u, e)
		}
	}
	return u
}

// broadcastPart loads the float at m into every lane of a new register of
// width w.
func (g *x86) broadcastPart(w width, m operand.Mem) reg.VecVirtual {
	d := g.vreg(w)
	if g.f32 {
		g.VBROADCASTSS(m, d)
	} else {
		g.VBROADCASTSD(m, d)
	}
	return d
}

// fusedQSoA emits the fused pair vectorised over q in split form (same
// contract as fusedQ).
func (g *x86) fusedQSoA(ra, rb int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("fusedQ%d%d%s%s", ra, rb, g.isa, g.suffix()), Kind: "F", Radix: ra, Radix2: rb, Prec: g.prec(), ISA: g.isa}
	g.Function(k.Name)
	g.SignatureExpr("func" + k.Sig())
	full := g.full()
	cb := g.cb()
	slot := int(full)
	f := g.fusedQFrame(ra, rb, soaDir(ra, rb))
	twA, twB, stageAt, pmem := f.twA, f.twB, f.stageAt, f.pmem
	S, U, V2, V23, W2, W23 := f.S, f.U, f.V2, f.V23, f.W2, f.W23
	bs, bd, nq, lp, op, p := f.bs, f.bd, f.nq, f.lp, f.op, f.p
	ploop, done, zero, next := f.ploop, f.done, f.zero, f.next

	setup := func(zeroP bool) {
		g.Comment("Twiddles of this p, split: wr and wi (conjugated backward) in every lane.")
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
		store := func(m operand.Mem, wr, wi operand.Op) {
			x := g.broadcastPart(full, m)
			g.store(full, x, wr.(operand.Mem))
			y := g.broadcastPart(full, m.Offset(cb/2))
			g.xor(y, g.dirConst(dConjS))
			g.store(full, y, wi.(operand.Mem))
		}
		for j2 := 0; j2 < rb; j2++ {
			if !(zeroP && j2 == 0) {
				for k1 := 1; k1 < ra; k1++ {
					wr, wi := twA(j2, k1)
					store(offAt(cur, M1, M13, k1-1), wr, wi)
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
			wr, wi := twB(k2)
			store(offAt(cur, M2, M23, k2-1), wr, wi)
		}
	}
	body := func(w width, zeroP bool) {
		g.MOVQ(bs, lp)
		sb := g.soaBytes(w)
		for j2 := 0; j2 < rb; j2++ {
			a := make([]cx, ra)
			for j1 := range a {
				a[j1] = g.loadCX(w, offAt(lp, V2, V23, j1))
			}
			b := g.butterflyCX(ra, w, a)
			for k1, v := range b {
				if k1 > 0 && !(zeroP && j2 == 0) {
					wr, wi := twA(j2, k1)
					v = g.mulTwCX(w, v, wr, wi)
				}
				m := stageAt(k1, j2)
				g.storeRaw(w, v.re, m)
				g.storeRaw(w, v.im, m.Offset(slot))
			}
			if j2 < rb-1 {
				g.ADDQ(U, lp)
			}
		}
		g.MOVQ(bd, op)
		for k1 := 0; k1 < ra; k1++ {
			c := make([]cx, rb)
			for j2 := range c {
				m := stageAt(k1, j2)
				c[j2] = g.newCX(w)
				g.loadRaw(w, m, c[j2].re)
				g.loadRaw(w, m.Offset(slot), c[j2].im)
			}
			b := g.butterflyCX(rb, w, c)
			for k2, v := range b {
				if k2 > 0 && !zeroP {
					wr, wi := twB(k2)
					v = g.mulTwCX(w, v, wr, wi)
				}
				g.storeCX(w, v, offAt(op, W2, W23, k2))
			}
			if k1 < ra-1 {
				g.ADDQ(S, op)
			}
		}
		g.ADDQ(operand.U32(sb), bs)
		g.ADDQ(operand.U32(sb), bd)
		g.SUBQ(operand.U32(sb/cb), nq)
	}
	loop := func(zeroP bool) {
		end := g.newLabel("qdone")
		st := g.soaStages()
		for i, sg := range st {
			top, skip := g.newLabel("q"), g.newLabel("qskip")
			g.Label(top)
			g.CMPQ(nq, operand.U32(g.soaLanes(sg.w)))
			g.JB(operand.LabelRef(skip))
			body(sg.w, zeroP)
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

// loadRaw and storeRaw move a whole register (an xmm for the one-number
// width) without interpretation.
func (g *x86) loadRaw(w width, m operand.Mem, d reg.VecVirtual) {
	if int(w) == g.cb() {
		w = 16
	}
	g.load(w, m, d)
}

func (g *x86) storeRaw(w width, r reg.VecVirtual, m operand.Mem) {
	if int(w) == g.cb() {
		w = 16
	}
	g.store(w, r, m)
}

// fusedPSoA emits the fused pair with s = 1 vectorised over p in split
// form (same contract as fusedP).
func (g *x86) fusedPSoA(ra, rb int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("fusedP%d%d%s%s", ra, rb, g.isa, g.suffix()), Kind: "FP", Radix: ra, Radix2: rb, Prec: g.prec(), ISA: g.isa}
	g.Function(k.Name)
	g.SignatureExpr("func" + k.Sig())
	cb := g.cb()
	slot := int(g.full())
	R := ra * rb
	g.loadDir(soaDir(ra, rb)...)
	stage := g.AllocLocal(2 * R * slot)
	stageAt := func(k1, j2 int) operand.Mem { return stage.Offset(2 * (k1*rb + j2) * slot) }
	g.loadLane0Mask(true)

	U := g.GP64()
	g.Load(g.Param("m2"), U)
	g.shiftCB(U)
	V2 := g.GP64()
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

	body := func(w width, kind pGroup) {
		zeroP := kind == pZeroAlone
		lanes := g.soaLanes(w)
		sb := g.soaBytes(w)
		g.MOVQ(bs, lp)
		g.MOVQ(ta, lt)
		twiddle := func(m operand.Mem, v cx) cx {
			t := g.loadCX(w, m)
			g.xor(t.im, g.dirConst(dConjS))
			return g.mulTwCX(w, v, t.re, t.im)
		}
		for j2 := 0; j2 < rb; j2++ {
			a := make([]cx, ra)
			for j1 := range a {
				a[j1] = g.loadCX(w, offAt(lp, V2, V23, j1))
			}
			b := g.butterflyCX(ra, w, a)
			for k1, v := range b {
				if k1 > 0 && !(zeroP && j2 == 0) {
					u := twiddle(offAt(lt, V2, V23, k1-1), v)
					if kind == pZeroLane && j2 == 0 {
						g.keepLane0CX(v, u)
					}
					v = u
				}
				m := stageAt(k1, j2)
				g.storeRaw(w, v.re, m)
				g.storeRaw(w, v.im, m.Offset(slot))
			}
			if j2 < rb-1 {
				g.ADDQ(U, lp)
				g.ADDQ(U, lt)
			}
		}
		for k1 := 0; k1 < ra; k1++ {
			c := make([]cx, rb)
			for j2 := range c {
				m := stageAt(k1, j2)
				c[j2] = g.newCX(w)
				g.loadRaw(w, m, c[j2].re)
				g.loadRaw(w, m.Offset(slot), c[j2].im)
			}
			b := g.butterflyCX(rb, w, c)
			for k2, v := range b {
				if k2 > 0 && !zeroP {
					u := twiddle(offAt(tb, U, U3, k2-1), v)
					if kind == pZeroLane {
						g.keepLane0CX(v, u)
					}
					v = u
				}
				o := k1 + ra*k2
				if lanes == 1 {
					g.storeCX(w, v, operand.Mem{Base: bd, Disp: o * cb})
					continue
				}
				x, y := g.join(w, v)
				half := lanes / 2
				g.storeLaneScatter(w, x, bd, func(l int) int { return (l*R + o) * cb })
				g.storeLaneScatter(w, y, bd, func(l int) int { return ((half+l)*R + o) * cb })
			}
		}
		g.ADDQ(operand.U32(sb), bs)
		g.ADDQ(operand.U32(sb), ta)
		g.ADDQ(operand.U32(sb), tb)
		g.ADDQ(operand.U32(R*sb), bd)
		g.SUBQ(operand.U32(lanes), n)
	}

	end := g.newLabel("pdone")
	st := g.soaStages()
	g.pZeroGroup(n, end, st[0].w, g.soaLanes(st[0].w), body)
	for i, sg := range st {
		top, skip := g.newLabel("p"), g.newLabel("pskip")
		g.Label(top)
		g.CMPQ(n, operand.U32(g.soaLanes(sg.w)))
		g.JB(operand.LabelRef(skip))
		body(sg.w, pPlain)
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
