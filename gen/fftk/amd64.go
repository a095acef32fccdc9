package main

import (
	"fmt"
	"math"
	"regexp"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/printer"
	"github.com/mmcloughlin/avo/reg"
)

// The amd64 kernels keep complex numbers interleaved, as they are in
// memory: a ymm register holds two complex128 (four complex64), a zmm
// register four (eight). The operations of the specification map to
// instructions as follows, lane by lane, with the same rounding:
//
//   - additions and subtractions of complex numbers: VADDPD/VSUBPD (PS);
//   - the twiddle multiply x·w: t = dupIm(x)·swap(w) (VMULPD, rounded), then
//     VFMADDSUB231PD dupRe(x)·w ∓ t, which is fma(xr, wr, −t0) in the real
//     lane and fma(xr, wi, t1) in the imaginary one; dupRe is VMOVDDUP
//     (VMOVSLDUP), dupIm VPERMILPD (VMOVSHDUP), swap VPERMILPD (VPERMILPS);
//     w and swap(w) are prepared once per p in the q-vectorised kernels;
//   - a ∓ b and a ± b with different signs in the real and imaginary
//     lanes (the ±i rotations of radix 4 and 5): VADDSUBPD on AVX2, and
//     VFMADDSUB/VFMSUBADD with a factor 1.0 (exact, so the single rounding
//     is that of the addition) where AVX-512 has no VADDSUBPD;
//   - fused multiply-adds by the radix 3 and 5 constants: VFMADD231,
//     VFNMADD231, VFMSUB231, the constant broadcast in every lane or, for
//     sin(2π/3), signed per lane.
//
// Backward passes conjugate the twiddles with an XOR of the imaginary sign
// bits, exchange the inputs 1 and 3 of radix 4 and negate the sine
// constants of radix 3 and 5 (direction constants copied to the stack at
// entry).

// Constant table entries, 64 bytes each (the value replicated, so any
// width reads the same offset).
const (
	cOnes = iota
	cHalfNeg
	cC2 // cos(2π/5)
	cC4 // cos(4π/5)
	cDir
)

// Direction-dependent entries, at cDir (forward) and cDir + nDir
// (backward).
const (
	dConj  = iota // XOR mask: 0 forward, the imaginary sign bits backward
	dSn3          // (sn, −sn) per complex, sn = ±sin(2π/3)
	dS1           // ±sin(2π/5)
	dS2           // ±sin(4π/5)
	dSig4         // 1 forward, −1 backward: d = fma(a1, σ, −σ·a3) of radix 4
	dNeg4         // −0 forward, 0 backward: XOR mask giving −σ·a3
	dSn3S         // ±sin(2π/3) in every lane (split kernels)
	dConjS        // 0 forward, −0 backward in every lane: conjugates split twiddles
	nDir
)

// Mathematical constants, as in package fft.
const (
	sin2Pi3 = 0.866025403784438646763723170752936183471402626905190314027903
	cos2Pi5 = 0.309016994374947424102293417182819058860154589902881431067724
	sin2Pi5 = 0.951056516295153572116439333379382143405698634125750222447305
	cos4Pi5 = -0.809016994374947424102293417182819058860154589902881431067724
	sin4Pi5 = 0.587785252292473129168705954639072768597652437643145991072272
)

// width is a vector width in bytes: 64 (zmm), 32 (ymm), 16 (xmm) or 8 (one
// complex64 in the low half of an xmm register).
type width int

// x86 emits the amd64 kernels of one ISA and precision into an avo
// context.
type x86 struct {
	*build.Context
	isa    string // "AVX2" or "AVX512"
	f32    bool   // complex64
	consts operand.Mem
	label  int
	// Per function: the direction constants on the stack, and the floats
	// of lane 0 with their opmask on AVX-512 (fused P kernels, see
	// loadLane0Mask).
	dir       operand.Mem
	lane0Bits uint64
	lane0     reg.OpmaskVirtual
}

func (g *x86) newLabel(prefix string) string {
	g.label++
	return fmt.Sprintf("%s_%d", prefix, g.label)
}

// cb is the size of a complex number in bytes.
func (g *x86) cb() int {
	if g.f32 {
		return 8
	}
	return 16
}

// full is the widest vector of the ISA.
func (g *x86) full() width {
	if g.isa == "AVX512" {
		return 64
	}
	return 32
}

// widths are the vector widths of a loop, widest first: the main loop and
// its tails.
func (g *x86) widths() []width {
	var ws []width
	for w := g.full(); int(w) >= g.cb(); w /= 2 {
		ws = append(ws, w)
	}
	return ws
}

func (g *x86) suffix() string {
	if g.f32 {
		return "c64"
	}
	return ""
}

func (g *x86) prec() int {
	if g.f32 {
		return 64
	}
	return 128
}

