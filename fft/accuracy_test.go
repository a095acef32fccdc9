package fft

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

const bigPrec = 320

var bigPi, _, _ = big.ParseFloat("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196", 10, bigPrec, big.ToNearestEven)

// bigSinCos returns sin and cos of 2π·t/n by Taylor series in 320-bit
// arithmetic, independent of the package's reduction.
func bigSinCos(t, n int) (sin, cos *big.Float) {
	t = ((t % n) + n) % n
	theta := new(big.Float).SetPrec(bigPrec).SetInt64(int64(2 * t))
	theta.Mul(theta, bigPi)
	theta.Quo(theta, new(big.Float).SetPrec(bigPrec).SetInt64(int64(n)))
	sin = new(big.Float).SetPrec(bigPrec)
	cos = new(big.Float).SetPrec(bigPrec)
	term := new(big.Float).SetPrec(bigPrec).SetInt64(1) // θ^k/k!
	eps := new(big.Float).SetPrec(bigPrec).SetMantExp(big.NewFloat(1), -bigPrec)
	for k := 0; ; k++ {
		switch k % 4 {
		case 0:
			cos.Add(cos, term)
		case 1:
			sin.Add(sin, term)
		case 2:
			cos.Sub(cos, term)
		case 3:
			sin.Sub(sin, term)
		}
		term.Mul(term, theta)
		term.Quo(term, new(big.Float).SetPrec(bigPrec).SetInt64(int64(k+1)))
		if k > 8 && new(big.Float).Abs(term).Cmp(eps) < 0 {
			return sin, cos
		}
	}
}

// ulpError returns |got − want| in units of the last place of want rounded
// to float64; an exact zero must be computed exactly.
func ulpError(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	if math.Abs(w) < 1e-80 { // zero up to the reference's own error
		if got == 0 {
			return 0
		}
		return math.Inf(1)
	}
	ulp := math.Nextafter(math.Abs(w), math.Inf(1)) - math.Abs(w)
	d := new(big.Float).SetPrec(bigPrec).SetFloat64(got)
	d.Sub(d, want)
	e, _ := d.Float64()
	return math.Abs(e) / ulp
}

func TestTwiddleAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ns := []int{1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 360, 1000, 1024, 4096, 324000, 2000000, 1 << 40, 1<<40 - 3}
	count := 60
	if slow() {
		count = 8
	}
	worst, roundedOK, total := 0.0, 0, 0
	for _, n := range ns {
		ts := []int{0, 1, n - 1, n / 2, n / 4, n / 8, 3 * n / 8, n / 3, n/8 + 1, n/8 - 1}
		for range count {
			ts = append(ts, rng.IntN(n))
		}
		for _, tt := range ts {
			re, im := twiddle(tt, n)
			s, c := bigSinCos(tt, n)
			negS := new(big.Float).Neg(s)
			for _, pair := range []struct {
				got  float64
				want *big.Float
			}{{re, c}, {im, negS}} {
				e := ulpError(pair.got, pair.want)
				worst = max(worst, e)
				require.LessOrEqual(t, e, 1.0, "twiddle(%d, %d) = (%v, %v)", tt, n, re, im)
				w, _ := pair.want.Float64()
				total++
				if w == pair.got {
					roundedOK++
				}
			}
			// Exact symmetries.
			re2, im2 := twiddle(n-tt, n)
			require.Equal(t, re, re2)
			require.Equal(t, im, -im2+0)
			re3, im3 := twiddle(tt+3*n, n)
			require.Equal(t, [2]float64{re, im}, [2]float64{re3, im3})
		}
	}
	t.Logf("worst twiddle error %.3f ulp; %d of %d components correctly rounded", worst, roundedOK, total)
	for _, c := range []struct {
		t, n   int
		re, im float64
	}{{0, 7, 1, 0}, {1, 4, 0, -1}, {1, 2, -1, 0}, {3, 4, 0, 1}, {2, 8, 0, -1}} {
		re, im := twiddle(c.t, c.n)
		require.Equal(t, [2]float64{c.re, c.im}, [2]float64{re, im}, "twiddle(%d,%d)", c.t, c.n)
		require.False(t, math.Signbit(im) && im == 0, "negative zero")
	}
}

