package simhost_test

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/types"
)

// resources is what this process holds: the host and its clients alike, since
// both live in these specs.
type resources struct {
	Goroutines, FDs, Threads int
	RSS                      int64  // resident bytes, every freed page given back
	Heap                     uint64 // live heap after a collection
}

// measure measures the process after collecting twice (what a finalizer, an
// *os.File's or a socket's, holds goes a cycle late) and giving every freed
// page back to the system, so that what it holds is what is in use, not what
// an earlier spec left to the runtime.
func measure() resources {
	runtime.GC()
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return resources{Goroutines: runtime.NumGoroutine(), FDs: openFDs(), Threads: int(procStatus("Threads")),
		RSS: procStatus("VmRSS"), Heap: m.HeapAlloc}
}

// givenBack waits until the process holds no more goroutines than base did
// (slack more, for a client's own winding down after Close returns), no more
// descriptors, and whatever else also says, and measures it then.
func givenBack(base resources, slack int, also ...types.GomegaMatcher) resources {
	GinkgoHelper()
	var now resources
	Eventually(func() resources { now = measure(); return now }).Should(And(append([]types.GomegaMatcher{
		HaveField("Goroutines", BeNumerically("<=", base.Goroutines+slack)),
		HaveField("FDs", BeNumerically("<=", base.FDs)),
	}, also...)...))
	return now
}

// openFDs counts this process's open file descriptors: the host's sockets,
// pipes and files are among them.
func openFDs() int { return len(must(os.ReadDir("/proc/self/fd"))) }

// procStatus reads a field of /proc/self/status: VmRSS in bytes, Threads as a count.
func procStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		fields := strings.Fields(value)
		n, _ := strconv.ParseInt(fields[0], 10, 64)
		if len(fields) > 1 && fields[1] == "kB" {
			n <<= 10
		}
		return n
	}
	return 0
}
