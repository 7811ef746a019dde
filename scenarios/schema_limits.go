package scenarios

// The documentation of a host's limits (simhost/machine.Limits) and of what
// they add to a mount, in the schema.
func init() {
	for k, v := range map[string]string{
		"Mount.system_bytes":      "bytes df counts as used by files the host does not hold (the installed system); writes fill only what is left of size_bytes",
		"Description.limits":      "the host's bounds, met as the real OS meets them; each defaults when left out",
		"Limits.disk_free_bytes":  "free space of the root filesystem at boot (default 1 GiB): every stored byte is the lab's memory",
		"Limits.disk_free_inodes": "free inodes of the root filesystem at boot (default one per 16 KiB of disk_free_bytes): past them creating a file fails with ENOSPC",
		"Limits.buffer_bytes":     "the most an emulated program holds of its input (default 64 MiB): past it the program says memory exhausted",
		"Limits.subst_bytes":      "the most a command substitution may hold (default 32 MiB): past it the shell dies as bash's xrealloc does",
		"Limits.parse_depth":      "how deeply shell text may nest (default 1000): deeper is a syntax error",
		"Limits.max_startups":     `sshd's MaxStartups start:rate:full for connections not logged in yet (default "10:30:100")`,
	} {
		fieldDocs[k] = v
	}
}
