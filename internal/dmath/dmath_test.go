package dmath

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// ulpDiff returns |a-b| in units of the last place of b.
func ulpDiff(a, b float64) float64 {
	if a == b {
		return 0
	}
	ulp := math.Nextafter(math.Abs(b), math.Inf(1)) - math.Abs(b)
	return math.Abs(a-b) / ulp
}

func TestExpAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := []float64{0, -0.0, 1, -1, 0.5, math.Ln2, -math.Ln2, 0.34657359, 700, -700, 708, -708, 1e-300, -1e-17}
	for range 20000 {
		xs = append(xs, (rng.Float64()*2-1)*50, (rng.Float64()*2-1)*MaxExpArg)
	}
	worst := 0.0
	for _, x := range xs {
		d := ulpDiff(Exp(x), math.Exp(x))
		worst = max(worst, d)
		require.LessOrEqual(t, d, 2.0, "Exp(%v) = %v, math.Exp = %v", x, Exp(x), math.Exp(x))
	}
	t.Logf("worst Exp error against math.Exp: %.2f ulp", worst)
}

func TestExpEdges(t *testing.T) {
	require.True(t, math.IsNaN(Exp(math.NaN())))
	require.Equal(t, Exp(MaxExpArg), Exp(math.Inf(1)), "clamped above")
	require.Equal(t, Exp(-MaxExpArg), Exp(-1e300), "clamped below")
	require.Equal(t, 1.0, Exp(0))
	require.Greater(t, Exp(-MaxExpArg), 0.0)
	require.False(t, math.IsInf(Exp(MaxExpArg), 0))
}

// TestExpCoeffsExposed checks that the table generators read is the one Exp
// unrolls: Exp must equal the Horner loop over ExpCoeffs bit for bit.
func TestExpCoeffsExposed(t *testing.T) {
	c := ExpCoeffs()
	require.Len(t, c, 12)
	require.Equal(t, 0.5, c[len(c)-1])
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		x := (rng.Float64()*2 - 1) * 60
		k := float64(x*log2e) + roundMagic
		n := k - roundMagic
		r := math.FMA(-n, ln2Lo, math.FMA(-n, ln2Hi, x))
		p := c[0]
		for _, ci := range c[1:] {
			p = math.FMA(p, r, ci)
		}
		p = math.FMA(math.FMA(p, r, 1), r, 1)
		require.Equal(t, math.Float64bits(p*pow2FromRounded(k)), math.Float64bits(Exp(x)), "x=%v", x)
	}
}

// bigCis returns cos and sin of 2π·j/n computed with 200-bit arithmetic.
func bigCis(j, n int64) (float64, float64) {
	// Reduce the turn fraction exactly, then evaluate in float64 on an angle
	// near zero through big-precision Taylor series.
	const prec = 200
	pi := bigPi(prec)
	frac := new(big.Float).SetPrec(prec).Quo(new(big.Float).SetPrec(prec).SetInt64(((j%n)+n)%n), new(big.Float).SetPrec(prec).SetInt64(n))
	theta := new(big.Float).SetPrec(prec).Mul(frac, pi)
	theta.Mul(theta, big.NewFloat(2).SetPrec(prec))
	// Taylor series converge for θ < 2π with enough terms at this precision.
	sum := func(start int) *big.Float {
		s := new(big.Float).SetPrec(prec)
		term := new(big.Float).SetPrec(prec).SetInt64(1)
		for k := 1; k <= start; k++ {
			term.Mul(term, theta)
			term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(k)))
		}
		for k := start; k < start+200; k += 2 {
			s.Add(s, term)
			term.Mul(term, theta)
			term.Mul(term, theta)
			term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64((k+1)*(k+2))))
			term.Neg(term)
		}
		return s
	}
	c, _ := sum(0).Float64()
	s, _ := sum(1).Float64()
	return c, s
}

