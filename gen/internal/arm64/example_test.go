package arm64_test

import (
	"fmt"
	"strings"

	"github.com/numkern/numkern/gen/internal/arm64"
)

func ExampleBuilder() {
	var b arm64.Builder
	// Operands in ARM order, destination first: v0 += v1·v2 (fused), then
	// v3 = max(v3, v31), which Go's assembler only takes as a WORD.
	b.I(arm64.FMLA(0, 1, 2), arm64.FMAX(3, 3, 31))
	b.Op("RET")
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		fmt.Println(strings.Join(strings.Fields(line), " "))
	}
	// Output:
	// VFMLA V2.D2, V1.D2, V0.D2
	// WORD $0x4e7ff463 // fmax v3.2d, v3.2d, v31.2d
	// RET
}

func ExampleFMLSE() {
	// x -= n · {ln2Hi, ln2Lo}[1], fused: the range reduction of exp.
	in := arm64.FMLSE(4, 5, 18, 1)
	fmt.Printf("%#08x %s\n", in.Word, in.GNU)
	// Output: 0x4fd258a4 fmls v4.2d, v5.2d, v18.d[1]
}
