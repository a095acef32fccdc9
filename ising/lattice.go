package ising

import (
	"fmt"
	"math/bits"
	"time"

	"github.com/numkern/numkern/asm/isingsweep"
	"github.com/numkern/numkern/internal/parallel"
	"github.com/numkern/numkern/ising/internal/stream"
)

// hr returns the index in l.words of word 0 of half-row p (0: even columns,
// 1: odd columns) of row r, r taken modulo the number of rows.
func (l *Lattice) hr(r, p int) int {
	r = (r%l.rows + l.rows) % l.rows
	return (2*r+p)*l.stride + 1
}

// refreshHalo rewrites the halo bits of the half-row at base from its
// spins: bit 63 of the word before it holds spin n-1, bit n holds spin 0.
func (l *Lattice) refreshHalo(base int) {
	n := l.n
	l.words[base-1] = l.words[base+(n-1)/64] >> ((n - 1) % 64) << 63
	i, b := base+n/64, uint(n%64)
	l.words[i] = l.words[i]&^(1<<b) | (l.words[base]&1)<<b
}

// refreshHalos rewrites every halo.
func (l *Lattice) refreshHalos() {
	for r := range l.rows {
		l.refreshHalo(l.hr(r, 0))
		l.refreshHalo(l.hr(r, 1))
	}
}

// set sets the spin at (r, c) to up (true) or down, without refreshing halos.
func (l *Lattice) set(r, c int, up bool) {
	base := l.hr(r, c&1)
	k := c >> 1
	if up {
		l.words[base+k/64] |= 1 << (k % 64)
	} else {
		l.words[base+k/64] &^= 1 << (k % 64)
	}
}

// get reports whether the spin at (r, c) is up.
func (l *Lattice) get(r, c int) bool {
	base := l.hr(r, c&1)
	k := c >> 1
	return l.words[base+k/64]>>(k%64)&1 != 0
}

// clear zeroes all words, halos and padding included.
func (l *Lattice) clear() {
	clear(l.words)
}

// randomize sets the spins from splitmix64 started at key: output i (from
// 0) gives the spins 64i … 64i+63 in row-major order, bit j for spin 64i+j,
// set for +1.
func (l *Lattice) randomize(key uint64) {
	l.clear()
	sm := stream.SplitMix64(key)
	var v uint64
	for i := 0; i < l.rows*l.cols; i++ {
		if i%64 == 0 {
			v = sm.Next()
		}
		l.set(i/l.cols, i%l.cols, v>>(i%64)&1 != 0)
	}
	l.refreshHalos()
}

// fill sets every spin to s (+1 or -1).
func (l *Lattice) fill(s int8) {
	l.clear()
	if s > 0 {
		for r := range l.rows {
			for p := range 2 {
				base := l.hr(r, p)
				for w := 0; w < l.params.W; w++ {
					l.words[base+w] = ^uint64(0)
				}
				l.words[base+l.params.W-1] = l.params.LastMask
			}
		}
	}
	l.refreshHalos()
}

// Fill sets every spin to s, which must be +1 or -1 (a cold start); the
// random streams continue where they are. It returns an error wrapping
// ErrConfig for any other s.
func (l *Lattice) Fill(s int8) error {
	if s != 1 && s != -1 {
		return fmt.Errorf("%w: spin %d: must be +1 or -1", ErrConfig, s)
	}
	l.fill(s)
	return nil
}

// SetSpins sets the spins from s, row-major (spin (r, c) at s[r·Cols()+c]),
// each +1 or -1; the random streams continue where they are. It returns an
// error wrapping ErrConfig, and leaves the lattice unchanged, if len(s) is
// not Rows()·Cols() or a value is not ±1.
func (l *Lattice) SetSpins(s []int8) error {
	if len(s) != l.rows*l.cols {
		return fmt.Errorf("%w: %d spins for a %d×%d lattice", ErrConfig, len(s), l.rows, l.cols)
	}
	for i, v := range s {
		if v != 1 && v != -1 {
			return fmt.Errorf("%w: spin %d is %d: must be +1 or -1", ErrConfig, i, v)
		}
	}
	l.clear()
	for i, v := range s {
		if v > 0 {
			l.set(i/l.cols, i%l.cols, true)
		}
	}
	l.refreshHalos()
	return nil
}

