package spread

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/numkern/numkern/internal/golden"
	"github.com/stretchr/testify/require"
)

// goldenSpread is a fixed spreading problem with its grid, stored in
// testdata/spread/. Inputs are read from the file.
type goldenSpread struct {
	Grid     []int
	Kernels  []Kernel
	Coords   [][]float64
	Strength []golden.Complex
	Spread   []golden.Complex // the grid after Spread
	Interp   []golden.Complex // Interpolate of that grid back to the points
}

// TestGolden pins the bits of Spread and Interpolate: the canonical
// algorithm every SIMD kernel and thread count must reproduce.
func TestGolden(t *testing.T) {
	for i, grid := range [][]int{{24}, {12, 10}, {8, 10, 12}} {
		name := fmt.Sprintf("spread/%dd.json", len(grid))
		t.Run(name, func(t *testing.T) {
			var gs goldenSpread
			if *golden.Update {
				pr := newProblem(t, rand.New(rand.NewPCG(uint64(i), 99)), grid, 1e-7, 17, 2)
				gs = goldenSpread{Grid: pr.grid, Kernels: pr.kernels, Coords: pr.coords, Strength: golden.FromComplex(pr.c)}
			} else {
				golden.Load(t, name, &gs)
			}
			p, err := NewPlan(gs.Grid, gs.Kernels)
			require.NoError(t, err)
			require.NoError(t, p.SetPoints(gs.Coords...))
			g := make([]complex128, p.GridLen())
			require.NoError(t, p.Spread(g, golden.ToComplex(gs.Strength)))
			back := make([]complex128, len(gs.Coords[0]))
			require.NoError(t, p.Interpolate(back, g))
			gs.Spread, gs.Interp = golden.FromComplex(g), golden.FromComplex(back)
			golden.Check(t, name, gs)
		})
	}
}
