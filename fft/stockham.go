package fft

import "github.com/numkern/numkern/internal/cpu"

// This file is the template of stockham_complex64.go (see gen_complex64.go).

// stockhamPass128 is one radix-r pass of a Stockham autosort FFT,
// decimation in frequency. A pass with sub-transform length L = r·m and
// stride s reads and writes arrays of L·s elements (the full length times
// the number of interleaved transforms):
//
//	a_j      = src[q + s·(p + j·m)]                 j = 0…r−1
//	b_k      = Σ_j a_j·e^{∓2πi·jk/r}                 (the r-point DFT)
//	dst[q + s·(r·p + k)] = b_k·w_L^{p·k}             w_L = e^{∓2πi/L}
//
// for p = 0…m−1 and q = 0…s−1. The next pass has L' = m and s' = r·s. The
// twiddle is not applied for p = 0, where it is exactly 1, nor, as a
// consequence, anywhere in the last pass (m = 1); that pass reads and writes
// the same r positions for each q, so it may run in place.
type stockhamPass128 struct {
	radix int
	m     int // L / radix
	// tw holds the forward twiddles w_L^{p·k} = e^{−2πi·pk/L} at
	// [(k−1)·m + p], one row of m per k (the entries for p = 0 are unused
	// and hold 1); the backward transform uses their conjugates.
	tw []complex128
	// Generic odd-prime radix only: cos(2πjk/r) and sin(2πjk/r), forward
	// and backward (negated), at [(k−1)·h + j−1], h = (r−1)/2.
	cosTab, sinFwd, sinBwd []float64
}

func newStockhamPass128(radix, length int) stockhamPass128 {
	m := length / radix
	ps := stockhamPass128{radix: radix, m: m}
	ps.tw = make([]complex128, (radix-1)*m)
	for k := 1; k < radix; k++ {
		row := ps.tw[(k-1)*m : k*m]
		row[0] = 1
		for p := 1; p < m; p++ {
			row[p] = toComplex128(twiddle(p*k, length))
		}
	}
	if radix > 5 {
		h := (radix - 1) / 2
		ps.cosTab = make([]float64, h*h)
		ps.sinFwd = make([]float64, h*h)
		ps.sinBwd = make([]float64, h*h)
		for k := 1; k <= h; k++ {
			for j := 1; j <= h; j++ {
				// e^{-2πi jk/r} = cos − i·sin, so sin = −im.
				re, im := twiddle(j*k, radix)
				ps.cosTab[(k-1)*h+j-1] = toReal128(re)
				ps.sinFwd[(k-1)*h+j-1] = toReal128(-im)
				ps.sinBwd[(k-1)*h+j-1] = toReal128(im)
			}
		}
	}
	return ps
}

// run applies the pass with stride s over the part rg of its iteration
// space (p ∈ [rg.p0, rg.p1), q ∈ [rg.q0, rg.q1)); len(src) = len(dst) =
// radix·m·s. Every (p, q) is computed by the same operations whatever the
// range, which is what makes split passes bit-identical.
func (ps *stockhamPass128) run(dst, src []complex128, s int, backward bool, rg passRange) {
	ps.runISA(cpu.Selected(), dst, src, s, backward, rg)
}

// runISA is run with the kernels of isa: the SIMD kernel of the radix if
// isa has one, otherwise the Go code.
func (ps *stockhamPass128) runISA(isa cpu.ISA, dst, src []complex128, s int, backward bool, rg passRange) {
	if isa != cpu.Generic && simdPass128(isa, ps, dst, src, s, backward, rg) {
		return
	}
	ps.runGeneric(dst, src, s, backward, rg)
}

// runGeneric is run with the Go code, the specification of the kernels.
func (ps *stockhamPass128) runGeneric(dst, src []complex128, s int, backward bool, rg passRange) {
	tw := ps.tw
	switch ps.radix {
	case 2:
		dft2Pass128(dst, src, s, ps.m, tw, backward, rg)
	case 3:
		dft3Pass128(dst, src, s, ps.m, tw, backward, rg)
	case 4:
		dft4Pass128(dst, src, s, ps.m, tw, backward, rg)
	case 5:
		dft5Pass128(dst, src, s, ps.m, tw, backward, rg)
	default:
		sinTab := ps.sinFwd
		if backward {
			sinTab = ps.sinBwd
		}
		dftPrimePass128(dst, src, s, ps.m, ps.radix, tw, ps.cosTab, sinTab, backward, rg)
	}
}

