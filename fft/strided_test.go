package fft

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// linesByCopy is the reference of the strided transforms: copy each line
// out, transform it with Forward/Backward, copy it back.
func linesByCopy(t *testing.T, p *Plan, data []complex128, count, stride, dist int, backward bool) {
	n := p.Len()
	line := make([]complex128, n)
	for i := 0; i < count; i++ {
		for j := range line {
			line[j] = data[i*dist+j*stride]
		}
		if backward {
			require.NoError(t, p.Backward(line, line))
		} else {
			require.NoError(t, p.Forward(line, line))
		}
		for j, v := range line {
			data[i*dist+j*stride] = v
		}
	}
}

func TestStrided(t *testing.T) {
	type layout struct{ n, count, stride, dist int }
	var cases []layout
	for _, n := range []int{1, 2, 5, 16, 30, 37, 64, 100, 256} {
		cases = append(cases,
			layout{n, 7, 1, n},           // contiguous lines
			layout{n, 5, 1, n + 3},       // contiguous lines with gaps
			layout{n, 9, 9, 1},           // interleaved columns
			layout{n, 300, 300, 1},       // many interleaved columns (several blocks)
			layout{n, 4, 11, 2},          // interleaved with gaps
			layout{n, 3, 2, 2*n + 1},     // strided lines far apart
			layout{n, 1, 3, 0},           // a single strided line
			layout{n, 6, 6*n + 1, 2 * n}, // dist < stride: lines 2n apart, elements 6n+1 apart
		)
	}
	for _, c := range cases {
		p, err := NewPlan(c.n)
		require.NoError(t, err)
		size := (c.count-1)*c.dist + (c.n-1)*c.stride + 1 + 5
		for _, backward := range []bool{false, true} {
			data := randomData(size, uint64(size))
			want := append([]complex128(nil), data...)
			linesByCopy(t, p, want, c.count, c.stride, c.dist, backward)
			if backward {
				require.NoError(t, p.BackwardStrided(data, c.count, c.stride, c.dist))
			} else {
				require.NoError(t, p.ForwardStrided(data, c.count, c.stride, c.dist))
			}
			// Bit for bit, and elements outside the lines untouched.
			require.Equal(t, want, data, "%+v backward=%v", c, backward)
		}
	}
}

func TestStrided64(t *testing.T) {
	for _, n := range []int{8, 45, 53} {
		p, err := NewPlan64(n)
		require.NoError(t, err)
		count := 20
		data := narrow(randomData(n*count, 9))
		want := append([]complex64(nil), data...)
		line := make([]complex64, n)
		for i := 0; i < count; i++ {
			for j := range line {
				line[j] = want[i+j*count]
			}
			require.NoError(t, p.Forward(line, line))
			for j, v := range line {
				want[i+j*count] = v
			}
		}
		require.NoError(t, p.ForwardStrided(data, count, count, 1))
		require.Equal(t, want, data, "n=%d", n)
		require.ErrorIs(t, p.ForwardStrided(data, count, 1, 1), ErrLayout)
	}
}
