package fft

import "fmt"

// Window is a set of indices along one axis of length n: the Low first
// ones and the High last ones, [0, Low) ∪ [n−High, n) — in a Fourier
// transform, the lowest non-negative and negative frequencies, the modes a
// non-uniform FFT keeps. Low + High ≥ n means every index.
type Window struct{ Low, High int }

// FullWindow returns the window of every index of an axis of length n.
func FullWindow(n int) Window { return Window{Low: n} }

// ranges returns the window's index ranges [lo, hi) on an axis of length
// n, one or two of them, non-empty and disjoint (none for an empty window).
func (w Window) ranges(n int) (r [2][2]int, k int) {
	if w.Low+w.High >= n {
		return [2][2]int{{0, n}}, 1
	}
	if w.Low > 0 {
		r[k] = [2]int{0, w.Low}
		k++
	}
	if w.High > 0 {
		r[k] = [2]int{n - w.High, n}
		k++
	}
	return r, k
}

// ForwardWindowed computes, in place, the forward transform of data
// restricted by windows, one per axis: data must be zero outside the
// windows in (lines holding only such zeros are skipped, not read), and
// only the outputs inside the windows out are computed; data holds
// unspecified values elsewhere. Along axis a only the lines whose indices along the axes
// already transformed (b < a) lie in out[b], and along the others in
// in[b], are transformed: a transform of a 2D array with half the modes
// kept along each axis does 3/4 of the work of Forward, a 3D one 7/12.
//
// The outputs computed are those of Forward, as numbers: with in = full
// windows they are bit for bit equal; lines of zeros that Forward would
// transform (into zeros, some of them -0) are left as they are here, so a
// zero output may differ in sign. Like Forward, the
// results do not depend on the implementation or the number of threads.
func (p *PlanND) ForwardWindowed(data []complex128, in, out []Window) error {
	return p.transformWindowed(data, in, out, false)
}

// BackwardWindowed is ForwardWindowed with the backward transform.
func (p *PlanND) BackwardWindowed(data []complex128, in, out []Window) error {
	return p.transformWindowed(data, in, out, true)
}

// windowJob is one set of lines of a windowed transform: the lines of
// layout L in data[off:].
type windowJob struct {
	off int
	L   lineLayout
}

// maxWindowJobs bounds the jobs of one axis: two ranges of each of the two
// other axes.
const maxWindowJobs = 4

func (p *PlanND) checkWindows(data []complex128, in, out []Window) error {
	if len(data) != p.n {
		return fmt.Errorf("fft: data has length %d, want %d: %w", len(data), p.n, ErrLength)
	}
	if len(in) != len(p.dims) || len(out) != len(p.dims) {
		return fmt.Errorf("fft: %d input and %d output windows for %d dimensions: %w", len(in), len(out), len(p.dims), ErrLayout)
	}
	for a, n := range p.dims {
		for _, w := range []Window{in[a], out[a]} {
			if w.Low < 0 || w.High < 0 || w.Low > n || w.High > n {
				return fmt.Errorf("fft: window %+v on an axis of %d: %w", w, n, ErrLayout)
			}
		}
	}
	return nil
}

// windowJobs returns the jobs of axis a: the lines along a whose indices
// along the other axes b lie in out[b] (b < a, already transformed) or
// in[b] (b > a).
func (p *PlanND) windowJobs(a int, in, out []Window) (jobs [maxWindowJobs]windowJob, k int) {
	n := [maxDims]int{1, 1, 1}
	copy(n[:], p.dims)
	stride := [maxDims]int{1, n[0], n[0] * n[1]}
	set := func(b int) ([2][2]int, int) {
		switch {
		case b >= len(p.dims):
			return [2][2]int{{0, 1}}, 1
		case b < a:
			return out[b].ranges(n[b])
		}
		return in[b].ranges(n[b])
	}
	// The other two axes: u (whose ranges give the line count) and v
	// (whose ranges give the outer blocks).
	var u, v int
	switch a {
	case 0:
		u, v = 1, 2
	case 1:
		u, v = 0, 2
	default:
		u, v = 0, 1
	}
	ru, ku := set(u)
	rv, kv := set(v)
	e := p.plans[a].eng
	for i := range ku {
		for j := range kv {
			L := lineLayout{count: ru[i][1] - ru[i][0], stride: stride[a], dist: stride[u],
				outer: rv[j][1] - rv[j][0], outerDist: stride[v]}
			L.group = lineGroup128(e, L.stride)
			L.groups = (L.count + L.group - 1) / L.group
			jobs[k] = windowJob{off: ru[i][0]*stride[u] + rv[j][0]*stride[v], L: L}
			k++
		}
	}
	return jobs, k
}

func (p *PlanND) transformWindowed(data []complex128, in, out []Window, backward bool) error {
	if err := p.checkWindows(data, in, out); err != nil {
		return err
	}
	if p.par != nil && p.n >= minParallelLen && p.linesParallel() {
		p.par.runWindowed(data, in, out, backward)
		return nil
	}
	for a, d := range p.dims {
		if d == 1 {
			continue
		}
		q := p.plans[a]
		jobs, k := p.windowJobs(a, in, out)
		for _, job := range jobs[:k] {
			for o := range job.L.outer {
				start := job.off + o*job.L.outerDist
				transformLines128(q.eng, q.ws, data[start:], job.L.count, job.L.stride, job.L.dist, backward)
			}
		}
	}
	return nil
}

// runWindowed runs transformWindowed on the threads: each job of each axis
// is a schedule step whose groups of lines are shared.
func (r *ndRunner) runWindowed(data []complex128, in, out []Window, backward bool) {
	r.windowed = true
	r.in, r.out = in, out
	r.run(data, data, backward)
	r.windowed = false
	r.in, r.out = nil, nil
}

// workWindowed is participant i's share of a windowed transform.
func (r *ndRunner) workWindowed(i int) {
	p := r.p
	t := 0
	for a, d := range p.dims {
		if d == 1 {
			continue
		}
		jobs, k := p.windowJobs(a, r.in, r.out)
		for _, job := range jobs[:k] {
			r.linesStep(t, i, a, r.dst[job.off:], nil, job.L)
			t++
		}
	}
}
