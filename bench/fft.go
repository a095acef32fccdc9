package main

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/dsp/fourier"

	"github.com/numkern/numkern/asm/fftk"
	"github.com/numkern/numkern/fft"
	"github.com/numkern/numkern/internal/cpu"
)

// fftSizes are powers of two and smooth sizes, including the fine grids of
// the 1D NUFFT (2·10^6) and the 324000 = 2^5·3^4·5^3.
func (s *suite) fftSizes() []int {
	sizes := []int{64, 256, 1024, 4096, 16384, 65536, 262144, 1 << 20, 1000, 324000, 1_000_000, 2_000_000}
	if s.long {
		sizes = append(sizes, 1<<22, 4_000_000)
	}
	return sizes
}

// fftImplementations lists the implementations of the FFT passes available
// here: generic, and every ISA for which asm/fftk has kernels.
func fftImplementations() []cpu.ISA {
	isas := []cpu.ISA{cpu.Generic}
	for _, isa := range cpu.Available()[1:] {
		if fftk.Kernels128(isa) != nil {
			isas = append(isas, isa)
		}
	}
	return isas
}

// fftImplementation returns the ISA whose FFT passes run now.
func fftImplementation() cpu.ISA {
	if fftk.Kernels128(cpu.Selected()) != nil {
		return cpu.Selected()
	}
	return cpu.Generic
}

// fftSpeed times forward complex128 transforms, one thread, and checks each
// against gonum's FFT. Speed is given as FFTW's "mflops" convention,
// 5·n·log2(n)/t, so that sizes compare.
func (s *suite) fftSpeed() error {
	s.printf("\n## FFT, complex128, forward, one thread\n\nSpeed in GFlop/s by FFTW's convention 5·n·log₂n/t; error is the relative l2 difference from gonum's `dsp/fourier` on the same input.\n\n| n | impl | time (µs) | ± %% | GFlop/s | error vs gonum |\n|---|---|---|---|---|---|\n")
	for _, n := range s.fftSizes() {
		x := randomStrengths(s.rng, n)
		ref := fourier.NewCmplxFFT(n).Coefficients(nil, x)
		for _, isa := range fftImplementations() {
			progress("fft n=%d %s", n, isa)
			p, err := fft.NewPlan(n)
			if err != nil {
				return err
			}
			y := make([]complex128, n)
			var runs []time.Duration
			err = withISA(isa, func() error {
				runs, err = s.cfg.runs(func() error { return p.Forward(y, x) })
				return err
			})
			if err != nil {
				return err
			}
			var num, den float64
			for i := range y {
				num += sqAbs(y[i] - ref[i])
				den += sqAbs(ref[i])
			}
			rec := newRecord("fft", fmt.Sprintf("complex128/forward/n=%d", n), isa.String(), 1, map[string]float64{"n": float64(n)}, runs)
			rec.Rate, rec.Unit = 5*float64(n)*math.Log2(float64(n))/rec.MedianNS, "GFlop/s"
			rec.Check, rec.CheckValue = "rel_l2_vs_gonum", math.Sqrt(num/den)
			s.add(rec)
			s.printf("| %d | %s | %.1f | %.1f | %.2f | %.1e |\n", n, isa, rec.MedianNS/1e3, rec.spreadPct(), rec.Rate, rec.CheckValue)
		}
	}
	return runFFTWComparison(&s.md, s.fftSizes())
}
