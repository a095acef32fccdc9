package main

import (
	"fmt"

	a "github.com/numkern/numkern/gen/internal/arm64"
)

// Integer NEON instructions on four 32-bit lanes (.4S; bitwise ones on
// .16B), with their Go and GNU spellings. Go's assembler knows all of them
// but CMHI, printed as a WORD.

func s4(v a.V) string    { return fmt.Sprintf("V%d.S4", v) }
func b16(v a.V) string   { return fmt.Sprintf("V%d.B16", v) }
func gnu4s(v a.V) string { return fmt.Sprintf("v%d.4s", v) }
func gnu16(v a.V) string { return fmt.Sprintf("v%d.16b", v) }

func checkV(vs ...a.V) {
	for _, v := range vs {
		if v > 31 {
			panic(fmt.Sprintf("isingsweep: vector register %d", v))
		}
	}
}

// vadd is d = n + m on 32-bit lanes.
func vadd(d, n, m a.V) a.Inst {
	checkV(d, n, m)
	return a.Inst{Go: fmt.Sprintf("VADD\t%s, %s, %s", s4(m), s4(n), s4(d)),
		GNU: fmt.Sprintf("add %s, %s, %s", gnu4s(d), gnu4s(n), gnu4s(m))}
}

// bitwise returns the .16B form of a three-register logical instruction.
func bitwise(goOp, gnuOp string, d, n, m a.V) a.Inst {
	checkV(d, n, m)
	return a.Inst{Go: fmt.Sprintf("%s\t%s, %s, %s", goOp, b16(m), b16(n), b16(d)),
		GNU: fmt.Sprintf("%s %s, %s, %s", gnuOp, gnu16(d), gnu16(n), gnu16(m))}
}

// veor is d = n ^ m; vand d = n & m; vorr d = n | m.
func veor(d, n, m a.V) a.Inst { return bitwise("VEOR", "eor", d, n, m) }
func vand(d, n, m a.V) a.Inst { return bitwise("VAND", "and", d, n, m) }
func vorr(d, n, m a.V) a.Inst { return bitwise("VORR", "orr", d, n, m) }

// vmov copies n to d.
func vmov(d, n a.V) a.Inst {
	checkV(d, n)
	return a.Inst{Go: fmt.Sprintf("VMOV\t%s, %s", b16(n), b16(d)),
		GNU: fmt.Sprintf("mov %s, %s", gnu16(d), gnu16(n))}
}

// shiftImm returns a shift-by-immediate instruction on 32-bit lanes.
func shiftImm(goOp, gnuOp string, d, n a.V, sh int) a.Inst {
	checkV(d, n)
	if sh < 0 || sh > 32 {
		panic(fmt.Sprintf("isingsweep: shift %d", sh))
	}
	return a.Inst{Go: fmt.Sprintf("%s\t$%d, %s, %s", goOp, sh, s4(n), s4(d)),
		GNU: fmt.Sprintf("%s %s, %s, #%d", gnuOp, gnu4s(d), gnu4s(n), sh)}
}

// vshl is d = n << sh; vsri inserts n >> sh into d, keeping d's top sh
// bits: after vshl(d, n, 32-sh), vsri(d, n, sh) leaves rotl(n, 32-sh).
func vshl(d, n a.V, sh int) a.Inst { return shiftImm("VSHL", "shl", d, n, sh) }
func vsri(d, n a.V, sh int) a.Inst { return shiftImm("VSRI", "sri", d, n, sh) }

// cmhi is d = (n > m) lane by lane, unsigned: all ones or zero.
func cmhi(d, n, m a.V) a.Inst {
	checkV(d, n, m)
	enc := 0x6ea03400 | uint32(m)<<16 | uint32(n)<<5 | uint32(d)
	gnu := fmt.Sprintf("cmhi %s, %s, %s", gnu4s(d), gnu4s(n), gnu4s(m))
	return a.Inst{Go: fmt.Sprintf("WORD\t$0x%08x\t// %s", enc, gnu), GNU: gnu, Word: enc}
}

