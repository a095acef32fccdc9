// Command bench validates and times numkern's kernels on this machine and
// writes a Markdown report.
//
//	go run ./bench              # the suite: report on stdout and in report/report.md
//	go run ./bench -features    # only the CPU, its features and the implementation chosen per kernel
//
// Every figure is validated in the same run: each NUFFT time is printed with
// the transform's error against the direct sum (on sampled outputs when the
// problem is large).
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
)

func main() {
	features := flag.Bool("features", false, "print the CPU, its features and the implementation chosen per kernel, then exit")
	dir := flag.String("dir", "report", "directory the report is written to")
	budget := flag.Duration("budget", 2*time.Second, "time to spend on the timed runs of one case (at least one run, at most -runs)")
	runs := flag.Int("runs", 5, "most timed runs per case; the median is reported")
	flag.Parse()

	if err := cpu.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var report strings.Builder
	writeHeader(&report)
	if *features {
		fmt.Print(report.String())
		return
	}
	cfg := timing{budget: *budget, maxRuns: max(*runs, 1)}
	start := time.Now()
	for _, section := range []func(io.Writer, timing) error{runNUFFT, runSeedCase, runThreads, runSpread} {
		if err := section(&report, cfg); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
	fmt.Fprintf(&report, "\nTotal run time %.0f s.\n", time.Since(start).Seconds())

	fmt.Print(report.String())
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	path := filepath.Join(*dir, "report.md")
	if err := os.WriteFile(path, []byte(report.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "bench: wrote", path)
}

// kernels lists the SIMD-dispatched kernels and the implementation each
// runs on this machine (the FFT has no assembly yet).
var kernels = []struct {
	name string
	impl func() cpu.ISA
}{
	{"Gaussian weights (asm/gaussw)", gaussw.Implementation},
	{"row accumulation (asm/gridrows)", gridrows.Implementation},
	{"FFT passes (fft)", func() cpu.ISA { return cpu.Generic }},
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
