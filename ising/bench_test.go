package ising

import (
	"fmt"
	"testing"

	"github.com/numkern/numkern/internal/cpu"
)

// BenchmarkSweep reports spin-flip attempts per nanosecond on a 2048²
// lattice at T = 2.269, for every implementation, both stencils, one and
// two threads. Each iteration is one call of Sweeps(10): waking the pool
// worker costs tens of microseconds per call on some machines.
func BenchmarkSweep(b *testing.B) {
	const side, sweepsPerOp = 2048, 10
	for _, isa := range cpu.Available() {
		for _, st := range []Stencil{VonNeumann, Moore} {
			for _, threads := range []int{1, 2} {
				b.Run(fmt.Sprintf("%v/%v/threads=%d", isa, st, threads), func(b *testing.B) {
					restore, err := cpu.Force(isa)
					if err != nil {
						b.Fatal(err)
					}
					defer restore()
					l, err := New(side, side, Config{Beta: 1 / 2.269, J: 1, Seed: 1, Stencil: st, Threads: threads})
					if err != nil {
						b.Fatal(err)
					}
					l.Sweeps(2)
					b.ResetTimer()
					for b.Loop() {
						l.Sweeps(sweepsPerOp)
					}
					b.ReportMetric(float64(side*side*sweepsPerOp)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "attempts/ns")
				})
			}
		}
	}
}

// BenchmarkMoore1000 times one sweep of the 8-neighbour model on the
// 1000×1000 lattice of the 2015 Numba post (42–55 ms per sweep there), in
// milliseconds per sweep, for every implementation, one and two threads.
func BenchmarkMoore1000(b *testing.B) {
	const side = 1000
	for _, isa := range cpu.Available() {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%v/threads=%d", isa, threads), func(b *testing.B) {
				restore, err := cpu.Force(isa)
				if err != nil {
					b.Fatal(err)
				}
				defer restore()
				l, err := New(side, side, Config{Beta: 1 / 2.269, J: 1, Seed: 1, Stencil: Moore, Threads: threads})
				if err != nil {
					b.Fatal(err)
				}
				l.Sweeps(2)
				b.ResetTimer()
				for b.Loop() {
					l.Sweeps(1)
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				b.ReportMetric(ns/1e6, "ms/sweep")
				b.ReportMetric(side*side/ns, "attempts/ns")
			})
		}
	}
}
