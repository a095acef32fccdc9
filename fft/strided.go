package fft

// This file is the template of strided_complex64.go (see gen_complex64.go).

// ForwardStrided computes, in place, the forward transforms of count lines
// of data: line i (0 ≤ i < count) consists of the n elements
// data[i·dist + j·stride], j < n. It needs stride ≥ 1, count ≥ 0 and
// dist ≥ 0; the lines must fit in data and must not share elements (dist
// may be smaller than n·stride, as in interleaved columns with dist = 1).
// Each line gets bit-for-bit the result of Forward.
//
// Blocks of lines are gathered into contiguous buffers and transformed
// together, so strided lines cost little more than contiguous ones. The
// buffers are allocated by the first strided call of a plan (and of each
// clone); later calls allocate nothing.
func (p *Plan) ForwardStrided(data []complex128, count, stride, dist int) error {
	if err := checkLines(len(data), p.eng.n, count, stride, dist); err != nil {
		return err
	}
	transformLines128(p.eng, p.ws, data, count, stride, dist, false)
	return nil
}

// BackwardStrided is ForwardStrided with the backward transform.
func (p *Plan) BackwardStrided(data []complex128, count, stride, dist int) error {
	if err := checkLines(len(data), p.eng.n, count, stride, dist); err != nil {
		return err
	}
	transformLines128(p.eng, p.ws, data, count, stride, dist, true)
	return nil
}

// ensureLines128 returns ws.lines and ws.linesTmp with at least size
// elements each, allocating them on first use.
func ensureLines128(ws *workspace128, size int) (lines, tmp []complex128) {
	if len(ws.lines) < size {
		ws.lines = make([]complex128, size)
		ws.linesTmp = make([]complex128, size)
	}
	return ws.lines[:size], ws.linesTmp[:size]
}

// transformLines128 transforms the lines described by checkLines in place,
// with the threads of ws: groups of lines are split across them when there
// are enough lines, each thread with a workspace of its own; otherwise the
// lines are transformed one after the other, each with the threads.
func transformLines128(e *engine128, ws *workspace128, data []complex128, count, stride, dist int, backward bool) {
	n := e.n
	if count == 0 || n == 1 {
		return
	}
	if rn := ws.run; rn != nil && count*n >= minParallelLen && (count >= minLinesPerThread*rn.threads || n < minParallelLen) {
		rn.lines(e, ws, data, count, stride, dist, backward)
		return
	}
	if stride == 1 && (e.kind != stockham || n >= minGatheredLine) {
		// Contiguous lines long enough to amortise a call each.
		for i := 0; i < count; i++ {
			line := data[i*dist : i*dist+n]
			e.run(line, line, ws, backward)
		}
		return
	}
	transformLinesRange128(e, ws, data, stride, dist, backward, 0, count)
}

// lineGroup128 returns the number of lines that transformLinesRange128
// handles together: splits of the lines between threads fall on multiples
// of it.
func lineGroup128(e *engine128, stride int) int {
	switch {
	case stride == 1 && (e.kind != stockham || e.n >= minGatheredLine):
		return 1
	case e.kind != stockham:
		return longLineGroup
	}
	return lineBlockWidth(e.n)
}

// transformLinesRange128 transforms the lines i0 ≤ i < i1 of the layout of
// transformLines128 in place on one thread, with the buffers of ws.
func transformLinesRange128(e *engine128, ws *workspace128, data []complex128, stride, dist int, backward bool, i0, i1 int) {
	n := e.n
	count := i1
	if stride == 1 && (e.kind != stockham || n >= minGatheredLine) {
		for i := i0; i < i1; i++ {
			line := data[i*dist : i*dist+n]
			e.runWith(line, line, ws, backward, nil)
		}
		return
	}
	if e.kind != stockham {
		// Bluestein lines: gather a few lines at a time, so that neighbouring
		// lines share the cache lines read, and transform them one by one.
		group := longLineGroup
		buf, _ := ensureLines128(ws, group*n)
		for ; i0 < count; i0 += group {
			g := min(group, count-i0)
			for j := 0; j < n; j++ {
				base := i0*dist + j*stride
				for b := 0; b < g; b++ {
					buf[b*n+j] = data[base+b*dist]
				}
			}
			for b := 0; b < g; b++ {
				line := buf[b*n : b*n+n]
				e.runWith(line, line, ws, backward, nil)
			}
			for j := 0; j < n; j++ {
				base := i0*dist + j*stride
				for b := 0; b < g; b++ {
					data[base+b*dist] = buf[b*n+j]
				}
			}
		}
		return
	}
	// Stockham lengths: gather a block of lines interleaved (row j of the
	// block holds element j of each line) and transform them together with
	// stride s0 = block width.
	width := lineBlockWidth(n)
	lines, tmp := ensureLines128(ws, width*n)
	for ; i0 < count; i0 += width {
		w := min(width, count-i0)
		blk := lines[:n*w]
		for j := 0; j < n; j++ {
			row := blk[w*j : w*j+w]
			base := i0*dist + j*stride
			if dist == 1 {
				copy(row, data[base:])
				continue
			}
			for b := range row {
				row[b] = data[base+b*dist]
			}
		}
		e.core.transform(blk, blk, tmp[:n*w], w, backward, nil)
		for j := 0; j < n; j++ {
			row := blk[w*j : w*j+w]
			base := i0*dist + j*stride
			if dist == 1 {
				copy(data[base:base+w], row)
				continue
			}
			for b, v := range row {
				data[base+b*dist] = v
			}
		}
	}
}
