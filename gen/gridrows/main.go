// Command gridrows generates the assembly of package asm/gridrows, the
// row accumulation loops of spreading and interpolation, and the Go
// declarations that go with it:
//
//	rows_amd64.s   AVX2+FMA and AVX-512 kernels, generated with avo
//	rows_amd64.go  their declarations and registration
//	rows_arm64.s   the NEON kernels, printed by gen/internal/arm64
//	rows_arm64.go  their declarations and registration
//
// Usage, from the gen directory (asm/gridrows's go:generate line does this):
//
//	go run ./gridrows -out ../asm/gridrows
//
// Every kernel performs exactly the operations of the package's Go twin
// (rows_generic.go), so the results are bit-identical. The grid is
// complex128, interleaved (re, im), so a vector of 2n float64 lanes holds n
// consecutive taps of a row, and a tap weight w[t] is duplicated into both
// halves of its complex lane (AVX2: VPERMPD $0x50 / $0xfa of four weights,
// or VBROADCASTF128 and VPERMILPD $0xc of two; AVX-512: VPERMPD with the
// index vector (0,0,1,1,2,2,3,3); NEON multiplies by element and needs no
// duplication):
//
//   - SpreadRows: per row, c = (re, im, re, im, …)·rw[r], each lane a
//     rounded product (float64(re·rw[r]), float64(im·rw[r])); then per
//     vector of taps g = FMA(c, (w[t], w[t], w[t+1], w[t+1], …), g), one
//     fused multiply-add per component, as in the twin.
//
//   - DotRows: per row, the twin's four partial sums (by tap index modulo
//     4, real and imaginary parts) live in vector lanes: AVX2 keeps two ymm
//     accumulators (taps ≡ 0, 1 and taps ≡ 2, 3), AVX-512 one zmm (taps ≡
//     0…3), NEON four q registers. Each is updated by FMA(w, g, s) in tap
//     order; the row sum is (s0+s1)+(s2+s3) and the point's sum
//     acc = FMA(rw[r], rowsum, acc), in row order.
//
//   - SpreadPoints, DotPoints: a run of points with one row each, the
//     row kernels' one-row case with rw = [1], in one call (points.go).
//
//   - SpreadPlanes: the rows a run of 3D points have in a plane, their
//     row weights float64(w1[r]·w2[t2]) formed in the kernel (plane.go;
//     the AVX-512 kernel, with rows in aligned zmm vectors, planezmm.go).
//
// The remainder of a row (len(w) not a multiple of the vector width) uses
// xmm operations (AVX2), masks (AVX-512) or single registers (NEON),
// feeding each tap into the partial sum the twin feeds it into; lanes that
// must not change are kept by a blend or merge masking, never by adding a
// zero product (that would turn a -0 partial sum into +0).
//
// The amd64 kernels are called once per point, so they avoid per-row and
// per-call overhead: they dispatch once per call (binary search on the tap
// count) to a row loop unrolled for that count, with the duplicated
// weights held in registers for all rows (AVX2: up to 32 taps, the vectors
// that do not fit in the 16 registers in a frame buffer filled once per
// call; AVX-512 zmm code: up to 16 vectors of 4 taps, the last one
// masked). Longer rows take a general loop that duplicates the weights as
// it goes. re and im are loaded separately (a 16-byte load of both, which
// the caller stored separately, costs a failed store forwarding, ~15
// cycles per call) and the rows are addressed with plain base registers.
//
// Tuning (measured on a Sapphire Rapids class Xeon, noisy shared machine,
// minimum of many runs; see asm/gridrows's benchmarks): the unrolled row
// loops are 15-35% faster than the general loop for 2D rows; zmm code beats
// the AVX2 kernel only for long rows (L1-resident rows: 10-15% at 24-32
// taps, 35-45% at 40-64; rows spread over L2, as in a 3D point with 14-28
// taps, 0-10% slower, a tie at 32), so the AVX-512 kernels hand rows of up
// to 32 taps to the AVX2 kernels by a tail call (-avx512-min-taps) and run
// zmm code above. The flags select other variants for measurement; the
// checked-in files use the defaults.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"github.com/numkern/numkern/gen/internal/genfile"
	"go/format"
	"log"
	"os"
	"text/template"
)

