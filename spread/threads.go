package spread

import (
	"sync"

	"github.com/numkern/numkern/internal/parallel"
)

// minPointsPerWorker is the least work worth a goroutine of its own: below
// it, waking a worker costs more than it saves, and a plan must never be
// slower with more threads.
var minPointsPerWorker = 16384

// workers is the per-goroutine state of Spread and Interpolate.
//
// Spread divides the grid, not the points: worker s owns the slab of rows
// [slabEnd[s-1], slabEnd[s]) of the outermost dimension and spreads, in
// sorted order, every point whose kernel reaches into the slab, clipped to
// it. Each grid node is therefore written by one worker only, and receives
// its contributions in sorted point order whatever the number of workers:
// the result is bit-identical to the single-threaded one. Points near slab
// edges have their weights computed by two workers, a small cost.
//
// Interpolate divides the sorted points into equal parts; each output is
// one point's own sum, so the split cannot change it.
type workers struct {
	scratch []*scratch // one per goroutine
	slabEnd []int
	n       int // goroutines in use by the current call
	wait    sync.WaitGroup

	// The current call's arguments, and the loop bodies, made once so that
	// a call allocates nothing.
	grid, c                   []complex128
	spreadBody, interpBody    func(int)
	gatherBody, scatterBody   func(int)
	gatherPlace, scatterPlace func(int)
}

// gatherBlock is how many points' weights are computed at a time.
const gatherBlock = 256

// scratch is one goroutine's working memory: the weights of a block of
// points per dimension (point k's taps at [k·W, (k+1)·W)).
type scratch struct {
	weights [MaxDims][]float64
	// One point's rows: where each starts in the grid and its weight.
	rowOff    []int
	rowWeight []float64
	// 1D: the first taps of a block's points, for gridrows's run kernels;
	// 3D: where a chunk's points' first rows start in a plane.
	start []int
	// 3D: the first plane of a chunk's points, where the planes of its
	// region start, and the copy of the region that spreadChunk3D spreads
	// into when the region wraps.
	first2 []int
	planes []int
	region []complex128
}

func (w *workers) init(p *Plan) {
	w.spreadBody = p.spreadSlab
	w.interpBody = p.interpPart
	// Moving values between the caller's order and the sorted order is a
	// random access on one side. Large moves go through the plan's movers
	// (move.go) in two passes, each split across the goroutines. Small ones
	// are direct: one goroutine writes randomly (reads sequentially), the
	// store buffer absorbing the misses better than loads do; several
	// goroutines each write their own contiguous range and read randomly,
	// so that no two write into one cache line.
	w.gatherBody = func(s int) {
		n := len(p.perm)
		switch {
		case p.gather.bucketed():
			p.gather.partition(p.moveBuf, w.c, n*s/w.n, n*(s+1)/w.n)
		case w.n == 1:
			for j, v := range w.c {
				p.sorted[p.rank[j]] = v
			}
		default:
			for i := n * s / w.n; i < n*(s+1)/w.n; i++ {
				p.sorted[i] = w.c[p.perm[i]]
			}
		}
	}
	w.gatherPlace = func(s int) {
		b := p.gather.buckets()
		p.gather.place(p.sorted, p.moveBuf, b*s/w.n, b*(s+1)/w.n)
	}
	w.scatterBody = func(s int) {
		n := len(p.perm)
		switch {
		case p.scatter.bucketed():
			p.scatter.partition(p.moveBuf, p.sorted, n*s/w.n, n*(s+1)/w.n)
		case w.n == 1:
			for i, j := range p.perm {
				w.c[j] = p.sorted[i]
			}
		default:
			for j := n * s / w.n; j < n*(s+1)/w.n; j++ {
				w.c[j] = p.sorted[p.rank[j]]
			}
		}
	}
	w.scatterPlace = func(s int) {
		b := p.scatter.buckets()
		p.scatter.place(w.c, p.moveBuf, b*s/w.n, b*(s+1)/w.n)
	}
}