func (g *x86) constant(i int) operand.Mem { return g.consts.Offset(64 * i) }

func (g *x86) dirConst(i int) operand.Mem { return g.dir.Offset(64 * i) }

func (g *x86) vreg(w width) reg.VecVirtual {
	switch w {
	case 64:
		return g.ZMM()
	case 32:
		return g.YMM()
	}
	return g.XMM()
}

// view returns the register r seen with width w.
func view(r reg.VecVirtual, w width) reg.VecVirtual {
	switch w {
	case 64:
		return r.AsZ().(reg.VecVirtual)
	case 32:
		return r.AsY().(reg.VecVirtual)
	}
	return r.AsX().(reg.VecVirtual)
}

// Instruction helpers. Operands are named in the mathematical order; the
// avo calls use Go's order (sources first, destination last).

func (g *x86) load(w width, m operand.Op, d reg.VecVirtual) {
	switch {
	case w == 8:
		g.VMOVSD(m, d)
	case g.f32:
		g.VMOVUPS(m, d)
	default:
		g.VMOVUPD(m, d)
	}
}

func (g *x86) store(w width, r reg.VecVirtual, m operand.Mem) {
	switch {
	case w == 8:
		g.VMOVSD(r, m)
	case g.f32:
		g.VMOVUPS(r, m)
	default:
		g.VMOVUPD(r, m)
	}
}

// mov copies register a to d.
func (g *x86) mov(a, d reg.VecVirtual) {
	if g.f32 {
		g.VMOVAPS(a, d)
	} else {
		g.VMOVAPD(a, d)
	}
}

// add returns a + b in a new register.
func (g *x86) add(w width, a, b reg.VecVirtual) reg.VecVirtual {
	d := g.vreg(w)
	if g.f32 {
		g.VADDPS(b, a, d)
	} else {
		g.VADDPD(b, a, d)
	}
	return d
}

// sub returns a − b in a new register.
func (g *x86) sub(w width, a, b reg.VecVirtual) reg.VecVirtual {
	d := g.vreg(w)
	if g.f32 {
		g.VSUBPS(b, a, d)
	} else {
		g.VSUBPD(b, a, d)
	}
	return d
}

// mul returns a·b (rounded) in a new register; b may be memory.
func (g *x86) mul(w width, a reg.VecVirtual, b operand.Op) reg.VecVirtual {
	d := g.vreg(w)
	if g.f32 {
		g.VMULPS(b, a, d)
	} else {
		g.VMULPD(b, a, d)
	}
	return d
}

// fma231 sets acc = a·b + acc (fused); b may be memory.
func (g *x86) fma231(a reg.VecVirtual, b operand.Op, acc reg.VecVirtual) {
	if g.f32 {
		g.VFMADD231PS(b, a, acc)
	} else {
		g.VFMADD231PD(b, a, acc)
	}
}

// fnma231 sets acc = −(a·b) + acc (fused).
func (g *x86) fnma231(a reg.VecVirtual, b operand.Op, acc reg.VecVirtual) {
	if g.f32 {
		g.VFNMADD231PS(b, a, acc)
	} else {
		g.VFNMADD231PD(b, a, acc)
	}
}

// fms231 sets acc = a·b − acc (fused).
func (g *x86) fms231(a reg.VecVirtual, b operand.Op, acc reg.VecVirtual) {
	if g.f32 {
		g.VFMSUB231PS(b, a, acc)
	} else {
		g.VFMSUB231PD(b, a, acc)
	}
}

// fmaddsub231 sets acc = a·b ∓ acc: a·b − acc in the real lanes, a·b + acc
// in the imaginary ones (fused).
func (g *x86) fmaddsub231(a reg.VecVirtual, b operand.Op, acc reg.VecVirtual) {
	if g.f32 {
		g.VFMADDSUB231PS(b, a, acc)
	} else {
		g.VFMADDSUB231PD(b, a, acc)
	}
}

// addsub returns a ∓ b (real lanes a − b, imaginary lanes a + b) in a new
// register; a is preserved.
func (g *x86) addsub(w width, a, b reg.VecVirtual) reg.VecVirtual {
	d := g.vreg(w)
	if g.isa == "AVX2" {
		if g.f32 {
			g.VADDSUBPS(b, a, d)
		} else {
			g.VADDSUBPD(b, a, d)
		}
		return d
	}
	// d = a·1 ∓ b: the product is exact, so this rounds a ∓ b once.
	g.mov(a, d)
	if g.f32 {
		g.VFMADDSUB132PS(g.constant(cOnes), b, d)
	} else {
		g.VFMADDSUB132PD(g.constant(cOnes), b, d)
	}
	return d
}

