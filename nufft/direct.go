package nufft

import (
	"fmt"
	"math"

	"github.com/numkern/numkern/internal/mod2pi"
)

// Direct computes the transform by its defining sums, in O(N·M) operations:
// the oracle NUFFT results are checked against. It takes the conventions of
// opts (Sign, ModeOrder, Normalize; Tol, Threads and Upsample are ignored)
// and the arguments of NewPlan, SetPoints and Execute together: for Type 1,
// c is the input and f the output; for Type 2 the reverse.
//
// Direct is accurate to a few units of rounding whatever the size of x or
// k: each phase k·x is reduced modulo 2π exactly before its sine and cosine
// are taken, and the sums are compensated (Neumaier).
func Direct(t Type, modes []int, coords [][]float64, c, f []complex128, opts *Options) error {
	nmode, n, set, err := checkDirect(t, modes, coords, opts)
	if err != nil {
		return err
	}
	if len(c) != n {
		return fmt.Errorf("nufft: c has length %d, want %d (the number of points)", len(c), n)
	}
	if len(f) != nmode {
		return fmt.Errorf("nufft: f has length %d, want %d (the number of modes)", len(f), nmode)
	}

	dims := len(modes)
	// phase[d][i] = e^{±i k·x_j} for mode position i in dimension d, for the
	// current point j.
	var phase [3][]complex128
	for d, m := range modes {
		phase[d] = make([]complex128, m)
	}
	for d := dims; d < 3; d++ {
		phase[d] = []complex128{1}
	}
	sums := make([]compensated, nmode)
	if t == Type2 {
		sums = sums[:1]
	}
	for j := range n {
		for d := range dims {
			hi, lo := mod2pi.Frac(coords[d][j])
			for i := range phase[d] {
				phase[d][i] = cisTurns(float64(set.sign*modeOf(i, modes[d], set.order)), hi, lo)
			}
		}
		if t == Type2 {
			sums[0] = compensated{}
		}
		out := 0
		for _, e2 := range phase[2] {
			for _, e1 := range phase[1] {
				e12 := e1 * e2 // fusion-ok: the oracle needs accuracy, not reproducible bits
				for _, e0 := range phase[0] {
					if t == Type1 {
						sums[out].add(c[j] * (e0 * e12)) // fusion-ok: the oracle needs accuracy, not reproducible bits
					} else {
						sums[0].add(f[out] * (e0 * e12)) // fusion-ok: the oracle needs accuracy, not reproducible bits
					}
					out++
				}
			}
		}
		if t == Type2 {
			c[j] = sums[0].value()
		}
	}
	if t == Type1 {
		scale := 1.0
		if set.normalize && n > 0 {
			scale = 1 / float64(n)
		}
		for i := range f {
			f[i] = sums[i].value() * complex(scale, 0) // fusion-ok: the oracle needs accuracy, not reproducible bits
		}
	}
	return nil
}

// cisTurns returns e^{2πi·k·(hi+lo)} for an integer k and a double-double
// fraction of a turn hi+lo ∈ [0,1): the product is formed exactly and reduced
// to the nearest turn before the angle is formed, so the phase is accurate
// to a few ulps of 2π whatever the size of k.
func cisTurns(k, hi, lo float64) complex128 {
	p := float64(k * hi)     // rounded: p - Round(p) must not be fused with it
	e := math.FMA(k, hi, -p) // k·hi - p exactly
	p -= math.Round(p)       // exact: |p| < 2^53
	turns := p + math.FMA(k, lo, e)
	s, c := math.Sincos(2 * math.Pi * turns) // fusion-ok: the oracle needs accuracy, not reproducible bits
	return complex(c, s)
}

// compensated is a complex sum with Neumaier's compensation per component.
type compensated struct{ re, im, errRe, errIm float64 }

func (s *compensated) add(v complex128) {
	s.re, s.errRe = twoSumAdd(s.re, s.errRe, real(v))
	s.im, s.errIm = twoSumAdd(s.im, s.errIm, imag(v))
}

func (s *compensated) value() complex128 {
	return complex(s.re+s.errRe, s.im+s.errIm)
}

// twoSumAdd adds x to the sum s, accumulating the rounding error in e.
func twoSumAdd(s, e, x float64) (float64, float64) {
	t := s + x
	if math.Abs(s) >= math.Abs(x) {
		e += (s - t) + x
	} else {
		e += (x - t) + s
	}
	return t, e
}

// checkDirect validates the arguments Direct and DirectAt share and returns
// the number of modes and points and the settings.
func checkDirect(t Type, modes []int, coords [][]float64, opts *Options) (nmode, n int, set settings, err error) {
	if t != Type1 && t != Type2 {
		return 0, 0, set, fmt.Errorf("nufft: unknown transform type %d", int(t))
	}
	if nmode, err = checkModes(modes); err != nil {
		return 0, 0, set, err
	}
	if set, err = parseOptions(opts); err != nil {
		return 0, 0, set, err
	}
	n, err = checkPoints(len(modes), coords)
	return nmode, n, set, err
}

// DirectAt computes selected outputs of the transform by their defining sums:
// for Type 1 the modes at positions at[i] of f, for Type 2 the points at[i].
// It is Direct for problems too large to sum in full; out[i] receives output
// at[i]. Conventions and accuracy are those of Direct.
func DirectAt(t Type, modes []int, coords [][]float64, in []complex128, at []int, out []complex128, opts *Options) error {
	nmode, n, set, err := checkDirect(t, modes, coords, opts)
	if err != nil {
		return err
	}
	inLen, outLen := n, nmode
	if t == Type2 {
		inLen, outLen = nmode, n
	}
	if len(in) != inLen {
		return fmt.Errorf("nufft: input has length %d, want %d", len(in), inLen)
	}
	if len(out) != len(at) {
		return fmt.Errorf("nufft: %d outputs requested into a slice of length %d", len(at), len(out))
	}
	for _, a := range at {
		if a < 0 || a >= outLen {
			return fmt.Errorf("nufft: output index %d outside [0, %d)", a, outLen)
		}
	}
	dims := len(modes)
	var m [3]int
	for d := range m {
		m[d] = 1
		if d < dims {
			m[d] = modes[d]
		}
	}
	// frac[d][j] is point j's coordinate d as a double-double turn fraction.
	type turn struct{ hi, lo float64 }
	frac := make([][]turn, dims)
	for d := range dims {
		frac[d] = make([]turn, n)
		for j, x := range coords[d] {
			frac[d][j].hi, frac[d][j].lo = mod2pi.Frac(x)
		}
	}
	// phase returns e^{±i k·x_j} for the mode at position pos of f.
	phase := func(pos, j int) complex128 {
		v := complex(1, 0)
		for d := range dims {
			k := modeOf(pos%m[d], m[d], set.order)
			pos /= m[d]
			v *= cisTurns(float64(set.sign*k), frac[d][j].hi, frac[d][j].lo)
		}
		return v
	}
	for i, a := range at {
		var s compensated
		if t == Type1 {
			for j := range n {
				s.add(in[j] * phase(a, j)) // fusion-ok: the oracle needs accuracy, not reproducible bits
			}
			out[i] = s.value()
			if set.normalize && n > 0 {
				out[i] /= complex(float64(n), 0)
			}
		} else {
			for pos := range nmode {
				s.add(in[pos] * phase(pos, a)) // fusion-ok: the oracle needs accuracy, not reproducible bits
			}
			out[i] = s.value()
		}
	}
	return nil
}
