package fft

import "math"

// This file is the template of kernels_complex64.go (see gen_complex64.go):
// identifiers ending in 128 become …64, float64 becomes float32 and
// math.FMA becomes fma32.
//
// Every product that feeds an addition is either a math.FMA or wrapped in
// float64(…), which forbids the compiler to fuse it (it would on arm64 and
// GOAMD64=v3, and not elsewhere). The operation order written here is the
// specification that SIMD kernels must follow bit for bit.

// mulTwiddle128 returns x·w, the canonical complex multiply of data x by a
// twiddle w, used wherever a twiddle is applied:
//
//	re = fma(xr, wr, −round(xi·wi))
//	im = fma(xr, wi, +round(xi·wr))
//
// With AVX2 this is t = dup(xi)·swap(w) followed by VFMADDSUBPD(dup(xr), w, t)
// (dup = VMOVDDUP / VPERMILPD, swap exchanges re and im).
func mulTwiddle128(x, w complex128) complex128 {
	xr, xi := real(x), imag(x)
	wr, wi := real(w), imag(w)
	return complex(math.FMA(xr, wr, -float64(xi*wi)), math.FMA(xr, wi, float64(xi*wr)))
}

// conjIf128 returns conj(w) if c is true, else w: the backward transforms
// use the conjugates of the forward twiddle tables.
func conjIf128(w complex128, c bool) complex128 {
	if c {
		return conj128(w)
	}
	return w
}

// rotMinusI128 returns −i·x (exact).
func rotMinusI128(x complex128) complex128 { return complex(imag(x), -real(x)) }

// dft2Pass128 runs one radix-2 Stockham pass (see stockhamPass128 for the
// indexing) over the part rg of its iteration space. The 2-point DFT itself
// needs no direction; backward only conjugates the twiddles, as in every
// pass.
func dft2Pass128(dst, src []complex128, s, m int, tw []complex128, backward bool, rg passRange) {
	ms := m * s
	if s == 1 {
		x0, x1 := src[:m], src[m:2*m]
		y := dst[:2*m]
		t1 := tw[:m]
		p := rg.p0
		if p == 0 && p < rg.p1 {
			a0, a1 := x0[0], x1[0]
			y[0], y[1] = a0+a1, a0-a1
			p = 1
		}
		for ; p < rg.p1; p++ {
			a0, a1 := x0[p], x1[p]
			yp := y[2*p : 2*p+2]
			yp[0] = a0 + a1
			yp[1] = mulTwiddle128(a0-a1, conjIf128(t1[p], backward))
		}
		return
	}
	for p := rg.p0; p < rg.p1; p++ {
		x0 := src[p*s+rg.q0 : p*s+rg.q1]
		x1 := src[p*s+ms+rg.q0 : p*s+ms+rg.q1][:len(x0)]
		out := dst[2*p*s : 2*p*s+2*s]
		y0 := out[rg.q0:rg.q1][:len(x0)]
		y1 := out[s+rg.q0 : s+rg.q1][:len(x0)]
		if p == 0 {
			for q, a0 := range x0 {
				a1 := x1[q]
				y0[q] = a0 + a1
				y1[q] = a0 - a1
			}
			continue
		}
		w1 := conjIf128(tw[p], backward)
		for q, a0 := range x0 {
			a1 := x1[q]
			y0[q] = a0 + a1
			y1[q] = mulTwiddle128(a0-a1, w1)
		}
	}
}

// dft3_128 is the 3-point DFT b_k = Σ a_j·e^{∓2πi jk/3}; sn = ±sin(2π/3)
// selects the direction (+ forward).
func dft3_128(a0, a1, a2 complex128, sn float64) (b0, b1, b2 complex128) {
	t := a1 + a2
	d := a1 - a2
	b0 = a0 + t
	// b1,2 = a0 − t/2 ∓ i·sn·d
	mr := math.FMA(-0.5, real(t), real(a0))
	mi := math.FMA(-0.5, imag(t), imag(a0))
	b1 = complex(math.FMA(sn, imag(d), mr), math.FMA(-sn, real(d), mi))
	b2 = complex(math.FMA(-sn, imag(d), mr), math.FMA(sn, real(d), mi))
	return b0, b1, b2
}

