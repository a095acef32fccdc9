package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"github.com/numkern/numkern/gen/internal/genfile"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	a "github.com/numkern/numkern/gen/internal/arm64"
	"github.com/stretchr/testify/require"
)

// TestCheckedInFilesAreCurrent regenerates the files and compares them with
// those in asm/isingsweep, as make check-generate does for the whole tree.
func TestCheckedInFilesAreCurrent(t *testing.T) {
	files, err := generate()
	require.NoError(t, err)
	require.Len(t, files, 4)
	genfile.RequireCurrent(t, filepath.Join("..", "..", "asm", "isingsweep"), files)
}

func TestDeterministic(t *testing.T) {
	a, err := generate()
	require.NoError(t, err)
	b, err := generate()
	require.NoError(t, err)
	require.Equal(t, a, b)
}

func TestHeaders(t *testing.T) {
	files, err := generate()
	require.NoError(t, err)
	genfile.RequireHeaders(t, generatorName, files)
}

// TestVZEROUPPERBeforeRET: avo does not insert VZEROUPPER, the generator
// must, before every return of the amd64 kernels.
func TestVZEROUPPERBeforeRET(t *testing.T) {
	files, err := generate()
	require.NoError(t, err)
	rets := genfile.RequireVZEROUPPERBeforeRET(t, files["sweep_amd64.s"])
	require.Equal(t, 4, rets)
}

// TestAVX2StaysVEX: the AVX2 kernels name no EVEX-only register and need
// nothing beyond AVX2 (in particular no BMI, which cpu.Supported(AVX2)
// does not check).
func TestAVX2StaysVEX(t *testing.T) {
	files, err := generate()
	require.NoError(t, err)
	s := string(files["sweep_amd64.s"])
	for _, st := range stencils {
		start := strings.Index(s, "// func "+st.name+"AVX2")
		end := strings.Index(s[start:], "RET") + start
		body := s[start:end]
		require.NotRegexp(t, regexp.MustCompile(`\b[XYZ](1[6-9]|2\d|3[01])\b|\bZ\d|\bK\d`), body)
		require.Regexp(t, regexp.MustCompile(`// Requires: AVX, AVX2(, CMOV)?\n`), body)
		require.NotRegexp(t, regexp.MustCompile(`\b(ANDN|SHRX|SHLX|SARX|BLSR|TZCNT|LZCNT|POPCNT|PDEP|PEXT)[LQ]?\b`), body)
	}
}

// TestNEONWords: every WORD carries its mnemonic.
func TestNEONWords(t *testing.T) {
	files, err := generate()
	require.NoError(t, err)
	words := 0
	for _, line := range strings.Split(string(files["sweep_arm64.s"]), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "WORD") {
			words++
			require.Regexp(t, `^\tWORD\t\$0x[0-9a-f]{8}\t// cmhi v\d+\.4s, v\d+\.4s, v\d+\.4s$`, line)
		}
	}
	require.Positive(t, words)
}

// pinned holds the encodings of neonSamples, from aarch64-linux-gnu-as
// (GNU Binutils 2.40) and objdump, keyed by GNU syntax.
var pinned = map[string]uint32{
	"add v1.4s, v2.4s, v3.4s":                     0x4ea38441,
	"add v31.4s, v0.4s, v17.4s":                   0x4eb1841f,
	"eor v1.16b, v2.16b, v3.16b":                  0x6e231c41,
	"eor v30.16b, v31.16b, v0.16b":                0x6e201ffe,
	"and v1.16b, v2.16b, v3.16b":                  0x4e231c41,
	"and v16.16b, v8.16b, v31.16b":                0x4e3f1d10,
	"orr v1.16b, v2.16b, v3.16b":                  0x4ea31c41,
	"orr v0.16b, v29.16b, v14.16b":                0x4eae1fa0,
	"mov v1.16b, v2.16b":                          0x4ea21c41,
	"mov v31.16b, v16.16b":                        0x4eb01e1f,
	"shl v1.4s, v2.4s, #7":                        0x4f275441,
	"shl v30.4s, v5.4s, #9":                       0x4f2954be,
	"shl v3.4s, v31.4s, #11":                      0x4f2b57e3,
	"sri v1.4s, v2.4s, #25":                       0x6f274441,
	"sri v31.4s, v0.4s, #21":                      0x6f2b441f,
	"cmhi v1.4s, v2.4s, v3.4s":                    0x6ea33441,
	"cmhi v31.4s, v0.4s, v17.4s":                  0x6eb1341f,
	"cmhi v16.4s, v31.4s, v8.4s":                  0x6ea837f0,
	"addv s1, v2.4s":                              0x4eb1b841,
	"addv s31, v16.4s":                            0x4eb1ba1f,
	"mov w3, v1.s[0]":                             0x0e043c23,
	"mov w25, v31.s[0]":                           0x0e043ff9,
	"ld1 {v0.4s, v1.4s, v2.4s, v3.4s}, [x1]":      0x4c402820,
	"ld1 {v28.4s, v29.4s, v30.4s, v31.4s}, [x25]": 0x4c402b3c,
	"ld1 {v5.4s}, [x7]":                           0x4c4078e5,
	"st1 {v0.4s, v1.4s, v2.4s, v3.4s}, [x1]":      0x4c002820,
	"st1 {v12.4s, v13.4s, v14.4s, v15.4s}, [x24]": 0x4c002b0c,
	"ld1r {v22.4s}, [x4]":                         0x4d40c896,
	"ld1r {v31.4s}, [x0]":                         0x4d40c81f,
}

