package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/numkern/numkern/internal/cpu"
	"github.com/numkern/numkern/nufft"
	"github.com/numkern/numkern/spread"
)

var nufftTols = []float64{1e-3, 1e-6, 1e-9, 1e-12}

// samples is how many outputs are checked against the direct sum.
const samples = 24

// scalingSizes are the point counts of the time-against-N sweep; the mode
// count is the same, spread over the dimensions (M = N, √N², ∛N³). Up to
// 10^6 in every dimension: the figures are at 10^6 points.
func (*suite) scalingSizes(int) []int {
	return []int{1_000, 10_000, 100_000, 1_000_000}
}

// nufftScaling times Type-1 transforms at Tol 1e-6 against N, in 1D to 3D,
// for every implementation: the data of the time-against-N plots. Each
// figure carries its error against the direct sum.
func (s *suite) nufftScaling() error {
	s.printf("\n## NUFFT time against size\n\nType 1, Tol 1e-6, one thread, N points onto as many modes (M = N in 1D, √N² in 2D, ∛N³ in 3D). Time is the median of `Execute`, ± half the range of the runs; error is the relative l2 error against `nufft.DirectAt` on %d sampled modes.\n\n", samples)
	s.printf("| dims | N | modes | impl | time (ms) | ± %% | points/s | error |\n|---|---|---|---|---|---|---|---|\n")
	for dims := 1; dims <= 3; dims++ {
		for _, n := range s.scalingSizes(dims) {
			side := int(math.Round(math.Pow(float64(n), 1/float64(dims))))
			modes := make([]int, dims)
			for d := range modes {
				modes[d] = side
			}
			coords := randomCoords(s.rng, dims, n)
			c := randomStrengths(s.rng, n)
			for _, isa := range cpu.Available() {
				progress("nufft scaling %dD N=%d %s", dims, n, isa)
				var rec Record
				err := withISA(isa, func() error {
					var err error
					rec, err = s.measureNUFFT(nufft.Type1, modes, coords, c, 1e-6)
					return err
				})
				if err != nil {
					return err
				}
				rec.Suite, rec.Impl = "nufft", isa.String()
				rec.Name = "scaling/" + rec.Name
				rec.Params["scaling"] = 1
				s.add(rec)
				s.printf("| %d | %d | %s | %s | %.2f | %.1f | %.3g | %.1e |\n", dims, n, shape(modes), isa, rec.MedianNS/1e6, rec.spreadPct(), rec.Rate, rec.CheckValue)
			}
		}
	}
	return nil
}

// tolSizes are the problems of the tolerance table.
var tolSizes = []struct {
	points int
	modes  []int
}{
	{1_000_000, []int{1_000_000}},
	{250_000, []int{500, 500}},
	{100_000, []int{40, 40, 40}},
}

// nufftTolerance times both types at every tolerance with the default
// implementation: the data of the achieved-error plot.
func (s *suite) nufftTolerance() error {
	s.printf("\n## NUFFT against tolerance\n\nDefault implementation (%s), one thread; error against `nufft.DirectAt` on %d sampled outputs.\n", cpu.Selected(), samples)
	for _, size := range tolSizes {
		dims := len(size.modes)
		s.printf("\n### %dD: N = %d points, modes %s\n\n", dims, size.points, shape(size.modes))
		s.printf("| type | tol | fine grid | width | error | error/tol | time (ms) | ± %% | points/s |\n|---|---|---|---|---|---|---|---|---|\n")
		coords := randomCoords(s.rng, dims, size.points)
		for _, typ := range []nufft.Type{nufft.Type1, nufft.Type2} {
			in := randomStrengths(s.rng, size.points)
			if typ == nufft.Type2 {
				in = randomStrengths(s.rng, prod(size.modes))
			}
			for _, tol := range nufftTols {
				progress("nufft %dD %v tol %g", dims, typ, tol)
				rec, err := s.measureNUFFT(typ, size.modes, coords, in, tol)
				if err != nil {
					return err
				}
				rec.Suite, rec.Impl = "nufft", cpu.Selected().String()
				s.add(rec)
				s.printf("| %d | %.0e | %s | %d | %.2e | %.3f | %.1f | %.1f | %.3g |\n", int(typ), tol, shape(floatsToInts(rec.Params, "fine", dims)), int(rec.Params["width"]),
					rec.CheckValue, rec.CheckValue/tol, rec.MedianNS/1e6, rec.spreadPct(), rec.Rate)
			}
		}
	}
	return nil
}

