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
// those in asm/gridrows, as make check-generate does for the whole tree.
func TestCheckedInFilesAreCurrent(t *testing.T) {
	files, err := generate(defaultOptions)
	require.NoError(t, err)
	require.Len(t, files, 4)
	genfile.RequireCurrent(t, filepath.Join("..", "..", "asm", "gridrows"), files)
}

func TestDeterministic(t *testing.T) {
	a, err := generate(defaultOptions)
	require.NoError(t, err)
	b, err := generate(defaultOptions)
	require.NoError(t, err)
	require.Equal(t, a, b)
}

func TestHeaders(t *testing.T) {
	files, err := generate(defaultOptions)
	require.NoError(t, err)
	genfile.RequireHeaders(t, generatorName, files)
}

// functions splits an assembly file into its TEXT sections by name; each
// line is an instruction's fields (labels, comments and blanks dropped).
func functions(src string) map[string][][]string {
	fns := map[string][][]string{}
	var cur string
	for _, line := range strings.Split(src, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "//") || strings.HasSuffix(f[0], ":") {
			continue
		}
		if f[0] == "TEXT" {
			cur = strings.TrimSuffix(strings.TrimPrefix(f[1], "·"), "(SB),")
			continue
		}
		if cur != "" {
			fns[cur] = append(fns[cur], f)
		}
	}
	return fns
}

// TestVZEROUPPERBeforeRET: avo does not insert VZEROUPPER, the generator
// must, before every return of the AVX kernels. The AVX-512 kernels may
// also leave by a tail call to the AVX2 kernel of the same operation, but
// only before any vector instruction.
func TestVZEROUPPERBeforeRET(t *testing.T) {
	for _, opt := range []options{defaultOptions, {MaxTapsAVX2: 3, MaxVectorsAVX512: 2, SpreadAVX512: true, DotAVX512: true}} {
		files, err := generate(opt)
		require.NoError(t, err)
		fns := functions(string(files["rows_amd64.s"]))
		require.Len(t, fns, 8)
		for name, insts := range fns {
			rets := 0
			for i, f := range insts {
				switch {
				case f[0] == "RET":
					rets++
					require.Equal(t, "VZEROUPPER", insts[i-1][0], name)
				case f[0] == "JMP" && strings.HasPrefix(f[1], "·"):
					require.True(t, strings.HasSuffix(name, "AVX512"), "%s: tail call", name)
					require.Equal(t, "·"+strings.TrimSuffix(name, "AVX512")+"AVX2+0(SB)", f[1])
					for _, before := range insts[:i] {
						require.NotRegexp(t, `^V`, before[0], "%s: vector instruction before the tail call", name)
					}
				}
			}
			require.Equal(t, 1, rets, name)
		}
	}
}

// TestAVX2StaysVEX: the AVX2 kernels must run without AVX-512: the
// generator refuses EVEX-only registers, and they use only AVX, AVX2, FMA3.
func TestAVX2StaysVEX(t *testing.T) {
	files, err := generate(defaultOptions)
	require.NoError(t, err)
	s := string(files["rows_amd64.s"])
	for name := range avx2Only {
		i := strings.Index(s, "// func "+name)
		require.Positive(t, i)
		sec := s[i:]
		if j := strings.Index(s[i+1:], "// func "); j >= 0 {
			sec = s[i : i+1+j]
		}
		require.NotRegexp(t, regexp.MustCompile(`\b[XYZ](1[6-9]|2\d|3[01])\b|\bZ\d|\bK\d`), sec, name)
		require.Contains(t, sec, "// Requires: AVX, AVX2, FMA3", name)
	}
}

// TestNEONWords: every WORD carries its mnemonic.
func TestNEONWords(t *testing.T) {
	files, err := generate(defaultOptions)
	require.NoError(t, err)
	words := 0
	for _, line := range strings.Split(string(files["rows_arm64.s"]), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "WORD") {
			words++
			require.Regexp(t, `^\tWORD\t\$0x[0-9a-f]{8}\t// [a-z]+ v\d+\.2d, `, line)
		}
	}
	require.Positive(t, words)
}

// TestVariants generates the tuning variants the flags offer and checks
// which kernels each registers.
func TestVariants(t *testing.T) {
	for _, o := range []options{
		{MaxTapsAVX2: 0, MaxVectorsAVX512: 0},
		{MaxTapsAVX2: 1, MaxVectorsAVX512: 1, SpreadAVX512: true, DotAVX512: true},
		{MaxTapsAVX2: 32, MaxVectorsAVX512: 16, SpreadAVX512: true, DotAVX512: true},
		{MaxTapsAVX2: 24, MaxVectorsAVX512: 8, SpreadAVX512: true, AVX512MinTaps: 17},
		{MaxTapsAVX2: 32, MaxVectorsAVX512: 16, DotAVX512: true, AVX512MinTaps: 100},
	} {
		files, err := generate(o)
		require.NoError(t, err, "%+v", o)
		stub := string(files["rows_amd64.go"])
		spread, dot := "spreadRowsAVX2", "dotRowsAVX2"
		if o.SpreadAVX512 {
			spread = "spreadRowsAVX512"
			require.Contains(t, stub, "func spreadRowsAVX512(")
		} else {
			require.NotContains(t, stub, "func spreadRowsAVX512(")
		}
		if o.DotAVX512 {
			dot = "dotRowsAVX512"
			require.Contains(t, stub, "func dotRowsAVX512(")
		} else {
			require.NotContains(t, stub, "func dotRowsAVX512(")
		}
		require.Contains(t, stub, "spreadKernels[cpu.AVX512] = "+spread+"\n")
		require.Contains(t, stub, "dotKernels[cpu.AVX512] = "+dot+"\n")
	}
	for _, o := range []options{{MaxTapsAVX2: 33}, {MaxTapsAVX2: -1}, {MaxVectorsAVX512: 17}, {AVX512MinTaps: -1}} {
		_, err := generate(o)
		require.Error(t, err, "%+v", o)
	}
}
