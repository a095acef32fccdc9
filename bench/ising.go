package main

import (
	"fmt"
	"slices"

	"github.com/numkern/numkern/internal/cpu"
	"github.com/numkern/numkern/ising"
)

// isingSizes are the lattice sides of the Ising sweep.
func (s *suite) isingSizes() []int {
	if s.long {
		return []int{128, 512, 1024, 2048, 4096}
	}
	return []int{128, 512, 2048}
}

// ising times checkerboard Metropolis sweeps at T = 2.269 for both
// stencils, every implementation, one thread and all of them, and validates
// each figure by the energy per spin reached (from the random start,
// thermalised by the warm-up and timed sweeps) and by bit-equal spins across
// implementations.
func (s *suite) ising() error {
	const temperature = 2.269
	all := cpuCount()
	s.printf("\n## Ising, checkerboard Metropolis, T = %g\n\nAttempted flips per nanosecond; energy per spin after the timed sweeps (the exact infinite-lattice value at Tc is −1.414); spins after 3 sweeps from a fixed seed compared bit for bit with the generic implementation on one thread.\n\n| L | stencil | impl | threads | attempts/ns | ± %% | energy | spins equal generic |\n|---|---|---|---|---|---|---|---|\n", temperature)
	for _, l := range s.isingSizes() {
		sweeps := max(1, (1<<22)/(l*l))
		for _, stencil := range []ising.Stencil{ising.VonNeumann, ising.Moore} {
			var want []int8
			for _, isa := range cpu.Available() {
				for _, threads := range []int{1, all} {
					if threads == all && all == 1 {
						continue
					}
					progress("ising L=%d %v %s threads=%d", l, stencil, isa, threads)
					var rec Record
					err := withISA(isa, func() error {
						lat, err := ising.New(l, l, ising.Config{Beta: 1 / temperature, J: 1, Seed: 1, Stencil: stencil, Threads: threads})
						if err != nil {
							return err
						}
						runs, err := s.cfg.runs(func() error { lat.Sweeps(sweeps); return nil })
						if err != nil {
							return err
						}
						rec = newRecord("ising", fmt.Sprintf("L=%d/%v/sweeps=%d", l, stencil, sweeps), isa.String(), threads,
							map[string]float64{"L": float64(l), "stencil": float64(stencil), "sweeps": float64(sweeps)}, runs)
						rec.Rate, rec.Unit = float64(l*l*sweeps)/rec.MedianNS, "attempts/ns"
						rec.Check, rec.CheckValue = "energy_per_spin", lat.Energy()
						return nil
					})
					if err != nil {
						return err
					}
					// The timed lattices ran as many sweeps as the budget
					// allowed, so bit-identity is checked on a separate
					// trajectory of fixed length.
					got, err := isingTrajectory(isa, threads, l, stencil, temperature)
					if err != nil {
						return err
					}
					if want == nil {
						want = got
					}
					same := slices.Equal(want, got)
					if !same {
						return fmt.Errorf("ising L=%d %v: %s with %d threads gives other spins than generic with one", l, stencil, isa, threads)
					}
					s.add(rec)
					s.printf("| %d | %v | %s | %d | %.3f | %.1f | %.4f | %v |\n", l, stencil, isa, threads, rec.Rate, rec.spreadPct(), rec.CheckValue, same)
				}
			}
		}
	}
	return nil
}

// isingTrajectory returns the spins after 3 sweeps from a fixed seed.
func isingTrajectory(isa cpu.ISA, threads, l int, stencil ising.Stencil, temperature float64) ([]int8, error) {
	var spins []int8
	err := withISA(isa, func() error {
		lat, err := ising.New(l, l, ising.Config{Beta: 1 / temperature, J: 1, Seed: 7, Stencil: stencil, Threads: threads})
		if err != nil {
			return err
		}
		lat.Sweeps(3)
		spins = lat.Spins()
		return nil
	})
	return spins, err
}
