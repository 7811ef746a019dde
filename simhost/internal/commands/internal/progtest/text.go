package progtest

import (
	"github.com/hostile-lab/hostile/simhost/machine"
)

// SeedOpsFile seeds a file owned by ops, mode 0644.
func SeedOpsFile(path, content string) func(*machine.Description) {
	return func(d *machine.Description) {
		d.Files = append(d.Files, machine.File{Path: path, Content: content, Owner: "ops"})
	}
}

// HostWithFiles is a debian12 host with the files given as path, content pairs.
func HostWithFiles(personality string, pathContent ...string) *machine.Machine {
	var seed []func(*machine.Description)
	for i := 0; i+1 < len(pathContent); i += 2 {
		seed = append(seed, SeedOpsFile(pathContent[i], pathContent[i+1]))
	}
	return NewHost(personality, seed...)
}