// Spins returns a row-major copy of the spins, each +1 or -1: spin (r, c)
// at index r·Cols()+c.
func (l *Lattice) Spins() []int8 {
	s := make([]int8, l.rows*l.cols)
	for r := range l.rows {
		for c := range l.cols {
			s[r*l.cols+c] = -1
			if l.get(r, c) {
				s[r*l.cols+c] = 1
			}
		}
	}
	return s
}

// Spin returns the spin at row r and column c, both taken modulo the
// lattice size (so -1 is the last row or column).
func (l *Lattice) Spin(r, c int) int8 {
	c = (c%l.cols + l.cols) % l.cols
	if l.get(r, c) {
		return 1
	}
	return -1
}

// up returns the number of +1 spins.
func (l *Lattice) up() int {
	up := 0
	for r := range l.rows {
		for p := range 2 {
			base := l.hr(r, p)
			for w := 0; w < l.params.W; w++ {
				m := ^uint64(0)
				if w == l.params.W-1 {
					m = l.params.LastMask
				}
				up += bits.OnesCount64(l.words[base+w] & m)
			}
		}
	}
	return up
}

// Magnetization returns the magnetization per spin, Σ s_i / N.
func (l *Lattice) Magnetization() float64 {
	n := l.rows * l.cols
	return float64(2*l.up()-n) / float64(n)
}

// shiftRight returns word w of the half-row at base shifted so that bit k
// holds position k+1 (shiftLeft: k-1).
func (l *Lattice) shiftRight(base, w int) uint64 {
	return l.words[base+w]>>1 | l.words[base+w+1]<<63
}

func (l *Lattice) shiftLeft(base, w int) uint64 {
	return l.words[base+w]<<1 | l.words[base+w-1]>>63
}

// disagreeing returns the number of bonds whose spins differ: every site's
// bonds to its right and lower neighbours, and for Moore to its lower-right
// and lower-left ones, so 2N or 4N bonds. (On a side of length 2 two bonds
// join the same pair of sites, and both count, as in the update.)
func (l *Lattice) disagreeing() int {
	moore := l.cfg.Stencil == Moore
	anti := 0
	for r := range l.rows {
		e, o := l.hr(r, 0), l.hr(r, 1)
		e1, o1 := l.hr(r+1, 0), l.hr(r+1, 1)
		for w := 0; w < l.params.W; w++ {
			m := ^uint64(0)
			if w == l.params.W-1 {
				m = l.params.LastMask
			}
			x, y := l.words[e+w], l.words[o+w] // (r, 2k), (r, 2k+1)
			x1, y1 := l.words[e1+w], l.words[o1+w]
			re, re1 := l.shiftRight(e, w), l.shiftRight(e1, w) // (r, 2k+2), (r+1, 2k+2)
			d := bits.OnesCount64((x^y)&m) + bits.OnesCount64((y^re)&m) +
				bits.OnesCount64((x^x1)&m) + bits.OnesCount64((y^y1)&m)
			if moore {
				lo1 := l.shiftLeft(o1, w) // (r+1, 2k-1)
				d += bits.OnesCount64((x^y1)&m) + bits.OnesCount64((y^re1)&m) +
					bits.OnesCount64((x^lo1)&m) + bits.OnesCount64((y^x1)&m)
			}
			anti += d
		}
	}
	return anti
}

// Energy returns the energy per spin, (-J Σ_pairs s_i s_j - H Σ s_i)/N,
// each pair once. (On a side of length 2 a site's two neighbours along it
// are the same site; both bonds count, as in the update.)
func (l *Lattice) Energy() float64 {
	n := l.rows * l.cols
	bonds := 2 * n
	if l.cfg.Stencil == Moore {
		bonds = 4 * n
	}
	sum := bonds - 2*l.disagreeing() // Σ s_i s_j
	m := 2*l.up() - n                // Σ s_i
	e := -float64(l.cfg.J*float64(sum)) - float64(l.cfg.H*float64(m))
	return e / float64(n)
}

// makePasses builds the row descriptors of every colour.
func (l *Lattice) makePasses() {
	row := func(r, p int) isingsweep.Row {
		q := 1 - p
		left := 0
		if p == 0 {
			left = 1
		}
		return isingsweep.Row{
			Self: l.hr(r, p), Up: l.hr(r-1, p), Down: l.hr(r+1, p),
			Side: l.hr(r, q), SideUp: l.hr(r-1, q), SideDown: l.hr(r+1, q),
			State: r * isingsweep.StateWords, Left: left,
		}
	}
	l.passes = nil
	if l.cfg.Stencil == Moore {
		for _, ab := range [4][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
			var rs []isingsweep.Row
			for r := ab[0]; r < l.rows; r += 2 {
				rs = append(rs, row(r, ab[1]))
			}
			l.passes = append(l.passes, rs)
		}
		return
	}
	for c := range 2 {
		rs := make([]isingsweep.Row, l.rows)
		for r := range rs {
			rs[r] = row(r, (r+c)&1)
		}
		l.passes = append(l.passes, rs)
	}
}

