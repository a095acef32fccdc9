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

type pointImpl = struct {
	Spread func(grid []complex128, start []int, w []float64, c []complex128)
	Dot    func(grid []complex128, start []int, w []float64, out []complex128)
}

// pointProblem is a run of points for SpreadPoints and DotPoints.
type pointProblem struct {
	n        int // grid length
	start    []int
	w        []float64 // width·len(c)
	c        []complex128
	width    int
	gridVals []complex128
}

// newPointProblem returns points points of width taps in a grid small
// enough that their rows overlap: in sorted order (as spreading visits
// them), adjacent, or at random.
func newPointProblem(rng *rand.Rand, points, width int) pointProblem {
	p := pointProblem{n: width + rng.IntN(3*width+8), width: width}
	p.start = make([]int, points)
	switch rng.IntN(3) {
	case 0: // sorted, with repeats
		o := 0
		for k := range p.start {
			p.start[k] = o
			o += rng.IntN(3)
		}
		p.n = max(p.n, o+width)
	case 1: // the same row
		for k := range p.start {
			p.start[k] = min(3, p.n-width)
		}
	default:
		for k := range p.start {
			p.start[k] = rng.IntN(p.n - width + 1)
		}
	}
	pr := moderate
	if rng.IntN(2) == 0 {
		pr = profile(1 + rng.IntN(3))
	}
	p.w = values(rng, points*width, pr)
	p.c = make([]complex128, points)
	for k := range p.c {
		p.c[k] = complex(value(rng, pr), value(rng, pr))
	}
	p.gridVals = make([]complex128, p.n)
	for i := range p.gridVals {
		p.gridVals[i] = complex(value(rng, pr), value(rng, pr))
	}
	return p
}

// definitionSpread is SpreadPoints as its documentation defines it: one
// SpreadRows call per point with row weight 1.
func definitionSpread(p pointProblem) []complex128 {
	grid := slices.Clone(p.gridVals)
	for k, v := range p.c {
		spreadRowsGeneric(grid, p.start[k:k+1], []float64{1}, p.w[k*p.width:(k+1)*p.width], real(v), imag(v))
	}
	return grid
}

// definitionDot is DotPoints as its documentation defines it.
func definitionDot(p pointProblem) []complex128 {
	out := make([]complex128, len(p.c))
	for k := range out {
		re, im := dotRowsGeneric(p.gridVals, p.start[k:k+1], []float64{1}, p.w[k*p.width:(k+1)*p.width])
		out[k] = complex(re, im)
	}
	return out
}

// runPoints runs spread and dot on guarded copies of p's grid, checking
// the guards and that the inputs are unchanged.
func runPoints(t testing.TB, im pointImpl, p pointProblem) (grid, out []complex128) {
	t.Helper()
	buf, g := guarded(p.n, math.Float64frombits(sentinel))
	copy(g, p.gridVals)
	start, w, c := slices.Clone(p.start), slices.Clone(p.w), slices.Clone(p.c)
	im.Spread(g, start, w, c)
	for i := range guard {
		for _, j := range []int{i, len(buf) - 1 - i} {
			if math.Float64bits(real(buf[j])) != sentinel || math.Float64bits(imag(buf[j])) != sentinel {
				t.Fatalf("SpreadPoints: guard element %d overwritten: %v", j, buf[j])
			}
		}
	}
	require.Equal(t, p.start, start, "start modified")
	requireSameBits(t, p.w, w, "w modified")
	requireSameComplexBits(t, p.c, c, "c modified")
	grid = slices.Clone(g)

	_, g = guarded(p.n, math.NaN())
	copy(g, p.gridVals)
	// out has guards too: NaN sentinels the kernel must overwrite exactly.
	outBuf := make([]complex128, len(p.c)+2)
	for i := range outBuf {
		outBuf[i] = complex(math.Float64frombits(sentinel), math.Float64frombits(sentinel))
	}
	out = outBuf[1 : 1+len(p.c) : 1+len(p.c)]
	im.Dot(g, p.start, p.w, out)
	requireSameComplexBits(t, p.gridVals, g, "DotPoints: grid modified")
	for _, j := range []int{0, len(outBuf) - 1} {
		require.Equal(t, uint64(sentinel), math.Float64bits(real(outBuf[j])), "DotPoints: out guard overwritten")
	}
	return grid, slices.Clone(out)
}

// comparePoints checks every implementation, and the Go twin itself,
// against the definition on p.
func comparePoints(t testing.TB, isas []cpu.ISA, impls map[cpu.ISA]pointImpl, p pointProblem) {
	t.Helper()
	wantGrid, wantOut := definitionSpread(p), definitionDot(p)
	for _, isa := range isas {
		what := fmt.Sprintf("%v: %d points, %d taps", isa, len(p.c), p.width)
		grid, out := runPoints(t, impls[isa], p)
		requireSameComplexBits(t, wantGrid, grid, what+": SpreadPoints")
		requireSameComplexBits(t, wantOut, out, what+": DotPoints")
	}
}

func pointImplementations() ([]cpu.ISA, map[cpu.ISA]pointImpl) {
	impls := PointImplementations()
	var isas []cpu.ISA
	for isa := range impls {
		isas = append(isas, isa)
	}
	slices.Sort(isas)
	return isas, impls
}

func TestPointImplementationsAvailable(t *testing.T) {
	isas, _ := pointImplementations()
	require.ElementsMatch(t, cpu.Available(), isas)
}

