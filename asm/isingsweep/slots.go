package isingsweep

// maxSlots bounds the number of compare slots: one per class (spin bit and
// neighbour count) at most.
const maxSlots = 18

// slotTable is the threshold table rewritten for the SIMD kernels. A class
// whose threshold is 2^32 always flips; every other class, or pair of
// classes with the same count c and the same threshold, is a compare slot
// (threshold 0 included, which never flips). For a word x of the half-row
// and eq[c], the positions with exactly c differing neighbours, slot v
// selects the positions eq[k[v]] & ((x ^ sx[v]) | so[v]): sx = 0 picks
// spin +1, ^0 spin -1, and so = ^0 both. The kernels compare each
// selected position's number with the slot's threshold, and flip every
// position that no slot selects.
//
// The generated kernels read this struct at fixed offsets (see
// offsets_test.go): keep every field 8 bytes per element.
type slotTable struct {
	n  uint64           // number of slots
	k  [maxSlots]uint64 // neighbour count c
	sx [maxSlots]uint64
	so [maxSlots]uint64
	t  [maxSlots]uint64 // threshold, < 2^32
	tb [maxSlots]uint64 // t ^ 2^31 in the low 32 bits, for signed compares
}

// makeSlots derives the slot table from the thresholds.
func makeSlots(s Stencil, thr *[Classes]uint64) slotTable {
	z := 4
	if s == Moore {
		z = 8
	}
	var st slotTable
	add := func(c int, u int, t uint64) {
		i := st.n
		st.k[i] = uint64(c)
		switch u {
		case 0:
			st.sx[i] = ^uint64(0)
		case 2:
			st.so[i] = ^uint64(0)
		}
		st.t[i] = t
		st.tb[i] = t ^ 1<<31
		st.n++
	}
	for c := 0; c <= z; c++ {
		t0, t1 := thr[c], thr[16|c]
		switch {
		case t0 == t1 && t0 < 1<<32:
			add(c, 2, t0)
		default:
			if t0 < 1<<32 {
				add(c, 0, t0)
			}
			if t1 < 1<<32 {
				add(c, 1, t1)
			}
		}
	}
	return st
}
