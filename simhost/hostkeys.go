package simhost

import (
	"crypto"
	"crypto/dsa" //lint:ignore SA1019 Debian 11's ssh-keygen -A still makes a DSA host key, and the host shows the file
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/vfs"
)

// hostKeys are the host's key pairs by ssh-keygen's name for their type
// ("rsa", "ecdsa", "ed25519", "dsa"): those its sshd offers and those whose
// files the install left in /etc/ssh.
type hostKeys map[string]crypto.Signer

// keyGenerators make a key of each type as `ssh-keygen -A` does: RSA 3072
// bits, ECDSA on P-256. RSA and DSA take a quarter of a second and more to
// make, a hundred times the rest of Start, so a process makes one of each and
// every host without a key directory shares it, as hosts cloned from one
// image do; ed25519 and ECDSA are each host's own.
var keyGenerators = map[string]func() (crypto.Signer, error){
	"ed25519": func() (crypto.Signer, error) {
		_, k, err := ed25519.GenerateKey(rand.Reader)
		return k, err
	},
	"ecdsa": func() (crypto.Signer, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) },
	"rsa":   sync.OnceValues(func() (crypto.Signer, error) { return rsa.GenerateKey(rand.Reader, 3072) }),
	"dsa":   sync.OnceValues(generateDSA),
}

func generateDSA() (crypto.Signer, error) {
	k := new(dsa.PrivateKey)
	if err := dsa.GenerateParameters(&k.Parameters, rand.Reader, dsa.L1024N160); err != nil {
		return nil, err
	}
	if err := dsa.GenerateKey(k, rand.Reader); err != nil {
		return nil, err
	}
	return dsaSigner{k}, nil
}

// dsaSigner carries a DSA key through crypto.Signer; it only ever lies in a
// file (no sshd since OpenSSH 7.0 offers it by default), so it never signs.
type dsaSigner struct{ *dsa.PrivateKey }

func (d dsaSigner) Public() crypto.PublicKey { return &d.PublicKey }

func (d dsaSigner) Sign(_ io.Reader, _ []byte, _ crypto.SignerOpts) ([]byte, error) {
	return nil, errors.New("DSA host key: not offered, never signs")
}

// loadHostKeys makes the keys of the types named. With a directory, the
// types sshd offers are read from ssh_host_TYPE_key there (OpenSSH format),
// or made and written on first use, so a host keeps its identity across
// restarts.
func loadHostKeys(dir string, offered, files []string) (hostKeys, error) {
	keys := hostKeys{}
	for _, t := range append(append([]string(nil), offered...), files...) {
		if keys[t] != nil {
			continue
		}
		gen := keyGenerators[t]
		if gen == nil {
			return nil, fmt.Errorf("host key: no generator for type %q", t)
		}
		var k crypto.Signer
		var err error
		if dir != "" && t != "dsa" {
			k, err = loadOrCreate(filepath.Join(dir, "ssh_host_"+t+"_key"), gen)
		} else {
			k, err = gen()
		}
		if err != nil {
			return nil, fmt.Errorf("%s host key: %w", t, err)
		}
		keys[t] = k
	}
	return keys, nil
}

// offeredKeyTypes are the key types sshd offers, ed25519 and rsa when the
// personality names none.
func offeredKeyTypes(w wireAlgorithms) []string {
	if len(w.HostKeys) == 0 {
		return []string{"ed25519", "rsa"}
	}
	return w.HostKeys
}

// signers are the keys sshd offers (Debian's rsa, ecdsa and ed25519), the RSA one signing only with
// the algorithms that sshd uses (OpenSSH 9.2 no longer signs with SHA-1
// "ssh-rsa").
func (keys hostKeys) signers(w wireAlgorithms) ([]ssh.Signer, error) {
	var signers []ssh.Signer
	for _, t := range offeredKeyTypes(w) {
		s, err := gossh.NewSignerFromSigner(keys[t])
		if err != nil {
			return nil, fmt.Errorf("%s host key: %w", t, err)
		}
		if t == "rsa" && len(w.RSAHostKeyAlgorithms) > 0 {
			if s, err = gossh.NewSignerWithAlgorithms(s.(gossh.AlgorithmSigner), w.RSAHostKeyAlgorithms); err != nil {
				return nil, fmt.Errorf("host key: %w", err)
			}
		}
		signers = append(signers, s)
	}
	return signers, nil
}

