package simhost_test

import (
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("the SSH server's bounds, as sshd's", func() {
	It("ignores env requests past the 129 OpenSSH's session.c keeps", func() {
		h := startHost(machine.Description{})
		c := dial(h, "ops")
		defer c.Close()
		s := must(c.NewSession())
		accepted := 0
		value := strings.Repeat("v", 30_000)
		for i := range 300 {
			if s.Setenv(fmt.Sprintf("LC_X%d", i), value) == nil {
				accepted++
			}
		}
		Expect(accepted).To(Equal(129))
		out := must(s.Output("env | grep -c ^LC_X"))
		Expect(string(out)).To(Equal("129\n"))
	})

	It("drops connections past MaxStartups that have not logged in, and counts none that have", func() {
		h := startHost(machine.Description{Limits: machine.Limits{MaxStartups: "3"}})
		logged := dial(h, "ops") // logged in: not a startup
		defer logged.Close()
		var silent []net.Conn
		for range 3 {
			c := must(net.Dial("tcp", h.Addr()))
			silent = append(silent, c)
			Expect(readLine(c)).To(HavePrefix("SSH-2.0-"), "let in, the server's banner")
		}
		dropped := must(net.Dial("tcp", h.Addr()))
		defer dropped.Close()
		dropped.SetReadDeadline(time.Now().Add(time.Minute)) // a bound on a hang, not on speed
		Expect(io.ReadAll(dropped)).To(Equal([]byte("Exceeded MaxStartups\r\n")))
		Expect(run(logged, "echo still served")).To(Equal("still served\n"))

		silent[0].Close()
		Eventually(func() error {
			c, err := net.Dial("tcp", h.Addr())
			if err == nil {
				defer c.Close()
				_, err = readLine(c)
			}
			return err
		}).Should(Succeed(), "a slot is free again")
		for _, c := range silent[1:] {
			c.Close()
		}
	})
})

// readLine reads the first line the server sends, within a minute (a bound
// on a hang that a loaded machine's scheduling is far below).
func readLine(c net.Conn) (string, error) {
	c.SetReadDeadline(time.Now().Add(time.Minute))
	var b []byte
	one := make([]byte, 1)
	for {
		if _, err := c.Read(one); err != nil {
			return string(b), err
		}
		b = append(b, one[0])
		if one[0] == '\n' {
			return string(b), nil
		}
	}
}
