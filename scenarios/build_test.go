package scenarios_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/scenarios"
)

var _ = Describe("a scenario whose host cannot be built", func() {
	It("is refused at load with every file that cannot be made, at its files or generate entry", func() {
		_, err := scenarios.Parse("s.yaml", []byte(`name: bad-build
summary: a host that cannot be built
host:
  personality: debian12
  users: [{name: app, password: app}]
  files:
    - {path: /data, content: "x\n"}
    - {path: /data/f, content: "y\n"}
    - {path: /etc/motd, content: "hi\n"}
    - {path: /etc/motd/x, content: "no\n"}
generate:
  - {path: "/data/g{n}", count: 900, content: "g\n"}
stimulus: {operation: connect, user: app}
expect: {outcome: success}
reference: {legacy: pass, hardened: pass}
`))
		Expect(err).To(MatchError("s.yaml:8:7: host.files[1]: the host cannot be built: /data/f cannot be made: /data is a file (host.files[0]), not a directory\n" +
			"s.yaml:10:7: host.files[3]: the host cannot be built: /etc/motd/x cannot be made: /etc/motd is a file (host.files[2]), not a directory\n" +
			"s.yaml:12:5: generate[0]: the host cannot be built: /data/g1 cannot be made: /data is a file (host.files[0]), not a directory"))
	})

	It("reports the build's errors with the other mistakes, all at once", func() {
		_, err := scenarios.Parse("s.yaml", []byte(`name: Bad_Name
summary: two kinds of mistake
host:
  personality: debian12
  users: [{name: app}]
  files:
    - {path: /data, content: "x\n"}
    - {path: /data/f, content: "y\n"}
stimulus: {operation: connect, user: app}
reference: {legacy: pass, hardened: maybe}
`))
		Expect(err).To(MatchError(ContainSubstring(`s.yaml:1:7: name: "Bad_Name" must be lower-case words`)))
		Expect(err).To(MatchError(ContainSubstring("s.yaml:8:7: host.files[1]: the host cannot be built: /data/f cannot be made")))
		Expect(err).To(MatchError(ContainSubstring(`s.yaml:10:37: reference.hardened: "maybe" must be pass or fail`)))
	})

	It("loads every scenario of the library, each host built", func() {
		_, err := scenarios.Library()
		Expect(err).NotTo(HaveOccurred())
	})
})
