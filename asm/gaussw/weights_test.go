package gaussw_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/numkern/numkern/asm/gaussw"
	"github.com/numkern/numkern/internal/cpu"
	"github.com/numkern/numkern/internal/dmath"
	"github.com/stretchr/testify/require"

	// The golden package defines the -update flag that `go test ./...
	// -update` passes to every test binary; this package has no golden
	// files of its own.
	_ "github.com/numkern/numkern/internal/golden"
)

// guard is the number of sentinel words on each side of every buffer.
const guard = 8

// sentinel is a NaN payload no computation produces.
const sentinel = 0x7ff4dead5a5a5a5a

// spec is the reference loop of the Weights documentation, written with
// dmath.Exp literally.
func spec(w, frac []float64, alpha, twoKMinus2 float64, e3 []float64) {
	for i, f := range frac {
		a := float64(alpha * f)
		e2 := dmath.Exp(2 * a)
		v := dmath.Exp(-float64(a * (f + twoKMinus2)))
		for t := range e3 {
			w[i*len(e3)+t] = float64(v * e3[t])
			v = float64(v * e2)
		}
	}
}

// e3For returns spread's tap factors for a kernel of width width (half-width
// K = width/2): e3[i] = e^{-alpha(K-1-i)²}.
func e3For(width int, alpha float64) []float64 {
	k := width / 2
	e3 := make([]float64, width)
	for i := range e3 {
		d := float64(k - 1 - i)
		e3[i] = dmath.Exp(-float64(float64(alpha*d) * d))
	}
	return e3
}

// edgeFracs are fractions every test mixes in.
var edgeFracs = []float64{0, 0.5, math.Nextafter(1, 0), 1e-300}

// randomFracs returns n fractions in [0, 1), some of them edge values.
func randomFracs(rng *rand.Rand, n int) []float64 {
	fs := make([]float64, n)
	for i := range fs {
		if rng.IntN(8) == 0 {
			fs[i] = edgeFracs[rng.IntN(len(edgeFracs))]
		} else {
			fs[i] = rng.Float64()
		}
	}
	return fs
}

// guarded returns a buffer of n words with guard sentinel words on each
// side, and its inner slice (capacity limited to n).
func guarded(n int) (buf, inner []float64) {
	buf = make([]float64, n+2*guard)
	for i := range buf {
		buf[i] = math.Float64frombits(sentinel)
	}
	return buf, buf[guard : guard+n : guard+n]
}

// run calls impl with frac and e3 read from the middle of larger arrays and
// w surrounded by guards; it checks that the guards and the inputs are
// untouched, and returns the weights.
func run(t testing.TB, impl func(w, frac []float64, alpha, twoKMinus2 float64, e3 []float64),
	frac []float64, alpha, twoKMinus2 float64, e3 []float64) []float64 {
	t.Helper()
	fbuf, fin := guarded(len(frac))
	copy(fin, frac)
	ebuf, ein := guarded(len(e3))
	copy(ein, e3)
	wbuf, w := guarded(len(frac) * len(e3))
	fcopy, ecopy := slices.Clone(fbuf), slices.Clone(ebuf)
	impl(w, fin, alpha, twoKMinus2, ein)
	for i := range guard {
		for _, j := range []int{i, len(wbuf) - 1 - i} {
			if math.Float64bits(wbuf[j]) != sentinel {
				t.Fatalf("guard word %d of w overwritten: %#x", j, math.Float64bits(wbuf[j]))
			}
		}
	}
	requireSameBits(t, fcopy, fbuf, "frac modified")
	requireSameBits(t, ecopy, ebuf, "e3 modified")
	return slices.Clone(w)
}

func requireSameBits(t testing.TB, want, got []float64, msgAndArgs ...any) {
	t.Helper()
	require.Len(t, got, len(want), msgAndArgs...)
	for i := range want {
		if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
			t.Fatalf("%s: element %d: want %v (%#x), got %v (%#x)", fmt.Sprint(msgAndArgs...), i,
				want[i], math.Float64bits(want[i]), got[i], math.Float64bits(got[i]))
		}
	}
}

// implementations returns the implementations to compare with Generic, in
// a fixed order.
func implementations() ([]cpu.ISA, map[cpu.ISA]func(w, frac []float64, alpha, twoKMinus2 float64, e3 []float64)) {
	impls := gaussw.Implementations()
	var isas []cpu.ISA
	for isa := range impls {
		isas = append(isas, isa)
	}
	slices.Sort(isas)
	return isas, impls
}

func TestImplementations(t *testing.T) {
	isas, impls := implementations()
	require.Contains(t, impls, cpu.Generic)
	for _, isa := range isas {
		require.Contains(t, cpu.Available(), isa)
	}
	// The build lists an ISA as compiled only if this package has it.
	require.ElementsMatch(t, cpu.Available(), isas)
	t.Logf("implementations: %v", isas)
}

