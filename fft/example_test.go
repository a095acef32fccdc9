package fft_test

import (
	"fmt"
	"math"

	"github.com/numkern/numkern/fft"
)

func ExampleNewPlan() {
	p, err := fft.NewPlan(8)
	if err != nil {
		panic(err)
	}
	// One period of cos(2π·j/8) plus a constant 0.5.
	x := make([]complex128, 8)
	for j := range x {
		x[j] = complex(0.5+math.Cos(2*math.Pi*float64(j)/8), 0)
	}
	X := make([]complex128, 8)
	if err := p.Forward(X, x); err != nil {
		panic(err)
	}
	for k, v := range X {
		// Round away the last-bit noise, and turn -0 into 0.
		re := math.Round(real(v)*1e9)/1e9 + 0
		im := math.Round(imag(v)*1e9)/1e9 + 0
		fmt.Printf("X[%d] = %g%+gi\n", k, re, im)
	}
	// Output:
	// X[0] = 4+0i
	// X[1] = 4+0i
	// X[2] = 0+0i
	// X[3] = 0+0i
	// X[4] = 0+0i
	// X[5] = 0+0i
	// X[6] = 0+0i
	// X[7] = 4+0i
}

func ExamplePlanND() {
	// A 4×3 array (dims[0] = 4 varies fastest) holding the plane wave
	// e^{+2πi(i0/4 + 2·i1/3)}: its forward transform is a single peak of
	// height 12 at frequency (1, 2).
	p, err := fft.NewPlanND(4, 3)
	if err != nil {
		panic(err)
	}
	x := make([]complex128, p.Len())
	for i1 := 0; i1 < 3; i1++ {
		for i0 := 0; i0 < 4; i0++ {
			phase := 2 * math.Pi * (float64(i0)/4 + float64(2*i1)/3)
			x[i0+4*i1] = complex(math.Cos(phase), math.Sin(phase))
		}
	}
	if err := p.Forward(x, x); err != nil {
		panic(err)
	}
	for i, v := range x {
		if math.Hypot(real(v), imag(v)) > 1e-9 {
			fmt.Printf("peak at (%d, %d): %.3f\n", i%4, i/4, real(v))
		}
	}
	// Output: peak at (1, 2): 12.000
}
