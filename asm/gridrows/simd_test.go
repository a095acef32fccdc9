package gridrows

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/numkern/numkern/internal/cpu"
	"github.com/stretchr/testify/require"
)

// guard is the number of complex guard elements on each side of a grid.
const guard = 8

// sentinel is a NaN payload no computation produces: the guards of grids
// given to SpreadRows hold it and must keep it.
const sentinel = 0x7ff4dead5a5a5a5a

type impl = struct {
	Spread func(grid []complex128, off []int, rw, w []float64, re, im float64)
	Dot    func(grid []complex128, off []int, rw, w []float64) complex128
}

// implementations returns the ISAs of Implementations() in a fixed order
// (Generic first) and the implementations.
func implementations() ([]cpu.ISA, map[cpu.ISA]impl) {
	impls := Implementations()
	var isas []cpu.ISA
	for isa := range impls {
		isas = append(isas, isa)
	}
	slices.Sort(isas)
	return isas, impls
}

func TestImplementationsAvailable(t *testing.T) {
	isas, impls := implementations()
	require.Contains(t, impls, cpu.Generic)
	// Every ISA this build and machine have must have kernels here.
	require.ElementsMatch(t, cpu.Available(), isas)
	t.Logf("implementations: %v", isas)
}

// profile says which special values a problem's random values include:
// with extreme values in every problem, most sums over many rows would
// overflow to Inf or NaN and hide wrong roundings.
type profile int

const (
	moderate profile = iota // normal values of either sign, some ±0
	tiny                    // also subnormals and values whose products underflow
	huge                    // also values whose products overflow
	wide                    // also values of any exponent
)

// value returns a random float64 of profile pr.
func value(rng *rand.Rand, pr profile) float64 {
	x := math.Ldexp(rng.NormFloat64(), rng.IntN(9)-4)
	if rng.IntN(16) == 0 {
		return math.Copysign(0, x)
	}
	if rng.IntN(6) != 0 {
		return x
	}
	switch pr {
	case tiny:
		if rng.IntN(2) == 0 {
			return math.Copysign(math.Ldexp(1+rng.Float64(), -1000-rng.IntN(74)), x) // subnormal
		}
		return math.Ldexp(x, -500-rng.IntN(100)) // products underflow
	case huge:
		return math.Ldexp(x, 500+rng.IntN(100)) // products overflow
	case wide:
		return math.Ldexp(x, rng.IntN(2000)-1000)
	}
	return x
}

func values(rng *rand.Rand, n int, pr profile) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = value(rng, pr)
	}
	return v
}

// problem is one set of arguments.
type problem struct {
	n        int // grid length, without guards
	off      []int
	rw, w    []float64
	re, im   float64
	gridVals []complex128
}

// newProblem returns rows rows of taps taps at random offsets in a grid
// small enough that rows often overlap, or adjacent rows (offsets
// increasing by 0, 1, 2, … elements) when the rng says so.
func newProblem(rng *rand.Rand, rows, taps int) problem {
	p := problem{n: taps + rng.IntN(3*taps+8)}
	p.off = make([]int, rows)
	switch rng.IntN(4) {
	case 0: // overlapping neighbours, in order
		step := rng.IntN(3)
		o := 0
		for r := range p.off {
			p.off[r] = o
			o += step
		}
		p.n = max(p.n, o+taps)
	default:
		for r := range p.off {
			p.off[r] = rng.IntN(p.n - taps + 1)
		}
	}
	pr := moderate
	if rng.IntN(2) == 0 {
		pr = profile(1 + rng.IntN(3))
	}
	p.rw = values(rng, rows, pr)
	p.w = values(rng, taps, pr)
	p.re, p.im = value(rng, pr), value(rng, pr)
	p.gridVals = make([]complex128, p.n)
	for i := range p.gridVals {
		p.gridVals[i] = complex(value(rng, pr), value(rng, pr))
	}
	return p
}

// guarded returns a grid of n elements with guard elements holding fill on
// each side, and the grid itself (capacity n).
func guarded(n int, fill float64) (buf, grid []complex128) {
	buf = make([]complex128, n+2*guard)
	for i := range buf {
		buf[i] = complex(fill, fill)
	}
	return buf, buf[guard : guard+n : guard+n]
}

