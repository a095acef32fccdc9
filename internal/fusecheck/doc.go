// Package fusecheck holds a test that enforces the reproducibility rule of
// numkern's canonical code: the Go compiler may fuse a floating-point
// product with an addition into one FMA instruction, even across statements,
// on arm64 and with GOAMD64=v3 but not on plain amd64, and so produce other
// bits on other machines. The Go specification lets a conversion stop it:
// float64(a*b) is always rounded.
//
// The test type-checks the canonical packages and fails on every float
// product that is neither converted (float64(a*b), float32(a*b)), nor an
// argument of math.FMA, nor only an operand of another product that is; and
// on every complex multiplication or division, which compile to fusable
// products. A line may opt out with a comment containing "fusion-ok:" and a
// reason, for code whose bits do not matter (the direct oracle).
package fusecheck