// TestGenericMatchesSpec checks the twin against the documented reference
// loop, written with dmath.Exp.
func TestGenericMatchesSpec(t *testing.T) {
	gen := gaussw.Implementations()[cpu.Generic]
	rng := rand.New(rand.NewPCG(7, 11))
	for range 300 {
		width := 4 + rng.IntN(27)
		alpha := 0.1 + 1.9*rng.Float64()
		e3 := e3For(width, alpha)
		frac := randomFracs(rng, rng.IntN(40))
		want := make([]float64, len(frac)*width)
		spec(want, frac, alpha, float64(width-2), e3)
		requireSameBits(t, want, run(t, gen, frac, alpha, float64(width-2), e3))
	}
}

// widths are the tap counts the comparisons cover.
func widths() []int {
	ws := []int{1, 2, 3}
	for w := 4; w <= 30; w++ {
		ws = append(ws, w)
	}
	return append(ws, 64)
}

// TestImplementationsMatchGeneric compares every available implementation
// with Generic bit for bit: every point count from 0 to past three times
// the widest main loop, random counts up to 500, every width.
func TestImplementationsMatchGeneric(t *testing.T) {
	isas, impls := implementations()
	gen := impls[cpu.Generic]
	rng := rand.New(rand.NewPCG(1, 2))
	counts := make([]int, 0, 80)
	for n := 0; n <= 50; n++ {
		counts = append(counts, n)
	}
	for range 12 {
		counts = append(counts, 51+rng.IntN(450))
	}
	for _, isa := range isas[1:] {
		impl := impls[isa]
		t.Run(isa.String(), func(t *testing.T) {
			for _, width := range widths() {
				for _, n := range counts {
					alpha := 0.1 + 1.9*rng.Float64()
					e3 := e3For(width, alpha)
					frac := randomFracs(rng, n)
					c2k := float64(2*(width/2) - 2)
					want := run(t, gen, frac, alpha, c2k, e3)
					got := run(t, impl, frac, alpha, c2k, e3)
					requireSameBits(t, want, got, fmt.Sprintf("%v: width %d, %d points, alpha %v", isa, width, n, alpha))
				}
			}
		})
	}
}

// TestExtremeArguments covers the clamping of the exponential's argument
// (huge alpha), subnormal and overflowing products, and tiny alpha.
func TestExtremeArguments(t *testing.T) {
	isas, impls := implementations()
	gen := impls[cpu.Generic]
	rng := rand.New(rand.NewPCG(5, 6))
	for _, alpha := range []float64{1e-300, 1e-8, 0.1, 2, 50, 400, 1e6, 1e300, math.MaxFloat64} {
		for _, width := range []int{4, 7, 14, 28, 64} {
			e3 := e3For(width, math.Min(alpha, 2))
			frac := randomFracs(rng, 37)
			for _, c2k := range []float64{float64(width - 2), 0, 1e300} {
				want := run(t, gen, frac, alpha, c2k, e3)
				for _, isa := range isas[1:] {
					got := run(t, impls[isa], frac, alpha, c2k, e3)
					requireSameBits(t, want, got, fmt.Sprintf("%v: alpha %v, width %d, c2k %v", isa, alpha, width, c2k))
				}
			}
		}
	}
}

// TestWeightsDispatch checks that Weights runs the selected implementation
// and checks the length of w.
func TestWeightsDispatch(t *testing.T) {
	isas, impls := implementations()
	rng := rand.New(rand.NewPCG(3, 4))
	e3 := e3For(14, 0.9)
	frac := randomFracs(rng, 45)
	want := run(t, impls[cpu.Generic], frac, 0.9, 12, e3)
	for _, isa := range isas {
		restore, err := cpu.Force(isa)
		require.NoError(t, err)
		got := run(t, gaussw.Weights, frac, 0.9, 12, e3)
		restore()
		requireSameBits(t, want, got, isa.String())
	}
	for _, isa := range isas {
		require.PanicsWithValue(t, "gaussw: len(w) = 27 < len(frac)·len(e3) = 2·14", func() {
			impls[isa](make([]float64, 27), frac[:2], 0.9, 12, e3)
		})
	}
	require.Panics(t, func() { gaussw.Weights(make([]float64, 1), frac[:1], 0.9, 12, e3) })
	// Empty inputs write nothing and need no room.
	for _, isa := range isas {
		impls[isa](nil, nil, 0.9, 12, e3)
		impls[isa](nil, frac, 0.9, 12, nil)
	}
	// A longer w is fine; its tail is left alone.
	w := make([]float64, 3*14+5)
	w[len(w)-1] = 42
	gaussw.Weights(w, frac[:3], 0.9, 12, e3)
	require.Equal(t, 42.0, w[len(w)-1])
}

