package network

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// ssh-keygen is OpenSSH's (9.2 on Debian 12, 8.4 on Debian 11, which answer
// alike here) in the forms fact gatherers and inventory scripts read host
// keys with: -l (fingerprints, -E md5/sha1/sha256) and -r (SSHFP records) of
// a public key file, "-" being stdin. Its complaints end in "\r\n", as
// OpenSSH's log writes them. Making or changing keys is not emulated.
func init() {
	shell.Register(shell.Command{Name: "ssh-keygen", Run: sshKeygen})
}

var sshKeygenOpts = progkit.Getopt{Short: "lf:E:r:vq", NoTry: true}

func sshKeygen(p *shell.Proc) int {
	c, _, ok := sshKeygenOpts.Parse(p, p.Args())
	if !ok || !c.Has("l") && !c.Has("r") {
		p.NotEmulated("ssh-keygen " + strings.Join(p.Args(), " "))
		p.Errorf("this form is not emulated by the simulated host")
		return 255
	}
	hash := "sha256"
	if v, ok := c.Value("E"); ok {
		hash = v
	}
	if hash != "md5" && hash != "sha1" && hash != "sha256" {
		fmt.Fprintf(p.Stderr, "Invalid hash algorithm \"%s\"\r\n", hash)
		return 255
	}
	file, ok := c.Value("f")
	if !ok {
		def := p.Getenv("HOME") + "/.ssh/id_rsa"
		p.Printf("Enter file in which the key is (%s): ", def)
		line, err := p.ReadLine()
		if err != nil {
			return 1
		}
		if file = line; file == "" {
			file = def
		}
	}
	keys, comments, err := sshKeygenLoad(p, file)
	if err != nil {
		switch {
		case errors.Is(err, errNotPublicKey):
			fmt.Fprintf(p.Stderr, "%s is not a public key file.\r\n", sshKeygenName(file))
		case c.Has("r"):
			fmt.Fprintf(p.Stderr, "%s: %s\r\n", file, p.Strerror(err))
		default:
			fmt.Fprintf(p.Stderr, "ssh-keygen: %s: %s\r\n", file, p.Strerror(err))
		}
		return 255
	}
	for i, k := range keys {
		if host, ok := c.Value("r"); ok {
			num := sshfpAlgorithm(k.Type())
			if num == 0 {
				continue
			}
			s1, s256 := sha1.Sum(k.Marshal()), sha256.Sum256(k.Marshal())
			p.Printf("%s IN SSHFP %d 1 %s\n", host, num, hex.EncodeToString(s1[:]))
			p.Printf("%s IN SSHFP %d 2 %s\n", host, num, hex.EncodeToString(s256[:]))
			continue
		}
		bits, kind := publicKeyBits(k)
		comment := comments[i]
		if comment == "" && len(keys) == 1 {
			comment = "no comment" // a file of one key is read whole, and its empty comment named
		}
		p.Printf("%d %s %s (%s)\n", bits, sshFingerprint(k, hash), comment, kind)
	}
	return 0
}

var errNotPublicKey = errors.New("not a public key file")

// sshKeygenName is how ssh-keygen names the file it read: stdin is "(stdin)".
func sshKeygenName(file string) string {
	if file == "-" {
		return "(stdin)"
	}
	return file
}

// sshKeygenLoad reads the keys of an authorized_keys-style file.
func sshKeygenLoad(p *shell.Proc, file string) ([]gossh.PublicKey, []string, error) {
	var data []byte
	var err error
	if file == "-" {
		data, err = p.ReadAll(p.Stdin)
	} else {
		data, err = p.M.FS.ReadFile(p.Cred(), p.Abs(file))
	}
	if err != nil {
		return nil, nil, err
	}
	keys, comments := parseAuthorizedKeys(data)
	if len(keys) == 0 {
		return nil, nil, errNotPublicKey
	}
	return keys, comments, nil
}

// parseAuthorizedKeys reads every key line; one it cannot read makes the file
// not a public key file, as ssh-keygen -l finds it.
func parseAuthorizedKeys(data []byte) ([]gossh.PublicKey, []string) {
	var keys []gossh.PublicKey
	var comments []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, nil
		}
		keys = append(keys, k)
		comments = append(comments, comment)
	}
	return keys, comments
}

// sshFingerprint is the key's fingerprint in OpenSSH's form for the hash.
func sshFingerprint(k gossh.PublicKey, hash string) string {
	switch hash {
	case "md5":
		return "MD5:" + gossh.FingerprintLegacyMD5(k)
	case "sha1":
		sum := sha1.Sum(k.Marshal())
		return "SHA1:" + base64.RawStdEncoding.EncodeToString(sum[:])
	}
	return gossh.FingerprintSHA256(k)
}

// sshfpAlgorithm is RFC 4255/6594/7479's number for the key's algorithm.
func sshfpAlgorithm(t string) int {
	switch t {
	case gossh.KeyAlgoRSA:
		return 1
	case "ssh-dss":
		return 2
	case gossh.KeyAlgoECDSA256, gossh.KeyAlgoECDSA384, gossh.KeyAlgoECDSA521:
		return 3
	case gossh.KeyAlgoED25519:
		return 4
	}
	return 0
}
