package simhost_test

import (
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	gossh "golang.org/x/crypto/ssh"
)

var _ = Describe("accounts made at run time", func() {
	runAs := func(c *gossh.Client, cmd string) string {
		s := must(c.NewSession())
		defer s.Close()
		out, err := s.CombinedOutput(cmd)
		Expect(err).NotTo(HaveOccurred(), string(out))
		return string(out)
	}
	It("log in over SSH with the password chpasswd set, own what chown gives them, and are gone after a reset", func() {
		h := startHost(machine.Description{})
		root := dial(h, "root")
		defer root.Close()
		runAs(root, `useradd -m -s /bin/bash svc && echo svc:s3cret | chpasswd && touch /tmp/f && chown svc /tmp/f`)
		Expect(runAs(root, `ls -l /tmp/f | cut -d' ' -f3; echo ~svc`)).To(Equal("svc\n/home/svc\n"))

		c, err := gossh.Dial("tcp", h.Addr(), &gossh.ClientConfig{User: "svc", Auth: []gossh.AuthMethod{gossh.Password("s3cret")},
			HostKeyCallback: gossh.InsecureIgnoreHostKey()})
		Expect(err).NotTo(HaveOccurred())
		Expect(runAs(c, `id; pwd`)).To(Equal("uid=1001(svc) gid=1001(svc) groups=1001(svc)\n/home/svc\n"))
		c.Close()

		runAs(root, `passwd -l svc`)
		_, err = gossh.Dial("tcp", h.Addr(), &gossh.ClientConfig{User: "svc", Auth: []gossh.AuthMethod{gossh.Password("s3cret")},
			HostKeyCallback: gossh.InsecureIgnoreHostKey()})
		Expect(err).To(MatchError(ContainSubstring("unable to authenticate")), "a locked password no longer logs in")

		Expect(h.Reset(nil)).To(Succeed())
		Expect(h.Machine().User("svc")).To(BeNil())
		passwd := string(must(h.Machine().FS.ReadFile(vfs.Root, "/etc/passwd")))
		Expect(passwd).NotTo(ContainSubstring("svc:"))
		Expect(runAs(root, `id svc 2>&1; echo $?`)).To(Equal("id: 'svc': no such user\n1\n"))
	})
})
