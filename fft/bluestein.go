package fft

import "github.com/numkern/numkern/internal/cpu"

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
// workspace of the inner engine. dst may be src. With a runner, the
// pointwise loops and the passes of the inner transforms are split across
// its threads.
func (b *bluestein128) run(dst, src, work []complex128, innerWS *workspace128, backward bool, rn *runner128) {
	if rn != nil && b.m >= minParallelLen {
		rn.bluestein(b, cpu.Selected(), dst, src, work, innerWS, backward)
		return
	}
	n := b.n
	a := work[:b.m]
	src = src[:n]
	dst = dst[:n]
	b.chirpIn(a, src, 0, n, backward)
	clear(a[n:])
	b.inner.runWith(a, a, innerWS, false, nil)
	b.multiplySpectrum(a, 0, len(a))
	b.inner.runWith(a, a, innerWS, true, nil)
	b.chirpOut(dst, a, 0, n, backward)
}

// walk is one participant's share of run on the threads of r (see
// runner128): the loops cut into chunks, and the inner transforms' steps.
func (b *bluestein128) walk(r *runner128, isa cpu.ISA, dst, src, work []complex128, innerWS *workspace128, backward bool) {
	n := b.n
	a := work[:b.m]
	src = src[:n]
	dst = dst[:n]
	// Step 0: chirp the input into a, and clear the rest of a.
	sp := rangeSplit(len(a), minChunkLen, r.threads)
	for c := r.sched.claim(0); c < sp.chunks; c = r.sched.claim(0) {
		lo, hi := sp.bounds(c)
		b.chirpIn(a, src, min(lo, n), min(hi, n), backward)
		clear(a[max(lo, n):max(hi, n)])
		r.sched.finish(0)
	}
	r.sched.await(0, sp.chunks)
	inner := b.inner.core
	t := inner.walk(r, 1, isa, a, a, innerWS.scratch, 1, false)
	for c := r.sched.claim(t); c < sp.chunks; c = r.sched.claim(t) {
		lo, hi := sp.bounds(c)
		b.multiplySpectrum(a, lo, hi)
		r.sched.finish(t)
	}
	r.sched.await(t, sp.chunks)
	t = inner.walk(r, t+1, isa, a, a, innerWS.scratch, 1, true)
	sp = rangeSplit(n, minChunkLen, r.threads)
	for c := r.sched.claim(t); c < sp.chunks; c = r.sched.claim(t) {
		lo, hi := sp.bounds(c)
		b.chirpOut(dst, a, lo, hi, backward)
		r.sched.finish(t)
	}
	r.sched.await(t, sp.chunks)
}

// chirpIn sets a[j] = src[j]·c_j (backward: conj(src[j])·c_j) for
// j ∈ [j0, j1).
func (b *bluestein128) chirpIn(a, src []complex128, j0, j1 int, backward bool) {
	chirp := b.chirp[j0:j1]
	src = src[j0:j1][:len(chirp)]
	a = a[j0:j1][:len(chirp)]
	if backward {
		for j, x := range src {
			a[j] = mulTwiddle128(conj128(x), chirp[j])
		}
	} else {
		for j, x := range src {
			a[j] = mulTwiddle128(x, chirp[j])
		}
	}
}

// multiplySpectrum multiplies a[k] by the kernel spectrum for k ∈ [k0, k1).
func (b *bluestein128) multiplySpectrum(a []complex128, k0, k1 int) {
	spectrum := b.spectrum[k0:k1]
	a = a[k0:k1][:len(spectrum)]
	for k, x := range a {
		a[k] = mulTwiddle128(x, spectrum[k])
	}
}

// chirpOut sets dst[k] = a[k]·c_k (backward: its conjugate) for k ∈ [k0, k1).
func (b *bluestein128) chirpOut(dst, a []complex128, k0, k1 int, backward bool) {
	chirp := b.chirp[k0:k1]
	a = a[k0:k1][:len(chirp)]
	dst = dst[k0:k1][:len(chirp)]
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
