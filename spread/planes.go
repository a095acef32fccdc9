package spread

import (
	"math"

	"github.com/numkern/numkern/asm/gridrows"
)

// 3D spreading, plane by plane.
//
// A 3D point at tolerance 1e-6 touches 14 planes × 14 rows × 14 taps, about
// 44 KiB of grid: spreading one point at a time streams every row through
// the first-level cache once per point. Spreading the points of a bin one
// plane at a time instead (gridrows.SpreadPlanes) keeps the bin's rows of
// that plane, about 10 KiB, in the cache while every point adds its rows
// there. The order of the planes does not matter, and within a plane the
// points come in sorted order, so every node receives exactly the
// operations, in exactly the order, of spreading point by point.
//
// A bin whose taps wrap around the grid along dimension 0 or 1 (near the
// grid's edges) is spread into a copy of its region, unwrapped: the region
// is copied out of the grid, spread into, and copied back, which again
// leaves every node's operations unchanged. Only a bin whose
// taps would reach the same node twice from one region (a grid smaller
// than a bin plus a kernel) goes point by point.

// planeByPlane enables plane-by-plane spreading; tests turn it off to
// compare with point-by-point spreading.
var planeByPlane = true

// spreadOuterBin3D spreads the points of outer bin b into the slab of
// planes [lo, hi), bin by bin.
func (p *Plan) spreadOuterBin3D(grid []complex128, b int, w *scratch, lo, hi int) {
	inner := p.nbins[0] * p.nbins[1]
	for bin := b * inner; bin < (b+1)*inner; bin++ {
		from := 0
		if bin > 0 {
			from = int(p.binEnd[bin-1])
		}
		for chunk := from; chunk < int(p.binEnd[bin]); chunk += gatherBlock {
			p.spreadChunk3D(grid, chunk, min(chunk+gatherBlock, int(p.binEnd[bin])), w, lo, hi)
		}
	}
}

// spreadChunk3D spreads the sorted points [from, to), all of one bin, into
// the slab of planes [lo, hi).
func (p *Plan) spreadChunk3D(grid []complex128, from, to int, w *scratch, lo, hi int) {
	n := to - from
	p.blockWeights(from, n, w)
	strength := p.sorted[from:to]
	// The region the chunk's taps cover, [rlo[d], rhi[d]) per dimension,
	// in grid indices that may lie outside [0, G_d).
	var rlo, rhi [3]int
	for d := range 3 {
		rlo[d], rhi[d] = math.MaxInt, math.MinInt
		base, shift := p.base[d][from:to], p.kernels[d].HalfWidth-1
		for _, m := range base {
			rlo[d] = min(rlo[d], int(m)-shift)
			rhi[d] = max(rhi[d], int(m)-shift)
		}
		rhi[d] += p.kernels[d].Width()
	}
	fits := planeByPlane
	for d := range 3 {
		fits = fits && rhi[d]-rlo[d] <= p.grid[d]
	}
	if !fits {
		var pt point
		for k, v := range strength {
			p.point(&pt, from+k, k, w)
			p.spreadPoint(grid, &pt, w, v, lo, hi)
		}
		return
	}
	g0, g1 := p.grid[0], p.grid[1]
	wrapped := rlo[0] < 0 || rhi[0] > g0 || rlo[1] < 0 || rhi[1] > g1
	// Each point's first plane, and where its first row starts in a plane:
	// of the grid, or of the region's copy if it wraps. The copy's rows
	// are e0 nodes wide and a multiple of four apart (regionStride), as
	// the AVX-512 kernel wants them.
	stride, x0, y0 := g0, 0, 0
	e0 := rhi[0] - rlo[0]
	if wrapped {
		stride, x0, y0 = regionStride(e0), rlo[0], rlo[1]
	}
	first, start := w.first2[:n], w.start[:n]
	for k := range n {
		i := from + k
		first[k] = int(p.base[2][i]) - (p.kernels[2].HalfWidth - 1)
		y := int(p.base[1][i]) - (p.kernels[1].HalfWidth - 1) - y0
		x := int(p.base[0][i]) - (p.kernels[0].HalfWidth - 1) - x0
		start[k] = y*stride + x
	}
	w0 := w.weights[0][:n*p.kernels[0].Width()]
	w1 := w.weights[1][:n*p.kernels[1].Width()]
	w2 := w.weights[2][:n*p.kernels[2].Width()]
	planeSize := g0 * g1
	// Where each plane of the region starts, in the grid or in the copy;
	// -1 for planes outside the slab.
	planes := w.planes[:rhi[2]-rlo[2]]
	for i := range planes {
		planes[i] = -1
		if plane := wrap(rlo[2]+i, p.grid[2]); plane >= lo && plane < hi {
			planes[i] = plane * planeSize
		}
	}
	if !wrapped {
		gridrows.SpreadPlanes(grid, planes, rlo[2], stride, first, start, w0, w1, w2, strength)
		return
	}
	e1 := rhi[1] - rlo[1]
	regionSize := stride * e1
	region := w.region[:regionSize*len(planes)]
	for i, o := range planes {
		if o >= 0 {
			copyRegion(region[i*regionSize:(i+1)*regionSize], grid[o:o+planeSize], g0, g1, rlo[0], rlo[1], e0, stride, true)
			planes[i] = i * regionSize
		}
	}
	gridrows.SpreadPlanes(region, planes, rlo[2], stride, first, start, w0, w1, w2, strength)
	for i, o := range planes {
		if o >= 0 {
			plane := wrap(rlo[2]+i, p.grid[2])
			copyRegion(region[o:o+regionSize], grid[plane*planeSize:(plane+1)*planeSize], g0, g1, rlo[0], rlo[1], e0, stride, false)
		}
	}
}

// regionStride is the row stride of a region copy e0 nodes wide: e0
// rounded up to a multiple of four, so that every row of a point starts at
// the same lane of a 64-byte block (gridrows.SpreadPlanes takes the
// AVX-512 kernel then).
func regionStride(e0 int) int { return (e0 + 3) &^ 3 }

// copyRegion copies between region, rows of e0 nodes stride apart, and the
// nodes (x0+i, y0+j) of the periodic g0 × g1 plane, indices taken modulo
// the plane's sizes: into region if in, else back into the plane. e0 ≤ g0
// and the region's rows ≤ g1, so no plane node appears twice.
func copyRegion(region, plane []complex128, g0, g1, x0, y0, e0, stride int, in bool) {
	x := wrap(x0, g0)
	split := min(e0, g0-x) // region columns [0, split) are plane columns [x, x+split)
	y := wrap(y0, g1)
	for o := 0; o+e0 <= len(region); o += stride {
		row := plane[y*g0 : (y+1)*g0]
		r := region[o : o+e0]
		if in {
			copy(r, row[x:x+split])
			copy(r[split:], row)
		} else {
			copy(row[x:x+split], r)
			copy(row, r[split:])
		}
		if y++; y == g1 {
			y = 0
		}
	}
}
