package isingsweep_test

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/numkern/numkern/asm/isingsweep"
	"github.com/numkern/numkern/internal/cpu"
	"github.com/stretchr/testify/require"

	// The golden package defines the -update flag that `go test ./...
	// -update` passes to every test binary; this package has no golden
	// files of its own.
	_ "github.com/numkern/numkern/internal/golden"
)

// guard is the number of sentinel words on each side of every buffer.
const guard = 8

const sentinel = 0x5a5adeadbeef5a5a

// lattice is a rows-row lattice of half-rows of w words (stride w+2) with
// random spins, halos and padding, and random generator states, all inside
// guarded buffers.
type lattice struct {
	rows, w      int
	wbuf, words  []uint64
	sbuf, states []uint32
	passes       [][]isingsweep.Row
	stencil      isingsweep.Stencil
	lastMask     uint64
}

func newLattice(rng *rand.Rand, rows, w int, st isingsweep.Stencil, lastMask uint64) *lattice {
	l := &lattice{rows: rows, w: w, stencil: st, lastMask: lastMask}
	n := 2 * rows * (w + 2)
	l.wbuf = make([]uint64, n+2*guard)
	for i := range l.wbuf {
		l.wbuf[i] = sentinel
	}
	l.words = l.wbuf[guard : guard+n : guard+n]
	for i := range l.words {
		l.words[i] = rng.Uint64()
	}
	ns := rows * isingsweep.StateWords
	l.sbuf = make([]uint32, ns+2*guard)
	for i := range l.sbuf {
		l.sbuf[i] = 0x5a5a5a5a
	}
	l.states = l.sbuf[guard : guard+ns : guard+ns]
	for i := range l.states {
		l.states[i] = rng.Uint32()
	}
	hr := func(r, p int) int { return ((((r%rows)+rows)%rows)*2+p)*(w+2) + 1 }
	row := func(r, p int) isingsweep.Row {
		q := 1 - p
		return isingsweep.Row{Self: hr(r, p), Up: hr(r-1, p), Down: hr(r+1, p),
			Side: hr(r, q), SideUp: hr(r-1, q), SideDown: hr(r+1, q),
			State: r * isingsweep.StateWords, Left: 1 - p}
	}
	if st == isingsweep.Moore {
		for _, ab := range [4][2]int{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
			var rs []isingsweep.Row
			for r := ab[0]; r < rows; r += 2 {
				rs = append(rs, row(r, ab[1]))
			}
			l.passes = append(l.passes, rs)
		}
	} else {
		for c := range 2 {
			var rs []isingsweep.Row
			for r := range rows {
				rs = append(rs, row(r, (r+c)&1))
			}
			l.passes = append(l.passes, rs)
		}
	}
	return l
}

func (l *lattice) clone() *lattice {
	c := *l
	c.wbuf, c.sbuf = slices.Clone(l.wbuf), slices.Clone(l.sbuf)
	c.words = c.wbuf[guard : guard+len(l.words) : guard+len(l.words)]
	c.states = c.sbuf[guard : guard+len(l.states) : guard+len(l.states)]
	return &c
}

// run applies impl to every pass, sweeps times, and checks the guards.
func (l *lattice) run(t testing.TB, impl func([]uint64, []uint32, []isingsweep.Row, *isingsweep.Params), thr *[isingsweep.Classes]uint64, sweeps int) {
	t.Helper()
	p := isingsweep.Params{Stencil: l.stencil, W: l.w, LastMask: l.lastMask}
	p.SetThresholds(thr)
	for range sweeps {
		for _, pass := range l.passes {
			impl(l.words, l.states, pass, &p)
		}
	}
	for i := range guard {
		for _, j := range []int{i, len(l.wbuf) - 1 - i} {
			require.Equal(t, uint64(sentinel), l.wbuf[j], "guard word %d of words", j)
		}
		for _, j := range []int{i, len(l.sbuf) - 1 - i} {
			require.Equal(t, uint32(0x5a5a5a5a), l.sbuf[j], "guard word %d of states", j)
		}
	}
}