// measureNUFFT times one transform (one thread) and validates it.
func (s *suite) measureNUFFT(typ nufft.Type, modes []int, coords [][]float64, in []complex128, tol float64) (Record, error) {
	opts := &nufft.Options{Tol: tol, Threads: 1}
	plan, err := nufft.NewPlan(typ, modes, opts)
	if err != nil {
		return Record{}, err
	}
	if err := plan.SetPoints(coords...); err != nil {
		return Record{}, err
	}
	n := len(coords[0])
	out := make([]complex128, prod(modes))
	c, f := in, out
	if typ == nufft.Type2 {
		out = make([]complex128, n)
		c, f = out, in
	}
	runs, err := s.cfg.runs(func() error { return plan.Execute(c, f) })
	if err != nil {
		return Record{}, err
	}
	relErr, err := sampledError(typ, modes, coords, in, out, opts, s.rng)
	if err != nil {
		return Record{}, err
	}
	params := map[string]float64{"dims": float64(len(modes)), "type": float64(typ), "N": float64(n), "M": float64(prod(modes)), "tol": tol, "width": float64(plan.Kernels()[0].Width())}
	for d, g := range plan.FineGrid() {
		params[fmt.Sprintf("fine%d", d)] = float64(g)
	}
	name := fmt.Sprintf("%dd/type%d/N=%d/M=%s/tol=%g", len(modes), int(typ), n, shape(modes), tol)
	rec := newRecord("nufft", name, "", 1, params, runs)
	rec.Rate, rec.Unit = float64(n)/(rec.MedianNS/1e9), "points/s"
	rec.Check, rec.CheckValue = "rel_l2_error_vs_direct", relErr
	return rec, nil
}

// sampledError returns the relative l2 error of out against nufft.DirectAt
// on samples random outputs.
func sampledError(typ nufft.Type, modes []int, coords [][]float64, in, out []complex128, opts *nufft.Options, rng *rand.Rand) (float64, error) {
	at := make([]int, samples)
	for i := range at {
		at[i] = rng.IntN(len(out))
	}
	exact := make([]complex128, samples)
	if err := nufft.DirectAt(typ, modes, coords, in, at, exact, opts); err != nil {
		return 0, err
	}
	var num, den float64
	for i, a := range at {
		num += sqAbs(out[a] - exact[i])
		den += sqAbs(exact[i])
	}
	return math.Sqrt(num / den), nil
}

// seedCase times the problem of the post this project grew from:
// N = M = 10^5, x = 100·rand, c = sin x, Type 1, Tol 1e-6, one thread,
// with every implementation.
func (s *suite) seedCase() error {
	const n = 100_000
	x := make([]float64, n)
	c := make([]complex128, n)
	for j := range x {
		x[j] = 100 * s.rng.Float64()
		c[j] = complex(math.Sin(x[j]), 0)
	}
	s.printf("\n## The seed post's problem\n\nN = M = 10^5, x = 100·rand, c = sin x, Type 1, Tol 1e-6, one thread. The post's numba_fast took 23–35 ms, FINUFFT 2.5.1 3–6 ms on this machine class.\n\n| impl | time (ms) | ± %% | error |\n|---|---|---|---|\n")
	for _, isa := range cpu.Available() {
		progress("seed post's case, %s", isa)
		var rec Record
		err := withISA(isa, func() error {
			var err error
			rec, err = s.measureNUFFT(nufft.Type1, []int{n}, [][]float64{x}, c, 1e-6)
			return err
		})
		if err != nil {
			return err
		}
		rec.Name = "seed/" + rec.Name
		rec.Impl = isa.String()
		s.add(rec)
		s.printf("| %s | %.2f | %.1f | %.1e |\n", isa, rec.MedianNS/1e6, rec.spreadPct(), rec.CheckValue)
	}
	return nil
}

