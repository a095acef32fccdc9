package nufft_test

import (
	"fmt"
	"math"

	"github.com/numkern/numkern/nufft"
)

// A Type-1 transform of three points onto 5 modes, checked against the
// direct sum.
func Example() {
	x := []float64{0.5, -2, 3 * math.Pi} // radians; 3π is the same point as π
	c := []complex128{1, 2i, -1}

	plan, err := nufft.NewPlan(nufft.Type1, []int{5}, &nufft.Options{Tol: 1e-9})
	if err != nil {
		panic(err)
	}
	if err := plan.SetPoints(x); err != nil {
		panic(err)
	}
	f := make([]complex128, 5) // modes k = -2 … 2
	if err := plan.Execute(c, f); err != nil {
		panic(err)
	}

	exact := make([]complex128, 5)
	if err := nufft.Direct(nufft.Type1, []int{5}, [][]float64{x}, c, exact, nil); err != nil {
		panic(err)
	}
	worst := 0.0
	for i, v := range f {
		fmt.Printf("k=%+d  %6.3f\n", i-2, v)
		worst = max(worst, math.Hypot(real(v-exact[i]), imag(v-exact[i])))
	}
	fmt.Println("within tolerance of the direct sum:", worst < 1e-9*3)
	// Output:
	// k=-2  ( 1.054-2.149i)
	// k=-1  ( 0.059-1.312i)
	// k=+0  ( 0.000+2.000i)
	// k=+1  ( 3.696-0.353i)
	// k=+2  (-1.973-0.466i)
	// within tolerance of the direct sum: true
}
