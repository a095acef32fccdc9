package arm64

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// samples returns one or more instances of every instruction the package
// can print, with register numbers chosen to exercise every bit of every
// register field (0, 31, and patterns in between).
func samples() []Inst {
	return []Inst{
		FADD(1, 2, 3), FADD(31, 0, 17),
		FSUB(1, 2, 3), FSUB(0, 31, 10),
		FMUL(1, 2, 3), FMUL(21, 10, 31),
		FMAX(1, 2, 3), FMAX(30, 15, 0),
		FMIN(1, 2, 3), FMIN(5, 26, 19),
		FNEG(1, 2), FNEG(31, 16),
		FMULE(1, 2, 3, 1), FMULE(31, 17, 29, 0),
		FMLAE(1, 2, 3, 1), FMLAE(8, 31, 16, 0),
		FMLSE(1, 2, 3, 1), FMLSE(24, 7, 31, 1),
		FMLA(1, 2, 3), FMLA(31, 16, 8),
		FMLS(1, 2, 3), FMLS(4, 31, 22),
		ADD(1, 2, 3), ADD(17, 30, 5),
		SUB(1, 2, 3), SUB(29, 3, 31),
		ZIP1(1, 2, 3), ZIP1(20, 21, 22),
		ZIP2(1, 2, 3), ZIP2(31, 0, 15),
		SHL(1, 2, 52), SHL(30, 31, 1),
		DUPE(1, 2, 0), DUPE(31, 27, 1),
		MOV(1, 2), MOV(30, 9),
		LD1(0, 1, 1, false), LD1(4, 4, 9, false), LD1(28, 2, 3, true), LD1(7, 3, 25, true),
		ST1(0, 1, 1, false), ST1(4, 2, 9, true), ST1(12, 4, 24, true),
		ST1Lane(3, 0, 5, false), ST1Lane(31, 1, 2, false), ST1Lane(16, 1, 7, true),
		LD1R(9, 1, false), LD1R(31, 25, true),
		FADDD(1, 2, 3), FSUBD(1, 2, 3), FSUBD(31, 0, 17),
		FMULD(1, 2, 3), FMAXD(1, 2, 3), FMIND(1, 2, 3), FMIND(30, 29, 28),
		FMADDD(1, 2, 3, 4), FMADDD(31, 16, 8, 0),
		FMSUBD(1, 2, 3, 4), FMSUBD(0, 7, 15, 31),
		FNEGD(1, 2), FNEGD(31, 16),
		FMOVDLoad(2, 8, 1), FMOVDLoad(31, 256, 24),
		FMOVDStore(1, 2, false), FMOVDStore(20, 1, true),
		FMOVDToGP(3, 1), FMOVDToGP(25, 31),
		FMOVDFromGP(1, 3), FMOVDFromGP(31, 17),
		DUPGP(11, 22), DUPGP(0, 0),
		LD2(0, D2, 1, false), LD2(30, D2, 25, true), LD2(4, S4, 3, false), LD2(17, S4, 9, true),
		LD2(2, S2, 7, false), LD2(29, S2, 24, true),
		ST2(0, D2, 1, false), ST2(30, D2, 25, true), ST2(6, S4, 4, false), ST2(13, S4, 11, true),
		ST2(3, S2, 8, false), ST2(28, S2, 23, true),
		EOR(1, 2, 3), EOR(31, 0, 17),
		FMOVDStoreOff(1, 8, 2), FMOVDStoreOff(31, 256, 24),
		FMOVSLoad(1, 4, 2), FMOVSLoad(31, 252, 24),
		FMOVSStore(1, 4, 2), FMOVSStore(30, 120, 25),
		FADDS(1, 2, 3), FADDS(31, 0, 17),
		FSUBS(1, 2, 3), FSUBS(0, 31, 10),
		FMULS(1, 2, 3), FMULS(21, 10, 31),
		FNEGS(1, 2), FNEGS(31, 16),
		FMULES(1, 2, 3, 1), FMULES(31, 17, 29, 2), FMULES(4, 5, 30, 3), FMULES(6, 7, 8, 0),
		FMLAES(1, 2, 3, 1), FMLAES(8, 31, 16, 2), FMLAES(9, 10, 31, 3), FMLAES(11, 12, 13, 0),
		FMLAS(1, 2, 3), FMLAS(31, 16, 8),
		FMLSS(1, 2, 3), FMLSS(4, 31, 22),
		ZIP1S(1, 2, 3), ZIP1S(20, 21, 31),
		ZIP2S(1, 2, 3), ZIP2S(31, 0, 15),
		LD2R(0, D2, 1, 2), LD2R(30, D2, 25, 17), LD2R(4, S4, 3, 9), LD2R(17, S2, 9, 24),
		ST2R(0, D2, 1, 2), ST2R(30, D2, 25, 17), ST2R(6, S4, 4, 11), ST2R(28, S2, 23, 0),
		FMOVQLoad(1, 16, 2), FMOVQLoad(31, 1040, 24),
		FMOVQStore(1, 16, 2), FMOVQStore(30, 4080, 25),
	}
}