// randomThresholds returns a threshold table with every kind of entry:
// 0 (never), 2^32 (always), and values in between, some repeated across
// the spin values so that slots merge, with about nslots compare slots.
func randomThresholds(rng *rand.Rand, z int) [isingsweep.Classes]uint64 {
	var thr [isingsweep.Classes]uint64
	mode := rng.IntN(4)
	for c := 0; c <= z; c++ {
		for _, u := range []int{0, 16} {
			switch rng.IntN(6) {
			case 0:
				thr[u|c] = 0
			case 1, 2:
				thr[u|c] = 1 << 32
			default:
				thr[u|c] = rng.Uint64N(1 << 32)
			}
		}
		switch mode {
		case 0: // no field: the same threshold for both spins
			thr[16|c] = thr[c]
		case 1: // all always, or all never
			thr[c], thr[16|c] = 1<<32, 1<<32
		}
	}
	// Entries past z are never used; fill them with junk.
	for c := z + 1; c < 16; c++ {
		thr[c], thr[16|c] = rng.Uint64N(1<<32+1), rng.Uint64N(1<<32+1)
	}
	return thr
}

// implementations returns the ISAs other than Generic, in a fixed order.
func implementations() ([]cpu.ISA, map[cpu.ISA]func([]uint64, []uint32, []isingsweep.Row, *isingsweep.Params)) {
	impls := isingsweep.Implementations()
	var isas []cpu.ISA
	for isa := range impls {
		if isa != cpu.Generic {
			isas = append(isas, isa)
		}
	}
	slices.Sort(isas)
	return isas, impls
}

func TestImplementations(t *testing.T) {
	isas, impls := implementations()
	require.Contains(t, impls, cpu.Generic)
	require.ElementsMatch(t, cpu.Available(), append([]cpu.ISA{cpu.Generic}, isas...))
	t.Logf("implementations: %v", append([]cpu.ISA{cpu.Generic}, isas...))
}

// TestImplementationsMatchGeneric compares every implementation with the
// generic one bit for bit: spins (padding and halos included) and states,
// for every half-row length from 1 to past three blocks of the widest
// kernel (3·8 words) plus random ones, partial and full last words, both
// stencils, random threshold tables covering every slot count, several
// rows per call and several sweeps.
func TestImplementationsMatchGeneric(t *testing.T) {
	isas, impls := implementations()
	gen := impls[cpu.Generic]
	rng := rand.New(rand.NewPCG(1, 2))
	lengths := []int{}
	for w := 1; w <= 26; w++ {
		lengths = append(lengths, w)
	}
	for range 4 {
		lengths = append(lengths, 27+rng.IntN(60))
	}
	if testing.Short() {
		lengths = []int{1, 2, 3, 4, 5, 7, 8, 9, 17, 25}
	}
	for _, isa := range isas {
		impl := impls[isa]
		t.Run(isa.String(), func(t *testing.T) {
			for _, st := range []isingsweep.Stencil{isingsweep.VonNeumann, isingsweep.Moore} {
				z := 4 + 4*int(st)
				for _, w := range lengths {
					rows := 2 + 2*rng.IntN(3)
					lastMask := ^uint64(0)
					if rng.IntN(2) == 0 {
						lastMask = 1<<(1+rng.IntN(63)) - 1
					}
					thr := randomThresholds(rng, z)
					a := newLattice(rng, rows, w, st, lastMask)
					b := a.clone()
					a.run(t, gen, &thr, 2)
					b.run(t, impl, &thr, 2)
					msg := fmt.Sprintf("%v %v: w %d, rows %d, lastMask %#x, thr %v", isa, st, w, rows, lastMask, thr)
					require.Equal(t, a.words, b.words, msg)
					require.Equal(t, a.states, b.states, msg)
				}
			}
		})
	}
}

// TestSlotCounts runs every implementation with tables of exactly n
// compare slots for n = 0…18.
func TestSlotCounts(t *testing.T) {
	isas, impls := implementations()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, st := range []isingsweep.Stencil{isingsweep.VonNeumann, isingsweep.Moore} {
		z := 4 + 4*int(st)
		for n := 0; n <= 2*(z+1); n++ {
			var thr [isingsweep.Classes]uint64
			classes := rng.Perm(2 * (z + 1))
			for i, c := range classes {
				idx := c/2 | 16*(c%2)
				thr[idx] = 1 << 32
				if i < n {
					thr[idx] = rng.Uint64N(1 << 32)
				}
			}
			a := newLattice(rng, 4, 3, st, 1<<37-1)
			want := a.clone()
			want.run(t, impls[cpu.Generic], &thr, 2)
			for _, isa := range isas {
				b := a.clone()
				b.run(t, impls[isa], &thr, 2)
				require.Equal(t, want.words, b.words, "%v %v, %d slots", isa, st, n)
				require.Equal(t, want.states, b.states)
			}
		}
	}
}

