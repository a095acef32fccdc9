package fft

import "math"

// π split into a float64 head and tail: piHi + piLo equals π to about 2^-106.
const (
	piHi = math.Pi
	piLo = 1.2246467991473531772e-16
)

// Polynomial coefficients of the FDLIBM kernels __kernel_sin and
// __kernel_cos (FreeBSD msun k_sin.c, k_cos.c), valid on |x| ≤ π/4:
// sin x ≈ x + x³·(S1 + x²·S2 + … + x¹⁰·S6) and
// cos x ≈ 1 − x²/2 + x⁴·(C1 + x²·C2 + … + x¹⁰·C6).
const (
	sinS1 = -1.66666666666666324348e-01
	sinS2 = 8.33333333332248946124e-03
	sinS3 = -1.98412698298579493134e-04
	sinS4 = 2.75573137070700676789e-06
	sinS5 = -2.50507602534068634195e-08
	sinS6 = 1.58969099521155010221e-10

	cosC1 = 4.16666666666666019037e-02
	cosC2 = -1.38888888888741095749e-03
	cosC3 = 2.48015872894767294178e-05
	cosC4 = -2.75573143513906633035e-07
	cosC5 = 2.08757232129817482790e-09
	cosC6 = -1.13596475577881948265e-11
)

// sincosReduced returns sin and cos of the double-double angle x+y, where
// 0 ≤ x+y ≤ π/4 (plus rounding) and |y| ≤ ulp(x). It follows the FDLIBM
// kernels, whose tail handling keeps the result within one ulp, with every
// multiply-add written explicitly so that the bits are the same on every
// platform (the standard library's polynomials are fused on arm64 but not
// on amd64).
func sincosReduced(x, y float64) (sin, cos float64) {
	z := float64(x * x)
	v := float64(z * x)

	// sin(x+y) ≈ x + (x³·S1 + (x³·z·r − z·y/2 + y)), the FDLIBM arrangement
	// x − ((z·(y/2 − v·r) − y) − v·S1).
	r := math.FMA(math.FMA(math.FMA(math.FMA(sinS6, z, sinS5), z, sinS4), z, sinS3), z, sinS2)
	t := math.FMA(-v, r, float64(0.5*y))
	t = math.FMA(z, t, -y)
	t = math.FMA(-v, sinS1, t)
	sin = x - t

	// cos(x+y) ≈ w + (((1 − w) − z/2) + (z·rc − x·y)) with w = 1 − z/2: the
	// rounding error of w is recovered exactly by (1 − w) − z/2.
	rc := float64(z * math.FMA(math.FMA(math.FMA(math.FMA(math.FMA(cosC6, z, cosC5), z, cosC4), z, cosC3), z, cosC2), z, cosC1))
	hz := float64(0.5 * z)
	w := 1 - hz
	tail := math.FMA(z, rc, -float64(x*y))
	cos = w + (((1 - w) - hz) + tail)
	return sin, cos
}

// sincosQuarterTurnFraction returns sin and cos of π·a/(4n) for 0 ≤ a ≤ n
// (an angle in [0, π/4]). The angle is formed as a double-double, so the
// only errors left are those of the polynomial kernels.
func sincosQuarterTurnFraction(a, n int) (sin, cos float64) {
	if a == 0 {
		return 0, 1
	}
	den := float64(4 * n)
	num := float64(a)
	q := num / den
	// The remainder of a correctly rounded quotient is exactly representable,
	// so a/(4n) = q + qLo to about 2^-106.
	qLo := math.FMA(-q, den, num) / den
	hi := float64(piHi * q)
	lo := math.FMA(piHi, q, -hi) + math.FMA(piHi, qLo, float64(piLo*q))
	x := hi + lo
	y := lo - (x - hi)
	return sincosReduced(x, y)
}

// maxTwiddleLen bounds n in twiddle so that 8·n and the float64 conversions
// of 4·n stay exact.
const maxTwiddleLen = 1 << 48

// twiddle returns the real and imaginary parts of e^{-2πi·t/n} for any
// integer t and 1 ≤ n ≤ maxTwiddleLen, each within one ulp (almost always
// correctly rounded) and bit-identical on every platform.
//
// The angle is reduced in integers: the symmetry e^{-2πi(n-t)/n} =
// conj(e^{-2πi t/n}) maps t into [0, n/2], the octant of 2πt/n is found
// from 8t/n, and the angle is measured from the nearer octant edge, so the
// polynomial only ever sees an argument in [0, π/4]. Consequences that the
// FFT relies on: twiddle(t+n, n) = twiddle(t, n), twiddle(n-t, n) is the
// exact conjugate of twiddle(t, n), and quarter and half turns are exact.
// An imaginary part of zero is always +0.
func twiddle(t, n int) (re, im float64) {
	t %= n
	if t < 0 {
		t += n
	}
	mirror := 2*t > n
	if mirror {
		t = n - t
	}
	// 8t/n = octant + rem/n, octant ∈ {0,…,4}; 4 only for t = n/2.
	octant := 8 * t / n
	rem := 8*t - octant*n
	if octant%2 == 1 {
		rem = n - rem
	}
	s, c := sincosQuarterTurnFraction(rem, n)
	var cosTheta, sinTheta float64
	switch octant {
	case 0: // θ = α
		cosTheta, sinTheta = c, s
	case 1: // θ = π/2 − α
		cosTheta, sinTheta = s, c
	case 2: // θ = π/2 + α
		cosTheta, sinTheta = -s, c
	case 3: // θ = π − α
		cosTheta, sinTheta = -c, s
	default: // θ = π exactly (rem = 0, so s = 0, c = 1)
		cosTheta, sinTheta = -c, s
	}
	// e^{-iθ} = cos θ − i sin θ; the mirrored angle 2π − θ flips the sign.
	// Writing 0 - x rather than -x keeps a zero imaginary part positive.
	if mirror {
		return cosTheta + 0, sinTheta + 0
	}
	return cosTheta + 0, 0 - sinTheta
}

// toComplex128 and toComplex64 build a twiddle of the plan's precision from
// the float64 parts returned by twiddle (the complex64 one is rounded once
// from the accurate float64 value).
func toComplex128(re, im float64) complex128 { return complex(re, im) }

func toComplex64(re, im float64) complex64 { return complex(float32(re), float32(im)) }

// toReal128 and toReal64 narrow a float64 constant to the plan's precision.
func toReal128(x float64) float64 { return x }

func toReal64(x float64) float32 { return float32(x) }

// fromComplex128 and fromComplex64 narrow a complex128 table computed in
// double precision (the Bluestein kernel spectrum) to the plan's precision.
func fromComplex128(x complex128) complex128 { return x }

func fromComplex64(x complex128) complex64 { return complex64(x) }

// conj128 and conj64 return the complex conjugate (exact).
func conj128(x complex128) complex128 { return complex(real(x), -imag(x)) }

func conj64(x complex64) complex64 { return complex(real(x), -imag(x)) }
