package spread

// Moving the strengths into sorted order (Spread) and the results back
// out (Interpolate) is a permutation of the whole array: one side of it is
// random. Done directly, every element costs a cache and TLB miss (about
// 8 ns per point at 10^6 points), and two threads do no better than one:
// the random accesses are bound by the memory system, not by a core.
//
// A mover does it in two passes through a buffer partitioned by
// destination (a radix partition on the destination's high bits, the
// layout precomputed by SetPoints): the first pass reads the source in
// order and appends each element to its bucket (a few dozen sequential
// write streams); the second reads the buffer in order and writes each
// bucket's elements into its own window of the destination, small enough
// to stay in L2. On one thread it costs what the direct move costs; on two
// it takes half the time. Both passes split across threads without sharing a cache
// line, and the moves are exact: the result does not depend on how they
// are done.
type mover struct {
	// pos[j] is where source element j goes in buf; dst[i] is where buf[i]
	// goes in the destination. Buf holds the buckets in order; bucket b
	// starts at bucketStart[b].
	pos, dst    []int32
	bucketStart []int
	shift       int // bucket of destination t: t >> shift
}

// moveWindowShift sets the destination window of a bucket: 2^16 complex128
// elements, 1 MiB, half an L2 of this machine class (measured at 10^6
// points: 2^12 to 2^17 all work; 2^16 was fastest, 4.7 ms on two threads
// against 8.6 ms for the direct move, and 8.7 ms on one against 8.5).
var moveWindowShift = 16

// minBucketedMove is the least number of points worth the two passes; with
// fewer, the destination fits in L2 and a direct move is faster.
//
// It and moveWindowShift are variables only so that tests can lower them.
var minBucketedMove = 1 << 16

// bucketed reports whether the mover is in use.
func (m *mover) bucketed() bool { return len(m.pos) > 0 }

// build prepares the move src[j] → dest[to[j]] for a permutation to of n
// elements.
func (m *mover) build(to []int32) {
	n := len(to)
	if n < minBucketedMove {
		m.pos, m.dst = m.pos[:0], m.dst[:0]
		return
	}
	m.shift = moveWindowShift
	buckets := (n-1)>>m.shift + 1
	m.bucketStart = resize(m.bucketStart, buckets+1)
	clear(m.bucketStart)
	for _, t := range to {
		m.bucketStart[t>>m.shift+1]++
	}
	for b := 1; b <= buckets; b++ {
		m.bucketStart[b] += m.bucketStart[b-1]
	}
	m.pos, m.dst = resize(m.pos, n), resize(m.dst, n)
	next := make([]int, buckets)
	copy(next, m.bucketStart[:buckets])
	for j, t := range to {
		b := t >> m.shift
		m.pos[j] = int32(next[b])
		m.dst[next[b]] = t
		next[b]++
	}
}

// partition is pass 1 for source elements [lo, hi): buf[pos[j]] = src[j].
func (m *mover) partition(buf, src []complex128, lo, hi int) {
	pos := m.pos[lo:hi]
	for j, v := range src[lo:hi][:len(pos)] {
		buf[pos[j]] = v
	}
}

// place is pass 2 for the buckets [b0, b1): dest[dst[i]] = buf[i].
func (m *mover) place(dest, buf []complex128, b0, b1 int) {
	lo, hi := m.bucketStart[b0], m.bucketStart[b1]
	dst := m.dst[lo:hi]
	for i, v := range buf[lo:hi][:len(dst)] {
		dest[dst[i]] = v
	}
}

// buckets returns the number of buckets.
func (m *mover) buckets() int { return len(m.bucketStart) - 1 }
