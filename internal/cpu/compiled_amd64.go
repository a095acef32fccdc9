//go:build gc && !purego

package cpu

// compiled lists the ISAs with kernel code in this build, Generic first,
// then in increasing order of preference.
//
// To add an ISA once its assembly exists in every kernel package, append
// it here: AVX2, then AVX512.
var compiled = []ISA{Generic}
