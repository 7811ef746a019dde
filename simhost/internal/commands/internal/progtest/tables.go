package progtest

import (
	"github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

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

// MergedOnDebian12And11 is the body of a DescribeTable whose entries are a
// script and what it prints, stdout and stderr merged, when run as ops from
// ops's home on debian12 (bookworm) and on debian11 (bullseye; "" where it
// prints the same). expect, when not nil, rewrites what is expected first
// (Revisionless).
func MergedOnDebian12And11(expect func(string) string) func(script, bookworm, bullseye string) {
	return func(script, bookworm, bullseye string) {
		if bullseye == "" {
			bullseye = bookworm
		}
		if expect != nil {
			bookworm, bullseye = expect(bookworm), expect(bullseye)
		}
		gomega.Expect(RunMerged(NewHost("debian12"), "ops", "cd; "+script)).To(gomega.Equal(bookworm))
		gomega.Expect(RunMerged(NewHost("debian11"), "ops", "cd; "+script)).To(gomega.Equal(bullseye))
	}
}

// OnDebian12And11 runs script as ops on a fresh debian12 host and a fresh
// debian11 host and matches each one's Result with want: the spec of a
// program whose bytes were captured the same on both releases.
func OnDebian12And11(script string, want types.GomegaMatcher) {
	for _, personality := range []string{"debian12", "debian11"} {
		gomega.Expect(Run(NewHost(personality), "ops", script)).To(want, personality)
	}
}
