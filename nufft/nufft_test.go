package nufft

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// emulated reports whether tests run under instruction emulation (qemu for
// arm64 in `make test`), where they must stay small.
func emulated() bool { return runtime.GOARCH != "amd64" }

// hardPoints returns n points per dimension that exercise the reduction and
// the grid: random points over many turns, far-off points, exact duplicates,
// points on fine-grid nodes (multiples of 2π/fine) and at ±π.
func hardPoints(rng *rand.Rand, dims, n int, fine []int) [][]float64 {
	coords := make([][]float64, dims)
	for d := range coords {
		x := make([]float64, n)
		for j := range x {
			switch j % 8 {
			case 0:
				x[j] = math.Pi
			case 1:
				x[j] = -math.Pi
			case 2:
				x[j] = 2 * math.Pi * float64(rng.IntN(fine[d])) / float64(fine[d]) // a fine-grid node
			case 3:
				x[j] = (rng.Float64() - 0.5) * 2e6 // far from the origin
			case 4:
				if j > 0 {
					x[j] = x[j-1] // a duplicate of its neighbour
				}
			default:
				x[j] = (rng.Float64() - 0.5) * 6 * math.Pi
			}
		}
		coords[d] = x
	}
	return coords
}

func randomComplex(rng *rand.Rand, n int) []complex128 {
	v := make([]complex128, n)
	for i := range v {
		v[i] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	return v
}

// relL2 returns ‖got-want‖/‖want‖.
func relL2(got, want []complex128) float64 {
	var num, den float64
	for i := range want {
		d := got[i] - want[i]
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(want[i])*real(want[i]) + imag(want[i])*imag(want[i])
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

var tolerances = []float64{1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14}

// accuracyShapes are mode counts, odd and even, including 1, per dimension.
var accuracyShapes = [][]int{{1}, {2}, {7}, {32}, {45}, {1, 5}, {8, 7}, {12, 13}, {1, 1, 1}, {4, 5, 3}, {6, 6, 7}}

// runBoth runs the NUFFT and Direct on the same problem and returns the
// relative l2 error of the plan's output, and the rounding floor below which
// no float64 computation of that output can be trusted:
//
//	floor = 2ε·‖ |A|·|in| ‖ / ‖A·in‖,
//
// the classical bound for a sum whose terms cancel (A the transform). For
// random inputs it is about 1e-15; it matters only when one output nearly
// cancels (a single mode whose strengths sum to almost zero).
func runBoth(t *testing.T, typ Type, modes []int, opts *Options, rng *rand.Rand, n int) (relErr, floor float64) {
	p, err := NewPlan(typ, modes, opts)
	require.NoError(t, err)
	coords := hardPoints(rng, len(modes), n, p.FineGrid())
	require.NoError(t, p.SetPoints(coords...))
	nmode := 1
	for _, m := range modes {
		nmode *= m
	}
	if typ == Type1 {
		c := randomComplex(rng, n)
		got, want := make([]complex128, nmode), make([]complex128, nmode)
		require.NoError(t, p.Execute(c, got))
		require.NoError(t, Direct(typ, modes, coords, c, want, opts))
		floor := roundingFloor(c, want, nmode)
		if opts != nil && opts.Normalize {
			floor /= float64(n) // want carries the 1/N that ‖c‖₁ lacks
		}
		return relL2(got, want), floor
	}
	f := randomComplex(rng, nmode)
	got, want := make([]complex128, n), make([]complex128, n)
	require.NoError(t, p.Execute(got, f))
	require.NoError(t, Direct(typ, modes, coords, want, f, opts))
	return relL2(got, want), roundingFloor(f, want, n)
}

// roundingFloor returns 2ε·‖|A||in|‖/‖out‖ for a transform whose entries
// have modulus 1, with m outputs out = A·in, bounding ‖|A||in|‖ by √m·‖in‖₁.
func roundingFloor(in, out []complex128, m int) float64 {
	var l1, l2 float64
	for _, v := range in {
		l1 += cmplx.Abs(v)
	}
	for _, v := range out {
		l2 += real(v)*real(v) + imag(v)*imag(v)
	}
	if l2 == 0 {
		return 0
	}
	return 2 * 0x1p-52 * l1 * math.Sqrt(float64(m)) / math.Sqrt(l2)
}

// TestAccuracy checks the relative l2 error against Direct for every
// tolerance, dimension, type, sign and mode order, and reports the worst
// err/Tol per dimension.
func TestAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	tols, shapes := tolerances, accuracyShapes
	if emulated() || testing.Short() {
		tols = []float64{1e-2, 1e-6, 1e-9, 1e-13}
		shapes = [][]int{{1}, {7}, {32}, {8, 7}, {4, 5, 3}}
	}
	// worst is err/Tol over the cases the kernel limits; cancellation-bound
	// cases (rounding floor above Tol/10) are counted apart.
	var worst [4]float64
	var worstAt [4]string
	floorBound := 0
	for _, modes := range shapes {
		for _, tol := range tols {
			for _, typ := range []Type{Type1, Type2} {
				for _, sign := range []int{1, -1} {
					order := ModeOrder(rng.IntN(2))
					opts := &Options{Tol: tol, Sign: sign, ModeOrder: order, Normalize: rng.IntN(2) == 0}
					err, floor := runBoth(t, typ, modes, opts, rng, 41)
					d := len(modes)
					if floor > tol/10 {
						floorBound++
					} else if err/tol > worst[d] {
						worst[d], worstAt[d] = err/tol, fmt.Sprintf("%v %v tol=%g sign=%d %v", modes, typ, tol, sign, order)
					}
					require.LessOrEqual(t, err, tol+floor, "modes %v %v tol %g sign %d order %v (rounding floor %.2g)", modes, typ, tol, sign, order, floor)
				}
			}
		}
	}
	for d := 1; d <= 3; d++ {
		t.Logf("%dD worst err/Tol = %.3f (%s)", d, worst[d], worstAt[d])
	}
	t.Logf("%d cases limited by the rounding floor (cancellation), within Tol + floor", floorBound)
}

// TestLargerProblems checks accuracy at sizes where the fine grid is far
// from the kernel width, which the small shapes above cannot show.
func TestLargerProblems(t *testing.T) {
	if emulated() || testing.Short() {
		t.Skip("large problems are slow under emulation")
	}
	rng := rand.New(rand.NewPCG(8, 8))
	for _, tc := range []struct {
		modes []int
		tol   float64
	}{{[]int{1000}, 1e-6}, {[]int{999}, 1e-12}, {[]int{64, 48}, 1e-9}, {[]int{20, 21, 22}, 1e-5}} {
		for _, typ := range []Type{Type1, Type2} {
			err, floor := runBoth(t, typ, tc.modes, &Options{Tol: tc.tol}, rng, 300)
			require.LessOrEqual(t, err, tc.tol+floor, "%v %v tol %g", tc.modes, typ, tc.tol)
		}
	}
}

// TestShiftByTurns checks that coordinates differing by whole turns give the
// same result: the reduction modulo 2π is exact.
func TestShiftByTurns(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	x := make([]float64, 20)
	shifted := make([]float64, len(x))
	for i := range x {
		// Exactly representable turns: k·2π rounds, but x = (k + u)·2π built
		// from the rounded 2π is not a shift of u·2π; compare against
		// Direct instead, which sees the same doubles.
		x[i] = float64(rng.IntN(1<<20)) + rng.Float64()
		shifted[i] = x[i] * 2 * math.Pi
	}
	c := randomComplex(rng, len(x))
	p, err := NewPlan(Type1, []int{16}, &Options{Tol: 1e-12})
	require.NoError(t, err)
	require.NoError(t, p.SetPoints(shifted))
	got, want := make([]complex128, 16), make([]complex128, 16)
	require.NoError(t, p.Execute(c, got))
	require.NoError(t, Direct(Type1, []int{16}, [][]float64{shifted}, c, want, &Options{Tol: 1e-12}))
	require.LessOrEqual(t, relL2(got, want), 1e-12)
}

func TestDirectKnownValues(t *testing.T) {
	// One point at x = π/2 with unit strength: f[k] = e^{i k π/2} = i^k.
	f := make([]complex128, 5)
	require.NoError(t, Direct(Type1, []int{5}, [][]float64{{math.Pi / 2}}, []complex128{1}, f, nil))
	want := []complex128{-1, -1i, 1, 1i, -1} // k = -2 … 2
	for i := range want {
		require.InDelta(t, 0, cmplx.Abs(f[i]-want[i]), 1e-15, "k=%d", i-2)
	}
	// Normalised, two points, sign -1, FFT order.
	f = make([]complex128, 2)
	require.NoError(t, Direct(Type1, []int{2}, [][]float64{{0, math.Pi}}, []complex128{1, 1}, f, &Options{Tol: 1e-6, Sign: -1, ModeOrder: FFTOrder, Normalize: true}))
	require.InDelta(t, 1, real(f[0]), 1e-15) // k = 0: (1+1)/2
	require.InDelta(t, 0, cmplx.Abs(f[1]), 1e-15)
	// Type 2 is the adjoint: one mode k = 1 of a 3-mode series at x = π.
	c := make([]complex128, 1)
	require.NoError(t, Direct(Type2, []int{3}, [][]float64{{math.Pi}}, c, []complex128{0, 0, 2}, nil))
	require.InDelta(t, 0, cmplx.Abs(c[0]+2), 1e-15)
}

func TestZeroPoints(t *testing.T) {
	for _, typ := range []Type{Type1, Type2} {
		p, err := NewPlan(typ, []int{4, 3}, nil)
		require.NoError(t, err)
		require.NoError(t, p.SetPoints(nil, nil))
		f := []complex128{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
		require.NoError(t, p.Execute(nil, f))
		if typ == Type1 {
			require.Equal(t, make([]complex128, 12), f)
		}
	}
}

func TestBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, bad := range []struct {
		typ   Type
		modes []int
		opts  *Options
	}{
		{0, []int{4}, nil},
		{3, []int{4}, nil},
		{Type1, nil, nil},
		{Type1, []int{}, nil},
		{Type1, []int{1, 2, 3, 4}, nil},
		{Type1, []int{0}, nil},
		{Type1, []int{4, -1}, nil},
		{Type1, []int{1 << 20, 1 << 20}, nil},
		{Type1, []int{4}, &Options{}},
		{Type1, []int{4}, &Options{Tol: 0}},
		{Type1, []int{4}, &Options{Tol: 1}},
		{Type1, []int{4}, &Options{Tol: -1e-6}},
		{Type1, []int{4}, &Options{Tol: nan}},
		{Type1, []int{4}, &Options{Tol: inf}},
		{Type1, []int{4}, &Options{Tol: 1e-6, Sign: 2}},
		{Type1, []int{4}, &Options{Tol: 1e-6, ModeOrder: 7}},
		{Type1, []int{4}, &Options{Tol: 1e-6, Threads: -1}},
		{Type1, []int{4}, &Options{Tol: 1e-6, Upsample: 1.1}},
		{Type1, []int{4}, &Options{Tol: 1e-6, Upsample: nan}},
	} {
		_, err := NewPlan(bad.typ, bad.modes, bad.opts)
		require.Error(t, err, "NewPlan(%v, %v, %+v)", bad.typ, bad.modes, bad.opts)
		if bad.modes != nil && len(bad.modes) > 0 {
			err = Direct(bad.typ, bad.modes, [][]float64{{0}}, []complex128{1}, make([]complex128, 4), bad.opts)
			require.Error(t, err, "Direct(%v, %v, %+v)", bad.typ, bad.modes, bad.opts)
		}
	}

	p, err := NewPlan(Type1, []int{4, 3}, nil)
	require.NoError(t, err)
	f := make([]complex128, 12)
	require.ErrorIs(t, p.Execute(nil, f), errNoPoints)
	for _, coords := range [][][]float64{
		{{1}},
		{{1}, {2}, {3}},
		{{1, 2}, {3}},
		{{nan}, {0}},
		{{0}, {inf}},
		{{0, -inf}, {0, 0}},
	} {
		require.Error(t, p.SetPoints(coords...), "%v", coords)
		require.ErrorIs(t, p.Execute([]complex128{1}, f), errNoPoints, "a failed SetPoints leaves no points")
	}
	require.NoError(t, p.SetPoints([]float64{1, 2}, []float64{3, 4}))
	require.Error(t, p.Execute(make([]complex128, 3), f))
	require.Error(t, p.Execute(make([]complex128, 2), f[:11]))
	require.Error(t, p.Execute(make([]complex128, 2), nil))
	require.NoError(t, p.Execute(make([]complex128, 2), f))

	err = Direct(Type1, []int{4}, [][]float64{{nan}}, []complex128{1}, make([]complex128, 4), nil)
	require.Error(t, err)
	err = Direct(Type1, []int{4}, [][]float64{{1}}, []complex128{1, 2}, make([]complex128, 4), nil)
	require.Error(t, err)
	err = Direct(Type2, []int{4}, [][]float64{{1}}, []complex128{1}, make([]complex128, 5), nil)
	require.Error(t, err)
}

func TestExecuteAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	for _, modes := range [][]int{{64}, {16, 12}, {8, 8, 8}} {
		for _, typ := range []Type{Type1, Type2} {
			p, err := NewPlan(typ, modes, &Options{Tol: 1e-6, Normalize: true})
			require.NoError(t, err)
			require.NoError(t, p.SetPoints(hardPoints(rng, len(modes), 100, p.FineGrid())...))
			nmode := 1
			for _, m := range modes {
				nmode *= m
			}
			c, f := randomComplex(rng, 100), randomComplex(rng, nmode)
			allocs := testing.AllocsPerRun(3, func() { require.NoError(t, p.Execute(c, f)) })
			require.Zero(t, allocs, "%v %v", modes, typ)
		}
	}
}

// FuzzExecute builds a small plan from fuzzed parameters and points: every
// call either errors cleanly or matches Direct to the tolerance.
func FuzzExecute(f *testing.F) {
	f.Add(uint8(1), uint8(5), uint8(3), 1e-6, 0.5, -2.0, 1e6, false)
	f.Add(uint8(2), uint8(1), uint8(1), 1e-12, math.Pi, -math.Pi, 0.0, true)
	f.Add(uint8(3), uint8(4), uint8(0), 0.5, math.NaN(), 1.0, 2.0, false)
	f.Fuzz(func(t *testing.T, dims, m0, m1 uint8, tol, x, y, z float64, type2 bool) {
		d := int(dims%3) + 1
		modes := []int{int(m0 % 9), int(m1 % 9), 3}[:d]
		typ := Type1
		if type2 {
			typ = Type2
		}
		opts := &Options{Tol: tol}
		p, err := NewPlan(typ, modes, opts)
		if err != nil {
			return // invalid modes or tolerance: an error, not a panic
		}
		coords := [][]float64{{x, y, z}, {y, z, x}, {z, x, y}}[:d]
		if err := p.SetPoints(coords...); err != nil {
			for _, v := range []float64{x, y, z} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return
				}
			}
			t.Fatalf("finite points rejected: %v", err)
		}
		nmode := 1
		for _, m := range modes {
			nmode *= m
		}
		c, fk := []complex128{1, -1i, 0.5}, make([]complex128, nmode)
		for i := range fk {
			fk[i] = complex(float64(i), 1)
		}
		got, want := make([]complex128, nmode), make([]complex128, nmode)
		if typ == Type2 {
			got, want = make([]complex128, 3), make([]complex128, 3)
			require.NoError(t, p.Execute(got, fk))
			require.NoError(t, Direct(typ, modes, coords, want, fk, opts))
		} else {
			require.NoError(t, p.Execute(c, got))
			require.NoError(t, Direct(typ, modes, coords, c, want, opts))
		}
		// A single relative-l2 check on three points can be dominated by
		// cancellation; bound the error by the problem's scale instead.
		var scale float64
		for _, v := range want {
			scale = max(scale, cmplx.Abs(v))
		}
		var worst float64
		for i := range want {
			worst = max(worst, cmplx.Abs(got[i]-want[i]))
		}
		require.LessOrEqual(t, worst, 10*max(tol, 1e-14)*float64(nmode+3)*max(scale, 1), "modes %v tol %g", modes, tol)
	})
}

