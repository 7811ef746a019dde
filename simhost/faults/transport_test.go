package faults_test

import (
	"net"
	"strconv"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/faults"
)

// expectFired checks the host's event log names the fault.
func expectFired(h *simhost.Host, fault string) {
	GinkgoHelper()
	Expect(h.Events().OfKind(events.FaultFired)).To(ContainElement(HaveField("Detail", fault+" ("+fault+")")))
}

// wrap builds the fault of spec and wraps c with it, as the host does at accept.
func wrap(spec faults.Spec, c net.Conn) net.Conn {
	GinkgoHelper()
	a := must(faults.Compile(spec))
	return a.Fault.(faults.ConnFault).WrapConn(c, faults.ConnState{Number: 1, Open: 1, Started: time.Now()})
}

// recordingConn stands in for a client's socket: it records each write, and
// reads block until it is closed.
type recordingConn struct {
	net.Conn
	mu     sync.Mutex
	writes [][]byte
	once   sync.Once
	closed chan struct{}
}

func newRecordingConn() *recordingConn { return &recordingConn{closed: make(chan struct{})} }

func (c *recordingConn) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes = append(c.writes, append([]byte(nil), b...))
	return len(b), nil
}

func (c *recordingConn) Read([]byte) (int, error) {
	<-c.closed
	return 0, net.ErrClosed
}

func (c *recordingConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}

func (c *recordingConn) Writes() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([][]byte(nil), c.writes...)
}

var _ = Describe("transport faults", func() {
	DescribeTable("never make a closed connection wait out a delay",
		func(spec faults.Spec) {
			c := wrap(spec, newRecordingConn())
			wrote := make(chan error, 1)
			go func() {
				_, err := c.Write(make([]byte, 64))
				wrote <- err
			}()
			time.Sleep(50 * time.Millisecond)
			began := time.Now()
			Expect(c.Close()).To(Succeed())
			Eventually(wrote).Should(Receive(MatchError(net.ErrClosed)))
			Expect(time.Since(began)).To(BeNumerically("<", time.Minute), "not the hour of the delay")
		},
		Entry("latency", faults.Spec{Type: "latency", Params: map[string]any{"delay": "1h"}}),
		Entry("slicer", faults.Spec{Type: "slicer", Params: map[string]any{"size": 1, "delay": "1h"}}),
		Entry("bandwidth", faults.Spec{Type: "bandwidth", Params: map[string]any{"rate": 1}}),
		Entry("half-open", faults.Spec{Type: "half-open"}),
	)

	DescribeTable("refuse bad parameters, naming them",
		func(spec faults.Spec, msg string) {
			_, err := faults.Compile(spec)
			Expect(err).To(MatchError(ContainSubstring(msg)))
		},
		Entry(nil, faults.Spec{Type: "reset", Params: map[string]any{"bytes": -1}}, `fault "reset": bytes: -1 is negative`),
		Entry(nil, faults.Spec{Type: "half-open", Params: map[string]any{"after": "-1s"}}, `fault "half-open": after: -1s is negative`),
		Entry(nil, faults.Spec{Type: "blackhole", Params: map[string]any{"direction": "sideways"}}, `fault "blackhole": direction: "sideways" is not downstream, upstream or both`),
		Entry(nil, faults.Spec{Type: "bandwidth", Params: map[string]any{"rate": 0}}, `fault "bandwidth": rate: 0 is below 1`),
		Entry(nil, faults.Spec{Type: "slicer", Params: map[string]any{"size": 0}}, `fault "slicer": size: 0 is below 1`),
		Entry(nil, faults.Spec{Type: "slicer", Params: map[string]any{"delay": "soon"}}, `fault "slicer": delay: "soon" is not a duration such as 2s or 150ms`),
		Entry(nil, faults.Spec{Type: "max-startups", Params: map[string]any{"max": -2}}, `fault "max-startups": max: -2 is negative`),
		Entry(nil, faults.Spec{Type: "drop-connection", Params: map[string]any{"nth": 0}}, `fault "drop-connection": nth: 0 is below 1`),
		Entry(nil, faults.Spec{Type: "no-banner", Params: map[string]any{"after": "1s"}}, `fault "no-banner": after: unknown parameter`),
	)
})

func itoa(n int) string { return strconv.Itoa(n) }
