// Package nufft computes non-uniform fast Fourier transforms of Type 1
// (non-uniform points to uniform modes) and Type 2 (its adjoint) in one, two
// and three dimensions, by fast Gaussian gridding with precomputed exponents
// (Greengard & Lee, SIAM Review 46, 2004; parameters after Dutt & Rokhlin,
// SIAM J. Sci. Comput. 14, 1993), and directly, by the O(N·M) sums that serve
// as its oracle.
//
// # Conventions
//
// For points x_j ∈ ℝ^d (j = 0 … N-1) and integer mode vectors k:
//
//	Type 1:  f[k] = s · Σ_j c[j] · e^{±i k·x_j}     s = 1/N with Options.Normalize, else 1
//	Type 2:  c[j] = Σ_k f[k] · e^{±i k·x_j}
//
// The sign is Options.Sign (+1 unless set to -1). Coordinates are radians;
// any finite value is valid and is reduced modulo 2π exactly (to about
// 2^-100), so x and x + 2π·10^9 give the same result. In dimension d with M_d
// modes, k_d runs over -⌊M_d/2⌋ … ⌈M_d/2⌉-1 (Centered, the default) or
// 0 … ⌈M_d/2⌉-1, -⌊M_d/2⌋ … -1 (FFTOrder, the order of an FFT's output).
// Mode arrays are stored with dimension 0 fastest: mode (i0, i1, i2) is
// element i0 + M0·(i1 + M1·i2).
//
// These are the conventions of FINUFFT (isign, modeord = 0 or 1) and, with
// Normalize, of the CMCL Fortran library (nufft1d1f90 and friends) and of
// nufftpy.
//
// # Accuracy
//
// Options.Tol is the relative l2 error ‖f - f_exact‖/‖f_exact‖ requested;
// the tests measure 0.4·Tol (1D), 0.5·Tol (2D) and 0.7·Tol (3D) at worst over
// Tol = 1e-1 … 1e-14. Tolerances below 1e-15 are treated as 1e-15
// (spread.MinTolerance): there, rounding rather than the kernel limits the
// accuracy. No float64 computation can do better than the rounding floor
// 2ε·‖|A|·|x|‖/‖A·x‖ (A the transform, x its input): when the outputs nearly
// cancel, for instance a single mode whose strengths sum to almost zero, the
// error is Tol plus that floor.
//
// # Reproducibility
//
// For the same inputs, a Plan gives bit-identical results on every
// architecture, with every SIMD implementation and every thread count.
package nufft
