//go:build gc && !purego

package cpu

// compiled lists the ISAs with kernel code in this build, Generic first,
// then in increasing order of preference.
//
// Every kernel package must have NEON assembly.
var compiled = []ISA{Generic, NEON}
