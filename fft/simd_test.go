package fft

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/numkern/numkern/asm/fftk"
	"github.com/numkern/numkern/internal/cpu"
	"github.com/stretchr/testify/require"
)

// simdISAs returns the available ISAs other than Generic: those whose
// kernels the tests compare with the Go code.
func simdISAs() []cpu.ISA {
	var isas []cpu.ISA
	for _, isa := range cpu.Available() {
		if isa != cpu.Generic {
			isas = append(isas, isa)
		}
	}
	return isas
}

// guardWords is the number of sentinel complex values on each side of the
// arrays a kernel writes.
const guardWords = 8

// sentinelBits is a NaN payload no computation produces.
const sentinelBits = 0x7ff4dead5a5a5a5a

// guarded128 returns a slice of n elements inside a buffer with guard
// sentinels on each side.
func guarded128(n int) (buf, inner []complex128) {
	buf = make([]complex128, n+2*guardWords)
	s := math.Float64frombits(sentinelBits)
	for i := range buf {
		buf[i] = complex(s, s)
	}
	return buf, buf[guardWords : guardWords+n : guardWords+n]
}

func guarded64(n int) (buf, inner []complex64) {
	buf = make([]complex64, n+2*guardWords)
	s := math.Float32frombits(0x7fadbeef)
	for i := range buf {
		buf[i] = complex(s, s)
	}
	return buf, buf[guardWords : guardWords+n : guardWords+n]
}

// specialValues are mixed into the test data: signed zeros and values
// whose sums cancel exactly.
var specialValues = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1e-310, -1e300}

// passData returns n values, random with some special ones.
func passData(rng *rand.Rand, n int) []complex128 {
	x := make([]complex128, n)
	for i := range x {
		re, im := 2*rng.Float64()-1, 2*rng.Float64()-1
		if rng.IntN(6) == 0 {
			re = specialValues[rng.IntN(len(specialValues))]
		}
		if rng.IntN(6) == 0 {
			im = specialValues[rng.IntN(len(specialValues))]
		}
		x[i] = complex(re, im)
	}
	return x
}

// sameBits128 reports the first element where a and b differ in their
// bits, treating all NaNs as equal, or −1.
func sameBits128(a, b []complex128) int {
	eq := func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y) || (x != x && y != y)
	}
	for i := range a {
		if !eq(real(a[i]), real(b[i])) || !eq(imag(a[i]), imag(b[i])) {
			return i
		}
	}
	return -1
}

func sameBits64(a, b []complex64) int {
	eq := func(x, y float32) bool {
		return math.Float32bits(x) == math.Float32bits(y) || (x != x && y != y)
	}
	for i := range a {
		if !eq(real(a[i]), real(b[i])) || !eq(imag(a[i]), imag(b[i])) {
			return i
		}
	}
	return -1
}

// passCase is one call of a pass kernel.
type passCase struct {
	radix, s, m int
	rg          passRange
	backward    bool
	inPlace     bool // only for m = 1
}

func (c passCase) String() string {
	return fmt.Sprintf("radix %d s=%d m=%d p∈[%d,%d) q∈[%d,%d) backward=%v inPlace=%v",
		c.radix, c.s, c.m, c.rg.p0, c.rg.p1, c.rg.q0, c.rg.q1, c.backward, c.inPlace)
}