// generatorName appears in the "Code generated" line of every file.
const generatorName = "github.com/numkern/numkern/gen/gridrows"

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen/gridrows: ")
	// avo's build package defines flags of its own on flag.CommandLine
	// (among them -out); this command does not use them.
	fs := flag.NewFlagSet("gridrows", flag.ExitOnError)
	out := fs.String("out", "", "directory to write the generated files to (required)")
	opt := defaultOptions
	fs.IntVar(&opt.MaxTapsAVX2, "avx2-max-taps", opt.MaxTapsAVX2, "largest len(w) with an unrolled AVX2 row loop (0: none)")
	fs.IntVar(&opt.MaxVectorsAVX512, "avx512-max-vectors", opt.MaxVectorsAVX512, "largest ceil(len(w)/4) with an unrolled AVX-512 row loop (0: none)")
	fs.IntVar(&opt.AVX512MinTaps, "avx512-min-taps", opt.AVX512MinTaps, "smallest len(w) for zmm code in the AVX-512 kernels (0: all)")
	fs.BoolVar(&opt.SpreadAVX512, "avx512-spread", opt.SpreadAVX512, "a separate AVX-512 SpreadRows kernel (else AVX2's)")
	fs.BoolVar(&opt.DotAVX512, "avx512-dot", opt.DotAVX512, "a separate AVX-512 DotRows kernel (else AVX2's)")
	_ = fs.Parse(os.Args[1:])
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		os.Exit(2)
	}
	files, err := generate(opt)
	if err != nil {
		log.Fatal(err)
	}
	if err := genfile.Write(*out, files); err != nil {
		log.Fatal(err)
	}
}

// options are the tuning choices of the kernels; the defaults are what the
// benchmarks favoured.
type options struct {
	// MaxTapsAVX2 is the largest len(w) for which the AVX2 kernels have
	// an unrolled row loop with the weights in registers (at most 29 for
	// SpreadRows and 24 for DotRows fit); MaxVectorsAVX512 the largest
	// number of zmm vectors of taps, ceil(len(w)/4), for the AVX-512
	// kernels (at most 16 fit). Longer rows take the general loop.
	MaxTapsAVX2, MaxVectorsAVX512 int
	// SpreadAVX512 and DotAVX512 select whether the AVX512 ISA gets
	// kernels of its own, or is given the AVX2 ones.
	SpreadAVX512, DotAVX512 bool
	// AVX512MinTaps is the smallest len(w) for which the AVX-512 kernels
	// run zmm code; shorter rows go to the AVX2 kernel (0: zmm for all).
	AVX512MinTaps int
}

var defaultOptions = options{MaxTapsAVX2: 32, MaxVectorsAVX512: 16, SpreadAVX512: true, DotAVX512: true, AVX512MinTaps: 33}