// addv is the scalar S register d = the sum of n's four lanes.
func addv(d, n a.V) a.Inst {
	checkV(d, n)
	return a.Inst{Go: fmt.Sprintf("VADDV\t%s, V%d", s4(n), d),
		GNU: fmt.Sprintf("addv s%d, %s", d, gnu4s(n))}
}

// umovS is the general register r = lane 0 of v (32 bits, zero-extended).
func umovS(r a.R, v a.V) a.Inst {
	checkV(v)
	return a.Inst{Go: fmt.Sprintf("VMOV\tV%d.S[0], %s", v, r),
		GNU: fmt.Sprintf("mov w%d, v%d.s[0]", r, v)}
}

// ld1S4 loads count consecutive registers from v on from the address in
// base (16 bytes each).
func ld1S4(v a.V, count int, base a.R) a.Inst {
	var g, n []string
	for i := range count {
		g = append(g, s4(v+a.V(i)))
		n = append(n, gnu4s(v+a.V(i)))
	}
	return a.Inst{Go: fmt.Sprintf("VLD1\t(%s), [%s]", base, join(g)),
		GNU: fmt.Sprintf("ld1 {%s}, [x%d]", join(n), base)}
}

// st1S4 stores count consecutive registers from v on at the address in base.
func st1S4(v a.V, count int, base a.R) a.Inst {
	var g, n []string
	for i := range count {
		g = append(g, s4(v+a.V(i)))
		n = append(n, gnu4s(v+a.V(i)))
	}
	return a.Inst{Go: fmt.Sprintf("VST1\t[%s], (%s)", join(g), base),
		GNU: fmt.Sprintf("st1 {%s}, [x%d]", join(n), base)}
}