// TestPointsMatchDefinition: every width 0…15 (more than three times the
// 4-tap step of the loops) and a few longer ones, for 0…9 points and some
// random runs, each implementation bit for bit equal to the definition.
func TestPointsMatchDefinition(t *testing.T) {
	isas, impls := pointImplementations()
	rng := rand.New(rand.NewPCG(5, 6))
	widths := []int{16, 24, 28, 32, 33, 40}
	for w := range 16 {
		widths = append(widths, w)
	}
	counts := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 256}
	reps := 6
	if testing.Short() {
		reps = 2
	}
	for _, w := range widths {
		for _, n := range counts {
			for range reps {
				comparePoints(t, isas, impls, newPointProblem(rng, n, w))
			}
		}
	}
}

// TestPointsSignedZeros: the lanes of taps the kernel does not touch keep
// their -0 partial sums, and an all -0 row sum comes out as +0 (the +0 of
// DotRows's FMA(1, s, 0)).
func TestPointsSignedZeros(t *testing.T) {
	isas, impls := pointImplementations()
	rng := rand.New(rand.NewPCG(7, 8))
	tiny := []float64{1e-200, -1e-200, 0, math.Copysign(0, -1), 5e-324, -5e-324}
	pick := func() float64 { return tiny[rng.IntN(len(tiny))] }
	for range 400 {
		p := newPointProblem(rng, 1+rng.IntN(5), rng.IntN(13))
		for i := range p.w {
			p.w[i] = pick()
		}
		for i := range p.gridVals {
			p.gridVals[i] = complex(pick(), pick())
		}
		for i := range p.c {
			p.c[i] = complex(pick(), pick())
		}
		comparePoints(t, isas, impls, p)
	}
	// A row whose products all underflow from below: partial sums -0,
	// the point's sum +0.
	p := pointProblem{n: 8, width: 5, start: []int{1}, c: []complex128{1}}
	p.w = []float64{1e-200, 1e-200, 1e-200, 1e-200, 1e-200}
	p.gridVals = make([]complex128, p.n)
	for i := range p.gridVals {
		p.gridVals[i] = complex(-1e-200, -1e-200)
	}
	out := definitionDot(p)
	require.Equal(t, uint64(0), math.Float64bits(real(out[0])), "the definition gives +0")
	comparePoints(t, isas, impls, p)
}

func TestPointsBoundsPanic(t *testing.T) {
	grid := make([]complex128, 10)
	w := make([]float64, 8)
	c := make([]complex128, 2)
	require.Panics(t, func() { SpreadPoints(grid, []int{0, 7}, w, c) })
	require.Panics(t, func() { SpreadPoints(grid, []int{-1, 0}, w, c) })
	require.Panics(t, func() { SpreadPoints(grid, []int{0}, w, c) })
	require.Panics(t, func() { DotPoints(grid, []int{0, 0}, w[:7], c) })
	require.Panics(t, func() { DotPoints(grid, nil, w, nil) })
	require.NotPanics(t, func() { SpreadPoints(grid, []int{6, 0}, w, c) })
	out := []complex128{5, 5}
	DotPoints(grid, []int{0, 0}, nil, out)
	require.Equal(t, []complex128{0, 0}, out, "no taps: sums of nothing")
}

func FuzzPoints(f *testing.F) {
	f.Add(uint64(1), uint16(1), uint8(14))
	f.Add(uint64(2), uint16(256), uint8(14))
	f.Add(uint64(3), uint16(7), uint8(3))
	f.Add(uint64(4), uint16(0), uint8(0))
	f.Add(uint64(5), uint16(40), uint8(33))
	isas, impls := pointImplementations()
	f.Fuzz(func(t *testing.T, seed uint64, points uint16, width uint8) {
		rng := rand.New(rand.NewPCG(seed, uint64(points)<<8|uint64(width)))
		comparePoints(t, isas, impls, newPointProblem(rng, int(points%600), int(width%48)))
	})
}

// BenchmarkPoints compares SpreadPoints and DotPoints on a sorted run of
// 256 points of 14 taps (1D at Tol 1e-6) with one SpreadRows or DotRows
// call per point, for each implementation. The points are two grid
// spacings apart on average, as in a NUFFT with as many points as modes
// (σ = 2), so consecutive rows overlap.
func BenchmarkPoints(b *testing.B) {
	const points, width = 256, 14
	rng := rand.New(rand.NewPCG(9, 9))
	grid := make([]complex128, 2*points+width)
	start := make([]int, points)
	for k := range start {
		start[k] = rng.IntN(2 * points)
	}
	slices.Sort(start)
	w := values(rng, points*width, moderate)
	c := make([]complex128, points)
	for k := range c {
		c[k] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	out := make([]complex128, points)
	one := []float64{1}
	isas, impls := pointImplementations()
	rows := Implementations()
	for _, isa := range isas {
		b.Run(isa.String()+"/spread/points", func(b *testing.B) {
			for b.Loop() {
				impls[isa].Spread(grid, start, w, c)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*points), "ns/point")
		})
		b.Run(isa.String()+"/spread/rows", func(b *testing.B) {
			for b.Loop() {
				for k, v := range c {
					rows[isa].Spread(grid, start[k:k+1], one, w[k*width:(k+1)*width], real(v), imag(v))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*points), "ns/point")
		})
		b.Run(isa.String()+"/dot/points", func(b *testing.B) {
			for b.Loop() {
				impls[isa].Dot(grid, start, w, out)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*points), "ns/point")
		})
	}
}
