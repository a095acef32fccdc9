package main

import (
	"fmt"

	a "github.com/numkern/numkern/gen/internal/arm64"
)

// The NEON fused kernels have the contract of the amd64 ones (see
// fused_amd64.go) and the arithmetic of the NEON single-pass kernels: split
// vectors from LD2, twiddles of a p as (wr, wi) and (−wr, −wi) pairs for
// the by-element multiplies, per-lane twiddles from LD2. The twiddles of a
// p and the intermediate values of a group live in the stack frame; a
// backward radix-4 butterfly exchanges its inputs 1 and 3 arithmetically
// (d = fma(a1, σ, −σ·a3), as on amd64).

// Registers of the fused NEON kernels.
const (
	fLP   a.R = 0 // moving input pointer
	fBJ   a.R = 1 // inputs of j2: bs + j2·U
	fOP   a.R = 2 // moving output pointer
	fOK   a.R = 3 // outputs of k1: bd + k1·S
	fLT   a.R = 4 // P kind: moving twiddle pointer; Q kind: setup temporary
	fTJ   a.R = 5 // P kind: twiddles of j2
	fM2   a.R = 6 // setup: m2·cb
	fM1   a.R = 7 // setup: m1·cb
	fCur  a.R = 8 // setup: twiddle row pointer
	fTB   a.R = 9 // P kind: second-pass twiddles
	fP    a.R = 10
	fN    a.R = 11
	fS    a.R = 12 // s·cb
	fU    a.R = 13 // m2·s·cb
	fV2   a.R = 14 // rb·U
	fW2   a.R = 15 // ra·S
	fBS   a.R = 16
	fBD   a.R = 17
	fC    a.R = 19 // constant table
	fT    a.R = 20
	fT2   a.R = 21
	fTA   a.R = 22 // P kind: first-pass twiddles
	fBase a.R = 24 // the frame
)

// loadFusedConsts loads the constants of a fused pair into reserved
// registers (from V31 down).
func (g *neon) loadFusedConsts(ra, rb int, perLane bool, backwardArg string) (consts, []a.V) {
	g.Op("MOVD", "$"+g.constName()+"<>(SB)", fC.String())
	g.Op("MOVBU", backwardArg, fT.String())
	skip := g.newLabel("fwd")
	g.Op("CBZ", fT.String(), skip)
	g.Op("ADD", fmt.Sprintf("$%d", 16*nEntries), fC.String())
	g.Label(skip)
	var k consts
	var used []a.V
	have := map[int]a.V{}
	ld := func(entry int) a.V {
		if v, ok := have[entry]; ok {
			return v
		}
		v := a.V(31 - len(used))
		used = append(used, v)
		have[entry] = v
		g.Op("ADD", fmt.Sprintf("$%d", 16*entry), fC.String(), fT.String())
		g.I(a.LD1(v, 1, fT, false))
		return v
	}
	if perLane {
		k.dms = ld(nDMS)
	} else {
		k.dm = ld(nDM)
	}
	for _, r := range []int{ra, rb} {
		switch r {
		case 3:
			k.half, k.sn3 = ld(nHalf), ld(nSn3)
		case 4:
			k.sig4, k.neg4, k.exch4 = ld(nSig4), ld(nNeg4), true
		case 5:
			k.c2, k.c4, k.s1, k.s2, k.ns1 = ld(nC2), ld(nC4), ld(nS1), ld(nS2), ld(nNS1)
		}
	}
	return k, used
}

// loadShape loads a vector of shape s at p and advances p by inc.
func (g *neon) loadShape(s shape, p, inc a.R) cv {
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
		g.I(a.LD2R(c.re, arr, p, inc))
		return c
	}
	c := g.loadCV(single, p)
	g.Op("ADD", inc.String(), p.String())
	return c
}

// storeShape stores x (shape s) at p and advances p by inc.
func (g *neon) storeShape(s shape, x cv, p, inc a.R) {
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
		g.I(a.ST2R(x.re, arr, p, inc))
		g.putCV(x)
		return
	}
	g.storeCV(single, x, p)
	g.Op("ADD", inc.String(), p.String())
}

