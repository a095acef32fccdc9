package gridrows_test

import (
	"fmt"

	"github.com/numkern/numkern/asm/gridrows"
)

// A point of strength 2 with taps (0.5, 1, 0.5) spread into two rows of a
// 2×4 grid with row weights 1 and 0.5, then read back.
func Example() {
	grid := make([]complex128, 8)
	w := []float64{0.5, 1, 0.5}
	off, rw := []int{0, 4}, []float64{1, 0.5}
	gridrows.SpreadRows(grid, off, rw, w, 2, 0)
	fmt.Println(grid)
	fmt.Println(gridrows.DotRows(grid, off, rw, w))
	// Output:
	// [(1+0i) (2+0i) (1+0i) (0+0i) (0.5+0i) (1+0i) (0.5+0i) (0+0i)]
	// (3.75+0i)
}
