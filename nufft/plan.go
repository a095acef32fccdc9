package nufft

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/numkern/numkern/fft"
	"github.com/numkern/numkern/internal/cpu"
	"github.com/numkern/numkern/internal/parallel"
	"github.com/numkern/numkern/spread"
)

// Plan is a NUFFT of one type, mode shape and set of options. Build it once
// with NewPlan, give it points with SetPoints, and Execute it as often as
// needed: Execute allocates nothing.
//
// A Plan is not safe for concurrent use: it owns the fine grid that Execute
// works in. Use one Plan per goroutine.
type Plan struct {
	typ   Type
	dims  int
	modes [3]int // M_d; 1 beyond dims
	nmode int    // M_0·M_1·M_2
	set   settings

	fine    [3]int // fine grid size per dimension; 1 beyond dims
	kernels [3]spread.Kernel
	grid    []complex128
	spread  *spread.Plan
	fft     *fft.PlanND
	// The FFT's windows: every fine-grid index (full) and the modes'
	// (modeWin). Type 1 needs only the modes out of the transform, Type 2
	// puts only the modes in: the FFT skips the lines it need not do.
	full, modeWin [3]fft.Window

	// Per dimension and mode position i: the mode's fine-grid index and its
	// deconvolution factor. corr0 is corr[0] divided by the number of points
	// when Type 1 is normalised.
	fineIndex [3][]int32
	corr      [3][]float64
	corr0     []float64

	npoints    int
	havePoints bool
	modeWork   modeWork
}

// NewPlan returns a plan for a transform of type t with modes[d] Fourier
// modes in dimension d (1 to 3 dimensions). nil opts means DefaultTol and
// defaults for the rest.
func NewPlan(t Type, modes []int, opts *Options) (*Plan, error) {
	if err := cpu.Err(); err != nil {
		return nil, err
	}
	if t != Type1 && t != Type2 {
		return nil, fmt.Errorf("nufft: unknown transform type %d", int(t))
	}
	nmode, err := checkModes(modes)
	if err != nil {
		return nil, err
	}
	set, err := parseOptions(opts)
	if err != nil {
		return nil, err
	}
	p := &Plan{typ: t, dims: len(modes), nmode: nmode, set: set, modes: [3]int{1, 1, 1}, fine: [3]int{1, 1, 1}}
	kernels := p.kernels[:p.dims]
	for d, m := range modes {
		p.modes[d] = m
		p.fine[d], kernels[d], err = fineGrid(set.tol, set.upsample, m)
		if err != nil {
			return nil, err
		}
	}
	total := p.fine[0] * p.fine[1] * p.fine[2]
	if total > maxFine {
		return nil, fmt.Errorf("nufft: %v modes need a fine grid of %d nodes, more than the supported %d", modes, total, maxFine)
	}
	if p.spread, err = spread.NewPlan(p.fine[:p.dims], kernels); err != nil {
		return nil, err
	}
	if err = p.spread.SetThreads(set.threads); err != nil {
		return nil, err
	}
	if p.fft, err = fft.NewPlanND(p.fine[:p.dims]...); err != nil {
		return nil, err
	}
	if err = p.fft.SetThreads(set.threads); err != nil {
		return nil, err
	}
	for d := range p.dims {
		m, g := p.modes[d], p.fine[d]
		// The modes k ∈ [−⌊m/2⌋, ⌈m/2⌉) sit at fine indices (k + g) mod g.
		p.full[d], p.modeWin[d] = fft.FullWindow(g), fft.Window{Low: (m + 1) / 2, High: m / 2}
		p.fineIndex[d] = make([]int32, m)
		p.corr[d] = make([]float64, m)
		for i := range m {
			k := modeOf(i, m, set.order)
			p.fineIndex[d][i] = int32((k + g) % g)
			p.corr[d][i] = kernels[d].Correction(k, g)
		}
	}
	p.corr0 = p.corr[0]
	if t == Type1 && set.normalize {
		p.corr0 = make([]float64, p.modes[0])
	}
	p.grid = make([]complex128, total)
	p.modeWork.init(p)
	return p, nil
}

