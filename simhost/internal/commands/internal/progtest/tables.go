package progtest

import (
	"github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/machine"
)

// OpsHome is the home directory of user ops on a host of the personality.
func OpsHome(personality string) string {
	if personality == "solaris10-sparc" {
		return "/export/home/ops"
	}
	return "/home/ops"
}

// PlainHost is a host of the personality with nothing seeded: NewHost as
// RunGives takes it.
func PlainHost(personality string) *machine.Machine { return NewHost(personality) }

// RunGives is the body of a DescribeTable whose entries are a personality, a
// script and the Result the script gives when run as ops on a fresh host
// that host makes for the personality.
func RunGives(host func(personality string) *machine.Machine) func(personality, script string, want Result) {
	return func(personality, script string, want Result) {
		gomega.Expect(Run(host(personality), "ops", script)).To(gomega.Equal(want))
	}
}
