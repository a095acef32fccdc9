package fft

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/numkern/numkern/internal/golden"
	"github.com/stretchr/testify/require"
)

// goldenLengths cover every kernel: radix 2, 3, 4, 5, the generic odd
// primes up to 61, Bluestein, and the complex64 twins.
var goldenLengths = []int{1, 2, 3, 4, 5, 7, 8, 11, 13, 16, 30, 31, 37, 61, 64, 67, 97, 100, 210, 243, 1000, 1024, 3 * 17 * 19, 29 * 23 * 4, 4096, 2 * 1031}

// goldenDigests transforms fixed data with every golden length, forward and
// backward, in complex128 and complex64, and with a few ND layouts, and
// returns a SHA-256 of the result bits per length and per ND shape.
func goldenDigests(t *testing.T) map[string]string {
	digests := map[string]string{}
	h := sha256.New()
	var buf [8]byte
	put := func(x float64) {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(x))
		h.Write(buf[:])
	}
	for _, n := range goldenLengths {
		h.Reset()
		x := randomData(n, uint64(1000+n))
		p, err := NewPlan(n)
		require.NoError(t, err)
		p64, err := NewPlan64(n)
		require.NoError(t, err)
		y := make([]complex128, n)
		y64 := make([]complex64, n)
		for _, backward := range []bool{false, true} {
			if backward {
				require.NoError(t, p.Backward(y, x))
				require.NoError(t, p64.Backward(y64, narrow(x)))
			} else {
				require.NoError(t, p.Forward(y, x))
				require.NoError(t, p64.Forward(y64, narrow(x)))
			}
			for i := range y {
				put(real(y[i]))
				put(imag(y[i]))
				put(float64(real(y64[i])))
				put(float64(imag(y64[i])))
			}
		}
		digests[fmt.Sprintf("n=%d", n)] = fmt.Sprintf("%x", h.Sum(nil))
	}
	for _, dims := range [][]int{{6, 10}, {4, 6, 8}, {3, 37}} {
		h.Reset()
		p, err := NewPlanND(dims...)
		require.NoError(t, err)
		x := randomData(p.Len(), 77)
		require.NoError(t, p.Forward(x, x))
		for _, v := range x {
			put(real(v))
			put(imag(v))
		}
		digests[fmt.Sprintf("nd=%v", dims)] = fmt.Sprintf("%x", h.Sum(nil))
	}
	return digests
}

// TestGolden pins the result bits. The package promises bit-identical
// results on every architecture and GOAMD64 level (every product that feeds
// an addition is explicitly fused or rounded), and SIMD kernels must
// reproduce them: any change of operation order, constant or algorithm
// choice fails here, naming the length. `make test` runs it with
// GOAMD64=v3 and on arm64 too. Rewrite with `go test ./... -update`.
func TestGolden(t *testing.T) {
	golden.Check(t, "fft/digests.json", goldenDigests(t))
}
