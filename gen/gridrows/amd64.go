package main

import (
	"fmt"
	"regexp"

	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/printer"
	"github.com/mmcloughlin/avo/reg"
)

const (
	constName = "gridrowsconst"
	// Offsets in the constant table.
	cDupIdx = 0  // VPERMPD index (0,0,1,1,2,2,3,3): four weights → four complex lanes
	cMaskW  = 64 // byte i: k-mask of the first i of four weights (i = 0…4)
	cMaskG  = 72 // byte i: k-mask of the 2i grid lanes of the first i of four taps
	cMaskR  = 80 // byte i: k-mask of the first i of eight row weights (i = 0…8)
)

// x86 emits the amd64 kernels into an avo context.
type x86 struct {
	*build.Context
	opt    options
	consts operand.Mem
	label  int
}

func (g *x86) newLabel(prefix string) string {
	g.label++
	return fmt.Sprintf("%s_%d", prefix, g.label)
}

func (g *x86) emitConstants() {
	g.consts = g.StaticGlobal(constName)
	g.DataAttributes(attr.RODATA | attr.NOPTR)
	for i, v := range []uint64{0, 0, 1, 1, 2, 2, 3, 3} {
		g.AddDatum(cDupIdx+8*i, operand.U64(v))
	}
	for i, m := range []uint8{0, 0x1, 0x3, 0x7, 0xf} {
		g.AddDatum(cMaskW+i, operand.U8(m))
	}
	for i, m := range []uint8{0, 0x3, 0xf, 0x3f, 0xff} {
		g.AddDatum(cMaskG+i, operand.U8(m))
	}
	for i := range 9 {
		g.AddDatum(cMaskR+i, operand.U8(1<<i-1))
	}
}

// imm returns the immediate operand n, in the short form when it fits.
func imm(n int) operand.Constant {
	if n < 128 {
		return operand.Imm(uint64(n))
	}
	return operand.U32(n)
}