// shapeBytes is the size in memory of a vector of shape s.
func (g *neon) shapeBytes(s shape) int { return g.shapeLanes(s) * g.cb() }

// fusedFrame returns the frame layout of a fused pair: the offsets (from
// fBase) of twiddle slot i (w at +0, −w at +16), of intermediate value
// (k1, j2) (real parts at +0, imaginary at +16), and the frame size.
func fusedFrame(ra, rb int) (tw func(i int) int, val func(k1, j2 int) int, size int) {
	nTw := (ra-1)*rb + rb - 1
	tw = func(i int) int { return 32 * i }
	val = func(k1, j2 int) int { return 32 * (nTw + k1*rb + j2) }
	return tw, val, 32*(nTw+ra*rb) + 16
}

// fusedQ emits the NEON fused pair vectorised over q.
func (g *neon) fusedQ(ra, rb int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("fusedQ%d%dNEON%s", ra, rb, g.suffix()), Kind: "F", Radix: ra, Radix2: rb, Prec: g.prec(), ISA: "NEON"}
	cb := g.cb()
	R := ra * rb
	twOff, valOff, frame := fusedFrame(ra, rb)
	twA := func(j2, k1 int) int { return twOff(j2*(ra-1) + k1 - 1) }
	twB := func(k2 int) int { return twOff((ra-1)*rb + k2 - 1) }
	g.Rawf("// func %s%s", k.Name, k.Sig())
	g.Rawf("TEXT ·%s(SB), $%d-81", k.Name, frame)
	g.Op("ADD", "$16", "RSP", fBase.String())
	kc, used := g.loadFusedConsts(ra, rb, false, "backward+80(FP)")
	lg := fmt.Sprintf("$%d", log2(cb))
	g.Op("MOVD", "s+32(FP)", fS.String())
	g.Op("LSL", lg, fS.String())
	g.Op("MOVD", "m2+40(FP)", fU.String())
	g.Op("MUL", fS.String(), fU.String())
	g.Op("MOVD", fmt.Sprintf("$%d", rb), fT.String())
	g.Op("MUL", fU.String(), fT.String(), fV2.String())
	g.Op("MOVD", fmt.Sprintf("$%d", ra), fT.String())
	g.Op("MUL", fS.String(), fT.String(), fW2.String())
	g.Op("MOVD", "p0+48(FP)", fP.String())
	g.reset(used...)
	body := append([]a.V(nil), g.free...)

	ploop, done, zero, next := g.newLabel("ploop"), g.newLabel("done"), g.newLabel("zero"), g.newLabel("pnext")
	g.Label(ploop)
	g.Op("MOVD", "p1+56(FP)", fT.String())
	g.Op("CMP", fT.String(), fP.String())
	g.Op("BGE", done)
	g.Comment("bs = src + p·S + q0·cb, bd = dst + ra·rb·p·S + q0·cb")
	g.Op("MOVD", "q0+64(FP)", fT2.String())
	g.Op("LSL", lg, fT2.String())
	g.Op("MUL", fP.String(), fS.String(), fT.String())
	g.Op("MOVD", "src+8(FP)", fBS.String())
	g.Op("ADD", fT.String(), fBS.String())
	g.Op("ADD", fT2.String(), fBS.String())
	g.Op("MOVD", fmt.Sprintf("$%d", R), fBD.String())
	g.Op("MUL", fBD.String(), fT.String())
	g.Op("MOVD", "dst+0(FP)", fBD.String())
	g.Op("ADD", fT.String(), fBD.String())
	g.Op("ADD", fT2.String(), fBD.String())
	g.Op("MOVD", "q1+72(FP)", fN.String())
	g.Op("MOVD", "q0+64(FP)", fT.String())
	g.Op("SUB", fT.String(), fN.String())

	setup := func(zeroP bool) {
		g.Comment("Twiddles of this p, conjugated backward, and their negations, to the frame.")
		g.Op("MOVD", "m2+40(FP)", fM2.String())
		g.Op("LSL", lg, fM2.String())
		g.Op("MOVD", fmt.Sprintf("$%d", rb), fT.String())
		g.Op("MUL", fM2.String(), fT.String(), fM1.String())
		g.free = append(g.free[:0], body...)
		w, nw := g.get(), g.get()
		put := func(ptr a.R, off int) {
			if g.f32 {
				g.I(a.FMOVDLoad(w, 0, ptr))
			} else {
				g.I(a.LD1(w, 1, ptr, false))
			}
			g.I(a.EOR(w, w, kc.dm))
			g.fneg(nw, w)
			g.I(a.FMOVQStore(w, off, fBase), a.FMOVQStore(nw, off+16, fBase))
		}
		g.Op("MOVD", "tw1+16(FP)", fCur.String())
		g.Op("ADD", fmt.Sprintf("%s<<%d", fP, log2(cb)), fCur.String())
		for j2 := 0; j2 < rb; j2++ {
			if !(zeroP && j2 == 0) {
				g.Op("MOVD", fCur.String(), fLT.String())
				for k1 := 1; k1 < ra; k1++ {
					put(fLT, twA(j2, k1))
					if k1 < ra-1 {
						g.Op("ADD", fM1.String(), fLT.String())
					}
				}
			}
			if j2 < rb-1 {
				g.Op("ADD", fM2.String(), fCur.String())
			}
		}
		if !zeroP {
			g.Op("MOVD", "tw2+24(FP)", fCur.String())
			g.Op("ADD", fmt.Sprintf("%s<<%d", fP, log2(cb)), fCur.String())
			for k2 := 1; k2 < rb; k2++ {
				put(fCur, twB(k2))
				if k2 < rb-1 {
					g.Op("ADD", fM2.String(), fCur.String())
				}
			}
		}
		g.put(w, nw)
	}
	groupBody := func(s shape, zeroP bool) {
		g.free = append(g.free[:0], body...)
		g.Op("MOVD", fBS.String(), fBJ.String())
		for j2 := 0; j2 < rb; j2++ {
			g.Op("MOVD", fBJ.String(), fLP.String())
			x := make([]cv, ra)
			for j1 := range x {
				x[j1] = g.loadShape(s, fLP, fV2)
			}
			b := g.butterfly(ra, kc, x)
			for k1, v := range b {
				if k1 > 0 && !(zeroP && j2 == 0) {
					w, nw := g.get(), g.get()
					g.I(a.FMOVQLoad(w, twA(j2, k1), fBase), a.FMOVQLoad(nw, twA(j2, k1)+16, fBase))
					v = g.mulTwPair(v, w, nw)
					g.put(w, nw)
				}
				off := valOff(k1, j2)
				g.I(a.FMOVQStore(v.re, off, fBase), a.FMOVQStore(v.im, off+16, fBase))
				g.putCV(v)
			}
			if j2 < rb-1 {
				g.Op("ADD", fU.String(), fBJ.String())
			}
		}
		g.Op("MOVD", fBD.String(), fOK.String())
		for k1 := 0; k1 < ra; k1++ {
			c := make([]cv, rb)
			for j2 := range c {
				c[j2] = g.getCV()
				off := valOff(k1, j2)
				g.I(a.FMOVQLoad(c[j2].re, off, fBase), a.FMOVQLoad(c[j2].im, off+16, fBase))
			}
			b := g.butterfly(rb, kc, c)
			g.Op("MOVD", fOK.String(), fOP.String())
			for k2, v := range b {
				if k2 > 0 && !zeroP {
					w, nw := g.get(), g.get()
					g.I(a.FMOVQLoad(w, twB(k2), fBase), a.FMOVQLoad(nw, twB(k2)+16, fBase))
					v = g.mulTwPair(v, w, nw)
					g.put(w, nw)
				}
				g.storeShape(s, v, fOP, fW2)
			}
			if k1 < ra-1 {
				g.Op("ADD", fS.String(), fOK.String())
			}
		}
		n := g.shapeBytes(s)
		g.Op("ADD", fmt.Sprintf("$%d", n), fBS.String())
		g.Op("ADD", fmt.Sprintf("$%d", n), fBD.String())
		g.Op("SUB", fmt.Sprintf("$%d", g.shapeLanes(s)), fN.String())
	}
	loop := func(zeroP bool) {
		end := g.newLabel("qdone")
		shapes := g.shapes()
		for i, s := range shapes {
			top, skip := g.newLabel("q"), g.newLabel("qskip")
			g.Label(top)
			g.Op("CMP", fmt.Sprintf("$%d", g.shapeLanes(s)), fN.String())
			g.Op("BLT", skip)
			groupBody(s, zeroP)
			if i == 0 || i == len(shapes)-1 {
				g.Op("B", top)
			}
			g.Label(skip)
			if i < len(shapes)-1 {
				g.Op("CBZ", fN.String(), end)
			}
		}
		g.Label(end)
	}
	g.Op("CBZ", fP.String(), zero)
	setup(false)
	loop(false)
	g.Op("B", next)
	g.Label(zero)
	setup(true)
	loop(true)
	g.Label(next)
	g.Op("ADD", "$1", fP.String())
	g.Op("B", ploop)
	g.Label(done)
	g.Op("RET")
	g.Blank()
	return k
}

