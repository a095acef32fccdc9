package fft

import (
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Errors returned by the package, wrapped with details; test with errors.Is.
var (
	// ErrLength reports an invalid transform length or dimension.
	ErrLength = errors.New("invalid transform length")
	// ErrSize reports a slice whose length does not match the plan.
	ErrSize = errors.New("slice length does not match the plan")
	// ErrOverlap reports dst and src that overlap without being the same
	// slice.
	ErrOverlap = errors.New("dst and src overlap partially")
	// ErrLayout reports an invalid count, stride or distance of a strided
	// transform, lines that do not fit in the data, or lines that overlap.
	ErrLayout = errors.New("invalid strided layout")
	// ErrThreads reports an invalid thread count.
	ErrThreads = errors.New("invalid thread count")
)

// passRange is the part of the iteration space of a Stockham pass that one
// call computes: p ∈ [p0, p1), q ∈ [q0, q1).
type passRange struct{ p0, p1, q0, q1 int }

// algorithm is the method an engine uses for its length.
type algorithm uint8

const (
	identity algorithm = iota // n = 1
	stockham                  // all prime factors ≤ maxDirectPrime
	chirpZ                    // Bluestein, for a prime factor > maxDirectPrime
)

// checkPair validates the dst and src of a one-dimensional transform.
func checkPair[T complex64 | complex128](dst, src []T, n int) error {
	if len(dst) != n || len(src) != n {
		return fmt.Errorf("fft: len(dst) = %d, len(src) = %d, want %d: %w", len(dst), len(src), n, ErrSize)
	}
	if partialOverlap(dst, src) {
		return fmt.Errorf("fft: %w", ErrOverlap)
	}
	return nil
}

// partialOverlap reports whether a and b share memory without starting at
// the same element.
func partialOverlap[T complex64 | complex128](a, b []T) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	size := unsafe.Sizeof(a[0])
	pa := uintptr(unsafe.Pointer(unsafe.SliceData(a)))
	pb := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if pa == pb {
		return false
	}
	return pa < pb+uintptr(len(b))*size && pb < pa+uintptr(len(a))*size
}

// chirpPhases returns j² mod 2n for j < n, the phases of the Bluestein chirp
// e^{−πi j²/n} = e^{−2πi (j² mod 2n)/(2n)}, computed exactly in integers
// with (j+1)² = j² + 2j + 1.
func chirpPhases(n int) []int {
	ph := make([]int, n)
	sq := 0
	for j := range ph {
		ph[j] = sq
		sq = (sq + 2*j + 1) % (2 * n)
	}
	return ph
}

// bluesteinSpectrum returns the Bluestein convolution kernel in the
// frequency domain: the length-m forward transform of b with
// b_l = conj(c_l) for |l| < n (negative l wrapped to m+l) and 0 elsewhere,
// divided by m. It is always computed in complex128, also for complex64
// plans, which round the result once.
func bluesteinSpectrum(n, m int) []complex128 {
	b := make([]complex128, m)
	for l, t := range chirpPhases(n) {
		re, im := twiddle(t, 2*n)
		b[l] = complex(re, -im)
		if l > 0 {
			b[m-l] = b[l]
		}
	}
	eng := newEngine128(m)
	eng.run(b, b, eng.newWorkspace(), false)
	scale := 1 / float64(m) // a power of two: exact
	for k, v := range b {
		b[k] = complex(float64(real(v)*scale), float64(imag(v)*scale))
	}
	return b
}

