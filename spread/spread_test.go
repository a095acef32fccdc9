package spread

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/numkern/numkern/asm/gaussw"
	"github.com/stretchr/testify/require"
)

// problem is a random spreading problem.
type problem struct {
	grid    []int
	kernels []Kernel
	coords  [][]float64
	c       []complex128
}

// newProblem returns n random points spread over ±spanTurns turns, and a
// kernel for tol on each grid dimension, narrowed to fit small grids.
func newProblem(t testing.TB, rng *rand.Rand, grid []int, tol float64, n int, spanTurns float64) problem {
	pr := problem{grid: grid}
	for _, g := range grid {
		k, err := KernelFor(tol, max(g/2, 1), g)
		if err != nil {
			k = Kernel{HalfWidth: g / 2, Alpha: math.Pi / float64(g/2) * math.Sqrt(0.5)}
		}
		pr.kernels = append(pr.kernels, k)
		x := make([]float64, n)
		for j := range x {
			x[j] = (rng.Float64()*2 - 1) * spanTurns * 2 * math.Pi
		}
		pr.coords = append(pr.coords, x)
	}
	pr.c = make([]complex128, n)
	for j := range pr.c {
		pr.c[j] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	return pr
}

func (pr problem) plan(t testing.TB) *Plan {
	p, err := NewPlan(pr.grid, pr.kernels)
	require.NoError(t, err)
	require.NoError(t, p.SetPoints(pr.coords...))
	return p
}

// bruteWeights returns the nodes and weights of a point in one dimension,
// straight from the definition w = e^{-α (t-m)²}, with math.Exp.
func bruteWeights(x float64, g int, k Kernel) (nodes []int, w []float64) {
	turns := x / (2 * math.Pi)
	turns -= math.Floor(turns)
	t := turns * float64(g)
	m0 := int(math.Floor(t))
	for m := m0 - k.HalfWidth + 1; m <= m0+k.HalfWidth; m++ {
		d := t - float64(m)
		nodes = append(nodes, ((m%g)+g)%g)
		w = append(w, math.Exp(-k.Alpha*d*d))
	}
	return nodes, w
}

// bruteSpread is Spread by definition, in any order, with math.Exp.
func bruteSpread(pr problem) []complex128 {
	size := [3]int{1, 1, 1}
	copy(size[:], pr.grid)
	out := make([]complex128, size[0]*size[1]*size[2])
	for j, c := range pr.c {
		var nodes [3][]int
		var w [3][]float64
		for d := range 3 {
			if d < len(pr.grid) {
				nodes[d], w[d] = bruteWeights(pr.coords[d][j], pr.grid[d], pr.kernels[d])
			} else {
				nodes[d], w[d] = []int{0}, []float64{1}
			}
		}
		for a2, m2 := range nodes[2] {
			for a1, m1 := range nodes[1] {
				for a0, m0 := range nodes[0] {
					out[m0+size[0]*(m1+size[1]*m2)] += c * complex(w[0][a0]*w[1][a1]*w[2][a2], 0)
				}
			}
		}
	}
	return out
}

func relErr(got, want []complex128) float64 {
	var num, den float64
	for i := range want {
		num += sq(cmplx.Abs(got[i] - want[i]))
		den += sq(cmplx.Abs(want[i]))
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

func sq(x float64) float64 { return x * x }

var shapes = [][]int{{8}, {9}, {64}, {101}, {8, 8}, {12, 10}, {30, 14}, {8, 8, 8}, {10, 12, 16}}

func TestSpreadMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, grid := range shapes {
		for _, tol := range []float64{1e-2, 1e-6, 1e-12} {
			pr := newProblem(t, rng, grid, tol, 37, 3)
			p := pr.plan(t)
			got := make([]complex128, p.GridLen())
			require.NoError(t, p.Spread(got, pr.c))
			require.Less(t, relErr(got, bruteSpread(pr)), 1e-13, "grid %v tol %g", grid, tol)
		}
	}
}

// TestInterpolateIsAdjoint checks ⟨Spread c, g⟩ = ⟨c, Interpolate g⟩.
func TestInterpolateIsAdjoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, grid := range shapes {
		pr := newProblem(t, rng, grid, 1e-4, 53, 1)
		p := pr.plan(t)
		g := make([]complex128, p.GridLen())
		for i := range g {
			g[i] = complex(rng.NormFloat64(), rng.NormFloat64())
		}
		spreadC := make([]complex128, p.GridLen())
		require.NoError(t, p.Spread(spreadC, pr.c))
		interpG := make([]complex128, len(pr.c))
		require.NoError(t, p.Interpolate(interpG, g))
		var lhs, rhs complex128
		for i := range g {
			lhs += spreadC[i] * cmplx.Conj(g[i])
		}
		for j := range pr.c {
			rhs += pr.c[j] * cmplx.Conj(interpG[j])
		}
		require.InDelta(t, 0, cmplx.Abs(lhs-rhs)/cmplx.Abs(lhs), 1e-13, "grid %v", grid)
	}
}

// TestPeriodicity checks that coordinates taken modulo 2π, however large,
// land on the same grid position, and that points on nodes and at ±π are
// handled.
func TestPeriodicity(t *testing.T) {
	k, err := KernelFor(1e-9, 50, 100)
	require.NoError(t, err)
	p, err := NewPlan([]int{100}, []Kernel{k})
	require.NoError(t, err)
	base := []float64{0, 1, math.Pi, -math.Pi, 2 * math.Pi / 100 * 37, 6.283185307179586, -1e-300}
	for _, turns := range []float64{1, -3, 1e6, -1e9} {
		shifted := make([]float64, len(base))
		for i, x := range base {
			shifted[i] = x + turns*2*math.Pi
		}
		for i := range base {
			m1, f1 := gridCoordinate(base[i], 100)
			m2, f2 := gridCoordinate(shifted[i], 100)
			pos1, pos2 := float64(m1)+f1, float64(m2)+f2
			// 2π·turns is not exactly representable: the shifted coordinate
			// carries the rounding of the shift, |x|·2^-53, no more.
			dist := math.Abs(pos1 - pos2)
			dist = min(dist, 100-dist)
			require.LessOrEqual(t, dist, math.Abs(shifted[i])*0x1p-52*100/(2*math.Pi)+1e-13, "x=%v shift %v turns", base[i], turns)
		}
	}
	require.NoError(t, p.SetPoints(base))
	for i := range base {
		m, f := gridCoordinate(base[i], 100)
		require.True(t, m >= 0 && m < 100 && f >= 0 && f < 1, "x=%v → (%d, %v)", base[i], m, f)
	}
	m, f := gridCoordinate(2*math.Pi/100*37, 100)
	require.InDelta(t, 37, float64(m)+f, 1e-13, "a point on node 37")
	m, f = gridCoordinate(0, 100)
	require.Equal(t, [2]float64{0, 0}, [2]float64{float64(m), f})
}

func TestWeightsRecurrence(t *testing.T) {
	for _, tol := range []float64{1e-1, 1e-6, 1e-15} {
		k, err := KernelFor(tol, 64, 128)
		require.NoError(t, err)
		w := make([]float64, k.Width())
		for _, f := range []float64{0, 0.25, 0.5, 0.999999} {
			gaussw.Weights(w, []float64{f}, k.Alpha, float64(2*k.HalfWidth-2), k.e3Table())
			for i, got := range w {
				want := math.Exp(-k.Alpha * sq(f+float64(k.HalfWidth-1-i)))
				require.InDelta(t, 1, got/want, 64*0x1p-52, "tol %g f %v tap %d", tol, f, i)
			}
		}
	}
}

func TestKernelFor(t *testing.T) {
	k, err := KernelFor(1e-6, 1000, 2000)
	require.NoError(t, err)
	require.Equal(t, 7, k.HalfWidth)
	k, err = KernelFor(1e-20, 1000, 3000)
	require.NoError(t, err)
	k15, _ := KernelFor(MinTolerance, 1000, 3000)
	require.Equal(t, k15, k, "tolerances below MinTolerance are clamped")
	for _, bad := range []struct {
		tol         float64
		modes, grid int
	}{{0, 10, 20}, {1, 10, 20}, {math.NaN(), 10, 20}, {math.Inf(1), 10, 20}, {-1e-3, 10, 20}, {1e-6, 0, 20}, {1e-6, 10, 10}, {1e-6, 10, 5}, {1e-12, 1, 2}} {
		_, err := KernelFor(bad.tol, bad.modes, bad.grid)
		require.Error(t, err, "%+v", bad)
	}
}

func TestBadInput(t *testing.T) {
	k := Kernel{HalfWidth: 2, Alpha: 1}
	for _, bad := range []struct {
		grid    []int
		kernels []Kernel
	}{
		{nil, nil},
		{[]int{8, 8, 8, 8}, []Kernel{k, k, k, k}},
		{[]int{8}, []Kernel{k, k}},
		{[]int{0}, []Kernel{k}},
		{[]int{-4}, []Kernel{k}},
		{[]int{3}, []Kernel{k}},
		{[]int{8}, []Kernel{{HalfWidth: 0, Alpha: 1}}},
		{[]int{8}, []Kernel{{HalfWidth: 2, Alpha: math.NaN()}}},
		{[]int{8}, []Kernel{{HalfWidth: 2, Alpha: -1}}},
		{[]int{8}, []Kernel{{HalfWidth: 2, Alpha: math.Inf(1)}}},
		{[]int{100}, []Kernel{{HalfWidth: MaxHalfWidth + 1, Alpha: 1}}},
	} {
		_, err := NewPlan(bad.grid, bad.kernels)
		require.Error(t, err, "%+v", bad)
	}

	p, err := NewPlan([]int{8, 8}, []Kernel{k, k})
	require.NoError(t, err)
	grid := make([]complex128, 64)
	require.ErrorIs(t, p.Spread(grid, nil), errNoPoints)
	require.ErrorIs(t, p.Interpolate(nil, grid), errNoPoints)
	require.Error(t, p.SetPoints([]float64{1}))
	require.Error(t, p.SetPoints([]float64{1}, []float64{1, 2}))
	require.Error(t, p.SetPoints([]float64{1}, []float64{math.NaN()}))
	require.Error(t, p.SetPoints([]float64{math.Inf(-1)}, []float64{0}))
	require.ErrorIs(t, p.Spread(grid, nil), errNoPoints, "a failed SetPoints leaves no points")
	require.NoError(t, p.SetPoints([]float64{1, 2}, []float64{3, 4}))
	require.Error(t, p.Spread(grid, make([]complex128, 3)))
	require.Error(t, p.Spread(grid[:63], make([]complex128, 2)))
	require.Error(t, p.Interpolate(make([]complex128, 1), grid))
	require.NoError(t, p.Spread(grid, make([]complex128, 2)))

	require.NoError(t, p.SetPoints(nil, nil), "zero points are valid")
	grid[5] = 1
	require.NoError(t, p.Spread(grid, nil))
	require.Equal(t, make([]complex128, 64), grid, "no points spread to a zero grid")
}

func TestNoAllocations(t *testing.T) {
	defer func(old int) { minPointsPerWorker = old }(minPointsPerWorker)
	minPointsPerWorker = 1
	rng := rand.New(rand.NewPCG(3, 3))
	for _, grid := range [][]int{{64}, {16, 16}, {8, 8, 8}} {
		pr := newProblem(t, rng, grid, 1e-3, 100, 1)
		p := pr.plan(t)
		require.NoError(t, p.SetThreads(3))
		g := make([]complex128, p.GridLen())
		out := make([]complex128, len(pr.c))
		require.Zero(t, testing.AllocsPerRun(5, func() { _ = p.Spread(g, pr.c) }), "Spread %v", grid)
		require.Zero(t, testing.AllocsPerRun(5, func() { _ = p.Interpolate(out, g) }), "Interpolate %v", grid)
	}
}

// FuzzSetPoints feeds arbitrary coordinates: SetPoints must accept exactly
// the finite ones, never panic, and Spread must then agree with the
// definition.
func FuzzSetPoints(f *testing.F) {
	f.Add(0.0, 1.0, 3.14159, uint8(1))
	f.Add(-1e300, 1e300, 2*math.Pi, uint8(2))
	f.Add(math.NaN(), 0.0, 0.0, uint8(3))
	f.Add(math.Inf(1), -0.0, 5e-324, uint8(1))
	f.Fuzz(func(t *testing.T, x, y, z float64, dims uint8) {
		d := int(dims%3) + 1
		grid := []int{12, 10, 8}[:d]
		kernels := make([]Kernel, d)
		for i := range kernels {
			kernels[i] = Kernel{HalfWidth: 3, Alpha: 0.6}
		}
		p, err := NewPlan(grid, kernels)
		require.NoError(t, err)
		all := []float64{x, y, z}
		coords := make([][]float64, d)
		finite := true
		for i := range coords {
			coords[i] = []float64{all[i], all[(i+1)%3]}
			finite = finite && !math.IsNaN(all[i]) && !math.IsInf(all[i], 0) && !math.IsNaN(all[(i+1)%3]) && !math.IsInf(all[(i+1)%3], 0)
		}
		err = p.SetPoints(coords...)
		if !finite {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		pr := problem{grid: grid, kernels: kernels, coords: coords, c: []complex128{1, 1i}}
		got := make([]complex128, p.GridLen())
		require.NoError(t, p.Spread(got, pr.c))
		for _, v := range got {
			require.False(t, cmplx.IsNaN(v) || cmplx.IsInf(v))
		}
		var sum complex128
		for _, v := range got {
			sum += v
		}
		// Total mass is c times the sum of the weights, whatever x is.
		require.Greater(t, real(sum), 0.0)
	})
}

func BenchmarkSpread(b *testing.B) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, bc := range []struct {
		name string
		grid []int
		n    int
	}{{"1d", []int{2000000}, 1000000}, {"2d", []int{2000, 2000}, 1000000}, {"3d", []int{200, 200, 200}, 1000000}} {
		pr := newProblem(b, rng, bc.grid, 1e-6, bc.n, 0.5)
		p := pr.plan(b)
		if err := p.SetThreads(1); err != nil { // per-core figures
			b.Fatal(err)
		}
		g := make([]complex128, p.GridLen())
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				_ = p.Spread(g, pr.c)
			}
			b.ReportMetric(float64(bc.n)*float64(b.N)/b.Elapsed().Seconds(), "points/s")
		})
	}
}