// maxFine bounds the fine grid: 2^32 nodes are 64 GiB of complex128.
const maxFine = 1 << 32

// fineGrid chooses the fine-grid size for m modes and the kernel for it:
// the smallest even 5-smooth size of at least σ·m nodes and of at least the
// kernel's width.
func fineGrid(tol, sigma float64, m int) (int, spread.Kernel, error) {
	// The kernel for the nominal ratio is the widest the grid must hold; the
	// grid chosen is at least as oversampled, so its own kernel is no wider.
	k, err := spread.HalfWidthFor(tol, sigma)
	if err != nil {
		return 0, spread.Kernel{}, fmt.Errorf("nufft: %w", err)
	}
	g := nextSmooth(max(int(math.Ceil(float64(sigma*float64(m)))), 2*k, m+1))
	kernel, err := spread.KernelFor(tol, m, g)
	if err != nil {
		return 0, spread.Kernel{}, fmt.Errorf("nufft: %w", err)
	}
	return g, kernel, nil
}

// nextSmooth returns the smallest even n' ≥ n whose only prime factors are
// 2, 3 and 5: the sizes the FFT is fastest on.
func nextSmooth(n int) int {
	for m := n + n%2; ; m += 2 {
		r := m
		for _, f := range [...]int{2, 3, 5} {
			for r%f == 0 {
				r /= f
			}
		}
		if r == 1 {
			return m
		}
	}
}

// Type returns the plan's transform type.
func (p *Plan) Type() Type { return p.typ }

// Modes returns the number of modes per dimension.
func (p *Plan) Modes() []int { return append([]int(nil), p.modes[:p.dims]...) }

// FineGrid returns the size of the oversampled grid per dimension.
func (p *Plan) FineGrid() []int { return append([]int(nil), p.fine[:p.dims]...) }

// Kernels returns the Gaussian kernel of each dimension.
func (p *Plan) Kernels() []spread.Kernel { return append([]spread.Kernel(nil), p.kernels[:p.dims]...) }

// NumPoints returns the number of points given to SetPoints.
func (p *Plan) NumPoints() int { return p.npoints }

// SetPoints gives the plan its non-uniform points: one coordinate slice per
// dimension, of equal lengths, in radians. Any finite coordinate is valid and
// is taken modulo 2π; NaN or ±Inf is an error, and the plan then has no
// points. Zero points are valid. The plan keeps no reference to the slices.
func (p *Plan) SetPoints(coords ...[]float64) error {
	p.havePoints = false
	n, err := checkPoints(p.dims, coords)
	if err != nil {
		return err
	}
	if err := p.spread.SetPoints(coords...); err != nil {
		return fmt.Errorf("nufft: %w", err)
	}
	p.npoints = n
	if p.typ == Type1 && p.set.normalize && n > 0 {
		for i, c := range p.corr[0] {
			p.corr0[i] = c / float64(n)
		}
	}
	p.havePoints = true
	return nil
}

var errNoPoints = errors.New("nufft: Execute before SetPoints")

// Execute runs the transform. For Type 1, c (length NumPoints) is the input
// and f (the product of the mode counts) the output; for Type 2 the reverse.
// The input is not modified.
func (p *Plan) Execute(c, f []complex128) error {
	if !p.havePoints {
		return errNoPoints
	}
	if len(c) != p.npoints {
		return fmt.Errorf("nufft: c has length %d, want %d (the number of points)", len(c), p.npoints)
	}
	if len(f) != p.nmode {
		return fmt.Errorf("nufft: f has length %d, want %d (the number of modes)", len(f), p.nmode)
	}
	if p.typ == Type1 {
		if p.npoints == 0 {
			clear(f)
			return nil
		}
		if err := p.spread.Spread(p.grid, c); err != nil {
			return err
		}
		if err := p.transformGrid(); err != nil {
			return err
		}
		p.deconvolve(f)
		return nil
	}
	if p.npoints == 0 {
		return nil
	}
	p.precorrect(f)
	if err := p.transformGrid(); err != nil {
		return err
	}
	return p.spread.Interpolate(c, p.grid)
}

