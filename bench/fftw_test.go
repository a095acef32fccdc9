//go:build fftw

package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFFTWComparison prints the FFTW table alone:
// go test -tags fftw ./bench -run FFTW -v.
func TestFFTWComparison(t *testing.T) {
	if testing.Short() {
		t.Skip("times FFTs for about a minute")
	}
	var b strings.Builder
	require.NoError(t, runFFTWComparison(&b, nil))
	t.Log("\n" + b.String())
}
