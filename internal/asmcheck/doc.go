// Package asmcheck holds a test over the checked-in amd64 assembly of
// asm/…: the kernels registered for AVX2 (their names contain "AVX2") must
// run on AVX2 machines without AVX-512, so they may not name a register
// only EVEX encodings reach (X16–X31, Y16–Y31, any Z or K register) nor
// use an AVX-512 form (masking, broadcast operands). avo's register
// allocator hands out Y16–Y31 when a function needs more than 16 vector
// registers, so a generator change can bring them in silently; on an
// AVX-512 machine every test would still pass.
package asmcheck
