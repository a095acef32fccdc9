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

	"github.com/numkern/numkern/gen/internal/spec"
)

// amd64Options are the tuning choices of the amd64 kernels; the defaults
// are what the benchmarks favoured (see the package documentation).
type amd64Options struct {
	// UnrollAVX2 and UnrollAVX512 are the number of vectors of points
	// processed together in the main loop.
	UnrollAVX2, UnrollAVX512 int
	// Store selects how AVX2 writes four taps of four points: "perm"
	// (VPERM2F128 into rows, 4 row stores), "insert" (VINSERTF128 for
	// the low rows, VPERM2F128 for the high ones), "extract" (8 half-row
	// stores, the high halves with VEXTRACTF128 to memory) or "strided"
	// (no transpose: 16 scalar stores).
	Store string
}

var defaultAMD64 = amd64Options{UnrollAVX2: 2, UnrollAVX512: 2, Store: "perm"}

// Constant table: every entry is 64 bytes, the value replicated so that a
// scalar, xmm, ymm or zmm operand can read it at the same offset.
const (
	kLo = iota
	kHi
	kLog2e
	kMagic
	kLn2Hi
	kLn2Lo
	kOne
	kBias
	kSign
	kPermA // VPERMI2PD index: rows p0|p4 (or p1|p5) of a 4×8 block
	kPermB // rows p2|p6 (or p3|p7)
	kCoef  // first of the polynomial coefficients
)

const constName = "gausswconst"

// x86 emits the amd64 kernels into an avo context.
type x86 struct {
	*build.Context
	opt    amd64Options
	consts operand.Mem
	label  int
}

// constant returns the memory operand of table entry i.
func (g *x86) constant(i int) operand.Mem { return g.consts.Offset(64 * i) }

func (g *x86) newLabel(prefix string) string {
	g.label++
	return fmt.Sprintf("%s_%d", prefix, g.label)
}

func (g *x86) emitConstants() {
	g.consts = g.StaticGlobal(constName)
	g.DataAttributes(attr.RODATA | attr.NOPTR)
	put := func(i int, words [8]uint64) {
		for j, w := range words {
			g.AddDatum(64*i+8*j, operand.U64(w))
		}
	}
	splat := func(i int, w uint64) { put(i, [8]uint64{w, w, w, w, w, w, w, w}) }
	f := math.Float64bits
	splat(kLo, f(-spec.MaxExpArg))
	splat(kHi, f(spec.MaxExpArg))
	splat(kLog2e, f(spec.Log2e))
	splat(kMagic, f(spec.RoundMagic))
	splat(kLn2Hi, f(spec.Ln2Hi))
	splat(kLn2Lo, f(spec.Ln2Lo))
	splat(kOne, f(1))
	splat(kBias, spec.Pow2Bias)
	splat(kSign, 1<<63)
	put(kPermA, [8]uint64{0, 1, 8, 9, 4, 5, 12, 13})
	put(kPermB, [8]uint64{2, 3, 10, 11, 6, 7, 14, 15})
	for i, c := range spec.Coeffs() {
		splat(kCoef+i, f(c))
	}
}

// imm returns the immediate operand n, in the short form when it fits.
func imm(n int) operand.Constant {
	if n < 128 {
		return operand.Imm(uint64(n))
	}
	return operand.U32(n)
}

// shape is a vector width: 1 (scalar, in an xmm register), 4 (ymm) or 8
// (zmm) float64 lanes.
type shape int

func (g *x86) vreg(s shape) reg.VecVirtual {
	switch s {
	case 1:
		return g.XMM()
	case 4:
		return g.YMM()
	}
	return g.ZMM()
}

// Arithmetic in shape s: the packed instruction, or the scalar one for
// s == 1. Operands are in Go order (sources first, destination last).
func (g *x86) mul(s shape, a, b, d operand.Op) {
	if s == 1 {
		g.VMULSD(a, b, d)
	} else {
		g.VMULPD(a, b, d)
	}
}

