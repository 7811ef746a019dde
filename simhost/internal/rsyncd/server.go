// Package rsyncd is the remote end of rsync over a remote shell: what
// `rsync -e ssh` starts on the host as `rsync --server ...`. It speaks
// rsync's protocol (30 to 32) as a server built without xxhash, zstd or lz4
// would (md5 checksums, zlibx compression), receiving into and sending from
// the host's filesystem with the permissions of the session's user.
package rsyncd

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Host is what the server reaches of the simulated host.
type Host struct {
	FS        *vfs.FS
	Cred      vfs.Cred
	Abs       func(name string) string // absolute path of a name given to the server
	Strerror  func(err error) string   // the personality's strerror
	Umask     uint32
	Version   string // e.g. "3.2.7", for rsync's error lines
	Protocol  int    // the personality's rsync protocol version
	UserName  func(uid int) string
	GroupName func(gid int) string
	UserID    func(name string) (int, bool)
	GroupID   func(name string) (int, bool)
	// Wrote and Read record a file received or sent whole, for the
	// host's event log; either may be nil.
	Wrote, Read func(path string, n int64)
}

// Exit codes of rsync (errcode.h).
const (
	rerrSyntax      = 1
	rerrProtocol    = 2
	rerrFileSelect  = 3
	rerrUnsupported = 4
	rerrFileIO      = 11
	rerrStreamIO    = 12
	rerrPartial     = 23
)

var rerrText = map[int]string{
	rerrSyntax: "syntax or usage error", rerrProtocol: "protocol incompatibility",
	rerrFileSelect: "errors selecting input/output files, dirs", rerrUnsupported: "requested action not supported",
	rerrFileIO: "error in file IO", rerrStreamIO: "error in rsync protocol data stream",
	rerrPartial: "some files/attrs were not transferred (see previous errors)",
}

// options are the server's part of the client's options.
type options struct {
	sender, recursive, links, owner, group, devices, times, perms bool
	checksum, compress, dryRun, wholeFile, delete, partial, stats bool
	ignoreTimes, sizeOnly, update, numericIDs, dirs               bool
	verbose                                                       int
	clientInfo                                                    string
	checksumChoice, compressChoice                                string
}

type server struct {
	h           Host
	opt         options
	w           *wire
	protocol    int
	varintFlags bool
	seedFix     bool
	id0Names    bool
	seed        int32
	zlibx       bool
	stderr      io.Writer
	ioError     atomic.Int32 // IOERR_ bits, set by the generator and the receiver alike
	who         string
	excludes    []string
	missingBase bool // -n into a destination that does not exist yet
}

// fatal ends the run with an rsync exit code, after its messages; site
// names where the real rsync exits, for its "rsync error: ... at" line.
type fatal struct {
	code int
	site string
}

// exitSites are the source lines each version's rsync reports for the
// failures this server reproduces, and the process that reports them (as
// seen from the real 3.2.7 and 3.2.3 in the Debian 12 and 11 images).
var exitSites = map[string]struct {
	who   string
	lines map[string]string
}{
	"dest-stat":  {"Receiver", map[string]string{"3.2.7": "main.c(781)", "3.2.3": "main.c(768)"}},
	"dest-mkdir": {"Receiver", map[string]string{"3.2.7": "main.c(800)", "3.2.3": "main.c(787)"}},
	"write":      {"receiver", map[string]string{"3.2.7": "receiver.c(401)", "3.2.3": "receiver.c(378)"}},
}

// closedSites is where each version's io.c reports a closed connection.
var closedSites = map[string]string{"3.2.7": "io.c(232)", "3.2.3": "io.c(228)"}

func (f fatal) Error() string { return fmt.Sprintf("rsync exit %d", f.code) }

type unsupported string

func (u unsupported) Error() string { return string(u) + " is not supported by this server" }

func errUnsupported(what string) error { return unsupported(what) }

// Serve runs `rsync --server ARGS...` over stdin and stdout and returns its
// exit status.
func Serve(h Host, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := &server{h: h, w: newWire(stdin, stdout), stderr: stderr, who: "server"}
	paths, err := s.parse(args)
	if err != nil {
		fmt.Fprintf(stderr, "rsync: %v\n", err)
		fmt.Fprintf(stderr, "rsync error: syntax or usage error (code 1) at main.c(1795) [server=%s]\n", h.Version)
		return rerrSyntax
	}
	code := s.run(paths)
	s.w.flush()
	return code
}

// serverLong are the long forms of the letters a client may send instead of
// bundling them (BackupPC 3's RsyncArgs are all long).
var serverLong = map[string]string{
	"--verbose": "-v", "--recursive": "-r", "--links": "-l", "--owner": "-o", "--group": "-g", "--devices": "-D",
	"--specials": "-D", "--times": "-t", "--perms": "-p", "--checksum": "-c", "--compress": "-z", "--dry-run": "-n",
	"--whole-file": "-W", "--ignore-times": "-I", "--update": "-u", "--dirs": "-d", "--one-file-system": "-x",
	"--sparse": "-S", "--omit-dir-times": "-O", "--hard-links": "-H", "--copy-links": "-L",
}

