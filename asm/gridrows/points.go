package gridrows

import (
	"fmt"

	"github.com/numkern/numkern/internal/cpu"
)

type (
	spreadPointsKernel = func(grid []complex128, start []int, w []float64, c []complex128, width int)
	dotPointsKernel    = func(grid []complex128, start []int, w []float64, out []complex128, width int)
)

// The point kernels this build has, indexed by cpu.ISA; generated files
// fill in the assembly ones at init.
var (
	spreadPointsKernels = [cpu.NEON + 1]spreadPointsKernel{cpu.Generic: spreadPointsGeneric}
	dotPointsKernels    = [cpu.NEON + 1]dotPointsKernel{cpu.Generic: dotPointsGeneric}
)

// SpreadPoints adds a run of points with one row each — 1D gridding — in
// one call: point k (k < len(c)) has the width = len(w)/len(c) taps
// w[k·width : (k+1)·width], its first tap at grid[start[k]], and strength
// c[k]. It does, in order of k, exactly what
//
//	SpreadRows(grid, start[k:k+1], []float64{1}, w[k·width:(k+1)·width], real(c[k]), imag(c[k]))
//
// does (c·1 is c exactly), without the per-call work of one call per point:
//
//	for k, v := range c {
//		row := grid[start[k] : start[k]+width]
//		for t, wt := range w[k*width : (k+1)*width] {
//			g := row[t]
//			row[t] = complex(math.FMA(real(v), wt, real(g)), math.FMA(imag(v), wt, imag(g)))
//		}
//	}
//
// It panics unless len(start) = len(c), len(w) is a multiple of len(c) and
// every row lies inside grid.
func SpreadPoints(grid []complex128, start []int, w []float64, c []complex128) {
	k := spreadPointsKernels[cpu.Selected()]
	if k == nil {
		k = spreadPointsGeneric
	}
	spreadPointsWith(k, grid, start, w, c)
}

// spreadPointsWith is SpreadPoints with the kernel k.
func spreadPointsWith(k spreadPointsKernel, grid []complex128, start []int, w []float64, c []complex128) {
	if width := checkPoints(len(grid), start, w, len(c)); width > 0 {
		k(grid, start, w, c, width)
	}
}

// DotPoints sets out[k] to the kernel-weighted sum of the grid around each
// point of a run, the adjoint of SpreadPoints: exactly
// DotRows(grid, start[k:k+1], []float64{1}, w[k·width:(k+1)·width]), whose
// FMA(1, rowsum, 0) is rowsum + 0. It panics unless len(start) =
// len(out), len(w) is a multiple of len(out) and every row lies inside
// grid.
func DotPoints(grid []complex128, start []int, w []float64, out []complex128) {
	k := dotPointsKernels[cpu.Selected()]
	if k == nil {
		k = dotPointsGeneric
	}
	dotPointsWith(k, grid, start, w, out)
}

// dotPointsWith is DotPoints with the kernel k.
func dotPointsWith(k dotPointsKernel, grid []complex128, start []int, w []float64, out []complex128) {
	width := checkPoints(len(grid), start, w, len(out))
	if width == 0 {
		// No taps: every sum is FMA(1, 0, 0) = +0.
		clear(out)
		return
	}
	k(grid, start, w, out, width)
}

// checkPoints panics unless the run is well formed, and returns the width
// of its rows (0 for no points).
func checkPoints(gridLen int, start []int, w []float64, n int) int {
	if len(start) != n {
		panic(fmt.Sprintf("gridrows: %d starts for %d points", len(start), n))
	}
	if n == 0 {
		if len(w) != 0 {
			panic(fmt.Sprintf("gridrows: %d weights for no points", len(w)))
		}
		return 0
	}
	width := len(w) / n
	if width*n != len(w) {
		panic(fmt.Sprintf("gridrows: %d weights for %d points", len(w), n))
	}
	for _, o := range start {
		if o < 0 || o > gridLen-width {
			panic(fmt.Sprintf("gridrows: row at %d with %d taps outside a grid of %d", o, width, gridLen))
		}
	}
	return width
}

// PointImplementations returns, by ISA, the implementations of
// SpreadPoints and DotPoints that can run on this machine: tests and
// benchmarks compare them.
func PointImplementations() map[cpu.ISA]struct {
	Spread func(grid []complex128, start []int, w []float64, c []complex128)
	Dot    func(grid []complex128, start []int, w []float64, out []complex128)
} {
	type pair = struct {
		Spread func(grid []complex128, start []int, w []float64, c []complex128)
		Dot    func(grid []complex128, start []int, w []float64, out []complex128)
	}
	m := map[cpu.ISA]pair{}
	for _, isa := range cpu.Available() {
		sk, dk := spreadPointsKernels[isa], dotPointsKernels[isa]
		if sk == nil || dk == nil {
			continue
		}
		m[isa] = pair{
			Spread: func(grid []complex128, start []int, w []float64, c []complex128) {
				spreadPointsWith(sk, grid, start, w, c)
			},
			Dot: func(grid []complex128, start []int, w []float64, out []complex128) {
				dotPointsWith(dk, grid, start, w, out)
			},
		}
	}
	return m
}