// numbers returns the 64·w numbers of one row pass from the state st (the
// spec: xoshiro128++, lane-interleaved), and advances st.
func numbers(st []uint32, w int) []uint32 {
	nums := make([]uint32, 64*w)
	for j := 0; j < len(nums); j += 16 {
		for lane := range 16 {
			s0, s1, s2, s3 := st[lane], st[16+lane], st[32+lane], st[48+lane]
			nums[j+lane] = bits.RotateLeft32(s0+s3, 7) + s0
			t := s1 << 9
			s2 ^= s0
			s3 ^= s1
			s1 ^= s2
			s0 ^= s3
			s2 ^= t
			s3 = bits.RotateLeft32(s3, 11)
			st[lane], st[16+lane], st[32+lane], st[48+lane] = s0, s1, s2, s3
		}
	}
	return nums
}

// classes returns the class u<<4 | c of every position of row r, -1 for
// the padding.
func (l *lattice) classes(r isingsweep.Row) []int {
	bit := func(base, k int) uint64 { return l.words[base+(k>>6)] >> (k & 63) & 1 }
	shift := 1
	if r.Left == 1 {
		shift = -1
	}
	cls := make([]int, 64*l.w)
	for k := range cls {
		if k>>6 == l.w-1 && l.lastMask>>(k&63)&1 == 0 {
			cls[k] = -1
			continue
		}
		x := bit(r.Self, k)
		nbrs := []uint64{bit(r.Up, k), bit(r.Down, k), bit(r.Side, k), bit(r.Side, k+shift)}
		if l.stencil == isingsweep.Moore {
			nbrs = append(nbrs, bit(r.SideUp, k), bit(r.SideUp, k+shift), bit(r.SideDown, k), bit(r.SideDown, k+shift))
		}
		c := 0
		for _, nb := range nbrs {
			c += int(x ^ nb)
		}
		cls[k] = int(x)<<4 | c
	}
	return cls
}

// TestGenericIsSequentialSpec checks the twin on single rows against a
// direct per-position evaluation of the documented rule.
func TestGenericIsSequentialSpec(t *testing.T) {
	gen := isingsweep.Implementations()[cpu.Generic]
	rng := rand.New(rand.NewPCG(5, 6))
	for _, st := range []isingsweep.Stencil{isingsweep.VonNeumann, isingsweep.Moore} {
		z := 4 + 4*int(st)
		for range 50 {
			l := newLattice(rng, 4, 1+rng.IntN(5), st, 1<<(1+rng.IntN(63))-1)
			thr := randomThresholds(rng, z)
			r := l.passes[rng.IntN(len(l.passes))][0]
			want := slices.Clone(l.words)
			st0 := slices.Clone(l.states[r.State : r.State+isingsweep.StateWords])
			nums := numbers(st0, l.w)
			for k, c := range l.classes(r) {
				if c >= 0 && uint64(nums[k]) < thr[c] {
					want[r.Self+(k>>6)] ^= 1 << (k & 63)
				}
			}
			p := isingsweep.Params{Stencil: st, W: l.w, LastMask: l.lastMask}
			p.SetThresholds(&thr)
			gen(l.words, l.states, []isingsweep.Row{r}, &p)
			require.Equal(t, want, l.words)
			require.Equal(t, st0, l.states[r.State:r.State+isingsweep.StateWords])
		}
	}
}

