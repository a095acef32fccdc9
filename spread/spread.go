package spread

import (
	"fmt"
	"math"

	"github.com/numkern/numkern/asm/gaussw"
	"github.com/numkern/numkern/asm/gridrows"
)

// Spread sets grid to the periodic sum of the points' strengths times the
// kernel: for every node m,
//
//	grid[m] = Σ_j c[j] · Π_d w(t_jd - m_d)   (distances taken modulo the grid)
//
// where w(d) = e^{-α d²} over the 2K nodes nearest each point. c holds one
// strength per point, in the order the points were given to SetPoints; grid
// has GridLen() elements and is overwritten. Each node accumulates its
// contributions in the plan's sorted point order.
func (p *Plan) Spread(grid, c []complex128) error {
	if err := p.checkArgs(grid, c); err != nil {
		return err
	}
	n := p.numWorkers()
	p.gatherStrengths(n, grid, c)
	p.planSlabs(n)
	p.work.run(n, p.work.spreadBody, grid, c)
	return nil
}

func (p *Plan) checkArgs(grid, c []complex128) error {
	if !p.havePoints {
		return errNoPoints
	}
	if len(c) != len(p.perm) {
		return fmt.Errorf("spread: %d strengths for %d points", len(c), len(p.perm))
	}
	if len(grid) != p.GridLen() {
		return fmt.Errorf("spread: grid slice has length %d, want %d", len(grid), p.GridLen())
	}
	return nil
}

// spreadSlab is worker s's share of Spread: it zeroes its slab of the grid
// and spreads into it every point that reaches it, in sorted order.
func (p *Plan) spreadSlab(s int) {
	grid, w := p.work.grid, p.work.scratch[s]
	lo, hi := p.slab(s)
	slabSize := len(grid) / p.grid[p.dims-1]
	clear(grid[lo*slabSize : hi*slabSize])
	if lo == hi {
		return
	}
	outer := p.dims - 1
	for b := range p.nbins[outer] {
		if !p.outerBinReaches(b, lo, hi) {
			continue
		}
		if p.dims == 3 {
			p.spreadOuterBin3D(grid, b, w, lo, hi)
			continue
		}
		end := len(p.perm)
		if b+1 < p.nbins[outer] {
			end = p.outerBinStart(b + 1)
		}
		var pt point
		for block := p.outerBinStart(b); block < end; block += gatherBlock {
			strength := p.sorted[block:min(block+gatherBlock, end)]
			p.blockWeights(block, len(strength), w)
			if p.dims == 1 {
				p.spreadBlock1D(grid, block, strength, w, lo, hi)
				continue
			}
			for k, v := range strength {
				p.point(&pt, block+k, k, w)
				p.spreadPoint(grid, &pt, w, v, lo, hi)
			}
		}
	}
}

// spreadBlock1D spreads the block of 1D points starting at sorted point
// block, with strengths strength and weights in w, into the slab [lo, hi):
// the runs of points whose taps lie inside the slab with one
// gridrows.SpreadPoints call each, the others (clipped to the slab, or
// wrapping around the grid) one by one, all in sorted order, so every node
// accumulates as with one call per point.
func (p *Plan) spreadBlock1D(grid []complex128, block int, strength []complex128, w *scratch, lo, hi int) {
	width := p.kernels[0].Width()
	shift := p.kernels[0].HalfWidth - 1
	base := p.base[0][block : block+len(strength)]
	start := w.start[:len(strength)]
	run := 0 // the first point of the current run
	flush := func(end int) {
		if end > run {
			gridrows.SpreadPoints(grid, start[run:end], w.weights[0][run*width:end*width], strength[run:end])
		}
	}
	var pt point
	for k, b := range base {
		first := int(b) - shift
		start[k] = first
		if first >= lo && first+width <= hi {
			continue
		}
		flush(k)
		run = k + 1
		p.point(&pt, block+k, k, w)
		p.spreadPoint(grid, &pt, w, strength[k], lo, hi)
	}
	flush(len(strength))
}

