package main

import (
	"fmt"
	"math"

	a "github.com/numkern/numkern/gen/internal/arm64"
)

// The NEON kernels load complex numbers with LD2, which de-interleaves
// them: one register holds the real parts of two complex128 (four
// complex64), the next the imaginary parts, and ST2 interleaves them back.
// Every operation of the specification is then a lane-wise instruction
// with the same rounding:
//
//   - complex additions are two FADD/FSUB, the ±i rotations of radix 4 and
//     5 exchange the roles of the registers;
//   - the twiddle multiply x·w is t = xi·(−wi) (FMUL, rounded, exactly
//     −round(xi·wi)), re = t + xr·wr (FMLA, fused), u = xi·wr (FMUL),
//     im = u + xr·wi (FMLA): with a twiddle per p (kind Q) the factors are
//     elements of a register holding (wr, wi) and (−wr, −wi), with a
//     twiddle per lane (kind P) they are loaded with LD2 too;
//   - the radix 3 and 5 constants are broadcast registers; FMLS computes
//     d − n·m with one rounding, which is fma(−c, x, d).
//
// Backward passes conjugate the twiddles with an EOR of sign bits,
// exchange the inputs 1 and 3 of radix 4 and use negated sines: the
// direction constants come from a second table.
//
// A vector is two complex128 (four complex64); leftover elements are done
// one (complex64: two, then one) at a time with scalar loads and stores
// and the same vector instructions, whose unused lanes hold zeros.

// Entries of the NEON constant tables, 16 bytes each (splat unless said).
const (
	nDM   = iota // conjugation mask of a (wr, wi) pair: (0, −0) backward
	nDMS         // −0 backward, 0 forward: negates imaginary-part vectors
	nHalf        // −1/2
	nSn3         // ±sin(2π/3)
	nC2          // cos(2π/5)
	nC4          // cos(4π/5)
	nS1          // ±sin(2π/5)
	nS2          // ±sin(4π/5)
	nNS1         // ∓sin(2π/5)
	nSig4        // 1 forward, −1 backward (fused radix 4: d = fma(a1, σ, −σ·a3))
	nNeg4        // −0 forward, 0 backward: EOR mask giving −σ·a3
	nEntries
)

// cv is a vector of complex numbers: the registers of the real and
// imaginary parts.
type cv struct{ re, im a.V }

// neon emits the NEON kernels of one precision.
type neon struct {
	*a.Builder
	f32   bool
	label *int
	free  []a.V
}

func (g *neon) newLabel(prefix string) string {
	*g.label++
	return fmt.Sprintf("%s_%d", prefix, *g.label)
}

func (g *neon) suffix() string {
	if g.f32 {
		return "c64"
	}
	return ""
}

func (g *neon) prec() int {
	if g.f32 {
		return 64
	}
	return 128
}

func (g *neon) cb() int {
	if g.f32 {
		return 8
	}
	return 16
}

// lanes is the number of complex numbers in a vector.
func (g *neon) lanes() int {
	if g.f32 {
		return 4
	}
	return 2
}

func (g *neon) constName() string { return fmt.Sprintf("fftkneon%d", g.prec()) }

// Register allocation: kernels take registers from a free list.
func (g *neon) reset(reserved ...a.V) {
	g.free = g.free[:0]
	res := map[a.V]bool{}
	for _, r := range reserved {
		res[r] = true
	}
	for r := a.V(0); r < 32; r++ {
		if !res[r] {
			g.free = append(g.free, r)
		}
	}
}

func (g *neon) get() a.V {
	if len(g.free) == 0 {
		panic("neon: out of vector registers")
	}
	r := g.free[0]
	g.free = g.free[1:]
	return r
}

func (g *neon) put(rs ...a.V) { g.free = append(g.free, rs...) }

func (g *neon) getCV() cv { return cv{g.get(), g.get()} }

func (g *neon) putCV(cs ...cv) {
	for _, c := range cs {
		g.put(c.re, c.im)
	}
}

// getPair returns two consecutive registers (for LD2/ST2).
func (g *neon) getPair() cv {
	for i, r := range g.free {
		for j, s := range g.free {
			if s == r+1 {
				rest := make([]a.V, 0, len(g.free))
				for k, x := range g.free {
					if k != i && k != j {
						rest = append(rest, x)
					}
				}
				g.free = rest
				return cv{r, s}
			}
		}
	}
	panic("neon: no consecutive register pair")
}

