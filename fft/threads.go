package fft

import (
	"sync"

	"github.com/numkern/numkern/internal/cpu"
	"github.com/numkern/numkern/internal/parallel"
)

// This file is the template of threads_complex64.go (see gen_complex64.go).

// runner128 runs the transforms of one workspace (so of one plan or clone)
// on several threads with the worker pool of internal/parallel: one
// parallel.For per transform, whose participants share the steps of the
// transform (the passes, or fused pairs of passes, of a Stockham transform;
// the loops and inner transforms of Bluestein's; the groups of lines of a
// strided transform) through a schedule. Waking a pool worker can cost tens
// of microseconds, so this is paid once per transform rather than once per
// step. The body closure is made once and the operands of the current job
// are stored in the runner, so running in parallel allocates nothing.
//
// Every step is cut into chunks that depend only on the job, each chunk a
// part of an iteration space whose elements are computed independently by
// the same operations: the results do not depend on the number of
// threads, nor on which thread runs which chunk.
type runner128 struct {
	threads int
	wg      sync.WaitGroup
	body    func(int)
	sched   schedule

	// The current job.
	job                runnerJob
	isa                cpu.ISA
	st                 *stockham128
	bl                 *bluestein128
	dst, src, scratch  []complex128
	innerWS            *workspace128
	s0                 int
	backward           bool
	eng                *engine128
	layout             lineLayout
	linesSrc, linesDst []complex128
	// lineWS holds one workspace per participant for strided lines
	// (lineWS[0] is the owner's workspace).
	lineWS []*workspace128
}

// newRunner128 returns a runner for threads > 1 threads, or nil for one
// thread (the transforms then run on the caller's goroutine alone).
func newRunner128(threads int) *runner128 {
	if threads <= 1 {
		return nil
	}
	r := &runner128{threads: threads}
	r.body = r.work
	return r
}

// start runs the current job on every thread and returns when it is done.
func (r *runner128) start() {
	r.sched.reset()
	parallel.For(r.threads, r.body, &r.wg)
	r.st, r.bl, r.dst, r.src, r.scratch, r.innerWS, r.eng = nil, nil, nil, nil, nil, nil, nil
	r.linesSrc, r.linesDst = nil, nil
}

// work is participant i's share of the current job.
func (r *runner128) work(i int) {
	switch r.job {
	case jobStockham:
		r.st.walk(r, 0, r.isa, r.dst, r.src, r.scratch, r.s0, r.backward)
	case jobBluestein:
		r.bl.walk(r, r.isa, r.dst, r.src, r.scratch, r.innerWS, r.backward)
	case jobLines:
		sp := rangeSplit(r.layout.outer*r.layout.groups, 1, r.threads)
		for c := r.sched.claim(0); c < sp.chunks; c = r.sched.claim(0) {
			lo, hi := sp.bounds(c)
			linesChunk128(r.eng, r.lineWS[i], r.linesDst, r.linesSrc, r.layout, r.backward, lo, hi)
			r.sched.finish(0)
		}
		r.sched.await(0, sp.chunks)
	}
}

// stockham runs st.transform on the threads.
func (r *runner128) stockham(st *stockham128, isa cpu.ISA, dst, src, scratch []complex128, s0 int, backward bool) {
	r.job, r.st, r.isa, r.dst, r.src, r.scratch, r.s0, r.backward = jobStockham, st, isa, dst, src, scratch, s0, backward
	r.start()
}

// bluestein runs b.run on the threads.
func (r *runner128) bluestein(b *bluestein128, isa cpu.ISA, dst, src, work []complex128, innerWS *workspace128, backward bool) {
	r.job, r.bl, r.isa, r.dst, r.src, r.scratch, r.innerWS, r.backward = jobBluestein, b, isa, dst, src, work, innerWS, backward
	r.start()
}

// reserveLines makes sure that the runner has a workspace for each thread
// to transform lines of e with, each with line buffers of at least size
// elements (0: none yet); ws is the owner's workspace, used by thread 0.
func (r *runner128) reserveLines(e *engine128, ws *workspace128, size int) {
	if len(r.lineWS) == 0 {
		r.lineWS = make([]*workspace128, r.threads)
		r.lineWS[0] = ws
		for i := 1; i < r.threads; i++ {
			r.lineWS[i] = e.newWorkspace()
		}
	}
	if size > 0 {
		for _, w := range r.lineWS {
			ensureLines128(w, size)
		}
	}
}

// lines transforms count lines of e (the layout of transformLines128) in
// place in data, their groups shared by the threads. ws is the owner's
// workspace.
func (r *runner128) lines(e *engine128, ws *workspace128, data []complex128, count, stride, dist int, backward bool) {
	r.reserveLines(e, ws, 0)
	g := lineGroup128(e, stride)
	r.job, r.eng, r.linesDst, r.linesSrc, r.backward = jobLines, e, data, nil, backward
	r.layout = lineLayout{count: count, stride: stride, dist: dist, group: g, groups: (count + g - 1) / g, outer: 1}
	r.start()
}

// linesChunk128 transforms the groups of lines [lo, hi) of the layout L,
// counted across its outer blocks, with the workspace ws: in place in dst,
// or, if src is not nil, each contiguous line of src into dst (stride 1).
func linesChunk128(e *engine128, ws *workspace128, dst, src []complex128, L lineLayout, backward bool, lo, hi int) {
	n := e.n
	for lo < hi {
		b := lo / L.groups
		g0 := lo - b*L.groups
		g1 := min(L.groups, g0+hi-lo)
		i0, i1 := g0*L.group, min(g1*L.group, L.count)
		off := b * L.outerDist
		if src == nil {
			transformLinesRange128(e, ws, dst[off:], L.stride, L.dist, backward, i0, i1)
		} else {
			for l := i0; l < i1; l++ {
				o := off + l*L.dist
				e.runWith(dst[o:o+n], src[o:o+n], ws, backward, nil)
			}
		}
		lo += g1 - g0
	}
}
