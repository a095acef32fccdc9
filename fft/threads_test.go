package fft

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// splitEverything lowers the threading thresholds so that every pass,
// pointwise loop and group of lines of even tiny transforms is split, and
// restores them when the test ends.
func splitEverything(t testing.TB) {
	t.Helper()
	a, b, c, d, e, f := minParallelLen, minChunkLen, minSplitP, minSplitQ, minLinesPerThread, splitAlign
	minParallelLen, minChunkLen, minSplitP, minSplitQ, minLinesPerThread, splitAlign = 1, 1, 1, 1, 1, 1
	t.Cleanup(func() {
		minParallelLen, minChunkLen, minSplitP, minSplitQ, minLinesPerThread, splitAlign = a, b, c, d, e, f
	})
}

// threadLengths are the lengths of the thread tests: every kernel, passes
// split over p and over q, Bluestein, and smooth lengths like the 2·10^6
// of the NUFFT at a smaller scale.
func threadLengths() []int {
	ns := []int{2, 3, 4, 5, 7, 8, 12, 16, 30, 31, 37, 61, 64, 67, 97, 100, 128, 243, 250, 1000, 1024,
		2 * 1031, 4096, 3 * 17 * 19 * 4, 2 * 5 * 5 * 5 * 5 * 5, 1 << 15}
	if !slow() {
		// 2^7·5^4 and 2^5·3^4·5^3 (bench sizes), a generic prime, Bluestein.
		ns = append(ns, 80000, 324000, 47*4096, 100003, 1<<17)
	}
	return ns
}

func requireSameBits128(t *testing.T, want, got []complex128, msg string) {
	t.Helper()
	for i := range want {
		if math.Float64bits(real(want[i])) != math.Float64bits(real(got[i])) ||
			math.Float64bits(imag(want[i])) != math.Float64bits(imag(got[i])) {
			t.Fatalf("%s: element %d: want %v, got %v", msg, i, want[i], got[i])
		}
	}
}

func requireSameBits64(t *testing.T, want, got []complex64, msg string) {
	t.Helper()
	for i := range want {
		if math.Float32bits(real(want[i])) != math.Float32bits(real(got[i])) ||
			math.Float32bits(imag(want[i])) != math.Float32bits(imag(got[i])) {
			t.Fatalf("%s: element %d: want %v, got %v", msg, i, want[i], got[i])
		}
	}
}

// TestThreadsBitIdentical checks that 1 to 5 threads give the bits of one
// thread, with the default thresholds and with every split forced.
func TestThreadsBitIdentical(t *testing.T) {
	for _, forced := range []bool{false, true} {
		t.Run(fmt.Sprintf("forced=%v", forced), func(t *testing.T) {
			if forced {
				splitEverything(t)
			}
			for _, n := range threadLengths() {
				x := randomData(n, uint64(n))
				x64 := narrow(x)
				p, err := NewPlan(n)
				require.NoError(t, err)
				p64, err := NewPlan64(n)
				require.NoError(t, err)
				for _, backward := range []bool{false, true} {
					want := make([]complex128, n)
					want64 := make([]complex64, n)
					run, run64 := p.Forward, p64.Forward
					if backward {
						run, run64 = p.Backward, p64.Backward
					}
					require.NoError(t, p.SetThreads(1))
					require.NoError(t, p64.SetThreads(1))
					require.NoError(t, run(want, x))
					require.NoError(t, run64(want64, x64))
					for threads := 2; threads <= 5; threads++ {
						require.NoError(t, p.SetThreads(threads))
						require.NoError(t, p64.SetThreads(threads))
						got := make([]complex128, n)
						require.NoError(t, run(got, x))
						msg := fmt.Sprintf("n=%d backward=%v threads=%d", n, backward, threads)
						requireSameBits128(t, want, got, msg)
						inPlace := append([]complex128(nil), x...)
						require.NoError(t, run(inPlace, inPlace))
						requireSameBits128(t, want, inPlace, msg+" in place")
						got64 := make([]complex64, n)
						require.NoError(t, run64(got64, x64))
						requireSameBits64(t, want64, got64, msg+" complex64")
					}
				}
			}
		})
	}
}

// TestThreadsND checks PlanND and strided transforms with 1 to 5 threads
// against one thread.
func TestThreadsND(t *testing.T) {
	shapes := [][]int{{64, 64}, {200, 30}, {20, 30, 40}, {3, 37}, {1000, 1}, {1, 1000}, {67, 5, 3},
		{5, 67, 4}, {8, 8, 67}, {1 << 12, 8}, {2, 1 << 14}, {7}, {1 << 15}}
	if !slow() {
		shapes = append(shapes, []int{200, 200, 20}, []int{2000, 40}, []int{1000, 1000})
	}
	for _, forced := range []bool{false, true} {
		t.Run(fmt.Sprintf("forced=%v", forced), func(t *testing.T) {
			if forced {
				splitEverything(t)
			}
			for _, dims := range shapes {
				p, err := NewPlanND(dims...)
				require.NoError(t, err)
				x := randomData(p.Len(), 9)
				for _, backward := range []bool{false, true} {
					run := p.Forward
					if backward {
						run = p.Backward
					}
					require.NoError(t, p.SetThreads(1))
					want := make([]complex128, p.Len())
					require.NoError(t, run(want, x))
					for threads := 2; threads <= 5; threads++ {
						require.NoError(t, p.SetThreads(threads))
						require.Equal(t, threads, p.Threads())
						got := make([]complex128, p.Len())
						require.NoError(t, run(got, x))
						msg := fmt.Sprintf("dims=%v backward=%v threads=%d", dims, backward, threads)
						requireSameBits128(t, want, got, msg)
						inPlace := append([]complex128(nil), x...)
						require.NoError(t, run(inPlace, inPlace))
						requireSameBits128(t, want, inPlace, msg+" in place")
						c := p.Clone()
						require.Equal(t, threads, c.Threads())
						clear(got)
						require.NoError(t, c.Forward(got, x))
						if !backward {
							requireSameBits128(t, want, got, msg+" clone")
						}
					}
				}
			}
		})
	}
}

