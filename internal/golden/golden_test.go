package golden

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRoundTripIsExact checks the property goldens rest on: the JSON text
// of a float64 parses back to the same bits.
func TestRoundTripIsExact(t *testing.T) {
	vals := []complex128{complex(math.Pi, -math.E), complex(5e-324, math.MaxFloat64), complex(0.1, 1.0/3), complex(math.Nextafter(1, 2), -0.0)}
	b, err := Marshal(FromComplex(vals))
	require.NoError(t, err)
	var back []Complex
	require.NoError(t, jsonUnmarshal(b, &back))
	got := ToComplex(back)
	for i := range vals {
		require.Equal(t, math.Float64bits(real(vals[i])), math.Float64bits(real(got[i])))
		require.Equal(t, math.Float64bits(imag(vals[i])), math.Float64bits(imag(got[i])))
	}
}

func TestPathFindsModuleRoot(t *testing.T) {
	p, err := Path("x/y.json")
	require.NoError(t, err)
	require.Contains(t, p, "testdata")
	require.FileExists(t, p[:len(p)-len("testdata/x/y.json")]+"go.mod")
}
