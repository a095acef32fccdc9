package spec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/numkern/numkern/internal/dmath"
	"github.com/stretchr/testify/require"
)

func TestModelMatchesDmath(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 708, -708, 709, -709, 1e300, -1e300,
		math.Inf(1), math.Inf(-1), math.Ln2 / 2, -math.Ln2 / 2, 1e-300, -1e-300, 700.5, -745}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		xs = append(xs, (rng.Float64()*2-1)*720, (rng.Float64()*2-1)*4, math.Ldexp(rng.Float64(), -rng.IntN(1000)))
	}
	for _, x := range xs {
		require.Equal(t, math.Float64bits(dmath.Exp(x)), math.Float64bits(Exp(x)), "x=%v", x)
	}
}

func TestConstants(t *testing.T) {
	require.Equal(t, uint64(RoundMagicBits), math.Float64bits(RoundMagic))
	require.Equal(t, uint64(0x3fe62e42fee00000), math.Float64bits(Ln2Hi))
	require.InDelta(t, math.Ln2, Ln2Hi+Ln2Lo, 1e-16)
	require.Equal(t, math.Log2E, Log2e)
	require.Len(t, Coeffs(), 12)
}

func TestWeightsModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		k := 2 + rng.IntN(14)
		alpha := 0.1 + 1.9*rng.Float64()
		e3 := make([]float64, 2*k)
		for i := range e3 {
			d := float64(k - 1 - i)
			e3[i] = dmath.Exp(-float64(float64(alpha*d) * d))
		}
		f := rng.Float64()
		got := make([]float64, len(e3))
		Weights(got, f, alpha, float64(2*k-2), e3)
		a := float64(alpha * f)
		e2 := dmath.Exp(2 * a)
		v := dmath.Exp(-float64(a * (f + float64(2*k-2))))
		for i := range e3 {
			require.Equal(t, math.Float64bits(float64(v*e3[i])), math.Float64bits(got[i]))
			v = float64(v * e2)
		}
	}
}

func ExampleExp() {
	fmt.Println(Exp(1) == dmath.Exp(1), Exp(0))
	// Output: true 1
}
