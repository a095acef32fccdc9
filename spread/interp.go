package spread

import "math"

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
	p.work.run(p.numWorkers(), p.work.interpBody, grid, c)
	return nil
}

// interpPart is worker s's share of Interpolate: the s-th of n equal runs
// of sorted points. Results are written to the caller's order a block at a
// time, since those writes are scattered in memory.
func (p *Plan) interpPart(s int) {
	c, grid, w := p.work.c, p.work.grid, p.work.scratch[s]
	n := len(p.perm)
	start, end := n*s/p.work.n, n*(s+1)/p.work.n
	for block := start; block < end; block += gatherBlock {
		values := w.strength[:min(gatherBlock, end-block)]
		p.blockWeights(block, len(values), w)
		for k := range values {
			pt := p.point(block+k, k, w)
			switch p.dims {
			case 1:
				values[k] = dotWrapped(grid, pt.first[0], pt.w[0])
			case 2:
				values[k] = p.interpPoint2(grid, &pt)
			default:
				values[k] = p.interpPoint3(grid, &pt)
			}
		}
		for k, v := range values {
			c[p.perm[block+k]] = v
		}
	}
}

func (p *Plan) interpPoint2(grid []complex128, pt *point) complex128 {
	g0, g1 := p.grid[0], p.grid[1]
	var re, im float64
	row := wrap(pt.first[1], g1)
	for _, wv := range pt.w[1] {
		v := dotWrapped(grid[row*g0:(row+1)*g0], pt.first[0], pt.w[0])
		re = math.FMA(wv, real(v), re)
		im = math.FMA(wv, imag(v), im)
		if row++; row == g1 {
			row = 0
		}
	}
	return complex(re, im)
}

func (p *Plan) interpPoint3(grid []complex128, pt *point) complex128 {
	g0, g1, g2 := p.grid[0], p.grid[1], p.grid[2]
	var re, im float64
	plane := wrap(pt.first[2], g2)
	for _, wPlane := range pt.w[2] {
		row := wrap(pt.first[1], g1)
		for _, wRow := range pt.w[1] {
			a := float64(wRow * wPlane)
			at := (plane*g1 + row) * g0
			v := dotWrapped(grid[at:at+g0], pt.first[0], pt.w[0])
			re = math.FMA(a, real(v), re)
			im = math.FMA(a, imag(v), im)
			if row++; row == g1 {
				row = 0
			}
		}
		if plane++; plane == g2 {
			plane = 0
		}
	}
	return complex(re, im)
}

// dotWrapped returns Σ_t w[t]·row[(first+t) mod len(row)], accumulated in
// four partial sums by t mod 4 and combined as (s0+s1)+(s2+s3): the order a
// SIMD kernel with four complex lanes produces, fixed here for all of them.
func dotWrapped(row []complex128, first int, w []float64) complex128 {
	g := len(row)
	if first >= 0 && first+len(w) <= g {
		return dotTaps(row[first:first+len(w)], w)
	}
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

// dotTaps is dotWrapped for taps that do not cross the edge: the innermost
// loop of interpolation.
func dotTaps(src []complex128, w []float64) complex128 {
	src = src[:len(w)]
	var re, im [4]float64
	for t, wt := range w {
		v := src[t]
		re[t&3] = math.FMA(wt, real(v), re[t&3])
		im[t&3] = math.FMA(wt, imag(v), im[t&3])
	}
	return complex((re[0]+re[1])+(re[2]+re[3]), (im[0]+im[1])+(im[2]+im[3]))
}
