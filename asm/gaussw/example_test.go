package gaussw_test

import (
	"fmt"

	"github.com/numkern/numkern/asm/gaussw"
	"github.com/numkern/numkern/internal/dmath"
)

func ExampleWeights() {
	// A kernel of half-width K = 2 (4 taps) and shape alpha: the tap
	// factors e3[t] = e^{-alpha(K-1-t)²}, as the spreader computes them.
	const k, alpha = 2, 1.0
	e3 := make([]float64, 2*k)
	for t := range e3 {
		d := float64(k - 1 - t)
		e3[t] = dmath.Exp(-alpha * d * d)
	}
	frac := []float64{0, 0.5} // two points
	w := make([]float64, len(frac)*len(e3))
	gaussw.Weights(w, frac, alpha, 2*k-2, e3)
	for i := range frac {
		// Point i's weights are e^{-alpha(f+K-1-t)²}, t = 0…3.
		fmt.Printf("%.6f\n", w[i*len(e3):(i+1)*len(e3)])
	}
	// Output:
	// [0.367879 1.000000 0.367879 0.018316]
	// [0.105399 0.778801 0.778801 0.105399]
}
