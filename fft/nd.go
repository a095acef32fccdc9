package fft

import (
	"fmt"
	"sync"

	"github.com/numkern/numkern/internal/parallel"
)

// maxDims is the largest number of dimensions of a PlanND.
const maxDims = 3

// PlanND is a complex128 FFT of a one-, two- or three-dimensional array
// stored in a single slice with dims[0] the fastest varying index: element
// (i0, i1, i2) is at i0 + n0·(i1 + n1·i2). The transform is the
// one-dimensional FFT applied along every axis in turn (axis 0 first); the
// result of each axis is bit-for-bit that of a Plan of its length.
//
// Axis 0 is transformed line by line; the other axes, whose elements are
// n0 or n0·n1 apart, are transformed in blocks of adjacent lines gathered
// into a contiguous buffer, so that every memory access reads or writes
// whole runs of adjacent elements.
//
// Like Plan, a PlanND holds its scratch buffers and is not safe for
// concurrent use; use Clone for other goroutines. SetThreads lets one
// transform use several threads.
type PlanND struct {
	dims    []int
	n       int
	plans   []*Plan // one per axis; axes of equal length share a plan
	threads int
	par     *ndRunner // nil for one thread
}

// NewPlanND returns a plan for arrays with the given dimensions, dims[0]
// varying fastest. It accepts one to three dimensions, each ≥ 1.
func NewPlanND(dims ...int) (*PlanND, error) {
	if len(dims) < 1 || len(dims) > maxDims {
		return nil, fmt.Errorf("fft: %d dimensions, want 1 to %d: %w", len(dims), maxDims, ErrLength)
	}
	n := 1
	for _, d := range dims {
		if d < 1 || d > maxLen || n > maxLen/d {
			return nil, fmt.Errorf("fft: dimensions %v out of range: %w", dims, ErrLength)
		}
		n *= d
	}
	p := &PlanND{dims: append([]int(nil), dims...), n: n, plans: make([]*Plan, len(dims)), threads: 1}
	byLen := map[int]*Plan{}
	for axis, d := range dims {
		if q, ok := byLen[d]; ok {
			p.plans[axis] = q
			continue
		}
		q, err := NewPlan(d)
		if err != nil {
			return nil, err
		}
		byLen[d] = q
		p.plans[axis] = q
	}
	p.reserve()
	return p, nil
}

// reserve allocates the line buffers of the axis plans now, for every
// thread, so that the transforms allocate nothing.
func (p *PlanND) reserve() {
	for axis, q := range p.plans {
		n := q.eng.n
		size := 0
		switch {
		case q.eng.kind == chirpZ && axis > 0:
			size = longLineGroup * n
		case q.eng.kind == stockham && (axis > 0 || n < minGatheredLine):
			size = lineBlockWidth(n) * n
		}
		if size > 0 {
			ensureLines128(q.ws, size)
		}
		if rn := q.ws.run; rn != nil {
			rn.reserveLines(q.eng, q.ws, size)
		}
	}
}

// Dims returns a copy of the dimensions.
func (p *PlanND) Dims() []int { return append([]int(nil), p.dims...) }

// Len returns the number of elements, the product of the dimensions.
func (p *PlanND) Len() int { return p.n }

// Clone returns a plan for the same dimensions that shares p's read-only
// tables but has its own scratch buffers, for use in another goroutine.
func (p *PlanND) Clone() *PlanND {
	c := &PlanND{dims: p.dims, n: p.n, plans: make([]*Plan, len(p.plans)), threads: p.threads}
	clones := map[*Plan]*Plan{}
	for axis, q := range p.plans {
		if _, ok := clones[q]; !ok {
			clones[q] = q.Clone()
		}
		c.plans[axis] = clones[q]
	}
	c.reserve()
	c.par = newNDRunner(c)
	return c
}

// SetThreads sets the number of threads the transforms of p may use:
// n ≥ 1, or 0 for runtime.GOMAXPROCS(0); a new plan uses one thread. The
// lines of each axis (or blocks of adjacent lines) are split across the
// threads, each with a workspace of its own, with a barrier between axes;
// an axis with too few lines for that runs its lines one after the other,
// each with the threads (see Plan.SetThreads). Every line is transformed
// by the same operations whatever the split, so the results are
// bit-identical for every thread count, and the transforms still allocate
// nothing (SetThreads allocates the workspaces). A negative n is an error
// (wrapping ErrThreads) and leaves p unchanged.
func (p *PlanND) SetThreads(n int) error {
	n, err := resolveThreads(n)
	if err != nil {
		return err
	}
	seen := map[*Plan]bool{}
	for _, q := range p.plans {
		if !seen[q] {
			seen[q] = true
			if err := q.SetThreads(n); err != nil {
				return err
			}
		}
	}
	p.threads = n
	p.reserve()
	p.par = newNDRunner(p)
	return nil
}

// Threads returns the number of threads set by SetThreads (1 for a new
// plan).
func (p *PlanND) Threads() int { return p.threads }

// Forward computes the forward transform (e^{−2πi} along every axis).
// dst and src must have length Len(); dst may be src (in place), but they
// must not otherwise overlap. src is not modified unless it is dst.
func (p *PlanND) Forward(dst, src []complex128) error { return p.transform(dst, src, false) }

// Backward computes the unnormalised backward transform (e^{+2πi} along
// every axis): Backward(Forward(x)) = Len()·x. The rules for dst and src
// are those of Forward.
func (p *PlanND) Backward(dst, src []complex128) error { return p.transform(dst, src, true) }

