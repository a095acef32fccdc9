package cpu_test

// The golden package defines the -update flag that `go test ./... -update`
// passes to every test binary; this package has no golden files of its own.
import _ "github.com/numkern/numkern/internal/golden"
