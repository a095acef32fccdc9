// Command bench validates and times numkern's kernels on this machine and
// writes a report.
//
//	go run ./bench                  # the suite (under two minutes); writes report/
//	go run ./bench -long            # the full sweep
//	go run ./bench -features        # only the CPU, its features and each kernel's implementation
//	go run ./bench compare A/results.json B/results.json …   # machines or versions side by side
//
// The report directory holds report.md (machine, then tables), results.json
// (every figure with its runs, schema "numkern-bench/1"), results.txt (Go
// benchmark format: `benchstat A/results.txt B/results.txt`) and SVG plots.
// Every figure is validated in the same run: a NUFFT time carries its error
// against the direct sum, an FFT time its error against gonum, a SIMD figure
// the check that it reproduces the generic bits, an Ising rate the energy
// reached.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/numkern/numkern/asm/gaussw"
	"github.com/numkern/numkern/asm/gridrows"
	"github.com/numkern/numkern/internal/cpu"

	"math/rand/v2"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "compare" {
		fs := flag.NewFlagSet("compare", flag.ExitOnError)
		dir := fs.String("dir", "report-compare", "directory for the comparison's plot")
		_ = fs.Parse(os.Args[2:])
		if err := compare(os.Stdout, *dir, fs.Args()); err != nil {
			fmt.Fprintln(os.Stderr, "bench compare:", err)
			os.Exit(1)
		}
		return
	}
	features := flag.Bool("features", false, "print the CPU, its features and the implementation of each kernel, then exit")
	dir := flag.String("dir", "report", "directory the report is written to")
	long := flag.Bool("long", false, "run the full sweep (larger sizes), not the two-minute default")
	budget := flag.Duration("budget", time.Second, "time to spend on the timed runs of one case (at least one run, at most -runs)")
	runs := flag.Int("runs", 5, "most timed runs per case; the median is reported with the range")
	only := flag.String("only", "", "run only these sections, comma-separated: nufft-scaling, nufft-tolerance, seed, threads, spread, fft, ising")
	label := flag.String("label", "", "label of this machine in results.json (default: the CPU model)")
	flag.Parse()

	if err := cpu.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if *features {
		writeHeader(os.Stdout)
		return
	}
	selected, err := chooseSections(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: -only:", err)
		os.Exit(2)
	}
	s := &suite{cfg: timing{budget: *budget, maxRuns: max(*runs, 1)}, long: *long, rng: rand.New(rand.NewPCG(1, 2))}
	s.res = Results{Schema: Schema, Machine: currentMachine(*label)}
	writeHeader(&s.md)
	start := time.Now()
	for _, sec := range selected {
		if err := sec.run(s); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %s: %v\n", sec.name, err)
			os.Exit(1)
		}
	}
	s.printf("\nTotal run time %.0f s.\n", time.Since(start).Seconds())
	if err := writeReport(*dir, s); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// chooseSections returns the sections named in the comma-separated list,
// in suite order, or all of them for an empty list.
func chooseSections(list string) ([]section, error) {
	if list == "" {
		return sections, nil
	}
	want := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		want[strings.TrimSpace(name)] = true
	}
	var out []section
	for _, sec := range sections {
		if want[sec.name] {
			out = append(out, sec)
			delete(want, sec.name)
		}
	}
	for name := range want {
		return nil, fmt.Errorf("no section %q", name)
	}
	return out, nil
}

// writeReport writes the report directory and prints report.md.
func writeReport(dir string, s *suite) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	plots, err := writePlots(dir, &s.res)
	if err != nil {
		return err
	}
	if len(plots) > 0 {
		s.printf("\n## Plots\n\n")
		for _, p := range plots {
			s.printf("![%s](%s)\n\n", strings.TrimSuffix(p, ".svg"), p)
		}
	}
	if err := writeJSON(filepath.Join(dir, "results.json"), &s.res); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "results.txt"))
	if err != nil {
		return err
	}
	if err := writeBenchfmt(f, &s.res); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(s.md.String()), 0o644); err != nil {
		return err
	}
	fmt.Print(s.md.String())
	fmt.Fprintln(os.Stderr, "bench: wrote", dir)
	return nil
}

// kernels lists the SIMD-dispatched kernels and the implementation each
// runs on this machine.
var kernels = []struct {
	name string
	impl func() cpu.ISA
}{
	{"Gaussian weights (asm/gaussw)", gaussw.Implementation},
	{"row accumulation (asm/gridrows)", gridrows.Implementation},
	{"FFT passes (asm/fftk)", fftImplementation},
}

func cpuCount() int { return runtime.GOMAXPROCS(0) }

func writeHeader(w io.Writer) {
	fmt.Fprintf(w, "# numkern benchmark report\n\n")
	fmt.Fprintf(w, "| | |\n|---|---|\n")
	fmt.Fprintf(w, "| CPU | %s |\n", cpu.ModelName())
	fmt.Fprintf(w, "| cores (GOMAXPROCS) | %d |\n", runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "| features | %s |\n", strings.Join(cpu.Features(), " "))
	fmt.Fprintf(w, "| implementations available | %s |\n", joinISAs(cpu.Available()))
	fmt.Fprintf(w, "| implementation selected | %s |\n", cpu.Selected())
	fmt.Fprintf(w, "| Go | %s %s/%s |\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "| date | %s |\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "| kernel | implementation |\n|---|---|\n")
	for _, k := range kernels {
		fmt.Fprintf(w, "| %s | %s |\n", k.name, k.impl())
	}
}

func joinISAs(isas []cpu.ISA) string {
	names := make([]string, len(isas))
	for i, isa := range isas {
		names[i] = isa.String()
	}
	return strings.Join(names, ", ")
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
