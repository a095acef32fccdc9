package ising

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
)

// Estimate is the mean of a correlated time series with its statistical
// error.
type Estimate struct {
	// Mean is the mean of all samples.
	Mean float64
	// Err is the binned standard error of the mean: the samples are cut
	// into Bins bins of equal length (a remainder of fewer than Bins
	// samples at the end is left out), and Err is the standard deviation
	// of the bin means divided by √Bins. It is reliable when a bin is much
	// longer than Tau.
	Err float64
	// Bins is the number of bins, min(32, number of samples); Err is NaN
	// with fewer than 2.
	Bins int
	// Tau is the integrated autocorrelation time in samples, τ = 1/2 +
	// Σ_{t=1}^{W} ρ(t) with Sokal's window: the smallest W ≥ 6τ(W). It is
	// 1/2 for uncorrelated samples, so that the error of the mean is
	// about √(2τ·Var/n); NaN for fewer than 2 samples or a constant series.
	Tau float64
}

// String formats the estimate as "mean ± err (τ = tau)".
func (e Estimate) String() string {
	return fmt.Sprintf("%.6g ± %.2g (τ = %.3g)", e.Mean, e.Err, e.Tau)
}

// maxBins is the number of bins of Analyze.
const maxBins = 32

// Analyze returns the mean of x with its binned error and integrated
// autocorrelation time. x is not modified.
func Analyze(x []float64) Estimate {
	e := Estimate{Mean: math.NaN(), Err: math.NaN(), Tau: math.NaN()}
	n := len(x)
	if n == 0 {
		return e
	}
	e.Mean = stat.Mean(x, nil)
	e.Bins = min(maxBins, n)
	if n < 2 {
		return e
	}
	size := n / e.Bins
	means := make([]float64, e.Bins)
	for b := range means {
		means[b] = stat.Mean(x[b*size:(b+1)*size], nil)
	}
	_, sd := stat.MeanStdDev(means, nil)
	e.Err = stat.StdErr(sd, float64(e.Bins))
	e.Tau = tauInt(x, e.Mean)
	return e
}

// tauInt returns the integrated autocorrelation time of x, whose mean is
// mu, with Sokal's automatic window (c = 6).
func tauInt(x []float64, mu float64) float64 {
	n := len(x)
	c0 := autocov(x, mu, 0)
	if !(c0 > 0) {
		return math.NaN()
	}
	tau := 0.5
	for t := 1; t < n; t++ {
		tau += autocov(x, mu, t) / c0
		if float64(t) >= float64(6*tau) {
			break
		}
	}
	return tau
}

// autocov returns (1/n) Σ_{i<n-t} (x_i - mu)(x_{i+t} - mu).
func autocov(x []float64, mu float64, t int) float64 {
	s := 0.0
	for i := 0; i+t < len(x); i++ {
		s += float64((x[i] - mu) * (x[i+t] - mu))
	}
	return s / float64(len(x))
}

// Measurement holds the time series of a run and their estimates.
type Measurement struct {
	// Energy and Magnetization hold the energy and the magnetization per
	// spin after each sample's sweeps.
	Energy, Magnetization []float64
	// E, M and AbsM estimate the mean energy, magnetization and absolute
	// magnetization per spin.
	E, M, AbsM Estimate
	// SpecificHeat is the specific heat per spin, N·Beta²·Var(E) with
	// E per spin, from the same samples (no error estimate).
	SpecificHeat float64
}

// Measure runs samples × sweepsPerSample sweeps and records the energy and
// magnetization per spin after every sweepsPerSample sweeps; it returns
// the series and their estimates (see Analyze). Thermalise first: Measure
// uses every sample. It returns an error wrapping ErrConfig if samples or
// sweepsPerSample is less than 1.
func (l *Lattice) Measure(samples, sweepsPerSample int) (Measurement, error) {
	if samples < 1 || sweepsPerSample < 1 {
		return Measurement{}, fmt.Errorf("%w: Measure(%d, %d): both must be positive", ErrConfig, samples, sweepsPerSample)
	}
	m := Measurement{Energy: make([]float64, samples), Magnetization: make([]float64, samples)}
	abs := make([]float64, samples)
	for i := range samples {
		l.Sweeps(sweepsPerSample)
		m.Energy[i] = l.Energy()
		m.Magnetization[i] = l.Magnetization()
		abs[i] = math.Abs(m.Magnetization[i])
	}
	m.E, m.M, m.AbsM = Analyze(m.Energy), Analyze(m.Magnetization), Analyze(abs)
	n := float64(l.rows * l.cols)
	m.SpecificHeat = float64(float64(float64(n*l.cfg.Beta)*l.cfg.Beta) * stat.PopVariance(m.Energy, nil))
	return m, nil
}