// Lane-wise instructions of the precision.

func (g *neon) fadd(d, n, m a.V) {
	if g.f32 {
		g.I(a.FADDS(d, n, m))
	} else {
		g.I(a.FADD(d, n, m))
	}
}

func (g *neon) fsub(d, n, m a.V) {
	if g.f32 {
		g.I(a.FSUBS(d, n, m))
	} else {
		g.I(a.FSUB(d, n, m))
	}
}

func (g *neon) fmul(d, n, m a.V) {
	if g.f32 {
		g.I(a.FMULS(d, n, m))
	} else {
		g.I(a.FMUL(d, n, m))
	}
}

func (g *neon) fneg(d, n a.V) {
	if g.f32 {
		g.I(a.FNEGS(d, n))
	} else {
		g.I(a.FNEG(d, n))
	}
}

// fmla is d = d + n·m, fused.
func (g *neon) fmla(d, n, m a.V) {
	if g.f32 {
		g.I(a.FMLAS(d, n, m))
	} else {
		g.I(a.FMLA(d, n, m))
	}
}

// fmls is d = d − n·m, fused.
func (g *neon) fmls(d, n, m a.V) {
	if g.f32 {
		g.I(a.FMLSS(d, n, m))
	} else {
		g.I(a.FMLS(d, n, m))
	}
}

func (g *neon) fmule(d, n, m a.V, idx int) {
	if g.f32 {
		g.I(a.FMULES(d, n, m, idx))
	} else {
		g.I(a.FMULE(d, n, m, idx))
	}
}

func (g *neon) fmlae(d, n, m a.V, idx int) {
	if g.f32 {
		g.I(a.FMLAES(d, n, m, idx))
	} else {
		g.I(a.FMLAE(d, n, m, idx))
	}
}

// cadd returns x + y in a new vector.
func (g *neon) cadd(x, y cv) cv {
	d := g.getCV()
	g.fadd(d.re, x.re, y.re)
	g.fadd(d.im, x.im, y.im)
	return d
}

// consts holds the broadcast constant registers a kernel uses.
type consts struct {
	dm, dms, half, sn3, c2, c4, s1, s2, ns1 a.V
	// sig4, neg4: the arithmetic exchange of a backward radix-4
	// butterfly's inputs 1 and 3 (fused kernels; 0 when unused).
	sig4, neg4 a.V
	exch4      bool
}

// addSub returns x + y in a new vector and leaves x − y in x; y is
// released.
func (g *neon) addSub(x, y cv) cv {
	s := g.getCV()
	g.fadd(s.re, x.re, y.re)
	g.fadd(s.im, x.im, y.im)
	g.fsub(x.re, x.re, y.re)
	g.fsub(x.im, x.im, y.im)
	g.putCV(y)
	return s
}

