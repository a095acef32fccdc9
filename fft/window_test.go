package fft

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// windowShapes are the arrays of the windowed tests: short axes (gathered
// as blocks), odd and even lengths, a Bluestein axis, a length-1 axis.
var windowShapes = [][]int{{16}, {6, 10}, {7, 9}, {64, 67}, {1, 12}, {12, 1}, {4, 6, 8}, {5, 1, 7}, {9, 10, 11}, {70, 3, 5}}

// randomWindow returns a window of an axis of n: empty, full, or random
// low and high parts (covering everything or not).
func randomWindow(rng *rand.Rand, n int) Window {
	switch rng.IntN(5) {
	case 0:
		return FullWindow(n)
	case 1:
		return Window{}
	}
	return Window{Low: rng.IntN(n + 1), High: rng.IntN(n + 1)}
}

// inWindow reports whether the element at flat index i of an array of
// dims lies in the windows ws.
func inWindow(i int, dims []int, ws []Window) bool {
	for a, n := range dims {
		k := i % n
		i /= n
		if k >= ws[a].Low && k < n-ws[a].High {
			return false
		}
	}
	return true
}

// windowedCase zeroes x outside in, runs ForwardWindowed or
// BackwardWindowed on it and checks every output inside out against the
// full transform: bit for bit when in is full, as numbers otherwise.
func windowedCase(t *testing.T, p *PlanND, x []complex128, in, out []Window, backward bool) []complex128 {
	t.Helper()
	dims := p.Dims()
	full := make([]complex128, len(x))
	for i, v := range x {
		if inWindow(i, dims, in) {
			full[i] = v
		}
	}
	data := append([]complex128(nil), full...)
	if backward {
		require.NoError(t, p.Backward(full, full))
		require.NoError(t, p.BackwardWindowed(data, in, out))
	} else {
		require.NoError(t, p.Forward(full, full))
		require.NoError(t, p.ForwardWindowed(data, in, out))
	}
	allIn := true
	for a, n := range dims {
		allIn = allIn && in[a].Low+in[a].High >= n
	}
	for i := range data {
		if !inWindow(i, dims, out) {
			continue
		}
		msg := fmt.Sprintf("dims %v in %v out %v backward %v: element %d", dims, in, out, backward, i)
		if allIn {
			requireSameBits128(t, full[i:i+1], data[i:i+1], msg)
		} else {
			require.Equal(t, full[i] == data[i], true, "%s: want %v, got %v", msg, full[i], data[i])
		}
	}
	return data
}

func TestWindowedMatchesFull(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, dims := range windowShapes {
		p, err := NewPlanND(dims...)
		require.NoError(t, err)
		for rep := range 12 {
			x := randomData(p.Len(), uint64(rep))
			in, out := make([]Window, len(dims)), make([]Window, len(dims))
			for a, n := range dims {
				in[a], out[a] = FullWindow(n), randomWindow(rng, n)
				if rep%2 == 1 {
					// The NUFFT's Type 2: modes in, everything out.
					in[a], out[a] = out[a], FullWindow(n)
				}
			}
			windowedCase(t, p, x, in, out, rep%3 == 0)
		}
	}
}

// TestWindowedThreads: every thread count gives the bits of one thread,
// with the default thresholds and with every split forced.
func TestWindowedThreads(t *testing.T) {
	for _, forced := range []bool{false, true} {
		t.Run(fmt.Sprintf("forced=%v", forced), func(t *testing.T) {
			if forced {
				splitEverything(t)
			}
			rng := rand.New(rand.NewPCG(13, 14))
			shapes := append(windowShapes, []int{256, 300})
			for _, dims := range shapes {
				p, err := NewPlanND(dims...)
				require.NoError(t, err)
				x := randomData(p.Len(), 5)
				in, out := make([]Window, len(dims)), make([]Window, len(dims))
				for a, n := range dims {
					in[a], out[a] = randomWindow(rng, n), randomWindow(rng, n)
				}
				want := append([]complex128(nil), x...)
				require.NoError(t, p.ForwardWindowed(want, in, out))
				for threads := 2; threads <= 4; threads++ {
					require.NoError(t, p.SetThreads(threads))
					got := append([]complex128(nil), x...)
					require.NoError(t, p.ForwardWindowed(got, in, out))
					requireSameBits128(t, want, got, fmt.Sprintf("dims %v threads %d", dims, threads))
				}
				require.NoError(t, p.SetThreads(1))
			}
		})
	}
}

func TestWindowedErrors(t *testing.T) {
	p, err := NewPlanND(4, 6)
	require.NoError(t, err)
	full := []Window{FullWindow(4), FullWindow(6)}
	data := make([]complex128, 24)
	require.ErrorIs(t, p.ForwardWindowed(data[:23], full, full), ErrLength)
	require.ErrorIs(t, p.ForwardWindowed(data, full[:1], full), ErrLayout)
	require.ErrorIs(t, p.BackwardWindowed(data, full, []Window{{Low: -1}, {}}), ErrLayout)
	require.ErrorIs(t, p.BackwardWindowed(data, []Window{{High: 5}, {}}, full), ErrLayout)
}

func TestWindowedNoAllocations(t *testing.T) {
	for _, threads := range []int{1, 2} {
		p, err := NewPlanND(64, 300)
		require.NoError(t, err)
		require.NoError(t, p.SetThreads(threads))
		x := randomData(p.Len(), 1)
		in := []Window{FullWindow(64), FullWindow(300)}
		out := []Window{{Low: 16, High: 16}, {Low: 75, High: 75}}
		require.NoError(t, p.ForwardWindowed(x, in, out))
		allocs := testing.AllocsPerRun(5, func() { _ = p.ForwardWindowed(x, in, out) })
		require.Zero(t, allocs, "threads %d", threads)
	}
}