func (g *x86) add(s shape, a, b, d operand.Op) {
	if s == 1 {
		g.VADDSD(a, b, d)
	} else {
		g.VADDPD(a, b, d)
	}
}

func (g *x86) sub(s shape, a, b, d operand.Op) {
	if s == 1 {
		g.VSUBSD(a, b, d)
	} else {
		g.VSUBPD(a, b, d)
	}
}

func (g *x86) maxv(s shape, a, b, d operand.Op) {
	if s == 1 {
		g.VMAXSD(a, b, d)
	} else {
		g.VMAXPD(a, b, d)
	}
}

func (g *x86) minv(s shape, a, b, d operand.Op) {
	if s == 1 {
		g.VMINSD(a, b, d)
	} else {
		g.VMINPD(a, b, d)
	}
}

// fma213 is d = b·d + a, fused.
func (g *x86) fma213(s shape, a, b, d operand.Op) {
	if s == 1 {
		g.VFMADD213SD(a, b, d)
	} else {
		g.VFMADD213PD(a, b, d)
	}
}

// fnma231 is d = -(b·a) + d, fused: FMA(-b, a, d).
func (g *x86) fnma231(s shape, a, b, d operand.Op) {
	if s == 1 {
		g.VFNMADD231SD(a, b, d)
	} else {
		g.VFNMADD231PD(a, b, d)
	}
}

// load moves s lanes from memory (or a register) into d.
func (g *x86) load(s shape, m, d operand.Op) {
	if s == 1 {
		g.VMOVSD(m, d)
	} else {
		g.VMOVUPD(m, d)
	}
}

// exp computes e^x in place for every register of xs (independent chains,
// interleaved instruction by instruction) and returns the registers that
// hold the results. It is dmath.Exp step by step: see spec.Exp.
func (g *x86) exp(s shape, xs []reg.VecVirtual) []reg.VecVirtual {
	ks := make([]reg.VecVirtual, len(xs))
	ps := make([]reg.VecVirtual, len(xs))
	g.Comment("e^x: x = min(max(x, -708), 708)")
	for _, x := range xs {
		g.maxv(s, g.constant(kLo), x, x)
	}
	for _, x := range xs {
		g.minv(s, g.constant(kHi), x, x)
	}
	g.Comment("k = x·log2e + 1.5·2^52 (product rounded); n = k - 1.5·2^52")
	for i, x := range xs {
		ks[i] = g.vreg(s)
		g.mul(s, g.constant(kLog2e), x, ks[i])
	}
	for _, k := range ks {
		g.add(s, g.constant(kMagic), k, k)
	}
	ns := make([]reg.VecVirtual, len(xs))
	for i, k := range ks {
		ns[i] = g.vreg(s)
		g.sub(s, g.constant(kMagic), k, ns[i])
	}
	g.Comment("r = FMA(-n, ln2Lo, FMA(-n, ln2Hi, x))")
	for i, x := range xs {
		g.fnma231(s, g.constant(kLn2Hi), ns[i], x)
	}
	for i, x := range xs {
		g.fnma231(s, g.constant(kLn2Lo), ns[i], x)
	}
	g.Comment("p = Horner in r with FMA, then p = FMA(p, r, 1) twice")
	ncoef := len(spec.Coeffs())
	for i := range xs {
		ps[i] = g.vreg(s)
		g.load(s, g.constant(kCoef), ps[i])
	}
	for c := 1; c < ncoef; c++ {
		for i, x := range xs {
			g.fma213(s, g.constant(kCoef+c), x, ps[i])
		}
	}
	for range 2 {
		for i, x := range xs {
			g.fma213(s, g.constant(kOne), x, ps[i])
		}
	}
	g.Comment("2^n = (bits(k) - (0x4338000000000000 - 1023)) << 52; e^x = p · 2^n")
	for _, k := range ks {
		g.VPSUBQ(g.constant(kBias), k, k)
	}
	for _, k := range ks {
		g.VPSLLQ(operand.Imm(spec.Pow2Shift), k, k)
	}
	for i, p := range ps {
		g.mul(s, ks[i], p, p)
	}
	return ps
}

