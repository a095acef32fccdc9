package gridrows

import "math"

// spreadRowsGeneric is the portable SpreadRows and the specification of the
// assembly: the same operations in the same order.
func spreadRowsGeneric(grid []complex128, off []int, rw, w []float64, re, im float64) {
	for r, o := range off {
		cr, ci := float64(re*rw[r]), float64(im*rw[r])
		row := grid[o : o+len(w) : o+len(w)]
		for t, wt := range w {
			g := row[t]
			row[t] = complex(math.FMA(cr, wt, real(g)), math.FMA(ci, wt, imag(g)))
		}
	}
}

// dotRowsGeneric is the portable DotRows and the specification of the
// assembly.
func dotRowsGeneric(grid []complex128, off []int, rw, w []float64) (accRe, accIm float64) {
	for r, o := range off {
		row := grid[o : o+len(w) : o+len(w)]
		var sr, si [4]float64
		for t, wt := range w {
			g := row[t]
			sr[t&3] = math.FMA(wt, real(g), sr[t&3])
			si[t&3] = math.FMA(wt, imag(g), si[t&3])
		}
		accRe = math.FMA(rw[r], (sr[0]+sr[1])+(sr[2]+sr[3]), accRe)
		accIm = math.FMA(rw[r], (si[0]+si[1])+(si[2]+si[3]), accIm)
	}
	return accRe, accIm
}

// spreadPointsGeneric is the portable SpreadPoints and the specification
// of its assembly.
func spreadPointsGeneric(grid []complex128, start []int, w []float64, c []complex128, width int) {
	for k, v := range c {
		o := start[k]
		row := grid[o : o+width : o+width]
		re, im := real(v), imag(v)
		for t, wt := range w[k*width : (k+1)*width] {
			g := row[t]
			row[t] = complex(math.FMA(re, wt, real(g)), math.FMA(im, wt, imag(g)))
		}
	}
}

// dotPointsGeneric is the portable DotPoints and the specification of its
// assembly: DotRows's sums for one row of weight 1.
func dotPointsGeneric(grid []complex128, start []int, w []float64, out []complex128, width int) {
	for k := range out {
		o := start[k]
		row := grid[o : o+width : o+width]
		var sr, si [4]float64
		for t, wt := range w[k*width : (k+1)*width] {
			g := row[t]
			sr[t&3] = math.FMA(wt, real(g), sr[t&3])
			si[t&3] = math.FMA(wt, imag(g), si[t&3])
		}
		// FMA(1, s, 0), as DotRows's first row: s + 0 (a -0 sum becomes +0).
		out[k] = complex(((sr[0]+sr[1])+(sr[2]+sr[3]))+0, ((si[0]+si[1])+(si[2]+si[3]))+0)
	}
}

// spreadPlaneGeneric is the portable SpreadPlanes kernel (one plane, z, at
// grid[0]) and the specification of its assembly.
func spreadPlaneGeneric(grid []complex128, stride, z int, first, start []int, w0, w1, w2 []float64, c []complex128, width0, width1, width2 int) {
	for k, v := range c {
		t2 := z - first[k]
		if t2 < 0 || t2 >= width2 {
			continue
		}
		s, o := w2[k*width2+t2], start[k]
		re, im := real(v), imag(v)
		w := w0[k*width0 : (k+1)*width0]
		for _, w1r := range w1[k*width1 : (k+1)*width1] {
			rw := float64(w1r * s)
			cr, ci := float64(re*rw), float64(im*rw)
			row := grid[o : o+width0 : o+width0]
			for t, wt := range w {
				g := row[t]
				row[t] = complex(math.FMA(cr, wt, real(g)), math.FMA(ci, wt, imag(g)))
			}
			o += stride
		}
	}
}
