package transfer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hostile-lab/hostile/simhost/events"
	"github.com/hostile-lab/hostile/simhost/shell"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

func init() {
	shell.Register(shell.Command{Name: "scp", Run: scp})
}

// scp is the remote end of OpenSSH's legacy scp protocol, which `scp -O` (and
// every scp before 9.0) uses: the client runs `scp -t DIR` to upload and
// `scp -f FILE...` to download, and the two exchange C/D/E/T records and \0
// acknowledgements over stdin and stdout, errors going back as "\1scp: ...\n".
// A user running scp to copy to another host only gets the usage: nothing
// here reaches the network.
func scp(p *shell.Proc) int {
	flags, args, code := scpOptions(p)
	if code >= 0 {
		return code
	}
	x := &scpRun{p: p, in: bufio.NewReader(p.Stdin),
		recursive: flags['r'], preserve: flags['p'], verbose: flags['v'], dirTarget: flags['d']}
	var err error
	switch {
	case flags['f']:
		if _, err = x.response(); err == nil {
			err = x.source(args)
		}
	case flags['t']:
		if len(args) != 1 {
			x.runErr("ambiguous target")
			return 1
		}
		err = x.sink(args[0])
	default:
		return scpUsage(p)
	}
	if err != nil || x.errs > 0 {
		return 1
	}
	return 0
}

// scpOptions parses the options as OpenSSH's BSD getopt does, stopping at the
// first operand. code is the exit status when they are wrong, else -1.
func scpOptions(p *shell.Proc) (flags map[byte]bool, operands []string, code int) {
	const plain, withArg = "12346ABCOTdfpqRrstv", "DFJMPSXcilo"
	flags = map[byte]bool{}
	args := p.Args()
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
	letters:
		for i := 1; i < len(a); i++ {
			switch c := a[i]; {
			case strings.IndexByte(plain, c) >= 0:
				flags[c] = true
			case strings.IndexByte(withArg, c) >= 0:
				if i == len(a)-1 {
					if len(args) == 0 {
						fmt.Fprintf(p.Stderr, "%s: option requires an argument -- %c\n", p.Prog(), c)
						return nil, nil, scpUsage(p)
					}
					args = args[1:]
				}
				break letters // the rest of a is the option's argument
			default:
				word := "unknown"
				if p.Solaris() {
					word = "illegal"
				}
				fmt.Fprintf(p.Stderr, "%s: %s option -- %c\n", p.Prog(), word, c)
				return nil, nil, scpUsage(p)
			}
		}
	}
	return flags, args, -1
}

// scpUsage prints the usage of the host's scp and returns its exit status.
func scpUsage(p *shell.Proc) int {
	v := p.M.P.SSHVersion
	usage := `usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]
           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]
           [-P port] [-S program] [-X sftp_option] source ... target
`
	switch {
	case strings.Contains(v, "OpenSSH_8"):
		usage = `usage: scp [-346BCpqrTv] [-c cipher] [-F ssh_config] [-i identity_file]
            [-J destination] [-l limit] [-o ssh_option] [-P port]
            [-S program] source ... target
`
	case strings.Contains(v, "OpenSSH_7"):
		usage = `usage: scp [-12346BCpqrv] [-c cipher] [-F ssh_config] [-i identity_file]
           [-l limit] [-o ssh_option] [-P port] [-S program]
           [[user@]host1:]file1 ... [[user@]host2:]file2
`
	case strings.Contains(v, "Sun_SSH"):
		usage = `usage: scp [-pqrvBC46] [-F config] [-S program] [-P port]
           [-c cipher] [-i identity] [-o option]
           [[user@]host1:]file1 [...] [[user@]host2:]file2
`
	}
	io.WriteString(p.Stderr, usage)
	return 1
}

// scpRun is one scp -t or scp -f.
type scpRun struct {
	p                                       *shell.Proc
	in                                      *bufio.Reader
	recursive, preserve, verbose, dirTarget bool
	errs                                    int
	noted                                   string // see note
}

// errScpExit ends scp with status 1: the protocol cannot go on.
var errScpExit = errors.New("scp: cannot go on")

// scpChunk is scp's copy buffer: st_blksize rounded up to COPY_BUFLEN.
const scpChunk = 16384

func (x *scpRun) ack() { x.p.Stdout.Write([]byte{0}) }

// runErr reports an error to the other end (run_err): it prints it there.
func (x *scpRun) runErr(format string, args ...any) {
	x.errs++
	fmt.Fprintf(x.p.Stdout, "\x01scp: "+format+"\n", args...)
}

// screwup reports a protocol error; scp then exits.
func (x *scpRun) screwup(why string) error {
	x.runErr("protocol error: %s", why)
	return errScpExit
}

// note keeps the first error met while receiving a file, to be sent once its
// data has been read so the stream stays in step (note_err).
func (x *scpRun) note(format string, args ...any) {
	x.errs++
	if x.noted == "" {
		x.noted = fmt.Sprintf(format, args...)
	}
}

