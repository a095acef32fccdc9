package fft

// This file is the template of bluestein_complex64.go (see gen_complex64.go).

// bluestein128 is Bluestein's chirp-z FFT for lengths with a prime factor
// above maxDirectPrime. With c_j = e^{−πi j²/n}, jk = (j² + k² − (k−j)²)/2
// gives
//
//	X_k = c_k · Σ_j (x_j·c_j) · conj(c_{k−j}),
//
// a convolution, computed circularly with power-of-two transforms of length
// m ≥ 2n−1. The backward transform is conj(forward(conj(x))), the
// conjugations being folded into the chirp multiplications.
type bluestein128 struct {
	n, m  int
	inner *engine128
	// chirp holds c_j for j < n.
	chirp []complex128
	// spectrum is the forward transform of the zero-padded, wrapped
	// conj(c), divided by m (a power of two, so exactly), which also
	// normalises the inner backward transform.
	spectrum []complex128
}

func newBluestein128(n int) *bluestein128 {
	m := nextPow2(2*n - 1)
	b := &bluestein128{n: n, m: m, inner: newEngine128(m)}
	b.chirp = make([]complex128, n)
	for j, t := range chirpPhases(n) {
		b.chirp[j] = toComplex128(twiddle(t, 2*n))
	}
	b.spectrum = make([]complex128, m)
	for k, v := range bluesteinSpectrum(n, m) {
		b.spectrum[k] = fromComplex128(v)
	}
	return b
}

// run computes dst = FFT(src); work has length m and innerWS is the
// workspace of the inner engine. dst may be src.
func (b *bluestein128) run(dst, src, work []complex128, innerWS *workspace128, backward bool) {
	n := b.n
	a := work[:b.m]
	chirp := b.chirp[:n]
	src = src[:n]
	if backward {
		for j, x := range src {
			a[j] = mulTwiddle128(conj128(x), chirp[j])
		}
	} else {
		for j, x := range src {
			a[j] = mulTwiddle128(x, chirp[j])
		}
	}
	clear(a[n:])
	b.inner.run(a, a, innerWS, false)
	spectrum := b.spectrum[:len(a)]
	for k, x := range a {
		a[k] = mulTwiddle128(x, spectrum[k])
	}
	b.inner.run(a, a, innerWS, true)
	dst = dst[:n]
	if backward {
		for k := range dst {
			dst[k] = conj128(mulTwiddle128(a[k], chirp[k]))
		}
	} else {
		for k := range dst {
			dst[k] = mulTwiddle128(a[k], chirp[k])
		}
	}
}
