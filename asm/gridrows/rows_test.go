package gridrows

import (
	"math"
	"math/rand/v2"
	"testing"

	_ "github.com/numkern/numkern/internal/golden" // defines -update
	"github.com/stretchr/testify/require"
)

// TestGenericMatchesDefinition checks the twin against the doc comments'
// loops written out once more, and the tensor-product meaning.
func TestGenericMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	grid := make([]complex128, 50)
	for i := range grid {
		grid[i] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	off := []int{0, 13, 13, 36}
	rw := []float64{1, 0.5, -2, 0.25}
	w := []float64{0.1, 0.7, 1, 0.6, 0.2, 0.05, 0.01}
	got := append([]complex128(nil), grid...)
	SpreadRows(got, off, rw, w, 1.5, -0.5)
	want := append([]complex128(nil), grid...)
	for r, o := range off {
		for k, wt := range w {
			want[o+k] += complex(1.5, -0.5) * complex(rw[r]*wt, 0)
		}
	}
	for i := range want {
		require.InDelta(t, real(want[i]), real(got[i]), 1e-14)
		require.InDelta(t, imag(want[i]), imag(got[i]), 1e-14)
	}
	dot := DotRows(grid, off, rw, w)
	var ref complex128
	for r, o := range off {
		for k, wt := range w {
			ref += grid[o+k] * complex(rw[r]*wt, 0)
		}
	}
	require.InDelta(t, 0, math.Hypot(real(dot-ref), imag(dot-ref)), 1e-13)
}

func TestBoundsPanic(t *testing.T) {
	grid := make([]complex128, 10)
	w := make([]float64, 4)
	require.Panics(t, func() { SpreadRows(grid, []int{7}, []float64{1}, w, 1, 1) })
	require.Panics(t, func() { SpreadRows(grid, []int{-1}, []float64{1}, w, 1, 1) })
	require.Panics(t, func() { DotRows(grid, []int{0, 1}, []float64{1}, w) })
	require.NotPanics(t, func() { SpreadRows(grid, []int{6}, []float64{1}, w, 1, 1) })
	require.Equal(t, complex128(0), DotRows(grid, nil, nil, w))
}
