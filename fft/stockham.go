package fft

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
	// [(r−1)·p + k−1] (the entries for p = 0 are unused); the backward
	// transform uses their conjugates.
	tw []complex128
	// Generic odd-prime radix only: cos(2πjk/r) and sin(2πjk/r), forward
	// and backward (negated), at [(k−1)·h + j−1], h = (r−1)/2.
	cosTab, sinFwd, sinBwd []float64
}

func newStockhamPass128(radix, length int) stockhamPass128 {
	m := length / radix
	ps := stockhamPass128{radix: radix, m: m}
	ps.tw = make([]complex128, (radix-1)*m)
	for p := 1; p < m; p++ {
		for k := 1; k < radix; k++ {
			ps.tw[(radix-1)*p+k-1] = toComplex128(twiddle(p*k, length))
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

// run applies the pass with stride s; len(src) = len(dst) = radix·m·s.
func (ps *stockhamPass128) run(dst, src []complex128, s int, backward bool) {
	tw := ps.tw
	switch ps.radix {
	case 2:
		dft2Pass128(dst, src, s, ps.m, tw, backward)
	case 3:
		dft3Pass128(dst, src, s, ps.m, tw, backward)
	case 4:
		dft4Pass128(dst, src, s, ps.m, tw, backward)
	case 5:
		dft5Pass128(dst, src, s, ps.m, tw, backward)
	default:
		sinTab := ps.sinFwd
		if backward {
			sinTab = ps.sinBwd
		}
		dftPrimePass128(dst, src, s, ps.m, ps.radix, tw, ps.cosTab, sinTab, backward)
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
func (st *stockham128) transform(dst, src, scratch []complex128, s0 int, backward bool) {
	k := len(st.passes)
	in := src
	s := s0
	for i := range st.passes {
		ps := &st.passes[i]
		out := dst
		if i%2 == 0 && i != k-1 {
			out = scratch
		}
		ps.run(out, in, s, backward)
		in = out
		s *= ps.radix
	}
}
