package spread

import (
	"fmt"
	"math"
	"runtime"

	"github.com/numkern/numkern/internal/mod2pi"
)

// MaxDims is the largest number of dimensions a plan supports.
const MaxDims = 3

// maxPoints bounds the number of points: sorted indices are int32.
const maxPoints = math.MaxInt32

// binSizes are the sizes, in grid nodes, of the bins points are sorted by,
// indexed by the number of dimensions. The last dimension's bin varies
// slowest, so that sorted points walk the grid slab by slab.
var binSizes = [MaxDims + 1][MaxDims]int{
	1: {64},
	2: {32, 16},
	3: {16, 8, 4},
}

// Plan spreads to and interpolates from one periodic grid of 1 to 3
// dimensions. Build it with NewPlan, give it points with SetPoints, then call
// Spread and Interpolate as often as needed; they allocate nothing.
//
// The grid is stored with dimension 0 fastest: node (m0, m1, m2) is element
// m0 + G0·(m1 + G1·m2).
//
// Spread and Interpolate use up to SetThreads goroutines; their results are
// bit-identical for every thread count. A Plan is not safe for concurrent
// use: SetPoints changes it, and Spread and Interpolate use its scratch space.
type Plan struct {
	dims    int
	grid    [MaxDims]int // G_d; 1 beyond dims
	kernels [MaxDims]Kernel
	e3      [MaxDims][]float64 // E3 table per dimension

	// The points, in sorted order: perm[i] is the caller's index of sorted
	// point i, base[d][i] = ⌊t⌋ ∈ [0, G_d) and frac[d][i] = t - ⌊t⌋ ∈ [0,1).
	havePoints bool
	perm       []int32
	base       [MaxDims][]int32
	frac       [MaxDims][]float64

	// Bins: nbins[d] per dimension; binEnd[b] is one past the last sorted
	// point of bin b, bins numbered with dimension 0 fastest.
	nbins       [MaxDims]int
	binEnd      []int32
	binOf       []int32   // scratch for the counting sort
	fracScratch []float64 // scratch for permuting coordinates

	// sorted holds the strengths (Spread) or results (Interpolate) in sorted
	// point order. The caller's order is random in memory, so reading it
	// point by point between spreading steps stalls on a TLB and cache miss
	// each; one tight loop over all points lets the misses overlap.
	sorted []complex128
	rank   []int32 // rank[perm[i]] = i
	// gather moves the strengths into sorted order, scatter the results
	// out of it, through moveBuf (move.go).
	gather, scatter mover
	moveBuf         []complex128

	threads int
	work    workers
}

// NewPlan returns a plan for a grid of sizes grid[0] × … (dimension 0
// fastest), with one kernel per dimension.
func NewPlan(grid []int, kernels []Kernel) (*Plan, error) {
	dims := len(grid)
	if dims < 1 || dims > MaxDims {
		return nil, fmt.Errorf("spread: %d grid dimensions, want 1 to %d", dims, MaxDims)
	}
	if len(kernels) != dims {
		return nil, fmt.Errorf("spread: %d kernels for %d grid dimensions", len(kernels), dims)
	}
	p := &Plan{dims: dims}
	total := 1
	for d := range MaxDims {
		p.grid[d] = 1
		if d >= dims {
			continue
		}
		g := grid[d]
		if g < 1 || g > math.MaxInt32 {
			return nil, fmt.Errorf("spread: grid size %d in dimension %d outside [1, 2^31)", g, d)
		}
		if err := kernels[d].validate(g); err != nil {
			return nil, fmt.Errorf("%w (dimension %d)", err, d)
		}
		if total > math.MaxInt/g {
			return nil, fmt.Errorf("spread: grid %v has too many nodes", grid)
		}
		total *= g
		p.grid[d] = g
		p.kernels[d] = kernels[d]
		p.e3[d] = kernels[d].e3Table()
	}
	p.work.init(p)
	if err := p.SetThreads(0); err != nil {
		return nil, err
	}
	return p, nil
}

// SetThreads sets the number of goroutines Spread and Interpolate may use;
// 0 means runtime.GOMAXPROCS(0). Problems too small to gain from threads use
// fewer. The results do not depend on it.
func (p *Plan) SetThreads(n int) error {
	if n < 0 {
		return fmt.Errorf("spread: %d threads", n)
	}
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	p.threads = n
	p.work.grow(p, n)
	return nil
}

// Dims returns the number of grid dimensions.
func (p *Plan) Dims() int { return p.dims }

// GridLen returns the number of grid nodes, the length Spread and
// Interpolate expect of the grid slice.
func (p *Plan) GridLen() int { return p.grid[0] * p.grid[1] * p.grid[2] }

