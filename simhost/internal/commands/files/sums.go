package files

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"strconv"
	"strings"
	"syscall"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	// Solaris 10 has digest(1) instead of these, and no base64.
	shell.Register(shell.Command{Name: "md5sum", Only: "gnu", Run: md5sum})
	shell.Register(shell.Command{Name: "sha256sum", Only: "gnu", Run: sha256sum})
	shell.Register(shell.Command{Name: "sha1sum", Only: "gnu", Run: sha1sum})
	shell.Register(shell.Command{Name: "sha224sum", Only: "gnu", Run: sha224sum})
	shell.Register(shell.Command{Name: "sha384sum", Only: "gnu", Run: sha384sum})
	shell.Register(shell.Command{Name: "sha512sum", Only: "gnu", Run: sha512sum})
	shell.Register(shell.Command{Name: "base64", Only: "gnu", Run: base64Cmd})
}

var sumSyntax = fsSyntax{
	opts: []fsOpt{{'b', "binary", fsNoArg}, {'t', "text", fsNoArg}, {'c', "check", fsNoArg}, {0, "tag", fsNoArg},
		{0, "quiet", fsNoArg}, {0, "status", fsNoArg}, {'w', "warn", fsNoArg}, {0, "strict", fsNoArg},
		{0, "ignore-missing", fsNoArg}},
}

func md5sum(p *shell.Proc) int    { return sum(p, "MD5", md5.New) }
func sha256sum(p *shell.Proc) int { return sum(p, "SHA256", sha256.New) }
func sha1sum(p *shell.Proc) int   { return sum(p, "SHA1", sha1.New) }

// The rest of coreutils' SHA-2 family, which backup tools verify archives with.
func sha224sum(p *shell.Proc) int { return sum(p, "SHA224", sha256.New224) }
func sha384sum(p *shell.Proc) int { return sum(p, "SHA384", sha512.New384) }
func sha512sum(p *shell.Proc) int { return sum(p, "SHA512", sha512.New) }

// sum prints or checks message digests, as md5sum and sha256sum.
func sum(p *shell.Proc, algo string, newHash func() hash.Hash) int {
	parsed, code, ok := fsParse(p, p.Args(), sumSyntax)
	if !ok {
		return code
	}
	files := parsed.operands
	if len(files) == 0 {
		files = []string{"-"}
	}
	s := sumRun{p: p, algo: algo, newHash: newHash, reversed: -1, quiet: parsed.has("quiet"), status: parsed.has("status"),
		warn: parsed.has("w"), strict: parsed.has("strict"), ignoreMissing: parsed.has("ignore-missing")}
	if parsed.has("c") {
		failed := false
		for _, f := range files {
			if !s.check(f) {
				failed = true
			}
		}
		if failed {
			return 1
		}
		return 0
	}
	status := 0
	for _, f := range files {
		digest, err := s.digest(f)
		if err != nil {
			p.Errorf("%s: %s", progkit.QuoteNameColon(p, f), p.Strerror(err))
			status = 1
			continue
		}
		switch {
		case parsed.has("tag"):
			p.Printf("%s (%s) = %s\n", algo, f, digest)
		case parsed.has("b"):
			p.Printf("%s *%s\n", digest, f)
		default:
			p.Printf("%s  %s\n", digest, f)
		}
	}
	return status
}

type sumRun struct {
	p                                          *shell.Proc
	algo                                       string
	newHash                                    func() hash.Hash
	quiet, status, warn, strict, ignoreMissing bool
	// reversed is coreutils' bsd_reversed, fixed by the first line of the
	// run that tells: -1 unknown, 0 "DIGEST  NAME" lines, 1 "DIGEST NAME".
	reversed int
}

