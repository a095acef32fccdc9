package fft

// Algorithm selection. Every choice depends on the length alone, never on
// the machine, so a given length always runs the same arithmetic.
const (
	// maxDirectPrime is the largest prime factor handled by a Stockham pass
	// (radix 2, 3, 4, 5 kernels and a generic odd-prime DFT for 7 … 61);
	// lengths with a larger prime factor use Bluestein's algorithm. The
	// generic pass costs O(r) per point, Bluestein three power-of-two
	// transforms of 2 to 4 times the length: measured on amd64, the generic
	// pass is faster up to r ≈ 60–100 (1.7× at r = 61, n = 61·4096).
	maxDirectPrime = 61

	// maxLen is the largest supported length.
	maxLen = 1 << 40
)

// Constants of the small DFTs: sin(2π/3), and cos and sin of 2π/5 and 4π/5.
const (
	sin2Pi3 = 0.866025403784438646763723170752936183471402626905190314027903
	cos2Pi5 = 0.309016994374947424102293417182819058860154589902881431067724
	sin2Pi5 = 0.951056516295153572116439333379382143405698634125750222447305
	cos4Pi5 = -0.809016994374947424102293417182819058860154589902881431067724
	sin4Pi5 = 0.587785252292473129168705954639072768597652437643145991072272
)

// maxGenericHalf bounds (r−1)/2 for the generic odd-prime radix r.
const maxGenericHalf = (maxDirectPrime - 1) / 2

// primeFactors returns the prime factors of n ≥ 1 in increasing order, with
// multiplicity.
func primeFactors(n int) []int {
	var fs []int
	for n%2 == 0 {
		fs = append(fs, 2)
		n /= 2
	}
	for f := 3; f*f <= n; f += 2 {
		for n%f == 0 {
			fs = append(fs, f)
			n /= f
		}
	}
	if n > 1 {
		fs = append(fs, n)
	}
	return fs
}

// isDirect reports whether every prime factor of n is at most
// maxDirectPrime, so that n is a product of Stockham radices.
func isDirect(n int) bool {
	fs := primeFactors(n)
	return len(fs) == 0 || fs[len(fs)-1] <= maxDirectPrime
}

// stockhamRadices returns the radices of the Stockham passes for a direct
// length n, in execution order: radix 4 for the powers of two (with one
// radix 2 if the exponent is odd), then 3, 5 and larger primes in
// increasing order. (Radix 8 was measured slower in scalar Go: its
// butterfly needs more than the 16 floating-point registers of amd64.)
func stockhamRadices(n int) []int {
	var rs, odd []int
	twos := 0
	for _, f := range primeFactors(n) {
		if f == 2 {
			twos++
		} else {
			odd = append(odd, f)
		}
	}
	for range twos / 2 {
		rs = append(rs, 4)
	}
	if twos%2 == 1 {
		rs = append(rs, 2)
	}
	return append(rs, odd...)
}

// nextPow2 returns the least power of two ≥ n.
func nextPow2(n int) int {
	p := 1
	for p < n {
		p *= 2
	}
	return p
}
