package isingsweep_test

import (
	"fmt"
	"math/bits"

	"github.com/numkern/numkern/asm/isingsweep"
)

func ExampleSweep() {
	// A lattice of 2 rows × 128 columns: 4 half-rows of 64 spins, one word
	// each, with a halo word on each side (stride 3). All spins start +1.
	words := make([]uint64, 4*3)
	for i := 1; i < len(words); i += 3 {
		words[i] = ^uint64(0)
		words[i-1] = 1 << 63 // halo: spin 63 of the half-row
		words[i+1] = 1       // halo: spin 0
	}
	states := make([]uint32, 2*isingsweep.StateWords)
	for i := range states {
		states[i] = uint32(i+1) * 0x9e3779b9 // any state, not all zero per lane
	}
	// Update row 0's even columns: neighbours in row 1 (above and below,
	// periodic) and in row 0's odd columns.
	row := isingsweep.Row{Self: 1, Up: 7, Down: 7, Side: 4, SideUp: 10, SideDown: 10, State: 0, Left: 1}
	// Flip with probability 1/2 when no neighbour differs, always otherwise.
	var thr [isingsweep.Classes]uint64
	for i := range thr {
		thr[i] = 1 << 32
	}
	thr[16|0] = 1 << 31
	p := isingsweep.Params{Stencil: isingsweep.VonNeumann, W: 1, LastMask: ^uint64(0)}
	p.SetThresholds(&thr)
	isingsweep.Sweep(words, states, []isingsweep.Row{row}, &p)
	fmt.Println("flipped:", 64-bits.OnesCount64(words[1]))
	// Output: flipped: 33
}
