package mod2pi_test

import (
	"fmt"
	"math"

	"github.com/numkern/numkern/internal/mod2pi"
)

func ExampleFrac() {
	// π/(2π) = 1/2; the float64 π is a little below π, and lo says by
	// how much.
	hi, lo := mod2pi.Frac(math.Pi)
	fmt.Printf("%g %.4g\n", hi, lo)

	// Huge and negative arguments are reduced exactly too.
	hi, _ = mod2pi.Frac(1e300)
	fmt.Printf("%.15f\n", hi)
	hi, _ = mod2pi.Frac(-math.Pi / 2)
	fmt.Println(hi)

	// Tiny negative arguments give hi == 1: wrap it if needed.
	hi, lo = mod2pi.Frac(-1e-300)
	if hi == 1 {
		hi = 0
	}
	fmt.Println(hi, lo)
	// Output:
	// 0.5 -1.949e-17
	// 0.652425899064795
	// 0.75
	// 0 -1.5915494309189534e-301
}