func TestSamplesArePinned(t *testing.T) {
	for _, in := range neonSamples() {
		_, ok := pinned[in.GNU]
		require.True(t, ok, "no pinned encoding for %q", in.GNU)
	}
}

// TestEncoders checks every WORD the generator computes against the pinned
// encodings.
func TestEncoders(t *testing.T) {
	n := 0
	for _, in := range neonSamples() {
		if in.Native() {
			continue
		}
		n++
		require.Equal(t, fmt.Sprintf("%08x", pinned[in.GNU]), fmt.Sprintf("%08x", in.Word), "%s", in.GNU)
		require.Contains(t, in.Go, fmt.Sprintf("$0x%08x", in.Word))
	}
	require.Positive(t, n)
}

var (
	listingLine = regexp.MustCompile(`^\s+0x([0-9a-f]{4}) \d+ \(x\.s:(\d+)\)\s`)
	dumpLine    = regexp.MustCompile(`^\s+0x([0-9a-f]{4})((?: [0-9a-f]{2})+)`)
	objdumpLine = regexp.MustCompile(`^\s*[0-9a-f]+:\s+([0-9a-f]{8})\s`)
)

// TestGoAssembler assembles the Go text of every sample with Go's arm64
// assembler and checks the words against the pinned encodings: this pins
// the operand order of the native forms.
func TestGoAssembler(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go tool asm")
	}
	insts := neonSamples()
	dir := t.TempDir()
	var src bytes.Buffer
	src.WriteString("#include \"textflag.h\"\nTEXT ·f(SB), NOSPLIT, $0-0\n")
	const first = 3
	for _, in := range insts {
		src.WriteString("\t" + in.Go + "\n")
	}
	src.WriteString("\tRET\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.s"), src.Bytes(), 0o644))
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	require.NoError(t, err)
	cmd := exec.Command("go", "tool", "asm", "-p", "x", "-S",
		"-I", filepath.Join(strings.TrimSpace(string(goroot)), "pkg", "include"),
		"-o", filepath.Join(dir, "x.o"), "x.s")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOARCH=arm64", "GOOS=linux")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	offsets := map[int]int{}
	var code []byte
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if m := listingLine.FindStringSubmatch(line); m != nil {
			off, _ := strconv.ParseInt(m[1], 16, 64)
			ln, _ := strconv.Atoi(m[2])
			if _, seen := offsets[ln]; !seen {
				offsets[ln] = int(off)
			}
			continue
		}
		if m := dumpLine.FindStringSubmatch(line); m != nil {
			b, err := hex.DecodeString(strings.ReplaceAll(m[2], " ", ""))
			require.NoError(t, err)
			code = append(code, b...)
		}
	}
	for i, in := range insts {
		off, ok := offsets[first+i]
		require.True(t, ok, "no listing for %s", in.Go)
		require.Equal(t, fmt.Sprintf("%08x", pinned[in.GNU]), fmt.Sprintf("%08x", binary.LittleEndian.Uint32(code[off:])), "%s (GNU %s)", in.Go, in.GNU)
	}
}

// TestGNUAssembler re-assembles the GNU spelling of every sample with
// aarch64-linux-gnu-as, when it is installed, and checks the pinned table.
func TestGNUAssembler(t *testing.T) {
	as, err := exec.LookPath("aarch64-linux-gnu-as")
	if err != nil {
		t.Skip("aarch64-linux-gnu-as not on PATH; the pinned table stands")
	}
	objdump, err := exec.LookPath("aarch64-linux-gnu-objdump")
	if err != nil {
		t.Skip("aarch64-linux-gnu-objdump not on PATH; the pinned table stands")
	}
	insts := neonSamples()
	dir := t.TempDir()
	var src bytes.Buffer
	for _, in := range insts {
		src.WriteString("\t" + in.GNU + "\n")
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.s"), src.Bytes(), 0o644))
	out, err := exec.Command(as, "-o", filepath.Join(dir, "x.o"), filepath.Join(dir, "x.s")).CombinedOutput()
	require.NoError(t, err, "%s", out)
	out, err = exec.Command(objdump, "-d", filepath.Join(dir, "x.o")).CombinedOutput()
	require.NoError(t, err, "%s", out)
	var words []uint32
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := objdumpLine.FindStringSubmatch(sc.Text()); m != nil {
			w, err := strconv.ParseUint(m[1], 16, 32)
			require.NoError(t, err)
			words = append(words, uint32(w))
		}
	}
	require.Len(t, words, len(insts))
	for i, in := range insts {
		require.Equal(t, fmt.Sprintf("%08x", pinned[in.GNU]), fmt.Sprintf("%08x", words[i]), "%s", in.GNU)
	}
}

func TestRangeChecks(t *testing.T) {
	require.Panics(t, func() { vadd(32, 0, 0) })
	require.Panics(t, func() { cmhi(0, 40, 0) })
	require.Panics(t, func() { vshl(0, 0, 33) })
	g := &neon{}
	g.free = nil
	require.Panics(t, func() { g.alloc() })
	_ = a.Inst{}
}