// TestDirectAtMatchesDirect checks the sampled oracle against the full one.
func TestDirectAtMatchesDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	modes := []int{5, 4, 3}
	coords := hardPoints(rng, 3, 9, []int{10, 8, 6})
	opts := &Options{Tol: 1e-6, Sign: -1, ModeOrder: FFTOrder, Normalize: true}
	c := randomComplex(rng, 9)
	f := make([]complex128, 60)
	require.NoError(t, Direct(Type1, modes, coords, c, f, opts))
	at := []int{0, 7, 59, 31}
	got := make([]complex128, len(at))
	require.NoError(t, DirectAt(Type1, modes, coords, c, at, got, opts))
	for i, a := range at {
		require.InDelta(t, 0, cmplx.Abs(got[i]-f[a]), 1e-14, "mode position %d", a)
	}
	f = randomComplex(rng, 60)
	require.NoError(t, Direct(Type2, modes, coords, c, f, opts))
	at = []int{8, 0, 3}
	got = make([]complex128, len(at))
	require.NoError(t, DirectAt(Type2, modes, coords, f, at, got, opts))
	for i, a := range at {
		require.InDelta(t, 0, cmplx.Abs(got[i]-c[a]), 1e-13, "point %d", a)
	}
	require.Error(t, DirectAt(Type2, modes, coords, f, []int{9}, got[:1], opts))
	require.Error(t, DirectAt(Type2, modes, coords, f, at, got[:1], opts))
	require.Error(t, DirectAt(Type1, modes, coords, f, at, got, opts))
}

