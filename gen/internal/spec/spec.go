// Package spec holds what the kernel generators need to know about
// numkern's deterministic elementary functions: the constants of
// dmath.Exp, its polynomial coefficients (taken from the library itself),
// and a scalar model of the exact operation sequence that the generated
// SIMD code performs in every lane, which the tests check against
// dmath.Exp bit for bit.
package spec

import (
	"math"

	"github.com/numkern/numkern/internal/dmath"
)

// Constants of dmath.Exp. dmath keeps them unexported; they are repeated
// here, and TestModelMatchesDmath fails if they drift apart.
const (
	// Log2e is log2(e); k = x·Log2e + RoundMagic, the product rounded.
	Log2e = 1.4426950408889634
	// Ln2Hi is the high part of ln 2 (low 32 bits zero).
	Ln2Hi = 6.93147180369123816490e-01
	// Ln2Lo is ln 2 - Ln2Hi.
	Ln2Lo = 1.90821492927058770002e-10
	// RoundMagic is 1.5·2^52: adding it rounds to an integer.
	RoundMagic = 0x1.8p52
	// RoundMagicBits is the bit pattern of RoundMagic.
	RoundMagicBits = 0x4338000000000000
	// MaxExpArg is the clamp bound of the argument.
	MaxExpArg = dmath.MaxExpArg
	// Pow2Bias is subtracted (modulo 2^64) from the bits of k to give the
	// biased exponent n+1023 in the low bits: bits(k) - RoundMagicBits +
	// 1023 in one integer operation.
	Pow2Bias = RoundMagicBits - 1023
	// Pow2Shift moves the biased exponent into the exponent field.
	Pow2Shift = 52
)

// Coeffs returns dmath's polynomial coefficients, highest degree first:
// the Horner loop starts with p = Coeffs()[0] and performs p = FMA(p, r, c)
// for each further c, then twice p = FMA(p, r, 1).
func Coeffs() []float64 { return append([]float64(nil), dmath.ExpCoeffs()...) }

// Exp is dmath.Exp for non-NaN x, written as the sequence of operations the
// generated kernels perform, one line per instruction (or pair):
//
//	x = max(x, -MaxExpArg); x = min(x, MaxExpArg)
//	k = x·Log2e (rounded); k = k + RoundMagic
//	n = k - RoundMagic
//	r = FMA(-n, Ln2Hi, x); r = FMA(-n, Ln2Lo, r)
//	p = FMA(c0, r, c1); p = FMA(p, r, c2) … ; p = FMA(p, r, 1) twice
//	s = (bits(k) - Pow2Bias) << 52 (integer, modulo 2^64)
//	e = p · s
func Exp(x float64) float64 {
	x = math.Max(x, -MaxExpArg)
	x = math.Min(x, MaxExpArg)
	k := float64(x * Log2e)
	k += RoundMagic
	n := k - RoundMagic
	r := math.FMA(-n, Ln2Hi, x)
	r = math.FMA(-n, Ln2Lo, r)
	c := Coeffs()
	p := c[0]
	for _, ci := range c[1:] {
		p = math.FMA(p, r, ci)
	}
	p = math.FMA(p, r, 1)
	p = math.FMA(p, r, 1)
	s := math.Float64frombits((math.Float64bits(k) - Pow2Bias) << Pow2Shift)
	return p * s
}

// Weights is the scalar model of one point of the Gaussian weights kernel,
// in the order the kernels compute it: a = alpha·f, e2 = Exp(a + a),
// v = Exp(-(a·(f + twoKMinus2))), then w[t] = v·e3[t], v = v·e2.
func Weights(w []float64, f, alpha, twoKMinus2 float64, e3 []float64) {
	a := float64(alpha * f)
	e2 := Exp(a + a)
	m := float64(a * float64(f+twoKMinus2))
	v := Exp(math.Float64frombits(math.Float64bits(m) ^ 1<<63))
	for t := range e3 {
		w[t] = float64(v * e3[t])
		v = float64(v * e2)
	}
}
