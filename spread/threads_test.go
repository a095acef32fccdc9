package spread

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/numkern/numkern/internal/cpu"
	"github.com/stretchr/testify/require"
)

// TestThreadsBitIdentical checks that every thread count gives the same bits
// as one thread, for uniform points, clustered points (unequal slabs, empty
// slabs) and points crossing the periodic edge.
func TestThreadsBitIdentical(t *testing.T) {
	defer func(old int) { minPointsPerWorker = old }(minPointsPerWorker)
	minPointsPerWorker = 1
	rng := rand.New(rand.NewPCG(5, 5))
	for _, grid := range [][]int{{64}, {200}, {16, 48}, {20, 24}, {8, 10, 40}, {12, 12, 12}} {
		for _, layout := range []string{"uniform", "cluster", "edge"} {
			pr := newProblem(t, rng, grid, 1e-5, 300, 1)
			for d := range pr.coords {
				for j := range pr.coords[d] {
					switch layout {
					case "cluster":
						pr.coords[d][j] = 1 + 0.05*rng.Float64()
					case "edge":
						pr.coords[d][j] = 0.02 * (rng.Float64() - 0.5)
					}
				}
			}
			p := pr.plan(t)
			require.NoError(t, p.SetThreads(1))
			wantGrid := make([]complex128, p.GridLen())
			require.NoError(t, p.Spread(wantGrid, pr.c))
			wantC := make([]complex128, len(pr.c))
			require.NoError(t, p.Interpolate(wantC, wantGrid))
			for threads := 2; threads <= 7; threads++ {
				require.NoError(t, p.SetThreads(threads))
				got := make([]complex128, p.GridLen())
				for i := range got {
					got[i] = complex(math.NaN(), 1) // Spread must overwrite every node
				}
				require.NoError(t, p.Spread(got, pr.c))
				requireSameBits(t, wantGrid, got, "Spread %v %s threads=%d", grid, layout, threads)
				gotC := make([]complex128, len(pr.c))
				require.NoError(t, p.Interpolate(gotC, wantGrid))
				requireSameBits(t, wantC, gotC, "Interpolate %v %s threads=%d", grid, layout, threads)
			}
		}
	}
	p, err := NewPlan([]int{8}, []Kernel{{HalfWidth: 2, Alpha: 1}})
	require.NoError(t, err)
	require.Error(t, p.SetThreads(-1))
}

func requireSameBits(t *testing.T, want, got []complex128, msg string, args ...any) {
	t.Helper()
	for i := range want {
		if math.Float64bits(real(want[i])) != math.Float64bits(real(got[i])) || math.Float64bits(imag(want[i])) != math.Float64bits(imag(got[i])) {
			require.Failf(t, "bits differ", "element %d: %v vs %v; "+msg, append([]any{i, got[i], want[i]}, args...)...)
		}
	}
}

// TestImplementationsBitIdentical runs Spread and Interpolate with every
// implementation available on this machine (NUMKERN_ISA's choices) and
// requires the generic bits.
func TestImplementationsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for _, grid := range [][]int{{100}, {20, 24}, {12, 10, 14}} {
		pr := newProblem(t, rng, grid, 1e-9, 531, 2)
		p := pr.plan(t)
		run := func() ([]complex128, []complex128) {
			g := make([]complex128, p.GridLen())
			require.NoError(t, p.Spread(g, pr.c))
			back := make([]complex128, len(pr.c))
			require.NoError(t, p.Interpolate(back, g))
			return g, back
		}
		restore, err := cpu.Force(cpu.Generic)
		require.NoError(t, err)
		wantGrid, wantBack := run()
		restore()
		for _, isa := range cpu.Available() {
			restore, err := cpu.Force(isa)
			require.NoError(t, err)
			g, back := run()
			restore()
			requireSameBits(t, wantGrid, g, "Spread %v %v", grid, isa)
			requireSameBits(t, wantBack, back, "Interpolate %v %v", grid, isa)
		}
	}
}