// butterfly emits the r-point DFT of the specification; the inputs are
// consumed (their registers reused or released).
func (g *neon) butterfly(r int, k consts, x []cv) []cv {
	switch r {
	case 2:
		b0 := g.addSub(x[0], x[1])
		return []cv{b0, x[0]}
	case 3:
		t := g.addSub(x[1], x[2])
		d := x[1]
		b0 := g.cadd(x[0], t)
		m := x[0]
		g.fmla(m.re, t.re, k.half) // m = fma(−1/2, t, a0)
		g.fmla(m.im, t.im, k.half)
		g.putCV(t)
		b1 := g.getCV()
		g.I(a.MOV(b1.re, m.re), a.MOV(b1.im, m.im))
		g.fmla(b1.re, d.im, k.sn3) // fma(sn, d_i, mr)
		g.fmls(b1.im, d.re, k.sn3) // fma(−sn, d_r, mi)
		g.fmls(m.re, d.im, k.sn3)  // fma(−sn, d_i, mr)
		g.fmla(m.im, d.re, k.sn3)  // fma(sn, d_r, mi)
		g.putCV(d)
		return []cv{b0, b1, m}
	case 4:
		t0 := g.addSub(x[0], x[2]) // t1 in x0
		var t2, d cv
		if k.exch4 {
			// d = a1 − a3 forward, a3 − a1 backward: fma(a1, σ, −σ·a3).
			t2 = g.cadd(x[1], x[3])
			d = x[3]
			g.I(a.EOR(d.re, d.re, k.neg4), a.EOR(d.im, d.im, k.neg4))
			g.fmla(d.re, x[1].re, k.sig4)
			g.fmla(d.im, x[1].im, k.sig4)
			g.putCV(x[1])
		} else {
			t2 = g.addSub(x[1], x[3]) // d in x1
			d = x[1]
		}
		t1 := x[0]
		b0 := g.addSub(t0, t2) // b2 in t0
		b2 := t0
		// b1 = t1 + (d_i, −d_r), b3 = t1 − (d_i, −d_r).
		b1, b3 := g.getCV(), t1
		g.fadd(b1.re, t1.re, d.im)
		g.fsub(b1.im, t1.im, d.re)
		g.fsub(b3.re, t1.re, d.im)
		g.fadd(b3.im, t1.im, d.re)
		g.putCV(d)
		return []cv{b0, b1, b2, b3}
	case 5:
		s14 := g.addSub(x[1], x[4]) // d14 in x1
		s23 := g.addSub(x[2], x[3]) // d23 in x2
		d14, d23 := x[1], x[2]
		b0 := g.cadd(x[0], s14)
		g.fadd(b0.re, b0.re, s23.re)
		g.fadd(b0.im, b0.im, s23.im)
		m1 := g.getCV()
		g.I(a.MOV(m1.re, x[0].re), a.MOV(m1.im, x[0].im))
		m2 := x[0]
		for _, p := range [][2]a.V{{m1.re, s14.re}, {m1.im, s14.im}} {
			g.fmla(p[0], p[1], k.c2)
		}
		for _, p := range [][2]a.V{{m1.re, s23.re}, {m1.im, s23.im}} {
			g.fmla(p[0], p[1], k.c4)
		}
		for _, p := range [][2]a.V{{m2.re, s14.re}, {m2.im, s14.im}} {
			g.fmla(p[0], p[1], k.c4)
		}
		for _, p := range [][2]a.V{{m2.re, s23.re}, {m2.im, s23.im}} {
			g.fmla(p[0], p[1], k.c2)
		}
		g.putCV(s14, s23)
		// n1 = fma(s1, d14, round(s2·d23)), n2 = fma(s2, d14, round(−s1·d23)).
		n1, n2 := g.getCV(), g.getCV()
		g.fmul(n1.re, d23.re, k.s2)
		g.fmul(n1.im, d23.im, k.s2)
		g.fmla(n1.re, d14.re, k.s1)
		g.fmla(n1.im, d14.im, k.s1)
		g.fmul(n2.re, d23.re, k.ns1)
		g.fmul(n2.im, d23.im, k.ns1)
		g.fmla(n2.re, d14.re, k.s2)
		g.fmla(n2.im, d14.im, k.s2)
		g.putCV(d14, d23)
		// b1 = (m1r + n1i, m1i − n1r), b4 = (m1r − n1i, m1i + n1r); b2, b3 with m2, n2.
		b1 := g.getCV()
		g.fadd(b1.re, m1.re, n1.im)
		g.fsub(b1.im, m1.im, n1.re)
		b4 := m1
		g.fsub(b4.re, m1.re, n1.im)
		g.fadd(b4.im, m1.im, n1.re)
		g.putCV(n1)
		b2 := g.getCV()
		g.fadd(b2.re, m2.re, n2.im)
		g.fsub(b2.im, m2.im, n2.re)
		b3 := m2
		g.fsub(b3.re, m2.re, n2.im)
		g.fadd(b3.im, m2.im, n2.re)
		g.putCV(n2)
		return []cv{b0, b1, b2, b3, b4}
	}
	panic(fmt.Sprintf("radix %d", r))
}

// mulTwPair returns x·w for a twiddle given as registers w = (wr, wi) and
// nw = (−wr, −wi) (elements 0 and 1); x is released.
func (g *neon) mulTwPair(x cv, w, nw a.V) cv {
	y := g.getCV()
	g.fmule(y.re, x.im, nw, 1) // −round(xi·wi)
	g.fmlae(y.re, x.re, w, 0)  // + xr·wr, fused
	g.fmule(y.im, x.im, w, 0)  // round(xi·wr)
	g.fmlae(y.im, x.re, w, 1)  // + xr·wi, fused
	g.putCV(x)
	return y
}

