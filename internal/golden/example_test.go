package golden_test

import (
	"fmt"

	"github.com/numkern/numkern/internal/golden"
)

func ExampleMarshal() {
	b, _ := golden.Marshal(golden.FromComplex([]complex128{complex(0.1, -2)}))
	fmt.Print(string(b))
	// Output:
	// [
	// 	[
	// 		0.1,
	// 		-2
	// 	]
	// ]
}