// checkPass128 runs c with the Go code and with isa's kernel on the same
// data and requires the same bits, untouched guards and an unchanged
// source. The destination starts as a copy of data (not all of it is
// written when the range is partial).
func checkPass128(t testing.TB, isa cpu.ISA, c passCase, data []complex128) {
	t.Helper()
	ps := newStockhamPass128(c.radix, c.radix*c.m)
	n := c.radix * c.m * c.s
	run := func(useISA cpu.ISA) (dstBuf, srcBuf []complex128) {
		var src, dst []complex128
		srcBuf, src = guarded128(n)
		copy(src, data)
		if c.inPlace {
			dstBuf, dst = srcBuf, src
		} else {
			dstBuf, dst = guarded128(n)
			copy(dst, data[n:])
		}
		ps.runISA(useISA, dst, src, c.s, c.backward, c.rg)
		return dstBuf, srcBuf
	}
	wantDst, wantSrc := run(cpu.Generic)
	gotDst, gotSrc := run(isa)
	if i := sameBits128(wantDst, gotDst); i >= 0 {
		t.Fatalf("%v %v (complex128): dst[%d]: want %v, got %v (guards at 0…%d and %d…)", isa, c, i-guardWords,
			wantDst[i], gotDst[i], guardWords-1, len(gotDst)-guardWords)
	}
	if i := sameBits128(wantSrc, gotSrc); i >= 0 {
		t.Fatalf("%v %v (complex128): src[%d] modified: want %v, got %v", isa, c, i-guardWords, wantSrc[i], gotSrc[i])
	}
}

func checkPass64(t testing.TB, isa cpu.ISA, c passCase, data []complex128) {
	t.Helper()
	ps := newStockhamPass64(c.radix, c.radix*c.m)
	n := c.radix * c.m * c.s
	d64 := narrow(data)
	run := func(useISA cpu.ISA) (dstBuf, srcBuf []complex64) {
		var src, dst []complex64
		srcBuf, src = guarded64(n)
		copy(src, d64)
		if c.inPlace {
			dstBuf, dst = srcBuf, src
		} else {
			dstBuf, dst = guarded64(n)
			copy(dst, d64[n:])
		}
		ps.runISA(useISA, dst, src, c.s, c.backward, c.rg)
		return dstBuf, srcBuf
	}
	wantDst, wantSrc := run(cpu.Generic)
	gotDst, gotSrc := run(isa)
	if i := sameBits64(wantDst, gotDst); i >= 0 {
		t.Fatalf("%v %v (complex64): dst[%d]: want %v, got %v", isa, c, i-guardWords, wantDst[i], gotDst[i])
	}
	if i := sameBits64(wantSrc, gotSrc); i >= 0 {
		t.Fatalf("%v %v (complex64): src[%d] modified", isa, c, i-guardWords)
	}
}

// maxVectorLanes bounds the complex numbers the widest kernel handles per
// iteration (a zmm register of complex64).
const maxVectorLanes = 8

