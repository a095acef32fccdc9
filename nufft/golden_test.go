package nufft

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/numkern/numkern/internal/golden"
	"github.com/stretchr/testify/require"
)

// goldenCase is a fixed problem with its result, stored in
// testdata/nufft/<name>.json. The inputs are read from the file, so any
// implementation (another ISA, another language) can be checked against it.
type goldenCase struct {
	Type      int
	Modes     []int
	Tol       float64
	Sign      int
	ModeOrder int
	Normalize bool
	Coords    [][]float64
	Input     []golden.Complex // c for Type 1, f for Type 2
	Output    []golden.Complex
}

var goldenProblems = []struct {
	typ    Type
	modes  []int
	points int
	opts   Options
}{
	{Type1, []int{16}, 20, Options{Tol: 1e-6}},
	{Type2, []int{15}, 20, Options{Tol: 1e-12, Sign: -1, ModeOrder: FFTOrder}},
	{Type1, []int{8, 6}, 30, Options{Tol: 1e-9, Normalize: true}},
	{Type2, []int{7, 6}, 30, Options{Tol: 1e-3}},
	{Type1, []int{4, 5, 6}, 25, Options{Tol: 1e-4, Sign: -1}},
	{Type2, []int{6, 4, 5}, 25, Options{Tol: 1e-14, ModeOrder: FFTOrder}},
}

// TestGolden runs fixed problems and compares the results bit for bit with
// testdata/nufft. Regenerate with `go test ./... -update` after an intended
// change of the canonical algorithm, and say so in the commit.
func TestGolden(t *testing.T) {
	for i, gp := range goldenProblems {
		name := fmt.Sprintf("nufft/%dd_type%d_%d.json", len(gp.modes), int(gp.typ), i)
		t.Run(name, func(t *testing.T) {
			var gc goldenCase
			if *golden.Update {
				gc = newGoldenCase(gp.typ, gp.modes, gp.points, gp.opts, uint64(i))
			} else {
				golden.Load(t, name, &gc)
			}
			opts := &Options{Tol: gc.Tol, Sign: gc.Sign, ModeOrder: ModeOrder(gc.ModeOrder), Normalize: gc.Normalize}
			p, err := NewPlan(Type(gc.Type), gc.Modes, opts)
			require.NoError(t, err)
			require.NoError(t, p.SetPoints(gc.Coords...))
			in := golden.ToComplex(gc.Input)
			out := make([]complex128, len(gc.Coords[0]))
			if Type(gc.Type) == Type1 {
				out = make([]complex128, p.nmode)
				require.NoError(t, p.Execute(in, out))
			} else {
				require.NoError(t, p.Execute(out, in))
			}
			gc.Output = golden.FromComplex(out)
			golden.Check(t, name, gc)
		})
	}
}

func newGoldenCase(typ Type, modes []int, n int, opts Options, seed uint64) goldenCase {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	fine := make([]int, len(modes))
	for d, m := range modes {
		fine[d] = 2 * m
	}
	nmode := 1
	for _, m := range modes {
		nmode *= m
	}
	inputLen := n
	if typ == Type2 {
		inputLen = nmode
	}
	return goldenCase{
		Type: int(typ), Modes: modes, Tol: opts.Tol, Sign: opts.Sign, ModeOrder: int(opts.ModeOrder), Normalize: opts.Normalize,
		Coords: hardPoints(rng, len(modes), n, fine),
		Input:  golden.FromComplex(randomComplex(rng, inputLen)),
	}
}