// pinned holds the encodings of the samples, obtained once from
// aarch64-linux-gnu-as (GNU Binutils 2.40) and objdump, keyed by GNU syntax.
var pinned = map[string]uint32{
	"fadd v1.2d, v2.2d, v3.2d":                         0x4e63d441,
	"fadd v31.2d, v0.2d, v17.2d":                       0x4e71d41f,
	"fsub v1.2d, v2.2d, v3.2d":                         0x4ee3d441,
	"fsub v0.2d, v31.2d, v10.2d":                       0x4eead7e0,
	"fmul v1.2d, v2.2d, v3.2d":                         0x6e63dc41,
	"fmul v21.2d, v10.2d, v31.2d":                      0x6e7fdd55,
	"fmax v1.2d, v2.2d, v3.2d":                         0x4e63f441,
	"fmax v30.2d, v15.2d, v0.2d":                       0x4e60f5fe,
	"fmin v1.2d, v2.2d, v3.2d":                         0x4ee3f441,
	"fmin v5.2d, v26.2d, v19.2d":                       0x4ef3f745,
	"fneg v1.2d, v2.2d":                                0x6ee0f841,
	"fneg v31.2d, v16.2d":                              0x6ee0fa1f,
	"fmul v1.2d, v2.2d, v3.d[1]":                       0x4fc39841,
	"fmul v31.2d, v17.2d, v29.d[0]":                    0x4fdd923f,
	"fmla v1.2d, v2.2d, v3.d[1]":                       0x4fc31841,
	"fmla v8.2d, v31.2d, v16.d[0]":                     0x4fd013e8,
	"fmls v1.2d, v2.2d, v3.d[1]":                       0x4fc35841,
	"fmls v24.2d, v7.2d, v31.d[1]":                     0x4fdf58f8,
	"fmla v1.2d, v2.2d, v3.2d":                         0x4e63cc41,
	"fmla v31.2d, v16.2d, v8.2d":                       0x4e68ce1f,
	"fmls v1.2d, v2.2d, v3.2d":                         0x4ee3cc41,
	"fmls v4.2d, v31.2d, v22.2d":                       0x4ef6cfe4,
	"add v1.2d, v2.2d, v3.2d":                          0x4ee38441,
	"add v17.2d, v30.2d, v5.2d":                        0x4ee587d1,
	"sub v1.2d, v2.2d, v3.2d":                          0x6ee38441,
	"sub v29.2d, v3.2d, v31.2d":                        0x6eff847d,
	"zip1 v1.2d, v2.2d, v3.2d":                         0x4ec33841,
	"zip1 v20.2d, v21.2d, v22.2d":                      0x4ed63ab4,
	"zip2 v1.2d, v2.2d, v3.2d":                         0x4ec37841,
	"zip2 v31.2d, v0.2d, v15.2d":                       0x4ecf781f,
	"shl v1.2d, v2.2d, #52":                            0x4f745441,
	"shl v30.2d, v31.2d, #1":                           0x4f4157fe,
	"dup v1.2d, v2.d[0]":                               0x4e080441,
	"dup v31.2d, v27.d[1]":                             0x4e18077f,
	"mov v1.16b, v2.16b":                               0x4ea21c41,
	"mov v30.16b, v9.16b":                              0x4ea91d3e,
	"ld1 {v0.2d}, [x1]":                                0x4c407c20,
	"ld1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x9]":           0x4c402d24,
	"ld1 {v28.2d, v29.2d}, [x3], #32":                  0x4cdfac7c,
	"ld1 {v7.2d, v8.2d, v9.2d}, [x25], #48":            0x4cdf6f27,
	"st1 {v0.2d}, [x1]":                                0x4c007c20,
	"st1 {v4.2d, v5.2d}, [x9], #32":                    0x4c9fad24,
	"st1 {v12.2d, v13.2d, v14.2d, v15.2d}, [x24], #64": 0x4c9f2f0c,
	"st1 {v3.d}[0], [x5]":                              0x0d0084a3,
	"st1 {v31.d}[1], [x2]":                             0x4d00845f,
	"st1 {v16.d}[1], [x7], #8":                         0x4d9f84f0,
	"ld1r {v9.2d}, [x1]":                               0x4d40cc29,
	"ld1r {v31.2d}, [x25], #8":                         0x4ddfcf3f,
	"fadd d1, d2, d3":                                  0x1e632841,
	"fsub d1, d2, d3":                                  0x1e633841,
	"fsub d31, d0, d17":                                0x1e71381f,
	"fmul d1, d2, d3":                                  0x1e630841,
	"fmax d1, d2, d3":                                  0x1e634841,
	"fmin d1, d2, d3":                                  0x1e635841,
	"fmin d30, d29, d28":                               0x1e7c5bbe,
	"fmadd d1, d2, d3, d4":                             0x1f431041,
	"fmadd d31, d16, d8, d0":                           0x1f48021f,
	"fmsub d1, d2, d3, d4":                             0x1f439041,
	"fmsub d0, d7, d15, d31":                           0x1f4ffce0,
	"fneg d1, d2":                                      0x1e614041,
	"fneg d31, d16":                                    0x1e61421f,
	"ldr d2, [x1, #8]":                                 0xfd400422,
	"ldr d31, [x24, #256]":                             0xfd40831f,
	"str d1, [x2]":                                     0xfd000041,
	"str d20, [x1], #8":                                0xfc008434,
	"fmov x3, d1":                                      0x9e660023,
	"fmov x25, d31":                                    0x9e6603f9,
	"fmov d1, x3":                                      0x9e670061,
	"fmov d31, x17":                                    0x9e67023f,
	"dup v11.2d, x22":                                  0x4e080ecb,
	"dup v0.2d, x0":                                    0x4e080c00,
	"ld2 {v0.2d, v1.2d}, [x1]":                         0x4c408c20,
	"ld2 {v30.2d, v31.2d}, [x25], #32":                 0x4cdf8f3e,
	"ld2 {v4.4s, v5.4s}, [x3]":                         0x4c408864,
	"ld2 {v17.4s, v18.4s}, [x9], #32":                  0x4cdf8931,
	"ld2 {v2.2s, v3.2s}, [x7]":                         0x0c4088e2,
	"ld2 {v29.2s, v30.2s}, [x24], #16":                 0x0cdf8b1d,
	"st2 {v0.2d, v1.2d}, [x1]":                         0x4c008c20,
	"st2 {v30.2d, v31.2d}, [x25], #32":                 0x4c9f8f3e,
	"st2 {v6.4s, v7.4s}, [x4]":                         0x4c008886,
	"st2 {v13.4s, v14.4s}, [x11], #32":                 0x4c9f896d,
	"st2 {v3.2s, v4.2s}, [x8]":                         0x0c008903,
	"st2 {v28.2s, v29.2s}, [x23], #16":                 0x0c9f8afc,
	"eor v1.16b, v2.16b, v3.16b":                       0x6e231c41,
	"eor v31.16b, v0.16b, v17.16b":                     0x6e311c1f,
	"str d1, [x2, #8]":                                 0xfd000441,
	"str d31, [x24, #256]":                             0xfd00831f,
	"ldr s1, [x2, #4]":                                 0xbd400441,
	"ldr s31, [x24, #252]":                             0xbd40ff1f,
	"str s1, [x2, #4]":                                 0xbd000441,
	"str s30, [x25, #120]":                             0xbd007b3e,
	"fadd v1.4s, v2.4s, v3.4s":                         0x4e23d441,
	"fadd v31.4s, v0.4s, v17.4s":                       0x4e31d41f,
	"fsub v1.4s, v2.4s, v3.4s":                         0x4ea3d441,
	"fsub v0.4s, v31.4s, v10.4s":                       0x4eaad7e0,
	"fmul v1.4s, v2.4s, v3.4s":                         0x6e23dc41,
	"fmul v21.4s, v10.4s, v31.4s":                      0x6e3fdd55,
	"fneg v1.4s, v2.4s":                                0x6ea0f841,
	"fneg v31.4s, v16.4s":                              0x6ea0fa1f,
	"fmul v1.4s, v2.4s, v3.s[1]":                       0x4fa39041,
	"fmul v31.4s, v17.4s, v29.s[2]":                    0x4f9d9a3f,
	"fmul v4.4s, v5.4s, v30.s[3]":                      0x4fbe98a4,
	"fmul v6.4s, v7.4s, v8.s[0]":                       0x4f8890e6,
	"fmla v1.4s, v2.4s, v3.s[1]":                       0x4fa31041,
	"fmla v8.4s, v31.4s, v16.s[2]":                     0x4f901be8,
	"fmla v9.4s, v10.4s, v31.s[3]":                     0x4fbf1949,
	"fmla v11.4s, v12.4s, v13.s[0]":                    0x4f8d118b,
	"fmla v1.4s, v2.4s, v3.4s":                         0x4e23cc41,
	"fmla v31.4s, v16.4s, v8.4s":                       0x4e28ce1f,
	"fmls v1.4s, v2.4s, v3.4s":                         0x4ea3cc41,
	"fmls v4.4s, v31.4s, v22.4s":                       0x4eb6cfe4,
	"zip1 v1.4s, v2.4s, v3.4s":                         0x4e833841,
	"zip1 v20.4s, v21.4s, v31.4s":                      0x4e9f3ab4,
	"zip2 v1.4s, v2.4s, v3.4s":                         0x4e837841,
	"zip2 v31.4s, v0.4s, v15.4s":                       0x4e8f781f,
	"ldr q1, [x2, #16]":                                0x3dc00441,
	"ldr q31, [x24, #1040]":                            0x3dc1071f,
	"str q1, [x2, #16]":                                0x3d800441,
	"str q30, [x25, #4080]":                            0x3d83ff3e,
	"ld2 {v0.2d, v1.2d}, [x1], x2":                     0x4cc28c20,
	"ld2 {v30.2d, v31.2d}, [x25], x17":                 0x4cd18f3e,
	"ld2 {v4.4s, v5.4s}, [x3], x9":                     0x4cc98864,
	"ld2 {v17.2s, v18.2s}, [x9], x24":                  0x0cd88931,
	"st2 {v0.2d, v1.2d}, [x1], x2":                     0x4c828c20,
	"st2 {v30.2d, v31.2d}, [x25], x17":                 0x4c918f3e,
	"st2 {v6.4s, v7.4s}, [x4], x11":                    0x4c8b8886,
	"st2 {v28.2s, v29.2s}, [x23], x0":                  0x0c808afc,
}

