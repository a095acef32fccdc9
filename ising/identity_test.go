package ising

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/numkern/numkern/asm/isingsweep"
	"github.com/numkern/numkern/internal/cpu"
	"github.com/stretchr/testify/require"
)

// implementations returns the ISAs whose sweep kernels can run here, in
// increasing order (Generic first).
func implementations() []cpu.ISA {
	var isas []cpu.ISA
	for isa := range isingsweep.Implementations() {
		isas = append(isas, isa)
	}
	slices.Sort(isas)
	return isas
}

// snapshot is everything a trajectory determines.
type snapshot struct {
	spins  []int8
	states []uint32
	e, m   float64
}

func snap(l *Lattice) snapshot {
	return snapshot{l.Spins(), slices.Clone(l.states), l.Energy(), l.Magnetization()}
}

// run returns the state after sweeps sweeps with the given ISA forced.
func run(t *testing.T, isa cpu.ISA, rows, cols int, cfg Config, sweeps int) snapshot {
	t.Helper()
	restore, err := cpu.Force(isa)
	require.NoError(t, err)
	defer restore()
	l, err := New(rows, cols, cfg)
	require.NoError(t, err)
	l.Sweeps(sweeps)
	return snap(l)
}

// identityCases are configurations covering both stencils, fields of both
// signs, antiferromagnets, infinite and very low temperatures and half-rows
// of 1 to 3 words with and without a partial last word.
func identityCases(short bool) (sizes [][2]int, cfgs []Config) {
	sizes = [][2]int{{2, 2}, {4, 6}, {6, 128}, {8, 130}, {2, 256}, {10, 384}, {4, 386}, {12, 34}}
	if short {
		sizes = [][2]int{{2, 2}, {4, 130}, {6, 34}}
	}
	cfgs = []Config{
		{Beta: 0.44, J: 1, Seed: 1},
		{Beta: 0.3, J: 1, H: 0.2, Seed: 2, Stencil: Moore},
		{Beta: 0.25, J: 1, Seed: 3, Stencil: Moore},
		{Beta: 0.7, J: -1, H: 0.5, Seed: 4},
		{Beta: 0, J: 1, Seed: 5, Stencil: Moore},
		{Beta: 5, J: 1, H: -0.1, Seed: 6},
		{Beta: 0.6, J: 0.3, H: 1.7, Seed: 7, Stencil: Moore},
	}
	return sizes, cfgs
}

// TestThreadsIdentical checks that the trajectory does not depend on the
// number of threads.
func TestThreadsIdentical(t *testing.T) {
	sizes, cfgs := identityCases(testing.Short())
	for _, sz := range sizes {
		for _, cfg := range cfgs {
			cfg.Threads = 1
			want := run(t, cpu.Selected(), sz[0], sz[1], cfg, 7)
			for _, threads := range []int{2, 3, 5, 16} {
				cfg.Threads = threads
				got := run(t, cpu.Selected(), sz[0], sz[1], cfg, 7)
				require.Equal(t, want, got, "%v %+v", sz, cfg)
			}
		}
	}
}

// TestImplementationsIdentical checks that every implementation gives the
// trajectory of the generic one, bit for bit.
func TestImplementationsIdentical(t *testing.T) {
	isas := implementations()
	require.Equal(t, cpu.Generic, isas[0])
	t.Logf("implementations: %v", isas)
	sizes, cfgs := identityCases(testing.Short())
	for _, isa := range isas[1:] {
		t.Run(isa.String(), func(t *testing.T) {
			for _, sz := range sizes {
				for _, cfg := range cfgs {
					cfg.Threads = 2
					want := run(t, cpu.Generic, sz[0], sz[1], cfg, 5)
					got := run(t, isa, sz[0], sz[1], cfg, 5)
					require.Equal(t, want, got, "%v %+v", sz, cfg)
				}
			}
		})
	}
}

// TestMatchesReference compares the lattice with the plain per-site
// specification of refLattice, sweep by sweep.
func TestMatchesReference(t *testing.T) {
	sizes, cfgs := identityCases(testing.Short())
	for _, sz := range sizes {
		for _, cfg := range cfgs {
			t.Run(fmt.Sprintf("%dx%d/%v/%v", sz[0], sz[1], cfg.Stencil, cfg.Seed), func(t *testing.T) {
				cfg.Threads = 1 + int(cfg.Seed)%3
				cfg.Cold = cfg.Seed%2 == 0
				l, err := New(sz[0], sz[1], cfg)
				require.NoError(t, err)
				ref := newRef(sz[0], sz[1], cfg)
				require.Equal(t, ref.s, l.Spins())
				for i := range 4 {
					l.Sweeps(1)
					ref.sweep()
					require.Equal(t, ref.s, l.Spins(), "after sweep %d", i+1)
					require.Equal(t, ref.energy(), l.Energy())
				}
			})
		}
	}
}

// TestParameterChanges follows a trajectory through SetBeta, SetCoupling,
// SetField, SetSpins and Fill in the lattice and in the reference.
func TestParameterChanges(t *testing.T) {
	cfg := Config{Beta: 0.4, J: 1, Seed: 9, Stencil: Moore, Threads: 2}
	l, err := New(6, 132, cfg)
	require.NoError(t, err)
	ref := newRef(6, 132, cfg)
	step := func() {
		l.Sweeps(2)
		ref.sweep()
		ref.sweep()
		require.Equal(t, ref.s, l.Spins())
	}
	step()
	require.NoError(t, l.SetBeta(0.9))
	ref.cfg.Beta = 0.9
	step()
	require.NoError(t, l.SetCoupling(-0.5))
	ref.cfg.J = -0.5
	step()
	require.NoError(t, l.SetField(0.25))
	ref.cfg.H = 0.25
	step()
	rng := rand.New(rand.NewPCG(1, 2))
	s := make([]int8, 6*132)
	for i := range s {
		s[i] = int8(2*rng.IntN(2) - 1)
	}
	require.NoError(t, l.SetSpins(s))
	copy(ref.s, s)
	require.Equal(t, s, l.Spins())
	step()
	require.NoError(t, l.Fill(-1))
	for i := range ref.s {
		ref.s[i] = -1
	}
	require.Equal(t, -1.0, l.Magnetization())
	step()
	got := l.Config()
	require.Equal(t, Config{Beta: 0.9, J: -0.5, H: 0.25, Seed: 9, Stencil: Moore, Threads: 2}, got)
}

// TestSweepsAllocatesNothing: Sweeps must not allocate in steady state.
func TestSweepsAllocatesNothing(t *testing.T) {
	for _, threads := range []int{1, 2, 3} {
		l, err := New(16, 192, Config{Beta: 0.44, J: 1, Seed: 1, Threads: threads, Stencil: Moore})
		require.NoError(t, err)
		l.Sweeps(1) // start the workers
		require.Zero(t, testing.AllocsPerRun(20, func() { l.Sweeps(1) }), "threads %d", threads)
	}
}