// runSpread applies spread to a guarded copy of p's grid and returns the
// grid, after checking the guards and that the inputs are unchanged.
func runSpread(t testing.TB, spread func([]complex128, []int, []float64, []float64, float64, float64), p problem) []complex128 {
	t.Helper()
	buf, grid := guarded(p.n, math.Float64frombits(sentinel))
	copy(grid, p.gridVals)
	off, rw, w := slices.Clone(p.off), slices.Clone(p.rw), slices.Clone(p.w)
	spread(grid, off, rw, w, p.re, p.im)
	for i := range guard {
		for _, j := range []int{i, len(buf) - 1 - i} {
			if math.Float64bits(real(buf[j])) != sentinel || math.Float64bits(imag(buf[j])) != sentinel {
				t.Fatalf("guard element %d overwritten: %v", j, buf[j])
			}
		}
	}
	require.Equal(t, p.off, off, "off modified")
	requireSameBits(t, p.rw, rw, "rw modified")
	requireSameBits(t, p.w, w, "w modified")
	return slices.Clone(grid)
}

// runDot applies dot to a copy of p's grid surrounded by NaN guards: a
// kernel that read them would return NaN.
func runDot(t testing.TB, dot func([]complex128, []int, []float64, []float64) complex128, p problem) complex128 {
	t.Helper()
	_, grid := guarded(p.n, math.NaN())
	copy(grid, p.gridVals)
	got := dot(grid, p.off, p.rw, p.w)
	requireSameComplexBits(t, p.gridVals, grid, "grid modified")
	return got
}

func requireSameBits(t testing.TB, want, got []float64, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
			t.Fatalf("%s: element %d: want %v (%#x), got %v (%#x)", msg, i,
				want[i], math.Float64bits(want[i]), got[i], math.Float64bits(got[i]))
		}
	}
}

func sameComplexBits(a, b complex128) bool {
	return math.Float64bits(real(a)) == math.Float64bits(real(b)) &&
		math.Float64bits(imag(a)) == math.Float64bits(imag(b))
}

func requireSameComplexBits(t testing.TB, want, got []complex128, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		if !sameComplexBits(want[i], got[i]) {
			t.Fatalf("%s: element %d: want %v (%#x, %#x), got %v (%#x, %#x)", msg, i,
				want[i], math.Float64bits(real(want[i])), math.Float64bits(imag(want[i])),
				got[i], math.Float64bits(real(got[i])), math.Float64bits(imag(got[i])))
		}
	}
}

// compare checks every implementation against Generic on p and reports
// whether DotRows's result is finite.
func compare(t testing.TB, isas []cpu.ISA, impls map[cpu.ISA]impl, p problem) bool {
	t.Helper()
	gen := impls[cpu.Generic]
	wantGrid := runSpread(t, gen.Spread, p)
	wantDot := runDot(t, gen.Dot, p)
	for _, isa := range isas[1:] {
		what := fmt.Sprintf("%v: %d rows, %d taps", isa, len(p.off), len(p.w))
		requireSameComplexBits(t, wantGrid, runSpread(t, impls[isa].Spread, p), what+": SpreadRows")
		if got := runDot(t, impls[isa].Dot, p); !sameComplexBits(wantDot, got) {
			t.Fatalf("%s: DotRows: want %v (%#x, %#x), got %v (%#x, %#x)", what, wantDot,
				math.Float64bits(real(wantDot)), math.Float64bits(imag(wantDot)),
				got, math.Float64bits(real(got)), math.Float64bits(imag(got)))
		}
	}
	return !math.IsInf(real(wantDot), 0) && !math.IsNaN(real(wantDot)) &&
		!math.IsInf(imag(wantDot), 0) && !math.IsNaN(imag(wantDot))
}

// tapCounts are every count from 0 to 72: far more than three times the
// widest step of any tap loop (4 taps), every unrolled variant of the
// kernels (AVX2 up to 32 taps, AVX-512 zmm code from 33 to 64) and the
// general loops beyond; then a few random longer rows.
func tapCounts(rng *rand.Rand) []int {
	var ts []int
	for n := 0; n <= 72; n++ {
		ts = append(ts, n)
	}
	for range 3 {
		ts = append(ts, 73+rng.IntN(60))
	}
	return ts
}

