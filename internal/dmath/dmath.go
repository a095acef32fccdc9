// Package dmath holds numkern's deterministic exponential, written with every
// fused multiply-add explicit so that the result is the same bit pattern on
// every architecture, with every GOAMD64 level, and in every SIMD kernel that
// transcribes it (the Gaussian weights, the Ising thresholds).
//
// The standard library cannot give that promise: math.Exp runs assembly on
// amd64 and pure Go elsewhere. (Likewise math.Sin and math.Cos, whose
// polynomials the compiler fuses on arm64 and with GOAMD64=v3: the FFT's
// twiddles therefore come from its own explicit-FMA kernel, in package fft.)
package dmath

import "math"

// Constants of the exponential. ln2Hi has its low 32 bits zero, so n*ln2Hi is
// exact for |n| < 2^20 and the reduction r = x - n*ln2 loses nothing.
const (
	log2e = 1.4426950408889634
	ln2Hi = 6.93147180369123816490e-01 // 0x3fe62e42fee00000
	ln2Lo = 1.90821492927058770002e-10 // ln 2 - ln2Hi

	// roundMagic = 1.5·2^52: adding it to |v| < 2^51 rounds v to the nearest
	// integer (ties to even) and leaves that integer in the low mantissa bits.
	roundMagic = 0x1.8p52

	// MaxExpArg bounds the argument of Exp: beyond it the result would leave
	// the normal float64 range, which no caller in numkern needs.
	MaxExpArg = 708.0
)

// expCoeffs are 1/k! for k = 13 down to 2, the Taylor polynomial of e^r on
// |r| ≤ ln2/2, where degree 13 leaves a truncation error below 2^-60.
var expCoeffs = [...]float64{
	1.0 / 6227020800, // 13!
	1.0 / 479001600,  // 12!
	1.0 / 39916800,   // 11!
	1.0 / 3628800,    // 10!
	1.0 / 362880,     // 9!
	1.0 / 40320,      // 8!
	1.0 / 5040,       // 7!
	1.0 / 720,        // 6!
	1.0 / 120,        // 5!
	1.0 / 24,         // 4!
	1.0 / 6,          // 3!
	1.0 / 2,          // 2!
}

// ExpCoeffs returns the polynomial coefficients Exp uses, highest degree
// first, for generators of SIMD kernels that must reproduce Exp exactly.
func ExpCoeffs() []float64 { return expCoeffs[:] }

// Exp returns e^x for |x| ≤ MaxExpArg, with an error of about one ulp. The
// argument is clamped to ±MaxExpArg; NaN gives NaN.
//
// The algorithm is the specification for the SIMD kernels, step by step:
//
//	x  = clamp(x, -MaxExpArg, MaxExpArg)
//	k  = (float64(x*log2e) + roundMagic)       // rounds x·log2e to an integer n, ties to even
//	n  = k - roundMagic
//	r  = FMA(-n, ln2Lo, FMA(-n, ln2Hi, x))      // x - n·ln2, |r| ≤ 0.35
//	p  = Horner in r with FMA over expCoeffs, then p = FMA(p, r, 1), p = FMA(p, r, 1)
//	e^x = p · 2^n                               // 2^n built from the bits of k
func Exp(x float64) float64 {
	if x != x {
		return x
	}
	x = min(max(x, -MaxExpArg), MaxExpArg)
	k := float64(x*log2e) + roundMagic
	n := k - roundMagic
	r := math.FMA(-n, ln2Lo, math.FMA(-n, ln2Hi, x))
	// Horner over expCoeffs, unrolled: a loop over the table costs a third
	// of the time here (TestExpCoeffsExposed checks the constants agree).
	p := math.FMA(1.0/6227020800, r, 1.0/479001600)
	p = math.FMA(p, r, 1.0/39916800)
	p = math.FMA(p, r, 1.0/3628800)
	p = math.FMA(p, r, 1.0/362880)
	p = math.FMA(p, r, 1.0/40320)
	p = math.FMA(p, r, 1.0/5040)
	p = math.FMA(p, r, 1.0/720)
	p = math.FMA(p, r, 1.0/120)
	p = math.FMA(p, r, 1.0/24)
	p = math.FMA(p, r, 1.0/6)
	p = math.FMA(p, r, 1.0/2)
	p = math.FMA(p, r, 1)
	p = math.FMA(p, r, 1)
	return float64(p * pow2FromRounded(k))
}

// pow2FromRounded returns 2^n where k = n + roundMagic, |n| ≤ 1022. The
// bits of k are those of roundMagic plus n, so n+1023 is one integer
// subtraction away and 2^n is that shifted into the exponent field: an add
// and a shift in SIMD (AVX2 has no 64-bit arithmetic shift, so no sign
// extension is used). The arithmetic wraps modulo 2^64 for negative n and the
// shift discards the wrapped bits.
func pow2FromRounded(k float64) float64 {
	return math.Float64frombits((math.Float64bits(k) - roundMagicBits + 1023) << 52)
}

// roundMagicBits is the bit pattern of roundMagic.
const roundMagicBits = 0x4338000000000000
