package simhost

import (
	"slices"
	"testing"

	"github.com/hostile-lab/hostile/simhost/personality"
)

// TestWireLeavesOutWhatXCryptoCannotSpeak pins what README says cannot be
// matched: each list keeps sshd's order, less what x/crypto lacks.
func TestWireLeavesOutWhatXCryptoCannotSpeak(t *testing.T) {
	p, err := personality.Lookup("debian12")
	if err != nil {
		t.Fatal(err)
	}
	w := wireFor(p.SSH)
	wantKex := []string{"curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
		"ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group14-sha256"}
	if !slices.Equal(w.KeyExchanges, wantKex) {
		t.Errorf("debian12 key exchanges = %v, want %v", w.KeyExchanges, wantKex)
	}
	if !slices.Equal(w.RSAHostKeyAlgorithms, []string{"rsa-sha2-512", "rsa-sha2-256"}) {
		t.Errorf("debian12 RSA host key algorithms = %v: OpenSSH 9.2 signs no SHA-1", w.RSAHostKeyAlgorithms)
	}
	if slices.Contains(w.PublicKeyAuths, "ssh-rsa") {
		t.Errorf("debian12 accepts SHA-1 ssh-rsa signatures: %v", w.PublicKeyAuths)
	}
	for _, lost := range []string{"sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "diffie-hellman-group18-sha512",
		"umac-64-etm@openssh.com", "umac-128@openssh.com", "hmac-sha1-etm@openssh.com"} {
		if !slices.Contains(w.Unmatched, lost) {
			t.Errorf("debian12: %s should be listed as unmatched; unmatched = %v", lost, w.Unmatched)
		}
	}

	sun, err := personality.Lookup("solaris10-sparc")
	if err != nil {
		t.Fatal(err)
	}
	ws := wireFor(sun.SSH)
	for _, lost := range []string{"hmac-md5", "aes256-cbc", "blowfish-cbc", "ssh-dss", "dsa host key"} {
		if !slices.Contains(ws.Unmatched, lost) {
			t.Errorf("solaris10: %s should be listed as unmatched; unmatched = %v", lost, ws.Unmatched)
		}
	}
	if ws.KeyExchanges[0] != "diffie-hellman-group-exchange-sha1" || !slices.Contains(ws.Ciphers, "3des-cbc") || !slices.Contains(ws.Ciphers, "arcfour128") {
		t.Errorf("solaris10 should offer Sun_SSH's SHA-1 exchange first and its CBC ciphers: %v %v", ws.KeyExchanges, ws.Ciphers)
	}
}
