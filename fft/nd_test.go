package fft

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// naiveND applies 1D plans along each axis of data (dims[0] fastest),
// copying every line out and back.
func naiveND(t *testing.T, data []complex128, dims []int, backward bool) {
	stride := 1
	for _, d := range dims {
		p, err := NewPlan(d)
		require.NoError(t, err)
		block := stride * d
		line := make([]complex128, d)
		for off := 0; off < len(data); off += block {
			for c := 0; c < stride; c++ {
				for j := range line {
					line[j] = data[off+c+j*stride]
				}
				if backward {
					require.NoError(t, p.Backward(line, line))
				} else {
					require.NoError(t, p.Forward(line, line))
				}
				for j, v := range line {
					data[off+c+j*stride] = v
				}
			}
		}
		stride = block
	}
}

// directND is the multi-dimensional DFT summed directly (for small arrays).
func directND(x []complex128, dims []int, sign float64) []complex128 {
	full := append(append([]int(nil), dims...), 1, 1)[:3]
	n0, n1, n2 := full[0], full[1], full[2]
	out := make([]complex128, len(x))
	for k2 := 0; k2 < n2; k2++ {
		for k1 := 0; k1 < n1; k1++ {
			for k0 := 0; k0 < n0; k0++ {
				var re, im ddAcc
				for j2 := 0; j2 < n2; j2++ {
					for j1 := 0; j1 < n1; j1++ {
						for j0 := 0; j0 < n0; j0++ {
							// Phase in turns, reduced exactly.
							turns := float64((j0*k0)%n0)/float64(n0) + float64((j1*k1)%n1)/float64(n1) +
								float64((j2*k2)%n2)/float64(n2)
							s, c := math.Sincos(2 * math.Pi * turns)
							v := x[j0+n0*(j1+n1*j2)]
							re.addProduct(real(v), c)
							re.addProduct(-imag(v), sign*s)
							im.addProduct(real(v), sign*s)
							im.addProduct(imag(v), c)
						}
					}
				}
				out[k0+n0*(k1+n1*k2)] = complex(re.value(), im.value())
			}
		}
	}
	return out
}

func TestND(t *testing.T) {
	cases := [][]int{
		{1}, {13}, {1, 1}, {5, 1}, {1, 7}, {6, 10}, {4, 6, 8}, {3, 5, 7},
		{1, 1, 9}, {2, 1, 3}, {37, 3}, {3, 41}, {200, 3}, {2, 70, 3}, {64, 64},
	}
	for _, dims := range cases {
		p, err := NewPlanND(dims...)
		require.NoError(t, err)
		require.Equal(t, dims, p.Dims())
		n := p.Len()
		x := randomData(n, uint64(n))
		for _, backward := range []bool{false, true} {
			run := p.Forward
			sign := -1.0
			if backward {
				run, sign = p.Backward, 1
			}
			want := append([]complex128(nil), x...)
			naiveND(t, want, dims, backward)

			got := make([]complex128, n)
			require.NoError(t, run(got, x))
			require.Equal(t, want, got, "dims %v backward=%v", dims, backward)

			inPlace := append([]complex128(nil), x...)
			require.NoError(t, run(inPlace, inPlace))
			require.Equal(t, want, inPlace, "in place, dims %v", dims)

			if n <= 300 {
				require.LessOrEqual(t, relErr(got, directND(x, dims, sign)), tolerance(n), "direct, dims %v", dims)
			}
		}
		// Round trip through a clone.
		c := p.Clone()
		y := make([]complex128, n)
		require.NoError(t, c.Forward(y, x))
		require.NoError(t, c.Backward(y, y))
		for i := range y {
			y[i] /= complex(float64(n), 0)
		}
		require.LessOrEqual(t, relErr(y, x), 2*tolerance(n), "round trip dims %v", dims)
	}
}