// rowCounts are 0 to 10 and random counts up to 300.
func rowCounts(rng *rand.Rand) []int {
	var rs []int
	for n := 0; n <= 10; n++ {
		rs = append(rs, n)
	}
	for range 3 {
		rs = append(rs, 11+rng.IntN(290))
	}
	return rs
}

func TestImplementationsMatchGeneric(t *testing.T) {
	isas, impls := implementations()
	rng := rand.New(rand.NewPCG(1, 2))
	reps := 3
	if testing.Short() {
		reps = 1
	}
	cases, finite := 0, 0
	for _, taps := range tapCounts(rng) {
		for _, rows := range rowCounts(rng) {
			for range reps {
				cases++
				if compare(t, isas, impls, newProblem(rng, rows, taps)) {
					finite++
				}
			}
		}
	}
	// Differences in rounding show only in finite sums.
	require.Greater(t, finite, cases*2/3, "too few finite DotRows results")
	t.Logf("%d cases, %d with a finite DotRows result", cases, finite)
}

// TestSignedZeros: partial sums that are -0 (products that underflow to
// -0) must stay -0 where the twin leaves them alone, so the tails must not
// add zeros to lanes they do not own.
func TestSignedZeros(t *testing.T) {
	isas, impls := implementations()
	rng := rand.New(rand.NewPCG(3, 4))
	tiny := []float64{1e-200, -1e-200, 0, math.Copysign(0, -1), 5e-324, -5e-324, 1e-160}
	pick := func() float64 { return tiny[rng.IntN(len(tiny))] }
	for range 400 {
		taps, rows := rng.IntN(13), 1+rng.IntN(6)
		p := newProblem(rng, rows, taps)
		for i := range p.w {
			p.w[i] = pick()
		}
		for i := range p.rw {
			p.rw[i] = pick()
		}
		for i := range p.gridVals {
			p.gridVals[i] = complex(pick(), pick())
		}
		p.re, p.im = pick(), pick()
		compare(t, isas, impls, p)
	}
	// Constructed: row 0 makes acc = -0 (its sum times rw underflows
	// from below), the rows after it have partial sums that are all -0
	// (every product underflows from below), so acc stays -0 only if no
	// partial sum turned +0. The tap counts cover every tail.
	for taps := 1; taps <= 72; taps++ {
		for _, sign := range []float64{1, -1} {
			rows := 4
			p := problem{n: rows * taps, re: 1, im: -1}
			p.w = make([]float64, taps)
			for i := range p.w {
				p.w[i] = sign * 1e-200
			}
			p.gridVals = make([]complex128, p.n)
			for r := range rows {
				p.off = append(p.off, r*taps)
				p.rw = append(p.rw, 1e-30)
				g := -sign * 1e-200
				if r == 0 {
					g = -sign * 1e-100
				}
				for t := range taps {
					p.gridVals[r*taps+t] = complex(g, g)
				}
			}
			if got := runDot(t, impls[cpu.Generic].Dot, p); taps >= 4 {
				// (With fewer taps some partial sums stay +0.)
				require.Equal(t, [2]uint64{1 << 63, 1 << 63}, [2]uint64{math.Float64bits(real(got)), math.Float64bits(imag(got))},
					"the construction must give -0")
			}
			compare(t, isas, impls, p)
		}
	}
}

// TestKernelsDirect calls the registered kernels without the wrappers'
// short cuts: no rows, and rows without taps.
func TestKernelsDirect(t *testing.T) {
	grid := []complex128{1, 2i, 3}
	want := slices.Clone(grid)
	for _, isa := range cpu.Available() {
		sk, dk := spreadKernels[isa], dotKernels[isa]
		sk(grid, nil, nil, []float64{1, 2}, 1, 1)
		sk(grid, []int{0, 3}, []float64{1, 1}, nil, 1, 1)
		require.Equal(t, want, grid, isa.String())
		re, im := dk(grid, nil, nil, []float64{1})
		require.Equal(t, [2]uint64{0, 0}, [2]uint64{math.Float64bits(re), math.Float64bits(im)}, isa.String())
		re, im = dk(grid, []int{1, 2}, []float64{-1, 2}, nil)
		require.Equal(t, [2]uint64{0, 0}, [2]uint64{math.Float64bits(re), math.Float64bits(im)}, isa.String())
	}
}

