package spread

import (
	"math"

	"github.com/numkern/numkern/asm/gridrows"
)

// Interpolate sets c[j], for every point j in the order given to SetPoints,
// to the kernel-weighted sum of the grid around it:
//
//	c[j] = Σ_m grid[m] · Π_d w(t_jd - m_d)
//
// the adjoint of Spread. grid has GridLen() elements and is not modified.
func (p *Plan) Interpolate(c, grid []complex128) error {
	if err := p.checkArgs(grid, c); err != nil {
		return err
	}
	n := p.numWorkers()
	p.work.run(n, p.work.interpBody, grid, c)
	p.scatterResults(n, grid, c)
	return nil
}

// interpPart is worker s's share of Interpolate: the s-th of n equal runs
// of sorted points, whose results go to p.sorted (scattered to the caller's
// order afterwards, in one tight loop).
func (p *Plan) interpPart(s int) {
	grid, w := p.work.grid, p.work.scratch[s]
	n := len(p.perm)
	start, end := n*s/p.work.n, n*(s+1)/p.work.n
	var pt point
	for block := start; block < end; block += gatherBlock {
		values := p.sorted[block:min(block+gatherBlock, end)]
		p.blockWeights(block, len(values), w)
		if p.dims == 1 {
			p.interpBlock1D(grid, block, values, w)
			continue
		}
		for k := range values {
			p.point(&pt, block+k, k, w)
			values[k] = p.interpPoint(grid, &pt, w)
		}
	}
}

// interpBlock1D interpolates the block of 1D points starting at sorted
// point block into values, with the weights in w: the runs of points whose
// taps do not wrap around the grid with one gridrows.DotPoints call each
// (the same sums as DotRows), the others one by one.
func (p *Plan) interpBlock1D(grid []complex128, block int, values []complex128, w *scratch) {
	width := p.kernels[0].Width()
	shift := p.kernels[0].HalfWidth - 1
	base := p.base[0][block : block+len(values)]
	start := w.start[:len(values)]
	run := 0
	flush := func(end int) {
		if end > run {
			gridrows.DotPoints(grid, start[run:end], w.weights[0][run*width:end*width], values[run:end])
		}
	}
	var pt point
	for k, b := range base {
		first := int(b) - shift
		start[k] = first
		if first >= 0 && first+width <= len(grid) {
			continue
		}
		flush(k)
		run = k + 1
		p.point(&pt, block+k, k, w)
		values[k] = p.interpPoint(grid, &pt, w)
	}
	flush(len(values))
}

// interpPoint returns one point's kernel-weighted sum of the grid: its rows
// through gridrows.DotRows in one call, or, when its taps cross the periodic
// edge of dimension 0, the same operations row by row.
func (p *Plan) interpPoint(grid []complex128, pt *point, w *scratch) complex128 {
	g0 := p.grid[0]
	off, rw := p.rows(pt, w, 0, p.grid[p.dims-1])
	first, w0 := pt.first[0], pt.w[0]
	if first >= 0 && first+len(w0) <= g0 {
		return gridrows.DotRows(grid, off, rw, w0)
	}
	var re, im float64
	for r, o := range off {
		start := o - first
		v := dotWrapped(grid[start:start+g0], first, w0)
		re = math.FMA(rw[r], real(v), re)
		im = math.FMA(rw[r], imag(v), im)
	}
	return complex(re, im)
}

// dotWrapped returns Σ_t w[t]·row[(first+t) mod len(row)] for taps that
// wrap around the row, accumulated as gridrows.DotRows accumulates a row:
// four partial sums by t mod 4, combined as (s0+s1)+(s2+s3).
func dotWrapped(row []complex128, first int, w []float64) complex128 {
	g := len(row)
	var re, im [4]float64
	at := wrap(first, g)
	for t, wt := range w {
		v := row[at]
		re[t&3] = math.FMA(wt, real(v), re[t&3])
		im[t&3] = math.FMA(wt, imag(v), im[t&3])
		if at++; at == g {
			at = 0
		}
	}
	return complex((re[0]+re[1])+(re[2]+re[3]), (im[0]+im[1])+(im[2]+im[3]))
}
