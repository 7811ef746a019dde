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
func strmode(m fs.FileMode) string { return vfs.ModeString(m, false) + " " }
