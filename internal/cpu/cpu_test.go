package cpu

import (
	"bufio"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var allISAs = []ISA{Generic, AVX2, AVX512, NEON}

func TestISAStringParseRoundTrip(t *testing.T) {
	for _, isa := range allISAs {
		got, err := ParseISA(isa.String())
		require.NoError(t, err)
		require.Equal(t, isa, got)

		got, err = ParseISA("  " + strings.ToUpper(isa.String()) + "\t")
		require.NoError(t, err)
		require.Equal(t, isa, got)
	}
	require.Equal(t, []string{"generic", "avx2", "avx512", "neon"},
		[]string{Generic.String(), AVX2.String(), AVX512.String(), NEON.String()})
	require.Equal(t, "ISA(17)", ISA(17).String())
	require.Equal(t, "ISA(-1)", ISA(-1).String())
}

func TestParseISARejectsUnknown(t *testing.T) {
	for _, s := range []string{"", " ", "sse2", "avx", "avx-2", "avx 2", "avx512f", "asimd", "ISA(1)", "1", "generic,avx2"} {
		_, err := ParseISA(s)
		require.Error(t, err, "%q", s)
		require.Contains(t, err.Error(), "unknown ISA")
	}
}

func TestChoose(t *testing.T) {
	genericOnly := []ISA{Generic}
	x86 := []ISA{Generic, AVX2}
	x86v4 := []ISA{Generic, AVX2, AVX512}
	arm := []ISA{Generic, NEON}

	tests := []struct {
		name      string
		env       string
		available []ISA
		want      ISA
		errSubstr []string // empty means no error
	}{
		{"empty generic only", "", genericOnly, Generic, nil},
		{"empty picks best x86", "", x86v4, AVX512, nil},
		{"empty picks best avx2", "", x86, AVX2, nil},
		{"empty picks best arm", "", arm, NEON, nil},
		{"blank is empty", "  \t", x86v4, AVX512, nil},
		{"generic", "generic", x86v4, Generic, nil},
		{"avx2", "avx2", x86v4, AVX2, nil},
		{"avx512", "avx512", x86v4, AVX512, nil},
		{"neon", "neon", arm, NEON, nil},
		{"generic on arm", "generic", arm, Generic, nil},
		{"upper case", "AVX2", x86v4, AVX2, nil},
		{"mixed case", "Generic", x86, Generic, nil},
		{"trimmed", " avx512\n", x86v4, AVX512, nil},
		{"unknown", "sse4", x86v4, AVX512,
			[]string{"NUMKERN_ISA", `"sse4"`, "unknown ISA", "available: generic, avx2, avx512"}},
		{"unknown keeps raw value", " Foo ", genericOnly, Generic,
			[]string{"NUMKERN_ISA", `" Foo "`, "unknown ISA", "available: generic"}},
		{"avx512 unavailable", "avx512", x86, AVX2,
			[]string{`numkern: NUMKERN_ISA="avx512": not available on this machine/build (available: generic, avx2)`}},
		{"neon on x86", "neon", x86v4, AVX512,
			[]string{`NUMKERN_ISA="neon"`, "not available", "available: generic, avx2, avx512"}},
		{"avx2 on arm", "avx2", arm, NEON,
			[]string{`NUMKERN_ISA="avx2"`, "not available", "available: generic, neon"}},
		{"avx2 generic only", "AVX2", genericOnly, Generic,
			[]string{`NUMKERN_ISA="AVX2"`, "not available", "(available: generic)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := choose(tc.env, tc.available)
			require.Equal(t, tc.want, got)
			if len(tc.errSubstr) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, s := range tc.errSubstr {
				require.Contains(t, err.Error(), s)
			}
		})
	}
}

func TestCompiledAndAvailable(t *testing.T) {
	c := Compiled()
	require.NotEmpty(t, c)
	require.Equal(t, Generic, c[0])
	av := Available()
	require.NotEmpty(t, av)
	require.Equal(t, Generic, av[0])
	for _, isa := range av {
		require.Contains(t, c, isa)
		require.True(t, Supported(isa), "%v", isa)
	}
	for _, isa := range c {
		if Supported(isa) {
			require.Contains(t, av, isa)
		}
	}
	// Callers must not be able to modify the package's lists.
	c[0], av[0] = NEON, NEON
	require.Equal(t, Generic, Compiled()[0])
	require.Equal(t, Generic, Available()[0])
}

func TestSelected(t *testing.T) {
	require.Contains(t, Available(), Selected())
	// Selected and Err agree with what choose makes of the environment
	// this test process was started with.
	want, wantErr := choose(os.Getenv(EnvVar), Available())
	require.Equal(t, want, Selected())
	if wantErr == nil {
		require.NoError(t, Err())
	} else {
		require.EqualError(t, Err(), wantErr.Error())
	}
}

func TestFromEnv(t *testing.T) {
	av := Available()
	best := av[len(av)-1]

	t.Setenv(EnvVar, "")
	isa, err := fromEnv()
	require.NoError(t, err)
	require.Equal(t, best, isa)

	t.Setenv(EnvVar, " GENERIC ")
	isa, err = fromEnv()
	require.NoError(t, err)
	require.Equal(t, Generic, isa)

	t.Setenv(EnvVar, "bogus")
	isa, err = fromEnv()
	require.Equal(t, best, isa)
	require.ErrorContains(t, err, `numkern: NUMKERN_ISA="bogus": unknown ISA`)

	for _, name := range []string{"avx2", "avx512", "neon"} {
		want, _ := ParseISA(name)
		if containsISA(av, want) {
			continue
		}
		t.Setenv(EnvVar, name)
		isa, err = fromEnv()
		require.Equal(t, best, isa)
		require.ErrorContains(t, err, `numkern: NUMKERN_ISA="`+name+`": not available on this machine/build (available: `)
	}
}

func TestSupported(t *testing.T) {
	require.True(t, Supported(Generic))
	require.False(t, Supported(ISA(99)))
	switch runtime.GOARCH {
	case "arm64":
		require.True(t, Supported(NEON))
		require.False(t, Supported(AVX2))
		require.False(t, Supported(AVX512))
	case "amd64":
		require.False(t, Supported(NEON))
		if Supported(AVX512) {
			require.True(t, Supported(AVX2))
		}
	default:
		for _, isa := range allISAs[1:] {
			require.False(t, Supported(isa))
		}
	}
	fs := Features()
	if Supported(AVX2) {
		require.Subset(t, fs, []string{"avx", "avx2", "fma"})
	}
	if Supported(AVX512) {
		require.Subset(t, fs, []string{"avx512f", "avx512dq", "avx512bw", "avx512vl"})
	}
	if Supported(NEON) {
		require.Contains(t, fs, "asimd")
	}
	t.Logf("model %q, features %v, compiled %v, available %v, selected %v",
		ModelName(), fs, Compiled(), Available(), Selected())
}

func TestForce(t *testing.T) {
	before := Selected()
	for _, isa := range Available() {
		restore, err := Force(isa)
		require.NoError(t, err)
		require.Equal(t, isa, Selected())
		restore()
		require.Equal(t, before, Selected())
	}
	for _, isa := range append(allISAs, ISA(42)) {
		if containsISA(Available(), isa) {
			continue
		}
		restore, err := Force(isa)
		require.ErrorIs(t, err, ErrNotAvailable)
		require.NotNil(t, restore)
		restore()
		require.Equal(t, before, Selected())
	}
	// Nested forcing restores in reverse order.
	r1, err := Force(Generic)
	require.NoError(t, err)
	av := Available()
	r2, err := Force(av[len(av)-1])
	require.NoError(t, err)
	require.Equal(t, av[len(av)-1], Selected())
	r2()
	require.Equal(t, Generic, Selected())
	r1()
	require.Equal(t, before, Selected())
}

func containsISA(list []ISA, isa ISA) bool {
	for _, a := range list {
		if a == isa {
			return true
		}
	}
	return false
}

func TestModelName(t *testing.T) {
	require.NotEmpty(t, ModelName())
	parse := func(s string) string { return parseCPUInfo(bufio.NewScanner(strings.NewReader(s))) }
	require.Equal(t, "unknown", parse(""))
	require.Equal(t, "unknown", parse("processor\t: 0\nflags\t\t: fpu vme\n"))
	require.Equal(t, "Intel(R) Xeon(R) Processor",
		parse("processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\nmodel name\t: other\n"))
	require.Equal(t, "implementer 0x41 part 0xd0c",
		parse("processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU part\t: 0xd0c\n\nprocessor\t: 1\nCPU implementer\t: 0x42\nCPU part\t: 0xd0d\n"))
	require.Equal(t, "implementer 0x41", parse("CPU implementer : 0x41\n"))
	require.Equal(t, "part 0xd0c", parse("CPU part : 0xd0c\n"))
	require.Equal(t, "unknown", parse("model name\t:\n"))
}
