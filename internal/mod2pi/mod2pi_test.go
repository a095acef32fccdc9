package mod2pi

import (
	"math"
	"math/big"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// emulated is true where the tests are likely to run under emulation (the
// arm64 tests run under qemu): the big sweeps are cut down there.
var emulated = runtime.GOARCH != "amd64"

// sweep returns n on amd64 and small elsewhere.
func sweep(n, small int) int {
	if emulated {
		return small
	}
	return n
}

func TestTable(t *testing.T) {
	require.Equal(t, uint64(0), invTwoPi[0])
	require.Equal(t, uint64(0), invTwoPi[1])
	machin := tableWords(tableWordsN, false)
	takano := tableWords(tableWordsN, true)
	// The two formulas agree, so π (and thus the table) is right.
	require.Equal(t, machin, takano)
	for i, w := range machin {
		require.Equalf(t, w, invTwoPi[i+2], "word %d (fraction bits %d..%d)", i, 64*i+1, 64*i+64)
	}
	// The largest exponent's window must lie inside the table.
	e := 2046 - 1075
	require.Less(t, (e+128)/64+3, len(invTwoPi))
}

func TestConstants(t *testing.T) {
	c := refInvTwoPi()
	hi, _ := c.Float64()
	require.Equal(t, hi, float64(cHi))
	r := new(big.Float).SetPrec(refPrec).Sub(c, big.NewFloat(cHi))
	lo, _ := r.Float64()
	require.Equal(t, lo, float64(cLo))
	r.Sub(r, big.NewFloat(cLo))
	r.Abs(r)
	require.Less(t, r.Cmp(big.NewFloat(0x1p-110)), 0)
}

// pow2Limit54 is 1 − 2^-54.
var pow2Limit54 = new(big.Float).SetPrec(refPrec).Sub(big.NewFloat(1), big.NewFloat(0x1p-54))

// checkFrac compares Frac(x) with the math/big reference and checks the
// properties of its result.
func checkFrac(t testing.TB, x float64) {
	t.Helper()
	hi, lo := Frac(x)
	ref := refFrac(x)
	if err := fracErr(hi, lo, ref); err > 1 {
		tf, _ := ref.Float64()
		t.Fatalf("Frac(%v = %x) = (%v, %v): error %.3g·2^-100, want ≤ 2^-100 (t = %v)", x, x, hi, lo, err, tf)
	}
	if !(hi >= 0 && hi <= 1) {
		t.Fatalf("Frac(%v = %x): hi = %v out of [0, 1]", x, x, hi)
	}
	if hi == 1 && ref.Cmp(pow2Limit54) < 0 {
		t.Fatalf("Frac(%v = %x): hi = 1 but t < 1 − 2^-54", x, x)
	}
	// hi is t rounded to nearest (the reference rounds correctly; t is
	// irrational, so it is never a tie). Tiny t (subnormal results of tiny
	// x) may be off by the underflowed product's rounding.
	if want, _ := ref.Float64(); hi != want && math.Abs(x) >= 0x1p-1000 {
		t.Fatalf("Frac(%v = %x): hi = %v, want t rounded = %v", x, x, hi, want)
	}
	if hi != 0 && math.Abs(lo) > ulp(hi)/2 {
		t.Fatalf("Frac(%v = %x) = (%v, %v): |lo| > ulp(hi)/2", x, x, hi, lo)
	}
	if x == 0 && (hi != 0 || lo != 0) {
		t.Fatalf("Frac(%v) = (%v, %v), want (0, 0)", x, hi, lo)
	}
}

// ulp returns the spacing of float64 numbers just below |h|'s binade top,
// for h in (0, 1]; for h = 1 it is the spacing below 1, 2^-53.
func ulp(h float64) float64 {
	if h == 1 {
		return 0x1p-53
	}
	return math.Nextafter(h, 2) - h
}

func TestFracSpecial(t *testing.T) {
	xs := []float64{
		0, 1, 2, 0.5, math.Pi, 2 * math.Pi, math.Pi / 2, 3 * math.Pi / 2, 4 * math.Pi, 10, 100, 1e3, 1e6, 1e9,
		1e15, 1e16, 1e22, 1e100, 1e200, 1e300, math.MaxFloat64,
		0x1p-30, math.Nextafter(0x1p-30, 0), math.Nextafter(0x1p-30, 1),
		0x1p-31, 0x1p-60, 0x1p-54 * math.Pi, 0x1p-53 * math.Pi, 1e-300,
		math.SmallestNonzeroFloat64, 2 * math.SmallestNonzeroFloat64,
		0x1p-1022, math.Nextafter(0x1p-1022, 0), // smallest normal, largest subnormal
		0x1p52, 0x1p53, 0x1p53 - 1, 0x1p63, 0x1p64, 0x1p1023,
		math.Nextafter(math.MaxFloat64, 0),
		// The float64 closest to a multiple of π/2 (Kahan–McDonald), and a
		// few relatives.
		6381956970095103 * 0x1p797, 5319372648326299 * 0x1p-1, 6381956970095103 * 0x1p795,
	}
	for _, x := range xs {
		for _, s := range []float64{1, -1} {
			for _, y := range []float64{s * x, math.Nextafter(s*x, math.Inf(1)), math.Nextafter(s*x, math.Inf(-1))} {
				if !math.IsInf(y, 0) {
					checkFrac(t, y)
				}
			}
		}
	}
	checkFrac(t, math.Copysign(0, -1))
	hi, lo := Frac(math.Copysign(0, -1))
	require.Equal(t, 0.0, hi)
	require.Equal(t, 0.0, lo)
	require.False(t, math.Signbit(hi))
	for _, x := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		hi, lo := Frac(x)
		require.True(t, math.IsNaN(hi) && math.IsNaN(lo), "%v", x)
	}
}

