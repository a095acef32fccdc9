package gaussw

import "github.com/numkern/numkern/internal/cpu"

// Implementation returns the ISA whose code Weights runs now: cpu.Selected()
// when this package has a kernel for it, cpu.Generic otherwise.
func Implementation() cpu.ISA {
	if kernels[cpu.Selected()] != nil {
		return cpu.Selected()
	}
	return cpu.Generic
}
