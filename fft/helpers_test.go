package fft

import (
	"math"
	"math/rand/v2"
)

// randomData returns n complex128 values with parts uniform in [−1, 1).
func randomData(n int, seed uint64) []complex128 {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	x := make([]complex128, n)
	for i := range x {
		x[i] = complex(2*rng.Float64()-1, 2*rng.Float64()-1)
	}
	return x
}

// twoSum returns s + e = a + b exactly.
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// ddAcc accumulates a sum of exact products in double-double arithmetic.
type ddAcc struct{ hi, lo float64 }

func (d *ddAcc) addProduct(a, b float64) {
	p := a * b
	pe := math.FMA(a, b, -p)
	s, e := twoSum(d.hi, p)
	d.hi = s
	d.lo += e + pe
}

func (d *ddAcc) value() float64 { return d.hi + d.lo }

// directDFT computes Σ_j x_j·e^{sign·2πi·jk/n} with the angle reduced in
// integers, math.Sincos for the roots of unity and double-double sums, so
// that its own relative error is about one ulp: an independent reference.
func directDFT(x []complex128, sign float64) []complex128 {
	n := len(x)
	roots := make([]complex128, n)
	for t := range roots {
		s, c := math.Sincos(2 * math.Pi * float64(t) / float64(n))
		roots[t] = complex(c, sign*s)
	}
	out := make([]complex128, n)
	for k := range out {
		var re, im ddAcc
		t := 0
		for _, v := range x {
			w := roots[t]
			re.addProduct(real(v), real(w))
			re.addProduct(-imag(v), imag(w))
			im.addProduct(real(v), imag(w))
			im.addProduct(imag(v), real(w))
			t += k
			if t >= n {
				t -= n
			}
		}
		out[k] = complex(re.value(), im.value())
	}
	return out
}

// relErr returns ‖got − want‖₂ / ‖want‖₂ (or ‖got‖₂ if want is zero).
func relErr(got, want []complex128) float64 {
	var num, den float64
	for i := range want {
		d := got[i] - want[i]
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(want[i])*real(want[i]) + imag(want[i])*imag(want[i])
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

func widen(x []complex64) []complex128 {
	y := make([]complex128, len(x))
	for i, v := range x {
		y[i] = complex128(v)
	}
	return y
}

func narrow(x []complex128) []complex64 {
	y := make([]complex64, len(x))
	for i, v := range x {
		y[i] = complex64(v)
	}
	return y
}

// tolerance is the accepted relative l2 error of a complex128 transform of
// length n: a small multiple of ε·log2(n).
func tolerance(n int) float64 {
	return 1e-16 * 4 * (math.Log2(float64(n)) + 1)
}

// tolerance32 is the same for complex64.
func tolerance32(n int) float64 {
	return 6e-8 * 4 * (math.Log2(float64(n)) + 1)
}
