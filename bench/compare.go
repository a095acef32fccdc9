package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gonum.org/v1/plot/plotter"
)

// compare renders one side-by-side table of several results.json files
// (machines or versions): for every figure measured by all of them, its
// rate in each and the ratio to the first. It also plots the NUFFT time
// against N for each file, best implementation per file.
func compare(w io.Writer, dir string, paths []string) error {
	if len(paths) < 2 {
		return fmt.Errorf("compare needs at least two results.json files")
	}
	var runs []*Results
	for _, path := range paths {
		res, err := readJSON(path)
		if err != nil {
			return err
		}
		runs = append(runs, res)
	}
	fmt.Fprintf(w, "# numkern: comparison\n\n| | label | CPU | Go | date |\n|---|---|---|---|---|\n")
	for i, r := range runs {
		fmt.Fprintf(w, "| %c | %s | %s | %s | %s |\n", 'A'+i, r.Machine.Label, r.Machine.CPU, r.Machine.Go, r.Machine.Date)
	}
	type key struct {
		suite, name, impl string
		threads           int
	}
	index := make([]map[key]Record, len(runs))
	for i, r := range runs {
		index[i] = map[key]Record{}
		for _, rec := range r.Records {
			index[i][key{rec.Suite, rec.Name, rec.Impl, rec.Threads}] = rec
		}
	}
	var keys []key
	for k := range index[0] {
		inAll := true
		for _, idx := range index[1:] {
			_, ok := idx[k]
			inAll = inAll && ok
		}
		if inAll {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.suite != b.suite {
			return a.suite < b.suite
		}
		if a.name != b.name {
			return a.name < b.name
		}
		if a.impl != b.impl {
			return a.impl < b.impl
		}
		return a.threads < b.threads
	})
	fmt.Fprintf(w, "\nFigures measured by every run: the rate (higher is better) and its ratio to A.\n\n| suite | case | impl | threads | unit |")
	for i := range runs {
		fmt.Fprintf(w, " %c |", 'A'+i)
	}
	for i := 1; i < len(runs); i++ {
		fmt.Fprintf(w, " %c/A |", 'A'+i)
	}
	fmt.Fprintf(w, "\n|---|---|---|---|---|%s\n", strings.Repeat("---|", 2*len(runs)-1))
	for _, k := range keys {
		base := index[0][k]
		fmt.Fprintf(w, "| %s | %s | %s | %d | %s |", k.suite, k.name, k.impl, k.threads, base.Unit)
		for i := range runs {
			fmt.Fprintf(w, " %.3g |", index[i][k].Rate)
		}
		for i := 1; i < len(runs); i++ {
			fmt.Fprintf(w, " %.2f |", index[i][k].Rate/base.Rate)
		}
		fmt.Fprintln(w)
	}
	if len(keys) == 0 {
		fmt.Fprintln(w, "\n(no figure was measured by every run)")
	}
	// One plot: 1D NUFFT time against N, each run's default implementation.
	lines := map[string]plotter.XYs{}
	for i, r := range runs {
		label := fmt.Sprintf("%c: %s (%s)", 'A'+i, r.Machine.Label, r.Machine.Selected)
		for _, rec := range r.Records {
			if rec.Suite == "nufft" && isScaling(rec) && rec.Params["dims"] == 1 && rec.Impl == r.Machine.Selected {
				lines[label] = append(lines[label], plotter.XY{X: rec.Params["N"], Y: rec.MedianNS / 1e6})
			}
		}
	}
	if len(lines) > 0 && dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		path := filepath.Join(dir, "compare_nufft_1d.svg")
		if err := linePlot(path, "1D Type-1 NUFFT, Tol 1e-6, one thread", "N (points = modes)", "time (ms)", true, "top-left", sortedSeries(lines)); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n![1D NUFFT time against N](compare_nufft_1d.svg)\n")
	}
	return nil
}