func (s *server) parse(args []string) ([]string, error) {
	o := &s.opt
	seenServer := false
	var paths []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if short, ok := serverLong[a]; ok {
			a = short
		}
		switch {
		case a == "--server":
			seenServer = true
		case a == "--sender":
			o.sender = true
		case strings.HasPrefix(a, "--delete"):
			o.delete = true
		case a == "--partial", a == "--numeric-ids":
			o.partial = o.partial || a == "--partial"
			o.numericIDs = o.numericIDs || a == "--numeric-ids"
		case strings.HasPrefix(a, "--checksum-choice="):
			o.checksumChoice = strings.TrimPrefix(a, "--checksum-choice=")
		case strings.HasPrefix(a, "--compress-choice="):
			o.compressChoice = strings.TrimPrefix(a, "--compress-choice=")
		case strings.HasPrefix(a, "--compress-level="), strings.HasPrefix(a, "--timeout="), strings.HasPrefix(a, "--block-size="),
			a == "--size-only", a == "--ignore-errors", a == "--stats", a == "--force", a == "--no-inc-recursive", a == "--no-i-r":
			o.sizeOnly = o.sizeOnly || a == "--size-only"
			o.stats = o.stats || a == "--stats"
		case a == "." || !strings.HasPrefix(a, "-"):
			paths = append(paths, args[i:]...)
			i = len(args)
		case strings.HasPrefix(a, "--"):
			return nil, fmt.Errorf("on remote machine: %s: unknown option", a)
		default:
			for j := 1; j < len(a); j++ {
				c := a[j]
				if c == 'e' {
					o.clientInfo = a[j+1:]
					break
				}
				switch c {
				case 'v':
					o.verbose++
				case 'r':
					o.recursive = true
				case 'l':
					o.links = true
				case 'o':
					o.owner = true
				case 'g':
					o.group = true
				case 'D':
					o.devices = true
				case 't':
					o.times = true
				case 'p':
					o.perms = true
				case 'c':
					o.checksum = true
				case 'z':
					o.compress = true
				case 'n':
					o.dryRun = true
				case 'W':
					o.wholeFile = true
				case 'I':
					o.ignoreTimes = true
				case 'u':
					o.update = true
				case 'd':
					o.dirs = true
				case 'x', 'S', 'O', 'J', 'm', 'C', 'q', 'i', 'L', 'k', 'K', 'y', 'H':
				default:
					return nil, fmt.Errorf("on remote machine: -%c: unknown option", c)
				}
			}
		}
	}
	if !seenServer {
		return nil, errors.New("--server expected")
	}
	if len(paths) == 0 {
		return nil, errors.New("no paths given")
	}
	return paths[1:], nil // the first is rsync's "." placeholder
}

func (s *server) run(paths []string) int {
	if err := s.setup(); err != nil {
		return s.exitFor(err)
	}
	var err error
	if s.opt.sender {
		err = s.serveSender(paths)
	} else {
		err = s.serveReceiver(paths)
	}
	if err != nil {
		return s.exitFor(err)
	}
	if s.ioError.Load() != 0 {
		return rerrPartial
	}
	return 0
}

// exitFor reports how the run ended, as rsync's log_exit does.
func (s *server) exitFor(err error) int {
	var f fatal
	code := rerrStreamIO
	switch {
	case errors.As(err, &f):
		code = f.code
	case errors.Is(err, io.ErrUnexpectedEOF):
		// The client went away: rsync says so on its stderr, which ssh
		// still carries when only the client's stdin closed.
		at, ok := closedSites[s.h.Version]
		if !ok {
			at = closedSites["3.2.7"]
		}
		fmt.Fprintf(s.stderr, "rsync: connection unexpectedly closed (%d bytes received so far) [%s]\n", s.w.readN, s.roleName())
		fmt.Fprintf(s.stderr, "rsync error: %s (code %d) at %s [%s=%s]\n", rerrText[rerrStreamIO], rerrStreamIO, at, s.roleName(), s.h.Version)
		return rerrStreamIO
	default:
		var u unsupported
		if errors.As(err, &u) {
			code = rerrUnsupported
		}
		s.errorf(msgError, "%v\n", err)
	}
	at, who := "main.c(1394)", s.roleName()
	if site, ok := exitSites[f.site]; ok {
		who = site.who
		if l, ok := site.lines[s.h.Version]; ok {
			at = l
		}
	}
	s.errorf(msgError, "rsync error: %s (code %d) at %s [%s=%s]\n", rerrText[code], code, at, who, s.h.Version)
	s.untilDeath(code)
	return code
}