// kernelRegs are the general-purpose registers of a kernel.
type kernelRegs struct {
	w, frac, n, e3, l, s, s3 reg.GPVirtual
	alpha, c2k               operand.Mem // locals holding broadcasts
}

// kernel emits one weights function for isa "AVX2" or "AVX512".
func (g *x86) kernel(isa string) {
	wide := shape(4)
	unroll := g.opt.UnrollAVX2
	if isa == "AVX512" {
		wide = 8
		unroll = g.opt.UnrollAVX512
	}
	name := "weights" + isa
	g.Function(name)
	g.Attributes(attr.NOSPLIT)
	g.SignatureExpr("func(w, frac []float64, alpha, twoKMinus2 float64, e3 []float64)")
	g.Comment(
		"Registers: w, frac: the next point's output row and fraction; n: points left;",
		"e3, l: the tap factors and their count; s = 8·l, s3 = 3·s: the row stride.",
	)
	r := kernelRegs{
		w: g.GP64(), frac: g.GP64(), n: g.GP64(), e3: g.GP64(), l: g.GP64(),
		s: g.GP64(), s3: g.GP64(),
	}
	g.Load(g.Param("w").Base(), r.w)
	g.Load(g.Param("frac").Base(), r.frac)
	g.Load(g.Param("frac").Len(), r.n)
	g.Load(g.Param("e3").Base(), r.e3)
	g.Load(g.Param("e3").Len(), r.l)
	g.MOVQ(r.l, r.s)
	g.SHLQ(operand.Imm(3), r.s)
	g.LEAQ(operand.Mem{Base: r.s, Index: r.s, Scale: 2}, r.s3)
	// alpha and twoKMinus2 broadcast to full vectors in the frame, so
	// that they cost no register.
	r.alpha = g.AllocLocal(64)
	r.c2k = g.AllocLocal(64)
	for _, p := range []struct {
		name string
		m    operand.Mem
	}{{"alpha", r.alpha}, {"twoKMinus2", r.c2k}} {
		b, err := g.Param(p.name).Resolve()
		if err != nil {
			panic(err)
		}
		t := g.vreg(wide)
		g.VBROADCASTSD(b.Addr, t)
		g.VMOVUPD(t, p.m)
	}

	done := g.newLabel("done")
	type stage struct {
		s      shape
		unroll int
		loop   bool
	}
	stages := []stage{{wide, unroll, true}}
	if unroll > 1 {
		stages = append(stages, stage{wide, 1, false})
	}
	if wide == 8 {
		stages = append(stages, stage{4, 1, false})
	}
	for _, st := range stages {
		pts := int(st.s) * st.unroll
		top := g.newLabel(fmt.Sprintf("block%dx%d", st.s, st.unroll))
		next := g.newLabel("next")
		g.Label(top)
		g.CMPQ(r.n, operand.Imm(uint64(pts)))
		g.JB(operand.LabelRef(next))
		g.block(r, st.s, st.unroll)
		g.ADDQ(imm(8*pts), r.frac)
		g.SUBQ(imm(pts), r.n)
		if st.loop {
			g.JMP(operand.LabelRef(top))
		}
		g.Label(next)
	}
	g.Comment("Scalar tail: one point at a time.")
	g.TESTQ(r.n, r.n)
	g.JZ(operand.LabelRef(done))
	tail := g.newLabel("tail")
	g.Label(tail)
	g.scalarPoint(r)
	g.ADDQ(operand.Imm(8), r.frac)
	g.DECQ(r.n)
	g.JNZ(operand.LabelRef(tail))
	g.Label(done)
	g.VZEROUPPER()
	g.RET()
}

