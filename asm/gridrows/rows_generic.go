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
