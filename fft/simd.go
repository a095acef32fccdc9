package fft

import (
	"github.com/numkern/numkern/asm/fftk"
	"github.com/numkern/numkern/internal/cpu"
)

// simdPass128 runs the part rg of the pass ps with the SIMD kernel of isa
// and reports true, or reports false if isa has no kernel for it. The
// kernels compute every element with the operations of the Go code
// (kernels.go), so the choice changes nothing but the speed.
func simdPass128(isa cpu.ISA, ps *stockhamPass128, dst, src []complex128, s int, backward bool, rg passRange) bool {
	if ps.radix > fftk.MaxRadix {
		return false
	}
	ks := fftk.Kernels128(isa)
	if ks == nil {
		return false
	}
	r, m := ps.radix, ps.m
	if s == 1 {
		k := ks.P[r]
		if k == nil {
			return false
		}
		if rg.p0 >= rg.p1 {
			return true
		}
		_, _ = dst[r*m-1], src[r*m-1] // the kernel's extent
		p0 := rg.p0
		if p0 == 0 {
			// p = 0 has no twiddles: its butterfly is the Go code's.
			ps.runGeneric(dst, src, 1, backward, passRange{0, 1, 0, 1})
			p0 = 1
		}
		if p0 < rg.p1 {
			k(&dst[0], &src[0], &ps.tw[0], m, p0, rg.p1, backward)
		}
		return true
	}
	k := ks.Q[r]
	if k == nil {
		return false
	}
	if rg.p0 < rg.p1 && rg.q0 < rg.q1 {
		_, _ = dst[r*m*s-1], src[r*m*s-1]
		k(&dst[0], &src[0], &ps.tw[0], s, m, rg.p0, rg.p1, rg.q0, rg.q1, backward)
	}
	return true
}

// simdPass64 is the complex64 twin of simdPass128.
func simdPass64(isa cpu.ISA, ps *stockhamPass64, dst, src []complex64, s int, backward bool, rg passRange) bool {
	if ps.radix > fftk.MaxRadix {
		return false
	}
	ks := fftk.Kernels64(isa)
	if ks == nil {
		return false
	}
	r, m := ps.radix, ps.m
	if s == 1 {
		k := ks.P[r]
		if k == nil {
			return false
		}
		if rg.p0 >= rg.p1 {
			return true
		}
		_, _ = dst[r*m-1], src[r*m-1]
		p0 := rg.p0
		if p0 == 0 {
			ps.runGeneric(dst, src, 1, backward, passRange{0, 1, 0, 1})
			p0 = 1
		}
		if p0 < rg.p1 {
			k(&dst[0], &src[0], &ps.tw[0], m, p0, rg.p1, backward)
		}
		return true
	}
	k := ks.Q[r]
	if k == nil {
		return false
	}
	if rg.p0 < rg.p1 && rg.q0 < rg.q1 {
		_, _ = dst[r*m*s-1], src[r*m*s-1]
		k(&dst[0], &src[0], &ps.tw[0], s, m, rg.p0, rg.p1, rg.q0, rg.q1, backward)
	}
	return true
}

// hasFused128 reports whether isa has a fused kernel for the passes of
// radix ra then rb with stride s (kind FP for s = 1, F otherwise).
func hasFused128(isa cpu.ISA, ra, rb, s int) bool {
	if isa == cpu.Generic || ra > fftk.MaxRadix || rb > fftk.MaxRadix {
		return false
	}
	ks := fftk.Kernels128(isa)
	if ks == nil {
		return false
	}
	if s == 1 {
		return ks.FP[ra][rb] != nil
	}
	return ks.F[ra][rb] != nil
}

// runFused128 runs the part rg (p ∈ [0, ps2.m), q ∈ [0, s)) of the passes
// ps and ps2 fused, with the kernel of isa, which must exist (hasFused128).
func runFused128(isa cpu.ISA, ps, ps2 *stockhamPass128, dst, src []complex128, s int, backward bool, rg passRange) {
	if rg.p0 >= rg.p1 || rg.q0 >= rg.q1 {
		return
	}
	ks := fftk.Kernels128(isa)
	ra, rb, m2 := ps.radix, ps2.radix, ps2.m
	_, _ = dst[ra*rb*m2*s-1], src[ra*rb*m2*s-1]
	if s == 1 {
		ks.FP[ra][rb](&dst[0], &src[0], &ps.tw[0], &ps2.tw[0], m2, rg.p0, rg.p1, backward)
		return
	}
	ks.F[ra][rb](&dst[0], &src[0], &ps.tw[0], &ps2.tw[0], s, m2, rg.p0, rg.p1, rg.q0, rg.q1, backward)
}

// hasFused64 is the complex64 twin of hasFused128.
func hasFused64(isa cpu.ISA, ra, rb, s int) bool {
	if isa == cpu.Generic || ra > fftk.MaxRadix || rb > fftk.MaxRadix {
		return false
	}
	ks := fftk.Kernels64(isa)
	if ks == nil {
		return false
	}
	if s == 1 {
		return ks.FP[ra][rb] != nil
	}
	return ks.F[ra][rb] != nil
}

// runFused64 is the complex64 twin of runFused128.
func runFused64(isa cpu.ISA, ps, ps2 *stockhamPass64, dst, src []complex64, s int, backward bool, rg passRange) {
	if rg.p0 >= rg.p1 || rg.q0 >= rg.q1 {
		return
	}
	ks := fftk.Kernels64(isa)
	ra, rb, m2 := ps.radix, ps2.radix, ps2.m
	_, _ = dst[ra*rb*m2*s-1], src[ra*rb*m2*s-1]
	if s == 1 {
		ks.FP[ra][rb](&dst[0], &src[0], &ps.tw[0], &ps2.tw[0], m2, rg.p0, rg.p1, backward)
		return
	}
	ks.F[ra][rb](&dst[0], &src[0], &ps.tw[0], &ps2.tw[0], s, m2, rg.p0, rg.p1, rg.q0, rg.q1, backward)
}
