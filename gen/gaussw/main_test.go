package main

import (
	"github.com/numkern/numkern/gen/internal/genfile"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCheckedInFilesAreCurrent regenerates the files and compares them with
// those in asm/gaussw, as make check-generate does for the whole tree.
func TestCheckedInFilesAreCurrent(t *testing.T) {
	files, err := generate(defaultAMD64, defaultARM64)
	require.NoError(t, err)
	require.Len(t, files, 4)
	genfile.RequireCurrent(t, filepath.Join("..", "..", "asm", "gaussw"), files)
}

func TestDeterministic(t *testing.T) {
	a, err := generate(defaultAMD64, defaultARM64)
	require.NoError(t, err)
	b, err := generate(defaultAMD64, defaultARM64)
	require.NoError(t, err)
	require.Equal(t, a, b)
}

func TestHeaders(t *testing.T) {
	files, err := generate(defaultAMD64, defaultARM64)
	require.NoError(t, err)
	genfile.RequireHeaders(t, generatorName, files)
}

// TestVZEROUPPERBeforeRET: avo does not insert VZEROUPPER, the generator
// must, before every return of the AVX kernels.
func TestVZEROUPPERBeforeRET(t *testing.T) {
	files, err := generate(defaultAMD64, defaultARM64)
	require.NoError(t, err)
	rets := genfile.RequireVZEROUPPERBeforeRET(t, files["weights_amd64.s"])
	require.Equal(t, 2, rets)
}

// TestVariants generates every tuning variant the flags offer.
func TestVariants(t *testing.T) {
	for _, store := range []string{"perm", "insert", "extract", "strided"} {
		for _, u := range []int{1, 2} {
			_, err := generate(amd64Options{UnrollAVX2: u, UnrollAVX512: u, Store: store}, arm64Options{Unroll: u})
			require.NoError(t, err, "store %s unroll %d", store, u)
		}
	}
	_, err := generate(amd64Options{UnrollAVX2: 2, UnrollAVX512: 2, Store: "bogus"}, defaultARM64)
	require.Error(t, err)
	_, err = generate(defaultAMD64, arm64Options{Unroll: 3})
	require.Error(t, err)
}

// TestAVX2StaysVEX: more work than AVX2's 16 registers hold must be refused
// rather than spill into X16–X31, which need AVX-512.
func TestAVX2StaysVEX(t *testing.T) {
	_, err := generate(amd64Options{UnrollAVX2: 3, UnrollAVX512: 2, Store: "perm"}, defaultARM64)
	require.ErrorContains(t, err, "EVEX-only register")
	files, err := generate(defaultAMD64, defaultARM64)
	require.NoError(t, err)
	s := string(files["weights_amd64.s"])
	avx2 := s[strings.Index(s, "// func weightsAVX2"):strings.Index(s, "// func weightsAVX512")]
	require.NotRegexp(t, regexp.MustCompile(`\b[XYZ](1[6-9]|2\d|3[01])\b|\bZ\d|\bK\d`), avx2)
	require.Contains(t, avx2, "// Requires: AVX, AVX2, FMA3")
}

// TestNEONUsesOnlyWordsWithComments: every WORD carries its mnemonic.
func TestNEONWords(t *testing.T) {
	files, err := generate(defaultAMD64, defaultARM64)
	require.NoError(t, err)
	words := 0
	for _, line := range strings.Split(string(files["weights_arm64.s"]), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "WORD") {
			words++
			require.Regexp(t, `^\tWORD\t\$0x[0-9a-f]{8}\t// [a-z]+ v\d+\.2d, `, line)
		}
	}
	require.Positive(t, words)
}
