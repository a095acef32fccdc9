package isingsweep

import (
	"encoding/binary"
	"math/bits"
)

// block is the number of words the generic kernel handles at a time: it
// classifies their spins, then runs each lane's generator over them with
// the state in registers, then applies the flips.
const block = 32

// spread[k][b] has byte i equal to bit i of b, shifted left by k: the
// contribution of bit plane k to the class bytes of 8 positions.
var spread = func() (t [5][256]uint64) {
	for k := range t {
		for b := range t[k] {
			for i := range 8 {
				t[k][b] |= uint64(b>>i&1) << (8*i + k)
			}
		}
	}
	return t
}()

// sweepGeneric is the portable implementation of Sweep and the
// specification of the assembly kernels, which must reproduce its result
// bit for bit. It uses integer arithmetic only.
func sweepGeneric(words []uint64, states []uint32, rows []Row, p *Params) {
	for i := range rows {
		rowGeneric(words, states, &rows[i], p)
	}
}

// funnel returns the neighbour word of word w of the half-row at base
// shifted by one position: bit k holds position k-1 if left, k+1 otherwise.
func funnel(words []uint64, base, w int, left bool) uint64 {
	if left {
		return words[base+w]<<1 | words[base+w-1]>>63
	}
	return words[base+w]>>1 | words[base+w+1]<<63
}

// countVN returns the bit planes of the number of set bits among d0…d3
// (0…4) at each position.
func countVN(d0, d1, d2, d3 uint64) (b0, b1, b2 uint64) {
	s01, c01 := d0^d1, d0&d1
	s23, c23 := d2^d3, d2&d3
	c := s01 & s23
	return s01 ^ s23, c01 ^ c23 ^ c, c01 & c23
}

// fullAdd returns the sum and carry bits of a+b+c at each position.
func fullAdd(a, b, c uint64) (s, carry uint64) {
	ab := a ^ b
	return ab ^ c, a&b | c&ab
}

// countMoore returns the bit planes of the number of set bits among d0…d7
// (0…8) at each position.
func countMoore(d0, d1, d2, d3, d4, d5, d6, d7 uint64) (b0, b1, b2, b3 uint64) {
	s1, c1 := fullAdd(d0, d1, d2)
	s2, c2 := fullAdd(d3, d4, d5)
	s3, c3 := fullAdd(s1, s2, d6)
	b0, c4 := s3^d7, s3&d7
	b1, b2, b3 = countVN(c1, c2, c3, c4)
	return b0, b1, b2, b3
}

// rowGeneric updates one half-row.
func rowGeneric(words []uint64, states []uint32, r *Row, p *Params) {
	var cls [block][64]byte // class u<<4 | c of every position of the block
	var flips [block]uint64
	st := (*[StateWords]uint32)(states[r.State : r.State+StateWords])
	left := r.Left == 1
	moore := p.Stencil == Moore
	for w0 := 0; w0 < p.W; w0 += block {
		nb := min(block, p.W-w0)
		for i := range nb {
			w := w0 + i
			x := words[r.Self+w]
			var b0, b1, b2, b3 uint64
			if moore {
				b0, b1, b2, b3 = countMoore(
					x^words[r.Up+w], x^words[r.Down+w],
					x^words[r.Side+w], x^funnel(words, r.Side, w, left),
					x^words[r.SideUp+w], x^funnel(words, r.SideUp, w, left),
					x^words[r.SideDown+w], x^funnel(words, r.SideDown, w, left))
			} else {
				b0, b1, b2 = countVN(x^words[r.Up+w], x^words[r.Down+w],
					x^words[r.Side+w], x^funnel(words, r.Side, w, left))
			}
			if moore {
				classify(&cls[i&(block-1)], b0, b1, b2, b3, x)
			} else {
				classify4(&cls[i&(block-1)], b0, b1, b2, x)
			}
			flips[i] = 0
		}
		for l := range Lanes {
			lane(st, l, &cls, &p.thr256, &flips, nb)
		}
		for i := range nb {
			w := w0 + i
			f := flips[i]
			if w == p.W-1 {
				f &= p.LastMask
			}
			words[r.Self+w] ^= f
		}
	}
}