// mulTwLanes returns x·w for twiddles w = (wr, wi) per lane, with
// nwi = −wi; x is released.
func (g *neon) mulTwLanes(x, w cv, nwi a.V) cv {
	y := g.getCV()
	g.fmul(y.re, x.im, nwi)
	g.fmla(y.re, x.re, w.re)
	g.fmul(y.im, x.im, w.re)
	g.fmla(y.im, x.re, w.im)
	g.putCV(x)
	return y
}

// loadConsts loads the constants of radix r from the table for the
// direction of the parameter backward, into reserved registers, and
// returns them and the registers used; perLane selects the conjugation
// mask of per-lane twiddles (kind P) instead of twiddle pairs (kind Q).
func (g *neon) loadConsts(r int, perLane bool, backwardArg string, rc, rt a.R) (consts, []a.V) {
	g.Op("MOVD", "$"+g.constName()+"<>(SB)", rc.String())
	g.Op("MOVBU", backwardArg, rt.String())
	skip := g.newLabel("fwd")
	g.Op("CBZ", rt.String(), skip)
	g.Op("ADD", fmt.Sprintf("$%d", 16*nEntries), rc.String())
	g.Label(skip)
	var k consts
	var used []a.V
	ld := func(entry int) a.V {
		v := a.V(31 - len(used))
		used = append(used, v)
		g.Op("ADD", fmt.Sprintf("$%d", 16*entry), rc.String(), rt.String())
		g.I(a.LD1(v, 1, rt, false))
		return v
	}
	if perLane {
		k.dms = ld(nDMS)
	} else {
		k.dm = ld(nDM)
	}
	switch r {
	case 3:
		k.half, k.sn3 = ld(nHalf), ld(nSn3)
	case 5:
		k.c2, k.c4, k.s1, k.s2, k.ns1 = ld(nC2), ld(nC4), ld(nS1), ld(nS2), ld(nNS1)
	}
	return k, used
}

// shape is how a group of elements is loaded and stored: a full vector
// with LD2/ST2 (post-incrementing the pointers), a half vector (complex64
// only, .2S), or one complex number with scalar loads.
type shape int

const (
	full shape = iota
	half
	single
)

func (g *neon) shapes() []shape {
	if g.f32 {
		return []shape{full, half, single}
	}
	return []shape{full, single}
}

func (g *neon) shapeLanes(s shape) int {
	switch s {
	case full:
		return g.lanes()
	case half:
		return 2
	}
	return 1
}

// loadCV loads a group of shape s at p into a new vector.
func (g *neon) loadCV(s shape, p a.R) cv {
	switch s {
	case full, half:
		arr := a.D2
		if g.f32 {
			arr = a.S4
			if s == half {
				arr = a.S2
			}
		}
		c := g.getPair()
		g.I(a.LD2(c.re, arr, p, true))
		return c
	}
	c := g.getCV()
	if g.f32 {
		g.I(a.FMOVSLoad(c.re, 0, p), a.FMOVSLoad(c.im, 4, p))
	} else {
		g.I(a.FMOVDLoad(c.re, 0, p), a.FMOVDLoad(c.im, 8, p))
	}
	return c
}

// storeCV stores x (shape s) at p; full and half vectors must be in
// consecutive registers (a pair), otherwise they are moved to one.
func (g *neon) storeCV(s shape, x cv, p a.R) {
	switch s {
	case full, half:
		arr := a.D2
		if g.f32 {
			arr = a.S4
			if s == half {
				arr = a.S2
			}
		}
		if x.im != x.re+1 {
			c := g.getPair()
			g.I(a.MOV(c.re, x.re), a.MOV(c.im, x.im))
			g.putCV(x)
			x = c
		}
		g.I(a.ST2(x.re, arr, p, true))
		g.putCV(x)
		return
	}
	if g.f32 {
		g.I(a.FMOVSStore(x.re, 0, p), a.FMOVSStore(x.im, 4, p))
	} else {
		g.I(a.FMOVDStoreOff(x.re, 0, p), a.FMOVDStoreOff(x.im, 8, p))
	}
	g.putCV(x)
}