// threads compares one thread with all of them on the 1D and 3D Type-1
// cases, checking that the bits do not change.
func (s *suite) threads() error {
	all := cpuCount()
	s.printf("\n## Threads\n\nType 1, Tol 1e-6, default implementation; the output with more threads must equal the one-thread output bit for bit.\n\n| problem | threads | time (ms) | speed-up | bits equal |\n|---|---|---|---|---|\n")
	for _, pr := range []struct {
		points int
		modes  []int
	}{{1_000_000, []int{1_000_000}}, {100_000, []int{40, 40, 40}}} {
		coords := randomCoords(s.rng, len(pr.modes), pr.points)
		c := randomStrengths(s.rng, pr.points)
		var base float64
		var want []complex128
		for _, threads := range []int{1, all} {
			progress("threads: %dD N=%d threads=%d", len(pr.modes), pr.points, threads)
			p, err := nufft.NewPlan(nufft.Type1, pr.modes, &nufft.Options{Tol: 1e-6, Threads: threads})
			if err != nil {
				return err
			}
			if err := p.SetPoints(coords...); err != nil {
				return err
			}
			f := make([]complex128, prod(pr.modes))
			runs, err := s.cfg.runs(func() error { return p.Execute(c, f) })
			if err != nil {
				return err
			}
			if want == nil {
				want = f
			}
			same := sameBits(want, f)
			rec := newRecord("nufft", fmt.Sprintf("threads/%dd/type1/N=%d/M=%s/tol=1e-06", len(pr.modes), pr.points, shape(pr.modes)), cpu.Selected().String(), threads,
				map[string]float64{"dims": float64(len(pr.modes)), "N": float64(pr.points), "threads": float64(threads)}, runs)
			rec.Rate, rec.Unit = float64(pr.points)/(rec.MedianNS/1e9), "points/s"
			rec.Check, rec.CheckValue = "bits_equal_one_thread", boolValue(same)
			s.add(rec)
			if base == 0 {
				base = rec.MedianNS
			}
			s.printf("| %dD N=%d %s | %d | %.1f | %.2f | %v |\n", len(pr.modes), pr.points, shape(pr.modes), threads, rec.MedianNS/1e6, base/rec.MedianNS, same)
			if !same {
				return fmt.Errorf("threads=%d changed the bits of the %dD transform", threads, len(pr.modes))
			}
			if all == 1 {
				break
			}
		}
	}
	return nil
}

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

// spreadThroughput times spreading alone, one thread, for every dimension,
// tolerance and implementation, and checks each implementation's grid
// against the generic one bit for bit.
func (s *suite) spreadThroughput() error {
	isas := cpu.Available()
	s.printf("\n## Spreading (Type-1 gridding alone), one thread\n\nPoints per second per core; every SIMD figure is checked in the same run to give the generic grid bit for bit.\n\n| dims | points | tol | width |")
	for _, isa := range isas {
		s.printf(" %s |", isa)
	}
	for _, isa := range isas[1:] {
		s.printf(" %s/generic |", isa)
	}
	s.printf("\n|---|---|---|---|")
	for range 2*len(isas) - 1 {
		s.printf("---|")
	}
	s.printf("\n")
	for _, size := range spreadSizes {
		dims := len(size.modes)
		coords := randomCoords(s.rng, dims, size.points)
		c := randomStrengths(s.rng, size.points)
		for _, tol := range nufftTols {
			progress("spread %dD tol %g", dims, tol)
			grid, kernels := make([]int, dims), make([]spread.Kernel, dims)
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
			var rates []float64
			var want []complex128
			for _, isa := range isas {
				g := make([]complex128, p.GridLen())
				var runs []time.Duration
				err := withISA(isa, func() error {
					var err error
					runs, err = s.cfg.runs(func() error { return p.Spread(g, c) })
					return err
				})
				if err != nil {
					return err
				}
				if want == nil {
					want = g
				}
				same := sameBits(want, g)
				if !same {
					return fmt.Errorf("spread %dD tol %g: the %s grid differs from generic", dims, tol, isa)
				}
				rec := newRecord("spread", fmt.Sprintf("%dd/N=%d/grid=%s/tol=%g", dims, size.points, shape(grid), tol), isa.String(), 1,
					map[string]float64{"dims": float64(dims), "N": float64(size.points), "tol": tol, "width": float64(kernels[0].Width())}, runs)
				rec.Rate, rec.Unit = float64(size.points)/(rec.MedianNS/1e9), "points/s"
				rec.Check, rec.CheckValue = "bits_equal_generic", boolValue(same)
				s.add(rec)
				rates = append(rates, rec.Rate)
			}
			s.printf("| %d | %d | %.0e | %d |", dims, size.points, tol, kernels[0].Width())
			for _, r := range rates {
				s.printf(" %.3g |", r)
			}
			for _, r := range rates[1:] {
				s.printf(" %.2f |", r/rates[0])
			}
			s.printf("\n")
		}
	}
	return nil
}

func prod(xs []int) int {
	p := 1
	for _, x := range xs {
		p *= x
	}
	return p
}

func floatsToInts(params map[string]float64, prefix string, n int) []int {
	out := make([]int, n)
	for d := range out {
		out[d] = int(params[fmt.Sprintf("%s%d", prefix, d)])
	}
	return out
}
