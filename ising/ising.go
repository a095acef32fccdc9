// Package ising simulates the two-dimensional Ising model on a periodic
// rows×cols lattice with the checkerboard Metropolis algorithm,
//
//	E = -J Σ_<ij> s_i s_j - H Σ_i s_i,   s_i = ±1,
//
// the sum over nearest-neighbour pairs of the [VonNeumann] stencil (4
// neighbours) or over nearest and diagonal pairs of the [Moore] stencil (8
// neighbours), each pair once, at inverse temperature Beta = 1/kT.
//
// # Reproducibility
//
// A trajectory depends only on the seed, the configuration and the sequence
// of calls (number of sweeps, parameter and spin changes): it is the same
// bits for every implementation (pure Go, AVX2, AVX-512, NEON), every
// number of threads, every GOAMD64 level and every architecture.
//
// # Algorithm
//
// A sweep updates every spin once: for VonNeumann the two colours of the
// checkerboard (row+column even, then odd), for Moore the four sublattices
// of the 2×2 colouring in the order (even row, even column), (even row, odd
// column), (odd row, even column), (odd row, odd column). No spin of one
// colour is a neighbour of another, so the order within a colour does not
// matter and the rows of a colour are updated in parallel.
//
// Each spin's update draws one 32-bit random number r. Flipping spin s_i
// changes the energy by ΔE = 2 s_i (J Σ_j s_j + H), the sum over its
// neighbours; it takes only 10 (VonNeumann) or 18 (Moore) values, one per
// spin value and number of disagreeing neighbours. Whenever Beta, J or H
// change, the lattice precomputes for each of them the threshold
//
//	t(ΔE) = min(2^32, ⌊2^32 · exp(-Beta·ΔE)⌋)
//
// (t = 2^32 when Beta·ΔE ≤ 0), where exp is numkern's platform-independent
// exponential (internal/dmath) so that the integers are the same
// everywhere. The flip is accepted iff r < t(ΔE): always when ΔE ≤ 0,
// never when t = 0 (Beta·ΔE > 22.18), and otherwise with probability
// exactly t/2^32, which is e^{-Beta·ΔE} to within 2^-32 (the Metropolis
// rule).
//
// The random numbers come from xoshiro128++ generators (Blackman and Vigna
// 2019), sixteen per lattice row, seeded from Config.Seed with splitmix64
// (see ising/internal/stream). When a colour's spins of a row are updated,
// the spin at index k among them (column 2k or 2k+1) gets step ⌊k/16⌋ of
// the row's lane k mod 16, and every pass over the row advances each lane
// 4·⌈(Cols/2)/64⌉ times (numbers past the end of the row are drawn and
// discarded). Which number a spin gets therefore depends neither on the
// SIMD width nor on the thread that updates the row. This lane-interleaved
// stream, dumped by ising/internal/streamdump, passes dieharder -a (see
// testdata/ising/README.md).
//
// The random start sets the spins in row-major order from splitmix64
// started at the second output of splitmix64 started at Seed, 64 spins per
// output (bit j for spin 64i+j, set for +1).
//
// Internally the spins are multi-spin coded: 64 spins of one colour per
// 64-bit word, neighbour counts by bit logic (package asm/isingsweep has
// the sweep kernels: pure Go, and AVX2, AVX-512 and NEON assembly chosen by
// internal/cpu). The layout is not part of the API; any even side length
// works (sides that are multiples of 128 waste no random numbers).
//
// # Threads
//
// With Threads > 1, Sweeps splits each colour's rows into bands of
// consecutive rows (8 per thread, at most one per row, always the same
// split). Threads goroutines (the caller and workers of the process-wide
// pool of internal/parallel) each update the bands of their share, then
// help with the others' (a pool worker may start late), one colour after
// the other: each row uses only its own generators, so the result does not
// depend on which goroutine updates which band. Sweeps allocates nothing.
//
// # Measurements and pictures
//
// Measure records the energy and magnetization series and estimates their
// means with binned errors and integrated autocorrelation times (Analyze);
// Image returns the lattice as a two-colour image, and the command
// cmd/isinggif writes animated GIFs of a run.
//
// # Concurrency
//
// A Lattice is not safe for concurrent use: methods that change it (Sweeps,
// the Set methods) must not run concurrently with any other method.
// Methods that only read it (Energy, Magnetization, Spins, Image and the
// accessors) may run concurrently with each other. Sweeps itself runs on up
// to Config.Threads goroutines of a shared worker pool and returns when
// they have finished.
package ising

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/numkern/numkern/asm/isingsweep"
	"github.com/numkern/numkern/internal/cpu"
	"github.com/numkern/numkern/internal/dmath"
	"github.com/numkern/numkern/ising/internal/stream"
)