// Threads (see Plan.SetThreads). Below these thresholds the synchronisation
// of the worker pool costs more than the split can save: a parallel step
// costs a few microseconds (more when the other cores are busy), and with
// the SIMD kernels a 2^16-point transform takes about 0.3 ms in 4 steps.
// They are variables only so that tests can lower them to split small
// transforms; nothing else changes them.
var (
	// minParallelLen is the least number of points (length times
	// interleaved transforms) of a transform that runs on several threads.
	minParallelLen = 1 << 16
	// minChunkLen is the least number of points per thread of a pass or a
	// pointwise loop.
	minChunkLen = 1 << 14
	// minSplitP is the least number of butterfly groups (values of p) per
	// thread for a pass to be split over p; smaller passes are split over q.
	minSplitP = 16
	// minSplitQ is the least number of interleaved transforms (values of
	// q) per thread of a pass split over q.
	minSplitQ = 16
	// minLinesPerThread is the number of lines per thread from which a
	// strided transform splits its lines across the threads rather than
	// running each line with all of them.
	minLinesPerThread = 4
	// splitAlign is the multiple of the split points of p or q, so that
	// every thread's part starts at a whole number of SIMD vectors.
	splitAlign = 8
)

// maxThreads is the largest thread count SetThreads accepts.
const maxThreads = 1 << 12

// resolveThreads validates a thread count given to SetThreads and
// replaces 0 by runtime.GOMAXPROCS(0).
func resolveThreads(n int) (int, error) {
	if n < 0 || n > maxThreads {
		return 0, fmt.Errorf("fft: %d threads, want 0 to %d: %w", n, maxThreads, ErrThreads)
	}
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return n, nil
}

// runnerJob is the kind of job a runner executes.
type runnerJob uint8

const (
	jobStockham  runnerJob = iota // a Stockham transform
	jobBluestein                  // a Bluestein transform
	jobLines                      // strided lines (one step)
)

// maxSteps bounds the number of steps of one parallel job (a Stockham
// transform has at most 40 passes; Bluestein two of them and 3 loops).
const maxSteps = 128

// schedule coordinates the participants of one parallel job, a sequence
// of steps each cut into chunks. A participant claims the chunks of step
// t one by one (claim), runs them, reports each (finish), and when none is
// left waits until every chunk of the step is done (await) before going
// on to step t+1. Which participant runs a chunk does not matter: the cuts
// depend only on the job, and the chunks of a step are independent. A
// participant that starts late finds less work to do, and one that never
// gets a CPU blocks no one, since only claimed chunks are waited for:
// several plans sharing the worker pool cannot deadlock. The atomic
// counters order the steps: everything written before a finish is visible
// after the await that counts it.
type schedule struct {
	next, done [maxSteps]atomic.Int32
}

// reset prepares the schedule for a new job.
func (s *schedule) reset() {
	for t := range s.next {
		s.next[t].Store(0)
		s.done[t].Store(0)
	}
}

// claim returns the next unclaimed chunk of step t (≥ the number of chunks
// when none is left).
func (s *schedule) claim(t int) int { return int(s.next[t].Add(1)) - 1 }

// finish records that a chunk of step t is done.
func (s *schedule) finish(t int) { s.done[t].Add(1) }

// await returns when the chunks of step t are all done.
func (s *schedule) await(t, chunks int) {
	for i := 0; int(s.done[t].Load()) < chunks; i++ {
		if i >= awaitSpins {
			runtime.Gosched()
		}
	}
}

// awaitSpins is the number of checks before a waiting participant starts
// yielding its thread.
const awaitSpins = 64

// chunksPerThread is the number of chunks per thread a step is cut into
// (when large enough), so that participants that start late or run slowly
// share the work.
const chunksPerThread = 2

// lineLayout describes the lines of a strided transform: outer blocks
// outerDist elements apart, each with count lines data[i·dist + j·stride]
// (relative to the block), handled in groups of group lines (groups per
// block). It is the same for both precisions.
type lineLayout struct {
	count, stride, dist, group, groups, outer, outerDist int
}

// stepSplit is how a step is cut into chunks: over p (byP) or q of a
// Stockham pass, or over an index range.
type stepSplit struct {
	chunks, total, align int
	byP                  bool
}