func dft3Pass128(dst, src []complex128, s, m int, tw []complex128, backward bool, rg passRange) {
	ms := m * s
	sn := float64(sin2Pi3)
	if backward {
		sn = -sn
	}
	if s == 1 {
		x0, x1, x2 := src[:m], src[m:2*m], src[2*m:3*m]
		y := dst[:3*m]
		t1, t2 := tw[:m], tw[m:2*m]
		p := rg.p0
		if p == 0 && p < rg.p1 {
			y[0], y[1], y[2] = dft3_128(x0[0], x1[0], x2[0], sn)
			p = 1
		}
		for ; p < rg.p1; p++ {
			b0, b1, b2 := dft3_128(x0[p], x1[p], x2[p], sn)
			yp := (*[3]complex128)(y[3*p:])
			yp[0] = b0
			yp[1] = mulTwiddle128(b1, conjIf128(t1[p], backward))
			yp[2] = mulTwiddle128(b2, conjIf128(t2[p], backward))
		}
		return
	}
	for p := rg.p0; p < rg.p1; p++ {
		in := src[p*s+rg.q0:]
		x0 := in[:rg.q1-rg.q0]
		x1 := in[ms : ms+len(x0)]
		x2 := in[2*ms : 2*ms+len(x0)]
		out := dst[3*p*s+rg.q0:]
		y0 := out[:len(x0)]
		y1 := out[s : s+len(x0)]
		y2 := out[2*s : 2*s+len(x0)]
		if p == 0 {
			for q, a0 := range x0 {
				y0[q], y1[q], y2[q] = dft3_128(a0, x1[q], x2[q], sn)
			}
			continue
		}
		w1, w2 := conjIf128(tw[p], backward), conjIf128(tw[m+p], backward)
		for q, a0 := range x0 {
			b0, b1, b2 := dft3_128(a0, x1[q], x2[q], sn)
			y0[q] = b0
			y1[q] = mulTwiddle128(b1, w1)
			y2[q] = mulTwiddle128(b2, w2)
		}
	}
}

// dft4_128 is the forward 4-point DFT. The backward one is the same with
// a1 and a3 exchanged (a_j → a_{−j mod 4}), which the passes do by swapping
// the input offsets; it turns the −i rotation into +i exactly.
func dft4_128(a0, a1, a2, a3 complex128) (b0, b1, b2, b3 complex128) {
	t0 := a0 + a2
	t1 := a0 - a2
	t2 := a1 + a3
	t3 := rotMinusI128(a1 - a3)
	return t0 + t2, t1 + t3, t0 - t2, t1 - t3
}

func dft4Pass128(dst, src []complex128, s, m int, tw []complex128, backward bool, rg passRange) {
	ms := m * s
	o1, o3 := ms, 3*ms
	if backward {
		o1, o3 = o3, o1
	}
	if s == 1 {
		x0, x1, x2, x3 := src[:m], src[o1:o1+m], src[2*m:3*m], src[o3:o3+m]
		y := dst[:4*m]
		t1, t2, t3 := tw[:m], tw[m:2*m], tw[2*m:3*m]
		p := rg.p0
		if p == 0 && p < rg.p1 {
			y[0], y[1], y[2], y[3] = dft4_128(x0[0], x1[0], x2[0], x3[0])
			p = 1
		}
		for ; p < rg.p1; p++ {
			b0, b1, b2, b3 := dft4_128(x0[p], x1[p], x2[p], x3[p])
			yp := (*[4]complex128)(y[4*p:])
			yp[0] = b0
			yp[1] = mulTwiddle128(b1, conjIf128(t1[p], backward))
			yp[2] = mulTwiddle128(b2, conjIf128(t2[p], backward))
			yp[3] = mulTwiddle128(b3, conjIf128(t3[p], backward))
		}
		return
	}
	for p := rg.p0; p < rg.p1; p++ {
		in := src[p*s+rg.q0:]
		x0 := in[:rg.q1-rg.q0]
		x1 := in[o1 : o1+len(x0)]
		x2 := in[2*ms : 2*ms+len(x0)]
		x3 := in[o3 : o3+len(x0)]
		out := dst[4*p*s+rg.q0:]
		y0 := out[:len(x0)]
		y1 := out[s : s+len(x0)]
		y2 := out[2*s : 2*s+len(x0)]
		y3 := out[3*s : 3*s+len(x0)]
		if p == 0 {
			for q, a0 := range x0 {
				y0[q], y1[q], y2[q], y3[q] = dft4_128(a0, x1[q], x2[q], x3[q])
			}
			continue
		}
		w1 := conjIf128(tw[p], backward)
		w2 := conjIf128(tw[m+p], backward)
		w3 := conjIf128(tw[2*m+p], backward)
		for q, a0 := range x0 {
			b0, b1, b2, b3 := dft4_128(a0, x1[q], x2[q], x3[q])
			y0[q] = b0
			y1[q] = mulTwiddle128(b1, w1)
			y2[q] = mulTwiddle128(b2, w2)
			y3[q] = mulTwiddle128(b3, w3)
		}
	}
}

