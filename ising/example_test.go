package ising_test

import (
	"fmt"

	"github.com/numkern/numkern/ising"
)

func Example() {
	// A 64×64 lattice just below the critical temperature, from a random
	// start. The trajectory is the same on every machine.
	l, err := ising.New(64, 64, ising.Config{Beta: 1 / 2.2, J: 1, Seed: 42})
	if err != nil {
		panic(err)
	}
	l.Sweeps(1000)
	fmt.Printf("E = %.4f, M = %.4f\n", l.Energy(), l.Magnetization())
	// Output: E = -1.5391, M = 0.8120
}

func ExampleLattice_Measure() {
	// The 8-neighbour model of the Numba post, started cold and measured
	// after thermalisation: energy, |M| and their binned errors.
	l, err := ising.New(32, 32, ising.Config{Beta: 0.3, J: 1, Seed: 1, Stencil: ising.Moore, Cold: true})
	if err != nil {
		panic(err)
	}
	l.Sweeps(500)
	m, err := l.Measure(2000, 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("E/N = %.3f ± %.3f\n", m.E.Mean, m.E.Err)
	fmt.Printf("|M|/N = %.3f ± %.3f\n", m.AbsM.Mean, m.AbsM.Err)
	// Output:
	// E/N = -3.846 ± 0.002
	// |M|/N = 0.980 ± 0.000
}

func ExampleThreshold() {
	// A flip that raises the energy by 4 at Beta = ln(2)/4 is accepted
	// with probability exactly 1/2: its random number must be below 2^31.
	fmt.Println(ising.Threshold(0.17328679513998632, 4))
	fmt.Println(ising.Threshold(0.44, -4)) // always accepted: 2^32
	// Output:
	// 2147483648
	// 4294967296
}

func ExampleLattice_Image() {
	l, err := ising.New(8, 16, ising.Config{Beta: 0.5, J: 1, Seed: 3})
	if err != nil {
		panic(err)
	}
	img := l.Image() // one pixel per spin; index 1 (Palette[1]) for +1
	fmt.Println(img.Bounds(), len(img.Palette))
	// Output: (0,0)-(16,8) 2
}

func ExampleLattice_SetSpins() {
	l, err := ising.New(2, 4, ising.Config{Beta: 0.5, J: 1})
	if err != nil {
		panic(err)
	}
	if err := l.SetSpins([]int8{1, 1, 1, 1, 1, 1, -1, -1}); err != nil {
		panic(err)
	}
	fmt.Println(l.Magnetization(), l.Energy())
	// Output: 0.5 -0.5
}

func ExampleAnalyze() {
	e := ising.Analyze([]float64{1, 2, 3, 4, 5, 6, 7, 8})
	fmt.Printf("%.2f ± %.2f, %d bins\n", e.Mean, e.Err, e.Bins)
	// Output: 4.50 ± 0.87, 8 bins
}
