package fft

import "fmt"

// This file is the template of plan_complex64.go (see gen_complex64.go).

// engine128 holds the immutable tables of a transform of one length and
// the choice of algorithm; it can be shared by any number of workspaces.
type engine128 struct {
	n     int
	kind  algorithm
	core  *stockham128
	chirp *bluestein128
}

func newEngine128(n int) *engine128 {
	e := &engine128{n: n}
	switch {
	case n == 1:
		e.kind = identity
	case !isDirect(n):
		e.kind = chirpZ
		e.chirp = newBluestein128(n)
	default:
		e.kind = stockham
		e.core = newStockham128(n)
	}
	return e
}

// workspace128 holds the scratch buffers of one engine128.
type workspace128 struct {
	// run splits the transforms across threads; nil for one thread.
	run     *runner128
	scratch []complex128  // Stockham ping-pong buffer (n) or Bluestein work array (m)
	inner   *workspace128 // Bluestein's inner transform
	// lines and linesTmp hold gathered lines for the strided transforms;
	// allocated on first use.
	lines, linesTmp []complex128
}

func (e *engine128) newWorkspace() *workspace128 {
	ws := &workspace128{}
	switch e.kind {
	case stockham:
		ws.scratch = make([]complex128, e.n)
	case chirpZ:
		ws.scratch = make([]complex128, e.chirp.m)
		ws.inner = e.chirp.inner.newWorkspace()
	}
	return ws
}

// run computes dst = FFT(src) (backward: the unnormalised inverse) with
// the threads of ws; len(dst) = len(src) = n, and dst may be src.
func (e *engine128) run(dst, src []complex128, ws *workspace128, backward bool) {
	e.runWith(dst, src, ws, backward, ws.run)
}

// runWith is run with the runner rn (nil: one thread) instead of ws's.
func (e *engine128) runWith(dst, src []complex128, ws *workspace128, backward bool, rn *runner128) {
	switch e.kind {
	case identity:
		dst[0] = src[0]
	case stockham:
		e.core.transform(dst, src, ws.scratch, 1, backward, rn)
	case chirpZ:
		e.chirp.run(dst, src, ws.scratch, ws.inner, backward, rn)
	}
}

// Plan is a complex128 FFT of one length n ≥ 1. It holds precomputed
// twiddle tables and its own scratch buffers, so its transforms allocate
// nothing.
//
// A Plan is not safe for concurrent use: its transforms share the scratch
// buffers. Use Clone to obtain a plan for another goroutine; clones share
// the read-only tables.
type Plan struct {
	eng     *engine128
	ws      *workspace128
	threads int
}

// NewPlan returns a plan for transforms of length n ≥ 1. Building it costs
// O(n) time and memory (the twiddle tables are computed accurately, one
// sine/cosine per entry).
func NewPlan(n int) (*Plan, error) {
	if n < 1 || n > maxLen {
		return nil, fmt.Errorf("fft: length %d out of range [1, %d]: %w", n, maxLen, ErrLength)
	}
	eng := newEngine128(n)
	return &Plan{eng: eng, ws: eng.newWorkspace(), threads: 1}, nil
}

// Len returns the transform length n.
func (p *Plan) Len() int { return p.eng.n }

// Clone returns a plan for the same length that shares p's read-only tables
// but has its own scratch buffers, so p and the clone can be used
// concurrently. The clone uses as many threads as p.
func (p *Plan) Clone() *Plan {
	ws := p.eng.newWorkspace()
	ws.run = newRunner128(p.threads)
	return &Plan{eng: p.eng, ws: ws, threads: p.threads}
}

// SetThreads sets the number of threads the transforms of p may use:
// n ≥ 1, or 0 for runtime.GOMAXPROCS(0). A new plan uses one thread, so
// that a program running many plans concurrently is not oversubscribed.
//
// With n > 1, each pass of a long enough transform (and each pointwise
// loop of Bluestein's algorithm) is split into independent parts that run
// on a shared pool of worker goroutines, with a barrier between passes;
// transforms shorter than 2^16 points stay on one thread, where the
// synchronisation would cost more than it saves. Every output element is computed by the same operations
// whatever the split, so the results are bit-identical for every thread
// count, and the transforms still allocate nothing. A negative n is an
// error (wrapping ErrThreads) and leaves p unchanged.
func (p *Plan) SetThreads(n int) error {
	n, err := resolveThreads(n)
	if err != nil {
		return err
	}
	p.threads = n
	p.ws.run = newRunner128(n)
	return nil
}

// Threads returns the number of threads set by SetThreads (1 for a new
// plan).
func (p *Plan) Threads() int { return p.threads }

// Forward computes dst[k] = Σ_j src[j]·e^{−2πi·jk/n}. dst and src must
// have length n; dst may be src (in place), but they must not otherwise
// overlap. src is not modified unless it is dst.
func (p *Plan) Forward(dst, src []complex128) error {
	if err := checkPair(dst, src, p.eng.n); err != nil {
		return err
	}
	p.eng.run(dst, src, p.ws, false)
	return nil
}

// Backward computes dst[k] = Σ_j src[j]·e^{+2πi·jk/n}, the unnormalised
// inverse: Backward(Forward(x)) = n·x. The rules for dst and src are those
// of Forward.
func (p *Plan) Backward(dst, src []complex128) error {
	if err := checkPair(dst, src, p.eng.n); err != nil {
		return err
	}
	p.eng.run(dst, src, p.ws, true)
	return nil
}
