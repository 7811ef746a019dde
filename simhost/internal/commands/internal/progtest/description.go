package progtest

import (
	"github.com/hostile-lab/hostile/simhost/machine"
)

// WithLimits sets the host's bounds (free disk and inodes, buffers...).
func WithLimits(l machine.Limits) func(*machine.Description) {
	return func(d *machine.Description) { d.Limits = l }
}

// SeedSudoers adds lines to /etc/sudoers.
func SeedSudoers(lines ...string) func(*machine.Description) {
	return func(d *machine.Description) { d.Sudoers = append(d.Sudoers, lines...) }
}
