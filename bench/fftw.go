//go:build fftw

// The FFTW comparison: go run -tags fftw ./bench (cgo, needs libfftw3-dev,
// which also provides the long double library used as the reference).

package main

/*
#cgo LDFLAGS: -lfftw3 -lfftw3f -lfftw3l -lm
#include <fftw3.h>
#include <stdlib.h>

// planD makes a one-thread FFTW_MEASURE plan of length n, in place on x.
static fftw_plan planD(int n, fftw_complex *x) {
	return fftw_plan_dft_1d(n, x, x, FFTW_FORWARD, FFTW_MEASURE);
}

// planF makes a one-thread FFTW_MEASURE single-precision plan.
static fftwf_plan planF(int n, fftwf_complex *x) {
	return fftwf_plan_dft_1d(n, x, x, FFTW_FORWARD, FFTW_MEASURE);
}

// refL computes the forward transform of the double array x (interleaved)
// in long double and returns it rounded to double in y.
static void refL(int n, const double *x, double *y) {
	fftwl_complex *a = fftwl_malloc(sizeof(fftwl_complex) * n);
	fftwl_plan p = fftwl_plan_dft_1d(n, a, a, FFTW_FORWARD, FFTW_ESTIMATE);
	for (int i = 0; i < n; i++) {
		a[i][0] = x[2*i];
		a[i][1] = x[2*i+1];
	}
	fftwl_execute(p);
	for (int i = 0; i < n; i++) {
		y[2*i] = (double)a[i][0];
		y[2*i+1] = (double)a[i][1];
	}
	fftwl_destroy_plan(p);
	fftwl_free(a);
}
*/
import "C"

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"
	"unsafe"

	"github.com/numkern/numkern/fft"
	"github.com/numkern/numkern/internal/cpu"
)

// fftwSizes are the lengths of the targets: powers of two, 10^6
// and 324000 = 2^5·3^4·5^3.
var fftwSizes = []int{1024, 4096, 65536, 1 << 20, 1000000, 324000}

// fftwRounds is the number of alternating timing rounds per length.
const fftwRounds = 7

// runFFTWComparison writes a table comparing fft.Plan.Forward (one thread,
// every available ISA) with FFTW's one-thread FFTW_MEASURE plans, and the
// relative l2 error of both against FFTW in long double precision, for the
// issue's lengths (fftwSizes) and the lengths given.
func runFFTWComparison(w io.Writer, sizes []int) error {
	isas := cpu.Available()
	all := append(slices.Clone(fftwSizes), sizes...)
	slices.Sort(all)
	all = slices.Compact(all)
	fmt.Fprintf(w, "\n## FFT vs FFTW (complex128, forward, in place, one thread)\n\n")
	fmt.Fprintf(w, "Time per transform in ns: the best of %d rounds, each round timing every implementation in turn "+
		"for about 20 ms, so that all see the same machine load (the best rather than the median, as other "+
		"processes may share the cores). FFTW %s uses one-thread FFTW_MEASURE plans. "+
		"Errors are relative l2 errors against FFTW in long double precision.\n\n", fftwRounds, C.GoString((*C.char)(unsafe.Pointer(&C.fftw_version))))
	writeFFTWHeader(w, isas)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range all {
		progress("fftw comparison n=%d", n)
		row, err := compareFFTW(n, isas, rng)
		if err != nil {
			return err
		}
		writeFFTWRow(w, n, isas, row)
	}
	fmt.Fprintf(w, "\n### complex64 (Plan64) vs FFTW single precision\n\nAs above, with fftwf; errors against the same long double reference.\n\n")
	writeFFTWHeader(w, isas)
	for _, n := range all {
		progress("fftwf comparison n=%d", n)
		row, err := compareFFTWf(n, isas, rng)
		if err != nil {
			return err
		}
		writeFFTWRow(w, n, isas, row)
	}
	return nil
}

func writeFFTWHeader(w io.Writer, isas []cpu.ISA) {
	fmt.Fprintf(w, "| n |")
	for _, isa := range isas {
		fmt.Fprintf(w, " %s |", isa)
	}
	fmt.Fprintf(w, " FFTW | ratio %s/FFTW | error (ours) | error (FFTW) |\n|---|", cpu.Selected())
	for range isas {
		fmt.Fprintf(w, "---|")
	}
	fmt.Fprintf(w, "---|---|---|---|\n")
}

func writeFFTWRow(w io.Writer, n int, isas []cpu.ISA, row fftwRow) {
	fmt.Fprintf(w, "| %d |", n)
	for _, t := range row.ours {
		fmt.Fprintf(w, " %.0f |", t)
	}
	best := row.ours[len(row.ours)-1]
	for i, isa := range isas {
		if isa == cpu.Selected() {
			best = row.ours[i]
		}
	}
	fmt.Fprintf(w, " %.0f | %.2f | %.2e | %.2e |\n", row.fftw, best/row.fftw, row.errOurs, row.errFFTW)
}

type fftwRow struct {
	ours             []float64 // ns per transform, per ISA
	fftw             float64
	errOurs, errFFTW float64
}

