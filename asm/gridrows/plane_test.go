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

type planeImpl = func(grid []complex128, planes []int, z0, stride int, first, start []int, w0, w1, w2 []float64, c []complex128)

// planeProblem is a run of 3D points for SpreadPlanes.
type planeProblem struct {
	n, stride, z0          int
	planes                 []int
	first, start           []int
	w0, w1, w2             []float64
	c                      []complex128
	width0, width1, width2 int
	gridVals               []complex128
}

func (p planeProblem) String() string {
	return fmt.Sprintf("%d points, %d×%d×%d taps, stride %d, planes %v from %d, grid %d", len(p.c), p.width0, p.width1, p.width2, p.stride, p.planes, p.z0, p.n)
}

// newPlaneProblem returns points 3D points in one to four planes (some
// left out), whose rows in a plane overlap (sorted starts, repeated ones
// or random), some of them without a given plane, rows apart by more or
// less than their width (or at one place: stride 0), a multiple of four
// taps apart in a third of the problems (the AVX-512 kernel's case).
func newPlaneProblem(rng *rand.Rand, points, width0, width1, width2 int) planeProblem {
	p := planeProblem{width0: width0, width1: width1, width2: width2, z0: rng.IntN(7) - 3}
	switch rng.IntN(6) {
	case 0:
		p.stride = 0
	case 1:
		p.stride = rng.IntN(width0 + 1)
	case 2, 3:
		p.stride = 4 * rng.IntN(width0/4+3)
	default:
		p.stride = width0 + rng.IntN(6)
	}
	span := p.stride*max(width1-1, 0) + width0
	planeLen := span + rng.IntN(2*width0+9)
	p.start = make([]int, points)
	o := 0
	for k := range p.start {
		switch rng.IntN(3) {
		case 0: // sorted
			o = min(o+rng.IntN(3), planeLen-span)
			p.start[k] = o
		case 1:
			p.start[k] = 0
		default:
			p.start[k] = rng.IntN(planeLen - span + 1)
		}
	}
	nz := 1 + rng.IntN(4)
	p.planes = make([]int, nz)
	for i := range p.planes {
		p.planes[i] = i * planeLen
		if rng.IntN(4) == 0 {
			p.planes[i] = -1 - rng.IntN(2)
		}
	}
	p.n = nz*planeLen + rng.IntN(3)
	p.first = make([]int, points)
	for k := range p.first {
		p.first[k] = p.z0 + rng.IntN(nz) - rng.IntN(width2+2) + 1
	}
	pr := moderate
	if rng.IntN(2) == 0 {
		pr = profile(1 + rng.IntN(3))
	}
	p.w0 = values(rng, points*width0, pr)
	p.w1 = values(rng, points*width1, pr)
	p.w2 = values(rng, points*width2, pr)
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

// definitionPlane is SpreadPlanes as its documentation defines it: for
// each plane listed and each point with that plane, one SpreadRows call
// with rows start + r·stride and row weights float64(w1[r]·w2[z-first]).
func definitionPlane(p planeProblem) []complex128 {
	grid := slices.Clone(p.gridVals)
	for i, base := range p.planes {
		for k, v := range p.c {
			t2 := p.z0 + i - p.first[k]
			if base < 0 || t2 < 0 || t2 >= p.width2 {
				continue
			}
			off := make([]int, p.width1)
			rw := make([]float64, p.width1)
			for r := range off {
				off[r] = base + p.start[k] + r*p.stride
				rw[r] = float64(p.w1[k*p.width1+r] * p.w2[k*p.width2+t2])
			}
			spreadRowsGeneric(grid, off, rw, p.w0[k*p.width0:(k+1)*p.width0], real(v), imag(v))
		}
	}
	return grid
}

// runPlane applies spread to a guarded copy of p's grid, checks the guards
// and that the inputs are unchanged, and returns the grid.
func runPlane(t testing.TB, spread planeImpl, p planeProblem) []complex128 {
	t.Helper()
	buf, g := guarded(p.n, math.Float64frombits(sentinel))
	copy(g, p.gridVals)
	planes, first, start := slices.Clone(p.planes), slices.Clone(p.first), slices.Clone(p.start)
	w0, w1, w2, c := slices.Clone(p.w0), slices.Clone(p.w1), slices.Clone(p.w2), slices.Clone(p.c)
	spread(g, planes, p.z0, p.stride, first, start, w0, w1, w2, c)
	for i := range guard {
		for _, j := range []int{i, len(buf) - 1 - i} {
			if math.Float64bits(real(buf[j])) != sentinel || math.Float64bits(imag(buf[j])) != sentinel {
				t.Fatalf("SpreadPlanes: guard element %d overwritten: %v", j, buf[j])
			}
		}
	}
	require.Equal(t, p.planes, planes, "planes modified")
	require.Equal(t, p.first, first, "first modified")
	require.Equal(t, p.start, start, "start modified")
	requireSameBits(t, p.w0, w0, "w0 modified")
	requireSameBits(t, p.w1, w1, "w1 modified")
	requireSameBits(t, p.w2, w2, "w2 modified")
	requireSameComplexBits(t, p.c, c, "c modified")
	return slices.Clone(g)
}

func planeImplementations() ([]cpu.ISA, map[cpu.ISA]planeImpl) {
	impls := PlaneImplementations()
	var isas []cpu.ISA
	for isa := range impls {
		isas = append(isas, isa)
	}
	slices.Sort(isas)
	return isas, impls
}

// comparePlane checks every implementation, the Go twin among them,
// against the definition on p.
func comparePlane(t testing.TB, isas []cpu.ISA, impls map[cpu.ISA]planeImpl, p planeProblem) {
	t.Helper()
	want := definitionPlane(p)
	for _, isa := range isas {
		requireSameComplexBits(t, want, runPlane(t, impls[isa], p), fmt.Sprintf("%v: %v", isa, p))
	}
}

func TestPlaneImplementationsAvailable(t *testing.T) {
	isas, _ := planeImplementations()
	require.ElementsMatch(t, cpu.Available(), isas)
}

// TestPlaneMatchesDefinition: every row width 0…40 (the unrolled loops
// reach 32, the 2-tap step ×16), 1…4, 9, 14, 17 and 33 rows (the AVX-512
// kernel forms row weights 8 at a time and takes up to 32 rows), 1…4 and
// 14 planes, 0…9 points and longer runs, all alignments of the rows
// (starts of any residue, strides odd, even and multiples of 4), one to
// four planes, each implementation bit for bit equal to the definition.
func TestPlaneMatchesDefinition(t *testing.T) {
	isas, impls := planeImplementations()
	rng := rand.New(rand.NewPCG(11, 12))
	counts := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 33}
	reps := 3
	if testing.Short() {
		reps = 1
	}
	for width0 := range 41 {
		for _, width1 := range []int{1, 2, 3, 4, 9, 14, 17, 33} {
			for _, n := range counts {
				for range reps {
					width2 := []int{1, 2, 3, 4, 14}[rng.IntN(5)]
					comparePlane(t, isas, impls, newPlaneProblem(rng, n, width0, width1, width2))
				}
			}
		}
	}
}