// bandsPerThread is the number of bands per thread and colour: more bands
// than threads let a thread that starts late (waking a pool worker takes
// tens of microseconds) take fewer of them.
const bandsPerThread = 8

// runBand updates band b of the colour pass and refreshes the halos of the
// half-rows it changed.
func (l *Lattice) runBand(pass []isingsweep.Row, b, bands int) {
	n := len(pass)
	rows := pass[b*n/bands : (b+1)*n/bands]
	isingsweep.Sweep(l.words, l.states, rows, &l.params)
	for j := range rows {
		l.refreshHalo(rows[j].Self)
	}
}

// work is the body of Sweeps' parallel loop, for participant i of
// l.parts. The bands of every pass are split into l.parts equal ranges;
// each participant updates the bands of its own range (so that a row stays
// in one core's cache from pass to pass), then those left in the other
// ranges, claiming every band with a compare-and-swap on the range's
// cursor, and waits until every band of the pass is finished before the
// next pass. A participant that starts late, or never (when no pool worker
// is free), only leaves its bands to the others: the loop cannot deadlock,
// and the result does not depend on who updates which band.
//
// Cursors hold p·bands + band for pass p; a cursor left behind by an
// earlier pass is moved forward to the range's start in the current pass
// before claiming.
func (l *Lattice) work(i int) {
	parts, bands := int64(l.parts), int64(l.bands)
	for p := int64(0); p < l.runPasses; p++ {
		base := p * bands
		for k := range parts {
			j := (int64(i) + k) % parts
			lo, hi := base+j*bands/parts, base+(j+1)*bands/parts
			cur := &l.cursors[j]
			for {
				c := cur.Load()
				if c < lo {
					cur.CompareAndSwap(c, lo)
					continue
				}
				if c >= hi {
					break
				}
				if cur.CompareAndSwap(c, c+1) {
					l.runBand(l.passes[p%int64(len(l.passes))], int(c-base), l.bands)
					if l.finished.Add(1) == base+bands {
						// Last band of the pass: wake the waiters.
						l.mu.Lock()
						l.cond.Broadcast()
						l.mu.Unlock()
					}
				}
			}
		}
		l.waitFinished(base + bands)
	}
}

// spinLimit bounds the busy wait for the other threads' bands (about as
// long as a band of a large lattice takes, and as waking a sleeping thread
// can take); after it the waiting goroutine sleeps, so that it does not
// keep the processor from a thread that another program has descheduled.
const spinLimit = 100 * time.Microsecond

// waitFinished returns when at least n bands are finished.
func (l *Lattice) waitFinished(n int64) {
	var start time.Time
	for spins := 0; ; spins++ {
		if l.finished.Load() >= n {
			return
		}
		if spins%256 == 255 {
			if start.IsZero() {
				start = time.Now()
			} else if time.Since(start) > spinLimit {
				break
			}
		}
	}
	l.mu.Lock()
	for l.finished.Load() < n {
		l.cond.Wait()
	}
	l.mu.Unlock()
}

// Sweeps performs n sweeps (nothing if n ≤ 0). With more than one thread,
// each colour's rows are split into bands of consecutive rows (8 per
// thread, at most one per row), which the threads update as work describes;
// the result does not depend on the split or on which thread updates which
// band. Sweeps allocates nothing.
func (l *Lattice) Sweeps(n int) {
	if n <= 0 {
		return
	}
	rows := len(l.passes[0])
	if l.threads == 1 || rows == 1 {
		for range n {
			for _, pass := range l.passes {
				l.runBand(pass, 0, 1)
			}
		}
		return
	}
	l.bands = min(bandsPerThread*l.threads, rows)
	l.parts = min(l.threads, l.bands)
	l.runPasses = int64(n) * int64(len(l.passes))
	for j := range l.cursors[:l.parts] {
		l.cursors[j].Store(0)
	}
	l.finished.Store(0)
	parallel.For(l.parts, l.body, &l.wg)
}