// dft5_128 is the 5-point DFT; s1 = ±sin(2π/5), s2 = ±sin(4π/5) select the
// direction (+ forward).
func dft5_128(a0, a1, a2, a3, a4 complex128, s1, s2 float64) (b0, b1, b2, b3, b4 complex128) {
	s14, d14 := a1+a4, a1-a4
	s23, d23 := a2+a3, a2-a3
	b0 = (a0 + s14) + s23
	// m1 = a0 + c1·s14 + c2·s23, m2 = a0 + c2·s14 + c1·s23
	m1r := math.FMA(cos4Pi5, real(s23), math.FMA(cos2Pi5, real(s14), real(a0)))
	m1i := math.FMA(cos4Pi5, imag(s23), math.FMA(cos2Pi5, imag(s14), imag(a0)))
	m2r := math.FMA(cos2Pi5, real(s23), math.FMA(cos4Pi5, real(s14), real(a0)))
	m2i := math.FMA(cos2Pi5, imag(s23), math.FMA(cos4Pi5, imag(s14), imag(a0)))
	// n1 = s1·d14 + s2·d23, n2 = s2·d14 − s1·d23
	n1r := math.FMA(s1, real(d14), float64(s2*real(d23)))
	n1i := math.FMA(s1, imag(d14), float64(s2*imag(d23)))
	n2r := math.FMA(s2, real(d14), -float64(s1*real(d23)))
	n2i := math.FMA(s2, imag(d14), -float64(s1*imag(d23)))
	// b1,4 = m1 ∓ i·n1, b2,3 = m2 ∓ i·n2
	b1 = complex(m1r+n1i, m1i-n1r)
	b4 = complex(m1r-n1i, m1i+n1r)
	b2 = complex(m2r+n2i, m2i-n2r)
	b3 = complex(m2r-n2i, m2i+n2r)
	return b0, b1, b2, b3, b4
}

