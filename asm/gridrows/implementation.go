package gridrows

import "github.com/numkern/numkern/internal/cpu"

// Implementation returns the ISA whose code SpreadRows and DotRows run now:
// cpu.Selected() when this package has kernels for it, cpu.Generic
// otherwise.
func Implementation() cpu.ISA {
	if spreadKernels[cpu.Selected()] != nil && dotKernels[cpu.Selected()] != nil {
		return cpu.Selected()
	}
	return cpu.Generic
}
