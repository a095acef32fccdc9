package main

import (
	"fmt"
	"math"

	a "github.com/numkern/numkern/gen/internal/arm64"
	"github.com/numkern/numkern/gen/internal/spec"
)

// arm64Options are the tuning choices of the NEON kernel.
type arm64Options struct {
	// Unroll is the number of two-point vectors processed together in the
	// main loop (1 or 2: two vectors use 16 of the 18 work registers for
	// their four exponentials).
	Unroll int
}

var defaultARM64 = arm64Options{Unroll: 2}

// Layout of the NEON constant table, 8 bytes per entry. The first four are
// loaded broadcast into full registers, the rest in pairs.
const (
	nLo = iota
	nHi
	nMagic
	nBias
	nLog2e // pairs from here: V18 = {log2e, ln2Hi}
	nLn2Hi
	nLn2Lo // V19 = {ln2Lo, 1}
	nOne
	nCoef // V20 = {c0, c1}, …, V25 = {c10, c11}
)

// Registers of the NEON kernel.
const (
	vLo    a.V = 31 // {-708, -708}
	vHi    a.V = 30 // {708, 708}
	vMagic a.V = 29 // {1.5·2^52, …}
	vBias  a.V = 28 // {RoundMagicBits - 1023, …} as integers
	vAlpha a.V = 27
	vC2K   a.V = 26 // {twoKMinus2, …}
	vPair  a.V = 18 // V18…V25: the paired constants, see nLog2e
	nWork      = 18 // V0…V17 are work registers

	rW     a.R = 0 // next point's output row
	rFrac  a.R = 1
	rN     a.R = 2 // points left
	rE3    a.R = 3
	rL     a.R = 4 // taps
	rS     a.R = 5 // row stride 8·L
	rE     a.R = 6 // e3 walker
	rT     a.R = 7 // taps left
	rRow   a.R = 8 // R8… row pointers of a block
	rConst a.R = 13
	rTmp   a.R = 14
	rTmp2  a.R = 15
)

// pairElem returns the register and element holding table entry i ≥ nLog2e.
func pairElem(i int) (a.V, int) {
	j := i - nLog2e
	return vPair + a.V(j/2), j % 2
}

// neon emits the arm64 kernel.
type neon struct {
	a.Builder
	opt   arm64Options
	label int
}

func (g *neon) newLabel(prefix string) string {
	g.label++
	return fmt.Sprintf("%s_%d", prefix, g.label)
}

// chain holds the four registers of one vector exponential.
type chain struct{ x, k, p, q a.V }

// exp computes e^x for every chain in place (instructions interleaved over
// the chains) and returns, per chain, the register holding the result.
// It is dmath.Exp step by step: see spec.Exp.
func (g *neon) exp(cs []chain) []a.V {
	each := func(f func(c *chain) a.Inst) {
		for i := range cs {
			g.I(f(&cs[i]))
		}
	}
	g.Comment("e^x: x = min(max(x, -708), 708)")
	each(func(c *chain) a.Inst { return a.FMAX(c.x, c.x, vLo) })
	each(func(c *chain) a.Inst { return a.FMIN(c.x, c.x, vHi) })
	g.Comment("k = x·log2e + 1.5·2^52 (product rounded); n = k - 1.5·2^52")
	r, e := pairElem(nLog2e)
	each(func(c *chain) a.Inst { return a.FMULE(c.k, c.x, r, e) })
	each(func(c *chain) a.Inst { return a.FADD(c.k, c.k, vMagic) })
	each(func(c *chain) a.Inst { return a.FSUB(c.p, c.k, vMagic) })
	g.Comment("r = FMA(-n, ln2Lo, FMA(-n, ln2Hi, x)) (fused multiply-subtract by element)")
	r, e = pairElem(nLn2Hi)
	each(func(c *chain) a.Inst { return a.FMLSE(c.x, c.p, r, e) })
	r, e = pairElem(nLn2Lo)
	each(func(c *chain) a.Inst { return a.FMLSE(c.x, c.p, r, e) })
	g.Comment("p = Horner in r: p = FMA(c0, r, c1), p = FMA(p, r, c) …, p = FMA(p, r, 1) twice")
	ncoef := len(spec.Coeffs())
	r1, e1 := pairElem(nCoef + 1)
	r0, e0 := pairElem(nCoef)
	each(func(c *chain) a.Inst { return a.DUPE(c.p, r1, e1) })
	each(func(c *chain) a.Inst { return a.FMLAE(c.p, c.x, r0, e0) })
	step := func(entry int) {
		r, e := pairElem(entry)
		each(func(c *chain) a.Inst { return a.DUPE(c.q, r, e) })
		each(func(c *chain) a.Inst { return a.FMLA(c.q, c.p, c.x) })
		for i := range cs {
			cs[i].p, cs[i].q = cs[i].q, cs[i].p
		}
	}
	for i := 2; i < ncoef; i++ {
		step(nCoef + i)
	}
	step(nOne)
	step(nOne)
	g.Comment("2^n = (bits(k) - (0x4338000000000000 - 1023)) << 52; e^x = p · 2^n")
	each(func(c *chain) a.Inst { return a.SUB(c.k, c.k, vBias) })
	each(func(c *chain) a.Inst { return a.SHL(c.k, c.k, spec.Pow2Shift) })
	each(func(c *chain) a.Inst { return a.FMUL(c.p, c.p, c.k) })
	out := make([]a.V, len(cs))
	for i, c := range cs {
		out[i] = c.p
	}
	return out
}

