package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/faults"
)

var _ = Describe("scope keys each fault type honours", func() {
	typeNamed := func(name string) faults.Type { return must(faults.Lookup(name)) }

	It("are data on the registration, read from the hooks the type implements", func() {
		Expect(typeNamed("latency").Scopes).To(Equal([]string{"after_commands", "connection"}))
		Expect(typeNamed("reset").Scopes).To(Equal([]string{"after_commands", "connection"}))
		Expect(typeNamed("auth-delay").Scopes).To(Equal([]string{"user", "after_commands", "after", "connection"}))
		Expect(typeNamed("command-override").Scopes).To(ContainElements("user", "command", "channel", "connection"))
		Expect(typeNamed("disk-full").Scopes).To(Equal([]string{"user", "after_commands", "after", "path"}))
		for _, t := range faults.Types() {
			Expect(t.Scopes).NotTo(BeNil(), "type %s", t.Name)
		}
	})

	DescribeTable("refuse a scope that cannot apply, saying why and what the type honours",
		func(spec faults.Spec, msg string) {
			_, err := faults.Compile(spec)
			Expect(err).To(MatchError(msg))
		},
		Entry("a transport fault scoped to a user: it would fire before anyone logs in",
			faults.Spec{Type: "reset", Scope: faults.Scope{User: "flaky"}},
			`fault "reset": scope.user: reset cannot be scoped by user: it acts on the TCP connection from its first byte, before anyone has logged in (it honours: after_commands, connection)`),
		Entry("latency scoped to a command",
			faults.Spec{Type: "latency", Scope: faults.Scope{Command: "^rm"}},
			`fault "latency": scope.command: latency cannot be scoped by command: it acts on the TCP connection from its first byte, before anyone has logged in (it honours: after_commands, connection)`),
		Entry("auth methods scoped to a user: offered before the user is named",
			faults.Spec{Type: "auth-methods", Params: map[string]any{"methods": []string{"password"}}, Scope: faults.Scope{User: "ops"}},
			`fault "auth-methods": scope.user: auth-methods cannot be scoped by user: the methods are offered before the client names its user (it honours: after_commands, after, connection)`),
		Entry("a filesystem fault scoped to a connection",
			faults.Spec{Type: "disk-full", Scope: faults.Scope{Connection: 2}},
			`fault "disk-full": scope.connection: disk-full cannot be scoped by connection: a file operation is the filesystem's, which knows the user but not the connection, channel or command (it honours: user, after_commands, after, path)`),
	)

	It("accept the keys the type honours", func() {
		Expect(faults.Compile(faults.Spec{Type: "reset", Scope: faults.Scope{Connection: 2}})).Error().NotTo(HaveOccurred())
		Expect(faults.Compile(faults.Spec{Type: "pam-banner", Scope: faults.Scope{User: "vdsm"}})).Error().NotTo(HaveOccurred())
	})
})
