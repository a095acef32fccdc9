// Package spread implements Gaussian gridding on periodic grids, the inner
// step of the non-uniform FFT: spreading point strengths onto a uniform grid
// (the first half of a Type-1 NUFFT) and interpolating grid values back to
// the points (the last half of a Type-2 NUFFT). MRI density compensation and
// other gridding applications can use it on its own.
//
// # Kernel
//
// A point at grid coordinate t (in units of the grid spacing, periodic with
// the grid size G) contributes to the 2·K nearest grid nodes
// m = ⌊t⌋-K+1 … ⌊t⌋+K, with weight e^{-α (t-m)²} per dimension; in 2D and 3D
// the weight is the product over dimensions. Following Greengard & Lee
// (SIAM Review 2004), the weights of one point are computed without one
// exponential per node: with f = t-⌊t⌋ and node i = 0 … 2K-1,
//
//	w_i = E1 · E2^i · E3[i],  E1 = e^{-αf(f+2K-2)},  E2 = e^{2αf},  E3[i] = e^{-α(K-1-i)²}
//
// E3 is computed once per plan and E1, E2 once per point and dimension.
//
// # Coordinates
//
// Coordinates are given in radians: x ∈ ℝ maps to t = G·x/(2π) taken modulo
// G. The reduction modulo 2π is exact to about 2^-100 for every finite x, so a
// point at x + 2π·10^6 lands where x does.
//
// # Reproducibility
//
// The generic code in this package is the specification of the SIMD kernels:
// every grid node accumulates its contributions in the order of the plan's
// sorted points, with explicit fused multiply-adds, so results are
// bit-identical for every implementation and every thread count. How the
// work is ordered otherwise is free: 3D spreading goes plane by plane
// through each bin's points (planes.go), which keeps every node's sequence
// of operations and the rows being updated in the first-level cache.
package spread