// General-purpose registers of the kernels.
const (
	rIn    a.R = 0 // R0…R4: input leg pointers
	rOut   a.R = 5 // R5…R9: output pointers (Q), twiddle row pointers (P)
	rP     a.R = 10
	rN     a.R = 11
	rS     a.R = 12 // s·cb
	rM     a.R = 13 // m·cb
	rL     a.R = 14 // m·s·cb
	rSrc   a.R = 15
	rDst   a.R = 16
	rTw    a.R = 17
	rConst a.R = 19
	rT     a.R = 20
	rT2    a.R = 21
	rBack  a.R = 22
	rOutP  a.R = 23 // P kernels: the output pointer
)

// legPointers sets dst[j] = base + j·unit for j < r, exchanging 1 and 3
// for a backward radix-4 pass if swap13 (rBack holds the flag).
func (g *neon) legPointers(r int, dst, base, unit a.R, swap13 bool) {
	g.Op("MOVD", base.String(), dst.String())
	for j := 1; j < r; j++ {
		g.Op("ADD", unit.String(), (dst + a.R(j-1)).String(), (dst + a.R(j)).String())
	}
	if swap13 && r == 4 {
		skip := g.newLabel("fwd")
		g.Op("CBZ", rBack.String(), skip)
		g.Op("MOVD", (dst + 1).String(), rT.String())
		g.Op("MOVD", (dst + 3).String(), (dst + 1).String())
		g.Op("MOVD", rT.String(), (dst + 3).String())
		g.Label(skip)
	}
}

// qkernel emits the radix-r pass vectorised over q.
func (g *neon) qkernel(r int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("passQ%dNEON%s", r, g.suffix()), Kind: "Q", Radix: r, Prec: g.prec(), ISA: "NEON"}
	cb := g.cb()
	g.Rawf("// func %s%s", k.Name, k.Sig())
	g.Rawf("TEXT ·%s(SB), NOSPLIT, $0-73", k.Name)
	kc, used := g.loadConsts(r, false, "backward+72(FP)", rConst, rT)
	g.Op("MOVBU", "backward+72(FP)", rBack.String())
	g.Op("MOVD", "s+24(FP)", rS.String())
	g.Op("LSL", fmt.Sprintf("$%d", log2(cb)), rS.String())
	g.Op("MOVD", "m+32(FP)", rM.String())
	g.Op("MUL", rM.String(), rS.String(), rL.String())
	g.Op("LSL", fmt.Sprintf("$%d", log2(cb)), rM.String())
	g.Op("MOVD", "p0+40(FP)", rP.String())
	g.Comment("src += p·s·cb + q0·cb, dst += r·p·s·cb + q0·cb, tw += p·cb")
	g.Op("MOVD", "q0+56(FP)", rT.String())
	g.Op("LSL", fmt.Sprintf("$%d", log2(cb)), rT.String())
	g.Op("MUL", rP.String(), rS.String(), rT2.String())
	g.Op("MOVD", "src+8(FP)", rSrc.String())
	g.Op("ADD", rT2.String(), rSrc.String())
	g.Op("ADD", rT.String(), rSrc.String())
	g.Op("MOVD", fmt.Sprintf("$%d", r), rN.String())
	g.Op("MUL", rN.String(), rT2.String())
	g.Op("MOVD", "dst+0(FP)", rDst.String())
	g.Op("ADD", rT2.String(), rDst.String())
	g.Op("ADD", rT.String(), rDst.String())
	g.Op("MOVD", "tw+16(FP)", rTw.String())
	g.Op("ADD", fmt.Sprintf("%s<<%d", rP, log2(cb)), rTw.String())

	// Twiddle registers: w and −w for k = 1…r−1.
	g.reset(used...)
	tw := make([][2]a.V, r)
	for j := 1; j < r; j++ {
		tw[j] = [2]a.V{g.get(), g.get()}
	}
	body := g.free

	ploop, done, notw, next := g.newLabel("ploop"), g.newLabel("done"), g.newLabel("notw"), g.newLabel("pnext")
	g.Label(ploop)
	g.Op("MOVD", "p1+48(FP)", rT.String())
	g.Op("CMP", rT.String(), rP.String())
	g.Op("BGE", done)
	g.legPointers(r, rIn, rSrc, rL, true)
	g.legPointers(r, rOut, rDst, rS, false)
	g.Op("MOVD", "q1+64(FP)", rN.String())
	g.Op("MOVD", "q0+56(FP)", rT.String())
	g.Op("SUB", rT.String(), rN.String())
	g.Op("CBZ", rP.String(), notw)
	g.Comment("Twiddles of this p, conjugated backward: (wr, wi) and (−wr, −wi).")
	g.Op("MOVD", rTw.String(), rT.String())
	for j := 1; j < r; j++ {
		w, nw := tw[j][0], tw[j][1]
		if g.f32 {
			g.I(a.FMOVDLoad(w, 0, rT))
		} else {
			g.I(a.LD1(w, 1, rT, false))
		}
		g.I(a.EOR(w, w, kc.dm))
		g.fneg(nw, w)
		if j < r-1 {
			g.Op("ADD", rM.String(), rT.String())
		}
	}
	g.qloop(r, kc, tw, body)
	g.Op("B", next)
	g.Label(notw)
	g.qloop(r, kc, nil, body)
	g.Label(next)
	g.Op("ADD", "$1", rP.String())
	g.Op("ADD", fmt.Sprintf("$%d", cb), rTw.String())
	g.Op("ADD", rS.String(), rSrc.String())
	for range r {
		g.Op("ADD", rS.String(), rDst.String())
	}
	g.Op("B", ploop)
	g.Label(done)
	g.Op("RET")
	g.Blank()
	return k
}

