package fftk_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/numkern/numkern/asm/fftk"
	"github.com/numkern/numkern/fft"
	"github.com/numkern/numkern/internal/cpu"
	"github.com/stretchr/testify/require"

	// The golden package defines the -update flag that `go test ./...
	// -update` passes to every test binary; this package has no golden
	// files of its own.
	_ "github.com/numkern/numkern/internal/golden"
)

// TestRegistry: every compiled ISA but Generic has kernels for every
// radix, kind and precision; Generic and unknown ISAs have none.
func TestRegistry(t *testing.T) {
	for _, isa := range cpu.Compiled() {
		ks, ks64 := fftk.Kernels128(isa), fftk.Kernels64(isa)
		if isa == cpu.Generic {
			require.Nil(t, ks)
			require.Nil(t, ks64)
			continue
		}
		require.NotNil(t, ks, "%v", isa)
		require.NotNil(t, ks64, "%v", isa)
		for r := 2; r <= fftk.MaxRadix; r++ {
			require.NotNil(t, ks.Q[r], "%v radix %d", isa, r)
			require.NotNil(t, ks.P[r], "%v radix %d", isa, r)
			require.NotNil(t, ks64.Q[r], "%v radix %d", isa, r)
			require.NotNil(t, ks64.P[r], "%v radix %d", isa, r)
		}
		// The pairs of consecutive radices of fft's pass sequences (4s, a 2,
		// 3s, 5s) have fused kernels.
		for _, pr := range [][2]int{{4, 4}, {4, 2}, {4, 3}, {4, 5}, {2, 3}, {2, 5}, {3, 3}, {3, 5}, {5, 5}} {
			ra, rb := pr[0], pr[1]
			require.NotNil(t, ks.F[ra][rb], "%v fused %d×%d", isa, ra, rb)
			require.NotNil(t, ks.FP[ra][rb], "%v fused %d×%d", isa, ra, rb)
			require.NotNil(t, ks64.F[ra][rb], "%v fused %d×%d", isa, ra, rb)
			require.NotNil(t, ks64.FP[ra][rb], "%v fused %d×%d", isa, ra, rb)
		}
	}
	require.Nil(t, fftk.Kernels128(cpu.ISA(-1)))
	require.Nil(t, fftk.Kernels64(cpu.NEON+1))
}

// TestThroughFFT compares transforms of package fft made with each
// available ISA's kernels with the Go code, bit for bit (the kernel-level
// tests, with guard words, are in package fft).
func TestThroughFFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{2, 3, 4, 5, 8, 12, 30, 64, 100, 243, 625, 1000, 1024, 4096, 3 * 5 * 64} {
		x := make([]complex128, n)
		for i := range x {
			x[i] = complex(2*rng.Float64()-1, 2*rng.Float64()-1)
		}
		p, err := fft.NewPlan(n)
		require.NoError(t, err)
		var want []complex128
		for _, isa := range cpu.Available() {
			restore, err := cpu.Force(isa)
			require.NoError(t, err)
			y := make([]complex128, n)
			require.NoError(t, p.Forward(y, x))
			restore()
			if isa == cpu.Generic {
				want = y
				continue
			}
			for i := range y {
				require.Equal(t, math.Float64bits(real(want[i])), math.Float64bits(real(y[i])), "%v n=%d i=%d", isa, n, i)
				require.Equal(t, math.Float64bits(imag(want[i])), math.Float64bits(imag(y[i])), "%v n=%d i=%d", isa, n, i)
			}
		}
	}
}
