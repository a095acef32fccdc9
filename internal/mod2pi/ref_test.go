package mod2pi

import (
	"flag"
	"fmt"
	"math"
	"math/big"
	"strings"
	"sync"
	"testing"
)

// This file holds the math/big reference used by the tests: π from two
// independent Machin-like formulas, 1/(2π) from it, and the exact
// fractional part of x/(2π) for a float64 x.

var genTable = flag.Bool("gentable", false, "print the Go source of the invTwoPi table and constants")

// arctanInv returns arctan(1/n)·2^prec, truncated, computed with the
// series Σ (-1)^k / ((2k+1)·n^(2k+1)) in fixed point. The error is less
// than the number of terms, in units of 2^-prec.
func arctanInv(n int64, prec uint) *big.Int {
	one := new(big.Int).Lsh(big.NewInt(1), prec)
	bn := big.NewInt(n)
	n2 := big.NewInt(n * n)
	power := new(big.Int).Quo(one, bn) // 2^prec / n^(2k+1)
	sum := new(big.Int)
	term := new(big.Int)
	for k := int64(0); power.Sign() != 0; k++ {
		term.Quo(power, big.NewInt(2*k+1))
		if k%2 == 0 {
			sum.Add(sum, term)
		} else {
			sum.Sub(sum, term)
		}
		power.Quo(power, n2)
	}
	return sum
}

// piFixed returns π·2^prec (with an error of a few thousand units) by
// Machin's formula π = 16·atan(1/5) − 4·atan(1/239), or, if takano is set,
// by Takano's π = 48·atan(1/49) + 128·atan(1/57) − 20·atan(1/239) +
// 48·atan(1/110443).
func piFixed(prec uint, takano bool) *big.Int {
	type term struct{ coef, n int64 }
	terms := []term{{16, 5}, {-4, 239}}
	if takano {
		terms = []term{{48, 49}, {128, 57}, {-20, 239}, {48, 110443}}
	}
	pi := new(big.Int)
	for _, tm := range terms {
		a := arctanInv(tm.n, prec)
		pi.Add(pi, a.Mul(a, big.NewInt(tm.coef)))
	}
	return pi
}

// invTwoPiFixed returns ⌊2^bitsOut/(2π)⌋ computed from π with
// bitsOut+64 bits of precision, using the given formula.
func invTwoPiFixed(bitsOut uint, takano bool) *big.Int {
	prec := bitsOut + 64
	pi := piFixed(prec, takano)
	num := new(big.Int).Lsh(big.NewInt(1), bitsOut+prec)
	return num.Quo(num, pi.Lsh(pi, 1))
}

// tableWords returns the first n 64-bit words of the fractional binary
// expansion of 1/(2π), most significant first.
func tableWords(n int, takano bool) []uint64 {
	f := invTwoPiFixed(uint(64*n), takano)
	words := make([]uint64, n)
	mask := new(big.Int).SetUint64(math.MaxUint64)
	for i := n - 1; i >= 0; i-- {
		words[i] = new(big.Int).And(f, mask).Uint64()
		f.Rsh(f, 64)
	}
	return words
}

const refPrec = 2200 // bits of the big reference (the task asks ≥ 2000)

// refInvTwoPi is 1/(2π) to refPrec bits.
var refInvTwoPi = sync.OnceValue(func() *big.Float {
	f := invTwoPiFixed(refPrec+8, false)
	c := new(big.Float).SetPrec(refPrec + 8).SetInt(f)
	return c.SetMantExp(c, -(refPrec + 8))
})

// refFrac returns the fractional part of x/(2π) in [0, 1), with an
// absolute error below 2^-1000, as a big.Float of precision refPrec.
func refFrac(x float64) *big.Float {
	bx := new(big.Float).SetPrec(refPrec).SetFloat64(x) // exact
	t := new(big.Float).SetPrec(refPrec).Mul(bx, refInvTwoPi())
	i, _ := t.Int(nil) // truncates toward zero
	fi := new(big.Float).SetPrec(refPrec).SetInt(i)
	t.Sub(t, fi)
	if t.Sign() < 0 {
		t.Add(t, big.NewFloat(1))
	}
	return t
}

// fracErr returns |hi + lo − t| in units of 2^-100, computed exactly
// (hi and lo are exact in a big.Float of precision refPrec).
func fracErr(hi, lo float64, t *big.Float) float64 {
	s := new(big.Float).SetPrec(refPrec).SetFloat64(hi)
	s.Add(s, new(big.Float).SetPrec(refPrec).SetFloat64(lo))
	s.Sub(s, t)
	s.Abs(s)
	s.SetMantExp(s, 100)
	v, _ := s.Float64()
	return v
}

// TestGenerateTable prints the table when run with -gentable:
//
//	go test -run TestGenerateTable -gentable ./internal/mod2pi
func TestGenerateTable(t *testing.T) {
	if !*genTable {
		t.Skip("run with -gentable to print the table source")
	}
	words := tableWords(tableWordsN, false)
	var sb strings.Builder
	sb.WriteString("var invTwoPi = [...]uint64{\n\t0, 0, // padding: bits −127..0\n")
	for i, w := range words {
		if i%4 == 0 {
			sb.WriteString("\t")
		}
		fmt.Fprintf(&sb, "0x%016x,", w)
		if i%4 == 3 || i == len(words)-1 {
			sb.WriteString("\n")
		} else {
			sb.WriteString(" ")
		}
	}
	sb.WriteString("}\n")
	c := refInvTwoPi()
	hi, _ := c.Float64()
	r := new(big.Float).SetPrec(refPrec).Sub(c, new(big.Float).SetFloat64(hi))
	lo, _ := r.Float64()
	fmt.Fprintf(&sb, "cHi = %x\ncLo = %x\n", hi, lo)
	fmt.Print(sb.String())
}