// subadd returns a ± b (real lanes a + b, imaginary lanes a − b), in a's
// register (a is destroyed).
func (g *x86) subadd(a, b reg.VecVirtual) reg.VecVirtual {
	// a = a·1 ± b, rounded once.
	if g.f32 {
		g.VFMSUBADD132PS(g.constant(cOnes), b, a)
	} else {
		g.VFMSUBADD132PD(g.constant(cOnes), b, a)
	}
	return a
}

// swap returns x with real and imaginary parts exchanged; x may be memory.
func (g *x86) swap(w width, x operand.Op) reg.VecVirtual {
	d := g.vreg(w)
	if xr, ok := x.(reg.VecVirtual); ok && g.p15Shuffles() {
		// The same lanes as VPERMILPD/VPERMILPS, with shuffles that can
		// also issue on port 1.
		if g.f32 {
			g.VSHUFPS(operand.Imm(0xb1), xr, xr, d)
		} else {
			g.VSHUFPD(operand.Imm(map[width]uint64{16: 0x1, 32: 0x5, 64: 0x55}[w]), xr, xr, d)
		}
		return d
	}
	if g.f32 {
		g.VPERMILPS(operand.Imm(0xb1), x, d)
		return d
	}
	imm := map[width]uint64{16: 0x1, 32: 0x5, 64: 0x55}[w]
	g.VPERMILPD(operand.Imm(imm), x, d)
	return d
}

// p15Shuffles reports whether the in-lane shuffles use the forms that
// recent Intel cores also issue on port 1 for 256-bit vectors (VUNPCK*,
// VSHUFP*) rather than port 5 alone (VMOVDDUP, VMOVS?DUP, VPERMILP*).
func (g *x86) p15Shuffles() bool { return g.isa == "AVX2" }

// dupRe sets d to x's real parts in both lanes of every complex.
func (g *x86) dupRe(x, d reg.VecVirtual) {
	if g.p15Shuffles() {
		if g.f32 {
			g.VSHUFPS(operand.Imm(0xa0), x, x, d)
		} else {
			g.VUNPCKLPD(x, x, d)
		}
		return
	}
	if g.f32 {
		g.VMOVSLDUP(x, d)
	} else {
		g.VMOVDDUP(x, d)
	}
}

// dupIm sets d to x's imaginary parts in both lanes of every complex.
func (g *x86) dupIm(w width, x, d reg.VecVirtual) {
	if g.p15Shuffles() {
		if g.f32 {
			g.VSHUFPS(operand.Imm(0xf5), x, x, d)
		} else {
			g.VUNPCKHPD(x, x, d)
		}
		return
	}
	if g.f32 {
		g.VMOVSHDUP(x, d)
		return
	}
	imm := map[width]uint64{16: 0x3, 32: 0xf, 64: 0xff}[w]
	g.VPERMILPD(operand.Imm(imm), x, d)
}

// xor returns x XOR m in x's register.
func (g *x86) xor(x reg.VecVirtual, m operand.Op) {
	if g.f32 {
		g.VXORPS(m, x, x)
	} else {
		g.VXORPD(m, x, x)
	}
}

// broadcast loads the complex number at m into every complex lane of a
// new register.
func (g *x86) broadcast(w width, m operand.Mem) reg.VecVirtual {
	d := g.vreg(w)
	switch {
	case g.f32 && w == 8:
		g.VMOVSD(m, d)
	case g.f32 && w == 16:
		g.VMOVDDUP(m, d)
	case g.f32:
		g.VBROADCASTSD(m, d)
	case w == 16:
		g.VMOVUPD(m, d)
	case w == 32:
		g.VBROADCASTF128(m, d)
	default:
		g.VBROADCASTF64X2(m, d)
	}
	return d
}

// mulTw returns x·w, the canonical twiddle multiply, where w and ws =
// swap(w) are registers or memory of width w; x is destroyed.
func (g *x86) mulTw(wd width, x reg.VecVirtual, w, ws operand.Op) reg.VecVirtual {
	t := g.vreg(wd)
	g.dupIm(wd, x, t)
	if g.f32 {
		g.VMULPS(ws, t, t)
	} else {
		g.VMULPD(ws, t, t)
	}
	g.dupRe(x, x)
	g.fmaddsub231(x, w, t)
	return t
}

// butterfly emits the r-point DFT of the specification on a (forward
// order; backward passes exchange the inputs of radix 4 and use the
// backward direction constants) and returns b_0 … b_{r−1}.
func (g *x86) butterfly(r int, w width, a []reg.VecVirtual) []reg.VecVirtual {
	return g.butterflyX(r, w, a, false)
}

