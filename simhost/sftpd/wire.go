package sftpd

import (
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// SFTP v3 packet types, flags and limits this layer looks at.
const (
	fxpVersion       = 2
	fxpOpen          = 3
	fxpMkdir         = 14
	fxpStatus        = 101
	fxpName          = 104
	fxpExtended      = 200
	fxpExtendedReply = 201

	attrSize        = 0x1
	attrUIDGID      = 0x2
	attrPermissions = 0x4
	attrTimes       = 0x8
	attrExtended    = 0x80000000

	openCreat = 0x8

	maxPacket = 256 * 1024 // OpenSSH's SFTP_MAX_MSG_LENGTH, and pkg/sftp's limit

	// longnameExt is the private attribute carrying a directory entry's
	// longname from the handlers to this layer; clients never see it.
	longnameExt = "longname@hostile"
	// groupsByID answers sftp's user and group name lookups for `ls -l`.
	groupsByID = "users-groups-by-id@openssh.com"
)

// wire sits between the channel and the request server and makes the stream
// what OpenSSH's sftp-server would send where pkg/sftp differs:
//   - status messages are sftp-server's texts ("Permission denied");
//   - directory entries carry sftp-server's `ls -l` longnames;
//   - the extensions announced are those of the host's sshd that this server
//     implements, and users-groups-by-id@openssh.com is answered here;
//   - the permissions of OPEN and MKDIR, which the request server drops, are
//     noted for the handlers.
type wire struct {
	rw   io.ReadWriteCloser
	s    *server
	exts []string // name, data pairs announced in VERSION

	pending []byte // a client packet partly handed to the request server

	mu  sync.Mutex // one packet at a time to the client
	out []byte     // the start of a server packet not yet complete
}

func newWire(rw io.ReadWriteCloser, s *server) *wire {
	return &wire{rw: rw, s: s, exts: extensions(s.m.P.SSHVersion)}
}

// extensions are what the host's sftp-server announces, among those served
// here, in sftp-server's order. Sun_SSH's, of OpenSSH 3 descent, has none.
func extensions(sshVersion string) []string {
	major, minor, ok := opensshVersion(sshVersion)
	if !ok {
		return nil
	}
	exts := []string{"posix-rename@openssh.com", "1", "statvfs@openssh.com", "2", "hardlink@openssh.com", "1"}
	if major > 9 || major == 9 && minor >= 1 {
		exts = append(exts, groupsByID, "1")
	}
	return exts
}

// opensshVersion parses "SSH-2.0-OpenSSH_9.2p1 Debian-2".
func opensshVersion(v string) (major, minor int, ok bool) {
	_, rest, found := strings.Cut(v, "OpenSSH_")
	if !found {
		return 0, 0, false
	}
	n, _ := fmt.Sscanf(rest, "%d.%d", &major, &minor)
	return major, minor, n == 2
}

func (w *wire) Close() error { return w.rw.Close() }

// Read hands the request server the client's packets, less the ones answered
// here.
func (w *wire) Read(b []byte) (int, error) {
	for len(w.pending) == 0 {
		pkt, err := w.readPacket()
		if err != nil {
			return 0, err
		}
		if reply := w.inspect(pkt[4:]); reply != nil {
			if err := w.send(reply); err != nil {
				return 0, err
			}
			continue
		}
		w.pending = pkt
	}
	n := copy(b, w.pending)
	w.pending = w.pending[n:]
	return n, nil
}

// readPacket reads one length-prefixed packet from the client.
func (w *wire) readPacket() ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(w.rw, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n == 0 || n > maxPacket {
		return nil, fmt.Errorf("sftp: client sent a packet of %d bytes", n)
	}
	pkt := make([]byte, 4+n)
	copy(pkt, hdr[:])
	if _, err := io.ReadFull(w.rw, pkt[4:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return pkt, nil
}

// inspect notes the permissions of creating requests and returns the reply
// to a request answered here, or nil to pass the packet on.
func (w *wire) inspect(body []byte) []byte {
	r := &decoder{b: body[1:]}
	id := r.u32()
	switch body[0] {
	case fxpOpen:
		p := string(r.str())
		if r.u32()&openCreat != 0 {
			w.notePerm(p, r, 0o666)
		}
	case fxpMkdir:
		w.notePerm(string(r.str()), r, 0o777)
	case fxpExtended:
		if string(r.str()) == groupsByID && w.announces(groupsByID) {
			return w.namesByID(id, r)
		}
	}
	return nil
}

// notePerm notes for the handlers the permissions in the attributes r is at,
// or def when they name none, as sftp-server takes them.
func (w *wire) notePerm(p string, r *decoder, def uint32) {
	perm := def
	if flags := r.u32(); flags&attrPermissions != 0 {
		r.take(fixedAttrLen(flags & (attrSize | attrUIDGID)))
		perm = r.u32()
	}
	if !r.bad {
		w.s.noteMode(w.s.abs(p), perm)
	}
}

func (w *wire) announces(ext string) bool {
	for i := 0; i < len(w.exts); i += 2 {
		if w.exts[i] == ext {
			return true
		}
	}
	return false
}

// namesByID answers users-groups-by-id@openssh.com: a name per id asked,
// empty where the host has none.
func (w *wire) namesByID(id uint32, r *decoder) []byte {
	uids, gids := r.str(), r.str()
	if r.bad {
		return nil
	}
	names := func(ids []byte, name func(int) string) []byte {
		var out []byte
		for ; len(ids) >= 4; ids = ids[4:] {
			n := int(binary.BigEndian.Uint32(ids))
			s := name(n)
			if s == strconv.Itoa(n) { // the machine's fallback: no such entry
				s = ""
			}
			out = appendString(out, s)
		}
		return out
	}
	reply := binary.BigEndian.AppendUint32([]byte{fxpExtendedReply}, id)
	reply = appendString(reply, string(names(uids, w.s.m.UserName)))
	return appendString(reply, string(names(gids, w.s.m.GroupName)))
}

// send writes one packet body to the client.
func (w *wire) send(body []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, err := w.rw.Write(frame(body))
	return err
}

// Write takes the request server's output, which comes in pieces, and sends
// each packet once it is complete, rewritten.
func (w *wire) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.out = append(w.out, b...)
	done := 0
	for len(w.out)-done >= 4 {
		n := 4 + int(binary.BigEndian.Uint32(w.out[done:]))
		if len(w.out)-done < n {
			break
		}
		if _, err := w.rw.Write(w.rewrite(w.out[done : done+n])); err != nil {
			return 0, err
		}
		done += n
	}
	w.out = w.out[:copy(w.out, w.out[done:])]
	return len(b), nil
}

// rewrite returns the packet as sftp-server would have sent it.
func (w *wire) rewrite(pkt []byte) []byte {
	body := pkt[4:]
	switch body[0] {
	case fxpVersion:
		out := append([]byte(nil), body[:5]...) // type, version
		for _, s := range w.exts {
			out = appendString(out, s)
		}
		return frame(out)
	case fxpStatus:
		r := &decoder{b: body[5:]}
		code := r.u32()
		out := appendString(append([]byte(nil), body[:9]...), statusText(code))
		return frame(appendString(out, ""))
	case fxpName:
		if out := longnames(body); out != nil {
			return frame(out)
		}
	}
	return pkt
}

// statusText is sftp-server's message for a status code.
func statusText(code uint32) string {
	texts := []string{"Success", "End of file", "No such file", "Permission denied", "Failure",
		"Bad message", "No connection", "Connection lost", "Operation unsupported"}
	if int(code) < len(texts) {
		return texts[code]
	}
	return "Unknown error"
}

// longnames moves each entry's private longname attribute into its longname
// field; it returns nil when the packet has none or does not parse.
func longnames(body []byte) []byte {
	r := &decoder{b: body[5:]}
	count := r.u32()
	out := binary.BigEndian.AppendUint32(append([]byte(nil), body[:5]...), count)
	moved := false
	for range count {
		name, long := r.str(), r.str()
		flags := r.u32()
		if r.bad {
			return nil
		}
		fixed := r.take(fixedAttrLen(flags))
		var kept [][]byte
		if flags&attrExtended != 0 {
			for range r.u32() {
				typ, data := r.str(), r.str()
				if string(typ) == longnameExt {
					long, moved = data, true
					continue
				}
				kept = append(kept, typ, data)
			}
			if len(kept) == 0 {
				flags &^= attrExtended
			}
		}
		out = appendString(appendString(out, string(name)), string(long))
		out = append(binary.BigEndian.AppendUint32(out, flags), fixed...)
		if flags&attrExtended != 0 {
			out = binary.BigEndian.AppendUint32(out, uint32(len(kept)/2))
			for _, s := range kept {
				out = appendString(out, string(s))
			}
		}
	}
	if r.bad || !moved {
		return nil
	}
	return out
}

// fixedAttrLen is the length of the fixed-size attribute fields flags name.
func fixedAttrLen(flags uint32) int {
	n := 0
	if flags&attrSize != 0 {
		n += 8
	}
	if flags&attrUIDGID != 0 {
		n += 8
	}
	if flags&attrPermissions != 0 {
		n += 4
	}
	if flags&attrTimes != 0 {
		n += 8
	}
	return n
}

// frame prefixes a packet body with its length.
func frame(body []byte) []byte {
	return append(binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(body)), uint32(len(body))), body...)
}

func appendString(b []byte, s string) []byte {
	return append(binary.BigEndian.AppendUint32(b, uint32(len(s))), s...)
}

// decoder reads SFTP fields; past the end it returns zeros and sets bad.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) take(n int) []byte {
	if n < 0 || n > len(d.b) {
		d.bad, d.b = true, nil
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) u32() uint32 {
	if v := d.take(4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

func (d *decoder) str() []byte { return d.take(int(d.u32())) }