// fusedP emits the NEON fused pair with s = 1 vectorised over p.
func (g *neon) fusedP(ra, rb int) kernelDecl {
	k := kernelDecl{Name: fmt.Sprintf("fusedP%d%dNEON%s", ra, rb, g.suffix()), Kind: "FP", Radix: ra, Radix2: rb, Prec: g.prec(), ISA: "NEON"}
	cb := g.cb()
	R := ra * rb
	_, valOff, frame := fusedFrame(ra, rb)
	g.Rawf("// func %s%s", k.Name, k.Sig())
	g.Rawf("TEXT ·%s(SB), $%d-57", k.Name, frame)
	g.Op("ADD", "$16", "RSP", fBase.String())
	kc, used := g.loadFusedConsts(ra, rb, true, "backward+56(FP)")
	lg := fmt.Sprintf("$%d", log2(cb))
	g.Op("MOVD", "m2+32(FP)", fU.String())
	g.Op("LSL", lg, fU.String())
	g.Op("MOVD", fmt.Sprintf("$%d", rb), fT.String())
	g.Op("MUL", fU.String(), fT.String(), fV2.String())
	g.Op("MOVD", "p0+40(FP)", fP.String())
	g.Op("MOVD", "p1+48(FP)", fN.String())
	g.Op("SUB", fP.String(), fN.String())
	g.Op("LSL", lg, fP.String(), fT.String())
	g.Op("MOVD", "src+8(FP)", fBS.String())
	g.Op("ADD", fT.String(), fBS.String())
	g.Op("MOVD", "tw1+16(FP)", fTA.String())
	g.Op("ADD", fT.String(), fTA.String())
	g.Op("MOVD", "tw2+24(FP)", fTB.String())
	g.Op("ADD", fT.String(), fTB.String())
	g.Op("MOVD", fmt.Sprintf("$%d", R), fT2.String())
	g.Op("MUL", fT2.String(), fT.String())
	g.Op("MOVD", "dst+0(FP)", fBD.String())
	g.Op("ADD", fT.String(), fBD.String())
	g.reset(used...)
	body := append([]a.V(nil), g.free...)

	groupBody := func(s shape, zeroP bool) {
		g.free = append(g.free[:0], body...)
		lanes := g.shapeLanes(s)
		twiddle := func(x cv, ptr, inc a.R) cv {
			w := g.loadShape(s, ptr, inc)
			g.I(a.EOR(w.im, w.im, kc.dms))
			nwi := g.get()
			g.fneg(nwi, w.im)
			y := g.mulTwLanes(x, w, nwi)
			g.putCV(w)
			g.put(nwi)
			return y
		}
		g.Op("MOVD", fBS.String(), fBJ.String())
		g.Op("MOVD", fTA.String(), fTJ.String())
		for j2 := 0; j2 < rb; j2++ {
			g.Op("MOVD", fBJ.String(), fLP.String())
			x := make([]cv, ra)
			for j1 := range x {
				x[j1] = g.loadShape(s, fLP, fV2)
			}
			b := g.butterfly(ra, kc, x)
			if !(zeroP && j2 == 0) {
				g.Op("MOVD", fTJ.String(), fLT.String())
			}
			for k1, v := range b {
				if k1 > 0 && !(zeroP && j2 == 0) {
					v = twiddle(v, fLT, fV2)
				}
				off := valOff(k1, j2)
				g.I(a.FMOVQStore(v.re, off, fBase), a.FMOVQStore(v.im, off+16, fBase))
				g.putCV(v)
			}
			if j2 < rb-1 {
				g.Op("ADD", fU.String(), fBJ.String())
				g.Op("ADD", fU.String(), fTJ.String())
			}
		}
		for k1 := 0; k1 < ra; k1++ {
			c := make([]cv, rb)
			for j2 := range c {
				c[j2] = g.getCV()
				off := valOff(k1, j2)
				g.I(a.FMOVQLoad(c[j2].re, off, fBase), a.FMOVQLoad(c[j2].im, off+16, fBase))
			}
			b := g.butterfly(rb, kc, c)
			if !zeroP {
				g.Op("MOVD", fTB.String(), fLT.String())
			}
			for k2, v := range b {
				if k2 > 0 && !zeroP {
					v = twiddle(v, fLT, fU)
				}
				g.scatter(s, v, k1+ra*k2, R)
			}
		}
		n := g.shapeBytes(s)
		g.Op("ADD", fmt.Sprintf("$%d", n), fBS.String())
		g.Op("ADD", fmt.Sprintf("$%d", n), fTA.String())
		g.Op("ADD", fmt.Sprintf("$%d", n), fTB.String())
		g.Op("ADD", fmt.Sprintf("$%d", R*n), fBD.String())
		g.Op("SUB", fmt.Sprintf("$%d", lanes), fN.String())
	}

	end, start := g.newLabel("pdone"), g.newLabel("pstart")
	g.Comment("p = 0 alone: no twiddle for the first pass's p = 0 nor the second pass.")
	g.Op("CBZ", fN.String(), end)
	g.Op("MOVD", "p0+40(FP)", fT.String())
	g.Op("CBNZ", fT.String(), start)
	groupBody(single, true)
	g.Label(start)
	shapes := g.shapes()
	for i, s := range shapes {
		top, skip := g.newLabel("p"), g.newLabel("pskip")
		g.Label(top)
		g.Op("CMP", fmt.Sprintf("$%d", g.shapeLanes(s)), fN.String())
		g.Op("BLT", skip)
		groupBody(s, false)
		if i == 0 || i == len(shapes)-1 {
			g.Op("B", top)
		}
		g.Label(skip)
		if i < len(shapes)-1 {
			g.Op("CBZ", fN.String(), end)
		}
	}
	g.Label(end)
	g.Op("RET")
	g.Blank()
	return k
}