// butterflyX is butterfly; with exch4, a backward radix-4 butterfly takes
// its inputs in forward order and exchanges a1 and a3 arithmetically: the
// only operation where the order matters, d = a1 − a3 (backward a3 − a1),
// becomes d = fma(a1, σ, −σ·a3) with σ = ±1 from the direction constants
// (the product is exact, so d is the same rounded difference, zero signs
// included); a1 + a3 is commutative.
func (g *x86) butterflyX(r int, w width, a []reg.VecVirtual, exch4 bool) []reg.VecVirtual {
	switch r {
	case 2:
		return []reg.VecVirtual{g.add(w, a[0], a[1]), g.sub(w, a[0], a[1])}
	case 3:
		// t = a1 + a2, d = a1 − a2, b0 = a0 + t, m = fma(−1/2, t, a0),
		// b1 = fma(swap(d), (sn, −sn), m), b2 = fma(−swap(d), (sn, −sn), m).
		t := g.add(w, a[1], a[2])
		d := g.sub(w, a[1], a[2])
		b0 := g.add(w, a[0], t)
		m := a[0]
		g.fma231(t, g.constant(cHalfNeg), m)
		ds := g.swap(w, d)
		b1 := g.vreg(w)
		g.mov(m, b1)
		g.fma231(ds, g.dirConst(dSn3), b1)
		g.fnma231(ds, g.dirConst(dSn3), m)
		return []reg.VecVirtual{b0, b1, m}
	case 4:
		t0 := g.add(w, a[0], a[2])
		t1 := g.sub(w, a[0], a[2])
		t2 := g.add(w, a[1], a[3])
		var d reg.VecVirtual
		if exch4 {
			d = a[3]
			g.xor(d, g.dirConst(dNeg4))
			g.fma231(a[1], g.dirConst(dSig4), d)
		} else {
			d = g.sub(w, a[1], a[3])
		}
		b0 := g.add(w, t0, t2)
		b2 := g.sub(w, t0, t2)
		// t3 = −i·d = (d_i, −d_r): b1 = t1 + t3 = t1 ± swap(d),
		// b3 = t1 − t3 = t1 ∓ swap(d).
		ds := g.swap(w, d)
		b3 := g.addsub(w, t1, ds)
		b1 := g.subadd(t1, ds)
		return []reg.VecVirtual{b0, b1, b2, b3}
	case 5:
		s14 := g.add(w, a[1], a[4])
		d14 := g.sub(w, a[1], a[4])
		s23 := g.add(w, a[2], a[3])
		d23 := g.sub(w, a[2], a[3])
		b0 := g.add(w, g.add(w, a[0], s14), s23)
		// m1 = fma(c4, s23, fma(c2, s14, a0)), m2 = fma(c2, s23, fma(c4, s14, a0))
		m1 := g.vreg(w)
		g.mov(a[0], m1)
		g.fma231(s14, g.constant(cC2), m1)
		g.fma231(s23, g.constant(cC4), m1)
		m2 := a[0]
		g.fma231(s14, g.constant(cC4), m2)
		g.fma231(s23, g.constant(cC2), m2)
		// n1 = fma(s1, d14, round(s2·d23)), n2 = fma(s2, d14, −round(s1·d23))
		n1 := g.mul(w, d23, g.dirConst(dS2))
		g.fma231(d14, g.dirConst(dS1), n1)
		n2 := g.mul(w, d23, g.dirConst(dS1))
		g.fms231(d14, g.dirConst(dS2), n2)
		// b1 = m1 − i·n1 = m1 ± swap(n1), b4 = m1 ∓ swap(n1); same for b2, b3.
		n1s := g.swap(w, n1)
		b4 := g.addsub(w, m1, n1s)
		b1 := g.subadd(m1, n1s)
		n2s := g.swap(w, n2)
		b3 := g.addsub(w, m2, n2s)
		b2 := g.subadd(m2, n2s)
		return []reg.VecVirtual{b0, b1, b2, b3, b4}
	}
	panic(fmt.Sprintf("radix %d", r))
}

// loadDir copies the direction constants of the pass (forward or
// backward, from the parameter backward) to the stack.
func (g *x86) loadDir(entries ...int) {
	g.dir = g.AllocLocal(64 * nDir)
	b := g.GP64()
	g.Load(g.Param("backward"), b)
	off, alt := g.GP64(), g.GP64()
	g.MOVQ(operand.U32(64*cDir), off)
	g.MOVQ(operand.U32(64*(cDir+nDir)), alt)
	g.TESTQ(b, b)
	g.CMOVQNE(alt, off)
	base := g.GP64()
	g.LEAQ(g.consts, base)
	for _, e := range entries {
		t := g.vreg(g.full())
		g.load(g.full(), operand.Mem{Base: base, Index: off, Scale: 1, Disp: 64 * e}, t)
		g.store(g.full(), t, g.dirConst(e))
	}
}