// transformGrid applies the FFT of the transform's sign to the fine grid, in
// place: the backward (unnormalised, e^{+}) transform for sign +1. Only the
// lines that reach the modes (Type 1) or start from them (Type 2) are
// transformed.
func (p *Plan) transformGrid() error {
	in, out := p.full[:p.dims], p.modeWin[:p.dims]
	if p.typ == Type2 {
		in, out = out, in
	}
	if p.set.sign > 0 {
		return p.fft.BackwardWindowed(p.grid, in, out)
	}
	return p.fft.ForwardWindowed(p.grid, in, out)
}

// deconvolve copies the modes out of the transformed fine grid into f,
// multiplied by the kernel's correction factors.
func (p *Plan) deconvolve(f []complex128) {
	p.modeWork.run(p, f, false)
}

// precorrect zeroes the fine grid and places f's modes in it, multiplied by
// the kernel's correction factors.
func (p *Plan) precorrect(f []complex128) {
	p.modeWork.run(p, f, true)
}

// minModesPerWorker is the least number of modes (or grid nodes to clear)
// worth a goroutine of its own.
var minModesPerWorker = 1 << 16

// modeWork runs deconvolve and precorrect on several goroutines. Every
// mode is an independent product, so the split cannot change the result.
type modeWork struct {
	wait      sync.WaitGroup
	workers   int
	f         []complex128
	toGrid    bool
	clearBody func(int)
	scaleBody func(int)
}

func (w *modeWork) init(p *Plan) {
	w.clearBody = func(s int) {
		n := len(p.grid)
		clear(p.grid[n*s/w.workers : n*(s+1)/w.workers])
	}
	w.scaleBody = func(s int) {
		p.scaleModes(w.f, w.toGrid, p.nmode*s/w.workers, p.nmode*(s+1)/w.workers)
	}
}

// run moves the modes between f and the grid (into it when toGrid, after
// zeroing it).
func (w *modeWork) run(p *Plan, f []complex128, toGrid bool) {
	w.f, w.toGrid = f, toGrid
	if toGrid {
		w.workers = max(1, min(p.set.threads, len(p.grid)/minModesPerWorker))
		parallel.For(w.workers, w.clearBody, &w.wait)
	}
	w.workers = max(1, min(p.set.threads, p.nmode/minModesPerWorker))
	parallel.For(w.workers, w.scaleBody, &w.wait)
	w.f = nil
}

// scaleModes moves the modes at positions [from, to) of f between f and
// the fine grid, multiplied by their correction factors
// corr0[i0]·(corr1[i1]·corr2[i2]): into the grid when toGrid, out of it
// otherwise.
func (p *Plan) scaleModes(f []complex128, toGrid bool, from, to int) {
	m0, m1 := p.modes[0], p.modes[1]
	g0, g1 := p.fine[0], p.fine[1]
	fine0, corr0 := p.fineIndex[0], p.corr0
	for r := from / m0; r*m0 < to; r++ {
		plane, c2 := p.dimIndex(2, r/m1)
		row, c1 := p.dimIndex(1, r%m1)
		rowFactor := float64(c1 * c2)
		grid := p.grid[(plane*g1+row)*g0 : (plane*g1+row+1)*g0]
		modes := f[r*m0 : (r+1)*m0]
		for i0 := max(from-r*m0, 0); i0 < min(to-r*m0, m0); i0++ {
			fi := fine0[i0]
			factor := float64(corr0[i0] * rowFactor)
			if toGrid {
				v := modes[i0]
				grid[fi] = complex(float64(real(v)*factor), float64(imag(v)*factor))
			} else {
				v := grid[fi]
				modes[i0] = complex(float64(real(v)*factor), float64(imag(v)*factor))
			}
		}
	}
}

// dimIndex returns the fine-grid index and correction factor of mode
// position i in dimension d, or (0, 1) for a dimension the plan lacks.
func (p *Plan) dimIndex(d, i int) (int, float64) {
	if d >= p.dims {
		return 0, 1
	}
	return int(p.fineIndex[d][i]), p.corr[d][i]
}