func (p *PlanND) transform(dst, src []complex128, backward bool) error {
	if err := checkPair(dst, src, p.n); err != nil {
		return err
	}
	if p.par != nil && p.n >= minParallelLen && p.linesParallel() {
		p.par.run(dst, src, backward)
		return nil
	}
	// Axis 0: contiguous lines; long ones go straight from src to dst.
	n0 := p.dims[0]
	q := p.plans[0]
	switch {
	case n0 == 1:
		copy(dst, src)
	case q.eng.kind != stockham || n0 >= minGatheredLine:
		for i := 0; i < p.n; i += n0 {
			q.eng.run(dst[i:i+n0], src[i:i+n0], q.ws, backward)
		}
	default:
		copy(dst, src)
		transformLines128(q.eng, q.ws, dst, p.n/n0, 1, n0, backward)
	}
	// Outer axes, in place: the lines of axis a are the columns of the
	// matrix whose rows are the inner block of size stride; for a = 1 of
	// a 3D array, one such matrix per index i2.
	stride := n0
	for axis := 1; axis < len(p.dims); axis++ {
		d := p.dims[axis]
		q := p.plans[axis]
		block := stride * d
		for off := 0; off < p.n; off += block {
			transformLines128(q.eng, q.ws, dst[off:off+block], stride, stride, 1, backward)
		}
		stride = block
	}
	return nil
}

// linesParallel reports whether every axis has enough lines to share them
// among the threads; otherwise (an axis of a few long lines) the axes run
// one after the other, each line with all the threads.
func (p *PlanND) linesParallel() bool {
	for _, d := range p.dims {
		if d > 1 && p.n/d < minLinesPerThread*p.threads {
			return false
		}
	}
	return true
}

// ndRunner runs the transforms of a PlanND on several threads: one
// parallel.For per transform, whose participants share the groups of lines
// of each axis (and the copy of axis 0, if any) through a schedule, each
// with its own workspaces (see runner128).
type ndRunner struct {
	p        *PlanND
	threads  int
	wg       sync.WaitGroup
	body     func(int)
	sched    schedule
	dst, src []complex128
	backward bool
	// ws[axis][i] is participant i's workspace for the axis' plan.
	ws [maxDims][]*workspace128
	// The windows of a windowed transform (see ForwardWindowed).
	windowed bool
	in, out  []Window
}

// newNDRunner returns the runner of p, or nil if p uses one thread.
func newNDRunner(p *PlanND) *ndRunner {
	if p.threads <= 1 {
		return nil
	}
	r := &ndRunner{p: p, threads: p.threads}
	for axis, q := range p.plans {
		r.ws[axis] = q.ws.run.lineWS
	}
	r.body = r.work
	return r
}

// run transforms src into dst on the threads.
func (r *ndRunner) run(dst, src []complex128, backward bool) {
	r.dst, r.src, r.backward = dst, src, backward
	r.sched.reset()
	parallel.For(r.threads, r.body, &r.wg)
	r.dst, r.src = nil, nil
}

// copyStep copies src to dst as schedule step t.
func (r *ndRunner) copyStep(t int) {
	sp := rangeSplit(r.p.n, minChunkLen, r.threads)
	for c := r.sched.claim(t); c < sp.chunks; c = r.sched.claim(t) {
		lo, hi := sp.bounds(c)
		copy(r.dst[lo:hi], r.src[lo:hi])
		r.sched.finish(t)
	}
	r.sched.await(t, sp.chunks)
}

// linesStep transforms the lines L of axis (from src if not nil, else in
// place in dst) as schedule step t, with participant i's workspace.
func (r *ndRunner) linesStep(t, i, axis int, dst, src []complex128, L lineLayout) {
	e := r.p.plans[axis].eng
	sp := rangeSplit(L.outer*L.groups, 1, r.threads)
	for c := r.sched.claim(t); c < sp.chunks; c = r.sched.claim(t) {
		lo, hi := sp.bounds(c)
		linesChunk128(e, r.ws[axis][i], dst, src, L, r.backward, lo, hi)
		r.sched.finish(t)
	}
	r.sched.await(t, sp.chunks)
}

// work is participant i's share of a transform: the steps of
// PlanND.transform, the lines of each axis split into groups.
func (r *ndRunner) work(i int) {
	if r.windowed {
		r.workWindowed(i)
		return
	}
	p := r.p
	n0 := p.dims[0]
	e := p.plans[0].eng
	t := 0
	lines := p.n / n0
	switch {
	case n0 == 1:
		r.copyStep(t)
		t++
	case e.kind != stockham || n0 >= minGatheredLine:
		r.linesStep(t, i, 0, r.dst, r.src, lineLayout{count: lines, stride: 1, dist: n0, group: 1, groups: lines, outer: 1})
		t++
	default:
		r.copyStep(t)
		g := lineGroup128(e, 1)
		r.linesStep(t+1, i, 0, r.dst, nil, lineLayout{count: lines, stride: 1, dist: n0, group: g, groups: (lines + g - 1) / g, outer: 1})
		t += 2
	}
	stride := n0
	for axis := 1; axis < len(p.dims); axis++ {
		block := stride * p.dims[axis]
		if p.dims[axis] == 1 {
			continue // block = stride: nothing to do
		}
		g := lineGroup128(p.plans[axis].eng, stride)
		r.linesStep(t, i, axis, r.dst, nil, lineLayout{count: stride, stride: stride, dist: 1, group: g,
			groups: (stride + g - 1) / g, outer: p.n / block, outerDist: block})
		t++
		stride = block
	}
}
