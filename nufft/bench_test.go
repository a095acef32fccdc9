package nufft

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkExecute times Execute on the issues' reference problems, one
// thread unless the name says otherwise. Compare runs with benchstat.
func BenchmarkExecute(b *testing.B) {
	cases := []struct {
		name    string
		typ     Type
		points  int
		modes   []int
		tol     float64
		threads int
		seed    bool // the seed post's problem: x = 100·rand, c = sin x
	}{
		{"1d/type1/N=1e6/tol=1e-6", Type1, 1_000_000, []int{1_000_000}, 1e-6, 1, false},
		{"1d/type2/N=1e6/tol=1e-6", Type2, 1_000_000, []int{1_000_000}, 1e-6, 1, false},
		{"1d/type1/N=1e6/tol=1e-6/threads=2", Type1, 1_000_000, []int{1_000_000}, 1e-6, 2, false},
		{"2d/type1/N=1e6/1000x1000/tol=1e-6", Type1, 1_000_000, []int{1000, 1000}, 1e-6, 1, false},
		{"3d/type1/N=1e6/100^3/tol=1e-6", Type1, 1_000_000, []int{100, 100, 100}, 1e-6, 1, false},
		{"3d/type1/N=1e6/100^3/tol=1e-6/threads=2", Type1, 1_000_000, []int{100, 100, 100}, 1e-6, 2, false},
		{"seed/type1/N=M=1e5/tol=1e-6", Type1, 100_000, []int{100_000}, 1e-6, 1, true},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 1))
			p, err := NewPlan(bc.typ, bc.modes, &Options{Tol: bc.tol, Threads: bc.threads})
			if err != nil {
				b.Fatal(err)
			}
			coords := make([][]float64, len(bc.modes))
			for d := range coords {
				coords[d] = make([]float64, bc.points)
				for j := range coords[d] {
					if bc.seed {
						coords[d][j] = 100 * rng.Float64()
					} else {
						coords[d][j] = (2*rng.Float64() - 1) * math.Pi
					}
				}
			}
			if err := p.SetPoints(coords...); err != nil {
				b.Fatal(err)
			}
			c := make([]complex128, bc.points)
			for j := range c {
				if bc.seed {
					c[j] = complex(math.Sin(coords[0][j]), 0)
				} else {
					c[j] = complex(rng.NormFloat64(), rng.NormFloat64())
				}
			}
			f := make([]complex128, p.nmode)
			for b.Loop() {
				if err := p.Execute(c, f); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(bc.points)*float64(b.N)/b.Elapsed().Seconds(), "points/s")
		})
	}
}

// BenchmarkSetPoints times the reduction and sort of 10^6 points.
func BenchmarkSetPoints(b *testing.B) {
	for _, dims := range []int{1, 3} {
		b.Run(fmt.Sprintf("%dd", dims), func(b *testing.B) {
			modes := []int{1_000_000, 100, 100}[:dims]
			if dims == 3 {
				modes = []int{100, 100, 100}
			}
			p, err := NewPlan(Type1, modes, nil)
			if err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(2, 2))
			coords := make([][]float64, dims)
			for d := range coords {
				coords[d] = make([]float64, 1_000_000)
				for j := range coords[d] {
					coords[d][j] = (2*rng.Float64() - 1) * math.Pi
				}
			}
			for b.Loop() {
				if err := p.SetPoints(coords...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