// NumPoints returns the number of points given to SetPoints.
func (p *Plan) NumPoints() int { return len(p.perm) }

// SetPoints gives the plan its points: one coordinate slice per dimension,
// all of the same length, in radians. Any finite coordinate is valid and is
// taken modulo 2π; NaN or ±Inf is an error. The plan keeps no reference to
// the slices.
//
// The points are sorted into bins of the grid (a stable counting sort), so
// that Spread and Interpolate walk memory in order.
func (p *Plan) SetPoints(coords ...[]float64) error {
	p.havePoints = false
	if len(coords) != p.dims {
		return fmt.Errorf("spread: %d coordinate slices for a %d-dimensional plan", len(coords), p.dims)
	}
	n := len(coords[0])
	for d, x := range coords {
		if len(x) != n {
			return fmt.Errorf("spread: coordinate slice %d has length %d, slice 0 has %d", d, len(x), n)
		}
	}
	if n > maxPoints {
		return fmt.Errorf("spread: %d points, at most %d supported", n, maxPoints)
	}
	for d, x := range coords {
		for j, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("spread: coordinate %d of point %d is %v", d, j, v)
			}
		}
	}

	p.perm = resize(p.perm, n)
	p.binOf = resize(p.binOf, n)
	p.sorted = resize(p.sorted, n)
	p.rank = resize(p.rank, n)
	for d := range p.dims {
		p.base[d] = resize(p.base[d], n)
		p.frac[d] = resize(p.frac[d], n)
	}
	// Grid coordinates in caller order first, in the slices that will hold
	// them sorted; the bin of each point goes to binOf.
	bins := 1
	for d := range MaxDims {
		p.nbins[d] = 1
		if d < p.dims {
			size := binSizes[p.dims][d]
			p.nbins[d] = (p.grid[d] + size - 1) / size
		}
		bins *= p.nbins[d]
	}
	for j := range n {
		bin, stride := 0, 1
		for d := range p.dims {
			m, f := gridCoordinate(coords[d][j], p.grid[d])
			p.base[d][j], p.frac[d][j] = m, f
			bin += stride * (int(m) / binSizes[p.dims][d])
			stride *= p.nbins[d]
		}
		p.binOf[j] = int32(bin)
	}
	// Stable counting sort by bin: perm lists caller indices in bin order,
	// and binEnd[b] ends up one past bin b's last point.
	p.binEnd = resize(p.binEnd, bins)
	clear(p.binEnd)
	for _, b := range p.binOf {
		if b+1 < int32(bins) {
			p.binEnd[b+1]++
		}
	}
	for b := 1; b < bins; b++ {
		p.binEnd[b] += p.binEnd[b-1]
	}
	for j, b := range p.binOf {
		p.perm[p.binEnd[b]] = int32(j)
		p.rank[j] = p.binEnd[b]
		p.binEnd[b]++
	}
	p.gather.build(p.rank)
	p.scatter.build(p.perm)
	if p.gather.bucketed() {
		p.moveBuf = resize(p.moveBuf, n)
	}
	// Permute the coordinates into sorted order, reusing binOf (int32) and a
	// float64 buffer as scratch.
	p.fracScratch = resize(p.fracScratch, n)
	scratchF := p.fracScratch
	for d := range p.dims {
		for i, j := range p.perm {
			p.binOf[i] = p.base[d][j]
			scratchF[i] = p.frac[d][j]
		}
		p.base[d], p.binOf = p.binOf, p.base[d]
		copy(p.frac[d], scratchF)
	}
	p.havePoints = true
	return nil
}

// gridCoordinate maps x (radians) to the grid coordinate t = G·x/(2π) mod G,
// returned as m = ⌊t⌋ ∈ [0, G) and f = t - m ∈ [0, 1). The product with G is
// carried in double-double, so f is accurate to about 2^-53 of a grid
// spacing whatever the size of x.
func gridCoordinate(x float64, g int) (int32, float64) {
	hi, lo := mod2pi.Frac(x)
	gf := float64(g)
	// t must be the rounded product: t - m below would otherwise be fused
	// with it into one multiply-subtract on arm64 and GOAMD64=v3.
	t := float64(gf * hi)
	tErr := math.FMA(gf, hi, -t) + float64(gf*lo)
	m := math.Floor(t)
	f := (t - m) + tErr
	// The correction can carry f just outside [0, 1).
	if f < 0 {
		m--
		f++
		if f >= 1 { // f was a tiny negative: f+1 rounded to 1
			m++
			f = 0
		}
	} else if f >= 1 {
		m++
		f--
	}
	mi := int64(m) % int64(g)
	if mi < 0 {
		mi += int64(g)
	}
	return int32(mi), f
}

// resize returns s with length n, reusing its storage when large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}
