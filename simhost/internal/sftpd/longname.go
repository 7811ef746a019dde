package sftpd

import (
	"fmt"
	"io/fs"
	"time"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// halfYear is how old a file may be before ls shows its year instead of its
// time.
const halfYear = 365 * 24 * time.Hour / 2

// longname is the `ls -l` line OpenSSH's sftp-server sends with a directory
// entry (ls_file in sftp-common.c): real link count, owner names, and the
// time, or the year when the file is older than half a year or in the future.
func (s *server) longname(i *vfs.Info, now time.Time) string {
	layout := "Jan _2  2006"
	if t := i.ModTime; t.After(now.Add(-halfYear)) && !t.After(now) {
		layout = "Jan _2 15:04"
	}
	return fmt.Sprintf("%s %3d %-8s %-8s %8d %s %s", strmode(i.Mode), i.Nlink,
		s.m.UserName(i.UID), s.m.GroupName(i.GID), i.Size, i.ModTime.Format(layout), i.Name)
}

// strmode is BSD strmode(3): "drwxr-xr-x " with a trailing space where an
// ACL mark would go.
func strmode(m fs.FileMode) string {
	b := []byte("-rwxrwxrwx ")
	switch {
	case m.IsDir():
		b[0] = 'd'
	case m&fs.ModeSymlink != 0:
		b[0] = 'l'
	case m&fs.ModeCharDevice != 0:
		b[0] = 'c'
	case m&fs.ModeDevice != 0:
		b[0] = 'b'
	case m&fs.ModeNamedPipe != 0:
		b[0] = 'p'
	case m&fs.ModeSocket != 0:
		b[0] = 's'
	}
	for i := range 9 {
		if m&(1<<(8-i)) == 0 {
			b[1+i] = '-'
		}
	}
	special := func(set bool, at int, c byte) {
		if !set {
			return
		}
		if b[at] == '-' {
			c -= 'a' - 'A' // set without execute: capital
		}
		b[at] = c
	}
	special(m&fs.ModeSetuid != 0, 3, 's')
	special(m&fs.ModeSetgid != 0, 6, 's')
	special(m&fs.ModeSticky != 0, 9, 't')
	return string(b)
}