func dft5Pass128(dst, src []complex128, s, m int, tw []complex128, backward bool, rg passRange) {
	ms := m * s
	s1, s2 := float64(sin2Pi5), float64(sin4Pi5)
	if backward {
		s1, s2 = -s1, -s2
	}
	// The butterfly is dft5_128 written out in each loop: the compiler does
	// not inline a function of that size.
	if s == 1 {
		x0, x1, x2, x3, x4 := src[:m], src[m:2*m], src[2*m:3*m], src[3*m:4*m], src[4*m:5*m]
		y := dst[:5*m]
		t1, t2, t3, t4 := tw[:m], tw[m:2*m], tw[2*m:3*m], tw[3*m:4*m]
		p := rg.p0
		if p == 0 && p < rg.p1 {
			y[0], y[1], y[2], y[3], y[4] = dft5_128(x0[0], x1[0], x2[0], x3[0], x4[0], s1, s2)
			p = 1
		}
		for ; p < rg.p1; p++ {
			a0, a1, a2, a3, a4 := x0[p], x1[p], x2[p], x3[p], x4[p]
			s14, d14 := a1+a4, a1-a4
			s23, d23 := a2+a3, a2-a3
			b0 := (a0 + s14) + s23
			m1r := math.FMA(cos4Pi5, real(s23), math.FMA(cos2Pi5, real(s14), real(a0)))
			m1i := math.FMA(cos4Pi5, imag(s23), math.FMA(cos2Pi5, imag(s14), imag(a0)))
			m2r := math.FMA(cos2Pi5, real(s23), math.FMA(cos4Pi5, real(s14), real(a0)))
			m2i := math.FMA(cos2Pi5, imag(s23), math.FMA(cos4Pi5, imag(s14), imag(a0)))
			n1r := math.FMA(s1, real(d14), float64(s2*real(d23)))
			n1i := math.FMA(s1, imag(d14), float64(s2*imag(d23)))
			n2r := math.FMA(s2, real(d14), -float64(s1*real(d23)))
			n2i := math.FMA(s2, imag(d14), -float64(s1*imag(d23)))
			b1 := complex(m1r+n1i, m1i-n1r)
			b4 := complex(m1r-n1i, m1i+n1r)
			b2 := complex(m2r+n2i, m2i-n2r)
			b3 := complex(m2r-n2i, m2i+n2r)
			yp := (*[5]complex128)(y[5*p:])
			yp[0] = b0
			yp[1] = mulTwiddle128(b1, conjIf128(t1[p], backward))
			yp[2] = mulTwiddle128(b2, conjIf128(t2[p], backward))
			yp[3] = mulTwiddle128(b3, conjIf128(t3[p], backward))
			yp[4] = mulTwiddle128(b4, conjIf128(t4[p], backward))
		}
		return
	}
	for p := rg.p0; p < rg.p1; p++ {
		in := src[p*s+rg.q0:]
		x0 := in[:rg.q1-rg.q0]
		x1 := in[ms : ms+len(x0)]
		x2 := in[2*ms : 2*ms+len(x0)]
		x3 := in[3*ms : 3*ms+len(x0)]
		x4 := in[4*ms : 4*ms+len(x0)]
		out := dst[5*p*s+rg.q0:]
		y0 := out[:len(x0)]
		y1 := out[s : s+len(x0)]
		y2 := out[2*s : 2*s+len(x0)]
		y3 := out[3*s : 3*s+len(x0)]
		y4 := out[4*s : 4*s+len(x0)]
		if p == 0 {
			for q, a0 := range x0 {
				a1, a2, a3, a4 := x1[q], x2[q], x3[q], x4[q]
				s14, d14 := a1+a4, a1-a4
				s23, d23 := a2+a3, a2-a3
				b0 := (a0 + s14) + s23
				m1r := math.FMA(cos4Pi5, real(s23), math.FMA(cos2Pi5, real(s14), real(a0)))
				m1i := math.FMA(cos4Pi5, imag(s23), math.FMA(cos2Pi5, imag(s14), imag(a0)))
				m2r := math.FMA(cos2Pi5, real(s23), math.FMA(cos4Pi5, real(s14), real(a0)))
				m2i := math.FMA(cos2Pi5, imag(s23), math.FMA(cos4Pi5, imag(s14), imag(a0)))
				n1r := math.FMA(s1, real(d14), float64(s2*real(d23)))
				n1i := math.FMA(s1, imag(d14), float64(s2*imag(d23)))
				n2r := math.FMA(s2, real(d14), -float64(s1*real(d23)))
				n2i := math.FMA(s2, imag(d14), -float64(s1*imag(d23)))
				b1 := complex(m1r+n1i, m1i-n1r)
				b4 := complex(m1r-n1i, m1i+n1r)
				b2 := complex(m2r+n2i, m2i-n2r)
				b3 := complex(m2r-n2i, m2i+n2r)
				y0[q], y1[q], y2[q], y3[q], y4[q] = b0, b1, b2, b3, b4
			}
			continue
		}
		w1 := conjIf128(tw[p], backward)
		w2 := conjIf128(tw[m+p], backward)
		w3 := conjIf128(tw[2*m+p], backward)
		w4 := conjIf128(tw[3*m+p], backward)
		for q, a0 := range x0 {
			a1, a2, a3, a4 := x1[q], x2[q], x3[q], x4[q]
			s14, d14 := a1+a4, a1-a4
			s23, d23 := a2+a3, a2-a3
			b0 := (a0 + s14) + s23
			m1r := math.FMA(cos4Pi5, real(s23), math.FMA(cos2Pi5, real(s14), real(a0)))
			m1i := math.FMA(cos4Pi5, imag(s23), math.FMA(cos2Pi5, imag(s14), imag(a0)))
			m2r := math.FMA(cos2Pi5, real(s23), math.FMA(cos4Pi5, real(s14), real(a0)))
			m2i := math.FMA(cos2Pi5, imag(s23), math.FMA(cos4Pi5, imag(s14), imag(a0)))
			n1r := math.FMA(s1, real(d14), float64(s2*real(d23)))
			n1i := math.FMA(s1, imag(d14), float64(s2*imag(d23)))
			n2r := math.FMA(s2, real(d14), -float64(s1*real(d23)))
			n2i := math.FMA(s2, imag(d14), -float64(s1*imag(d23)))
			b1 := complex(m1r+n1i, m1i-n1r)
			b4 := complex(m1r-n1i, m1i+n1r)
			b2 := complex(m2r+n2i, m2i-n2r)
			b3 := complex(m2r-n2i, m2i+n2r)
			y0[q] = b0
			y1[q] = mulTwiddle128(b1, w1)
			y2[q] = mulTwiddle128(b2, w2)
			y3[q] = mulTwiddle128(b3, w3)
			y4[q] = mulTwiddle128(b4, w4)
		}
	}
}