// TestPlaneSignedZeros: signed zeros and subnormals everywhere, so that a
// lane changed by adding a zero product, or a product rounded differently,
// shows.
func TestPlaneSignedZeros(t *testing.T) {
	isas, impls := planeImplementations()
	rng := rand.New(rand.NewPCG(13, 14))
	tiny := []float64{1e-200, -1e-200, 0, math.Copysign(0, -1), 5e-324, -5e-324, 1e-160}
	pick := func() float64 { return tiny[rng.IntN(len(tiny))] }
	for range 300 {
		p := newPlaneProblem(rng, 1+rng.IntN(5), 2*rng.IntN(9), 1+rng.IntN(4), 1+rng.IntN(4))
		for _, w := range [][]float64{p.w0, p.w1, p.w2} {
			for i := range w {
				w[i] = pick()
			}
		}
		for i := range p.gridVals {
			p.gridVals[i] = complex(pick(), pick())
		}
		for i := range p.c {
			p.c[i] = complex(pick(), pick())
		}
		comparePlane(t, isas, impls, p)
	}
}

func TestPlaneBoundsPanic(t *testing.T) {
	grid := make([]complex128, 40)
	w := make([]float64, 8) // 2 points × 4
	c := make([]complex128, 2)
	first, start := []int{0, 0}, []int{0, 0}
	planes := []int{0, 20, -1}
	// Rows of 4 taps, 4 apart: [0, 16) of each plane.
	require.NotPanics(t, func() { SpreadPlanes(grid, planes, 0, 4, first, start, w, w, w, c) })
	require.NotPanics(t, func() { SpreadPlanes(grid, []int{24}, 0, 4, first, start, w, w, w, c) })
	require.Panics(t, func() { SpreadPlanes(grid, []int{25}, 0, 4, first, start, w, w, w, c) })
	require.Panics(t, func() { SpreadPlanes(grid, planes, 0, 6, first, []int{0, 3}, w, w, w, c) })
	require.Panics(t, func() { SpreadPlanes(grid, planes, 0, 4, first, []int{-1, 0}, w, w, w, c) })
	require.Panics(t, func() { SpreadPlanes(grid, planes, 0, -1, first, start, w, w, w, c) })
	require.Panics(t, func() { SpreadPlanes(grid, planes, 0, 4, first[:1], start, w, w, w, c) })
	require.Panics(t, func() { SpreadPlanes(grid, planes, 0, 4, first, start, w[:7], w, w, c) })
	require.Panics(t, func() { SpreadPlanes(grid, planes, 0, 4, nil, nil, w, nil, nil, nil) })
	require.Panics(t, func() { SpreadPlanes(grid, planes, 0, math.MaxInt, first, start, w, w, w, c) })
	require.Panics(t, func() { SpreadPlanes(grid, []int{math.MaxInt}, 0, 4, first, start, w, w, w, c) })
	// Planes left out are not checked.
	require.NotPanics(t, func() { SpreadPlanes(grid, []int{-1, -100}, 0, 4, first, start, w, w, w, c) })
}

