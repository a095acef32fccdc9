package gridrows

import (
	"fmt"

	"github.com/numkern/numkern/internal/cpu"
)

type spreadPlaneKernel = func(grid []complex128, stride, z int, first, start []int, w0, w1, w2 []float64, c []complex128, width0, width1, width2 int)

// The plane kernels this build has, indexed by cpu.ISA; generated files
// fill in the assembly ones at init.
var spreadPlaneKernels = [cpu.NEON + 1]spreadPlaneKernel{cpu.Generic: spreadPlaneGeneric}

// SpreadPlanes adds to planes of a 3D grid what a run of points
// contributes there: 3D spreading turned inside out, plane by plane, so
// that the rows it updates stay in the first-level cache.
//
// Point k (k < len(c)) has width0 = len(w0)/len(c) taps per row
// (w0[k·width0:…]), width1 = len(w1)/len(c) rows per plane and width2 =
// len(w2)/len(c) planes, the first of them plane first[k]. planes[i] is
// where plane z = z0+i starts in grid, or negative to leave that plane
// out. For each plane, and each point with a row in it, SpreadPlanes adds
// the point's rows there, the first tap of row r at grid[planes[i] +
// start[k] + r·stride], with row weight float64(w1[r]·w2[z-first[k]]),
// exactly as SpreadRows does (the same rounded products, one fused
// multiply-add per component):
//
//	for i, base := range planes {
//		z := z0 + i
//		for k, v := range c {
//			t2 := z - first[k]
//			if base < 0 || t2 < 0 || t2 >= width2 {
//				continue
//			}
//			s, o := w2[k*width2+t2], base+start[k]
//			for _, w1r := range w1[k*width1 : (k+1)*width1] {
//				rw := float64(w1r * s)
//				cr, ci := float64(real(v)*rw), float64(imag(v)*rw)
//				for t, wt := range w0[k*width0 : (k+1)*width0] {
//					g := grid[o+t]
//					grid[o+t] = complex(math.FMA(cr, wt, real(g)), math.FMA(ci, wt, imag(g)))
//				}
//				o += stride
//			}
//		}
//	}
//
// The planes of a call must not overlap. Every node then receives the
// contributions of the points in order of k, as with one SpreadRows call
// per point.
//
// It panics unless len(first) = len(start) = len(c), the weight slices
// hold a whole number of rows per point, stride ≥ 0, and the rows of
// every point (whether it reaches the plane or not) lie inside grid in
// every plane listed.
func SpreadPlanes(grid []complex128, planes []int, z0, stride int, first, start []int, w0, w1, w2 []float64, c []complex128) {
	k := spreadPlaneKernels[cpu.Selected()]
	if k == nil {
		k = spreadPlaneGeneric
	}
	spreadPlanesWith(k, grid, planes, z0, stride, first, start, w0, w1, w2, c)
}

// spreadPlanesWith is SpreadPlanes with the kernel k, which it calls once
// per plane after checking the whole call.
func spreadPlanesWith(k spreadPlaneKernel, grid []complex128, planes []int, z0, stride int, first, start []int, w0, w1, w2 []float64, c []complex128) {
	n := len(c)
	if len(first) != n || len(start) != n {
		panic(fmt.Sprintf("gridrows: %d first planes and %d starts for %d points", len(first), len(start), n))
	}
	if n == 0 {
		if len(w0)+len(w1)+len(w2) != 0 {
			panic("gridrows: weights for no points")
		}
		return
	}
	width0, width1, width2 := len(w0)/n, len(w1)/n, len(w2)/n
	if width0*n != len(w0) || width1*n != len(w1) || width2*n != len(w2) {
		panic(fmt.Sprintf("gridrows: %d, %d and %d weights for %d points", len(w0), len(w1), len(w2), n))
	}
	if stride < 0 {
		panic(fmt.Sprintf("gridrows: row stride %d", stride))
	}
	if width0 == 0 || width1 == 0 {
		return
	}
	// The rows of all points span [lo, hi) relative to a plane's start. A
	// stride beyond the grid fails as len(grid)+1 does, and bounding it
	// keeps the product from overflowing.
	lo, hi := start[0], start[0]
	for _, o := range start {
		lo, hi = min(lo, o), max(hi, o)
	}
	hi += min(stride, len(grid)+1)*(width1-1) + width0
	for _, base := range planes {
		if base >= 0 && (base > len(grid) || lo < -base || hi > len(grid)-base) {
			panic(fmt.Sprintf("gridrows: rows from %d to %d of a plane at %d outside a grid of %d", lo, hi, base, len(grid)))
		}
	}
	for i, base := range planes {
		if base >= 0 {
			k(grid[base:], stride, z0+i, first, start, w0, w1, w2, c, width0, width1, width2)
		}
	}
}

// PlaneImplementations returns, by ISA, the implementations of
// SpreadPlanes that can run on this machine: tests and benchmarks compare
// them.
func PlaneImplementations() map[cpu.ISA]func(grid []complex128, planes []int, z0, stride int, first, start []int, w0, w1, w2 []float64, c []complex128) {
	m := map[cpu.ISA]func(grid []complex128, planes []int, z0, stride int, first, start []int, w0, w1, w2 []float64, c []complex128){}
	for _, isa := range cpu.Available() {
		if k := spreadPlaneKernels[isa]; k != nil {
			m[isa] = func(grid []complex128, planes []int, z0, stride int, first, start []int, w0, w1, w2 []float64, c []complex128) {
				spreadPlanesWith(k, grid, planes, z0, stride, first, start, w0, w1, w2, c)
			}
		}
	}
	return m
}