func TestSamplesArePinned(t *testing.T) {
	for _, in := range samples() {
		_, ok := pinned[in.GNU]
		require.True(t, ok, "no pinned encoding for %q", in.GNU)
	}
}

// TestEncoders checks every WORD the package computes against the pinned
// encodings.
func TestEncoders(t *testing.T) {
	n := 0
	for _, in := range samples() {
		if in.Native() {
			continue
		}
		n++
		require.Equal(t, fmt.Sprintf("%08x", pinned[in.GNU]), fmt.Sprintf("%08x", in.Word), "%s", in.GNU)
		require.Contains(t, in.Go, fmt.Sprintf("$0x%08x", in.Word))
		require.Contains(t, in.Go, "// "+in.GNU)
	}
	require.Positive(t, n)
}

// TestGoAssembler assembles the Go text of every sample with Go's arm64
// assembler and checks the words against the pinned encodings: this pins
// the operand order of the native forms, and that WORD lines assemble to
// their word.
func TestGoAssembler(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go tool asm")
	}
	insts := samples()
	got := goAssemble(t, insts)
	for i, in := range insts {
		require.Equal(t, fmt.Sprintf("%08x", pinned[in.GNU]), fmt.Sprintf("%08x", got[i]), "%s (GNU %s)", in.Go, in.GNU)
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
	insts := samples()
	got := gnuAssemble(t, as, objdump, insts)
	require.Len(t, got, len(insts))
	for i, in := range insts {
		require.Equal(t, fmt.Sprintf("%08x", pinned[in.GNU]), fmt.Sprintf("%08x", got[i]), "%s", in.GNU)
	}
}

