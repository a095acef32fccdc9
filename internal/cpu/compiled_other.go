//go:build !gc || purego || !(amd64 || arm64)

package cpu

// compiled lists the ISAs with kernel code in this build. Without the gc
// compiler, with the purego tag, or on architectures other than amd64 and
// arm64 there is no assembly: only Generic. Do not add ISAs here; edit
// compiled_amd64.go or compiled_arm64.go.
var compiled = []ISA{Generic}
