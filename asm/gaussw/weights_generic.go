package gaussw

import "github.com/numkern/numkern/internal/dmath"

// weightsGeneric is the portable implementation of Weights and the
// specification of the assembly kernels: each of them performs, per point,
// exactly these operations in this order. It is always compiled: it is the
// Generic ISA's kernel, the only one with the purego tag, and the fallback.
// The float64 conversions forbid the compiler to fuse the products with
// anything (as it would on arm64), so that the result is the same bit
// pattern everywhere.
func weightsGeneric(w, frac []float64, alpha, twoKMinus2 float64, e3 []float64) {
	n := len(e3)
	for i, f := range frac {
		a := float64(alpha * f)
		e2 := dmath.Exp(float64(2 * a))
		v := dmath.Exp(-float64(a * (f + twoKMinus2)))
		row := w[i*n : (i+1)*n : (i+1)*n]
		for t, e := range e3 {
			row[t] = float64(v * e)
			v = float64(v * e2)
		}
	}
}