// point is one point's kernel: the grid index of its first node per
// dimension (possibly negative) and its weights per dimension.
type point struct {
	first [MaxDims]int
	w     [MaxDims][]float64
}

// blockWeights computes the weights of the count sorted points from start
// into w.weights, one call per dimension: gaussw.Weights vectorises them
// across points (the E1·E2^i·E3[i] recurrence of the package comment).
func (p *Plan) blockWeights(start, count int, w *scratch) {
	for d := range p.dims {
		k := p.kernels[d]
		gaussw.Weights(w.weights[d][:count*k.Width()], p.frac[d][start:start+count], k.Alpha, float64(2*k.HalfWidth-2), p.e3[d])
	}
}

// point sets pt to sorted point i, the k-th of the block in w. It fills pt
// in place rather than returning it: copying the returned struct reloaded
// it with wider loads than the stores that wrote it, which defeats store
// forwarding (measured: ~20 ns per point, a third of the 1D spreading time).
func (p *Plan) point(pt *point, i, k int, w *scratch) {
	for d := range p.dims {
		width := p.kernels[d].Width()
		pt.first[d] = int(p.base[d][i]) - (p.kernels[d].HalfWidth - 1)
		pt.w[d] = w.weights[d][k*width : (k+1)*width]
	}
}

// rows lists the rows of point pt's kernel that lie in the slab [lo, hi) of
// the outermost dimension (in 1D, the single row): where its first tap
// would be (the row's start plus pt.first[0], which may leave the row when
// the taps wrap) and the row's weight: 1 in 1D, w1[t1] in 2D and
// w1[t1]·w2[t2] in 3D, in the order t2 major, t1 minor.
func (p *Plan) rows(pt *point, w *scratch, lo, hi int) (off []int, rw []float64) {
	off, rw = w.rowOff[:0], w.rowWeight[:0]
	g0, g1 := p.grid[0], p.grid[1]
	switch p.dims {
	case 1:
		return append(off, pt.first[0]), append(rw, 1)
	case 2:
		if row, w1 := pt.first[1], pt.w[1]; row >= lo && row+len(w1) <= hi {
			// The common case: every row in the slab, none wrapping; the row
			// weights are the point's weights along dimension 1.
			off = off[:len(w1)]
			o := row*g0 + pt.first[0]
			for r := range off {
				off[r] = o
				o += g0
			}
			return off, w1
		}
		row := wrap(pt.first[1], g1)
		for _, w1 := range pt.w[1] {
			if row >= lo && row < hi {
				off, rw = append(off, row*g0+pt.first[0]), append(rw, w1)
			}
			if row++; row == g1 {
				row = 0
			}
		}
	default:
		g2 := p.grid[2]
		plane := wrap(pt.first[2], g2)
		w1s := pt.w[1]
		inner := pt.first[1] >= 0 && pt.first[1]+len(w1s) <= g1 // no row wraps
		for _, w2 := range pt.w[2] {
			if plane >= lo && plane < hi {
				if inner {
					o := (plane*g1+pt.first[1])*g0 + pt.first[0]
					n := len(off)
					off, rw = off[:n+len(w1s)], rw[:n+len(w1s)]
					po, prw := off[n:], rw[n:]
					for r, w1 := range w1s {
						po[r] = o
						prw[r] = float64(w1 * w2)
						o += g0
					}
				} else {
					row := wrap(pt.first[1], g1)
					for _, w1 := range w1s {
						off = append(off, (plane*g1+row)*g0+pt.first[0])
						rw = append(rw, float64(w1*w2))
						if row++; row == g1 {
							row = 0
						}
					}
				}
			}
			if plane++; plane == g2 {
				plane = 0
			}
		}
	}
	return off, rw
}