// generate returns the generated files by name.
func generate(opt options) (map[string][]byte, error) {
	if opt.MaxTapsAVX2 < 0 || opt.MaxTapsAVX2 > 32 {
		return nil, fmt.Errorf("avx2-max-taps %d not in 0…32", opt.MaxTapsAVX2)
	}
	if opt.MaxVectorsAVX512 < 0 || opt.MaxVectorsAVX512 > 16 {
		return nil, fmt.Errorf("avx512-max-vectors %d not in 0…16", opt.MaxVectorsAVX512)
	}
	if opt.AVX512MinTaps < 0 {
		return nil, fmt.Errorf("avx512-min-taps %d is negative", opt.AVX512MinTaps)
	}
	s, err := genAMD64(opt)
	if err != nil {
		return nil, fmt.Errorf("amd64: %w", err)
	}
	files := map[string][]byte{
		"rows_amd64.s": s,
		"rows_arm64.s": genARM64(),
	}
	spread512, dot512 := "spreadRowsAVX2", "dotRowsAVX2"
	if opt.SpreadAVX512 {
		spread512 = "spreadRowsAVX512"
	}
	if opt.DotAVX512 {
		dot512 = "dotRowsAVX512"
	}
	amd := stubData{
		Register: []registration{
			{"AVX2", "spreadRowsAVX2", "dotRowsAVX2", "spreadPointsAVX2", "dotPointsAVX2", "spreadPlaneAVX2"},
			{"AVX512", spread512, dot512, "spreadPointsAVX2", "dotPointsAVX2", "spreadPlaneAVX512"},
		},
		Spread: []kernelDecl{{"spreadRowsAVX2", "AVX2 and FMA3: two taps per ymm register"}},
		Dot:    []kernelDecl{{"dotRowsAVX2", "AVX2 and FMA3: two taps per ymm register"}},
		Points: []kernelDecl{{"PointsAVX2", "AVX2 and FMA3, also used for AVX-512: two taps per ymm register"}},
		Plane: []kernelDecl{
			{"spreadPlaneAVX2", "AVX2 and FMA3: two taps per ymm register, rows split at 32-byte boundaries"},
			{"spreadPlaneZMM", fmt.Sprintf("AVX-512 F, DQ and VL: four taps per zmm register on 64-byte boundaries, the first and last masked; "+
				"only for stride ≡ 0 mod 4, an even width0 from 4 to %d and width1 ≤ %d, as spreadPlaneAVX512 checks", planeZMMMaxTaps, planeZMMMaxRows)},
		},
		PlaneZMM: &planeZMMLimits{planeZMMMaxTaps, planeZMMMaxRows},
	}
	zmmDoc := func(ymm string) string {
		d := "AVX-512 F, DQ and VL: four taps per zmm register"
		if opt.AVX512MinTaps > 0 {
			d += fmt.Sprintf("; rows of fewer than %d taps go to %s", opt.AVX512MinTaps, ymm)
		}
		return d
	}
	if opt.SpreadAVX512 {
		amd.Spread = append(amd.Spread, kernelDecl{"spreadRowsAVX512", zmmDoc("spreadRowsAVX2")})
	}
	if opt.DotAVX512 {
		amd.Dot = append(amd.Dot, kernelDecl{"dotRowsAVX512", zmmDoc("dotRowsAVX2")})
	}
	arm := stubData{
		Register: []registration{{"NEON", "spreadRowsNEON", "dotRowsNEON", "spreadPointsNEON", "dotPointsNEON", "spreadPlaneNEON"}},
		Spread:   []kernelDecl{{"spreadRowsNEON", "Advanced SIMD: one tap per vector register"}},
		Dot:      []kernelDecl{{"dotRowsNEON", "Advanced SIMD: one tap per vector register"}},
		Points:   []kernelDecl{{"PointsNEON", "Advanced SIMD: one tap per vector register"}},
		Plane:    []kernelDecl{{"spreadPlaneNEON", "Advanced SIMD: one tap per vector register"}},
	}
	for _, st := range []struct {
		file string
		data stubData
	}{{"rows_amd64.go", amd}, {"rows_arm64.go", arm}} {
		st.data.Generator = generatorName
		var b bytes.Buffer
		if err := stubTemplate.Execute(&b, st.data); err != nil {
			return nil, err
		}
		src, err := format.Source(b.Bytes())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", st.file, err)
		}
		files[st.file] = src
	}
	return files, nil
}

// registration names the kernels an ISA gets.
type registration struct{ ISA, Spread, Dot, SpreadPoints, DotPoints, SpreadPlane string }

type kernelDecl struct{ Func, Doc string }