// TestPassKernelsBitIdentical compares every pass kernel of every
// available ISA with the Go code: every s and m up to three times the
// widest vector (so every tail of every loop), full and partial ranges,
// both directions, in place for m = 1.
func TestPassKernelsBitIdentical(t *testing.T) {
	isas := simdISAs()
	if len(isas) == 0 {
		t.Skip("no SIMD kernels in this build on this machine")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	limit := 3 * maxVectorLanes
	if testing.Short() {
		limit = maxVectorLanes + 3
	}
	for _, isa := range isas {
		for r := 2; r <= fftk.MaxRadix; r++ {
			for s := 1; s <= limit; s++ {
				for m := 1; m <= limit; m++ {
					for _, backward := range []bool{false, true} {
						data := passData(rng, 2*r*m*s)
						cases := []passCase{{radix: r, s: s, m: m, rg: passRange{0, m, 0, s}, backward: backward}}
						p0, q0 := rng.IntN(m), rng.IntN(s)
						cases = append(cases, passCase{radix: r, s: s, m: m, backward: backward,
							rg: passRange{p0, p0 + 1 + rng.IntN(m-p0), q0, q0 + 1 + rng.IntN(s-q0)}})
						if s == 1 {
							cases = append(cases, passCase{radix: r, s: s, m: m, backward: backward, rg: passRange{p0, m, 0, 1}})
						}
						if m == 1 {
							cases = append(cases, passCase{radix: r, s: s, m: m, backward: backward, rg: passRange{0, 1, 0, s}, inPlace: true})
						}
						for _, c := range cases {
							checkPass128(t, isa, c, data)
							checkPass64(t, isa, c, data)
						}
					}
				}
			}
		}
	}
}

// TestTransformsBitIdentical compares whole transforms of every length up
// to 3·64 and of many smooth, prime and Bluestein lengths, with every
// available ISA against Generic, complex128 and complex64, forward and
// backward.
func TestTransformsBitIdentical(t *testing.T) {
	isas := simdISAs()
	if len(isas) == 0 {
		t.Skip("no SIMD kernels in this build on this machine")
	}
	var ns []int
	for n := 1; n <= 192; n++ {
		ns = append(ns, n)
	}
	ns = append(ns, 256, 320, 360, 500, 512, 640, 729, 1000, 1024, 1250, 2048, 3125, 4096, 2*3*5*7*11, 1031, 2*1031, 61*64)
	if !slow() {
		ns = append(ns, 65536, 3*5*4096, 324000, 1<<17, 100003)
	}
	for _, n := range ns {
		x := randomData(n, uint64(n))
		p, err := NewPlan(n)
		require.NoError(t, err)
		p64, err := NewPlan64(n)
		require.NoError(t, err)
		for _, backward := range []bool{false, true} {
			results := func() ([]complex128, []complex64) {
				y := make([]complex128, n)
				y64 := make([]complex64, n)
				if backward {
					require.NoError(t, p.Backward(y, x))
					require.NoError(t, p64.Backward(y64, narrow(x)))
				} else {
					require.NoError(t, p.Forward(y, x))
					require.NoError(t, p64.Forward(y64, narrow(x)))
				}
				return y, y64
			}
			restore, err := cpu.Force(cpu.Generic)
			require.NoError(t, err)
			want, want64 := results()
			restore()
			for _, isa := range isas {
				restore, err := cpu.Force(isa)
				require.NoError(t, err)
				got, got64 := results()
				restore()
				if i := sameBits128(want, got); i >= 0 {
					t.Fatalf("%v n=%d backward=%v: element %d: want %v, got %v", isa, n, backward, i, want[i], got[i])
				}
				if i := sameBits64(want64, got64); i >= 0 {
					t.Fatalf("%v complex64 n=%d backward=%v: element %d: want %v, got %v", isa, n, backward, i, want64[i], got64[i])
				}
			}
		}
	}
}

// TestTransformsNonFinite: infinities and NaNs propagate alike (as NaNs,
// whatever their payload).
func TestTransformsNonFinite(t *testing.T) {
	isas := simdISAs()
	if len(isas) == 0 {
		t.Skip("no SIMD kernels in this build on this machine")
	}
	for _, n := range []int{16, 60, 125, 1024} {
		x := randomData(n, 4)
		x[3] = complex(math.Inf(1), 0)
		x[n/2] = complex(0, math.NaN())
		p, err := NewPlan(n)
		require.NoError(t, err)
		want := make([]complex128, n)
		restore, err := cpu.Force(cpu.Generic)
		require.NoError(t, err)
		require.NoError(t, p.Forward(want, x))
		restore()
		for _, isa := range isas {
			restore, err := cpu.Force(isa)
			require.NoError(t, err)
			got := make([]complex128, n)
			require.NoError(t, p.Forward(got, x))
			restore()
			require.Equal(t, -1, sameBits128(want, got), "%v n=%d", isa, n)
		}
	}
}

// FuzzPassKernels runs one pass of every available ISA's kernels with
// fuzzed dimensions, range, direction and data, against the Go code.
func FuzzPassKernels(f *testing.F) {
	f.Add(uint8(4), uint8(3), uint8(5), uint8(0), uint8(255), uint8(0), uint8(255), false, uint64(1))
	f.Add(uint8(3), uint8(1), uint8(9), uint8(2), uint8(7), uint8(0), uint8(0), true, uint64(2))
	f.Add(uint8(5), uint8(8), uint8(1), uint8(0), uint8(1), uint8(3), uint8(6), true, uint64(3))
	f.Add(uint8(2), uint8(17), uint8(2), uint8(1), uint8(2), uint8(5), uint8(17), false, uint64(4))
	isas := simdISAs()
	f.Fuzz(func(t *testing.T, radix, s, m, p0, p1, q0, q1 uint8, backward bool, seed uint64) {
		if len(isas) == 0 {
			t.Skip("no SIMD kernels")
		}
		c := passCase{radix: 2 + int(radix)%(fftk.MaxRadix-1), s: 1 + int(s)%40, m: 1 + int(m)%40, backward: backward}
		a, b := int(p0)%c.m, int(p1)%(c.m+1)
		if a > b {
			a, b = b, a
		}
		qa, qb := int(q0)%c.s, int(q1)%(c.s+1)
		if qa > qb {
			qa, qb = qb, qa
		}
		c.rg = passRange{a, b, qa, qb}
		c.inPlace = c.m == 1 && seed%2 == 0
		rng := rand.New(rand.NewPCG(seed, 7))
		data := passData(rng, 2*c.radix*c.m*c.s)
		for _, isa := range isas {
			checkPass128(t, isa, c, data)
			checkPass64(t, isa, c, data)
		}
	})
}

// TestKernelRegistry: every compiled SIMD ISA registers kernels for every
// radix, both precisions and both kinds.
func TestKernelRegistry(t *testing.T) {
	for _, isa := range cpu.Compiled() {
		ks, ks64 := fftk.Kernels128(isa), fftk.Kernels64(isa)
		if isa == cpu.Generic {
			require.Nil(t, ks)
			require.Nil(t, ks64)
			continue
		}
		require.NotNil(t, ks, "%v", isa)
		require.NotNil(t, ks64, "%v", isa)
		for r := 2; r <= fftk.MaxRadix; r++ {
			require.NotNil(t, ks.Q[r], "%v radix %d", isa, r)
			require.NotNil(t, ks.P[r], "%v radix %d", isa, r)
			require.NotNil(t, ks64.Q[r], "%v radix %d", isa, r)
			require.NotNil(t, ks64.P[r], "%v radix %d", isa, r)
		}
	}
	require.Nil(t, fftk.Kernels128(cpu.ISA(-1)))
	require.Nil(t, fftk.Kernels64(cpu.ISA(99)))
}

// fusedCase is one call of a fused kernel: passes of radix ra (stride s,
// m1 = rb·m2) and rb (stride ra·s, m2) over p ∈ [rg.p0, rg.p1) ⊂ [0, m2)
// and q ∈ [rg.q0, rg.q1) ⊂ [0, s).
type fusedCase struct {
	ra, rb, s, m2 int
	rg            passRange
	backward      bool
	inPlace       bool // only for m2 = 1
}

func (c fusedCase) String() string {
	return fmt.Sprintf("fused %d×%d s=%d m2=%d p∈[%d,%d) q∈[%d,%d) backward=%v inPlace=%v",
		c.ra, c.rb, c.s, c.m2, c.rg.p0, c.rg.p1, c.rg.q0, c.rg.q1, c.backward, c.inPlace)
}

// fusedReference128 runs the two passes of c with the Go code through an
// intermediate array, restricted to the groups of c.rg.
func fusedReference128(c fusedCase, ps, ps2 *stockhamPass128, dst, src []complex128) {
	mid := make([]complex128, len(src))
	for j2 := 0; j2 < c.rb; j2++ {
		ps.runGeneric(mid, src, c.s, c.backward, passRange{c.rg.p0 + j2*c.m2, c.rg.p1 + j2*c.m2, c.rg.q0, c.rg.q1})
	}
	for k1 := 0; k1 < c.ra; k1++ {
		ps2.runGeneric(dst, mid, c.s*c.ra, c.backward, passRange{c.rg.p0, c.rg.p1, c.rg.q0 + k1*c.s, c.rg.q1 + k1*c.s})
	}
}

func fusedReference64(c fusedCase, ps, ps2 *stockhamPass64, dst, src []complex64) {
	mid := make([]complex64, len(src))
	for j2 := 0; j2 < c.rb; j2++ {
		ps.runGeneric(mid, src, c.s, c.backward, passRange{c.rg.p0 + j2*c.m2, c.rg.p1 + j2*c.m2, c.rg.q0, c.rg.q1})
	}
	for k1 := 0; k1 < c.ra; k1++ {
		ps2.runGeneric(dst, mid, c.s*c.ra, c.backward, passRange{c.rg.p0, c.rg.p1, c.rg.q0 + k1*c.s, c.rg.q1 + k1*c.s})
	}
}

// checkFused runs c with isa's fused kernel (if it has one) and with the Go
// code, in both precisions, and requires the same bits, untouched guards
// and an unchanged source. It reports whether the kernel exists.
func checkFused(t testing.TB, isa cpu.ISA, c fusedCase, data []complex128) bool {
	t.Helper()
	if !hasFused128(isa, c.ra, c.rb, c.s) {
		return false
	}
	n := c.ra * c.rb * c.m2 * c.s
	ps, ps2 := newStockhamPass128(c.ra, n/c.s), newStockhamPass128(c.rb, c.rb*c.m2)
	run := func(kernel bool) (dstBuf, srcBuf []complex128) {
		var src, dst []complex128
		srcBuf, src = guarded128(n)
		copy(src, data)
		if c.inPlace {
			dstBuf, dst = srcBuf, src
		} else {
			dstBuf, dst = guarded128(n)
			copy(dst, data[n:])
		}
		if !kernel {
			in := src
			if c.inPlace {
				in = append([]complex128(nil), src...)
			}
			fusedReference128(c, &ps, &ps2, dst, in)
		} else {
			runFused128(isa, &ps, &ps2, dst, src, c.s, c.backward, c.rg)
		}
		return dstBuf, srcBuf
	}
	wantDst, wantSrc := run(false)
	gotDst, gotSrc := run(true)
	if i := sameBits128(wantDst, gotDst); i >= 0 {
		t.Fatalf("%v %v (complex128): dst[%d]: want %v, got %v", isa, c, i-guardWords, wantDst[i], gotDst[i])
	}
	if i := sameBits128(wantSrc, gotSrc); i >= 0 {
		t.Fatalf("%v %v (complex128): src[%d] modified", isa, c, i-guardWords)
	}

	ps64, ps264 := newStockhamPass64(c.ra, n/c.s), newStockhamPass64(c.rb, c.rb*c.m2)
	d64 := narrow(data)
	run64 := func(kernel bool) (dstBuf, srcBuf []complex64) {
		var src, dst []complex64
		srcBuf, src = guarded64(n)
		copy(src, d64)
		if c.inPlace {
			dstBuf, dst = srcBuf, src
		} else {
			dstBuf, dst = guarded64(n)
			copy(dst, d64[n:])
		}
		if !kernel {
			in := src
			if c.inPlace {
				in = append([]complex64(nil), src...)
			}
			fusedReference64(c, &ps64, &ps264, dst, in)
		} else {
			runFused64(isa, &ps64, &ps264, dst, src, c.s, c.backward, c.rg)
		}
		return dstBuf, srcBuf
	}
	wantDst64, wantSrc64 := run64(false)
	gotDst64, gotSrc64 := run64(true)
	if i := sameBits64(wantDst64, gotDst64); i >= 0 {
		t.Fatalf("%v %v (complex64): dst[%d]: want %v, got %v", isa, c, i-guardWords, wantDst64[i], gotDst64[i])
	}
	if i := sameBits64(wantSrc64, gotSrc64); i >= 0 {
		t.Fatalf("%v %v (complex64): src[%d] modified", isa, c, i-guardWords)
	}
	return true
}

// TestFusedKernelsBitIdentical compares every fused kernel of every
// available ISA with the two passes of the Go code: every s and m2 up to
// three times the widest vector, full and partial ranges, both directions,
// in place for m2 = 1.
func TestFusedKernelsBitIdentical(t *testing.T) {
	isas := simdISAs()
	if len(isas) == 0 {
		t.Skip("no SIMD kernels in this build on this machine")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	limit := 3 * maxVectorLanes
	if testing.Short() {
		limit = maxVectorLanes + 2
	}
	for _, isa := range isas {
		tested := 0
		for ra := 2; ra <= fftk.MaxRadix; ra++ {
			for rb := 2; rb <= fftk.MaxRadix; rb++ {
				for s := 1; s <= limit; s++ {
					for m2 := 1; m2 <= limit; m2++ {
						if (s > 8 && s%3 != 0) || (m2 > 8 && m2%5 != 0) {
							continue // keep the test quick: all small ones, some large
						}
						backward := rng.IntN(2) == 1
						data := passData(rng, 2*ra*rb*m2*s)
						p0, q0 := rng.IntN(m2), rng.IntN(s)
						cases := []fusedCase{
							{ra: ra, rb: rb, s: s, m2: m2, rg: passRange{0, m2, 0, s}, backward: backward},
							{ra: ra, rb: rb, s: s, m2: m2, rg: passRange{0, m2, 0, s}, backward: !backward},
							{ra: ra, rb: rb, s: s, m2: m2, backward: backward,
								rg: passRange{p0, p0 + 1 + rng.IntN(m2-p0), q0, q0 + 1 + rng.IntN(s-q0)}},
						}
						if m2 == 1 {
							cases = append(cases, fusedCase{ra: ra, rb: rb, s: s, m2: 1, rg: passRange{0, 1, 0, s}, backward: backward, inPlace: true})
						}
						for _, c := range cases {
							if checkFused(t, isa, c, data) {
								tested++
							}
						}
					}
				}
			}
		}
		t.Logf("%v: %d fused cases", isa, tested)
	}
}

// FuzzFusedKernels runs one fused pair of every available ISA with fuzzed
// radices, dimensions, range, direction and data, against the Go code.
func FuzzFusedKernels(f *testing.F) {
	f.Add(uint8(4), uint8(4), uint8(1), uint8(16), uint8(0), uint8(255), uint8(0), uint8(255), false, uint64(1))
	f.Add(uint8(5), uint8(5), uint8(7), uint8(3), uint8(1), uint8(2), uint8(2), uint8(6), true, uint64(2))
	f.Add(uint8(2), uint8(3), uint8(9), uint8(1), uint8(0), uint8(1), uint8(0), uint8(9), true, uint64(4))
	isas := simdISAs()
	f.Fuzz(func(t *testing.T, ra, rb, s, m2, p0, p1, q0, q1 uint8, backward bool, seed uint64) {
		if len(isas) == 0 {
			t.Skip("no SIMD kernels")
		}
		c := fusedCase{ra: 2 + int(ra)%(fftk.MaxRadix-1), rb: 2 + int(rb)%(fftk.MaxRadix-1),
			s: 1 + int(s)%36, m2: 1 + int(m2)%36, backward: backward}
		a, b := int(p0)%c.m2, int(p1)%(c.m2+1)
		if a > b {
			a, b = b, a
		}
		qa, qb := int(q0)%c.s, int(q1)%(c.s+1)
		if qa > qb {
			qa, qb = qb, qa
		}
		c.rg = passRange{a, b, qa, qb}
		c.inPlace = c.m2 == 1 && seed%2 == 0
		rng := rand.New(rand.NewPCG(seed, 9))
		data := passData(rng, 2*c.ra*c.rb*c.m2*c.s)
		for _, isa := range isas {
			checkFused(t, isa, c, data)
		}
	})
}