// TestThreadsBitIdentical requires the same bits for every thread count,
// with the per-worker thresholds lowered so that small problems split.
func TestThreadsBitIdentical(t *testing.T) {
	defer func(old int) { minModesPerWorker = old }(minModesPerWorker)
	minModesPerWorker = 1
	rng := rand.New(rand.NewPCG(12, 12))
	for _, modes := range [][]int{{37}, {12, 9}, {6, 5, 7}} {
		for _, typ := range []Type{Type1, Type2} {
			var want []complex128
			coords := hardPoints(rng, len(modes), 50, []int{80, 80, 80})
			nmode := 1
			for _, m := range modes {
				nmode *= m
			}
			in := randomComplex(rng, max(nmode, 50))
			for threads := 1; threads <= 4; threads++ {
				p, err := NewPlan(typ, modes, &Options{Tol: 1e-8, Threads: threads, Normalize: true})
				require.NoError(t, err)
				require.NoError(t, p.SetPoints(coords...))
				out := make([]complex128, nmode)
				if typ == Type1 {
					require.NoError(t, p.Execute(in[:50], out))
				} else {
					out = make([]complex128, 50)
					require.NoError(t, p.Execute(out, in[:nmode]))
				}
				if want == nil {
					want = out
					continue
				}
				for i := range want {
					require.Equal(t, math.Float64bits(real(want[i])), math.Float64bits(real(out[i])), "%v %v threads=%d element %d", modes, typ, threads, i)
					require.Equal(t, math.Float64bits(imag(want[i])), math.Float64bits(imag(out[i])), "%v %v threads=%d element %d", modes, typ, threads, i)
				}
			}
		}
	}
}