// dirEntries lists the direction constants a radix uses.
func dirEntries(r int) []int {
	switch r {
	case 3:
		return []int{dConj, dSn3}
	case 5:
		return []int{dConj, dS1, dS2}
	}
	return []int{dConj}
}

// legRegs holds the byte offsets of the inputs (or outputs) j·stride of a
// radix-r butterfly: base + Index·Scale.
type legRegs struct {
	unit, unit3 reg.GPVirtual // stride and 3·stride
	o1, o3      reg.GPVirtual // radix 4: offsets of inputs 1 and 3 (exchanged backward)
}

// newLegs computes the offsets of stride unit (bytes), exchanging 1 and 3
// for a backward radix-4 pass when swap13 holds the backward flag.
func (g *x86) newLegs(r int, unit reg.GPVirtual, backward reg.GPVirtual) legRegs {
	l := legRegs{unit: unit}
	if r >= 4 {
		l.unit3 = g.GP64()
		g.LEAQ(operand.Mem{Base: unit, Index: unit, Scale: 2}, l.unit3)
	}
	if r == 4 && backward != nil {
		l.o1, l.o3 = g.GP64(), g.GP64()
		g.MOVQ(unit, l.o1)
		g.MOVQ(l.unit3, l.o3)
		g.TESTQ(backward, backward)
		g.CMOVQNE(l.unit3, l.o1)
		g.CMOVQNE(unit, l.o3)
	}
	return l
}

// at returns the address of leg j from base.
func (l legRegs) at(base reg.GPVirtual, j int) operand.Mem {
	switch j {
	case 0:
		return operand.Mem{Base: base}
	case 1:
		if l.o1 != nil {
			return operand.Mem{Base: base, Index: l.o1, Scale: 1}
		}
		return operand.Mem{Base: base, Index: l.unit, Scale: 1}
	case 2:
		return operand.Mem{Base: base, Index: l.unit, Scale: 2}
	case 3:
		if l.o3 != nil {
			return operand.Mem{Base: base, Index: l.o3, Scale: 1}
		}
		return operand.Mem{Base: base, Index: l.unit3, Scale: 1}
	case 4:
		return operand.Mem{Base: base, Index: l.unit, Scale: 4}
	}
	panic("leg")
}

// shiftCB emits x <<= log2(cb).
func (g *x86) shiftCB(x reg.GPVirtual) {
	if g.f32 {
		g.SHLQ(operand.Imm(3), x)
	} else {
		g.SHLQ(operand.Imm(4), x)
	}
}

