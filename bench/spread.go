package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/numkern/numkern/internal/cpu"
	"github.com/numkern/numkern/nufft"
	"github.com/numkern/numkern/spread"
)

// spreadSizes are the spreading problems per dimension: points, and a fine
// grid of twice the modes per dimension.
var spreadSizes = []struct {
	points int
	modes  []int
}{
	{400_000, []int{400_000}},
	{200_000, []int{400, 400}},
	{40_000, []int{40, 40, 40}},
}

// runSpread times spreading alone, one thread, for every dimension,
// tolerance and implementation, and checks each implementation's grid
// against the generic one bit for bit.
func runSpread(w io.Writer, cfg timing) error {
	fmt.Fprintf(w, "\n## Spreading (Type-1 gridding alone), one thread\n\nPoints per second per core; every SIMD figure is checked in the same run to give the generic grid bit for bit.\n\n")
	isas := cpu.Available()
	fmt.Fprintf(w, "| dims | points | tol | width |")
	for _, isa := range isas {
		fmt.Fprintf(w, " %s |", isa)
	}
	for _, isa := range isas[1:] {
		fmt.Fprintf(w, " %s/generic |", isa)
	}
	fmt.Fprintf(w, "\n|---|---|---|---|%s\n", repeat("---|", 2*len(isas)-1))
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range spreadSizes {
		coords := randomCoords(rng, len(size.modes), size.points)
		c := randomStrengths(rng, size.points)
		for _, tol := range nufftTols {
			progress("spread %dD tol %g", len(size.modes), tol)
			grid, kernels := make([]int, len(size.modes)), make([]spread.Kernel, len(size.modes))
			for d, m := range size.modes {
				grid[d] = 2 * m
				k, err := spread.KernelFor(tol, m, grid[d])
				if err != nil {
					return err
				}
				kernels[d] = k
			}
			p, err := spread.NewPlan(grid, kernels)
			if err != nil {
				return err
			}
			if err := p.SetThreads(1); err != nil {
				return err
			}
			if err := p.SetPoints(coords...); err != nil {
				return err
			}
			var times []time.Duration
			var want []complex128
			for _, isa := range isas {
				restore, err := cpu.Force(isa)
				if err != nil {
					return err
				}
				g := make([]complex128, p.GridLen())
				t, err := cfg.median(func() error { return p.Spread(g, c) })
				restore()
				if err != nil {
					return err
				}
				if want == nil {
					want = g
				} else if !sameBits(want, g) {
					return fmt.Errorf("spread %dD tol %g: %s grid differs from generic", len(size.modes), tol, isa)
				}
				times = append(times, t)
			}
			fmt.Fprintf(w, "| %d | %d | %.0e | %d |", len(size.modes), size.points, tol, kernels[0].Width())
			for _, t := range times {
				fmt.Fprintf(w, " %.3g |", float64(size.points)/t.Seconds())
			}
			for _, t := range times[1:] {
				fmt.Fprintf(w, " %.2f |", times[0].Seconds()/t.Seconds())
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

// runSeedCase times the problem of the post this project grew from:
// N = M = 10^5, x = 100·rand, c = sin x, Type 1, Tol 1e-6, one thread.
func runSeedCase(w io.Writer, cfg timing) error {
	const n = 100_000
	progress("seed post's case")
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float64, n)
	c := make([]complex128, n)
	for j := range x {
		x[j] = 100 * rng.Float64()
		c[j] = complex(math.Sin(x[j]), 0)
	}
	opts := &nufft.Options{Tol: 1e-6, Threads: 1}
	p, err := nufft.NewPlan(nufft.Type1, []int{n}, opts)
	if err != nil {
		return err
	}
	if err := p.SetPoints(x); err != nil {
		return err
	}
	f := make([]complex128, n)
	t, err := cfg.median(func() error { return p.Execute(c, f) })
	if err != nil {
		return err
	}
	relErr, err := sampledError(nufft.Type1, []int{n}, [][]float64{x}, c, f, opts, rng)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n## The seed post's problem\n\nN = M = 10^5, x = 100·rand, c = sin x, Type 1, Tol 1e-6, one thread: **%.2f ms** (error %.1e against the direct sum on %d sampled modes). The post's numba_fast took 23–35 ms, FINUFFT 3–6 ms on this machine class.\n", ms(t), relErr, samples)
	return nil
}

// runThreads compares one thread with all of them on the 1D Type-1 case.
func runThreads(w io.Writer, cfg timing) error {
	const n = 1_000_000
	progress("threads, 1D type 1, N = M = %d", n)
	rng := rand.New(rand.NewPCG(7, 8))
	coords := randomCoords(rng, 1, n)
	c := randomStrengths(rng, n)
	fmt.Fprintf(w, "\n## Threads: 1D Type 1, N = M = 10^6, Tol 1e-6\n\n| threads | time (ms) | speed-up | bits equal to 1 thread |\n|---|---|---|---|\n")
	var base time.Duration
	var want []complex128
	for _, threads := range []int{1, cpuCount()} {
		p, err := nufft.NewPlan(nufft.Type1, []int{n}, &nufft.Options{Tol: 1e-6, Threads: threads})
		if err != nil {
			return err
		}
		if err := p.SetPoints(coords...); err != nil {
			return err
		}
		f := make([]complex128, n)
		t, err := cfg.median(func() error { return p.Execute(c, f) })
		if err != nil {
			return err
		}
		if want == nil {
			want, base = f, t
		}
		fmt.Fprintf(w, "| %d | %.1f | %.2f | %v |\n", threads, ms(t), base.Seconds()/t.Seconds(), sameBits(want, f))
		if threads == 1 && cpuCount() == 1 {
			break
		}
	}
	return nil
}

func randomCoords(rng *rand.Rand, dims, n int) [][]float64 {
	coords := make([][]float64, dims)
	for d := range coords {
		coords[d] = make([]float64, n)
		for j := range coords[d] {
			coords[d][j] = (rng.Float64()*2 - 1) * math.Pi
		}
	}
	return coords
}

func randomStrengths(rng *rand.Rand, n int) []complex128 {
	c := make([]complex128, n)
	for j := range c {
		c[j] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	return c
}

func sameBits(a, b []complex128) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(real(a[i])) != math.Float64bits(real(b[i])) || math.Float64bits(imag(a[i])) != math.Float64bits(imag(b[i])) {
			return false
		}
	}
	return true
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
