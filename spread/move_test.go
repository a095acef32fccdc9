package spread

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// lowerMoveThresholds makes every move bucketed, with windows of 8
// elements, and returns the function that restores the thresholds.
func lowerMoveThresholds() (restore func()) {
	a, b := minBucketedMove, moveWindowShift
	minBucketedMove, moveWindowShift = 1, 3
	return func() { minBucketedMove, moveWindowShift = a, b }
}

func TestMover(t *testing.T) {
	defer lowerMoveThresholds()()
	rng := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{1, 2, 7, 8, 9, 100, 1000} {
		to := make([]int32, n)
		for i, v := range rng.Perm(n) {
			to[i] = int32(v)
		}
		var m mover
		m.build(to)
		require.True(t, m.bucketed())
		src := make([]complex128, n)
		for j := range src {
			src[j] = complex(float64(j), -float64(j))
		}
		for _, parts := range []int{1, 2, 3, 5} {
			buf, dest := make([]complex128, n), make([]complex128, n)
			for s := range parts {
				m.partition(buf, src, n*s/parts, n*(s+1)/parts)
			}
			b := m.buckets()
			for s := range parts {
				m.place(dest, buf, b*s/parts, b*(s+1)/parts)
			}
			for j, v := range src {
				require.Equal(t, v, dest[to[j]], "n %d parts %d element %d", n, parts, j)
			}
		}
	}
}

// TestBucketedMovesBitIdentical: Spread and Interpolate give the same bits
// with bucketed and direct moves, for every thread count.
func TestBucketedMovesBitIdentical(t *testing.T) {
	defer func(old int) { minPointsPerWorker = old }(minPointsPerWorker)
	minPointsPerWorker = 1
	rng := rand.New(rand.NewPCG(9, 9))
	for _, grid := range [][]int{{200}, {16, 48}, {12, 12, 12}} {
		pr := newProblem(t, rng, grid, 1e-5, 500, 1)
		direct := pr.plan(t)
		require.False(t, direct.gather.bucketed())
		require.NoError(t, direct.SetThreads(1))
		wantGrid := make([]complex128, direct.GridLen())
		require.NoError(t, direct.Spread(wantGrid, pr.c))
		wantC := make([]complex128, len(pr.c))
		require.NoError(t, direct.Interpolate(wantC, wantGrid))
		func() {
			defer lowerMoveThresholds()()
			p := pr.plan(t)
			require.True(t, p.gather.bucketed() && p.scatter.bucketed())
			for threads := 1; threads <= 4; threads++ {
				require.NoError(t, p.SetThreads(threads))
				got := make([]complex128, p.GridLen())
				require.NoError(t, p.Spread(got, pr.c))
				requireSameBits(t, wantGrid, got, fmt.Sprintf("Spread %v threads=%d", grid, threads))
				gotC := make([]complex128, len(pr.c))
				require.NoError(t, p.Interpolate(gotC, wantGrid))
				requireSameBits(t, wantC, gotC, fmt.Sprintf("Interpolate %v threads=%d", grid, threads))
			}
		}()
	}
}