// block emits unroll vectors of two points: load, exponentials, taps.
func (g *neon) block(unroll int) {
	cs := make([]chain, 2*unroll)
	for i := range cs {
		b := a.V(4 * i)
		cs[i] = chain{b, b + 1, b + 2, b + 3}
	}
	g.Comment("a = alpha·f; exp arguments 2a (for e2) and -(a·(f + twoKMinus2)) (for v)")
	for u := range unroll {
		ce, cv := cs[2*u], cs[2*u+1]
		f, al, t := ce.k, cv.k, cv.p
		g.I(a.LD1(f, 1, rFrac, true))
		g.I(a.FMUL(al, f, vAlpha))
		g.I(a.FADD(ce.x, al, al))
		g.I(a.FADD(t, f, vC2K))
		g.I(a.FMUL(cv.x, al, t))
		g.I(a.FNEG(cv.x, cv.x))
	}
	res := g.exp(cs)

	// Tap phase: v[u], e2[u] live; the other work registers are free.
	v := make([]a.V, unroll)
	e2 := make([]a.V, unroll)
	used := map[a.V]bool{}
	for u := range unroll {
		e2[u], v[u] = res[2*u], res[2*u+1]
		used[e2[u]], used[v[u]] = true, true
	}
	var free []a.V
	for r := a.V(0); r < nWork; r++ {
		if !used[r] {
			free = append(free, r)
		}
	}
	take := func() a.V { r := free[0]; free = free[1:]; return r }
	ev := take()
	o0, o1, z0, z1 := make([]a.V, unroll), make([]a.V, unroll), make([]a.V, unroll), make([]a.V, unroll)
	for u := range unroll {
		o0[u], o1[u], z0[u], z1[u] = take(), take(), take(), take()
	}
	rows := 2 * unroll
	g.Comment("Taps: w[p][t] = v·e3[t], v = v·e2, two taps at a time, zipped into rows.")
	g.Op("MOVD", rW.String(), rRow.String())
	for j := 1; j < rows; j++ {
		g.Op("ADD", rS.String(), (rRow + a.R(j-1)).String(), (rRow + a.R(j)).String())
	}
	g.Op("MOVD", rE3.String(), rE.String())
	g.Op("MOVD", rL.String(), rT.String())
	loop, one, end := g.newLabel("taps2"), g.newLabel("taps1"), g.newLabel("tapsdone")
	g.Label(loop)
	g.Op("CMP", "$2", rT.String())
	g.Op("BLT", one)
	g.I(a.LD1(ev, 1, rE, true))
	for u := range unroll {
		g.I(a.FMULE(o0[u], v[u], ev, 0), a.FMUL(v[u], v[u], e2[u]))
	}
	for u := range unroll {
		g.I(a.FMULE(o1[u], v[u], ev, 1), a.FMUL(v[u], v[u], e2[u]))
	}
	for u := range unroll {
		g.I(a.ZIP1(z0[u], o0[u], o1[u]), a.ZIP2(z1[u], o0[u], o1[u]))
		g.I(a.ST1(z0[u], 1, rRow+a.R(2*u), true), a.ST1(z1[u], 1, rRow+a.R(2*u+1), true))
	}
	g.Op("SUB", "$2", rT.String())
	g.Op("B", loop)
	g.Label(one)
	g.Op("CBZ", rT.String(), end)
	g.Op("FMOVD", "("+rE.String()+")", fmt.Sprintf("F%d", ev))
	for u := range unroll {
		g.I(a.FMULE(o0[u], v[u], ev, 0))
		g.I(a.FMOVDStore(o0[u], rRow+a.R(2*u), false), a.ST1Lane(o0[u], 1, rRow+a.R(2*u+1), false))
	}
	g.Label(end)
	g.Op("ADD", fmt.Sprintf("%s<<%d", rS, shiftOf(rows)), rW.String(), rW.String())
}

