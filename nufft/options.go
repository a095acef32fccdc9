package nufft

import (
	"fmt"
	"math"
	"runtime"
)

// Type selects the transform.
type Type int

const (
	// Type1 maps strengths at non-uniform points to uniform Fourier modes:
	// f[k] = Σ_j c[j] e^{±i k·x_j}.
	Type1 Type = 1
	// Type2 evaluates a Fourier series at non-uniform points, the adjoint of
	// Type1: c[j] = Σ_k f[k] e^{±i k·x_j}.
	Type2 Type = 2
)

// String returns "type 1" or "type 2".
func (t Type) String() string {
	switch t {
	case Type1:
		return "type 1"
	case Type2:
		return "type 2"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// ModeOrder is the order of the modes along each dimension of f.
type ModeOrder int

const (
	// Centered lists modes from -⌊M/2⌋ to ⌈M/2⌉-1; it is the default.
	Centered ModeOrder = iota
	// FFTOrder lists modes 0 … ⌈M/2⌉-1 and then -⌊M/2⌋ … -1, as an FFT does.
	FFTOrder
)

// String returns "centered" or "fft".
func (o ModeOrder) String() string {
	switch o {
	case Centered:
		return "centered"
	case FFTOrder:
		return "fft"
	}
	return fmt.Sprintf("ModeOrder(%d)", int(o))
}

// DefaultTol is the tolerance used when no Options are given.
const DefaultTol = 1e-6

// Options tune a transform. The zero value is not valid (Tol must be set);
// a nil *Options means DefaultTol and every other field zero.
type Options struct {
	// Tol is the requested relative l2 error, in (0, 1). Requests below
	// 1e-15 are treated as 1e-15.
	Tol float64
	// Sign is the sign of the exponent: +1 or -1; 0 means +1.
	Sign int
	// ModeOrder is the order of modes along each dimension.
	ModeOrder ModeOrder
	// Normalize divides Type-1 results by the number of points, the
	// convention of the CMCL Fortran code and nufftpy. Type 2 ignores it.
	Normalize bool
	// Threads is the number of goroutines a plan may use; 0 means
	// runtime.GOMAXPROCS(0). Results do not depend on it.
	Threads int
	// Upsample is the oversampling ratio σ of the fine grid, in [1.25, 4];
	// 0 chooses it from Tol: 2, or 3 when Tol < 1e-11.
	Upsample float64
}

// settings are validated options with defaults filled in.
type settings struct {
	tol       float64
	sign      int
	order     ModeOrder
	normalize bool
	threads   int
	upsample  float64
}

func parseOptions(opts *Options) (settings, error) {
	o := Options{Tol: DefaultTol}
	if opts != nil {
		o = *opts
	}
	s := settings{tol: o.Tol, sign: o.Sign, order: o.ModeOrder, normalize: o.Normalize, threads: o.Threads, upsample: o.Upsample}
	switch {
	case !(o.Tol > 0 && o.Tol < 1):
		return s, fmt.Errorf("nufft: tolerance %v outside (0, 1)", o.Tol)
	case o.Sign != 0 && o.Sign != 1 && o.Sign != -1:
		return s, fmt.Errorf("nufft: sign %d, want +1 or -1", o.Sign)
	case o.ModeOrder != Centered && o.ModeOrder != FFTOrder:
		return s, fmt.Errorf("nufft: unknown mode order %d", int(o.ModeOrder))
	case o.Threads < 0:
		return s, fmt.Errorf("nufft: %d threads", o.Threads)
	case o.Upsample != 0 && !(o.Upsample >= 1.25 && o.Upsample <= 4):
		return s, fmt.Errorf("nufft: upsampling ratio %v outside [1.25, 4]", o.Upsample)
	}
	if s.sign == 0 {
		s.sign = 1
	}
	if s.threads == 0 {
		s.threads = runtime.GOMAXPROCS(0)
	}
	if s.upsample == 0 {
		s.upsample = 2
		if s.tol < 1e-11 {
			s.upsample = 3
		}
	}
	return s, nil
}

// checkModes validates a mode-count vector and returns the total mode count.
func checkModes(modes []int) (int, error) {
	if len(modes) < 1 || len(modes) > 3 {
		return 0, fmt.Errorf("nufft: %d dimensions, want 1 to 3", len(modes))
	}
	total := 1
	for d, m := range modes {
		if m < 1 {
			return 0, fmt.Errorf("nufft: %d modes in dimension %d, want at least 1", m, d)
		}
		if m > maxModes || total > maxModes/m {
			return 0, fmt.Errorf("nufft: %v modes exceed the supported %d", modes, maxModes)
		}
		total *= m
	}
	return total, nil
}

// maxModes bounds the number of modes so that the fine grid, σ^d times
// larger, stays addressable with int32 indices per dimension and within
// memory a machine could have.
const maxModes = 1 << 30

// checkPoints validates coordinate slices and returns the number of points.
func checkPoints(dims int, coords [][]float64) (int, error) {
	if len(coords) != dims {
		return 0, fmt.Errorf("nufft: %d coordinate slices for %d dimensions", len(coords), dims)
	}
	n := len(coords[0])
	for d, x := range coords {
		if len(x) != n {
			return 0, fmt.Errorf("nufft: coordinate slice %d has length %d, slice 0 has %d", d, len(x), n)
		}
		for j, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("nufft: coordinate %d of point %d is %v", d, j, v)
			}
		}
	}
	return n, nil
}

// modeOf returns the integer mode at position i of m modes in order o.
func modeOf(i, m int, o ModeOrder) int {
	if o == FFTOrder {
		if i < (m+1)/2 {
			return i
		}
		return i - m
	}
	return i - m/2
}