func (g *x86) param(name string) operand.Mem {
	b, err := g.Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

func (g *x86) result(name string) operand.Mem {
	b, err := g.Return(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// kernel is one function being emitted: SpreadRows or DotRows, for ymm
// (AVX2) or zmm (AVX-512) vectors. The rows are walked with a negative
// index r, off and rw addressed from their ends.
type kernel struct {
	*x86
	dot  bool
	zmm  bool
	done string

	grid, offEnd, rwEnd, r, l, wp reg.GPVirtual
	acc                           reg.VecVirtual // DotRows: (accRe, accIm)
	ri                            operand.Op     // SpreadRows: (re, im, …), zmm register or ymm in the frame
	buf                           operand.Mem    // AVX2: the weights that do not fit in registers
	bufSize                       int
	kw, kg                        reg.Register // AVX-512: masks of the last vector's taps
}

// emitKernel emits one kernel function. A zmm kernel with
// opt.AVX512MinTaps > 0 hands rows shorter than that to the ymm kernel
// ymmName (a tail call).
func (g *x86) emitKernel(name string, dot, zmm bool, ymmName string) {
	k := &kernel{x86: g, dot: dot, zmm: zmm}
	g.Function(name)
	g.Attributes(attr.NOSPLIT)
	if dot {
		g.SignatureExpr("func(grid []complex128, off []int, rw, w []float64) (accRe, accIm float64)")
	} else {
		g.SignatureExpr("func(grid []complex128, off []int, rw, w []float64, re, im float64)")
	}
	k.done = g.newLabel("done")
	if zmm && g.opt.AVX512MinTaps > 0 {
		g.Comment(fmt.Sprintf("Rows of fewer than %d taps: the AVX2 kernel (faster there, see the generator).", g.opt.AVX512MinTaps))
		l := g.GP64()
		g.Load(g.Param("w").Len(), l)
		cont := g.newLabel("zmm")
		g.CMPQ(l, imm(g.opt.AVX512MinTaps))
		g.JAE(operand.LabelRef(cont))
		// A jump to another function, which avo's branch analysis does not
		// know: a terminal instruction, as RET is.
		g.Instruction(&ir.Instruction{
			Opcode:     "JMP",
			Operands:   []operand.Op{operand.Mem{Symbol: operand.Symbol{Name: "·" + ymmName}, Base: reg.StaticBase}},
			IsTerminal: true,
		})
		g.Label(cont)
	}
	k.grid, k.offEnd, k.rwEnd, k.r, k.l, k.wp = g.GP64(), g.GP64(), g.GP64(), g.GP64(), g.GP64(), g.GP64()
	g.Load(g.Param("grid").Base(), k.grid)
	g.Load(g.Param("off").Base(), k.offEnd)
	g.Load(g.Param("off").Len(), k.r)
	g.Load(g.Param("rw").Base(), k.rwEnd)
	g.Load(g.Param("w").Base(), k.wp)
	g.Load(g.Param("w").Len(), k.l)
	if dot {
		k.acc = g.XMM()
		g.VXORPD(k.acc, k.acc, k.acc)
	}
	g.TESTQ(k.r, k.r)
	g.JZ(operand.LabelRef(k.done))
	g.LEAQ(operand.Mem{Base: k.offEnd, Index: k.r, Scale: 8}, k.offEnd)
	g.LEAQ(operand.Mem{Base: k.rwEnd, Index: k.r, Scale: 8}, k.rwEnd)
	g.NEGQ(k.r)
	if !dot {
		ri := k.reIm()
		k.ri = ri
		if !zmm {
			m := g.AllocLocal(32)
			g.VMOVUPD(ri, m)
			k.ri = m
		}
	}

	general := g.newLabel("general")
	if !zmm {
		for l := 1; l <= k.maxKey(); l++ {
			k.bufSize = max(k.bufSize, 32*(l/2-k.inRegs(l)))
		}
		if k.bufSize > 0 {
			k.buf = g.AllocLocal(k.bufSize)
		}
	}
	if lo, max := k.minKey(), k.maxKey(); max >= lo {
		// The key is len(w) for ymm kernels and the number of zmm vectors
		// of taps, ceil(len(w)/4), for zmm ones.
		key := k.l
		if zmm {
			key = g.GP64()
			g.LEAQ(operand.Mem{Base: k.l, Disp: 3}, key)
			g.SHRQ(operand.Imm(2), key)
		}
		g.Comment(fmt.Sprintf("%s not in %d…%d: the general loop", map[bool]string{false: "len(w)", true: "ceil(len(w)/4)"}[zmm], lo, max))
		if lo == 1 {
			g.TESTQ(key, key)
			g.JZ(operand.LabelRef(general))
		} else {
			g.CMPQ(key, imm(lo))
			g.JB(operand.LabelRef(general))
		}
		g.CMPQ(key, imm(max))
		g.JA(operand.LabelRef(general))
		if zmm {
			k.masks()
		}
		labels := make([]string, max+1)
		for i := lo; i <= max; i++ {
			labels[i] = g.newLabel(fmt.Sprintf("taps%s%d", map[bool]string{false: "", true: "x4_"}[zmm], i))
		}
		g.dispatch(key, lo, max, labels)
		for i := lo; i <= max; i++ {
			g.Label(labels[i])
			if zmm {
				k.unrolledZMM(i)
			} else {
				k.unrolledYMM(i)
			}
			g.JMP(operand.LabelRef(k.done))
		}
	}
	g.Label(general)
	if zmm {
		k.generalZMM()
	} else {
		k.generalYMM()
	}
	g.Label(k.done)
	if dot {
		g.VMOVUPD(k.acc, g.result("accRe"))
	}
	g.VZEROUPPER()
	g.RET()
}

// minKey returns the smallest key with an unrolled row loop.
func (k *kernel) minKey() int {
	if k.zmm && k.opt.AVX512MinTaps > 0 {
		return max(1, (k.opt.AVX512MinTaps+3)/4)
	}
	return 1
}

// maxKey returns the largest key with an unrolled row loop.
func (k *kernel) maxKey() int {
	if k.zmm {
		return k.opt.MaxVectorsAVX512
	}
	return k.opt.MaxTapsAVX2
}

// dispatch jumps to labels[key] for lo ≤ key ≤ hi by binary search.
func (g *x86) dispatch(key reg.GPVirtual, lo, hi int, labels []string) {
	if lo == hi {
		g.JMP(operand.LabelRef(labels[lo]))
		return
	}
	mid := (lo + hi) / 2
	upper := g.newLabel("above")
	g.CMPQ(key, imm(mid))
	g.JA(operand.LabelRef(upper))
	g.dispatch(key, lo, mid, labels)
	g.Label(upper)
	g.dispatch(key, mid+1, hi, labels)
}

// masks loads kw and kg, the masks of the last zmm vector of taps
// (1 to 4 taps): index ((len(w)-1) mod 4) + 1 of the tables.
func (k *kernel) masks() {
	t, tbl := k.GP64(), k.GP64()
	k.kw, k.kg = k.K(), k.K()
	k.LEAQ(operand.Mem{Base: k.l, Disp: -1}, t)
	k.ANDQ(operand.Imm(3), t)
	k.LEAQ(k.consts, tbl)
	k.KMOVB(operand.Mem{Base: tbl, Index: t, Scale: 1, Disp: cMaskW + 1}, k.kw)
	k.KMOVB(operand.Mem{Base: tbl, Index: t, Scale: 1, Disp: cMaskG + 1}, k.kg)
}

// rowPointer loads &grid[off[r]] into a new register (plain base
// addressing: memory operands with an index are unlaminated on many x86
// cores, and stores with one need the full address unit).
func (k *kernel) rowPointer() reg.GPVirtual {
	p := k.GP64()
	k.MOVQ(operand.Mem{Base: k.offEnd, Index: k.r, Scale: 8}, p)
	k.SHLQ(operand.Imm(4), p)
	k.ADDQ(k.grid, p)
	return p
}

// nextRow advances r and loops to row.
func (k *kernel) nextRow(row string) {
	k.INCQ(k.r)
	k.JNZ(operand.LabelRef(row))
}

// combineYMM performs acc = FMA(rw[r], (s0+s1)+(s2+s3), acc) for the
// partial sums a = (s0, s1), b = (s2, s3), two complex lanes each.
func (k *kernel) combineYMM(a, b reg.VecVirtual) {
	k.Comment("acc = FMA(rw[r], (s0+s1)+(s2+s3), acc)")
	s01, s23, rw := k.XMM(), k.XMM(), k.XMM()
	k.VEXTRACTF128(operand.Imm(1), a, s01)
	k.VADDPD(s01, a.AsX(), s01)
	k.VEXTRACTF128(operand.Imm(1), b, s23)
	k.VADDPD(s23, b.AsX(), s23)
	k.VADDPD(s23, s01, s01)
	k.VMOVDDUP(operand.Mem{Base: k.rwEnd, Index: k.r, Scale: 8}, rw)
	k.VFMADD231PD(s01, rw, k.acc)
}

// combineZMM is combineYMM for s = (s0, s1, s2, s3) in one zmm register.
func (k *kernel) combineZMM(s reg.VecVirtual) {
	k.Comment("acc = FMA(rw[r], (s0+s1)+(s2+s3), acc)")
	sw, hi, rw := k.ZMM(), k.XMM(), k.XMM()
	k.VSHUFF64X2(operand.Imm(0xb1), s, s, sw) // (s1, s0, s3, s2)
	k.VADDPD(sw, s, sw)                       // (s0+s1, ·, s2+s3, ·)
	k.VEXTRACTF64X2(operand.Imm(2), sw, hi)
	k.VADDPD(hi, sw.AsX(), hi)
	k.VMOVDDUP(operand.Mem{Base: k.rwEnd, Index: k.r, Scale: 8}, rw)
	k.VFMADD231PD(hi, rw, k.acc)
}

// lowLanes performs acc.lo = FMA(w, g, acc.lo) on the low two lanes of the
// ymm accumulator acc (one tap), keeping its high lanes bit for bit: a VEX
// xmm operation would zero them, and adding a zero product would turn a
// -0 into +0.
func (k *kernel) lowLanes(acc reg.VecVirtual, wm, gm operand.Mem) {
	w, t := k.XMM(), k.XMM()
	k.VMOVDDUP(wm, w)
	k.VMOVAPD(acc.AsX(), t)
	k.VFMADD231PD(gm, w, t)
	k.VBLENDPD(operand.Imm(0x3), t.AsY(), acc, acc)
}

// reIm returns (re, im, re, im, …) in a ymm or zmm register. re and im
// are loaded separately: the caller stored them separately, and a 16-byte
// load of both would not be forwarded from those stores (a stall of about
// 15 cycles per call).
func (k *kernel) reIm() reg.VecVirtual {
	x := k.XMM()
	k.VMOVSD(k.param("re"), x)
	k.VMOVHPD(k.param("im"), x, x)
	if k.zmm {
		ri := k.ZMM()
		k.VSHUFF64X2(operand.Imm(0), x.AsZ(), x.AsZ(), ri)
		return ri
	}
	ri := k.YMM()
	k.VPERMPD(operand.Imm(0x44), x.AsY(), ri)
	return ri
}

// spreadFactor returns c = (re, im, re, im, …)·rw[r], rounded products,
// from ri = (re, im, …) in a register or (ymm) in memory.
func (k *kernel) spreadFactor(ri operand.Op) reg.VecVirtual {
	k.Comment("c = (re, im, …)·rw[r], rounded products")
	rwm := operand.Mem{Base: k.rwEnd, Index: k.r, Scale: 8}
	if k.zmm {
		c := k.ZMM()
		k.VMULPD_BCST(rwm, ri, c)
		return c
	}
	c := k.YMM()
	k.VBROADCASTSD(rwm, c)
	k.VMULPD(ri, c, c)
	return c
}

// unrolledYMM emits the row loop of the AVX2 kernels for len(w) = l: the
// weights of taps 2i, 2i+1, duplicated, in a register each while
// registers last (16 minus the kernel's others), the rest in a buffer in
// the frame, filled once per call.
func (k *kernel) unrolledYMM(l int) {
	n, odd := l/2, l%2 == 1
	inRegs := k.inRegs(l)
	k.Comment(fmt.Sprintf("%d taps: the weights of taps 2i, 2i+1 duplicated in a register each (%d) or the frame (%d)",
		l, inRegs, n-inRegs))
	ws := make([]operand.Op, n)
	var buf operand.Mem
	if n > inRegs {
		buf = k.frame(32 * (n - inRegs))
	}
	// keep puts the weights of vector i in place: a register, or the
	// frame at once (all of them in registers at a time would not fit).
	keep := func(i int, w reg.VecVirtual) {
		ws[i] = w
		if i >= inRegs {
			m := buf.Offset(32 * (i - inRegs))
			k.VMOVUPD(w, m)
			ws[i] = m
		}
	}
	for i := 0; i < n; i += 2 {
		w0 := k.YMM()
		m := operand.Mem{Base: k.wp, Disp: 16 * i}
		if i+1 < n {
			w1 := k.YMM()
			k.VPERMPD(operand.Imm(0x50), m, w0)
			k.VPERMPD(operand.Imm(0xfa), m, w1)
			keep(i, w0)
			keep(i+1, w1)
		} else {
			k.VBROADCASTF128(m, w0)
			k.VPERMILPD(operand.Imm(0xc), w0, w0)
			keep(i, w0)
		}
	}
	row := k.newLabel("row")
	k.Label(row)
	gm := func(p reg.GPVirtual, i int) operand.Mem {
		return operand.Mem{Base: p, Disp: 32 * i}
	}
	wOdd := operand.Mem{Base: k.wp, Disp: 16 * n}
	if !k.dot {
		c := k.spreadFactor(k.ri)
		p := k.rowPointer()
		for i, w := range ws {
			t := k.YMM()
			k.VMOVUPD(gm(p, i), t)
			k.VFMADD231PD(w, c, t)
			k.VMOVUPD(t, gm(p, i))
		}
		if odd {
			t := k.XMM()
			k.VMOVDDUP(wOdd, t)
			k.VFMADD213PD(gm(p, n), c.AsX(), t)
			k.VMOVUPD(t, gm(p, n))
		}
		k.nextRow(row)
		return
	}
	k.Comment("a = (sr0, si0, sr1, si1), b = (sr2, si2, sr3, si3)")
	a, b := k.YMM(), k.YMM()
	k.VXORPD(a, a, a)
	k.VXORPD(b, b, b)
	p := k.rowPointer()
	for i, w := range ws {
		s := a
		if i%2 == 1 {
			s = b
		}
		if wr, ok := w.(reg.VecVirtual); ok {
			k.VFMADD231PD(gm(p, i), wr, s)
		} else {
			t := k.YMM()
			k.VMOVUPD(gm(p, i), t)
			k.VFMADD231PD(w, t, s)
		}
	}
	if odd {
		s := a
		if n%2 == 1 {
			s = b
		}
		k.lowLanes(s, wOdd, gm(p, n))
	}
	k.combineYMM(a, b)
	k.nextRow(row)
}

// inRegs returns how many of the l/2 vectors of duplicated weights of an
// unrolled AVX2 row loop for l taps stay in registers.
func (k *kernel) inRegs(l int) int {
	regs := 14 // SpreadRows: c and a temporary besides
	if k.dot {
		regs = 12 // a, b, acc and a temporary besides
		if l%2 == 1 {
			regs-- // the odd tap's blend needs a second temporary
		}
	}
	return min(regs, l/2)
}

// frame returns a buffer of size bytes in the frame, shared by the
// unrolled variants of a kernel (only one runs per call).
func (k *kernel) frame(size int) operand.Mem {
	if size > k.bufSize {
		panic(fmt.Sprintf("frame buffer of %d bytes > %d", size, k.bufSize))
	}
	return k.buf
}

// dupZMM loads four weights from wm (those of kw only, the others zero,
// if kw is not nil) and duplicates them into the complex lanes of a zmm
// register with the index vector idx.
func (k *kernel) dupZMM(wm operand.Mem, idx reg.VecVirtual, kw reg.Register) reg.VecVirtual {
	w := k.ZMM()
	if kw == nil {
		k.VMOVUPD(wm, w.AsY())
	} else {
		k.VMOVUPD_Z(wm, kw, w.AsY())
	}
	k.VPERMPD(w, idx, w)
	return w
}

// unrolledZMM emits the row loop of the AVX-512 kernels for nv vectors of
// four taps, the last one masked, with the weights in registers.
func (k *kernel) unrolledZMM(nv int) {
	k.Comment(fmt.Sprintf("%d vectors of 4 taps (the last masked), the weights duplicated in registers", nv))
	idx := k.ZMM()
	k.VMOVUPD(k.consts.Offset(cDupIdx), idx)
	ws := make([]reg.VecVirtual, nv)
	for i := range nv {
		var kw reg.Register
		if i == nv-1 {
			kw = k.kw
		}
		ws[i] = k.dupZMM(operand.Mem{Base: k.wp, Disp: 32 * i}, idx, kw)
	}
	row := k.newLabel("row")
	k.Label(row)
	gm := func(p reg.GPVirtual, i int) operand.Mem {
		return operand.Mem{Base: p, Disp: 64 * i}
	}
	if !k.dot {
		c := k.spreadFactor(k.ri)
		p := k.rowPointer()
		for i, w := range ws {
			t := k.ZMM()
			if i < nv-1 {
				k.VMOVUPD(gm(p, i), t)
				k.VFMADD231PD(w, c, t)
				k.VMOVUPD(t, gm(p, i))
			} else {
				k.VMOVUPD_Z(gm(p, i), k.kg, t)
				k.VFMADD231PD(w, c, t)
				k.VMOVUPD(t, k.kg, gm(p, i))
			}
		}
		k.nextRow(row)
		return
	}
	k.Comment("s = (sr0, si0, sr1, si1, sr2, si2, sr3, si3)")
	s := k.ZMM()
	k.VXORPD(s, s, s)
	p := k.rowPointer()
	for i, w := range ws {
		if i < nv-1 {
			k.VFMADD231PD(gm(p, i), w, s)
		} else {
			k.Comment("the last taps: the other lanes of s are kept (merge masking)")
			t := k.ZMM()
			k.VMOVUPD_Z(gm(p, i), k.kg, t)
			k.VFMADD231PD(t, w, k.kg, s)
		}
	}
	k.combineZMM(s)
	k.nextRow(row)
}

// generalYMM emits the AVX2 row loop for any len(w): the weights are
// duplicated as the taps are walked, four at a time, then 2 and 1.
func (k *kernel) generalYMM() {
	k.Comment("Any len(w): 4 taps at a time, then 2, then 1; the weights duplicated on the way.")
	wEnd, negNb := k.GP64(), k.GP64()
	k.nb(4, wEnd, negNb)
	row := k.newLabel("row")
	k.Label(row)
	var c, a, b reg.VecVirtual
	if k.dot {
		k.Comment("a = (sr0, si0, sr1, si1), b = (sr2, si2, sr3, si3)")
		a, b = k.YMM(), k.YMM()
		k.VXORPD(a, a, a)
		k.VXORPD(b, b, b)
	} else {
		c = k.spreadFactor(k.ri)
	}
	p := k.rowPointer()
	j := k.GP64()
	tail := k.newLabel("tail")
	k.MOVQ(negNb, j)
	k.TESTQ(j, j)
	k.JZ(operand.LabelRef(tail))
	k.Comment("p: &grid[off[r]]; j counts the bytes of w from -nb to 0, the grid at twice the stride")
	k.SUBQ(j, p)
	k.SUBQ(j, p)
	loop := k.newLabel("taps4")
	k.Label(loop)
	w0, w1 := k.YMM(), k.YMM()
	wm := operand.Mem{Base: wEnd, Index: j, Scale: 1}
	k.VPERMPD(operand.Imm(0x50), wm, w0)
	k.VPERMPD(operand.Imm(0xfa), wm, w1)
	g0 := operand.Mem{Base: p, Index: j, Scale: 2}
	g1 := g0.Offset(32)
	if k.dot {
		k.VFMADD231PD(g0, w0, a)
		k.VFMADD231PD(g1, w1, b)
	} else {
		k.VFMADD213PD(g0, c, w0)
		k.VFMADD213PD(g1, c, w1)
		k.VMOVUPD(w0, g0)
		k.VMOVUPD(w1, g1)
	}
	k.ADDQ(operand.Imm(32), j)
	k.JNZ(operand.LabelRef(loop))
	k.Label(tail)
	k.Comment("p and wq: the first tap after the 4-tap groups")
	wq := k.GP64()
	k.MOVQ(wEnd, wq)
	next, one := k.newLabel("next"), k.newLabel("one")
	k.TESTQ(operand.U32(2), k.l)
	k.JZ(operand.LabelRef(one))
	k.Comment("2 taps (≡ 0, 1 mod 4)")
	w2 := k.YMM()
	k.VBROADCASTF128(operand.Mem{Base: wq}, w2)
	k.VPERMILPD(operand.Imm(0xc), w2, w2)
	if k.dot {
		k.VFMADD231PD(operand.Mem{Base: p}, w2, a)
		k.TESTQ(operand.U32(1), k.l)
		k.JZ(operand.LabelRef(next))
		k.Comment("1 tap (≡ 2 mod 4): the low half of b")
		k.lowLanes(b, operand.Mem{Base: wq, Disp: 16}, operand.Mem{Base: p, Disp: 32})
		k.JMP(operand.LabelRef(next))
	} else {
		k.VFMADD213PD(operand.Mem{Base: p}, c, w2)
		k.VMOVUPD(w2, operand.Mem{Base: p})
		k.ADDQ(operand.Imm(16), wq)
		k.ADDQ(operand.Imm(32), p)
	}
	k.Label(one)
	k.TESTQ(operand.U32(1), k.l)
	k.JZ(operand.LabelRef(next))
	if k.dot {
		k.Comment("1 tap (≡ 0 mod 4): the low half of a")
		k.lowLanes(a, operand.Mem{Base: wq}, operand.Mem{Base: p})
	} else {
		k.Comment("1 tap")
		w1 := k.XMM()
		k.VMOVDDUP(operand.Mem{Base: wq}, w1)
		k.VFMADD213PD(operand.Mem{Base: p}, c.AsX(), w1)
		k.VMOVUPD(w1, operand.Mem{Base: p})
	}
	k.Label(next)
	if k.dot {
		k.combineYMM(a, b)
	}
	k.nextRow(row)
}

// nb sets negNb = -nb, nb = 8·(len(w) rounded down to a multiple of
// block): the bytes of w in whole blocks; and wEnd = &w[0] + nb.
func (k *kernel) nb(block int, wEnd, negNb reg.GPVirtual) {
	shift := map[int]uint64{4: 2}[block]
	k.MOVQ(k.l, negNb)
	k.SHRQ(operand.Imm(shift), negNb)
	k.SHLQ(operand.Imm(shift+3), negNb)
	k.LEAQ(operand.Mem{Base: k.wp, Index: negNb, Scale: 1}, wEnd)
	k.NEGQ(negNb)
}

// generalZMM emits the AVX-512 row loop for any len(w): four taps at a
// time, the weights duplicated on the way, then 1 to 3 taps masked.
func (k *kernel) generalZMM() {
	k.Comment("Any len(w): 4 taps at a time, the weights duplicated on the way, then 1 to 3 masked.")
	wEnd, negNb := k.GP64(), k.GP64()
	k.nb(4, wEnd, negNb)
	idx := k.ZMM()
	k.VMOVUPD(k.consts.Offset(cDupIdx), idx)
	kw, kg := k.K(), k.K()
	t, tbl := k.GP64(), k.GP64()
	k.MOVQ(k.l, t)
	k.ANDQ(operand.Imm(3), t)
	k.LEAQ(k.consts, tbl)
	k.KMOVB(operand.Mem{Base: tbl, Index: t, Scale: 1, Disp: cMaskW}, kw)
	k.KMOVB(operand.Mem{Base: tbl, Index: t, Scale: 1, Disp: cMaskG}, kg)
	row := k.newLabel("row")
	k.Label(row)
	var c, s reg.VecVirtual
	if k.dot {
		k.Comment("s = (sr0, si0, sr1, si1, sr2, si2, sr3, si3)")
		s = k.ZMM()
		k.VXORPD(s, s, s)
	} else {
		c = k.spreadFactor(k.ri)
	}
	p := k.rowPointer()
	j := k.GP64()
	tail := k.newLabel("tail")
	k.MOVQ(negNb, j)
	k.TESTQ(j, j)
	k.JZ(operand.LabelRef(tail))
	k.SUBQ(j, p)
	k.SUBQ(j, p)
	loop := k.newLabel("taps4")
	k.Label(loop)
	w := k.dupZMM(operand.Mem{Base: wEnd, Index: j, Scale: 1}, idx, nil)
	gm := operand.Mem{Base: p, Index: j, Scale: 2}
	if k.dot {
		k.VFMADD231PD(gm, w, s)
	} else {
		k.VFMADD213PD(gm, c, w)
		k.VMOVUPD(w, gm)
	}
	k.ADDQ(operand.Imm(32), j)
	k.JNZ(operand.LabelRef(loop))
	k.Label(tail)
	next := k.newLabel("next")
	k.TESTQ(operand.U32(3), k.l)
	k.JZ(operand.LabelRef(next))
	k.Comment("1 to 3 taps, masked")
	w = k.dupZMM(operand.Mem{Base: wEnd}, idx, kw)
	gv := k.ZMM()
	k.VMOVUPD_Z(operand.Mem{Base: p}, kg, gv)
	if k.dot {
		k.Comment("the other lanes of s are kept (merge masking)")
		k.VFMADD231PD(gv, w, kg, s)
	} else {
		k.VFMADD231PD(w, c, gv)
		k.VMOVUPD(gv, kg, operand.Mem{Base: p})
	}
	k.Label(next)
	if k.dot {
		k.combineZMM(s)
	}
	k.nextRow(row)
}

// highVec matches registers that only EVEX (AVX-512) encodings can name.
var highVec = regexp.MustCompile(`\b[XYZ](1[6-9]|2[0-9]|3[01])\b|\bZ\d|\bK\d`)

// genAMD64 returns the amd64 assembly file.
// avx2Only names the kernels that must run on AVX2 machines.
var avx2Only = map[string]bool{"spreadRowsAVX2": true, "dotRowsAVX2": true, "spreadPointsAVX2": true, "dotPointsAVX2": true, "spreadPlaneAVX2": true}

func genAMD64(opt options) ([]byte, error) {
	g := &x86{Context: build.NewContext(), opt: opt}
	g.ConstraintExpr("gc,!purego")
	g.emitConstants()
	g.emitKernel("spreadRowsAVX2", false, false, "")
	g.emitKernel("dotRowsAVX2", true, false, "")
	if opt.SpreadAVX512 {
		g.emitKernel("spreadRowsAVX512", false, true, "spreadRowsAVX2")
	}
	if opt.DotAVX512 {
		g.emitKernel("dotRowsAVX512", true, true, "dotRowsAVX2")
	}
	g.emitPoints("spreadPointsAVX2", false)
	g.emitPoints("dotPointsAVX2", true)
	g.emitPlane()
	g.emitPlaneZMM()
	f, err := g.Result()
	if err != nil {
		return nil, err
	}
	if err := pass.Compile.Execute(f); err != nil {
		return nil, err
	}
	// The AVX2 kernels must run without AVX-512: no EVEX-only registers
	// and no AVX-512 instructions.
	for _, s := range f.Sections {
		fn, ok := s.(*ir.Function)
		if !ok || !avx2Only[fn.Name] {
			continue
		}
		for _, isa := range fn.ISA {
			if isa != "AVX" && isa != "AVX2" && isa != "FMA3" {
				return nil, fmt.Errorf("%s uses %s", fn.Name, isa)
			}
		}
		for _, in := range fn.Instructions() {
			for _, op := range in.Operands {
				if highVec.MatchString(op.Asm()) {
					return nil, fmt.Errorf("%s uses an EVEX-only register: %s %s", fn.Name, in.Opcode, op.Asm())
				}
			}
		}
	}
	cfg := printer.Config{Name: generatorName, Pkg: "gridrows"}
	return printer.NewGoAsm(cfg).Print(f)
}
