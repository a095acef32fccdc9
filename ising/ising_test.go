package ising

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/numkern/numkern/internal/golden"
	"github.com/stretchr/testify/require"
)

func TestBadInput(t *testing.T) {
	good := Config{Beta: 0.4, J: 1}
	for _, sz := range [][2]int{{0, 4}, {4, 0}, {-2, 4}, {4, -2}, {3, 4}, {4, 5}, {1, 1}, {-1, -1}, {1 << 31, 1 << 31}} {
		_, err := New(sz[0], sz[1], good)
		require.ErrorIs(t, err, ErrConfig, "%v", sz)
	}
	nan, inf := math.NaN(), math.Inf(1)
	bad := []Config{
		{Beta: nan, J: 1}, {Beta: inf, J: 1}, {Beta: -inf, J: 1}, {Beta: -0.1, J: 1},
		{Beta: 0.4, J: nan}, {Beta: 0.4, J: inf}, {Beta: 0.4, J: -inf},
		{Beta: 0.4, J: 1, H: nan}, {Beta: 0.4, J: 1, H: inf}, {Beta: 0.4, J: 1, H: -inf},
		{Beta: 0.4, J: 1, Stencil: 2}, {Beta: 0.4, J: 1, Stencil: -1},
		{Beta: 0.4, J: 1, Threads: -1},
	}
	for _, cfg := range bad {
		l, err := New(4, 4, cfg)
		require.ErrorIs(t, err, ErrConfig, "%+v", cfg)
		require.Nil(t, l)
	}
	l, err := New(4, 4, good)
	require.NoError(t, err)
	before := l.Spins()
	for _, b := range []float64{nan, inf, -inf, -1} {
		require.ErrorIs(t, l.SetBeta(b), ErrConfig)
	}
	for _, v := range []float64{nan, inf, -inf} {
		require.ErrorIs(t, l.SetCoupling(v), ErrConfig)
		require.ErrorIs(t, l.SetField(v), ErrConfig)
	}
	require.Equal(t, good.Beta, l.Config().Beta)
	require.ErrorIs(t, l.SetSpins(make([]int8, 15)), ErrConfig)
	require.ErrorIs(t, l.SetSpins(make([]int8, 16)), ErrConfig) // zeros
	require.ErrorIs(t, l.Fill(0), ErrConfig)
	require.ErrorIs(t, l.Fill(2), ErrConfig)
	require.Equal(t, before, l.Spins())
	_, err = l.Measure(0, 1)
	require.ErrorIs(t, err, ErrConfig)
	_, err = l.Measure(1, 0)
	require.ErrorIs(t, err, ErrConfig)
	l.Sweeps(-1)
	l.Sweeps(0)
	require.Equal(t, before, l.Spins())
	// Extreme but valid parameters.
	for _, cfg := range []Config{
		{Beta: math.MaxFloat64, J: math.MaxFloat64, H: -math.MaxFloat64},
		{Beta: 0, J: math.MaxFloat64, H: math.MaxFloat64},
		{Beta: 1e-300, J: 1e-300, H: 5e-324},
		{Beta: 1e300, J: -1e-300},
	} {
		l, err := New(4, 6, cfg)
		require.NoError(t, err, "%+v", cfg)
		l.Sweeps(3)
		require.False(t, math.IsNaN(l.Magnetization()))
	}
	require.Equal(t, "Stencil(7)", Stencil(7).String())
	require.Equal(t, "Moore", Moore.String())
}

// TestThreshold checks the rule against math.Exp and its special cases.
func TestThreshold(t *testing.T) {
	require.Equal(t, uint64(1<<32), Threshold(0.5, 0))
	require.Equal(t, uint64(1<<32), Threshold(0.5, -8))
	require.Equal(t, uint64(1<<32), Threshold(0, 8))
	require.Equal(t, uint64(1<<32), Threshold(0, math.Inf(1))) // NaN product: always
	require.Equal(t, uint64(0), Threshold(1, math.Inf(1)))
	require.Equal(t, uint64(0), Threshold(1, 23))        // e^-23 < 2^-32
	require.Equal(t, uint64(1<<32), Threshold(1e-30, 4)) // rounds to 1
	require.Equal(t, uint64(1<<31), Threshold(1, math.Ln2))
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		beta, de := 2*rng.Float64(), 16*rng.Float64()
		want := math.Floor(math.Exp(-beta*de) * (1 << 32))
		got := float64(Threshold(beta, de))
		require.InDelta(t, want, got, 1+want*4e-16, "beta %v dE %v", beta, de)
	}
}

