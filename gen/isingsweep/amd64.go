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

const constName = "isingsweepconst"

// Constant table of the amd64 kernels.
const (
	cMask16 = 0   // uint16 (1<<i) - 1, i = 0…8: the valid words of a block (KMOVW)
	cLast16 = 32  // uint16 1<<(i-1), i = 1…8: the last word of a block
	cBias   = 64  // 8 × uint32 0x80000000: flips the order of signed compares
	cMaskY  = 128 // 32-byte masks, i = 0…4: i quadwords with the sign bit set (VPMASKMOVQ)
	cOnes   = 288 // 32 bytes of ones
	cSize   = 320
)

// x86 emits the amd64 kernels into an avo context.
type x86 struct {
	*build.Context
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
	// The assembler wants the entries in increasing order.
	for i := 0; i <= 8; i++ {
		g.AddDatum(cMask16+2*i, operand.U16(uint16(1<<i-1)))
	}
	g.AddDatum(cLast16, operand.U16(0))
	for i := 1; i <= 8; i++ {
		g.AddDatum(cLast16+2*i, operand.U16(uint16(1<<(i-1))))
	}
	for i := range 8 {
		g.AddDatum(cBias+4*i, operand.U32(0x80000000))
	}
	for i := 0; i <= 4; i++ {
		for j := range 4 {
			v := uint64(0)
			if j < i {
				v = ^uint64(0)
			}
			g.AddDatum(cMaskY+32*i+8*j, operand.U64(v))
		}
	}
	for j := range 4 {
		g.AddDatum(cOnes+8*j, operand.U64(^uint64(0)))
	}
}

func (g *x86) constant(off int) operand.Mem { return g.consts.Offset(off) }

// constIdx returns the address of table entry off + scale·idx (the
// assembler cannot index an SB-relative address).
func (g *x86) constIdx(off int, idx reg.GPVirtual, scale uint8) operand.Mem {
	base := g.GP64()
	g.LEAQ(g.consts, base)
	return memIdx(base, off, idx, scale)
}

func imm(n int) operand.Constant {
	if n < 128 {
		return operand.Imm(uint64(n))
	}
	return operand.U32(n)
}

// imm8 returns an 8-bit immediate (ternary-logic tables, predicates).
func imm8(n int) operand.Constant { return operand.U8(uint8(n)) }

