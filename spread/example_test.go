package spread_test

import (
	"fmt"

	"github.com/numkern/numkern/spread"
)

// Spreading a unit strength onto a periodic grid of 16 nodes: the grid's
// total mass is the sum of the kernel's weights, √(π/α) in the continuum.
func Example() {
	kernel, err := spread.KernelFor(1e-6, 8, 16)
	if err != nil {
		panic(err)
	}
	plan, err := spread.NewPlan([]int{16}, []spread.Kernel{kernel})
	if err != nil {
		panic(err)
	}
	if err := plan.SetPoints([]float64{0.1}); err != nil {
		panic(err)
	}
	grid := make([]complex128, plan.GridLen())
	if err := plan.Spread(grid, []complex128{1}); err != nil {
		panic(err)
	}
	var mass complex128
	for _, v := range grid {
		mass += v
	}
	fmt.Printf("half-width %d, mass %.6f\n", kernel.HalfWidth, real(mass))
	// Output: half-width 7, mass 3.146346
}