func TestThreadsStrided(t *testing.T) {
	splitEverything(t)
	type layout struct{ n, count, stride, dist int }
	cases := []layout{{16, 100, 1, 16}, {64, 9, 1, 70}, {100, 300, 300, 1}, {37, 40, 40, 1}, {67, 30, 1, 67},
		{67, 30, 30, 1}, {1024, 5, 1, 1024}, {12, 50, 3, 200}}
	for _, c := range cases {
		p, err := NewPlan(c.n)
		require.NoError(t, err)
		size := (c.count-1)*c.dist + (c.n-1)*c.stride + 1
		x := randomData(size, 5)
		want := append([]complex128(nil), x...)
		require.NoError(t, p.ForwardStrided(want, c.count, c.stride, c.dist))
		for threads := 2; threads <= 5; threads++ {
			require.NoError(t, p.SetThreads(threads))
			got := append([]complex128(nil), x...)
			require.NoError(t, p.ForwardStrided(got, c.count, c.stride, c.dist))
			requireSameBits128(t, want, got, fmt.Sprintf("%+v threads=%d", c, threads))
		}
		require.NoError(t, p.SetThreads(1))
	}
}

func TestSetThreads(t *testing.T) {
	p, err := NewPlan(64)
	require.NoError(t, err)
	require.Equal(t, 1, p.Threads())
	require.NoError(t, p.SetThreads(0))
	require.Equal(t, runtime.GOMAXPROCS(0), p.Threads())
	require.ErrorIs(t, p.SetThreads(-1), ErrThreads)
	require.ErrorIs(t, p.SetThreads(maxThreads+1), ErrThreads)
	require.Equal(t, runtime.GOMAXPROCS(0), p.Threads())
	require.NoError(t, p.SetThreads(3))
	require.Equal(t, 3, p.Clone().Threads())

	p64, err := NewPlan64(64)
	require.NoError(t, err)
	require.Equal(t, 1, p64.Threads())
	require.NoError(t, p64.SetThreads(2))
	require.Equal(t, 2, p64.Threads())

	nd, err := NewPlanND(4, 5)
	require.NoError(t, err)
	require.Equal(t, 1, nd.Threads())
	require.ErrorIs(t, nd.SetThreads(-2), ErrThreads)
	require.NoError(t, nd.SetThreads(0))
	require.Equal(t, runtime.GOMAXPROCS(0), nd.Threads())
}

// TestThreadsAllocateNothing: the transforms allocate nothing with several
// threads either (once the worker pool has started).
func TestThreadsAllocateNothing(t *testing.T) {
	for _, forced := range []bool{false, true} {
		if forced {
			splitEverything(t)
		}
		for _, n := range []int{1024, 1 << 15, 3 * 1031, 5 * 7 * 11 * 13} {
			p, err := NewPlan(n)
			require.NoError(t, err)
			require.NoError(t, p.SetThreads(3))
			x := randomData(n, 1)
			require.NoError(t, p.Forward(x, x))
			require.Zero(t, testing.AllocsPerRun(10, func() { _ = p.Forward(x, x) }), "n=%d", n)
			require.Zero(t, testing.AllocsPerRun(10, func() { _ = p.Backward(x, x) }), "n=%d", n)
			p64, err := NewPlan64(n)
			require.NoError(t, err)
			require.NoError(t, p64.SetThreads(3))
			x64 := narrow(x)
			require.NoError(t, p64.Forward(x64, x64))
			require.Zero(t, testing.AllocsPerRun(10, func() { _ = p64.Forward(x64, x64) }), "complex64 n=%d", n)
		}
		for _, dims := range [][]int{{256, 256}, {30, 40, 50}, {67, 300}, {16, 4096}} {
			p, err := NewPlanND(dims...)
			require.NoError(t, err)
			require.NoError(t, p.SetThreads(3))
			x := randomData(p.Len(), 1)
			require.NoError(t, p.Forward(x, x))
			require.Zero(t, testing.AllocsPerRun(10, func() { _ = p.Forward(x, x) }), "dims=%v", dims)
		}
	}
}

func TestSplitPoint(t *testing.T) {
	for _, total := range []int{0, 1, 7, 8, 100, 1001} {
		for parts := 1; parts <= 6; parts++ {
			for _, align := range []int{1, 8} {
				prev := 0
				require.Equal(t, 0, splitPoint(total, parts, 0, align))
				for i := 1; i <= parts; i++ {
					c := splitPoint(total, parts, i, align)
					require.GreaterOrEqual(t, c, prev)
					if i < parts {
						require.Zero(t, c%align)
					}
					prev = c
				}
				require.Equal(t, total, prev)
			}
		}
	}
}
