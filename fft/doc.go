// Package fft computes complex discrete Fourier transforms of any length in
// pure Go, in complex128 ([Plan], [PlanND]) and complex64 ([Plan64]).
//
// # Conventions
//
// The forward transform of x of length n is
//
//	X[k] = Σ_{j<n} x[j]·e^{−2πi·jk/n}
//
// and the backward transform uses e^{+2πi·jk/n} without normalisation, so
// Backward(Forward(x)) = n·x. Every transform may run in place (dst = src);
// otherwise dst and src must not overlap and src is left unchanged.
//
// Multi-dimensional data ([PlanND]) is stored in one slice with dims[0] the
// fastest varying index: element (i0, i1, i2) of dims (n0, n1, n2) is at
// i0 + n0·(i1 + n1·i2). The transform is separable and its forward sign is
// e^{−2πi} along every axis.
//
// # Plans and concurrency
//
// A plan precomputes everything a length needs, including its scratch
// buffers, so Forward and Backward allocate nothing. A plan is therefore not
// safe for concurrent use; Clone returns a plan that shares the read-only
// tables and can run in another goroutine.
//
// A plan uses one thread unless SetThreads gives it more. Several threads
// split each pass of a long transform (or the lines of a multi-dimensional
// one) into independent parts, run on the process-wide worker pool of
// internal/parallel with a barrier between the steps; every output element
// is computed by the same operations whatever the split, so results are
// bit-identical for every thread count and do not depend on GOMAXPROCS.
//
// # Algorithms
//
// Lengths whose prime factors are all at most 61 use a mixed-radix Stockham
// autosort FFT (radix 4, 2, 3 and 5 kernels and a generic odd-prime pass),
// which needs no bit reversal: each pass streams through the whole array,
// out of place between the destination and a scratch buffer. Lengths with a
// larger prime factor use Bluestein's chirp-z algorithm with a power-of-two
// convolution. The choice depends only on n.
//
// Twiddle factors come from one accurately computed table per pass (the
// backward transform uses their conjugates): each e^{−2πi·t/n} has its
// angle reduced in integers to [0, π/4] and is within one ulp (almost always
// correctly rounded), never built by recurrence. The relative l2 error of a
// transform is a small multiple of ε·log2 n.
//
// # SIMD kernels
//
// The passes of radix 2, 3, 4 and 5 run as assembly kernels of package
// asm/fftk when the selected instruction set has them (AVX2+FMA or AVX-512
// on amd64, NEON on arm64; see internal/cpu: NUMKERN_ISA overrides the
// choice, the purego build tag removes the assembly). Besides single
// passes, there are kernels that run two consecutive passes in one sweep
// over memory, keeping the intermediate results in registers (or the stack
// frame), so that a transform reads and writes its data about half as
// often (a 2^20-point transform makes 5 sweeps instead of 10). A group of
// a fused pair (16 points for two radix-4 passes) is a small DFT held in
// registers: the 1024-point transform is three such sweeps, the last a
// single pass. All of them compute every
// element with the operations of this package's Go code, which they are
// tested against bit for bit: the choice of kernels, like the number of
// threads, changes the speed, never the result.
//
// Long transforms are not split four-step (Bailey) style into cache-sized
// batches of columns and rows. Two prototypes at n = 2^20 (complex128, one
// thread, AVX-512, where the Stockham sweeps take 6.4 ms) were slower:
// the last six passes run in cache on gathered batches (bit-identical to
// the sweeps) took 7.9–15 ms; a four-step of 1024 × 1024 spent 3.6 ms in
// its FFTs but 3.9 ms in the copies of its column batches alone, before
// any twiddle or transpose. Gathering runs of 4 to 64 elements 4 KiB or
// more apart, one page each, costs more than the sweeps it saves: a full
// sweep streams at about 25 GB/s on that machine.
//
// # Reproducibility
//
// The code in this package is the reference for SIMD kernels, which must
// reproduce it bit for bit. Every product that feeds an addition is either
// an explicit fused multiply-add or explicitly rounded, so the compiler
// cannot fuse differently on different targets: results are bit-identical
// on every architecture and GOAMD64 level. The complex64 code uses an
// exactly rounded float32 fused multiply-add (what VFMADD…PS and FMLA
// compute), emulated in pure Go, which makes the Go code about ten times
// slower in complex64 than the SIMD kernels. A twiddle factor is a complex
// multiply
//
//	re = fma(xr, wr, −round(xi·wi)),  im = fma(xr, wi, round(xi·wr))
//
// and twiddles equal to 1 are never applied. The rest of the specification
// is in the code; in short:
//
//   - Pass i of the Stockham sequence (radices from stockhamRadices: 4s,
//     then a 2, then odd primes in increasing order) follows the indexing
//     of stockhamPass128, with the twiddle table of that pass.
//   - Backward transforms conjugate the twiddles; inside the butterflies,
//     radix 4 reverses its inputs (a1 ↔ a3) and radix 3, 5 and the generic
//     odd-prime pass negate their sine constants.
//   - The generic pass sums j = 1 … (r−1)/2 in increasing order, the first
//     sine product rounded and the rest fused.
//   - Bluestein: backward is conj(forward(conj x)), and the kernel
//     spectrum is computed in complex128 for both precisions.
//   - Strided and multi-dimensional transforms give each line bit-for-bit
//     the result of the one-dimensional transform.
package fft

//go:generate go run gen_complex64.go