func shiftOf(n int) int {
	for s := 0; s < 8; s++ {
		if 1<<s == n {
			return s
		}
	}
	panic(fmt.Sprintf("%d is not a power of two", n))
}

// scalarPoint emits the weights of one point with scalar instructions.
func (g *neon) scalarPoint() {
	const (
		f, al, x2, xv = a.V(0), a.V(1), a.V(2), a.V(3)
		c             = a.V(4) // a constant loaded from the table
	)
	ld := func(d a.V, entry int) { g.I(a.FMOVDLoad(d, 8*entry, rConst)) }
	g.Comment("a = alpha·f; exp arguments 2a and -(a·(f + twoKMinus2))")
	g.Op("FMOVD.P", "8("+rFrac.String()+")", fmt.Sprintf("F%d", f))
	g.I(a.FMULD(al, f, vAlpha), a.FADDD(x2, al, al), a.FADDD(xv, f, vC2K), a.FMULD(xv, al, xv), a.FNEGD(xv, xv))
	results := make([]a.V, 2)
	for i, x := range []a.V{x2, xv} {
		k, n, p := a.V(5+3*i), a.V(6+3*i), a.V(7+3*i)
		g.Comment(fmt.Sprintf("e^F%d", x))
		g.I(a.FMAXD(x, x, vLo), a.FMIND(x, x, vHi))
		ld(c, nLog2e)
		g.I(a.FMULD(k, x, c), a.FADDD(k, k, vMagic), a.FSUBD(n, k, vMagic))
		ld(c, nLn2Hi)
		g.I(a.FMSUBD(x, n, c, x))
		ld(c, nLn2Lo)
		g.I(a.FMSUBD(x, n, c, x))
		ld(p, nCoef)
		for j := 1; j < len(spec.Coeffs()); j++ {
			ld(c, nCoef+j)
			g.I(a.FMADDD(p, p, x, c))
		}
		ld(c, nOne)
		g.I(a.FMADDD(p, p, x, c), a.FMADDD(p, p, x, c))
		g.I(a.FMOVDToGP(rTmp, k))
		ld(c, nBias)
		g.I(a.FMOVDToGP(rTmp2, c))
		g.Op("SUB", rTmp2.String(), rTmp.String())
		g.Op("LSL", fmt.Sprintf("$%d", spec.Pow2Shift), rTmp.String())
		g.I(a.FMOVDFromGP(k, rTmp), a.FMULD(p, p, k))
		results[i] = p
	}
	e2, v := results[0], results[1]
	const e, o = a.V(16), a.V(17)
	g.Comment("Taps, one at a time.")
	g.Op("MOVD", rW.String(), rRow.String())
	g.Op("MOVD", rE3.String(), rE.String())
	g.Op("MOVD", rL.String(), rT.String())
	loop, end := g.newLabel("stap"), g.newLabel("stapdone")
	g.Op("CBZ", rT.String(), end)
	g.Label(loop)
	g.Op("FMOVD.P", "8("+rE.String()+")", fmt.Sprintf("F%d", e))
	g.I(a.FMULD(o, v, e), a.FMULD(v, v, e2), a.FMOVDStore(o, rRow, true))
	g.Op("SUBS", "$1", rT.String())
	g.Op("BNE", loop)
	g.Label(end)
	g.Op("ADD", rS.String(), rW.String())
}