// sendNoted sends the noted error, if any, and reports whether there was one.
func (x *scpRun) sendNoted() bool {
	if x.noted == "" {
		return false
	}
	x.runErr("%s", x.noted)
	x.noted = ""
	return true
}

// response reads the other end's answer: true for \0. An error message (\1)
// counts as an error; anything else, or a lost connection, ends scp, silently
// since the message would go to a terminal the remote end does not have.
func (x *scpRun) response() (bool, error) {
	b, err := x.in.ReadByte()
	if err != nil {
		return false, errScpExit
	}
	if b == 0 {
		return true, nil
	}
	if _, err := x.in.ReadString('\n'); err != nil {
		return false, errScpExit
	}
	x.errs++
	if b != 1 {
		return false, errScpExit
	}
	return false, nil
}

// log records a file that went through scp.
func (x *scpRun) log(kind events.Kind, abs string, n int64) {
	e := events.Event{Kind: kind, User: x.p.User.Name, Detail: abs}
	if kind == events.FileWrite {
		e.BytesIn = n
	} else {
		e.BytesOut = n
	}
	x.p.M.Log.Add(e)
}

// source sends files and, with -r, directories (scp -f).
func (x *scpRun) source(names []string) error {
	for _, name := range names {
		for len(name) > 1 && strings.HasSuffix(name, "/") {
			name = name[:len(name)-1]
		}
		if err := x.sendFile(name); err != nil {
			return err
		}
	}
	return nil
}

func (x *scpRun) sendFile(name string) error {
	abs := x.p.Abs(name)
	f, err := x.p.M.FS.OpenFile(x.p.Cred(), abs, os.O_RDONLY, 0)
	if err != nil {
		x.runErr("%s: %s", name, x.p.Strerror(err))
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	switch {
	case err != nil:
		x.runErr("%s: %s", name, x.p.Strerror(err))
		return nil
	case st.IsDir() && x.recursive:
		return x.sendDir(name, st)
	case !st.Mode.IsRegular():
		x.runErr("%s: not a regular file", name)
		return nil
	}
	if ok, err := x.sendRecord(st, "C%04o %d %s\n", "Sending file modes: %s", st.Size, name); !ok {
		return err
	}
	buf := make([]byte, scpChunk)
	var readErr error
	for off := int64(0); off < st.Size; {
		chunk := buf[:min(int64(len(buf)), st.Size-off)]
		if readErr == nil {
			n, err := f.ReadAt(chunk, off)
			if err != nil && err != io.EOF {
				readErr = err
			}
			clear(chunk[n:]) // keep the promised size, and the stream in step
		} else {
			clear(chunk)
		}
		x.p.Stdout.Write(chunk)
		off += int64(len(chunk))
	}
	if readErr != nil {
		x.runErr("%s: %s", name, x.p.Strerror(readErr))
	} else {
		x.ack()
		x.log(events.FileRead, abs, st.Size)
	}
	_, err = x.response()
	return err
}

// sendDir sends a directory, its entries and E (rsource).
func (x *scpRun) sendDir(name string, st *vfs.Info) error {
	entries, err := x.p.M.FS.ReadDir(x.p.Cred(), x.p.Abs(name))
	if err != nil {
		x.runErr("%s: %s", name, x.p.Strerror(err))
		return nil
	}
	if ok, err := x.sendRecord(st, "D%04o %d %.1024s\n", "Entering directory: %s", 0, name); !ok {
		return err
	}
	for _, e := range entries {
		if err := x.sendFile(name + "/" + e.Name); err != nil {
			return err
		}
	}
	io.WriteString(x.p.Stdout, "E\n")
	_, err = x.response()
	return err
}

// sendRecord sends, after a T record with -p, the C or D record for a file
// (format takes the mode, the size and the base name), and reads the answer.
func (x *scpRun) sendRecord(st *vfs.Info, format, verbose string, size int64, name string) (bool, error) {
	if x.preserve {
		t := fmt.Sprintf("T%d 0 %d 0\n", max(st.ModTime.Unix(), 0), max(st.AccessTime.Unix(), 0))
		if x.verbose {
			fmt.Fprintf(x.p.Stderr, "File mtime %d atime %d\nSending file timestamps: %s", st.ModTime.Unix(), st.AccessTime.Unix(), t)
		}
		io.WriteString(x.p.Stdout, t)
		if ok, err := x.response(); !ok {
			return false, err
		}
	}
	rec := fmt.Sprintf(format, vfs.UnixMode(st.Mode)&0o6777, size, name[strings.LastIndex(name, "/")+1:])
	if x.verbose {
		fmt.Fprintf(x.p.Stderr, verbose, rec)
	}
	io.WriteString(x.p.Stdout, rec)
	return x.response()
}
