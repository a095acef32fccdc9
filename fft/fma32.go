package fft

import "math"

// fma32 returns a·b + c rounded once to float32 (round to nearest even),
// exactly what a float32 fused multiply-add instruction (VFMADD…PS, FMLA)
// computes. The complex64 kernels use it wherever the complex128 kernels use
// math.FMA, so SIMD code can reproduce them with native float32 FMAs.
//
// The product of two float32 is exact in float64, so only the sum is
// rounded twice: to float64, then to float32. That double rounding can only
// go wrong when the float64 sum s lands exactly on a midpoint between two
// float32 neighbours (rounding is monotonic and the midpoints are float64
// numbers, so otherwise both roundings agree). Such sums, and those outside
// the normal float32 range, are rounded to float64 with round-to-odd
// instead, which makes the second rounding correct (Boldo and Melquiond,
// 2008: 53 ≥ 2·24 + 2 bits), subnormal results included.
func fma32(a, b, c float32) float32 {
	p := float64(float64(a) * float64(b)) // exact; the conversion states it
	q := float64(c)
	s := p + q
	// u drops the sign bit. The 29 low mantissa bits, lost by the float32
	// conversion, form a midpoint when u<<28 = 1<<57; biased exponents
	// 897…1150 are the normal float32 range [2^-126, 2^128).
	bits := math.Float64bits(s)
	if u := bits << 1; u<<28 == 1<<57 || u-897<<53 >= 254<<53 {
		// Round to odd: TwoSum gives s + e = p + q exactly; an inexact s
		// with an even last bit moves one ulp towards the exact value. (e is
		// NaN, and fails e > 0 and e < 0, only for non-finite operands.)
		bp := s - p
		e := (p - (s - bp)) + (q - bp)
		if bits&1 == 0 && (e > 0 || e < 0) {
			if (e > 0) == (s > 0) {
				bits++
			} else {
				bits--
			}
			s = math.Float64frombits(bits)
		}
	}
	return float32(s)
}