// scatter stores output o of the lanes of x (shape s, consecutive p) at
// fBD + (l·R + o)·cb for lane l; x is released.
func (g *neon) scatter(s shape, x cv, o, R int) {
	cb := g.cb()
	lanes := g.shapeLanes(s)
	z := g.get()
	if !g.f32 {
		for l := 0; l < lanes; l++ {
			if l == 0 {
				g.I(a.ZIP1(z, x.re, x.im))
			} else {
				g.I(a.ZIP2(z, x.re, x.im))
			}
			g.I(a.FMOVQStore(z, (l*R+o)*cb, fBD))
		}
		g.put(z)
		g.putCV(x)
		return
	}
	t := g.get()
	for h := 0; 2*h < lanes; h++ {
		if h == 0 {
			g.I(a.ZIP1S(z, x.re, x.im))
		} else {
			g.I(a.ZIP2S(z, x.re, x.im))
		}
		for l := 2 * h; l < min(lanes, 2*h+2); l++ {
			if l%2 == 0 {
				g.I(a.FMOVDStoreOff(z, (l*R+o)*cb, fBD))
			} else {
				g.I(a.DUPE(t, z, 1), a.FMOVDStoreOff(t, (l*R+o)*cb, fBD))
			}
		}
	}
	g.put(z, t)
	g.putCV(x)
}