func compareFFTW(n int, isas []cpu.ISA, rng *rand.Rand) (fftwRow, error) {
	x := make([]complex128, n)
	for i := range x {
		x[i] = complex(2*rng.Float64()-1, 2*rng.Float64()-1)
	}
	ref := make([]complex128, n)
	C.refL(C.int(n), (*C.double)(unsafe.Pointer(&x[0])), (*C.double)(unsafe.Pointer(&ref[0])))

	buf := (*C.fftw_complex)(C.fftw_malloc(C.size_t(16 * n)))
	defer C.fftw_free(unsafe.Pointer(buf))
	fx := unsafe.Slice((*complex128)(unsafe.Pointer(buf)), n)
	plan := C.planD(C.int(n), buf) // FFTW_MEASURE overwrites the array
	defer C.fftw_destroy_plan(plan)
	copy(fx, x)
	C.fftw_execute(plan)
	row := fftwRow{errFFTW: fftwRelL2(fx, ref)}

	p, err := fft.NewPlan(n)
	if err != nil {
		return row, err
	}
	y := make([]complex128, n)
	for _, isa := range isas {
		restore, err := cpu.Force(isa)
		if err != nil {
			return row, err
		}
		if err := p.Forward(y, x); err != nil {
			restore()
			return row, err
		}
		restore()
		if isa == cpu.Selected() {
			row.errOurs = fftwRelL2(y, ref)
		}
	}

	// Alternate the implementations round by round.
	times := make([][]float64, len(isas)+1)
	for range fftwRounds {
		for i, isa := range isas {
			restore, err := cpu.Force(isa)
			if err != nil {
				return row, err
			}
			times[i] = append(times[i], fftwPerCall(func() { _ = p.Forward(y, y) }))
			restore()
		}
		times[len(isas)] = append(times[len(isas)], fftwPerCall(func() { C.fftw_execute(plan) }))
	}
	for i := range isas {
		row.ours = append(row.ours, slices.Min(times[i]))
	}
	row.fftw = slices.Min(times[len(isas)])
	return row, nil
}

// compareFFTWf is compareFFTW for complex64 and FFTW's single precision;
// the input has float32 parts, and the reference is the long double
// transform of the same values.
func compareFFTWf(n int, isas []cpu.ISA, rng *rand.Rand) (fftwRow, error) {
	x := make([]complex64, n)
	x128 := make([]complex128, n)
	for i := range x {
		x[i] = complex(float32(2*rng.Float64()-1), float32(2*rng.Float64()-1))
		x128[i] = complex128(x[i])
	}
	ref := make([]complex128, n)
	C.refL(C.int(n), (*C.double)(unsafe.Pointer(&x128[0])), (*C.double)(unsafe.Pointer(&ref[0])))
	widen := func(v []complex64) []complex128 {
		out := make([]complex128, len(v))
		for i, c := range v {
			out[i] = complex128(c)
		}
		return out
	}

	buf := (*C.fftwf_complex)(C.fftwf_malloc(C.size_t(8 * n)))
	defer C.fftwf_free(unsafe.Pointer(buf))
	fx := unsafe.Slice((*complex64)(unsafe.Pointer(buf)), n)
	plan := C.planF(C.int(n), buf)
	defer C.fftwf_destroy_plan(plan)
	copy(fx, x)
	C.fftwf_execute(plan)
	row := fftwRow{errFFTW: fftwRelL2(widen(fx), ref)}

	p, err := fft.NewPlan64(n)
	if err != nil {
		return row, err
	}
	y := make([]complex64, n)
	for _, isa := range isas {
		restore, err := cpu.Force(isa)
		if err != nil {
			return row, err
		}
		if err := p.Forward(y, x); err != nil {
			restore()
			return row, err
		}
		restore()
		if isa == cpu.Selected() {
			row.errOurs = fftwRelL2(widen(y), ref)
		}
	}
	times := make([][]float64, len(isas)+1)
	for range fftwRounds {
		for i, isa := range isas {
			restore, err := cpu.Force(isa)
			if err != nil {
				return row, err
			}
			times[i] = append(times[i], fftwPerCall(func() { _ = p.Forward(y, y) }))
			restore()
		}
		times[len(isas)] = append(times[len(isas)], fftwPerCall(func() { C.fftwf_execute(plan) }))
	}
	for i := range isas {
		row.ours = append(row.ours, slices.Min(times[i]))
	}
	row.fftw = slices.Min(times[len(isas)])
	return row, nil
}

// fftwPerCall returns the time of f in ns, from a batch of calls lasting about
// 20 ms (at least one call).
func fftwPerCall(f func()) float64 {
	f()
	reps := 1
	for {
		start := time.Now()
		for range reps {
			f()
		}
		d := time.Since(start)
		if d > 20*time.Millisecond || reps >= 1<<20 {
			return float64(d.Nanoseconds()) / float64(reps)
		}
		reps *= 2
	}
}

// fftwRelL2 returns ‖got − want‖₂ / ‖want‖₂.
func fftwRelL2(got, want []complex128) float64 {
	var num, den float64
	for i := range want {
		d := got[i] - want[i]
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(want[i])*real(want[i]) + imag(want[i])*imag(want[i])
	}
	return math.Sqrt(num / den)
}
