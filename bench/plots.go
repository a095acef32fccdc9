package main

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// series is one line of a plot.
type series struct {
	label  string
	points plotter.XYs
}

// decades marks every power of ten with a label (1e-6, 10, 1e4 …) and the
// multiples 2…9 between them without one.
type decades struct{}

// Ticks implements plot.Ticker.
func (decades) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for k := 1; k <= 9; k++ {
			v := float64(k) * base
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if k == 1 {
				t.Label = decadeLabel(int(e))
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

func decadeLabel(e int) string {
	switch {
	case e >= 0 && e <= 3:
		return fmt.Sprint(math.Pow(10, float64(e)))
	case e == -1:
		return "0.1"
	}
	return fmt.Sprintf("1e%d", e)
}

// linePlot writes an SVG with log-log (or log-x) axes and one line per
// series, sorted by x; the legend goes to the corner legendAt names
// ("top-left", "bottom-right").
func linePlot(path, title, xLabel, yLabel string, logY bool, legendAt string, lines []series, extra ...plot.Plotter) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = decades{}
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = decades{}
	}
	p.Legend.Top = legendAt == "top-left" || legendAt == "top-right"
	p.Legend.Left = legendAt == "top-left" || legendAt == "bottom-left"
	p.Add(plotter.NewGrid())
	for i, l := range lines {
		if len(l.points) == 0 {
			continue
		}
		sort.Slice(l.points, func(a, b int) bool { return l.points[a].X < l.points[b].X })
		line, pts, err := plotter.NewLinePoints(l.points)
		if err != nil {
			return err
		}
		line.Color = plotutil.Color(i)
		line.Dashes = plotutil.Dashes(i / 7)
		pts.Color = plotutil.Color(i)
		pts.Shape = plotutil.Shape(i)
		p.Add(line, pts)
		p.Legend.Add(l.label, line, pts)
	}
	p.Add(extra...)
	return p.Save(6*vg.Inch, 4.5*vg.Inch, path)
}

// writePlots draws the report's figures from the records.
func writePlots(dir string, res *Results) ([]string, error) {
	var files []string
	// NUFFT time against N, per dimension, one line per implementation.
	for dims := 1; dims <= 3; dims++ {
		byImpl := map[string]plotter.XYs{}
		for _, r := range res.Records {
			if r.Suite == "nufft" && r.Threads == 1 && r.Params["dims"] == float64(dims) && isScaling(r) {
				byImpl[r.Impl] = append(byImpl[r.Impl], plotter.XY{X: r.Params["N"], Y: r.MedianNS / 1e6})
			}
		}
		if len(byImpl) == 0 {
			continue
		}
		name := fmt.Sprintf("nufft_time_%dd.svg", dims)
		title := fmt.Sprintf("%dD Type-1 NUFFT, Tol 1e-6, one thread", dims)
		if err := linePlot(filepath.Join(dir, name), title, "N (points = modes)", "time (ms)", true, "top-left", sortedSeries(byImpl)); err != nil {
			return nil, err
		}
		files = append(files, name)
	}
	// Achieved error against requested tolerance.
	byDim := map[string]plotter.XYs{}
	for _, r := range res.Records {
		if r.Suite == "nufft" && r.Check == "rel_l2_error_vs_direct" && !isScaling(r) && r.CheckValue > 0 {
			key := fmt.Sprintf("%gD type %g", r.Params["dims"], r.Params["type"])
			byDim[key] = append(byDim[key], plotter.XY{X: r.Params["tol"], Y: r.CheckValue})
		}
	}
	if len(byDim) > 0 {
		diag, err := plotter.NewLine(plotter.XYs{{X: 1e-13, Y: 1e-13}, {X: 1e-2, Y: 1e-2}})
		if err != nil {
			return nil, err
		}
		diag.Color = color.Gray{Y: 128}
		diag.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		if err := linePlot(filepath.Join(dir, "nufft_error.svg"), "NUFFT error (dashed: error = tolerance)", "requested tolerance", "relative l2 error", true, "bottom-right", sortedSeries(byDim), diag); err != nil {
			return nil, err
		}
		files = append(files, "nufft_error.svg")
	}
	// FFT speed against n.
	byImpl := map[string]plotter.XYs{}
	for _, r := range res.Records {
		if r.Suite == "fft" {
			n := int(r.Params["n"])
			key := r.Impl + ", other sizes"
			if n&(n-1) == 0 {
				key = r.Impl + ", powers of 2"
			}
			byImpl[key] = append(byImpl[key], plotter.XY{X: float64(n), Y: r.Rate})
		}
	}
	if len(byImpl) > 0 {
		if err := linePlot(filepath.Join(dir, "fft_speed.svg"), "Complex FFT, forward, one thread", "n", "GFlop/s (5 n log2 n / t)", false, "bottom-left", sortedSeries(byImpl)); err != nil {
			return nil, err
		}
		files = append(files, "fft_speed.svg")
	}
	// Ising attempts per ns against L.
	byKind := map[string]plotter.XYs{}
	for _, r := range res.Records {
		if r.Suite == "ising" {
			key := fmt.Sprintf("%s %s, %d thread(s)", r.Impl, stencilName(r.Params["stencil"]), r.Threads)
			byKind[key] = append(byKind[key], plotter.XY{X: r.Params["L"], Y: r.Rate})
		}
	}
	if len(byKind) > 0 {
		if err := linePlot(filepath.Join(dir, "ising_speed.svg"), "Ising Metropolis, T = 2.269", "L (lattice L×L)", "attempts/ns", false, "bottom-right", sortedSeries(byKind)); err != nil {
			return nil, err
		}
		files = append(files, "ising_speed.svg")
	}
	return files, nil
}

// isScaling reports whether r belongs to the time-against-N sweep.
func isScaling(r Record) bool { return r.Params["scaling"] == 1 }

func stencilName(v float64) string {
	if v == 1 {
		return "Moore"
	}
	return "von Neumann"
}

func sortedSeries(m map[string]plotter.XYs) []series {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]series, len(keys))
	for i, k := range keys {
		out[i] = series{label: k, points: m[k]}
	}
	return out
}