// qkernel emits the radix-r pass vectorised over q:
//
//	func(dst, src, tw *complex, s, m, p0, p1, q0, q1 int, backward bool)
func (g *x86) qkernel(r int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("passQ%d%s%s", r, g.isa, g.suffix()), Kind: "Q", Radix: r, Prec: g.prec(), ISA: g.isa}
	g.Function(k.Name)
	// Not NOSPLIT: the frame (the twiddles of a p) can exceed the limit of
	// nosplit functions; the stack check costs a few instructions a call.
	g.SignatureExpr("func" + k.Sig())
	full := g.full()
	cb := g.cb()
	g.loadDir(dirEntries(r)...)
	slot := int(full)
	twbuf := g.AllocLocal(2 * (r - 1) * slot)

	backward := g.GP64()
	g.Load(g.Param("backward"), backward)
	S := g.GP64() // s·cb: output stride
	g.Load(g.Param("s"), S)
	g.shiftCB(S)
	M := g.GP64() // m·cb: twiddle row stride
	g.Load(g.Param("m"), M)
	g.shiftCB(M)
	L := g.GP64() // m·s·cb: input leg stride
	g.Load(g.Param("m"), L)
	g.IMULQ(S, L)
	in := g.newLegs(r, L, backward)
	out := g.newLegs(r, S, nil)

	p := g.GP64()
	g.Load(g.Param("p0"), p)
	q0 := g.GP64()
	g.Load(g.Param("q0"), q0)
	g.shiftCB(q0)
	// psrc = src + p·S + q0·cb, pdst = dst + r·p·S + q0·cb, ptw = tw + p·cb.
	psrc, pdst, ptw := g.GP64(), g.GP64(), g.GP64()
	t := g.GP64()
	g.MOVQ(p, t)
	g.IMULQ(S, t)
	g.Load(g.Param("src"), psrc)
	g.ADDQ(t, psrc)
	g.ADDQ(q0, psrc)
	g.IMUL3Q(operand.Imm(uint64(r)), t, t)
	g.Load(g.Param("dst"), pdst)
	g.ADDQ(t, pdst)
	g.ADDQ(q0, pdst)
	g.Load(g.Param("tw"), ptw)
	g.MOVQ(p, t)
	g.shiftCB(t)
	g.ADDQ(t, ptw)

	ploop, done, notw, next := g.newLabel("ploop"), g.newLabel("done"), g.newLabel("notw"), g.newLabel("pnext")
	bs, bd, nq := g.GP64(), g.GP64(), g.GP64()
	g.Label(ploop)
	g.CMPQ(p, g.paramMem("p1"))
	g.JGE(operand.LabelRef(done))
	g.MOVQ(psrc, bs)
	g.MOVQ(pdst, bd)
	g.Load(g.Param("q1"), nq)
	g.SUBQ(g.paramMem("q0"), nq)
	g.TESTQ(p, p)
	g.JZ(operand.LabelRef(notw))

	g.Comment("Twiddles of this p, conjugated backward, and their swaps, to the stack.")
	for k := 1; k < r; k++ {
		var m operand.Mem
		switch k {
		case 1:
			m = operand.Mem{Base: ptw}
		case 2:
			m = operand.Mem{Base: ptw, Index: M, Scale: 1}
		case 3:
			m = operand.Mem{Base: ptw, Index: M, Scale: 2}
		case 4:
			m3 := g.GP64()
			g.LEAQ(operand.Mem{Base: M, Index: M, Scale: 2}, m3)
			m = operand.Mem{Base: ptw, Index: m3, Scale: 1}
		}
		w := g.broadcast(full, m)
		g.xor(w, g.dirConst(dConj))
		g.store(full, w, twbuf.Offset(slot*(2*k-2)))
		ws := g.swap(full, w)
		g.store(full, ws, twbuf.Offset(slot*(2*k-1)))
	}
	tws := func(k int) (operand.Op, operand.Op) {
		return twbuf.Offset(slot * (2*k - 2)), twbuf.Offset(slot * (2*k - 1))
	}
	g.qloop(r, bs, bd, nq, in, out, tws)
	g.JMP(operand.LabelRef(next))
	g.Label(notw)
	g.qloop(r, bs, bd, nq, in, out, nil)
	g.Label(next)
	g.INCQ(p)
	g.ADDQ(operand.Imm(uint64(cb)), ptw)
	g.ADDQ(S, psrc)
	switch r {
	case 2:
		g.LEAQ(operand.Mem{Base: pdst, Index: S, Scale: 2}, pdst)
	case 3:
		g.ADDQ(out.unit3OrNew(g, S), pdst)
	case 4:
		g.LEAQ(operand.Mem{Base: pdst, Index: S, Scale: 4}, pdst)
	case 5:
		g.LEAQ(operand.Mem{Base: pdst, Index: S, Scale: 4}, pdst)
		g.ADDQ(S, pdst)
	}
	g.JMP(operand.LabelRef(ploop))
	g.Label(done)
	g.VZEROUPPER()
	g.RET()
	return k
}

// unit3OrNew returns 3·stride, computing it into a new register if the
// legs did not.
func (l legRegs) unit3OrNew(g *x86, unit reg.GPVirtual) reg.GPVirtual {
	if l.unit3 != nil {
		return l.unit3
	}
	t := g.GP64()
	g.LEAQ(operand.Mem{Base: unit, Index: unit, Scale: 2}, t)
	return t
}