// paramAddr returns the frame address of a scalar parameter.
func (g *x86) paramAddr(name string) operand.Mem {
	b, err := g.Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

func mem(base reg.Register, disp int) operand.Mem { return operand.Mem{Base: base, Disp: disp} }

func memIdx(base reg.Register, disp int, idx reg.Register, scale uint8) operand.Mem {
	return operand.Mem{Base: base, Disp: disp, Index: idx, Scale: scale}
}

// rowPtrs are the half-row pointers of the row being updated.
type rowPtrs struct {
	self, up, down, side, sideUp, sideDown reg.GPVirtual
}

// rowPtrs loads the half-row pointers (words + 8·index) of the row
// descriptor whose address is in the stack slot rowp. Only self and the
// neighbours of the stencil are loaded.
func (g *x86) rowPtrs(st stencil, rowp operand.Mem) rowPtrs {
	rp, words := g.GP64(), g.GP64()
	g.MOVQ(rowp, rp)
	g.Load(g.Param("words"), words)
	ptr := func(off int) reg.GPVirtual {
		p := g.GP64()
		g.MOVQ(mem(rp, off), p)
		g.LEAQ(memIdx(words, 0, p, 8), p)
		return p
	}
	var r rowPtrs
	r.self, r.up, r.down, r.side = ptr(rowSelf), ptr(rowUp), ptr(rowDown), ptr(rowSide)
	if st.moore {
		r.sideUp, r.sideDown = ptr(rowSideUp), ptr(rowSideDown)
	}
	return r
}

// selfPtr loads the pointer to word 0 of the row being updated.
func (g *x86) selfPtr(rowp operand.Mem) reg.GPVirtual {
	rp, p := g.GP64(), g.GP64()
	g.MOVQ(rowp, rp)
	g.Load(g.Param("words"), p)
	g.MOVQ(mem(rp, rowSelf), rp)
	g.LEAQ(memIdx(p, 0, rp, 8), p)
	return p
}

// statePtr loads the pointer to the generator state of the row.
func (g *x86) statePtr(rowp operand.Mem) reg.GPVirtual {
	rp, p := g.GP64(), g.GP64()
	g.MOVQ(rowp, rp)
	g.Load(g.Param("states"), p)
	g.MOVQ(mem(rp, rowState), rp)
	g.LEAQ(memIdx(p, 0, rp, 4), p)
	return p
}

// leftFlag loads Row.Left of the row.
func (g *x86) leftFlag(rowp operand.Mem) reg.GPVirtual {
	rp := g.GP64()
	g.MOVQ(rowp, rp)
	g.MOVQ(mem(rp, rowLeft), rp)
	return rp
}

// rowLoop emits the loop over the row descriptors around body, which
// emits the update of the row whose descriptor address is in f.rowp.
func (g *x86) rowLoop(nrows, rowp operand.Mem, body func()) {
	done := g.newLabel("done")
	n := g.Load(g.Param("nrows"), g.GP64())
	g.MOVQ(n, nrows)
	p := g.Load(g.Param("rows"), g.GP64())
	g.MOVQ(p, rowp)
	g.TESTQ(n, n)
	g.JZ(operand.LabelRef(done))
	loop := g.newLabel("row")
	g.Label(loop)
	body()
	g.ADDQ(imm(rowSize), rowp)
	g.DECQ(nrows)
	g.JNZ(operand.LabelRef(loop))
	g.Label(done)
	g.VZEROUPPER()
	g.RET()
}

// ---------------------------------------------------------------------
// AVX-512

// frame512 holds the stack buffers of the AVX-512 kernel.
type frame512 struct {
	ms              operand.Mem    // maxSlots × 64 bytes: slot masks of the block's words
	acc             [2]operand.Mem // maxSlots × 64 bytes each: compare results, alternating blocks
	accCur, accPrev operand.Mem    // pointers to the acc buffers of this block and the previous one
	nb              operand.Mem    // words in the current block
	nrows           operand.Mem    // rows left
	rowp            operand.Mem    // current row descriptor
}

// rng512 advances the 16 lanes s[0…3] by one xoshiro128++ step and returns
// the register holding the 16 outputs.
func (g *x86) rng512(s []reg.VecVirtual) reg.VecVirtual {
	r, t := g.ZMM(), g.ZMM()
	g.VPADDD(s[3], s[0], r)
	g.VPROLD(imm(7), r, r)
	g.VPADDD(s[0], r, r)
	g.VPSLLD(imm(9), s[1], t)
	g.VPXORD(s[1], s[3], s[3])                 // s3 ^= s1
	g.VPTERNLOGD(imm8(0x96), s[0], s[2], s[1]) // s1 ^= s2 ^ s0
	g.VPTERNLOGD(imm8(0x96), t, s[0], s[2])    // s2 ^= s0 ^ t
	g.VPXORD(s[3], s[0], s[0])                 // s0 ^= s3 (new)
	g.VPROLD(imm(11), s[3], s[3])
	return r
}

// Ternary-logic immediates (A: destination, B: second, C: third source).
const (
	tXor3 = 0x96
	tMaj  = 0xe8
	tNot  = 0x0f // NOT A
	// tDiffBoth is (A^B) & (B^C): both A and C differ from B.
	tDiffBoth = 0x24
	tOnes     = 0xff
)

// count512 returns the bit planes of the number of set bits of d (4 or 8
// vectors, which it clobbers).
func (g *x86) count512(d []reg.VecVirtual) []reg.VecVirtual {
	countVN := func(d0, d1, d2, d3 reg.VecVirtual) (b0, b1, b2 reg.VecVirtual) {
		c01, c23 := g.ZMM(), g.ZMM()
		g.VPANDQ(d1, d0, c01)
		g.VPXORQ(d1, d0, d0) // s01
		g.VPANDQ(d3, d2, c23)
		g.VPXORQ(d3, d2, d2) // s23
		b0, b2 = g.ZMM(), g.ZMM()
		g.VPXORQ(d2, d0, b0)
		g.VPANDQ(d2, d0, d0) // carry of s01 + s23
		g.VPANDQ(c23, c01, b2)
		g.VPTERNLOGQ(imm8(tXor3), d0, c23, c01)
		return b0, c01, b2
	}
	if len(d) == 4 {
		b0, b1, b2 := countVN(d[0], d[1], d[2], d[3])
		return []reg.VecVirtual{b0, b1, b2}
	}
	fa := func(a, b, c reg.VecVirtual) (sum, carry reg.VecVirtual) {
		carry = g.ZMM()
		g.VMOVDQA64(a, carry)
		g.VPTERNLOGQ(imm8(tMaj), c, b, carry)
		g.VPTERNLOGQ(imm8(tXor3), c, b, a)
		return a, carry
	}
	s1, c1 := fa(d[0], d[1], d[2])
	s2, c2 := fa(d[3], d[4], d[5])
	s3, c3 := fa(s1, s2, d[6])
	c4 := g.ZMM()
	g.VPANDQ(d[7], s3, c4)
	g.VPXORQ(d[7], s3, s3) // b0
	b1, b2, b3 := countVN(c1, c2, c3, c4)
	return []reg.VecVirtual{s3, b1, b2, b3}
}

// avx512 emits the AVX-512 kernel for stencil st.
func (g *x86) avx512(st stencil) {
	name := st.name + "AVX512"
	g.Function(name)
	g.SignatureExpr(signature)
	g.Doc(name+" is the AVX-512 sweep kernel: 16 lanes per zmm register, bit logic",
		"on 8 words at a time.")
	var f frame512
	f.ms = g.AllocLocal(maxSlots * 64)
	f.acc[0] = g.AllocLocal(maxSlots * 64)
	f.acc[1] = g.AllocLocal(maxSlots * 64)
	f.accCur = g.AllocLocal(8)
	f.accPrev = g.AllocLocal(8)
	f.nb = g.AllocLocal(8)
	f.nrows = g.AllocLocal(8)
	f.rowp = g.AllocLocal(8)
	g.rowLoop(f.nrows, f.rowp, func() {
		stp := g.statePtr(f.rowp)
		s := []reg.VecVirtual{g.ZMM(), g.ZMM(), g.ZMM(), g.ZMM()}
		for j := range s {
			g.VMOVDQU32(mem(stp, 64*j), s[j])
		}
		g.blocks512(st, f, s)
		stp = g.statePtr(f.rowp)
		for j := range s {
			g.VMOVDQU32(s[j], mem(stp, 64*j))
		}
	})
}

// blocks512 emits the loop over the blocks of 8 words of one row. Phase C
// of a block runs after phase B of the next one, when the stores of its
// compare results have left the store buffer (a vector load of data that
// sixteen-bit stores have just written would wait for them).
func (g *x86) blocks512(st stencil, f frame512, s []reg.VecVirtual) {
	off, rem := g.GP64(), g.GP64()
	g.XORQ(off, off)
	g.Load(g.Param("w"), rem)
	kv, kl, kvPrev, klPrev := g.K(), g.K(), g.K(), g.K()
	any, anyPrev := g.ZMM(), g.ZMM()
	{
		a, b := g.GP64(), g.GP64()
		g.LEAQ(f.acc[0], a)
		g.LEAQ(f.acc[1], b)
		g.MOVQ(a, f.accCur)
		g.MOVQ(b, f.accPrev)
	}

	loop := g.newLabel("block")
	g.Label(loop)
	{
		nb, eight := g.GP64(), g.GP64()
		g.MOVQ(rem, nb)
		g.MOVQ(operand.U32(8), eight)
		g.CMPQ(rem, imm(8))
		g.CMOVQGT(eight, nb)
		g.MOVQ(nb, f.nb)
		g.KMOVW(g.constIdx(cMask16, nb, 2), kv)
		g.KMOVW(g.constIdx(cLast16, nb, 2), kl)
	}
	g.phaseA512(st, f, off, kv, any)
	g.Comment("Phase B: per word, 64 random numbers and the compares of every slot.")
	g.dispatchSlots(func(n int) { g.phaseB512(f, s, n) })
	{
		first := g.newLabel("first")
		g.TESTQ(off, off)
		g.JZ(operand.LabelRef(first))
		prev := g.GP64()
		g.LEAQ(mem(off, -64), prev)
		g.phaseC512(f, prev, kvPrev, klPrev, anyPrev, false)
		g.Label(first)
	}
	g.VMOVDQA64(any, anyPrev)
	g.KMOVW(kv, kvPrev)
	g.KMOVW(kl, klPrev)
	{
		a, b := g.GP64(), g.GP64()
		g.MOVQ(f.accCur, a)
		g.MOVQ(f.accPrev, b)
		g.MOVQ(a, f.accPrev)
		g.MOVQ(b, f.accCur)
	}
	g.ADDQ(imm(64), off)
	g.SUBQ(imm(8), rem)
	g.JGT(operand.LabelRef(loop))
	g.SUBQ(imm(64), off)
	g.phaseC512(f, off, kvPrev, klPrev, anyPrev, true)
}

// phaseA512 emits phase A of the block at byte offset off (valid words
// kv): it writes the slot masks to f.ms and their union to any.
func (g *x86) phaseA512(st stencil, f frame512, off reg.GPVirtual, kv reg.OpmaskVirtual, any reg.VecVirtual) {
	g.Comment("Phase A: classify the positions of the block's words.")
	r := g.rowPtrs(st, f.rowp)
	load := func(p reg.GPVirtual, disp int) reg.VecVirtual {
		v := g.ZMM()
		g.VMOVDQU64_Z(memIdx(p, disp, off, 1), kv, v)
		return v
	}
	x := load(r.self, 0)
	aligned := func(p reg.GPVirtual) reg.VecVirtual {
		d := load(p, 0)
		g.VPXORQ(x, d, d)
		return d
	}
	// shifted sets sh to the funnel-shifted neighbour word of the half-row
	// at p: positions k-1 if left, k+1 otherwise.
	shifted := func(p reg.GPVirtual, left bool, sh reg.VecVirtual) {
		hi := g.ZMM()
		if left { // (x[w-1] >> 63) | (x[w] << 1)
			g.VMOVDQU64_Z(memIdx(p, -8, off, 1), kv, sh)
			g.VMOVDQU64_Z(memIdx(p, 0, off, 1), kv, hi)
			g.VPSRLQ(imm(63), sh, sh)
			g.VPSLLQ(imm(1), hi, hi)
		} else { // (x[w] >> 1) | (x[w+1] << 63)
			g.VMOVDQU64_Z(memIdx(p, 0, off, 1), kv, sh)
			g.VMOVDQU64_Z(memIdx(p, 8, off, 1), kv, hi)
			g.VPSRLQ(imm(1), sh, sh)
			g.VPSLLQ(imm(63), hi, hi)
		}
		g.VPORQ(hi, sh, sh)
	}
	sides := []reg.GPVirtual{r.side}
	if st.moore {
		sides = append(sides, r.sideUp, r.sideDown)
	}
	sh := make([]reg.VecVirtual, len(sides))
	for i := range sh {
		sh[i] = g.ZMM()
	}
	{
		lft, join := g.newLabel("left"), g.newLabel("shifted")
		flag := g.leftFlag(f.rowp)
		g.TESTQ(flag, flag)
		g.JNZ(operand.LabelRef(lft))
		g.Comment("Shifted neighbours at k+1.")
		for i, p := range sides {
			shifted(p, false, sh[i])
		}
		g.JMP(operand.LabelRef(join))
		g.Label(lft)
		g.Comment("Shifted neighbours at k-1.")
		for i, p := range sides {
			shifted(p, true, sh[i])
		}
		g.Label(join)
	}
	var b []reg.VecVirtual
	if st.moore {
		d := []reg.VecVirtual{aligned(r.up), aligned(r.down), aligned(r.side), aligned(r.sideUp), aligned(r.sideDown)}
		for _, v := range sh {
			g.VPXORQ(x, v, v)
			d = append(d, v)
		}
		b = g.count512(d)
	} else {
		// The count of differing neighbours without forming x^n: for two
		// neighbours a, b, (x^a)^(x^b) = a^b and (x^a)&(x^b) is one
		// ternary-logic operation.
		up, down, side := load(r.up, 0), load(r.down, 0), load(r.side, 0)
		s01, s23 := g.ZMM(), g.ZMM()
		g.VPXORQ(down, up, s01)
		g.VPTERNLOGQ(imm8(tDiffBoth), down, x, up) // c01 = (up^x)&(x^down)
		g.VPXORQ(sh[0], side, s23)
		g.VPTERNLOGQ(imm8(tDiffBoth), sh[0], x, side) // c23
		b0, b2 := g.ZMM(), g.ZMM()
		g.VPXORQ(s23, s01, b0)
		g.VPANDQ(s23, s01, s01) // carry of s01 + s23
		g.VPANDQ(side, up, b2)
		g.VPTERNLOGQ(imm8(tXor3), s01, side, up) // b1
		b = []reg.VecVirtual{b0, up, b2}
	}
	z := 4
	if st.moore {
		z = 8
	}

	g.Comment("Slot masks eq[k] & ((x ^ sx) | so), eq[k] the positions with k differing")
	g.Comment("neighbours (a branch on k picks the ternary-logic minterm); any = their union.")
	sl, cnt, p, kk := g.GP64(), g.GP64(), g.GP64(), g.GP64()
	g.VPXORQ(any, any, any)
	g.Load(g.Param("slots"), sl)
	g.MOVQ(mem(sl, slotN), cnt)
	g.LEAQ(f.ms, p)
	sdone, sloop := g.newLabel("aslotsdone"), g.newLabel("aslots")
	g.TESTQ(cnt, cnt)
	g.JZ(operand.LabelRef(sdone))
	g.Label(sloop)
	m := g.ZMM()
	g.MOVQ(mem(sl, slotK), kk)
	join := g.newLabel("eqdone")
	labels := make([]string, z+1)
	for c := 1; c <= z; c++ {
		labels[c] = g.newLabel(fmt.Sprintf("eq%d", c))
		g.CMPQ(kk, imm(c))
		g.JEQ(operand.LabelRef(labels[c]))
	}
	for c := 0; c <= z; c++ {
		if c > 0 {
			g.Label(labels[c])
		}
		if c == 8 {
			g.VMOVDQA64(b[3], m)
		} else {
			// Minterm c of (b2, b1, b0): A = b2, B = b1, C = b0.
			g.VMOVDQA64(b[2], m)
			g.VPTERNLOGQ(imm8(1<<c), b[0], b[1], m)
			if c == 0 && st.moore {
				g.VPANDNQ(m, b[3], m) // count 8 has the low bits of 0
			}
		}
		if c < z {
			g.JMP(operand.LabelRef(join))
		}
	}
	g.Label(join)
	{
		both := g.newLabel("bothspins")
		g.CMPQ(mem(sl, slotSO), operand.I8(-1))
		g.JEQ(operand.LabelRef(both))
		t := g.ZMM()
		g.VPXORQ_BCST(mem(sl, slotSX), x, t)
		g.VPANDQ(t, m, m)
		g.Label(both)
	}
	g.VMOVDQU64(m, mem(p, 0))
	g.VPORQ(m, any, any)
	g.ADDQ(imm(8), sl)
	g.ADDQ(imm(64), p)
	g.DECQ(cnt)
	g.JNZ(operand.LabelRef(sloop))
	g.Label(sdone)
}

// phaseC512 emits phase C of the block at byte offset off: flip = ~any |
// the compare results of every slot (in f.accPrev), the last word of the
// row masked if last; x ^= flip for the valid words kv. It overwrites any.
func (g *x86) phaseC512(f frame512, off reg.GPVirtual, kv, kl reg.OpmaskVirtual, any reg.VecVirtual, last bool) {
	g.Comment("Phase C: flip = ~any | acc[0] | …; x ^= flip.")
	fl := any // any is not needed after this
	g.VPTERNLOGQ(imm8(tNot), fl, fl, fl)
	sl, cnt, p := g.GP64(), g.GP64(), g.GP64()
	g.Load(g.Param("slots"), sl)
	g.MOVQ(mem(sl, slotN), cnt)
	g.MOVQ(f.accPrev, p)
	cdone, cloop := g.newLabel("cslotsdone"), g.newLabel("cslots")
	g.TESTQ(cnt, cnt)
	g.JZ(operand.LabelRef(cdone))
	g.Label(cloop)
	g.VPORQ(mem(p, 0), fl, fl)
	g.ADDQ(imm(64), p)
	g.DECQ(cnt)
	g.JNZ(operand.LabelRef(cloop))
	g.Label(cdone)
	if last {
		g.Comment("The last word of the row keeps its padding.")
		lm := g.ZMM()
		g.VPTERNLOGQ(imm8(tOnes), lm, lm, lm)
		g.VPBROADCASTQ(g.paramAddr("lastMask"), kl, lm) // kl selects the block's last word
		g.VPANDQ(lm, fl, fl)
	}
	self := g.selfPtr(f.rowp)
	x := g.ZMM()
	g.VMOVDQU64_Z(memIdx(self, 0, off, 1), kv, x)
	g.VPXORQ(fl, x, x)
	g.VMOVDQU64(x, kv, memIdx(self, 0, off, 1))
}

// unrolledSlots is the largest slot count with a phase B of its own, its
// thresholds in registers and no loop over the slots; more (or none) take
// the general loop.
const unrolledSlots = 4

// dispatchSlots emits a branch on the slot count to the phase B variants
// emitted by variant(n), n = 1…unrolledSlots, and variant(0) for any other
// count.
func (g *x86) dispatchSlots(variant func(n int)) {
	n := g.GP64()
	g.Load(g.Param("slots"), n)
	g.MOVQ(mem(n, slotN), n)
	labels := make([]string, unrolledSlots+1)
	for i := 1; i <= unrolledSlots; i++ {
		labels[i] = g.newLabel(fmt.Sprintf("slots%d", i))
		g.CMPQ(n, imm(i))
		g.JEQ(operand.LabelRef(labels[i]))
	}
	done := g.newLabel("slotsdone")
	variant(0)
	g.JMP(operand.LabelRef(done))
	for i := 1; i <= unrolledSlots; i++ {
		g.Label(labels[i])
		variant(i)
		if i < unrolledSlots {
			g.JMP(operand.LabelRef(done))
		}
	}
	g.Label(done)
}

// phaseB512 emits phase B of a block for n slots (0: any number, with a
// loop over the slots): the compare results go to the buffer f.accCur.
func (g *x86) phaseB512(f frame512, s []reg.VecVirtual, n int) {
	wi, acc := g.GP64(), g.GP64()
	ts := make([]reg.VecVirtual, n)
	if n > 0 {
		sl := g.Load(g.Param("slots"), g.GP64())
		for v := range ts {
			ts[v] = g.ZMM()
			g.VPBROADCASTD(mem(sl, slotT+8*v), ts[v])
		}
	}
	g.MOVQ(f.accCur, acc)
	g.XORQ(wi, wi)
	wloop := g.newLabel("word")
	g.Label(wloop)
	rs := make([]reg.VecVirtual, 4)
	for q := range rs {
		rs[q] = g.rng512(s)
	}
	compare := func(t reg.VecVirtual, ms, out func(disp int) operand.Mem) {
		for q := range rs {
			k1, k2 := g.K(), g.K()
			g.KMOVW(ms(2*q), k1)
			g.VPCMPUD(imm8(1), t, rs[q], k1, k2) // r < t where selected
			g.KMOVW(k2, out(2*q))
		}
	}
	if n > 0 {
		for v, t := range ts {
			compare(t,
				func(disp int) operand.Mem { return f.ms.Offset(64*v+disp).Idx(wi, 8) },
				func(disp int) operand.Mem { return memIdx(acc, 64*v+disp, wi, 8) })
		}
	} else {
		p, q, tp, end := g.GP64(), g.GP64(), g.GP64(), g.GP64()
		g.Load(g.Param("slots"), tp)
		g.MOVQ(mem(tp, slotN), end)
		g.ADDQ(imm(slotT), tp)
		g.SHLQ(imm(6), end)
		g.LEAQ(f.ms.Idx(wi, 8), p)
		g.LEAQ(memIdx(acc, 0, wi, 8), q)
		g.ADDQ(p, end)
		sdone, sloop := g.newLabel("bslotsdone"), g.newLabel("bslots")
		g.CMPQ(p, end)
		g.JEQ(operand.LabelRef(sdone))
		g.Label(sloop)
		t := g.ZMM()
		g.VPBROADCASTD(mem(tp, 0), t)
		compare(t, func(disp int) operand.Mem { return mem(p, disp) }, func(disp int) operand.Mem { return mem(q, disp) })
		g.ADDQ(imm(64), p)
		g.ADDQ(imm(64), q)
		g.ADDQ(imm(8), tp)
		g.CMPQ(p, end)
		g.JNE(operand.LabelRef(sloop))
		g.Label(sdone)
	}
	g.INCQ(wi)
	g.CMPQ(wi, f.nb)
	g.JB(operand.LabelRef(wloop))
}

// highVec matches registers that only EVEX (AVX-512) encodings can name.
var highVec = regexp.MustCompile(`\b[XYZ](1[6-9]|2[0-9]|3[01])\b|\bK[0-7]\b|\bZ\d`)

// genAMD64 returns the amd64 assembly file.
func genAMD64() ([]byte, error) {
	g := &x86{Context: build.NewContext()}
	g.ConstraintExpr("gc,!purego")
	g.emitConstants()
	for _, st := range stencils {
		g.avx2(st)
		g.avx512(st)
	}
	f, err := g.Result()
	if err != nil {
		if list, ok := err.(build.ErrorList); ok {
			return nil, fmt.Errorf("%v", []build.Error(list))
		}
		return nil, err
	}
	if err := pass.Compile.Execute(f); err != nil {
		return nil, err
	}
	// The AVX2 kernels must run without AVX-512 (and without BMI, which
	// cpu.Supported(AVX2) does not check).
	for _, s := range f.Sections {
		fn, ok := s.(*ir.Function)
		if !ok || !regexp.MustCompile(`AVX2$`).MatchString(fn.Name) {
			continue
		}
		for _, isa := range fn.ISA {
			if isa != "AVX" && isa != "AVX2" && isa != "CMOV" && isa != "SSE2" {
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
	cfg := printer.Config{Name: generatorName, Pkg: "isingsweep"}
	return printer.NewGoAsm(cfg).Print(f)
}

// ---------------------------------------------------------------------
// AVX2

// frame256 holds the stack buffers of the AVX2 kernel.
type frame256 struct {
	eq     operand.Mem // 9 × 32 bytes
	ms     operand.Mem // maxSlots × 32 bytes: slot masks of the block's 4 words
	always operand.Mem // 32 bytes: positions no slot selects
	state  operand.Mem // 256 bytes: the generator state while phase A runs
	nb     operand.Mem
	nrows  operand.Mem
	rowp   operand.Mem
}

// rng256 advances 8 lanes s[0…3] by one xoshiro128++ step and returns the
// register holding the 8 outputs with their sign bits flipped (bias), so
// that signed compares order them as unsigned numbers.
func (g *x86) rng256(s []reg.VecVirtual, bias reg.VecVirtual) reg.VecVirtual {
	r, t := g.YMM(), g.YMM()
	g.VPADDD(s[3], s[0], r)
	g.VPSLLD(imm(7), r, t)
	g.VPSRLD(imm(25), r, r)
	g.VPOR(t, r, r)
	g.VPADDD(s[0], r, r)
	g.VPXOR(bias, r, r)
	g.VPSLLD(imm(9), s[1], t)
	g.VPXOR(s[0], s[2], s[2]) // s2 ^= s0
	g.VPXOR(s[1], s[3], s[3]) // s3 ^= s1
	g.VPXOR(s[2], s[1], s[1]) // s1 ^= s2
	g.VPXOR(s[3], s[0], s[0]) // s0 ^= s3
	g.VPXOR(t, s[2], s[2])    // s2 ^= t
	g.VPSLLD(imm(11), s[3], t)
	g.VPSRLD(imm(21), s[3], s[3])
	g.VPOR(t, s[3], s[3])
	return r
}

// count256VN returns the bit planes of d0+d1+d2+d3 (clobbering them).
func (g *x86) count256VN(d0, d1, d2, d3 reg.VecVirtual) (b0, b1, b2 reg.VecVirtual) {
	c01, c23 := g.YMM(), g.YMM()
	g.VPAND(d1, d0, c01)
	g.VPXOR(d1, d0, d0) // s01
	g.VPAND(d3, d2, c23)
	g.VPXOR(d3, d2, d2) // s23
	b0, b2 = g.YMM(), g.YMM()
	g.VPXOR(d2, d0, b0)
	g.VPAND(d2, d0, d0) // carry of s01 + s23
	g.VPAND(c23, c01, b2)
	g.VPXOR(c23, c01, c01)
	g.VPXOR(d0, c01, c01)
	return b0, c01, b2
}

// fa256 returns the sum (in a) and carry bits of a+b+c.
func (g *x86) fa256(a, b, c reg.VecVirtual) (sum, carry reg.VecVirtual) {
	ab, t := g.YMM(), g.YMM()
	carry = g.YMM()
	g.VPXOR(b, a, ab)
	g.VPAND(b, a, carry)
	g.VPAND(c, ab, t)
	g.VPOR(t, carry, carry)
	g.VPXOR(c, ab, a)
	return a, carry
}

// avx2 emits the AVX2 kernel for stencil st.
func (g *x86) avx2(st stencil) {
	name := st.name + "AVX2"
	g.Function(name)
	g.SignatureExpr(signature)
	var f frame256
	f.eq = g.AllocLocal(9 * 32)
	f.ms = g.AllocLocal(maxSlots * 32)
	f.always = g.AllocLocal(32)
	f.state = g.AllocLocal(256)
	f.nb = g.AllocLocal(8)
	f.nrows = g.AllocLocal(8)
	f.rowp = g.AllocLocal(8)
	g.rowLoop(f.nrows, f.rowp, func() {
		stp := g.statePtr(f.rowp)
		s := make([]reg.VecVirtual, 8) // s[j] lanes 0-7, s[4+j] lanes 8-15
		for j := range s {
			s[j] = g.YMM()
		}
		for j := range s {
			g.VMOVDQU(mem(stp, 32*j), s[(j%2)*4+j/2])
		}
		leftPath, rowDone := g.newLabel("left"), g.newLabel("rowdone")
		left := g.leftFlag(f.rowp)
		g.TESTQ(left, left)
		g.JNZ(operand.LabelRef(leftPath))
		g.Comment("Shifted neighbours at k+1.")
		g.blocks256(st, f, s, false)
		g.JMP(operand.LabelRef(rowDone))
		g.Label(leftPath)
		g.Comment("Shifted neighbours at k-1.")
		g.blocks256(st, f, s, true)
		g.Label(rowDone)
		stp = g.statePtr(f.rowp)
		for j := range s {
			g.VMOVDQU(s[(j%2)*4+j/2], mem(stp, 32*j))
		}
	})
}

// blocks256 emits the loop over the blocks of 4 words of one row.
func (g *x86) blocks256(st stencil, f frame256, s []reg.VecVirtual, left bool) {
	off, rem := g.GP64(), g.GP64()
	g.XORQ(off, off)
	g.Load(g.Param("w"), rem)

	loop := g.newLabel("block")
	g.Label(loop)
	nb := g.GP64()
	{
		four := g.GP64()
		g.MOVQ(rem, nb)
		g.MOVQ(operand.U32(4), four)
		g.CMPQ(rem, imm(4))
		g.CMOVQGT(four, nb)
		g.MOVQ(nb, f.nb)
	}
	g.Comment("The state waits on the stack while phase A needs the registers.")
	for j := range s {
		g.VMOVDQU(s[j], f.state.Offset(32*j))
	}

	g.Comment("Phase A: classify the positions of the block's words.")
	{
		r := g.rowPtrs(st, f.rowp)
		vm := g.YMM()
		t := g.GP64()
		g.MOVQ(nb, t)
		g.SHLQ(imm(5), t)
		g.VMOVDQU(g.constIdx(cMaskY, t, 1), vm)
		load := func(p reg.GPVirtual, disp int) reg.VecVirtual {
			v := g.YMM()
			g.VPMASKMOVQ(memIdx(p, disp, off, 1), vm, v)
			return v
		}
		x := load(r.self, 0)
		aligned := func(p reg.GPVirtual) reg.VecVirtual {
			d := load(p, 0)
			g.VPXOR(x, d, d)
			return d
		}
		shifted := func(p reg.GPVirtual) reg.VecVirtual {
			var lo, hi reg.VecVirtual
			if left {
				lo, hi = load(p, -8), load(p, 0)
				g.VPSRLQ(imm(63), lo, lo)
				g.VPSLLQ(imm(1), hi, hi)
			} else {
				lo, hi = load(p, 0), load(p, 8)
				g.VPSRLQ(imm(1), lo, lo)
				g.VPSLLQ(imm(63), hi, hi)
			}
			g.VPOR(hi, lo, lo)
			g.VPXOR(x, lo, lo)
			return lo
		}
		var b []reg.VecVirtual
		if st.moore {
			// Add as the neighbours arrive, to keep few registers live.
			s1, c1 := g.fa256(aligned(r.up), aligned(r.down), aligned(r.side))
			s2, c2 := g.fa256(shifted(r.side), aligned(r.sideUp), shifted(r.sideUp))
			s3, c3 := g.fa256(s1, s2, aligned(r.sideDown))
			d7 := shifted(r.sideDown)
			c4 := g.YMM()
			g.VPAND(d7, s3, c4)
			g.VPXOR(d7, s3, s3)
			b1, b2, b3 := g.count256VN(c1, c2, c3, c4)
			b = []reg.VecVirtual{s3, b1, b2, b3}
		} else {
			b0, b1, b2 := g.count256VN(aligned(r.up), aligned(r.down), aligned(r.side), shifted(r.side))
			b = []reg.VecVirtual{b0, b1, b2}
		}
		ones := g.YMM()
		g.VMOVDQU(g.constant(cOnes), ones)
		// q[c&3]: the positions whose count has low bits c&3.
		q := make([]reg.VecVirtual, 4)
		for i := range q {
			q[i] = g.YMM()
		}
		g.VPOR(b[1], b[0], q[0])
		g.VPXOR(ones, q[0], q[0])
		g.VPANDN(b[0], b[1], q[1]) // b0 & ~b1
		g.VPANDN(b[1], b[0], q[2]) // ~b0 & b1
		g.VPAND(b[1], b[0], q[3])
		z := 4
		if st.moore {
			z = 8
		}
		nb2 := g.YMM()
		g.VPXOR(ones, b[2], nb2)
		for c := 0; c <= z; c++ {
			e := g.YMM()
			switch {
			case c == 8:
				e = b[3]
			case c == 4 && !st.moore:
				e = b[2]
			case c < 4:
				g.VPAND(nb2, q[c], e)
				if c == 0 && st.moore {
					g.VPANDN(e, b[3], e) // ~b3 & e
				}
			default:
				g.VPAND(b[2], q[c&3], e)
			}
			g.VMOVDQU(e, f.eq.Offset(32*c))
		}
		g.Comment("Slot masks eq[k] & ((x ^ sx) | so); always = none of them.")
		any := g.YMM()
		g.VPXOR(any, any, any)
		sl, cnt, p, kk := g.GP64(), g.GP64(), g.GP64(), g.GP64()
		g.Load(g.Param("slots"), sl)
		g.MOVQ(mem(sl, slotN), cnt)
		g.LEAQ(f.ms, p)
		sdone, sloop := g.newLabel("aslotsdone"), g.newLabel("aslots")
		g.TESTQ(cnt, cnt)
		g.JZ(operand.LabelRef(sdone))
		g.Label(sloop)
		m, so := g.YMM(), g.YMM()
		g.MOVQ(mem(sl, slotK), kk)
		g.SHLQ(imm(5), kk)
		g.VPBROADCASTQ(mem(sl, slotSX), m)
		g.VPXOR(x, m, m)
		g.VPBROADCASTQ(mem(sl, slotSO), so)
		g.VPOR(so, m, m)
		g.VPAND(f.eq.Idx(kk, 1), m, m)
		g.VMOVDQU(m, mem(p, 0))
		g.VPOR(m, any, any)
		g.ADDQ(imm(8), sl)
		g.ADDQ(imm(32), p)
		g.DECQ(cnt)
		g.JNZ(operand.LabelRef(sloop))
		g.Label(sdone)
		g.VPXOR(ones, any, any)
		g.VMOVDQU(any, f.always)
	}
	for j := range s {
		g.VMOVDQU(f.state.Offset(32*j), s[j])
	}

	g.Comment("Phase B and C: per word, 64 random numbers, the compares of every slot, the flips.")
	g.dispatchSlots(func(n int) { g.phaseBC256(f, s, off, rem, n) })
	g.ADDQ(imm(32), off)
	g.SUBQ(imm(4), rem)
	g.JGT(operand.LabelRef(loop))
}

// phaseBC256 emits phases B and C of a block for n slots (0: any number,
// with a loop over the slots). Per chunk of 16 numbers and slot, the two
// 8-bit compare masks (VMOVMSKPS) make 16 bits, shifted to their place in
// a 32-bit half of the word and ANDed with the slot mask read from the
// stack as 32 bits within the same 8-byte word (so that the load is
// forwarded from phase A's vector store).
func (g *x86) phaseBC256(f frame256, s []reg.VecVirtual, off, rem reg.GPVirtual, n int) {
	bias := g.YMM()
	g.VMOVDQU(g.constant(cBias), bias)
	wi, flip := g.GP64(), g.GP64()
	g.XORQ(wi, wi)
	wloop := g.newLabel("word")
	g.Label(wloop)
	var acc [2]reg.GPVirtual
	for q := range 4 {
		rl := g.rng256(s[:4], bias)
		rh := g.rng256(s[4:], bias)
		half, shift := q/2, 16*(q%2)
		if q%2 == 0 {
			acc[half] = g.GP32()
			g.XORL(acc[half], acc[half])
		}
		// compare ANDs into acc the compare bits of threshold t (biased)
		// and the slot mask at ms (the 8-byte word of the slot).
		compare := func(t reg.VecVirtual, ms operand.Mem) {
			lo, hi := g.GP32(), g.GP32()
			m := g.YMM()
			g.VPCMPGTD(rl, t, m) // t > r: r below the threshold
			g.VMOVMSKPS(m, lo)
			g.VPCMPGTD(rh, t, m)
			g.VMOVMSKPS(m, hi)
			g.SHLL(imm(8+shift), hi)
			if shift > 0 {
				g.SHLL(imm(shift), lo)
			}
			g.ORL(hi, lo)
			g.ANDL(ms.Offset(4*half), lo)
			g.ORL(lo, acc[half])
		}
		if n > 0 {
			sl := g.Load(g.Param("slots"), g.GP64())
			for v := range n {
				t := g.YMM()
				g.VPBROADCASTD(mem(sl, slotTB+8*v), t)
				compare(t, f.ms.Offset(32*v).Idx(wi, 8))
			}
		} else {
			p, tp, end := g.GP64(), g.GP64(), g.GP64()
			g.Load(g.Param("slots"), tp)
			g.MOVQ(mem(tp, slotN), end)
			g.ADDQ(imm(slotTB), tp)
			g.SHLQ(imm(5), end)
			g.LEAQ(f.ms.Idx(wi, 8), p)
			g.ADDQ(p, end)
			sdone, sloop := g.newLabel("bslotsdone"), g.newLabel("bslots")
			g.CMPQ(p, end)
			g.JEQ(operand.LabelRef(sdone))
			g.Label(sloop)
			t := g.YMM()
			g.VPBROADCASTD(mem(tp, 0), t)
			compare(t, mem(p, 0))
			g.ADDQ(imm(32), p)
			g.ADDQ(imm(8), tp)
			g.CMPQ(p, end)
			g.JNE(operand.LabelRef(sloop))
			g.Label(sdone)
		}
	}
	g.Comment("Phase C: flip = always | the slot results; x ^= flip.")
	g.MOVL(acc[0], flip.As32()) // zero-extends
	hi := g.GP64()
	g.MOVL(acc[1], hi.As32())
	g.SHLQ(imm(32), hi)
	g.ORQ(hi, flip)
	g.ORQ(f.always.Idx(wi, 8), flip)
	{
		t := g.GP64()
		notLast := g.newLabel("notlast")
		g.MOVQ(rem, t)
		g.SUBQ(wi, t)
		g.CMPQ(t, imm(1))
		g.JNE(operand.LabelRef(notLast))
		g.Comment("The last word of the row keeps its padding.")
		g.ANDQ(g.paramAddr("lastMask"), flip)
		g.Label(notLast)
	}
	self := g.selfPtr(f.rowp)
	g.ADDQ(off, self)
	g.XORQ(flip, memIdx(self, 0, wi, 8))
	g.INCQ(wi)
	g.CMPQ(wi, f.nb)
	g.JB(operand.LabelRef(wloop))
}