func TestFracPowersOfTwo(t *testing.T) {
	step := 1
	if emulated {
		step = 13
	}
	for k := -1074; k <= 1023; k += step {
		x := math.Ldexp(1, k)
		checkFrac(t, x)
		checkFrac(t, -x)
	}
}

func TestFracMultiplesOfPi(t *testing.T) {
	n := sweep(1000, 60)
	for k := 1; k <= n; k++ {
		x := float64(k) * math.Pi
		for _, y := range []float64{x, -x, math.Nextafter(x, 0), math.Nextafter(x, math.Inf(1))} {
			checkFrac(t, y)
			checkFrac(t, -y)
		}
	}
	// Big multiples n·π and n·2π rounded to float64, with n of every size.
	rng := rand.New(rand.NewPCG(1, 2))
	pi := new(big.Float).SetPrec(refPrec).Quo(big.NewFloat(0.5), refInvTwoPi())
	m := sweep(600, 40)
	for i := 0; i < m; i++ {
		exp := rng.IntN(1020)
		nf := new(big.Float).SetPrec(refPrec).SetMantExp(big.NewFloat(1+rng.Float64()), exp)
		ni, _ := nf.Int(nil)
		p := new(big.Float).SetPrec(refPrec).SetInt(ni)
		p.Mul(p, pi)
		if i%2 == 1 {
			p.Mul(p, big.NewFloat(2))
		}
		x, _ := p.Float64()
		if math.IsInf(x, 0) {
			continue
		}
		checkFrac(t, x)
		checkFrac(t, -x)
		checkFrac(t, math.Nextafter(x, 0))
		checkFrac(t, math.Nextafter(x, math.Inf(1)))
	}
}

// TestFracNearMultiples checks arguments x = m·2^e whose x/(2π) is very
// close to an integer: for each exponent e, the best rational
// approximations of α = frac(2^e/(2π)) (from its continued fraction) give
// 53-bit m with m·α nearly an integer. These are the hard cases of
// argument reduction, where the result has many leading zeros (or ones).
func TestFracNearMultiples(t *testing.T) {
	step := 3
	if emulated {
		step = 97
	}
	minDist := 1.0
	for e := -52; e <= 971; e += step {
		for _, m := range nearIntegerMultipliers(e) {
			x := math.Ldexp(float64(m), e)
			for _, y := range []float64{x, math.Nextafter(x, 0), math.Nextafter(x, math.Inf(1))} {
				checkFrac(t, y)
				checkFrac(t, -y)
			}
			ref := refFrac(x)
			d := new(big.Float).Sub(big.NewFloat(1), ref) // exact: same precision
			if d.Cmp(ref) > 0 {
				d = ref
			}
			df, _ := d.Float64()
			minDist = math.Min(minDist, df)
		}
	}
	t.Logf("closest t to an integer among these cases: %.3g (2^%.1f)", minDist, math.Log2(minDist))
	if !emulated {
		require.Less(t, minDist, 0x1p-50)
	}
}