// paramMem returns the memory operand of an integer parameter.
func (g *x86) paramMem(name string) operand.Mem {
	b, err := g.Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// qloop emits the loop over nq values of q from bs (inputs) and bd
// (outputs), widest vectors first, with the twiddles tws(k) (nil: none).
func (g *x86) qloop(r int, bs, bd, nq reg.GPVirtual, in, out legRegs, tws func(k int) (operand.Op, operand.Op)) {
	end := g.newLabel("qdone")
	for i, w := range g.widths() {
		lanes := int(w) / g.cb()
		top, skip := g.newLabel("q"), g.newLabel("qskip")
		g.Label(top)
		g.CMPQ(nq, operand.Imm(uint64(lanes)))
		g.JB(operand.LabelRef(skip))
		a := make([]reg.VecVirtual, r)
		for j := range a {
			a[j] = g.vreg(w)
			g.load(w, in.at(bs, j), a[j])
		}
		b := g.butterfly(r, w, a)
		g.store(w, b[0], out.at(bd, 0))
		for k := 1; k < r; k++ {
			v := b[k]
			if tws != nil {
				tw, ts := tws(k)
				v = g.mulTw(w, v, tw, ts)
			}
			g.store(w, v, out.at(bd, k))
		}
		g.ADDQ(operand.Imm(uint64(w)), bs)
		g.ADDQ(operand.Imm(uint64(w)), bd)
		if i == 0 {
			g.SUBQ(operand.Imm(uint64(lanes)), nq)
			g.JMP(operand.LabelRef(top))
		} else {
			g.SUBQ(operand.Imm(uint64(lanes)), nq)
		}
		g.Label(skip)
		if i == len(g.widths())-1 {
			break
		}
		g.TESTQ(nq, nq)
		g.JZ(operand.LabelRef(end))
	}
	g.Label(end)
}

// pkernel emits the radix-r pass with s = 1 vectorised over p (p0 ≥ 1):
//
//	func(dst, src, tw *complex, m, p0, p1 int, backward bool)
func (g *x86) pkernel(r int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("passP%d%s%s", r, g.isa, g.suffix()), Kind: "P", Radix: r, Prec: g.prec(), ISA: g.isa}
	g.Function(k.Name)
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr("func" + k.Sig())
	cb := g.cb()
	g.loadDir(dirEntries(r)...)
	backward := g.GP64()
	g.Load(g.Param("backward"), backward)
	L := g.GP64() // m·cb: the stride of the inputs and of the twiddle rows
	g.Load(g.Param("m"), L)
	g.shiftCB(L)
	in := g.newLegs(r, L, backward)
	rows := g.newLegs(r, L, nil)
	p0 := g.GP64()
	g.Load(g.Param("p0"), p0)
	n := g.GP64()
	g.Load(g.Param("p1"), n)
	g.SUBQ(p0, n)
	g.shiftCB(p0)
	bs, bt, bd := g.GP64(), g.GP64(), g.GP64()
	g.Load(g.Param("src"), bs)
	g.ADDQ(p0, bs)
	g.Load(g.Param("tw"), bt)
	g.ADDQ(p0, bt)
	g.Load(g.Param("dst"), bd)
	g.IMUL3Q(operand.Imm(uint64(r)), p0, p0)
	g.ADDQ(p0, bd)

	end := g.newLabel("pdone")
	for i, w := range g.widths() {
		lanes := int(w) / cb
		top, skip := g.newLabel("p"), g.newLabel("pskip")
		g.Label(top)
		g.CMPQ(n, operand.Imm(uint64(lanes)))
		g.JB(operand.LabelRef(skip))
		a := make([]reg.VecVirtual, r)
		for j := range a {
			a[j] = g.vreg(w)
			g.load(w, in.at(bs, j), a[j])
		}
		b := g.butterfly(r, w, a)
		for k := 1; k < r; k++ {
			tw := g.vreg(w)
			g.load(w, rows.at(bt, k-1), tw)
			g.xor(tw, g.dirConst(dConj))
			ts := g.swap(w, tw)
			b[k] = g.mulTw(w, b[k], tw, ts)
		}
		g.storeLanes(w, r, b, bd)
		g.ADDQ(operand.Imm(uint64(w)), bs)
		g.ADDQ(operand.Imm(uint64(w)), bt)
		g.ADDQ(operand.U32(r*int(w)), bd)
		g.SUBQ(operand.Imm(uint64(lanes)), n)
		if i == 0 {
			g.JMP(operand.LabelRef(top))
		}
		g.Label(skip)
		if i == len(g.widths())-1 {
			break
		}
		g.TESTQ(n, n)
		g.JZ(operand.LabelRef(end))
	}
	g.Label(end)
	g.VZEROUPPER()
	g.RET()
	return k
}

// storeLanes stores the outputs b_k of consecutive p in the lanes of the
// registers b: lane l of b_k goes to bd + (l·r + k)·cb.
func (g *x86) storeLanes(w width, r int, b []reg.VecVirtual, bd reg.GPVirtual) {
	cb := g.cb()
	at := func(l, k int) operand.Mem { return operand.Mem{Base: bd, Disp: (l*r + k) * cb} }
	for k, v := range b {
		if !g.f32 {
			for l := 0; l < int(w)/16; l++ {
				switch {
				case l == 0:
					g.VMOVUPD(v.AsX(), at(l, k))
				case w == 32:
					g.VEXTRACTF128(operand.Imm(1), v, at(l, k))
				default:
					g.VEXTRACTF64X2(operand.Imm(uint64(l)), v, at(l, k))
				}
			}
			continue
		}
		if w == 8 {
			g.VMOVSD(v, at(0, k))
			continue
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
			g.VMOVSD(x, at(2*c, k))
			g.VMOVHPS(x, at(2*c+1, k))
		}
	}
}

