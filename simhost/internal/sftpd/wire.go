package sftpd

import (
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/hostile-lab/hostile/simhost/sshwire"
)

const (
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
		pkt, err := sshwire.ReadPacket(w.rw, maxPacket)
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

// inspect notes the permissions of creating requests and returns the reply
// to a request answered here, or nil to pass the packet on.
func (w *wire) inspect(body []byte) []byte {
	r := sshwire.NewDecoder(body[1:])
	id := r.U32()
	switch body[0] {
	case sshwire.SFTPOpen:
		p := r.Str()
		if r.U32()&sshwire.OpenCreat != 0 {
			w.notePerm(p, r, 0o666)
		}
	case sshwire.SFTPMkdir:
		w.notePerm(r.Str(), r, 0o777)
	case sshwire.SFTPExtended:
		if r.Str() == groupsByID && w.announces(groupsByID) {
			return w.namesByID(id, r)
		}
	}
	return nil
}

// notePerm notes for the handlers the permissions in the attributes r is at,
// or def when they name none, as sftp-server takes them.
func (w *wire) notePerm(p string, r *sshwire.Decoder, def uint32) {
	perm := def
	if flags := r.U32(); flags&sshwire.AttrPermissions != 0 {
		r.Take(sshwire.FixedAttrLen(flags & (sshwire.AttrSize | sshwire.AttrUIDGID)))
		perm = r.U32()
	}
	if !r.Bad {
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
func (w *wire) namesByID(id uint32, r *sshwire.Decoder) []byte {
	uids, gids := r.Bytes(), r.Bytes()
	if r.Bad {
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
			out = sshwire.AppendString(out, s)
		}
		return out
	}
	reply := binary.BigEndian.AppendUint32([]byte{sshwire.SFTPExtendedReply}, id)
	reply = sshwire.AppendString(reply, string(names(uids, w.s.m.UserName)))
	return sshwire.AppendString(reply, string(names(gids, w.s.m.GroupName)))
}

// send writes one packet body to the client.
func (w *wire) send(body []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, err := w.rw.Write(sshwire.Frame(body))
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
	case sshwire.SFTPVersion:
		out := append([]byte(nil), body[:5]...) // type, version
		for _, s := range w.exts {
			out = sshwire.AppendString(out, s)
		}
		return sshwire.Frame(out)
	case sshwire.SFTPStatus:
		r := sshwire.NewDecoder(body[5:])
		code := r.U32()
		out := sshwire.AppendString(append([]byte(nil), body[:9]...), statusText(code))
		return sshwire.Frame(sshwire.AppendString(out, ""))
	case sshwire.SFTPName:
		if out := longnames(body); out != nil {
			return sshwire.Frame(out)
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
	r := sshwire.NewDecoder(body[5:])
	count := r.U32()
	out := binary.BigEndian.AppendUint32(append([]byte(nil), body[:5]...), count)
	moved := false
	for range count {
		name, long := r.Bytes(), r.Bytes()
		flags := r.U32()
		if r.Bad {
			return nil
		}
		fixed := r.Take(sshwire.FixedAttrLen(flags))
		var kept [][]byte
		if flags&sshwire.AttrExtended != 0 {
			for range r.U32() {
				typ, data := r.Bytes(), r.Bytes()
				if string(typ) == longnameExt {
					long, moved = data, true
					continue
				}
				kept = append(kept, typ, data)
			}
			if len(kept) == 0 {
				flags &^= sshwire.AttrExtended
			}
		}
		out = sshwire.AppendString(sshwire.AppendString(out, string(name)), string(long))
		out = append(binary.BigEndian.AppendUint32(out, flags), fixed...)
		if flags&sshwire.AttrExtended != 0 {
			out = binary.BigEndian.AppendUint32(out, uint32(len(kept)/2))
			for _, s := range kept {
				out = sshwire.AppendString(out, string(s))
			}
		}
	}
	if r.Bad || !moved {
		return nil
	}
	return out
}