// genARM64 returns the arm64 assembly file.
func genARM64(opt arm64Options) []byte {
	g := &neon{opt: opt}
	g.Rawf("// Code generated by %s. DO NOT EDIT.", generatorName)
	g.Blank()
	g.Raw("//go:build gc && !purego")
	g.Blank()
	g.Raw(`#include "textflag.h"`)
	g.Blank()

	// Constant table.
	vals := make([]uint64, nCoef+len(spec.Coeffs()))
	vals[nLo] = math.Float64bits(-spec.MaxExpArg)
	vals[nHi] = math.Float64bits(spec.MaxExpArg)
	vals[nMagic] = math.Float64bits(spec.RoundMagic)
	vals[nBias] = spec.Pow2Bias
	vals[nLog2e] = math.Float64bits(spec.Log2e)
	vals[nLn2Hi] = math.Float64bits(spec.Ln2Hi)
	vals[nLn2Lo] = math.Float64bits(spec.Ln2Lo)
	vals[nOne] = math.Float64bits(1)
	for i, c := range spec.Coeffs() {
		vals[nCoef+i] = math.Float64bits(c)
	}
	for i, v := range vals {
		g.Rawf("DATA %s<>+%d(SB)/8, $0x%016x", constName, 8*i, v)
	}
	g.Rawf("GLOBL %s<>(SB), RODATA|NOPTR, $%d", constName, 8*len(vals))
	g.Blank()

	g.Raw("// func weightsNEON(w []float64, frac []float64, alpha float64, twoKMinus2 float64, e3 []float64)")
	g.Raw("TEXT ·weightsNEON(SB), NOSPLIT, $0-88")
	g.Op("MOVD", "w_base+0(FP)", rW.String())
	g.Op("MOVD", "frac_base+24(FP)", rFrac.String())
	g.Op("MOVD", "frac_len+32(FP)", rN.String())
	g.Op("MOVD", "e3_base+64(FP)", rE3.String())
	g.Op("MOVD", "e3_len+72(FP)", rL.String())
	g.Op("LSL", "$3", rL.String(), rS.String())
	g.Comment("Constants: broadcast ones, then pairs (see the generator).")
	g.Op("MOVD", "$"+constName+"<>(SB)", rConst.String())
	g.I(a.LD1R(vLo, rConst, true), a.LD1R(vHi, rConst, true), a.LD1R(vMagic, rConst, true), a.LD1R(vBias, rConst, true))
	g.I(a.LD1(vPair, 4, rConst, true), a.LD1(vPair+4, 4, rConst, false))
	g.Op("MOVD", "$"+constName+"<>(SB)", rConst.String())
	g.Op("FMOVD", "alpha+48(FP)", fmt.Sprintf("F%d", vAlpha))
	g.Op("FMOVD", "twoKMinus2+56(FP)", fmt.Sprintf("F%d", vC2K))
	g.I(a.DUPE(vAlpha, vAlpha, 0), a.DUPE(vC2K, vC2K, 0))

	stages := []int{opt.Unroll}
	if opt.Unroll > 1 {
		stages = append(stages, 1)
	}
	for i, u := range stages {
		top, next := g.newLabel(fmt.Sprintf("block2x%d", u)), g.newLabel("next")
		g.Label(top)
		g.Op("CMP", fmt.Sprintf("$%d", 2*u), rN.String())
		g.Op("BLT", next)
		g.block(u)
		g.Op("SUB", fmt.Sprintf("$%d", 2*u), rN.String())
		if i == 0 {
			g.Op("B", top)
		}
		g.Label(next)
	}
	done := g.newLabel("done")
	g.Comment("Scalar tail: one point at a time.")
	g.Op("CBZ", rN.String(), done)
	tail := g.newLabel("tail")
	g.Label(tail)
	g.scalarPoint()
	g.Op("SUBS", "$1", rN.String())
	g.Op("BNE", tail)
	g.Label(done)
	g.Op("RET")
	return []byte(g.String())
}