// untilDeath tells the client the exit code (MSG_ERROR_EXIT), which it
// exits with, and reads what it still sends until it answers or goes
// (noop_io_until_death).
func (s *server) untilDeath(code int) {
	w := s.w
	if !w.muxOut || !w.muxIn || s.protocol < 31 && s.opt.sender {
		return
	}
	w.message(msgErrExit, le32(int32(code)))
	for {
		if w.inLeft > 0 {
			if err := w.raw(make([]byte, w.inLeft)); err != nil {
				return
			}
			w.inLeft = 0
		}
		var h [4]byte
		if err := w.raw(h[:]); err != nil {
			return
		}
		v := binary.LittleEndian.Uint32(h[:])
		tag, n := int(v>>24)-mplexBase, int(v&0xffffff)
		if err := w.raw(make([]byte, n)); err != nil {
			return
		}
		if tag == msgErrExit {
			if !s.opt.sender {
				w.message(msgErrExit, nil)
			}
			return
		}
	}
}

func (s *server) roleName() string {
	if s.opt.sender {
		return "sender"
	}
	return "Receiver"
}

// errorf sends a message to the client, which prints it; before
// multiplexing it goes to stderr, which ssh carries there too.
func (s *server) errorf(tag int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s.w.muxOut {
		s.w.message(tag, []byte(msg))
		return
	}
	io.WriteString(s.stderr, msg)
}

// syserr reports a failed system call as rsyserr does.
func (s *server) syserr(tag int, err error, format string, args ...any) {
	s.syserrAs(s.who, tag, err, format, args...)
}

// syserrAs is syserr for the generator or the receiver of a push.
func (s *server) syserrAs(who string, tag int, err error, format string, args ...any) {
	errno := errnoOf(err)
	s.errorf(tag, "rsync: [%s] %s: %s (%d)\n", who, fmt.Sprintf(format, args...), s.h.Strerror(err), int(errno))
}

func errnoOf(err error) syscall.Errno {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return syscall.EIO
}

// setup exchanges protocol versions, compat flags, checksum and compression
// choices and the checksum seed (setup_protocol in compat.c).
func (s *server) setup() error {
	w := s.w
	w.putInt32(int32(s.h.Protocol))
	if err := w.flush(); err != nil {
		return err
	}
	remote, err := w.int32()
	if err != nil {
		return err
	}
	s.protocol = min(s.h.Protocol, int(remote))
	if s.protocol < 30 {
		s.errorf(msgError, "rsync: protocol %d is older than this server speaks (30)\n", remote)
		return fatal{code: rerrProtocol}
	}
	info := s.opt.clientInfo
	flags := int32(1 << 1) // CF_SYMLINK_TIMES
	for bit, c := range map[int32]byte{1 << 3: 'f', 1 << 4: 'x', 1 << 5: 'C', 1 << 6: 'I', 1 << 7: 'v', 1 << 8: 'u'} {
		if strings.IndexByte(info, c) >= 0 {
			flags |= bit
		}
	}
	s.varintFlags = flags&(1<<7) != 0
	s.seedFix = flags&(1<<5) != 0
	s.id0Names = flags&(1<<8) != 0
	w.putVarint(flags)
	negotiate := s.varintFlags
	if negotiate {
		if s.opt.checksumChoice == "" {
			w.putVstring("md5")
		}
		if s.opt.compress && s.opt.compressChoice == "" {
			w.putVstring("zlibx")
		}
		if err := w.flush(); err != nil {
			return err
		}
		if s.opt.checksumChoice == "" {
			list, err := w.vstring()
			if err != nil {
				return err
			}
			if !hasWord(list, "md5") {
				return fatal{code: rerrUnsupported}
			}
		}
		if s.opt.compress && s.opt.compressChoice == "" {
			list, err := w.vstring()
			if err != nil {
				return err
			}
			if !hasWord(list, "zlibx") {
				return fatal{code: rerrUnsupported}
			}
		}
	}
	if c := s.opt.checksumChoice; c != "" && c != "md5" && c != "md5,md5" {
		s.errorf(msgError, "unknown checksum name: %s\n", c)
		return fatal{code: rerrUnsupported}
	}
	if s.opt.compress {
		switch c := s.opt.compressChoice; {
		case c == "zlibx", c == "" && negotiate:
			s.zlibx = true
		case c == "none":
			s.opt.compress = false
		default:
			if c == "" {
				c = "zlib"
			}
			s.errorf(msgError, "rsync: this server does not support the %s compression\n", c)
			return fatal{code: rerrUnsupported}
		}
	}
	var b [4]byte
	rand.Read(b[:])
	s.seed = int32(binary.LittleEndian.Uint32(b[:]) & 0x7fffffff)
	w.putInt32(s.seed)
	if err := w.flush(); err != nil {
		return err
	}
	w.muxOut = true
	return nil
}

func hasWord(list, word string) bool {
	for _, f := range strings.Fields(list) {
		if f == word {
			return true
		}
	}
	return false
}

// recvFilters reads the client's filter rules, keeping plain exclusions.
func (s *server) recvFilters() error {
	for {
		n, err := s.w.int32()
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if n < 0 || n > 4096 {
			return errProtocol
		}
		rule := make([]byte, n)
		if err := s.w.read(rule); err != nil {
			return err
		}
		if r, ok := strings.CutPrefix(string(rule), "- "); ok {
			s.excludes = append(s.excludes, r)
		}
	}
}
