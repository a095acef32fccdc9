package spread

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPlaneByPlaneBitIdentical checks that 3D spreading plane by plane, on
// the grid and through unwrapped copies of regions that wrap, gives the
// bits of spreading point by point, for every thread count.
func TestPlaneByPlaneBitIdentical(t *testing.T) {
	defer func(old int) { minPointsPerWorker = old }(minPointsPerWorker)
	minPointsPerWorker = 1
	rng := rand.New(rand.NewPCG(8, 8))
	// {40, 36, 30}: interior bins go straight to the grid, edge bins
	// through copies; {33, 25, 20}: a partial last bin in every
	// dimension; {12, 12, 12}: smaller than a bin plus a kernel, point by
	// point.
	for _, grid := range [][]int{{40, 36, 30}, {33, 25, 20}, {12, 12, 12}} {
		for _, layout := range []string{"uniform", "cluster", "edge"} {
			pr := newProblem(t, rng, grid, 1e-6, 400, 1)
			for d := range pr.coords {
				for j := range pr.coords[d] {
					switch layout {
					case "cluster": // more than a chunk in one bin
						pr.coords[d][j] = 1 + 0.05*rng.Float64()
					case "edge":
						pr.coords[d][j] = 0.3 * (rng.Float64() - 0.5)
					}
				}
			}
			p := pr.plan(t)
			require.NoError(t, p.SetThreads(1))
			planeByPlane = false
			want := make([]complex128, p.GridLen())
			require.NoError(t, p.Spread(want, pr.c))
			planeByPlane = true
			for threads := 1; threads <= 3; threads++ {
				require.NoError(t, p.SetThreads(threads))
				got := make([]complex128, p.GridLen())
				require.NoError(t, p.Spread(got, pr.c))
				requireSameBits(t, want, got, "%v %s threads=%d", grid, layout, threads)
			}
		}
	}
}

// TestCopyRegion checks the unwrapped copy of a plane's region both ways.
func TestCopyRegion(t *testing.T) {
	const g0, g1 = 7, 5
	plane := make([]complex128, g0*g1)
	for i := range plane {
		plane[i] = complex(float64(i), 0)
	}
	for _, c := range []struct{ x0, y0, e0, e1, stride int }{{-2, -1, 5, 3, 8}, {4, 3, 6, 4, 6}, {0, 0, 7, 5, 7}, {-7, 2, 7, 2, 12}} {
		// The padding of each row (stride - e0 nodes) must stay untouched.
		region := make([]complex128, c.stride*(c.e1-1)+c.e0)
		for i := range region {
			region[i] = -1
		}
		copyRegion(region, plane, g0, g1, c.x0, c.y0, c.e0, c.stride, true)
		for o, v := range region {
			if o%c.stride >= c.e0 {
				require.Equal(t, complex(-1, 0), v, "%+v: padding at %d", c, o)
			}
		}
		for j := range c.e1 {
			for i := range c.e0 {
				x, y := ((c.x0+i)%g0+g0)%g0, ((c.y0+j)%g1+g1)%g1
				require.Equal(t, plane[x+g0*y], region[i+c.stride*j], "%+v node (%d, %d)", c, i, j)
				region[i+c.stride*j] += 1i
			}
		}
		copyRegion(region, plane, g0, g1, c.x0, c.y0, c.e0, c.stride, false)
		for j := range c.e1 {
			for i := range c.e0 {
				x, y := ((c.x0+i)%g0+g0)%g0, ((c.y0+j)%g1+g1)%g1
				require.Equal(t, 1.0, imag(plane[x+g0*y]), "%+v node (%d, %d)", c, i, j)
				plane[x+g0*y] = complex(real(plane[x+g0*y]), 0)
			}
		}
		for i, v := range plane {
			require.Equal(t, complex(float64(i), 0), v, "%+v: node %d outside the region changed", c, i)
		}
	}
}
