package isingsweep

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestLayout pins the offsets the generated kernels read (the constants of
// gen/isingsweep/layout.go).
func TestLayout(t *testing.T) {
	var r Row
	require.Equal(t, uintptr(64), unsafe.Sizeof(r))
	for i, off := range []uintptr{
		unsafe.Offsetof(r.Self), unsafe.Offsetof(r.Up), unsafe.Offsetof(r.Down), unsafe.Offsetof(r.Side),
		unsafe.Offsetof(r.SideUp), unsafe.Offsetof(r.SideDown), unsafe.Offsetof(r.State), unsafe.Offsetof(r.Left),
	} {
		require.Equal(t, uintptr(8*i), off)
	}
	var s slotTable
	require.Equal(t, 18, maxSlots)
	require.Equal(t, uintptr(0), unsafe.Offsetof(s.n))
	require.Equal(t, uintptr(8), unsafe.Offsetof(s.k))
	require.Equal(t, uintptr(8+8*18), unsafe.Offsetof(s.sx))
	require.Equal(t, uintptr(8+2*8*18), unsafe.Offsetof(s.so))
	require.Equal(t, uintptr(8+3*8*18), unsafe.Offsetof(s.t))
	require.Equal(t, uintptr(8+4*8*18), unsafe.Offsetof(s.tb))
	require.Equal(t, uintptr(8+5*8*18), unsafe.Sizeof(s))
}