// Stencil selects the neighbourhood of a spin.
type Stencil int

const (
	// VonNeumann is the square lattice with 4 nearest neighbours.
	VonNeumann Stencil = iota
	// Moore adds the 4 diagonal neighbours: 8 neighbours, the model of
	// the 2015 "Ising models and Numba" post.
	Moore
)

// String returns "VonNeumann", "Moore" or "Stencil(n)".
func (s Stencil) String() string {
	switch s {
	case VonNeumann:
		return "VonNeumann"
	case Moore:
		return "Moore"
	}
	return fmt.Sprintf("Stencil(%d)", int(s))
}

// neighbours returns the number of neighbours of the stencil.
func (s Stencil) neighbours() int {
	if s == Moore {
		return 8
	}
	return 4
}

// Config holds the parameters of a lattice.
type Config struct {
	Beta    float64 // 1/kT, finite, ≥ 0
	J, H    float64 // coupling and external field, finite
	Seed    uint64  // seeds the random start and every random number of the trajectory
	Stencil Stencil // VonNeumann (default) or Moore
	Threads int     // goroutines for Sweeps; 0: runtime.GOMAXPROCS(0) at New
	// Cold starts with every spin +1 instead of a random (hot) start.
	Cold bool
}

// ErrConfig is wrapped by every error about invalid parameters.
var ErrConfig = errors.New("ising: invalid parameter")

// maxSpins bounds rows·cols, so that sizes never overflow.
const maxSpins = 1 << 40

// Lattice is a periodic Ising lattice with its random-number streams. Create
// it with New.
type Lattice struct {
	rows, cols int
	n          int // spins per half-row, cols/2
	stride     int // words per half-row including its two halo words
	cfg        Config
	threads    int

	words  []uint64 // half-row (r, p) at word index hr(r, p)
	states []uint32 // stream.Row per lattice row
	params isingsweep.Params
	passes [][]isingsweep.Row // the rows of each colour, in sweep order

	// Sweeps' parallel loop (see work).
	wg        sync.WaitGroup
	body      func(int)
	bands     int            // bands per pass
	parts     int            // participants
	runPasses int64          // passes of the current call
	cursors   []atomic.Int64 // next band of each participant's range
	finished  atomic.Int64   // bands finished in the current call
	mu        sync.Mutex     // with cond: sleeping waiters of work
	cond      sync.Cond
}

// New returns a rows×cols periodic lattice with the given configuration,
// its spins random (from cfg.Seed) or, if cfg.Cold, all +1. rows and cols
// must be even and positive. It returns an error wrapping ErrConfig for
// invalid parameters, and the error of cpu.Err if the NUMKERN_ISA
// environment variable is invalid.
func New(rows, cols int, cfg Config) (*Lattice, error) {
	if rows <= 0 || cols <= 0 || rows%2 != 0 || cols%2 != 0 {
		return nil, fmt.Errorf("%w: lattice %d×%d: sides must be even and positive", ErrConfig, rows, cols)
	}
	if rows > maxSpins/cols {
		return nil, fmt.Errorf("%w: lattice %d×%d: more than 2^40 spins", ErrConfig, rows, cols)
	}
	if err := checkParams(cfg.Beta, cfg.J, cfg.H); err != nil {
		return nil, err
	}
	if cfg.Stencil != VonNeumann && cfg.Stencil != Moore {
		return nil, fmt.Errorf("%w: unknown stencil %d", ErrConfig, int(cfg.Stencil))
	}
	if cfg.Threads < 0 {
		return nil, fmt.Errorf("%w: Threads = %d < 0", ErrConfig, cfg.Threads)
	}
	if err := cpu.Err(); err != nil {
		return nil, err
	}
	l := &Lattice{rows: rows, cols: cols, n: cols / 2, cfg: cfg, threads: cfg.Threads}
	if l.threads == 0 {
		l.threads = runtime.GOMAXPROCS(0)
	}
	w := (l.n + 63) / 64
	l.stride = w + 2
	l.words = make([]uint64, 2*rows*l.stride)
	l.params = isingsweep.Params{Stencil: isingsweep.Stencil(cfg.Stencil), W: w, LastMask: ^uint64(0)}
	if r := l.n % 64; r != 0 {
		l.params.LastMask = 1<<r - 1
	}
	l.setThresholds()

	key, spinKey := stream.Keys(cfg.Seed)
	l.states = make([]uint32, rows*isingsweep.StateWords)
	for r := range rows {
		st := stream.Seed(key, r)
		for j := range st {
			copy(l.states[r*isingsweep.StateWords+j*stream.Lanes:], st[j][:])
		}
	}
	if cfg.Cold {
		l.fill(1)
	} else {
		l.randomize(spinKey)
	}
	l.makePasses()
	l.body = l.work
	l.cursors = make([]atomic.Int64, l.threads)
	l.cond.L = &l.mu
	return l, nil
}