func FuzzPlane(f *testing.F) {
	f.Add(uint64(1), uint16(1), uint8(14), uint8(14), uint8(14))
	f.Add(uint64(2), uint16(60), uint8(14), uint8(14), uint8(14))
	f.Add(uint64(3), uint16(7), uint8(3), uint8(2), uint8(1))
	f.Add(uint64(4), uint16(0), uint8(0), uint8(0), uint8(0))
	f.Add(uint64(5), uint16(9), uint8(33), uint8(5), uint8(3))
	isas, impls := planeImplementations()
	f.Fuzz(func(t *testing.T, seed uint64, points uint16, width0, width1, width2 uint8) {
		rng := rand.New(rand.NewPCG(seed, uint64(points)<<24|uint64(width0)<<16|uint64(width1)<<8|uint64(width2)))
		comparePlane(t, isas, impls, newPlaneProblem(rng, int(points%300), int(width0%48), int(width1%20), 1+int(width2%20)))
	})
}

// BenchmarkPlane spreads 64 points of 14×14×14 taps (3D at Tol 1e-6)
// into the 14 planes of a 30 or 32 × 21 × 14 region, as 3D spreading does
// for one bin, and reports taps per nanosecond. The region's rows are an
// even number of taps apart, as in the NUFFT's grids: half of the points'
// rows start on a 32-byte boundary; 32 apart, all of a point's rows start
// at the same lane of a 64-byte block (the AVX-512 kernel's case).
func BenchmarkPlane(b *testing.B) {
	for _, e0 := range []int{30, 32} {
		b.Run(fmt.Sprintf("stride=%d", e0), func(b *testing.B) { benchmarkPlane(b, e0) })
	}
}

func benchmarkPlane(b *testing.B, e0 int) {
	const points, width, e1 = 64, 14, 21
	rng := rand.New(rand.NewPCG(9, 9))
	grid := make([]complex128, e0*e1*width)
	planes := make([]int, width)
	for i := range planes {
		planes[i] = i * e0 * e1
	}
	first, start := make([]int, points), make([]int, points)
	for k := range start {
		start[k] = rng.IntN(e1-width+1)*e0 + rng.IntN(e0-width+1)
	}
	w := values(rng, points*width, moderate)
	c := make([]complex128, points)
	for k := range c {
		c[k] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	isas, impls := planeImplementations()
	for _, isa := range isas {
		b.Run(isa.String(), func(b *testing.B) {
			for b.Loop() {
				impls[isa](grid, planes, 0, e0, first, start, w, w, w, c)
			}
			b.ReportMetric(float64(points*width*width*width)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "taps/ns")
		})
	}
}
