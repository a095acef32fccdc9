package main

import (
	"github.com/numkern/numkern/gen/internal/genfile"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// generated runs the generator once for the tests that only inspect its
// output (TestDeterministic runs it again).
var generated = sync.OnceValues(generate)

// TestCheckedInFilesAreCurrent regenerates the files and compares them with
// those in asm/fftk, as make check-generate does for the whole tree.
func TestCheckedInFilesAreCurrent(t *testing.T) {
	files, err := generated()
	require.NoError(t, err)
	genfile.RequireCurrent(t, filepath.Join("..", "..", "asm", "fftk"), files)
}

func TestDeterministic(t *testing.T) {
	a, err := generated()
	require.NoError(t, err)
	b, err := generate()
	require.NoError(t, err)
	require.Equal(t, a, b)
}

func TestHeaders(t *testing.T) {
	files, err := generated()
	require.NoError(t, err)
	genfile.RequireHeaders(t, generatorName, files)
}

// TestVZEROUPPERBeforeRET: avo does not insert VZEROUPPER, the generator
// must, before every return of the amd64 kernels.
func TestVZEROUPPERBeforeRET(t *testing.T) {
	files, err := generated()
	require.NoError(t, err)
	rets := genfile.RequireVZEROUPPERBeforeRET(t, files["kernels_amd64.s"])
	require.Equal(t, strings.Count(string(files["kernels_amd64.s"]), "TEXT "), rets)
}

// TestAVX2StaysVEX: the AVX2 kernels use no EVEX-only register and declare
// only AVX, AVX2 and FMA3.
func TestAVX2StaysVEX(t *testing.T) {
	files, err := generated()
	require.NoError(t, err)
	s := string(files["kernels_amd64.s"])
	funcs := regexp.MustCompile(`(?m)^// func (\w+)\(`).FindAllStringSubmatchIndex(s, -1)
	require.NotEmpty(t, funcs)
	for i, f := range funcs {
		name := s[f[2]:f[3]]
		end := len(s)
		if i+1 < len(funcs) {
			end = funcs[i+1][0]
		}
		body := s[f[0]:end]
		if !strings.Contains(name, "AVX2") {
			continue
		}
		require.NotRegexp(t, regexp.MustCompile(`\b[XYZ](1[6-9]|2\d|3[01])\b|\bZ\d|\bK\d`), body, name)
		require.Regexp(t, `// Requires: AVX(, AVX2)?(, CMOV)?, FMA3`, body, name)
	}
}
