package ising

import (
	"github.com/numkern/numkern/ising/internal/stream"
)

// refLattice is the specification of the trajectory written as plainly as
// possible: one int8 per spin, one site at a time, neighbours by their
// coordinates. Every implementation must produce its spins bit for bit.
type refLattice struct {
	rows, cols int
	cfg        Config
	s          []int8 // row-major
	st         []stream.Row
}

func newRef(rows, cols int, cfg Config) *refLattice {
	l := &refLattice{rows: rows, cols: cols, cfg: cfg, s: make([]int8, rows*cols)}
	key, spinKey := stream.Keys(cfg.Seed)
	for r := range rows {
		l.st = append(l.st, stream.Seed(key, r))
	}
	sm := stream.SplitMix64(spinKey)
	var v uint64
	for i := range l.s {
		if i%64 == 0 {
			v = sm.Next()
		}
		l.s[i] = -1
		if cfg.Cold || v>>(i%64)&1 != 0 {
			l.s[i] = 1
		}
	}
	return l
}

func (l *refLattice) at(r, c int) int8 {
	r = (r%l.rows + l.rows) % l.rows
	c = (c%l.cols + l.cols) % l.cols
	return l.s[r*l.cols+c]
}

// offsets of the neighbours of each stencil.
var (
	vonNeumannOffsets = [][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}}
	mooreOffsets      = [][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}, {-1, -1}, {-1, 1}, {1, -1}, {1, 1}}
)

func (l *refLattice) offsets() [][2]int {
	if l.cfg.Stencil == Moore {
		return mooreOffsets
	}
	return vonNeumannOffsets
}

// updateRow updates the spins of row r in the columns of parity p.
func (l *refLattice) updateRow(r, p int) {
	n := l.cols / 2
	w := (n + 63) / 64
	nums := make([]uint32, 64*w)
	l.st[r].Fill(nums)
	z := len(l.offsets())
	// All spins of the half-row see the neighbours before the update,
	// which no update of the half-row changes.
	for k := range n {
		c := 2*k + p
		s := l.at(r, c)
		diff := 0
		for _, o := range l.offsets() {
			if l.at(r+o[0], c+o[1]) != s {
				diff++
			}
		}
		dE := deltaE(l.cfg.J, l.cfg.H, z, diff, int(s))
		if uint64(nums[k]) < Threshold(l.cfg.Beta, dE) {
			l.s[r*l.cols+c] = -s
		}
	}
}

func (l *refLattice) sweep() {
	if l.cfg.Stencil == Moore {
		for _, ab := range [4][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
			for r := ab[0]; r < l.rows; r += 2 {
				l.updateRow(r, ab[1])
			}
		}
		return
	}
	for c := range 2 {
		for r := range l.rows {
			l.updateRow(r, (r+c)&1)
		}
	}
}

// energy returns the energy per spin by the formula, each site's bonds to
// the neighbours of positive offsets (right, down, and the two lower
// diagonals for Moore).
func (l *refLattice) energy() float64 {
	sum, m := 0, 0
	for r := range l.rows {
		for c := range l.cols {
			s := int(l.at(r, c))
			m += s
			sum += s * int(l.at(r, c+1))
			sum += s * int(l.at(r+1, c))
			if l.cfg.Stencil == Moore {
				sum += s * int(l.at(r+1, c+1))
				sum += s * int(l.at(r+1, c-1))
			}
		}
	}
	n := float64(l.rows * l.cols)
	return (-float64(l.cfg.J*float64(sum)) - float64(l.cfg.H*float64(m))) / n
}
