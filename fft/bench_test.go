package fft

import (
	"fmt"
	"testing"
)

// benchLengths are powers of two, smooth lengths with radix 3 and 5
// (324000 = 2^5·3^4·5^3, 10^6 = 2^6·5^6, 2·10^6 = 2^7·5^6), a generic-prime
// length and a Bluestein length.
var benchLengths = []int{1024, 4096, 65536, 1 << 20, 1000000, 324000, 2000000, 47 * 4096, 100003}

func benchmarkPlan(b *testing.B, n int) {
	p, err := NewPlan(n)
	if err != nil {
		b.Fatal(err)
	}
	x := randomData(n, 1)
	b.SetBytes(int64(16 * n))
	for b.Loop() {
		_ = p.Forward(x, x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/point")
}

func BenchmarkForward(b *testing.B) {
	for _, n := range benchLengths {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchmarkPlan(b, n) })
	}
}

func BenchmarkForward64(b *testing.B) {
	for _, n := range []int{1024, 65536, 1 << 20} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			p, err := NewPlan64(n)
			if err != nil {
				b.Fatal(err)
			}
			x := narrow(randomData(n, 1))
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				_ = p.Forward(x, x)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/point")
		})
	}
}

func BenchmarkND(b *testing.B) {
	for _, dims := range [][]int{{1024, 1024}, {128, 128, 128}, {1000, 1000}} {
		b.Run(fmt.Sprint(dims), func(b *testing.B) {
			p, err := NewPlanND(dims...)
			if err != nil {
				b.Fatal(err)
			}
			x := randomData(p.Len(), 1)
			b.SetBytes(int64(16 * p.Len()))
			for b.Loop() {
				_ = p.Forward(x, x)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.Len()), "ns/point")
		})
	}
}

func BenchmarkNewPlan(b *testing.B) {
	for _, n := range []int{1024, 1 << 20} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := NewPlan(n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkThreads times the transforms the NUFFT needs with one and two
// threads (SetThreads).
func BenchmarkThreads(b *testing.B) {
	for _, n := range []int{1 << 12, 1 << 14, 1 << 15, 1 << 16, 1 << 20, 2000000} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%d/threads=%d", n, threads), func(b *testing.B) {
				p, err := NewPlan(n)
				if err != nil {
					b.Fatal(err)
				}
				if err := p.SetThreads(threads); err != nil {
					b.Fatal(err)
				}
				x := randomData(n, 1)
				b.SetBytes(int64(16 * n))
				for b.Loop() {
					_ = p.Forward(x, x)
				}
			})
		}
	}
	for _, dims := range [][]int{{128, 128}, {2000, 2000}, {200, 200, 200}} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("dims=%v/threads=%d", dims, threads), func(b *testing.B) {
				p, err := NewPlanND(dims...)
				if err != nil {
					b.Fatal(err)
				}
				if err := p.SetThreads(threads); err != nil {
					b.Fatal(err)
				}
				x := randomData(p.Len(), 1)
				b.SetBytes(int64(16 * p.Len()))
				for b.Loop() {
					_ = p.Forward(x, x)
				}
			})
		}
	}
}