// qloop emits the loop over rN values of q with the leg pointers in rIn…
// and rOut…, with the twiddles tw (nil: none).
func (g *neon) qloop(r int, kc consts, tw [][2]a.V, body []a.V) {
	end := g.newLabel("qdone")
	for i, s := range g.shapes() {
		n := g.shapeLanes(s)
		top, skip := g.newLabel("q"), g.newLabel("qskip")
		g.free = append(g.free[:0], body...)
		g.Label(top)
		g.Op("CMP", fmt.Sprintf("$%d", n), rN.String())
		g.Op("BLT", skip)
		x := make([]cv, r)
		for j := range x {
			x[j] = g.loadCV(s, rIn+a.R(j))
		}
		b := g.butterfly(r, kc, x)
		for k := range b {
			if k > 0 && tw != nil {
				b[k] = g.mulTwPair(b[k], tw[k][0], tw[k][1])
			}
			g.storeCV(s, b[k], rOut+a.R(k))
		}
		if s == single {
			for j := range r {
				g.Op("ADD", fmt.Sprintf("$%d", g.cb()), (rIn + a.R(j)).String())
				g.Op("ADD", fmt.Sprintf("$%d", g.cb()), (rOut + a.R(j)).String())
			}
		}
		g.Op("SUB", fmt.Sprintf("$%d", n), rN.String())
		if i == 0 {
			g.Op("B", top)
		}
		g.Label(skip)
		if i < len(g.shapes())-1 {
			g.Op("CBZ", rN.String(), end)
		}
	}
	g.Label(end)
}

