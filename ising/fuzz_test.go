package ising

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzLattice feeds arbitrary sizes and parameters to New: invalid ones
// must give an error (never a panic), valid ones a trajectory that every
// implementation and the reference agree on.
func FuzzLattice(f *testing.F) {
	f.Add(uint64(1), 4, 4, 0.44, 1.0, 0.0, 0, 1, 3)
	f.Add(uint64(2), 6, 130, 0.3, -1.0, 0.7, 1, 2, 2)
	f.Add(uint64(3), 3, 4, 0.3, 1.0, 0.0, 0, 1, 1)
	f.Add(uint64(4), 4, 4, math.NaN(), 1.0, 0.0, 0, 1, 1)
	f.Add(uint64(5), 2, 2, 1e300, 1e300, -1e300, 1, 3, 4)
	f.Add(uint64(6), 8, 64, 0.0, 0.0, 0.0, 5, 1, 1)
	f.Fuzz(func(t *testing.T, seed uint64, rows, cols int, beta, j, h float64, stencil, threads, sweeps int) {
		cfg := Config{Beta: beta, J: j, H: h, Seed: seed, Stencil: Stencil(stencil), Threads: threads % 8}
		valid := rows > 0 && cols > 0 && rows%2 == 0 && cols%2 == 0 &&
			!math.IsNaN(beta) && !math.IsInf(beta, 0) && beta >= 0 &&
			!math.IsNaN(j) && !math.IsInf(j, 0) && !math.IsNaN(h) && !math.IsInf(h, 0) &&
			(stencil == 0 || stencil == 1) && cfg.Threads >= 0
		if valid && (rows > 1<<14 || cols > 1<<14 || rows*cols > 1<<14) {
			t.Skip("too large for a fuzz iteration")
		}
		l, err := New(rows, cols, cfg)
		if !valid {
			require.ErrorIs(t, err, ErrConfig)
			return
		}
		require.NoError(t, err)
		sweeps = (sweeps%4 + 4) % 4
		ref := newRef(rows, cols, cfg)
		for range sweeps {
			ref.sweep()
		}
		for _, isa := range implementations() {
			got := run(t, isa, rows, cols, cfg, sweeps)
			require.Equal(t, ref.s, got.spins, "%v", isa)
			require.Equal(t, ref.energy(), got.e)
		}
		l.Sweeps(sweeps)
		for _, s := range l.Spins() {
			require.True(t, s == 1 || s == -1)
		}
		m := l.Magnetization()
		require.True(t, m >= -1 && m <= 1)
	})
}