// stockham128 is a complete Stockham FFT of length n: its passes, whose
// radices multiply to n, in execution order.
type stockham128 struct {
	n      int
	passes []stockhamPass128
}

func newStockham128(n int) *stockham128 {
	st := &stockham128{n: n}
	length := n
	for _, r := range stockhamRadices(n) {
		st.passes = append(st.passes, newStockhamPass128(r, length))
		length /= r
	}
	return st
}

// transform computes s0 interleaved transforms: for each q < s0 the
// transform of src[q + s0·j], j < n, is written to dst[q + s0·k]. All three
// slices have length n·s0; scratch is clobbered, src is only read (unless
// dst is src: in-place operation is allowed). The arithmetic done for each
// of the s0 transforms does not depend on s0.
//
// Passes alternate between scratch and dst so that the last one writes
// dst; with an odd number of passes the last one, which needs no
// twiddles, runs in place in dst.
//
// With a runner of several threads, a large enough transform runs on all
// of them (see runner128 and walk); the steps still run one after the
// other.
func (st *stockham128) transform(dst, src, scratch []complex128, s0 int, backward bool, rn *runner128) {
	isa := cpu.Selected()
	if rn != nil && st.n*s0 >= minParallelLen {
		rn.stockham(st, isa, dst, src, scratch, s0, backward)
		return
	}
	k := st.steps(isa, s0)
	in := src
	s := s0
	i := 0
	for step := 0; i < len(st.passes); step++ {
		out := dst
		if step%2 == 0 && step != k-1 {
			out = scratch
		}
		ps := &st.passes[i]
		if i+1 < len(st.passes) && hasFused128(isa, ps.radix, st.passes[i+1].radix, s) {
			ps2 := &st.passes[i+1]
			runFused128(isa, ps, ps2, out, in, s, backward, passRange{0, ps2.m, 0, s})
			s *= ps.radix * ps2.radix
			i += 2
		} else {
			ps.runISA(isa, out, in, s, backward, passRange{0, ps.m, 0, s})
			s *= ps.radix
			i++
		}
		in = out
	}
}

// walk is one participant's share of transform on the threads of r (see
// runner128): the same steps, each cut into chunks (passSplit) claimed
// from r's schedule, starting with schedule step t0. It returns the next
// schedule step.
func (st *stockham128) walk(r *runner128, t0 int, isa cpu.ISA, dst, src, scratch []complex128, s0 int, backward bool) int {
	k := st.steps(isa, s0)
	in := src
	s := s0
	i := 0
	t := t0
	for step := 0; i < len(st.passes); step, t = step+1, t+1 {
		out := dst
		if step%2 == 0 && step != k-1 {
			out = scratch
		}
		ps := &st.passes[i]
		var ps2 *stockhamPass128
		radix, m := ps.radix, ps.m
		if i+1 < len(st.passes) && hasFused128(isa, ps.radix, st.passes[i+1].radix, s) {
			ps2 = &st.passes[i+1]
			radix, m = ps.radix*ps2.radix, ps2.m
		}
		sp := passSplit(radix*m*s, m, s, r.threads)
		for c := r.sched.claim(t); c < sp.chunks; c = r.sched.claim(t) {
			rg := sp.passRange(c, m, s)
			if ps2 != nil {
				runFused128(isa, ps, ps2, out, in, s, backward, rg)
			} else {
				ps.runISA(isa, out, in, s, backward, rg)
			}
			r.sched.finish(t)
		}
		r.sched.await(t, sp.chunks)
		if ps2 != nil {
			i += 2
		} else {
			i++
		}
		s *= radix
		in = out
	}
	return t
}

// steps returns the number of sweeps transform makes with the kernels of
// isa: each pair of consecutive passes with a fused kernel is one sweep,
// every other pass one. (The Go code fuses nothing: the fused kernels only
// save the memory traffic of the intermediate array.)
func (st *stockham128) steps(isa cpu.ISA, s int) int {
	k := 0
	for i := 0; i < len(st.passes); k++ {
		r := st.passes[i].radix
		if i+1 < len(st.passes) && hasFused128(isa, r, st.passes[i+1].radix, s) {
			s *= r * st.passes[i+1].radix
			i += 2
			continue
		}
		s *= r
		i++
	}
	return k
}