// classify writes the class byte u<<4 | c of each of the 64 positions of a
// word to cls, from the bit planes b0…b3 of the count c and the spins x.
func classify(cls *[64]byte, b0, b1, b2, b3, x uint64) {
	var pl [5][8]byte
	binary.LittleEndian.PutUint64(pl[0][:], b0)
	binary.LittleEndian.PutUint64(pl[1][:], b1)
	binary.LittleEndian.PutUint64(pl[2][:], b2)
	binary.LittleEndian.PutUint64(pl[3][:], b3)
	binary.LittleEndian.PutUint64(pl[4][:], x)
	for j := range 8 {
		c := spread[0][pl[0][j]] | spread[1][pl[1][j]] | spread[2][pl[2][j]] |
			spread[3][pl[3][j]] | spread[4][pl[4][j]]
		binary.LittleEndian.PutUint64(cls[8*j:], c)
	}
}

// classify4 is classify for counts below 8 (b3 = 0).
func classify4(cls *[64]byte, b0, b1, b2, x uint64) {
	var pl [4][8]byte
	binary.LittleEndian.PutUint64(pl[0][:], b0)
	binary.LittleEndian.PutUint64(pl[1][:], b1)
	binary.LittleEndian.PutUint64(pl[2][:], b2)
	binary.LittleEndian.PutUint64(pl[3][:], x)
	for j := range 8 {
		c := spread[0][pl[0][j]] | spread[1][pl[1][j]] | spread[2][pl[2][j]] | spread[4][pl[3][j]]
		binary.LittleEndian.PutUint64(cls[8*j:], c)
	}
}

// lane runs lane l's generator over the first nb words of a block: for
// each word i and step q, the number for position 16q+l of the word, whose
// flip bit it ORs into flips[i] if the number is below the threshold of the
// position's class cls[i][16q+l]. thr is the threshold table indexed by
// class byte (entries past Classes unused), so that no index needs
// checking.
//
// The compare: d = uint64(v) - threshold is negative exactly when v is
// below the threshold, and as |d| < 2^32 its bits 32…63 are then all ones
// (else all zeros); so d & (1 << (32+j)) is the flip bit at position 32+j,
// and (d >> 32) & (1 << j) the one at position j < 32.
func lane(st *[StateWords]uint32, l int, cls *[block][64]byte, thr *[256]uint64, flips *[block]uint64, nb int) {
	l &= Lanes - 1
	m := &[4]uint64{1 << l, 1 << (16 + l), 1 << (32 + l), 1 << (48 + l)}
	s0, s1, s2, s3 := st[l], st[Lanes+l], st[2*Lanes+l], st[3*Lanes+l]
	for i := range nb {
		c := &cls[i&(block-1)]
		v := bits.RotateLeft32(s0+s3, 7) + s0
		acc := (uint64(v) - thr[c[l]]) >> 32 & m[0]
		s0, s1, s2, s3 = next(s0, s1, s2, s3)
		v = bits.RotateLeft32(s0+s3, 7) + s0
		acc |= (uint64(v) - thr[c[l+16]]) >> 32 & m[1]
		s0, s1, s2, s3 = next(s0, s1, s2, s3)
		v = bits.RotateLeft32(s0+s3, 7) + s0
		acc |= (uint64(v) - thr[c[l+32]]) & m[2]
		s0, s1, s2, s3 = next(s0, s1, s2, s3)
		v = bits.RotateLeft32(s0+s3, 7) + s0
		acc |= (uint64(v) - thr[c[l+48]]) & m[3]
		s0, s1, s2, s3 = next(s0, s1, s2, s3)
		flips[i&(block-1)] |= acc
	}
	st[l], st[Lanes+l], st[2*Lanes+l], st[3*Lanes+l] = s0, s1, s2, s3
}

// next is the state transition of xoshiro128++.
func next(s0, s1, s2, s3 uint32) (uint32, uint32, uint32, uint32) {
	t := s1 << 9
	s2 ^= s0
	s3 ^= s1
	s1 ^= s2
	s0 ^= s3
	s2 ^= t
	s3 = bits.RotateLeft32(s3, 11)
	return s0, s1, s2, s3
}
