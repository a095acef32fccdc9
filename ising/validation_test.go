package ising

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/bits"
	"os"
	"strconv"
	"testing"

	"github.com/numkern/numkern/internal/golden"
	"github.com/stretchr/testify/require"
)

// exactSmall returns the exact mean energy, magnetization and absolute
// magnetization per spin of a rows×cols periodic lattice (rows·cols ≤ 20)
// by summing over all 2^(rows·cols) states.
func exactSmall(rows, cols int, st Stencil, beta, j, h float64) (e, m, absM float64) {
	n := rows * cols
	offs := [][2]int{{0, 1}, {1, 0}}
	if st == Moore {
		offs = append(offs, [2]int{1, 1}, [2]int{1, -1})
	}
	type bond struct{ a, b uint }
	var bonds []bond
	for r := range rows {
		for c := range cols {
			for _, o := range offs {
				r2, c2 := (r+o[0]+rows)%rows, (c+o[1]+cols)%cols
				bonds = append(bonds, bond{uint(r*cols + c), uint(r2*cols + c2)})
			}
		}
	}
	// Energies relative to the lowest, so that no weight overflows.
	energies := make([]float64, 1<<n)
	mags := make([]int, 1<<n)
	emin := math.Inf(1)
	for s := range energies {
		sum := 0
		for _, b := range bonds {
			sum += 1 - 2*int((s>>b.a^s>>b.b)&1)
		}
		mags[s] = 2*bits.OnesCount(uint(s)) - n
		energies[s] = -j*float64(sum) - h*float64(mags[s])
		emin = min(emin, energies[s])
	}
	var z float64
	for s, en := range energies {
		w := math.Exp(-beta * (en - emin))
		z += w
		e += w * en
		m += w * float64(mags[s])
		absM += w * math.Abs(float64(mags[s]))
	}
	fn := float64(n)
	return e / z / fn, m / z / fn, absM / z / fn
}

// exactCSV returns the rows of testdata/ising/exact_energy.csv by (L, T).
func exactCSV(t *testing.T) map[[2]string]float64 {
	path, err := golden.Path("ising/exact_energy.csv")
	require.NoError(t, err)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"L", "T", "energy_per_spin", "specific_heat_per_spin"}, recs[0])
	out := map[[2]string]float64{}
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[2], 64)
		require.NoError(t, err)
		out[[2]string{r[0], r[1]}] = v
	}
	return out
}

// TestEnumerationMatchesKaufman checks the enumeration used below against
// the exact 4×4 values of the CSV.
func TestEnumerationMatchesKaufman(t *testing.T) {
	ex := exactCSV(t)
	for _, temp := range []string{"1.5", "2.0", "2.269185", "2.5", "3.0"} {
		tv, _ := strconv.ParseFloat(temp, 64)
		e, m, _ := exactSmall(4, 4, VonNeumann, 1/tv, 1, 0)
		require.InDelta(t, ex[[2]string{"4", temp}], e, 1e-11, "T=%s", temp)
		require.InDelta(t, 0, m, 1e-12)
	}
}

// within4σ checks an estimate against an exact value and logs both.
func within4σ(t *testing.T, name string, est Estimate, exact float64) {
	t.Helper()
	dev := (est.Mean - exact) / est.Err
	t.Logf("%-24s MC %.6f ± %.6f (τ %.3g)  exact %.6f  deviation %+.2fσ", name, est.Mean, est.Err, est.Tau, exact, dev)
	require.False(t, math.IsNaN(dev), "%s: no error estimate", name)
	require.LessOrEqual(t, math.Abs(dev), 4.0, "%s: %v vs exact %v", name, est, exact)
}

// TestExactEnumeration compares Monte Carlo averages on 4×4 lattices, both
// stencils, with and without field (and one antiferromagnet), with exact
// averages over all 2^16 states.
func TestExactEnumeration(t *testing.T) {
	samples := 200000
	if testing.Short() {
		samples = 10000
	}
	cases := []struct {
		st      Stencil
		beta, j float64
		h       float64
	}{
		{VonNeumann, 0.4, 1, 0},
		{VonNeumann, 0.35, 1, 0.3},
		{VonNeumann, 0.5, -1, 0.5},
		{Moore, 0.2, 1, 0},
		{Moore, 0.25, 1, -0.2},
	}
	for i, c := range cases {
		name := fmt.Sprintf("%v/beta=%v/J=%v/H=%v", c.st, c.beta, c.j, c.h)
		t.Run(name, func(t *testing.T) {
			e, m, absM := exactSmall(4, 4, c.st, c.beta, c.j, c.h)
			l, err := New(4, 4, Config{Beta: c.beta, J: c.j, H: c.h, Seed: uint64(100 + i), Stencil: c.st, Threads: 1})
			require.NoError(t, err)
			l.Sweeps(1000)
			res, err := l.Measure(samples, 1)
			require.NoError(t, err)
			within4σ(t, "energy", res.E, e)
			within4σ(t, "magnetization", res.M, m)
			within4σ(t, "|magnetization|", res.AbsM, absM)
		})
	}
}

// TestKaufman compares the mean energy per spin with the exact
// finite-lattice values of Kaufman and Ferdinand–Fisher.
func TestKaufman(t *testing.T) {
	ex := exactCSV(t)
	cases := []struct {
		l, temp     string
		cold        bool
		therm, meas int
		long        bool
	}{
		{"16", "2.0", true, 2000, 100000, false},
		{"16", "2.5", false, 2000, 100000, false},
		{"64", "2.269185", false, 5000, 100000, true},
	}
	for i, c := range cases {
		t.Run("L="+c.l+"/T="+c.temp, func(t *testing.T) {
			if c.long && testing.Short() {
				t.Skip("long")
			}
			therm, meas := c.therm, c.meas
			if testing.Short() {
				therm, meas = therm/10, meas/20
			}
			side, _ := strconv.Atoi(c.l)
			temp, _ := strconv.ParseFloat(c.temp, 64)
			l, err := New(side, side, Config{Beta: 1 / temp, J: 1, Seed: uint64(7 + i), Cold: c.cold, Threads: 1})
			require.NoError(t, err)
			l.Sweeps(therm)
			res, err := l.Measure(meas, 1)
			require.NoError(t, err)
			within4σ(t, "energy", res.E, ex[[2]string{c.l, c.temp}])
		})
	}
}