// TestPrintPinned prints the table in the form of the pinned map, for when
// an instruction is added: go test -run PrintPinned -v.
func TestPrintPinned(t *testing.T) {
	as, err := exec.LookPath("aarch64-linux-gnu-as")
	if err != nil {
		t.Skip("needs aarch64-linux-gnu-as")
	}
	objdump, err := exec.LookPath("aarch64-linux-gnu-objdump")
	if err != nil {
		t.Skip("needs aarch64-linux-gnu-objdump")
	}
	insts := samples()
	got := gnuAssemble(t, as, objdump, insts)
	var b strings.Builder
	for i, in := range insts {
		fmt.Fprintf(&b, "\t%q: 0x%08x,\n", in.GNU, got[i])
	}
	t.Logf("\n%s", b.String())
}

func TestBuilder(t *testing.T) {
	var b Builder
	b.Label("loop")
	b.Comment("x = max(x, lo)")
	b.I(FMAX(1, 1, 2), FMLA(3, 4, 5))
	b.Op("SUBS", "$2", "R3")
	b.Op("RET")
	b.Blank()
	b.Rawf("DATA\t%s+%d(SB)/8, $0x%016x", "c<>", 8, uint64(1))
	require.Equal(t, "loop:\n"+
		"\t// x = max(x, lo)\n"+
		"\tWORD\t$0x4e62f421\t// fmax v1.2d, v1.2d, v2.2d\n"+
		"\tVFMLA\tV5.D2, V4.D2, V3.D2\n"+
		"\tSUBS\t$2, R3\n"+
		"\tRET\n"+
		"\n"+
		"DATA\tc<>+8(SB)/8, $0x0000000000000001\n", b.String())
}