// bigPi returns π by Machin's formula π = 16 atan(1/5) - 4 atan(1/239).
func bigPi(prec uint) *big.Float {
	atanInv := func(x int64) *big.Float {
		sum := new(big.Float).SetPrec(prec + 20)
		xx := new(big.Float).SetPrec(prec + 20).SetInt64(x * x)
		pow := new(big.Float).SetPrec(prec+20).Quo(big.NewFloat(1), new(big.Float).SetInt64(x))
		for k := int64(0); k < int64(prec); k++ {
			term := new(big.Float).SetPrec(prec+20).Quo(pow, new(big.Float).SetInt64(2*k+1))
			if k%2 == 0 {
				sum.Add(sum, term)
			} else {
				sum.Sub(sum, term)
			}
			pow.Quo(pow, xx)
		}
		return sum
	}
	a := atanInv(5)
	a.Mul(a, big.NewFloat(16))
	b := atanInv(239)
	b.Mul(b, big.NewFloat(4))
	return a.Sub(a, b).SetPrec(prec)
}

func TestCisAccuracy(t *testing.T) {
	ns := []int64{1, 2, 3, 4, 5, 7, 8, 12, 16, 360, 1000, 1024, 4096, 324000, 2000000, 1 << 40}
	worst := 0.0
	for _, n := range ns {
		js := []int64{0, 1, n / 8, n / 4, n / 2, n - 1, n + 3, -1, -n / 3, 3 * n / 8}
		for i := int64(0); i < 40; i++ {
			js = append(js, (i*7919+13)%n)
		}
		for _, j := range js {
			c, s := Cis(j, n)
			rc, rs := bigCis(j, n)
			// Absolute error relative to the unit circle: one ulp of 1 is 2.2e-16.
			err := max(math.Abs(c-rc), math.Abs(s-rs))
			worst = max(worst, err)
			require.LessOrEqual(t, err, 2.3e-16, "Cis(%d,%d) = (%v,%v), want (%v,%v)", j, n, c, s, rc, rs)
		}
	}
	t.Logf("worst Cis error: %.3g", worst)
}

func TestCisSymmetry(t *testing.T) {
	for _, n := range []int64{1, 6, 10, 97, 1000, 1 << 20} {
		for j := int64(0); j < min(n, 300); j++ {
			c1, s1 := Cis(j, n)
			c2, s2 := Cis(n-j, n)
			require.Equal(t, c1, c2, "cos symmetry j=%d n=%d", j, n)
			require.Equal(t, s1, -s2+0, "sin antisymmetry j=%d n=%d", j, n)
			c3, s3 := Cis(j+5*n, n)
			require.Equal(t, [2]float64{c1, s1}, [2]float64{c3, s3}, "periodicity")
		}
	}
	c, s := Cis(1, 4)
	require.Equal(t, [2]float64{0, 1}, [2]float64{c, s}, "quarter turn is exact")
	c, s = Cis(1, 2)
	require.Equal(t, [2]float64{-1, 0}, [2]float64{c, s}, "half turn is exact")
}

// TestGolden pins bit patterns, so that a change of coefficient or operation
// order, which would break reproducibility against the SIMD kernels and the
// stored goldens, fails loudly.
func TestGolden(t *testing.T) {
	bits := func(xs ...float64) []string {
		var out []string
		for _, x := range xs {
			out = append(out, fmt.Sprintf("%016x", math.Float64bits(x)))
		}
		return out
	}
	require.Equal(t, []string{"3ff1aec7b35a00d4", "3f99511fc6871044", "40f2c4feb75b2ab0"},
		bits(Exp(0.1), Exp(-3.7), Exp(11.25)))
	c, s := Cis(3, 7)
	require.Equal(t, []string{"bfecd4bca9cb5c71", "3fdbc4c04d71abc1"}, bits(c, s))
}

func BenchmarkExp(b *testing.B) {
	x := 0.3
	var s float64
	for b.Loop() {
		s += Exp(x)
	}
	_ = s
}

func ExampleCis() {
	c, s := Cis(1, 6) // 60 degrees
	fmt.Printf("%.15f %.15f\n", c, s)
	// Output: 0.500000000000000 0.866025403784439
}

func ExampleExp() {
	fmt.Printf("%.15f\n", Exp(1))
	// Output: 2.718281828459045
}

func TestPow2FromRounded(t *testing.T) {
	require.Equal(t, uint64(roundMagicBits), math.Float64bits(roundMagic))
	for n := -1022; n <= 1022; n++ {
		require.Equal(t, math.Ldexp(1, n), pow2FromRounded(float64(n)+roundMagic), "n=%d", n)
	}
}