// ld1rS loads the 32-bit value at the address in base into every lane of v.
func ld1rS(v a.V, base a.R) a.Inst {
	checkV(v)
	return a.Inst{Go: fmt.Sprintf("VLD1R\t(%s), [%s]", base, s4(v)),
		GNU: fmt.Sprintf("ld1r {%s}, [x%d]", gnu4s(v), base)}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// neonSamples returns an instance of every vector instruction the NEON
// kernels use, for the encoding tests.
func neonSamples() []a.Inst {
	return []a.Inst{
		vadd(1, 2, 3), vadd(31, 0, 17),
		veor(1, 2, 3), veor(30, 31, 0),
		vand(1, 2, 3), vand(16, 8, 31),
		vorr(1, 2, 3), vorr(0, 29, 14),
		vmov(1, 2), vmov(31, 16),
		vshl(1, 2, 7), vshl(30, 5, 9), vshl(3, 31, 11),
		vsri(1, 2, 25), vsri(31, 0, 21),
		cmhi(1, 2, 3), cmhi(31, 0, 17), cmhi(16, 31, 8),
		addv(1, 2), addv(31, 16),
		umovS(3, 1), umovS(25, 31),
		ld1S4(0, 4, 1), ld1S4(28, 4, 25), ld1S4(5, 1, 7),
		st1S4(0, 4, 1), st1S4(12, 4, 24),
		ld1rS(22, 4), ld1rS(31, 0),
	}
}

// Registers of the NEON kernels. Vector: the state of the 16 lanes, state
// word j of lanes 4i…4i+3 in V(4j+i); the numbers of a step; temporaries;
// the threshold; the bit weights of the lanes.
const (
	vR      a.V = 16 // V16…V19: numbers of lanes 4i…4i+3
	vT      a.V = 20 // temporaries V20, V21
	vThr    a.V = 22
	vC      a.V = 23 // V23…V26: compare results
	vWeight a.V = 27 // V27…V30: lane l of register i has bit 4i+l

	rRowp  a.R = 0 // current row descriptor
	rNrows a.R = 1
	rSelf  a.R = 2
	rUp    a.R = 3
	rDown  a.R = 4
	rSide  a.R = 5
	rSUp   a.R = 6
	rSDown a.R = 7
	rState a.R = 8
	rW     a.R = 9  // word index
	rFlip  a.R = 10 // flips of the word
	rX     a.R = 11 // the word's spins
	rSl    a.R = 12 // slot table walker
	rCnt   a.R = 13
	rTmp   a.R = 14
	rTmp2  a.R = 15
)

// pool is the set of general registers phase A may use.
var pool = []a.R{16, 17, 19, 20, 21, 22, 23, 24, 25}

// NEON frame: 16(RSP) eq[0…8], then ms[0…maxSlots-1], then any.
const (
	nEq     = 16
	nMs     = nEq + 8*9
	nAny    = nMs + 8*maxSlots
	nFrame  = nAny + 16
	nConsts = "isingsweepneon"
)

// neon emits the arm64 kernels.
type neon struct {
	a.Builder
	label int
	free  []a.R
}

func (g *neon) newLabel(prefix string) string {
	g.label++
	return fmt.Sprintf("%s_%d", prefix, g.label)
}

func (g *neon) alloc() a.R {
	if len(g.free) == 0 {
		panic("isingsweep: out of general registers")
	}
	r := g.free[0]
	g.free = g.free[1:]
	return r
}

func (g *neon) release(rs ...a.R) { g.free = append(g.free, rs...) }

func (g *neon) op3(op string, m, n, d a.R) { g.Op(op, m.String(), n.String(), d.String()) }

// loadWord loads word w of the half-row at base into a new register, at
// byte displacement disp.
func (g *neon) loadWord(base a.R, disp int) a.R {
	r := g.alloc()
	g.Op("ADD", rW.String()+"<<3", base.String(), rTmp.String())
	g.Op("MOVD", fmt.Sprintf("%d(%s)", disp, rTmp), r.String())
	return r
}

// diff returns x ^ the aligned word of the half-row at base.
func (g *neon) diff(base a.R) a.R {
	r := g.loadWord(base, 0)
	g.op3("EOR", rX, r, r)
	return r
}

// diffShifted returns x ^ the funnel-shifted word of the half-row at base:
// positions k-1 if left, k+1 otherwise.
func (g *neon) diffShifted(base a.R, left bool) a.R {
	if left { // (x[w] << 1) | (x[w-1] >> 63)
		lo, hi := g.loadWord(base, -8), g.loadWord(base, 0)
		g.Op("LSL", "$1", hi.String(), hi.String())
		g.Op("ORR", lo.String()+">>63", hi.String(), hi.String())
		g.op3("EOR", rX, hi, hi)
		g.release(lo)
		return hi
	}
	lo, hi := g.loadWord(base, 0), g.loadWord(base, 8) // (x[w] >> 1) | (x[w+1] << 63)
	g.Op("LSR", "$1", lo.String(), lo.String())
	g.Op("ORR", hi.String()+"<<63", lo.String(), lo.String())
	g.op3("EOR", rX, lo, lo)
	g.release(hi)
	return lo
}

// countVN returns the bit planes of d0+d1+d2+d3 and releases the inputs.
func (g *neon) countVN(d0, d1, d2, d3 a.R) (b0, b1, b2 a.R) {
	s01, s23 := g.alloc(), g.alloc()
	g.op3("EOR", d1, d0, s01)
	g.op3("AND", d1, d0, d0) // c01
	g.op3("EOR", d3, d2, s23)
	g.op3("AND", d3, d2, d2)    // c23
	g.op3("EOR", s23, s01, d1)  // b0
	g.op3("AND", s23, s01, s01) // carry of s01 + s23
	g.op3("AND", d2, d0, d3)    // b2
	g.op3("EOR", d2, d0, d0)
	g.op3("EOR", s01, d0, d0) // b1
	g.release(s01, s23, d2)
	return d1, d0, d3
}

// fullAdd returns the sum (in a) and carry of a+b+c and releases b and c.
func (g *neon) fullAdd(x, y, z a.R) (sum, carry a.R) {
	ab := g.alloc()
	g.op3("EOR", y, x, ab)
	g.op3("AND", y, x, x)   // a&b
	g.op3("AND", z, ab, y)  // c&(a^b)
	g.op3("ORR", y, x, x)   // carry
	g.op3("EOR", z, ab, ab) // sum
	g.release(y, z)
	return ab, x
}

// phaseA emits the classification of word w: the slot masks to ms, their
// union to any.
func (g *neon) phaseA(moore bool, left bool) {
	g.free = append([]a.R(nil), pool...)
	var b []a.R
	if moore {
		s1, c1 := g.fullAdd(g.diff(rUp), g.diff(rDown), g.diff(rSide))
		s2, c2 := g.fullAdd(g.diffShifted(rSide, left), g.diff(rSUp), g.diffShifted(rSUp, left))
		s3, c3 := g.fullAdd(s1, s2, g.diff(rSDown))
		d7 := g.diffShifted(rSDown, left)
		c4 := g.alloc()
		g.op3("AND", d7, s3, c4)
		g.op3("EOR", d7, s3, s3) // b0
		g.release(d7)
		b1, b2, b3 := g.countVN(c1, c2, c3, c4)
		b = []a.R{s3, b1, b2, b3}
	} else {
		b0, b1, b2 := g.countVN(g.diff(rUp), g.diff(rDown), g.diff(rSide), g.diffShifted(rSide, left))
		b = []a.R{b0, b1, b2}
	}
	g.Comment("eq[c]: the positions with c differing neighbours.")
	q := []a.R{g.alloc(), g.alloc(), g.alloc(), g.alloc()}
	g.op3("ORR", b[1], b[0], q[0])
	g.Op("MVN", q[0].String(), q[0].String())
	g.op3("BIC", b[1], b[0], q[1]) // b0 &^ b1
	g.op3("BIC", b[0], b[1], q[2]) // b1 &^ b0
	g.op3("AND", b[1], b[0], q[3])
	z := 4
	if moore {
		z = 8
	}
	e := g.alloc()
	for c := 0; c <= z; c++ {
		switch {
		case c == 8:
			g.Op("MOVD", b[3].String(), e.String())
		case c == 4 && !moore:
			g.Op("MOVD", b[2].String(), e.String())
		case c < 4:
			g.op3("BIC", b[2], q[c], e)
			if c == 0 && moore {
				g.op3("BIC", b[3], e, e)
			}
		default:
			g.op3("AND", b[2], q[c&3], e)
		}
		g.Op("MOVD", e.String(), fmt.Sprintf("%d(RSP)", nEq+8*c))
	}
	g.release(b...)
	g.release(q...)
	g.release(e)
	g.Comment("Slot masks eq[k] & ((x ^ sx) | so); any = their union.")
	anyR, k, m, t := g.alloc(), g.alloc(), g.alloc(), g.alloc()
	g.Op("MOVD", "ZR", anyR.String())
	g.Op("MOVD", "slots+48(FP)", rSl.String())
	g.Op("MOVD", "("+rSl.String()+")", rCnt.String())
	g.Op("MOVD", "RSP", rTmp2.String())
	g.Op("ADD", fmt.Sprintf("$%d", nMs), rTmp2.String())
	done, loop := g.newLabel("aslotsdone"), g.newLabel("aslots")
	g.Op("CBZ", rCnt.String(), done)
	g.Label(loop)
	g.Op("MOVD", fmt.Sprintf("%d(%s)", slotK, rSl), k.String())
	g.Op("MOVD", "RSP", rTmp.String())
	g.Op("ADD", fmt.Sprintf("$%d", nEq), rTmp.String())
	g.Op("MOVD", fmt.Sprintf("(%s)(%s<<3)", rTmp, k), m.String())
	g.Op("MOVD", fmt.Sprintf("%d(%s)", slotSX, rSl), t.String())
	g.op3("EOR", rX, t, t)
	g.Op("MOVD", fmt.Sprintf("%d(%s)", slotSO, rSl), k.String())
	g.op3("ORR", k, t, t)
	g.op3("AND", t, m, m)
	g.Op("MOVD.P", m.String(), "8("+rTmp2.String()+")")
	g.op3("ORR", m, anyR, anyR)
	g.Op("ADD", "$8", rSl.String())
	g.Op("SUBS", "$1", rCnt.String())
	g.Op("BNE", loop)
	g.Label(done)
	g.Op("MOVD", anyR.String(), fmt.Sprintf("%d(RSP)", nAny))
}

// rng emits one xoshiro128++ step of the four registers of lane group i
// and leaves the numbers in vR+i.
func (g *neon) rng(i int) {
	s := func(j int) a.V { return a.V(4*j + i) }
	r, t := vR+a.V(i), vT
	g.I(vadd(r, s(0), s(3)),
		vshl(t, r, 7), vsri(t, r, 25), // t = rotl(s0+s3, 7)
		vadd(r, t, s(0)),
		vshl(t, s(1), 9),
		veor(s(2), s(2), s(0)),
		veor(s(3), s(3), s(1)),
		veor(s(1), s(1), s(2)),
		veor(s(0), s(0), s(3)),
		veor(s(2), s(2), t),
		vshl(t, s(3), 11), vsri(t, s(3), 21),
		vmov(s(3), t))
}

// phaseB emits the 64 numbers of word w and the compares of every slot;
// the accepted positions accumulate in rFlip.
func (g *neon) phaseB() {
	g.Op("MOVD", "ZR", rFlip.String())
	for q := range 4 {
		for i := range 4 {
			g.rng(i)
		}
		g.Op("MOVD", "slots+48(FP)", rSl.String())
		g.Op("MOVD", "("+rSl.String()+")", rCnt.String())
		g.Op("ADD", fmt.Sprintf("$%d", slotT), rSl.String())
		g.Op("MOVD", "RSP", rTmp2.String())
		g.Op("ADD", fmt.Sprintf("$%d", nMs), rTmp2.String())
		done, loop := g.newLabel("bslotsdone"), g.newLabel("bslots")
		g.Op("CBZ", rCnt.String(), done)
		g.Label(loop)
		g.I(ld1rS(vThr, rSl))
		for i := range 4 {
			g.I(cmhi(vC+a.V(i), vThr, vR+a.V(i)), vand(vC+a.V(i), vC+a.V(i), vWeight+a.V(i)))
		}
		g.I(vorr(vC, vC, vC+1), vorr(vC+2, vC+2, vC+3), vorr(vC, vC, vC+2), addv(vC, vC), umovS(rTmp, vC))
		if q > 0 {
			g.Op("LSL", fmt.Sprintf("$%d", 16*q), rTmp.String(), rTmp.String())
		}
		g.Op("MOVD.P", "8("+rTmp2.String()+")", rX.String())
		g.op3("AND", rX, rTmp, rTmp)
		g.op3("ORR", rTmp, rFlip, rFlip)
		g.Op("ADD", "$8", rSl.String())
		g.Op("SUBS", "$1", rCnt.String())
		g.Op("BNE", loop)
		g.Label(done)
	}
}

// kernel emits the NEON kernel of one stencil.
func (g *neon) kernel(st stencil) {
	name := st.name + "NEON"
	g.Rawf("// func %s(words *uint64, states *uint32, rows *Row, nrows int, w int, lastMask uint64, slots *slotTable)", name)
	g.Rawf("TEXT ·%s(SB), NOSPLIT, $%d-56", name, nFrame)
	g.Op("MOVD", "$"+nConsts+"<>(SB)", rTmp.String())
	g.I(ld1S4(vWeight, 4, rTmp))
	g.Op("MOVD", "rows+16(FP)", rRowp.String())
	g.Op("MOVD", "nrows+24(FP)", rNrows.String())
	done := g.newLabel("done")
	g.Op("CBZ", rNrows.String(), done)
	rowLoop := g.newLabel("row")
	g.Label(rowLoop)
	g.Comment("Half-row pointers and the generator state of the row.")
	g.Op("MOVD", "words+0(FP)", rTmp.String())
	ptrs := []struct {
		r   a.R
		off int
	}{{rSelf, rowSelf}, {rUp, rowUp}, {rDown, rowDown}, {rSide, rowSide}, {rSUp, rowSideUp}, {rSDown, rowSideDown}}
	for _, p := range ptrs {
		g.Op("MOVD", fmt.Sprintf("%d(%s)", p.off, rRowp), rTmp2.String())
		g.Op("ADD", rTmp2.String()+"<<3", rTmp.String(), p.r.String())
	}
	g.Op("MOVD", "states+8(FP)", rTmp.String())
	g.Op("MOVD", fmt.Sprintf("%d(%s)", rowState, rRowp), rTmp2.String())
	g.Op("ADD", rTmp2.String()+"<<2", rTmp.String(), rState.String())
	g.Op("MOVD", rState.String(), rTmp.String())
	for j := range 4 {
		g.I(ld1S4(a.V(4*j), 4, rTmp))
		g.Op("ADD", "$64", rTmp.String())
	}
	g.Op("MOVD", "ZR", rW.String())
	wordLoop := g.newLabel("word")
	g.Label(wordLoop)
	g.Op("ADD", rW.String()+"<<3", rSelf.String(), rTmp.String())
	g.Op("MOVD", "("+rTmp.String()+")", rX.String())
	g.Comment("Phase A: classify the word's positions.")
	left, joined := g.newLabel("left"), g.newLabel("classified")
	g.Op("MOVD", fmt.Sprintf("%d(%s)", rowLeft, rRowp), rTmp.String())
	g.Op("CBNZ", rTmp.String(), left)
	g.Comment("Shifted neighbours at k+1.")
	g.phaseA(st.moore, false)
	g.Op("B", joined)
	g.Label(left)
	g.Comment("Shifted neighbours at k-1.")
	g.phaseA(st.moore, true)
	g.Label(joined)
	g.Comment("Phase B: 64 numbers, the compares of every slot.")
	g.phaseB()
	g.Comment("Phase C: flip = ~any | the slot results; the last word keeps its padding.")
	g.Op("MOVD", fmt.Sprintf("%d(RSP)", nAny), rTmp.String())
	g.op3("ORN", rTmp, rFlip, rFlip)
	g.Op("MOVD", "w+32(FP)", rTmp.String())
	g.Op("SUB", "$1", rTmp.String())
	notLast := g.newLabel("notlast")
	g.Op("CMP", rTmp.String(), rW.String())
	g.Op("BNE", notLast)
	g.Op("MOVD", "lastMask+40(FP)", rTmp.String())
	g.op3("AND", rTmp, rFlip, rFlip)
	g.Label(notLast)
	g.Op("ADD", rW.String()+"<<3", rSelf.String(), rTmp.String())
	g.Op("MOVD", "("+rTmp.String()+")", rX.String())
	g.op3("EOR", rFlip, rX, rX)
	g.Op("MOVD", rX.String(), "("+rTmp.String()+")")
	g.Op("ADD", "$1", rW.String())
	g.Op("MOVD", "w+32(FP)", rTmp.String())
	g.Op("CMP", rTmp.String(), rW.String())
	g.Op("BLT", wordLoop)
	g.Comment("Store the state; next row.")
	g.Op("MOVD", rState.String(), rTmp.String())
	for j := range 4 {
		g.I(st1S4(a.V(4*j), 4, rTmp))
		g.Op("ADD", "$64", rTmp.String())
	}
	g.Op("ADD", fmt.Sprintf("$%d", rowSize), rRowp.String())
	g.Op("SUBS", "$1", rNrows.String())
	g.Op("BNE", rowLoop)
	g.Label(done)
	g.Op("RET")
	g.Blank()
}

// genARM64 returns the arm64 assembly file.
func genARM64() []byte {
	g := &neon{}
	g.Rawf("// Code generated by %s. DO NOT EDIT.", generatorName)
	g.Blank()
	g.Raw("//go:build gc && !purego")
	g.Blank()
	g.Raw(`#include "textflag.h"`)
	g.Blank()
	g.Comment("Bit weights: lane l of vector i is position 4i+l of a 16-lane step.")
	for i := range 16 {
		g.Rawf("DATA %s<>+%d(SB)/4, $0x%08x", nConsts, 4*i, uint32(1)<<i)
	}
	g.Rawf("GLOBL %s<>(SB), RODATA|NOPTR, $64", nConsts)
	g.Blank()
	for _, st := range stencils {
		g.kernel(st)
	}
	return []byte(g.String())
}