// bigFMA32 returns a·b+c rounded once to float32.
func bigFMA32(a, b, c float32) float32 {
	x := new(big.Float).SetPrec(2000).SetFloat64(float64(a))
	x.Mul(x, new(big.Float).SetPrec(2000).SetFloat64(float64(b)))
	x.Add(x, new(big.Float).SetPrec(2000).SetFloat64(float64(c)))
	f, _ := x.Float32()
	if x.Sign() == 0 {
		// An exact zero sum is +0 in IEEE arithmetic unless both addends
		// are −0 (round to nearest).
		p := float64(a) * float64(b)
		if math.Signbit(p) && math.Signbit(float64(c)) {
			return float32(math.Copysign(0, -1))
		}
		return 0
	}
	return f
}

func TestFMA32(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	count := 200000
	if slow() {
		count = 5000
	}
	randFloat := func(minExp, maxExp int) float32 {
		m := float32(1 + rng.Float64())
		e := minExp + rng.IntN(maxExp-minExp+1)
		v := float32(math.Ldexp(float64(m), e))
		if rng.IntN(2) == 0 {
			v = -v
		}
		return v
	}
	check := func(a, b, c float32) {
		got, want := fma32(a, b, c), bigFMA32(a, b, c)
		require.Equal(t, math.Float32bits(want), math.Float32bits(got), "fma32(%g, %g, %g)", a, b, c)
	}
	for i := range count {
		var a, b, c float32
		switch i % 4 {
		case 0: // ordinary magnitudes
			a, b, c = randFloat(-10, 10), randFloat(-10, 10), randFloat(-20, 20)
		case 1: // cancellation: c ≈ −a·b
			a, b = randFloat(-10, 10), randFloat(-10, 10)
			c = -float32(float64(a) * float64(b))
			c = math.Float32frombits(math.Float32bits(c) + uint32(rng.IntN(5)) - 2)
		case 2: // the exact sum falls next to a float32 midpoint: c tiny
			a, b = randFloat(-3, 3), randFloat(-3, 3)
			p := float64(a) * float64(b)
			mid := float64(float32(p)) + math.Ldexp(1, math.Ilogb(p)-24)
			a2 := float32(mid / float64(b))
			a = a2
			c = randFloat(-60, -40)
		case 3: // subnormal and huge results
			a, b, c = randFloat(-80, -60), randFloat(-80, -50), randFloat(-149, -120)
			if i%8 == 3 {
				a, b, c = randFloat(60, 64), randFloat(60, 64), randFloat(100, 127)
			}
		}
		check(a, b, c)
	}
	// Exact midpoint constructions: a·b = 1 + 2^-24 (a midpoint), c = ±2^-70.
	a := float32(1 + math.Ldexp(1, -12))
	b := float32(1 + math.Ldexp(1, -12))
	for _, c := range []float32{0, float32(math.Ldexp(1, -70)), -float32(math.Ldexp(1, -70)), float32(math.Ldexp(1, -24))} {
		check(a, b, c)
		check(-a, b, -c)
	}
	inf := float32(math.Inf(1))
	require.Equal(t, inf, fma32(inf, 1, 1))
	require.Equal(t, -inf, fma32(inf, -1, 1))
	require.True(t, math.IsNaN(float64(fma32(inf, 0, 1))))
	require.True(t, math.IsNaN(float64(fma32(inf, 1, -inf))))
	require.True(t, math.IsNaN(float64(fma32(float32(math.NaN()), 1, 1))))
	check(0, 0, 0)
	check(-0.0, 1, 0)
	check(float32(math.Copysign(0, -1)), 1, float32(math.Copysign(0, -1)))
	check(math.MaxFloat32, 2, -math.MaxFloat32)
}