// writeFiles lays the keys of the types named into the host's /etc/ssh as
// `ssh-keygen -A` leaves them: ssh_host_TYPE_key, root's and 0600, in
// OpenSSH's format, and ssh_host_TYPE_key.pub, 0644, each commented
// root@HOSTNAME. A product reads them for the fingerprints it pins (Ansible's
// ssh_host_key_*_public facts, `ssh-keygen -lf`), which must be the keys the
// host's sshd shows.
func (keys hostKeys) writeFiles(m *machine.Machine, types []string) error {
	comment := "root@" + m.Hostname
	sorted := append([]string(nil), types...)
	sort.Strings(sorted)
	for _, t := range sorted {
		pub, err := gossh.NewPublicKey(keys[t].Public())
		if err != nil {
			return fmt.Errorf("%s host key: %w", t, err)
		}
		private, err := marshalPrivate(keys[t], comment)
		if err != nil {
			return fmt.Errorf("%s host key: %w", t, err)
		}
		line := gossh.MarshalAuthorizedKey(pub)
		line = append(line[:len(line)-1], " "+comment+"\n"...)
		name := "/etc/ssh/ssh_host_" + t + "_key"
		if err := m.FS.WriteFile(vfs.Root, name, opensshPEM(private), 0o600); err != nil {
			return err
		}
		if err := m.FS.WriteFile(vfs.Root, name+".pub", line, 0o644); err != nil {
			return err
		}
	}
	m.SettleDisk() // the keys are the installed system's, not the free space's
	return nil
}

// opensshPEM is the block as ssh-keygen writes it: base64 lines of 70
// characters (PEM's own are 64).
func opensshPEM(b *pem.Block) []byte {
	text := base64.StdEncoding.EncodeToString(b.Bytes)
	out := []byte("-----BEGIN " + b.Type + "-----\n")
	for len(text) > 70 {
		out = append(append(out, text[:70]...), '\n')
		text = text[70:]
	}
	return append(append(out, text...), "\n-----END "+b.Type+"-----\n"...)
}

// marshalPrivate is the key in OpenSSH's own format (PROTOCOL.key), as
// ssh-keygen writes it. x/crypto writes every type but DSA.
func marshalPrivate(k crypto.Signer, comment string) (*pem.Block, error) {
	d, ok := k.(dsaSigner)
	if !ok {
		return gossh.MarshalPrivateKey(k, comment)
	}
	str := func(b []byte) []byte { return binary.BigEndian.AppendUint32(nil, uint32(len(b))) }
	mpint := func(dst []byte, n *big.Int) []byte {
		b := n.Bytes()
		if len(b) > 0 && b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return append(append(dst, str(b)...), b...)
	}
	text := func(dst []byte, s string) []byte { return append(append(dst, str([]byte(s))...), s...) }
	pubBlob := text(nil, "ssh-dss") // x/crypto's KeyAlgoDSA is deprecated
	for _, n := range []*big.Int{d.P, d.Q, d.G, d.Y} {
		pubBlob = mpint(pubBlob, n)
	}
	var check [4]byte
	if _, err := rand.Read(check[:]); err != nil {
		return nil, err
	}
	priv := append(check[:], check[:]...)
	priv = append(priv, pubBlob...)
	priv = mpint(priv, d.X)
	priv = text(priv, comment)
	for i := byte(1); len(priv)%8 != 0; i++ {
		priv = append(priv, i)
	}
	out := []byte("openssh-key-v1\x00")
	out = text(out, "none")
	out = text(out, "none")
	out = text(out, "")
	out = binary.BigEndian.AppendUint32(out, 1)
	out = append(append(out, str(pubBlob)...), pubBlob...)
	out = append(append(out, str(priv)...), priv...)
	return &pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: out}, nil
}

func loadOrCreate(path string, gen func() (crypto.Signer, error)) (crypto.Signer, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		k, err := gossh.ParseRawPrivateKey(data)
		if err != nil {
			return nil, fmt.Errorf("host key %s: %w", path, err)
		}
		s, ok := k.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("host key %s: %T is not a signing key", path, k)
		}
		if e, ok := s.(*ed25519.PrivateKey); ok {
			s = *e
		}
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("host key: %w", err)
	}
	key, err := gen()
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(key, "hostile simulated host")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key directory: %w", err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	return key, nil
}