// dftPrimePass128 runs a Stockham pass of odd prime radix r with the plain
// O(r²) DFT, pairing a_j with a_{r−j}:
//
//	b_k     = a0 + Σ_j cos(2πjk/r)·(a_j + a_{r−j}) − i·Σ_j ±sin(2πjk/r)·(a_j − a_{r−j})
//	b_{r−k} = the same with +i
//
// summed over j = 1…(r−1)/2 in increasing order. cosTab and sinTab hold
// cos and ±sin(2πjk/r) at [(k−1)·h + j−1], sinTab already signed for the
// direction.
func dftPrimePass128(dst, src []complex128, s, m, r int, tw []complex128, cosTab, sinTab []float64, backward bool, rg passRange) {
	h := (r - 1) / 2
	ms := m * s
	var sum, dif [maxGenericHalf]complex128
	var b [maxDirectPrime]complex128
	for p := rg.p0; p < rg.p1; p++ {
		for q := rg.q0; q < rg.q1; q++ {
			base := p*s + q
			a0 := src[base]
			b0 := a0
			for j := 1; j <= h; j++ {
				aj, ar := src[base+j*ms], src[base+(r-j)*ms]
				sum[j-1], dif[j-1] = aj+ar, aj-ar
				b0 += sum[j-1]
			}
			b[0] = b0
			for k := 1; k <= h; k++ {
				ct := cosTab[(k-1)*h : k*h]
				st := sinTab[(k-1)*h : k*h]
				cr, ci := real(a0), imag(a0)
				sr, si := float64(st[0]*real(dif[0])), float64(st[0]*imag(dif[0]))
				cr = math.FMA(ct[0], real(sum[0]), cr)
				ci = math.FMA(ct[0], imag(sum[0]), ci)
				for j := 1; j < h; j++ {
					cr = math.FMA(ct[j], real(sum[j]), cr)
					ci = math.FMA(ct[j], imag(sum[j]), ci)
					sr = math.FMA(st[j], real(dif[j]), sr)
					si = math.FMA(st[j], imag(dif[j]), si)
				}
				b[k] = complex(cr+si, ci-sr)
				b[r-k] = complex(cr-si, ci+sr)
			}
			out := dst[r*p*s+q:]
			out[0] = b[0]
			if p == 0 {
				for k := 1; k < r; k++ {
					out[k*s] = b[k]
				}
				continue
			}
			for k := 1; k < r; k++ {
				out[k*s] = mulTwiddle128(b[k], conjIf128(tw[(k-1)*m+p], backward))
			}
		}
	}
}