// gatherStrengths moves the caller's strengths c into p.sorted on n
// goroutines.
func (p *Plan) gatherStrengths(n int, grid, c []complex128) {
	p.work.run(n, p.work.gatherBody, grid, c)
	if p.gather.bucketed() {
		p.work.run(n, p.work.gatherPlace, grid, c)
	}
}

// scatterResults moves p.sorted into the caller's order in c on n
// goroutines.
func (p *Plan) scatterResults(n int, grid, c []complex128) {
	p.work.run(n, p.work.scatterBody, grid, c)
	if p.scatter.bucketed() {
		p.work.run(n, p.work.scatterPlace, grid, c)
	}
}

// grow makes room for n goroutines.
func (w *workers) grow(p *Plan, n int) {
	for len(w.scratch) < n {
		s := new(scratch)
		for d := range p.dims {
			s.weights[d] = make([]float64, gatherBlock*p.kernels[d].Width())
		}
		rows := 1
		for d := 1; d < p.dims; d++ {
			rows *= p.kernels[d].Width()
		}
		s.rowOff, s.rowWeight = make([]int, rows), make([]float64, rows)
		if p.dims != 2 {
			s.start = make([]int, gatherBlock)
		}
		if p.dims == 3 {
			// A chunk's points lie in one bin, so its region spans at most
			// a bin plus a kernel along each dimension.
			s.first2 = make([]int, gatherBlock)
			var e [3]int
			for d := range 3 {
				e[d] = min(p.grid[d], binSizes[3][d]+p.kernels[d].Width()-1)
			}
			s.planes = make([]int, e[2])
			s.region = make([]complex128, regionStride(e[0])*e[1]*e[2])
		}
		w.scratch = append(w.scratch, s)
	}
	if len(w.slabEnd) < n {
		w.slabEnd = make([]int, n)
	}
}

// run calls body(s) for s = 0 … n-1 on n goroutines.
func (w *workers) run(n int, body func(int), grid, c []complex128) {
	w.n, w.grid, w.c = n, grid, c
	parallel.For(n, body, &w.wait)
	w.grid, w.c = nil, nil
}

// numWorkers returns how many goroutines a call should use.
func (p *Plan) numWorkers() int {
	return max(1, min(p.threads, len(p.perm)/minPointsPerWorker))
}

// planSlabs divides the outermost dimension's rows into n slabs holding
// about equal numbers of points, at bin boundaries.
func (p *Plan) planSlabs(n int) {
	outer := p.dims - 1
	rows, size := p.grid[outer], binSizes[p.dims][outer]
	total := len(p.perm)
	s := 0
	for b := range p.nbins[outer] {
		for s < n-1 && p.outerBinStart(b) >= total*(s+1)/n {
			p.work.slabEnd[s] = min(b*size, rows)
			s++
		}
	}
	for ; s < n; s++ {
		p.work.slabEnd[s] = rows
	}
}

// slab returns the rows of the outermost dimension that worker s owns.
func (p *Plan) slab(s int) (lo, hi int) {
	if s > 0 {
		lo = p.work.slabEnd[s-1]
	}
	return lo, p.work.slabEnd[s]
}

// outerBinStart returns the sorted index of the first point of outer bin b
// (bins of the outermost dimension hold a contiguous run of sorted points).
func (p *Plan) outerBinStart(b int) int {
	inner := len(p.binEnd) / p.nbins[p.dims-1]
	if b == 0 {
		return 0
	}
	return int(p.binEnd[b*inner-1])
}

// outerBinReaches reports whether a point of outer bin b can touch a row in
// [lo, hi), the grid being periodic.
func (p *Plan) outerBinReaches(b, lo, hi int) bool {
	outer := p.dims - 1
	rows, size, k := p.grid[outer], binSizes[p.dims][outer], p.kernels[outer].HalfWidth
	first := b*size - (k - 1)
	last := min((b+1)*size, rows) - 1 + k
	for _, shift := range [...]int{-rows, 0, rows} {
		if first+shift < hi && last+shift >= lo {
			return true
		}
	}
	return false
}