// TestDispatch checks that SpreadRows and DotRows run the selected
// implementation.
func TestDispatch(t *testing.T) {
	isas, impls := implementations()
	rng := rand.New(rand.NewPCG(5, 6))
	p := newProblem(rng, 9, 14)
	wantGrid := runSpread(t, impls[cpu.Generic].Spread, p)
	wantDot := runDot(t, impls[cpu.Generic].Dot, p)
	for _, isa := range isas {
		restore, err := cpu.Force(isa)
		require.NoError(t, err)
		gotGrid := runSpread(t, SpreadRows, p)
		gotDot := runDot(t, DotRows, p)
		restore()
		requireSameComplexBits(t, wantGrid, gotGrid, isa.String())
		require.True(t, sameComplexBits(wantDot, gotDot), "%v: %v vs %v", isa, wantDot, gotDot)
	}
}

func FuzzRows(f *testing.F) {
	f.Add(uint64(1), uint16(1), uint8(14))
	f.Add(uint64(2), uint16(14), uint8(14))
	f.Add(uint64(3), uint16(196), uint8(7))
	f.Add(uint64(4), uint16(0), uint8(3))
	f.Add(uint64(5), uint16(5), uint8(0))
	f.Add(uint64(6), uint16(576), uint8(24))
	f.Add(uint64(7), uint16(33), uint8(64))
	isas, impls := implementations()
	f.Fuzz(func(t *testing.T, seed uint64, rows uint16, taps uint8) {
		rng := rand.New(rand.NewPCG(seed, uint64(rows)<<8|uint64(taps)))
		compare(t, isas, impls, newProblem(rng, int(rows%800), int(taps%100)))
	})
}

// benchShapes are the (rows, taps) of the benchmarks: a 1D point, 2D and
// 3D points for 14 taps (2K = 14, about 1e-12), 1D and 3D for 24, and a 2D
// point of 48 taps, long enough for the AVX-512 kernels' zmm code.
var benchShapes = []struct{ dims, rows, taps int }{
	{1, 1, 14}, {2, 14, 14}, {3, 196, 14}, {1, 1, 24}, {3, 576, 24}, {2, 48, 48},
}

// benchProblem returns the rows of a point in a grid of 32 elements per
// dimension (64 for rows longer than 32), as spreading lays them out.
func benchProblem(dims, rows, taps int) (grid []complex128, off []int, rw, w []float64) {
	m := 32
	if taps > m {
		m = 64
	}
	rng := rand.New(rand.NewPCG(7, 8))
	size := m
	for range dims - 1 {
		size *= m
	}
	grid = make([]complex128, size)
	for i := range grid {
		grid[i] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	w = make([]float64, taps)
	for i := range w {
		w[i] = rng.Float64()
	}
	for r := range rows {
		o := 3
		stride := m
		for q := r; q > 0; q /= taps {
			o += (q % taps) * stride
			stride *= m
		}
		off = append(off, o)
		rw = append(rw, rng.Float64())
	}
	return grid, off, rw, w
}

func BenchmarkSpreadRows(b *testing.B) {
	isas, impls := implementations()
	for _, s := range benchShapes {
		grid, off, rw, w := benchProblem(s.dims, s.rows, s.taps)
		for _, isa := range isas {
			spread := impls[isa].Spread
			b.Run(fmt.Sprintf("rows=%d/taps=%d/isa=%v", s.rows, s.taps, isa), func(b *testing.B) {
				for b.Loop() {
					spread(grid, off, rw, w, 1e-3, -1e-3)
				}
				b.ReportMetric(float64(s.rows*s.taps)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "taps/ns")
			})
		}
	}
}

var sink complex128

func BenchmarkDotRows(b *testing.B) {
	isas, impls := implementations()
	for _, s := range benchShapes {
		grid, off, rw, w := benchProblem(s.dims, s.rows, s.taps)
		for _, isa := range isas {
			dot := impls[isa].Dot
			b.Run(fmt.Sprintf("rows=%d/taps=%d/isa=%v", s.rows, s.taps, isa), func(b *testing.B) {
				var acc complex128
				for b.Loop() {
					acc += dot(grid, off, rw, w)
				}
				sink = acc
				b.ReportMetric(float64(s.rows*s.taps)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "taps/ns")
			})
		}
	}
}
