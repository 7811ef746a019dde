package docker

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"

	"github.com/hostile-lab/hostile/simhost/basesys"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// Capture reads the base system of suite's image, as the simulated host of
// its personality lays it out: the file tree of `docker export` of a container
// of the image (never started), the texts of the files products read, and the
// versions its programs print. The image is built first if the engine lacks it.
func Capture(ctx context.Context, suite string, log io.Writer) (*basesys.Base, error) {
	s, err := Lookup(suite)
	if err != nil {
		return nil, err
	}
	tag, err := Ensure(ctx, suite, log)
	if err != nil {
		return nil, err
	}
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return nil, fmt.Errorf("docker engine: %w", err)
	}
	defer cli.Close()
	b := &basesys.Base{Name: s.Personality, Versions: map[string]string{}, Texts: map[string]string{},
		Source: fmt.Sprintf("%s (debootstrap --variant=minbase %s, docker/packages.txt), by `make capture`", tag, suite)}
	err = withContainer(ctx, cli, tag, nil, func(id string) error {
		export, err := cli.ContainerExport(ctx, id, client.ContainerExportOptions{})
		if err != nil {
			return err
		}
		defer export.Close()
		return readTree(b, export)
	})
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", tag, err)
	}
	out, err := runIn(ctx, cli, tag, versionScript)
	if err != nil {
		return nil, fmt.Errorf("versions in %s: %w", tag, err)
	}
	if err := parseVersions(b, out); err != nil {
		return nil, fmt.Errorf("versions in %s: %w", tag, err)
	}
	b.Sort()
	return b, nil
}

// withContainer creates a container of image (with cmd, when given), runs
// fn with its id and removes it.
func withContainer(ctx context.Context, cli client.APIClient, image string, cmd []string, fn func(id string) error) error {
	created, err := cli.ContainerCreate(ctx, client.ContainerCreateOptions{
		Config: &container.Config{Image: image, Cmd: cmd, Labels: map[string]string{Label: "capture"}},
	})
	if err != nil {
		return err
	}
	defer cli.ContainerRemove(context.WithoutCancel(ctx), created.ID, client.ContainerRemoveOptions{Force: true})
	return fn(created.ID)
}

// runIn runs script with sh in a container of image and returns what it
// printed on stdout and stderr, merged.
func runIn(ctx context.Context, cli client.APIClient, image, script string) (string, error) {
	var out bytes.Buffer
	err := withContainer(ctx, cli, image, []string{"sh", "-c", script}, func(id string) error {
		wait := cli.ContainerWait(ctx, id, client.ContainerWaitOptions{Condition: container.WaitConditionNextExit})
		if _, err := cli.ContainerStart(ctx, id, client.ContainerStartOptions{}); err != nil {
			return err
		}
		select {
		case err := <-wait.Error:
			return err
		case <-wait.Result:
		}
		logs, err := cli.ContainerLogs(ctx, id, client.ContainerLogsOptions{ShowStdout: true, ShowStderr: true})
		if err != nil {
			return err
		}
		defer logs.Close()
		_, err = stdcopy.StdCopy(&out, &out, logs)
		return err
	})
	return out.String(), err
}

// left out of the tree: the engine's own files and the lab's start command,
// which no real server has.
var notOfTheSystem = map[string]bool{
	"/.dockerenv": true, "/usr/local/sbin/hostile-start": true,
	// Placeholders the engine mounts its own files over at start; the
	// simulated host writes its own hostname and hosts.
	"/etc/hostname": true, "/etc/hosts": true, "/etc/resolv.conf": true,
}

// keptOutside are the files outside /etc whose text is kept; under /etc every
// text file of up to keptMax bytes is, and so is every package's file list in
// /var/lib/dpkg/info (dpkg -L reads it, and the shell finds there the package
// of a program it does not emulate).
var keptOutside = map[string]bool{
	"/usr/lib/os-release": true, "/var/lib/dpkg/status": true,
	"/root/.bashrc": true, "/root/.profile": true,
}

const keptMax = 64 << 10

// elfHeaderSize is how much of an ELF file (a program or library, whose
// content is left out) is kept: its header, which installers read to tell
// the architecture (rustup-init.sh's head -c 19 /proc/self/exe, file, od).
const elfHeaderSize = 64