// prologue emits the per-point computations before the two exponentials,
// for u vectors of points loaded from frac: it returns the exp arguments
// in the order e2 argument, v argument for each vector.
func (g *x86) prologue(r kernelRegs, s shape, unroll int) []reg.VecVirtual {
	g.Comment("a = alpha·f; exp arguments 2a (for e2) and -(a·(f + twoKMinus2)) (for v)")
	var xs []reg.VecVirtual
	for u := range unroll {
		f := g.vreg(s)
		g.load(s, operand.Mem{Base: r.frac, Disp: 8 * int(s) * u}, f)
		a := g.vreg(s)
		g.mul(s, r.alpha, f, a)
		x2 := g.vreg(s)
		g.add(s, a, a, x2)
		t := g.vreg(s)
		g.add(s, r.c2k, f, t)
		g.mul(s, t, a, t)
		g.VXORPD(g.constant(kSign), t, t) // exact negation
		xs = append(xs, x2, t)
	}
	return xs
}

// block emits the computation of unroll vectors of s points each (s ≥ 4)
// and the stores of their weights; r.w advances past their rows.
func (g *x86) block(r kernelRegs, s shape, unroll int) {
	es := g.exp(s, g.prologue(r, s, unroll))
	e2 := make([]reg.VecVirtual, unroll)
	v := make([]reg.VecVirtual, unroll)
	for u := range unroll {
		e2[u], v[u] = es[2*u], es[2*u+1]
	}

	g.Comment("Taps: w[p][t] = v·e3[t], v = v·e2, four taps at a time, transposed into rows.")
	q := g.GP64()    // row 0 of this block, at tap t
	off := g.GP64()  // 8·t
	left := g.GP64() // taps left
	g.MOVQ(r.w, q)
	g.XORQ(off, off)
	g.MOVQ(r.l, left)
	rows := int(s) * unroll
	// bases[i] addresses row 4i: q + 4i·s.
	bases := make([]reg.GPVirtual, (rows+3)/4)
	rowMem := func(row, disp int) operand.Mem {
		b := bases[row/4]
		switch row % 4 {
		case 0:
			return operand.Mem{Base: b, Disp: disp}
		case 1:
			return operand.Mem{Base: b, Index: r.s, Scale: 1, Disp: disp}
		case 2:
			return operand.Mem{Base: b, Index: r.s, Scale: 2, Disp: disp}
		}
		return operand.Mem{Base: b, Index: r.s3, Scale: 1, Disp: disp}
	}
	setBases := func() {
		bases[0] = q
		for i := 1; i < len(bases); i++ {
			bases[i] = g.GP64()
			if i%2 == 0 {
				g.LEAQ(operand.Mem{Base: bases[i-2], Index: r.s, Scale: 8}, bases[i])
			} else {
				g.LEAQ(operand.Mem{Base: bases[i-1], Index: r.s, Scale: 4}, bases[i])
			}
		}
	}
	// taps computes nt consecutive taps for every vector: out[u][k].
	taps := func(nt int) [][]reg.VecVirtual {
		out := make([][]reg.VecVirtual, unroll)
		for k := range nt {
			e := g.vreg(s)
			g.VBROADCASTSD(operand.Mem{Base: r.e3, Index: off, Scale: 1, Disp: 8 * k}, e)
			for u := range unroll {
				o := g.vreg(s)
				g.mul(s, e, v[u], o)
				g.mul(s, e2[u], v[u], v[u])
				out[u] = append(out[u], o)
			}
		}
		return out
	}

	loop4 := g.newLabel("taps4")
	rem2 := g.newLabel("taps2")
	rem1 := g.newLabel("taps1")
	end := g.newLabel("tapsdone")
	g.Label(loop4)
	g.CMPQ(left, operand.Imm(4))
	g.JB(operand.LabelRef(rem2))
	setBases()
	out := taps(4)
	for u := range unroll {
		g.store4(s, out[u], func(j, disp int) operand.Mem { return rowMem(u*int(s)+j, disp) })
	}
	g.ADDQ(operand.Imm(32), q)
	g.ADDQ(operand.Imm(32), off)
	g.SUBQ(operand.Imm(4), left)
	g.JMP(operand.LabelRef(loop4))

	g.Label(rem2)
	g.CMPQ(left, operand.Imm(2))
	g.JB(operand.LabelRef(rem1))
	setBases()
	out = taps(2)
	for u := range unroll {
		g.store2(s, out[u], func(j int) operand.Mem { return rowMem(u*int(s)+j, 0) })
	}
	g.ADDQ(operand.Imm(16), q)
	g.ADDQ(operand.Imm(16), off)
	g.SUBQ(operand.Imm(2), left)

	g.Label(rem1)
	g.TESTQ(left, left)
	g.JZ(operand.LabelRef(end))
	setBases()
	out = taps(1)
	for u := range unroll {
		g.store1(s, out[u][0], func(j int) operand.Mem { return rowMem(u*int(s)+j, 0) })
	}
	g.Label(end)
	// Next block: rows·s bytes further.
	for range rows / 8 {
		g.LEAQ(operand.Mem{Base: r.w, Index: r.s, Scale: 8}, r.w)
	}
	if rows%8 == 4 {
		g.LEAQ(operand.Mem{Base: r.w, Index: r.s, Scale: 4}, r.w)
	}
}

