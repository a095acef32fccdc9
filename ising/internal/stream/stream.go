// Package stream holds the random numbers of package ising: the seeding
// (splitmix64) and the per-row xoshiro128++ streams, sixteen lanes per row,
// in the lane interleave every sweep kernel consumes them.
//
// Each lattice row owns Lanes independent xoshiro128++ generators. A pass
// over a row that updates W words (64·W spin positions) advances every lane
// of that row 4·W times; the number for position b of word w is step
// 4w + (b/16) of lane b%16. In the order of positions the numbers are
// therefore lane 0…15 of step 0, lane 0…15 of step 1, and so on: the order
// [Row.Fill] writes, and the order a 16-lane SIMD register (or two 8-lane
// ones, or four 4-lane ones) produces them. Positions past the end of a row
// still consume their numbers, so the consumption depends only on the row
// length, never on the SIMD width or on which thread updates the row.
//
// Seeding: the lattice seed s yields two keys, the first two outputs of
// splitmix64 started at s. Lane l of row r is seeded with outputs 2i+1 and
// 2i+2, i = 16r + l, of splitmix64 started at the first key (each output
// computed directly, so a row's streams do not depend on the lattice
// size); the random initial spins come from splitmix64 started at the
// second key.
package stream

import "math/bits"

// Lanes is the number of xoshiro128++ generators per lattice row.
const Lanes = 16

// Gamma is splitmix64's increment, the odd integer closest to 2^64/φ.
const Gamma = 0x9e3779b97f4a7c15

// Mix is splitmix64's output function (Stafford's variant 13 finaliser).
func Mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// SplitMix64 is the splitmix64 generator: its state advances by Gamma and
// each output is Mix of the new state.
type SplitMix64 uint64

// Next returns the next output.
func (s *SplitMix64) Next() uint64 {
	*s += Gamma
	return Mix(uint64(*s))
}

// Keys returns the stream key and the spin key of a lattice seed: the first
// two outputs of splitmix64 started at seed.
func Keys(seed uint64) (streams, spins uint64) {
	sm := SplitMix64(seed)
	return sm.Next(), sm.Next()
}

// Row is the state of one row's generators in structure-of-arrays order:
// Row[j][l] is state word j of lane l, so that each state word of all
// lanes is one 64-byte vector. A Row is 256 bytes; the lattice keeps one per
// lattice row, contiguously.
type Row [4][Lanes]uint32

// Seed returns the state of row r's generators for the stream key key.
func Seed(key uint64, r int) Row {
	var st Row
	for l := range Lanes {
		i := uint64(r)*Lanes + uint64(l)
		a := Mix(key + (2*i+1)*Gamma)
		b := Mix(key + (2*i+2)*Gamma)
		st[0][l], st[1][l] = uint32(a), uint32(a>>32)
		st[2][l], st[3][l] = uint32(b), uint32(b>>32)
		if a == 0 && b == 0 { // xoshiro's one forbidden state; probability 2^-128
			st[0][l] = 1
		}
	}
	return st
}

// Next advances lane l and returns its output, xoshiro128++ (Blackman and
// Vigna 2019): rotl(s0+s3, 7) + s0.
func (st *Row) Next(l int) uint32 {
	s0, s1, s2, s3 := st[0][l], st[1][l], st[2][l], st[3][l]
	r := bits.RotateLeft32(s0+s3, 7) + s0
	t := s1 << 9
	s2 ^= s0
	s3 ^= s1
	s1 ^= s2
	s0 ^= s3
	s2 ^= t
	s3 = bits.RotateLeft32(s3, 11)
	st[0][l], st[1][l], st[2][l], st[3][l] = s0, s1, s2, s3
	return r
}

// Fill writes the next len(dst)/Lanes steps of all lanes to dst in the
// interleave the kernels use: dst[Lanes·j + l] is step j of lane l. len(dst)
// must be a multiple of Lanes.
func (st *Row) Fill(dst []uint32) {
	if len(dst)%Lanes != 0 {
		panic("stream: Fill length not a multiple of Lanes")
	}
	for j := 0; j < len(dst); j += Lanes {
		for l := range Lanes {
			dst[j+l] = st.Next(l)
		}
	}
}
