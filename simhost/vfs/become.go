package vfs

// Become makes f hold what fresh holds: its tree, mounts and inode numbers, so
// that everyone holding f (sessions, the SFTP server, the host's faults) sees
// the fresh tree from the next operation on. f keeps its own clock and
// interceptor. fresh must not be used afterwards. A host reset uses it to
// bring the filesystem back to its description's start while the host serves.
func (f *FS) Become(fresh *FS) {
	if f == fresh {
		return
	}
	fresh.mu.Lock()
	root, mounts, nextIno := fresh.root, fresh.mounts, fresh.nextIno
	fresh.root, fresh.mounts = nil, nil
	fresh.mu.Unlock()

	f.mu.Lock()
	defer f.mu.Unlock()
	f.root, f.mounts, f.nextIno = root, mounts, nextIno
}
