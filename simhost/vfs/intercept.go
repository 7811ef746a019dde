package vfs

// Op is one filesystem operation as an Interceptor sees it.
type Op struct {
	Name  string // the system call: "open", "write", "unlink", "mkdir", ...
	Path  string
	Cred  Cred  // who does it; an interceptor may change it (NFS root squash)
	Write bool  // the operation changes the tree or a file's data
	Size  int64 // bytes a write carries, or the length a truncate sets
}

// Interceptor runs before each operation, outside the filesystem's lock, so it
// may sleep (a slow disk), fail the operation with an errno (a full or
// read-only disk), or change who performs it. Faults install one.
type Interceptor func(op *Op) error

// SetInterceptor installs i (nil removes it). Operations already past their
// check are not affected.
func (f *FS) SetInterceptor(i Interceptor) {
	if i == nil {
		f.interceptor.Store(nil)
		return
	}
	f.interceptor.Store(&i)
}

// intercept asks the interceptor about an operation and returns the cred to
// use; with no interceptor it costs one atomic load.
func (f *FS) intercept(name string, c Cred, p string, write bool, size ...int64) (Cred, error) {
	if !write {
		f.refreshKernel(c, p) // kernel.go: the tree a read reaches is written as it is now
	}
	ip := f.interceptor.Load()
	if ip == nil {
		return c, nil
	}
	op := Op{Name: name, Path: p, Cred: c, Write: write}
	if len(size) > 0 {
		op.Size = size[0]
	}
	if err := (*ip)(&op); err != nil {
		return c, err
	}
	return op.Cred, nil
}
