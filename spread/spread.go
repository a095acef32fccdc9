package spread

import (
	"fmt"
	"math"
)

// Spread sets grid to the periodic sum of the points' strengths times the
// kernel: for every node m,
//
//	grid[m] = Σ_j c[j] · Π_d w(t_jd - m_d)   (distances taken modulo the grid)
//
// where w(d) = e^{-α d²} over the 2K nodes nearest each point. c holds one
// strength per point, in the order the points were given to SetPoints; grid
// has GridLen() elements and is overwritten.
func (p *Plan) Spread(grid, c []complex128) error {
	if err := p.checkArgs(grid, c); err != nil {
		return err
	}
	clear(grid)
	switch p.dims {
	case 1:
		p.spread1(grid, c)
	case 2:
		p.spread2(grid, c)
	default:
		p.spread3(grid, c)
	}
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

// pointWeights fills p.weight[d] for sorted point i and returns the grid
// index of its first node in each dimension, which may be negative.
func (p *Plan) pointWeights(i int) (first [MaxDims]int) {
	for d := range p.dims {
		k := p.kernels[d]
		weights(p.weight[d], p.frac[d][i], k.Alpha, float64(2*k.HalfWidth-2), p.e3[d])
		first[d] = int(p.base[d][i]) - (k.HalfWidth - 1)
	}
	return first
}

func (p *Plan) spread1(grid, c []complex128) {
	w0 := p.weight[0]
	for i, j := range p.perm {
		first := p.pointWeights(i)
		v := c[j]
		addWrapped(grid, first[0], w0, real(v), imag(v))
	}
}

func (p *Plan) spread2(grid, c []complex128) {
	g0, g1 := p.grid[0], p.grid[1]
	w0, w1 := p.weight[0], p.weight[1]
	for i, j := range p.perm {
		first := p.pointWeights(i)
		v := c[j]
		row := wrap(first[1], g1)
		for _, wv := range w1 {
			re, im := float64(real(v)*wv), float64(imag(v)*wv)
			addWrapped(grid[row*g0:(row+1)*g0], first[0], w0, re, im)
			if row++; row == g1 {
				row = 0
			}
		}
	}
}

func (p *Plan) spread3(grid, c []complex128) {
	g0, g1, g2 := p.grid[0], p.grid[1], p.grid[2]
	w0, w1, w2 := p.weight[0], p.weight[1], p.weight[2]
	for i, j := range p.perm {
		first := p.pointWeights(i)
		v := c[j]
		plane := wrap(first[2], g2)
		for _, wPlane := range w2 {
			row := wrap(first[1], g1)
			for _, wRow := range w1 {
				a := float64(wRow * wPlane)
				re, im := float64(real(v)*a), float64(imag(v)*a)
				at := (plane*g1 + row) * g0
				addWrapped(grid[at:at+g0], first[0], w0, re, im)
				if row++; row == g1 {
					row = 0
				}
			}
			if plane++; plane == g2 {
				plane = 0
			}
		}
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