func TestRangeChecks(t *testing.T) {
	require.Panics(t, func() { FADD(32, 0, 0) })
	require.Panics(t, func() { FMULE(0, 0, 0, 2) })
	require.Panics(t, func() { DUPE(0, 0, -1) })
	require.Panics(t, func() { SHL(0, 0, 64) })
	require.Panics(t, func() { LD1(30, 4, 0, false) })
	require.Panics(t, func() { ST1Lane(0, 2, 0, false) })
	require.Panics(t, func() { FMOVDToGP(31, 0) })
	require.Panics(t, func() { FMULES(0, 0, 0, 4) })
	require.Panics(t, func() { LD2(31, D2, 0, false) })
}

var listingLine = regexp.MustCompile(`^\s+0x([0-9a-f]{4}) \d+ \(x\.s:(\d+)\)\s`)
var dumpLine = regexp.MustCompile(`^\s+0x([0-9a-f]{4})((?: [0-9a-f]{2})+)`)

// goAssemble assembles insts with GOARCH=arm64 go tool asm -S and returns
// each one's word, found through the listing's source line numbers.
func goAssemble(t *testing.T, insts []Inst) []uint32 {
	t.Helper()
	dir := t.TempDir()
	var src bytes.Buffer
	src.WriteString("#include \"textflag.h\"\n")
	src.WriteString("TEXT ·f(SB), NOSPLIT, $0-0\n")
	const first = 3 // line number of the first instruction
	for _, in := range insts {
		src.WriteString("\t" + in.Go + "\n")
	}
	src.WriteString("\tRET\n")
	path := filepath.Join(dir, "x.s")
	require.NoError(t, os.WriteFile(path, src.Bytes(), 0o644))
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	require.NoError(t, err)
	cmd := exec.Command("go", "tool", "asm", "-p", "x", "-S",
		"-I", filepath.Join(strings.TrimSpace(string(goroot)), "pkg", "include"),
		"-o", filepath.Join(dir, "x.o"), "x.s")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOARCH=arm64", "GOOS=linux")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	offsets := map[int]int{} // source line → offset
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
			off, _ := strconv.ParseInt(m[1], 16, 64)
			require.Equal(t, len(code), int(off), "hex dump out of order")
			b, err := hex.DecodeString(strings.ReplaceAll(m[2], " ", ""))
			require.NoError(t, err)
			code = append(code, b...)
		}
	}
	words := make([]uint32, len(insts))
	for i := range insts {
		off, ok := offsets[first+i]
		require.True(t, ok, "no listing for %s", insts[i].Go)
		next, ok := offsets[first+i+1]
		require.True(t, ok)
		require.Equal(t, 4, next-off, "%s assembles to more than one word", insts[i].Go)
		words[i] = binary.LittleEndian.Uint32(code[off:])
	}
	return words
}

var objdumpLine = regexp.MustCompile(`^\s*[0-9a-f]+:\s+([0-9a-f]{8})\s`)

// gnuAssemble assembles the GNU spellings of insts and returns their words.
func gnuAssemble(t *testing.T, as, objdump string, insts []Inst) []uint32 {
	t.Helper()
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
	return words
}