// digest hashes a file, "-" being stdin.
func (s *sumRun) digest(name string) (string, error) {
	r, closeFn, err := progkit.OpenInput(s.p, name)
	if err != nil {
		return "", err
	}
	defer closeFn()
	h := s.newHash()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sumPlural words GNU's WARNING counts.
func sumPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// check verifies the "DIGEST  NAME" lines of a checklist.
func (s *sumRun) check(list string) bool {
	p := s.p
	r, closeFn, err := progkit.OpenInput(p, list)
	if err != nil {
		p.Errorf("%s: %s", progkit.QuoteNameColon(p, list), p.Strerror(err))
		return false
	}
	defer closeFn()
	digestLen := s.newHash().Size() * 2
	var bad, unreadable, mismatched, good, verified int
	lineNo := 0
	p.Lines(r, func(line string) bool {
		lineNo++
		want, name, ok := sumParseLine(line, s.algo, digestLen, &s.reversed)
		if !ok {
			bad++
			if s.warn {
				p.Errorf("%s: %d: improperly formatted %s checksum line", progkit.QuoteNameColon(p, htDisplayName(list)), lineNo, s.algo)
			}
			return true
		}
		good++
		got, err := s.digest(name)
		switch {
		case err != nil && s.ignoreMissing && errors.Is(err, syscall.ENOENT):
		case err != nil:
			unreadable++
			if !s.status {
				p.Errorf("%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
				p.Printf("%s: FAILED open or read\n", name)
			}
		case !strings.EqualFold(got, want):
			verified++
			mismatched++
			if !s.status {
				p.Printf("%s: FAILED\n", name)
			}
		default:
			verified++
			if !s.quiet && !s.status {
				p.Printf("%s: OK\n", name)
			}
		}
		return true
	})
	if good == 0 {
		// coreutils 9 (one digest.c for every sum) names no algorithm here;
		// the line's complaint still does
		what := "checksum"
		if !p.M.P.VersionAtLeast("coreutils", "9.0") {
			what = s.algo + " checksum"
		}
		p.Errorf("%s: no properly formatted %s lines found", progkit.QuoteNameColon(p, htDisplayName(list)), what)
		return false
	}
	if !s.status {
		if bad > 0 {
			p.Errorf("WARNING: %s", sumPlural(bad, "line is improperly formatted", "lines are improperly formatted"))
		}
		if unreadable > 0 {
			p.Errorf("WARNING: %s", sumPlural(unreadable, "listed file could not be read", "listed files could not be read"))
		}
		if mismatched > 0 {
			p.Errorf("WARNING: %s", sumPlural(mismatched, "computed checksum did NOT match", "computed checksums did NOT match"))
		}
	}
	if s.ignoreMissing && verified == 0 {
		p.Errorf("%s: no file was verified", progkit.QuoteNameColon(p, htDisplayName(list)))
	}
	return verified > 0 && unreadable == 0 && mismatched == 0 && !(s.strict && bad > 0)
}

// sumParseLine reads "DIGEST  NAME", "DIGEST *NAME", the BSD "ALGO (NAME) =
// DIGEST", or, as coreutils' split_3 allows, "DIGEST NAME" with one space or
// tab (what `echo "HASH file" | sha256sum -c` in install guides sends) - but
// the run sticks to the form of the first such line, so that a name with a
// leading space cannot pass for the other form (bsd_reversed).
func sumParseLine(line, algo string, digestLen int, reversed *int) (digest, name string, ok bool) {
	line = strings.TrimLeft(line, " \t")
	if rest, found := strings.CutPrefix(line, algo+" ("); found {
		if i := strings.LastIndex(rest, ") = "); i >= 0 {
			digest, name = rest[i+4:], rest[:i]
		}
	} else if len(line) > digestLen && (line[digestLen] == ' ' || line[digestLen] == '\t') {
		digest, rest := line[:digestLen], line[digestLen+1:]
		if _, err := hex.DecodeString(digest); err != nil {
			return "", "", false
		}
		if len(rest) == 1 || rest[0] != ' ' && rest[0] != '*' {
			if *reversed == 0 {
				return "", "", false
			}
			*reversed, name = 1, rest
		} else if *reversed != 1 {
			*reversed, name = 0, rest[1:]
		} else {
			name = rest
		}
		return digest, name, name != ""
	}
	if _, err := hex.DecodeString(digest); err != nil || len(digest) != digestLen || name == "" {
		return "", "", false
	}
	return digest, name, true
}

var base64Syntax = fsSyntax{
	opts: []fsOpt{{'d', "decode", fsNoArg}, {'i', "ignore-garbage", fsNoArg}, {'w', "wrap", fsArg}},
}

// base64Cmd encodes or decodes base64, wrapping encoded lines at 76 columns.
func base64Cmd(p *shell.Proc) int {
	parsed, code, ok := fsParse(p, p.Args(), base64Syntax)
	if !ok {
		return code
	}
	wrap := 76
	if w, ok := parsed.value("w"); ok {
		n, err := strconv.Atoi(w)
		if err != nil || n < 0 {
			return p.Fail(1, "invalid wrap size: %s", progkit.QuoteName(p, w))
		}
		wrap = n
	}
	files := parsed.operands
	if len(files) > 1 {
		p.Errorf("extra operand %s", progkit.QuoteName(p, files[1]))
		return fsTryHelp(p, 1)
	}
	name := "-"
	if len(files) == 1 {
		name = files[0]
	}
	r, closeFn, err := progkit.OpenInput(p, name)
	if err != nil {
		return p.Fail(1, "%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
	}
	data, err := p.ReadAll(r)
	closeFn()
	if err != nil {
		return p.Fail(1, "%s: %s", progkit.QuoteNameColon(p, name), p.Strerror(err))
	}
	if !parsed.has("d") {
		enc := base64.StdEncoding.EncodeToString(data)
		if wrap == 0 {
			p.Printf("%s", enc)
			return 0
		}
		for len(enc) > 0 {
			n := min(wrap, len(enc))
			p.Printf("%s\n", enc[:n])
			enc = enc[n:]
		}
		return 0
	}
	if parsed.has("i") {
		// -i drops what is not of the alphabet (nor "=") as it reads
		kept := data[:0:0]
		for _, c := range data {
			if b64Value[c] >= 0 || c == '=' {
				kept = append(kept, c)
			}
		}
		data = kept
	}
	out, ok := gnuBase64Decode(data)
	p.Stdout.Write(out)
	if !ok {
		return p.Fail(1, "invalid input")
	}
	return 0
}

// b64Value is each byte's value in the base64 alphabet, -1 for the others.
var b64Value = func() (v [256]int8) {
	for i := range v {
		v[i] = -1
	}
	for i, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		v[c] = int8(i)
	}
	return v
}()

// gnuBase64Decode is coreutils' base64 -d over the whole input (gnulib's
// base64_decode_ctx, newlines ignored, then flushed at the end): groups of
// four decoded one after another ("YQ==YQ==" is "aa"), and at the group that
// does not decode, the bytes its first characters make are written before
// the input is refused ("bad" gives "m\xa7" and invalid input).
func gnuBase64Decode(in []byte) (out []byte, ok bool) {
	var group []byte
	for len(in) > 0 || len(group) > 0 {
		for len(in) > 0 && len(group) < 4 {
			if c := in[0]; c != '\n' {
				group = append(group, c)
			}
			in = in[1:]
		}
		if len(group) == 0 {
			break
		}
		var good bool
		out, good = b64Decode4(group, out)
		if !good {
			return out, false
		}
		group = group[:0]
	}
	return out, true
}

// b64Decode4 is gnulib's decode_4: the bytes of one group (fewer than four
// characters only at the end), appended to out as far as they decode.
func b64Decode4(in, out []byte) ([]byte, bool) {
	if len(in) < 2 || b64Value[in[0]] < 0 || b64Value[in[1]] < 0 {
		return out, false
	}
	v := func(i int) byte { return byte(b64Value[in[i]]) }
	out = append(out, v(0)<<2|v(1)>>4)
	if len(in) == 2 {
		return out, false
	}
	if in[2] == '=' {
		return out, len(in) == 4 && in[3] == '='
	}
	if b64Value[in[2]] < 0 {
		return out, false
	}
	out = append(out, v(1)<<4|v(2)>>2)
	if len(in) == 3 {
		return out, false
	}
	if in[3] == '=' {
		return out, true
	}
	if b64Value[in[3]] < 0 {
		return out, false
	}
	return append(out, v(2)<<6|v(3)), true
}
