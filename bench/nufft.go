package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/numkern/numkern/fft"
	"github.com/numkern/numkern/nufft"
	"github.com/numkern/numkern/spread"
)

// nufftSize is one problem size of the suite.
type nufftSize struct {
	points int
	modes  []int
}

// nufftSizes are the default problems: the 1D case N = M = 10^6, and
// 2D and 3D sizes that keep the whole suite within two minutes in pure Go.
var nufftSizes = []nufftSize{
	{1_000_000, []int{1_000_000}},
	{250_000, []int{500, 500}},
	{100_000, []int{40, 40, 40}},
}

var nufftTols = []float64{1e-3, 1e-6, 1e-9, 1e-12}

// samples is how many outputs are checked against the direct sum.
const samples = 24

func runNUFFT(w io.Writer, cfg timing) error {
	fmt.Fprintf(w, "\n## NUFFT\n\nTime is the median of `Execute` (points set once); error is the relative l2 error against `nufft.DirectAt` on %d sampled outputs. Sign +1, centered modes, one thread.\n", samples)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range nufftSizes {
		fmt.Fprintf(w, "\n### %dD: N = %d points, modes %s\n\n", len(size.modes), size.points, shape(size.modes))
		fmt.Fprintf(w, "| type | tol | fine grid | kernel width | error | error/tol | time (ms) | points/s |\n|---|---|---|---|---|---|---|---|\n")
		coords := make([][]float64, len(size.modes))
		for d := range coords {
			coords[d] = make([]float64, size.points)
			for j := range coords[d] {
				coords[d][j] = (rng.Float64()*2 - 1) * math.Pi
			}
		}
		nmode := 1
		for _, m := range size.modes {
			nmode *= m
		}
		for _, typ := range []nufft.Type{nufft.Type1, nufft.Type2} {
			for _, tol := range nufftTols {
				progress("nufft %dD %v tol %g", len(size.modes), typ, tol)
				res, err := measureNUFFT(typ, size.modes, coords, nmode, tol, cfg, rng)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "| %d | %.0e | %s | %d | %.2e | %.3f | %.1f | %.3g |\n", int(typ), tol, shape(res.fine), res.width,
					res.err, res.err/tol, ms(res.time), float64(size.points)/res.time.Seconds())
			}
		}
	}
	return runBreakdown(w, cfg, rng)
}

type nufftResult struct {
	fine  []int
	width int
	err   float64
	time  time.Duration
}

func measureNUFFT(typ nufft.Type, modes []int, coords [][]float64, nmode int, tol float64, cfg timing, rng *rand.Rand) (nufftResult, error) {
	opts := &nufft.Options{Tol: tol, Threads: 1}
	plan, err := nufft.NewPlan(typ, modes, opts)
	if err != nil {
		return nufftResult{}, err
	}
	if err := plan.SetPoints(coords...); err != nil {
		return nufftResult{}, err
	}
	n := len(coords[0])
	c, f := make([]complex128, n), make([]complex128, nmode)
	in, out := c, f
	if typ == nufft.Type2 {
		in, out = f, c
	}
	for i := range in {
		in[i] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	elapsed, err := cfg.median(func() error { return plan.Execute(c, f) })
	if err != nil {
		return nufftResult{}, err
	}
	relErr, err := sampledError(typ, modes, coords, in, out, opts, rng)
	if err != nil {
		return nufftResult{}, err
	}
	return nufftResult{fine: plan.FineGrid(), width: plan.Kernels()[0].Width(), err: relErr, time: elapsed}, nil
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

// runBreakdown times the stages of the 1D Type-1 transform at Tol 1e-6,
// rebuilding them from the public spread and fft packages with the plan's own
// grid and kernel.
func runBreakdown(w io.Writer, cfg timing, rng *rand.Rand) error {
	const n = 1_000_000
	progress("breakdown of 1D type 1, N = M = %d", n)
	x := make([]float64, n)
	for j := range x {
		x[j] = (rng.Float64()*2 - 1) * math.Pi
	}
	c := make([]complex128, n)
	for j := range c {
		c[j] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	plan, err := nufft.NewPlan(nufft.Type1, []int{n}, &nufft.Options{Tol: 1e-6, Threads: 1})
	if err != nil {
		return err
	}
	setStart := time.Now()
	if err := plan.SetPoints(x); err != nil {
		return err
	}
	setPoints := time.Since(setStart)
	f := make([]complex128, n)
	total, err := cfg.median(func() error { return plan.Execute(c, f) })
	if err != nil {
		return err
	}
	sp, err := spread.NewPlan(plan.FineGrid(), plan.Kernels())
	if err != nil {
		return err
	}
	if err := sp.SetThreads(1); err != nil {
		return err
	}
	if err := sp.SetPoints(x); err != nil {
		return err
	}
	grid := make([]complex128, sp.GridLen())
	spreadTime, err := cfg.median(func() error { return sp.Spread(grid, c) })
	if err != nil {
		return err
	}
	fp, err := fft.NewPlanND(plan.FineGrid()...)
	if err != nil {
		return err
	}
	fftTime, err := cfg.median(func() error { return fp.Backward(grid, grid) })
	if err != nil {
		return err
	}
	rest := max(total-spreadTime-fftTime, 0)
	fmt.Fprintf(w, "\n### 1D Type 1, N = M = 10^6, Tol 1e-6, one thread: where the time goes\n\n")
	fmt.Fprintf(w, "| stage | time (ms) |\n|---|---|\n")
	fmt.Fprintf(w, "| SetPoints (reduce, sort; once per point set) | %.1f |\n", ms(setPoints))
	fmt.Fprintf(w, "| spread | %.1f |\n| FFT (%s) | %.1f |\n| deconvolve and copy (the rest) | %.1f |\n| **Execute** | **%.1f** |\n",
		ms(spreadTime), shape(plan.FineGrid()), ms(fftTime), ms(rest), ms(total))
	return nil
}

func shape(dims []int) string {
	s := ""
	for i, d := range dims {
		if i > 0 {
			s += "×"
		}
		s += fmt.Sprint(d)
	}
	return s
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

func sqAbs(z complex128) float64 { return real(z)*real(z) + imag(z)*imag(z) }
