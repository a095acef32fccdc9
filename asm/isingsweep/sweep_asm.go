//go:build gc && !purego && (amd64 || arm64)

package isingsweep

// asmKernel adapts an assembly kernel to the kernel signature. call has
// checked the arguments, and rows is not empty.
func asmKernel(k func(words *uint64, states *uint32, rows *Row, nrows int, w int, lastMask uint64, slots *slotTable)) kernel {
	return func(words []uint64, states []uint32, rows []Row, p *Params) {
		k(&words[0], &states[0], &rows[0], len(rows), p.W, p.LastMask, &p.slots)
	}
}