// goldenLattice is the content of a golden file.
type goldenLattice struct {
	Rows, Cols    int
	Config        Config
	Sweeps        int
	Spins         []string // one string per row, '+' and '-'
	Energy        float64
	Magnetization float64
}

// TestGolden pins the canonical trajectory: any change of the algorithm
// (streams, threshold rule, order of updates) changes these files.
func TestGolden(t *testing.T) {
	cases := []struct {
		name       string
		rows, cols int
		cfg        Config
		sweeps     int
	}{
		{"golden_vonneumann", 12, 20, Config{Beta: 0.44, J: 1, Seed: 2015, Threads: 1}, 10},
		{"golden_vonneumann_field", 6, 140, Config{Beta: 0.3, J: 1, H: 0.1, Seed: 1, Threads: 2}, 5},
		{"golden_moore", 12, 20, Config{Beta: 0.2, J: 1, Seed: 2015, Stencil: Moore, Threads: 3}, 10},
		{"golden_moore_field", 6, 140, Config{Beta: 0.6, J: -1, H: 0.5, Seed: 1, Stencil: Moore, Threads: 1}, 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := New(c.rows, c.cols, c.cfg)
			require.NoError(t, err)
			l.Sweeps(c.sweeps)
			g := goldenLattice{Rows: c.rows, Cols: c.cols, Config: c.cfg, Sweeps: c.sweeps,
				Energy: l.Energy(), Magnetization: l.Magnetization()}
			s := l.Spins()
			for r := range c.rows {
				var b strings.Builder
				for _, v := range s[r*c.cols : (r+1)*c.cols] {
					b.WriteByte(map[int8]byte{1: '+', -1: '-'}[v])
				}
				g.Spins = append(g.Spins, b.String())
			}
			golden.Check(t, "ising/"+c.name+".json", g)
		})
	}
}

func TestAnalyze(t *testing.T) {
	e := Analyze(nil)
	require.True(t, math.IsNaN(e.Mean) && math.IsNaN(e.Err) && math.IsNaN(e.Tau))
	e = Analyze([]float64{3})
	require.Equal(t, 3.0, e.Mean)
	require.True(t, math.IsNaN(e.Err))
	e = Analyze([]float64{2, 2, 2, 2})
	require.Equal(t, 2.0, e.Mean)
	require.Equal(t, 0.0, e.Err)
	require.True(t, math.IsNaN(e.Tau))

	// AR(1) with coefficient phi: τ = (1+phi)/(2(1-phi)), and the error of
	// the mean is σ·√(2τ/n) with σ² = 1/(1-phi²).
	rng := rand.New(rand.NewPCG(5, 6))
	for _, phi := range []float64{0, 0.5, 0.9} {
		n := 200000
		x := make([]float64, n)
		v := 0.0
		for i := range x {
			v = phi*v + rng.NormFloat64()
			x[i] = v + 10
		}
		e := Analyze(x)
		tau := (1 + phi) / (2 * (1 - phi))
		sigma := math.Sqrt(1 / (1 - phi*phi))
		err := sigma * math.Sqrt(2*tau/float64(n))
		require.Equal(t, 32, e.Bins)
		require.InDelta(t, tau, e.Tau, 0.1*tau, "phi %v", phi)
		require.InDelta(t, err, e.Err, 0.35*err, "phi %v", phi) // 32 bins: ±13% (1σ)
		require.InDelta(t, 10, e.Mean, 5*err)
		require.Contains(t, e.String(), "τ =")
	}
}

func TestImage(t *testing.T) {
	l, err := New(4, 6, Config{Beta: 0.4, J: 1, Seed: 3})
	require.NoError(t, err)
	img := l.Image()
	require.Equal(t, 6, img.Bounds().Dx())
	require.Equal(t, 4, img.Bounds().Dy())
	for r := range 4 {
		for c := range 6 {
			want := Palette[0]
			if l.Spin(r, c) == 1 {
				want = Palette[1]
			}
			require.Equal(t, want, img.At(c, r))
		}
	}
	require.Equal(t, l.Spin(3, 5), l.Spin(-1, -1))
}