// pkernel emits the radix-r pass with s = 1 vectorised over p.
func (g *neon) pkernel(r int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("passP%dNEON%s", r, g.suffix()), Kind: "P", Radix: r, Prec: g.prec(), ISA: "NEON"}
	cb := g.cb()
	g.Rawf("// func %s%s", k.Name, k.Sig())
	g.Rawf("TEXT ·%s(SB), NOSPLIT, $0-49", k.Name)
	kc, used := g.loadConsts(r, true, "backward+48(FP)", rConst, rT)
	g.Op("MOVBU", "backward+48(FP)", rBack.String())
	g.Op("MOVD", "m+24(FP)", rL.String())
	g.Op("LSL", fmt.Sprintf("$%d", log2(cb)), rL.String())
	g.Op("MOVD", "p0+32(FP)", rP.String())
	g.Op("MOVD", "p1+40(FP)", rN.String())
	g.Op("SUB", rP.String(), rN.String())
	g.Op("LSL", fmt.Sprintf("$%d", log2(cb)), rP.String())
	g.Op("MOVD", "src+8(FP)", rSrc.String())
	g.Op("ADD", rP.String(), rSrc.String())
	g.Op("MOVD", "tw+16(FP)", rTw.String())
	g.Op("ADD", rP.String(), rTw.String())
	g.Op("MOVD", fmt.Sprintf("$%d", r), rT.String())
	g.Op("MUL", rT.String(), rP.String())
	g.Op("MOVD", "dst+0(FP)", rOutP.String())
	g.Op("ADD", rP.String(), rOutP.String())
	g.legPointers(r, rIn, rSrc, rL, true)
	g.legPointers(r-1, rOut, rTw, rL, false)
	g.reset(used...)
	body := append([]a.V(nil), g.free...)

	end := g.newLabel("pdone")
	shapes := []shape{full, single}
	for i, s := range shapes {
		n := g.shapeLanes(s)
		top, skip := g.newLabel("p"), g.newLabel("pskip")
		g.free = append(g.free[:0], body...)
		g.Label(top)
		g.Op("CMP", fmt.Sprintf("$%d", n), rN.String())
		g.Op("BLT", skip)
		x := make([]cv, r)
		for j := range x {
			x[j] = g.loadCV(s, rIn+a.R(j))
		}
		b := g.butterfly(r, kc, x)
		for k := 1; k < r; k++ {
			w := g.loadCV(s, rOut+a.R(k-1))
			g.I(a.EOR(w.im, w.im, kc.dms))
			nwi := g.get()
			g.fneg(nwi, w.im)
			b[k] = g.mulTwLanes(b[k], w, nwi)
			g.putCV(w)
			g.put(nwi)
		}
		g.storeLanes(s, b)
		if s == single {
			for j := range r {
				g.Op("ADD", fmt.Sprintf("$%d", cb), (rIn + a.R(j)).String())
				if j < r-1 {
					g.Op("ADD", fmt.Sprintf("$%d", cb), (rOut + a.R(j)).String())
				}
			}
		}
		g.Op("SUB", fmt.Sprintf("$%d", n), rN.String())
		g.Op("B", top)
		g.Label(skip)
		if i < len(shapes)-1 {
			g.Op("CBZ", rN.String(), end)
		}
	}
	g.Label(end)
	g.Op("RET")
	g.Blank()
	return k
}

// storeLanes stores the outputs b_k of the lanes (consecutive p) of a
// group of shape s: lane l's r outputs are contiguous, at rOutP, which
// advances past them.
func (g *neon) storeLanes(s shape, b []cv) {
	r := len(b)
	if !g.f32 {
		// z_k = (re_k[l], im_k[l]) for lane l: the complex number itself.
		z := g.consecutive(r)
		for l := 0; l < g.shapeLanes(s); l++ {
			for k := range b {
				if l == 0 {
					g.I(a.ZIP1(z[k], b[k].re, b[k].im))
				} else {
					g.I(a.ZIP2(z[k], b[k].re, b[k].im))
				}
			}
			g.I(a.ST1(z[0], min(r, 4), rOutP, true))
			if r == 5 {
				g.I(a.ST1(z[4], 1, rOutP, true))
			}
		}
		g.put(z...)
		g.putCV(b...)
		return
	}
	// complex64: zk = ZIP1S(re_k, im_k) holds lanes 0, 1 as 64-bit halves
	// (ZIP2S lanes 2, 3); ZIP1/ZIP2 on .2D pair outputs k, k+1 of a lane.
	z := make([]a.V, r)
	for k := range z {
		z[k] = g.get()
	}
	pair := g.consecutive(2)
	halves := 1
	if s == full {
		halves = 2
	}
	for h := 0; h < halves; h++ {
		for k := range b {
			if h == 0 {
				g.I(a.ZIP1S(z[k], b[k].re, b[k].im))
			} else {
				g.I(a.ZIP2S(z[k], b[k].re, b[k].im))
			}
		}
		lanes := 2
		if s == single {
			lanes = 1
		}
		for l := 0; l < lanes; l++ {
			for k := 0; k+1 < r; k += 2 {
				if l == 0 {
					g.I(a.ZIP1(pair[0], z[k], z[k+1]))
				} else {
					g.I(a.ZIP2(pair[0], z[k], z[k+1]))
				}
				g.I(a.ST1(pair[0], 1, rOutP, true))
			}
			if r%2 == 1 {
				g.I(a.ST1Lane(z[r-1], l, rOutP, true))
			}
		}
	}
	g.put(z...)
	g.put(pair...)
	g.putCV(b...)
}