// readTree adds every entry of an exported root filesystem to b. /proc, /sys
// and /dev keep only their directories: the host makes their contents.
func readTree(b *basesys.Base, export io.Reader) error {
	// The export names no "/": it is a directory as old as its newest entry.
	root := basesys.Entry{Type: basesys.Dir, Path: "/", Mode: 0o755}
	tr := tar.NewReader(export)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			b.Entries = append(b.Entries, root)
			return nil
		}
		if err != nil {
			return err
		}
		p := path.Clean("/" + h.Name)
		if notOfTheSystem[p] {
			continue
		}
		if dir := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 2)[0]; (dir == "proc" || dir == "sys" || dir == "dev") && p != "/"+dir {
			continue
		}
		if path.Dir(p) == "/" {
			root.MTime = max(root.MTime, h.ModTime.Unix())
		}
		e := basesys.Entry{Path: p, Mode: vfs.FromUnixMode(uint32(h.Mode) & 0o7777), UID: h.Uid, GID: h.Gid, MTime: h.ModTime.Unix()}
		switch h.Typeflag {
		case tar.TypeDir:
			e.Type = basesys.Dir
		case tar.TypeSymlink:
			e.Type, e.Target, e.Size = basesys.Symlink, h.Linkname, int64(len(h.Linkname))
			e.Mode = fs.ModePerm
		case tar.TypeReg:
			e.Type, e.Size = basesys.Sized, h.Size
			var data []byte
			if keep(p, h.Size) || mayBeShellScript(p, h.Size) {
				if data, err = io.ReadAll(tr); err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
				if (keep(p, h.Size) || isShellScript(data)) && utf8.Valid(data) && !bytes.ContainsRune(data, 0) {
					e.Type, e.Content = basesys.File, data
				}
			} else {
				data = make([]byte, min(h.Size, elfHeaderSize))
				if _, err := io.ReadFull(tr, data); err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
			}
			if e.Type == basesys.Sized && bytes.HasPrefix(data, []byte("\x7fELF")) {
				e.Head = slices.Clip(data[:min(len(data), elfHeaderSize)])
			}
		case tar.TypeLink:
			e.Type, e.Target, e.Size = basesys.Hardlink, path.Clean("/"+h.Linkname), h.Size
		default:
			continue // device nodes and fifos: the host makes its own /dev
		}
		b.Entries = append(b.Entries, e)
	}
}

func keep(p string, size int64) bool {
	return keptOutside[p] || strings.HasPrefix(p, "/etc/") && size <= keptMax ||
		strings.HasPrefix(p, "/usr/lib/sysctl.d/") && size <= keptMax || // what sysctl --system applies
		strings.HasPrefix(p, "/usr/lib/lsb/") && size <= keptMax || // what init scripts source
		strings.HasPrefix(p, "/var/lib/dpkg/info/") && strings.HasSuffix(p, ".list")
}

// mayBeShellScript says which files are read to see whether they are shell
// scripts, whose text is kept: the system's own programs and libraries
// written in sh (service, invoke-rc.d, which, ssh-copy-id, debconf's
// confmodule...), which the simulated host runs as a real host does where it
// does not emulate them. Packages' maintainer scripts and documentation are
// not what products run.
func mayBeShellScript(p string, size int64) bool {
	return size <= keptMax && strings.HasPrefix(p, "/usr/") &&
		!strings.HasPrefix(p, "/usr/share/doc/") && !strings.HasPrefix(p, "/usr/share/man/")
}

// isShellScript reports whether data starts with a #! line naming sh, dash or
// bash (directly or through env).
func isShellScript(data []byte) bool {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	if !bytes.HasPrefix(line, []byte("#!")) {
		return false
	}
	fields := strings.Fields(string(line[2:]))
	if len(fields) > 1 && path.Base(fields[0]) == "env" {
		fields = fields[1:]
	}
	if len(fields) == 0 {
		return false
	}
	switch path.Base(fields[0]) {
	case "sh", "dash", "bash":
		return true
	}
	return false
}

