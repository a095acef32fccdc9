package fft

import (
	"errors"
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/dsp/fourier"
)

// slow reports whether expensive cases should be skipped: in -short mode
// and off amd64, where the tests may run under emulation.
func slow() bool { return testing.Short() || runtime.GOARCH != "amd64" }

// directLengths are the lengths checked against the O(n²) DFT: every n up
// to 64 (all small radices and generic primes), Bluestein lengths (67, 71,
// 97, 134, 1031) and some larger smooth and mixed lengths.
func directLengths() []int {
	var ns []int
	for n := 1; n <= 64; n++ {
		ns = append(ns, n)
	}
	ns = append(ns, 67, 71, 74, 97, 100, 128, 134, 210, 243, 625, 3*5*7*11, 61*2)
	if !slow() {
		ns = append(ns, 1000, 1024, 1031, 29*31, 53*59, 4096)
	}
	return ns
}

// float32Data returns random complex values whose parts are exact float32,
// so that complex128 and complex64 transforms share one input.
func float32Data(n int, seed uint64) []complex128 {
	return widen(narrow(randomData(n, seed)))
}

func TestAgainstDirectDFT(t *testing.T) {
	worst, worst32 := 0.0, 0.0       // error / tolerance
	worstErr, worstErr32 := 0.0, 0.0 // relative l2 error
	for _, n := range directLengths() {
		x := float32Data(n, uint64(n))
		p, err := NewPlan(n)
		require.NoError(t, err)
		p64, err := NewPlan64(n)
		require.NoError(t, err)
		require.Equal(t, n, p.Len())
		require.Equal(t, n, p64.Len())
		for _, backward := range []bool{false, true} {
			sign := -1.0
			run, run64 := p.Forward, p64.Forward
			if backward {
				sign, run, run64 = 1, p.Backward, p64.Backward
			}
			want := directDFT(x, sign)

			got := make([]complex128, n)
			require.NoError(t, run(got, x))
			e := relErr(got, want)
			worst, worstErr = max(worst, e/tolerance(n)), max(worstErr, e)
			require.LessOrEqual(t, e, tolerance(n), "n=%d backward=%v", n, backward)

			inPlace := append([]complex128(nil), x...)
			require.NoError(t, run(inPlace, inPlace))
			require.Equal(t, got, inPlace, "in place differs, n=%d backward=%v", n, backward)

			x64 := narrow(x)
			got64 := make([]complex64, n)
			require.NoError(t, run64(got64, x64))
			require.Equal(t, narrow(x), x64, "src modified")
			e32 := relErr(widen(got64), want)
			worst32, worstErr32 = max(worst32, e32/tolerance32(n)), max(worstErr32, e32)
			require.LessOrEqual(t, e32, tolerance32(n), "complex64 n=%d backward=%v", n, backward)
			require.NoError(t, run64(x64, x64))
			require.Equal(t, got64, x64, "complex64 in place differs, n=%d", n)
		}
	}
	t.Logf("worst relative l2 error: complex128 %.3g (%.3f of tolerance), complex64 %.3g (%.3f of tolerance)",
		worstErr, worst, worstErr32, worst32)
}

func TestSourceUnchanged(t *testing.T) {
	for _, n := range []int{1, 7, 16, 37, 60} {
		p, err := NewPlan(n)
		require.NoError(t, err)
		x := randomData(n, 3)
		orig := append([]complex128(nil), x...)
		dst := make([]complex128, n)
		require.NoError(t, p.Forward(dst, x))
		require.NoError(t, p.Backward(dst, x))
		require.Equal(t, orig, x, "n=%d", n)
	}
}

func TestAgainstGonum(t *testing.T) {
	ns := []int{12, 360, 1 << 12, 5 * 7 * 11 * 13}
	if !slow() {
		ns = append(ns, 1<<16, 324000, 3*1021*8, 1009*64)
	}
	worst := 0.0
	for _, n := range ns {
		x := randomData(n, uint64(n))
		want := fourier.NewCmplxFFT(n).Coefficients(nil, x)
		p, err := NewPlan(n)
		require.NoError(t, err)
		got := make([]complex128, n)
		require.NoError(t, p.Forward(got, x))
		e := relErr(got, want)
		worst = max(worst, e)
		// Both sides carry an error of order ε·log n.
		require.LessOrEqual(t, e, 2*tolerance(n), "n=%d", n)
	}
	t.Logf("worst relative l2 difference from gonum: %.3g", worst)
}