// TestWeightsAccuracy checks that the weights are the Gaussian they stand
// for.
func TestWeightsAccuracy(t *testing.T) {
	const k, alpha = 7, 0.85
	e3 := e3For(2*k, alpha)
	frac := []float64{0, 0.25, 0.5, 0.999}
	w := make([]float64, len(frac)*2*k)
	gaussw.Weights(w, frac, alpha, 2*k-2, e3)
	for i, f := range frac {
		for t2 := range 2 * k {
			d := f + k - 1 - float64(t2)
			require.InEpsilon(t, math.Exp(-alpha*d*d), w[i*2*k+t2], 1e-13)
		}
	}
}

func FuzzWeights(f *testing.F) {
	f.Add(uint16(5), uint8(14), 0.9, uint64(1))
	f.Add(uint16(0), uint8(4), 0.1, uint64(2))
	f.Add(uint16(33), uint8(64), 1.99, uint64(3))
	f.Add(uint16(17), uint8(1), 1e6, uint64(4))
	isas, impls := implementations()
	gen := impls[cpu.Generic]
	f.Fuzz(func(t *testing.T, n uint16, width uint8, alpha float64, seed uint64) {
		if math.IsNaN(alpha) || math.IsInf(alpha, 0) || alpha == 0 {
			t.Skip()
		}
		alpha = math.Abs(alpha)
		rng := rand.New(rand.NewPCG(seed, uint64(n)))
		frac := randomFracs(rng, int(n%600))
		w := int(width%80) + 1
		e3 := e3For(w, math.Min(alpha, 10))
		c2k := float64(2*(w/2) - 2)
		want := run(t, gen, frac, alpha, c2k, e3)
		for _, isa := range isas[1:] {
			requireSameBits(t, want, run(t, impls[isa], frac, alpha, c2k, e3), isa.String())
		}
	})
}

func BenchmarkWeights(b *testing.B) {
	isas, impls := implementations()
	const n = 4096
	rng := rand.New(rand.NewPCG(9, 9))
	frac := randomFracs(rng, n)
	for _, width := range []int{14, 24} {
		e3 := e3For(width, 0.9)
		w := make([]float64, n*width)
		for _, isa := range isas {
			impl := impls[isa]
			b.Run(fmt.Sprintf("taps=%d/isa=%v", width, isa), func(b *testing.B) {
				b.SetBytes(int64(8 * n * (width + 1)))
				for b.Loop() {
					impl(w, frac, 0.9, float64(width-2), e3)
				}
				b.ReportMetric(float64(n)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "points/ns")
			})
		}
	}
}

// tieArguments returns exponential arguments x for which rounding the
// product x·log2e before adding 1.5·2^52 (as dmath.Exp does) gives another
// integer than a fused multiply-add would: x·log2e is within an ulp of a
// half-integer. A kernel that fused that step would fail on them.
func tieArguments(signs float64) []float64 {
	const magic = 0x1.8p52
	var xs []float64
	for m := 0; m < 1000 && len(xs) < 64; m++ {
		x0 := signs * (float64(m) + 0.5) * math.Ln2
		x := x0
		for range 64 {
			x = math.Nextafter(x, 0)
		}
		for range 128 {
			if math.Abs(x) < 700 && float64(x*math.Log2E)+magic != math.FMA(x, math.Log2E, magic) {
				xs = append(xs, x)
			}
			x = math.Nextafter(x, 2*x0)
		}
	}
	return xs
}

// TestUnfusedRounding feeds every implementation exponential arguments
// where fusing x·log2e with the addition of 1.5·2^52 would change the
// result: with frac = 0.5 and twoKMinus2 = 0 the arguments are alpha and
// -alpha/4, exactly.
func TestUnfusedRounding(t *testing.T) {
	isas, impls := implementations()
	pos, neg := tieArguments(1), tieArguments(-1)
	require.NotEmpty(t, pos)
	require.NotEmpty(t, neg)
	var alphas []float64
	alphas = append(alphas, pos...)
	for _, x := range neg {
		alphas = append(alphas, -4*x)
	}
	frac := make([]float64, 19) // vector blocks and a scalar tail
	for i := range frac {
		frac[i] = 0.5
	}
	e3 := e3For(6, 1)
	for _, alpha := range alphas {
		want := run(t, impls[cpu.Generic], frac, alpha, 0, e3)
		for _, isa := range isas[1:] {
			requireSameBits(t, want, run(t, impls[isa], frac, alpha, 0, e3), fmt.Sprintf("%v: alpha %v", isa, alpha))
		}
	}
	t.Logf("%d tie arguments", len(alphas))
}