// consecutive takes n registers with consecutive numbers from the free
// list.
func (g *neon) consecutive(n int) []a.V {
	have := map[a.V]bool{}
	for _, r := range g.free {
		have[r] = true
	}
	for start := a.V(0); int(start)+n <= 32; start++ {
		ok := true
		for i := 0; i < n; i++ {
			if !have[start+a.V(i)] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		var rest []a.V
		for _, r := range g.free {
			if r < start || r >= start+a.V(n) {
				rest = append(rest, r)
			}
		}
		g.free = rest
		out := make([]a.V, n)
		for i := range out {
			out[i] = start + a.V(i)
		}
		return out
	}
	panic("neon: no consecutive registers")
}

func log2(n int) int {
	for s := 0; s < 8; s++ {
		if 1<<s == n {
			return s
		}
	}
	panic(fmt.Sprintf("%d is not a power of two", n))
}

// table emits the constant table of the precision: the forward entries,
// then the backward ones.
func (g *neon) table() {
	name := g.constName()
	off := 0
	put := func(vals ...float64) {
		// vals has one value per lane of a complex pair pattern: 2 for
		// complex128 (one 16-byte entry), 4 for complex64.
		for _, v := range vals {
			if g.f32 {
				g.Rawf("DATA %s<>+%d(SB)/4, $0x%08x", name, off, math.Float32bits(float32(v)))
				off += 4
			} else {
				g.Rawf("DATA %s<>+%d(SB)/8, $0x%016x", name, off, math.Float64bits(v))
				off += 8
			}
		}
	}
	rnd := func(c float64) float64 {
		if g.f32 {
			return float64(float32(c))
		}
		return c
	}
	n := 2
	if g.f32 {
		n = 4
	}
	splat := func(v float64) {
		vals := make([]float64, n)
		for i := range vals {
			vals[i] = v
		}
		put(vals...)
	}
	negZero := math.Copysign(0, -1)
	for _, sign := range []float64{1, -1} {
		conj := 0.0
		if sign < 0 {
			conj = negZero
		}
		// nDM: (0, conj) in the lanes of one complex (and the next).
		if g.f32 {
			put(0, conj, 0, conj)
		} else {
			put(0, conj)
		}
		splat(conj)
		splat(-0.5)
		splat(sign * rnd(sin2Pi3))
		splat(rnd(cos2Pi5))
		splat(rnd(cos4Pi5))
		splat(sign * rnd(sin2Pi5))
		splat(sign * rnd(sin4Pi5))
		splat(-sign * rnd(sin2Pi5))
		splat(sign)
		if sign > 0 {
			splat(negZero)
		} else {
			splat(0)
		}
	}
	g.Rawf("GLOBL %s<>(SB), RODATA|NOPTR, $%d", name, off)
	g.Blank()
}

// genARM64 returns the NEON assembly file and its kernels.
func genARM64() ([]byte, []kernelDecl) {
	b := &a.Builder{}
	b.Rawf("// Code generated by %s. DO NOT EDIT.", generatorName)
	b.Blank()
	b.Raw("//go:build gc && !purego")
	b.Blank()
	b.Raw(`#include "textflag.h"`)
	b.Blank()
	label := 0
	var decls []kernelDecl
	for _, f32 := range []bool{false, true} {
		g := &neon{Builder: b, f32: f32, label: &label}
		g.table()
		for _, r := range radices {
			decls = append(decls, g.qkernel(r))
		}
		for _, r := range radices {
			decls = append(decls, g.pkernel(r))
		}
		for _, pr := range fusedPairs {
			decls = append(decls, g.fusedQ(pr[0], pr[1]))
		}
		for _, pr := range fusedPairs {
			decls = append(decls, g.fusedP(pr[0], pr[1]))
		}
	}
	return []byte(b.String()), decls
}