// TestThresholdBoundary sets thresholds to numbers the row will draw (and
// to one more), where "below" and "at most" differ: random tables almost
// never probe that edge.
func TestThresholdBoundary(t *testing.T) {
	isas, impls := implementations()
	rng := rand.New(rand.NewPCG(7, 8))
	trials := 40
	if testing.Short() {
		trials = 4
	}
	for _, st := range []isingsweep.Stencil{isingsweep.VonNeumann, isingsweep.Moore} {
		for i := range 12 * trials {
			l := newLattice(rng, 4, 1+rng.IntN(12), st, ^uint64(0))
			r := l.passes[0][rng.IntN(len(l.passes[0]))]
			nums := numbers(slices.Clone(l.states[r.State:r.State+isingsweep.StateWords]), l.w)
			var thr [isingsweep.Classes]uint64
			for i := range thr {
				thr[i] = 1 << 32
			}
			cls := l.classes(r)
			for range 1 + i%12 { // 1…12 classes: every slot count of the kernels
				k := rng.IntN(len(cls))
				thr[cls[k]] = uint64(nums[k])
				if rng.IntN(4) == 0 {
					thr[cls[k]]++
				}
			}
			want := l.clone()
			want.passes = [][]isingsweep.Row{{r}}
			want.run(t, impls[cpu.Generic], &thr, 1)
			for _, isa := range isas {
				b := l.clone()
				b.passes = [][]isingsweep.Row{{r}}
				b.run(t, impls[isa], &thr, 1)
				require.Equal(t, want.words, b.words, "%v %v", isa, st)
			}
		}
	}
}

func TestSweepPanics(t *testing.T) {
	words := make([]uint64, 20)
	states := make([]uint32, 64)
	thr := [isingsweep.Classes]uint64{}
	p := isingsweep.Params{W: 2, LastMask: 1}
	p.SetThresholds(&thr)
	ok := isingsweep.Row{Self: 1, Up: 5, Down: 9, Side: 13, SideUp: 13, SideDown: 13}
	require.NotPanics(t, func() { isingsweep.Sweep(words, states, []isingsweep.Row{ok}, &p) })
	require.NotPanics(t, func() { isingsweep.Sweep(words, states, nil, &p) })
	for _, bad := range []isingsweep.Row{
		{Self: 0, Up: 5, Down: 9, Side: 13, SideUp: 13, SideDown: 13},
		{Self: 1, Up: 5, Down: 9, Side: 13, SideUp: 13, SideDown: 18},
		{Self: 1, Up: 5, Down: 9, Side: 13, SideUp: 13, SideDown: 13, State: 1},
		{Self: 1, Up: 5, Down: 9, Side: 13, SideUp: 13, SideDown: 13, Left: 2},
	} {
		require.Panics(t, func() { isingsweep.Sweep(words, states, []isingsweep.Row{bad}, &p) }, "%+v", bad)
	}
	require.Panics(t, func() {
		q := p
		q.W = 0
		isingsweep.Sweep(words, states, []isingsweep.Row{ok}, &q)
	})
	require.Panics(t, func() {
		q := p
		q.Stencil = 2
		isingsweep.Sweep(words, states, []isingsweep.Row{ok}, &q)
	})
	require.Panics(t, func() {
		thr[3] = 1<<32 + 1
		p.SetThresholds(&thr)
	})
}

// FuzzKernels compares every implementation with the generic one on
// lattices and threshold tables derived from the fuzzer's inputs.
func FuzzKernels(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(2), false, uint8(20), uint64(0))
	f.Add(uint64(2), uint8(17), uint8(4), true, uint8(63), uint64(7))
	f.Fuzz(func(t *testing.T, seed uint64, w, rows uint8, moore bool, lastBits uint8, thrSeed uint64) {
		isas, impls := implementations()
		rng := rand.New(rand.NewPCG(seed, thrSeed))
		st := isingsweep.VonNeumann
		if moore {
			st = isingsweep.Moore
		}
		ww := 1 + int(w)%40
		rr := 2 + 2*(int(rows)%4)
		lastMask := uint64(1)<<(lastBits%64+1) - 1
		if lastBits%64 == 63 {
			lastMask = ^uint64(0)
		}
		thr := randomThresholds(rng, 4+4*int(st))
		a := newLattice(rng, rr, ww, st, lastMask)
		want := a.clone()
		want.run(t, impls[cpu.Generic], &thr, 1)
		for _, isa := range isas {
			b := a.clone()
			b.run(t, impls[isa], &thr, 1)
			require.Equal(t, want.words, b.words, "%v", isa)
			require.Equal(t, want.states, b.states, "%v", isa)
		}
	})
}
