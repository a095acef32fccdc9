package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/numkern/numkern/internal/cpu"
)

// suite is the state of one run of the benchmark suite: its settings, the
// Markdown report being written, and the records.
type suite struct {
	cfg  timing
	long bool
	md   strings.Builder
	res  Results
	rng  *rand.Rand
}

// section is one part of the suite.
type section struct {
	name string
	run  func(*suite) error
}

// sections run in this order; each writes its tables and records.
var sections = []section{
	{"nufft-scaling", (*suite).nufftScaling},
	{"nufft-tolerance", (*suite).nufftTolerance},
	{"seed", (*suite).seedCase},
	{"threads", (*suite).threads},
	{"spread", (*suite).spreadThroughput},
	{"fft", (*suite).fftSpeed},
	{"ising", (*suite).ising},
}

func (s *suite) printf(format string, args ...any) { fmt.Fprintf(&s.md, format, args...) }

func (s *suite) add(r Record) { s.res.Records = append(s.res.Records, r) }

// withISA runs f with the implementation forced to isa.
func withISA(isa cpu.ISA, f func() error) error {
	restore, err := cpu.Force(isa)
	if err != nil {
		return err
	}
	defer restore()
	return f()
}

func randomCoords(rng *rand.Rand, dims, n int) [][]float64 {
	coords := make([][]float64, dims)
	for d := range coords {
		coords[d] = make([]float64, n)
		for j := range coords[d] {
			coords[d][j] = (rng.Float64()*2 - 1) * math.Pi
		}
	}
	return coords
}

func randomStrengths(rng *rand.Rand, n int) []complex128 {
	c := make([]complex128, n)
	for j := range c {
		c[j] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	return c
}

func sameBits(a, b []complex128) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(real(a[i])) != math.Float64bits(real(b[i])) || math.Float64bits(imag(a[i])) != math.Float64bits(imag(b[i])) {
			return false
		}
	}
	return true
}

func shape(dims []int) string {
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = fmt.Sprint(d)
	}
	return strings.Join(parts, "×")
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

func sqAbs(z complex128) float64 { return real(z)*real(z) + imag(z)*imag(z) }

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
