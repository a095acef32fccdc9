package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/numkern/numkern/internal/cpu"
)

// Schema names the layout of results.json; it changes when a field's
// meaning does, and `compare` refuses files of another schema.
const Schema = "numkern-bench/1"

// Results is everything one run measured, as written to results.json.
type Results struct {
	Schema  string   `json:"schema"`
	Machine Machine  `json:"machine"`
	Records []Record `json:"records"`
}

// Machine describes where the results were measured.
type Machine struct {
	Label      string            `json:"label"` // -label, or the CPU model
	CPU        string            `json:"cpu"`
	Features   []string          `json:"features"`
	GOOS       string            `json:"goos"`
	GOARCH     string            `json:"goarch"`
	Go         string            `json:"go"`
	GOMAXPROCS int               `json:"gomaxprocs"`
	Available  []string          `json:"available"` // implementations available here
	Selected   string            `json:"selected"`
	Kernels    map[string]string `json:"kernels"` // kernel → implementation it runs by default
	Date       string            `json:"date"`
}

// Record is one measured figure: a median of repeated timed runs, with the
// runs themselves, and the check that validates it.
type Record struct {
	Suite   string             `json:"suite"` // nufft, spread, fft, ising
	Name    string             `json:"name"`  // slash-separated parameters, benchmark style
	Impl    string             `json:"impl"`
	Threads int                `json:"threads"`
	Params  map[string]float64 `json:"params"`
	RunsNS  []float64          `json:"runs_ns"`
	// MedianNS is the median run; LowNS and HighNS the fastest and slowest.
	MedianNS float64 `json:"median_ns"`
	LowNS    float64 `json:"low_ns"`
	HighNS   float64 `json:"high_ns"`
	// Rate is the figure of merit at the median (Unit per second, or per
	// nanosecond as Unit says).
	Rate float64 `json:"rate"`
	Unit string  `json:"unit"`
	// Check is what validated the run and CheckValue its outcome: the
	// relative error against a reference, 1 for bit-identical to generic,
	// an energy per spin.
	Check      string  `json:"check"`
	CheckValue float64 `json:"check_value"`
}

// newRecord fills the timing fields from the runs.
func newRecord(suite, name, impl string, threads int, params map[string]float64, runs []time.Duration) Record {
	r := Record{Suite: suite, Name: name, Impl: impl, Threads: threads, Params: params}
	for _, d := range runs {
		r.RunsNS = append(r.RunsNS, float64(d.Nanoseconds()))
	}
	sorted := slices.Clone(r.RunsNS)
	slices.Sort(sorted)
	r.MedianNS, r.LowNS, r.HighNS = sorted[len(sorted)/2], sorted[0], sorted[len(sorted)-1]
	return r
}

// spreadPct is the half-range of the runs as a percentage of the median.
func (r Record) spreadPct() float64 {
	return 50 * (r.HighNS - r.LowNS) / r.MedianNS
}

func currentMachine(label string) Machine {
	m := Machine{
		Label: label, CPU: cpu.ModelName(), Features: cpu.Features(),
		GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Go: runtime.Version(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		Selected: cpu.Selected().String(), Kernels: map[string]string{},
		Date: time.Now().UTC().Format(time.RFC3339),
	}
	if m.Label == "" {
		m.Label = m.CPU
	}
	for _, isa := range cpu.Available() {
		m.Available = append(m.Available, isa.String())
	}
	for _, k := range kernels {
		m.Kernels[k.name] = k.impl().String()
	}
	return m
}

func writeJSON(path string, res *Results) error {
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func readJSON(path string) (*Results, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var res Results
	if err := json.Unmarshal(b, &res); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if res.Schema != Schema {
		return nil, fmt.Errorf("%s: schema %q, this command reads %q", path, res.Schema, Schema)
	}
	return &res, nil
}

// writeBenchfmt writes the records in the Go benchmark format, one line per
// timed run, so that `benchstat a/results.txt b/results.txt` compares two
// machines or versions.
func writeBenchfmt(w io.Writer, res *Results) error {
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: github.com/numkern/numkern/bench\ncpu: %s\n", res.Machine.GOOS, res.Machine.GOARCH, res.Machine.CPU)
	for _, r := range res.Records {
		name := "Benchmark" + strings.ToUpper(r.Suite[:1]) + r.Suite[1:] + "/" + r.Name + "/impl=" + r.Impl + fmt.Sprintf("/threads=%d", r.Threads)
		for _, ns := range r.RunsNS {
			line := fmt.Sprintf("%s\t1\t%.0f ns/op", name, ns)
			if r.Unit != "" && r.MedianNS > 0 {
				// The rate of this run, in the record's unit.
				line += fmt.Sprintf("\t%.6g %s", r.Rate*r.MedianNS/ns, strings.ReplaceAll(r.Unit, " ", "_"))
			}
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
	}
	return nil
}
