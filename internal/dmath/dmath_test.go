package dmath

import (
	"fmt"
	"math"
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
}

func BenchmarkExp(b *testing.B) {
	x := 0.3
	var s float64
	for b.Loop() {
		s += Exp(x)
	}
	_ = s
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