// store4 writes four taps o[0..3] of s points: point j's four values go to
// row(j, 0) (and row(j, 16) for its second half).
func (g *x86) store4(s shape, o []reg.VecVirtual, row func(j, disp int) operand.Mem) {
	if s == 4 && g.opt.Store == "strided" {
		for k := range o {
			g.store1(s, o[k], func(j int) operand.Mem { return row(j, 8*k) })
		}
		return
	}
	// lo01 = [o0[0] o1[0] | o0[2] o1[2] | …], hi01 = [o0[1] o1[1] | o0[3] o1[3] | …]
	lo01, hi01, lo23, hi23 := g.vreg(s), g.vreg(s), g.vreg(s), g.vreg(s)
	g.VUNPCKLPD(o[1], o[0], lo01)
	g.VUNPCKHPD(o[1], o[0], hi01)
	g.VUNPCKLPD(o[3], o[2], lo23)
	g.VUNPCKHPD(o[3], o[2], hi23)
	if s == 8 {
		// Row pairs (p, p+4) gathered from the 128-bit lanes by a
		// two-table permute: even points from lo, odd ones from hi.
		for i, pair := range [][2]reg.VecVirtual{{lo01, lo23}, {hi01, hi23}} {
			for k, idx := range []int{kPermA, kPermB} {
				p := g.vreg(s)
				g.VMOVUPD(g.constant(idx), p)
				g.VPERMI2PD(pair[1], pair[0], p)
				j := i + 2*k // point of the low half
				g.VMOVUPD(p.AsY(), row(j, 0))
				g.VEXTRACTF64X4(operand.Imm(1), p, row(j+4, 0))
			}
		}
		return
	}
	switch g.opt.Store {
	case "perm", "insert":
		for i, pair := range [][2]reg.VecVirtual{{lo01, lo23}, {hi01, hi23}} {
			a, b := g.vreg(s), g.vreg(s)
			if g.opt.Store == "insert" {
				g.VINSERTF128(operand.Imm(1), pair[1].AsX(), pair[0], a)
			} else {
				g.VPERM2F128(operand.Imm(0x20), pair[1], pair[0], a)
			}
			g.VPERM2F128(operand.Imm(0x31), pair[1], pair[0], b)
			g.VMOVUPD(a, row(i, 0))
			g.VMOVUPD(b, row(i+2, 0))
		}
	case "extract":
		for i, pair := range [][2]reg.VecVirtual{{lo01, lo23}, {hi01, hi23}} {
			g.VMOVUPD(pair[0].AsX(), row(i, 0))
			g.VMOVUPD(pair[1].AsX(), row(i, 16))
			g.VEXTRACTF128(operand.Imm(1), pair[0], row(i+2, 0))
			g.VEXTRACTF128(operand.Imm(1), pair[1], row(i+2, 16))
		}
	default:
		panic("unknown store option " + g.opt.Store)
	}
}

