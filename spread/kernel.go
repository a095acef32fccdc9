package spread

import (
	"errors"
	"fmt"
	"math"

	"github.com/numkern/numkern/internal/dmath"
)

// Kernel is the periodic Gaussian of one grid dimension.
type Kernel struct {
	// HalfWidth K: each point touches 2K grid nodes in this dimension.
	HalfWidth int
	// Alpha: a node at distance d grid spacings from the point gets weight
	// e^{-Alpha·d²}.
	Alpha float64
}

// MaxHalfWidth bounds Kernel.HalfWidth. It is far beyond what any tolerance
// needs (14 reaches 1e-15) and keeps E2^i and E3[i] inside the float64 range.
const MaxHalfWidth = 32

// MinTolerance is the smallest tolerance KernelFor distinguishes: below it
// rounding, not the kernel, limits the accuracy, so smaller requests are
// treated as MinTolerance.
const MinTolerance = 1e-15

// KernelFor returns the Gaussian that reaches relative accuracy tol when
// modes Fourier modes are recovered from a grid of size grid; σ = grid/modes
// is the oversampling ratio and must exceed 1 (the NUFFT uses 2 or 3).
//
// The half-width balances the kernel's truncation error e^{-αK²} against its
// aliasing error (Dutt & Rokhlin 1993): with σ = grid/modes,
//
//	K = ⌈ (ln(1/tol) + ln 4) / (π·√(1-1/σ)) ⌉,   α = (π/K)·√(1-1/σ).
func KernelFor(tol float64, modes, grid int) (Kernel, error) {
	if modes < 1 || grid <= modes {
		return Kernel{}, fmt.Errorf("spread: grid size %d must exceed the mode count %d ≥ 1", grid, modes)
	}
	shape := math.Sqrt(1 - float64(modes)/float64(grid))
	k, err := halfWidth(tol, shape)
	if err != nil {
		return Kernel{}, err
	}
	if 2*k > grid {
		return Kernel{}, fmt.Errorf("spread: grid size %d is smaller than the kernel width %d", grid, 2*k)
	}
	return Kernel{HalfWidth: k, Alpha: float64(math.Pi / float64(k) * shape)}, nil
}

// HalfWidthFor returns the half-width KernelFor chooses for tolerance tol at
// oversampling ratio sigma > 1, for sizing a grid before the kernel is made.
func HalfWidthFor(tol, sigma float64) (int, error) {
	if !(sigma > 1) || math.IsInf(sigma, 0) {
		return 0, fmt.Errorf("spread: oversampling ratio %v must exceed 1", sigma)
	}
	return halfWidth(tol, math.Sqrt(1-1/sigma))
}

// halfWidthMargin is added to -ln(tol): the error terms e^{-πK·shape} carry
// constant factors, and errors add over dimensions. ln 4 keeps the measured
// error below 0.8·tol in 1D to 3D over the whole tolerance range (the tests
// in nufft check it); without it 3D errors reach 2·tol.
const halfWidthMargin = 1.3862943611198906 // ln 4

// halfWidth is K = ⌈(ln(1/tol) + ln 4)/(π·shape)⌉ with shape = √(1-1/σ), at
// least 2.
func halfWidth(tol, shape float64) (int, error) {
	if !(tol > 0 && tol < 1) {
		return 0, fmt.Errorf("spread: tolerance %v outside (0, 1)", tol)
	}
	tol = max(tol, MinTolerance)
	return max(int(math.Ceil((-math.Log(tol)+halfWidthMargin)/float64(math.Pi*shape))), 2), nil
}

func (k Kernel) validate(grid int) error {
	switch {
	case k.HalfWidth < 1 || k.HalfWidth > MaxHalfWidth:
		return fmt.Errorf("spread: half-width %d outside [1, %d]", k.HalfWidth, MaxHalfWidth)
	case !(k.Alpha > 0) || math.IsInf(k.Alpha, 0):
		return fmt.Errorf("spread: kernel alpha %v must be positive and finite", k.Alpha)
	case 2*k.HalfWidth > grid:
		return fmt.Errorf("spread: grid size %d is smaller than the kernel width %d", grid, 2*k.HalfWidth)
	}
	return nil
}

// Width is the number of grid nodes a point touches in this dimension.
func (k Kernel) Width() int { return 2 * k.HalfWidth }

// Weight returns the kernel's value at distance d grid spacings, e^{-α d²},
// computed directly. The plans compute the same values by the E1·E2^i·E3[i]
// recurrence, which agrees to a few ulps.
func (k Kernel) Weight(d float64) float64 {
	return dmath.Exp(-float64(float64(k.Alpha*d) * d))
}

// Correction returns the factor that deconvolves the kernel for Fourier mode
// k on a grid of size grid: the reciprocal of the kernel's Fourier transform,
// divided by grid,
//
//	√(α/π) · e^{π² k² / (grid² α)}.
//
// A Type-1 NUFFT multiplies the FFT of the spread grid by it; a Type-2 NUFFT
// multiplies the modes by it before the FFT.
func (k Kernel) Correction(mode, grid int) float64 {
	q := float64(math.Pi*float64(mode)) / float64(grid)
	return float64(math.Sqrt(k.Alpha/math.Pi) * dmath.Exp(float64(q*q)/k.Alpha))
}

// e3Table returns E3[i] = e^{-α(K-1-i)²} for i = 0 … 2K-1.
func (k Kernel) e3Table() []float64 {
	e3 := make([]float64, k.Width())
	for i := range e3 {
		e3[i] = k.Weight(float64(k.HalfWidth - 1 - i))
	}
	return e3
}

var errNoPoints = errors.New("spread: SetPoints has not been called")