// spreadPoint spreads one point of strength v into the slab [lo, hi). Its
// rows go to gridrows.SpreadRows in one call, or two when its taps cross
// the periodic edge of dimension 0; in 1D, a point clipped by the slab's
// edge takes the same operations through addClipped.
func (p *Plan) spreadPoint(grid []complex128, pt *point, w *scratch, v complex128, lo, hi int) {
	off, rw := p.rows(pt, w, lo, hi)
	g0, first, w0 := p.grid[0], pt.first[0], pt.w[0]
	inner := first >= 0 && first+len(w0) <= g0
	if p.dims == 1 {
		inner = inner && first >= lo && first+len(w0) <= hi
	}
	if inner {
		gridrows.SpreadRows(grid, off, rw, w0, real(v), imag(v))
		return
	}
	if p.dims > 1 && len(w0) <= g0 {
		// The taps cross the periodic edge of dimension 0: two calls, for
		// taps [0, split) and [split, len(w0)), each row of a call moved
		// from off[r] = start + first by dA and dB. Each node still gets
		// its one FMA of the point.
		var split, dA, dB int
		if first < 0 {
			split, dA, dB = -first, g0, -first // [0, split) at the row ends
		} else {
			split, dA, dB = g0-first, 0, -first // [split, …) at the row starts
		}
		for r := range off {
			off[r] += dA
		}
		gridrows.SpreadRows(grid, off, rw, w0[:split], real(v), imag(v))
		for r := range off {
			off[r] += dB - dA
		}
		gridrows.SpreadRows(grid, off, rw, w0[split:], real(v), imag(v))
		return
	}
	rowLo, rowHi := 0, g0
	if p.dims == 1 {
		rowLo, rowHi = lo, hi
	}
	for r, o := range off {
		start := o - first
		re, im := float64(real(v)*rw[r]), float64(imag(v)*rw[r])
		addClipped(grid[start:start+g0], first, w0, re, im, rowLo, rowHi)
	}
}

// addWrapped adds (re + i·im)·w[t] to row[(first+t) mod len(row)] for every
// t, splitting the taps where they cross the periodic edge, so the inner loop
// (addTaps) has no modulo. first ≥ -len(w) and len(w) ≤ len(row).
func addWrapped(row []complex128, first int, w []float64, re, im float64) {
	g := len(row)
	switch {
	case first < 0:
		addTaps(row[g+first:], w[:-first], re, im)
		addTaps(row, w[-first:], re, im)
	case first+len(w) > g:
		addTaps(row[first:], w[:g-first], re, im)
		addTaps(row, w[g-first:], re, im)
	default:
		addTaps(row[first:], w, re, im)
	}
}

// addClipped is addWrapped restricted to the nodes [lo, hi) of row.
func addClipped(row []complex128, first int, w []float64, re, im float64, lo, hi int) {
	g := len(row)
	if lo == 0 && hi == g {
		addWrapped(row, first, w, re, im)
		return
	}
	// The taps as at most two runs: taps [0, split) start at node start0,
	// taps [split, len(w)) at node start1.
	start0, split, start1 := first, len(w), 0
	switch {
	case first < 0:
		start0, split = g+first, -first
	case first+len(w) > g:
		split = g - first
	}
	addRun(row, start0, w[:split], re, im, lo, hi)
	addRun(row, start1, w[split:], re, im, lo, hi)
}

// addRun adds the taps w to the nodes start, start+1, … that lie in [lo, hi).
func addRun(row []complex128, start int, w []float64, re, im float64, lo, hi int) {
	from, to := max(start, lo), min(start+len(w), hi)
	if from < to {
		addTaps(row[from:to], w[from-start:to-start], re, im)
	}
}

// addTaps adds (re + i·im)·w[t] to dst[t] with one fused multiply-add per
// component: the innermost loop of spreading.
func addTaps(dst []complex128, w []float64, re, im float64) {
	dst = dst[:len(w)]
	for t, wt := range w {
		d := dst[t]
		dst[t] = complex(math.FMA(re, wt, real(d)), math.FMA(im, wt, imag(d)))
	}
}

// wrap maps a grid index in [-g, 2g) into [0, g).
func wrap(m, g int) int {
	if m < 0 {
		return m + g
	}
	if m >= g {
		return m - g
	}
	return m
}
