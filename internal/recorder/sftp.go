package recorder

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/hostile-lab/hostile/simhost/sshwire"
)

// maxContent is the largest file whose content a recording keeps (when it is
// text); bigger or binary files keep their path and size only.
const maxContent = 64 << 10

// maxPacket is more than any SFTP implementation sends in one packet; a
// longer length means the stream is not (or no longer) SFTP.
const maxPacket = 1 << 20

// sftpWatcher decodes the SFTP packets of a subsystem session, both ways, to
// tell which files went over it. It only reads: the proxy forwards every byte
// as it came, noise and all.
type sftpWatcher struct {
	client, server []byte // bytes not decoded yet
	clientBroken   bool
	serverBroken   bool
	serverStarted  bool // the host's first packet (VERSION) was found
	noise          []byte

	pending   map[uint32]sftpRequest
	open      map[string]*fileTransfer // by handle
	transfers []*fileTransfer
	ops       []string
}

type sftpRequest struct {
	op     byte
	path   string // open, remove, mkdir, rename (from)
	to     string // rename
	write  bool   // open for writing
	handle string
	offset uint64
}

// fileTransfer is a file being read or written, its content kept while it is
// small.
type fileTransfer struct {
	Transfer
	content  []byte
	tooLarge bool
}

func newSFTPWatcher() *sftpWatcher {
	return &sftpWatcher{pending: map[uint32]sftpRequest{}, open: map[string]*fileTransfer{}}
}

func (w *sftpWatcher) fromClient(b []byte) {
	if w.clientBroken {
		return
	}
	w.client = append(w.client, b...)
	w.client, w.clientBroken = eachPacket(w.client, w.clientPacket)
}

func (w *sftpWatcher) fromServer(b []byte) {
	if w.serverBroken {
		return
	}
	w.server = append(w.server, b...)
	if !w.serverStarted {
		at := versionPacket(w.server)
		if at < 0 {
			if len(w.server) > maxContent {
				w.noise, w.server, w.serverBroken = w.server[:maxContent], nil, true
			}
			return
		}
		w.noise, w.server, w.serverStarted = w.server[:at], w.server[at:], true
	}
	w.server, w.serverBroken = eachPacket(w.server, w.serverPacket)
}

// versionPacket finds the server's VERSION packet: whatever comes before it
// was printed by the user's shell before sftp-server started.
func versionPacket(b []byte) int {
	for i := 0; i+9 <= len(b); i++ {
		n := binary.BigEndian.Uint32(b[i:])
		if n >= 5 && n <= 4096 && b[i+4] == sshwire.SFTPVersion && binary.BigEndian.Uint32(b[i+5:]) <= 6 {
			return i
		}
	}
	return -1
}

// eachPacket hands every complete packet in buf to fn and returns the rest
// (a copy, as buf is appended to); broken is true when buf cannot be SFTP.
func eachPacket(buf []byte, fn func(typ byte, body []byte)) (rest []byte, broken bool) {
	rest, broken = sshwire.EachPacket(buf, maxPacket, func(body []byte) { fn(body[0], body[1:]) })
	return append([]byte(nil), rest...), broken
}

// sftpWriteFlags are the open flags that mean writing.
const sftpWriteFlags = sshwire.OpenWrite | sshwire.OpenAppend | sshwire.OpenCreat | sshwire.OpenTrunc

func (w *sftpWatcher) clientPacket(typ byte, body []byte) {
	r := sshwire.NewDecoder(body)
	if typ == sshwire.SFTPInit {
		return
	}
	id := r.U32()
	req := sftpRequest{op: typ}
	switch typ {
	case sshwire.SFTPOpen:
		req.path = r.Str()
		req.write = r.U32()&sftpWriteFlags != 0
	case sshwire.SFTPClose:
		req.handle = r.Str()
	case sshwire.SFTPRead:
		req.handle = r.Str()
		req.offset = r.U64()
	case sshwire.SFTPWrite:
		handle, offset, data := r.Str(), r.U64(), r.Bytes()
		if t := w.open[handle]; t != nil && !r.Bad {
			t.Direction = "upload"
			t.put(offset, data)
		}
		return
	case sshwire.SFTPRemove, sshwire.SFTPMkdir:
		req.path = r.Str()
	case sshwire.SFTPRename:
		req.path, req.to = r.Str(), r.Str()
	case sshwire.SFTPExtended:
		if r.Str() != "posix-rename@openssh.com" {
			return
		}
		req.op, req.path, req.to = sshwire.SFTPRename, r.Str(), r.Str()
	default:
		return
	}
	if !r.Bad {
		w.pending[id] = req
	}
}

func (w *sftpWatcher) serverPacket(typ byte, body []byte) {
	r := sshwire.NewDecoder(body)
	if typ == sshwire.SFTPVersion {
		return
	}
	id := r.U32()
	req, ok := w.pending[id]
	if r.Bad || !ok {
		return
	}
	delete(w.pending, id)
	switch typ {
	case sshwire.SFTPHandle:
		if req.op == sshwire.SFTPOpen {
			t := &fileTransfer{Transfer: Transfer{Via: "sftp", Path: req.path, Direction: "download"}}
			if req.write {
				t.Direction = "upload"
			}
			w.open[r.Str()] = t
			w.transfers = append(w.transfers, t)
		}
	case sshwire.SFTPData:
		if t := w.open[req.handle]; t != nil && req.op == sshwire.SFTPRead {
			t.put(req.offset, r.Bytes())
		}
	case sshwire.SFTPStatus:
		code := r.U32()
		msg := r.Str()
		w.status(req, code, msg)
	}
}

