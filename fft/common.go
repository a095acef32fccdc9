package fft

import (
	"errors"
	"fmt"
	"unsafe"
)

// Errors returned by the package, wrapped with details; test with errors.Is.
var (
	// ErrLength reports an invalid transform length or dimension.
	ErrLength = errors.New("invalid transform length")
	// ErrSize reports a slice whose length does not match the plan.
	ErrSize = errors.New("slice length does not match the plan")
	// ErrOverlap reports dst and src that overlap without being the same
	// slice.
	ErrOverlap = errors.New("dst and src overlap partially")
	// ErrLayout reports an invalid count, stride or distance of a strided
	// transform, lines that do not fit in the data, or lines that overlap.
	ErrLayout = errors.New("invalid strided layout")
)

// algorithm is the method an engine uses for its length.
type algorithm uint8

const (
	identity algorithm = iota // n = 1
	stockham                  // all prime factors ≤ maxDirectPrime
	chirpZ                    // Bluestein, for a prime factor > maxDirectPrime
)

// checkPair validates the dst and src of a one-dimensional transform.
func checkPair[T complex64 | complex128](dst, src []T, n int) error {
	if len(dst) != n || len(src) != n {
		return fmt.Errorf("fft: len(dst) = %d, len(src) = %d, want %d: %w", len(dst), len(src), n, ErrSize)
	}
	if partialOverlap(dst, src) {
		return fmt.Errorf("fft: %w", ErrOverlap)
	}
	return nil
}

// partialOverlap reports whether a and b share memory without starting at
// the same element.
func partialOverlap[T complex64 | complex128](a, b []T) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	size := unsafe.Sizeof(a[0])
	pa := uintptr(unsafe.Pointer(unsafe.SliceData(a)))
	pb := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if pa == pb {
		return false
	}
	return pa < pb+uintptr(len(b))*size && pb < pa+uintptr(len(a))*size
}

// chirpPhases returns j² mod 2n for j < n, the phases of the Bluestein chirp
// e^{−πi j²/n} = e^{−2πi (j² mod 2n)/(2n)}, computed exactly in integers
// with (j+1)² = j² + 2j + 1.
func chirpPhases(n int) []int {
	ph := make([]int, n)
	sq := 0
	for j := range ph {
		ph[j] = sq
		sq = (sq + 2*j + 1) % (2 * n)
	}
	return ph
}

// bluesteinSpectrum returns the Bluestein convolution kernel in the
// frequency domain: the length-m forward transform of b with
// b_l = conj(c_l) for |l| < n (negative l wrapped to m+l) and 0 elsewhere,
// divided by m. It is always computed in complex128, also for complex64
// plans, which round the result once.
func bluesteinSpectrum(n, m int) []complex128 {
	b := make([]complex128, m)
	for l, t := range chirpPhases(n) {
		re, im := twiddle(t, 2*n)
		b[l] = complex(re, -im)
		if l > 0 {
			b[m-l] = b[l]
		}
	}
	eng := newEngine128(m)
	eng.run(b, b, eng.newWorkspace(), false)
	scale := 1 / float64(m) // a power of two: exact
	for k, v := range b {
		b[k] = complex(float64(real(v)*scale), float64(imag(v)*scale))
	}
	return b
}

// Strided transforms.
const (
	// minGatheredLine is the length from which contiguous lines are
	// transformed one call at a time; shorter ones are gathered in blocks.
	minGatheredLine = 64
	// lineBlockElems is the target size of a gathered block of lines.
	lineBlockElems = 1 << 13
	// longLineGroup is the number of Bluestein lines gathered together.
	longLineGroup = 4
)

// lineBlockWidth returns how many lines of length n a strided transform
// gathers into one block.
func lineBlockWidth(n int) int {
	return min(max(lineBlockElems/n, 4), 256)
}

// checkLines validates the layout of a strided transform of count lines of
// n elements data[i·dist + j·stride] in a slice of length dataLen.
func checkLines(dataLen, n, count, stride, dist int) error {
	if count < 0 || stride < 1 || dist < 0 {
		return fmt.Errorf("fft: count = %d, stride = %d, dist = %d: need count ≥ 0, stride ≥ 1, dist ≥ 0: %w",
			count, stride, dist, ErrLayout)
	}
	if count == 0 {
		return nil
	}
	// The last element, (count−1)·dist + (n−1)·stride, must be inside data;
	// the divisions avoid overflow.
	if (count > 1 && dist > (dataLen-1)/(count-1)) || (n > 1 && stride > (dataLen-1)/(n-1)) ||
		dataLen == 0 || (count-1)*dist+(n-1)*stride >= dataLen {
		return fmt.Errorf("fft: %d lines of %d elements with stride %d and distance %d do not fit in %d elements: %w",
			count, n, stride, dist, dataLen, ErrLayout)
	}
	// Lines i ≠ i' share an element iff (i−i')·dist = (j'−j)·stride has a
	// solution; the smallest one is |i−i'| = stride/g, |j'−j| = dist/g with
	// g = gcd(dist, stride).
	g := gcd(dist, stride)
	if stride/g < count && dist/g < n {
		return fmt.Errorf("fft: %d lines of %d elements with stride %d and distance %d overlap: %w",
			count, n, stride, dist, ErrLayout)
	}
	return nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