func TestRoundTrip(t *testing.T) {
	ns := []int{1, 2, 3, 17, 30, 64, 101, 256, 1000}
	if !slow() {
		ns = append(ns, 1<<14, 3*3*5*5*7*11, 65537)
	}
	for _, n := range ns {
		p, err := NewPlan(n)
		require.NoError(t, err)
		x := randomData(n, 7)
		y := make([]complex128, n)
		require.NoError(t, p.Forward(y, x))
		require.NoError(t, p.Backward(y, y))
		scaled := make([]complex128, n)
		for i, v := range x {
			scaled[i] = v * complex(float64(n), 0)
		}
		require.LessOrEqual(t, relErr(y, scaled), 2*tolerance(n), "n=%d", n)
	}
}

// TestSpecialInputs checks exact results that need no reference: the
// transform of a unit impulse is all ones, and that of a constant is an
// impulse.
func TestSpecialInputs(t *testing.T) {
	for _, n := range []int{1, 4, 12, 2048, 125, 49} {
		p, err := NewPlan(n)
		require.NoError(t, err)
		x := make([]complex128, n)
		x[0] = 1
		require.NoError(t, p.Forward(x, x))
		for k, v := range x {
			require.Equal(t, complex(1, 0), v, "impulse n=%d k=%d", n, k)
		}
		if n%5 == 0 || n%7 == 0 {
			// Radix 5 and the generic radix-7 pass sum rounded sines and
			// cosines: a constant's spectrum is only nearly an impulse.
			// Radix 2, 3 and 4 are exact here. (Bluestein is exact for
			// neither input.)
			continue
		}
		require.NoError(t, p.Backward(x, x))
		require.Equal(t, complex(float64(n), 0), x[0])
		for k := 1; k < n; k++ {
			require.Equal(t, 0.0, math.Abs(real(x[k]))+math.Abs(imag(x[k])), "constant n=%d k=%d", n, k)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, n := range []int{0, -1, -100, maxLen + 1} {
		_, err := NewPlan(n)
		require.ErrorIs(t, err, ErrLength, "n=%d", n)
		_, err = NewPlan64(n)
		require.ErrorIs(t, err, ErrLength, "n=%d", n)
	}

	p, err := NewPlan(8)
	require.NoError(t, err)
	buf := make([]complex128, 20)
	for _, c := range []struct{ dst, src []complex128 }{
		{buf[:7], buf[8:16]}, {buf[:8], buf[8:17]}, {nil, buf[:8]}, {buf[:8], nil}, {nil, nil},
	} {
		require.ErrorIs(t, p.Forward(c.dst, c.src), ErrSize)
		require.ErrorIs(t, p.Backward(c.dst, c.src), ErrSize)
	}
	require.ErrorIs(t, p.Forward(buf[1:9], buf[:8]), ErrOverlap)
	require.ErrorIs(t, p.Backward(buf[:8], buf[7:15]), ErrOverlap)
	require.NoError(t, p.Forward(buf[:8], buf[8:16]))

	p64, err := NewPlan64(8)
	require.NoError(t, err)
	buf64 := make([]complex64, 20)
	require.ErrorIs(t, p64.Forward(buf64[:7], buf64[8:16]), ErrSize)
	require.ErrorIs(t, p64.Forward(buf64[2:10], buf64[:8]), ErrOverlap)

	// Strided layouts: n = 8 lines.
	data := make([]complex128, 64)
	for _, c := range []struct{ count, stride, dist int }{
		{-1, 1, 8},            // negative count
		{1, 0, 8},             // zero stride
		{1, -1, 8},            // negative stride
		{2, 1, -8},            // negative distance
		{9, 1, 8},             // too many lines
		{1, 10, 0},            // line too long
		{2, 1, 4},             // overlapping lines
		{2, 1, 0},             // identical lines
		{8, 8, 2},             // overlapping interleaved lines
		{3, 2, 3},             // line 0 element 3 (6) is line 2 element 0
		{1 << 62, 1, 1 << 62}, // overflow
		{2, 1 << 62, 1},       // overflow
	} {
		require.ErrorIs(t, p.ForwardStrided(data, c.count, c.stride, c.dist), ErrLayout, "%+v", c)
		require.ErrorIs(t, p.BackwardStrided(data, c.count, c.stride, c.dist), ErrLayout, "%+v", c)
	}
	require.NoError(t, p.ForwardStrided(data, 0, 1, 0))
	require.NoError(t, p.ForwardStrided(data, 8, 8, 1))
	require.NoError(t, p.ForwardStrided(data, 2, 2, 1))
	require.NoError(t, p.ForwardStrided(data, 3, 3, 1)) // 3 lines of 8 with stride 3: 0,3,…,21 / 1,… / 2,…
	require.ErrorIs(t, p.ForwardStrided(nil, 1, 1, 0), ErrLayout)

	for _, dims := range [][]int{{}, {1, 2, 3, 4}, {0}, {4, 0}, {3, -1, 2}, {1 << 30, 1 << 30, 1 << 30}} {
		_, err := NewPlanND(dims...)
		require.ErrorIs(t, err, ErrLength, "%v", dims)
	}
	pnd, err := NewPlanND(4, 5)
	require.NoError(t, err)
	require.ErrorIs(t, pnd.Forward(make([]complex128, 20), make([]complex128, 19)), ErrSize)
	require.ErrorIs(t, pnd.Backward(make([]complex128, 21), make([]complex128, 20)), ErrSize)
	nd := make([]complex128, 40)
	require.ErrorIs(t, pnd.Forward(nd[1:21], nd[:20]), ErrOverlap)
	require.True(t, errors.Is(pnd.Forward(nd[:20], nd[20:]), nil))
}

func TestZeroAllocs(t *testing.T) {
	for _, n := range []int{1, 2, 60, 1024, 97, 1000} {
		p, err := NewPlan(n)
		require.NoError(t, err)
		x, y := randomData(n, 1), make([]complex128, n)
		allocs := testing.AllocsPerRun(5, func() {
			_ = p.Forward(y, x)
			_ = p.Backward(y, y)
		})
		require.Zero(t, allocs, "Plan n=%d", n)

		p64, err := NewPlan64(n)
		require.NoError(t, err)
		x64, y64 := narrow(x), make([]complex64, n)
		allocs = testing.AllocsPerRun(5, func() {
			_ = p64.Forward(y64, x64)
			_ = p64.Backward(y64, y64)
		})
		require.Zero(t, allocs, "Plan64 n=%d", n)

		data := randomData(3*n, 2)
		require.NoError(t, p.ForwardStrided(data, 3, 3, 1)) // allocates the line buffers
		allocs = testing.AllocsPerRun(5, func() {
			_ = p.ForwardStrided(data, 3, 3, 1)
			_ = p.BackwardStrided(data, 3, 1, n)
		})
		require.Zero(t, allocs, "strided n=%d", n)
	}
	for _, dims := range [][]int{{6, 10}, {4, 6, 8}, {3, 37, 2}, {100, 3}} {
		p, err := NewPlanND(dims...)
		require.NoError(t, err)
		x, y := randomData(p.Len(), 1), make([]complex128, p.Len())
		allocs := testing.AllocsPerRun(5, func() {
			_ = p.Forward(y, x)
			_ = p.Backward(y, y)
		})
		require.Zero(t, allocs, "PlanND %v", dims)
	}
}

func TestClone(t *testing.T) {
	for _, n := range []int{48, 53} {
		p, err := NewPlan(n)
		require.NoError(t, err)
		x := randomData(n, 5)
		want := make([]complex128, n)
		require.NoError(t, p.Forward(want, x))
		var wg sync.WaitGroup
		results := make([][]complex128, 4)
		for g := range results {
			c := p.Clone()
			require.Equal(t, n, c.Len())
			wg.Add(1)
			go func() {
				defer wg.Done()
				out := make([]complex128, n)
				for range 20 {
					_ = c.Forward(out, x)
				}
				results[g] = out
			}()
		}
		wg.Wait()
		for _, r := range results {
			require.Equal(t, want, r)
		}
		p64, err := NewPlan64(n)
		require.NoError(t, err)
		a, b := make([]complex64, n), make([]complex64, n)
		require.NoError(t, p64.Forward(a, narrow(x)))
		require.NoError(t, p64.Clone().Forward(b, narrow(x)))
		require.Equal(t, a, b)
	}
}

// FuzzForward checks arbitrary lengths 1…300 and data against the direct
// DFT, and the round trip.
func FuzzForward(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte{36, 200, 17, 5, 99, 1})
	f.Add([]byte{255, 1, 0, 0, 0, 0, 0, 128})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 2 {
			return
		}
		n := 1 + (int(b[0])|int(b[1])<<8)%300
		x := make([]complex128, n)
		for i := range x {
			// Deterministic data from the remaining bytes, in [−1, 1].
			v := func(j int) float64 {
				if len(b) <= 2 {
					return 0
				}
				return float64(int(b[2+(j%(len(b)-2))])-128)/128 + float64(j%7)/7
			}
			x[i] = complex(v(2*i), v(2*i+1))
		}
		p, err := NewPlan(n)
		require.NoError(t, err)
		got := make([]complex128, n)
		require.NoError(t, p.Forward(got, x))
		want := directDFT(x, -1)
		require.LessOrEqual(t, relErr(got, want), tolerance(n), "n=%d", n)
		require.NoError(t, p.Backward(got, got))
		for i := range got {
			got[i] /= complex(float64(n), 0)
		}
		require.LessOrEqual(t, relErr(got, x), 2*tolerance(n), "round trip n=%d", n)
	})
}
