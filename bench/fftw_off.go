//go:build !fftw

package main

import "io"

// runFFTWComparison adds FFTW as a reference line when built with -tags
// fftw (cgo and libfftw3-dev); without the tag there is nothing to add.
func runFFTWComparison(io.Writer, []int) error { return nil }