// versionScript prints what each program says of its version, under a
// heading naming the command, sshd's effective configuration (which needs
// host keys, made as the target's start makes them) and the terminfo
// entries of ncurses-base, as infocmp writes them.
const versionScript = `ssh-keygen -A >/dev/null 2>&1; mkdir -p /run/sshd
for c in "sudo -V" "lvm version" "rsync --version" "bash --version" "ls --version" "file --version" "su --version" "grep --version" "ldd --version" "ssh -V" "gzip -V" "run-parts --version" "lastlog -u root" "/usr/sbin/sshd -T"; do
  echo "=== $c"; $c 2>&1; echo
done
echo "=== terminfo"
for f in /lib/terminfo/*/* /usr/share/terminfo/*/*; do
  [ -f "$f" ] && [ ! -L "$f" ] && infocmp -1 -x -A "${f%/*/*}" "${f##*/}"
done; echo`

// versionPatterns pick one version from a command's answer.
var versionPatterns = []struct {
	command, key string
	re           *regexp.Regexp
}{
	{"sudo -V", "sudo", regexp.MustCompile(`(?m)^Sudo version (\S+)$`)},
	{"sudo -V", "sudoers-grammar", regexp.MustCompile(`(?m)^Sudoers file grammar version (\d+)$`)},
	{"sudo -V", "sudo-timestamp-timeout", regexp.MustCompile(`(?m)^Authentication timestamp timeout: (\S+) minutes$`)},
	{"sudo -V", "sudo-timestamp-dir", regexp.MustCompile(`(?m)^Path to authentication timestamp dir: (\S+)$`)},
	{"sudo -V", "sudo-lecture-dir", regexp.MustCompile(`(?m)^Path to lecture status dir: (\S+)$`)},
	{"lvm version", "lvm2", regexp.MustCompile(`(?m)^\s*LVM version:\s+(\S+)`)},
	{"rsync --version", "rsync", regexp.MustCompile(`(?m)^rsync\s+version (\S+)`)},
	{"bash --version", "bash", regexp.MustCompile(`(?m)^GNU bash, version (\S+)`)},
	{"bash --version", "bash-host", regexp.MustCompile(`(?m)^GNU bash, version \S+ \((\S+)\)$`)},
	{"ls --version", "coreutils", regexp.MustCompile(`(?m)^ls \(GNU coreutils\) (\S+)$`)},
	{"file --version", "file", regexp.MustCompile(`(?m)^file-(\S+)$`)},
	{"su --version", "util-linux", regexp.MustCompile(`(?m)^su from util-linux (\S+)$`)},
	{"grep --version", "grep", regexp.MustCompile(`(?m)^grep \(GNU grep\) (\S+)$`)},
	{"ldd --version", "glibc", regexp.MustCompile(`(?m)^ldd \(.*\) (\S+)$`)},
	{"ssh -V", "openssh", regexp.MustCompile(`(?m)^(OpenSSH_\S+(?: Debian-\S+)?),`)},
	{"run-parts --version", "debianutils", regexp.MustCompile(`(?m)^Debian run-parts program, version (\S+)$`)},
}

// versionTexts are answers kept whole, printed verbatim by the emulations.
var versionTexts = map[string]string{"rsync --version": "rsync-version", "lvm version": "lvm-version", "gzip -V": "gzip-version", "ssh -V": "ssh-version",
	"/usr/sbin/sshd -T": "sshd-config", "lastlog -u root": "lastlog",
	"terminfo": "terminfo"} // infocmp -1 -x of every terminal the image describes (tput)

func parseVersions(b *basesys.Base, out string) error {
	answers := map[string]string{}
	for _, part := range strings.Split(out, "=== ")[1:] {
		cmd, answer, _ := strings.Cut(part, "\n")
		answers[cmd] = strings.TrimSuffix(answer, "\n")
	}
	for _, v := range versionPatterns {
		m := v.re.FindStringSubmatch(answers[v.command])
		if m == nil {
			return fmt.Errorf("%s: no %s version in %q", v.command, v.key, answers[v.command])
		}
		b.Versions[v.key] = m[1]
	}
	for cmd, key := range versionTexts {
		b.Texts[key] = answers[cmd]
	}
	// lvm in a container complains first that it has no device-mapper; a
	// host's answer starts at the versions (the driver's is the kernel's, so
	// the personality gives it).
	if _, versions, ok := strings.Cut(b.Texts["lvm-version"], "  LVM version:"); ok {
		b.Texts["lvm-version"] = "  LVM version:" + versions
	}
	return nil
}
