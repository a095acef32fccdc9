//go:build gc && !purego

package cpu

// compiled lists the ISAs with kernel code in this build, Generic first,
// then in increasing order of preference.
//
// Every kernel package must have assembly for each ISA listed here (it may
// register its AVX2 code for AVX512 where AVX-512 does not pay).
var compiled = []ISA{Generic, AVX2, AVX512}
