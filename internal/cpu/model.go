package cpu

import (
	"bufio"
	"os"
	"strings"
	"sync"
)

var modelName = sync.OnceValue(func() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	return parseCPUInfo(bufio.NewScanner(f))
})

// ModelName returns the processor's model as reported by /proc/cpuinfo:
// the "model name" field on x86, or on arm64, which usually lacks it, a
// description built from the "CPU implementer" and "CPU part" fields (for
// example "implementer 0x41 part 0xd0c"). It returns "unknown" when nothing
// can be found (for example on systems without /proc); it never fails.
// The file is read once.
func ModelName() string {
	return modelName()
}

// parseCPUInfo extracts the model description from /proc/cpuinfo text.
func parseCPUInfo(sc *bufio.Scanner) string {
	var impl, part string
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		key = strings.TrimSpace(key)
		val = strings.TrimSpace(val)
		if val == "" {
			continue
		}
		switch key {
		case "model name", "Model Name":
			return val
		case "CPU implementer":
			if impl == "" {
				impl = val
			}
		case "CPU part":
			if part == "" {
				part = val
			}
		}
	}
	switch {
	case impl != "" && part != "":
		return "implementer " + impl + " part " + part
	case impl != "":
		return "implementer " + impl
	case part != "":
		return "part " + part
	}
	return "unknown"
}
