package fft

import (
	"sync"

	"github.com/numkern/numkern/internal/cpu"
	"github.com/numkern/numkern/internal/parallel"
)

// This file is the template of threads_complex64.go (see gen_complex64.go).

// runner128 splits the work of one transform across threads with the
// worker pool of internal/parallel. It is owned by one workspace (so by
// one plan or clone) and reused by every transform, so that running in
// parallel allocates nothing: the body closure is made once, and each
// parallel step stores its operands in the runner before calling
// parallel.For.
//
// Every split is a partition of an iteration space whose elements are
// computed independently by the same operations, so the results do not
// depend on the number of threads.
type runner128 struct {
	threads int
	wg      sync.WaitGroup
	body    func(int)

	// The current step.
	kind     runnerTask
	ps, ps2  *stockhamPass128 // ps2: the second pass of a fused pair
	chirp    *bluestein128
	dst, src []complex128
	s        int
	backward bool
	isa      cpu.ISA
	// Lines steps: the engine, the layout and one workspace per thread
	// (lineWS[0] is the owner's workspace).
	eng                 *engine128
	count, stride, dist int
	group, groups       int
	outerDist           int
	lineWS              []*workspace128
	// The split: chunk i covers [cut(i), cut(i+1)) of p (byP) or q, of the
	// index range of a pointwise loop, or of the groups of lines.
	byP    bool
	total  int
	chunks int
	align  int
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

// cut returns the start of chunk i of the current split.
func (r *runner128) cut(i int) int {
	return splitPoint(r.total, r.chunks, i, r.align)
}

// work runs chunk i of the current step.
func (r *runner128) work(i int) {
	lo, hi := r.cut(i), r.cut(i+1)
	if lo >= hi {
		return
	}
	switch r.kind {
	case taskPass, taskFused:
		m := r.ps.m
		if r.kind == taskFused {
			m = r.ps2.m
		}
		rg := passRange{0, m, 0, r.s}
		if r.byP {
			rg.p0, rg.p1 = lo, hi
		} else {
			rg.q0, rg.q1 = lo, hi
		}
		if r.kind == taskFused {
			runFused128(r.isa, r.ps, r.ps2, r.dst, r.src, r.s, r.backward, rg)
			return
		}
		r.ps.run(r.dst, r.src, r.s, r.backward, rg)
	case taskChirpIn:
		r.chirp.chirpIn(r.dst, r.src, lo, hi, r.backward)
	case taskSpectrum:
		r.chirp.multiplySpectrum(r.dst, lo, hi)
	case taskChirpOut:
		r.chirp.chirpOut(r.dst, r.src, lo, hi, r.backward)
	case taskLines:
		r.linesChunk(r.lineWS[i], lo, hi)
	}
}

// linesChunk transforms the groups of lines [lo, hi) of the current lines
// step, counted across the outer blocks, with the workspace ws.
func (r *runner128) linesChunk(ws *workspace128, lo, hi int) {
	n := r.eng.n
	for lo < hi {
		b := lo / r.groups
		g0 := lo - b*r.groups
		g1 := min(r.groups, g0+hi-lo)
		i0, i1 := g0*r.group, min(g1*r.group, r.count)
		off := b * r.outerDist
		if r.src == nil {
			transformLinesRange128(r.eng, ws, r.dst[off:], r.stride, r.dist, r.backward, i0, i1)
		} else {
			for l := i0; l < i1; l++ {
				o := off + l*r.dist
				r.eng.runWith(r.dst[o:o+n], r.src[o:o+n], ws, r.backward, nil)
			}
		}
		lo += g1 - g0
	}
}

// start runs the current step on chunks threads (at most r.threads) and
// returns when every chunk is done.
func (r *runner128) start(chunks int) {
	r.chunks = chunks
	parallel.For(chunks, r.body, &r.wg)
	r.dst, r.src, r.ps, r.ps2, r.chirp, r.eng = nil, nil, nil, nil, nil, nil
}

// pass runs the pass ps with stride s, split across the threads: over p
// when the pass has enough butterfly groups, otherwise over q.
func (r *runner128) pass(ps *stockhamPass128, dst, src []complex128, s int, backward bool) {
	m := ps.m
	chunks := min(r.threads, ps.radix*m*s/minChunkLen)
	if chunks <= 1 {
		ps.run(dst, src, s, backward, passRange{0, m, 0, s})
		return
	}
	r.kind, r.ps, r.dst, r.src, r.s, r.backward = taskPass, ps, dst, src, s, backward
	if m >= minSplitP*chunks {
		r.byP, r.total, r.align = true, m, splitAlign
	} else {
		r.byP, r.total, r.align = false, s, splitAlign
		chunks = min(chunks, s/minSplitQ)
		if chunks <= 1 {
			ps.run(dst, src, s, backward, passRange{0, m, 0, s})
			return
		}
	}
	r.start(chunks)
}

// fused runs the fused pair of passes ps, ps2 (see runFused128) with
// stride s, split across the threads like a pass.
func (r *runner128) fused(ps, ps2 *stockhamPass128, dst, src []complex128, s int, backward bool) {
	m := ps2.m
	chunks := min(r.threads, ps.radix*ps2.radix*m*s/minChunkLen)
	isa := cpu.Selected()
	full := passRange{0, m, 0, s}
	if chunks <= 1 {
		runFused128(isa, ps, ps2, dst, src, s, backward, full)
		return
	}
	r.kind, r.ps, r.ps2, r.dst, r.src, r.s, r.backward, r.isa = taskFused, ps, ps2, dst, src, s, backward, isa
	if m >= minSplitP*chunks {
		r.byP, r.total, r.align = true, m, splitAlign
	} else {
		r.byP, r.total, r.align = false, s, splitAlign
		chunks = min(chunks, s/minSplitQ)
		if chunks <= 1 {
			runFused128(isa, ps, ps2, dst, src, s, backward, full)
			return
		}
	}
	r.start(chunks)
}

// pointwise runs a Bluestein loop of kind over [0, n), split across the
// threads.
func (r *runner128) pointwise(kind runnerTask, b *bluestein128, dst, src []complex128, n int, backward bool) {
	r.kind, r.chirp, r.dst, r.src, r.backward = kind, b, dst, src, backward
	r.byP, r.total, r.align = true, n, splitAlign
	r.start(max(1, min(r.threads, n/minChunkLen)))
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

// lines transforms, in outer blocks outerDist elements apart, count lines
// of e each (the layout of transformLines128 within a block) in place in
// dst, or, if src is not nil, the contiguous lines of src into dst (stride
// 1, each line transformed by one call), splitting the groups of lines of
// all blocks across the threads. ws is the owner's workspace.
func (r *runner128) lines(e *engine128, ws *workspace128, dst, src []complex128, outer, outerDist, count, stride, dist int, backward bool) {
	r.reserveLines(e, ws, 0)
	g := lineGroup128(e, stride)
	groups := (count + g - 1) / g
	r.kind, r.eng, r.dst, r.src, r.backward = taskLines, e, dst, src, backward
	r.count, r.stride, r.dist, r.group, r.groups, r.outerDist = count, stride, dist, g, groups, outerDist
	r.byP, r.total, r.align = true, outer*groups, 1
	r.start(min(r.threads, outer*groups))
}
