package main

// Layout of the Go types the kernels read (asm/isingsweep), checked by
// that package's offsets_test.go.
const (
	// isingsweep.Row: eight ints.
	rowSize     = 64
	rowSelf     = 0
	rowUp       = 8
	rowDown     = 16
	rowSide     = 24
	rowSideUp   = 32
	rowSideDown = 40
	rowState    = 48
	rowLeft     = 56

	// isingsweep.slotTable: a count and five arrays of maxSlots uint64.
	maxSlots = 18
	slotN    = 0
	slotK    = 8
	slotSX   = slotK + 8*maxSlots
	slotSO   = slotSX + 8*maxSlots
	slotT    = slotSO + 8*maxSlots
	slotTB   = slotT + 8*maxSlots

	// stateWords is the size of a row's generator state in uint32 (16
	// lanes of s0, then of s1, s2, s3).
	stateWords = 64
)

// stencil is the neighbourhood a kernel is generated for.
type stencil struct {
	name  string // Go name prefix: "vonNeumann" or "moore"
	moore bool
}

var stencils = []stencil{{"vonNeumann", false}, {"moore", true}}

// signature is the Go declaration of every kernel (rows and slots are
// declared as *Row and *slotTable in the stub; pointers either way).
const signature = "func(words *uint64, states *uint32, rows *uint64, nrows int, w int, lastMask uint64, slots *uint64)"