// status records what a request came to.
func (w *sftpWatcher) status(req sftpRequest, code uint32, msg string) {
	failed := ""
	if code != 0 {
		failed = msg
		if failed == "" {
			failed = fmt.Sprintf("status %d", code)
		}
	}
	switch req.op {
	case sshwire.SFTPOpen:
		if failed != "" {
			dir := "download"
			if req.write {
				dir = "upload"
			}
			w.transfers = append(w.transfers, &fileTransfer{Transfer: Transfer{Via: "sftp", Direction: dir, Path: req.path, Failed: failed}})
		}
	case sshwire.SFTPClose:
		if t := w.open[req.handle]; t != nil {
			t.Complete = failed == ""
			if failed != "" {
				t.Failed = failed
			}
			delete(w.open, req.handle)
		}
	case sshwire.SFTPWrite:
	case sshwire.SFTPRemove:
		w.ops = append(w.ops, opText("removed", req.path, failed))
	case sshwire.SFTPMkdir:
		w.ops = append(w.ops, opText("made directory", req.path, failed))
	case sshwire.SFTPRename:
		w.ops = append(w.ops, opText("renamed", req.path+" to "+req.to, failed))
	}
}

func opText(what, subject, failed string) string {
	if failed != "" {
		return fmt.Sprintf("%s %s failed: %s", strings.Fields(what)[0], subject, failed)
	}
	return what + " " + subject
}

// put records data at offset: the size always, the content while small.
func (t *fileTransfer) put(offset uint64, data []byte) {
	end := int64(offset) + int64(len(data))
	t.Size = max(t.Size, end)
	if t.tooLarge || end > maxContent {
		t.tooLarge, t.content = true, nil
		return
	}
	if int64(len(t.content)) < end {
		t.content = append(t.content, make([]byte, end-int64(len(t.content)))...)
	}
	copy(t.content[offset:], data)
}

// result is the transfer with its content when that is small text.
func (t *fileTransfer) result() Transfer {
	out := t.Transfer
	if !t.tooLarge && isText(t.content) {
		out.Content = string(t.content)
	}
	return out
}

func isText(b []byte) bool {
	return utf8.Valid(b) && !strings.ContainsRune(string(b), 0)
}

func (w *sftpWatcher) result() (noise string, transfers []Transfer, ops []string) {
	for _, t := range w.transfers {
		transfers = append(transfers, t.result())
	}
	noise = string(w.noise)
	if !w.serverStarted && !w.serverBroken {
		// The client gave up on the noise before sftp-server said a word:
		// what came is the noise, up to its last whole line.
		if i := bytes.LastIndexByte(w.server, '\n'); i >= 0 {
			noise = string(w.server[:i+1])
		}
	}
	return noise, transfers, append([]string(nil), w.ops...)
}

// scpWatcher decodes the legacy scp protocol of `scp -t DIR` (an upload, on
// stdin) or `scp -f FILE` (a download, on stdout).
type scpWatcher struct {
	download bool
	target   string
	buf      []byte
	current  *fileTransfer
	left     int64 // bytes of the current file still to come
	done     []*fileTransfer
}

// newSCPWatcher returns a watcher when line runs scp as the remote end; nil
// otherwise.
func newSCPWatcher(line string) *scpWatcher {
	f := strings.Fields(line)
	if len(f) < 2 || path.Base(f[0]) != "scp" {
		return nil
	}
	w := &scpWatcher{}
	mode := ""
	for _, a := range f[1:] {
		switch {
		case a == "-t" || a == "-f":
			mode = a
		case a == "--" || strings.HasPrefix(a, "-"):
		default:
			w.target = a
		}
	}
	if mode == "" {
		return nil
	}
	w.download = mode == "-f"
	return w
}

func (w *scpWatcher) feed(b []byte) {
	w.buf = append(w.buf, b...)
	for len(w.buf) > 0 {
		if w.current != nil {
			n := min(int64(len(w.buf)), w.left)
			w.current.put(uint64(w.current.Size), w.buf[:n])
			w.left -= n
			w.buf = w.buf[n:]
			if w.left > 0 {
				return
			}
			w.current.Complete = true
			w.done = append(w.done, w.current)
			w.current = nil
			continue
		}
		if w.buf[0] != 'C' {
			// Acks, directory and time records: nothing to keep.
			if i := strings.IndexAny(string(w.buf), "\n\x00"); i >= 0 {
				w.buf = w.buf[i+1:]
				continue
			}
			return
		}
		nl := strings.IndexByte(string(w.buf), '\n')
		if nl < 0 {
			return
		}
		var mode string
		var size int64
		var name string
		if _, err := fmt.Sscanf(string(w.buf[:nl]), "C%s %d %s", &mode, &size, &name); err != nil {
			w.buf = w.buf[nl+1:]
			continue
		}
		// An upload names its file; the target is where it goes: the file
		// itself, or (when it is plainly a directory) the file in it.
		p := w.target
		if !w.download && (strings.HasSuffix(p, "/") || p == "." || p == "") {
			p = path.Join(p, name)
		}
		dir := "upload"
		if w.download {
			dir = "download"
		}
		w.current = &fileTransfer{Transfer: Transfer{Via: "scp", Direction: dir, Path: p}}
		w.left = size
		w.buf = w.buf[nl+1:]
		if size == 0 {
			w.current.Complete = true
			w.done = append(w.done, w.current)
			w.current = nil
		}
	}
}

func (w *scpWatcher) result() []Transfer {
	var out []Transfer
	for _, t := range w.done {
		out = append(out, t.result())
	}
	if w.current != nil {
		out = append(out, w.current.result())
	}
	return out
}
