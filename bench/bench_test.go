package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/numkern/numkern/internal/golden" // defines -update
	"github.com/stretchr/testify/require"
)

func sampleResults(label string, scale float64) *Results {
	res := &Results{Schema: Schema, Machine: Machine{Label: label, CPU: "test CPU", GOOS: "linux", GOARCH: "amd64", Selected: "avx2"}}
	for _, n := range []int{1000, 10000} {
		r := newRecord("nufft", "scaling/1d/type1/N="+itoa(n), "avx2", 1,
			map[string]float64{"dims": 1, "type": 1, "N": float64(n), "tol": 1e-6, "scaling": 1},
			[]time.Duration{time.Duration(scale * float64(n) * 100), time.Duration(scale * float64(n) * 120), time.Duration(scale * float64(n) * 110)})
		r.Rate, r.Unit = float64(n)/(r.MedianNS/1e9), "points/s"
		r.Check, r.CheckValue = "rel_l2_error_vs_direct", 1e-7
		res.Records = append(res.Records, r)
	}
	return res
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestRecordStatistics(t *testing.T) {
	r := newRecord("fft", "x", "generic", 1, nil, []time.Duration{300, 100, 200})
	require.Equal(t, 200.0, r.MedianNS)
	require.Equal(t, 100.0, r.LowNS)
	require.Equal(t, 300.0, r.HighNS)
	require.InDelta(t, 50, r.spreadPct(), 1e-12)
}

func TestResultsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	res := sampleResults("A", 1)
	path := filepath.Join(dir, "results.json")
	require.NoError(t, writeJSON(path, res))
	back, err := readJSON(path)
	require.NoError(t, err)
	require.Equal(t, res, back)

	bad := *res
	bad.Schema = "other/9"
	require.NoError(t, writeJSON(path, &bad))
	_, err = readJSON(path)
	require.ErrorContains(t, err, "schema")
}

// TestBenchfmt checks the lines benchstat reads: one per run, name with the
// implementation and threads, ns/op and the rate.
func TestBenchfmt(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, writeBenchfmt(&b, sampleResults("A", 1)))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Equal(t, "goos: linux", lines[0])
	var bench []string
	for _, l := range lines {
		if strings.HasPrefix(l, "Benchmark") {
			bench = append(bench, l)
		}
	}
	require.Len(t, bench, 6)
	require.Regexp(t, `^BenchmarkNufft/scaling/1d/type1/N=1000/impl=avx2/threads=1\t1\t\d+ ns/op\t[0-9.e+]+ points/s$`, bench[0])
}

func TestCompare(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	require.NoError(t, writeJSON(a, sampleResults("machine A", 1)))
	require.NoError(t, writeJSON(b, sampleResults("machine B", 0.5)))
	var out bytes.Buffer
	require.NoError(t, compare(&out, dir, []string{a, b}))
	require.Contains(t, out.String(), "machine B")
	require.Contains(t, out.String(), "| 2.00 |", "B is twice as fast")
	_, err := os.Stat(filepath.Join(dir, "compare_nufft_1d.svg"))
	require.NoError(t, err)
	require.Error(t, compare(&out, dir, []string{a}))
}

func TestChooseSections(t *testing.T) {
	all, err := chooseSections("")
	require.NoError(t, err)
	require.Len(t, all, len(sections))
	some, err := chooseSections("fft, seed")
	require.NoError(t, err)
	require.Equal(t, "seed", some[0].name, "suite order, not list order")
	require.Equal(t, "fft", some[1].name)
	_, err = chooseSections("nufft")
	require.Error(t, err, "names are exact")
}
