package sftpd_test

import (
	"context"
	"net"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/pkg/sftp"

	"github.com/hostile-lab/hostile/harness/hostiletest"
	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/internal/sftpd"
	"github.com/hostile-lab/hostile/simhost/machine"
)

func TestSFTPD(t *testing.T) {
	hostiletest.RunSuite(t, "SFTP server")
}

// newHost builds a host of the personality with users root and ops (password ops).
func newHost(personality string, extra ...func(*machine.Description)) *machine.Machine {
	d := machine.Description{
		Personality: personality,
		Hostname:    "db01",
		Users:       []machine.User{{Name: "ops", Password: "ops"}},
	}
	for _, f := range extra {
		f(&d)
	}
	m, err := machine.New(d, nil)
	Expect(err).NotTo(HaveOccurred())
	return m
}

// serve runs Serve as user on one end of an in-memory pipe and returns the
// other end; the spec's cleanup closes it and checks that Serve ended cleanly.
func serve(m *machine.Machine, user string) net.Conn {
	server, client := net.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- sftpd.Serve(context.Background(), server, m, m.User(user), func(e events.Event) { m.Log.Add(e) })
	}()
	DeferCleanup(func() {
		client.Close()
		Eventually(done).Should(Receive(BeNil()))
	})
	return client
}

// connect gives a pkg/sftp client talking to Serve as user.
func connect(m *machine.Machine, user string) *sftp.Client {
	conn := serve(m, user)
	c, err := sftp.NewClientPipe(conn, conn)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(c.Close)
	return c
}
