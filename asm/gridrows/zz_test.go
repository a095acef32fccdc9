package gridrows

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func BenchmarkZZPlane(b *testing.B) {
	const points, width, e0, e1 = 64, 14, 30, 42
	for _, parity := range []int{0, 1, 2} {
		rng := rand.New(rand.NewPCG(9, 9))
		grid := make([]complex128, e0*e1)
		first, start := make([]int, points), make([]int, points)
		for k := range start {
			start[k] = rng.IntN(21-width+1)*e0 + rng.IntN(e0-width+1) + (k%2)*21*e0
			if parity < 2 {
				start[k] = start[k]&^1 | parity
			}
		}
		w := values(rng, points*width, moderate)
		c := make([]complex128, points)
		for k := range c {
			c[k] = complex(rng.NormFloat64(), rng.NormFloat64())
		}
		isas, impls := planeImplementations()
		for _, isa := range isas[1:2] {
			b.Run(fmt.Sprint(isa, parity), func(b *testing.B) {
				for b.Loop() {
					for z := range width {
						impls[isa](grid, e0, z, first, start, w, w, w, c)
					}
				}
				b.ReportMetric(float64(points*width*width*width)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "taps/ns")
			})
		}
	}
}