// passSplit cuts a Stockham step (one pass or a fused pair) of points
// points, m values of p and s of q, for threads threads: over p when there
// are enough values of p, otherwise over q.
func passSplit(points, m, s, threads int) stepSplit {
	chunks := max(1, min(chunksPerThread*threads, points/minChunkLen))
	if chunks == 1 {
		return stepSplit{chunks: 1, total: m, align: 1, byP: true}
	}
	if m >= minSplitP*chunks {
		return stepSplit{chunks: chunks, total: m, align: splitAlign, byP: true}
	}
	chunks = max(1, min(chunks, s/minSplitQ))
	return stepSplit{chunks: chunks, total: s, align: splitAlign}
}

// rangeSplit cuts [0, n) for threads threads, in chunks of at least
// minChunk.
func rangeSplit(n, minChunk, threads int) stepSplit {
	return stepSplit{chunks: max(1, min(chunksPerThread*threads, n/max(1, minChunk))), total: n, align: 1, byP: true}
}

// bounds returns chunk c of the split cut.
func (sp stepSplit) bounds(c int) (lo, hi int) {
	return splitPoint(sp.total, sp.chunks, c, sp.align), splitPoint(sp.total, sp.chunks, c+1, sp.align)
}

// passRange returns chunk c of a pass split as a range of the pass with m
// values of p and s of q.
func (sp stepSplit) passRange(c, m, s int) passRange {
	lo, hi := sp.bounds(c)
	if sp.byP {
		return passRange{lo, hi, 0, s}
	}
	return passRange{0, m, lo, hi}
}

// splitPoint returns the start of part i of [0, total) cut into parts
// nearly equal parts, rounded down to a multiple of align (≥ 1); part
// parts ends at total. Some parts may be empty.
func splitPoint(total, parts, i, align int) int {
	if i >= parts {
		return total
	}
	c := total / parts * i
	c += total % parts * i / parts
	return c - c%align
}

// Strided transforms.
const (
	// minGatheredLine is the length from which contiguous lines are
	// transformed one call at a time; shorter ones are gathered in blocks.
	minGatheredLine = 64
	// lineBlockElems is the target size of a gathered block of lines
	// (512 KiB of complex128: the block and its scratch stay in L2).
	lineBlockElems = 1 << 15
	// longLineGroup is the number of Bluestein lines gathered together.
	longLineGroup = 4
)

// lineBlockWidth returns how many lines of length n a strided transform
// gathers into one block: at least 16, so that the SIMD kernels, which
// vectorise across the lines of a block, get several vectors per twiddle.
// The width changes the speed only: each line's result does not depend on
// it.
func lineBlockWidth(n int) int {
	return min(max(lineBlockElems/n, 16), 256)
}

// checkLines validates the layout of a strided transform of count lines of
// n elements data[i·dist + j·stride] in a slice of length dataLen.
func checkLines(dataLen, n, count, stride, dist int) error {
	if count < 0 || stride < 1 || dist < 0 {
		return fmt.Errorf("fft: count = %d, stride = %d, dist = %d: need count ≥ 0, stride ≥ 1, dist ≥ 0: %w",
			count, stride, dist, ErrLayout)
	}
	if count == 0 {
		return nil
	}
	// The last element, (count−1)·dist + (n−1)·stride, must be inside data;
	// the divisions avoid overflow.
	if (count > 1 && dist > (dataLen-1)/(count-1)) || (n > 1 && stride > (dataLen-1)/(n-1)) ||
		dataLen == 0 || (count-1)*dist+(n-1)*stride >= dataLen {
		return fmt.Errorf("fft: %d lines of %d elements with stride %d and distance %d do not fit in %d elements: %w",
			count, n, stride, dist, dataLen, ErrLayout)
	}
	// Lines i ≠ i' share an element iff (i−i')·dist = (j'−j)·stride has a
	// solution; the smallest one is |i−i'| = stride/g, |j'−j| = dist/g with
	// g = gcd(dist, stride).
	g := gcd(dist, stride)
	if stride/g < count && dist/g < n {
		return fmt.Errorf("fft: %d lines of %d elements with stride %d and distance %d overlap: %w",
			count, n, stride, dist, ErrLayout)
	}
	return nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
