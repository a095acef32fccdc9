package asmcheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// evexOnly matches what only AVX-512 code may contain: the registers only
// EVEX encodings reach, opmask registers, and the masked (.Z) or broadcast
// (.BCST) instruction forms.
var evexOnly = regexp.MustCompile(`\b[XY](1[6-9]|2[0-9]|3[01])\b|\bZ([0-9]|[12][0-9]|3[01])\b|\bK[0-7]\b|\.(Z|BCST|SAE)\b`)

func TestAVX2KernelsAvoidAVX512(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "asm", "*", "*_amd64.s"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	checked := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		fn := ""
		for i, line := range strings.Split(string(src), "\n") {
			code, _, _ := strings.Cut(line, "//")
			fields := strings.Fields(code)
			if len(fields) == 0 {
				continue
			}
			if fields[0] == "TEXT" {
				fn = strings.TrimPrefix(strings.Split(fields[1], "(")[0], "·")
				if strings.Contains(fn, "AVX2") {
					checked++
				}
				continue
			}
			if strings.Contains(fn, "AVX2") {
				require.NotRegexp(t, evexOnly, code, "%s:%d: %s, an AVX2 kernel, uses AVX-512", file, i+1, fn)
			}
		}
	}
	// The kernels of gridrows, fftk, gaussw and isingsweep.
	require.Greater(t, checked, 40)
}

func TestPatternCatchesEVEX(t *testing.T) {
	for _, bad := range []string{"VMOVUPD Y16, (AX)", "VADDPD Z1, Z2, Z3", "KMOVB AX, K1", "VMOVUPD.Z (AX), K1, Y2", "VMULPD.BCST (AX), Y1, Y1", "VXORPS X31, X31, X31"} {
		require.Regexp(t, evexOnly, bad)
	}
	for _, good := range []string{"VMOVUPD Y15, (AX)", "VFMADD231PD Y0, Y1, Y2", "MOVQ z+32(FP), AX", "VZEROUPPER", "VPERMPD $0x50, (SI), Y3", "JZ done_1"} {
		require.NotRegexp(t, evexOnly, good)
	}
}