type stubData struct {
	Generator   string
	Register    []registration
	Spread, Dot []kernelDecl
	// Points declares the point kernels spread<Func> and dot<Func>.
	Points []kernelDecl
	Plane  []kernelDecl
	// PlaneZMM, if set, adds spreadPlaneAVX512, the wrapper choosing
	// between spreadPlaneZMM and spreadPlaneAVX2.
	PlaneZMM *planeZMMLimits
}

type planeZMMLimits struct{ MaxTaps, MaxRows int }

var stubTemplate = template.Must(template.New("stub").Parse(`// Code generated by {{.Generator}}. DO NOT EDIT.

//go:build gc && !purego

package gridrows

import "github.com/numkern/numkern/internal/cpu"

func init() {
{{- range .Register}}
	spreadKernels[cpu.{{.ISA}}] = {{.Spread}}
	dotKernels[cpu.{{.ISA}}] = {{.Dot}}
	spreadPointsKernels[cpu.{{.ISA}}] = {{.SpreadPoints}}
	dotPointsKernels[cpu.{{.ISA}}] = {{.DotPoints}}
	spreadPlaneKernels[cpu.{{.ISA}}] = {{.SpreadPlane}}
{{- end}}
}
{{range .Spread}}
// {{.Func}} is a SpreadRows kernel ({{.Doc}}).
// It requires len(rw) = len(off) and every row inside grid, which
// SpreadRows checks.
//
//go:noescape
func {{.Func}}(grid []complex128, off []int, rw, w []float64, re, im float64)
{{end}}{{range .Dot}}
// {{.Func}} is a DotRows kernel ({{.Doc}}).
// It requires len(rw) = len(off) and every row inside grid, which
// DotRows checks.
//
//go:noescape
func {{.Func}}(grid []complex128, off []int, rw, w []float64) (accRe, accIm float64)
{{end}}{{range .Points}}
// spread{{.Func}} is a SpreadPoints kernel ({{.Doc}}).
// It requires len(start) = len(c), len(w) = width·len(c) and every row
// inside grid, which SpreadPoints checks.
//
//go:noescape
func spread{{.Func}}(grid []complex128, start []int, w []float64, c []complex128, width int)

// dot{{.Func}} is a DotPoints kernel ({{.Doc}}).
// It requires len(start) = len(out), len(w) = width·len(out) and every row
// inside grid, which DotPoints checks.
//
//go:noescape
func dot{{.Func}}(grid []complex128, start []int, w []float64, out []complex128, width int)
{{end}}{{range .Plane}}
// {{.Func}} is the kernel of SpreadPlanes, one plane z at grid[0] ({{.Doc}}).
// It requires the weights' lengths to be width0, width1 and width2 times
// len(c), width0 and width1 ≥ 1, and every row in plane z inside grid,
// which SpreadPlanes checks.
//
//go:noescape
func {{.Func}}(grid []complex128, stride, z int, first, start []int, w0, w1, w2 []float64, c []complex128, width0, width1, width2 int)
{{end}}{{with .PlaneZMM}}
// spreadPlaneAVX512 is the AVX-512 kernel of SpreadPlanes: spreadPlaneZMM
// where it applies (rows four taps apart, so that all of a point's rows in
// a plane start at the same lane of a zmm vector; an even width0 from 4 to
// {{.MaxTaps}}; at most {{.MaxRows}} rows), spreadPlaneAVX2 otherwise. Both
// perform the twin's operations: the choice changes no bit.
func spreadPlaneAVX512(grid []complex128, stride, z int, first, start []int, w0, w1, w2 []float64, c []complex128, width0, width1, width2 int) {
	if stride%4 == 0 && width0%2 == 0 && 4 <= width0 && width0 <= {{.MaxTaps}} && width1 <= {{.MaxRows}} {
		spreadPlaneZMM(grid, stride, z, first, start, w0, w1, w2, c, width0, width1, width2)
		return
	}
	spreadPlaneAVX2(grid, stride, z, first, start, w0, w1, w2, c, width0, width1, width2)
}
{{end}}`))
