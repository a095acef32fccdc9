package dmath

import "math"

// Polynomials of sin and cos on |θ| ≤ π/4, Taylor coefficients in z = θ² from
// the highest degree down; sin θ = θ + θz·S(z) and cos θ = 1 − z/2 + z²·C(z). Degree 19 (sin) and 18 (cos) leave truncation errors
// below 2^-60 at π/4.
var (
	sinCoeffs = [...]float64{
		-1.0 / 121645100408832000, // -1/19!
		1.0 / 355687428096000,     // 1/17!
		-1.0 / 1307674368000,      // -1/15!
		1.0 / 6227020800,          // 1/13!
		-1.0 / 39916800,           // -1/11!
		1.0 / 362880,              // 1/9!
		-1.0 / 5040,               // -1/7!
		1.0 / 120,                 // 1/5!
		-1.0 / 6,                  // -1/3!
	}
	cosCoeffs = [...]float64{
		-1.0 / 6402373705728000, // -1/18!
		1.0 / 20922789888000,    // 1/16!
		-1.0 / 87178291200,      // -1/14!
		1.0 / 479001600,         // 1/12!
		-1.0 / 3628800,          // -1/10!
		1.0 / 40320,             // 1/8!
		-1.0 / 720,              // -1/6!
		1.0 / 24,                // 1/4!
	}
)

// quarterPi is π/4 rounded to float64.
const quarterPi = math.Pi / 4

// sincosSmall returns sin θ and cos θ for |θ| ≤ π/4 (about one ulp).
func sincosSmall(theta float64) (sin, cos float64) {
	z := float64(theta * theta)
	s := sinCoeffs[0]
	for _, c := range sinCoeffs[1:] {
		s = math.FMA(s, z, c)
	}
	// sin θ = θ + θ·z·s
	sin = math.FMA(float64(theta*z), s, theta)
	c := cosCoeffs[0]
	for _, k := range cosCoeffs[1:] {
		c = math.FMA(c, z, k)
	}
	// cos θ = 1 - z/2 + z²·c
	cos = math.FMA(float64(z*z), c, math.FMA(z, -0.5, 1))
	return sin, cos
}

// Cis returns cos(2π·j/n) and sin(2π·j/n) for any integer j and n ≥ 1,
// correct to about one ulp and identical on every platform. The angle is
// reduced with integers, so Cis(j, n) is exactly periodic in j and exactly
// symmetric (Cis(n-j, n) = conj Cis(j, n)); FFT twiddles and chirps use it.
// n must be below 2^60 so that 8·n fits in an int64.
func Cis(j, n int64) (cos, sin float64) {
	j %= n
	if j < 0 {
		j += n
	}
	// Angles past a half turn are computed as mirror images, so that
	// Cis(n-j, n) is the exact conjugate of Cis(j, n) even at octant edges.
	mirror := 2*j > n
	if mirror {
		j = n - j
	}
	// 8j/n = octant + rem/n with 0 ≤ rem < n and octant ≤ 4.
	octant := (8 * j) / n
	rem := 8*j - octant*n
	// Odd octants measure the angle from the octant's far edge, so that the
	// small argument always lies in [0, π/4].
	if octant%2 == 1 {
		rem = n - rem
	}
	theta := float64(quarterPi * (float64(rem) / float64(n)))
	s, c := sincosSmall(theta)
	switch octant {
	case 0:
		cos, sin = c, s
	case 1:
		cos, sin = s, c
	case 2:
		cos, sin = -s, c
	case 3:
		cos, sin = -c, s
	default: // 4: exactly half a turn, θ = 0
		cos, sin = -c, s
	}
	if mirror {
		sin = -sin
	}
	return cos, sin
}
