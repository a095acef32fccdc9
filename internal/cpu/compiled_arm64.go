//go:build gc && !purego

package cpu

// compiled lists the ISAs with kernel code in this build, Generic first,
// then in increasing order of preference.
//
// To add NEON once its assembly exists in every kernel package, append it
// here.
var compiled = []ISA{Generic}