// emitConstants writes the constant table of the precision.
func (g *x86) emitConstants() {
	name := "fftkconst128"
	if g.f32 {
		name = "fftkconst64"
	}
	g.consts = g.StaticGlobal(name)
	g.DataAttributes(attr.RODATA | attr.NOPTR)
	// put fills entry i with the per-complex pattern (re, im).
	put := func(i int, re, im float64) {
		if g.f32 {
			a, b := math.Float32bits(float32(re)), math.Float32bits(float32(im))
			for j := 0; j < 8; j++ {
				g.AddDatum(64*i+8*j, operand.U64(uint64(b)<<32|uint64(a)))
			}
			return
		}
		for j := 0; j < 4; j++ {
			g.AddDatum(64*i+16*j, operand.U64(math.Float64bits(re)))
			g.AddDatum(64*i+16*j+8, operand.U64(math.Float64bits(im)))
		}
	}
	put(cOnes, 1, 1)
	put(cHalfNeg, -0.5, -0.5)
	put(cC2, cos2Pi5, cos2Pi5)
	put(cC4, cos4Pi5, cos4Pi5)
	negZero := math.Copysign(0, -1)
	for d, sign := range []float64{1, -1} {
		base := cDir + d*nDir
		if d == 0 {
			put(base+dConj, 0, 0)
		} else {
			put(base+dConj, 0, negZero)
		}
		sn := g.real(sin2Pi3) * sign
		put(base+dSn3, sn, -sn)
		s1, s2 := g.real(sin2Pi5)*sign, g.real(sin4Pi5)*sign
		put(base+dS1, s1, s1)
		put(base+dS2, s2, s2)
		put(base+dSig4, sign, sign)
		// (The assembler wants the entries in increasing order.)
		if d == 0 {
			put(base+dNeg4, negZero, negZero)
		} else {
			put(base+dNeg4, 0, 0)
		}
		put(base+dSn3S, sn, sn)
		if d == 0 {
			put(base+dConjS, 0, 0)
		} else {
			put(base+dConjS, negZero, negZero)
		}
	}
}

// real rounds a constant to the precision, as the Go code's conversions
// do (float32(c) of the exact constant, then exact negation).
func (g *x86) real(c float64) float64 {
	if g.f32 {
		return float64(float32(c))
	}
	return c
}

// splitFused reports whether the fused kernels of the ISA use the split
// (SoA) form. Measured at n = 1024, 4096, 65536: 9–15% faster than the
// interleaved form with AVX2, 2–5% slower with AVX-512, whose interleaved
// kernels keep the 16 intermediate values of a group in registers (split,
// they would need 32).
func (g *x86) splitFused() bool { return g.isa == "AVX2" }

// highVec matches registers that only EVEX (AVX-512) encodings can name.
var highVec = regexp.MustCompile(`\b[XYZ](1[6-9]|2[0-9]|3[01])\b`)

// genAMD64 returns the amd64 assembly file and its kernels.
func genAMD64() ([]byte, []kernelDecl, error) {
	ctx := build.NewContext()
	ctx.ConstraintExpr("gc,!purego")
	var decls []kernelDecl
	label := 0
	for _, f32 := range []bool{false, true} {
		g := &x86{Context: ctx, f32: f32}
		g.emitConstants()
		for _, isa := range []string{"AVX2", "AVX512"} {
			g.isa = isa
			g.label = label
			for _, r := range radices {
				decls = append(decls, g.qkernel(r))
			}
			for _, r := range radices {
				decls = append(decls, g.pkernel(r))
			}
			for _, pr := range fusedPairs {
				if g.splitFused() {
					decls = append(decls, g.fusedQSoA(pr[0], pr[1]))
				} else {
					decls = append(decls, g.fusedQ(pr[0], pr[1]))
				}
			}
			for _, pr := range fusedPairs {
				if g.splitFused() {
					decls = append(decls, g.fusedPSoA(pr[0], pr[1]))
				} else {
					decls = append(decls, g.fusedP(pr[0], pr[1]))
				}
			}
			label = g.label
		}
	}
	f, err := ctx.Result()
	if err != nil {
		return nil, nil, err
	}
	if err := pass.Compile.Execute(f); err != nil {
		return nil, nil, err
	}
	// The AVX2 kernels must run without AVX-512: no EVEX-only registers
	// and no AVX-512 instructions.
	for _, s := range f.Sections {
		fn, ok := s.(*ir.Function)
		if !ok || !regexp.MustCompile(`AVX2`).MatchString(fn.Name) {
			continue
		}
		for _, isa := range fn.ISA {
			if isa != "AVX" && isa != "AVX2" && isa != "FMA3" && isa != "SSE2" && isa != "SSE3" && isa != "CMOV" {
				return nil, nil, fmt.Errorf("%s uses %s", fn.Name, isa)
			}
		}
		for _, in := range fn.Instructions() {
			for _, op := range in.Operands {
				if highVec.MatchString(op.Asm()) {
					return nil, nil, fmt.Errorf("%s uses an EVEX-only register: %s %s", fn.Name, in.Opcode, op.Asm())
				}
			}
		}
	}
	cfg := printer.Config{Name: generatorName, Pkg: "fftk"}
	b, err := printer.NewGoAsm(cfg).Print(f)
	return b, decls, err
}
