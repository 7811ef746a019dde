package machine

import (
	"fmt"
	"strconv"
	"strings"
)

// Limits are a host's bounds (each user's process limit is the hardware's,
// hardware.limits.processes, which ulimit -u shows). Every byte a simulated host holds is in the lab's
// memory and every process is a goroutine of it, so each resource a session can
// take has a bound, met the way the real OS meets it. A zero field takes the
// default.
type Limits struct {
	// DiskFreeBytes is the root filesystem's free space at boot: its size is
	// the installed system's plus this, as df on a real host shows its own
	// disk, and writes fail with ENOSPC once this is filled. Default 1 GiB.
	DiskFreeBytes int64
	// DiskFreeInodes is the root filesystem's free inodes at boot: past them,
	// creating a file, directory or link fails with ENOSPC, as on a full ext4
	// inode table, and df -i agrees. Every inode is the lab's memory. Default
	// one per 16 KiB of DiskFreeBytes, mke2fs's ratio (65,536 for 1 GiB).
	DiskFreeInodes int64
	// BufferBytes is the most an emulated program holds of its input at once
	// (tac, rev, paste, awk, diff, xargs... read it whole): past it the program
	// says "memory exhausted" and exits 1, as coreutils' xalloc_die. Default
	// 64 MiB.
	BufferBytes int64
	// SubstBytes is the most a command substitution may collect: beyond it the
	// shell cannot allocate, as bash on a host out of memory (`xrealloc: cannot
	// allocate`), and exits. Default 32 MiB.
	SubstBytes int64
	// ParseDepth is how deeply shell text may nest ($(...), (...), {...}, if,
	// loops): deeper is a syntax error, where bash's parser stack ends (bash
	// 5.2 parses 1,000 nested $( and crashes at 2,000). Default 1000.
	ParseDepth int
	// MaxStartups is sshd's MaxStartups start:rate:full for connections not yet
	// logged in: past start, a new one is dropped with probability rate% rising
	// to 100% at full. Default sshd's 10:30:100.
	MaxStartups string
}

// The defaults of Limits.
const (
	DefaultDiskFreeBytes = 1 << 30
	DefaultSubstBytes    = 32 << 20
	DefaultBufferBytes   = 64 << 20
	// BytesPerInode is mke2fs's default inode ratio, which gives
	// DiskFreeInodes its default.
	BytesPerInode      = 16 << 10
	DefaultParseDepth  = 1000
	DefaultMaxStartups = "10:30:100"
)

// withDefaults fills the zero fields.
func (l Limits) withDefaults() Limits {
	if l.DiskFreeBytes == 0 {
		l.DiskFreeBytes = DefaultDiskFreeBytes
	}
	if l.DiskFreeInodes == 0 {
		l.DiskFreeInodes = max(1, l.DiskFreeBytes/BytesPerInode)
	}
	if l.SubstBytes == 0 {
		l.SubstBytes = DefaultSubstBytes
	}
	if l.BufferBytes == 0 {
		l.BufferBytes = DefaultBufferBytes
	}
	if l.ParseDepth == 0 {
		l.ParseDepth = DefaultParseDepth
	}
	if l.MaxStartups == "" {
		l.MaxStartups = DefaultMaxStartups
	}
	return l
}

// Startups is MaxStartups parsed.
type Startups struct{ Start, Rate, Full int }

// ParseStartups reads "start:rate:full" or a lone "full", as sshd_config does.
func ParseStartups(s string) (Startups, error) {
	parts := strings.Split(s, ":")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Startups{}, fmt.Errorf("%q is not start:rate:full (three counts, like 10:30:100) or one count", s)
		}
		nums[i] = n
	}
	switch {
	case len(nums) == 1:
		return Startups{Start: nums[0], Rate: 100, Full: nums[0]}, nil
	case len(nums) != 3:
		return Startups{}, fmt.Errorf("%q is not start:rate:full (three counts, like 10:30:100) or one count", s)
	case nums[1] > 100 || nums[0] > nums[2]:
		return Startups{}, fmt.Errorf("%q: rate is a percentage (0-100) and start may not exceed full", s)
	}
	return Startups{Start: nums[0], Rate: nums[1], Full: nums[2]}, nil
}

// validate reports a wrong field of l, named under "limits".
func (l Limits) validate() error {
	bad := func(field, format string, args ...any) error {
		return &FieldError{Field: "limits." + field, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case l.DiskFreeBytes < 0:
		return bad("disk_free_bytes", "%d is negative", l.DiskFreeBytes)
	case l.DiskFreeInodes < 0:
		return bad("disk_free_inodes", "%d is negative", l.DiskFreeInodes)
	case l.BufferBytes < 0:
		return bad("buffer_bytes", "%d is negative", l.BufferBytes)
	case l.SubstBytes < 0:
		return bad("subst_bytes", "%d is negative", l.SubstBytes)
	case l.ParseDepth < 0:
		return bad("parse_depth", "%d is negative", l.ParseDepth)
	}
	if l.MaxStartups != "" {
		if _, err := ParseStartups(l.MaxStartups); err != nil {
			return bad("max_startups", "%v", err)
		}
	}
	return nil
}