// checkParams validates Beta, J and H.
func checkParams(beta, j, h float64) error {
	if math.IsNaN(beta) || math.IsInf(beta, 0) || beta < 0 {
		return fmt.Errorf("%w: Beta = %v: must be finite and ≥ 0", ErrConfig, beta)
	}
	if math.IsNaN(j) || math.IsInf(j, 0) {
		return fmt.Errorf("%w: J = %v: must be finite", ErrConfig, j)
	}
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return fmt.Errorf("%w: H = %v: must be finite", ErrConfig, h)
	}
	return nil
}

// Threshold returns the acceptance threshold t(ΔE) = min(2^32,
// ⌊2^32·exp(-beta·ΔE)⌋) of the package documentation: a flip that changes
// the energy by dE is accepted iff its 32-bit random number is below it.
// It is 2^32 when beta·dE ≤ 0 (or NaN, as for beta = 0 and an infinite dE)
// and 0 when beta·dE is +Inf.
func Threshold(beta, dE float64) uint64 {
	x := float64(beta * dE)
	if !(x > 0) {
		return 1 << 32
	}
	// dmath.Exp clamps its argument at -708, whose exponential is far below
	// 2^-32; the product with 2^32 is exact.
	t := math.Floor(float64(dmath.Exp(-x) * (1 << 32)))
	if t >= 1<<32 {
		return 1 << 32
	}
	return uint64(t)
}

// deltaE returns the energy change of flipping a spin of value s (±1) with
// c of its z neighbours disagreeing: 2s(J Σ s_j + H) = 2J(z - 2c) + 2Hs.
func deltaE(j, h float64, z, c, s int) float64 {
	return float64(2 * (float64(j*float64(z-2*c)) + float64(h*float64(s))))
}

// setThresholds recomputes the threshold of every class.
func (l *Lattice) setThresholds() {
	var thr [isingsweep.Classes]uint64
	z := l.cfg.Stencil.neighbours()
	for c := 0; c <= z; c++ {
		thr[c] = Threshold(l.cfg.Beta, deltaE(l.cfg.J, l.cfg.H, z, c, -1))
		thr[16|c] = Threshold(l.cfg.Beta, deltaE(l.cfg.J, l.cfg.H, z, c, 1))
	}
	l.params.SetThresholds(&thr)
}

// SetBeta changes the inverse temperature. It returns an error wrapping
// ErrConfig, and leaves the lattice unchanged, unless beta is finite and
// ≥ 0.
func (l *Lattice) SetBeta(beta float64) error {
	if err := checkParams(beta, l.cfg.J, l.cfg.H); err != nil {
		return err
	}
	l.cfg.Beta = beta
	l.setThresholds()
	return nil
}

// SetCoupling changes the coupling J. It returns an error wrapping
// ErrConfig, and leaves the lattice unchanged, unless j is finite.
func (l *Lattice) SetCoupling(j float64) error {
	if err := checkParams(l.cfg.Beta, j, l.cfg.H); err != nil {
		return err
	}
	l.cfg.J = j
	l.setThresholds()
	return nil
}

// SetField changes the external field H. It returns an error wrapping
// ErrConfig, and leaves the lattice unchanged, unless h is finite.
func (l *Lattice) SetField(h float64) error {
	if err := checkParams(l.cfg.Beta, l.cfg.J, h); err != nil {
		return err
	}
	l.cfg.H = h
	l.setThresholds()
	return nil
}

// Rows returns the number of rows.
func (l *Lattice) Rows() int { return l.rows }

// Cols returns the number of columns.
func (l *Lattice) Cols() int { return l.cols }

// Config returns the current configuration: the one given to New with the
// changes of the Set methods, and Threads as used (never 0).
func (l *Lattice) Config() Config {
	c := l.cfg
	c.Threads = l.threads
	return c
}
