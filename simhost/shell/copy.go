package shell

import "io"

// Buffer sizes of copyGrowing: a session waiting on its input holds the
// smallest; a stream that fills each read soon reads in io.Copy's 32 KiB.
const (
	minCopyBuffer = 512
	maxCopyBuffer = 32 << 10
)

// copyGrowing is io.Copy with a buffer that starts small and doubles while
// reads fill it. io.Copy's 32 KiB buffer is held for as long as a read blocks,
// which for a prompt or a hung `cat` is as long as the session lives: with
// thousands of them held open, that buffer is most of a session's memory.
func copyGrowing(dst io.Writer, src io.Reader) (int64, error) {
	buf := make([]byte, minCopyBuffer)
	var written int64
	for {
		n, err := src.Read(buf)
		if n > 0 {
			w, werr := dst.Write(buf[:n])
			written += int64(w)
			if werr != nil {
				return written, werr
			}
			if w != n {
				return written, io.ErrShortWrite
			}
			if n == len(buf) && len(buf) < maxCopyBuffer {
				buf = make([]byte, 2*len(buf))
			}
		}
		if err == io.EOF {
			return written, nil
		}
		if err != nil {
			return written, err
		}
	}
}