// store2 writes two taps o[0], o[1] of s points.
func (g *x86) store2(s shape, o []reg.VecVirtual, row func(j int) operand.Mem) {
	lo, hi := g.vreg(s), g.vreg(s)
	g.VUNPCKLPD(o[1], o[0], lo) // points 0, 2, 4, 6
	g.VUNPCKHPD(o[1], o[0], hi) // points 1, 3, 5, 7
	for i, x := range []reg.VecVirtual{lo, hi} {
		g.VMOVUPD(x.AsX(), row(i))
		if s == 8 {
			for lane := 1; lane < 4; lane++ {
				g.VEXTRACTF64X2(operand.Imm(uint64(lane)), x, row(i+2*lane))
			}
		} else {
			g.VEXTRACTF128(operand.Imm(1), x, row(i+2))
		}
	}
}

// store1 writes one tap of s points.
func (g *x86) store1(s shape, o reg.VecVirtual, row func(j int) operand.Mem) {
	g.VMOVSD(o.AsX(), row(0))
	g.VMOVHPD(o.AsX(), row(1))
	for lane := 1; lane < int(s)/2; lane++ {
		x := g.XMM()
		if s == 8 {
			g.VEXTRACTF64X2(operand.Imm(uint64(lane)), o, x)
		} else {
			g.VEXTRACTF128(operand.Imm(uint64(lane)), o, x)
		}
		g.VMOVSD(x, row(2*lane))
		g.VMOVHPD(x, row(2*lane+1))
	}
}

// scalarPoint computes the weights of the point at r.frac into r.w, with
// scalar instructions, and advances r.w by one row.
func (g *x86) scalarPoint(r kernelRegs) {
	es := g.exp(1, g.prologue(r, 1, 1))
	e2, v := es[0], es[1]
	g.Comment("Taps, one at a time.")
	off := g.GP64()
	left := g.GP64()
	g.XORQ(off, off)
	g.MOVQ(r.l, left)
	loop := g.newLabel("stap")
	end := g.newLabel("stapdone")
	g.TESTQ(left, left)
	g.JZ(operand.LabelRef(end))
	g.Label(loop)
	o := g.XMM()
	g.VMULSD(operand.Mem{Base: r.e3, Index: off, Scale: 1}, v, o)
	g.VMULSD(e2, v, v)
	g.VMOVSD(o, operand.Mem{Base: r.w, Index: off, Scale: 1})
	g.ADDQ(operand.Imm(8), off)
	g.DECQ(left)
	g.JNZ(operand.LabelRef(loop))
	g.Label(end)
	g.ADDQ(r.s, r.w)
}

// highVec matches registers that only EVEX (AVX-512) encodings can name.
var highVec = regexp.MustCompile(`\b[XYZ](1[6-9]|2[0-9]|3[01])\b`)

// genAMD64 returns the amd64 assembly file.
func genAMD64(opt amd64Options) ([]byte, error) {
	g := &x86{Context: build.NewContext(), opt: opt}
	g.ConstraintExpr("gc,!purego")
	g.emitConstants()
	g.kernel("AVX2")
	g.kernel("AVX512")
	f, err := g.Result()
	if err != nil {
		return nil, err
	}
	if err := pass.Compile.Execute(f); err != nil {
		return nil, err
	}
	// The AVX2 kernel must run without AVX-512: no EVEX-only registers
	// and no AVX-512 instructions.
	for _, s := range f.Sections {
		fn, ok := s.(*ir.Function)
		if !ok || fn.Name != "weightsAVX2" {
			continue
		}
		for _, isa := range fn.ISA {
			if isa != "AVX" && isa != "AVX2" && isa != "FMA3" {
				return nil, fmt.Errorf("weightsAVX2 uses %s", isa)
			}
		}
		for _, in := range fn.Instructions() {
			for _, op := range in.Operands {
				if highVec.MatchString(op.Asm()) {
					return nil, fmt.Errorf("weightsAVX2 uses an EVEX-only register: %s %s", in.Opcode, op.Asm())
				}
			}
		}
	}
	cfg := printer.Config{Name: generatorName, Pkg: "gaussw"}
	return printer.NewGoAsm(cfg).Print(f)
}