// nearIntegerMultipliers returns integers m in [2^52, 2^53) for which
// m·2^e/(2π) is close to an integer, from the convergents of the continued
// fraction of frac(2^e/(2π)).
func nearIntegerMultipliers(e int) []uint64 {
	const prec = 400
	a := new(big.Float).SetPrec(refPrec).SetMantExp(refInvTwoPi(), e)
	ai, _ := a.Int(nil)
	a.Sub(a, new(big.Float).SetPrec(refPrec).SetInt(ai)) // frac, exact
	a.SetPrec(prec)
	// Convergent denominators q_k: q_{-1} = 0, q_0 = 1, q_k = c_k q_{k-1} + q_{k-2}.
	var qs []uint64
	qPrev, q := new(big.Int), big.NewInt(1)
	limit := new(big.Int).Lsh(big.NewInt(1), 53)
	r := a
	for i := 0; i < 200 && r.Sign() > 0; i++ {
		r = new(big.Float).SetPrec(prec).Quo(big.NewFloat(1), r)
		ci, _ := r.Int(nil)
		r.Sub(r, new(big.Float).SetPrec(prec).SetInt(ci))
		next := new(big.Int).Mul(ci, q)
		next.Add(next, qPrev)
		if next.Cmp(limit) >= 0 {
			break
		}
		qPrev, q = q, next
		qs = append(qs, q.Uint64())
	}
	var ms []uint64
	// The two largest denominators, scaled into [2^52, 2^53).
	for i := len(qs) - 1; i >= 0 && i >= len(qs)-2; i-- {
		m := qs[i]
		if m == 0 {
			continue
		}
		m *= (1<<53 - 1) / m // largest multiple below 2^53
		if m >= 1<<52 {
			ms = append(ms, m)
		}
	}
	return ms
}

func TestFracRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := sweep(6000, 200)
	for i := 0; i < n; i++ {
		var x float64
		switch i % 3 {
		case 0: // uniform over all encodings: every exponent equally likely
			x = math.Float64frombits(rng.Uint64())
			if math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
		case 1: // moderate arguments, the common case
			x = (rng.Float64()*2 - 1) * math.Ldexp(1, rng.IntN(64))
		case 2: // tiny arguments, near the 2^-30 switch
			x = (rng.Float64()*2 - 1) * math.Ldexp(1, -rng.IntN(60))
		}
		checkFrac(t, x)
	}
}

// TestFracSmallRange is the sanity check: for x in [0, 2π), hi agrees with
// the plain float64 quotient x/(2π).
func TestFracSmallRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < sweep(5000, 500); i++ {
		x := rng.Float64() * 2 * math.Pi
		if i%10 == 0 {
			x = math.Nextafter(2*math.Pi, 0) * float64(i) / float64(sweep(5000, 500))
		}
		hi, lo := Frac(x)
		q := x / (2 * math.Pi)
		require.InDelta(t, q, hi, 3e-16*q+1e-300, "x=%v", x)
		require.LessOrEqual(t, math.Abs(lo), 0x1p-53*hi+1e-300)
	}
	hi, _ := Frac(math.Nextafter(2*math.Pi, 0))
	require.Less(t, hi, 1.0)
}

// TestFracWrap checks the documented hi == 1 case.
func TestFracWrap(t *testing.T) {
	for _, x := range []float64{-math.SmallestNonzeroFloat64, -1e-300, -1e-20, -0x1p-53 * math.Pi * 0.999} {
		hi, lo := Frac(x)
		require.Equal(t, 1.0, hi, "x=%v", x)
		require.LessOrEqual(t, lo, 0.0) // 0 when |x|/(2π) underflows
		checkFrac(t, x)
	}
	hi, _ := Frac(-0x1p-53 * math.Pi * 1.001)
	require.Less(t, hi, 1.0)
}

func TestFracDoesNotAllocate(t *testing.T) {
	x := 1e300
	allocs := testing.AllocsPerRun(100, func() { _, _ = Frac(x) })
	require.Zero(t, allocs)
}

func FuzzFrac(f *testing.F) {
	for _, x := range []float64{0, 1, -1, math.Pi, 1e300, -1e300, 0x1p-30, -0x1p-31, 5e-324, math.MaxFloat64,
		6381956970095103 * 0x1p797} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			hi, lo := Frac(x)
			if !math.IsNaN(hi) || !math.IsNaN(lo) {
				t.Fatalf("Frac(%v) = (%v, %v), want NaNs", x, hi, lo)
			}
			return
		}
		checkFrac(t, x)
	})
}

var sinkHi, sinkLo float64

func benchFrac(b *testing.B, xs []float64) {
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h, l := Frac(xs[i&(len(xs)-1)])
		sinkHi += h
		sinkLo += l
	}
}

// BenchmarkFrac measures Frac on arguments spread over all exponents and
// signs (mostly the table path).
func BenchmarkFrac(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = math.Ldexp(rng.Float64()*2-1, rng.IntN(2100)-1075)
	}
	benchFrac(b, xs)
}

// BenchmarkFracModerate measures Frac on |x| < 1e4.
func BenchmarkFracModerate(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 10))
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = (rng.Float64()*2 - 1) * 1e4
	}
	benchFrac(b, xs)
}

// BenchmarkFracTiny measures Frac on |x| < 2^-30 (the double-double path).
func BenchmarkFracTiny(b *testing.B) {
	rng := rand.New(rand.NewPCG(11, 12))
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = (rng.Float64()*2 - 1) * 0x1p-31
	}
	benchFrac(b, xs)
}
